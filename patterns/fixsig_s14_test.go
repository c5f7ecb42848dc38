package patterns

import "testing"

// Session 14 fixes of the review's signature defects (rev-sig s14): each
// look-alike the review crafted beside the red shape that must still fire.
func TestFixSigS14(t *testing.T) {
	t.Parallel()
	m := mustCompile(t, Options{})
	for _, c := range []s12Case{
		// 1. xxe-entity: an XSLT element only when it loads from outside
		{"GET", "/search", "q=%3Cxsl%3Atemplate%20match%3D%22%40%2A%7Cnode%28%29%22%3E%20identity%20transform", "", 200, "xxe-entity", false},
		{"GET", "/search", "q=%3Cxsl%3Afor-each%20select%3D%22catalog/cd%22%3E%20sort", "", 200, "xxe-entity", false},
		{"GET", "/search", "q=xsl%3Aapply-templates%20%3Cxsl%3Aapply-templates%20select%3D%22%40%2A%7Cnode%28%29%22/%3E", "", 200, "xxe-entity", false},
		{"GET", "/docs/xslt/", "xsl=%3Cxsl%3Aoutput%20method%3D%22html%22/%3E", "", 200, "xxe-entity", false},
		{"GET", "/transform", "xsl=%3Cxsl:import+href=%22http://evil.example/x.xsl%22/%3E", "", 200, "xxe-entity", true},
		{"GET", "/transform", "xsl=%3Cxsl:variable+name=%22x%22+select=%22unparsed-text('/etc/passwd')%22/%3E", "", 200, "xxe-entity", true},
		{"GET", "/transform", "xsl=%3Cxsl:for-each+select=%22document('http://evil.example/a.xml')%22%3E", "", 200, "xxe-entity", true},
		// 2. nosqli-shell-call: the whole value before ';' is a quote break-out or a bare token
		{"GET", "/search", "q=db.users.find%28%29%3B%20db.orders.find%28%29", "", 200, "nosqli-shell-call", false},
		{"GET", "/search", "q=db.users.createIndex%28%7Bemail%3A%201%7D%29%3B%20db.users.getIndexes%28%29", "", 200, "nosqli-shell-call", false},
		{"GET", "/questions/search", "q=var%20n%20%3D%205%3B%20db.items.find%28%29.limit%28n%29", "", 200, "nosqli-shell-call", false},
		{"GET", "/search", "q=db.users.find(%22x%22);+db.orders.find()", "", 200, "nosqli-shell-call", false},
		{"GET", "/api/items", "id=1%27%3B%20db.dropDatabase%28%29%3B%20%27", "", 200, "nosqli-shell-call", true},
		{"GET", "/api/items", "page=2&id=abc%27);db.users.drop();(%27", "", 200, "nosqli-shell-call", true},
		{"GET", "/api/items", "id=42;db.getCollectionNames()", "", 200, "nosqli-shell-call", true},
		// 3. cve-wp-plugin-route-miss: in full only for the exploit's POST
		{"GET", "/wp-json/reallysimplessl/v1/two_fa/skip_onboarding", "", "", 404, "cve-wp-plugin-route-miss", false},
		{"GET", "/wp-json/reallysimplessl/v1/two_fa/skip_onboarding", "", "", 404, "cve-wp-plugin-route-other-method", true},
		{"GET", "/wp-json/post-smtp/v1/get-logs", "fcm_token=abc&page=1", "", 404, "cve-wp-plugin-route-miss", false},
		{"POST", "/wp-json/post-smtp/v1/get-logs", "", "", 404, "cve-wp-plugin-route-miss", false},
		{"POST", "/wp-json/reallysimplessl/v1/two_fa/skip_onboarding", "", "", 404, "cve-wp-plugin-route-other-method", false},
		{"POST", "/", "rest_route=/bricks/v1/render_element", "", 404, "cve-wp-plugin-route-miss", true},
		{"GET", "/api/raw/storage/logs/laravel-2026-12-06.log", "", "", 404, "sensitive-laravel-log", false},
		{"GET", "/api/storage/logs/laravel.log", "", "", 404, "sensitive-laravel-log", true},
		{"GET", "/backend/app/storage/logs/laravel.log", "", "", 404, "sensitive-laravel-log", true},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s?%s (%d): %s fired %v, want %v", c.method, c.path, c.query, c.status, c.rule, got, c.want)
		}
	}
}

// TestFixSigS14LokiSplunkAnchored (rev-sig s14 items 4 and 7): the Loki
// string-literal spare holds on Loki's query endpoints alone (directly or
// through Grafana's data source proxy), the Splunk one with the locale.
func TestFixSigS14LokiSplunkAnchored(t *testing.T) {
	t.Parallel()
	m := mustCompile(t, Options{})
	lokiQ := "?query=" + esc(`{job="nginx"} |~ "(?i)<script>"`) + "&limit=1000"
	noHit(t, m, []string{
		"/loki/api/v1/query_range" + lokiQ,
		"/api/datasources/proxy/7/loki/api/v1/query_range" + lokiQ,
		"/api/datasources/proxy/uid/P8E80F9AEF21F6940/loki/api/v1/query" + lokiQ,
		"/grafana/api/datasources/proxy/uid/loki/loki/api/v1/tail" + lokiQ,
		"/en-US/app/search/search?q=" + esc(`search index=nginx "/etc/passwd" | stats count by clientip`),
	})
	checkOneRequest(t, m, []oneRequest{
		{"/help/loki/api/v1/?query=" + esc(`{a="<script src=//evil.example/x.js></script>"}`), "", "", "xss-libinjection", true},
		{"/index.php/loki/api/v1/search?query=" + esc(`{x="<base href=//evil.example/>"}`), "", "", "xss-libinjection", true},
		{"/loki/api/v1/query_range/x?query=" + esc(`{x="<script>alert(1)</script>"}`), "", "", "xss-libinjection", true},
		{"/app/docs/search?q=" + esc(`search "/etc/passwd"`), "", "", "lfi-etc-passwd", true},
		{"/app/search/search?q=" + esc(`search index=nginx "/etc/passwd" | stats count`), "", "", "lfi-etc-passwd", true},
	})
}

// TestFixSigS14TitleBeacons (rev-sig s14 item 6): a title's ": " ends a
// path only in a title parameter, and title arithmetic is spared only on
// an analytics beacon's endpoint.
func TestFixSigS14TitleBeacons(t *testing.T) {
	t.Parallel()
	m := mustCompile(t, Options{})
	noHit(t, m, []string{
		"/matomo.php?idsite=1&rec=1&action_name=" + esc("Understanding /etc/shadow: password hashes explained"),
		"/matomo.php?idsite=1&rec=1&action_name=" + esc("Templates: {{ 7*7 }} and other expressions"),
		"/g/collect?v=2&tid=G-X&dt=" + esc("Templates: {{ 7*7 }} and other expressions"),
	})
	checkOneRequest(t, m, []oneRequest{
		{"/view.php?file=" + esc("/etc/passwd: password hashes explained"), "", "", "lfi-etc-passwd", true},
		{"/search?q=" + esc("/etc/shadow: what is it"), "", "", "lfi-etc-passwd", true},
		{"/page?title=" + esc("Templates: {{ 7*7 }} and other expressions"), "", "", "ssti-expression", true},
		{"/render?page_title=" + esc("Intro {{ 7*7 }} and more words"), "", "", "ssti-expression", true},
	})
}

// TestFixSigS14K8sExec101 (rev-sig s14 item 5): the pod exec spare holds
// on the API server's 101 alone; refused, the probe counts in full.
func TestFixSigS14K8sExec101(t *testing.T) {
	t.Parallel()
	m := mustCompile(t, Options{})
	const pod = "/api/v1/namespaces/prod/pods/api-1/exec"
	for _, c := range []struct {
		target string
		status int
		want   int // weight kept in command-injection, traversal and webshell hits
	}{
		{pod + "?command=%2Fbin%2Fsh&stdin=true&stdout=true&tty=true", 101, 0},
		{pod + "?command=%2Fbin%2Fsh&stdin=true&stdout=true&tty=true", 403, 10},
		{pod + "?command=%2Fbin%2Fbash&stdin=true&tty=true", 401, 10},
		{pod + "?command=ls&command=-la&command=%2Fapp&container=api&stdout=true", 101, 0},
		{pod + "?command=cat&command=%2Fetc%2Fnginx%2Fnginx.conf&container=api&stdout=true", 101, 0},
	} {
		got := 0
		for _, h := range KeepAnswered(m.Match(req("POST", c.target, "", ""), nil), c.status, nil) {
			if h.Category == CmdInjection || h.Category == Traversal || h.Category == Webshell {
				got += h.Weight
			}
		}
		if got != c.want {
			t.Errorf("%s (%d): weight %d, want %d", c.target, c.status, got, c.want)
		}
	}
}
