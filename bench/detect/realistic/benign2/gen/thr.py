from fx import *
import random, sys
R = random.Random(5)
OUT = "/tmp/benign-s9/out"
def kuma(n, spread):
    L = Log(seed=206); L.browsers(25, 0, 1800)
    ip = "198.51.140.30"; ua = "Uptime-Kuma/1.23.15"
    eps = ["/", "/healthz", "/api/health", "/api/v1/status", "/login", "/docs/", "/blog/", "/pricing/", "/status.json", "/robots.txt", "/sitemap.xml", "/.well-known/security.txt", "/api/v2/ping", "/app/", "/shop/", "/cart/", "/account/", "/search?q=test"]
    eps += [f"/api/v1/{s}/health" for s in ["users","orders","billing","search","mail","media","auth","reports","inventory","notifications","webhooks","exports","imports","payments","shipping","catalog","reviews","analytics","cms","queue"]]
    eps = eps[:n]
    for rnd in range(30):
        t = 60 + rnd * 60
        for e in eps:
            L.add(ip, t + R.uniform(0, spread), "GET", e, 200, R.randint(200, 30000), "-", ua)
    return L.write(f"kuma-{n}-{spread}", OUT)
def kc(n, step1=True):
    L = Log(seed=211); L.browsers(25, 0, 900)
    ip = "198.51.140.70"; ua = CHROME; A = "https://app.example.org"
    t = 100.0
    for tab in range(n):
        if step1: L.add(ip, t, "GET", "/realms/acme/protocol/openid-connect/3p-cookies/step1.html", 200, 400, A + "/", ua); t += 0.05
        L.add(ip, t, "POST", "/realms/acme/protocol/openid-connect/token", 400, 84, A + "/", ua); t += 0.05
        L.add(ip, t, "GET", "/realms/acme/protocol/openid-connect/auth?client_id=app&redirect_uri=https%3A%2F%2Fapp.example.org%2F&state=s" + str(tab) + "&response_mode=fragment&response_type=code&scope=openid&nonce=n" + str(tab) + "&prompt=none", 302, 0, A + "/", ua); t += R.uniform(0.05, 0.3)
    return L.write(f"kc-{n}-{int(step1)}", OUT)
def elem(ref):
    L = Log(seed=208); L.browsers(25, 0, 900)
    ip = "198.51.140.40"
    ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Element/1.11.85 Chrome/130.0.6723.137 Electron/33.2.1 Safari/537.36"
    t = 120.0
    import hashlib
    for k in range(220):
        sid = hashlib.md5(str(k).encode()).hexdigest()[:24]
        L.add(ip, t, "GET", f"/_matrix/client/v1/media/thumbnail/matrix.org/{sid}?width=64&height=64&method=crop&allow_redirect=true", 200, R.randint(1500, 6000), ref, ua)
        t += R.uniform(0.002, 0.02)
    return L.write(f"elem-{'ref' if ref != '-' else 'noref'}", OUT)
ps = []
for n in (10, 15, 20, 25, 30): ps.append(kuma(n, 0.6))
ps.append(kuma(40, 3.0))
for n in (3, 4, 5, 6, 8): ps.append(kc(n))
ps.append(kc(6, False))
ps.append(elem("-")); ps.append(elem("https://element.example.org/"))
print(" ".join(ps))
