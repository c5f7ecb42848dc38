from fx import *
import random, uuid
R = random.Random(141)
OUT = "/tmp/benign-s9/out"; outs = []
def new(seed): L = Log(seed=seed); L.browsers(25, 0, 900); return L
# WP Rocket preload: 45 URLs per minute, non-blocking
L = new(1001); ip = "203.0.113.250"
slugs = [f"/blog/2026/{m:02d}/post-{k}/" for m in range(1, 12) for k in range(1, 12)]
i = 0
for rnd in range(8):
    t = 60 + rnd * 60
    for k in range(45):
        L.add(ip, t + R.uniform(0, 1.5), "GET", slugs[i % len(slugs)], 200, R.randint(30000, 90000), "-", "WP Rocket/Preload"); i += 1
outs.append(L.write("wp-rocket-preload", OUT))
# Invoice PDF batch via headless chrome from the app server (private IP)
L = new(1002); ip = "10.20.0.15"; ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36"
t = 100.0
for inv in range(400):
    p = f"/invoices/2026-11-{inv+1:05d}/print?token={uuid.uuid4().hex}"
    L.add(ip, t, "GET", p, 200, 22000, "-", ua)
    for a in ["/static/css/invoice.3f2a.css", "/static/fonts/inter-var.woff2", "/static/img/logo.svg", "/static/img/paid-stamp.png"]:
        L.add(ip, t + R.uniform(0.05, 0.2), "GET", a, 200, 30000, "https://app.example.org" + p, ua)
    t += R.uniform(0.1, 0.25)  # 6 workers
outs.append(L.write("invoice-pdf-batch", OUT))
# Vaultwarden icons
L = new(1003); ip = "198.51.157.12"; ref = "https://vault.example.org/"; t = 100.0
L.page(ip, t, "/", CHROME, "-", nassets=5); t += 1.5
L.add(ip, t, "GET", "/api/sync?excludeDomains=true", 200, 900000, ref, CHROME); t += 0.8
doms = [f"site{k}.example.{R.choice(['com','net','org','de'])}" for k in range(350)]
for d in doms:
    L.add(ip, t, "GET", f"/icons/{d}/icon.png", 200, R.randint(300, 5000), ref, CHROME); t += R.uniform(0.002, 0.01)
outs.append(L.write("vaultwarden-icons", OUT))
# SSE reconnect storm: notification backend 502 for 2 minutes, 10 tabs, rest of site fine
L = new(1004); ip = "198.51.157.13"; ref = HOST + "/dashboard"; t = 100.0
L.page(ip, t, "/dashboard", CHROME, "-")
for tab in range(10):
    tt = 300 + tab * 0.3
    while tt < 420:
        L.add(ip, tt, "GET", "/api/events/stream", 502, 166, ref, CHROME); tt += 3.0 + R.uniform(0, 0.2)
    L.add(ip, tt, "GET", "/api/events/stream", 200, 50000, ref, CHROME)
outs.append(L.write("sse-reconnect-502", OUT))
# Collabora / WOPI
L = new(1005); ip = "198.51.157.14"; t = 100.0
L.add(ip, t, "GET", "/browser/5d0e4f1/cool.html?WOPISrc=https%3A%2F%2Fcloud.example.org%2Findex.php%2Fapps%2Frichdocuments%2Fwopi%2Ffiles%2F184532_ocq2x9&title=Q4%20Budget.xlsx&lang=en&closebutton=1&revisionhistory=1", 200, 30000, "https://cloud.example.org/apps/files/", FIREFOX)
L.add(ip, t + 1, "GET", "/cool/https%3A%2F%2Fcloud.example.org%2Findex.php%2Fapps%2Frichdocuments%2Fwopi%2Ffiles%2F184532_ocq2x9%3Faccess_token%3DXk2m9QpL4r%26access_token_ttl%3D0/ws?WOPISrc=https%3A%2F%2Fcloud.example.org%2Findex.php%2Fapps%2Frichdocuments%2Fwopi%2Ffiles%2F184532_ocq2x9&compat=/ws", 101, 0, "-", FIREFOX)
L.add("198.51.157.15", t + 0.5, "GET", "/index.php/apps/richdocuments/wopi/files/184532_ocq2x9?access_token=Xk2m9QpL4r&access_token_ttl=0", 200, 900, "-", "COOLWSD HTTP Agent 24.04.9.2")
L.add("198.51.157.15", t + 0.7, "GET", "/index.php/apps/richdocuments/wopi/files/184532_ocq2x9/contents?access_token=Xk2m9QpL4r&access_token_ttl=0", 200, 240000, "-", "COOLWSD HTTP Agent 24.04.9.2")
outs.append(L.write("collabora-wopi", OUT))
print(" ".join(outs))
