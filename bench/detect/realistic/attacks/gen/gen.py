#!/usr/bin/env python3
"""Attack-realism generator (s9): benign WooCommerce-ish background + one attack per scenario."""
import random, datetime, sys, os, json, subprocess, urllib.parse as up

T0 = datetime.datetime(2026, 12, 6, 10, 0, 0, tzinfo=datetime.timezone.utc)
DUR = 20 * 60
SITE = "https://shop.example"

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
]
PRODUCTS = ["%s-%s-%s" % (a, b, c) for a in ["classic", "slim", "organic", "vintage", "urban", "alpine", "coastal"]
            for b in ["cotton", "linen", "wool", "leather", "canvas"] for c in ["tee", "shirt", "bag", "cap", "scarf", "jacket"]]
CATS = ["men", "women", "accessories", "sale", "new-arrivals", "bags", "outerwear"]
ASSETS = ["/wp-content/themes/storefront/style.css?ver=4.6.0", "/wp-includes/js/jquery/jquery.min.js?ver=3.7.1",
          "/wp-content/plugins/woocommerce/assets/js/frontend/cart-fragments.min.js?ver=9.4.2",
          "/wp-content/plugins/woocommerce/assets/css/woocommerce.css?ver=9.4.2",
          "/wp-content/plugins/contact-form-7/includes/js/index.js?ver=6.0",
          "/wp-content/themes/storefront/assets/js/navigation.min.js?ver=4.6.0", "/favicon.ico"]
WORDS = ["linen shirt", "blue", "gift card", "wool scarf", "size guide", "returns", "bag", "summer", "black tee", "cap"]


class Log:
    def __init__(self):
        self.lines = []  # (t, ip, text)

    def add(self, t, ip, method, path, status, size=None, ref="-", ua="-", proto="HTTP/1.1", raw_req=None):
        if size is None:
            size = 0 if status in (301, 302, 304, 204) or method == "HEAD" else random.randint(300, 60000)
        ts = (T0 + datetime.timedelta(seconds=t)).strftime("%d/%b/%Y:%H:%M:%S +0000")
        req = raw_req if raw_req is not None else "%s %s %s" % (method, path, proto)
        req = req.replace('"', '\\x22')
        self.lines.append((t, ip, '%s - - [%s] "%s" %d %d "%s" "%s"' % (ip, ts, req, status, size, ref, ua)))

    def write(self, fn):
        self.lines.sort(key=lambda x: x[0])
        with open(fn, "w") as f:
            for _, _, l in self.lines:
                f.write(l + "\n")


def page_assets(L, t, ip, page, ua, first):
    for a in ASSETS:
        if random.random() < (0.9 if first else 0.25):
            L.add(t + random.uniform(0.05, 1.5), ip, "GET", a, 200 if first else 304, ref=SITE + page, ua=ua)
    for _ in range(random.randint(2, 8)):
        img = "/wp-content/uploads/2026/%02d/%s-%d-300x300.jpg" % (random.randint(1, 11), random.choice(PRODUCTS), random.randint(1, 4))
        L.add(t + random.uniform(0.1, 2.5), ip, "GET", img, 200, ref=SITE + page, ua=ua)
    if random.random() < 0.7:
        L.add(t + random.uniform(0.5, 2.5), ip, "POST", "/?wc-ajax=get_refreshed_fragments", 200, ref=SITE + page, ua=ua)


def rand_page():
    r = random.random()
    if r < 0.15: return "/"
    if r < 0.55: return "/product/%s/" % random.choice(PRODUCTS)
    if r < 0.75: return "/product-category/%s/" % random.choice(CATS)
    if r < 0.85: return "/?s=%s&post_type=product" % up.quote_plus(random.choice(WORDS))
    if r < 0.9: return "/cart/"
    if r < 0.93: return "/checkout/"
    if r < 0.96: return "/my-account/"
    return random.choice(["/about/", "/contact/", "/shipping-returns/", "/blog/", "/blog/summer-lookbook-2026/"])


def browser_session(L, ip, ua, start, npages=None):
    t = start
    first = True
    ref = random.choice(["https://www.google.com/", "-", "https://www.bing.com/", "https://duckduckgo.com/", "https://l.facebook.com/"])
    for _ in range(npages or random.randint(2, 14)):
        if t > DUR: break
        p = rand_page()
        st = 200
        if random.random() < 0.01: st = 404; p = "/product/%s-old/" % random.choice(PRODUCTS)
        L.add(t, ip, "GET", p, st, ref=ref, ua=ua)
        page_assets(L, t, ip, p, ua, first)
        if p == "/my-account/" and random.random() < 0.5:
            # login: mistype sometimes
            tt = t + random.uniform(8, 20)
            if random.random() < 0.2:
                L.add(tt, ip, "POST", "/my-account/", 200, ref=SITE + "/my-account/", ua=ua)
                tt += random.uniform(8, 20)
            L.add(tt, ip, "POST", "/my-account/", 302, ref=SITE + "/my-account/", ua=ua)
            L.add(tt + 0.4, ip, "GET", "/my-account/", 200, ref=SITE + "/my-account/", ua=ua)
        if p.startswith("/product/") and random.random() < 0.15:
            L.add(t + random.uniform(5, 30), ip, "POST", "/?wc-ajax=add_to_cart", 200, ref=SITE + p, ua=ua)
        ref = SITE + p
        first = False
        t += random.expovariate(1 / 25.0) + 2


def rip(prefix=None):
    while True:
        a = random.choice([31, 37, 46, 62, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 109, 176, 178, 188, 212, 213, 217])
        return "%d.%d.%d.%d" % (a, random.randint(0, 255), random.randint(0, 255), random.randint(1, 254))


def background(seed=1):
    random.seed(seed)
    L = Log()
    # browsers
    for _ in range(700):
        browser_session(L, rip(), random.choice(BROWSERS), random.uniform(0, DUR))
    # office NAT: 25 people, one address
    nat = "194.25.17.42"
    for _ in range(40):
        browser_session(L, nat, random.choice(BROWSERS[:3]), random.uniform(0, DUR))
    # crawlers
    gb = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/131.0.6778.69 Safari/537.36"
    t = 0
    while t < DUR:
        p = random.choice(["/product/%s/" % random.choice(PRODUCTS), "/product-category/%s/" % random.choice(CATS), "/product/%s-old/" % random.choice(PRODUCTS)])
        L.add(t, "66.249.66.%d" % random.choice([1, 12, 34, 69]), "GET", p, 404 if p.endswith("-old/") else 200, ua=gb)
        t += random.expovariate(1.2)
    bb = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36"
    t = 0
    while t < DUR:
        p = random.choice(["/product/%s/" % random.choice(PRODUCTS), "/robots.txt", "/sitemap_index.xml", "/product-sitemap.xml"])
        L.add(t, "40.77.167.%d" % random.choice([5, 19, 88]), "GET", p, 200, ua=bb)
        t += random.expovariate(0.3)
    # uptime monitor
    for t in range(0, DUR, 60):
        L.add(t, "216.144.250.150", "HEAD", "/", 200, ua="Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)")
    # mobile app users: oauth token + api
    for i in range(30):
        ip = rip(); t = random.uniform(0, DUR)
        ua = "ShopApp/5.12.0 (iPhone; iOS 18.1; Scale/3.00)" if i % 2 else "okhttp/4.12.0"
        if random.random() < 0.3:
            L.add(t, ip, "GET", "/api/v1/cart", 401, ua=ua); t += 0.3
        L.add(t, ip, "POST", "/oauth/token", 200, ua=ua)
        for _ in range(random.randint(3, 20)):
            t += random.uniform(2, 30)
            L.add(t, ip, "GET", random.choice(["/api/v1/products?page=%d" % random.randint(1, 9), "/api/v1/cart", "/api/v1/me"]), 200, ua=ua)
    # a few users mistyping on /api/v1/sessions (the web SPA login)
    for _ in range(8):
        ip = rip(); t = random.uniform(0, DUR); ua = random.choice(BROWSERS)
        for _ in range(random.randint(0, 2)):
            L.add(t, ip, "POST", "/api/v1/sessions", 401, ref=SITE + "/login", ua=ua); t += random.uniform(5, 15)
        L.add(t, ip, "POST", "/api/v1/sessions", 201, ref=SITE + "/login", ua=ua)
    # random internet noise from one-off bots (benign-ish: favicon, robots)
    for _ in range(20):
        L.add(random.uniform(0, DUR), rip(), "GET", "/robots.txt", 200, ua="Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)")
    return L
