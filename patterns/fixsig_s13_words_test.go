package patterns

import "testing"

// The word hints leave a site's own 404s alone: build hashes, locale
// folders, release and schema files, singular words in .json; they do not
// stack on a rule that knows the name; the hunters' names still count.
func TestFixSigS13Words(t *testing.T) {
	m := mustCompile(t, Options{})
	const cred, data = "sensitive-credential-words", "probe-data-words"
	for _, c := range []s12Case{
		{"GET", "/static/media/wallet.8f3a2c1e.json", "", "", 404, cred, false},
		{"GET", "/static/media/password-lock.1b2c3d4e.json", "", "", 404, data, false},
		{"GET", "/assets/backups-4f9a1c2e.txt", "", "", 404, data, false},
		{"GET", "/locales/fr-CA/passwords.json", "", "", 404, cred, false},
		{"GET", "/locales/de-AT/backups.json", "", "", 404, data, false},
		{"GET", "/i18n/pt_BR/credentials.json", "", "", 404, cred, false},
		{"GET", "/downloads/wallet-2.4.0-SHA256SUMS.txt", "", "", 404, cred, false},
		{"GET", "/downloads/wallet-2.4.0-release-notes.txt", "", "", 404, cred, false},
		{"GET", "/examples/secret.json", "", "", 404, cred, false},
		{"GET", "/examples/secret.json", "", "", 404, data, true}, // 2 points
		{"GET", "/schema/credentials-v1.json", "", "", 404, cred, true},
		{"GET", "/secrets.schema.json", "", "", 404, cred, false},
		// still counted: the hunters' names
		{"GET", "/prod_secrets.json", "", "", 404, cred, true},
		{"GET", "/backup/db-credentials.json", "", "", 404, cred, true},
		{"GET", "/db.credentials.json", "", "", 404, cred, true},
		{"GET", "/exports/admin-logins-2024.txt", "", "", 404, cred, true},
		{"GET", "/backup/passwords2024.txt", "", "", 404, "sensitive-password-file", true},
		{"GET", "/backup/passwords2024.txt", "", "", 404, cred, false}, // not on top of it
		{"GET", "/site-sqldump-20240101.txt", "", "", 404, data, true},
		{"GET", "/files/clients2024.csv", "", "", 404, data, true},
		{"GET", "/dl/dbbackup.tar.gz", "", "", 404, data, true},
		{"GET", "/en/backup-2024.12.01.zip", "", "", 404, data, true},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s (%d): %s fired %v, want %v", c.method, c.path, c.status, c.rule, got, c.want)
		}
	}
}
