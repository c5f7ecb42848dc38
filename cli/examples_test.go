package cli

import (
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExamplesAreSafeToCopy: each example, copied alone the way the README
// installs one (cp examples/X.toml /etc/guardctl/guardctl.toml), passes
// check-config: no sibling file it silently needs.
func TestExamplesAreSafeToCopy(t *testing.T) {
	files, err := filepath.Glob("../examples/*.toml")
	if err != nil || len(files) < 3 {
		t.Fatalf("examples: %v %v", files, err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			dst := filepath.Join(t.TempDir(), "guardctl.toml")
			writeFile(t, dst, string(data))
			mustCode(t, guardctl(t, "", "check-config", dst), exitOK)
		})
	}
}

// wordpressVisitor is two page views of an ordinary visitor of a WordPress
// site.
const wordpressVisitor = `198.18.0.7 - - [01/Nov/2026:10:00:00 +0000] "GET /wp-content/themes/twentytwentyfour/style.css HTTP/1.1" 200 5120 "https://example.org/" "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
198.18.0.7 - - [01/Nov/2026:10:00:01 +0000] "GET /wp-includes/js/jquery/jquery.min.js HTTP/1.1" 200 30000 "https://example.org/" "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
`

// TestNginxExampleDoesNotBanWordPressVisitors: the example the README
// installs is safe on a WordPress host; the WordPress traps live in the
// example named for hosts without WordPress.
func TestNginxExampleDoesNotBanWordPressVisitors(t *testing.T) {
	rep, _ := analyzeJSON(t, wordpressVisitor, "--config", "../examples/nginx.toml", "-")
	if len(rep.Offenders) != 0 {
		t.Errorf("../examples/nginx.toml judges a WordPress visitor: %+v", rep.Offenders)
	}
	rep, _ = analyzeJSON(t, wordpressVisitor, "--config", "../examples/nginx-without-wordpress.toml", "-")
	if rep.Summary.Banned != 1 {
		t.Errorf("nginx-without-wordpress.toml does not trap WordPress paths: %+v", rep.Summary)
	}
}

// TestAllowExampleTrustsNoDocumentationRange: a user copying allow.txt must
// not end up trusting addresses that belong to nobody (or to anybody).
func TestAllowExampleTrustsNoDocumentationRange(t *testing.T) {
	data, err := os.ReadFile("../examples/allow.txt")
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		entry, _, _ := strings.Cut(line, "#")
		entry, _, _ = strings.Cut(entry, ";")
		if entry = strings.TrimSpace(entry); entry != "" {
			if _, err := netip.ParsePrefix(entry); err != nil {
				if _, err := netip.ParseAddr(entry); err != nil {
					t.Errorf("allow.txt:%d: %q is neither address nor prefix", i+1, entry)
					continue
				}
			}
			t.Errorf("allow.txt:%d: active entry %q: the example must trust nothing", i+1, entry)
		}
	}
}
