from base import *
import random
l = Log(103); r = random.Random(29)
au = "Debian APT-HTTP/1.3 (2.6.1)"
# a Debian mirror: 60 hosts, each runs update + upgrade of 80-300 packages at 20-60 req/s at some point in the hour
for h in range(60):
    ip = f"198.51.119.{10+h}"; t = r.uniform(0, 3300)
    for p in ["InRelease", "main/binary-amd64/Packages.xz", "main/i18n/Translation-en.xz"]:
        l.add(ip, t, "GET", "/debian/dists/bookworm-updates/" + p, 304 if p == "InRelease" else 200, 900, "-", au); t += 0.05
    rate = r.uniform(20, 60)
    for k in range(r.randint(80, 300)):
        t += r.expovariate(rate)
        l.add(ip, t, "GET", f"/debian/pool/main/{chr(97+k%26)}/pkg{k}/pkg{k}_1.{k}-1_amd64.deb", 200, r.randint(20000, 3000000), "-", au)
print(l.write("aptmirror"))
