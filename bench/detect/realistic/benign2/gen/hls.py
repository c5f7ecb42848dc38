from fx import *
import random, sys
R = random.Random(131)
n = int(sys.argv[1]); ll = sys.argv[2] == "ll"; name = sys.argv[3]
L = Log(seed=901); L.browsers(25, 0, 900)
ip = "198.51.156.10"; ref = "https://live.example.org/town-hall"
uas = [CHROME, FIREFOX, SAFARI, EDGE, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", IPHONE]
START = 300
for v in range(n):
    ua = R.choice(uas); t = START - 120 + R.uniform(0, 180)
    L.page(ip, t, "/town-hall", ua, "https://intranet.example.org/", nassets=3)
    t += 1
    seg = int((t - START) / 2) + 1000
    end = START + int(sys.argv[4]) if len(sys.argv) > 4 else START + 600
    if not ll:
        while t < end:
            L.add(ip, t, "GET", "/hls/townhall/index.m3u8", 200, 420, ref, ua)
            L.add(ip, t + 0.05, "GET", f"/hls/townhall/index{seg}.ts", 200, R.randint(700000, 900000), ref, ua)
            seg += 1; t += 2.0 + R.uniform(-0.05, 0.05)
    else:
        part = 0
        while t < end:
            L.add(ip, t, "GET", f"/hls/townhall/index.m3u8?_HLS_msn={seg}&_HLS_part={part}", 200, 900, ref, ua)
            L.add(ip, t + 0.03, "GET", f"/hls/townhall/index{seg}.{part}.mp4", 200, R.randint(90000, 120000), ref, ua)
            part += 1
            if part == 6: part = 0; seg += 1
            t += 0.333
L.write(name, "/tmp/benign-s9/out")
