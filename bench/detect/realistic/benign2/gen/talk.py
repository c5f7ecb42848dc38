from fx import *
import random, sys
R = random.Random(311)
n = int(sys.argv[1]); name = sys.argv[2]
L = Log(seed=2801); L.browsers(20, 0, 600)
ip = "198.51.172.10"; tok = "x7k2m9qp"; ref = f"https://cloud.example.org/call/{tok}"
uas = [CHROME, FIREFOX, EDGE, SAFARI, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"]
for u in range(n):
    ua = R.choice(uas); t = 100 + R.uniform(0, 20)
    L.add(ip, t, "GET", f"/call/{tok}", 200, 9000, "https://cloud.example.org/apps/spreed/", ua)
    t += 1
    L.add(ip, t, "POST", f"/ocs/v2.php/apps/spreed/api/v4/room/{tok}/participants/active", 200, 900, ref, ua); t += 0.3
    L.add(ip, t, "GET", "/ocs/v2.php/apps/spreed/api/v3/signaling/settings?token=" + tok, 200, 900, ref, ua); t += 0.3
    end = 100 + 600
    while t < end:
        # internal signaling (no HPB): GET returns as soon as there is a message; during a call with n peers that is often
        L.add(ip, t, "GET", f"/ocs/v2.php/apps/spreed/api/v3/signaling/{tok}", 200, R.randint(200, 3000), ref, ua)
        if R.random() < 0.5: L.add(ip, t + 0.05, "POST", f"/ocs/v2.php/apps/spreed/api/v3/signaling/{tok}", 200, 120, ref, ua)
        if R.random() < 0.03: L.add(ip, t + 0.1, "GET", f"/ocs/v2.php/apps/spreed/api/v4/room/{tok}/participants?includeStatus=true", 200, 3000, ref, ua)
        t += R.uniform(0.3, 1.2)
L.write(name, "/tmp/benign-s9/out")
