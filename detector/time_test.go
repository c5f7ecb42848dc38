package detector

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/guardctl/guardctl/rules"
)

func TestDisorderTolerated(t *testing.T) {
	t.Parallel()
	// Lines from several workers: each up to 3s behind the latest one.
	jitter := func(seed uint64, reqs []req) []req {
		rng := rand.New(rand.NewPCG(seed, 1))
		for i := range reqs {
			reqs[i].at -= time.Duration(rng.IntN(3000)) * time.Millisecond
		}
		return reqs
	}
	p := policy(rules.Throttle{ID: "rate", Limit: 60, Window: time.Minute, Weight: 10})

	// Under the limit on average (a request every 1.1s, plus jitter that
	// the bucket's burst absorbs): never a violation, never a reset.
	e := New(p, Options{})
	for _, r := range jitter(1, burst("192.0.2.120", 3000, 10*time.Second, 1100*time.Millisecond, req{})) {
		if v := e.Observe(r.event()); len(v.Hits) > 0 {
			t.Fatalf("violation at %v", r.at)
		}
	}
	st := e.Stats()
	if st.LateEvents == 0 || st.TimeJumps != 0 || st.Clients != 1 {
		t.Fatalf("stats %+v: want late events, no jumps, one client", st)
	}

	// A flood is still banned at its 61st request, jitter or not.
	e = New(p, Options{})
	if i, _ := firstDecision(e, jitter(2, burst("192.0.2.121", 100, 10*time.Second, 10*time.Millisecond, req{}))); i != 60 {
		t.Fatalf("flood with disorder: ban at %d, want 60", i)
	}
}

func TestLateLineAfterBanIsBanned(t *testing.T) {
	t.Parallel()
	p := policy(rules.Throttle{ID: "flood", Limit: 3, Window: time.Minute, Weight: 10})
	e := New(p, Options{})
	firstDecision(e, burst("192.0.2.130", 4, time.Minute, 0, req{}))
	// Written after the ban by a slower worker, stamped 2s earlier.
	if v := observe(e, req{at: time.Minute - 2*time.Second, ip: "192.0.2.130"}); !v.Banned || v.Decision != nil {
		t.Fatalf("late line: %+v", v)
	}
}

func TestBigJumpBackStartsNewTimeline(t *testing.T) {
	t.Parallel()
	p := policy(rules.Throttle{ID: "flood", Limit: 10, Window: time.Hour, Weight: 10})
	e := New(p, Options{})
	day := 24 * time.Hour
	// Yesterday's log read after today's: today, client A used 9 of 10 and
	// client B was banned at noon.
	for _, r := range burst("192.0.2.140", 9, day, time.Second, req{}) {
		observe(e, r)
	}
	if i, _ := firstDecision(e, burst("192.0.2.141", 11, day, 0, req{})); i != 10 {
		t.Fatalf("B: ban at %d", i)
	}
	// Now the older file: the same clock time, a day earlier.
	if v := observe(e, req{at: 0, ip: "192.0.2.140"}); len(v.Hits) > 0 || v.Banned {
		t.Fatalf("A in the older file: %+v", v)
	}
	st := e.Stats()
	if st.TimeJumps != 1 || st.Clients != 1 {
		t.Fatalf("stats %+v: want one jump and only the new line's client", st)
	}
	// A's windows started over: 9 more pass, the 11th request of the day bans.
	if i, _ := firstDecision(e, burst("192.0.2.140", 10, time.Second, time.Second, req{})); i != 9 {
		t.Fatalf("A after the jump: ban at %d, want 9", i)
	}
	// B's ban from the later day does not cover its requests of the day
	// before; its offence history still counts.
	v := observe(e, req{at: 0, ip: "192.0.2.141"})
	if v.Banned {
		t.Fatal("B banned a day before its ban")
	}
	if _, d := firstDecision(e, burst("192.0.2.141", 10, time.Second, 0, req{})); d == nil || d.Offence != 2 {
		t.Fatalf("B's next ban: %+v, want offence 2", d)
	}
	if v := observe(e, req{at: 2 * time.Second, ip: "192.0.2.141"}); !v.Banned {
		t.Fatalf("B after its ban in the older stretch: %+v, want Banned", v)
	}
}

func TestBadTimes(t *testing.T) {
	t.Parallel()
	e := New(policy(), Options{})
	observe(e, req{at: time.Hour, ip: "192.0.2.150"})
	ev := req{ip: "192.0.2.150"}.event()
	ev.Time = time.Time{}
	e.Observe(ev)
	ev.Time = time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)
	e.Observe(ev)
	if st := e.Stats(); st.BadTimes != 2 || st.TimeJumps != 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestJumpBackReusesSlabCleanly(t *testing.T) {
	t.Parallel()
	// Found by FuzzObserve: after a jump the client slab is reused from its
	// start, and a reused node must not point at the old heavy state.
	p := policy(rules.Throttle{ID: "crawl", Limit: 2, Window: time.Minute, Distinct: true, Weight: 3})
	e := New(p, Options{})
	observe(e, req{at: time.Hour, ip: "192.0.2.160", path: "/a"})
	observe(e, req{at: time.Hour, ip: "192.0.2.160", path: "/b"}) // allocates a path set
	for i, path := range []string{"/c", "/d", "/e", "/f"} {
		v := observe(e, req{at: time.Duration(i) * time.Second, ip: "192.0.2.161", path: path})
		if (len(v.Hits) > 0) != (i == 2) { // the 3rd new path violates; counting restarts
			t.Fatalf("request %d after the jump: %+v", i, v)
		}
	}
	if st := e.Stats(); st.TimeJumps != 1 {
		t.Fatalf("stats %+v", st)
	}
}
