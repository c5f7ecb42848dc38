from fx import *
import random, sys
R = random.Random(221)
n = int(sys.argv[1]); name = sys.argv[2]
L = Log(seed=1801); L.browsers(25, 0, 900)
ip = "198.51.165.10"; ua = CHROME; t = 100.0
t = L.page(ip, t, "/", ua, "https://www.google.com/", nassets=8)
t += 0.8
L.add(ip, t, "GET", "/sw.js", 200, 41000, HOST + "/", ua); t += 0.3
L.add(ip, t, "GET", "/workbox-4f2a9c1e.js", 200, 21000, HOST + "/sw.js", ua); t += 0.2
files = [f"/_app/immutable/chunks/{R.getrandbits(32):08x}.js" for _ in range(int(n*0.6))] + [f"/img/catalog/p{k}.webp?__WB_REVISION__={R.getrandbits(32):08x}" for k in range(int(n*0.3))] + [f"/fonts/f{k}.woff2" for k in range(n - int(n*0.6) - int(n*0.3))]
for f in files:
    L.add(ip, t, "GET", f, 200, R.randint(500, 60000), HOST + "/sw.js", ua); t += R.uniform(0.003, 0.012)
L.write(name, "/tmp/benign-s9/out")
