package detector

import (
	"testing"
	"time"
)

// tracked reports whether ip's client is in e's table.
func tracked(e *Engine, ip string) bool {
	_, ok := e.clients.get(keyOf(e.pol.ClientKey(req{ip: ip}.event().Client)))
	return ok
}

// A request no longer moves its client to the head of the list; the cap
// must still drop a client that was not seen again rather than one that
// was (second chance at the tail).
func TestCapDropsClientNotSeenSinceQueued(t *testing.T) {
	t.Parallel()
	p := policy()
	p.Limits.MaxClients = 3
	e := New(p, Options{})
	observe(e, req{at: 1 * time.Second, ip: "192.0.2.1"})
	observe(e, req{at: 2 * time.Second, ip: "192.0.2.2"})
	observe(e, req{at: 3 * time.Second, ip: "192.0.2.3"})
	observe(e, req{at: 4 * time.Second, ip: "192.0.2.1"}) // .1 is now the most recent
	observe(e, req{at: 5 * time.Second, ip: "192.0.2.4"}) // evicts .2, the least recent
	for ip, want := range map[string]bool{"192.0.2.1": true, "192.0.2.2": false, "192.0.2.3": true, "192.0.2.4": true} {
		if got := tracked(e, ip); got != want {
			t.Errorf("%s tracked = %v, want %v", ip, got, want)
		}
	}
	observe(e, req{at: 6 * time.Second, ip: "192.0.2.5"}) // then .3
	if tracked(e, "192.0.2.3") || !tracked(e, "192.0.2.1") {
		t.Errorf(".3 should have gone before .1")
	}
}

// A client at the tail that is still active must not shield idle clients
// queued after it: it goes back to the head and the idle ones behind it go.
func TestIdleClientsBehindActiveTailAreDropped(t *testing.T) {
	t.Parallel()
	e := New(policy(), Options{})
	observe(e, req{at: 0, ip: "192.0.2.1"}) // the tail, seen all along
	for i := range 50 {
		observe(e, req{at: time.Second, ip: sprayAddr(i).String()})
	}
	for s := range 60 {
		observe(e, req{at: 2*time.Second + time.Duration(s)*time.Minute, ip: "192.0.2.1"})
	}
	if st := e.Stats(); st.Clients != 1 || st.EvictedIdle != 50 || !tracked(e, "192.0.2.1") {
		t.Fatalf("stats %+v: want only the active client left, 50 idle evictions", st)
	}
}

// The second chances of one eviction are bounded: when every client was
// seen since it was queued, one new client still costs at most maxRequeue
// moves, and the table stays at its cap.
func TestCapRequeueIsBounded(t *testing.T) {
	t.Parallel()
	p := policy()
	p.Limits.MaxClients = 4 * maxRequeue
	e := New(p, Options{})
	at := time.Duration(0)
	for range 2 {
		for i := range p.Limits.MaxClients {
			at += time.Millisecond
			observe(e, req{at: at, ip: sprayAddr(i).String()})
		}
	}
	at += time.Millisecond
	observe(e, req{at: at, ip: "198.51.100.1"})
	if st := e.Stats(); st.Clients != p.Limits.MaxClients || st.EvictedCap != 1 {
		t.Fatalf("stats %+v", st)
	}
	// The first maxRequeue clients went back to the head; the next one went.
	if !tracked(e, sprayAddr(0).String()) || tracked(e, sprayAddr(maxRequeue).String()) {
		t.Fatalf("wrong client evicted")
	}
}
