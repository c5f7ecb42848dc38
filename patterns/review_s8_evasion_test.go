package patterns

import (
	"strings"
	"testing"
)

// TestRevPrecEvasions (review s8, rev-precision): one-request attacks that
// scored >= 10 (banned alone) at fbadafd^ and 9bcef1b and score 0 at HEAD
// after a small change by the attacker.
func TestRevPrecEvasions(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, r := range [][2]string{
		// e55a5eb forgeFile: a forge infix in PATH_INFO (PHP/Apache pass
		// /index.php/<anything> to index.php) exempts the QUERY's traversal
		// unless it holds "..", "%" or "etc"
		{"GET", `/index.php/-/blob/main/x?page=/proc/self/environ`},
		{"GET", `/index.php/-/blob/main/x?page=c:/windows/win.ini`},
		{"GET", `/index.php/-/blob/main/x?page=php://filter/resource=index.php`},
		{"GET", `/index.php/-/raw/main/x?page=file:///proc/self/cmdline`},
		// e55a5eb nosqlFilter: a one-space operand matches every string;
		// credential names outside the 9-word list, or JSON-escaped
		{"GET", `/api/users?filter={"pass\u0077ord":{"$gt":" "}}`},
		{"GET", `/api/reset?q={"resetToken":{"$gt":" "}}`},
		{"GET", `/login?q={"username":"admin","pin":{"$gt":" "}}`},
		{"GET", `/api/keys?q={"apiKey":{"$gt":"0"}}`},
		{"GET", `/api/users?q={"price":{"$gt":1},"password":/^/}`},
		// fbadafd davMethods: any WebDAV verb drops every sensitive-file
		// and probe signature, ban-alone secrets included
		{"PROPFIND", `/.env`},
		{"SEARCH", `/.git/config`},
		{"PROPFIND", `/.aws/credentials`},
		{"COPY", `/wp-config.php.bak`},
	} {
		hits := m.Match(req(r[0], r[1], "Mozilla/5.0", ""), nil)
		if total(hits) < 10 {
			t.Errorf("%s %s: %d points %v, want >= 10 (banned alone before)", r[0], r[1], total(hits), ids(hits))
		}
	}
}

// TestForgeViewsOnlyExcuseTheirPath: a code forge's blob, raw, blame and
// history views of an embedded root file system are no traversal (Gitea's
// blame/branch and commits/branch too), but only the path after the forge
// segment is excused: a system file before it, in the query or in a header
// still counts (review s8 of e55a5eb).
func TestForgeViewsOnlyExcuseTheirPath(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, p := range []string{"/acme/rootfs/-/blob/main/skeleton/etc/passwd", "/acme/rootfs/-/blame/main/skeleton/etc/passwd",
		"/acme/rootfs/-/commits/main/skeleton/etc/passwd", "/acme/os/blame/branch/main/overlay/etc/shadow",
		"/acme/os/commits/branch/main/overlay/etc/passwd", "/acme/os/src/branch/main/overlay/proc/self/environ"} {
		if hits := m.Match(req("GET", p, "Mozilla/5.0", ""), nil); total(hits) != 0 {
			t.Errorf("GET %s: %d points %v, want 0 (a forge file view)", p, total(hits), ids(hits))
		}
	}
	for _, p := range []string{"/etc/passwd/-/blob/main/x", "/acme/rootfs/-/blob/main/x?file=/etc/passwd",
		"/acme/rootfs/-/blob/main/../../../etc/passwd", "/index.php/-/blame/main/x?page=/proc/self/environ"} {
		if hits := m.Match(req("GET", p, "Mozilla/5.0", ""), nil); total(hits) < 10 {
			t.Errorf("GET %s: %d points %v, want >= 10", p, total(hits), ids(hits))
		}
	}
}

// TestNoSQLFilterShapedBypasses: a NoSQL login bypass written as a filter
// (one-space or symbol operands, secrets named outside the credential list,
// JSON escapes or dotted paths in the key, a match-anything regex beside a
// real filter, a value of hundreds of operators) counts; a shop's filter
// still does not (review s8 of e55a5eb).
func TestNoSQLFilterShapedBypasses(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, q := range []string{`q={"resetToken":{"$gt":" "}}`, `q={"pin":{"$gt":"0"}}`, `q={"apiKey":{"$gte":"a"}}`,
		`q={"secret":{"$gt":"a"}}`, `q={"otp":{"$lt":"999999"}}`, `q={"passwordHash":{"$gt":"0"}}`, `q={"user_password":{"$gt":"a"}}`,
		`q={"profile.password":{"$gt":"a"}}`, `q={"pass\u0077ord":{"$gt":"a"}}`, `q={"status":{"$gt":" "}}`, `q={"status":{"$gt":"-"}}`,
		`q={"price":{"$gt":1},"password":/^/}`, `filter={"price":{` + strings.Repeat(`"$gt":1,`, 40) + `"$lt":2}}`} {
		if hits := m.Match(req("GET", "/api/items?"+q, "Mozilla/5.0", ""), nil); total(hits) < 10 {
			t.Errorf("GET ?%s: %d points %v, want >= 10", q, total(hits), ids(hits))
		}
	}
	for _, q := range []string{`filter={"price":{"$gte":10,"$lte":50}}`, `where={"status":{"$in":["open","pending"]}}`,
		`filter={"date":{"$gte":"2026-12-01","$lt":"2026-12-31"}}`} {
		if hits := m.Match(req("GET", "/api/items?"+q, "Mozilla/5.0", ""), nil); total(hits) != 0 {
			t.Errorf("GET ?%s: %d points %v, want 0 (a front end's filter)", q, total(hits), ids(hits))
		}
	}
}

// BenchmarkNoSQLFilterManyOperators: a 64 KB value of "$gt" operators cost
// 667 ms a request when every operator walked back over its object.
func BenchmarkNoSQLFilterManyOperators(b *testing.B) {
	m, err := Compile(Options{})
	if err != nil {
		b.Fatal(err)
	}
	r := req("GET", `/api/items?filter={"price":{`+strings.Repeat(`"$gt":1,`, 8000)+`"$lt":2}}`, "Mozilla/5.0", "")
	for b.Loop() {
		m.Match(r, nil)
	}
}
