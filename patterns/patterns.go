// Package patterns is guardctl's catalogue of penetration-attempt signatures
// (SQL injection, XSS, traversal, RCE probes, sensitive files, scanner user
// agents ...) and the request normaliser that runs before them.
package patterns

import "fmt"

// Category groups signatures for reports and for enabling/disabling.
type Category string

const (
	SQLi          Category = "sqli"
	XSS           Category = "xss"
	Traversal     Category = "traversal" // path traversal and local file inclusion
	RFI           Category = "rfi"
	CmdInjection  Category = "cmd-injection"
	Log4Shell     Category = "log4shell"
	Shellshock    Category = "shellshock"
	Webshell      Category = "webshell" // PHP/webshell and backdoor probes
	CVEProbe      Category = "cve-probe"
	SensitiveFile Category = "sensitive-file"
	Scanner       Category = "scanner" // scanner and attack-tool user agents
	Probe         Category = "probe"   // discovery probes of appliances and admin tools
	Custom        Category = "custom"  // default category of user patterns

	SSTI         Category = "ssti"          // server-side template injection
	NoSQLi       Category = "nosqli"        // MongoDB operator and JavaScript injection
	LDAPi        Category = "ldap"          // LDAP filter and XPath injection
	CRLF         Category = "crlf"          // CRLF/header injection and session fixation
	SSRF         Category = "ssrf"          // server-side request forgery
	OpenRedirect Category = "open-redirect" // obfuscated redirect targets
	SSI          Category = "ssi"           // server-side and edge-side includes
	XXE          Category = "xxe"           // XML external entities and XInclude
)

// Categories lists every built-in category (Custom included), for
// validating policies that disable categories.
func Categories() []Category {
	seen := map[Category]bool{Custom: true}
	out := []Category{}
	for _, d := range catalogue {
		if !seen[d.cat] {
			seen[d.cat] = true
			out = append(out, d.cat)
		}
	}
	return append(out, Custom)
}

// Field is the part of a request a signature looks at.
type Field uint8

const (
	FieldPath    Field = iota + 1 // decoded path
	FieldQuery                    // decoded query string
	FieldURI                      // decoded path + "?" + query
	FieldUA                       // user agent
	FieldReferer                  // referer
	FieldAny                      // each of path, query, user agent and referer
)

// Request is what the matcher looks at. Fields are raw (still URL-encoded);
// the matcher normalises them itself.
type Request struct {
	Method  []byte
	Path    []byte
	Query   []byte
	UA      []byte
	Referer []byte
}

// Hit is one signature that matched.
type Hit struct {
	ID       string
	Category Category
	Weight   int // violation points; see rules.Escalation.Threshold
	// Only: what the answer must be for the hit to count (a miss, no
	// query; see miss.go). The caller, which knows the status, drops the
	// hit otherwise (KeepAnswered). Zero: always.
	Only Only
}

// Info documents one catalogue entry (for `guardctl patterns`, the README
// and explain output).
type Info struct {
	ID          string
	Category    Category
	Weight      int
	Field       Field
	Description string
}

// UserPattern is a pattern added by the policy file.
type UserPattern struct {
	ID       string
	Category Category // Custom when empty
	Field    Field
	Regex    string // RE2 syntax, matched against the normalised field
	Weight   int
}

// Options selects what Compile builds.
type Options struct {
	DisabledCategories []Category
	DisabledIDs        []string
	User               []UserPattern
}

var fieldNames = [...]string{
	FieldPath:    "path",
	FieldQuery:   "query",
	FieldURI:     "uri",
	FieldUA:      "user-agent",
	FieldReferer: "referer",
	FieldAny:     "any",
}

// String returns the field's name as policies write it.
func (f Field) String() string {
	if int(f) < len(fieldNames) && fieldNames[f] != "" {
		return fieldNames[f]
	}
	return fmt.Sprintf("Field(%d)", f)
}

// ParseField returns the field a policy names: path, query, uri,
// user-agent, referer or any.
func ParseField(s string) (Field, error) {
	for f, name := range fieldNames {
		if name != "" && name == s {
			return Field(f), nil
		}
	}
	return 0, fmt.Errorf("unknown field %q; want one of path, query, uri, user-agent, referer, any", s)
}
