package patterns

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestMemoKnownNamesOneText: over random requests through memos of 1, 2,
// 16 and 1024 slots a field (from constant eviction to none), a non-zero
// request number always names the same request line (method, path,
// query) and a non-zero agent number the same agent, also after requests
// with no agent, one too long to remember, or an empty or "%00" referer.
// report.Collector counts a path or an agent under its number without
// looking at its bytes, so a number given to two texts miscounts both.
func TestMemoKnownNamesOneText(t *testing.T) {
	m := mustCompile(t, Options{})
	perMemo := 10000
	if raceEnabled {
		perMemo = 2500 // the race detector slows Match ~10x
	}
	paths := []string{"/", "/a", "/b", "/.env", "/wp-login.php", "/x/../../etc/passwd", "/q", "/%2e%2e/"}
	agents := []string{"", "curl/8", "sqlmap/1.7", "Mozilla/5.0", "() { :; };", strings.Repeat("A", memoKeyMax+45)}
	for _, slots := range []int{1, 2, 16, 1024} {
		mm := m.newMemo(slots)
		reqOf, uaOf := map[uint64]string{}, map[uint64]string{}
		r := rand.New(rand.NewPCG(1, uint64(slots)))
		for range perMemo {
			p := paths[r.IntN(len(paths))]
			if r.IntN(3) == 0 {
				p += string(rune('a' + r.IntN(20)))
			}
			q := ""
			if r.IntN(4) == 0 {
				q = "id=1"
			}
			method := "GET"
			if r.IntN(8) == 0 {
				method = "POST"
			}
			req := Request{Method: []byte(method), Path: []byte(p), Query: []byte(q), UA: []byte(agents[r.IntN(len(agents))])}
			if r.IntN(2) == 0 {
				req.Referer = []byte("https://x.example/")
			}
			if r.IntN(50) == 0 {
				req.Referer = []byte("%00") // empty once normalised
			}
			if r.IntN(10) == 0 {
				req.UA = nil
			}
			mm.Match(&req, nil)
			rid, uid := mm.Known()
			line := method + " " + p + "?" + q
			if rid != 0 {
				if s, ok := reqOf[rid]; ok && s != line {
					t.Fatalf("%d slots: request number %d named %q, then %q", slots, rid, s, line)
				}
				reqOf[rid] = line
			}
			if uid != 0 {
				if len(req.UA) == 0 || len(req.UA) > memoKeyMax {
					t.Fatalf("%d slots: agent %q (a text the memo does not keep) numbered %d", slots, req.UA, uid)
				}
				if s, ok := uaOf[uid]; ok && s != string(req.UA) {
					t.Fatalf("%d slots: agent number %d named %q, then %q", slots, uid, s, req.UA)
				}
				uaOf[uid] = string(req.UA)
			}
		}
		// The test compares something: numbers were given, and with few
		// slots texts were forgotten and numbered again.
		if len(reqOf) < 2 || len(uaOf) < 2 || (slots <= 2 && len(uaOf) <= len(agents)) {
			t.Fatalf("%d slots: %d request numbers, %d agent numbers: too few to test anything", slots, len(reqOf), len(uaOf))
		}
	}
}
