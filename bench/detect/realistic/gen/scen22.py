from base import *
from scen1 import H
import random
l = Log(109); r = random.Random(37); l.browsers(40, 0, 3600)
# RFC 8058 one-click unsubscribe POSTs from a mailbox provider after a campaign, ~3/s for 5 min, plus its link-preview GETs
ip = "209.85.220.41"; ua = "Google-Mail-Unsubscribe"  # placeholder UA; providers often send none
t = 600
for k in range(900):
    t += r.expovariate(3)
    l.add(ip, t, "POST", f"/nl/unsubscribe?r={H(k)[:24]}&sig={H((k,'s'))[:32]}", 200, 40, "-", "-")
print(l.write("unsub"))
