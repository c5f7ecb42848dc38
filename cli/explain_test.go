package cli

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/guardctl/guardctl/patterns"
)

// section returns the lines of out under the heading that starts with
// title, up to the next blank line.
func section(out, title string) string {
	i := strings.Index(out, "\n"+title)
	if i < 0 {
		return ""
	}
	rest := out[i+1:]
	if j := strings.Index(rest, "\n\n"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

func TestExplainSensitiveFile(t *testing.T) {
	const line = `203.0.113.7 - - [01/Nov/2026:10:00:00 +0000] "GET /.env HTTP/1.1" 404 0 "-" "curl/8.5"`
	r := guardctl(t, "", "explain", line)
	mustCode(t, r, exitOK)
	out := r.stdout
	for _, want := range []string{"Format     combined (detected)", "path             /.env", "status           404", "user-agent       curl/8.5", "judged as        203.0.113.7", "referer          -"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	ids := map[string]patterns.Category{}
	for _, in := range patterns.Catalogue() {
		ids[in.ID] = in.Category
	}
	pats := section(out, "Patterns")
	found := false
	for _, l := range strings.Split(pats, "\n")[1:] {
		f := strings.Fields(l)
		if len(f) >= 2 && ids[f[0]] == patterns.SensitiveFile && f[1] == string(patterns.SensitiveFile) {
			found = true
		}
	}
	if !found {
		t.Errorf("no sensitive-file pattern id under Patterns:\n%s", pats)
	}
	if v := section(out, "Verdict"); !strings.Contains(v, "hit ") || !strings.Contains(v, "sensitive-file") {
		t.Errorf("verdict does not show the hit:\n%s", v)
	}

	// The same line on stdin, with a forced format.
	r = guardctl(t, line+"\n", "explain", "--log-format", "combined", "-")
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "combined (forced)") || !strings.Contains(r.stdout, "/.env") {
		t.Errorf("stdin/forced format:\n%s", r.stdout)
	}
}

func TestExplainBenign(t *testing.T) {
	for _, q := range []string{"O%27Reilly", "select+a+size", "union+jack", "%3Cb%3E", "rock+%26+roll"} {
		line := `198.51.100.100 - - [01/Nov/2026:10:00:04 +0000] "GET /search?q=` + q + ` HTTP/1.1" 200 652 "https://shop.example/" "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"`
		r := guardctl(t, "", "explain", line)
		mustCode(t, r, exitOK)
		if !strings.Contains(r.stdout, "no pattern matches") || !strings.Contains(r.stdout, "no rule fires") {
			t.Errorf("%s: benign search not explained as clean:\n%s", q, r.stdout)
		}
		if !strings.Contains(section(r.stdout, "Normalised"), "param") {
			t.Errorf("%s: no decoded query parameter shown:\n%s", q, r.stdout)
		}
	}
}

func TestExplainUnparsable(t *testing.T) {
	r := guardctl(t, "", "explain", "this is not a log line")
	mustCode(t, r, exitUnparsable)
	if !strings.Contains(r.stderr, "no log format parses") || !strings.Contains(r.stderr, "combined:") {
		t.Errorf("no reason per format:\n%s", r)
	}
	r = guardctl(t, "", "explain", "--format", "json", `203.0.113.7 - - [01/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 0 "-" "x"`)
	mustCode(t, r, exitUnparsable)
	if !strings.Contains(r.stderr, "does not parse as json") || !strings.Contains(r.stderr, "bad_json") {
		t.Errorf("no reason for the forced format:\n%s", r)
	}
	r = guardctl(t, "", "explain", `203.0.113.7 - - [31/Foo/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 0 "-" "x"`)
	mustCode(t, r, exitUnparsable)
	if !strings.Contains(r.stderr, "bad_time") {
		t.Errorf("no bad_time reason:\n%s", r)
	}
	mustCode(t, guardctl(t, "", "explain"), exitUsage)
	mustCode(t, guardctl(t, "", "explain", "a", "b"), exitUsage)
	mustCode(t, guardctl(t, "", "explain", "--format", "nosuch", "x"), exitUsage)
	mustCode(t, guardctl(t, "", "explain", "--trusted-proxy", "nonsense", "x"), exitUsage)
}

func TestExplainTrapListsAndThrottles(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "policy.toml")
	writeFile(t, cfg, `
[deny]
ips = ["192.0.2.0/24"]

[allow]
ips = ["198.51.100.0/24"]

[[throttle]]
id = "login"
methods = ["POST"]
statuses = [401]
path_prefix = "/login"
requests = 3
window = "1m"

[[throttle]]
id = "gets"
methods = ["GET"]
requests = 100
window = "1m"

[[throttle]]
id = "not-found"
statuses = [404]
requests = 100
window = "1m"
`)
	post := `203.0.113.9 - - [01/Nov/2026:10:00:00 +0000] "POST /login%2fform HTTP/1.1" 401 0 "-" "x"`
	r := guardctl(t, "", "explain", "--config", cfg, post)
	mustCode(t, r, exitOK)
	th := section(r.stdout, "Throttles")
	for _, re := range []string{`login\s+counted`, `gets\s+not counted.*method POST`, `not-found\s+not counted.*status 401`} {
		if !regexp.MustCompile(re).MatchString(th) {
			t.Errorf("throttles lack %s:\n%s", re, th)
		}
	}
	if !strings.Contains(section(r.stdout, "Lists"), "deny             no") {
		t.Errorf("lists:\n%s", section(r.stdout, "Lists"))
	}

	r = guardctl(t, "", "explain", "--config", cfg, `192.0.2.5 - - [01/Nov/2026:10:00:00 +0000] "GET /HNAP1/ HTTP/1.1" 404 0 "-" "x"`)
	mustCode(t, r, exitOK)
	if !strings.Contains(section(r.stdout, "Lists"), "deny             yes") {
		t.Errorf("deny not shown:\n%s", r.stdout)
	}
	if !strings.Contains(section(r.stdout, "Traps"), "trap:/HNAP1") {
		t.Errorf("trap not shown:\n%s", r.stdout)
	}
	if v := section(r.stdout, "Verdict"); !strings.Contains(v, "=> ban 192.0.2.5") {
		t.Errorf("verdict:\n%s", v)
	}

	r = guardctl(t, "", "explain", "--config", cfg, `198.51.100.5 - - [01/Nov/2026:10:00:00 +0000] "GET /.env HTTP/1.1" 404 0 "-" "x"`)
	mustCode(t, r, exitOK)
	if !strings.Contains(section(r.stdout, "Lists"), "allow            yes") || !strings.Contains(section(r.stdout, "Verdict"), "allowed") {
		t.Errorf("allow not shown:\n%s", r.stdout)
	}
}

func TestExplainTrustedProxy(t *testing.T) {
	noXFF := `10.0.0.1 - - [01/Nov/2026:10:00:00 +0000] "GET /.env HTTP/1.1" 404 0 "-" "x"`
	r := guardctl(t, "", "explain", "--trusted-proxy", "10.0.0.0/8", noXFF)
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "no_client") || strings.Contains(r.stdout, "Verdict") {
		t.Errorf("a proxy line without a client was judged:\n%s", r.stdout)
	}
	withXFF := `10.0.0.1 - - [01/Nov/2026:10:00:00 +0000] "GET /.env HTTP/1.1" 404 0 "-" "x" "203.0.113.50, 10.0.0.2"`
	r = guardctl(t, "", "explain", "--trusted-proxy", "10.0.0.0/8", withXFF)
	mustCode(t, r, exitOK)
	for _, want := range []string{"trailing X-Forwarded-For", "x-forwarded-for  203.0.113.50, 10.0.0.2", "judged as        203.0.113.50", "forwarded"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	// Without trusting the peer, its header names nobody.
	r = guardctl(t, "", "explain", withXFF)
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "judged as        10.0.0.1") {
		t.Errorf("untrusted peer's header was believed:\n%s", r.stdout)
	}
}

// TestExplainEscapesControlBytes: a pasted attack line must not drive the
// terminal.
func TestExplainEscapesControlBytes(t *testing.T) {
	line := "203.0.113.7 - - [01/Nov/2026:10:00:00 +0000] \"GET /x\x1b[2J HTTP/1.1\" 404 0 \"-\" \"evil\\x1b[2Jagent\""
	r := guardctl(t, "", "explain", line)
	mustCode(t, r, exitOK)
	if strings.ContainsRune(r.stdout, 0x1b) {
		t.Errorf("raw ESC in output:\n%q", r.stdout)
	}
	if !strings.Contains(r.stdout, `\x1b`) {
		t.Errorf("escaped ESC not shown:\n%s", r.stdout)
	}
}
