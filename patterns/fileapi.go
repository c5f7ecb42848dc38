package patterns

import "bytes"

// A code forge's file API names a repository's file in the request path:
// GitLab's /api/v4/projects/<id>/repository/files/<file>, with the file's
// own slashes encoded into one segment (.github%2Frenovate.json), and
// Gitea's, Forgejo's and GitHub Enterprise's /api/v{1,3}/repos/<owner>/
// <repo>/contents/<file> (also raw/ and media/ on Gitea). A dependency bot
// asks for its configuration under every name it knows, most answered 404
// (Renovate: .github/renovate.json, .gitlab/renovate.json, .renovaterc,
// 180 repositories twice an hour: benign7 renovate-gitlab-config-404s,
// banned by sensitive-project-metadata at 10 a request). The file so named
// is a repository's, read by the forge under its API's own access rules,
// never a file of this server's root, so the sensitive-file and probe
// signatures (Matcher.exempted) skip such a request.
//
// What an attacker could walk through: wrapping a scanner's names in this
// prefix (/api/v4/projects/1/repository/files/.env) reads no file of the
// server it asks, forge or not. Held to the exact shape: the prefix at the
// path's start (or below one segment, a forge under a relative root such as
// /gitlab/), each of its variable parts one segment, and no "..", encoded
// dot, backslash or doubly encoded byte anywhere in the raw path, so
// /api/v4/projects/1/repository/files/..%2F..%2F.env, /.git%2Fconfig,
// /static%2F..%2F.env and /x/-/raw/../../.env count as before
// (TestFileAPIKeepsTraversal, testdata/logs/paths-s15-file-api.*).

// fileAPIShape is one forge API prefix: literal segments, with "*" for one
// variable segment (a project id, an owner, a repository).
type fileAPIShape []string

var fileAPIShapes = [...]fileAPIShape{
	{"api", "v4", "projects", "*", "repository", "files"},
	{"api", "v1", "repos", "*", "*", "contents"},
	{"api", "v1", "repos", "*", "*", "raw"},
	{"api", "v1", "repos", "*", "*", "media"},
	{"api", "v3", "repos", "*", "*", "contents"},
}

// fileAPIPath reports that raw, a request's raw path, is a forge file API's
// request for a repository file (see above).
func fileAPIPath(raw []byte) bool {
	if len(raw) < 20 || raw[0] != '/' || bytes.Contains(raw, dotdot) || bytes.IndexByte(raw, '\\') >= 0 {
		return false
	}
	for i := 0; i+2 < len(raw); i++ {
		if raw[i] != '%' {
			continue
		}
		// %2e / %2E (an encoded dot), %5c (a backslash), %25 (a double
		// encoding), %c0 (overlong UTF-8: %c0%ae), %ef (fullwidth: %ef%bc%8e)
		a, b := raw[i+1], raw[i+2]|0x20
		if a == '2' && (b == 'e' || b == '5') || a == '5' && b == 'c' || a|0x20 == 'c' && b == '0' || a|0x20 == 'e' && b == 'f' {
			return false
		}
	}
	segs := bytes.Split(raw[1:], []byte{'/'})
	for _, sh := range fileAPIShapes {
		if matchFileAPI(segs, sh) {
			return botFileName(segs[len(sh):], sh)
		}
		if len(segs) > 1 && plainSegment(segs[0]) && matchFileAPI(segs[1:], sh) {
			return botFileName(segs[1+len(sh):], sh)
		}
	}
	return false
}

// botFiles are the names a dependency bot asks a forge for (Renovate's
// configuration under each name it knows, the manifests and CI files it
// reads, Dependabot's configuration) and the example environment files
// that hold no secret by convention. Only these are spared (review rev-sig
// s15 HIGH-1 on 65ccb7c: the spare by path shape alone turned every
// sensitive-file and probe signature off, so .env, .git/config,
// .aws/credentials, .ssh/id_rsa or terraform.tfstate wrapped in the prefix
// counted for nothing, and a public GitLab project's .env is read so).
var botFiles = [...]string{
	"renovate.json", "renovate.json5", ".renovaterc", ".renovaterc.json", ".renovaterc.json5",
	".github/renovate.json", ".github/renovate.json5", ".gitlab/renovate.json", ".gitlab/renovate.json5",
	".gitea/renovate.json", ".gitea/renovate.json5", ".forgejo/renovate.json", ".forgejo/renovate.json5",
	"package.json", ".github/dependabot.yml", ".github/dependabot.yaml", ".gitlab-ci.yml", ".git-blame-ignore-revs",
	".env.example", ".env.sample", ".env.dist", ".env.template",
}

// botFileName reports that the file segments after a forge prefix name one
// of botFiles: GitLab's one segment with its slashes encoded (%2F), then
// nothing, raw or blame; the other forges' plain segments.
func botFileName(file [][]byte, sh fileAPIShape) bool {
	var buf [64]byte
	name := buf[:0]
	if sh[len(sh)-1] == "files" {
		file = file[:1]
	}
	for i, seg := range file {
		if i > 0 {
			name = append(name, '/')
		}
		for j := 0; j < len(seg); j++ {
			if seg[j] == '%' && j+2 < len(seg) && seg[j+1] == '2' && seg[j+2]|0x20 == 'f' {
				name = append(name, '/')
				j += 2
				continue
			}
			name = append(name, seg[j])
		}
		if len(name) > len(buf) {
			return false
		}
	}
	for _, f := range botFiles {
		if equalFold(name, f) {
			return true
		}
	}
	return false
}

// plainSegment reports a relative root's name: letters, digits, '-' and
// '_' only (gitlab, git, forge), so no sensitive name (/.git/api/v4/...)
// hides before the prefix.
func plainSegment(s []byte) bool {
	if len(s) == 0 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// matchFileAPI reports segs starting with shape and naming a file after it.
// GitLab's file is one encoded segment, then nothing or raw or blame; a
// plain slash after files/ (files/.git/config) is no GitLab request.
func matchFileAPI(segs [][]byte, sh fileAPIShape) bool {
	n := len(sh)
	if len(segs) <= n || len(segs[n]) == 0 {
		return false
	}
	if sh[n-1] == "files" && (len(segs) > n+2 || len(segs) == n+2 && !equalFold(segs[n+1], "raw") && !equalFold(segs[n+1], "blame")) {
		return false
	}
	for i, want := range sh {
		if len(segs[i]) == 0 {
			return false
		}
		if want != "*" && !equalFold(segs[i], want) {
			return false
		}
	}
	return true
}
