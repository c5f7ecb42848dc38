from fx import *
import random, sys
R = random.Random(251)
n = int(sys.argv[1]); name = sys.argv[2]; dur = 300
L = Log(seed=2201); L.browsers(20, 0, dur)
ip = "165.225.80.10"  # a corporate secure-web-gateway egress
UAS = [f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36" for v in (129, 130, 131)] + [f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.2903.86" for v in (130, 131)] + ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"]
for u in range(n):
    ua = R.choice(UAS); t = R.uniform(0, 40); prev = HOST + "/"
    while t < dur:
        p = R.choice(PAGES)
        t = L.page(ip, t, p, ua, prev, nassets=R.randint(2, 8)); prev = HOST + p
        t += R.uniform(15, 60)
L.write(name, "/tmp/benign-s9/out")
