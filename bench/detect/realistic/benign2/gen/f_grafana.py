from fx import *
import json
from urllib.parse import quote
L = Log(seed=102)
L.browsers(20, 0, 900)
G = "https://grafana.example.org"
panes = {"k3x": {"datasource": "P8E80F9AEF21F6940", "queries": [{"refId": "A", "expr": '{job="nginx", host="web-01"} | json | status >= 500 | line_format "{{.status}} {{.request}} {{.http_user_agent}}"', "queryType": "range", "datasource": {"type": "loki", "uid": "P8E80F9AEF21F6940"}, "editorMode": "code"}], "range": {"from": "now-1h", "to": "now"}}}
url = "/explore?schemaVersion=1&panes=" + quote(json.dumps(panes, separators=(',', ':')), safe='') + "&orgId=1"
ips = []
for i, (ua, ref) in enumerate([(CHROME, "https://app.slack.com/"), (FIREFOX, "-"), (SAFARI, "https://app.slack.com/")]):
    ip = f"198.51.131.{10+i}"; ips.append(ip)
    t = 200 + i * 40
    L.add(ip, t, "GET", url, 200, 41233, ref, ua)
    for a in ["/public/build/runtime.5e1c2a.js", "/public/build/app.9f3b11.js", "/public/build/grafana.dark.41ea9b.css", "/public/img/grafana_icon.svg", "/public/fonts/inter/Inter-Regular.woff2"]:
        t += 0.05; L.add(ip, t, "GET", a, 200, 90000, G + url, ua)
    for p in ["/api/frontend/settings", "/api/user", "/api/datasources/uid/P8E80F9AEF21F6940", "/api/user/orgs"]:
        t += 0.2; L.add(ip, t, "GET", p, 200, 2400, G + url, ua)
    for k in range(3):
        t += 0.4; L.add(ip, t, "POST", "/api/ds/query?ds_type=loki&requestId=explore_k3x", 200, 18000, G + url, ua)
    t += 60
    L.add(ip, t, "POST", "/api/ds/query?ds_type=loki&requestId=explore_k3x", 200, 18000, G + url, ua)
print(save(L, "grafana-explore-logql-line-format", "Grafana Explore link to a Loki query with line_format \\\"{{.status}} {{.request}}\\\" (nginx JSON fields), opened from Slack by three SREs", ips))
