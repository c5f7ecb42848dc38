package patterns

import "testing"

// Reviewer rev-sig, session 10. Each case is an attack whose request the
// web server answers as the leak or a refusal; it counted (>= 10 points)
// at 5bf3b32 and must still count.
func revsigPoints(t *testing.T, m *Matcher, method, path, query string, status int) int {
	t.Helper()
	hits := m.Match(&Request{Method: []byte(method), Path: []byte(path), Query: []byte(query)}, nil)
	best := 0
	for _, h := range KeepAnswered(append([]Hit(nil), hits...), status, []byte(query)) {
		if h.Weight > best {
			best = h.Weight
		}
	}
	return best
}

// One "../" after a directory named by an id makes the name "deep", but the
// server resolves /123/../.env to /.env: its 200 is the root .env leak.
func TestRevsigDotDotAfterIdLeaksRoot(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, p := range []string{"/123/../.env", "/123/%2e%2e/.env", "/123/../.git/config", "/0123456789abcdef0/../.git/HEAD"} {
		if got := revsigPoints(t, m, "GET", p, "", 200); got < 10 {
			t.Errorf("GET %s answered 200 (the root file served): %d points, want >= 10 (5bf3b32: 10)", p, got)
		}
	}
}

// "Only on a miss" is 404/410/444: a deep probe or a product exploit refused
// with 401/403/405 or redirected (302) counts nothing at HEAD, so a scanner
// on a site that denies dotfiles (nginx `location ~ /\. { deny all; }`) or
// redirects unknown paths to a login is never even watched.
func TestRevsigRefusedProbesCount(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, st := range []int{403, 405} {
		for _, c := range [][2]string{{"GET", "/old/site/backup/.git/config"}, {"GET", "/a/b/c/.aws/credentials"}, {"GET", "/123/.env"}, {"POST", "/api/timelion/run"}, {"PUT", "/_users/org.couchdb.user:pwn"}} {
			if got := revsigPoints(t, m, c[0], c[1], "", st); got < 5 {
				t.Errorf("%s %s answered %d: %d points, want >= 5 (5bf3b32: 10)", c[0], c[1], st, got)
			}
		}
	}
}

// CKAN spare: the function allow-list is skipped by a newline between the
// name and its parenthesis, which PostgreSQL accepts.
func TestRevsigCkanNewlineFunction(t *testing.T) {
	m := mustCompile(t, Options{})
	q := "sql=SELECT%20count(*)%20FROM%20%224f2a9c1e-8d7b-4a5f-9e3d-2c1b0a9f8e7d%22%20WHERE%20pg_sleep%0A(10)%20IS%20NULL"
	if got := revsigPoints(t, m, "GET", "/api/3/action/datastore_search_sql", q, 200); got < 10 {
		t.Errorf("CKAN sql with pg_sleep\\n(10): %d points, want >= 10 (5bf3b32: sqli-libinjection 10)", got)
	}
}
