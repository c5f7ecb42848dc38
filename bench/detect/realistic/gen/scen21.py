from base import *
import random
l = Log(107); r = random.Random(31); l.browsers(40, 0, 3600)
weak = ["/search?q=javascript%3Avoid(0)+link", "/search?q=onerror%3D+img+fallback", "/search?q=..%2F..%2F+relative+import", "/crossdomain.xml", "/search?q=cmd.exe+%2Fc+start+chrome",
        "/search?q=file%3A%2F%2F+links+in+outlook", "/search?q=powershell+-enc+base64", "/clientaccesspolicy.xml", "/search?q=%26lt%3Bdiv%26gt%3B+escaping"]
ip = "100.64.1.1"
for u in range(3000):
    ua = r.choice(BROWSERS); t = r.uniform(0, 3500)
    for k in range(r.randint(1, 5)):
        t = l.page(ip, t, r.choice(PAGES), ua, "https://www.google.com/", nassets=r.randint(0, 8)) + r.uniform(10, 90)
    if r.random() < 0.01:
        p = r.choice(weak)
        l.add(ip, t, "GET", p, 404 if p.endswith(".xml") else 200, 20000, HOST + "/", ua)
print(l.write("cgnat-weak"))
