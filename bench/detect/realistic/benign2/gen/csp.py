from fx import *
import random, sys
R = random.Random(361)
n = int(sys.argv[1]); ref = sys.argv[2]; name = sys.argv[3]
L = Log(seed=3301); L.browsers(25, 0, 900)
ip = "198.51.176.10"; ua = CHROME; t = 100.0; prev = "https://www.google.com/"
for k in range(6):
    p = R.choice(PAGES)
    t = L.page(ip, t, p, ua, prev); prev = HOST + p
    for j in range(n):  # Content-Security-Policy-Report-Only: one report per blocked inline script/style/img
        L.add(ip, t + 0.05 + j * 0.01, "POST", "/csp-report", 204, 0, (HOST + p) if ref == "ref" else "-", ua)
    t += R.uniform(10, 40)
L.write(name, "/tmp/benign-s9/out")
