package patterns

import (
	"net/url"
	"slices"
	"testing"
)

// TestFamiliesFifthPass: one request of each family the fifth pass added
// (issue 8, item 4), in spellings the corpus does not hold, with the
// signature it must fire and whether it bans alone.
func TestFamiliesFifthPass(t *testing.T) {
	m := mustCompile(t, Options{})
	q := url.QueryEscape
	tests := []oneRequest{
		// SQL that libinjection's tokenizer lets through
		{"/article.php?pubid=17" + q("'#"), "", "", "sqli-libinjection", true}, // a bare 17' is 17 feet (review of 1a0c719..27ee169)
		{"/article.php?pubid=17" + q("'))"), "", "", "sqli-libinjection", true},
		{"/list?order_by=" + q("tbl.col]--"), "", "", "sqli-libinjection", true},
		{"/ac.php?t=" + q("shop_users --"), "", "", "sqli-libinjection", true},
		{"/ac.php?t=" + q("x from shop_orders --"), "", "", "sqli-libinjection", true},
		{"/ac.php?f=" + q("* from xf_users-- -"), "", "", "sqli-libinjection", true},
		{"/report?sql=" + q("SELECT user_pass FROM wp_users"), "", "", "sqli-cms-table", false},
		{"/report?sql=" + q("select * from jos_users limit 1"), "", "", "sqli-cms-table", false},
		// open redirect through the path
		{"/%5cevil.example/", "", "", "open-redirect-path", false},
		{"/%2F%2Fattacker.test/", "", "", "open-redirect-path", false},
		{`/\10.1.2.3/`, "", "", "open-redirect-path", false},
		{"////attacker.test", "", "", "open-redirect-path", false},
		// keys and error logs
		{"/backup.key", "", "", "sensitive-key-file-miss", true},
		{"/certs/site.pem", "", "", "sensitive-cert-dir-miss", false}, // 5: a .pem under certs/ is almost always a certificate
		{"/app_errors.txt", "", "", "sensitive-log-path", false},
		{"/files/smtp.debug.txt", "", "", "sensitive-log-path", false},
		{"/includes/site.sql", "", "", "probe-deep-dump", false},
		// an entity referred to inside markup
		{"/api?xml=" + q("<order><id>&payload;</id></order>"), "", "", "xxe-entity-reference", false},
		{"/api?xml=" + q("]><r>&exfil;</r>"), "", "", "xxe-entity-reference", false},
		{"/api?xml=" + q(`<!DOCTYPE r PUBLIC "-//X//Y" "https://attacker.test/r.dtd"><r/>`), "", "", "xxe-entity", true},
		{"/api?xml=" + q("<r>&#x3C;!ENTITY x SYSTEM 'file:///etc/hostname'></r>"), "", "", "xxe-entity", true},
		// product exploits' first requests, answered as a miss
		{"/index.php?rest_route=/someplugin/v2/export", "", "", "probe-wp-endpoint", false},
		{"/wp-content/themes/sometheme/ajax/load.php?id=1", "", "", "probe-wp-endpoint", false},
		{"/portal/doLogin.action?redirect=x", "", "", "probe-java-action-query", false},
		{"/proc/net/tcp", "", "", "probe-system-dir", false},
		{"/isapi/Gateway.dll?cmd=status", "", "", "probe-isapi-dll", false},
		{"/shop/wp-login.php?action=lostpassword", "", "", "probe-wp-endpoint", false},
		{"/invoker/readonly", "", "", "cve-2015-7501-jboss", true},
		{"/web.xml", "", "", "sensitive-server-config", true},
		{"/private_keys.txt", "", "", "sensitive-key-list-named", true}, // a credential file by its name bans alone (issue 8 item 2)
		{"/~nobody/", "", "", "probe-system-user-dir", false},
		{"/api/v1/namespaces/kube-system/secrets", "", "", "probe-infra-api", false},
		{"/v1/kv/config?recurse", "", "", "probe-infra-api", false},
		{"/debug/vars", "", "", "probe-infra-api", false},
		{"/cfg/backup/passwd", "", "", "probe-system-dir", false},
		{"/read?file=" + q("../backups/site.sql"), "", "", "param-dump-path", false},
		// NoSQL: a write run as a statement, a match-anything regex, a return after a breakout
		{"/api?q=" + q("'; db.sessions.remove({});"), "", "", "nosqli-operator", true},
		{"/login?password=" + q(`"}, {"user": /.+/}`), "", "", "nosqli-operator", true},
		{"/login?username=" + q(`x"; return this.role != "`), "", "", "nosqli-operator", true},
		// request forgery: a service port on loopback even in a redirect parameter, long IPv6 loopback, wrapped octets, scheme confusion
		{"/cb?callback=" + q("http://127.0.0.1:6379/"), "", "", "ssrf-internal-port", true},
		{"/cb?next=" + q("http://localhost:80/admin"), "", "", "ssrf-internal-port", true},
		{"/cb?redirect_uri=" + q("http://[0:0:0:0:0:ffff:127.0.0.1]/"), "", "", "ssrf-internal-url", true},
		{"/p?src=" + q("http://300.420.1.510/"), "", "", "ssrf-internal-url", false},
		{"/p?src=" + q("0://attacker.test:80;http://example.com:80/"), "", "", "ssrf-url-confusion", true},
		{"/p?src=" + q("http://localtest.me/"), "", "", "ssrf-rebind-domain", false},
		// LDAP breakouts in identity parameters
		{"/login?user=" + q("jsmith*)"), "", "", "ldap-identity-breakout", true},
		{"/login?login=" + q("x*)*"), "", "", "ldap-identity-breakout", true},
		{"/dir?a=1&cn=" + q("bob)(mail=*"), "", "", "ldap-identity-breakout", true},
		{"/dir?displayname=" + q("*(|(objectclass=*))"), "", "", "ldap-filter-injection", true},
		{"/login?username=" + q("root*"), "", "", "ldap-identity-wildcard", false},
		{"/login?uid=" + q("|"), "", "", "ldap-identity-wildcard", false},
	}
	checkOneRequest(t, m, tests)
}

// TestFamiliesFifthPassLookAlikes: what the fifth pass's families must
// leave alone: quoted phrases and number lists libinjection took for SQL
// (the benign look-alike set's false alarms), prose ending in a dash, a
// glob in a search box, names with parentheses, protocol-relative and
// triple-slash paths to files, HTML entities in markup.
func TestFamiliesFifthPassLookAlikes(t *testing.T) {
	m := mustCompile(t, Options{})
	q := url.QueryEscape
	for _, v := range []string{`'while (true)'`, `"while(1)"`, `"IS" STAMP`, `"LIKE" STAMP`, `select 'and'`, `1,1--`, `"*"`,
		`the "best" offer`, "wait for it--", "see section 5.2--", "zzh7W_krs4jSNwVV2TssQsSbOj--", "1234`", "select * from users where name like", "5 ft 11", "rock 'n' roll"} {
		if got := ids(m.Match(req("GET", "/search?q="+q(v), "", ""), nil)); slices.Contains(got, "sqli-libinjection") || slices.Contains(got, "sqli-cms-table") {
			t.Errorf("q=%s: SQL injection in %v", v, got)
		}
	}
	targets := []string{
		"/search?q=" + q("(a*)*"), "/profile?name=" + q("John (Jack) Smith"),
		"/profile?username=" + q("anna_b"), "/people?name=" + q("smi*"), "/search?q=" + q("admin*"), "/login?email=" + q("anna.b@example.com"),
		"//cdn.example.com/app.js", "///index.php", "/%2Fdocs/guide.html", "/www.example.com",
		"/import?xml=" + q("<p>Fish &amp; chips &copy; 2024 &nbsp;&#169;</p>"),
		"/docs/release-notes.txt", "/docs/error-codes.html",
		"/search?q=" + q("how to join wp_posts and wp_users"),
		"/import?xml=" + q(`<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><html/>`),
		"/import?xml=" + q(`<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">`),
		"/import?xml=" + q("<p>50%off; sale</p>"), "/files?name=" + q("report.sql"),
		"/keys", "/.well-known/jwks.json", "/discovery/keys", "/monkeys.txt", "/~john/", "/~anna/cv.html",
		"/search?q=" + q("db.users.insert() example"), "/search?q=" + q("regex /.*/ matches everything"),
		"/oauth/cb?redirect_uri=" + q("http://127.0.0.1:53682/"), "/oauth/cb?callback=" + q("http://127.0.0.1:8085/"),
		"/search?q=" + q("version 1.2.3.400"),
		"/search?q=" + q("it's; return policy"), "/search?q=" + q("&lt;!DOCTYPE html&gt;"),
		"/api/v1/items", "/api/v1/users/42", "/jmx-guide", "/apis", "/debug/varsity",
	}
	for _, tg := range targets {
		if hits := served(m, req("GET", tg, browserUA, "")); len(hits) > 0 {
			t.Errorf("%s: unexpected hits %v", tg, ids(hits))
		}
	}
}
