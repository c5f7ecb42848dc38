"""Shared pieces for the fresh-s17 realistic sets (benign10, attacks10).
Copied from gen9/base.py (nginx combined lines, optionally Apache
vhost_combined, a trailing X-Forwarded-For, HTTP/2-3 request lines; the same
deterministic gzip: no name or time in the header, so the same seed gives
byte-identical fixtures). New for session 17: JSON access logs as three real
servers write them (nginx log_format escape=json with quoted values, caddy's
structured access log, traefik's JSON access log with kept headers), chosen
by L.fmt = dict(json="nginx"|"caddy"|"traefik"); the expect file then says
log_format = "json"."""
import datetime, gzip, json, os, random

UAS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
]
CHROME = UAS[0]
GOOGLEBOT = "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
BINGBOT = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36"
SEARCH_REFS = ["https://www.google.com/", "https://www.bing.com/", "https://duckduckgo.com/", "-", "-", "https://www.google.de/"]


class Log:
    def __init__(self, start, seed, host, proto="HTTP/1.1"):
        self.t0 = start
        self.rnd = random.Random(seed)
        self.host = host
        self.ev = []
        self.used = set()
        self.proto = proto      # the request line's protocol unless the client has its own
        self.proto_of = {}      # client -> protocol (an HTTP/3 phone next to an HTTP/1.1 bot)
        self.vhost_of = {}      # client -> virtual host (Apache vhost_combined logs)

    def add(self, t, ip, method, path, status, size, ref="-", ua=CHROME, xff=None, proto=None, vhost=None):
        self.ev.append((t, len(self.ev), ip, method, path, status, size, ref, ua, xff, proto or self.proto_of.get(ip, self.proto), vhost or self.vhost_of.get(ip, self.host)))
        self.used.add(ip)

    def ip(self, prefix=None):
        r = self.rnd
        while True:
            if prefix:
                a = prefix + "." + str(r.randint(2, 254))
            else:
                a = "%d.%d.%d.%d" % (r.choice([24, 31, 37, 46, 62, 67, 73, 78, 81, 84, 86, 88, 89, 92, 98, 99, 107, 108, 151, 176, 178, 185, 188, 195, 212, 213, 217]),
                                     r.randint(1, 254), r.randint(0, 254), r.randint(2, 254))
            if a not in self.used:
                self.used.add(a)
                return a

    def ip6(self, prefix):
        r = self.rnd
        while True:
            a = "%s:%x:%x:%x:%x" % (prefix, r.randint(1, 0xffff), r.randint(0, 0xffff), r.randint(0, 0xffff), r.randint(1, 0xffff))
            if a not in self.used:
                self.used.add(a)
                return a

    def write(self, path, xff_all=False, vhost=False, offset_h=0, json_kind=None):
        """offset_h: the server logs local time (Apache's default) at UTC+offset_h."""
        self.ev.sort(key=lambda e: (e[0], e[1]))
        out = []
        tz = "%+03d00" % offset_h
        for t, _, ip, m, p, st, sz, ref, ua, xff, proto, vh in self.ev:
            if json_kind:
                out.append(json_line(json_kind, self.t0, t, ip, m, p, st, sz, ref, ua, xff, proto, vh, self.rnd))
                continue
            ts = (self.t0 + datetime.timedelta(seconds=t, hours=offset_h)).strftime("%d/%b/%Y:%H:%M:%S ") + tz
            req = p if m is None else "%s %s %s" % (m, p, proto)
            line = '%s - - [%s] "%s" %d %d "%s" "%s"' % (ip, ts, req, st, sz, ref, ua)
            if vhost:
                line = "%s:443 %s" % (vh, line)
            if xff_all:
                line += ' "%s"' % (xff or "-")
            out.append(line)
        data = ("\n".join(out) + "\n").encode()
        with open(path, "wb") as raw:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
                f.write(data)
        return len(out)


class Site:
    """A site's pages and the assets a browser loads with them."""

    def __init__(self, host, pages, css, js, imgs_for, fonts=()):
        self.host, self.pages, self.css, self.js, self.imgs_for, self.fonts = host, pages, css, js, imgs_for, fonts

    def url(self, p):
        return "https://%s%s" % (self.host, p)


def page_view(L, site, t, ip, ua, page, ref, cached, status=200, xff=None):
    r = L.rnd
    L.add(t, ip, "GET", page, status, r.randint(9000, 85000), ref, ua, xff, vhost=site.host)
    if status != 200:
        return t
    pref = site.url(page)
    tt = t + r.uniform(0.08, 0.4)
    assets = []
    if not cached:
        assets += [(a, r.randint(20000, 180000)) for a in site.css + site.js]
        assets += [(f, r.randint(18000, 60000)) for f in site.fonts]
    for im in site.imgs_for(page, r):
        if im not in cached:
            assets.append((im, r.randint(4000, 240000)))
    for a, sz in assets:
        tt += r.uniform(0.0, 0.12)
        L.add(tt, ip, "GET", a, 200, sz, pref, ua, xff, vhost=site.host)
        cached.add(a)
    if "favicon" not in cached:
        cached.add("favicon")
        L.add(tt + 0.05, ip, "GET", "/favicon.ico", r.choice([200, 200, 404]), 1150, pref, ua, xff, vhost=site.host)
    return tt


def browsers(L, site, n, dur, ips=None, ua_pool=UAS, pages_per=(2, 14), think=(6, 90), start=0, xffs=None):
    """n visitors; ips: the addresses they share (a NAT) else one each;
    xffs: per-visitor X-Forwarded-For values (behind a proxy)."""
    r = L.rnd
    for i in range(n):
        ip = ips[i % len(ips)] if ips else L.ip()
        xff = xffs[i % len(xffs)] if xffs else None
        ua = r.choice(ua_pool)
        t = start + r.uniform(0, (dur - start) * 0.9)
        cached = set()
        ref = r.choice(SEARCH_REFS)
        page = r.choice(site.pages)
        for _ in range(r.randint(*pages_per)):
            if t > dur:
                break
            page_view(L, site, t, ip, ua, page, ref, cached, xff=xff)
            ref = site.url(page)
            page = r.choice(site.pages)
            t += r.uniform(*think)


def crawlers(L, site, dur):
    r = L.rnd
    for ip, ua, gap in [("66.249.66.%d" % r.randint(2, 200), GOOGLEBOT, (4, 25)), ("157.55.39.%d" % r.randint(2, 200), BINGBOT, (8, 40))]:
        t = r.uniform(0, 20)
        while t < dur:
            p = r.choice(site.pages)
            L.add(t, ip, "GET", p, r.choice([200] * 12 + [301, 404]), r.randint(9000, 80000), "-", ua)
            t += r.uniform(*gap)
        L.add(r.uniform(0, dur), ip, "GET", "/robots.txt", 200, 310, "-", ua)


def monitor(L, dur, path="/", every=60):
    ua = "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)"
    t = 3.0
    ip = "69.162.124.%d" % L.rnd.randint(226, 238)
    while t < dur:
        L.add(t, ip, "HEAD", path, 200, 0, "-", ua)
        t += every


def expect(path, desc, banned=(), not_banned=(), lines=None, config=None, comment=None, log_format=None):
    with open(path, "w") as f:
        f.write("description = %s\n" % tomlstr(desc))
        if log_format:
            f.write("log_format = %s\n" % tomlstr(log_format))
        if config:
            f.write("config = %s\n" % tomlstr(config))
        f.write("unlisted_not_banned = true\n")
        for ip, c in banned:
            f.write("\n[[banned]]\nip = \"%s\" # %s\n" % (ip, c))
        for ip, c in not_banned:
            f.write("\n[[not_banned]]\nip = \"%s\" # %s\n" % (ip, c))
        if lines is not None:
            f.write("\n[summary]\nlines = %d\nskipped = 0\n" % lines)


def tomlstr(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def shop_site(host="shop.example-store.de"):
    cats = ["/women/tops.html", "/women/dresses.html", "/men/jackets.html", "/men/shoes.html", "/sale.html", "/new-in.html", "/accessories/bags.html"]
    prods = ["/%s-%d.html" % (n, i) for i, n in enumerate(["linen-shirt", "wool-coat", "trail-runner", "canvas-tote", "denim-jacket", "silk-scarf", "chelsea-boot", "rain-parka", "cashmere-beanie", "leather-belt"] * 3)]
    pages = ["/"] + cats + prods + ["/checkout/cart/", "/customer/account/login/", "/contact/", "/faq/"]
    def imgs(p, r):
        n = 12 if p in cats else (5 if p in prods else 2)
        return ["/media/catalog/product/cache/3f1a9c%02d/%s/%s/%s.jpg" % (r.randint(0, 3), "ab"[r.randint(0, 1)], "cd"[r.randint(0, 1)], "img%04d" % r.randint(1, 400)) for _ in range(n)]
    return Site(host, pages, ["/static/version1733/frontend/Luma/de_DE/css/styles-m.min.css", "/static/version1733/frontend/Luma/de_DE/css/styles-l.min.css"],
                ["/static/version1733/frontend/Luma/de_DE/requirejs/require.min.js", "/static/version1733/_cache/merged/bundle.min.js"], imgs,
                ["/static/version1733/frontend/Luma/de_DE/fonts/opensans/regular/opensans-400.woff2"])


def blog_site(host="blog.example.org"):
    posts = ["/%s/" % s for s in ["why-we-moved-to-postgres-16", "a-year-of-remote-work", "tls-certificates-explained", "rust-for-go-programmers", "our-kubernetes-bill", "debugging-dns", "ipv6-at-home", "the-cost-of-microservices", "writing-good-postmortems", "sqlite-in-production"]]
    pages = ["/"] + posts + ["/tag/engineering/", "/tag/ops/", "/about/", "/page/2/", "/archive/"]
    def imgs(p, r):
        return ["/content/images/size/w%d/2026/%02d/%s.jpg" % (r.choice([600, 1000, 1600]), r.randint(1, 11), p.strip("/")[:12] or "home")] + (["/content/images/2026/%02d/fig%d.png" % (r.randint(1, 11), i) for i in range(r.randint(0, 3))])
    return Site(host, pages, ["/assets/built/screen.css?v=8f3a1c2d"], ["/assets/built/casper.js?v=8f3a1c2d", "/public/cards.min.js?v=8f3a1c2d"], imgs)


def app_site(host="app.example.io", pages=None):
    pages = pages or ["/", "/dashboard", "/projects", "/projects/42", "/settings", "/reports", "/help"]
    return Site(host, pages, ["/assets/app-7c1e.css"], ["/assets/app-7c1e.js", "/assets/vendor-19ab.js"], lambda p, r: ["/assets/logo.svg"])


def news_site(host="www.example-tagblatt.de"):
    secs = ["/politik/", "/wirtschaft/", "/sport/", "/kultur/", "/lokales/", "/wissen/"]
    arts = ["%s%s-%d.html" % (s, slug, 2026120000 + i * 37) for i, (s, slug) in enumerate(zip(secs * 4, ["haushalt-einigung", "streik-bahn", "derby-abend", "museum-nacht", "baustelle-ring", "impfstoff-studie", "zinsentscheid", "wahl-umfrage", "pokal-aus", "theater-premiere", "stadtrat-budget", "klima-bericht", "energiepreise", "tarifrunde", "transfer-news", "buchmesse", "radweg-plan", "mars-mission", "exporte-sinken", "bundestag-debatte", "trainerwechsel", "film-festival", "wochenmarkt", "ki-forschung"]))]
    pages = ["/"] + secs + arts + ["/suche/", "/newsletter/", "/impressum/"]
    def imgs(p, r):
        n = 8 if p in secs or p == "/" else 3
        return ["/img/%d/%s-w%d.webp" % (r.randint(100000, 999999), "teaser" if n == 8 else "artikel", r.choice([480, 960, 1440])) for _ in range(n)]
    return Site(host, pages, ["/static/css/main.4f2c1a.css"], ["/static/js/main.4f2c1a.js", "/static/js/consent.91ab.js", "/static/js/ads.2b7e.js"], imgs,
                ["/static/fonts/source-serif-4.woff2"])


def forum_site(host="forum.example-fans.net"):
    threads = ["/threads/%s.%d/" % (s, 40000 + i * 113) for i, s in enumerate(["transfer-rumours-winter-window", "match-thread-derby", "stadium-expansion-plans", "youth-academy-prospects", "ticket-exchange", "away-travel-tips", "tactics-discussion", "kit-2027-leaks", "injury-updates", "womens-team-cup-run"])]
    pages = ["/"] + threads + ["/forums/first-team.3/", "/forums/off-topic.9/", "/whats-new/posts/", "/members/", "/search/"]
    def imgs(p, r):
        return ["/data/avatars/s/%d/%d.jpg?%d" % (r.randint(0, 60), r.randint(1000, 60000), r.randint(1600000000, 1733000000)) for _ in range(r.randint(2, 9))]
    return Site(host, pages, ["/css.php?css=public%3Anormalize.css%2Cpublic%3Acore.less%2Cpublic%3Aapp.less&s=1&l=1&d=1733100000&k=3c9f"], ["/js/xf/preamble.min.js?_v=4a1b2c3d", "/js/xf/core-compiled.js?_v=4a1b2c3d"], imgs)


def uni_site(host="www.uni-example.edu"):
    pages = ["/", "/studium/", "/studium/bewerbung/", "/forschung/", "/fakultaeten/informatik/", "/fakultaeten/medizin/", "/bibliothek/", "/mensa/speiseplan/", "/termine/", "/kontakt/", "/presse/2026-12-04-nobelpreis-alumni/", "/international/"]
    return Site(host, pages, ["/typo3temp/assets/compressed/merged-7f3b2a.css"], ["/typo3temp/assets/compressed/merged-19cd4e.js"],
                lambda p, r: ["/fileadmin/_processed_/%x/%x/csm_%s_%08x.jpg" % (r.randint(0, 15), r.randint(0, 15), r.choice(["campus", "hoersaal", "labor", "mensa"]), r.getrandbits(32)) for _ in range(r.randint(1, 4))])


def gov_site(host="www.example-finanzamt.gov"):
    pages = ["/", "/steuern/", "/steuern/einkommensteuer/", "/steuern/fristen/", "/formulare/", "/service/termine/", "/kontakt/", "/presse/", "/barrierefreiheit/", "/leichte-sprache/"]
    return Site(host, pages, ["/static/gov-design-system/4.2/css/gds.min.css"], ["/static/gov-design-system/4.2/js/gds.min.js"],
                lambda p, r: ["/static/img/wappen.svg"] + ["/media/bilder/%s.jpg" % r.choice(["buergerbuero", "formular", "frist"]) for _ in range(r.randint(0, 2))])


def game_site(host="api.example-arena.gg"):
    pages = ["/", "/news/", "/news/season-9-patch-notes/", "/leaderboards/", "/support/", "/download/", "/store/"]
    return Site(host, pages, ["/_next/static/css/4d1e2f.css"], ["/_next/static/chunks/main-8a1b.js", "/_next/static/chunks/pages/_app-77c2.js"],
                lambda p, r: ["/_next/image?url=%%2Fimg%%2F%s.jpg&w=%d&q=75" % (r.choice(["hero", "season9", "map-dunes", "skin-pack"]), r.choice([640, 1080, 1920])) for _ in range(r.randint(1, 3))])


def webmail_site(host="webmail.uni-example.edu"):
    pages = ["/", "/?_task=mail&_mbox=INBOX", "/?_task=mail&_action=show&_uid=%d&_mbox=INBOX", "/?_task=addressbook", "/?_task=settings"]
    return Site(host, pages, ["/skins/elastic/styles/styles.min.css?s=1733300000"], ["/program/js/app.min.js?s=1733300000", "/skins/elastic/ui.min.js?s=1733300000"],
                lambda p, r: ["/skins/elastic/images/logo.svg?s=1733300000"])


def gitlab_site(host="git.example-corp.dev"):
    pages = ["/", "/explore", "/platform/api", "/platform/api/-/merge_requests", "/platform/web/-/pipelines", "/platform/infra/-/tree/main", "/dashboard/issues"]
    return Site(host, pages, ["/assets/application-5c2f1e.css"], ["/assets/webpack/runtime.8a1b2c.bundle.js", "/assets/webpack/main.9d3e4f.chunk.js"], lambda p, r: ["/uploads/-/system/user/avatar/%d/avatar.png?width=48" % r.randint(1, 300) for _ in range(r.randint(1, 4))])


def saas_site(host="app.example-ledger.io"):
    pages = ["/", "/login", "/dashboard", "/invoices", "/invoices/new", "/customers", "/reports/vat", "/settings/team", "/integrations", "/help/articles/exports"]
    return Site(host, pages, ["/assets/index-3b9f1c.css"], ["/assets/index-3b9f1c.js", "/assets/vendor-a1c72e.js"], lambda p, r: ["/assets/logo-mark.svg"] + (["/avatars/%d.png" % r.randint(1, 90)] if r.random() < 0.4 else []))


def portal_site(host="service.example-land.gov"):
    pages = ["/", "/leistungen/", "/leistungen/personalausweis/", "/leistungen/wohnsitz-anmelden/", "/leistungen/kfz-zulassung/", "/termin/", "/konto/", "/hilfe/", "/barrierefreiheit/", "/datenschutz/"]
    return Site(host, pages, ["/static/kern-ux/2.1/kern.min.css"], ["/static/kern-ux/2.1/kern.min.js", "/static/app/portal.6d2e.js"],
                lambda p, r: ["/static/img/landeswappen.svg"] + (["/static/img/%s.png" % r.choice(["ausweis", "auto", "umzug"])] if r.random() < 0.5 else []))


def library_site(host="books.example-library.org"):
    pages = ["/", "/catalog", "/catalog/new", "/catalog/authors", "/catalog/series", "/about", "/search"]
    return Site(host, pages, ["/static/css/main.c1d2.css"], ["/static/js/main.c1d2.js"], lambda p, r: ["/cover/%d/thumb.jpg" % r.randint(1, 4000) for _ in range(r.randint(0, 6))])


# Helpers shared by both generators (new in session 15).

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
        a = "%s.%d.%d" % (r.choice(["45.148", "91.92", "103.145", "138.68", "146.190", "159.223", "165.22", "167.99", "185.220", "193.29", "194.180", "5.188", "64.227", "178.128", "209.38", "20.171", "34.82", "43.153", "47.89"]), r.randint(0, 255), r.randint(2, 254))
        if a not in L.used:
            L.used.add(a)
            return a


def poisson(r, t0, t1, rate):
    t = t0 + r.expovariate(rate)
    while t < t1:
        yield t
        t += r.expovariate(rate)


def hexid(r, n=40):
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def run(SC, OUT, prefix, benign=False):
    # A scenario may set L.fmt = dict(vhost=True, offset_h=1) (Apache logs).
    """Write NAME.log (+ NAME.policy.toml) and NAME.expect.toml for each scenario.
    An attack scenario returns (log, description, banned, never_banned[, policy]),
    a benign one (log, description, never_banned[, policy])."""
    import sys
    only = sys.argv[1:]
    os.makedirs(OUT, exist_ok=True)
    for f in SC:
        name = f.__name__.replace("_", "-")
        if only and name not in only:
            continue
        res = f()
        if benign:
            res = (res[0], res[1], []) + tuple(res[2:])
        L, desc, bad, good = res[:4]
        policy = res[4] if len(res) > 4 else None
        fmt = dict(getattr(L, "fmt", {}))
        jk = fmt.pop("json", None)
        if jk:
            fmt["json_kind"] = jk
        else:
            fmt.setdefault("xff_all", policy is not None)
        n = L.write(os.path.join(OUT, name + ".log"), **fmt)
        cfg = None
        if policy is not None:
            cfg = name + ".policy.toml"
            with open(os.path.join(OUT, cfg), "w") as pf:
                pf.write("# The operator's policy: the site sits behind a proxy/CDN it trusts.\n" + policy)
        seen, bb, gg = set(), [], []
        for ip, c in bad:
            if ip not in seen:
                seen.add(ip)
                bb.append((ip, c))
        for ip, c in good:
            if ip not in seen:
                seen.add(ip)
                gg.append((ip, c))
        expect(os.path.join(OUT, name + ".expect.toml"), prefix + desc, banned=bb, not_banned=gg, lines=n, config=cfg, log_format="json" if jk else None)
        print(name, n)


# New in session 16.

def behind_proxy(L, proxies, skip=()):
    """The log is written by an origin behind a load balancer / reverse proxy:
    each request arrives from one of the proxies, which appends the address it
    saw to X-Forwarded-For (a client's own XFF value stays in front)."""
    r = L.rnd
    ev = []
    for e in L.ev:
        t, seq, ip, m, p, st, sz, ref, ua, xff, proto, vh = e
        if ip in skip:
            ev.append(e)
            continue
        ev.append((t, seq, r.choice(proxies), m, p, st, sz, ref, ua, (xff + ", " if xff else "") + ip, "HTTP/1.1", vh))
    L.ev = ev
    L.used.update(proxies)


def real_ip_edge(L):
    """nginx behind a CDN with the real_ip module: $remote_addr is already the
    client; the logged X-Forwarded-For is what the CDN passed (the client's own
    XFF, if any, then the client)."""
    L.ev = [(t, seq, ip, m, p, st, sz, ref, ua, (xff + ", " if xff else "") + ip, proto, vh) for t, seq, ip, m, p, st, sz, ref, ua, xff, proto, vh in L.ev]


def ip6_in(L, prefix64):
    """A fresh address in the given /64 (prefix64 = 4 groups)."""
    return L.ip6(prefix64)


def rand_token(r, n, alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"):
    return "".join(r.choice(alphabet) for _ in range(n))


def pct(s):
    import urllib.parse
    return urllib.parse.quote(s, safe="")


def jp_news_site(host="www.example-shimbun.jp"):
    secs = ["/national/", "/politics/", "/economy/", "/international/", "/sports/", "/culture/", "/local/tokyo/"]
    arts = ["/articles/-/%d" % (1160000 + i * 97) for i in range(40)]
    pages = ["/"] + secs + arts + ["/ranking/", "/search/?q=" + pct("天気 東京"), "/search/?q=" + pct("衆議院 解散"), "/search/?q=" + pct("大谷翔平")]
    def imgs(p, r):
        n = 10 if p in secs or p == "/" else 3
        return ["/mwimgs/%x/%x/-/img_%s%d.jpg" % (r.randint(0, 255), r.randint(0, 255), hexid(r, 12), r.choice([400, 1200])) for _ in range(n)]
    return Site(host, pages, ["/common/css/main.css?v=20261201"], ["/common/js/main.bundle.js?v=20261201", "/common/js/prebid.js", "/common/js/gpt.js"], imgs,
                ["/common/fonts/NotoSansJP-Regular.woff2"])


def kr_forum_site(host="www.example-community.kr"):
    boards = ["free", "humor", "game", "baseball", "stock", "car", "cook"]
    posts = ["/bbs/board.php?bo_table=%s&wr_id=%d" % (b, 100000 + i * 71) for i, b in enumerate(boards * 5)]
    pages = ["/"] + ["/bbs/board.php?bo_table=%s" % b for b in boards] + posts + ["/bbs/search.php?sfl=wr_subject&stx=" + pct(w) for w in ["한국시리즈", "주식 추천", "김장 레시피"]]
    return Site(host, pages, ["/theme/basic/css/default.css?ver=2304171", "/js/font-awesome/css/font-awesome.min.css?ver=2304171"], ["/js/jquery-1.12.4.min.js?ver=2304171", "/js/common.js?ver=2304171"],
                lambda p, r: ["/data/editor/%d/%s.jpg" % (r.randint(2411, 2412), hexid(r, 20)) for _ in range(r.randint(0, 6))] + ["/img/logo.png"])


def es_shop_site(host="www.example-moda.es"):
    cats = ["/mujer/vestidos/", "/mujer/abrigos/", "/hombre/camisas/", "/hombre/zapatillas/", "/rebajas/", "/novedades/"]
    prods = ["/producto/%s-%d/" % (n, 5000 + i * 13) for i, n in enumerate(["vestido-punto", "abrigo-lana", "camisa-lino", "zapatilla-urbana", "bolso-piel", "jersey-cuello-alto", "botin-ante", "chaqueta-vaquera"] * 3)]
    pages = ["/"] + cats + prods + ["/carrito/", "/mi-cuenta/", "/ayuda/envios/", "/tiendas/"]
    def imgs(p, r):
        n = 16 if p in cats else (6 if p in prods else 3)
        return ["/media/catalog/%d/%s_%d.webp" % (r.randint(10, 99), hexid(r, 8), r.choice([400, 800])) for _ in range(n)]
    return Site(host, pages, ["/assets/css/app.9c1d.css"], ["/assets/js/app.9c1d.js", "/assets/js/vendor.77ab.js"], imgs, ["/assets/fonts/inter-var.woff2"])


def vod_site(host="www.example-mediathek.de"):
    shows = ["/video/%s/%d/" % (s, 80000 + i * 7) for i, s in enumerate(["tatort-schattenland", "doku-alpen", "heute-show", "krimi-nordsee", "kinder-maus", "sport-bundesliga", "serie-landarzt", "film-herbstlicht"] * 2)]
    pages = ["/", "/serien/", "/filme/", "/dokus/", "/kinder/", "/live/"] + shows
    return Site(host, pages, ["/static/css/app.3e1f.css"], ["/static/js/app.3e1f.js", "/static/js/player.3e1f.js"],
                lambda p, r: ["/images/%s/%d.jpg?w=%d" % (hexid(r, 16), r.randint(1, 9), r.choice([384, 768])) for _ in range(r.randint(4, 14))])


# New in session 17: JSON access logs.

def json_line(kind, t0, t, ip, m, p, st, sz, ref, ua, xff, proto, vh, r):
    """One access-log line as the named server writes it. m is None for a
    junk request line (p is then the raw line)."""
    when = t0 + datetime.timedelta(seconds=t)
    dur = round(r.uniform(0.0008, 0.35), 6)
    method, uri = (m, p) if m is not None else ("", p)
    if kind == "nginx":
        # log_format main escape=json '{"time_iso8601":"$time_iso8601",...}':
        # every value quoted, empty variables as "" ($http_referer "" not "-").
        d = {"time_iso8601": when.strftime("%Y-%m-%dT%H:%M:%S+00:00"), "remote_addr": ip, "remote_user": "",
             "request": (p if m is None else "%s %s %s" % (m, p, proto)), "status": str(st), "body_bytes_sent": str(sz),
             "request_time": "%.3f" % dur, "http_referer": "" if ref == "-" else ref, "http_user_agent": "" if ua == "-" else ua,
             "http_x_forwarded_for": xff or "", "host": vh}
    elif kind == "caddy":
        hdr = {"User-Agent": [ua], "Accept": ["*/*" if "Mozilla" not in ua else "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"]}
        if ref != "-":
            hdr["Referer"] = [ref]
        if xff:
            hdr["X-Forwarded-For"] = [xff]
        d = {"level": "info", "ts": round((when - datetime.datetime(1970, 1, 1)).total_seconds(), 6), "logger": "http.log.access.log0", "msg": "handled request",
             "request": {"remote_ip": ip, "remote_port": str(r.randint(1024, 65535)), "client_ip": ip, "proto": proto, "method": method, "host": vh, "uri": uri, "headers": hdr,
                         "tls": {"resumed": False, "version": 772, "cipher_suite": 4865, "proto": "h2" if proto == "HTTP/2.0" else "", "server_name": vh}},
             "bytes_read": 0, "user_id": "", "duration": dur, "size": sz, "status": st,
             "resp_headers": {"Server": ["Caddy"], "Content-Type": ["application/json" if "/api" in uri else "text/html; charset=utf-8"]}}
    else:
        # traefik accessLog format=json, fields.headers names User-Agent,
        # Referer and X-Forwarded-For = keep.
        host = "[%s]" % ip if ":" in ip else ip
        port = str(r.randint(1024, 65535))
        d = {"ClientAddr": "%s:%s" % (host, port), "ClientHost": ip, "ClientPort": port, "ClientUsername": "-",
             "DownstreamContentSize": sz, "DownstreamStatus": st, "Duration": int(dur * 1e9), "OriginContentSize": sz,
             "OriginDuration": int(dur * 0.95e9), "OriginStatus": st, "Overhead": 120000, "RequestAddr": vh, "RequestContentSize": 0,
             "RequestCount": r.randint(1, 900000), "RequestHost": vh, "RequestMethod": method, "RequestPath": uri, "RequestPort": "-",
             "RequestProtocol": proto, "RequestScheme": "https", "RetryAttempts": 0, "RouterName": "web@docker", "ServiceName": "web@docker",
             "StartLocal": when.strftime("%Y-%m-%dT%H:%M:%S.") + "%06dZ" % r.randint(0, 999999), "StartUTC": when.strftime("%Y-%m-%dT%H:%M:%S.") + "%06dZ" % r.randint(0, 999999),
             "entryPointName": "websecure", "level": "info", "msg": "", "request_User-Agent": ua}
        if ref != "-":
            d["request_Referer"] = ref
        if xff:
            d["request_X-Forwarded-For"] = xff
        d["time"] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return json.dumps(d, ensure_ascii=False, separators=(",", ":"))
