from base import *
import sys, uuid, hashlib
S = {}
def scen(f): S[f.__name__] = f; return f
def H(x): return hashlib.sha256(str(x).encode()).hexdigest()

@scen
def monitors(l, r):
    # UptimeRobot HEAD every 60s from 3 probes, Pingdom GET, Nagios, Zabbix, Datadog, k8s, prometheus
    for i, ip in enumerate(["216.144.250.150", "69.162.124.230", "63.143.42.250"]):
        for k in range(60):
            l.add(ip, 5 + i*20 + k*60 + r.uniform(0,1), "HEAD", "/", 200, 0, "https://uptimerobot.com/", "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)")
    for k in range(60):
        l.add("178.255.152.2", 11 + k*60, "GET", "/status", 200, 512, "-", "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)")
        l.add("178.255.152.2", 12 + k*60, "GET", "/admin/", 301, 0, "-", "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)")
    for k in range(12):
        for p, st in [("/", 200), ("/server-status?auto", 403), ("/api/health", 200), ("/private/", 401)]:
            l.add("198.51.100.40", 30 + k*300, "GET", p, st, 180, "-", "check_http/v2.3.3 (nagios-plugins 2.3.3)")
    for k in range(60):
        l.add("198.51.100.41", 7 + k*60, "GET", "/nginx_status", 200, 97, "-", "Zabbix")
        l.add("198.51.100.41", 8 + k*60, "GET", "/wp-login.php", 200, 4200, "-", "Zabbix")
    for k in range(12):
        t = 40 + k*300
        ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36 DatadogSynthetics"
        t = l.page("3.233.144.10", t, "/login", ua, nassets=8)
        l.add("3.233.144.10", t+2, "POST", "/login", 302, 0, HOST+"/login", ua)
        l.page("3.233.144.10", t+3, "/account/", ua, HOST+"/login", nassets=8)
        l.add("3.233.144.10", t+5, "GET", "/logout", 302, 0, HOST+"/account/", ua)
    for k in range(360):
        l.add("10.244.1.1", k*10, "GET", "/healthz", 200, 2, "-", "kube-probe/1.31")
        l.add("10.244.1.1", k*10+0.2, "GET", "/readyz", 503 if 100 < k < 104 else 200, 2, "-", "kube-probe/1.31")
    for k in range(240):
        l.add("198.51.100.42", k*15, "GET", "/metrics", 200, 48211, "-", "Prometheus/2.54.1")
    # Prometheus scraping a target whose basic-auth password was rotated: 401 forever
    for k in range(240):
        l.add("198.51.100.43", k*15+3, "GET", "/metrics", 401, 172, "-", "Prometheus/2.54.1")
    # blackbox exporter on a protected admin: 403
    for k in range(120):
        l.add("198.51.100.44", k*30+4, "GET", "/admin/health", 403, 153, "-", "Blackbox Exporter/0.25.0")

@scen
def wordpress(l, r):
    ed = "198.51.100.50"; ua = CHROME
    t = 10
    l.add(ed, t, "GET", "/wp-login.php", 200, 4800, "-", ua); t+=8
    l.add(ed, t, "POST", "/wp-login.php", 200, 5100, HOST+"/wp-login.php", ua); t+=9  # mistyped
    l.add(ed, t, "POST", "/wp-login.php", 302, 0, HOST+"/wp-login.php", ua); t+=0.3
    t = l.page(ed, t, "/wp-admin/", ua, HOST+"/wp-login.php", nassets=8)
    for k in range(200):
        t += r.uniform(15, 60)
        l.add(ed, t, "POST", "/wp-admin/admin-ajax.php", 200, 112, HOST+"/wp-admin/post.php?post=4211&action=edit", ua)
        if k % 10 == 0:
            l.add(ed, t+1, "POST", "/wp-json/wp/v2/posts/4211/autosaves?_locale=user", 200, 2200, HOST+"/wp-admin/post.php?post=4211&action=edit", ua)
        if k % 30 == 0:
            for p in ["/wp-json/wp/v2/types?context=view&_locale=user", "/wp-json/wp/v2/blocks?per_page=100&_locale=user", "/wp-json/wp/v2/users/me?_locale=user", "/wp-json/wp/v2/taxonomies?context=edit&_locale=user", "/wp-json/wp/v2/media?per_page=40&_locale=user", "/wp-json/wp/v2/block-patterns/patterns?_locale=user", "/wp-json/wp/v2/settings?_locale=user", "/wp-json/wp/v2/themes?status=active&_locale=user"]:
                l.add(ed, t+r.uniform(0,0.5), "GET", p, 200, 3000, HOST+"/wp-admin/post-new.php", ua)
            l.add(ed, t+2, "POST", "/wp-admin/post.php", 302, 0, HOST+"/wp-admin/post.php?post=4211&action=edit", ua)
    # plugin updates
    t = 1800
    l.add(ed, t, "GET", "/wp-admin/update-core.php", 200, 40000, HOST+"/wp-admin/", ua)
    for k in range(8):
        l.add(ed, t+2+k*4, "POST", "/wp-admin/admin-ajax.php", 200, 300, HOST+"/wp-admin/update-core.php", ua)
    l.add(ed, t+40, "POST", "/wp-admin/update.php?action=upload-plugin", 200, 9000, HOST+"/wp-admin/plugin-install.php", ua)
    # wp-cron from server itself (public IP)
    for k in range(60):
        l.add("198.51.100.9", k*60, "POST", f"/wp-cron.php?doing_wp_cron={1796547600+k*60}.{r.randint(100000,999999)}", 200, 0, "-", "WordPress/6.7.1; https://www.example.org")
    # jetpack
    for k in range(40):
        l.add("192.0.84.24", k*90, "POST", "/xmlrpc.php?for=jetpack&token=abc%3A1%3A0&timestamp=1796547600&nonce=xyz&body-hash=hh&signature=ss", 200, 540, "-", "Jetpack by WordPress.com")
    for k in range(30):
        l.add("192.0.84.24", 5+k*120, "GET", "/?rest_route=/jetpack/v4/connection/test", 200, 40, "-", "Jetpack by WordPress.com")
    # mobile app
    app = "wp-iphone/25.3 (iOS 18.1, iPhone16,2) Mobile"
    for k in range(100):
        l.add("100.64.3.21", 60 + k*20, "POST", "/xmlrpc.php", 200, 3300, "-", app)
    # WordPress REST from the mobile app via application passwords
    for k in range(60):
        l.add("100.64.3.21", 70 + k*30, "GET", "/wp-json/wp/v2/posts?context=edit&per_page=20&status=draft,pending,private", 200, 20000, "-", app)

@scen
def dav(l, r):
    ua = "Mozilla/5.0 (Linux) mirall/3.14.3git (Nextcloud, debian-12 ClientArchitecture: x86_64 OsArchitecture: x86_64)"
    ip = "198.51.100.60"; t = 20
    # initial sync: 6 parallel, ~30 req/s for 3 minutes
    for k in range(5400):
        t += r.expovariate(30)
        kind = r.random()
        f = f"/remote.php/dav/files/alice/Photos/2024/IMG_{k:05d}.jpg"
        if kind < 0.3: l.add(ip, t, "PROPFIND", f"/remote.php/dav/files/alice/Documents/dir{k%300}/", 207, 4200, "-", ua)
        elif kind < 0.9: l.add(ip, t, "GET", f, 200, r.randint(100000, 4000000), "-", ua)
        elif kind < 0.95: l.add(ip, t, "PUT", f.replace("Photos","Upload"), 201, 0, "-", ua)
        elif kind < 0.97: l.add(ip, t, "PROPFIND", f"/remote.php/dav/files/alice/Shared/gone{k}/", 404, 200, "-", ua)
        elif kind < 0.985: l.add(ip, t, "PUT", f"/remote.php/dav/files/alice/Documents/report{k}.docx", 412, 300, "-", ua)
        else: l.add(ip, t, "MOVE", f"/remote.php/dav/files/alice/Documents/locked{k}.xlsx", 423, 300, "-", ua)
    # later: polling every 30s
    for k in range(60):
        l.add(ip, t + 30*k, "PROPFIND", "/remote.php/dav/files/alice/", 207, 800, "-", ua)
        l.add(ip, t + 30*k+0.1, "GET", "/ocs/v2.php/apps/notifications/api/v2/notifications?format=json", 200, 200, "-", ua)
    # DAVx5 caldav/carddav every 15 min
    dua = "DAVx5/4.4.2-ose (2024/10/01; dav4jvm; okhttp/4.12.0) Android/14"
    for k in range(8):
        t0 = 50 + k*900
        for j, p in enumerate(["/remote.php/dav/", "/remote.php/dav/principals/users/bob/", "/remote.php/dav/calendars/bob/", "/remote.php/dav/addressbooks/users/bob/"]):
            l.add("100.64.9.9", t0 + j*0.3, "PROPFIND", p, 207, 1500, "-", dua)
        for c in range(12):
            l.add("100.64.9.9", t0 + 2 + c*0.2, "REPORT", f"/remote.php/dav/calendars/bob/cal{c}/", 207, 9000, "-", dua)
    # iOS dataaccessd with 401 first each session
    iua = "iOS/18.1 (22B83) dataaccessd/1.0"
    for k in range(30):
        t0 = 100 + k*120
        l.add("100.64.9.10", t0, "PROPFIND", "/remote.php/dav/calendars/carol/", 401, 0, "-", iua)
        l.add("100.64.9.10", t0+0.2, "PROPFIND", "/remote.php/dav/calendars/carol/", 207, 2000, "-", iua)
        l.add("100.64.9.10", t0+0.5, "REPORT", "/remote.php/dav/calendars/carol/personal/", 207, 2000, "-", iua)
    # Windows Mini-Redirector: 401 before most requests
    wua = "Microsoft-WebDAV-MiniRedir/10.0.19045"
    t0 = 300
    for k in range(400):
        t0 += r.uniform(0.05, 2)
        p = f"/remote.php/webdav/Projects/file{k%80}.pdf"
        m = r.choice(["PROPFIND", "PROPFIND", "GET", "LOCK", "UNLOCK", "OPTIONS"])
        l.add("198.51.100.61", t0, m, p, 401, 0, "-", wua)
        l.add("198.51.100.61", t0+0.02, m, p, {"PROPFIND":207,"GET":200,"LOCK":200,"UNLOCK":204,"OPTIONS":200}[m], 400, "-", wua)

@scen
def devtools(l, r):
    # git smart http: CI runner fetching 60 repos, 401 then auth
    g = "git/2.43.0"; ip = "198.51.100.70"; t = 30
    for k in range(20):
        for rep in range(60):
            pth = f"/acme/svc-{rep}.git"
            l.add(ip, t, "GET", pth+"/info/refs?service=git-upload-pack", 401, 0, "-", g); t += 0.05
            l.add(ip, t, "GET", pth+"/info/refs?service=git-upload-pack", 200, 3000, "-", g, user="ci"); t += 0.1
            l.add(ip, t, "POST", pth+"/git-upload-pack", 200, 90000, "-", g, user="ci"); t += 0.3
        t += 240
    # gitlab runners polling
    for k in range(1200):
        l.add("198.51.100.71", 5 + k*3, "POST", "/api/v4/jobs/request", 204, 0, "-", "gitlab-runner 17.5.0 (17-5-stable; go1.22.7; linux/amd64)")
    # docker registry: 40 k8s nodes behind NAT pulling a new image at once
    ip = "198.51.100.72"; du = "containerd/v1.7.22"
    t0 = 600
    for n in range(40):
        t = t0 + r.uniform(0, 8)
        l.add(ip, t, "GET", "/v2/", 401, 87, "-", du)
        l.add(ip, t+0.05, "GET", "/token?scope=repository%3Aacme%2Fapi%3Apull&service=registry.example.org", 200, 1200, "-", du)
        l.add(ip, t+0.1, "HEAD", "/v2/acme/api/manifests/v2.31.0", 200, 0, "-", du)
        l.add(ip, t+0.15, "GET", "/v2/acme/api/manifests/sha256:"+H("m"), 200, 1800, "-", du)
        l.add(ip, t+0.2, "GET", "/v2/acme/api/blobs/sha256:"+H("c"), 307, 0, "-", du)
        for b in range(12):
            l.add(ip, t+0.25+b*0.1, "GET", "/v2/acme/api/blobs/sha256:"+H(b), 307, 0, "-", du)
    # apt: 20 servers behind one NAT doing unattended upgrades + an apt-cacher
    au = "Debian APT-HTTP/1.3 (2.6.1)"
    ip = "198.51.100.73"; t = 1200
    for s in range(3):
        for p in ["InRelease", "main/binary-amd64/Packages.xz", "main/i18n/Translation-en_GB.xz", "main/i18n/Translation-en.xz", "contrib/dep11/Components-amd64.yml.gz", "main/Contents-amd64.diff/Index"]:
            st = 304 if p in ("InRelease",) else (404 if "en_GB" in p or "diff" in p else 200)
            l.add(ip, t, "GET", "/debian/dists/bookworm-updates/"+p, st, 900, "-", au); t += 0.05
        for k in range(300):
            t += r.expovariate(60)
            l.add(ip, t, "GET", f"/debian/pool/main/l/lib{k}/lib{k}_1.{k}-1_amd64.deb", 200, r.randint(20000, 3000000), "-", au)
        t += 600
    # pip
    pu = 'pip/24.2 {"ci":true,"cpu":"x86_64","implementation":{"name":"CPython","version":"3.12.7"},"installer":{"name":"pip","version":"24.2"},"python":"3.12.7","system":{"name":"Linux","release":"6.1.0"}}'
    t = 2000
    for k in range(200):
        t += r.expovariate(40)
        l.add("198.51.100.74", t, "GET", f"/simple/pkg-{k}/", 200 if k%7 else 404, 3000, "-", pu)
        l.add("198.51.100.74", t+0.02, "GET", f"/packages/{H(k)[:2]}/{H(k)[2:4]}/{H(k)[4:60]}/pkg_{k}-1.0-py3-none-any.whl", 200, 80000, "-", pu)
    # yum
    yu = "libdnf (Rocky Linux 9.4; generic; Linux.x86_64)"
    t = 2600
    for p, st in [("repodata/repomd.xml",200),("repodata/repomd.xml.asc",404),("repodata/"+H(1)+"-primary.xml.gz",200),("repodata/"+H(2)+"-filelists.xml.gz",200),("repodata/"+H(3)+"-updateinfo.xml.gz",200),("repodata/"+H(4)+"-comps-BaseOS.x86_64.xml.gz",200)]:
        for mirrorbox in range(30):
            l.add("198.51.100.75", t + mirrorbox*0.7, "GET", "/rocky/9.4/BaseOS/x86_64/os/"+p, st, 5000, "-", yu)

@scen
def downloads(l, r):
    ip = "198.51.100.80"
    size = 4*1024**3; seg = 1024**2
    t = 50
    for k in range(1200):
        t += r.expovariate(40)
        a = k*seg
        l.add(ip, t, "GET", "/downloads/acme-os-24.10-amd64.iso", 206, seg, "-", "aria2/1.37.0")
    # IDM
    t = 1000
    for k in range(16):
        l.add("198.51.100.81", t+k*0.05, "GET", "/downloads/setup-x64.exe", 206, 50*1024**2, HOST+"/downloads/", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Trident/7.0; rv:11.0) like Gecko")
    # podcast apps: AppleCoreMedia many ranges, feed readers
    cu = "AppleCoreMedia/1.0.0.22B83 (iPhone; U; CPU OS 18_1 like Mac OS X; en_us)"
    t = 200
    for k in range(150):
        t += r.uniform(0.1, 20)
        l.add("100.64.20.5", t, "GET", "/podcast/episodes/ep-142.mp3", 206, r.randint(2, 2000000), "-", cu)
    for k in range(12):
        l.add("198.51.100.82", k*300, "GET", "/feed/", 304, 0, "-", "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 1234 subscribers; )")
        l.add("198.51.100.82", k*300+1, "GET", "/podcast/feed.xml", 304, 0, "-", "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 98 subscribers; )")
        l.add("198.51.100.83", k*300+30, "GET", "/podcast/feed.xml", 200, 240000, "-", "Overcast/1.0 Podcast Sync (123 subscribers; feed-id=998877; +http://overcast.fm/)")
        l.add("198.51.100.83", k*300+31, "GET", "/feed.rss", 404, 0, "-", "Overcast/1.0 Podcast Sync (1 subscribers; feed-id=998878; +http://overcast.fm/)")
        l.add("198.51.100.83", k*300+32, "GET", "/rss.xml", 404, 0, "-", "Overcast/1.0 Podcast Sync (1 subscribers; feed-id=998879; +http://overcast.fm/)")
        l.add("198.51.100.83", k*300+33, "GET", "/atom.xml", 404, 0, "-", "Overcast/1.0 Podcast Sync (1 subscribers; feed-id=998880; +http://overcast.fm/)")
    # HLS: an office of 40 watching a town-hall live stream through one NAT
    ip = "198.51.100.84"
    for v in range(40):
        ua = r.choice(BROWSERS); st = 1500 + r.uniform(0, 60)
        l.page(ip, st, "/live/townhall/", ua, "https://intranet.acme.example/", nassets=8)
        for k in range(300):
            tt = st + 2 + k*2 + r.uniform(0, 0.2)
            l.add(ip, tt, "GET", "/live/townhall/index.m3u8", 200, 412, HOST+"/live/townhall/", ua)
            if k % 3 == 0:
                l.add(ip, tt+0.1, "GET", f"/live/townhall/seg{k//3 + 1000}.ts", 200, 1500000, HOST+"/live/townhall/", ua)
    # jellyfin-like single viewer
    for k in range(500):
        l.add("100.64.20.6", 100 + k*4, "GET", f"/videos/{H('v')[:32]}/hls1/main/{k}.ts?DeviceId=abc&MediaSourceId=def&PlaySessionId=ghi&api_key=jkl&VideoCodec=h264&AudioCodec=aac", 200, 2000000, "-", "Jellyfin-Android/2.6.1")

def run(names):
    for n in names:
        r = random.Random(hash(n) & 0xffff)
        l = Log(7)
        l.browsers(40, 0, 3600)
        S[n](l, r)
        print(l.write(n), len(l.rows))
if __name__ == "__main__":
    run(sys.argv[1:] or list(S))
