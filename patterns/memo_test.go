package patterns

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// memoRequests renders the payload corpus into every field a signature
// looks at (path, query, user agent, referer), next to benign requests and
// exempt paths, so that remembered outcomes meet needs, fallbacks and
// exemptions that differ from the request that filled the slot.
func memoRequests(t *testing.T) []Request {
	t.Helper()
	var out []Request
	for _, bc := range benchRequests {
		out = append(out, bc.r)
	}
	add := func(method, target, ua, ref string) { out = append(out, *req(method, target, ua, ref)) }
	files, err := filepath.Glob(filepath.Join(corpusDir(t), "payloads", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("payload corpus: %v (%d files)", err, len(files))
	}
	perFile := 20
	if raceEnabled {
		perFile = 3 // payloads run many regexes, ten times slower under -race
	}
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for n := 0; sc.Scan() && n < perFile; n++ {
			p := strings.TrimSpace(sc.Text())
			if p == "" || strings.HasPrefix(p, "#") {
				continue
			}
			esc := strings.NewReplacer(" ", "%20", "&", "%26", "#", "%23", "?", "%3F").Replace(p)
			add("GET", "/search?q="+esc, browserUA, "")
			add("GET", "/search?q="+esc, browserUA, "https://example.com/")
			add("GET", "/"+strings.TrimPrefix(esc, "/"), browserUA, "")
			add("GET", "/remote.php/webdav/"+strings.TrimPrefix(esc, "/"), browserUA, "")
			add("GET", "/", p, "")
			add("POST", "/login", browserUA, p)
		}
		f.Close()
	}
	// Needs and exemptions: the same path with and without what it needs.
	add("POST", "/Telerik.Web.UI.WebResource.axd?type=rau", browserUA, "")
	add("POST", "/Telerik.Web.UI.WebResource.axd?type=other", browserUA, "")
	add("GET", "/.git/config", browserUA, "")
	add("GET", "/remote.php/dav/files/u/.git/config", browserUA, "")
	add("GET", "/static/img/logo.svg", browserUA, "")
	add("GET", "/logs/error.log", "sqlmap/1.7.2#stable (https://sqlmap.org)", "")
	// The session check looks at the referer: the same request line with
	// and without one, and with one whose normal form is empty (slots are
	// keyed by the raw header, whose emptiness is not the normal form's).
	add("GET", "/index.php?PHPSESSID=abcdef0123456789", browserUA, "%00")
	add("GET", "/index.php?PHPSESSID=abcdef0123456789", browserUA, "")
	add("GET", "/index.php?PHPSESSID=abcdef0123456789", browserUA, "https://example.com/")
	add("GET", "/.hidden/file", browserUA, "")
	add("CONNECT", "example.com:443", browserUA, "")
	add("GET", "example.com:443", browserUA, "")
	return out
}

// TestMemoSameHits: matching through a Memo gives exactly Match's hits,
// when the memo is cold, warm, and so small that texts keep evicting each
// other; per field and per request line.
func TestMemoSameHits(t *testing.T) {
	m := mustCompile(t, Options{})
	reqs := memoRequests(t)
	want := make([][]Hit, len(reqs))
	for i := range reqs {
		want[i] = m.Match(&reqs[i], nil)
	}
	for _, mm := range []*Memo{m.NewMemo(), m.newMemo(4)} {
		for round := range 2 {
			for i := range reqs {
				if got := mm.Match(&reqs[i], nil); !slices.Equal(got, want[i]) {
					t.Fatalf("round %d, %d slots: %q %q %q %q: memo %v, Match %v", round, len(mm.fields[0]),
						reqs[i].Path, reqs[i].Query, reqs[i].UA, reqs[i].Referer, ids(got), ids(want[i]))
				}
			}
		}
	}
}

// TestMemoAllocs: a remembered request allocates nothing either.
func TestMemoAllocs(t *testing.T) {
	m := mustCompile(t, Options{})
	mm := m.NewMemo()
	long := Request{Method: []byte("GET"), Path: []byte("/"), UA: []byte(strings.Repeat("Mozilla/5.0 ", 40))}
	for _, r := range []Request{benchRequests[0].r, benchRequests[3].r, long} {
		dst := make([]Hit, 0, 8)
		if n := testing.AllocsPerRun(200, func() { dst = mm.Match(&r, dst[:0]) }); n != 0 {
			t.Errorf("%q: %v allocations per Memo.Match, want 0", r.Path, n)
		}
	}
}

// TestMemoKnown: Known numbers one text only: requests with the same
// request line or agent get the same number while it is remembered, other
// texts other numbers, a text met again after being evicted a new one, and
// a text too long to remember none.
func TestMemoKnown(t *testing.T) {
	m := mustCompile(t, Options{})
	mm := m.newMemo(2)
	req := func(path, ua string) (uint64, uint64) {
		r := Request{Method: []byte("GET"), Path: []byte(path), UA: []byte(ua)}
		mm.Match(&r, nil)
		return mm.Known()
	}
	text := map[uint64]string{}
	seen := func(id uint64, s string) {
		t.Helper()
		if id == 0 {
			t.Fatalf("%q: no number", s)
		}
		if old, ok := text[id]; ok && old != s {
			t.Fatalf("number %d given to %q and %q", id, old, s)
		}
		text[id] = s
	}
	r1, u1 := req("/a", "curl/8.5.0")
	r2, u2 := req("/a", "curl/8.5.0")
	if r1 != r2 || u1 != u2 {
		t.Errorf("the same request numbered %d/%d, then %d/%d", r1, u1, r2, u2)
	}
	seen(r1, "GET /a")
	seen(u1, "curl/8.5.0")
	// Many texts through two slots a field: evictions; every number
	// still names one text.
	for i := range 200 {
		p, ua := fmt.Sprintf("/p%d", i%7), fmt.Sprintf("agent/%d", i%5)
		r, u := req(p, ua)
		seen(r, "GET "+p)
		seen(u, ua)
	}
	if r, u := req("/"+strings.Repeat("x", memoKeyMax), strings.Repeat("y", memoKeyMax+1)); r != 0 || u != 0 {
		t.Errorf("texts too long to remember numbered %d, %d", r, u)
	}
	if r, u := req("/a", ""); r == 0 || u != 0 {
		t.Errorf("no agent: numbered %d, %d; want a request number and no agent number", r, u)
	}
}
