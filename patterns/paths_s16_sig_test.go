package patterns

import "testing"

// TestPathsS16SignatureLookalikes: four one-request false bans left by
// session 15, each told apart by the name itself: a page about a dotenv
// template, a published public key, a Wi-Fi profile a university hands
// out, an i18n bundle named secrets. The probes they look like still fire.
func TestPathsS16SignatureLookalikes(t *testing.T) {
	t.Parallel()
	m := mustCompile(t, Options{})
	for _, c := range []s12Case{
		{"GET", "/docs/.env.example.html", "", "", 404, "sensitive-env-file", false},
		// fix-sig s16 (review rev-sig s16): only a page about a template is
		// spared; /.env%00.html normalises to /.env.html, a NUL cut
		{"GET", "/help/.env.production.md", "", "", 404, "sensitive-env-file", true},
		{"GET", "/.env%00.html", "", "", 404, "sensitive-env-file", true},
		{"GET", "/docs/.env.sample.md", "", "", 404, "sensitive-env-file", false},
		{"GET", "/.env.production", "", "", 404, "sensitive-env-file", true},
		{"GET", "/api/.env", "", "", 404, "sensitive-env-file", true},
		{"GET", "/id_rsa.pub", "", "", 404, "sensitive-ssh-key", false},
		{"GET", "/keys/id_ed25519.pub", "", "", 404, "sensitive-ssh-key", false},
		{"GET", "/id_rsa", "", "", 404, "sensitive-ssh-key", true},
		{"GET", "/.ssh/id_rsa.pub", "", "", 404, "sensitive-certain-name", true},
		{"GET", "/etc/ssh/ssh_host_rsa_key.pub", "", "", 404, "sensitive-ssh-key", true},
		{"GET", "/downloads/eduroam.p12", "", "", 404, "sensitive-key-file", false},
		{"GET", "/cert.p12", "", "", 404, "sensitive-key-file", true},
		{"GET", "/ssl/site.pfx", "", "", 404, "sensitive-key-file", true},
		{"GET", "/private/client.p12", "", "", 404, "sensitive-key-file", true},
		{"GET", "/locales/fr/app/secrets.json", "", "", 404, "sensitive-cloud-credentials", false},
		{"GET", "/secrets.json", "", "", 404, "sensitive-cloud-credentials", true},
		{"GET", "/config/credentials.json", "", "", 404, "sensitive-cloud-credentials", true},
		{"GET", "/keys/service-account-prod.json", "", "", 404, "sensitive-cloud-credentials", true},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s (%d): %s fired %v, want %v", c.method, c.path, c.status, c.rule, got, c.want)
		}
	}
}
