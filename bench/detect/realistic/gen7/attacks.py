"""fresh-s14 attacks7: sixteen attack kinds as they are run today, not
covered by the earlier realistic sets (see the file names in
bench/detect/realistic/*/), each inside ordinary traffic of a different kind
of site, with the benign look-alikes around it listed as never-banned (and
every unlisted client never-banned too).

Written before looking at detector/, patterns/, rules/default.toml, the other
realistic sets' logs or reports, or the Detection section of the README
(session 14, role "fresh"): nothing here is tuned to guardctl.
Run: python3 attacks.py [scenario-name ...]   (fixed seeds, byte-identical output)
"""
import datetime, os, sys, urllib.parse
from base import *

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.environ.get("OUT", os.path.join(HERE, "..", "attacks7"))
os.makedirs(OUT, exist_ok=True)
T0 = datetime.datetime(2026, 12, 7, 14, 0, 0)
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
        a = "%s.%d.%d" % (r.choice(["45.148", "91.92", "103.145", "138.68", "146.190", "159.223", "165.22", "167.99", "185.220", "193.29", "194.180", "5.188", "64.227", "178.128", "209.38"]), r.randint(0, 255), r.randint(2, 254))
        if a not in L.used:
            L.used.add(a)
            return a


def poisson(r, t0, t1, rate):
    t = t0 + r.expovariate(rate)
    while t < t1:
        yield t
        t += r.expovariate(rate)


def users_login(L, s, dur, n, path, ok=302, fail=401, ua_pool=UAS):
    """Real users logging in, 1 in 8 with one typo first."""
    r = L.rnd
    good = []
    for k in range(n):
        ip = L.ip()
        ua = r.choice(ua_pool)
        t = r.uniform(0, dur - 60)
        page_view(L, s, t, ip, ua, path, s.url("/"), set())
        t += r.uniform(5, 20)
        if r.random() < 0.125:
            L.add(t, ip, "POST", path, fail, 1800, s.url(path), ua)
            t += r.uniform(5, 20)
        L.add(t, ip, "POST", path, ok, 0, s.url(path), ua)
        if k < 4:
            good.append((ip, "user logging in (maybe one typo)"))
    return good


# ---------------------------------------------------------------------------
# 1. GraphQL alias-batched login brute force on a SaaS API.
# Models: the attacker packs 50-100 login mutations (aliases) into one POST
# /graphql, so each HTTP request tests many passwords and answers 200 (errors
# are in the JSON). One VPS sends one batch every 2-3 s for 25 minutes; a
# second one sends array-batched requests 1/s for 10 minutes. Around them the
# SPA's users POST /graphql all the time (queries, 200) at up to 1-2/s each.
# Realistic: alias/array batching is the documented way around per-request
# rate limits (PortSwigger, OWASP GraphQL cheat sheet).
@scen
def graphql_alias_batch_login():
    L = Log(T0, 901, "saas")
    s = app_site("app.example-crm.io")
    r = L.rnd
    dur = 2400
    good = background(L, s, dur, 20)
    for k in range(40):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, dur - 600)
        end = t + r.uniform(200, 900)
        page_view(L, s, t, ip, ua, "/dashboard", "-", set())
        while t < end:
            t += r.expovariate(0.8)
            L.add(t, ip, "POST", "/graphql", 200, r.randint(400, 30000), s.url("/dashboard"), ua)
        if k < 5:
            good.append((ip, "SPA user (GraphQL queries, up to ~1/s)"))
    bad = []
    a = dc_ip(L)
    bad.append((a, "alias-batched login mutations, one POST /graphql every 2-3 s for 25 min"))
    t = 300
    while t < 1800:
        L.add(t, a, "POST", "/graphql", 200, r.randint(9000, 14000), "-", "python-requests/2.32.3")
        t += r.uniform(2, 3)
    b = dc_ip(L)
    bad.append((b, "array-batched login, POST /graphql 1/s for 10 min"))
    t = 900
    while t < 1500:
        L.add(t, b, "POST", "/graphql", r.choice([200] * 9 + [400]), 22000, "https://app.example-crm.io/", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36")
        t += r.uniform(0.8, 1.2)
    return L, "SaaS GraphQL: login brute force in alias batches (one POST every 2-3 s, 200) and array batches (1/s, 200) among 40 SPA users POSTing /graphql at up to ~1/s", bad, good


# ---------------------------------------------------------------------------
# 2. Game account stuffing through the game's own login API.
# Models: stuffing crews against game accounts (skins resale): 25 VPS
# addresses POST /v2/auth/login with the engine's UA copied, 1 attempt every
# 5-8 s each for 40 minutes, 403 (wrong) / 200 (hit ~1 %); plus /oauth2/token
# brute force from 2 addresses at 3/s for 60 s, then 1/s. Real players on
# CGNATs log in too (some typos).
# Realistic: game account stuffing is a large share of all stuffing; tools
# copy the client's UA and hit the mobile login endpoint.
@scen
def game_account_stuffing_unity_ua():
    L = Log(T0, 902, "game")
    s = game_site()
    r = L.rnd
    dur = 3000
    good = background(L, s, dur, 20, office=False)
    ua = "UnityPlayer/2022.3.41f1 (UnityWebRequest/1.0, libcurl/8.5.0-DEV)"
    nat = "80.187.%d.%d" % (r.randint(64, 127), r.randint(2, 254))
    good.append((nat, "carrier CGNAT with 150 players (some typos)"))
    for u in range(150):
        t = r.uniform(0, dur - 100)
        if r.random() < 0.1:
            L.add(t, nat, "POST", "/v2/auth/login", 403, 90, "-", ua)
            t += r.uniform(5, 20)
        L.add(t, nat, "POST", "/v2/auth/login", 200, 900, "-", ua)
        for k in range(r.randint(5, 30)):
            t += r.uniform(20, 40)
            L.add(t, nat, "POST", "/v2/session/heartbeat", 204, 0, "-", ua)
    bad = []
    for k in range(25):
        ip = dc_ip(L)
        bad.append((ip, "stuffing /v2/auth/login with the game's UA, 1 per 5-8 s"))
        t = r.uniform(200, 400)
        while t < 2600:
            L.add(t, ip, "POST", "/v2/auth/login", 200 if r.random() < 0.01 else 403, 90, "-", ua)
            t += r.uniform(5, 8)
    for k in range(2):
        ip = dc_ip(L)
        bad.append((ip, "/oauth2/token password guessing, 3/s for 60 s then 1/s"))
        t = 1000 + k * 400
        while t < 1060 + k * 400:
            L.add(t, ip, "POST", "/oauth2/token", 401, 80, "-", "okhttp/4.12.0")
            t += r.uniform(0.25, 0.4)
        while t < 1600 + k * 400:
            L.add(t, ip, "POST", "/oauth2/token", 401, 80, "-", "okhttp/4.12.0")
            t += r.uniform(0.8, 1.2)
    return L, "Game backend: 25 VPS stuffing /v2/auth/login with the game's Unity UA (1 per 5-8 s each, 403), 2 addresses guessing at /oauth2/token (3/s for 60 s then 1/s); a carrier CGNAT with 150 real players", bad, good


# ---------------------------------------------------------------------------
# 3. Crawl-and-fuzz XSS scan (katana + dalfox) on a news site.
# Models: katana crawls the site (~5/s), then dalfox injects reflected-XSS
# payloads into every parameter (search q, page, utm_*) at ~15-25/s for 4
# minutes with its default Firefox/75 UA: payloads like
# "><svg/onload=alert(1)>, '-confirm(1)-', javascript:..., encoded forms.
# Realistic: this is the standard bug-bounty automation pipeline (2024-26).
@scen
def katana_dalfox_xss_fuzz():
    L = Log(T0, 903, "news")
    s = news_site()
    r = L.rnd
    dur = 1800
    good = background(L, s, dur, 30)
    for k in range(40):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, dur - 100)
        for qq in r.sample(["haushalt 2027", "streik bahn <aktuell>", "derby ergebnis", "\"klimabericht\"", "wahl umfrage & prognose", "energiepreise 'winter'", "impfstoff"], 2):
            L.add(t, ip, "GET", "/suche/?q=" + q(qq), 200, 30000, s.url("/"), ua)
            t += r.uniform(10, 60)
        if k < 4:
            good.append((ip, "reader searching (quotes, <, &)"))
    bad = []
    ip = dc_ip(L)
    bad.append((ip, "katana crawl then dalfox XSS payloads at ~20/s"))
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:75.0) Gecko/20100101 Firefox/75.0"
    t = 300
    for p in s.pages * 2:
        L.add(t, ip, "GET", p, 200, 30000, "-", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36")
        t += r.uniform(0.1, 0.3)
    pay = ["\"><svg/onload=alert(1)>", "'-confirm(1)-'", "\"><img src=x onerror=prompt(1)>", "javascript:alert(document.domain)", "\"><script>alert(45)</script>", "<details/open/ontoggle=confirm(1)>", "'\"><iframe srcdoc=\"<script>alert(1)</script>\">", "%22%3E%3Csvg%2Fonload%3Dalert%281%29%3E", "\"onmouseover=alert(1) x=\"", "dalfox"]
    params = [("/suche/", "q"), ("/suche/", "page"), ("/", "utm_source"), ("/newsletter/", "email"), ("/politik/", "ref")]
    t += 5
    while t < 540:
        path, prm = r.choice(params)
        L.add(t, ip, "GET", "%s?%s=%s" % (path, prm, q(r.choice(pay))), r.choice([200, 200, 200, 400]), 30000, "-", ua)
        t += r.expovariate(20)
    return L, "News site: katana crawl (~4/s) then dalfox reflected-XSS payloads into q/page/utm/email at ~20/s for 4 min with its Firefox/75 UA; readers searching with quotes and < >", bad, good


# ---------------------------------------------------------------------------
# 4. Commercial DAST scan (Acunetix/Invicti-style) with a browser UA.
# Models: an unauthorised licensed scanner run against a government portal:
# random 404 probes (/<random 10 letters>), acunetix marker files, backup
# names, header-injection paths, SQLi/LFI payloads into form fields, ~6-10/s
# for 15 minutes, Chrome UA. Realistic: cracked commercial scanners are
# widely used by attackers; they announce themselves only in payload strings.
@scen
def dast_scan_browser_ua_gov():
    L = Log(T0, 904, "gov")
    s = gov_site()
    r = L.rnd
    dur = 2400
    good = background(L, s, dur, 40)
    bad = []
    ip = dc_ip(L)
    bad.append((ip, "Acunetix-style DAST scan at ~8/s for 15 min, Chrome UA"))
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36"
    probes = ["/acunetix-wvs-test-for-some-inexistent-file", "/" + "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(10)), "/index.php.bak", "/formulare.zip", "/web.config.old", "/.DS_Store", "/WEB-INF/web.xml", "/server-status", "/elmah.axd", "/trace.axd",
              "/formulare/?id=1%27%22", "/formulare/?id=1%20AND%203*2*1%3D6%20AND%20000123%3D000123", "/service/termine/?datum=..%2F..%2F..%2F..%2Fetc%2Fpasswd", "/suche/?q=%27%22()%26%25%3Cacx%3E%3CScRiPt%20%3Ealert(9611)%3C%2FScRiPt%3E",
              "/kontakt/?name=${9999*9999}", "/steuern/?file=http://testasp.vulnweb.com/t/fit.txt", "/presse/?p=bxss.me/t/xss.html?%00", "/?__proto__[acx]=1", "/formulare/?id=if(now()=sysdate(),sleep(15),0)", "/service/termine/?datum=|echo%20zkqvwr$()\\%20ysflax\\nz^xyu||a%20#'%20|echo%20zkqvwr"]
    t = 400
    while t < 1300:
        p = r.choice(probes)
        if p.startswith("/") and len(p) == 11 and p[1:].isalpha():
            p = "/" + "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(10))
        m = "POST" if r.random() < 0.15 else "GET"
        L.add(t, ip, m, p, r.choice([404, 404, 200, 400, 403, 500]), r.randint(200, 30000), s.url("/"), ua)
        t += r.expovariate(8)
    return L, "Government portal: a commercial DAST scanner (acunetix markers, bxss.me, testasp.vulnweb.com, sleep/sysdate, echo injection, random 404 probes) at ~8/s for 15 min with a Chrome UA; visitors, office NAT", bad, good


# ---------------------------------------------------------------------------
# 5. 2025 exploit chains: SharePoint ToolShell, SAP NetWeaver, Oracle EBS.
# Models: 9 attacker addresses on a university's portal farm, each running a
# 2-5 request chain: ToolShell (POST /_layouts/15/ToolPane.aspx?DisplayMode=
# Edit&a=/ToolPane.aspx with Referer /_layouts/SignOut.aspx, then GET
# /_layouts/15/spinstall0.aspx), SAP CVE-2025-31324 (POST /developmentserver/
# metadatauploader?CONTENTTYPE=MODEL&CLIENT=1, then GET /irj/helper.jsp?cmd=
# ...), Oracle EBS CVE-2025-61882 (POST /OA_HTML/configurator/UiServlet, POST
# /OA_HTML/SyncServlet, GET /OA_HTML/help/../ieshostedsurvey.jsp). Realistic:
# all three were mass-exploited in July-October 2025 with these URLs.
@scen
def exploit_chains_toolshell_sap_ebs():
    L = Log(T0, 905, "uni")
    s = uni_site()
    r = L.rnd
    dur = 3600
    good = background(L, s, dur, 40)
    bad = []
    chains = [
        [("POST", "/_layouts/15/ToolPane.aspx?DisplayMode=Edit&a=/ToolPane.aspx", 404, "/_layouts/SignOut.aspx"), ("GET", "/_layouts/15/spinstall0.aspx", 404, "-")],
        [("GET", "/_layouts/15/start.aspx", 404, "-"), ("POST", "/_layouts/16/ToolPane.aspx?DisplayMode=Edit&a=/ToolPane.aspx", 404, "/_layouts/SignOut.aspx"), ("GET", "/_layouts/16/spinstall0.aspx", 404, "-")],
        [("POST", "/developmentserver/metadatauploader?CONTENTTYPE=MODEL&CLIENT=1", 404, "-"), ("GET", "/irj/helper.jsp?cmd=id", 404, "-")],
        [("GET", "/developmentserver/metadatauploader", 404, "-"), ("GET", "/irj/cache.jsp", 404, "-"), ("GET", "/irj/root/forwarder.jsp", 404, "-")],
        [("POST", "/OA_HTML/configurator/UiServlet", 404, "-"), ("POST", "/OA_HTML/SyncServlet", 404, "-"), ("GET", "/OA_HTML/help/../ieshostedsurvey.jsp", 400, "-")],
        [("GET", "/OA_HTML/AppsLocalLogin.jsp", 404, "-"), ("POST", "/OA_HTML/configurator/UiServlet?redirectFromJsp=1&getUiType=%3C%40urlparam%3E", 404, "-")],
    ]
    uas = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "python-requests/2.31.0", "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0", "curl/7.88.1"]
    for k in range(9):
        ip = dc_ip(L)
        ch = chains[k % len(chains)]
        bad.append((ip, "exploit chain: " + " -> ".join(p.split("?")[0] for _, p, _, _ in ch)))
        t = r.uniform(100, dur - 100)
        ua = r.choice(uas)
        for m, p, st, ref in ch:
            L.add(t, ip, m, p, st, 150, s.url(ref) if ref != "-" else "-", ua)
            t += r.uniform(0.5, 4)
    return L, "University portal: 9 addresses each running one 2025 exploit chain (SharePoint ToolShell, SAP NetWeaver metadatauploader, Oracle EBS UiServlet/SyncServlet), 2-3 requests each; visitors, office NAT", bad, good


# ---------------------------------------------------------------------------
# 6. CitrixBleed 2 (CVE-2025-5777) memory-leak harvesting.
# Models: the public exploit POSTs /p/u/doAuthentication.do with a malformed
# "login" field over and over to leak memory (session tokens): ~10 requests/s
# for 60 s per round, 3 rounds, from 2 addresses; others send 1-2 checks
# (GET /vpn/index.html, /logon/LogonPoint/index.html). Real VPN users log in
# through the gateway (GET LogonPoint, POST /cgi/login 302). Realistic:
# mass exploitation started in July 2025 with exactly this loop.
@scen
def citrixbleed2_memory_harvest():
    L = Log(T0, 906, "gov")
    s = gov_site("gateway.example-landkreis.gov")
    r = L.rnd
    dur = 2400
    good = background(L, s, dur, 10)
    for k in range(60):
        ip = L.ip()
        ua = r.choice(UAS[:3])
        t = r.uniform(0, dur - 60)
        L.add(t, ip, "GET", "/logon/LogonPoint/index.html", 200, 3000, "-", ua)
        L.add(t + 0.3, ip, "GET", "/logon/LogonPoint/init.js", 200, 90000, s.url("/logon/LogonPoint/index.html"), ua)
        L.add(t + 9, ip, "POST", "/p/u/doAuthentication.do", 200, 900, s.url("/logon/LogonPoint/index.html"), ua)
        L.add(t + 10, ip, "POST", "/cgi/login", 302, 0, s.url("/logon/LogonPoint/index.html"), ua)
        if k < 5:
            good.append((ip, "employee logging in through the VPN gateway"))
    bad = []
    ua = "python-requests/2.32.4"
    for k in range(2):
        ip = dc_ip(L)
        bad.append((ip, "CitrixBleed 2 loop: POST /p/u/doAuthentication.do ~10/s, 3 x 60 s"))
        for rd in range(3):
            t = 400 + k * 100 + rd * 500
            L.add(t, ip, "GET", "/logon/LogonPoint/index.html", 200, 3000, "-", ua)
            end = t + 60
            while t < end:
                t += r.uniform(0.07, 0.13)
                L.add(t, ip, "POST", "/p/u/doAuthentication.do", 200, r.randint(1100, 1300), "-", ua)
    for k in range(6):
        ip = dc_ip(L)
        bad.append((ip, "CitrixBleed 2 version check"))
        t = r.uniform(100, dur - 100)
        L.add(t, ip, "GET", "/vpn/index.html", 404, 150, "-", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36")
        L.add(t + 1, ip, "POST", "/p/u/doAuthentication.do", 200, 1200, "-", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36")
    return L, "VPN gateway: CitrixBleed 2 memory-leak loop (POST /p/u/doAuthentication.do ~10/s, 3 rounds of 60 s, all 200) from 2 addresses, 6 one-off checks; 60 employees logging in", bad, good


# ---------------------------------------------------------------------------
# 7. React2Shell (CVE-2025-55182) and Craft CMS / Roundcube exploits on a SaaS.
# Models: December 2025 mass exploitation of React Server Components: POST /
# (or any page) with a Next-Action header and a crafted multipart body, 500 or
# 200; botnets also send Craft CMS CVE-2025-32432 (POST /index.php?p=admin/
# actions/assets/generate-transform) and Roundcube CVE-2025-49113 (/?_from=
# edit-...&_task=settings&_framed=1&_action=upload). 14 addresses, 1-3
# requests each. Real users also POST / (Next.js server actions, 200/303).
# Realistic: only method, path and status are in the access log.
@scen
def react2shell_craft_roundcube_oneshots():
    L = Log(T0, 907, "saas")
    s = app_site("www.example-invoices.io", ["/", "/pricing", "/features", "/blog", "/login", "/signup"])
    r = L.rnd
    dur = 3000
    good = background(L, s, dur, 30)
    for k in range(60):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, dur - 60)
        page_view(L, s, t, ip, ua, "/signup", s.url("/pricing"), set())
        L.add(t + 20, ip, "POST", "/signup", r.choice([200, 303, 303]), 800, s.url("/signup"), ua)
        L.add(t + 40, ip, "POST", "/", 200, 400, s.url("/"), ua)
        if k < 5:
            good.append((ip, "visitor using Next.js server actions (POST / and /signup)"))
    bad = []
    kinds = [[("POST", "/", 500)], [("POST", "/", 500), ("POST", "/_next", 404)], [("POST", "/login", 500)],
             [("POST", "/index.php?p=admin/actions/assets/generate-transform", 404)], [("GET", "/index.php?p=admin/dashboard", 404), ("POST", "/index.php?p=admin/actions/assets/generate-transform", 404)],
             [("GET", "/?_task=login", 404), ("POST", "/?_from=edit-!%C7%BC&_task=settings&_framed=1&_remote=1&_id=1&_uploadid=1&_unlock=loading1&_action=upload", 404)]]
    for k in range(14):
        ip = dc_ip(L)
        ch = kinds[k % len(kinds)]
        bad.append((ip, "one-shot exploit: " + ", ".join("%s %s" % (m, p[:50]) for m, p, _ in ch)))
        t = r.uniform(100, dur - 60)
        ua = r.choice(["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Assetnote/1.0.0", "Go-http-client/1.1", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"])
        for m, p, st in ch:
            L.add(t, ip, m, p, st, 300, "-", ua)
            t += r.uniform(0.3, 3)
    return L, "SaaS marketing site on Next.js: 14 addresses sending React2Shell POSTs (500), Craft CMS generate-transform and Roundcube upload exploits, 1-2 requests each; 60 visitors using server actions (POST /, /signup)", bad, good


# ---------------------------------------------------------------------------
# 8. AI-training scraper from one /24, HTML only, spoofed browser UAs.
# Models: a scraper ignoring robots.txt fetches every thread page of a forum
# from 48 addresses of one hosting /24, each ~0.5-1 request/s, HTML only (no
# CSS/JS/images), rotating recent Chrome/Safari UAs, deep pagination
# (?page=N), for 40 minutes. Realistic: 2024-26 forum operators report exactly
# this (many addresses of one ASN, browser UAs, no assets, no Referer).
@scen
def ai_scraper_html_only_slash24():
    L = Log(T0, 908, "forum")
    s = forum_site()
    r = L.rnd
    dur = 3000
    good = background(L, s, dur, 40)
    bad = []
    net = "%s.%d" % (r.choice(["47.82", "43.130", "8.222"]), r.randint(0, 255))
    for k in range(48):
        ip = "%s.%d" % (net, 5 + k * 5)
        bad.append((ip, "AI scraper in one /24: HTML only, rotating browser UAs, ~0.7/s"))
        t = r.uniform(100, 300)
        while t < 2700:
            th = r.choice(s.pages[1:11])
            L.add(t, ip, "GET", "%spage-%d" % (th, r.randint(2, 400)), r.choice([200] * 9 + [404]), r.randint(40000, 120000), "-", r.choice(UAS))
            t += r.expovariate(0.7)
    return L, "Forum: AI scraper from 48 addresses of one /24, HTML only (no assets, no Referer), rotating browser UAs, ~0.7/s each (~34/s together) for 40 min; 40 browsers, office NAT, crawlers", bad, good


# ---------------------------------------------------------------------------
# 9. Pulse-wave flood on a game matchmaking API.
# Models: a booter's pulse wave: 5 bursts of 20 s with 2-minute pauses, 12 VPS
# each ~25 requests/s (300/s together) POST /v2/matchmaking/ticket (201, then
# 429 when the matchmaker saturates), UA copied from the game. Real players
# poll their tickets every 2 s (some 429 honoured).
# Realistic: pulse waves defeat averaging windows; booters sell L7 "game API"
# methods.
@scen
def pulse_wave_flood_game_api():
    L = Log(T0, 909, "game")
    s = game_site()
    r = L.rnd
    dur = 1200
    good = background(L, s, dur, 15, office=False)
    ua = "UnityPlayer/2022.3.41f1 (UnityWebRequest/1.0, libcurl/8.5.0-DEV)"
    nat = "109.40.%d.%d" % (r.randint(0, 255), r.randint(2, 254))
    good.append((nat, "carrier CGNAT, 80 players polling matchmaking every 2 s"))
    for u in range(80):
        t = r.uniform(0, 300)
        while t < dur:
            tid = hexid(r, 16)
            L.add(t, nat, "POST", "/v2/matchmaking/ticket", 201, 140, "-", ua)
            for k in range(r.randint(4, 20)):
                t += 2
                L.add(t, nat, "GET", "/v2/matchmaking/ticket/" + tid, 200, 180, "-", ua)
            t += r.uniform(120, 300)
    bad = []
    bots = [dc_ip(L) for _ in range(12)]
    for ip in bots:
        bad.append((ip, "pulse-wave flood: 5 x 20 s at ~25/s, POST /v2/matchmaking/ticket"))
    for w in range(5):
        t0 = 200 + w * 140
        for ip in bots:
            t = t0 + r.uniform(0, 0.5)
            while t < t0 + 20:
                L.add(t, ip, "POST", "/v2/matchmaking/ticket", 201 if t - t0 < 4 else 429, 140, "-", ua)
                t += r.expovariate(25)
    return L, "Game API: pulse-wave flood, 12 VPS at ~25/s each (300/s together) in 5 bursts of 20 s with 2-min pauses on POST /v2/matchmaking/ticket (201 then 429), game UA; a carrier CGNAT with 80 players", bad, good


# ---------------------------------------------------------------------------
# 10. Expensive-endpoint flood: CSV export at 10/s for 75 s, and a 1,000/s
# wrk burst of 15 s.
# Models: (a) a logged-in-looking client (browser UA, Referer of the app)
# requests /reports/export.csv?range=all ~10/s for 75 s; each takes seconds of
# CPU (200, large); (b) a wrk/Go load tool at ~1,000 req/s for 15 s on / .
# Real users export a few reports; an analyst's script pulls 40 exports
# spaced 20 s apart. Realistic: low-rate L7 floods target the heaviest URL;
# short high-rate bursts come from one rented server.
@scen
def export_flood_and_wrk_burst():
    L = Log(T0, 910, "saas")
    s = app_site("app.example-analytics.io", ["/", "/dashboard", "/reports", "/reports/42", "/settings"])
    r = L.rnd
    dur = 1800
    good = background(L, s, dur, 30)
    for k in range(30):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, dur - 60)
        page_view(L, s, t, ip, ua, "/reports", "-", set())
        for j in range(r.randint(1, 3)):
            L.add(t + 5 + j * 30, ip, "GET", "/reports/export.csv?range=%s" % r.choice(["30d", "90d", "all"]), 200, r.randint(200000, 4000000), s.url("/reports"), ua)
        if k < 4:
            good.append((ip, "user exporting 1-3 reports"))
    ana = L.ip()
    good.append((ana, "analyst's script: 40 exports, one every 20 s"))
    t = 300
    for k in range(40):
        L.add(t, ana, "GET", "/reports/export.csv?report=%d&range=90d" % (k + 1), 200, 900000, "-", "python-requests/2.32.3")
        t += 20
    bad = []
    a = dc_ip(L)
    bad.append((a, "export.csv flood ~10/s for 75 s, browser UA and Referer"))
    t = 600
    while t < 675:
        L.add(t, a, "GET", "/reports/export.csv?range=all&_=%d" % int(t * 1000), 200, 3800000, s.url("/reports"), UAS[0])
        t += r.expovariate(10)
    b = dc_ip(L)
    bad.append((b, "1,000 req/s for 15 s on / (load tool)"))
    t = 1200
    while t < 1215:
        L.add(t, b, "GET", "/", 200, 24000, "-", "-")
        t += r.expovariate(1000)
    return L, "SaaS analytics: export.csv flood at ~10/s for 75 s with a browser UA and the app's Referer, and a 1,000 req/s 15 s burst on / with no UA; users exporting, an analyst's 40 spaced exports", bad, good


# ---------------------------------------------------------------------------
# 11. Subscription bombing from an IPv6 /64 and a few VPS.
# Models: to bury a victim's inbox (hiding fraud alerts), bots sign the
# victim's address up to many forms: POST /newsletter/subscribe (200) and
# POST /account/create (302/400) on a news site, from 150 addresses of one
# IPv6 /64 (a new address every 2-3 requests) at ~2/s together for 30 min,
# plus 3 VPS at 1 per 10 s. Realistic: subscription bombing is a well-known
# 2024-25 pre-fraud tactic; IPv6 /64 rotation is free on most clouds.
@scen
def ipv6_64_subscription_bombing():
    L = Log(T0, 911, "news")
    s = news_site()
    r = L.rnd
    dur = 2700
    good = background(L, s, dur, 30)
    hh = "2a02:8108:1dc0:%x" % r.randint(0x1000, 0xffff)
    for d in range(4):
        ip = L.ip6(hh)
        good.append((ip, "household IPv6 device (privacy address) reading and subscribing once"))
        page_view(L, s, r.uniform(0, 2000), ip, r.choice(UAS), "/newsletter/", "-", set())
        L.add(r.uniform(2000, 2600), ip, "POST", "/newsletter/subscribe", 200, 900, s.url("/newsletter/"), UAS[4])
    for k in range(40):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, dur - 60)
        page_view(L, s, t, ip, ua, "/newsletter/", s.url("/"), set())
        L.add(t + 15, ip, "POST", "/newsletter/subscribe", 200, 900, s.url("/newsletter/"), ua)
        if k < 4:
            good.append((ip, "reader subscribing to the newsletter"))
    bad = []
    pre = "2a01:4f9:c012:%x" % r.randint(0x1000, 0xffff)
    t = 300
    cur, left = None, 0
    while t < 2100:
        if left == 0:
            cur, left = L.ip6(pre), r.randint(2, 3)
            bad.append((cur, "subscription bombing from a rotating IPv6 /64"))
        L.add(t, cur, "POST", r.choice(["/newsletter/subscribe", "/newsletter/subscribe", "/account/create"]), r.choice([200, 200, 302, 400]), 900, s.url("/newsletter/"), r.choice(UAS))
        left -= 1
        t += r.expovariate(2)
    for k in range(3):
        ip = dc_ip(L)
        bad.append((ip, "subscription bombing, 1 per 10 s"))
        t = r.uniform(300, 600)
        while t < 2400:
            L.add(t, ip, "POST", "/newsletter/subscribe", 200, 900, "-", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36")
            t += r.uniform(8, 12)
    return L, "News site: subscription bombing (POST /newsletter/subscribe, /account/create) from ~1,500 addresses of one IPv6 /64, 2-3 requests each, ~2/s together for 30 min, and 3 VPS at 1 per 10 s; a household /64 with 4 devices, subscribing readers", bad, good


# ---------------------------------------------------------------------------
# 12. Slow password spray on university webmail (Roundcube).
# Models: 160 residential-proxy addresses each try 2-4 passwords against
# POST /?_task=login (Roundcube answers 401 on failure, 302 on success) over
# 2 hours, with the login page GET first (to get the request token). Students
# and staff log in all the time (typos 401) from the campus NAT and at home.
# Realistic: webmail spraying from proxy pools at a few tries per address is
# standard (MS/Proofpoint reports), tuned to stay below per-IP limits.
@scen
def roundcube_slow_spray_university():
    L = Log(T0, 912, "mail")
    s = webmail_site()
    r = L.rnd
    dur = 7200
    good = background(L, s, dur, 20, office=False)
    campus = L.ip("134.130.4")
    good.append((campus, "campus NAT: 300 users logging in to webmail (typos 401)"))
    for u in range(300):
        ua = r.choice(UAS)
        t = r.uniform(0, dur - 200)
        L.add(t, campus, "GET", "/?_task=login", 200, 5200, "-", ua)
        if r.random() < 0.12:
            t += r.uniform(6, 15)
            L.add(t, campus, "POST", "/?_task=login", 401, 5300, s.url("/?_task=login"), ua)
        t += r.uniform(6, 15)
        L.add(t, campus, "POST", "/?_task=login", 302, 0, s.url("/?_task=login"), ua)
        page_view(L, s, t + 0.4, campus, ua, "/?_task=mail&_mbox=INBOX", s.url("/?_task=login"), set())
    good += users_login(L, s, dur, 60, "/?_task=login", 302, 401)
    bad = []
    for k in range(160):
        ip = L.ip()
        bad.append((ip, "webmail password spray from a proxy pool, 2-4 tries over 2 h"))
        ua = r.choice(UAS)
        t = r.uniform(100, 3000)
        for j in range(r.randint(2, 4)):
            L.add(t, ip, "GET", "/?_task=login", 200, 5200, "-", ua)
            L.add(t + r.uniform(1, 3), ip, "POST", "/?_task=login", 401, 5300, s.url("/?_task=login"), ua)
            t += r.uniform(600, 1800)
    return L, "University webmail (Roundcube): password spray from 160 proxy addresses, 2-4 tries each over 2 h (GET login, POST 401); campus NAT with 300 users (12 % typos), 60 home users", bad, good


# ---------------------------------------------------------------------------
# 13. Account enumeration through the signup email-availability API.
# Models: the signup form checks GET /api/v1/users/exists?email=<...> as
# the user types (debounced, 200 {"exists":..}). An enumerator replays it
# with a list: ~3/s from 2 VPS for 30 min (always 200), and one slower at
# 1 per 2 s from a residential address for an hour. Real signups make 3-8
# checks each within a minute. Realistic: username/email existence APIs are a
# top-listed enumeration vector (OWASP API top 10: broken auth).
@scen
def signup_email_exists_enumeration():
    L = Log(T0, 913, "shop")
    s = shop_site("www.example-moebel.de")
    r = L.rnd
    dur = 3600
    good = background(L, s, dur, 30)
    for k in range(80):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, dur - 120)
        page_view(L, s, t, ip, ua, "/customer/account/create/", s.url("/"), set())
        t += 10
        name = "anna.schmidt%d" % r.randint(1, 99)
        for j in range(r.randint(3, 8)):
            t += r.uniform(0.5, 3)
            L.add(t, ip, "GET", "/api/v1/users/exists?email=" + q(name[: 6 + j * 3] + "@example-mail.de"), 200, 40, s.url("/customer/account/create/"), ua)
        L.add(t + 20, ip, "POST", "/customer/account/createpost/", 302, 0, s.url("/customer/account/create/"), ua)
        if k < 5:
            good.append((ip, "new customer typing an email (3-8 availability checks)"))
    bad = []
    for k in range(2):
        ip = dc_ip(L)
        bad.append((ip, "email enumeration via /api/v1/users/exists, ~3/s for 30 min"))
        t = 400 + k * 300
        while t < 2200 + k * 300:
            L.add(t, ip, "GET", "/api/v1/users/exists?email=" + q("%s%d@%s" % (r.choice(["m.mueller", "j.weber", "info", "k.schulz", "thomas"]), r.randint(1, 9999), r.choice(["gmail.com", "web.de", "gmx.de", "t-online.de"]))), 200, 40, "-", "python-httpx/0.27.2")
            t += r.expovariate(3)
    ip = L.ip()
    bad.append((ip, "email enumeration from a residential address, 1 per 2 s for 1 h, browser UA"))
    t = 200
    while t < 3400:
        L.add(t, ip, "GET", "/api/v1/users/exists?email=" + q("user%d@gmx.de" % r.randint(1, 99999)), 200, 40, s.url("/customer/account/create/"), UAS[3])
        t += r.uniform(1.5, 2.5)
    return L, "Shop: account enumeration through GET /api/v1/users/exists (always 200): 2 VPS at ~3/s for 30 min, one residential address at 1 per 2 s for an hour with a browser UA and Referer; 80 real signups with 3-8 checks each", bad, good


# ---------------------------------------------------------------------------
# 14. One-request probes for developer credential files, fresh addresses.
# Models: secret harvesters (2025-26) request one credential path per address
# from large pools: /.aws/credentials, /.docker/config.json, /.vscode/
# sftp.json, /sftp-config.json, /.git-credentials, /.npmrc, /.env.production,
# /appsettings.Development.json, /config/master.key, /.kube/config,
# /actuator/env, /_profiler/phpinfo, /firebase.json, /.terraform/terraform.
# tfstate... 60 addresses, 1 request each (404, one 403). Realistic: the
# "one request per address" harvesting pattern spread in 2024-25.
@scen
def oneshot_dev_credential_files():
    L = Log(T0, 914, "shop")
    s = shop_site()
    r = L.rnd
    dur = 3600
    good = background(L, s, dur, 40)
    paths = ["/.aws/credentials", "/.docker/config.json", "/.vscode/sftp.json", "/sftp-config.json", "/.git-credentials", "/.npmrc", "/.env.production", "/appsettings.Development.json", "/config/master.key", "/.kube/config",
             "/actuator/env", "/_profiler/phpinfo", "/firebase.json", "/.terraform/terraform.tfstate", "/config/storage.yml", "/.env.local", "/secrets.json", "/.ssh/id_rsa", "/wp-config.php.bak", "/config.json", "/.pypirc", "/credentials.json"]
    bad = []
    for k in range(60):
        ip = dc_ip(L) if k % 3 else L.ip()
        p = paths[k % len(paths)]
        bad.append((ip, "one request: " + p))
        L.add(r.uniform(0, dur), ip, "GET", p, 403 if p.endswith("id_rsa") else 404, 150, "-", r.choice([UAS[0], UAS[3], "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36", "curl/8.4.0", "-"]))
    return L, "Shop: 60 addresses (40 hosting, 20 residential) each sending ONE request for a developer credential file (.aws/credentials, .docker/config.json, sftp.json, .git-credentials, .kube/config, tfstate, master.key...), 404; visitors, office NAT", bad, good


# ---------------------------------------------------------------------------
# 15. Stuffing behind a CDN (real address in X-Forwarded-For) and a direct
# origin hit with a forged header.
# Models: a shop behind Cloudflare (trusted_proxies = the CDN's ranges): a
# stuffing tool via the CDN from 6 proxy addresses, POST /account/login 1 per
# 3-5 s each for 40 minutes (200 with error page, 302 on success); and a
# second attacker who found the origin address and POSTs directly with a
# forged X-Forwarded-For, 1/s for 10 min. Real shoppers come through the CDN;
# a corporate proxy carries 30 employees. Realistic: both are what operators
# see when credential stuffing meets a CDN.
@scen
def cdn_xff_stuffing_and_origin_bypass():
    L = Log(T0, 915, "shop")
    s = shop_site("www.example-sneaker.de")
    r = L.rnd
    dur = 3000
    inner = Log(T0, 9150, "inner")
    browsers(inner, s, 40, dur)
    crawlers(inner, s, dur)
    corp = inner.ip()
    browsers(inner, s, 30, dur, ips=[corp])
    good = [(corp, "corporate proxy via the CDN, 30 employees")]
    for k in range(30):
        ip = inner.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, dur - 60)
        page_view(inner, s, t, ip, ua, "/customer/account/login/", s.url("/"), set())
        if r.random() < 0.2:
            inner.add(t + 12, ip, "POST", "/account/login", 200, 31000, s.url("/customer/account/login/"), ua)
        inner.add(t + 25, ip, "POST", "/account/login", 302, 0, s.url("/customer/account/login/"), ua)
        if k < 4:
            good.append((ip, "shopper logging in via the CDN (maybe one failure)"))
    bad = []
    for k in range(6):
        ip = inner.ip()
        bad.append((ip, "stuffing via the CDN, 1 per 3-5 s for 40 min (real address in XFF)"))
        t = r.uniform(200, 400)
        while t < 2600:
            inner.add(t, ip, "POST", "/account/login", 302 if r.random() < 0.01 else 200, 31000, s.url("/customer/account/login/"), "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36")
            t += r.uniform(3, 5)
    edges = ["172.70.%d.%d" % (r.randint(0, 255), r.randint(2, 254)) for _ in range(8)] + ["162.158.%d.%d" % (r.randint(0, 255), r.randint(2, 254)) for _ in range(8)]
    for t, _, ip, m, p, st, sz, ref, ua, _x in inner.ev:
        L.add(t, r.choice(edges), m, p, st, sz, ref, ua, ip)
    o = dc_ip(L)
    bad.append((o, "direct origin hit with a forged X-Forwarded-For, POST /account/login 1/s for 10 min"))
    t = 1200
    while t < 1800:
        L.add(t, o, "POST", "/account/login", 200, 31000, "-", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36", "%d.%d.%d.%d" % (r.randint(11, 200), r.randint(0, 255), r.randint(0, 255), r.randint(1, 254)))
        t += r.uniform(0.8, 1.2)
    for e in edges[:2]:
        good.append((e, "CDN edge address (trusted proxy)"))
    cidrs = '["173.245.48.0/20","103.21.244.0/22","103.22.200.0/22","103.31.4.0/22","141.101.64.0/18","108.162.192.0/18","190.93.240.0/20","188.114.96.0/20","197.234.240.0/22","198.41.128.0/17","162.158.0.0/15","104.16.0.0/13","104.24.0.0/14","172.64.0.0/13","131.0.72.0/22"]'
    return L, "Shop behind a CDN (trusted_proxies = CDN ranges): stuffing via the CDN from 6 addresses at 1 per 3-5 s (200 error page), and a direct origin hit with a forged X-Forwarded-For at 1/s for 10 min; shoppers, a corporate proxy, crawlers", bad, good, "trusted_proxies = %s\n" % cidrs


# ---------------------------------------------------------------------------
# 16. Slow distributed guessing of a government portal's case-number lookup.
# Models: "check your application status": GET /status?az=<case number>&
# geb=<birth date> answers 200 "not found" or the status. A botnet of 90
# residential addresses guesses case numbers, each 1 request every 60-120 s
# for an hour (no assets, browser UAs). Citizens check 1-3 times each.
# Realistic: status/lookup forms are enumerated slowly to harvest personal
# data (reported against visa and benefit portals).
@scen
def slow_distributed_status_lookup_guessing():
    L = Log(T0, 916, "gov")
    s = gov_site("antrag.example-auslaenderbehoerde.gov")
    r = L.rnd
    dur = 3600
    good = background(L, s, dur, 30)
    for k in range(120):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, dur - 100)
        page_view(L, s, t, ip, ua, "/status/", s.url("/"), set())
        for j in range(r.randint(1, 3)):
            t += r.uniform(15, 60)
            L.add(t, ip, "GET", "/status?az=%d-%05d&geb=%02d.%02d.19%02d" % (2026, r.randint(1, 40000), r.randint(1, 28), r.randint(1, 12), r.randint(50, 99)), 200, 9000, s.url("/status/"), ua)
        if k < 5:
            good.append((ip, "citizen checking application status 1-3 times"))
    bad = []
    for k in range(90):
        ip = L.ip()
        bad.append((ip, "botnet guessing case numbers, 1 per 60-120 s"))
        ua = r.choice(UAS)
        t = r.uniform(0, 120)
        while t < dur:
            L.add(t, ip, "GET", "/status?az=%d-%05d&geb=%02d.%02d.19%02d" % (2026, r.randint(1, 40000), r.randint(1, 28), r.randint(1, 12), r.randint(50, 99)), 200, 9000, "-", ua)
            t += r.uniform(60, 120)
    return L, "Government status lookup: botnet of 90 residential addresses guessing case numbers + birth dates at 1 per 60-120 s each (~1/s together) for an hour, HTML only, 200; 120 citizens checking 1-3 times", bad, good


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
                pf.write("# The operator's policy: the shop sits behind a CDN.\n" + policy)
        seen, bb, gg = set(), [], []
        for ip, c in bad:
            if ip not in seen:
                seen.add(ip)
                bb.append((ip, c))
        for ip, c in good:
            if ip not in seen:
                seen.add(ip)
                gg.append((ip, c))
        expect(os.path.join(OUT, name + ".expect.toml"), "fresh-s14 attack: " + desc, banned=bb, not_banned=gg, lines=n, config=cfg)
        print(name, n)


main()
