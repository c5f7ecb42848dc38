package payloads

import (
	"path/filepath"
	"testing"

	"github.com/guardctl/guardctl/internal/corpustest"
)

// TestInert: list headers, bare numbers and words, and a probe of "/" are
// inert; anything that can carry an attack, encoded or spaced by '+', is
// not (the first draft of the rule let the latter through).
func TestInert(t *testing.T) {
	for _, c := range []struct {
		class, text, want string
	}{
		{"xxe", "## After XML Declaration", "header"},
		{"sqli", "# from wapiti", "header"},
		{"sqli", "#\t    Hash comment", "header"},
		{"traversal", "#", "header"},
		{"xxe", "0", "bare value"},
		{"xxe", "true", "bare value"},
		{"xxe", "null", "bare value"},
		{"xxe", "1.7976931348623157e+308", "bare value"},
		{"xxe", "5e-324", "bare value"},
		{"sqli", "-2", "bare value"},
		{"xss", "List-style-image", "bare value"},
		{"xss", "%61lert", "bare value"},
		{"cve_probes", "/", "fingerprint"},

		{"ssti", "#{7*7}", ""},
		{"xss", "#x{font-family:foo[bar;color:green;}", ""},
		{"sqli", "AND 1", ""},
		{"sqli", "union+select+password+from+users+where+1", ""},
		{"sqli", "1--", ""},
		{"sqli", "417652--", ""},
		{"sqli", "1-false", ""},
		{"sqli", "0x770061006900740066006F0072002000640065006C00610079", ""},
		{"traversal", "0x2e0x2e0x2fetc0x2fpasswd", ""},
		{"crlf", "0x0D0x0A", ""},
		{"lfi", "L2V0Yy9tYXN0ZXIucGFzc3dk", ""},
		{"lfi", "boot.ini", ""},
		{"xxe", "0x1p-2", ""},
		{"xss", "%27", ""},
		{"xss", "-alert-", ""},
		{"xss", "a--b", ""},
		{"sensitive_paths", "admin", ""},
		{"sensitive_paths", "# not a header here? it is", "header"},
		{"cve_probes", "/?x=1", ""},
		{"cve_probes", "/admin/", ""},
		{"xss", "", ""},
	} {
		if got := Inert(Payload{Class: c.class, Text: c.text}); got != c.want {
			t.Errorf("Inert(%s, %q) = %q, want %q", c.class, c.text, got, c.want)
		}
	}
}

// TestInertSetsAsideFew: over the whole corpus the rule sets aside only
// what the brief named (list headers, bare fuzz values, "/" probes): no
// class loses more than 10 % of its entries to it, and all classes
// together well under 1 %, so the content-bearing column cannot hide
// misses behind a broad rule.
func TestInertSetsAsideFew(t *testing.T) {
	ps, err := Load(filepath.Join(corpustest.Dir(t), "payloads"), nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	per, all := map[string][2]int{}, [2]int{}
	for _, p := range ps {
		c := per[p.Class]
		c[1]++
		all[1]++
		if Inert(p) != "" {
			c[0]++
			all[0]++
		}
		per[p.Class] = c
	}
	for class, c := range per {
		if 10*c[0] > c[1] {
			t.Errorf("%s: %d of %d entries inert, more than 10 %%", class, c[0], c[1])
		}
	}
	if 200*all[0] > all[1] {
		t.Errorf("%d of %d entries inert, more than 0.5 %%", all[0], all[1])
	}
	if per["xxe"][0] < 10 {
		t.Errorf("xxe: %d inert entries; its bare fuzz values (0, true, null ...) were not set aside", per["xxe"][0])
	}
	t.Logf("inert entries per class (inert, all): %v", per)
}
