from base import *
import random
l = Log(41); r = random.Random(3); l.browsers(40, 0, 3600)
# Blazor WebAssembly app: each load fetches blazor.boot.json, appsettings.json (200) and appsettings.Production.json (404); user reloads 3 times in 10 min
ip = "198.51.106.10"; ua = EDGE
for k in range(3):
    t = 100 + k*180
    l.add(ip, t, "GET", "/", 200, 3000, "-", ua)
    for a in ["/css/app.css", "/_framework/blazor.webassembly.js", "/_framework/blazor.boot.json", "/_framework/dotnet.js", "/_framework/dotnet.native.wasm", "/_framework/Acme.Client.wasm"]:
        t += 0.05; l.add(ip, t, "GET", a, 200 if k == 0 else 304, 50000, HOST + "/", ua)
    l.add(ip, t + 0.3, "GET", "/appsettings.json", 200 if k == 0 else 304, 400, HOST + "/", ua)
    l.add(ip, t + 0.31, "GET", "/appsettings.Production.json", 404, 0, HOST + "/", ua)
    l.add(ip, t + 0.5, "GET", "/api/weatherforecast", 200, 900, HOST + "/", ua)
# a NAT of 10 Blazor users, each loading once
ip = "198.51.106.11"
for u in range(10):
    ua = r.choice(BROWSERS); t = 900 + u*40
    l.add(ip, t, "GET", "/", 200, 3000, "-", ua)
    for a in ["/css/app.css", "/_framework/blazor.webassembly.js", "/_framework/blazor.boot.json"]:
        t += 0.05; l.add(ip, t, "GET", a, 200, 50000, HOST + "/", ua)
    l.add(ip, t + 0.3, "GET", "/appsettings.json", 200, 400, HOST + "/", ua)
    l.add(ip, t + 0.31, "GET", "/appsettings.Production.json", 404, 0, HOST + "/", ua)
# Rails admin front-end: /users.json, /orders.json, /customers.json polled
ip = "198.51.106.12"; ua = FIREFOX
t = l.page(ip, 1500, "/admin/users", ua, nassets=6)
for k in range(30):
    for p in ["/users.json?page=1", "/orders.json?status=new", "/customers.json?q=smith"]:
        l.add(ip, t + k*20 + r.uniform(0, 1), "GET", p, 200, 9000, HOST + "/admin/users", ua)
# Angular service worker: ngsw.json?ngsw-cache-bust every navigation, plus /assets/config.json
ip = "198.51.106.13"; ua = CHROME
for k in range(40):
    t = 2000 + k*20
    l.add(ip, t, "GET", f"/ngsw.json?ngsw-cache-bust={r.random()}", 200, 3000, "-", ua)
    l.add(ip, t + 0.1, "GET", "/assets/config.json", 200, 300, HOST + "/", ua)
print(l.write("spaconfig"))
