package patterns

import (
	"net/url"
	"testing"
)

// TestProseEvasions (review s9 detection, revdet-s9): working payloads that
// the prose exemptions of 2937f7b let through (>= 10 points at 1c5d086).
func TestProseEvasions(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, target := range []string{
		// argument injection: grep root /etc/passwd x <file> prints root's line
		"/search.php?q=" + url.QueryEscape("root /etc/passwd x"),
		// dig/nslookup -f argument injection reads the file
		"/tools/dns.php?host=" + url.QueryEscape("example.com -f /etc/passwd x"),
		// tar/zip/curl style: "-T /etc/shadow now" (curl -T uploads the file)
		"/tools/fetch.php?opts=" + url.QueryEscape("-T /etc/shadow to upload"),
		// XInclude with its namespace spelt by character references (an XML
		// parser decodes them in the attribute) and another prefix
		"/xml.php?data=" + url.QueryEscape(`<r xmlns:z="http:&#x2F;&#x2F;www.w3.org&#x2F;2001&#x2F;XInclude"><z:include href="/var/www/app/.env" parse="text"/></r>`),
		// the literal not at the value's start: a word taking the path or
		// address as its argument is how injection passes it, so a search
		// worded so counts too (the prose exemption's price)
		"/search?q=" + url.QueryEscape("what is /etc/shadow used for"),
		"/search?q=" + url.QueryEscape("is 169.254.169.254 reachable from docker containers"),
		// one word after it, or letters alone, is a file argument
		"/search?q=" + url.QueryEscape("/etc/passwd x"),
		"/search?q=" + url.QueryEscape("/etc/passwd root"),
	} {
		if hits := m.Match(req("GET", target, browserUA, ""), nil); total(hits) < 10 {
			t.Errorf("GET %s: %d points %v, want >= 10 (banned at 1c5d086)", target, total(hits), ids(hits))
		}
	}
}
