package pipeline

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

func trapPolicy(t *testing.T, paths string) *rules.Policy {
	t.Helper()
	cfg, err := rules.Load(strings.NewReader("[traps]\npaths = ["+paths+"]\nban = \"2h\"\n"), "trap.toml")
	if err != nil {
		t.Fatal(err)
	}
	pol, err := cfg.Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if pol.Patterns == nil {
		t.Fatal("no patterns in the policy: nothing to match")
	}
	return pol
}

func combined(t *testing.T) parser.Parser {
	t.Helper()
	p, err := parser.New(parser.Spec{Format: "combined"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// randomLine is a request of client with a new path, query, referer and
// agent each i: what a memo cannot serve.
func randomLine(client string, i int) []byte {
	return []byte(fmt.Sprintf(`%s - - [10/Oct/2024:13:55:%02d +0000] "GET /catalog/%x/item-%d.php?id=%d&sort=%x HTTP/1.1" 404 153 "https://example.com/p/%d" "Mozilla/5.0 (X11; Linux x86_64; rv:%d.0) Gecko/20100101 Firefox/%d.0"`,
		client, i%60, i*7919, i, i*31, i*17, i, 100+i, 100+i))
}

// TestProcessorBannedNotMatched: the lines of a banned client end in the
// detector before patterns (Observe never matched them); Process must not
// match them either (127b777 matched every line first: 7-12x the CPU of
// such a line, rev-perf s11). Also the lines of an invalid client and
// non-request events.
func TestProcessorBannedNotMatched(t *testing.T) {
	proc := NewProcessor(combined(t), nil, detector.New(trapPolicy(t, `"/wp-login.php"`), detector.Options{}), Window{})
	pm := proc.Memo()
	if _, _, v, _ := proc.Process(randomLine("198.51.100.1", 0)); v.Banned || v.Decision != nil {
		t.Fatalf("a plain request banned: %+v", v)
	}
	if pm.matched != 1 {
		t.Fatalf("a judged request of a client in good standing: matched %d times, want 1", pm.matched)
	}
	trap := []byte(`203.0.113.66 - - [10/Oct/2024:13:55:00 +0000] "GET /wp-login.php HTTP/1.1" 404 153 "-" "curl/8.5.0"`)
	if _, _, v, _ := proc.Process(trap); v.Decision == nil {
		t.Fatal("the trap did not ban")
	}
	before := pm.matched
	for i := range 2000 { // past memoAfter: the memo would be made too
		if _, _, v, _ := proc.Process(randomLine("203.0.113.66", i)); !v.Banned {
			t.Fatalf("line %d of the banned client: not seen as banned", i)
		}
	}
	if n := pm.matched - before; n != 0 || pm.memo != nil {
		t.Fatalf("2000 lines of a banned client: matched %d times (memo made: %v), want 0", n, pm.memo != nil)
	}
}

// TestPatternMemoFollowsMatcher: a reload (SetPolicy) brings another
// matcher; the shared memo must be made again for it, never answer with
// the old one's hits.
func TestPatternMemoFollowsMatcher(t *testing.T) {
	det := detector.New(trapPolicy(t, `"/wp-login.php"`), detector.Options{})
	proc := NewProcessor(combined(t), nil, det, Window{})
	pm := proc.Memo()
	for i := range memoAfter + 10 {
		proc.Process(randomLine(fmt.Sprintf("198.51.%d.%d", i/250, i%250), i))
	}
	if pm.memo == nil || pm.of != det.Policy().Patterns {
		t.Fatalf("after %d requests: memo %v, of the policy's matcher %v", memoAfter+10, pm.memo != nil, pm.of == det.Policy().Patterns)
	}
	old := pm.memo
	det.SetPolicy(trapPolicy(t, `"/xmlrpc.php"`))
	proc.Process(randomLine("198.51.100.200", 1))
	if pm.of != det.Policy().Patterns || pm.memo == old {
		t.Fatal("after SetPolicy the memo still belongs to the old matcher")
	}
}

// TestSharedMemoOneForAllSources: Processors sharing a PatternMemo (the
// daemon's sources) hold one ~2 MB memo between them, not one each (rev-perf
// s11: 20 sources +45 MB heap).
func TestSharedMemoOneForAllSources(t *testing.T) {
	pol, err := rules.Default().Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	det := detector.New(pol, detector.Options{})
	lines := make([][]byte, 0, 4000)
	for i := range 4000 {
		lines = append(lines, []byte(fmt.Sprintf(
			`198.51.%d.%d - - [10/Oct/2024:13:55:%02d +0000] "GET /shop/category-%d/product-%d.html?page=%d HTTP/1.1" 200 5120 "-" "Mozilla/5.0 (X11; Linux x86_64; rv:%d.0) Gecko/20100101 Firefox/%d.0"`,
			i/250%250, i%250, i%60, i%40, i%2000, i%7, 100+i%300, 100+i%300)))
	}
	pm := NewPatternMemo()
	const sources = 20
	procs := make([]*Processor, sources)
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	for s := range procs {
		procs[s] = NewProcessor(combined(t), nil, det, Window{})
		procs[s].ShareMemo(pm)
		for _, l := range lines {
			if out, _, _, _ := procs[s].Process(l); out != Judged {
				t.Fatalf("not judged: %s", l)
			}
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&m1)
	runtime.KeepAlive(procs)
	if pm.memo == nil {
		t.Fatal("no memo made: nothing shared")
	}
	grew := int64(m1.HeapAlloc) - int64(m0.HeapAlloc)
	t.Logf("%d sources sharing a memo: live heap +%d kB", sources, grew/1024)
	if grew > 8<<20 {
		t.Fatalf("%d sources: live heap +%d kB, more than one memo (~2 MB) and the clients", sources, grew/1024)
	}
}

// TestMemoLazyForShortInputs: analyze and test judge each input's first
// lines through a Processor of its own; a ~2 MB memo for them cost more
// than it saved (rev-perf s11: 400 inputs of 20 lines, 0.12 -> 0.42 s CPU,
// 38 -> 66 MB RSS). No memo before memoAfter requests.
func TestMemoLazyForShortInputs(t *testing.T) {
	proc := NewProcessor(combined(t), nil, detector.New(trapPolicy(t, `"/wp-login.php"`), detector.Options{}), Window{})
	for i := range 64 {
		if out, _, _, _ := proc.Process(randomLine("198.51.100.7", i)); out != Judged {
			t.Fatalf("line %d not judged", i)
		}
	}
	if pm := proc.Memo(); pm.matched != 64 || pm.memo != nil {
		t.Fatalf("64 requests: matched %d, memo made %v; want 64 matched directly, no memo", pm.matched, pm.memo != nil)
	}
}
