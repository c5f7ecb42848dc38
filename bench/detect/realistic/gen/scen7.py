from base import *
from scen1 import H
import sys
S = {}
def scen(f): S[f.__name__] = f; return f
GB = "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
@scen
def outage(l, r):
    # WordPress with top-level post slugs; a broken deploy answers 404 (n=0), 403 (n=1) or 503 (n=2) to everything for 5 min
    for n, bad in enumerate([404, 403, 503]):
        ip = f"66.249.66.{10+n}"; t = 100 + n*1100
        while t < 100 + n*1100 + 900:
            t += r.expovariate(3)
            broken = 300 <= t - (100 + n*1100) <= 600
            slug = f"/{r.choice(['how','why','best','top','guide','review','my','our','the'])}-{r.choice(['winter','garden','coffee','bike','travel','python','recipe','camera'])}-{r.randint(1,5000)}/"
            l.add(ip, t, "GET", slug, bad if broken else 200, 150 if broken else 30000, "-", GB)
        # the ordinary visitors during the broken window get the same answers
    for k in range(200):
        ip = f"203.0.114.{k % 200}"
        t = 100 + 300 + r.uniform(0, 300)
        l.add(ip, t, "GET", r.choice(PAGES), 404, 150, "https://www.google.com/", r.choice(BROWSERS))
@scen
def infra(l, r):
    # HAProxy httpchk OPTIONS / every 2 s from two LBs; one LB with 8 backends pointing at this host (4/s)
    for k in range(1800):
        l.add("198.51.105.10", k*2, "OPTIONS", "/", 200, 0, "-", "-", proto="HTTP/1.0")
    for k in range(3600*4):
        l.add("198.51.105.11", k*0.25, "OPTIONS", "/", 200, 0, "-", "-", proto="HTTP/1.0")
    # AWS ALB-style health check on /health every 5 s from 3 nodes, GET with ELB UA
    for n in range(3):
        for k in range(720):
            l.add(f"198.51.105.{20+n}", k*5 + n, "GET", "/health", 200, 2, "-", "ELB-HealthChecker/2.0")
    # CORS preflight: office of 12 on app.example.net calling our API every 5 s (preflight cache 5 s default)
    ip = "198.51.105.30"
    for u in range(12):
        ua = r.choice(BROWSERS); t0 = r.uniform(0, 30)
        for k in range(300):
            t = t0 + k*5
            for a in ["/api/v2/tickets?status=open", "/api/v2/me", "/api/v2/counters", "/api/v2/notifications", "/api/v2/queue/stats", "/api/v2/agents/online"]:
                tt = t + r.uniform(0, 0.3)
                l.add(ip, tt, "OPTIONS", a, 204, 0, "https://app.example.net/", ua)
                l.add(ip, tt + 0.05, "GET", a, 200, 3000, "https://app.example.net/", ua)
@scen
def apps(l, r):
    # mobile app N+1: on start fetches 150 items one by one over HTTP/2 at ~40/s, no Referer; 3 phones on a carrier NAT over the hour
    ip = "100.64.80.1"; ua = "AcmeNotes/3.4.1 (iPhone; iOS 18.1; Scale/3.00) Alamofire/5.9.1"
    for ph in range(3):
        t = 200 + ph*1000
        l.add(ip, t, "GET", "/api/v1/items?fields=id&limit=500", 200, 3000, "-", ua)
        for k in range(150):
            t += r.expovariate(40)
            l.add(ip, t, "GET", f"/api/v1/items/{10000 + ph*1000 + k}", 200, 2000, "-", ua)
    # Jellyfin Android TV app opening the movie library: 150 posters at once, no Referer
    ip = "198.51.105.40"; ua = "Jellyfin-AndroidTV/0.17.6 (Linux; Android 12; BRAVIA 4K)"
    t = 1800
    for scr in range(6):
        l.add(ip, t, "GET", f"/Users/{H('u')[:32]}/Items?ParentId={H('lib')[:32]}&SortBy=SortName&StartIndex={scr*100}&Limit=100&Fields=PrimaryImageAspectRatio", 200, 90000, "-", ua)
        for k in range(100):
            l.add(ip, t + 0.1 + r.uniform(0, 1.5), "GET", f"/Items/{H((scr,k))[:32]}/Images/Primary?fillHeight=446&fillWidth=297&quality=96&tag={H((scr,k,'t'))[:32]}", 200 if r.random() > 0.05 else 404, 30000, "-", ua)
        t += r.uniform(3, 8)
    # git lfs pull: batch API then 800 object GETs at ~50/s (8 concurrent transfers)
    ip = "198.51.105.41"; ua = "git-lfs/3.5.1 (GitHub; linux amd64; go 1.22.2)"
    t = 2500
    for b in range(8):
        l.add(ip, t, "POST", "/acme/assets.git/info/lfs/objects/batch", 200, 40000, "-", ua)
        for k in range(100):
            t += r.expovariate(50)
            l.add(ip, t, "GET", f"/acme/assets.git/gitlab-lfs/objects/{H((b,k))}", 200, 500000, "-", ua)
    # maven build in CI: pom/jar/sha1 with 404s for missing checksums and snapshot metadata
    ip = "198.51.105.42"; ua = "Apache-Maven/3.9.9 (Java 21.0.5; Linux 6.1.0)"
    t = 3000
    for k in range(250):
        base = f"/maven2/org/acme/lib{k}/1.{k}.0/lib{k}-1.{k}.0"
        for ext, st in [(".pom", 200), (".pom.sha1", 200), (".jar", 200), (".jar.sha1", 200 if k % 4 else 404)]:
            t += r.expovariate(30)
            l.add(ip, t, "GET", base + ext, st, 20000, "-", ua)
def run(names):
    for n in names:
        r = random.Random(31)
        l = Log(29)
        l.browsers(40, 0, 3600)
        S[n](l, r)
        print(l.write(n), len(l.rows))
if __name__ == "__main__":
    run(sys.argv[1:] or list(S))
