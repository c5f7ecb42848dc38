package detector

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/parser"
)

// BenchmarkObserveFloodModel: BenchmarkObserve's policy (fiveThrottles) has
// no [flood] model, so it cannot show a flood.go change. This runs the
// default policy on browsing: 2000 clients, each a page (Referer the page
// before: chained) then 3 assets naming it, a request per ms in all.
func BenchmarkObserveFloodModel(b *testing.B) {
	e := defaultEngine(b)
	n := 1 << 16
	evs := make([]parser.Event, n)
	refs := make([][]byte, 4000)
	pages := make([][]byte, 4000)
	for k := range pages {
		pages[k] = []byte(fmt.Sprintf("/products/item-%d", k))
		refs[k] = []byte(fmt.Sprintf("https://example.com/products/item-%d", k))
	}
	assets := [][]byte{[]byte("/css/site.css"), []byte("/js/app.js"), []byte("/img/logo.png")}
	for i := range evs {
		ev := &evs[i]
		c, round := i%2000, i/2000
		ev.Client = netip.AddrFrom4([4]byte{10, 2, byte(c >> 8), byte(c)})
		ev.Method = []byte("GET")
		ev.Status = 200
		ev.UA = []byte("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
		pg := (c*7 + round/4) % len(pages)
		if round%4 == 0 {
			ev.Path, ev.Referer = pages[pg], refs[(pg+len(pages)-1)%len(pages)]
		} else {
			ev.Path, ev.Referer = assets[round%4-1], refs[pg]
		}
	}
	for i := range evs {
		evs[i].Time = t0.Add(time.Duration(i) * time.Millisecond)
		e.Observe(&evs[i])
	}
	shift := time.Duration(n) * time.Millisecond
	b.ReportAllocs()
	defer cpuPerOp(b)()
	i := 0
	for b.Loop() {
		ev := &evs[i%n]
		ev.Time = ev.Time.Add(shift)
		if e.Observe(ev).Decision != nil {
			b.Fatalf("benign event %d banned", i)
		}
		i++
	}
}
