package patterns

import "testing"

// TestFileAPIKeepsTraversal: a forge file API's request for a repository
// file is spared, the same names reached through a traversal, an encoded
// dot, a doubly encoded byte or before the prefix are not.
func TestFileAPIKeepsTraversal(t *testing.T) {
	t.Parallel()
	spared := []string{
		"/api/v4/projects/platform%2Fapi/repository/files/.github%2Frenovate.json",
		"/api/v4/projects/42/repository/files/.gitlab-ci.yml/raw",
		"/forge/api/v4/projects/42/repository/files/.env.example",
		"/api/v1/repos/acme/site/contents/.github/renovate.json",
		"/api/v1/repos/acme/site/raw/.renovaterc",
		"/api/v3/repos/acme/site/contents/.github%2Fdependabot.yml",
	}
	kept := []string{
		"/.github/renovate.json",
		"/api/v4/projects/1/repository/files/..%2F..%2F.env",
		"/api/v4/projects/1/repository/files/%2e%2e%2f.env",
		"/api/v4/projects/1/repository/files/%2E%2E%2F.env",
		"/api/v4/projects/1/repository/files/a/../../.env",
		"/api/v4/projects/1/repository/files/x/.git/config",
		"/api/v4/projects/1/repository/files/",
		"/api/v1/repos/a/b/contents/%252e%252e/.env",
		"/api/v1/repos/a/b/contents/..%5c.env",
		"/.git/api/v4/projects/1/repository/files/x",
		"/a/b/api/v4/projects/1/repository/files/.env",
		"/.git%2Fconfig",
		"/static%2F..%2F.env",
		"/api/v4/projects//repository/files/.env",
	}
	for _, p := range spared {
		if !fileAPIPath([]byte(p)) {
			t.Errorf("fileAPIPath(%q) = false, want a forge file API request", p)
		}
	}
	for _, p := range kept {
		if fileAPIPath([]byte(p)) {
			t.Errorf("fileAPIPath(%q) = true, want it to count as before", p)
		}
	}
	m := mustCompile(t, Options{})
	noHit(t, m, spared)
	for _, p := range []string{kept[0], kept[1], kept[2], kept[9], kept[11], kept[12]} {
		if total(m.Match(req("GET", p, "", ""), nil)) < 10 {
			t.Errorf("%s: %v, want a sensitive-file hit of 10 or more", p, ids(m.Match(req("GET", p, "", ""), nil)))
		}
	}
}

// TestNumChecksBound: every check constant indexes Matcher.chk.
func TestNumChecksBound(t *testing.T) {
	t.Parallel()
	for _, d := range catalogue {
		if int(d.check) >= numChecks {
			t.Fatalf("%s: check %d >= numChecks %d: raise numChecks", d.id, d.check, numChecks)
		}
	}
}
