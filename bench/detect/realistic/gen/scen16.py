from base import *
from scen1 import H
import random
l = Log(83); r = random.Random(13); l.browsers(40, 0, 3600)
for n, (cnt, spread) in enumerate([(250, 1.5), (350, 2.0), (500, 3.0), (350, 5.0)]):
    ip = f"198.51.113.{10+n}"; ua = CHROME; t = 200 + n*600
    l.add(ip, t, "GET", "/gallery/2026-summer-trip/?view=all", 200, 90000, HOST + "/gallery/", ua, proto="HTTP/2.0")
    for k in range(cnt):
        l.add(ip, t + 0.1 + r.uniform(0, spread), "GET", f"/gallery/cache/2026-summer-trip/IMG_{k:04d}-th.jpg", 200, 25000, HOST + "/gallery/2026-summer-trip/?view=all", ua, proto="HTTP/2.0")
    # then the user opens a few photos
    for k in range(5):
        l.add(ip, t + 20 + k*8, "GET", f"/gallery/2026-summer-trip/IMG_{k:04d}.jpg", 200, 3000000, HOST + "/gallery/2026-summer-trip/?view=all", ua, proto="HTTP/2.0")
print(l.write("bigpage"))
