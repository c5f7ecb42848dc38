from fx import *
import random, sys
R = random.Random(171)
n = int(sys.argv[1]); name = sys.argv[2]; gap = float(sys.argv[3])
L = Log(seed=1301); L.browsers(25, 0, 900)
ip = "198.51.160.10"; ua = CHROME; A = "https://app.example.org/"; t = 100.0
eps = ["/v1/me", "/v1/me/preferences", "/v1/workspaces", "/v1/workspaces/42", "/v1/workspaces/42/members?limit=50", "/v1/features", "/v1/notifications?unread=1", "/v1/projects?workspace=42&limit=25"]
eps += [f"/v1/projects/{900+k}/summary" for k in range(25)] + [f"/v1/projects/{900+k}/avatar" for k in range(25)] + [f"/v1/users/{100+k}" for k in range(30)]
for p in eps[:n]:
    L.add(ip, t, "OPTIONS", p, 204, 0, A, ua)
    L.add(ip, t + 0.01, "GET", p, 200, R.randint(300, 20000), A, ua); t += R.uniform(0.2, 1.8) * gap
L.write(name, "/tmp/benign-s9/out")
