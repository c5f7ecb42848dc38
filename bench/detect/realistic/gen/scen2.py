from base import *
from scen1 import H
import sys, urllib.parse as up
S = {}
def scen(f): S[f.__name__] = f; return f
Q = up.quote

@scen
def ranges(l, r):
    # Firefox pdf.js on a 60 MB manual: 64 KiB range chunks auto-fetched
    ip = "198.51.100.90"; t = 100
    t = l.page(ip, t, "/docs/manuals/", FIREFOX, nassets=8)
    l.add(ip, t+1, "GET", "/docs/manuals/acme-admin-guide-v9.pdf", 200, 65536, HOST+"/docs/manuals/", FIREFOX)
    t += 1.2
    for k in range(900):
        t += r.expovariate(45)
        l.add(ip, t, "GET", "/docs/manuals/acme-admin-guide-v9.pdf", 206, 65536, HOST+"/docs/manuals/acme-admin-guide-v9.pdf", FIREFOX)
    # Chrome video element scrubbing an mp4
    ip = "198.51.100.91"; t = 600
    l.page(ip, t, "/blog/2026/10/how-we-scaled-postgres/", CHROME, nassets=8)
    for k in range(120):
        t += r.uniform(0.05, 3)
        l.add(ip, t, "GET", "/media/talk-2026.mp4", 206, r.randint(100000, 5000000), HOST+"/blog/2026/10/how-we-scaled-postgres/", CHROME)
    # pip at a realistic pace: 15 packages/s
    pu = 'pip/24.2 {"ci":true,"implementation":{"name":"CPython","version":"3.12.7"},"installer":{"name":"pip","version":"24.2"}}'
    t = 1200
    for k in range(150):
        t += r.expovariate(12)
        l.add("198.51.100.92", t, "GET", f"/simple/pkg-{k}/", 200, 3000, "-", pu)
        l.add("198.51.100.92", t+0.03, "GET", f"/packages/{H(k)[:2]}/{H(k)[2:4]}/{H(k)[4:60]}/pkg_{k}-1.0-py3-none-any.whl", 200, 80000, "-", pu)
    # single docker pull, 3 parallel blob fetches
    du = "docker/27.3.1 go/go1.22.7 git-commit/41ca978 kernel/6.1.0-26-amd64 os/linux arch/amd64 UpstreamClient(Docker-Client/27.3.1 \\(linux\\))"
    t = 1800
    for img in range(6):
        l.add("198.51.100.93", t, "GET", "/v2/", 401, 87, "-", du)
        l.add("198.51.100.93", t+0.05, "GET", "/token?account=ci&scope=repository%3Aacme%2Fimg"+str(img)+"%3Apull&service=registry", 200, 1200, "-", du)
        l.add("198.51.100.93", t+0.1, "HEAD", f"/v2/acme/img{img}/manifests/latest", 200, 0, "-", du)
        l.add("198.51.100.93", t+0.15, "GET", f"/v2/acme/img{img}/manifests/sha256:"+H(img), 200, 1800, "-", du)
        for b in range(9):
            l.add("198.51.100.93", t+0.2+b*0.15, "GET", f"/v2/acme/img{img}/blobs/sha256:"+H((img,b)), 307, 0, "-", du)
        t += 4
    # a yarn/npm install against a private registry (Verdaccio): 1500 metadata+tarball GETs at ~25/s
    nu = "npm/10.8.2 node/v20.18.0 linux x64 workspaces/false ci/github-actions"
    t = 2400
    for k in range(700):
        t += r.expovariate(12)
        l.add("198.51.100.94", t, "GET", f"/@acme%2fpkg-{k}", 200 if k % 11 else 304, 9000, "-", nu)
        l.add("198.51.100.94", t+0.04, "GET", f"/@acme/pkg-{k}/-/pkg-{k}-1.{k}.0.tgz", 200, 50000, "-", nu)

@scen
def apis(l, r):
    # SPA with expired token: burst of 401 with Referer then refresh, every 15 min, 4 users behind one NAT
    ip = "198.51.100.100"
    for u in range(4):
        ua = BROWSERS[u]
        for k in range(4):
            t = 60 + u*37 + k*900
            for p in ["/api/v1/me", "/api/v1/notifications?unread=1", "/api/v1/projects?limit=50", "/api/v1/feature-flags", "/api/v1/teams", "/api/v1/settings", "/api/v1/billing/summary", "/api/v1/activity?limit=20"]:
                l.add(ip, t + r.uniform(0, 0.2), "GET", p, 401, 60, HOST+"/app/dashboard", ua)
            l.add(ip, t + 0.4, "POST", "/api/auth/refresh", 200, 900, HOST+"/app/dashboard", ua)
            for p in ["/api/v1/me", "/api/v1/notifications?unread=1", "/api/v1/projects?limit=50", "/api/v1/feature-flags", "/api/v1/teams", "/api/v1/settings", "/api/v1/billing/summary", "/api/v1/activity?limit=20"]:
                l.add(ip, t + 0.6 + r.uniform(0, 0.3), "GET", p, 200, 3000, HOST+"/app/dashboard", ua)
            for j in range(60):
                l.add(ip, t + 5 + j*10, "GET", "/api/v1/notifications?unread=1", 200, 80, HOST+"/app/dashboard", ua)
    # Mobile app (no Referer) on a carrier NAT: token expired -> parallel 401 GETs, refresh fails 401, login OK
    ip = "100.64.50.7"; ua = "AcmeApp/5.12.0 (com.acme.app; build:5120; Android 14) okhttp/4.12.0"
    for u in range(25):
        t = r.uniform(0, 3400)
        for p in ["/api/v1/me", "/api/v1/feed?limit=30", "/api/v1/notifications", "/api/v1/config", "/api/v1/inbox/unread"]:
            l.add(ip, t + r.uniform(0, 0.1), "GET", p, 401, 60, "-", ua)
        ok = r.random() < 0.6
        l.add(ip, t + 0.3, "POST", "/api/v1/auth/refresh", 200 if ok else 401, 400, "-", ua)
        if not ok:
            l.add(ip, t + 12, "POST", "/api/v1/auth/login", 200, 900, "-", ua)
        for p in ["/api/v1/me", "/api/v1/feed?limit=30", "/api/v1/notifications", "/api/v1/config", "/api/v1/inbox/unread"]:
            l.add(ip, t + 13 + r.uniform(0, 0.3), "GET", p, 200, 5000, "-", ua)
    # GraphQL client (Apollo) with persisted queries over GET and POST
    ip = "198.51.100.101"; t = 200
    for k in range(600):
        t += r.uniform(0.2, 6)
        if k % 3:
            ext = Q('{"persistedQuery":{"version":1,"sha256Hash":"%s"}}' % H(k % 20))
            var = Q('{"id":"%d","first":20,"after":null,"filter":{"status":["OPEN","IN_PROGRESS"],"query":"select"}}' % k)
            l.add(ip, t, "GET", f"/graphql?operationName=IssueList&variables={var}&extensions={ext}", 200 if k % 17 else 400, 4000, HOST+"/app/issues", CHROME)
        else:
            l.add(ip, t, "POST", "/graphql", 200, 6000, HOST+"/app/issues", CHROME)
    # Grafana TV wall: 4 dashboards x 20 panels every 10 s, plus annotations
    ip = "198.51.100.102"; ua = CHROME
    for k in range(300):
        t = 10 + k*10
        for d in range(4):
            for p in range(20):
                l.add(ip, t + d*0.5 + r.uniform(0, 0.4), "POST", "/api/ds/query?ds_type=prometheus&requestId=Q%d" % (p+100), 200 if r.random() > 0.01 else 400, 12000, HOST+f"/d/{H(d)[:9]}/ops-{d}?orgId=1&refresh=10s&kiosk", ua)
            l.add(ip, t + d*0.5 + 0.45, "GET", f"/api/annotations?from=1796540000000&to=1796547600000&limit=100&matchAny=false&dashboardUID={H(d)[:9]}", 200, 2, HOST+f"/d/{H(d)[:9]}/ops-{d}?orgId=1&refresh=10s&kiosk", ua)
    # Matomo beacons via a NAT of 30 users, plus heartbeat pings every 15 s
    ip = "198.51.100.103"
    for u in range(30):
        ua = r.choice(BROWSERS); t = r.uniform(0, 3000)
        for pv in range(6):
            url = Q(HOST + r.choice(PAGES), safe="")
            l.add(ip, t, "GET", f"/matomo.php?action_name=Docs%20%E2%80%94%20Install&idsite=1&rec=1&r={r.randint(100000,999999)}&h=10&m=12&s=44&url={url}&urlref={Q('https://www.google.com/', safe='')}&_id={H(u)[:16]}&_idn=0&send_image=0&_refts=0&pv_id={H((u,pv))[:6]}&pf_net=0&pf_srv=43&pf_tfr=12&pf_dm1=230&uadata=%7B%22fullVersionList%22%3A%5B%7B%22brand%22%3A%22Chromium%22%2C%22version%22%3A%22131.0%22%7D%5D%7D&pdf=1&qt=0&realp=0&wma=0&fla=0&java=0&ag=0&cookie=1&res=1920x1080", 204, 0, HOST + "/", ua)
            for hb in range(r.randint(0, 8)):
                l.add(ip, t + 15*(hb+1), "POST", f"/matomo.php?ping=1&idsite=1&rec=1&r={r.randint(100000,999999)}&_id={H(u)[:16]}&pv_id={H((u,pv))[:6]}", 204, 0, HOST + "/", ua)
            t += r.uniform(20, 200)
    # Webhooks: GitHub burst (push to 80 repos by a bot), Stripe deliveries during our outage (500) and retries
    for k in range(80):
        l.add("140.82.115.21", 1000 + k*0.2, "POST", "/hooks/github", 200, 2, "-", "GitHub-Hookshot/8c9e5a3")
    for k in range(300):
        t = 1500 + k*0.5
        l.add("54.187.174.169", t, "POST", "/webhooks/stripe", 500 if k < 200 else 200, 21, "-", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
    # ACME HTTP-01 from several perspectives (incl. stale token 404, http->https 301)
    for ip in ["66.133.109.36", "3.19.147.174", "34.211.6.84", "18.236.228.243", "23.178.112.101"]:
        for k in range(3):
            tok = H(("acme", k))[:43]
            l.add(ip, 2500 + k*600 + r.uniform(0, 1), "GET", f"/.well-known/acme-challenge/{tok}", [200, 404, 301][k], 87, "-", "Mozilla/5.0 (compatible; Let's Encrypt validation server; +https://www.letsencrypt.org)")

@scen
def wellknown(l, r):
    # a NAT of browsers and apps asking for every well-known file a site may not have
    miss = ["/apple-touch-icon.png", "/apple-touch-icon-precomposed.png", "/apple-touch-icon-120x120.png", "/apple-touch-icon-120x120-precomposed.png",
            "/apple-touch-icon-152x152.png", "/apple-touch-icon-152x152-precomposed.png", "/.well-known/security.txt", "/security.txt", "/robots.txt", "/ads.txt", "/app-ads.txt",
            "/sitemap.xml", "/.well-known/traffic-advice", "/.well-known/assetlinks.json", "/.well-known/apple-app-site-association", "/apple-app-site-association",
            "/browserconfig.xml", "/manifest.json", "/site.webmanifest", "/humans.txt", "/.well-known/change-password", "/.well-known/gpc.json",
            "/.well-known/nodeinfo", "/.well-known/openid-configuration", "/.well-known/webfinger?resource=acct%3Aalice%40example.org", "/favicon.png", "/favicon-32x32.png",
            "/crossdomain.xml", "/clientaccesspolicy.xml", "/.well-known/dnt-policy.txt", "/.well-known/host-meta", "/.well-known/privacy-sandbox-attestations.json",
            "/.well-known/related-website-set.json", "/.well-known/passkey-endpoints", "/.well-known/mta-sts.txt", "/sitemap_index.xml", "/wp-sitemap.xml", "/feed/", "/rss", "/atom.xml"]
    ip = "198.51.100.110"
    for u in range(20):
        ua = r.choice(BROWSERS); t = r.uniform(0, 600)
        for p in r.sample(miss, 12):
            l.add(ip, t, "GET", p, 404, 150, "-", ua); t += r.uniform(0.05, 1)
        t = l.page(ip, t, "/", ua, nassets=8)
    # one Safari on iOS opening a shared link: preview, icons, page
    ip2 = "100.64.60.8"; t = 900
    for p in miss[:6] + ["/favicon.ico"]:
        l.add(ip2, t, "GET", p, 404, 150, "-", IPHONE); t += 0.05
    # Mastodon instances fetching a shared link (each instance own IP) + one big instance with 4 requests
    for k in range(60):
        ip = f"198.18.{k}.5"
        l.add(ip, 1500 + k*0.3, "GET", "/blog/2026/11/winter-release-notes/", 200, 40000, "-", "Mastodon/4.3.1 (http.rb/5.2.0; +https://mastodon.social/)")
        l.add(ip, 1500 + k*0.3 + 0.5, "GET", "/static/img/og/winter-release.png", 200, 90000, "-", "Mastodon/4.3.1 (http.rb/5.2.0; +https://mastodon.social/)")
        l.add(ip, 1500 + k*0.3 + 0.6, "GET", "/.well-known/nodeinfo", 404, 150, "-", "Mastodon/4.3.1 (http.rb/5.2.0; +https://mastodon.social/)")
    # Screaming Frog audit of a site with broken links across many sections at 8 req/s
    ip = "198.51.100.111"; ua = "Screaming Frog SEO Spider/20.4"; t = 2000
    l.add(ip, t, "GET", "/robots.txt", 404, 150, "-", ua)
    sections = ["old", "archive", "legacy", "news", "events", "press", "downloads", "support", "kb", "forum", "wiki", "test", "dev", "staging", "backup", "tmp", "images", "files", "uploads", "media",
                "en", "de", "fr", "es", "shop", "store", "cart", "members", "portal", "partners", "resellers", "investors", "jobs", "team", "blog-old", "2019", "2020", "2021", "beta", "demo"]
    for k in range(2400):
        t += r.expovariate(8)
        x = r.random()
        if x < 0.12:
            s = r.choice(sections); l.add(ip, t, "GET", f"/{s}/{r.choice(['index.html','page-'+str(k),'item/'+str(k)])}", 404, 150, HOST + r.choice(PAGES), ua)
        elif x < 0.25:
            l.add(ip, t, "GET", f"/{r.choice(sections)}/p{k}", 301, 0, HOST + r.choice(PAGES), ua)
        elif x < 0.6:
            l.add(ip, t, "GET", r.choice(ASSETS), 200, 9000, HOST + r.choice(PAGES), ua)
        else:
            l.add(ip, t, "GET", f"/docs/page-{k}/", 200, 30000, HOST + r.choice(PAGES), ua)
    # W3C link checker HEAD then GET
    ip = "198.51.100.112"; ua = "W3C-checklink/5.0.0 libwww-perl/6.77"; t = 3000
    for k in range(300):
        p = f"/{r.choice(sections)}/l{k}" if k % 5 == 0 else f"/docs/page-{k}/"
        st = 404 if k % 5 == 0 else 200
        l.add(ip, t, "HEAD", p, st, 0, "-", ua); t += 1
        if st == 200: l.add(ip, t, "GET", p, 200, 20000, "-", ua); t += 1

@scen
def crowds(l, r):
    # carrier-grade NAT: 2000 users on one IPv4, origin serves pages + API, assets on CDN; some login errors and 404s
    ip = "100.64.0.1"
    for u in range(2000):
        ua = r.choice(BROWSERS); t = r.uniform(0, 3500)
        prev = "https://www.google.com/"
        for k in range(r.randint(1, 6)):
            p = r.choice(PAGES)
            l.add(ip, t, "GET", p, 200, 30000, prev, ua)
            l.add(ip, t+0.3, "GET", "/api/v1/recommendations?page=" + Q(p, safe=""), 200, 2000, HOST + p, ua)
            if r.random() < 0.05: l.add(ip, t+0.5, "GET", r.choice(["/apple-touch-icon.png", "/favicon.png", "/robots.txt"]), 404, 150, "-", ua)
            if r.random() < 0.02:
                l.add(ip, t+3, "POST", "/login", 200, 4000, HOST + "/login", ua)
                l.add(ip, t+12, "POST", "/login", 302, 0, HOST + "/login", ua)
            prev = HOST + p; t += r.uniform(10, 120)
    # Tor exit: 150 users, some with empty UA, some logins failing
    ip = "185.220.101.4"
    for u in range(150):
        ua = "Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0"
        t = r.uniform(0, 3500)
        for k in range(r.randint(1, 8)):
            t = l.page(ip, t, r.choice(PAGES), ua, nassets=r.randint(0, 8)); t += r.uniform(5, 60)
        if r.random() < 0.1:
            l.add(ip, t, "GET", "/login", 200, 4000, HOST+"/", ua)
            l.add(ip, t+10, "POST", "/login", 200, 4000, HOST + "/login", ua)
            l.add(ip, t+25, "POST", "/login", 302, 0, HOST + "/login", ua)
    # IPv6 privacy addresses rotating inside one /64: a household of 5 devices, each address new every hour
    for dev in range(5):
        ua = BROWSERS[dev]
        for k in range(30):
            a = f"2001:db8:1234:5678:{r.randint(0,0xffff):x}:{r.randint(0,0xffff):x}:{r.randint(0,0xffff):x}:{r.randint(0,0xffff):x}"
            l.page(a, r.uniform(0, 3500), r.choice(PAGES), ua, nassets=8)
    # Googlebot / bingbot at 5-8 req/s with 404s and 301s, facebookexternalhit and Slackbot bursts
    for ip, ua, rate in [("66.249.66.1", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 6), ("40.77.167.2", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", 4)]:
        t = 0
        while t < 3500:
            t += r.expovariate(rate)
            x = r.random()
            if x < 0.1: l.add(ip, t, "GET", f"/{r.choice(['tag','category','author','2019','2020','page'])}/{r.randint(1,9999)}/", 404, 150, "-", ua)
            elif x < 0.2: l.add(ip, t, "GET", f"/?p={r.randint(1,9999)}", 301, 0, "-", ua)
            else: l.add(ip, t, "GET", f"/blog/post-{r.randint(1,5000)}/", 200, 30000, "-", ua)
    for k in range(120):
        l.add("69.171.230.10", 1000 + k*0.25, "GET", f"/products/widget-{k%40}/?utm_source=facebook&fbclid=IwAR{H(k)[:40]}", 200, 50000, "-", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)")
        l.add("69.171.230.10", 1000 + k*0.25 + 0.1, "GET", f"/static/img/products/widget-{k%40}-og.jpg", 206, 90000, "-", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)")
    for k in range(40):
        l.add("3.85.10.4", 2000 + k*0.5, "GET", f"/blog/2026/11/winter-release-notes/", 200, 40000, "-", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")
        l.add("3.85.10.4", 2000 + k*0.5+0.2, "HEAD", f"/static/img/og/winter-release.png", 200, 0, "-", "Slackbot 1.0 (+https://api.slack.com/robots)")

def run(names):
    for n in names:
        r = random.Random(hash(n) & 0xffff)
        l = Log(11)
        l.browsers(40, 0, 3600)
        S[n](l, r)
        print(l.write(n), len(l.rows))
if __name__ == "__main__":
    run(sys.argv[1:] or list(S))
