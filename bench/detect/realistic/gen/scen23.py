from base import *
from scen1 import H
import random
l = Log(113); r = random.Random(41); l.browsers(40, 0, 3600)
# offline-first field-service PWA: phone regains signal and its service worker replays the outbox: N POST /api/v1/events within ~2 s
for n, (cnt, ref) in enumerate([(20, "-"), (40, "-"), (40, HOST + "/app/"), (80, HOST + "/app/")]):
    ip = f"100.64.121.{10+n}"; ua = ANDROID; t = 300 + n*700
    l.page(ip, t - 200, "/app/", ua, nassets=6)
    for k in range(cnt):
        l.add(ip, t + r.uniform(0, 2), "POST", "/api/v1/events", 201, 60, ref, ua)
    for k in range(10):
        l.add(ip, t + 5 + k*30, "GET", "/api/v1/jobs?assigned=me", 200, 4000, ref, ua)
print(l.write("outbox"))
