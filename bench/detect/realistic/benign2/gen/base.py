import random, datetime, os
T0 = datetime.datetime(2026, 12, 6, 9, 0, 0, tzinfo=datetime.timezone.utc)
HOST = "https://www.example.org"
CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.104 Mobile Safari/537.36"
EDGE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86"
BROWSERS = [CHROME, FIREFOX, SAFARI, IPHONE, ANDROID, EDGE]
PAGES = ["/", "/blog/", "/blog/2026/11/winter-release-notes/", "/blog/2026/10/how-we-scaled-postgres/", "/docs/", "/docs/install/",
         "/docs/configuration/", "/pricing/", "/about/", "/contact/", "/products/widget-pro/", "/products/", "/search?q=install+guide",
         "/careers/", "/docs/api/", "/blog/tag/release/", "/faq/"]
ASSETS = ["/static/css/main.4f2a9c.css", "/static/js/app.91bd3e.js", "/static/js/vendor.1c22aa.js", "/static/img/logo.svg",
          "/static/fonts/inter-var.woff2", "/static/img/hero.webp", "/favicon.ico", "/static/js/analytics.js"]

class Log:
    def __init__(self, seed=1):
        self.rows = []
        self.rnd = random.Random(seed)
    def add(self, ip, t, method, path, status, size, ref="-", ua=CHROME, proto="HTTP/1.1", user="-"):
        ts = (T0 + datetime.timedelta(seconds=t)).strftime("%d/%b/%Y:%H:%M:%S +0000")
        self.rows.append((t, f'{ip} - {user} [{ts}] "{method} {path} {proto}" {status} {size} "{ref}" "{ua}"'))
    def page(self, ip, t, path, ua, ref="-", nassets=None, status=200):
        r = self.rnd
        self.add(ip, t, "GET", path, status, r.randint(8000, 60000), ref, ua)
        n = len(ASSETS) if nassets is None else nassets
        for a in r.sample(ASSETS, min(n, len(ASSETS))):
            t += r.uniform(0.01, 0.15)
            self.add(ip, t, "GET", a, r.choice([200, 200, 200, 304]), r.randint(500, 90000), HOST + path, ua)
        return t
    def browsers(self, n, start, dur, base="203.0.113."):
        r = self.rnd
        for i in range(n):
            ip = f"{base}{10+i}" if base.endswith('.') else base
            ua = r.choice(BROWSERS)
            t = start + r.uniform(0, dur)
            prev = "https://www.google.com/"
            for _ in range(r.randint(2, 12)):
                p = r.choice(PAGES)
                t = self.page(ip, t, p, ua, prev, nassets=r.randint(0, len(ASSETS)))
                prev = HOST + p
                t += r.uniform(5, 90)
                if t > start + dur: break
    def write(self, name, d=os.environ.get("REALISTIC_OUT", "bench/out/realistic")):
        os.makedirs(d, exist_ok=True)
        self.rows.sort(key=lambda x: x[0])
        p = os.path.join(d, name + ".log")
        with open(p, "w") as f:
            for _, l in self.rows: f.write(l + "\n")
        return p
