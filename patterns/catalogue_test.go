package patterns

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite CATALOGUE.md from Catalogue()")

// catalogueCategories orders CATALOGUE.md's sections.
var catalogueCategories = []struct {
	cat   Category
	title string
}{
	{SQLi, "SQL injection"},
	{XSS, "Cross-site scripting"},
	{Traversal, "Path traversal and local file inclusion"},
	{RFI, "Remote file inclusion"},
	{CmdInjection, "Command and code injection"},
	{SSTI, "Server-side template injection"},
	{NoSQLi, "NoSQL injection"},
	{LDAPi, "LDAP and XPath injection"},
	{SSI, "Server-side and edge-side includes"},
	{XXE, "XML external entities"},
	{CRLF, "CRLF, header injection and session fixation"},
	{SSRF, "Server-side request forgery"},
	{OpenRedirect, "Open redirects"},
	{Log4Shell, "Log4Shell"},
	{Shellshock, "Shellshock"},
	{Webshell, "Webshells and backdoors"},
	{CVEProbe, "Known CVE exploits"},
	{SensitiveFile, "Sensitive files"},
	{Probe, "Appliance and admin-tool probes"},
	{Scanner, "Scanners and attack tools"},
}

func renderCatalogue() []byte {
	var b bytes.Buffer
	cat := Catalogue()
	fmt.Fprintf(&b, `# Built-in pattern catalogue

Generated from `+"`patterns.Catalogue()`"+` by `+"`go test ./patterns -run TestCatalogueDoc -update`"+`; do not edit.

%d patterns. Each hit adds its weight to the client's points; the default
escalation bans a client whose points within 10 minutes reach 10. So weight
10 bans on the first hit and is kept for unambiguous attacks, weight 5 bans
on the second hit (probes no legitimate client sends), and weights 2-4 are
hints that only ban together with others. Signatures whose description says
"answered as a miss" count only when the server answered the request 403,
404, 410 or 444 (most of them also only for a request without a
query string): names from scanners' word lists and product endpoints that
a site serving them answers 200.

Fields are matched after normalisation: URL-decoded until stable (at most
four rounds), NUL bytes and overlong UTF-8 removed, ASCII case folded,
backslashes turned into slashes and repeated slashes collapsed in the path,
'+' read as a space in the query. Query checks run on each parameter value
separately. Sensitive-file and probe patterns skip WebDAV paths
(`+"`/remote.php/`"+`, `+"`/public.php/`"+`) and repository browsers (`+"`/src/branch/`"+`,
`+"`/-/blob/`"+` ...), where users' own dotfiles are served by name.

Disable a pattern by id or a whole category in the policy.
`, len(cat))
	for _, c := range catalogueCategories {
		fmt.Fprintf(&b, "\n## %s (`%s`)\n\n", c.title, c.cat)
		b.WriteString("| id | weight | field | matches |\n|---|---:|---|---|\n")
		for _, in := range cat {
			if in.Category == c.cat {
				desc := strings.NewReplacer("|", `\|`, "&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(in.Description)
				fmt.Fprintf(&b, "| `%s` | %d | %s | %s |\n", in.ID, in.Weight, in.Field, desc)
			}
		}
	}
	return b.Bytes()
}

func TestCatalogueDoc(t *testing.T) {
	got := renderCatalogue()
	for _, in := range Catalogue() {
		found := false
		for _, c := range catalogueCategories {
			found = found || c.cat == in.Category
		}
		if !found {
			t.Errorf("%s: category %q has no section in CATALOGUE.md", in.ID, in.Category)
		}
	}
	if *update {
		if err := os.WriteFile("CATALOGUE.md", got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile("CATALOGUE.md")
	if err != nil {
		t.Fatalf("%v (run go test ./patterns -run TestCatalogueDoc -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Error("CATALOGUE.md is stale; run go test ./patterns -run TestCatalogueDoc -update")
	}
}
