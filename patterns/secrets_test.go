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
	} {
		if w := total(m.Match(req("GET", p, "Mozilla/5.0", ""), nil)); w < 10 {
			t.Errorf("%s: %d points, want 10 (banned on one request)", p, w)
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
	} {
		if hits := m.Match(req("GET", p, "Mozilla/5.0", ""), nil); len(hits) > 0 {
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
