from fx import *
import random
R = random.Random(61)
L = Log(seed=306); L.browsers(20, 0, 600)
ip = "198.51.146.10"; ua = FIREFOX; ref = "https://cloud.example.org/apps/photos/"
t = 100.0
L.add(ip, t, "GET", "/apps/photos/", 200, 14000, "https://cloud.example.org/apps/files/", ua)
for a in ["/dist/core-common.js?v=2b1a9c3e", "/dist/core-main.js?v=2b1a9c3e", "/apps/photos/js/photos-main.mjs?v=2b1a9c3e", "/apps/photos/css/photos-main.css?v=2b1a9c3e", "/core/css/server.css?v=2b1a9c3e", "/apps/theming/theme/default.css?plain=0&v=2b1a9c3e"]:
    t += 0.04; L.add(ip, t, "GET", a, 304, 0, ref, ua)
t += 0.6
L.add(ip, t, "PROPFIND", "/remote.php/dav/files/alice/", 207, 3000, ref, ua); t += 0.3
L.add(ip, t, "SEARCH", "/remote.php/dav/", 207, 240000, ref, ua); t += 0.5
fid = 184000
for k in range(120):
    fid += R.randint(1, 4)
    L.add(ip, t, "GET", f"/apps/photos/api/v1/preview/{fid}?etag=6752a4f1c2b3e{k:03d}&x=256&y=256", 200, R.randint(6000, 22000), ref, ua)
    t += R.uniform(0.01, 0.04)
t += 20
L.add(ip, t, "SEARCH", "/remote.php/dav/", 207, 240000, ref, ua)
print(save(L, "nextcloud-photos-web-120", "Nextcloud Photos web app, first screen of the timeline: 120 previews /apps/photos/api/v1/preview/<fileId>?etag=..&x=256&y=256 (with Referer) in ~3 s", [ip]))
