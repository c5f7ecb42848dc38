import random, datetime, os

T0 = datetime.datetime(2026, 12, 5, 14, 0, 0)
CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
BROWSERS = [
    CHROME,
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.104 Mobile Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
]
GOOGLEBOT = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/131.0.6778.69 Safari/537.36"
BING = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36"

class Log:
    def __init__(self, host="www.example.org", seed=1):
        self.ev = []
        self.host = host
        self.r = random.Random(seed)
    def add(self, t, ip, method, path, status, size, ref="-", ua="-", proto="HTTP/1.1"):
        self.ev.append((t, len(self.ev), ip, method, path, status, size, ref, ua, proto))
    def url(self, path):
        return "https://%s%s" % (self.host, path)
    def write(self, path):
        self.ev.sort(key=lambda e: (e[0], e[1]))
        with open(path, "w") as f:
            for t, _, ip, m, p, s, sz, ref, ua, proto in self.ev:
                ts = (T0 + datetime.timedelta(seconds=t)).strftime("%d/%b/%Y:%H:%M:%S +0000")
                f.write('%s - - [%s] "%s %s %s" %d %d "%s" "%s"\n' % (ip, ts, m, p, proto, s, sz, ref, ua))
        return len(self.ev)

def rand_pub_ip(r):
    while True:
        a = r.choice([24, 31, 37, 46, 62, 73, 77, 79, 81, 82, 84, 86, 88, 91, 93, 94, 95, 98, 99, 108, 109, 151, 176, 178, 185, 188, 212, 213, 217])
        return "%d.%d.%d.%d" % (a, r.randint(0, 255), r.randint(0, 255), r.randint(2, 254))

DEFAULT_PAGES = ["/", "/about/", "/blog/", "/blog/2026/11/winter-update/", "/blog/2026/10/migrating-to-postgres-17/",
    "/docs/", "/docs/install/", "/docs/configuration/", "/pricing/", "/contact/", "/products/", "/products/alpine-jacket/",
    "/products/trail-shoes-x2/", "/category/outdoor/", "/search?q=jacket", "/search?q=return+policy", "/faq/", "/team/"]
ASSETS = ["/static/css/main.4f2a9c.css", "/static/js/app.91bd3e.js", "/static/js/vendor.2c81aa.js", "/static/img/logo.svg",
    "/static/fonts/inter-var.woff2", "/static/img/hero.webp"]

def browsers(L, n, t_start, t_end, pages=None, assets=None, ips=None, seed_ips=True):
    """n ordinary browser clients reading pages with their assets."""
    r = L.r
    pages = pages or DEFAULT_PAGES
    assets = assets or ASSETS
    out = []
    for i in range(n):
        ip = ips[i] if ips else rand_pub_ip(r)
        ua = r.choice(BROWSERS)
        t = r.uniform(t_start, t_end - 30)
        ref = r.choice(["https://www.google.com/", "https://duckduckgo.com/", "-", "https://www.bing.com/", "https://news.ycombinator.com/", "-"])
        first = True
        npages = r.randint(2, 12)
        for k in range(npages):
            if t > t_end: break
            p = r.choice(pages)
            st = 200 if r.random() > 0.03 else 404
            L.add(t, ip, "GET", p, st, r.randint(9000, 60000), ref, ua, "HTTP/2.0")
            for a in assets:
                if first or r.random() < 0.15:
                    L.add(t + r.uniform(0.05, 0.9), ip, "GET", a, 200 if first else 304, r.randint(2000, 90000) if first else 0, L.url(p), ua, "HTTP/2.0")
            if first:
                L.add(t + r.uniform(0.3, 1.2), ip, "GET", "/favicon.ico", 200, 15086, L.url(p), ua, "HTTP/2.0")
            for j in range(r.randint(0, 4)):
                L.add(t + r.uniform(0.2, 1.5), ip, "GET", "/media/%s/%d.jpg" % (p.strip("/").replace("/", "-") or "home", j), 200, r.randint(20000, 200000), L.url(p), ua, "HTTP/2.0")
            first = False
            ref = L.url(p)
            t += r.expovariate(1 / 25.0) + 2
        out.append(ip)
    return out

def crawler(L, ip, ua, t_start, t_end, rate=0.3, pages=None):
    r = L.r
    pages = pages or DEFAULT_PAGES
    t = t_start
    L.add(t, ip, "GET", "/robots.txt", 200, 412, "-", ua)
    while t < t_end:
        t += r.expovariate(rate)
        L.add(t, ip, "GET", r.choice(pages), 200 if r.random() > 0.05 else 404, r.randint(8000, 50000), "-", ua)

def monitor(L, ip, t_start, t_end):
    t = t_start
    while t < t_end:
        L.add(t, ip, "HEAD", "/", 200, 0, "-", "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)")
        t += 60

def expect(path, desc, not_banned=(), banned=(), unlisted=True, lines=None):
    with open(path, "w") as f:
        f.write('description = "%s"\n' % desc.replace('"', "'"))
        f.write("unlisted_not_banned = %s\n" % ("true" if unlisted else "false"))
        for ip, c in banned:
            f.write('\n[[banned]]\nip = "%s" # %s\n' % (ip, c))
        for ip, c in not_banned:
            f.write('\n[[not_banned]]\nip = "%s" # %s\n' % (ip, c))
        if lines is not None:
            f.write("\n[summary]\nlines = %d\nskipped = 0\n" % lines)

def fixture(outdir, name, L, desc, not_banned=(), banned=(), unlisted=True):
    n = L.write(os.path.join(outdir, name + ".log"))
    expect(os.path.join(outdir, name + ".expect.toml"), desc, not_banned, banned, unlisted, n)
    return n
