package patterns

import "testing"

// TestCertainName: names with no innocent reading, in any spelling and
// with any copy suffix, and the look-alikes pages, apps, monitors and
// public keys carry.
func TestCertainName(t *testing.T) {
	t.Parallel()
	certain := []string{
		"/.env.staging", "/.ENV.Production.bak", "/api/.env.local", "/_profiler/phpinfo", "/_profiler/open",
		"/firebase.json", "/.npmrc", "/x/y/z/.npmrc.bak", "/config/credentials.yml~", "/backup/id_ed25519",
		"/id_rsa", "/ID_RSA.old", "/infra/prod.tfstate", "/terraform.tfvars.zip", "/.aws/credentials", "/.aws/credentials.old",
		"/debug/pprof/heap", "/__debug__/render_panel/", "/actuator/heapdump", "/actuator/env", "/actuator/env/spring.datasource.password",
		"/site.kdbx", "/deploy/.git-credentials", "/_debugbar/open", "/service-account-prod.json", "/secrets.env",
		"/home/app/.pgpass", "/sftp-config.json.old", "/.ssh/known_hosts", "/.vscode/sftp.json", "/master.key.save",
		"/wp-config.php.swp", "/wp-config.old", "/.docker/config.json", "/.kube/config", "/kubeconfig",
		"/__debug__/", "/debug/pprof/", "/.vault_pass", "/google-services.json",
	}
	lookalike := []string{
		"/config.json", "/appsettings.Development.json", "/blog/id_rsa-explained.md", "/id_rsa.pub", "/keys/id_ed25519.pub",
		"/assets/firebase.json", "/v4/lke/clusters/1/kubeconfig", "/charts/app/templates/secrets.yaml", "/api/v1/accounts/credentials.json",
		"/downloads/eduroam.p12", "/actuator/health", "/actuator/environment-info", "/server-status", "/_profiler", "/profiler/x",
		"/help/secrets.html", "/docs/kubeconfig-setup/", "/blog/2024/terraform-tfstate-tips", "/downloads/keepass-2.57.zip",
		"/.env", "/environment.json", "/debug/", "/debug/pprofile", "/debug/vars", "/_profiler/latest", "/_profiler/empty/search/results", "/debug/variables", "/elmah.axd", "/Trace.axd", "/docs/google-services.json.html", "/wp-config.php", "/.awsome/x", "/my.ssh/x", "/a.kdbx.html",
		"/x/_profiler", "/env.js", "/.envelope", "/credentials", "/secrets/",
	}
	for _, p := range certain {
		if !certainName([]byte(p)) {
			t.Errorf("certainName(%q) = false, want true", p)
		}
	}
	for _, p := range lookalike {
		if certainName([]byte(p)) {
			t.Errorf("certainName(%q) = true, want false", p)
		}
	}
}
