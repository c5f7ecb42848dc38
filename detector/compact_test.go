package detector

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"slices"
	"testing"
	"time"
	"unsafe"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

// mixedEvents is a deterministic stream that drives every kind of model
// state: browsers (pages, assets, several user agents behind one address),
// flooders hammering one path, login guessers, 404 scanners over many
// top-level names, WebDAV syncs, error-log events, lines a little out of
// order, and one jump back in time.
func mixedEvents(n int) []*parser.Event {
	rng := rand.New(rand.NewPCG(14, 1))
	uas := []string{chrome, "curl/8.5.0", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "python-requests/2.31", "Nextcloud-android/3.28"}
	paths := []string{"/", "/index.html", "/css/a.css", "/js/b.js", "/img/c.png", "/search", "/products/42", "/remote.php/dav/files/u/x.jpg", "/Items/9/Images/Primary"}
	evs := make([]*parser.Event, n)
	at := t0
	for i := range evs {
		c := rng.IntN(400)
		if rng.IntN(4) == 0 {
			c = 400 + rng.IntN(100_000) // the long tail: mostly one request each
		}
		ev := &parser.Event{Kind: parser.KindRequest, Method: []byte("GET"), Status: 200, Referer: []byte("https://example.com/")}
		ev.Client = sprayAddr(c)
		ev.UA = []byte(uas[(c+rng.IntN(2)*rng.IntN(len(uas)))%len(uas)])
		ev.Path = []byte(paths[rng.IntN(len(paths))])
		switch c % 10 {
		case 1: // flooder: one path, no referer
			ev.Path, ev.Referer = []byte("/api/items"), nil
		case 2: // login guesser
			ev.Method, ev.Path, ev.Status = []byte("POST"), []byte("/login"), 401
			if rng.IntN(5) == 0 {
				ev.Status = 302
			}
		case 3: // scanner
			ev.Path, ev.Status = []byte(fmt.Sprintf("/probe%d/x", rng.IntN(200))), 404
		case 4: // WebDAV
			ev.Method = []byte("PROPFIND")
			ev.Path = []byte(fmt.Sprintf("/remote.php/dav/files/u/%d", rng.IntN(50)))
			ev.Status = 207
		case 5:
			if rng.IntN(3) == 0 {
				ev.Kind = parser.KindAuthFailure
			}
		case 6:
			if rng.IntN(4) == 0 {
				ev.Status = 503
			}
		}
		gap := time.Duration(rng.IntN(3000)) * time.Microsecond
		if c%10 == 1 || c%10 == 2 {
			gap /= 20
		}
		at = at.Add(gap)
		ev.Time = at
		switch {
		case rng.IntN(50) == 0:
			ev.Time = at.Add(-time.Duration(rng.IntN(2000)) * time.Millisecond) // late line
		case i == n*3/4:
			at = at.Add(-48 * time.Hour) // a new timeline
			ev.Time = at
		}
		evs[i] = ev
	}
	return evs
}

// TestPackedSameVerdicts: keeping clients' slots packed (compact.go) gives
// exactly the verdicts and counters of keeping every client's slots in the
// pool, through bans, evictions at the cap and when idle, external points,
// a time jump and policy reloads.
func TestPackedSameVerdicts(t *testing.T) {
	t.Parallel()
	n := 120_000
	if raceEnabled || testing.Short() {
		n = 30_000
	}
	p := defaultPolicy(t, 5000, 20*time.Second)
	p2 := defaultPolicy(t, 4000, 0)
	p2.Throttles[0].Limit /= 2 // a changed emission interval under the same id
	p2.Throttles = p2.Throttles[:len(p2.Throttles)-1]
	p2.Login = nil
	packed, ref := New(p, Options{}), New(p, Options{})
	ref.unpacked = true
	evs := mixedEvents(n)
	var decisions, hits int
	for i, ev := range evs {
		switch i {
		case n / 3:
			packed.SetPolicy(p2)
			ref.SetPolicy(p2)
		case n / 2:
			packed.SetPolicy(p)
			ref.SetPolicy(p)
		}
		if i%997 == 0 {
			a, b := packed.AddPoints(ev.Client, "reputation", 4), ref.AddPoints(ev.Client, "reputation", 4)
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("event %d: AddPoints %+v, reference %+v", i, a, b)
			}
		}
		v, w := packed.Observe(ev), ref.Observe(ev)
		if !reflect.DeepEqual(v, w) {
			t.Fatalf("event %d (%s %s %s %d): verdict\n%+v\nreference\n%+v", i, ev.Client, ev.Method, ev.Path, ev.Status, v, w)
		}
		if v.Decision != nil {
			decisions++
			// The ban table keeps a decision in packed form; Bans gives
			// it back whole.
			bs := packed.Bans(v.Decision.At)
			j := slices.IndexFunc(bs, func(d Decision) bool { return d.Key == v.Decision.Key })
			if j < 0 || !reflect.DeepEqual(bs[j], *v.Decision) {
				t.Fatalf("event %d: decision %+v, Bans has %+v", i, *v.Decision, bs)
			}
		}
		hits += len(v.Hits)
	}
	if a, b := packed.Stats(), ref.Stats(); a != b {
		t.Fatalf("stats %+v, reference %+v", a, b)
	}
	// The stream must have exercised both forms and the models.
	st := packed.Stats()
	t.Logf("%d decisions, %d hits, %d clients, %d in the pool (reference %d); %+v", decisions, hits, st.Clients, packed.pool.n, ref.pool.n, st)
	if decisions < 20 || hits < 100 || packed.pool.n == 0 || packed.pool.n*2 > st.Clients || ref.pool.n != st.Clients ||
		st.EvictedIdle == 0 || st.EvictedCap == 0 || st.TimeJumps != 1 || st.LateEvents == 0 {
		t.Fatalf("the stream did not exercise packing: %d decisions, %d hits, %d clients, %d in the pool", decisions, hits, st.Clients, packed.pool.n)
	}
}

// TestPackRoundTrip: pack accepts exactly the slots it can give back, and
// refuses what it cannot (a second path, a second user agent, a bucket
// more than 4.29 s ahead, login counts).
func TestPackRoundTrip(t *testing.T) {
	t.Parallel()
	e := New(defaultPolicy(t, 100, 0), Options{})
	c := &e.c
	last := t0.UnixNano()
	st, check := make([]int64, c.stride), make([]int64, c.stride)
	ev := &parser.Event{Method: []byte("GET"), Path: []byte("/scan/x"), Status: 404, UA: []byte("curl/8")}
	ev.Client, ev.Time = netip.MustParseAddr("192.0.2.1"), t0
	e.Observe(ev)
	i, _ := e.clients.get(keyOf(netip.MustParsePrefix("192.0.2.1/32")))
	n := &e.clients.at(i).val
	if n.full != 0 || n.c.fpOf == 0 || n.c.flags != cFlood|cRefs || n.c.mask == 0 {
		t.Fatalf("a one-request 404 client is not packed with its fingerprint and buckets: %+v", n)
	}
	c.unpack(&n.c, last, st)
	if x, ok := c.pack(st, last, check); !ok || x != n.c {
		t.Fatalf("round trip: %+v %v, want %+v", x, ok, n.c)
	}
	for _, tc := range []struct {
		name string
		edit func(st []int64)
	}{
		{"second path", func(st []int64) { st[c.floodSlot+floodRecent] |= 7 << 16 }},
		{"older ring", func(st []int64) { st[c.floodSlot+floodOlder] = 3 }},
		{"second user agent", func(st []int64) { st[c.floodSlot+floodUAs] |= 9 << 16 }},
		{"far bucket", func(st []int64) { st[c.floodSlot+floodTAT] = last + 5e9 }},
		{"window of an older second", func(st []int64) { st[c.floodSlot+floodWindow] -= 1 << 32 }},
		{"throttle bucket not one interval ahead", func(st []int64) { st[c.throttles[0].slot] = last + c.throttles[0].t + 1 }},
		{"login counts", func(st []int64) { st[c.loginSlot+loginFS] = 1 }},
		{"second fingerprint", func(st []int64) {
			for j := range c.throttles {
				if th := &c.throttles[j]; th.distinct >= 0 && int(n.c.fpOf) != j+1 {
					st[th.slot+1] = 5
					return
				}
			}
			st[c.floodSlot+floodOlder] = 3 // a policy with one distinct throttle: refuse anyway
		}},
	} {
		c.unpack(&n.c, last, st)
		tc.edit(st)
		if _, ok := c.pack(st, last, check); ok {
			t.Errorf("%s: packed", tc.name)
		}
	}
}

// TestNodeIsOneCacheLine: a tracked client's node is 64 bytes, so a lookup
// touches one cache line of the slab (chunks are page-aligned).
func TestNodeIsOneCacheLine(t *testing.T) {
	t.Parallel()
	if s := unsafe.Sizeof(node[clientState]{}); s != 64 {
		t.Fatalf("client node is %d bytes, want 64", s)
	}
}

// TestBansManyRules: a ban made of more rules than its entry holds inline
// comes back from Bans with all of them, in order.
func TestBansManyRules(t *testing.T) {
	t.Parallel()
	var ths []rules.Throttle
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		ths = append(ths, rules.Throttle{ID: id, Limit: 1, Window: time.Minute, Weight: 2})
	}
	e := New(policy(ths...), Options{})
	var dec *Decision
	for i := 0; dec == nil && i < 10; i++ {
		dec = observe(e, req{at: time.Duration(i) * time.Millisecond, ip: "192.0.2.7"}).Decision
	}
	if dec == nil || len(dec.Rules) != 5 {
		t.Fatalf("decision %+v, want a ban by 5 rules", dec)
	}
	if bs := e.Bans(dec.At); len(bs) != 1 || !reflect.DeepEqual(bs[0], *dec) {
		t.Fatalf("Bans = %+v, want %+v", bs, *dec)
	}
}
