package patterns

import (
	"bufio"
	"bytes"
	"math/rand"
	"os"
	"strings"
	"testing"
)

// certainNameS15Ref is certainName as 6dac044 left it, before the
// byte-level prefilter (review rev-sig s15 LOW-2): the reference the
// prefiltered function must agree with on every path.
func certainNameS15Ref(path []byte) bool {
	if len(path) < 4 || len(path) > 512 {
		return false
	}
	if bytes.IndexByte(path, '.') < 0 && bytes.IndexByte(path, '_') < 0 && !containsFold(path, "kubeconfig") &&
		!containsFold(path, "/debug/pprof") && !containsFold(path, "/actuator/") {
		return false
	}
	var buf [512]byte
	low := buf[:len(path)]
	for i, c := range path {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[i] = c
	}
	for j := 0; j < len(low)-1; j++ {
		if low[j] != '/' {
			continue
		}
		if c := low[j+1]; c != '.' && c != '_' && c != 'a' && c != 'd' {
			continue
		}
		for _, d := range certainDirs {
			if !startsWith(low[j:], d) {
				continue
			}
			end := j + len(d)
			if d[len(d)-1] == '/' || end == len(low) || low[end] == '/' {
				return true
			}
		}
	}
	seg := low[bytes.LastIndexByte(low, '/')+1:]
	if len(seg) < 4 {
		return false
	}
	slashes := bytes.Count(low, []byte{'/'})
	if slashes == 1 {
		for _, n := range rootNames {
			if string(seg) == n {
				return true
			}
		}
	}
	shallow := slashes <= 2
	// the AI-tool readings (558c33a, fix-sig s16) have no prefilter of
	// their own beyond certainCandidate's: the reference runs them too
	if certainSegment(seg, shallow) || devToolSecret(low, seg, slashes) || devToolDotName(low, seg, slashes) {
		return true
	}
	for _, s := range backupSuffixes {
		if len(seg) > len(s)+3 && endsWith(seg, s) && (certainSegment(seg[:len(seg)-len(s)], shallow) ||
			devToolDotName(low, seg[:len(seg)-len(s)], slashes)) {
			return true
		}
	}
	return false
}

// certainS15Paths are the request paths of the certain-name fixtures
// (testdata/logs/paths-s15-certain-names.log), their query cut off.
func certainS15Paths(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("../testdata/logs/paths-s15-certain-names.log")
	if err != nil {
		t.Fatalf("open the certain-name fixture: %v", err)
	}
	defer f.Close()
	var paths []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		_, req, ok := strings.Cut(sc.Text(), "\"")
		if !ok {
			continue
		}
		fields := strings.Fields(req)
		if len(fields) < 2 {
			continue
		}
		p, _, _ := strings.Cut(fields[1], "?")
		paths = append(paths, p)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read the certain-name fixture: %v", err)
	}
	if len(paths) < 20 {
		t.Fatalf("the certain-name fixture gave %d paths, want its 34 lines' worth", len(paths))
	}
	return paths
}

// certainS15Generated makes n paths, the same ones each run: the
// lexicon's names, prefixes, extensions and directories and the pages and
// assets around them, at every depth, in mixed case, with and without
// backup suffixes and page extensions, cut and grown by a byte.
func certainS15Generated(n int) []string {
	rng := rand.New(rand.NewSource(15))
	pick := func(l []string) string { return l[rng.Intn(len(l))] }
	var stems []string
	stems = append(stems, certainNames[:]...)
	stems = append(stems, rootNames[:]...)
	stems = append(stems, certainPrefixes[:]...)
	stems = append(stems, certainBareStarts[:]...)
	stems = append(stems, devToolDotNames[:]...)
	for _, e := range certainExts {
		stems = append(stems, "prod"+e, "x"+e, e)
	}
	stems = append(stems, "index", "app", "main.3f2a9c", "style", "logo", "favicon", "wp-login", "config", "secrets",
		"credentials", "id_rsa_deploy", "id_rsa-vs-id_ed25519", ".env", ".envelope", "kubeconfig-setup", "site.webmanifest",
		"robots.txt", "sitemap.xml", "my_account", "a", "ab", "abc", "", ".", "~", ".git", ".well-known", "_next", "firebase")
	dirs := []string{"", "/x", "/a/b", "/a/b/c", "/static/js", "/_next/static/chunks", "/.well-known", "/api/v1", "/docs", "/backup"}
	for _, d := range certainDirs {
		dirs = append(dirs, strings.TrimSuffix(d, "/"), d[:len(d)-1]+"x", "/y"+strings.TrimSuffix(d, "/"))
	}
	tails := []string{"", "", "", ".example", ".local", ".pub", ".pub.bak", "_deploy", "-prod", "x", "/", "/x"}
	suffixes := append([]string{"", "", "", ".json", ".txt"}, backupSuffixes[:]...)
	suffixes = append(suffixes, pageExts[:]...)
	paths := make([]string, 0, n)
	for len(paths) < n {
		p := pick(dirs) + "/" + pick(stems) + pick(tails) + pick(suffixes)
		b := []byte(p)
		for i := range b {
			if rng.Intn(4) == 0 {
				if c := b[i]; c >= 'a' && c <= 'z' {
					b[i] = c - 'a' + 'A'
				}
			}
		}
		switch rng.Intn(8) {
		case 0:
			b = b[:rng.Intn(len(b)+1)]
		case 1:
			b = append(b, "./_-~ak1"[rng.Intn(8)])
		case 2:
			b = b[rng.Intn(len(b)+1):]
		}
		paths = append(paths, string(b))
	}
	return paths
}

// TestCertainNameCandidateKeepsVerdicts: the prefiltered certainName
// answers as the function before the prefilter did, on the fixtures'
// paths, the lexicon's own spellings and thousands of generated paths;
// and the prefilter turns most page and asset paths away before the
// lexicon.
func TestCertainNameCandidateKeepsVerdicts(t *testing.T) {
	t.Parallel()
	paths := certainS15Paths(t)
	for _, l := range [][]string{certainNames[:], rootNames[:], certainPrefixes[:], certainDirs[:]} {
		for _, n := range l {
			paths = append(paths, "/"+n, "/"+strings.ToUpper(n), "/a/b/"+n, "/a/"+n+".bak", strings.TrimPrefix(n, "/"))
		}
	}
	paths = append(paths, certainS15Generated(20000)...)
	trues := 0
	for _, p := range paths {
		want := certainNameS15Ref([]byte(p))
		if got := certainName([]byte(p)); got != want {
			t.Errorf("certainName(%q) = %v, the reference says %v", p, got, want)
		}
		if want {
			trues++
		}
	}
	if trues < 1000 || trues > len(paths)-1000 {
		t.Errorf("%d of %d paths certain: the generated set must hold many of each answer", trues, len(paths))
	}
	// certainCandidate turns a page's extension away whatever precedes it:
	// sound only while no backup suffix and no certain name ends like one
	for _, e := range pageExts {
		if strings.Count(e, ".") != 1 || len(e) > 6 || e[0] != '.' {
			t.Errorf("page extension %q: certainCandidate reads one dot and at most six bytes", e)
		}
		for _, l := range [][]string{backupSuffixes[:], certainNames[:], rootNames[:]} {
			for _, s := range l {
				if strings.HasSuffix(s, e) {
					t.Errorf("%q ends with the page extension %q: certainCandidate would turn it away", s, e)
				}
			}
		}
	}
	for _, p := range []string{"/static/js/app.3f2a9c.js", "/css/style.css", "/index.php", "/images/logo.png", "/wp-login.php",
		"/blog/2024/post-title", "/_next/static/chunks/main.js", "/.well-known/security.txt", "/products/shoes", "/favicon.ico"} {
		if certainCandidate([]byte(p)) {
			t.Errorf("certainCandidate(%q) = true: an ordinary page or asset must leave before the lexicon", p)
		}
	}
}

// BenchmarkCertainNameS15 is certainName before (ref) and after (new) the
// prefilter on the matcher benchmark's paths and a few probes.
func BenchmarkCertainNameS15(b *testing.B) {
	var paths [][]byte
	for _, bc := range benchRequests {
		paths = append(paths, bc.r.Path)
	}
	for _, p := range []string{"/index.php", "/images/logo.png", "/wp-login.php", "/_next/static/chunks/main-3f2a.js", "/.env.production",
		"/site.webmanifest", "/robots.txt", "/my_account/orders"} {
		paths = append(paths, []byte(p))
	}
	for _, f := range []struct {
		name string
		fn   func([]byte) bool
	}{{"ref", certainNameS15Ref}, {"new", certainName}} {
		b.Run(f.name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				for _, p := range paths {
					if f.fn(p) {
						n++
					}
				}
			}
			if n == 0 {
				b.Fatal("no path certain: the probe set lost /.env.production")
			}
		})
	}
}
