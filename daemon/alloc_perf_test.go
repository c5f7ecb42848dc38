package daemon

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"
)

// BenchmarkDaemonLineAllocs measures what the running daemon allocates per
// line, end to end: the tailer reading a followed file, the loop judging,
// positions committed. Each op appends a chunk of lines (20,000 clients
// in turn, the paths and agents of a small site) and waits until the loop
// has judged them; MemStats over the whole run gives B/line and
// allocs/line. The wait reads the sources' counters under d.mu, which
// allocates nothing.
//
//	go test ./daemon -run '^$' -bench DaemonLineAllocs -benchtime 40x
func BenchmarkDaemonLineAllocs(b *testing.B) {
	const chunk, clients = 10_000, 20_000
	paths := []string{"/", "/index.html", "/css/site.css", "/js/app.js", "/img/logo.png", "/blog/post-1", "/blog/post-2", "/about", "/contact", "/search?q=shoes"}
	agents := []string{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"}
	h := newHarness(b, "")
	h.start(Options{})
	f, err := os.OpenFile(h.logPath, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	// Event time moves 2 s a chunk (the stamps are rewritten in place
	// before each write), so a client sends a request every 4 s: a site's
	// visitors, not a flood.
	const layout = "02/Jan/2006:15:04:05 -0700"
	t0 := time.Now().UTC().Add(-24 * time.Hour)
	chunks := make([][]byte, 0, 8)
	stamps := make([][]int, 0, cap(chunks))
	for c := range cap(chunks) {
		var s []byte
		var at []int
		for i := range chunk {
			n := (c*chunk + i) % clients
			s = fmt.Appendf(s, "10.%d.%d.%d - - [", n>>16, n>>8&255, n&255)
			at = append(at, len(s))
			s = fmt.Appendf(s, "%s] \"GET %s HTTP/1.1\" 200 %d \"-\" \"%s\"\n",
				t0.Format(layout), paths[i%len(paths)], 512+i%4096, agents[n%len(agents)])
		}
		chunks, stamps = append(chunks, s), append(stamps, at)
	}
	var stamp [len(layout)]byte
	judged := func() uint64 {
		h.d.mu.Lock()
		defer h.d.mu.Unlock()
		var n uint64
		for _, s := range h.d.sources {
			n += s.lines
		}
		return n
	}
	feed := func(i int, want uint64) {
		c := chunks[i%len(chunks)]
		t0.Add(time.Duration(want/chunk)*2*time.Second).AppendFormat(stamp[:0], layout)
		for _, at := range stamps[i%len(chunks)] {
			copy(c[at:], stamp[:])
		}
		if _, err := f.Write(c); err != nil {
			b.Fatal(err)
		}
		deadline := time.Now().Add(time.Minute)
		for judged() < want {
			if time.Now().After(deadline) {
				b.Fatalf("%d lines judged of %d after a minute", judged(), want)
			}
			time.Sleep(time.Millisecond)
		}
	}
	// Warm up: the detector's tables, the memo and the tailer's batches.
	var want uint64
	for i := range len(chunks) {
		want += chunk
		feed(i, want)
	}
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	b.ResetTimer()
	for i := range b.N {
		want += chunk
		feed(i, want)
	}
	b.StopTimer()
	runtime.ReadMemStats(&m1)
	lines := float64(b.N) * chunk
	b.ReportMetric(float64(m1.TotalAlloc-m0.TotalAlloc)/lines, "B/line")
	b.ReportMetric(float64(m1.Mallocs-m0.Mallocs)/lines, "allocs/line")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/lines, "ns/line")
	if bans, err := h.d.List(context.Background()); err != nil || len(bans) > 0 {
		// Bans cost the store's and the kernel's allocations: not what
		// is measured here.
		b.Fatalf("%d bans of these visitors (%v)", len(bans), err)
	}
}
