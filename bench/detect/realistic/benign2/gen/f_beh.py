from fx import *
import random, hashlib
R = random.Random(17)
# lychee
L = Log(seed=201); L.browsers(25, 0, 900)
DOCS = [f"/docs/{s}/{p}/" for s in ["install","config","api","guides","reference","cli","operators","tutorials"] for p in ["overview","quickstart","advanced","troubleshooting","faq","examples","migration","security","performance","upgrading","changelog","glossary"]]
OLD = ["/2014/03/hello-world/", "/category/news/", "/tag/release/", "/node/1234", "/index.php/about-us", "/archives/2016/", "/files/whitepaper.pdf", "/downloads/v1.0/setup.exe", "/en/old-pricing.html", "/events/2017-meetup/", "/press/2019-funding/", "/docs/v1/install/", "/docs/v1/config/"]
ip = "198.51.141.10"; t = 300.0
links = DOCS + ["/blog/", "/pricing/", "/about/", "/", "/changelog/"] + OLD
R.shuffle(links)
for p in links:
    st = 404 if p in OLD else 200
    L.add(ip, t, "GET", p, st, 180 if st == 404 else R.randint(9000, 50000), "-", "lychee/0.17.0")
    t += R.uniform(0.005, 0.03)
print(save(L, "lychee-docs-ci", "lychee (default max_concurrency 128, GET, no Referer) checking the ~110 internal links of a docs site from CI, 13 broken", [ip]))
# element web avatars
L = Log(seed=208); L.browsers(25, 0, 900)
ip = "198.51.141.20"; E = "https://element.example.org/"
t = 120.0
L.add(ip, t, "GET", "/_matrix/client/versions", 200, 1200, E, CHROME); t += 0.1
L.add(ip, t, "GET", "/_matrix/client/v3/sync?filter=2&set_presence=online&timeout=0", 200, 2400000, E, CHROME); t += 2.5
for k in range(50):
    sid = hashlib.md5(str(k).encode()).hexdigest()[:24]
    L.add(ip, t, "GET", f"/_matrix/client/v1/media/thumbnail/matrix.org/{sid}?width=64&height=64&method=crop&allow_redirect=true", 200, R.randint(1500, 6000), E, CHROME)
    t += R.uniform(0.005, 0.03)
since = 1000
for k in range(60):
    L.add(ip, t, "GET", f"/_matrix/client/v3/sync?filter=2&timeout=30000&since=s{since}_48213_0_9921_1012_3_512_80012_0_1", 200, R.randint(800, 9000), E, CHROME)
    since += R.randint(1, 4); t += R.uniform(1, 20)
print(save(L, "element-avatars-50", "Element Web first load: 50 room/member avatar thumbnails (/_matrix/client/v1/media/thumbnail/..., extensionless, with Referer) in ~2 s, then /sync long-polls", [ip]))
