package patterns

import "testing"

// The word rules read the name's words, count only on a miss and only for
// data files: real site pages and a site's own served exports stay quiet.
func TestTokenFileWords(t *testing.T) {
	m := mustCompile(t, Options{})
	const cred, data = "sensitive-credential-words", "probe-data-words"
	for _, c := range []s12Case{
		{"GET", "/prod_secrets.json", "", "", 404, cred, true},
		{"GET", "/backup/db-credentials.json", "", "", 404, cred, true},
		{"GET", "/old/admin_passwords.xlsx", "", "", 404, "sensitive-password-file", true}, // another rule knows the name:
		{"GET", "/old/admin_passwords.xlsx", "", "", 404, cred, false},                     // the words do not stack on it
		{"GET", "/exports/userpasswords.csv", "", "", 404, "sensitive-password-file", true},
		{"GET", "/exports/userpasswords.csv", "", "", 404, cred, false},
		{"GET", "/config/apikeys.env", "", "", 404, "sensitive-key-list", true},
		{"GET", "/config/apikeys.env", "", "", 404, cred, false},
		{"GET", "/wallet.dat", "", "", 404, "sensitive-secret-store", true},
		{"GET", "/wallet.dat", "", "", 404, cred, false},
		{"GET", "/old/wallet-backup.dat", "", "", 404, cred, true},
		{"GET", "/prod.secrets.json", "", "", 404, cred, true}, // every dotted part is read
		{"GET", "/prod_secrets.json", "", "", 200, cred, false},
		{"GET", "/prod_secrets.json", "", "", 403, cred, false},
		{"GET", "/password-reset", "", "", 404, cred, false},
		{"GET", "/forgot-password.php", "", "", 404, cred, false},
		{"GET", "/help/passwords.pdf", "", "", 404, cred, false},
		{"GET", "/img/password-eye.svg", "", "", 404, cred, false},
		{"GET", "/js/password-strength.js", "", "", 404, cred, false},
		{"GET", "/assets/tokens.json", "", "", 404, cred, false},
		{"GET", "/secrets.zip", "", "", 404, cred, false}, // an archive: data's weight
		{"GET", "/secrets.zip", "", "", 404, "probe-root-archive", true},
		{"GET", "/secrets.zip", "", "", 404, data, false},
		{"GET", "/old/secrets.zip", "", "", 404, data, true},
		{"GET", "/old_dbbackup.json", "", "", 404, data, true},
		{"GET", "/site-sqldump-2024.txt", "", "", 404, data, true},
		{"GET", "/leak/customers_2023.json", "", "", 404, "sensitive-data-export-json", true},
		{"GET", "/leak/customers_2023.json", "", "", 404, data, false},
		{"GET", "/leak/customers_2023.xml", "", "", 404, data, true},
		{"GET", "/mysql.yml", "", "", 404, "sensitive-config-tree", true},
		{"GET", "/mysql.yml", "", "", 404, data, false},
		{"GET", "/archive/fullbackup.json", "", "", 404, data, true},
		{"GET", "/members", "", "", 404, data, false},
		{"GET", "/download", "", "", 404, data, false},
		{"GET", "/panel", "", "", 404, data, false},
		{"GET", "/login", "", "", 404, data, false},
		{"GET", "/users/", "", "", 404, data, false},
		{"GET", "/backup-service.html", "", "", 404, data, false},
		{"GET", "/docs/database-guide.pdf", "", "", 404, data, false},
		{"GET", "/js/db.js", "", "", 404, data, false},
		{"GET", "/img/backup.png", "", "", 404, data, false},
		{"GET", "/api/users.json", "", "", 200, data, false},
		{"GET", "/feeds/dashboard.json", "", "", 404, data, false},
		{"GET", "/debug.log", "", "", 404, data, false},
		{"GET", "/sitemap.xml", "", "", 404, data, false},
		{"GET", "/remote.php/dav/files/anna/passwords.kdbx", "", "", 404, cred, false}, // a user's own file over WebDAV
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s (%d): %s fired %v, want %v", c.method, c.path, c.status, c.rule, got, c.want)
		}
	}
}
