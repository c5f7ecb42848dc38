from base import *
from scen1 import H
import random
l = Log(47); r = random.Random(2); l.browsers(40, 0, 3600)
# Chrome session restore: 40 Jira/wiki tabs of our site reload at browser start, each page + 25 assets (mostly 304) + 6 XHR
SPREAD = float(__import__("os").environ.get("SPREAD", "4"))
for n, (tabs, ua) in enumerate([(40, CHROME), (20, FIREFOX), (80, EDGE)]):
    ip = f"198.51.108.{10+n}"; t0 = 200 + n*900
    for k in range(tabs):
        t = t0 + r.uniform(0, SPREAD)
        p = f"/browse/OPS-{1000+k}"
        l.add(ip, t, "GET", p, 200, 90000, "-", ua)
        for a in range(25):
            l.add(ip, t + 0.1 + r.uniform(0, 0.8), "GET", f"/s/{H(a)[:12]}/_/download/batch/jira.webresources:{a}/batch.js", 304 if r.random() < 0.9 else 200, 0, HOST + p, ua)
        for x in ["/rest/api/2/issue/OPS-%d" % (1000+k), "/rest/api/2/myself", "/rest/analytics/1.0/publish/bulk", "/rest/webResources/1.0/resources", "/rest/helptips/1.0/tips", "/rest/api/2/issue/OPS-%d/comment" % (1000+k)]:
            l.add(ip, t + 1 + r.uniform(0, 1), "POST" if "publish" in x or "webResources" in x else "GET", x, 200, 2000, HOST + p, ua)
print(l.write("sessionrestore" + __import__("os").environ.get("SPREAD", "4")))
