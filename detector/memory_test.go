package detector

import (
	"net/netip"
	"runtime"
	"testing"
	"time"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

// fiveThrottles is a policy shaped like a real one: a global flood limit,
// login brute force, 404 and 401/403 monitors and a distinct-path crawl
// limit, plus trap paths.
func fiveThrottles() *rules.Policy {
	p := policy(
		rules.Throttle{ID: "flood", Limit: 600, Window: time.Minute, Weight: 10},
		rules.Throttle{ID: "login", Limit: 5, Window: 10 * time.Minute, Weight: 10,
			Methods: []string{"POST"}, Statuses: []int{401}, Path: &rules.PathMatch{Prefix: "/login"}},
		rules.Throttle{ID: "status-404", Limit: 30, Window: time.Minute, Statuses: []int{404}, Weight: 5},
		rules.Throttle{ID: "status-40x", Limit: 20, Window: time.Minute, Statuses: []int{401, 403}, Weight: 5},
		rules.Throttle{ID: "crawl", Limit: 300, Window: time.Minute, Distinct: true, Weight: 5},
	)
	p.Traps = []rules.PathMatch{{Exact: "/wp-login.php"}, {Prefix: "/.git/"}}
	return p
}

// sprayEvent fills ev with one ordinary request from the i-th address of a
// spray (IPv4 for even i, IPv6 /64s for odd i).
func sprayEvent(ev *parser.Event, i int, at time.Time) {
	if i%2 == 0 {
		ev.Client = netip.AddrFrom4([4]byte{byte(10 + i>>25), byte(i >> 17), byte(i >> 9), byte(i >> 1)})
	} else {
		ev.Client = netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 4: byte(i >> 24), 5: byte(i >> 16), 6: byte(i >> 8), 7: byte(i), 15: 1})
	}
	ev.Time = at
}

func heapAlloc() int64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// bytesPerClient sprays n clients (one ordinary request each) into a fresh
// engine and returns the heap it holds per client.
func bytesPerClient(tb testing.TB, n int) float64 {
	tb.Helper()
	p := fiveThrottles()
	p.Limits.MaxClients = n
	before := heapAlloc()
	e := New(p, Options{})
	ev := &parser.Event{Method: []byte("GET"), Path: []byte("/index.html"), Status: 200}
	for i := range n {
		sprayEvent(ev, i, t0)
		e.Observe(ev)
	}
	after := heapAlloc()
	if st := e.Stats(); st.Clients != n {
		tb.Fatalf("tracked %d clients, want %d", st.Clients, n)
	}
	runtime.KeepAlive(e)
	return float64(after-before) / float64(n)
}

func TestBytesPerIdleClient(t *testing.T) {
	n := 200_000
	if raceEnabled || testing.Short() {
		n = 50_000
	}
	b := bytesPerClient(t, n)
	t.Logf("%.0f bytes per idle client (%d clients, 5 throttles incl. 1 distinct)", b, n)
	if b > 110 {
		t.Fatalf("%.0f bytes per idle client, want <= 110", b)
	}
}

func TestSprayIsBounded(t *testing.T) {
	// 2M distinct clients, each sending one ordinary request, against a cap
	// of 100k: tracked clients and the heap stay flat once the cap is hit.
	// Under -race or -short it is a tenth of that, with the same ratio.
	total, maxClients := 2_000_000, 100_000
	if raceEnabled || testing.Short() {
		total, maxClients = total/10, maxClients/10
	}
	p := fiveThrottles()
	p.Limits.MaxClients = maxClients
	e := New(p, Options{})
	ev := &parser.Event{Method: []byte("GET"), Path: []byte("/index.html"), Status: 200}
	base := heapAlloc()
	var atCap int64
	for i := range total {
		sprayEvent(ev, i, t0.Add(time.Duration(i)*time.Microsecond))
		e.Observe(ev)
		if i == 2*maxClients {
			atCap = heapAlloc() - base
		}
		if i%10_000 == 0 && e.Stats().Clients > maxClients {
			t.Fatalf("after %d: %d clients tracked", i, e.Stats().Clients)
		}
	}
	end := heapAlloc() - base
	st := e.Stats()
	t.Logf("heap: %.1f MB at 2x the cap, %.1f MB after %d clients; stats %+v", float64(atCap)/1e6, float64(end)/1e6, total, st)
	if st.Clients != maxClients || st.EvictedCap != uint64(total-maxClients) {
		t.Fatalf("tracked %d (want %d), evicted %d (want %d)", st.Clients, maxClients, st.EvictedCap, total-maxClients)
	}
	if bound := int64(maxClients) * 300; end > atCap+atCap/10 || end > bound {
		t.Fatalf("heap grew from %d to %d bytes (bound %d)", atCap, end, bound)
	}
	runtime.KeepAlive(e)
}

func TestIdleEviction(t *testing.T) {
	t.Parallel()
	p := fiveThrottles()
	e := New(p, Options{})
	ev := &parser.Event{Method: []byte("GET"), Path: []byte("/"), Status: 200}
	for i := range 1000 {
		sprayEvent(ev, i, t0)
		e.Observe(ev)
	}
	// One client keeps going for longer than IdleTTL; every event evicts up
	// to two idle clients from the tail.
	for s := range 1000 {
		observe(e, req{at: 11*time.Minute + time.Duration(s)*time.Second, ip: "192.0.2.200"})
	}
	if st := e.Stats(); st.Clients != 1 || st.EvictedIdle != 1000 {
		t.Fatalf("stats %+v: want 1 client left, 1000 idle evictions", st)
	}
}

func TestIdleClientWithLivePointsIsKept(t *testing.T) {
	t.Parallel()
	// Escalation window 1h, IdleTTL 10m: a client with points inside the
	// window is not forgotten when idle.
	p := policy(rules.Throttle{ID: "t", Limit: 1, Window: time.Second, Weight: 5})
	p.Escalation.Window = time.Hour
	e := New(p, Options{})
	const x = "192.0.2.210"
	if i, _ := firstDecision(e, burst(x, 2, 0, 0, req{})); i != -1 {
		t.Fatal("one violation banned")
	}
	for s := range 2000 { // 33 minutes of another client's traffic
		observe(e, req{at: time.Duration(s) * time.Second, ip: "192.0.2.211"})
	}
	if i, d := firstDecision(e, burst(x, 2, 40*time.Minute, 0, req{})); i != 1 || d.Points != 10 {
		t.Fatalf("second violation 40 minutes later: ban at %d, %+v", i, d)
	}
	// Once the points leave the window, an idle client is dropped.
	e = New(p, Options{})
	firstDecision(e, burst(x, 2, 0, 0, req{}))
	for s := range 4000 { // 66 minutes
		observe(e, req{at: time.Duration(s) * time.Second, ip: "192.0.2.211"})
	}
	if st := e.Stats(); st.Clients != 1 {
		t.Fatalf("%d clients tracked, want 1", st.Clients)
	}
}

func TestBanOutlivesEviction(t *testing.T) {
	t.Parallel()
	p := fiveThrottles()
	p.Limits.MaxClients = 1000
	e := New(p, Options{})
	if v := observe(e, req{ip: "192.0.2.220", path: "/wp-login.php"}); v.Decision == nil {
		t.Fatal("trap did not ban")
	}
	ev := &parser.Event{Method: []byte("GET"), Path: []byte("/"), Status: 200}
	for i := range 50_000 {
		sprayEvent(ev, i, t0.Add(time.Duration(i)*time.Millisecond))
		e.Observe(ev)
	}
	if v := observe(e, req{at: time.Minute, ip: "192.0.2.220"}); !v.Banned {
		t.Fatalf("ban lost after %d evictions", e.Stats().EvictedCap)
	}
	if st := e.Stats(); st.Clients > 1000 || st.Bans != 1 {
		t.Fatalf("stats %+v", st)
	}
}

func TestBanTablePurged(t *testing.T) {
	t.Parallel()
	e, ev := trapEngine(time.Minute)
	for i := range 10_000 {
		sprayEvent(ev, i, t0)
		e.Observe(ev)
	}
	if n := e.Stats().Bans; n != 10_000 {
		t.Fatalf("%d bans", n)
	}
	ev.Path = []byte("/")
	for i := range 5000 { // an hour later, 4 purges per event
		sprayEvent(ev, 1_000_000+i, t0.Add(time.Hour))
		e.Observe(ev)
	}
	if n := e.Stats().Bans; n != 0 {
		t.Fatalf("%d bans left after they all ended", n)
	}
}

func TestBytesPerBan(t *testing.T) {
	n := 100_000
	if raceEnabled || testing.Short() {
		n = 20_000
	}
	p := policy()
	p.Traps = []rules.PathMatch{{Exact: "/trap"}}
	p.Limits.MaxClients = 10
	before := heapAlloc()
	e := New(p, Options{})
	ev := &parser.Event{Method: []byte("GET"), Path: []byte("/trap"), Status: 200}
	for i := range n {
		sprayEvent(ev, i, t0)
		e.Observe(ev)
	}
	b := float64(heapAlloc()-before) / float64(n)
	runtime.KeepAlive(e)
	if st := e.Stats(); st.Bans != n {
		t.Fatalf("%d bans, want %d", st.Bans, n)
	}
	t.Logf("%.0f bytes per ban in force (%d bans)", b, n)
	if b > 180 {
		t.Fatalf("%.0f bytes per ban, want <= 180", b)
	}
}
