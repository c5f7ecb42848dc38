package patterns

import "testing"

// TestSecretProbesBanAlone holds issue 8's promise: one request for a
// secret, credential, key, dump or source-metadata file, from a fresh
// address, weighs enough to ban (10 points), whatever its spelling. The
// list was written from what such files are, not from the payload corpus.
func TestSecretProbesBanAlone(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, p := range []string{
		"/.env.bak", "/.env.local", "/config/.env", "/api/.env", "/.env~", "/.env.save",
		"/.git/HEAD", "/.git/index", "/.git/logs/HEAD", "/.svn/wc.db", "/.hg/hgrc", "/CVS/Root",
		"/.aws/config", "/.aws/credentials.bak", "/.ssh/id_rsa", "/.ssh/authorized_keys", "/id_ed25519",
		"/.bash_history", "/.psql_history", "/.mysql_history",
		"/wp-config.php~", "/wp-config.php.save", "/wp-config.old", "/.wp-config.php.swp",
		"/config.php.bak", "/web.config.bak", "/config.php.txt", "/bitrix/php_interface/dbconn.bak",
		"/sites/default/settings.php.bak", "/global.asa.old", "/php.ini.sample",
		"/backup.sql", "/db.sql.gz", "/site.tar.gz", "/www.zip", "/example.com.zip", "/.zip",
		"/dump.rdb", "/php.core", "/actuator/heapdump", "/java_pid1234.hprof",
		"/.npmrc", "/.dockercfg", "/.docker/config.json", "/.kube/config", "/.pgpass", "/.my.cnf", "/.netrc",
		"/.git-credentials", "/.s3cfg", "/.passwd-s3fs", "/sftp-config.json", "/.vscode/sftp.json",
		"/terraform.tfstate", "/prod.tfvars", "/.terraform/terraform.tfstate", "/service-account.json",
		"/.config/gcloud/credentials.db", "/.azure/accessTokens.json", "/credentials.json", "/secrets.json",
		"/app/etc/env.php", "/config/master.key", "/config/credentials.yml.enc", "/actuator/env",
		"/server.key", "/privkey.pem", "/id_dsa.ppk", "/keystore.jks",
		"/.htpasswd", "/htpasswd", "/old.htpasswd", "/htaccess.txt", "/cgi-bin/.htpasswd",
		"/.idea/workspace.xml", "/.idea/dataSources.xml", "/.project", "/.classpath", "/.settings/",
		"/.gitignore", "/.gitmodules", "/.github/workflows/ci.yml", "/.gitlab-ci.yml", "/.travis.yml",
		"/.DS_Store", "/.Trashes", "/nbproject/project.properties", "/.vagrant/machines/",
		"/passwd", "/master.passwd", "/passlist.txt", "/logins.txt",
		"/backup/site.zip", "/old/backups/2024-05-01.tar.gz", "/db/prod.sql.gz", "/wp-content/ai1wm-backups/x.wpress",
		"/wp-content/updraft/backup_2024.zip", "/installer-backup.php",
		// second pass: families by mechanism, not by corpus line
		"/db_backup.sql.tar.gzip", "/exports/site.sql.bz2", "/db-full.mysql", "/dbdump.zip", "/dump.tar.bzip2",
		"/.index.php.swp", "/index.php~", "/config.inc.php.save",
		"/web.config::$DATA", "/default.asp::$data", "/Web.Release.config", "/connectionStrings.config",
		"/app/etc/local.xml.bak", "/app/etc/config.xml", "/conf/tomcat-users.xml", "/WEB-INF./web.xml", "/server.xml",
		"/_vti_pvt/administrators.pwd", "/keys/secring.gpg", "/vault.kdbx", "/auth_user_file.txt",
	} {
		if w := total(m.Match(req("GET", p, "Mozilla/5.0", ""), nil)); w < 10 {
			t.Errorf("%s: %d points, want 10 (banned on one request)", p, w)
		}
	}
}

// TestStaticCopiesNeedTwo: an editor's or backup copy of a page, a text
// or a directory (sensitive-editor-backup) weighs 5: one is not proof (a
// directory listing links the copies an editor left and its visitors and
// crawlers follow them; a plain browser's one /index.html~ 404), two ban.
// Copies of scripts and configuration stay ban-alone (above).
func TestStaticCopiesNeedTwo(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, p := range []string{"/index.html~", "/docs/notes.txt~", "/site/backup.old", "/admin2.old/", "/nano.save", "/readme.md~"} {
		if w := total(m.Match(req("GET", p, "Mozilla/5.0", ""), nil)); w < 5 || w >= 10 {
			t.Errorf("%s: %d points, want 5-9 (two such requests ban, one does not)", p, w)
		}
	}
}

// TestSecretLookAlikesStayQuiet: pages whose names share words with
// secret files, which real visitors fetch.
func TestSecretLookAlikesStayQuiet(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, p := range []string{
		"/account/password", "/login/password-reset", "/wiki/Passwd", "/blog/htaccess-tips-for-beginners",
		"/docs/phpmyadmin-installation", "/js/tinymce/tinymce.min.js", "/ckeditor/ckeditor.js",
		"/members", "/orders/1234", "/logs", "/blog/how-to-read-a-heapdump", "/wiki/Core_dump",
		"/docs/ssh-keys/authorized-keys", "/keys/public.asc", "/downloads/app-2.3.1.zip",
		"/.well-known/security.txt", "/changelog", "/env.js", "/static/data/countries.json",
		"/remote.php/dav/files/alice/site/.git/config", "/remote.php/dav/files/alice/site/.env",
		"/docs/backup-and-restore", "/blog/database/indexes", "/downloads/tools/backup-helper.exe",
		// second pass
		"/backup-policy.html", "/static/app.js.map", "/.well-known/openid-configuration", "/openapi.yaml",
		"/blog/2023/10/my-travel-log", "/blog/2024/01/out-with-the-old", "/~alice/", "/company/info.php",
		"/actuator/health", "/actuator/health/liveness", "/actuator/prometheus", "/manager/dashboard",
		"/account-manager/list", "/docs/iis/web-config-reference", "/about/acme-inc", "/app/etcetera",
		"/products/web-information-systems", "/downloads/app-1.2.0.tar.gz", "/files/report-2024.zip",
		"/account/export-settings", "/logs", "/backups", "/phpmyadmin-tutorial", "/blog/snoop-dogg-tour",
		"/oauth/authorize?redirect_uri=http://127.0.0.1:51004/oauth2redirect", "/docs/search?q=wp-config.php",
		"/login?path=/admin/index.php", "/download.php?file=manual.pdf",
	} {
		if hits := served(m, req("GET", p, "Mozilla/5.0", "")); len(hits) > 0 {
			t.Errorf("%s: flagged %v", p, ids(hits))
		}
	}
}

// TestExploitProbesBanAlone: requests that exist only to exploit a known
// flaw or prove an injection ban on one request.
func TestExploitProbesBanAlone(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, p := range []string{
		"/mifs/.;/services/LogService", "/nice%20ports%2C/Tri%6Eity.txt%2ebak",
		"/aspnet_client/system_web/abc.aspx", "/wp-content/uploads/2024/05/x.php",
		"/?a=fetch&content=%3Cphp%3Edie(@md5(HelloThinkCMF))%3C/php%3E", "/index.php?_hook=phpinfo",
		"/api/items?field=updatexml(1,version(),1)", "/cgi-bin/login?LD_PRELOAD=/tmp/x.so",
		"/CFIDE/adminapi/base.cfc?method=x&_cfclient=true", "/level/15/exec/-/show/config",
		"/nacos/v1/cs/ops/derby?sql=select+1", "/api/timelion/run",
		"/?q=" + "%22%3Balert(document.domain)%2F%2F", "/?next=javascript:alert(1)",
		"/?q=%28alert%29%281%29", "/?x=" + "JzthbGVydChkb2N1bWVudC5kb21haW4pOy8v",
		"/fetch?image=http://127.0.0.1:6379/", "/fetch?image=http://0x7f000001/",
		"/fetch?url=http://127.0.0.1.nip.io/admin", "/fetch?url=http://127.0.0.1/?d=example.com",
		"/fetch?url=http://0xc0a80014/", "/tmp/whmcs.php", "/userfiles/zehir4.asp", "/cmd.jsp", "/c99_locus7s.php",
		"/servlet/org.apache.catalina.servlets.DefaultServlet/tomcat.gif", "/app/rest/server;.jsp",
		"/api/session?state=rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcA", "/?data=O:8:%22stdClass%22:1:{s:1:%22a%22;i:1;}",
		"/r?next=%5Cr%5CnSet-Cookie:%20sid=1", "/r?lang=%25%0A0aSet-Cookie:crlf=injection",
		"/?q=%3Cimg+src%3Dx+onerror%2F%3Dalert(1)%3E", "/?q=%3Ca+href%3Dj%26%2397v%26%2397script%26%23x3A;%26%2397lert(1)%3E",
		"/thumb.php?transport=%7C%7C+(echo+x%3B+id%3B+echo+y)",
		"/wp-admin/admin-ajax.php?action=aam-media-load&aam-media=/wp-config.php", "/fw/mindex.do?url=./WEB-INF/web.xml%3f",
		"/oauth/cb?callback=http://localhost%23example.com", "/oauth/cb?next=http://127.0.0.1///example.com",
		"/?xml=" + "%3C!%5BCDATA%5B%3C%5D%5D%3Escript%3C!%5BCDATA%5B%3E%5D%5D%3Ealert(1)",
	} {
		if w := total(m.Match(req("GET", p, "Mozilla/5.0", ""), nil)); w < 10 {
			t.Errorf("%s: %d points, want 10", p, w)
		}
	}
}

// TestScriptInUserAgent: script in the user agent bans; real agents of
// browsers, apps and bots stay quiet.
func TestScriptInUserAgent(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, ua := range []string{`"onmouseover=alert(1)//`, `<script>alert(1)</script>`, `Mozilla/5.0 <img src=x onerror=prompt(1)>`, `javascript:confirm(document.domain)`} {
		if w := total(m.Match(req("GET", "/", ua, ""), nil)); w < 10 {
			t.Errorf("UA %q: %d points, want 10", ua, w)
		}
	}
	for _, ua := range []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV=458.0.0.40.106;FBBV=569316318]",
		"Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17531; Pro)", "Download Master", "OneDrive/23.0 onload-helper",
	} {
		if hits := m.Match(req("GET", "/", ua, ""), nil); len(hits) > 0 {
			t.Errorf("UA %q: flagged %v", ua, ids(hits))
		}
	}
}

// TestProbesWatchedNotBanned: probes a site may answer for its own admins
// or monitoring weigh 3-5 (two ban, one alone never does).
func TestProbesWatchedNotBanned(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, p := range []string{
		"/login?user=*", "/directory?uid=%5C2a", "/js/tiny_mce/", "/FCKeditor2.3/", "/uploadify/uploadify.swf",
		"/manager/deploy", "/host-manager/list", "/env", "/actuator/loggers", "/Trace.axd", "/getcfg.php",
		"/app/logs/", "/db_backups/", "/classes/cookie.txt", "/config/app.yml", "/webpack.config.js", "/bower.json",
		"/includes/adovbs.inc", "/asynchPeople/", "/linusadmin-phpinfo.php", "/phpsysinfo/", "/sqlbuddy/login.php",
		"/master/admin.log", "/orders_log", "/download.php?file=config.php",
	} {
		w := points(m.Match(req("GET", p, "Mozilla/5.0", ""), nil))
		if w == 0 || w >= 10 {
			t.Errorf("%s: %d points, want 1-9 (watched, not banned alone)", p, w)
		}
	}
}

// points is what one request earns in the detector: the highest weight of
// each category, summed (see detector's patternPoints).
func points(hits []Hit) int {
	best := map[Category]int{}
	for _, h := range hits {
		best[h.Category] = max(best[h.Category], h.Weight)
	}
	w := 0
	for _, b := range best {
		w += b
	}
	return w
}

// TestWebDAVVerbsSkipFileSignatures: macOS Finder mounting a WebDAV share
// under any prefix PROPFINDs .Trashes, .Spotlight-V100 and ._ files, and
// PUTs ._name and .DS_Store beside a copied file; .Trashes weighed 10 and
// banned the user alone. Only those OS metadata names are excused, for any
// method but a GET or HEAD of a non-AppleDouble name: a WebDAV verb on a
// secret (PROPFIND /.env, COPY /wp-config.php.bak) counts in full (review
// s8), and so does a query beside a metadata name.
func TestWebDAVVerbsSkipFileSignatures(t *testing.T) {
	m := mustCompile(t, Options{})
	const finder = "WebDAVFS/3.0.0 (03008000) Darwin/22.1.0 (x86_64)"
	for _, p := range []string{"/dav/.Trashes", "/dav/.Spotlight-V100", "/dav/._notes.txt", "/dav/.DS_Store", "/files/.hidden", "/dav/desktop.ini"} {
		for _, meth := range []string{"PROPFIND", "LOCK", "MKCOL", "PUT", "DELETE"} {
			if w := total(m.Match(req(meth, p, finder, ""), nil)); w != 0 {
				t.Errorf("%s %s: %d points, want 0 (OS metadata on a share)", meth, p, w)
			}
		}
	}
	if w := total(m.Match(req("GET", "/dav/._report.pdf", finder, ""), nil)); w != 0 {
		t.Errorf("GET /dav/._report.pdf: %d points, want 0 (Finder reads its AppleDouble file)", w)
	}
	for _, r := range [][2]string{{"GET", "/.Trashes"}, {"GET", "/.DS_Store"}, {"HEAD", "/.DS_Store"}, {"PROPFIND", "/.env"}, {"MOVE", "/.git/config"},
		{"COPY", "/wp-config.php.bak"}, {"PROPFIND", "/.DS_Store/../.env"}} {
		if w := total(m.Match(req(r[0], r[1], "Mozilla/5.0", ""), nil)); w < 10 {
			t.Errorf("%s %s: %d points, want >= 10", r[0], r[1], w)
		}
	}
}
