package patterns

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

// TestInjectionClasses: one request of each class issue 8 added, with the
// signature it must fire and whether it must reach the ban threshold (10)
// on its own.
func TestInjectionClasses(t *testing.T) {
	m := mustCompile(t, Options{})
	q := url.QueryEscape
	tests := []oneRequest{
		{"/ping?host=" + q(`127.0.0.1 & cmd /c dir c:\`), "", "", "cmdi-shell-command", true},
		{"/ping?host=" + q(`x" & FOR /F "tokens=*" %a IN ('whoami') DO echo %a`), "", "", "cmdi-shell-command", true},
		{"/ping?host=" + q(`1|IF EXIST C:\boot.ini type C:\boot.ini`), "", "", "cmdi-shell-command", true},
		{"/ping?host=" + q(`8.8.8.8; powershell -nop -enc SQBFAFgA`), "", "", "cmdi-shell-command", true},
		{"/api?filter=" + q(`{"name":"x' OR '1'='1"}`), "", "", "sqli-libinjection", true},
		{"/login?username%5B%24ne%5D=a&password%5B%24ne%5D=b", "", "", "nosqli-operator", true},
		{"/api?q=" + q(`{"$where": "sleep(5000) || true"}`), "", "", "nosqli-operator", true},
		{"/login?user[$ne]=1", "", "", "nosqli-operator", true},
		{"/login?user=admin&password[$regex]=.*", "", "", "nosqli-operator", true},
		{"/api/auth/login?id[$ne]=0", "", "", "nosqli-operator", true},
		{"/search?q[$ne]=1", "", "", "nosqli-operator", true},
		{"/api?q=" + q(`', $where: '1 == 1'`), "", "", "nosqli-operator", true},
		{"/api?q=" + q(`$where: '1 == 1'`), "", "", "nosqli-operator", true},
		{"/fetch?url=" + q("http://169.254.169.254/latest/meta-data/"), "", "", "ssrf-cloud-metadata", true},
		{"/fetch?url=" + q("http://[fd00:ec2::254]/latest/"), "", "", "ssrf-cloud-metadata", true},
		{"/fetch?url=" + q("gopher://127.0.0.1:6379/_FLUSHALL"), "", "", "ssrf-scheme", true},
		{"/fetch?src=" + q("http://127.0.0.1:8080/admin"), "", "", "ssrf-internal-port", true},
		{"/fetch?src=" + q("http://0x7f000001/"), "", "", "ssrf-internal-port", true},
		{"/fetch?src=" + q("http://localhost/admin"), "", "", "ssrf-internal-url", false},
		{"/", `<svg onload=alert(1)>`, "", "xss-libinjection", true},
		{"/", "", `"><img src=x onerror=alert(1)>`, "xss-libinjection", true},
		{"/", "", "' or 1=1-- -", "sqli-libinjection", true},
		{"/", "' AND SLEEP(5)#", "", "sqli-libinjection", true},
		{"/lang?l=" + q("en\r\nSet-Cookie: s=1"), "", "", "crlf-header-injection", true},
		{"/%0d%0aLocation:%20http://x.example/", "", "", "crlf-header-injection", true},
		{"/?PHPSESSID=0123456789abcdef", "", "", "session-fixation", false},
		{"/hi?name=" + q("{{7*7}}"), "", "", "ssti-expression", true},
		{"/hi?name=" + q("${T(java.lang.Runtime).getRuntime().exec('id')}"), "", "", "ssti-expression", true},
		{"/x?xml=" + q(`<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>`), "", "", "xxe-entity", true},
		{"/u?user=" + q("*)(uid=*))(|(uid=*"), "", "", "ldap-filter-injection", true},
		{"/p?n=" + q(`<!--#exec cmd="id" -->`), "", "", "ssi-directive", true},
		{"/login?next=" + q("//evil.example/"), "", "", "open-redirect-obfuscated", false},
		{"/go?to=" + q(`/\evil.example`), "", "", "open-redirect-obfuscated", false},
		{"/default.ida?NNNNNNNN%u9090=a", "", "", "iis-codered", true},
		{"/scripts/root.exe?/c+dir", "", "", "iis-nimda", true},
		{"/scripts/nsiislog.dll", "", "", "iis-isapi-overflow", true},
		{"/_vti_bin/_vti_aut/fp30reg.dll", "", "", "iis-isapi-overflow", true},
		{"/" + strings.Repeat("A", 1100), "", "", "overflow-long-request", true},
		{"/" + strings.Repeat("ab/", 700), "", "", "overflow-long-request", true},
		{"/" + strings.Repeat("\x90\x02\xb1\x02", 8), "", "", "overflow-long-request", true},
		{"/.env", "", "", "sensitive-env-file", true},
		{"/.git/config", "", "", "sensitive-vcs", true},
		{"/.aws/credentials", "", "", "sensitive-credentials", true},
		{"/wp-config.php.bak", "", "", "sensitive-wp-config", true},
		{"/.htpasswd", "", "", "sensitive-credentials", true},
		{"/.DS_Store", "", "", "sensitive-ds-store", true},
		{"/includes/configure.php~", "", "", "sensitive-source-backup", true},
		{"/file?f=..%c0%af..%c0%afboot.ini", "", "", "traversal-dotdot-deep", true},
		// third pass
		{"/js/getdata.jsp?sql=" + q("select 547653*865674 as id"), "", "", "sqli-marker-product", true},
		{"/index.php?r=x&data=" + q(`TzoyMzoieWlpXGRiXEJhdGNoUXVlcnlSZXN1bHQiOjE6e30=`), "", "", "deserialization-object", true},
		{"/i?d=" + q(`Tzo4OiJzdGRDbGFzcyI6MDp7fQ==`), "", "", "deserialization-object", true},
		{"/x/..CFIDE/adminapi/administrator.cfc?method=getBuildNumber", "", "", "cve-cfide-dotdot", true},
		{"/client/index.php%3F.php/users.php", "", "", "path-encoded-qmark-script", false},
		{"/cb?callback=" + q("http://127.0.0.1/?d=example.com"), "", "", "ssrf-internal-port", true},
		{"/cb?next=" + q("http://127.0.0.0/"), "", "", "ssrf-internal-port", true},
		{"/cb?callback=" + q("http://localhost/admin"), "", "", "ssrf-internal-url", false},
		{"/fetch?url=" + q("http://①②⑦.⓪.⓪.⓪/"), "", "", "ssrf-internal-port", true},
		{"/api?q=" + q(`{"name": {"$exists": true}, "$comment": "x"}`), "", "", "nosqli-operator", true},
		{"/login?username=" + q(`admin'; db.getCollectionNames(); var x='`), "", "", "nosqli-operator", true},
		{"/login?username=" + q(`a'; while(true){}`), "", "", "nosqli-operator", true},
		{"/login?username=" + q(`a"}; while(1){}`), "", "", "nosqli-operator", true},
		{"/login?username=" + q(`x'); db.version(); //`), "", "", "nosqli-operator", true},
		{"/api?q=" + q(`{"user": {"$ne": null}}`), "", "", "nosqli-operator", true},
	}
	checkOneRequest(t, m, tests)
}

// TestLookAlikesStayQuiet: benign requests that share words or syntax with
// the classes above, among them the English text with "assert(" that a
// 2015 small-site log banned a visitor for.
func TestLookAlikesStayQuiet(t *testing.T) {
	m := mustCompile(t, Options{})
	q := url.QueryEscape
	// A bare quoted loop is still SQL-shaped to libinjection (a string
	// literal and a call); nosqli-operator must not take it for a breakout.
	for _, v := range []string{`'while (true)'`, `"while(1)"`, `"$lookup:" example`} {
		if got := ids(m.Match(req("GET", "/search?q="+q(v), "", ""), nil)); slices.Contains(got, "nosqli-operator") {
			t.Errorf("%s: nosqli-operator in %v", v, got)
		}
	}
	targets := []string{
		"/comment?text=" + q("We assert(ed) our rights; while (as you said) it was late, select the refund option."),
		"/comment?text=" + q("The function will assert(x > 0) before it divides."),
		"/search?q=" + q("php system() function"),
		"/search?q=" + q("assert(false) java"),
		"/search?q=" + q("alert(\"hello\") not working"),
		"/search?q=" + q("sleep(1) vs usleep"),
		"/search?q=" + q("what is /etc/hosts"),
		"/search?q=" + q("cmd /c start not working"),
		"/search?q=" + q("select * from users where name like"),
		"/import?xml=" + q(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title><link href="http://example.org/"/></feed>`),
		"/import?xml=" + q(`<note><to>Tove</to><body>Don't forget me!</body></note>`),
		"/avatar?img=" + q("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="),
		"/api?f=" + q(`{"text":"while (x < 10) { x++; }","lang":"js"}`),
		"/api?f=" + q(`{"user":{"last":"D'Angelo"},"tags":["sql","union","select"]}`),
		"/oauth/authorize?redirect_uri=" + q("http://127.0.0.1:53682/") + "&client_id=cli",
		"/oauth/authorize?redirect_uri=" + q("http://localhost:8400/callback") + "&client_id=cli",
		"/search?q=" + q("select 12345*67890"), "/search?q=" + q("Tzo is a town"), "/session?token=" + q("tzoyABCDEFGHijkl"),
		"/search?q=" + q("while (true) loop in python"), "/search?q=" + q(`{"$schema": "https://json-schema.org/draft/2020-12/schema"}`),
		"/docs/cfide-migration", "/faq?topic=" + q("what does %3F.php mean"),
		// code searches that quote a busy loop or name a db. call (review rv37: nosqli-operator banned each)
		"/search?q=" + q(`"while (true)" java`),
		"/search?q=" + q("db.version()"), "/search?q=" + q("db.stats()"), "/search?q=" + q("db.runCommand({ping:1})"),
		"/search?q=" + q(`"$lookup:" example`), "/search?q=" + q("mongodb db.users.find() by id"),
		// entity names as text: HTML's named characters
		"/search?q=" + q("&nbsp;"), "/search?q=" + q("&eacute;"),
		"/api/items?fields[$slice]=5", "/api/items?sort=$natural&limit=10",
		// Strapi's documented REST filters and developers' searches (review rv38: nosqli-operator banned each on one request)
		"/api/articles?filters[title][$eq]=hello", "/api/articles?filters[$or][0][date][$eq]=2020-01-01&filters[$or][1][date][$eq]=2020-01-02",
		"/api/articles?filters[id][$in][0]=3&filters[id][$in][1]=6", "/api/users?filters[username][$containsi]=ann",
		"/api/items?id[$in][0]=3", "/api/articles?filters[status][$ne]=draft",
		"/search?q=" + q("how to use $in: in mongodb"), "/search?q=" + q("mongodb $regex: case insensitive"),
		"/search?q=" + q(`"$lookup": example`),
		"/sso?continue=" + q("https://mail.example.com/"),
		"/.well-known/acme-challenge/Qx3Jd8y9WqB2Yk7PZ5sV1t",
		"/index.php?title=Special:Search&search=union+select",
		"/wiki/Passwd",
		"/forum/index.php?PHPSESSID=0123456789abcdef&topic=4", // trans_sid link, followed with a referer
		"/shop?sid=20240501abc",
		"/新闻/今天的新闻/北京天气预报", // raw UTF-8 from a client that does not percent-encode
	}
	for _, tg := range targets {
		if hits := served(m, req("GET", tg, browserUA, "https://www.google.com/search?q=%22while+loop%22")); len(hits) > 0 {
			t.Errorf("%s: unexpected hits %v", tg, ids(hits))
		}
	}
	for _, ua := range []string{"TelegramBot (like TwitterBot)", "Zabbix", "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro)",
		"Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0 (compatible; \"quoted\" extension)"} {
		if hits := m.Match(req("GET", "/", ua, ""), nil); len(hits) > 0 {
			t.Errorf("ua %q: unexpected hits %v", ua, ids(hits))
		}
	}
}

// TestNoSQLFilterNotInjection: Parse Server's REST where= and a Mongo-backed
// shop's filter= carry comparison operators on a field with real operands
// (review s8: nosqli-operator banned each at the request); the injections
// beside them still count.
func TestNoSQLFilterNotInjection(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, q := range []string{
		`filter={"color":["red","blue"],"price":{"$gte":10,"$lte":50}}`,
		`where={"status":{"$in":["open","pending"]}}`,
		`where={"createdAt":{"$gt":"2026-12-01T00:00:00Z"},"score":{"$lt":100}}`,
		`filter=%7B%22price%22%3A%7B%22%24gte%22%3A10%2C%22%24lte%22%3A50%7D%7D`,
	} {
		if hits := m.Match(req("GET", "/api/items?"+q, "Mozilla/5.0", ""), nil); has(hits, "nosqli-operator") {
			t.Errorf("%s: nosqli-operator, want none (a filter)", q)
		}
	}
	for _, q := range []string{
		`user={"$gt":""}`,
		`q={"username":{"$ne":null},"password":{"$ne":null}}`,
		`filter={"password":{"$gt":"a"}}`,
		`filter={"price":{"$gt":""}}`,
		`filter={"$where":"this.a == 1"}`,
		`filter={"name":{"$regex":".*"}}`,
		`where={"$or":[{"a":1}]}`,
		`filter={"id":{"$in":["1","2"]}}`,
	} {
		if hits := m.Match(req("GET", "/api/items?"+q, "Mozilla/5.0", ""), nil); !has(hits, "nosqli-operator") {
			t.Errorf("%s: no nosqli-operator, want it (an injection or a bypass shape)", q)
		}
	}
}

// TestForgeSystemFiles: a forge's view of an embedded root file system's
// /etc/passwd is no file inclusion (review s8); a traversal through a
// forge path, or etc/passwd in its query, still is.
func TestForgeSystemFiles(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, p := range []string{"/acme/rootfs/-/blob/main/skeleton/etc/passwd", "/acme/rootfs/-/raw/main/skeleton/etc/group", "/acme/os/src/branch/main/overlay/etc/shadow"} {
		if hits := m.Match(req("GET", p, "Mozilla/5.0", ""), nil); total(hits) != 0 {
			t.Errorf("%s: %v, want nothing (a repository file)", p, ids(hits))
		}
	}
	for _, p := range []string{"/acme/rootfs/-/blob/main/../../../../etc/passwd", "/acme/rootfs/-/blob/main/x?file=/etc/passwd", "/acme/rootfs/-/blob/main/%2e%2e/%2e%2e/etc/passwd", "/etc/passwd"} {
		if hits := m.Match(req("GET", p, "Mozilla/5.0", ""), nil); total(hits) < 10 {
			t.Errorf("%s: %v, want 10", p, ids(hits))
		}
	}
}
