package detector

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/rules"
)

// The sixth session's evidence is explainable: explain's model notes name
// the form loop on a blind POST answered 303, the blind form post and its
// /24 on a form POST answered 200 without a Referer, and the slow scan
// with the name a miss counts under (a backup file by its whole path).
func TestDescribeSixthSessionRules(t *testing.T) {
	t.Parallel()
	p, err := rules.Default().Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		r    req
		want []string
	}{
		{req{method: "POST", path: "/administrator/index.php", status: 303, ip: "192.0.2.1"}, []string{RuleFormLoop}},
		{req{method: "POST", path: "/wp-login.php", status: 200, ip: "192.0.2.1"}, []string{RuleLoginSubnet, "blind form post", "192.0.2.0/24"}},
		{req{method: "POST", path: "/wp-login.php", status: 200, ip: "192.0.2.1", referer: "https://site.example/wp-login.php"}, []string{"not a blind form post"}},
		{req{method: "GET", path: "/files/site.tar.gz", status: 404, ip: "192.0.2.1"}, []string{RuleSlowScan, `"/files/site.tar.gz"`}},
		{req{method: "GET", path: "/docs/old/page", status: 404, ip: "192.0.2.1"}, []string{RuleSlowScan, `"/docs"`}},
	} {
		all := fmt.Sprint(DescribeModels(p, c.r.event()))
		for _, w := range c.want {
			if !strings.Contains(all, w) {
				t.Errorf("%s %s %d: notes lack %q: %s", c.r.method, c.r.path, c.r.status, w, all)
			}
		}
	}
	// Since ba02c74 a POST with a Referer counts too, but only after a
	// fetch of the form: the note must say so.
	all := fmt.Sprint(DescribeModels(p, req{method: "POST", path: "/administrator/index.php", status: 303, ip: "192.0.2.1", referer: "https://site.example/"}.event()))
	if !strings.Contains(all, "with a Referer") || !strings.Contains(all, "only if the form") {
		t.Errorf("a POST with a Referer counts in a form loop only after a fetch of the form, the notes do not say so: %s", all)
	}
}

// A form loop needs the form fetched: a webhook posting to a URL that
// redirects (302) forty times is never banned, the same POSTs with the
// form fetched before each are, at the tenth.
func TestFormLoopNeedsTheForm(t *testing.T) {
	t.Parallel()
	var reqs []req
	for i := range 40 {
		at := time.Duration(i) * 20 * time.Second
		reqs = append(reqs, req{at: at, ip: "198.51.100.7", method: "POST", path: "/hooks/ci", status: 302, ua: "GitHub-Hookshot/1"})
		reqs = append(reqs, req{at: at, ip: "203.0.113.9", method: "GET", path: "/administrator/index.php", status: 200, ua: "python-requests/2.32"})
		reqs = append(reqs, req{at: at + time.Second, ip: "203.0.113.9", method: "POST", path: "/administrator/index.php", status: 303, ua: "python-requests/2.32"})
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	if n := at["198.51.100.7"]; n >= 0 {
		t.Errorf("a webhook answered 302 was banned at its request %d: %v", n, why["198.51.100.7"])
	}
	if n := at["203.0.113.9"]; n != 19 || len(why["203.0.113.9"]) == 0 || why["203.0.113.9"][0] != RuleFormLoop {
		t.Errorf("a form posted back 40 times was banned at request %d by %v, want request 19 (the 10th POST) by %s", n, why["203.0.113.9"], RuleFormLoop)
	}
}
