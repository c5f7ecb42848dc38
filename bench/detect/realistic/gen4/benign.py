"""fresh-s11 benign4: legitimate clients on real sites, each inside ordinary
browsing of 20-40 other clients. None of these may be banned."""
import datetime, os, sys, uuid, hashlib
from base import *

OUT = os.environ.get("OUT", "/tmp/fresh-s11/benign4")
os.makedirs(OUT, exist_ok=True)
T0 = datetime.datetime(2026, 11, 24, 9, 0, 0)
SC = []


def scen(f):
    SC.append(f)
    return f


def hexid(r, n=40):
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


@scen
def magento_layered_nav():
    L = Log(T0, 101, "shop")
    s = shop_site()
    dur = 1200
    browsers(L, s, 32, dur)
    crawlers(L, s, dur)
    monitor(L, dur)
    r = L.rnd
    keep = []
    # three shoppers who click through layered navigation fast: every click is a
    # full page (Luma is not an SPA) with 12-24 new product thumbnails, plus the
    # customer-data section reload and swatch media calls the page's JS makes.
    for k in range(3):
        ip = L.ip()
        ua = r.choice(UAS)
        keep.append((ip, "shopper clicking filters"))
        t = r.uniform(30, 400)
        cached = set()
        page_view(L, s, t, ip, ua, "/women/dresses.html", "https://www.google.com/", cached)
        t += 6
        ref = s.url("/women/dresses.html")
        filt = {}
        for c in range(r.randint(25, 45)):
            key = r.choice(["color", "size", "price", "material", "product_list_order", "p", "product_list_limit"])
            val = {"color": str(r.choice([49, 50, 52, 56, 57, 58, 60])), "size": str(r.choice([166, 167, 168, 169, 170])),
                   "price": r.choice(["0-20", "20-30", "30-40", "40-50", "50-"]), "material": str(r.choice([35, 36, 37, 148])),
                   "product_list_order": r.choice(["price", "name", "position"]), "p": str(r.randint(2, 5)), "product_list_limit": r.choice(["24", "36"])}[key]
            if key in filt and r.random() < 0.4:
                del filt[key]
            else:
                filt[key] = val
            q = "&".join("%s=%s" % kv for kv in sorted(filt.items()))
            page = "/women/dresses.html" + ("?" + q if q else "")
            L.add(t, ip, "GET", page, 200, r.randint(60000, 95000), ref, ua)
            tt = t + 0.3
            for _ in range(r.randint(12, 24)):
                tt += r.uniform(0.01, 0.08)
                L.add(tt, ip, "GET", "/media/catalog/product/cache/3f1a9c01/%s/%s/img%04d.jpg" % (r.choice("abc"), r.choice("def"), r.randint(1, 900)), 200, r.randint(9000, 40000), s.url(page), ua)
            L.add(tt + 0.1, ip, "GET", "/customer/section/load/?sections=cart%%2Cmessages%%2Ccustomer%%2Cwishlist&force_new_section_timestamp=false&_=%d" % (1764000000000 + int(t * 1000)), 200, 812, s.url(page), ua)
            for _ in range(r.randint(0, 4)):
                L.add(tt + r.uniform(0.2, 2), ip, "GET", "/swatches/ajax/media/?product_id=%d&attributes%%5B93%%5D=%d&additional%%5Bproduct_list_limit%%5D=24" % (r.randint(1200, 2400), r.randint(49, 60)), 200, 412, s.url(page), ua)
            ref = s.url(page)
            t += r.uniform(2.0, 7.0)
    return L, "Magento 2 Luma storefront: 3 shoppers each clicking 25-45 layered-navigation filters (color/size/price/sort/page) every 2-7 s, each a full page with 12-24 new thumbnails, customer section reload and swatch AJAX; 32 ordinary shoppers, crawlers, a monitor", keep, None


@scen
def shopify_predictive_search():
    L = Log(T0, 102, "shop")
    s = Site("store.example-outdoor.com", ["/", "/collections/all", "/collections/tents", "/collections/sleeping-bags", "/products/alpine-2p-tent", "/products/down-quilt-700", "/products/trekking-poles", "/pages/about", "/cart"],
             ["/cdn/shop/t/12/assets/base.css?v=101"], ["/cdn/shop/t/12/assets/global.js?v=101", "/cdn/shop/t/12/assets/predictive-search.js?v=101"],
             lambda p, r: ["/cdn/shop/files/%s_%dx.jpg?v=17%d" % (hexid(r, 8), r.choice([360, 533, 720]), r.randint(10000000, 99999999)) for _ in range(8 if "collections" in p else 3)])
    dur = 1200
    browsers(L, s, 30, dur)
    crawlers(L, s, dur)
    r = L.rnd
    keep = []
    words = ["tent", "sleeping bag", "down jacket", "headlamp", "merino socks", "trekking poles", "stove", "water filter", "rain jacket", "backpack 40l"]
    for k in range(6):
        ip = L.ip("100.%d.%d" % (r.randint(64, 127), r.randint(0, 255))) if k < 2 else L.ip()
        ua = r.choice(UAS)
        keep.append((ip, "shopper typing in predictive search"))
        t = r.uniform(20, 900)
        cached = set()
        page_view(L, s, t, ip, ua, "/", "-", cached)
        t += 4
        for w in r.sample(words, r.randint(3, 6)):
            for i in range(1, len(w) + 1):
                q = w[:i].replace(" ", "+")
                L.add(t, ip, "GET", "/search/suggest?q=%s&section_id=predictive-search&resources%%5Btype%%5D=product%%2Ccollection%%2Cquery&resources%%5Blimit%%5D=4&resources%%5Boptions%%5D%%5Bunavailable_products%%5D=last" % q, 200, r.randint(3000, 14000), s.url("/"), ua)
                t += r.uniform(0.12, 0.35)
            t += 0.5
            L.add(t, ip, "GET", "/search?q=%s&options%%5Bprefix%%5D=last" % w.replace(" ", "+"), 200, 61000, s.url("/"), ua)
            for _ in range(8):
                L.add(t + r.uniform(0.3, 1.2), ip, "GET", "/cdn/shop/files/%s_360x.jpg?v=17%d" % (hexid(r, 8), r.randint(10000000, 99999999)), 200, 21000, s.url("/search"), ua)
            L.add(t + 1.4, ip, "GET", "/cart.js", 200, 640, s.url("/search"), ua)
            L.add(t + 1.5, ip, "GET", "/recommendations/products.json?product_id=%d&limit=4&intent=related" % r.randint(7000000000, 7999999999), 200, 9000, s.url("/search"), ua)
            if r.random() < 0.4:
                L.add(t + 8, ip, "POST", "/cart/add.js", 200, 980, s.url("/products/alpine-2p-tent"), ua)
                L.add(t + 8.3, ip, "GET", "/cart.js", 200, 1400, s.url("/products/alpine-2p-tent"), ua)
                L.add(t + 8.4, ip, "GET", "/?section_id=cart-drawer", 200, 6400, s.url("/products/alpine-2p-tent"), ua)
            t += r.uniform(10, 40)
    return L, "Shopify-style storefront: 6 shoppers (2 on a mobile carrier's CGNAT) using predictive search, one request per keystroke (3-8/s, /search/suggest with a growing q=), then the results page, cart.js, product recommendations and cart/add.js; 30 ordinary shoppers, crawlers", keep, None


CF_EDGES = ["162.158.%d.%d" % (a, b) for a, b in [(90, 12), (90, 44), (118, 3), (166, 88), (190, 21)]] + ["172.70.%d.%d" % (a, b) for a, b in [(42, 7), (85, 150), (126, 9)]] + ["141.101.%d.%d" % (a, b) for a, b in [(68, 91), (98, 30)]]


@scen
def ghost_behind_cloudflare():
    L = Log(T0, 103, "ghost")
    s = blog_site("blog.example-engineering.com")
    dur = 1500
    r = L.rnd
    # Everything arrives from Cloudflare's edges; the client is in X-Forwarded-For
    # (CF-Connecting-IP appended by Cloudflare) and nginx logs it as the last field.
    real = [L.ip() for _ in range(34)]
    L2 = Log(T0, 1031, "x")
    browsers(L2, s, 34, dur, ips=real)
    crawlers(L2, s, dur)
    # the newsletter went out at t=300: 260 readers click the post link within 10 min
    post = "/the-cost-of-microservices/"
    for i in range(260):
        ip = L.ip()
        t = 300 + r.expovariate(1 / 120.0)
        ua = r.choice(UAS)
        ref = r.choice(["-", "-", "https://mail.google.com/", "-"])
        page_view(L2, s, t, ip, ua, post + "?ref=blog.example-engineering.com", ref, set())
        L2.add(t + 1.0, ip, "GET", "/members/api/member/", 204, 0, s.url(post), ua)
        L2.add(t + 1.1, ip, "GET", "/ghost/api/content/settings/?key=22444f78447824223cefc48062", 200, 1900, s.url(post), ua)
        if r.random() < 0.2:
            L2.add(t + r.uniform(20, 200), ip, "GET", "/ghost/api/content/posts/?key=22444f78447824223cefc48062&limit=3&filter=tag:engineering%2Bid:-6741c2", 200, 7800, s.url(post), ua)
    # the author edits a draft in Ghost admin: autosave PUT every ~3 s while typing
    admin = L.ip()
    aua = UAS[7]
    t = 100
    L2.add(t, admin, "GET", "/ghost/", 200, 5400, "-", aua)
    for a in ["/ghost/assets/vendor-4a1b.js", "/ghost/assets/ghost-9c2f.js", "/ghost/assets/ghost-9c2f.css"]:
        L2.add(t + 0.4, admin, "GET", a, 200, 900000, "https://blog.example-engineering.com/ghost/", aua)
    for p in ["/ghost/api/admin/users/me/?include=roles", "/ghost/api/admin/settings/?group=site%2Ctheme%2Cprivate%2Cmembers", "/ghost/api/admin/config/", "/ghost/api/admin/site/"]:
        L2.add(t + 1, admin, "GET", p, 200, 4000, "https://blog.example-engineering.com/ghost/", aua)
    t = 130
    pid = "6741c2a8e4b0f10001a2b3c4"
    while t < 1300:
        L2.add(t, admin, "PUT", "/ghost/api/admin/posts/%s/?formats=mobiledoc%%2Clexical" % pid, 200, 18000, "https://blog.example-engineering.com/ghost/", aua)
        if r.random() < 0.1:
            L2.add(t + 0.5, admin, "POST", "/ghost/api/admin/images/upload/", 201, 260, "https://blog.example-engineering.com/ghost/", aua)
        t += r.uniform(2.5, 9)
    for e in L2.ev:
        t, _, ip, m, p, st, sz, ref, ua, _x = e
        edge = CF_EDGES[hash(ip) % len(CF_EDGES)]
        L.add(t, edge, m, p, st, sz, ref, ua, xff=ip)
    with open(os.path.join(OUT, "ghost-behind-cloudflare.policy.toml"), "w") as f:
        f.write("# Cloudflare's published edge ranges: their X-Forwarded-For is believed\ntrusted_proxies = [\"173.245.48.0/20\",\"103.21.244.0/22\",\"103.22.200.0/22\",\"103.31.4.0/22\",\"141.101.64.0/18\",\"108.162.192.0/18\",\"190.93.240.0/20\",\"188.114.96.0/20\",\"197.234.240.0/22\",\"198.41.128.0/17\",\"162.158.0.0/15\",\"104.16.0.0/13\",\"104.24.0.0/14\",\"172.64.0.0/13\",\"131.0.72.0/22\"]\n")
    keep = [(admin, "author autosaving in Ghost admin")] + [(e, "Cloudflare edge") for e in CF_EDGES]
    return L, "Ghost blog behind Cloudflare (real client in a trailing X-Forwarded-For field, Cloudflare ranges trusted by the fixture's policy): a newsletter sends 260 readers to one post in ~10 min (with members/settings API calls), the author's editor autosaves (PUT) every 2.5-9 s for 20 min, 34 readers and crawlers", keep, "ghost-behind-cloudflare.policy.toml"


@scen
def gitea_ci_clones():
    L = Log(T0, 104, "gitea")
    s = Site("git.example-corp.net", ["/", "/explore/repos", "/platform/api", "/platform/api/pulls", "/platform/api/pulls/318/files", "/platform/web/src/branch/main", "/platform/web/commits/branch/main", "/platform/infra/issues"],
             ["/assets/css/index.css?v=1.22.3"], ["/assets/js/index.js?v=1.22.3", "/assets/js/webcomponents.js?v=1.22.3"], lambda p, r: ["/avatars/%s?size=56" % hexid(r, 32) for _ in range(r.randint(1, 6))])
    dur = 1200
    browsers(L, s, 24, dur)
    r = L.rnd
    # 3 CI runner hosts behind one NAT: each pipeline clones 4 repos and 3 submodules;
    # git first asks without credentials (401), then with the job token.
    nat = L.ip("194.45.112")
    repos = ["platform/api", "platform/web", "platform/proto", "platform/infra", "libs/go-common", "libs/ui-kit", "tools/ci-templates"]
    t = 10
    nclone = 0
    while t < dur:
        for rp in r.sample(repos, 7):
            ua = "git/2.43.0"
            L.add(t, nat, "GET", "/%s.git/info/refs?service=git-upload-pack" % rp, 401, 0, "-", ua)
            L.add(t + 0.05, nat, "GET", "/%s.git/info/refs?service=git-upload-pack" % rp, 200, r.randint(800, 9000), "-", ua)
            for k in range(r.randint(1, 3)):
                L.add(t + 0.2 + k * 0.15, nat, "POST", "/%s.git/git-upload-pack" % rp, 200, r.randint(4000, 40000000), "-", ua)
            if rp in ("platform/web", "libs/ui-kit"):
                lua = "git-lfs/3.4.1 (GitHub; linux amd64; go 1.21.5)"
                L.add(t + 1, nat, "POST", "/%s.git/info/lfs/objects/batch" % rp, 200, 14000, "-", lua)
                for k in range(r.randint(15, 40)):
                    L.add(t + 1.1 + k * 0.04, nat, "GET", "/%s.git/info/lfs/objects/%s" % (rp, hexid(r, 64)), 200, r.randint(30000, 9000000), "-", lua)
            t += r.uniform(0.3, 1.5)
            nclone += 1
        t += r.uniform(20, 90)
    # Renovate checking every repo's dependencies through the Gitea API
    ren = L.ip("35.198.78")
    t = 400
    rua = "Renovate/39.42.4 (https://github.com/renovatebot/renovate)"
    for i in range(60):
        rp = "team%d/svc-%02d" % (i % 6, i)
        for p in ["/api/v1/repos/%s" % rp, "/api/v1/repos/%s/branches?limit=100" % rp, "/api/v1/repos/%s/contents/renovate.json" % rp,
                  "/api/v1/repos/%s/git/trees/main?recursive=true&per_page=100000" % rp, "/api/v1/repos/%s/pulls?state=all&limit=100&page=1" % rp, "/api/v1/repos/%s/issues?state=open&type=issues&limit=100" % rp,
                  "/api/v1/repos/%s/contents/go.mod?ref=main" % rp, "/api/v1/repos/%s/contents/package.json?ref=main" % rp]:
            st = 200 if r.random() < 0.8 else 404
            L.add(t, ren, "GET", p, st, r.randint(200, 60000), "-", rua)
            t += r.uniform(0.05, 0.3)
    return L, "Gitea: a CI runner NAT fetching 7 repositories per pipeline over smart HTTP (info/refs 401 then 200 with the job token, 1-3 git-upload-pack POSTs, LFS batch then 15-40 object GETs at ~25/s) every 20-90 s for 20 min; Renovate walking 60 repositories' API (404 for files a repo lacks); 24 developers browsing", [(nat, "CI runner NAT"), (ren, "Renovate")], None


@scen
def jenkins_ui_polling():
    L = Log(T0, 105, "jenkins")
    s = Site("ci.example-corp.net", ["/", "/job/platform/", "/job/platform/job/api/", "/job/platform/job/api/job/main/", "/job/platform/job/api/job/main/412/", "/job/platform/job/api/job/main/412/console", "/view/all/builds", "/manage/"],
             ["/static/5c1a2b3d/jsbundles/styles.css"], ["/static/5c1a2b3d/jsbundles/vendors.js", "/static/5c1a2b3d/jsbundles/app.js", "/adjuncts/5c1a2b3d/lib/layout/breadcrumbs.js"], lambda p, r: ["/static/5c1a2b3d/images/svgs/logo.svg"])
    dur = 1800
    browsers(L, s, 22, dur)
    r = L.rnd
    keep = []
    office = L.ip("212.91.14")
    keep.append((office, "office NAT: 9 developers' Jenkins tabs and a wall monitor"))
    # 9 developers with 1-4 Jenkins tabs open: each tab polls the executors and queue
    # widgets every 5 s (POST), and a running build's console every 1-2 s
    for d in range(9):
        ua = r.choice(UAS[:4] + [UAS[7]])
        for tab in range(r.randint(1, 4)):
            t = r.uniform(0, 60)
            end = r.uniform(900, dur)
            while t < end:
                L.add(t, office, "POST", "/ajaxExecutors", 200, r.randint(900, 3000), s.url("/job/platform/job/api/job/main/"), ua)
                L.add(t + 0.02, office, "POST", "/ajaxBuildQueue", 200, r.randint(300, 1200), s.url("/job/platform/job/api/job/main/"), ua)
                t += 5 + r.uniform(0, 0.3)
        b = r.randint(400, 460)
        t = r.uniform(60, 1200)
        start = 0
        for k in range(r.randint(60, 300)):
            L.add(t, office, "POST", "/job/platform/job/api/job/main/%d/logText/progressiveHtml" % b, 200, r.randint(0, 6000), s.url("/job/platform/job/api/job/main/%d/console" % b), ua)
            t += r.uniform(1, 2.2)
    # the wall monitor: Build Monitor view refreshes every 5 s
    wua = "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
    t = 0
    while t < dur:
        L.add(t, office, "POST", "/view/Wall/fetchJobViews", 200, 14000, s.url("/view/Wall/"), wua)
        t += 5
    # inbound agents reconnecting after the controller restart at t=900
    for a in range(14):
        ip = L.ip("10.20.3")
        keep.append((ip, "Jenkins agent"))
        aua = "Jenkins-Remoting/3261.v9c670a_4748a_9"
        t = 900 + r.uniform(0, 5)
        for k in range(r.randint(6, 20)):
            L.add(t, ip, "GET", "/tcpSlaveAgentListener/", 503, 180, "-", aua)
            t += 10
        L.add(t, ip, "GET", "/tcpSlaveAgentListener/", 200, 180, "-", aua)
        L.add(t + 0.1, ip, "GET", "/wsagents/", 101, 0, "-", aua)
    return L, "Jenkins: an office NAT with 9 developers' tabs each POSTing ajaxExecutors+ajaxBuildQueue every 5 s, progressive console output every 1-2 s for running builds and a Build Monitor wall (POST every 5 s); 14 inbound agents retrying /tcpSlaveAgentListener/ every 10 s (503) while the controller restarts, then websockets; 22 users browsing", keep, None


@scen
def k8s_probes_and_scrapes():
    L = Log(T0, 106, "k8s")
    s = app_site("app.example-saas.io")
    dur = 1200
    browsers(L, s, 28, dur)
    r = L.rnd
    keep = []
    # kubelet probes from 6 nodes: liveness and readiness every 10 s for 5 pods each
    for n in range(6):
        ip = "10.42.%d.1" % n
        keep.append((ip, "kube-probe node %d" % n))
        for pod in range(5):
            for path, every in [("/healthz", 10), ("/readyz", 5)]:
                t = r.uniform(0, every)
                while t < dur:
                    st = 200
                    if 600 < t < 660 and pod == 2:
                        st = 503  # a rollout: the pod is terminating
                    L.add(t, ip, "GET", path, st, 2, "-", "kube-probe/1.30")
                    t += every
    # the cloud load balancer's health checks from 8 addresses every 5 s
    for k in range(8):
        ip = "130.211.%d.%d" % (r.randint(0, 3), r.randint(2, 250))
        keep.append((ip, "GCP LB health check"))
        t = r.uniform(0, 5)
        while t < dur:
            L.add(t, ip, "GET", "/healthz", 200, 2, "-", "GoogleHC/1.0")
            t += 5
    # Prometheus scraping 120 pods through the API server proxy every 30 s; at
    # t=600 a rollout replaces 40 of them and their old names 404 / 503 until service
    # discovery refreshes ~60 s later
    prom = L.ip("34.107.40")
    keep.append((prom, "Prometheus"))
    pods = ["web-7d9c8b6f5-%s" % hexid(r, 5) for _ in range(40)] + ["api-5f6b7c9d8-%s" % hexid(r, 5) for _ in range(50)] + ["worker-6c8d9f7b4-%s" % hexid(r, 5) for _ in range(30)]
    off = {p: r.uniform(0, 30) for p in pods}
    pua = "Prometheus/2.55.1"
    for p in pods:
        t = off[p]
        gone = p.startswith("web") or p.startswith("api-") and hash(p) % 5 == 0
        while t < dur:
            st = 200
            if gone and 600 < t < 680:
                st = 404 if t > 615 else 503
            elif gone and t >= 680:
                break
            L.add(t, prom, "GET", "/api/v1/namespaces/prod/pods/%s:9090/proxy/metrics" % p, st, r.randint(30000, 200000) if st == 200 else 180, "-", pua)
            t += 30
    return L, "Kubernetes: kubelet liveness/readiness probes from 6 nodes, GCP load-balancer health checks from 8 addresses, Prometheus scraping 120 pods through the API-server proxy every 30 s (4/s, a rollout leaves ~50 vanished pods answering 503/404 for a minute); 28 users", keep, None


@scen
def mobile_token_refresh_storm():
    L = Log(T0, 107, "api")
    s = Site("www.example-bank.de", ["/", "/privatkunden/", "/konto/", "/karten/", "/kontakt/", "/impressum/"], ["/static/main.css"], ["/static/main.js"], lambda p, r: ["/static/img/hero%d.webp" % r.randint(1, 6)])
    dur = 1500
    browsers(L, s, 30, dur)
    r = L.rnd
    # a 6-minute API outage (502) ends at t=700; each carrier CGNAT address carries
    # ~150 app users whose access tokens expired meanwhile: first call 401, refresh
    # token POST, then the home screen's 6 calls
    keep = []
    cg = [L.ip("100.78.%d" % r.randint(0, 255)) for _ in range(3)] + [L.ip("80.187.%d" % r.randint(64, 127)) for _ in range(3)]
    for ip in cg:
        keep.append((ip, "carrier CGNAT (app users)"))
        for u in range(150):
            ua = r.choice(["ExampleBank/7.3.1 (iPhone; iOS 18.1.1; Scale/3.00)", "ExampleBank/7.3.1 (Android 14; SM-A546B)", "okhttp/4.12.0", "ExampleBank/7.3.0 (iPhone; iOS 17.6.1; Scale/3.00)"])
            # during the outage, retries with backoff
            t = r.uniform(340, 700)
            for k in range(r.randint(0, 3)):
                L.add(t, ip, "GET", "/api/v2/accounts", 502, 166, "-", ua)
                t += r.choice([2, 4, 8, 16])
            t = max(t, 700 + r.expovariate(1 / 25.0))
            L.add(t, ip, "GET", "/api/v2/accounts", 401, 96, "-", ua)
            L.add(t + 0.2, ip, "POST", "/oauth/token", 200 if r.random() < 0.97 else 400, 1400, "-", ua)
            for p in ["/api/v2/accounts", "/api/v2/accounts/balances", "/api/v2/notifications?unread=true", "/api/v2/cards", "/api/v2/config/app?platform=ios", "/api/v2/transactions?limit=20"]:
                L.add(t + 0.5 + r.uniform(0, 0.6), ip, "GET", p, 200, r.randint(400, 9000), "-", ua)
            # before the outage, ordinary use
            t0 = r.uniform(0, 330)
            for p in ["/api/v2/accounts", "/api/v2/transactions?limit=20"]:
                L.add(t0 + r.uniform(0, 0.4), ip, "GET", p, 200, r.randint(400, 9000), "-", ua)
    return L, "Banking app after a 6-minute API outage: 6 carrier CGNAT addresses with ~150 app users each; retries with backoff (502), then at recovery every user's expired token gives a 401, an /oauth/token refresh POST (3 % refused) and the home screen's 6 API calls (~30 requests/s per address for a minute); 30 web visitors", keep, None


@scen
def school_homework_deadline_nat():
    L = Log(T0.replace(hour=22, minute=40), 108, "lms")
    s = Site("lms.example-gymnasium.de", ["/", "/courses/12", "/courses/12/assignments/44", "/courses/12/modules", "/calendar", "/conversations"],
             ["/dist/brandable_css/new_styles_normal_contrast/bundles/common-8a1f.css"], ["/dist/webpack-production/main-e41c.js", "/dist/webpack-production/vendor-0b2d.js"], lambda p, r: ["/images/messages/avatar-50.png"])
    dur = 1500
    browsers(L, s, 22, dur)
    r = L.rnd
    school = L.ip("141.30.220")
    # 80 pupils at home? no: a boarding school's one address, 80 pupils submitting
    # an essay due at 23:00; session expired for many -> login (some mistype)
    ua_pool = ["Mozilla/5.0 (X11; CrOS x86_64 15917.71.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"] * 3 + UAS[:3]
    for p in range(80):
        ua = r.choice(ua_pool)
        t = 1200 - r.expovariate(1 / 200.0)
        if t < 0:
            t = r.uniform(0, 300)
        ref = s.url("/courses/12/assignments/44")
        if r.random() < 0.5:
            L.add(t, school, "GET", "/courses/12/assignments/44", 302, 120, "-", ua)
            L.add(t + 0.1, school, "GET", "/login/canvas", 200, 9000, "-", ua)
            t += r.uniform(6, 20)
            for k in range(1 if r.random() < 0.8 else r.randint(2, 3)):
                L.add(t, school, "POST", "/login/canvas", 302, 0, s.url("/login/canvas"), ua)
                L.add(t + 0.1, school, "GET", "/login/canvas", 200, 9100, s.url("/login/canvas"), ua)
                t += r.uniform(5, 12)
            L.add(t, school, "POST", "/login/canvas", 302, 0, s.url("/login/canvas"), ua)
        page_view(L, s, t + 0.2, school, ua, "/courses/12/assignments/44", "-", set())
        t += r.uniform(20, 90)
        L.add(t, school, "POST", "/api/v1/courses/12/assignments/44/submissions/self/files", 200, 900, ref, ua)
        L.add(t + 0.3, school, "POST", "/files_api", 201, 600, ref, ua)
        L.add(t + r.uniform(2, 8), school, "GET", "/api/v1/files/%d?include[]=enhanced_preview_url" % r.randint(100000, 999999), 200, 1500, ref, ua)
        t += r.uniform(3, 15)
        L.add(t, school, "POST", "/courses/12/assignments/44/submissions", 302, 0, ref, ua)
        page_view(L, s, t + 0.2, school, ua, "/courses/12/assignments/44?submitted=1", "-", set())
    return L, "Canvas LMS at 22:40-23:05: a boarding school's one address with 80 pupils submitting an essay due at 23:00 (half with an expired session: login page, 20 % mistype once or twice, file upload, submit); 22 others", [(school, "boarding school NAT")], None


@scen
def text_browsers_and_screen_reader():
    L = Log(T0, 109, "forum")
    pages = ["/t/switching-from-ansible-to-nix/%d?page=%d" % (1842, i) for i in range(1, 31)] + ["/latest", "/c/help/5", "/t/ssd-wearout-on-zfs/1901", "/u/mkoenig/summary"]
    s = Site("discuss.example-linux.org", pages, ["/stylesheets/desktop_theme.css"], ["/assets/discourse-4b1c.js"], lambda p, r: ["/user_avatar/discuss.example-linux.org/u%d/48/%d_2.png" % (r.randint(1, 80), r.randint(1, 900)) for _ in range(r.randint(2, 8))])
    dur = 1500
    browsers(L, s, 30, dur)
    r = L.rnd
    keep = []
    # lynx, w3m and elinks read a 30-page thread page by page (no assets, no JS:
    # Discourse serves them the crawler view), ~1 page each 3-15 s
    for ua in ["Lynx/2.9.0dev.12 libwww-FM/2.14 SSL-MM/1.4.1 GNUTLS/3.7.8", "w3m/0.5.3+git20230121", "ELinks/0.16.1.1 (textmode; Linux 6.6.52 x86_64; 200x51-2)"]:
        ip = L.ip()
        keep.append((ip, ua.split("/")[0]))
        t = r.uniform(0, 400)
        ref = "-"
        for p in pages[:30]:
            L.add(t, ip, "GET", p, 200, r.randint(20000, 45000), ref if not ua.startswith("w3m") else "-", ua)
            ref = s.url(p)
            t += r.uniform(3, 15)
    # a blind user with NVDA + Firefox jumping through pages by headings: whole
    # pages with assets, ~1 navigation every 2-6 s, many back/forward (304)
    ip = L.ip()
    keep.append((ip, "NVDA user"))
    t = 200
    cached = set()
    ref = "-"
    for i in range(80):
        p = r.choice(pages)
        if p in cached and r.random() < 0.5:
            L.add(t, ip, "GET", p, 304, 0, ref, UAS[3])
        else:
            page_view(L, s, t, ip, UAS[3], p, ref, cached)
            cached.add(p)
        ref = s.url(p)
        t += r.uniform(2, 6)
    return L, "Discourse forum: Lynx, w3m (no Referer) and ELinks reading a 30-page thread page by page without assets every 3-15 s; an NVDA screen-reader user jumping by headings through 80 pages in ~5 minutes (back/forward 304s); 30 browsers", keep, None


@scen
def podcast_release():
    L = Log(T0.replace(hour=5, minute=58), 110, "pod")
    s = Site("www.example-podcast.fm", ["/", "/episodes/", "/episodes/212-the-last-mile/", "/episodes/211-dns-all-the-way-down/", "/about/"], ["/css/site.css"], ["/js/player.js"], lambda p, r: ["/img/cover-%d.jpg" % r.randint(200, 212)])
    dur = 1500
    browsers(L, s, 25, dur)
    r = L.rnd
    keep = []
    ep = "/media/episodes/212-the-last-mile.mp3"
    size = 58123456
    # Apple's podcast crawlers poll the feed, then after release fetch the enclosure
    for k in range(4):
        ip = "17.58.%d.%d" % (r.randint(96, 103), r.randint(2, 250))
        keep.append((ip, "Apple Podcasts crawler"))
        t = r.uniform(0, 60)
        while t < dur:
            L.add(t, ip, "GET", "/feed/podcast.xml", 200 if t > 120 and r.random() < 0.3 else 304, 180000, "-", "iTMS")
            t += r.uniform(60, 240)
        L.add(r.uniform(130, 300), ip, "HEAD", ep, 200, 0, "-", "iTMS")
    # Overcast / Pocket Casts / Podcast Index servers
    for ua, pre in [("Overcast/1.0 Podcast Sync (+http://overcast.fm/)", "167.99.27"), ("PocketCasts/1.0 (Pocket Casts Feed Parser; +http://pocketcasts.com/)", "35.190.44"), ("PodcastIndex.org/1.0", "52.14.212")]:
        ip = L.ip(pre)
        keep.append((ip, ua.split("/")[0]))
        t = r.uniform(0, 30)
        while t < dur:
            L.add(t, ip, "GET", "/feed/podcast.xml", 304 if t < 120 else 200, 180000, "-", ua)
            t += r.uniform(30, 180)
    # listeners' apps download the episode with Range requests: AppleCoreMedia
    # streams in 1-2 MB ranges (206 each), many from carrier CGNAT addresses
    cgn = [L.ip("100.64.%d" % r.randint(0, 255)) for _ in range(3)]
    for ip in cgn:
        keep.append((ip, "carrier CGNAT listeners"))
    for u in range(180):
        ip = r.choice(cgn) if r.random() < 0.35 else L.ip()
        if ip not in cgn and u < 8:
            keep.append((ip, "listener"))
        ua = r.choice(["AppleCoreMedia/1.0.0.22B91 (iPhone; U; CPU OS 18_1_1 like Mac OS X; en_us)", "Podcasts/1555.2.1 CFNetwork/1568.200.51 Darwin/24.1.0", "Overcast/3.0 (+http://overcast.fm/; iOS podcast app)", "PocketCasts/7.76 (Android 14)", "Spotify/8.9.96 Android/34 (SM-S918B)"])
        t = 120 + r.expovariate(1 / 300.0)
        if ua.startswith("AppleCoreMedia"):
            L.add(t, ip, "GET", ep, 206, 2, "-", ua)
            pos = 0
            while pos < size * r.uniform(0.1, 1.0):
                ln = r.choice([1048576, 2097152])
                L.add(t, ip, "GET", ep, 206, ln, "-", ua)
                pos += ln
                t += r.uniform(0.3, 4)
        else:
            L.add(t, ip, "GET", "/media/episodes/212-the-last-mile.mp3?_from=%s" % r.choice(["overcast", "pocketcasts", "spotify"]), 302, 0, "-", ua)
            L.add(t + 0.3, ip, "GET", ep, 200, size, "-", ua)
    return L, "Podcast release at 06:00: Apple (iTMS), Overcast, Pocket Casts and Podcast Index polling the feed (304 until the new episode), then 180 listeners' apps downloading the episode, AppleCoreMedia in 1-2 MB Range requests (206, up to ~50 per listener), a third through 3 carrier CGNAT addresses; 25 web visitors", keep, None


@scen
def activitypub_boost_stampede():
    L = Log(T0, 111, "masto")
    s = Site("social.example-coop.org", ["/", "/@alice", "/@alice/113551234567890123", "/explore", "/about", "/@bob"], ["/packs/css/common-8c1f.css"], ["/packs/js/common-8c1f.js", "/packs/js/locale/en-json-1a2b.js"], lambda p, r: ["/system/accounts/avatars/000/000/%03d/original/%s.png" % (r.randint(1, 300), hexid(r, 16))])
    dur = 900
    browsers(L, s, 26, dur)
    r = L.rnd
    keep = []
    # alice's post with a link to the instance's blog is boosted widely at t=120:
    # ~400 remote servers fetch the status, alice's actor and the link preview
    softw = ["http.rb/5.2.0 (Mastodon/4.3.1; +https://%s/)", "http.rb/5.1.1 (Mastodon/4.2.13; +https://%s/)", "Akkoma 3.13.2; https://%s <admin@%s>", "Misskey/2024.10.1 (https://%s)", "GoToSocial/0.17.3 (+https://%s)", "Pleroma 2.7.0; https://%s <admin@%s>"]
    for i in range(400):
        ip = L.ip()
        dom = "%s.%s" % (r.choice(["mastodon", "social", "toot", "fedi", "mstdn", "hachyderm", "infosec", "fosstodon"]), r.choice(["social", "io", "net", "org", "exchange", "de", "uk"]))
        fmt = r.choice(softw)
        ua = fmt.replace("%s", dom + str(i))
        t = 120 + r.expovariate(1 / 60.0)
        L.add(t, ip, "GET", "/users/alice/statuses/113551234567890123", 200, 3400, "-", ua)
        L.add(t + 0.2, ip, "GET", "/users/alice", 200, 2800, "-", ua)
        if r.random() < 0.6:
            L.add(t + 0.5, ip, "GET", "/@alice/113551234567890123", 200, 41000, "-", ua)
            L.add(t + 0.9, ip, "GET", "/system/media_attachments/files/113/551/234/original/%s.jpeg" % hexid(r, 16), 200, 320000, "-", ua)
        L.add(t + r.uniform(1, 5), ip, "POST", "/inbox", 202, 0, "-", ua)
        if i < 10:
            keep.append((ip, "remote instance"))
    # the big instances use a few delivery addresses each
    for big in ["mastodon.social", "mas.to", "fosstodon.org"]:
        for k in range(2):
            ip = L.ip()
            keep.append((ip, big))
            ua = "http.rb/5.2.0 (Mastodon/4.4.0-nightly; +https://%s/)" % big
            t = 121
            for j in range(r.randint(40, 120)):
                L.add(t, ip, "POST", "/inbox" if r.random() < 0.7 else "/users/%s/inbox" % r.choice(["alice", "bob", "carol"]), 202, 0, "-", ua)
                if r.random() < 0.3:
                    L.add(t + 0.05, ip, "GET", "/users/%s" % r.choice(["alice", "bob", "carol", "dave"]), 200, 2800, "-", ua)
                t += r.expovariate(1 / 2.0)
    return L, "Mastodon instance whose post is boosted widely: ~400 remote servers (Mastodon, Akkoma, Misskey, GoToSocial, Pleroma) each fetch the status, the actor, the status page, the image and deliver to /inbox within minutes; mastodon.social, mas.to and fosstodon.org deliver 40-120 activities each from 2 addresses; 26 users", keep, None


@scen
def seo_audit_crawlers():
    L = Log(T0, 112, "seo")
    s = shop_site("www.example-furniture.co.uk")
    dur = 1200
    browsers(L, s, 30, dur)
    r = L.rnd
    keep = []
    # Screaming Frog SEO Spider, default 5 threads, no limit: ~12 URLs/s incl.
    # images/css/js, 301 chains and broken links, run by the shop's agency
    sf = L.ip("81.137.201")
    keep.append((sf, "Screaming Frog (agency audit)"))
    ua = "Screaming Frog SEO Spider/21.2"
    t = 200
    urls = []
    for i in range(1800):
        kind = r.random()
        if kind < 0.45:
            u = "/%s-%d.html" % (r.choice(["oak-table", "velvet-sofa", "bookcase", "bed-frame", "desk", "armchair", "sideboard"]), r.randint(1, 900))
            st = 200 if r.random() < 0.93 else r.choice([404, 301, 410])
        elif kind < 0.6:
            u = "/%s.html?p=%d" % (r.choice(["living-room", "bedroom", "office", "dining", "outdoor"]), r.randint(1, 40))
            st = 200
        elif kind < 0.9:
            u = "/media/catalog/product/cache/3f1a9c01/%s/%s/img%04d.jpg" % (r.choice("abc"), r.choice("def"), r.randint(1, 9000))
            st = 200 if r.random() < 0.97 else 404
        else:
            u = r.choice(["/static/version1733/frontend/Luma/en_GB/css/styles-m.min.css", "/static/version1733/_cache/merged/bundle.min.js", "/blog/%d/" % r.randint(1, 300), "/old-collection/%d" % r.randint(1, 100)])
            st = 200 if not u.startswith("/old") else 301
        L.add(t, sf, "GET", u, st, r.randint(500, 90000), "-", ua)
        t += r.expovariate(12.0)
    # commercial SEO crawlers at their usual pace
    for ua, pre, n, gap in [("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", "54.36.148", 6, (6, 20)), ("Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)", "85.208.96", 5, (5, 25)), ("Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)", "136.243.16", 1, (3, 10)), ("Mozilla/5.0 (compatible; DotBot/1.2; +https://opensiteexplorer.org/dotbot; help@moz.com)", "216.244.66", 1, (4, 15))]:
        for k in range(n):
            ip = L.ip(pre)
            keep.append((ip, ua.split(";")[1].strip()))
            t = r.uniform(0, 100)
            L.add(t, ip, "GET", "/robots.txt", 200, 310, "-", ua)
            while t < dur:
                t += r.uniform(*gap)
                p = r.choice(s.pages + ["/%s-%d.html" % (r.choice(["oak-table", "desk"]), r.randint(1, 900)), "/old-collection/%d" % r.randint(1, 100)])
                L.add(t, ip, "GET", p, 200 if r.random() < 0.9 else r.choice([301, 404]), r.randint(9000, 80000), "-", ua)
    return L, "Magento shop audited by its SEO agency: Screaming Frog at its default 5 threads (~12 URLs/s for 2.5 min: pages, listing pages, images, css/js, 301s and 4 % broken links), AhrefsBot and SemrushBot from several addresses each, MJ12bot, DotBot; 30 shoppers", keep, None


@scen
def translate_and_amp_proxies():
    L = Log(T0, 113, "news")
    s = blog_site("www.example-news.de")
    dur = 1200
    browsers(L, s, 30, dur)
    r = L.rnd
    keep = []
    # Google Translate's proxy (*.translate.goog) fetches on behalf of many readers:
    # few Google addresses, the readers' own UAs plus ",gzip(gfe)"
    gt = ["66.249.84.%d" % r.randint(2, 250) for _ in range(3)] + ["66.102.9.%d" % r.randint(2, 250)]
    for ip in gt:
        keep.append((ip, "Google Translate proxy"))
    for u in range(140):
        ip = r.choice(gt)
        ua = r.choice(UAS) + ",gzip(gfe)"
        t = r.uniform(0, dur)
        for k in range(r.randint(1, 5)):
            p = r.choice(s.pages)
            L.add(t, ip, "GET", p + ("?_x_tr_sl=de&_x_tr_tl=%s&_x_tr_hl=%s&_x_tr_pto=wapp" % ((lambda l: (l, l))(r.choice(["en", "fr", "tr", "uk", "ar"])))), 200, r.randint(20000, 80000), "-", ua)
            for a in s.css + s.js + s.imgs_for(p, r):
                L.add(t + r.uniform(0.3, 1.5), ip, "GET", a, 200, r.randint(3000, 90000), "-", ua)
            t += r.uniform(20, 120)
    # Google AMP cache and Bing's AMP cache fetching /amp/ pages and images
    for ua, pre in [("Mozilla/5.0 (compatible; Google-AMPHTML)", "66.249.93"), ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) BingAMP", "40.77.167")]:
        ip = L.ip(pre)
        keep.append((ip, "AMP cache"))
        t = r.uniform(0, 10)
        while t < dur:
            p = r.choice(s.pages[1:11])
            L.add(t, ip, "GET", p + "amp/", 200, 30000, "-", ua)
            for im in s.imgs_for(p, r):
                L.add(t + 0.2, ip, "GET", im, 200, 80000, "-", ua)
            t += r.uniform(2, 12)
    # Facebook and LinkedIn link previews after a share
    for ua, pre, n in [("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "69.171.249", 6), ("LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)", "108.174.2", 2)]:
        for k in range(n):
            ip = L.ip(pre)
            keep.append((ip, ua.split("/")[0]))
            t = 500 + r.uniform(0, 30)
            for j in range(r.randint(3, 12)):
                L.add(t, ip, "GET", "/the-cost-of-microservices/?fbclid=IwAR%s" % hexid(r, 20), 200, 41000, "-", ua)
                L.add(t + 0.3, ip, "GET", "/content/images/size/w1600/2026/11/the-cost-of.jpg", 200, 220000, "-", ua)
                t += r.uniform(0.5, 8)
    return L, "News site read through Google Translate's proxy (4 Google addresses fetching pages with _x_tr_ queries and every asset for ~140 readers), the Google and Bing AMP caches, and Facebook/LinkedIn link previews after a share (same post with a new fbclid each time); 30 readers", keep, None


@scen
def sse_reconnect_after_reload():
    L = Log(T0, 114, "sse")
    s = app_site("ops.example-logistics.com", ["/", "/board", "/board/depot-7", "/shipments", "/shipments/88123", "/settings"])
    dur = 1200
    browsers(L, s, 24, dur)
    r = L.rnd
    keep = []
    # a control room and 2 depots keep dashboards open on EventSource streams; the
    # backend is redeployed at t=600 and is down 40 s: every EventSource reconnects
    # each 3 s (the server's retry:), with Last-Event-ID (invisible), then resumes
    for site_ip, n in [(L.ip("212.18.30"), 45), (L.ip("93.104.18"), 25), (L.ip("88.79.150"), 20)]:
        keep.append((site_ip, "depot/control room with %d dashboards" % n))
        for d in range(n):
            ua = r.choice(UAS[:4])
            t = r.uniform(0, 120)
            L.add(t, site_ip, "GET", "/board/depot-7", 200, 9000, "-", ua)
            L.add(t + 0.5, site_ip, "GET", "/api/events/stream?topics=shipments,alerts", 200, r.randint(100000, 900000), s.url("/board/depot-7"), ua)
            t = 600 + r.uniform(0, 2)
            L.add(t, site_ip, "GET", "/api/events/stream?topics=shipments,alerts", 200, r.randint(10000, 900000), s.url("/board/depot-7"), ua)
            t += 3 + r.uniform(0, 0.3)
            while t < 640:
                L.add(t, site_ip, "GET", "/api/events/stream?topics=shipments,alerts", r.choice([502, 502, 504]), 166, s.url("/board/depot-7"), ua)
                t += 3 + r.uniform(0, 0.3)
            L.add(t, site_ip, "GET", "/api/events/stream?topics=shipments,alerts", 200, r.randint(100000, 900000), s.url("/board/depot-7"), ua)
            for p in ["/api/shipments?status=open&depot=7", "/api/alerts?ack=false"]:
                L.add(t + 0.2, site_ip, "GET", p, 200, 24000, s.url("/board/depot-7"), ua)
    return L, "Logistics dashboards on Server-Sent Events: a control room (45 screens) and two depots (25, 20) behind one address each; a backend redeploy takes 40 s and every EventSource reconnects every 3 s (502/504, ~15/s from the control room), then resumes and refetches 2 API lists; 24 users", keep, None


@scen
def erp_sync_openapi_429():
    L = Log(T0.replace(hour=2), 115, "api")
    s = app_site("api.example-wholesale.com", ["/", "/docs", "/docs/reference", "/status"])
    dur = 1500
    browsers(L, s, 20, dur)
    r = L.rnd
    erp = L.ip("91.213.40")
    ua = "OpenAPI-Generator/3.2.0/python"
    t = 60
    page = 1
    # nightly ERP sync generated from the OpenAPI spec: list page, then each
    # customer's addresses and price list (N+1), 8 worker threads; the API's rate
    # limit answers 429 with Retry-After which the client honours
    while page <= 40 and t < dur:
        L.add(t, erp, "GET", "/v3/customers?page=%d&per_page=50&updated_since=2026-11-23T02%%3A00%%3A00Z" % page, 200, 42000, "-", ua)
        t += 0.2
        for c in range(50):
            cid = r.randint(100000, 999999)
            for p in ["/v3/customers/%d/addresses" % cid, "/v3/customers/%d/price-lists" % cid]:
                st = 200 if r.random() < 0.97 else 404
                if r.random() < 0.04:
                    L.add(t, erp, "GET", p, 429, 120, "-", ua)
                    t += 1.0
                L.add(t, erp, "GET", p, st, r.randint(300, 6000), "-", ua)
                t += r.uniform(0.02, 0.08)
        if page % 10 == 0:
            L.add(t, erp, "POST", "/v3/oauth/token", 200, 900, "-", ua)
        page += 1
        t += 0.5
    return L, "Nightly ERP sync by an OpenAPI-generated Python client: 40 list pages of 50 customers, then each customer's addresses and price lists (N+1, ~16 requests/s for ~4 min, 3 % 404 for deleted records, 4 % 429 honoured with a 1 s wait), a token refresh each 10 pages; 20 visitors", [(erp, "ERP sync")], None


@scen
def wp_multisite_network_upgrade():
    L = Log(T0, 116, "wpms")
    s = blog_site("www.example-university.edu")
    dur = 1200
    browsers(L, s, 30, dur)
    r = L.rnd
    admin = L.ip("129.187.44")
    ua = UAS[3]
    ref = "https://www.example-university.edu/wp-admin/network/"
    t = 100
    for p in ["/wp-admin/network/", "/wp-admin/network/update-core.php", "/wp-admin/network/plugins.php?plugin_status=upgrade"]:
        L.add(t, admin, "GET", p, 200, 60000, ref, ua)
        for a in ["/wp-admin/load-styles.php?c=1&dir=ltr&load%5Bchunk_0%5D=dashicons,admin-bar,common,forms,admin-menu,dashboard&ver=6.7.1", "/wp-admin/load-scripts.php?c=1&load%5Bchunk_0%5D=jquery-core,jquery-migrate,utils&ver=6.7.1"]:
            L.add(t + 0.3, admin, "GET", a, 200, 90000, s.url(p), ua)
        t += r.uniform(5, 20)
    # bulk plugin update: one admin-ajax update-plugin POST per plugin
    for pl in ["akismet", "wordpress-seo", "contact-form-7", "wp-mail-smtp", "redirection", "wordfence", "tablepress", "the-events-calendar", "duplicate-post", "classic-editor", "user-role-editor", "h5p"]:
        L.add(t, admin, "POST", "/wp-admin/admin-ajax.php", 200, 800, s.url("/wp-admin/network/plugins.php?plugin_status=upgrade"), ua)
        t += r.uniform(3, 12)
    # Upgrade Network: the page calls each site's upgrade.php in batches of 5
    L.add(t, admin, "GET", "/wp-admin/network/upgrade.php", 200, 9000, ref, ua)
    t += 5
    for n in range(0, 160, 5):
        L.add(t, admin, "GET", "/wp-admin/network/upgrade.php?action=upgrade&n=%d" % n, 200, 3000, s.url("/wp-admin/network/upgrade.php"), ua)
        for k in range(5):
            site = ["fakultaet-%d" % i for i in range(1, 40)] + ["institut-%d" % i for i in range(1, 130)]
            sl = site[(n + k) % len(site)]
            L.add(t + 0.1 + k * 0.3, admin, "GET", "/%s/wp-admin/upgrade.php?step=upgrade_db" % sl, 200 if r.random() < 0.95 else 500, 180, "-", "WordPress/6.7.1; https://www.example-university.edu")
        t += r.uniform(1.5, 3.5)
    # sites that 500ed are visited by hand: their dashboards
    for sl in ["institut-%d" % i for i in r.sample(range(1, 130), 12)]:
        for p in ["/%s/wp-admin/" % sl, "/%s/wp-admin/upgrade.php" % sl, "/%s/wp-admin/plugins.php" % sl]:
            L.add(t, admin, "GET", p, 200, 40000, "https://www.example-university.edu/wp-admin/network/sites.php", ua)
            t += r.uniform(1, 4)
        L.add(t, admin, "POST", "/%s/wp-admin/admin-ajax.php" % sl, 200, 60, s.url("/%s/wp-admin/" % sl), ua)
    # while heartbeat runs every 15 s in two open tabs
    for tab in range(2):
        tt = 100 + tab * 3
        while tt < dur:
            L.add(tt, admin, "POST", "/wp-admin/admin-ajax.php", 200, 60, ref, ua)
            tt += 15
    return L, "WordPress multisite of a university (160 sites): the network admin updates 12 plugins, runs Upgrade Network (the page calls each site's wp-admin/upgrade.php?step=upgrade_db, 5 per batch, ~2 batches/s; the server's own UA is WordPress/6.7.1 but the address is the admin's browser), then opens 12 sites' dashboards by hand; heartbeat in 2 tabs; 30 visitors", [(admin, "network admin")], None


@scen
def adminer_dba():
    L = Log(T0, 117, "adm")
    s = app_site("intranet.example-stadtwerke.de")
    dur = 1200
    browsers(L, s, 24, dur)
    r = L.rnd
    dba = L.ip("62.96.140")
    ua = UAS[6]
    base = "/tools/adminer.php?pgsql=db-1&username=ops&db=billing&ns=public"
    t = 50
    L.add(t, dba, "GET", "/tools/adminer.php", 200, 14000, "-", ua)
    L.add(t + 0.3, dba, "GET", "/tools/adminer.php?file=default.css&version=4.8.1", 200, 8000, s.url("/tools/adminer.php"), ua)
    L.add(t + 0.3, dba, "GET", "/tools/adminer.php?file=functions.js&version=4.8.1", 200, 9000, s.url("/tools/adminer.php"), ua)
    t += 9
    L.add(t, dba, "POST", "/tools/adminer.php", 302, 0, s.url("/tools/adminer.php"), ua)
    t += 0.3
    queries = ["select * from invoices where customer_id = 48213 order by created_at desc limit 50",
               "SELECT count(*) FROM meter_readings WHERE read_at > now() - interval '1 day'",
               "update customers set email = 'j.meier@example.org' where id = 48213",
               "select id, status from payments where status in ('failed','pending') and created_at >= '2026-11-01'",
               "DELETE FROM sessions WHERE expires_at < now()",
               "select table_name from information_schema.tables where table_schema = 'public'"]
    for i in range(60):
        kind = r.random()
        if kind < 0.4:
            p = base + "&select=%s" % r.choice(["invoices", "customers", "meter_readings", "payments", "tariffs"])
            if r.random() < 0.5:
                p += "&where%5B0%5D%5Bcol%5D=customer_id&where%5B0%5D%5Bop%5D=%3D&where%5B0%5D%5Bval%5D=" + str(r.randint(1000, 99999))
        elif kind < 0.6:
            p = base + "&table=%s" % r.choice(["invoices", "customers", "payments"])
        elif kind < 0.8:
            p = base + "&edit=customers&where%5Bid%5D=" + str(r.randint(1000, 99999))
        else:
            p = base + "&sql="
            L.add(t, dba, "GET", p, 200, 11000, s.url(base), ua)
            t += r.uniform(10, 40)
            L.add(t, dba, "POST", p, 200, 15000, s.url(p), ua)
            t += r.uniform(5, 30)
            continue
        L.add(t, dba, "GET", p, 200, r.randint(9000, 90000), s.url(base), ua)
        t += r.uniform(4, 25)
    return L, "The utility's DBA using Adminer 4.8.1 at /tools/adminer.php on the intranet: login POST, browsing tables with select/where filters, editing rows and running SQL (POST) for 20 minutes; 24 intranet users", [(dba, "DBA in Adminer")], None


@scen
def matomo_heartbeat_and_importer():
    L = Log(T0, 118, "matomo")
    s = blog_site("www.example-stadt.de")
    dur = 1200
    browsers(L, s, 30, dur)
    r = L.rnd
    keep = []
    # visitors on the city's site with Matomo's heartbeat timer (ping every 15 s
    # while the tab is active); the city hall's NAT has 35 employees reading
    hall = L.ip("217.110.90")
    keep.append((hall, "city hall NAT"))
    for v in range(35):
        ua = r.choice(UAS[:2])
        t = r.uniform(0, 900)
        p = r.choice(s.pages)
        vid = hexid(r, 16)
        L.add(t, hall, "GET", p, 200, 40000, "-", ua)
        L.add(t + 0.5, hall, "GET", "/matomo.js", 200, 66000, s.url(p), ua)
        L.add(t + 0.8, hall, "GET", "/matomo.php?action_name=%s&idsite=3&rec=1&r=%06d&h=9&m=%d&s=%d&url=%s&_id=%s&send_image=0&pv_id=%s" % (p.strip("/")[:10] or "Start", r.randint(0, 999999), r.randint(0, 59), r.randint(0, 59), s.url(p).replace(":", "%3A").replace("/", "%2F"), vid, hexid(r, 6)), 204, 0, s.url(p), ua)
        tt = t + 15
        for k in range(r.randint(4, 40)):
            L.add(tt, hall, "GET", "/matomo.php?idsite=3&rec=1&r=%06d&ping=1&_id=%s&send_image=0" % (r.randint(0, 999999), vid), 204, 0, s.url(p), ua)
            tt += 15 + r.uniform(0, 1)
    # the Matomo log importer replays yesterday's logs of another site in bulk POSTs
    imp = "10.10.4.21"
    keep.append((imp, "Matomo log importer"))
    t = 300
    for k in range(900):
        L.add(t, imp, "POST", "/matomo.php", 200, 400, "-", "Matomo/LogImport")
        t += r.uniform(0.05, 0.25)
    return L, "City website with Matomo: 35 employees behind the city hall NAT reading with the heartbeat timer (matomo.php?ping=1 every 15 s per tab), and the Matomo log importer (import_logs.py, 4 recorders) POSTing bulk tracking requests to /matomo.php at ~7/s for 2 minutes; 30 visitors", keep, None


@scen
def leaflet_tiles_and_offline_area():
    L = Log(T0, 119, "tiles")
    s = Site("maps.example-forst.de", ["/", "/karte", "/hilfe", "/impressum"], ["/css/leaflet.css"], ["/js/leaflet.js", "/js/karte.js"], lambda p, r: [])
    dur = 1200
    browsers(L, s, 24, dur)
    r = L.rnd
    keep = []
    # map users panning and zooming: each move loads 12-40 new 256px tiles
    for u in range(8):
        ip = L.ip()
        keep.append((ip, "map user"))
        ua = r.choice(UAS)
        t = r.uniform(0, 900)
        page_view(L, s, t, ip, ua, "/karte", "-", set())
        z, x, y = 12, 2200, 1400
        for m in range(r.randint(20, 60)):
            z = max(8, min(18, z + r.choice([-1, 0, 0, 1, 1])))
            x += r.randint(-3, 3)
            y += r.randint(-3, 3)
            for k in range(r.randint(12, 40)):
                L.add(t + k * 0.02, ip, "GET", "/tiles/topo/%d/%d/%d.png" % (z, x + k % 6, y + k // 6), 200 if r.random() < 0.97 else 404, r.randint(800, 40000), s.url("/karte"), ua)
            t += r.uniform(0.8, 6)
    # a forester's app downloads an area for offline use: z 10-16, ~60 tiles/s, no Referer
    ip = L.ip("80.187.110")
    keep.append((ip, "offline area download (mobile)"))
    ua = "QField/3.4.6 (Android 14)"
    t = 500
    for z in range(10, 17):
        n = 4 ** (z - 10) * 3
        for k in range(min(n, 1600)):
            L.add(t, ip, "GET", "/tiles/topo/%d/%d/%d.png" % (z, 8800 * 2 ** (z - 12) + k % 40, 5600 * 2 ** (z - 12) + k // 40), 200, r.randint(300, 30000), "-", ua)
            t += r.expovariate(60.0)
    return L, "Forestry map site: 8 Leaflet users panning/zooming (12-40 raster tiles per move, z/x/y.png), and a forester's QField app downloading an area for offline use (z10-16, ~2,600 tiles at ~60/s, no Referer) on a mobile carrier address; 24 visitors", keep, None


@scen
def image_cdn_origin_pulls():
    L = Log(T0, 120, "img")
    s = Site("www.example-interiors.com", ["/", "/projects", "/projects/loft-hamburg", "/projects/villa-mallorca", "/journal", "/contact"], ["/_next/static/css/4c1a.css"], ["/_next/static/chunks/main-8d3a.js", "/_next/static/chunks/pages/_app-1b2c.js"],
             lambda p, r: ["/_next/image?url=%%2Fuploads%%2F%s.jpg&w=%d&q=75" % (hexid(r, 10), r.choice([640, 750, 828, 1080, 1200, 1920])) for _ in range(r.randint(4, 14))])
    dur = 1200
    browsers(L, s, 30, dur)
    r = L.rnd
    keep = []
    # a Fastly-style CDN's shield POPs pull image variants after a deploy purged the
    # cache: each (image, width, format) is a new URL, ~10-25/s per shield
    imgs = [hexid(r, 10) for _ in range(300)]
    for pre in ["151.101.2", "151.101.66", "151.101.130", "151.101.194"]:
        ip = L.ip(pre)
        keep.append((ip, "CDN shield"))
        t = 300 + r.uniform(0, 5)
        for k in range(r.randint(1500, 2500)):
            w = r.choice([16, 32, 48, 64, 96, 128, 256, 384, 640, 750, 828, 1080, 1200, 1920, 2048, 3840])
            L.add(t, ip, "GET", "/_next/image?url=%%2Fuploads%%2F%s.jpg&w=%d&q=%d" % (r.choice(imgs), w, r.choice([75, 75, 90])), 200, w * r.randint(20, 60), "-", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")
            t += r.expovariate(15.0)
    # Cloudinary-like fetch for the journal: imgix/cloudinary fetching originals
    ip = L.ip("34.86.200")
    keep.append((ip, "image service fetch"))
    t = 100
    for k in range(400):
        L.add(t, ip, "GET", "/uploads/%s.jpg" % r.choice(imgs), 200, r.randint(800000, 4000000), "-", "Cloudinary/1.0")
        t += r.uniform(0.05, 1.5)
    return L, "Next.js site behind a CDN purged by a deploy: 4 shield POPs pull image variants from /_next/image (300 images x 16 widths x 2 qualities, ~15/s each for ~2 min; the CDN forwards the browser's UA) and an image service fetches 400 originals; 30 visitors", keep, None


@scen
def synthetic_login_checks():
    L = Log(T0, 121, "synth")
    s = app_site("portal.example-insurance.de", ["/", "/login", "/dashboard", "/policies", "/claims", "/documents"])
    dur = 1800
    browsers(L, s, 28, dur)
    r = L.rnd
    keep = []
    # Datadog synthetic browser tests from 8 locations every 5 min: full sign-in
    # flow with assets; Checkly API checks from 6 locations every minute: token
    # then two API calls
    for loc in range(8):
        ip = L.ip()
        keep.append((ip, "Datadog synthetic browser test"))
        ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.58 Safari/537.36 DatadogSynthetics"
        t = r.uniform(0, 300)
        while t < dur:
            c = set()
            page_view(L, s, t, ip, ua, "/login", "-", c)
            L.add(t + 3, ip, "POST", "/login", 302, 0, s.url("/login"), ua)
            page_view(L, s, t + 3.4, ip, ua, "/dashboard", s.url("/login"), c)
            page_view(L, s, t + 6, ip, ua, "/policies", s.url("/dashboard"), c)
            L.add(t + 9, ip, "POST", "/logout", 302, 0, s.url("/policies"), ua)
            t += 300
    for loc in range(6):
        ip = L.ip()
        keep.append((ip, "Checkly API check"))
        ua = "Checkly/1.0 (https://www.checklyhq.com)"
        t = r.uniform(0, 60)
        while t < dur:
            L.add(t, ip, "POST", "/api/auth/token", 200, 900, "-", ua)
            L.add(t + 0.2, ip, "GET", "/api/policies?limit=1", 200, 700, "-", ua)
            L.add(t + 0.4, ip, "GET", "/api/health/deep", 200, 300, "-", ua)
            t += 60
    return L, "Insurance portal with synthetic monitoring: Datadog browser tests from 8 locations every 5 min (login page, sign-in POST, dashboard, policies, logout, with assets) and Checkly API checks from 6 locations every minute (token POST and 2 API calls); 28 customers", keep, None


def main():
    only = sys.argv[1:]
    for f in SC:
        name = f.__name__.replace("_", "-")
        if only and name not in only:
            continue
        L, desc, keep, cfg = f()
        xff = cfg is not None
        n = L.write(os.path.join(OUT, name + ".log"), xff_all=xff)
        seen = set()
        kk = []
        for ip, c in keep:
            if ip not in seen:
                seen.add(ip)
                kk.append((ip, c))
        expect(os.path.join(OUT, name + ".expect.toml"), "fresh-s11 benign: " + desc, not_banned=kk, lines=n, config=cfg)
        print(name, n)


main()
