from base import *
import random
l = Log(79); r = random.Random(11); l.browsers(40, 0, 3600)
# campus LAN: 600 hosts, one /64 (SLAAC), each browsing a few pages with assets
for u in range(600):
    a = f"2001:db8:aa:1:{r.randint(0,0xffff):x}:{r.randint(0,0xffff):x}:{r.randint(0,0xffff):x}:{r.randint(0,0xffff):x}"
    ua = r.choice(BROWSERS); t = r.uniform(0, 3500)
    for k in range(r.randint(1, 6)):
        t = l.page(a, t, r.choice(PAGES), ua, nassets=r.randint(0, 8)) + r.uniform(10, 90)
# same, pages only (assets on a CDN), 1500 hosts
for u in range(1500):
    a = f"2001:db8:bb:1:{r.randint(0,0xffff):x}:{r.randint(0,0xffff):x}:{r.randint(0,0xffff):x}:{r.randint(0,0xffff):x}"
    ua = r.choice(BROWSERS); t = r.uniform(0, 3500)
    for k in range(r.randint(1, 6)):
        l.add(a, t, "GET", r.choice(PAGES), 200, 30000, "https://www.google.com/", ua); t += r.uniform(10, 90)
print(l.write("campus64"))
