from base import *
from scen1 import H
import random
# corporate proxy blocks WebSocket: Etherpad/socket.io falls back to long polling;
# 8 (and 1, 3) people co-editing one pad behind the proxy: one log per crowd size
for users, name in ((8, "longpoll"), (1, "longpoll1"), (3, "longpoll3")):
    l = Log(97); r = random.Random(19); l.browsers(40, 0, 3600)
    ip = "198.51.117.10"
    for u in range(users):
        ua = r.choice(BROWSERS); sid = H(('sid', u))[:20]
        t = 300 + r.uniform(0, 30)
        l.page(ip, t, "/p/q4-planning", ua, HOST + "/", nassets=8)
        end = t + 900
        while t < end:
            # typing burst ~20 s, then pause
            bt = t + r.uniform(5, 20)
            while t < bt:
                t += r.uniform(0.15, 0.5)
                l.add(ip, t, "POST", f"/socket.io/?EIO=4&transport=polling&t={H((u, t))[:7]}&sid={sid}", 200, 2, HOST + "/p/q4-planning", ua)
                l.add(ip, t + 0.05, "GET", f"/socket.io/?EIO=4&transport=polling&t={H((u, t, 1))[:7]}&sid={sid}", 200, 300, HOST + "/p/q4-planning", ua)
            t += r.uniform(5, 40)
            l.add(ip, t, "GET", f"/socket.io/?EIO=4&transport=polling&t={H((u, t, 2))[:7]}&sid={sid}", 200, 300, HOST + "/p/q4-planning", ua)
    print(l.write(name))
