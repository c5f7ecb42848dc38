package detector

import (
	"fmt"
	"net/netip"
	"runtime"
	"testing"
	"time"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/patterns"
	"github.com/guardctl/guardctl/rules"
)

// benignEvents is an ordinary mix from 1000 clients taking turns, one
// request per millisecond (one per second per client): pages, assets, now
// and then a 404 or a login.
func benignEvents(n int) []parser.Event {
	paths := []string{"/", "/index.html", "/css/site.css", "/js/app.js", "/img/logo.png", "/search", "/login", "/products/42"}
	evs := make([]parser.Event, n)
	for i := range evs {
		ev := &evs[i]
		ev.Time = t0.Add(time.Duration(i) * time.Millisecond)
		c, round := i%1000, i/1000
		ev.Client = netip.AddrFrom4([4]byte{10, 1, byte(c >> 8), byte(c)})
		ev.Method = []byte("GET")
		ev.Path = []byte(paths[(c+round)%len(paths)])
		ev.Status = 200
		switch (c + round) % 50 {
		case 7:
			ev.Status = 404
		case 13:
			ev.Method, ev.Path, ev.Status = []byte("POST"), []byte("/login"), 302
		}
		if i%3 == 0 {
			ev.Query = []byte("q=shoes&page=2")
		}
		ev.UA = []byte("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
		ev.Referer = []byte("https://example.com/")
	}
	return evs
}

func matcherPolicy(tb testing.TB) *rules.Policy {
	p := fiveThrottles()
	m, err := patterns.Compile(patterns.Options{})
	if err != nil {
		tb.Fatalf("compile patterns: %v", err)
	}
	p.Patterns = m
	return p
}

func TestObserveDoesNotAllocate(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    *rules.Policy
	}{
		{"nil-matcher", fiveThrottles()},
		{"compiled-matcher", matcherPolicy(t)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := New(tc.p, Options{})
			evs := benignEvents(20_000)
			for i := range evs[:10_000] { // warm up: every client seen
				e.Observe(&evs[i])
			}
			i := 10_000
			allocs := testing.AllocsPerRun(5000, func() {
				if v := e.Observe(&evs[i]); v.Decision != nil || len(v.Hits) > 0 {
					t.Fatalf("benign event %d: %+v", i, v)
				}
				i++
			})
			if allocs != 0 {
				t.Fatalf("%.2f allocations per benign Observe, want 0", allocs)
			}
		})
	}
}

func BenchmarkObserve(b *testing.B) {
	evs := benignEvents(1 << 16)
	b.Run("benign/nil-matcher", func(b *testing.B) {
		benchEvents(b, New(fiveThrottles(), Options{}), evs)
	})
	b.Run("benign/compiled-matcher", func(b *testing.B) {
		benchEvents(b, New(matcherPolicy(b), Options{}), evs)
	})
	b.Run("banned", func(b *testing.B) {
		e := New(fiveThrottles(), Options{})
		ev := req{ip: "192.0.2.1", path: "/wp-login.php"}.event()
		e.Observe(ev)
		ev.Path = []byte("/")
		b.ReportAllocs()
		defer cpuPerOp(b)()
		for b.Loop() {
			if !e.Observe(ev).Banned {
				b.Fatal("not banned")
			}
		}
	})
	for _, maxClients := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("spray-1M/cap=%d", maxClients), func(b *testing.B) {
			// Every request is a client never seen before. The engine is
			// first filled with a million such clients (untimed), so the
			// timed requests each insert a client and evict the least
			// recently seen one, with a working set of maxClients.
			p := fiveThrottles()
			p.Limits.MaxClients = maxClients
			e := New(p, Options{})
			ev := &parser.Event{Method: []byte("GET"), Path: []byte("/index.html"), Status: 200}
			i := 0
			for ; i < 1_000_000; i++ {
				sprayEvent(ev, i, t0.Add(time.Duration(i)*time.Microsecond))
				e.Observe(ev)
			}
			b.ReportAllocs()
			done := cpuPerOp(b)
			for b.Loop() {
				sprayEvent(ev, i, t0.Add(time.Duration(i)*time.Microsecond))
				e.Observe(ev)
				i++
			}
			done()
			if st := e.Stats(); st.Clients != maxClients {
				b.Fatalf("%d clients tracked, want %d", st.Clients, maxClients)
			}
		})
	}
}

func benchEvents(b *testing.B, e *Engine, evs []parser.Event) {
	for i := range evs {
		e.Observe(&evs[i])
	}
	// Replay with times moved on, so windows behave as in a longer log.
	shift := time.Duration(len(evs)) * time.Millisecond
	b.ReportAllocs()
	defer cpuPerOp(b)()
	i := 0
	for b.Loop() {
		ev := &evs[i%len(evs)]
		if i%len(evs) == 0 {
			for j := range evs {
				evs[j].Time = evs[j].Time.Add(shift)
			}
		}
		if e.Observe(ev).Decision != nil {
			b.Fatalf("benign event %d banned", i)
		}
		i++
	}
}

// BenchmarkClientMemory reports the heap held per idle client.
func BenchmarkClientMemory(b *testing.B) {
	for b.Loop() {
		b.ReportMetric(bytesPerClient(b, 1_000_000), "B/client")
	}
}

// cpuPerOp pins the benchmark to its OS thread and returns a func that
// reports the thread's CPU time per op (as cpu-ns/op), where supported.
func cpuPerOp(b *testing.B) func() {
	runtime.LockOSThread()
	c0 := threadCPU()
	return func() {
		c1 := threadCPU()
		runtime.UnlockOSThread()
		if c0 >= 0 && c1 >= 0 && b.N > 0 {
			b.ReportMetric(float64(c1-c0)/float64(b.N), "cpu-ns/op")
		}
	}
}
