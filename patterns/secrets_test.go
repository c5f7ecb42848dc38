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
	} {
		if hits := m.Match(req("GET", p, "Mozilla/5.0", ""), nil); len(hits) > 0 {
			t.Errorf("%s: flagged %v", p, ids(hits))
		}
	}
}
