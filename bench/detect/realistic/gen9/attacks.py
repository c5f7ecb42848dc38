"""fresh-s16 attacks9: sixteen attack kinds as they are run today, not
covered by the earlier realistic sets (see the file names in
bench/detect/realistic/*/), each inside ordinary traffic of a different kind
of site (and log source: Apache vhost_combined, HTTP/2 and HTTP/3 request
lines, an origin behind a load balancer, IPv6-only), with the benign
look-alikes around it listed as never-banned (and every unlisted client
never-banned too). Several blend in on purpose (low and slow, residential
proxies, valid sessions): the brief asks for them; the REPORT says which.

Written before looking at detector/, patterns/, rules/default.toml, the other
realistic sets' logs or reports, or the Detection section of the README
(session 16, role "fresh"): nothing here is tuned to guardctl.
Run: python3 attacks.py [scenario-name ...]   (fixed seeds, byte-identical output)
"""
import datetime, os
from base import *

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.environ.get("OUT", os.path.join(HERE, "..", "attacks9"))
T0 = datetime.datetime(2026, 12, 3, 9, 0, 0)
SC = []

FIREFOX115 = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0"


def scen(f):
    SC.append(f)
    return f


def resi_ip(L):
    """A residential-proxy exit: a home broadband or mobile address anywhere."""
    r = L.rnd
    while True:
        a = "%d.%d.%d.%d" % (r.choice([14, 24, 27, 36, 39, 42, 49, 58, 59, 61, 68, 71, 73, 75, 76, 79, 80, 82, 83, 87, 90, 93, 95, 101, 109, 112, 115, 122, 124, 177, 179, 181, 186, 187, 189, 190, 191, 200, 201]),
                                 r.randint(0, 255), r.randint(0, 255), r.randint(2, 254))
        if a not in L.used:
            L.used.add(a)
            return a


# 1. Acunetix and Invicti (Netsparker) DAST scans of a state portal.
# Models: commercial scanners pointed at a site by someone who does not own
# it: Acunetix's well-known markers (acunetix-wvs-test-for-some-inexistent-file,
# bxss.me and some-inexistent-website.acu callbacks, sleep()/sysdate() SQLi,
# ${@print(md5(31337))}, traversal to win.ini/etc/passwd) injected into every
# parameter at ~12 req/s for ~5 minutes, with a Chrome UA; an Invicti scan
# (netsparker(0x..) XSS probes, r87.com callbacks) at ~6 req/s. Around it:
# citizens whose searches contain quotes and ampersands, an office NAT.
@scen
def acunetix_invicti_scans_state_portal():
    L = Log(T0, 2001, "service.example-land.gov")
    r = L.rnd
    s = portal_site()
    good = background(L, s, 3600)
    params = ["/suche/?q=", "/leistungen/?id=", "/termin/?standort=", "/hilfe/?thema=", "/konto/?redirect=", "/"]
    acu = ["acunetix-wvs-test-for-some-inexistent-file", "'\"()&%<acx><ScRiPt >alert(9515)</ScRiPt>", "-1 OR 2+311-311-1=0+0+0+1", "if(now()=sysdate(),sleep(15),0)", "0'XOR(if(now()=sysdate(),sleep(15),0))XOR'Z",
           "${@print(md5(31337))}", "../../../../../../../../../../windows/win.ini", "../../../../../../../../../../etc/passwd%00.jpg", "http://some-inexistent-website.acu/some_inexistent_file_with_long_name?.jpg",
           "http://bxss.me/t/fit.txt", "echo ijkvgr$()\\ jkyqpp\\nz^xyu||a #' &echo ijkvgr$()\\ jkyqpp\\nz^xyu||a #|\" &echo ijkvgr$()\\ jkyqpp\\nz^xyu||a #", "1'\"", "@@GCF6l", "WEB-INF/web.xml", "/.git/config", "Array"]
    bad = []
    ip = dc_ip(L)
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36"
    t = 1200.0
    for i in range(3600):
        p = r.choice(params)
        pay = r.choice(acu)
        if p == "/":
            path = "/" + pct(pay).replace("%2F", "/") if r.random() < 0.5 else r.choice(["/acunetix-wvs-test-for-some-inexistent-file", "/.git/config", "/WEB-INF/web.xml", "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "/elmah.axd", "/trace.axd", "/server-status", "/.svn/entries", "/phpinfo.php"])
        else:
            path = p + pct(pay)
        st = 404 if p == "/" else r.choice([200, 200, 200, 400, 404])
        L.add(t, ip, r.choice(["GET"] * 5 + ["POST"]), path, st, r.randint(300, 30000), s.url(r.choice(s.pages)), ua)
        t += r.expovariate(12)
    bad.append((ip, "Acunetix scan, ~3,600 requests at ~12/s"))
    ip2 = dc_ip(L)
    inv = ["'\"--></style></scRipt><scRipt>netsparker(0x00%04X)</scRipt>", "http://r87.com/?%s" % hexid(r, 16), "'+(select convert(int,cast(0x5f21403264696c656d6d61 as varchar(8000))) from syscolumns)+'", "{{%d*%d}}" % (r.randint(100, 999), r.randint(100, 999)), "../../../../../../../../../../../../boot.ini", "NSFTW"]
    t = 2000.0
    for i in range(1500):
        pay = r.choice(inv)
        if "%04X" in pay:
            pay = pay % r.randint(0, 0xffff)
        path = r.choice(params[:-1]) + pct(pay)
        L.add(t, ip2, "GET", path, r.choice([200, 200, 400, 404]), r.randint(300, 30000), s.url("/"), "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36")
        t += r.expovariate(6)
    bad.append((ip2, "Invicti scan, ~1,500 requests at ~6/s"))
    for k in range(15):
        c = L.ip()
        t = r.uniform(0, 3400)
        for q in ["Müller & Söhne Bauantrag", "O'Connor Aufenthaltstitel", "\"Wohnsitz anmelden\" Frist", "KFZ-Zulassung <Kennzeichen>", "Formular 1/2025"]:
            if r.random() < 0.4:
                L.add(t, c, "GET", "/suche/?q=" + pct(q), 200, 20000, s.url("/"), UAS[k % len(UAS)])
                t += r.uniform(10, 60)
        page_view(L, s, t, c, UAS[k % len(UAS)], "/leistungen/", s.url("/suche/"), set())
        if k < 4:
            good.append((c, "citizen searching with quotes, ampersands, angle brackets"))
    return L, "State portal: an Acunetix scan (~3,600 requests at ~12/s with its markers and sleep()/traversal payloads, Chrome UA) and an Invicti scan (~1,500 at ~6/s) from hosting addresses; citizens searching with quotes and ampersands, office NAT, crawlers", bad, good


# 2. TYPO3 backend login guessing on a school hosting server (Apache vhosts).
# Models: a regional school-hosting Apache serving 6 schools' TYPO3 sites; a
# bot fetches /typo3/ (the login form, for its request token) and POSTs
# /typo3/login?loginProvider=... - a failed TYPO3 login answers 200 with the
# form again, a success 303: one fast source at 1 attempt per 1.5-3 s for 12
# minutes, and a slow botnet of 30 home addresses rotating over all vhosts,
# 4-10 attempts each 5-15 minutes apart. Around it: teachers logging in from
# the school NAT (some typos), parents reading news, crawlers. Local time +0100.
@scen
def typo3_backend_login_guessing_school_vhosts():
    L = Log(T0, 2002, "www.gymnasium-nord.example-schule.de")
    L.fmt = dict(vhost=True, offset_h=1)
    r = L.rnd
    sites = [blog_site("www.%s.example-schule.de" % n) for n in ["gymnasium-nord", "realschule-am-park", "grundschule-linden", "gesamtschule-ost", "berufskolleg-mitte", "musikschule"]]
    good = []
    for st in sites:
        browsers(L, st, 8, 5400)
    crawlers(L, sites[0], 5400)
    monitor(L, 5400)
    prov = "1433416747"

    def attempt(ip, site, t, ua, ok=False):
        L.add(t, ip, "GET", "/typo3/", 200, 5200, "-", ua, vhost=site.host)
        L.add(t + r.uniform(0.3, 1.5), ip, "POST", "/typo3/login?loginProvider=%s" % prov, 303 if ok else 200, 0 if ok else 5400, site.url("/typo3/"), ua, vhost=site.host)

    bad = []
    fast = dc_ip(L)
    t = 900.0
    while t < 1620:
        attempt(fast, sites[1], t, FIREFOX115)
        t += r.uniform(1.5, 3)
    bad.append((fast, "TYPO3 backend login guessing every 1.5-3 s for 12 min"))
    for k in range(30):
        ip = resi_ip(L)
        t = r.uniform(0, 1200)
        for a in range(r.randint(4, 10)):
            attempt(ip, r.choice(sites), t, r.choice(UAS[:4]))
            t += r.uniform(300, 900)
        bad.append((ip, "slow botnet TYPO3 login guessing, 4-10 attempts over 30-150 min"))
    school = L.ip("85.22.%d" % r.randint(0, 255))
    for k in range(20):
        st = r.choice(sites)
        t = r.uniform(0, 5000)
        ua = r.choice(UAS[:4])
        for typo in range(r.choice([0, 0, 0, 1, 3])):
            attempt(school, st, t, ua)
            t += r.uniform(8, 30)
        attempt(school, st, t, ua, ok=True)
        for a in range(r.randint(5, 30)):
            t += r.uniform(5, 60)
            L.add(t, school, r.choice(["GET", "POST"]), "/typo3/%s?token=%s" % (r.choice(["module/web/layout", "record/edit", "ajax/record/process", "module/file/list"]), hexid(r, 40)), 200, 9000, st.url("/typo3/main"), ua, vhost=st.host)
    good.append((school, "school NAT: 20 teachers editing in TYPO3 (typos answered 200)"))
    return L, "Apache vhost_combined (+0100) of a school-hosting server with 6 TYPO3 sites: backend login guessing (GET /typo3/ + POST login, failures answered 200) from one fast source for 12 min and 30 home addresses 4-10 times each 5-15 min apart across the vhosts; teachers behind the school NAT with typos, parents, crawlers", bad, good


# 3. Virtual-host enumeration with ffuf and gobuster (Apache vhosts).
# Models: `ffuf -w subdomains-top1million-5000.txt -H "Host: FUZZ.example-
# hosting.de" -u https://IP/ -fs 4242` and `gobuster vhost`: every request is
# GET / with a guessed Host header; Apache answers unknown names from its
# default vhost (logged under the default's name, 200, always the same size)
# and real names from their own vhost (a 401 staging, a 302 webmail, a 200
# site); ffuf at ~80 req/s for a minute, gobuster at ~40 req/s. Around it: the
# customers' sites' visitors, crawlers.
@scen
def vhost_enumeration_ffuf_gobuster():
    L = Log(T0, 2003, "www.example-hosting.de")
    L.fmt = dict(vhost=True, offset_h=1)
    r = L.rnd
    cust = [blog_site("www.example-hosting.de"), shop_site("shop.example-hosting.de"), blog_site("blog.example-hosting.de")]
    for st in cust:
        browsers(L, st, 15, 3600)
        crawlers(L, st, 3600)
    monitor(L, 3600)
    good = []
    real = {"webmail": (302, 0), "staging": (401, 381), "shop": (200, 52000), "blog": (200, 38000), "dev": (401, 381), "intranet": (403, 199), "git": (302, 0)}
    words = list(real) + ["w%d" % i for i in range(5000)]
    bad = []
    for ip, ua, n, rate, t in [(dc_ip(L), "Fuzz Faster U Fool v2.1.0-dev", 5000, 80, 900.0), (dc_ip(L), "gobuster/3.6", 3000, 40, 2400.0)]:
        for i in range(n):
            w = words[i % len(words)] if i < len(real) * 3 else "sub%d" % r.randint(0, 99999)
            if w in real:
                st, sz = real[w]
                vh = "%s.example-hosting.de" % w
            else:
                st, sz, vh = 200, 4242, "default.example-hosting.de"
            L.add(t, ip, "GET", "/", st, sz, "-", ua, vhost=vh)
            t += r.expovariate(rate)
        bad.append((ip, "vhost enumeration (%s), %d requests at ~%d/s" % (ua.split("/")[0].split(" v")[0], n, rate)))
    return L, "Apache vhost_combined of a hosting server: vhost enumeration with ffuf (5,000 GET / with guessed Host headers at ~80/s, answered by the default vhost 200 size 4242 or by real vhosts 302/401/403/200) and gobuster vhost (3,000 at ~40/s); three customer sites' visitors, crawlers", bad, good


# 4. Login guessing on a Korean forum whose users are on HTTP/3 (gnuboard).
# Models: gnuboard answers a failed login with a 200 alert page and a
# success with 302; one source (a Korean VPS, HTTP/1.1, python-requests)
# guesses one account every 3-6 s for 40 min; 40 Korean home/mobile addresses
# replay a leaked ID/password list, 5-12 tries each 20-60 s apart. The real
# users reach the site over HTTP/3 through carrier CGNATs and mistype too.
@scen
def gnuboard_login_guessing_kr_forum_http3_users():
    L = Log(datetime.datetime(2026, 12, 3, 13, 0, 0), 2004, "www.example-community.kr", proto="HTTP/2.0")
    r = L.rnd
    s = kr_forum_site()
    crawlers(L, s, 3600)
    monitor(L, 3600)
    browsers(L, s, 20, 3600)
    good = []
    for c in [L.ip("223.38.%d" % r.randint(0, 255)), L.ip("39.7.%d" % r.randint(0, 255))]:
        L.proto_of[c] = "HTTP/3.0"
        browsers(L, s, 50, 3600, ips=[c], ua_pool=UAS[4:6] + [UAS[9]], pages_per=(2, 8))
        for u in range(25):
            t = r.uniform(0, 3400)
            ua = r.choice(UAS[4:6] + [UAS[9]])
            for typo in range(r.choice([0, 0, 0, 1, 2])):
                L.add(t, c, "POST", "/bbs/login_check.php", 200, 400, s.url("/bbs/login.php"), ua)
                t += r.uniform(6, 20)
            L.add(t, c, "POST", "/bbs/login_check.php", 302, 0, s.url("/bbs/login.php"), ua)
        good.append((c, "carrier CGNAT on HTTP/3, 75 users, login typos"))
    bad = []
    vps = L.ip("175.45.%d" % r.randint(0, 255))
    t = 400.0
    while t < 2800:
        L.add(t, vps, "POST", "/bbs/login_check.php", 200, 400, "-", "python-requests/2.31.0", proto="HTTP/1.1")
        t += r.uniform(3, 6)
    bad.append((vps, "gnuboard login guessing every 3-6 s for 40 min"))
    for k in range(40):
        ip = L.ip("%d.%d.%d" % (r.choice([1, 27, 58, 112, 121, 175, 211, 218, 220, 222]), r.randint(0, 255), r.randint(0, 255)))
        t = r.uniform(0, 3000)
        ua = r.choice(UAS)
        for a in range(r.randint(5, 12)):
            L.add(t, ip, "POST", "/bbs/login_check.php", 302 if r.random() < 0.02 else 200, 400, s.url("/bbs/login.php"), ua, proto="HTTP/1.1")
            t += r.uniform(20, 60)
        bad.append((ip, "credential stuffing from a Korean home address, 5-12 tries"))
    return L, "Korean forum: gnuboard login guessing (failures answered 200) from a VPS every 3-6 s for 40 min and credential stuffing from 40 Korean home addresses (5-12 tries each); users on HTTP/3 behind carrier CGNATs mistype too; crawlers", bad, good


# 5. Token-endpoint brute force over IPv6 behind an AWS ALB.
# Models: a SaaS API behind a dual-stack ALB (trusted_proxies 10.0.0.0/16):
# the password grant on POST /oauth/token answers 400 invalid_grant; the
# attacker's VPS has a /64 and takes a new address in it for every 5
# attempts, ~4 attempts/s for 15 min, and a second one from an IPv4 VPS at 1/s.
# Around it: the mobile app's refresh-token grants (400 invalid_grant for
# revoked refresh tokens, then the app's user logs in again) from phones on
# IPv6 (each phone its own /64), the web app, a partner's client_credentials.
@scen
def token_endpoint_brute_ipv6_64_behind_alb():
    L = Log(T0, 2005, "api.example-ledger.io")
    r = L.rnd
    s = saas_site()
    browsers(L, s, 30, 3600)
    good = []
    bad = []
    pref = "2a01:4f8:c013:%x" % r.randint(0x1000, 0xffff)
    t = 700.0
    ip = L.ip6(pref)
    n = 0
    while t < 1600:
        if n % 5 == 0:
            ip = L.ip6(pref)
        L.add(t, ip, "POST", "/oauth/token", 400, 90, "-", "Go-http-client/2.0")
        n += 1
        t += r.expovariate(4)
    bad.append((pref + "::/64", "password-grant guessing, a new address in the /64 every 5 tries, ~4/s for 15 min"))
    v4 = dc_ip(L)
    t = 1000.0
    while t < 2800:
        L.add(t, v4, "POST", "/oauth/token", 400, 90, "-", "python-requests/2.32.3")
        t += r.uniform(0.8, 1.2)
    bad.append((v4, "password-grant guessing at ~1/s for 30 min"))
    for k in range(120):
        ph = L.ip6("2a02:3030:%x:%x" % (r.randint(0, 0xffff), r.randint(0, 0xffff)))
        ua = "Ledger/7.2.0 (iPhone; iOS 18.1.1; Scale/3.00)" if k % 2 else "Ledger/7.2.0 (Android 14; Pixel 8) okhttp/4.12.0"
        t = r.uniform(0, 3500)
        for i in range(r.randint(1, 4)):
            if r.random() < 0.15:
                L.add(t, ph, "POST", "/oauth/token", 400, 90, "-", ua)
                L.add(t + r.uniform(10, 40), ph, "POST", "/oauth/token", 200, 900, "-", ua)
            else:
                L.add(t, ph, "POST", "/oauth/token", 200, 900, "-", ua)
            for j in range(r.randint(2, 10)):
                L.add(t + 1 + j * r.uniform(0.2, 3), ph, "GET", "/api/v1/%s" % r.choice(["invoices?page=1", "customers", "dashboard/summary"]), 200, 8000, "-", ua)
            t += r.uniform(300, 900)
        if k < 5:
            good.append((ph, "phone on IPv6: refresh grants, some 400 invalid_grant then re-login"))
    part = dc_ip(L)
    for t in range(0, 3600, 600):
        L.add(t, part, "POST", "/oauth/token", 200, 900, "-", "partner-sync/1.8")
    good.append((part, "partner client_credentials every 10 min"))
    alb = ["10.0.%d.%d" % (r.randint(0, 3), r.randint(10, 250)) for _ in range(3)]
    behind_proxy(L, alb)
    good += [(a, "ALB node (trusted proxy)") for a in alb]
    return L, "SaaS API behind a dual-stack ALB (trusted_proxies 10.0.0.0/16): password-grant guessing on POST /oauth/token (400 invalid_grant) from a /64 taking a new address every 5 tries at ~4/s for 15 min, and from an IPv4 VPS at 1/s for 30 min; 120 phones on IPv6 with refresh grants (some 400), web users, a partner", bad, good, 'trusted_proxies = ["10.0.0.0/16"]\n'


# 6. A flood from one /64, a new source address per request, on an IPv6-only
# game API.
# Models: a VPS with a routed /64 and a flood tool binding a random source
# address for every request: 250 req/s for 45 s of POST /v2/auth/session
# (401), then after a minute 400 req/s for 20 s of GET /v2/leaderboard with a
# random page. Around it: the game's players (one /64 per home, 1-3 players,
# privacy addresses).
@scen
def ipv6_64_per_request_rotation_flood_game():
    L = Log(datetime.datetime(2026, 12, 3, 19, 0, 0), 2006, "api.example-arena.gg")
    r = L.rnd
    good = []
    ua = "ArenaClient/9.2.1 (Windows 10.0.22631; x64) UnityPlayer/2022.3.42f1"
    for h in range(60):
        home = "2003:e4:%x:%x" % (r.randint(0x1000, 0xefff), r.randint(0, 0xffff))
        for p in range(r.choice([1, 1, 2, 3])):
            ip = L.ip6(home)
            t = r.uniform(0, 3000)
            L.add(t, ip, "POST", "/v2/auth/session", 200 if r.random() < 0.95 else 401, 820, "-", ua)
            tid = hexid(r, 12)
            L.add(t + 5, ip, "POST", "/v2/match/ticket", 201, 200, "-", ua)
            for w in range(r.randint(3, 30)):
                L.add(t + 7 + w * 2, ip, "GET", "/v2/match/ticket/%s" % tid, 200, 120, "-", ua)
            for q in range(r.randint(20, 40)):
                L.add(t + 70 + q * 30, ip, "POST", "/v2/telemetry/%s" % tid, 204, 0, "-", ua)
            L.add(t + 80, ip, "GET", "/v2/leaderboard?season=9&page=1", 200, 9000, "-", ua)
        if h < 5:
            good.append((home + "::/64", "household /64 with 1-3 players"))
    pref = "2a01:4f8:c17:%x" % r.randint(0x1000, 0xffff)
    t = 1500.0
    while t < 1545:
        L.add(t, L.ip6(pref), "POST", "/v2/auth/session", 401, 60, "-", ua)
        t += r.expovariate(250)
    t = 1605.0
    while t < 1625:
        L.add(t, L.ip6(pref), "GET", "/v2/leaderboard?season=9&page=%d" % r.randint(1, 5000), 200, 9000, "-", "Go-http-client/1.1")
        t += r.expovariate(400)
    return L, "IPv6-only game API: a flood from one /64 with a new source address per request (250 req/s for 45 s of POST /v2/auth/session 401, then 400 req/s for 20 s of leaderboard pages); 60 homes of players", [(pref + "::/64", "per-request address rotation flood from one /64")], good


# 7. A carpet flood from 250 residential proxies on a shop.
# Models: a DDoS-for-hire L7 mode through a residential proxy network: each
# exit sends 1-2 GET/s of product pages and searches with random terms,
# browser UAs, no assets, for 60 s: ~300 req/s in total at the shop, well
# above its normal rate. Around it: shoppers, an office NAT, crawlers.
@scen
def carpet_flood_250_residential_proxies_shop():
    L = Log(T0, 2007, "www.example-moda.es")
    r = L.rnd
    s = es_shop_site()
    good = background(L, s, 3600, n=40)
    bad = []
    for k in range(250):
        ip = resi_ip(L)
        ua = r.choice(UAS)
        rate = r.uniform(1, 2)
        t = 1800 + r.uniform(0, 5)
        end = 1860 + r.uniform(-5, 5)
        while t < end:
            p = r.choice(s.pages[1:]) if r.random() < 0.6 else "/buscar/?q=%s" % rand_token(r, r.randint(4, 9), "abcdefghijklmnopqrstuvwxyz")
            L.add(t, ip, "GET", p, 200, r.randint(30000, 90000), "-", ua)
            t += r.expovariate(rate)
        bad.append((ip, "carpet flood exit, 1-2 req/s for 60 s, pages only"))
    return L, "Spanish shop: an L7 carpet flood through 250 residential proxy exits, each 1-2 page/search GET per second for 60 s without assets (~300 req/s in total); shoppers, office NAT, crawlers", bad, good


# 8. Expensive GraphQL queries flooding a CRM API, three shapes.
# Models: an attacker who found the CRM's deep nested query sends it as POST
# /graphql from three VPS: steady 10 req/s for 75 s, a 40 req/s burst of 15 s,
# and pulses of 25 req/s (20 s on, 20 s off, three times); responses turn
# into 504 as the database saturates. Around it: the sales office NAT (40
# people, every action a POST /graphql), the mobile CGNAT, a bulk importer.
@scen
def graphql_heavy_query_flood_three_shapes():
    L = Log(T0, 2008, "app.example-crm.io")
    r = L.rnd
    s = app_site("app.example-crm.io", ["/", "/pipeline", "/contacts", "/contacts/8812", "/deals/4410", "/reports", "/settings"])
    browsers(L, s, 15, 3600)
    monitor(L, 3600)
    office = L.ip("80.156.42")
    for k in range(40):
        ua = r.choice(UAS[:4])
        t = r.uniform(0, 1500)
        while t < 3600:
            for i in range(r.randint(1, 6)):
                L.add(t, office, "POST", "/graphql", 200 if not (2000 <= t < 2100) else r.choice([200, 504]), r.randint(400, 40000), s.url(r.choice(s.pages)), ua)
                t += r.uniform(0.05, 0.6)
            t += r.uniform(3, 90)
    cg = L.ip("37.80.%d" % r.randint(0, 255))
    for k in range(25):
        t = r.uniform(0, 3000)
        for i in range(r.randint(10, 60)):
            L.add(t, cg, "POST", "/graphql", 200, 3000, "-", "ExampleCRM/5.4.1 (com.examplecrm.app; build:5410; Android 14) okhttp/4.12.0")
            t += r.uniform(2, 40)
    imp = L.ip()
    t = 600.0
    for b in range(400):
        L.add(t, imp, "POST", "/api/v1/contacts/batch", 200, 2000, "-", "hubspot-sync/2.3 (+https://example-sync.io)")
        t += r.uniform(0.5, 1.5)
    good = [(office, "sales office NAT, 40 people on POST /graphql"), (cg, "mobile CGNAT"), (imp, "bulk importer ~1/s")]
    bad = []
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

    def shoot(ip, t0, t1, rate):
        t = t0
        while t < t1:
            L.add(t, ip, "POST", "/graphql", 504 if r.random() < 0.3 else 200, 40000, s.url("/reports"), ua)
            t += r.expovariate(rate)

    a, b, c = dc_ip(L), dc_ip(L), dc_ip(L)
    shoot(a, 2000, 2075, 10)
    shoot(b, 2030, 2045, 40)
    for p in range(3):
        shoot(c, 2100 + p * 40, 2120 + p * 40, 25)
    bad += [(a, "GraphQL heavy query, 10 req/s for 75 s"), (b, "GraphQL heavy query, 40 req/s for 15 s"), (c, "GraphQL heavy query, pulses of 25 req/s")]
    return L, "CRM API: a nested GraphQL query flooded as POST /graphql from three VPS (10 req/s for 75 s; 40 req/s for 15 s; 3 pulses of 25 req/s for 20 s), 30% 504; the sales office NAT (40 people, all POST /graphql), mobile CGNAT, a bulk importer", bad, good


# 9. SMS pumping (toll fraud) on a delivery app's OTP endpoint.
# Models: fraudsters earning from premium-rate numbers trigger OTP SMS they
# never verify: POST /api/v1/auth/otp/send (200) from 50 residential/mobile
# addresses, 3-8 sends each spread over 40 minutes (to stay under per-IP
# limits), plus a VPS sending one every 2 s for 10 minutes until the app's
# limit answers 429 and it continues anyway. Around it: real sign-ups (send,
# then verify 30-90 s later; some resend once), behind a Brazilian CGNAT.
@scen
def sms_pumping_otp_send_toll_fraud():
    L = Log(datetime.datetime(2026, 12, 3, 20, 0, 0), 2009, "api.example-entregas.com.br", proto="HTTP/2.0")
    r = L.rnd
    s = app_site("www.example-entregas.com.br", ["/", "/restaurantes", "/mercado", "/farmacia", "/ajuda", "/entrar"])
    good = background(L, s, 3600, n=30, office=False)
    app = "Entregas/12.4.0 (br.com.example.entregas; build 1240; Android 14) okhttp/4.12.0"
    cgn = [L.ip("177.%d.%d" % (r.randint(0, 255), r.randint(0, 255))) for _ in range(3)]
    for k in range(90):
        ip = cgn[k % 3]
        t = r.uniform(0, 3400)
        L.add(t, ip, "POST", "/api/v1/auth/otp/send", 200, 60, "-", app)
        if r.random() < 0.2:
            t += r.uniform(30, 60)
            L.add(t, ip, "POST", "/api/v1/auth/otp/send", 200, 60, "-", app)
        L.add(t + r.uniform(20, 90), ip, "POST", "/api/v1/auth/otp/verify", 200 if r.random() < 0.9 else 401, 400, "-", app)
        L.add(t + 95, ip, "GET", "/api/v1/feed?lat=-23.55&lng=-46.63", 200, 30000, "-", app)
    good += [(c, "mobile CGNAT, 30 real sign-ups (send, verify)") for c in cgn]
    bad = []
    for k in range(50):
        ip = resi_ip(L)
        t = r.uniform(0, 1200)
        for a in range(r.randint(3, 8)):
            L.add(t, ip, "POST", "/api/v1/auth/otp/send", 200, 60, "-", app)
            t += r.uniform(180, 500)
        bad.append((ip, "SMS pumping: 3-8 OTP sends, never verified"))
    vps = dc_ip(L)
    t = 2000.0
    while t < 2600:
        L.add(t, vps, "POST", "/api/v1/auth/otp/send", 200 if t < 2100 else 429, 60, "-", "okhttp/4.9.3")
        t += r.uniform(1.8, 2.2)
    bad.append((vps, "SMS pumping from a VPS every 2 s, 429 ignored"))
    return L, "Brazilian delivery app API (HTTP/2.0): SMS pumping on POST /api/v1/auth/otp/send from 50 home/mobile addresses (3-8 unverified sends each over ~40 min) and a VPS every 2 s ignoring 429; real sign-ups behind 3 CGNATs, web visitors", bad, good


# 10. Forged payment webhooks.
# Models: an attacker who knows the shop uses Stripe POSTs forged events to
# /webhooks/stripe hoping the signature is not checked: 400 (signature
# verification failed) from three VPS at 2-5/s for 10 minutes, the real
# Stripe UA copied. Around it: Stripe's real deliveries (a burst of 300
# after a batch of invoices finalises), and a developer's stripe-cli forwarder
# with the wrong signing secret whose every event gets 400 (30 in an hour).
@scen
def forged_stripe_webhooks():
    L = Log(T0, 2010, "shop.example-store.de")
    r = L.rnd
    s = shop_site()
    good = background(L, s, 3600)
    sua = "Stripe/1.0 (+https://stripe.com/docs/webhooks)"
    stripe = ["54.187.%d.%d" % (r.randint(174, 255), r.randint(2, 254)) for _ in range(3)] + ["3.18.12.63", "13.235.14.237", "54.241.31.99"]
    for t in poisson(r, 0, 3600, 0.02):
        L.add(t, r.choice(stripe), "POST", "/webhooks/stripe", 200, 2, "-", sua)
    t = 1500.0
    for i in range(300):
        L.add(t, r.choice(stripe), "POST", "/webhooks/stripe", 200, 2, "-", sua)
        t += r.uniform(0.05, 0.2)
    good += [(a, "Stripe webhook sender") for a in stripe[:3]]
    dev = L.ip()
    for t in poisson(r, 0, 3600, 30 / 3600.0):
        L.add(t, dev, "POST", "/webhooks/stripe", 400, 40, "-", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
    good.append((dev, "developer's stripe-cli forwarder with the wrong signing secret: every event 400"))
    bad = []
    for k in range(3):
        ip = dc_ip(L)
        t = 2000.0 + k * 200
        end = t + 600
        rate = r.uniform(2, 5)
        while t < end:
            L.add(t, ip, "POST", "/webhooks/stripe", 400, 40, "-", sua)
            t += r.expovariate(rate)
        bad.append((ip, "forged Stripe webhooks, 400, %.1f/s for 10 min" % rate))
    return L, "Shop: forged Stripe webhooks (400 signature verification failed) from three VPS at 2-5/s for 10 minutes with Stripe's UA; real Stripe deliveries incl. a burst of 300, a developer's forwarder with the wrong secret (30 x 400), shoppers, office NAT", bad, good


# 11. Ripping a paid VOD catalogue with yt-dlp and ffmpeg.
# Models: a pirate with one valid subscription rips shows for re-upload:
# yt-dlp (its default browser UA) fetches each title's master playlist and
# then every 6 s HLS segment (video + audio) with 8 concurrent fragments
# (~15 req/s) for ~12 titles; a second copy runs ffmpeg (UA Lavf) one title
# at a time at ~10 req/s. Around it: subscribers' TVs playing HLS in real
# time, a household that binge-watches with the next episode prefetched,
# viewers seeking.
@scen
def vod_catalogue_ripping_ytdlp_ffmpeg():
    L = Log(datetime.datetime(2026, 12, 3, 20, 0, 0), 2011, "www.example-kino-plus.de")
    r = L.rnd
    s = vod_site("www.example-kino-plus.de")
    good = background(L, s, 3600, n=20)
    tvs = ["Mozilla/5.0 (SMART-TV; LINUX; Tizen 7.0) AppleWebKit/537.36 (KHTML, like Gecko) 7.0 TV Safari/537.36", "AppleCoreMedia/1.0.0.22A3354 (Apple TV; U; CPU OS 18_0 like Mac OS X; de_de)"]

    def play(ip, ua, t, n, gap):
        vid = hexid(r, 20)
        L.add(t, ip, "GET", "/hls/%s/master.m3u8?token=%s" % (vid, hexid(r, 32)), 200, 900, "-", ua)
        L.add(t + 0.2, ip, "GET", "/hls/%s/1080p/index.m3u8" % vid, 200, 9000, "-", ua)
        L.add(t + 0.3, ip, "GET", "/hls/%s/audio_de/index.m3u8" % vid, 200, 9000, "-", ua)
        for i in range(n):
            tt = t + 0.5 + i * gap
            L.add(tt, ip, "GET", "/hls/%s/1080p/seg_%05d.ts" % (vid, i), 200, r.randint(3000000, 5000000), "-", ua)
            L.add(tt + gap * 0.3, ip, "GET", "/hls/%s/audio_de/seg_%05d.aac" % (vid, i), 200, r.randint(90000, 100000), "-", ua)
        return t + 0.5 + n * gap

    for h in range(14):
        ip = L.ip()
        t = r.uniform(0, 1200)
        binge = h == 0
        for ep in range(4 if binge else 1):
            t = play(ip, r.choice(tvs), t, r.randint(150, 450), 6) + 15
        if h < 4:
            good.append((ip, "subscriber's TV playing HLS in real time%s" % (" (binge, 4 episodes)" if binge else "")))
    bad = []
    yt = dc_ip(L)
    t = 600.0
    for title in range(12):
        t = play(yt, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/97.0.4692.99 Safari/537.36", t, r.randint(400, 600), 1 / 7.5) + r.uniform(1, 4)
    bad.append((yt, "yt-dlp ripping 12 titles, ~15 segment requests/s"))
    ff = dc_ip(L)
    t = 1500.0
    for title in range(6):
        t = play(ff, "Lavf/60.16.100", t, r.randint(400, 600), 0.2) + r.uniform(2, 10)
    bad.append((ff, "ffmpeg ripping 6 titles, ~10 segment requests/s"))
    return L, "Paid VOD: a yt-dlp rip of 12 titles (~15 HLS segment requests/s for ~12 min, browser UA) and an ffmpeg rip of 6 titles (~10/s, Lavf UA), both from VPS; 14 subscribers' TVs playing in real time (one binge-watching 4 episodes), visitors, crawlers", bad, good


# 12. A real-estate classifieds scraper over a residential proxy pool, low
# and slow.
# Models: a competitor copies every new listing: 700 residential exits, each
# fetching 1-4 listing pages (sequential ad ids across the pool, no assets,
# browser UAs, a few search result pages), ~1 request/s in total for an
# hour: per address it looks like a visitor who bounced. Around it: house
# hunters (listing pages with photos), an agency NAT uploading listings.
@scen
def classifieds_scraper_residential_pool_low_slow():
    L = Log(T0, 2012, "www.example-immo.fr")
    r = L.rnd
    ads = ["/annonce/vente-appartement-%s-%d/" % (c, 2480000 + i) for i, c in enumerate(["paris-11", "lyon-3", "nantes", "lille", "bordeaux", "toulouse"] * 8)]
    s = Site("www.example-immo.fr", ["/", "/recherche/?type=vente&ville=paris", "/recherche/?type=location&ville=lyon"] + ads, ["/static/css/site.5a1b.css"], ["/static/js/site.5a1b.js"],
             lambda p, r: ["/photos/%d/%s.jpg" % (r.randint(248, 249), hexid(r, 12)) for _ in range(8 if "annonce" in p else 2)])
    good = background(L, s, 3600, n=60)
    ag = L.ip("90.84.%d" % r.randint(0, 255))
    for k in range(40):
        t = r.uniform(0, 3500)
        L.add(t, ag, "POST", "/pro/annonces/nouvelle", 302, 0, s.url("/pro/annonces/"), UAS[0])
        for ph in range(r.randint(5, 20)):
            L.add(t + 2 + ph * 1.5, ag, "POST", "/pro/annonces/photos", 201, 100, s.url("/pro/annonces/"), UAS[0])
    good.append((ag, "estate agency NAT uploading listings"))
    bad = []
    adid = 2481000
    for k in range(700):
        ip = resi_ip(L)
        t = r.uniform(0, 3500)
        ua = r.choice(UAS)
        for a in range(r.randint(1, 4)):
            if r.random() < 0.15:
                L.add(t, ip, "GET", "/recherche/?type=vente&page=%d&tri=date" % r.randint(1, 300), 200, 60000, "-", ua)
            else:
                adid += 1
                L.add(t, ip, "GET", "/annonce/vente-appartement-%s-%d/" % (r.choice(["paris-11", "lyon-3", "nantes", "marseille"]), adid), r.choice([200] * 15 + [404]), 45000, "-", ua)
            t += r.uniform(2, 30)
        bad.append((ip, "scraper exit: 1-4 listing pages, no assets"))
    return L, "French real-estate classifieds: a scraper over 700 residential proxy exits, 1-4 listing pages each (sequential ids across the pool, no assets), ~1 req/s in total for an hour; house hunters, an estate agency uploading, office NAT, crawlers", bad, good


# 13. Loyalty points drained with valid (stuffed elsewhere) credentials.
# Models: account takeover after a credential-stuffing success on another
# site: a stealth headless browser (normal Chrome UA, loads the page's
# assets) on a residential proxy per account logs in (200; 30% of the
# credentials no longer work: 401), opens the points page and redeems the
# points for an e-voucher, then logs out: ~40 s per account, 150 accounts
# over an hour. Around it: members who log in and redeem too.
@scen
def loyalty_points_drain_valid_sessions():
    L = Log(T0, 2013, "www.example-bonusclub.de")
    r = L.rnd
    s = app_site("www.example-bonusclub.de", ["/", "/login", "/konto/punkte", "/praemien", "/praemien/gutscheine", "/partner"])
    good = background(L, s, 3600, n=40)
    bad = []

    def member(ip, ua, t, ok, redeem):
        cached = set()
        page_view(L, s, t, ip, ua, "/login", "-", cached)
        t += r.uniform(4, 12)
        L.add(t, ip, "POST", "/api/login", 200 if ok else 401, 300, s.url("/login"), ua)
        if not ok:
            return
        t += 1
        page_view(L, s, t, ip, ua, "/konto/punkte", s.url("/login"), cached)
        if redeem:
            t += r.uniform(5, 15)
            page_view(L, s, t, ip, ua, "/praemien/gutscheine", s.url("/konto/punkte"), cached)
            t += r.uniform(3, 10)
            L.add(t, ip, "POST", "/api/praemien/einloesen", 201, 500, s.url("/praemien/gutscheine"), ua)
            L.add(t + 1, ip, "GET", "/api/praemien/gutschein/%s" % hexid(r, 16), 200, 2000, s.url("/praemien/gutscheine"), ua)
        L.add(t + r.uniform(2, 6), ip, "POST", "/api/logout", 204, 0, s.url("/konto/punkte"), ua)

    for k in range(150):
        ip = resi_ip(L)
        ua = r.choice(UAS[:4])
        member(ip, ua, r.uniform(0, 3500), r.random() > 0.3, True)
        bad.append((ip, "account takeover: login with a stuffed credential, redeem all points"))
    for k in range(60):
        ip = L.ip()
        member(ip, r.choice(UAS), r.uniform(0, 3500), r.random() > 0.1, r.random() < 0.4)
        if k < 5:
            good.append((ip, "member logging in, some redeeming"))
    return L, "Loyalty club: 150 accounts taken over with credentials stuffed elsewhere, one residential proxy and ~40 s each (login 200 or 401, points page with assets, redeem, logout), Chrome UA; 60 members doing the same legitimately, visitors, office NAT", bad, good


# 14. Cart hoarding ("denial of inventory") of a limited release.
# Models: bots keep a limited sneaker drop in their carts so real buyers see
# it sold out: 30 residential addresses each log in 4-8 accounts and re-add
# the item every ~9.5 minutes (the cart reservation is 10) for an hour,
# never checking out. Around it: buyers who add and pay, a family NAT with
# four accounts, crawlers.
@scen
def cart_hoarding_limited_release():
    L = Log(T0, 2014, "www.example-moda.es")
    r = L.rnd
    s = es_shop_site()
    good = background(L, s, 3600, n=40)
    sku = "/producto/zapatilla-urbana-5039/"
    bad = []
    for k in range(30):
        ip = resi_ip(L)
        ua = r.choice(UAS)
        for acc in range(r.randint(4, 8)):
            t = r.uniform(0, 60)
            L.add(t, ip, "POST", "/mi-cuenta/login", 302, 0, s.url("/mi-cuenta/"), ua)
            while t < 3600:
                L.add(t + 1, ip, "POST", "/carrito/add?sku=ZU-5039-%d" % r.choice([40, 41, 42, 43, 44]), 200, 400, s.url(sku), ua)
                L.add(t + 1.5, ip, "GET", "/carrito/", 200, 20000, s.url(sku), ua)
                t += r.uniform(560, 580)
        bad.append((ip, "cart hoarding: 4-8 accounts re-adding the drop every ~9.5 min"))
    fam = L.ip()
    for acc in range(4):
        t = r.uniform(0, 600)
        page_view(L, s, t, fam, UAS[acc], sku, "-", set())
        L.add(t + 20, fam, "POST", "/mi-cuenta/login", 302, 0, s.url("/mi-cuenta/"), UAS[acc])
        L.add(t + 40, fam, "POST", "/carrito/add?sku=ZU-5039-42", 200, 400, s.url(sku), UAS[acc])
        L.add(t + 100, fam, "POST", "/checkout/pago", r.choice([200, 402]), 400, s.url("/carrito/"), UAS[acc])
    good.append((fam, "family NAT, 4 accounts buying the drop"))
    for k in range(60):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, 3400)
        page_view(L, s, t, ip, ua, sku, r.choice(SEARCH_REFS), set())
        L.add(t + 30, ip, "POST", "/carrito/add?sku=ZU-5039-%d" % r.choice([40, 41, 42, 43, 44]), 200 if r.random() < 0.5 else 409, 400, s.url(sku), ua)
        if k < 4:
            good.append((ip, "buyer adding the drop"))
    return L, "Spanish shop limited release: cart hoarding from 30 residential addresses (4-8 accounts each, re-adding every ~9.5 min for an hour, never paying); buyers, a family NAT with 4 accounts, office NAT, crawlers", bad, good


# 15. One-request probes for cloud and container credentials, half of them
# from IPv6 hosting addresses.
# Models: secret harvesters whose lists moved to cloud/devops files:
# /.aws/credentials, /.docker/config.json, /.kube/config, /.git-credentials,
# /.npmrc, /.pypirc, /terraform.tfstate, /.s3cfg, /.boto, /.vault-token,
# /config/master.key, /.netrc, /application-prod.yml... 90 sources, ONE
# request each; 45 are IPv6 addresses in distinct /64s of cloud providers.
# The Japanese news site is dual-stack; readers come over both.
@scen
def oneshot_cloud_credential_probes_dual_stack():
    L = Log(datetime.datetime(2026, 12, 3, 3, 0, 0), 2015, "www.example-shimbun.jp", proto="HTTP/2.0")
    r = L.rnd
    s = jp_news_site()
    good = background(L, s, 3600, n=40)
    for k in range(20):
        ip = L.ip6("240b:%x:%x:%x" % (r.randint(0x10, 0xff), r.randint(0, 0xffff), r.randint(0, 0xffff)))
        L.proto_of[ip] = "HTTP/3.0"
        browsers(L, s, 1, 3600, ips=[ip], ua_pool=UAS[4:6])
        if k < 3:
            good.append((ip, "reader over IPv6 (HTTP/3)"))
    paths = ["/.aws/credentials", "/.aws/config", "/.docker/config.json", "/.kube/config", "/.git-credentials", "/.npmrc", "/.pypirc", "/terraform.tfstate", "/.terraform/terraform.tfstate", "/.s3cfg", "/.boto",
             "/.vault-token", "/config/master.key", "/.netrc", "/application-prod.yml", "/config/credentials.yml.enc", "/.config/rclone/rclone.conf", "/.gcloud/credentials.db", "/.azure/accessTokens.json", "/docker-compose.override.yml"]
    bad = []
    nets = set()
    for k in range(90):
        if k < 45:
            net = None
            while net is None or net in nets:  # distinct /64s, as the comment says
                net = r.choice(["2a03:b0c0:%x:%x" % (r.randint(1, 3), r.randint(0xd0, 0xe0)), "2604:a880:%x:%x" % (r.randint(1, 4), r.randint(0xd0, 0xe0)), "2a01:4f8:%x:%x" % (r.randint(0xc010, 0xc0ff), r.randint(0, 0xffff)), "2001:19f0:%x:%x" % (r.randint(0x5000, 0x7fff), r.randint(0, 0xffff))])
            nets.add(net)
            ip = L.ip6(net)
        else:
            ip = dc_ip(L)
        ua = r.choice(UAS + ["curl/8.7.1", "Go-http-client/1.1", "python-requests/2.32.3", "Mozilla/5.0 (l9explore/1.2.2)"])
        L.add(r.uniform(0, 3600), ip, "GET", r.choice(paths), 404, 150, "-", ua, proto="HTTP/1.1")
        bad.append((ip, "one request for a cloud/container credential file"))
    return L, "Dual-stack Japanese news site: 90 sources (45 IPv6 in distinct cloud /64s, 45 IPv4 hosting) each send ONE request for a cloud/devops credential file (.aws/credentials, .docker/config.json, .kube/config, terraform.tfstate...), 404; readers over IPv4 and IPv6/HTTP3, crawlers", bad, good


# 16. Booter bursts over HTTP/2 and a hosting swarm, on a university site.
# Models: a DDoS-for-hire "HTTP/2 bypass" method from one VPS: three bursts
# of 15 s at 200, 400 and 600 req/s with random query strings and rotating
# browser UAs (request line HTTP/2.0); later 8 hosting addresses at ~25 req/s
# each for 60 s on the search. Around it: students behind the campus NAT
# (60), visitors, crawlers, the campus Moodle's server fetching RSS.
@scen
def booter_h2_bursts_and_hosting_swarm_university():
    L = Log(T0, 2016, "www.uni-example.edu", proto="HTTP/2.0")
    r = L.rnd
    s = uni_site()
    good = background(L, s, 3600, n=40, office=False)
    nat = L.ip("141.20.250")
    browsers(L, s, 60, 3600, ips=[nat])
    good.append((nat, "campus NAT, 60 students"))
    moodle = L.ip("141.20.251")
    for t in range(0, 3600, 300):
        L.add(t, moodle, "GET", "/termine/?type=rss", 200, 9000, "-", "Moodle/4.5 (+https://moodle.uni-example.edu)", proto="HTTP/1.1")
    good.append((moodle, "campus Moodle fetching RSS"))
    bad = []
    vps = dc_ip(L)
    for i, rate in enumerate([200, 400, 600]):
        t = 1000.0 + i * 120
        while t < 1015 + i * 120:
            L.add(t, vps, "GET", "/?%s=%s" % (rand_token(r, 4, "abcdefghijklmnopqrstuvwxyz"), rand_token(r, 8)), 200, 30000, r.choice(["-", "https://www.google.com/"]), r.choice(UAS))
            t += r.expovariate(rate)
    bad.append((vps, "HTTP/2 booter bursts 200/400/600 req/s x 15 s"))
    for k in range(8):
        ip = dc_ip(L)
        t = 2400 + r.uniform(0, 3)
        while t < 2460:
            L.add(t, ip, "GET", "/studium/?s=%s" % rand_token(r, r.randint(3, 10), "abcdefghijklmnopqrstuvwxyz"), 200, 25000, "-", r.choice(UAS), proto="HTTP/1.1")
            t += r.expovariate(25)
        bad.append((ip, "hosting swarm, ~25 req/s for 60 s on the search"))
    return L, "University site (HTTP/2.0): booter bursts from one VPS (15 s at 200, 400, 600 req/s, random queries, rotating UAs) and a swarm of 8 hosting addresses at ~25 req/s for 60 s on the search; campus NAT with 60 students, the campus Moodle, visitors, crawlers", bad, good


def main():
    run(SC, OUT, "fresh-s16 attack: ")


main()
