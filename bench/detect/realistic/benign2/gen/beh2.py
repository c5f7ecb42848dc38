from fx import *
import random, uuid
R = random.Random(91)
OUT = "/tmp/benign-s9/out"
outs = []
def new(seed): L = Log(seed=seed); L.browsers(25, 0, 1200); return L
# 1 podcast AppleCoreMedia ranges
L = new(501); ip = "198.51.150.10"; ua = "AppleCoreMedia/1.0.0.22B83 (iPhone; U; CPU OS 18_1 like Mac OS X; en_us)"; t = 100.0
ep = "/podcast/episodes/ep142-scaling-postgres.mp3"
L.add(ip, t, "GET", ep, 206, 2, "-", ua); t += 0.2
for k in range(40):
    L.add(ip, t, "GET", ep, 206, R.randint(200000, 2000000), "-", ua); t += R.uniform(0.2, 3)
outs.append(L.write("podcast-ranges", OUT))
# 2 git 401 challenge polling (Jenkins, CLI git) 20 repos every 60 s
L = new(502); ip = "198.51.150.11"; ua = "git/2.39.5"; 
for rnd in range(10):
    t = 60 + rnd * 60
    for r in range(20):
        p = f"/acme/service-{r}.git/info/refs?service=git-upload-pack"
        L.add(ip, t, "GET", p, 401, 0, "-", ua); t += 0.05
        L.add(ip, t, "GET", p, 200, 4000, "-", ua, user="jenkins"); t += R.uniform(0.1, 0.5)
outs.append(L.write("git-401-challenge-poll", OUT))
# 3 Jetpack sync xmlrpc
L = new(503); ip = "192.0.84.17"; ua = "Jetpack by WordPress.com"
t = 30.0
while t < 1200:
    L.add(ip, t, "POST", "/xmlrpc.php?for=jetpack&token=Xk2m9QpL4r%3A1%3A0&timestamp=" + str(1733475600 + int(t)) + "&nonce=" + uuid.uuid4().hex[:10] + "&body-hash=abc%3D&signature=def%3D", 200, 380, "-", ua)
    t += R.uniform(2, 40)
outs.append(L.write("jetpack-xmlrpc", OUT))
# 4 Exchange NTLM office NAT
L = new(504); ip = "198.51.150.13"
uas = ["Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)", "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.18129; Pro)", "ExchangeServicesClient/15.00.0913.015", "Apple-iPhone15C2/2201.83", "Outlook-iOS/2.0"]
for u in range(40):
    ua = R.choice(uas); t = R.uniform(0, 1200)
    for k in range(R.randint(5, 20)):
        p = R.choice(["/EWS/Exchange.asmx", "/mapi/emsmdb/?MailboxId=" + uuid.UUID(int=u).hex + "@acme.example", "/autodiscover/autodiscover.xml", "/mapi/nspi/?MailboxId=x@acme.example", "/Microsoft-Server-ActiveSync?Cmd=Ping&User=u%d&DeviceId=D%d&DeviceType=iPhone" % (u, u)])
        L.add(ip, t, "POST", p, 401, 0, "-", ua); t += 0.02
        L.add(ip, t, "POST", p, 401, 0, "-", ua); t += 0.02
        L.add(ip, t, "POST", p, 200, R.randint(500, 50000), "-", ua); t += R.uniform(5, 90)
outs.append(L.write("exchange-ntlm-nat", OUT))
# 5 GitHub webhook burst (Renovate across 60 repos)
L = new(505); ip = "140.82.115.9"; ua = "GitHub-Hookshot/e1c6a7f"; t = 300.0
for k in range(180):
    L.add(ip, t, "POST", "/github-webhook/", 200, 0, "-", ua); t += R.uniform(0.02, 0.25)
outs.append(L.write("github-webhook-burst", OUT))
# 6 Lighthouse / PSI: 2 runs from one address, ~120 requests each, cache-cold
L = new(506); ip = "66.249.93.21"; ua = "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse"
for run in range(3):
    t = 200 + run * 25
    L.add(ip, t, "GET", "/", 200, 45000, "-", ua); t += 0.3
    for k in range(120):
        a = R.choice(["/static/js/chunk-%d.%x.js" % (k, R.getrandbits(24)), "/static/img/product-%d.webp" % k, "/static/css/c-%d.css" % k, "/static/fonts/f-%d.woff2" % k, "/api/recommendations?slot=%d" % k])
        L.add(ip, t, "GET", a, 200, R.randint(500, 90000), HOST + "/", ua); t += R.uniform(0.003, 0.02)
outs.append(L.write("lighthouse-3-runs", OUT))
# 7 Jellyfin HLS playback with trickplay scrubbing
L = new(507); ip = "198.51.150.17"; ref = "https://media.example.org/web/index.html"; ua = FIREFOX; t = 100.0
vid = uuid.uuid4().hex
for s in range(6):
    L.add(ip, t, "GET", f"/videos/{vid}/hls1/main/{s}.mp4?DeviceId=abc&MediaSourceId={vid}&VideoCodec=h264&AudioCodec=aac&runtimeTicks={s*60000000}&actualSegmentLengthTicks=60000000", 200, 3000000, ref, ua); t += 0.4
for k in range(60):  # hover over the seek bar
    L.add(ip, t, "GET", f"/Videos/{vid}/Trickplay/320/{k}.jpg?MediaSourceId={vid}", 200, 90000, ref, ua); t += R.uniform(0.02, 0.08)
for s in range(40, 200):
    L.add(ip, t, "GET", f"/videos/{vid}/hls1/main/{s}.mp4?DeviceId=abc&MediaSourceId={vid}&VideoCodec=h264&AudioCodec=aac&runtimeTicks={s*60000000}&actualSegmentLengthTicks=60000000", 200, 3000000, ref, ua)
    t += 0.3 if s < 50 else 6
    if s % 2 == 0: L.add(ip, t, "POST", "/Sessions/Playing/Progress", 204, 0, ref, ua)
outs.append(L.write("jellyfin-hls-trickplay", OUT))
# 8 Element Desktop busy room sync, no referer
L = new(508); ip = "198.51.150.18"; ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Element/1.11.85 Chrome/130.0.6723.137 Electron/33.2.1 Safari/537.36"; t = 100.0; since = 100
for k in range(400):
    L.add(ip, t, "GET", f"/_matrix/client/v3/sync?filter=2&timeout=30000&since=s{since}_48213_0_9921_1012_3_512_80012_0_1", 200, R.randint(800, 9000), "-", ua); since += R.randint(1, 3)
    if R.random() < 0.3: L.add(ip, t + 0.05, "POST", "/_matrix/client/v3/rooms/!aBcDeF:example.org/receipt/m.read/$ev%d" % k, 200, 2, "-", ua)
    if R.random() < 0.2: L.add(ip, t + 0.07, "PUT", "/_matrix/client/v3/rooms/!aBcDeF:example.org/typing/@alice:example.org", 200, 2, "-", ua)
    t += R.uniform(0.15, 0.5)
outs.append(L.write("element-desktop-busy-sync", OUT))
# 9 Discourse: 6 tabs message-bus + infinite scroll
L = new(509); ip = "198.51.150.19"; ua = CHROME; ref = HOST + "/latest"; t = 100.0
L.page(ip, t, "/latest", ua, "-")
for k in range(12):
    t += R.uniform(0.8, 3); L.add(ip, t, "GET", f"/latest.json?no_definitions=true&page={k+1}", 200, 40000, ref, ua)
    for j in range(5): L.add(ip, t + 0.1 + j * 0.03, "GET", f"/user_avatar/forum.example.org/user{k*5+j}/48/{1000+k*5+j}_2.png", 200, 2000, ref, ua)
for tab in range(6):
    tt = 100 + tab * 0.5
    while tt < 1200:
        L.add(ip, tt, "POST", f"/message-bus/{uuid.UUID(int=tab).hex}/poll", 200, 60, ref, ua); tt += R.uniform(15, 26)
outs.append(L.write("discourse-6-tabs", OUT))
# 10 WooCommerce shopper clicking filters fast
L = new(510); ip = "198.51.150.20"; ua = ANDROID; t = 100.0; prev = HOST + "/shop/"
cols = ["red", "navy-blue", "black", "white", "green"]; sizes = ["s", "m", "l", "xl"]
for k in range(25):
    p = "/shop/?filter_color=%s&query_type_color=or&filter_size=%s&min_price=%d&max_price=%d&orderby=%s" % (",".join(R.sample(cols, R.randint(1, 3))), R.choice(sizes), R.choice([0, 10, 20]), R.choice([50, 100, 150]), R.choice(["popularity", "price", "price-desc", "date"]))
    t = L.page(ip, t, p, ua, prev, nassets=2); prev = HOST + p
    L.add(ip, t + 0.2, "POST", "/?wc-ajax=get_refreshed_fragments", 200, 800, HOST + p, ua)
    t += R.uniform(1.0, 4)
outs.append(L.write("woo-filter-clicks", OUT))
print(" ".join(outs))
