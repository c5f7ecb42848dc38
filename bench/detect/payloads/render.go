package payloads

import (
	"net/url"
	"strings"
)

// Placement is where a payload is put in the request.
type Placement string

const (
	InQuery   Placement = "query"   // the value of a parameter the class targets
	InPath    Placement = "path"    // a path segment (traversal, LFI, CRLF)
	InUA      Placement = "ua"      // the User-Agent header
	InReferer Placement = "referer" // the Referer header
	AsTarget  Placement = "target"  // the payload is the whole request target (RFI, sensitive paths, CVE probes)
)

// Request is one rendered request, sent by its own fresh client.
type Request struct {
	Class     string
	Placement Placement
	Payload   string
	Benign    bool
	Half      Half   // Dev or Held for corpus payloads
	Inert     string // why the corpus entry carries no attack content (Inert), or ""
	Entry     int    // the corpus entry's index in the loaded list: its requests share it
	Method    string
	Target    string // path and query as sent (percent-encoded)
	UA        string
	Referer   string
	Status    int
}

// browserUA is the user agent of requests whose payload is elsewhere.
const browserUA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"

// placements says where each class's payloads go: where that class of
// attack is delivered in practice (an XSS or SQL injection through a
// parameter or a logged header, a traversal in a parameter or the path).
var placements = map[string][]Placement{
	"sqli":            {InQuery, InPath, InUA, InReferer},
	"xss":             {InQuery, InPath, InUA, InReferer},
	"cmdi":            {InQuery, InPath, InUA},
	"traversal":       {InQuery, InPath},
	"lfi":             {InQuery, InPath},
	"rfi":             {AsTarget},
	"ssti":            {InQuery, InPath},
	"crlf":            {InQuery, InPath},
	"xxe":             {InQuery},
	"nosqli":          {InQuery},
	"ldap":            {InQuery},
	"ssi":             {InQuery, InUA, InReferer},
	"open_redirect":   {InQuery},
	"ssrf":            {InQuery},
	"log4shell":       {InQuery, InPath, InUA, InReferer},
	"shellshock":      {InUA, InReferer},
	"sensitive_paths": {AsTarget},
	"cve_probes":      {AsTarget},
}

// paramNames are the parameters a class's payloads are sent in, rotated
// over the payloads: the names real vulnerable applications use.
var paramNames = map[string][]string{
	"sqli":          {"id", "q", "user", "cat", "search", "order"},
	"xss":           {"q", "name", "search", "msg", "title"},
	"cmdi":          {"host", "ip", "q", "domain", "target"},
	"traversal":     {"file", "page", "path", "doc", "template"},
	"lfi":           {"file", "page", "include", "lang", "view"},
	"ssti":          {"name", "q", "template", "greeting"},
	"crlf":          {"lang", "q", "redirect", "page"},
	"xxe":           {"xml", "data", "q", "payload"},
	"nosqli":        {"username", "password", "q", "id"},
	"ldap":          {"user", "username", "q", "cn"},
	"ssi":           {"q", "name", "page"},
	"open_redirect": {"redirect", "next", "url", "return_to", "continue", "dest"},
	"ssrf":          {"url", "uri", "feed", "image", "callback", "proxy"},
	"log4shell":     {"q", "user", "id"},
}

var queryPaths = []string{"/index.php", "/search", "/api/items", "/product.php", "/"}

// Render turns a payload into the requests its class is sent as.
func Render(p Payload, i int) []Request {
	if p.Class == "cve_probes" {
		m := p.Method
		if m == "" {
			m = "GET"
		}
		ua := p.UA
		if ua == "" {
			ua = browserUA
		}
		return []Request{{Class: p.Class, Placement: AsTarget, Payload: p.Text, Method: m,
			Target: escapeTarget(p.Text), UA: ua, Status: 404, Inert: Inert(p), Entry: i}}
	}
	pl := placements[p.Class]
	if pl == nil {
		pl = []Placement{InQuery}
	}
	out := make([]Request, 0, len(pl))
	inert := Inert(p)
	for _, where := range pl {
		r := Request{Class: p.Class, Placement: where, Payload: p.Text, Method: "GET", UA: browserUA, Status: 200, Inert: inert, Entry: i}
		switch where {
		case InQuery:
			r.Target = queryTarget(p.Class, p.Text, i)
		case InPath:
			r.Target, r.Status = pathTarget(p.Class, p.Text), 404
		case InUA:
			r.Target = queryPaths[i%len(queryPaths)]
			r.UA = p.Text
		case InReferer:
			r.Target = queryPaths[i%len(queryPaths)]
			r.Referer = p.Text
		case AsTarget:
			t := p.Text
			if !strings.HasPrefix(t, "/") {
				t = "/" + t
			}
			r.Target = escapeTarget(t)
			r.Status = 404
		}
		out = append(out, r)
	}
	return out
}

// rawPathClasses send their payloads as written: traversal, LFI and CRLF
// lines are already encoded the way the attack needs (..%c0%af, %0d%0a).
var rawPathClasses = map[string]bool{"traversal": true, "lfi": true, "crlf": true}

// pathTarget puts payload in the path: as written for the classes above,
// else as the last segments of a REST-style path, percent-encoded as a
// client library does (slashes kept).
func pathTarget(class, payload string) string {
	if rawPathClasses[class] {
		return "/static/" + escapeTarget(strings.TrimLeft(payload, "/"))
	}
	segs := strings.Split(payload, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return "/api/items/" + strings.Join(segs, "/")
}

// queryTarget puts payload in a parameter of the class. NoSQL operator
// payloads written as "[$ne]=1" extend the parameter's name, as PHP and
// Express parse them.
func queryTarget(class, payload string, i int) string {
	names := paramNames[class]
	if len(names) == 0 {
		names = []string{"q"}
	}
	name := names[i%len(names)]
	path := queryPaths[i%len(queryPaths)]
	if class == "nosqli" && strings.HasPrefix(payload, "[") {
		return path + "?" + name + escapeTarget(payload)
	}
	return path + "?" + name + "=" + url.QueryEscape(payload)
}

// escapeTarget percent-encodes only the bytes that cannot appear raw in a
// request line (space, controls, '"', '#', non-ASCII): payloads that are
// already encoded, or rely on raw ../ and ?, are sent as they are.
func escapeTarget(s string) string {
	var b strings.Builder
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || c == '"' || c == '#' {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
