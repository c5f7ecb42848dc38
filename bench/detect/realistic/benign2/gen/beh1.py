from fx import *
import random, hashlib
OUT = "/tmp/benign-s9/out"
R = random.Random(7)
DOCS = [f"/docs/{s}/{p}/" for s in ["install","config","api","guides","reference","cli","operators","tutorials"] for p in ["overview","quickstart","advanced","troubleshooting","faq","examples","migration","security","performance","upgrading","changelog","glossary"]]
OLD = ["/2014/03/hello-world/", "/wp-content/uploads/2015/06/diagram.png", "/category/news/", "/tag/release/", "/author/admin/", "/node/1234", "/content/view/12/45/", "/index.php/about-us", "/archives/2016/", "/page/2/", "/files/whitepaper.pdf", "/images/banner_old.gif", "/downloads/v1.0/setup.exe", "/forum/viewtopic.php?t=123", "/blog.php?id=77", "/news.php?item=9", "/article.php?id=15", "/component/content/article/8", "/sites/default/files/logo.png", "/en/old-pricing.html", "/de/produkte/", "/fr/contact.html", "/media/com_content/press.pdf", "/events/2017-meetup/", "/jobs/backend-engineer-2018/", "/wiki/Main_Page", "/support/kb/article/0012", "/press/2019-funding/", "/partners/list.aspx", "/store/product.asp?id=3"]

def linkcheck_lychee():
    L = Log(seed=201); L.browsers(25, 0, 900)
    ip = "198.51.140.10"; ua = "lychee/0.17.0"; t = 300.0
    links = DOCS + ["/blog/", "/pricing/", "/about/"] + OLD[:25]
    R.shuffle(links)
    for p in links:
        st = 404 if p in OLD else 200
        L.add(ip, t, "GET", p, st, 180 if st == 404 else R.randint(9000, 50000), "-", ua)
        t += R.uniform(0.005, 0.03)  # 128 concurrent
    L.write("lychee", OUT); return ip

def linkchecker_head():
    L = Log(seed=202); L.browsers(25, 0, 900)
    ip = "198.51.140.11"; ua = "Mozilla/5.0 (compatible; LinkChecker/10.5.0; +https://linkchecker.github.io/linkchecker/)"; t = 300.0
    links = DOCS + OLD
    for p in links:
        st = 404 if p in OLD else (405 if R.random() < 0.05 else 200)
        L.add(ip, t, "HEAD", p, st, 0, "-", ua)
        if st == 405:
            t += 0.05; L.add(ip, t, "GET", p, 200, R.randint(9000, 50000), "-", ua)
        t += R.uniform(0.05, 0.15)  # 10 threads
    L.write("linkchecker", OUT); return ip

def seo_crawler_old_links(ua, name, rate):
    L = Log(seed=203); L.browsers(25, 0, 1200)
    ip = "198.51.140.12"; t = 100.0
    pool = DOCS + ["/", "/blog/", "/pricing/", "/about/", "/contact/"]
    for k in range(900):
        if R.random() < 0.45:
            p = R.choice(OLD) ; base = p
            p = p.replace("2014", str(R.randint(2010, 2019))).replace("1234", str(R.randint(100, 9999))).replace("hello-world", R.choice(["launch", "update", "news-%d" % k]))
            st = 404
        else:
            p = R.choice(pool); st = 200
        L.add(ip, t, "GET", p, st, 180 if st == 404 else R.randint(9000, 50000), "-", ua)
        t += R.expovariate(rate)
    L.write(name, OUT); return ip

def screaming_frog():
    L = Log(seed=204); L.browsers(25, 0, 900)
    ip = "198.51.140.13"; ua = "Screaming Frog SEO Spider/20.4"; t = 200.0
    pages = DOCS + ["/", "/blog/", "/pricing/", "/about/", "/contact/", "/careers/", "/faq/"]
    seen = set()
    for p in pages:
        L.add(ip, t, "GET", p, 200, R.randint(9000, 50000), "-", ua); t += R.uniform(0.02, 0.12)
        for a in ASSETS + ["/static/img/docs-%d.png" % R.randint(1, 300) for _ in range(3)]:
            if a in seen: continue
            seen.add(a)
            L.add(ip, t, "GET", a, 200, R.randint(900, 90000), "-", ua); t += R.uniform(0.02, 0.1)
        if R.random() < 0.15:
            b = R.choice(OLD); L.add(ip, t, "GET", b, 404, 180, "-", ua); t += 0.05
    L.write("screaming-frog", OUT); return ip

def fb_stampede():
    L = Log(seed=205); L.browsers(25, 0, 900)
    ips = ["198.51.140.%d" % i for i in (20, 21)]
    ua = "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"
    t = 300.0; art = "/blog/2026/12/we-are-hiring/"
    for k in range(45):
        ip = ips[k % 2]
        L.add(ip, t, "GET", art + ("?fbclid=IwAR%d" % R.randint(10**9, 10**10) if R.random() < 0.3 else ""), 200, 38211, "-", ua)
        if R.random() < 0.5: L.add(ip, t + 0.1, "GET", "/static/img/og/we-are-hiring.jpg", 200, 120331, "-", ua)
        t += R.uniform(0.05, 0.4)
    L.write("fb-stampede", OUT); return ips

def uptime_kuma():
    L = Log(seed=206); L.browsers(25, 0, 1800)
    ip = "198.51.140.30"; ua = "Uptime-Kuma/1.23.15"
    eps = ["/", "/healthz", "/api/health", "/api/v1/status", "/login", "/docs/", "/blog/", "/pricing/", "/status.json", "/robots.txt", "/sitemap.xml", "/.well-known/security.txt", "/api/v2/ping", "/metrics", "/app/", "/shop/", "/checkout/", "/cart/", "/account/", "/search?q=test"]
    eps += [f"/api/v1/{s}/health" for s in ["users","orders","billing","search","mail","media","auth","reports","inventory","notifications","webhooks","exports","imports","payments","shipping","catalog","reviews","analytics","cms","queue"]]
    for rnd in range(30):
        t = 60 + rnd * 60
        for e in eps:
            st = 401 if e in ("/metrics",) else 200
            L.add(ip, t + R.uniform(0, 0.6), "GET", e, st, R.randint(200, 30000), "-", ua)
    L.write("uptime-kuma-40", OUT); return ip

def lb_health():
    L = Log(seed=207); L.browsers(25, 0, 600)
    ips = ["10.0.1.17", "10.0.2.45", "10.0.3.9"]
    for ip in ips:
        t = R.uniform(0, 1)
        while t < 600:
            L.add(ip, t, "GET", "/healthz", 200, 2, "-", "ELB-HealthChecker/2.0"); t += 1.0
    L.write("lb-health", OUT); return ips

def element_desktop():
    L = Log(seed=208); L.browsers(25, 0, 900)
    ip = "198.51.140.40"
    ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Element/1.11.85 Chrome/130.0.6723.137 Electron/33.2.1 Safari/537.36"
    t = 120.0
    L.add(ip, t, "GET", "/_matrix/client/versions", 200, 1200, "-", ua); t += 0.1
    L.add(ip, t, "GET", "/_matrix/client/v3/pushrules/", 200, 9000, "-", ua); t += 0.1
    L.add(ip, t, "GET", "/_matrix/client/v3/sync?filter=2&set_presence=online&timeout=0", 200, 2400000, "-", ua); t += 2.5
    for k in range(220):
        sid = hashlib.md5(str(k).encode()).hexdigest()[:24]
        L.add(ip, t, "GET", f"/_matrix/media/v3/thumbnail/matrix.org/{sid}?width=64&height=64&method=crop&allow_redirect=true", 200, R.randint(1500, 6000), "-", ua)
        t += R.uniform(0.002, 0.02)
    since = 1000
    for k in range(180):
        L.add(ip, t, "GET", f"/_matrix/client/v3/sync?filter=2&timeout=30000&since=s{since}_48213_0_9921_1012_3_512_80012_0_1", 200, R.randint(800, 9000), "-", ua)
        since += R.randint(1, 4)
        if R.random() < 0.3: L.add(ip, t + 0.05, "POST", "/_matrix/client/v3/rooms/!aBcDeF:example.org/receipt/m.read/$ev%d" % k, 200, 2, "-", ua)
        t += R.uniform(0.15, 0.6)
    L.write("element-desktop", OUT); return ip

def nextcloud_android():
    L = Log(seed=209); L.browsers(25, 0, 900)
    ip = "198.51.140.50"
    ua = "Mozilla/5.0 (Android) Nextcloud-android/3.30.1"
    t = 100.0
    L.add(ip, t, "PROPFIND", "/remote.php/dav/files/alice/Photos/2026/", 207, 180000, "-", ua); t += 1.5
    fid = 184000
    for k in range(400):
        fid += R.randint(1, 3)
        L.add(ip, t, "GET", f"/index.php/core/preview?fileId={fid}&x=256&y=256&a=1&mode=cover&forceIcon=0", 200, R.randint(6000, 22000), "-", ua)
        t += R.uniform(0.01, 0.06)
    L.write("nextcloud-android-photos", OUT); return ip

def woo_checkout():
    L = Log(seed=210); L.browsers(25, 0, 900)
    ip = "198.51.140.60"; ua = IPHONE; H = HOST
    t = L.page(ip, 100, "/checkout/", ua, H + "/cart/")
    t += 1
    for k in range(24):  # update_order_review on every field blur / shipping change
        L.add(ip, t, "POST", "/?wc-ajax=update_order_review", 200, 4200, H + "/checkout/", ua); t += R.uniform(0.8, 4)
    for k in range(6):  # declined cards / validation errors
        L.add(ip, t, "POST", "/?wc-ajax=checkout", 200, 900, H + "/checkout/", ua); t += 0.3
        L.add(ip, t, "POST", "/?wc-ajax=update_order_review", 200, 4200, H + "/checkout/", ua); t += R.uniform(8, 25)
    L.add(ip, t, "POST", "/?wc-ajax=checkout", 200, 300, H + "/checkout/", ua); t += 1
    L.page(ip, t, "/checkout/order-received/8812/?key=wc_order_Xk2mQ9pL4r", ua, H + "/checkout/")
    L.write("woo-checkout", OUT); return ip

def keycloak_tabs():
    L = Log(seed=211); L.browsers(25, 0, 900)
    ip = "198.51.140.70"; ua = CHROME; A = "https://app.example.org"
    t = 100.0
    for tab in range(12):
        L.add(ip, t, "GET", "/realms/acme/protocol/openid-connect/3p-cookies/step1.html", 200, 400, A + "/", ua); t += 0.05
        L.add(ip, t, "POST", "/realms/acme/protocol/openid-connect/token", 400, 84, A + "/", ua); t += 0.05
        L.add(ip, t, "GET", "/realms/acme/protocol/openid-connect/auth?client_id=app&redirect_uri=https%3A%2F%2Fapp.example.org%2F&state=s" + str(tab) + "&response_mode=fragment&response_type=code&scope=openid&nonce=n" + str(tab) + "&prompt=none", 302, 0, A + "/", ua); t += R.uniform(0.05, 0.3)
    t += 5
    L.add(ip, t, "GET", "/realms/acme/protocol/openid-connect/auth?client_id=app&redirect_uri=https%3A%2F%2Fapp.example.org%2F&state=z&response_mode=fragment&response_type=code&scope=openid&nonce=z", 200, 6100, A + "/", ua)
    for a in ["/resources/abcde/login/keycloak/css/login.css", "/resources/abcde/common/keycloak/img/logo.png"]:
        t += 0.05; L.add(ip, t, "GET", a, 200, 9000, "https://sso.example.org/realms/acme/protocol/openid-connect/auth", ua)
    t += 9
    L.add(ip, t, "POST", "/realms/acme/login-actions/authenticate?session_code=abc&execution=def&client_id=app&tab_id=xyz", 302, 0, "https://sso.example.org/realms/acme/protocol/openid-connect/auth", ua); t += 0.4
    for tab in range(12):
        L.add(ip, t, "POST", "/realms/acme/protocol/openid-connect/token", 200, 3900, A + "/", ua); t += 0.1
    L.write("keycloak-12-tabs", OUT); return ip

def moodle_exam_nat():
    L = Log(seed=212); L.browsers(25, 0, 1500)
    ip = "198.51.140.80"; H = HOST
    uas = [CHROME, FIREFOX, SAFARI, EDGE, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
           "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"]
    for s in range(220):
        ua = R.choice(uas); t = 600 + R.uniform(0, 25)
        ref = H + "/mod/quiz/view.php?id=311"
        L.add(ip, t, "POST", "/mod/quiz/startattempt.php", 303, 0, ref, ua); t += 0.3
        att = 9000 + s
        pg = f"/mod/quiz/attempt.php?attempt={att}&cmid=311"
        L.add(ip, t, "GET", pg, 200, 61000, ref, ua)
        for a in ["/theme/yui_combo.php?rollup/3.18.1/yui-moodlesimple-min.js", "/theme/styles.php/boost/1733400000_1/all", "/lib/javascript.php/1733400000/lib/babel-polyfill/polyfill.min.js", "/lib/requirejs.php/1733400000/core/first.js", "/theme/image.php/boost/core/1733400000/favicon"]:
            t += R.uniform(0.02, 0.1)
            L.add(ip, t, "GET", a, R.choice([200, 304]), 20000, H + pg, ua)
        t += 1
        L.add(ip, t, "POST", "/lib/ajax/service.php?sesskey=k%d&info=core_fetch_notifications" % s, 200, 120, H + pg, ua)
        for pgn in range(1, 8):
            t += R.uniform(40, 150)
            L.add(ip, t, "POST", "/mod/quiz/autosave.ajax.php", 200, 60, H + pg, ua)
            L.add(ip, t + R.uniform(5, 30), "POST", "/mod/quiz/processattempt.php?cmid=311", 303, 0, H + pg, ua)
            np = f"/mod/quiz/attempt.php?attempt={att}&cmid=311&page={pgn}"
            t2 = t + 31
            L.add(ip, t2, "GET", np, 200, 58000, H + pg, ua); pg = np
    L.write("moodle-exam-220-nat", OUT); return ip

def ipv6_office():
    L = Log(seed=213); L.browsers(10, 0, 900)
    ips = []
    for h in range(300):
        ip = "2001:db8:4a1:10:%x:%x:%x:%x" % tuple(R.randint(1, 0xffff) for _ in range(4)); ips.append(ip)
    # each host browses a bit, from its own privacy address
    for ip in ips:
        ua = R.choice(BROWSERS); t = R.uniform(0, 900); prev = "https://www.google.com/"
        for _ in range(R.randint(1, 5)):
            p = R.choice(PAGES); t = L.page(ip, t, p, ua, prev, nassets=R.randint(0, 8)); prev = HOST + p; t += R.uniform(5, 60)
    L.write("ipv6-office-300", OUT); return "2001:db8:4a1:10::/64"

res = {}
for f in [linkcheck_lychee, linkchecker_head, screaming_frog, fb_stampede, uptime_kuma, lb_health, element_desktop, nextcloud_android, woo_checkout, keycloak_tabs, moodle_exam_nat, ipv6_office]:
    res[f.__name__] = f()
res["ahrefs"] = seo_crawler_old_links("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", "ahrefs-old-links", 2.0)
res["ccbot"] = seo_crawler_old_links("CCBot/2.0 (https://commoncrawl.org/faq/)", "ccbot-old-links", 4.0)
res["archive"] = seo_crawler_old_links("Mozilla/5.0 (compatible; archive.org_bot +http://archive.org/details/archive.org_bot) Zeno/9a8cb6c warc/v0.8.53", "archiveorg-old-links", 5.0)
print(res)
