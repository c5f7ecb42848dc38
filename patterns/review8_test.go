package patterns

// Cases from the review of the catalogue commits 1a0c719..27ee169 (issue 8):
// benign requests those commits flagged, and attacks they let through.

import (
	"fmt"
	"strings"
	"testing"
)

func review8Req(uri string) *Request {
	path, query, _ := strings.Cut(uri, "?")
	return &Request{Method: []byte("GET"), Path: []byte(path), Query: []byte(query),
		UA: []byte("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36")}
}

func review8Hits(t *testing.T, m *Matcher, uri string, status int) map[string]bool {
	t.Helper()
	r := review8Req(uri)
	got := map[string]bool{}
	for _, h := range KeepAnswered(m.Match(r, nil), status, r.Query) {
		got[h.ID] = true
	}
	return got
}

// Benign requests the reviewed commits flag (status, the signature that must stay quiet).
type quietCase struct {
	uri    string
	status int
	id     string
}

var review8Benign = []quietCase{
	// sensitive-key-file (10: one request bans): public certificates and signing keys served on purpose
	{"/ca.pem", 200, "sensitive-key-file"},
	{"/gpg.key", 200, "sensitive-key-file"},                      // apt repository key at the root (Grafana's /gpg.key)
	{"/keys/nginx_signing.key", 200, "sensitive-key-file"},       // nginx.org's package signing key
	{"/certs/isrgrootx1.pem", 200, "sensitive-key-file"},         // Let's Encrypt's root, as letsencrypt.org serves it
	{"/DigiCertGlobalRootCA.crt.pem", 200, "sensitive-key-file"}, // cacerts.digicert.com
	{"/r1.pem", 200, "sensitive-key-file"},                       // i.pki.goog
	{"/pki/root-ca.pem", 200, "sensitive-key-file"},              // a company's "install our CA" page
	// sensitive-server-config (10): Tomcat's bundled docs webapp serves this file
	{"/docs/appdev/sample/web.xml", 200, "sensitive-server-config"},
	// ldap-identity-breakout (10): product, hotel and people names
	{"/shop?name=T-Shirt (L) (Blue)", 200, "ldap-identity-breakout"},
	{"/shop?name=Cable (2m)(black)", 200, "ldap-identity-breakout"},
	{"/hotels?name=Grand Hotel (5*)", 200, "ldap-identity-breakout"},
	{"/people?fullname=Mary (Molly) (Smith)", 200, "ldap-identity-breakout"},
	// sqli-libinjection via sqlTail (10): feet/inches and code searches
	{"/shop?length=8'", 200, "sqli-libinjection"},
	{"/shop?q=6'", 200, "sqli-libinjection"},
	{"/search?q=arr.length--", 200, "sqli-libinjection"},
	{"/search?q=node_count--", 200, "sqli-libinjection"},
	{"/search?q=learn node.js --", 200, "sqli-libinjection"},
	// nosqli-operator (10): code searches on a developer site
	{"/search?q=db.users.insert({name: \"x\"});", 200, "nosqli-operator"},
	{"/search?q=app.get({ path: /.*/ })", 200, "nosqli-operator"},
	{"/search?q=var s = 'x'; return s", 200, "nosqli-operator"},
	// sqli-libinjection: prose with a quote and a hash or dashes
	{"/a?q=don't %231", 200, "sqli-libinjection"},
	{"/a?user=o'brien%232", 200, "sqli-libinjection"},
	{"/a?q=rock'n'roll -- live", 200, "sqli-libinjection"},
	{"/a?q=admins' guide --", 200, "sqli-libinjection"},
	// 5-point ones: two such requests ban
	{"///cdn.example.com/app.js", 404, "open-redirect-path"}, // a crawler joining //cdn... to a root base
	{"///photo.jpeg", 404, "open-redirect-path"},             // extension missing from fileExts
	{"///font.woff", 404, "open-redirect-path"},
	{"///app.js.map", 404, "open-redirect-path"},
	{"/design/tokens.yml", 200, "sensitive-key-list"}, // design tokens
	{"/docs/common-errors.txt", 200, "sensitive-log-path"},
	{"/lectures/week1-debug.txt", 200, "sensitive-log-path"},
	{"/admin/users?cn=smi*", 200, "ldap-identity-wildcard"}, // directory admin search
	{"/search?q=how to delete from wp_options autoload", 200, "sqli-cms-table"},
	{"/api2/repos/abc/file/?p=/backups/db.sql", 200, "param-dump-path"}, // Seafile's file API
	{"/download?file=/files/ca.pem", 200, "param-dump-path"},
	{"/search?q=%3Cp%3E%26check%3B%20done%3C%2Fp%3E", 200, "xxe-entity-reference"}, // HTML5 named characters
	{"/search?q=%3Cp%3E%26NewLine%3B%3C%2Fp%3E", 200, "xxe-entity-reference"},
	{"/search?q=%3Cp%3E%26zwj%3B%3C%2Fp%3E", 200, "xxe-entity-reference"},
	{"/search?q=arr[2]> 90%25 pass; ok", 200, "xxe-entity-reference"},
	{"/oauth/authorize?client_id=a&redirect_uri=http://lvh.me:3000/auth/callback", 200, "ssrf-rebind-domain"},
}

func TestReview8BenignQuiet(t *testing.T) { assertQuiet(t, review8Benign) }

// assertQuiet fails for each benign case whose signature fires.
func assertQuiet(t *testing.T, cases []quietCase) {
	t.Helper()
	m, err := Compile(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if review8Hits(t, m, c.uri, c.status)[c.id] {
			t.Errorf("benign GET %s (%d): %s fired", c.uri, c.status, c.id)
		}
	}
}

// Attacks the reviewed commits let through (any of the ids must fire,
// answered 404).
var review8Evasions = []struct {
	uri string
	ids string
}{
	{"/x?xml=<!DOCTYPE x PUBLIC \"-//A//B\" \"http://www.w3.org.evil.example/x.dtd\">", "xxe-entity"},
	{"/x?xml=<!DOCTYPE x PUBLIC \"-//A//B\" \"http://www.w3.org@evil.example/x.dtd\">", "xxe-entity"},
	{"/a?id='1' or 1", "sqli-libinjection"},
	{"/a?id='1' xor 1", "sqli-libinjection"},
	{"/a?id='admin' or 1", "sqli-libinjection"},
	{"/a?id='1' having 1", "sqli-libinjection"},
	{"/a?pubid=4'%23", "sqli-libinjection"},
	{"/a?id=Wp_Users--", "sqli-libinjection"},
	{"/a?id=wp_users%23", "sqli-libinjection"},
	{"/a?id=wp_users/*", "sqli-libinjection"},
	{"/a?q=x from/**/wp_users", "sqli-cms-table|sqli-libinjection"},
	{"/a?q=x from`wp_users`", "sqli-cms-table|sqli-libinjection"},
	{"/a?q=x from(wp_users)", "sqli-cms-table|sqli-libinjection"},
	{"/%C0%AFevil.example/", "open-redirect-path"},
	{"///evil.example./", "open-redirect-path"},
	{"///evil%2Eexample/", "open-redirect-path"},
	{"///user@evil.example/", "open-redirect-path"},
	{"///2130706433/", "open-redirect-path"},
	{"///evil.xn--p1ai/", "open-redirect-path"},
	{"/a?j_username=admin*)", "ldap-identity-breakout"},
	{"/a?email=admin*)", "ldap-identity-breakout"},
	{"/a?q={password: /^/}", "nosqli-operator"},
	{"/oauth?redirect_uri=http://localhost.:6379/", "ssrf-internal-port"},
	{"/oauth?redirect_uri=http://127.0.0.1:06379/", "ssrf-internal-port"},
	{"/oauth?redirect_uri=http://0:6379/", "ssrf-internal-port|ssrf-internal-url"},
	// still caught after the fixes above
	{"///evil.example/", "open-redirect-path"},
	{"/%5cevil.example/app.js", "open-redirect-path"},
	{"/a?user=admin*)", "ldap-identity-breakout"},
	{"/a?user=x)(cn=*", "ldap-identity-breakout"},
	{"/a?id=1')", "sqli-libinjection"},
	{"/a?id=4'--", "sqli-libinjection"},
	{"/id_rsa.pem", "sensitive-key-file"},
	{"/ssl/server.key", "sensitive-key-file"},
	{"/web.xml", "sensitive-server-config"},
	{"/a?q=select * from wp_users where 1", "sqli-cms-table|sqli-libinjection"},
}

func TestReview8EvasionsCaught(t *testing.T) {
	m, err := Compile(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range review8Evasions {
		if !anyFired(review8Hits(t, m, c.uri, 404), c.ids) {
			t.Errorf("attack GET %s: none of %s fired", c.uri, c.ids)
		}
	}
}

// anyFired reports one of ids ('|'-separated) among got.
func anyFired(got map[string]bool, ids string) bool {
	for _, id := range strings.Split(ids, "|") {
		if got[id] {
			return true
		}
	}
	return false
}

// BenchmarkEntityRefScaling: the cost per byte of a value of many '&' or
// '%' and one ';' at the end must not grow with the value's length (it
// did: each '&' looked for the next ';' to the end, 64 KB took 84 ms).
// Compare ns/byte across the sizes: go test -bench EntityRefScaling ./patterns/
func BenchmarkEntityRefScaling(b *testing.B) {
	for _, n := range []int{4 << 10, 64 << 10} {
		amp := append(append([]byte("<a>"), strings.Repeat("&", n)...), ';')
		pct := append(append([]byte("<!x ]>"), strings.Repeat("%", n)...), ';')
		for _, c := range []struct {
			name string
			v    []byte
		}{{"amp", amp}, {"pct", pct}} {
			b.Run(fmt.Sprintf("%s/%dKB", c.name, n>>10), func(b *testing.B) {
				b.SetBytes(int64(len(c.v)))
				for b.Loop() {
					entityRef(c.v)
				}
			})
		}
	}
}

// Cases from the re-review of 31d97ac..307af95: benign requests that
// banned, and attacks let through.
var rereviewBenign = []quietCase{
	// sensitive-key-file (10, any status): priv/private/secret only as whole tokens
	{"/docs/private-ca.pem", 200, "sensitive-key-file"},
	{"/files/MyCompany-Private-Root-CA.pem", 200, "sensitive-key-file"},
	{"/blog/privacy.pem", 200, "sensitive-key-file"},
	{"/wiki/privileges.pem", 200, "sensitive-key-file"},
	{"/talks/privacy-by-design.key", 200, "sensitive-key-file"}, // Keynote
	{"/talks/secrets-of-go.key", 200, "sensitive-key-file"},
	{"/jenkins.io.key", 200, "sensitive-key-file"},
	{"/pgp.key", 200, "sensitive-key-file"},
	// sensitive-key-file-miss (10 on a miss): public certificates and repository keys
	{"/certs/company-ca.pem", 404, "sensitive-key-file-miss"},
	{"/pki/issuing-ca.pem", 404, "sensitive-key-file-miss"},
	{"/pki/SubCA.pem", 404, "sensitive-key-file-miss"},
	{"/pki/intermediate.pem", 404, "sensitive-key-file-miss"},
	{"/pki/crl.pem", 404, "sensitive-key-file-miss"},
	{"/ssl/dhparam.pem", 404, "sensitive-key-file-miss"},
	{"/keys/jwks.pem", 404, "sensitive-key-file-miss"},
	{"/pgp.key", 404, "sensitive-key-file-miss"},
	{"/apt.key", 404, "sensitive-key-file-miss"},
	{"/repo.key", 404, "sensitive-key-file-miss"},
	{"/jenkins.io.key", 404, "sensitive-key-file-miss"},
	{"/signing.key", 404, "sensitive-key-file-miss"},
	{"/certs/company-ca.pem", 404, "sensitive-cert-dir-miss"},
	{"/pki/SubCA.pem", 404, "sensitive-cert-dir-miss"},
	{"/certs/site.pem", 404, "sensitive-key-file-miss"}, // a .pem under certs/ weighs 5 (sensitive-cert-dir-miss)
	// nosqli-operator: a code search
	{"/search?q=var s = 'x'; return s", 200, "nosqli-operator"},
	// sqli-libinjection: prose with a quote and a hash or dashes
	{"/a?q=don't %231", 200, "sqli-libinjection"},
	{"/a?user=o'brien%232", 200, "sqli-libinjection"},
	{"/a?q=rock'n'roll -- live", 200, "sqli-libinjection"},
	{"/a?q=admins' guide --", 200, "sqli-libinjection"},
	// open-redirect-path: a crawler's bad join ending in a file
	{"///cdn.example.com/js/app.js", 404, "open-redirect-path"},
}

func TestRereviewBenignQuiet(t *testing.T) { assertQuiet(t, rereviewBenign) }

var rereviewEvasions = []struct {
	uri    string
	status int
	ids    string
}{
	{"/cert.key", 200, "sensitive-key-file"},
	{"/rootCA.key", 200, "sensitive-key-file"},
	{"/ssl/cert.key", 200, "sensitive-key-file"},
	{"/certs/server-cert.key", 200, "sensitive-key-file"},
	{"/ca.key", 200, "sensitive-key-file"},
	{"/ca-key.pem", 200, "sensitive-key-file"},
	{"/etc/ssl/private/ssl-cert-snakeoil.key", 200, "sensitive-key-file"},
	{"/server-key.pem", 200, "sensitive-key-file"},
	{"/domain.key", 200, "sensitive-key-file"},
	{"/ssl/example.com.key", 200, "sensitive-key-file"},
	{"/certs/server-cert.key", 404, "sensitive-key-file-miss"},
	{"/rootCA.key", 404, "sensitive-key-file-miss"},
	{"/private-key.pem", 200, "sensitive-key-file"},
	{"/site-private.pem", 200, "sensitive-key-file"},
	{"/privkey.pem", 200, "sensitive-key-file"},
	{"/certs/site.pem", 404, "sensitive-cert-dir-miss"},
	{"/backup.key", 404, "sensitive-key-file-miss"},
	{"/a?user=admin)(cn:dn:=admin", 404, "ldap-identity-breakout"},
	{"/a?user=admin)(uid;binary=*", 404, "ldap-identity-breakout"},
	{"/a?email=x)(mail:caseExactMatch:=*", 404, "ldap-identity-breakout"},
	{"/a?id=a@b.c'; return this.pw > ''; var x='", 404, "nosqli-operator"},
	{"///evil.example/login", 404, "open-redirect-path"},
	{"////evil.example/x", 404, "open-redirect-path"},
	{"////evil.example/x.js", 404, "open-redirect-path"},
	{"/login?user=admin'%23", 404, "sqli-libinjection"},
	{"/login?login=Administrator'%23&pass=x", 404, "sqli-libinjection"},
	{"/login?username=admin'--", 404, "sqli-libinjection"},
	{"/a?id=4';--", 404, "sqli-libinjection"},
	{"/a?id=4'-- x", 404, "sqli-libinjection"},
}

func TestRereviewEvasionsCaught(t *testing.T) {
	m, err := Compile(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range rereviewEvasions {
		if !anyFired(review8Hits(t, m, c.uri, c.status), c.ids) {
			t.Errorf("attack GET %s (%d): none of %s fired", c.uri, c.status, c.ids)
		}
	}
}
