from base import *
from scen1 import H
import sys, urllib.parse as up
S = {}
def scen(f): S[f.__name__] = f; return f
Q = up.quote

@scen
def grafana1(l, r):
    ip = "198.51.100.120"; ua = FIREFOX; ref = HOST + "/d/abc123xyz/node-exporter-full?orgId=1&refresh=5s"
    t = l.page(ip, 10, "/d/abc123xyz/node-exporter-full?orgId=1&refresh=5s", ua, nassets=8)
    for k in range(200):
        t0 = t + k*5
        for p in range(30):
            l.add(ip, t0 + r.uniform(0, 0.5), "POST", "/api/ds/query?ds_type=prometheus&requestId=SQR%d" % (100+p), 200, 15000, ref, ua)
    # Home Assistant companion app + a Kuma monitor answered 302 to /login
    for k in range(600):
        l.add("198.51.100.121", 5 + k*6, "GET", "/api/states", 200, 30000, "-", "Home Assistant/2024.11.3 (io.robbie.HomeAssistant; build:2024.1043; iOS 18.1.0) Mobile/HomeAssistant")
    for k in range(120):
        l.add("198.51.100.122", 3 + k*30, "GET", "/admin/dashboard", 302, 0, "-", "Uptime-Kuma/1.23.15")
        l.add("198.51.100.122", 4 + k*30, "GET", "/phpmyadmin/", 401, 0, "-", "Uptime-Kuma/1.23.15")
    # prometheus 401 at the 60 s default interval
    for k in range(60):
        l.add("198.51.100.123", 9 + k*60, "GET", "/metrics", 401, 172, "-", "Prometheus/2.54.1")
    # prometheus 403 at 15s (IP allow-list changed)
    for k in range(240):
        l.add("198.51.100.124", 2 + k*15, "GET", "/metrics", 403, 153, "-", "Prometheus/2.54.1")
    # prometheus scraping actuator endpoint of spring app (200) every 15s
    for k in range(240):
        l.add("198.51.100.125", 6 + k*15, "GET", "/actuator/prometheus", 200, 88000, "-", "Prometheus/2.54.1")
    # uptime monitor on /server-status answered 200 but from rotating probe IPs in different /24s
    for k in range(60):
        ip = ["5.161.75.7", "45.55.1.2", "138.68.3.9", "165.227.4.4"][k % 4]
        l.add(ip, 8 + k*60, "GET", "/server-status", 200, 3000, "-", "Mozilla/5.0 (compatible; StatusCake)")

@scen
def heavypages(l, r):
    # HTTP/2 product page with 140 assets in 300 ms, shopper browsing 20 pages
    ip = "198.51.100.130"; ua = CHROME; t = 100
    for pg in range(20):
        p = f"/shop/category/shoes?page={pg+1}&sort=popular"
        l.add(ip, t, "GET", p, 200, 120000, HOST + "/shop/", ua, proto="HTTP/2.0")
        for a in range(140):
            ext = r.choice(["webp", "webp", "webp", "js", "css", "woff2", "avif", "svg"])
            l.add(ip, t + 0.05 + r.uniform(0, 0.3), "GET", f"/_next/static/media/{H((pg,a))[:16]}.{ext}" if ext != "webp" else f"/images/products/{H((pg,a))[:12]}_480x480.webp", 200, 20000, HOST + p, ua, proto="HTTP/2.0")
        t += r.uniform(2, 5)
    # infinite scroll gallery: API page + 40 thumbs per scroll every ~1 s for 60 s
    ip = "198.51.100.131"; t = 800; ua = SAFARI
    l.page(ip, t, "/gallery/", ua, nassets=8)
    for s in range(60):
        t += r.uniform(0.6, 1.5)
        l.add(ip, t, "GET", f"/api/photos?cursor={H(s)[:20]}&limit=40", 200, 30000, HOST + "/gallery/", ua, proto="HTTP/2.0")
        for k in range(40):
            l.add(ip, t + 0.05 + r.uniform(0, 0.2), "GET", f"/api/assets/{H((s,k))[:8]}-{H((s,k))[8:12]}-4{H((s,k))[13:16]}-a{H((s,k))[17:20]}-{H((s,k))[20:32]}/thumbnail?size=thumbnail&c={H(k)[:10]}", 200, 12000, HOST + "/gallery/", ua, proto="HTTP/2.0")
    # prefetch: instant.page / speculation rules prefetching links on hover
    ip = "198.51.100.132"; ua = CHROME; t = 1500
    for k in range(60):
        p = f"/docs/reference/{r.choice(['cli','api','config','rules','firewall'])}/{k}/"
        l.add(ip, t, "GET", p, 200, 30000, HOST + "/docs/reference/", ua); t += r.uniform(0.1, 0.6)
    # a user quickly opening 30 search results in new tabs (middle click), each with assets
    ip = "198.51.100.133"; t = 2000
    for k in range(30):
        l.page(ip, t, f"/kb/article-{1000+k}/", EDGE, HOST + "/search?q=vpn+error+809", nassets=8); t += r.uniform(0.2, 0.8)
    # comic/manga reader: 30 page images per chapter, chapter every 40 s, no Referer-stripping
    ip = "100.64.70.3"; ua = ANDROID; t = 2500
    for ch in range(20):
        l.add(ip, t, "GET", f"/read/series-42/chapter-{ch+1}/", 200, 20000, HOST + f"/read/series-42/chapter-{ch}/", ua)
        for k in range(30):
            l.add(ip, t + 0.2 + k*0.05, "GET", f"/cdn/series-42/{ch+1}/{k+1:03d}.jpg", 200, 300000, HOST + f"/read/series-42/chapter-{ch+1}/", ua)
        t += 40
    # wget mirroring docs politely-ish (no wait) with broken links
    ip = "198.51.100.134"; ua = "Wget/1.21.4"; t = 3000
    l.add(ip, t, "GET", "/robots.txt", 404, 150, "-", ua)
    for k in range(500):
        t += r.expovariate(10)
        if k % 25 == 0: l.add(ip, t, "GET", f"/docs/old/section-{k}.html", 404, 150, HOST + "/docs/", ua)
        else: l.add(ip, t, "GET", f"/docs/section-{k}.html" if k % 3 else r.choice(ASSETS), 200, 15000, HOST + "/docs/", ua)

@scen
def humans(l, r):
    # mistyped passwords, reset, 2FA wrong code twice
    ip = "198.51.100.140"; ua = SAFARI; t = 100
    t = l.page(ip, t, "/login", ua, nassets=8)
    for k in range(3):
        t += r.uniform(5, 12); l.add(ip, t, "POST", "/login", 200, 4100, HOST + "/login", ua)
    t += 10; l.page(ip, t, "/password/reset", ua, HOST + "/login", nassets=3)
    l.add(ip, t+20, "POST", "/password/email", 302, 0, HOST + "/password/reset", ua)
    t += 120
    l.add(ip, t, "GET", "/password/reset/" + H("tok")[:64] + "?email=jane.doe%2Bshop%40example.com", 200, 4000, "-", ua)
    l.add(ip, t+30, "POST", "/password/reset", 302, 0, HOST + "/password/reset/" + H("tok")[:64], ua)
    l.add(ip, t+31, "GET", "/login", 200, 4000, HOST + "/password/reset", ua)
    l.add(ip, t+40, "POST", "/login", 302, 0, HOST + "/login", ua)
    l.add(ip, t+41, "GET", "/two-factor-challenge", 200, 3000, HOST + "/login", ua)
    l.add(ip, t+55, "POST", "/two-factor-challenge", 422, 3000, HOST + "/two-factor-challenge", ua)
    l.add(ip, t+70, "POST", "/two-factor-challenge", 422, 3000, HOST + "/two-factor-challenge", ua)
    l.add(ip, t+90, "POST", "/two-factor-challenge", 302, 0, HOST + "/two-factor-challenge", ua)
    # a family NAT: two people each mistyping twice on a JSON login API (401), with SPA assets
    ip = "198.51.100.141"
    for who, ua in enumerate([IPHONE, CHROME]):
        t = 600 + who*40
        t = l.page(ip, t, "/app/login", ua, nassets=8)
        for k in range(2):
            l.add(ip, t + 6 + k*8, "POST", "/api/auth/login", 401, 80, HOST + "/app/login", ua)
        l.add(ip, t + 30, "POST", "/api/auth/login", 200, 900, HOST + "/app/login", ua)
    # pasted long URLs with odd characters, code-word searches
    ip = "198.51.100.142"; t = 1000
    odd = ["/docs/install/)", "/docs/install/.", "/docs/install/%E2%80%8B", "/blog/2026/11/winter-release-notes/%22%3E", "/blog/%C3%BCber-uns/",
           "/people/o%27brien/", "/docs/configuration/#:~:text=ipv6_prefix%20%3D%2064", "/search?q=%2Fetc%2Fpasswd+format+explained",
           "/search?q=select+distinct+vs+group+by", "/search?q=union+station+parking", "/search?q=%3Cscript%3E+tag+defer+vs+async",
           "/search?q=..%2F..%2F+relative+path+node", "/search?q=o%27reilly+books", "/search?q=--dry-run+flag", "/search?q=drop+leaf+table",
           "/search?q=1%3D1+in+sql+where", "/search?q=sleep(5)+python", "/search?q=cmd.exe+%2Fc+start", "/search?q=wp-config.php+location",
           "/search?q=.env+file+example", "/search?q=%24%7BHOME%7D+bash", "/search?q=onerror%3D+img+attribute", "/search?q=javascript%3Avoid(0)",
           "/search?q=eval()+is+evil", "/search?q=%27+or+%27", "/search?q=exec+xp_cmdshell+permission", "/search?q=base64_decode+php",
           "/search?q=%7B%7B7*7%7D%7D+jinja", "/search?q=..%5C..%5Cwindows", "/search?q=169.254.169.254+metadata+aws", "/search?q=file%3A%2F%2F+url+chrome",
           "/search?q=char(13)+char(10)", "/search?q=%25%7B%23context%7D", "/search?q=%3C%21ENTITY+xml", "/search?q=%24where+mongodb",
           "/search?q=%7C+grep+-v", "/search?q=powershell+-enc", "/search?q=IF+EXIST+batch", "/search?q=FOR+%2FF+tokens",
           "/r?url=https%3A%2F%2Fexample.net%2Fpath%3Fa%3D1%26b%3D%2522x%2522&utm_source=newsletter&utm_medium=email&utm_campaign=dec-2026&mc_cid=abc123&mc_eid=def456",
           "/products/?filter=%7B%22color%22%3A%5B%22red%22%2C%22blue%22%5D%2C%22price%22%3A%7B%22%24gte%22%3A10%2C%22%24lte%22%3A50%7D%7D",
           "/docs/api/?lang=en&x=" + "A"*1800]
    for k, p in enumerate(odd):
        ua = r.choice(BROWSERS)
        ip = f"198.51.{100 + k//40}.{150 + k % 40}"
        t = l.page(ip, 1000 + k*30, p, ua, "https://www.google.com/", nassets=5)
        l.page(ip, t + 10, "/docs/", ua, HOST + p, nassets=3)

@scen
def robots(l, r):
    uas = ["-", "", "curl/8.5.0", "python-requests/2.32.3", "Go-http-client/1.1", "Java/17.0.12", "okhttp/4.12.0", "Wget/1.21.4",
           "Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.5247", "libwww-perl/6.77", "Apache-HttpClient/4.5.14 (Java/17.0.12)",
           "axios/1.7.7", "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", "Dart/3.5 (dart:io)", "CFNetwork/1568.200.51 Darwin/24.1.0",
           "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)", "Microsoft Office Word 2014", "Microsoft Office Existence Discovery",
           "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com", "WhatsApp/2.23.20.0", "TelegramBot (like TwitterBot)",
           "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)", "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
           "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
           "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", "Mozilla/5.0 (compatible; Applebot/0.1; +http://www.apple.com/go/applebot)",
           "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)", "CCBot/2.0 (https://commoncrawl.org/faq/)",
           "Mozilla/5.0 (compatible; Qwantify/Bleriot/1.2.1; +https://help.qwant.com/bot)", "facebookcatalog/1.0", "Pinterestbot/1.0",
           "HTTPie/3.2.3", "PostmanRuntime/7.42.0", "insomnia/10.1.1", "Typhoeus - https://github.com/typhoeus/typhoeus", "Ruby", "PHP/8.3", "GuzzleHttp/7",
           "Zend_Http_Client", "lua-resty-http/0.17.1 (Lua) ngx_lua/10026", "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)", "Mozilla/5.0", "Mozilla",
           "Nmap Scripting Engine", "masscan/1.3", "Expanse, a Palo Alto Networks company, searches across the global IPv4 space multiple times per day", "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)"]
    for k, ua in enumerate(uas[:-4]):
        ip = f"192.0.2.{10+k}"
        t = 100 + k*60
        for j, p in enumerate(["/", "/api/v1/status", "/docs/", "/feed/", "/robots.txt", "/favicon.ico"]):
            l.add(ip, t + j*2, "GET", p, 200 if p != "/favicon.ico" else 404, 3000, "-", ua)
        if "Office" in ua:
            l.add(ip, t+15, "OPTIONS", "/", 405, 0, "-", ua); l.add(ip, t+16, "HEAD", "/docs/install/", 200, 0, "-", ua)
            l.add(ip, t+17, "PROPFIND", "/docs/", 405, 0, "-", ua)
    # email security scanner clicking every link of a newsletter for 800 recipients (Proofpoint-like), one IP, 15/s
    ip = "148.163.150.20"; ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36"
    t = 1200
    for rc in range(800):
        for lk in range(8):
            t += r.expovariate(15)
            l.add(ip, t, "GET", f"/nl/click?c=dec26&r={H(rc)[:24]}&l={lk}&sig={H((rc,lk))[:32]}", 302, 0, "-", ua)
        t += r.expovariate(15)
        l.add(ip, t, "GET", f"/nl/unsubscribe?r={H(rc)[:24]}&sig={H((rc,'u'))[:32]}", 200, 4000, "-", ua)
    # Gmail image proxy fetching open-pixel for 3000 recipients
    ip = "66.102.8.10"; ua = "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)"
    t = 1300
    for rc in range(3000):
        t += r.expovariate(20)
        l.add(ip, t, "GET", f"/nl/open.gif?c=dec26&r={H(rc)[:24]}", 200, 43, "-", ua)
        if rc % 3 == 0: l.add(ip, t + 0.01, "GET", "/static/img/newsletter/header-dec.png", 200, 80000, "-", ua)

def run(names):
    for n in names:
        r = random.Random(hash(n) & 0xffff)
        l = Log(13)
        l.browsers(40, 0, 3600)
        S[n](l, r)
        print(l.write(n), len(l.rows))
if __name__ == "__main__":
    run(sys.argv[1:] or list(S))
