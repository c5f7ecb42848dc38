from base import *
import random
l = Log(101); r = random.Random(23); l.browsers(40, 0, 3600)
for n, (rate, ua) in enumerate([(15, "lscache_runner "), (10, "WP Rocket/Preload"), (20, "Mozilla/5.0 (compatible; Cache-Warmer/1.0)")]):
    ip = f"198.51.118.{10+n}"; t = 200 + n*1100
    for k in range(3000):
        t += r.expovariate(rate)
        l.add(ip, t, "GET", f"/blog/post-{k}/" if k % 5 else f"/product/item-{k}/", 200, 40000, "-", ua)
        if t > 200 + n*1100 + 600: break
# customer's server syncing products from our public API with an API key at 15 and 25 req/s
for n, rate in enumerate([15, 25]):
    ip = f"198.51.118.{20+n}"; t = 400 + n*1500
    for k in range(3000):
        t += r.expovariate(rate)
        l.add(ip, t, "GET", f"/api/v1/products/{100000+k}?include=variants,images", 200, 6000, "-", "python-requests/2.32.3")
print(l.write("warmers"))
