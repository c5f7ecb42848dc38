from base import *
from scen1 import H
import sys
def nextjs_mild(l, r):
    for n, (lo, hi, gap) in enumerate([(15, 25, (10, 20)), (20, 30, (6, 12)), (8, 12, (3, 8))]):
        ip = f"198.51.104.{10+n}"; ua = CHROME; t = 100 + n*1000
        for pv in range(20):
            p = f"/products/category-{pv}"
            t = l.page(ip, t, p, ua, HOST + "/", nassets=6)
            for k in range(r.randint(lo, hi)):
                l.add(ip, t + r.uniform(0.1, 1.0), "GET", f"/_next/data/b7Xk2pQ9/en/products/item-{pv}-{k}.json", 200, 4000, HOST + p, ua)
            t += r.uniform(*gap)
def sockio(l, r):
    for n, tabs in enumerate([5, 15, 30]):
        ip = f"198.51.104.{20+n}"
        for tab in range(tabs):
            ua = r.choice(BROWSERS); t = 500 + n*600 + r.uniform(0, 2)
            sid = H(tab)[:20]
            for k in range(6):
                l.add(ip, t, "GET", f"/socket.io/?EIO=4&transport=polling&t={H((tab,k))[:7]}&sid={sid}", 400, 30, HOST + "/app/", ua)
                t += min(0.5 * 2**k, 5) * r.uniform(0.5, 1.5)
            l.add(ip, t, "GET", f"/socket.io/?EIO=4&transport=polling&t={H((tab,'n'))[:7]}", 200, 100, HOST + "/app/", ua)
for name, f in [("nextjs_mild", nextjs_mild), ("sockio", sockio)]:
    r = random.Random(5); l = Log(23); l.browsers(40, 0, 3600); f(l, r); print(l.write(name))
