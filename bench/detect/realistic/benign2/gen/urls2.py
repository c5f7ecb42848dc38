import sys, os; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'gen'))  # base.py: the session-8 generators'
from base import *
from urllib.parse import urlencode, quote
L = Log(seed=92)
L.browsers(30, 0, 1500)
H = "https://www.example.org"
def q(d): return urlencode(d, quote_via=quote, safe='')
U = []
U.append(("grafana-explore-prom-legend", "/explore?" + q({"schemaVersion": "1", "panes": '{"x7p":{"datasource":"prometheus","queries":[{"refId":"A","expr":"sum by (instance) (rate(node_cpu_seconds_total{mode!=\\"idle\\"}[5m]))","legendFormat":"{{instance}}","range":true}],"range":{"from":"now-1h","to":"now"}}}', "orgId": "1"}), H+"/d/rYdddlPWk/node-exporter-full", CHROME))
U.append(("grafana-explore-legend-pod", "/explore?" + q({"orgId": "1", "left": '{"datasource":"prometheus","queries":[{"refId":"A","expr":"container_memory_working_set_bytes{namespace=\\"prod\\"}","legendFormat":"{{pod}}/{{container}}"}],"range":{"from":"now-6h","to":"now"}}'}), H+"/d/k8s/pods", CHROME))
U.append(("grafana-explore-loki-plain", "/explore?" + q({"schemaVersion": "1", "panes": '{"q1":{"datasource":"loki","queries":[{"refId":"A","expr":"{namespace=\\"prod\\", app=\\"api\\"} |= \\"error\\" | json | level=\\"error\\""}],"range":{"from":"now-1h","to":"now"}}}', "orgId": "1"}), H+"/explore", CHROME))
U.append(("mw-api-parse-min", "/w/api.php?" + q({"action": "parse", "format": "json", "formatversion": "2", "text": "{{Infobox software|name=Example}}", "contentmodel": "wikitext", "prop": "text", "disablelimitreport": "1"}), H+"/wiki/Example", FIREFOX))
U.append(("mw-expandtemplates", "/wiki/Special:ExpandTemplates?" + q({"wpInput": "{{#time: Y-m-d | now}}", "wpContextTitle": "Main Page", "wpRemoveComments": "1"}), H+"/wiki/Special:ExpandTemplates", FIREFOX))
U.append(("mw-search-template", "/w/index.php?" + q({"search": "hastemplate:\"Infobox person\" insource:\"{{Birth date\"", "title": "Special:Search", "ns0": "1"}), H+"/wiki/Special:Search", FIREFOX))
U.append(("mw-edit-preload", "/w/index.php?" + q({"title": "Project:Requests/New", "action": "edit", "preload": "Template:Request/preload", "preloadparams[]": "{{subst:CURRENTUSER}}", "section": "new"}), H+"/wiki/Project:Requests", FIREFOX))
# unrendered templates (AngularJS src=, Vue, Handlebars, JS template literal bugs)
U.append(("angular-unrendered-img", "/shop/%7B%7Bproduct.image%7D%7D", H+"/shop/", CHROME))
U.append(("angular-unrendered-img-sp", "/img/avatars/%7B%7B%20user.avatar%20%7D%7D", H+"/community/", ANDROID))
U.append(("handlebars-unrendered", "/blog/%7B%7Burl%7D%7D", H+"/blog/", SAFARI))
U.append(("js-template-literal", "/api/users/$%7BuserId%7D/avatar", H+"/account/", CHROME))
U.append(("js-template-literal2", "/api/orders?page=$%7Bpage%7D&limit=20", H+"/account/orders", CHROME))
U.append(("jinja-unrendered", "/static/%7B%7B%20url_for('static',%20filename='logo.png')%20%7D%7D", H+"/", FIREFOX))
U.append(("liquid-unrendered", "/cdn/shop/files/%7B%7B%20image%20%7C%20img_url:%20'480x'%20%7D%7D", H+"/collections/all", IPHONE))
U.append(("php-unrendered", "/images/%3C?php%20echo%20$img;%20?%3E", H+"/gallery/", CHROME))
U.append(("erb-unrendered", "/assets/%3C%25=%20asset_path('logo.png')%20%25%3E", H+"/", CHROME))
U.append(("undefined", "/api/products/undefined/reviews", H+"/products/", CHROME))
U.append(("object-object", "/search/%5Bobject%20Object%5D", H+"/search/", CHROME))
for s in ["/blog/how-to-edit-etc-hosts-on-mac/", "/blog/2026/06/etc-passwd-explained/", "/blog/understanding-etc-shadow-file/", "/docs/linux/etc-hosts/", "/blog/web-config-transforms-in-aspnet/", "/blog/2026/01/htaccess-redirect-cheatsheet/", "/blog/id-rsa-vs-id-ed25519/", "/blog/what-is-proc-self-environ/", "/blog/boot-ini-explained/", "/tutorials/linux/etc-shadow/", "/tutorials/linux/etc/shadow/", "/tutorials/linux/etc/passwd/", "/docs/ssh/authorized-keys/", "/kb/where-is-win-ini/", "/how-to/reset-root-password-etc-shadow", "/questions/12345/what-does-x-in-etc-shadow-mean", "/blog/etc-shadow-and-pam", "/p/etc_shadow", "/learn/etc-group-file/", "/man/5/shadow", "/man/5/passwd", "/linux/man-pages/man5/passwd.5.html", "/en/articles/ssh-keys-id_rsa", "/blog/nginx-conf-tuning/", "/blog/my-cnf-tuning-for-mysql/", "/blog/php-ini-settings/", "/blog/docker-env-files/", "/blog/bash-history-tips/", "/blog/git-config-aliases/"]:
    U.append(("slug:"+s, s, "https://www.google.com/", SAFARI))
i = 0
LABELS = {}
for label, path, ref, ua in U:
    ip = f"198.51.122.{10+i}"
    LABELS[ip] = label
    t = 60 + i * 17.3
    st = 404 if ("unrendered" in label or "literal" in label or label in ("undefined","object-object")) else 200
    L.page(ip, t, path, ua, ref, nassets=2, status=st)
    i += 1
p = L.write("urls2", "/tmp/benign-s9/out")
import json; json.dump(LABELS, open("/tmp/benign-s9/out/urls2.labels.json", "w"))
print(p, len(U))
