from fx import *
import random, sys
R = random.Random(161)
n = int(sys.argv[1]); name = sys.argv[2]
L = Log(seed=1201); L.browsers(25, 0, 900)
ip = "198.51.159.10"; ua = CHROME; M = "https://metabase.example.org"; t = 100.0
dash = "/dashboard/12-sales-overview"
L.add(ip, t, "GET", dash, 200, 9000, M + "/collection/root", ua); t += 0.2
for a in ["/app/dist/app-main.4f2a9c.js", "/app/dist/vendor.1c22aa.js", "/app/dist/styles.91bd3e.css", "/app/assets/img/favicon.ico", "/app/fonts/Lato/lato-v16-latin-regular.woff2"]:
    L.add(ip, t, "GET", a, 304, 0, M + dash, ua); t += 0.03
for p in ["/api/user/current", "/api/session/properties", "/api/setting", "/api/database?include=tables", "/api/collection/root", "/api/dashboard/12", "/api/dashboard/12/query_metadata", "/api/bookmark", "/api/timeline?include=events", "/api/card/12/series", "/api/search?models=dataset&limit=1", "/api/activity/recent_views", "/api/user/recipients", "/api/pulse/form_input"]:
    L.add(ip, t, "GET", p, 200, R.randint(300, 90000), M + dash, ua); t += R.uniform(0.01, 0.05)
for k in range(n):
    L.add(ip, t, "POST", f"/api/dashboard/12/dashcard/{300+k}/card/{1200+k}/query", 202, R.randint(2000, 60000), M + dash, ua); t += R.uniform(0.005, 0.02)
t += 60
L.add(ip, t, "GET", "/api/dashboard/12", 200, 40000, M + dash, ua)
L.write(name, "/tmp/benign-s9/out")
