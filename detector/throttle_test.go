package detector

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/guardctl/guardctl/rules"
)

func TestGCRA(t *testing.T) {
	t.Parallel()
	// Unit check of the bucket itself: limit 3 per 3s.
	const s = int64(time.Second)
	tat := int64(0)
	w, e := 3*s, emission(3, 3*s)
	steps := []struct {
		at   int64
		viol bool
	}{
		{0, false}, {0, false}, {0, false}, // a burst of 3 passes
		{0, true},                          // the 4th violates and empties the bucket
		{0, false}, {0, false}, {0, false}, // so three more pass
		{1 * s, false},                 // one emission interval later there is room for one
		{1 * s, true},                  // but not for two; the bucket is emptied
		{1 * s, false},                 //
		{100 * s, false},               // long idle: drained
		{100*s + s/2, false},           //
		{100*s + s/2 + 1, false},       //
		{100*s + s/2 + 2, true},        // 4 within 0.5s
		{100*s + s/2 + 2 + 3*s, false}, // a full window later
	}
	for i, st := range steps {
		if got := gcra(&tat, st.at, e, w); got != st.viol {
			t.Fatalf("step %d at %v: violation = %v, want %v", i, time.Duration(st.at), got, st.viol)
		}
	}
}

func TestFloodBansAtLimitPlusOne(t *testing.T) {
	t.Parallel()
	tests := []struct {
		limit  int
		window time.Duration
		gap    time.Duration // between requests; the flood spans less than window/limit
	}{
		{limit: 10, window: time.Minute, gap: 100 * time.Millisecond},
		{limit: 5, window: 10 * time.Second, gap: 0}, // CLF logs: one-second resolution
		{limit: 100, window: time.Minute, gap: 5 * time.Millisecond},
		{limit: 1, window: time.Hour, gap: time.Second},
		{limit: 600, window: 10 * time.Minute, gap: time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d per %v", tt.limit, tt.window), func(t *testing.T) {
			p := policy(rules.Throttle{ID: "flood", Limit: tt.limit, Window: tt.window, Weight: 10})
			e := New(p, Options{})
			reqs := burst("198.51.100.7", tt.limit+1, 0, tt.gap, req{})
			i, d := firstDecision(e, reqs)
			if i != tt.limit {
				t.Fatalf("ban at request %d, want %d (the limit+1-th)", i+1, tt.limit+1)
			}
			if !slices.Equal(d.Rules, []string{"flood"}) || d.Offence != 1 || d.Duration != 10*time.Minute {
				t.Errorf("decision = %+v", d)
			}
			if want := t0.Add(reqs[tt.limit].at); !d.At.Equal(want) {
				t.Errorf("At = %v, want %v", d.At, want)
			}
			if v := observe(e, req{at: reqs[tt.limit].at, ip: "198.51.100.7"}); !v.Banned {
				t.Error("next request not Banned")
			}
		})
	}
}

func TestSteadyRate(t *testing.T) {
	t.Parallel()
	// One hour of traffic at a steady rate against 60 per minute.
	tests := []struct {
		name    string
		gap     time.Duration
		wantHit bool
	}{
		{"just under the limit", 1010 * time.Millisecond, false},
		{"exactly the limit", time.Second, false},
		{"just over the limit", 980 * time.Millisecond, true}, // proves the test can fail
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := policy(rules.Throttle{ID: "rate", Limit: 60, Window: time.Minute, Weight: 1})
			p.Escalation.Threshold = 1_000_000 // count violations, never ban
			e := New(p, Options{})
			n := int(time.Hour / tt.gap)
			hits := 0
			for _, r := range burst("192.0.2.10", n, 0, tt.gap, req{}) {
				hits += len(e.Observe(r.event()).Hits)
			}
			if (hits > 0) != tt.wantHit {
				t.Fatalf("%d requests: %d violations, want any = %v", n, hits, tt.wantHit)
			}
		})
	}
}

func TestSlidingNotFixedBuckets(t *testing.T) {
	t.Parallel()
	// 10 per minute. A fixed per-minute counter would reset at 12:01:00 and
	// let the 11th request at 12:01:01 through.
	p := policy(rules.Throttle{ID: "rate", Limit: 10, Window: time.Minute, Weight: 10})
	e := New(p, Options{})
	reqs := burst("192.0.2.20", 10, 59*time.Second, 50*time.Millisecond, req{})
	reqs = append(reqs, req{at: 61 * time.Second, ip: "192.0.2.20"})
	if i, _ := firstDecision(e, reqs); i != 10 {
		t.Fatalf("ban at request %d, want 11 (0:59 burst and 1:01 count together)", i+1)
	}

	// Room comes back only as time passes: after the same burst, a whole
	// window later the client may send 10 again, but not 11.
	e = New(p, Options{})
	reqs = burst("192.0.2.21", 10, 59*time.Second, 0, req{})
	reqs = append(reqs, burst("192.0.2.21", 10, 119*time.Second, 0, req{})...)
	if i, _ := firstDecision(e, reqs); i != -1 {
		t.Fatalf("ban at request %d, want none", i+1)
	}
	if v := observe(e, req{at: 119 * time.Second, ip: "192.0.2.21"}); v.Decision == nil {
		t.Fatal("11th request of the second minute: no ban")
	}
}

func TestBruteForceScope(t *testing.T) {
	t.Parallel()
	login := rules.Throttle{
		ID: "login-bruteforce", Limit: 5, Window: 10 * time.Minute, Weight: 10,
		Methods: []string{"POST"}, Statuses: []int{401}, Path: &rules.PathMatch{Exact: "/login"},
	}
	const ip = "203.0.113.5"
	tests := []struct {
		name string
		reqs []req
		want int // index of the banning request, -1 for none
	}{
		{"GET /login is out of scope", burst(ip, 50, 0, time.Second, req{path: "/login", status: 401}), -1},
		{"successful POST is out of scope", burst(ip, 50, 0, time.Second, req{method: "POST", path: "/login"}), -1},
		{"401 elsewhere is out of scope", burst(ip, 50, 0, time.Second, req{method: "POST", path: "/api", status: 401}), -1},
		{"a user mistyping twice", append(
			burst(ip, 2, 0, 5*time.Second, req{method: "POST", path: "/login", status: 401}),
			req{at: 12 * time.Second, ip: ip, method: "POST", path: "/login", status: 302}), -1},
		{"six failures ban", burst(ip, 10, 0, 2*time.Second, req{method: "POST", path: "/login", status: 401}), 5},
		{"encoded path is the same path", burst(ip, 10, 0, 2*time.Second, req{method: "POST", path: "/l%6fgin", status: 401}), 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := New(policy(login), Options{})
			i, d := firstDecision(e, tt.reqs)
			if i != tt.want {
				t.Fatalf("ban at request index %d, want %d", i, tt.want)
			}
			if d != nil && !slices.Equal(d.Rules, []string{"login-bruteforce"}) {
				t.Errorf("rules = %v", d.Rules)
			}
		})
	}
}

func TestStatusMonitor404(t *testing.T) {
	t.Parallel()
	// 20 404s per minute, weight 5: two violations (threshold 10) ban. The
	// probes come faster than one per emission interval (3s), so the bucket
	// gives nothing back during the scan.
	p := policy(rules.Throttle{ID: "status-404", Limit: 20, Window: time.Minute, Statuses: []int{404}, Weight: 5})
	e := New(p, Options{})
	const ip = "203.0.113.40"
	var reqs []req
	for i := range 100 {
		status := 404
		if i%2 == 1 {
			status = 200 // ordinary pages between the probes do not count
		}
		reqs = append(reqs, req{at: time.Duration(i) * 10 * time.Millisecond, ip: ip, path: fmt.Sprintf("/probe%d", i), status: status})
	}
	var violations []int
	for i, r := range reqs {
		v := e.Observe(r.event())
		if len(v.Hits) > 0 {
			violations = append(violations, i)
		}
		if v.Decision != nil {
			if !slices.Equal(d2s(v.Decision), []string{"status-404"}) || v.Decision.Points != 10 {
				t.Errorf("decision = %+v", v.Decision)
			}
			break
		}
	}
	// The 21st 404 violates; counting starts again, so the 42nd violates too.
	if want := []int{40, 82}; !slices.Equal(violations, want) {
		t.Fatalf("violations at %v, want %v", violations, want)
	}
}

func d2s(d *Decision) []string { return d.Rules }

func TestDistinctPathCrawl(t *testing.T) {
	t.Parallel()
	crawl := rules.Throttle{ID: "crawl", Limit: 30, Window: time.Minute, Distinct: true, Weight: 10}
	const ip = "198.51.100.30"
	paths := func(n, start int, gap time.Duration) []req {
		out := make([]req, n)
		for i := range out {
			out[i] = req{at: time.Duration(i) * gap, ip: ip, path: fmt.Sprintf("/page/%d", start+i)}
		}
		return out
	}
	tests := []struct {
		name string
		reqs []req
		want int
	}{
		{"crawler: 31 new paths in 1.5s", paths(40, 0, 50*time.Millisecond), 30},
		{"browser: a few paths over and over", func() []req {
			var out []req
			for i := range 2000 {
				out = append(out, req{at: time.Duration(i) * 10 * time.Millisecond, ip: ip, path: fmt.Sprintf("/static/%d.css", i%7)})
			}
			return out
		}(), -1},
		{"30 paths then repeats of them", func() []req {
			out := paths(30, 0, 10*time.Millisecond)
			for i := range 300 {
				out = append(out, req{at: time.Second, ip: ip, path: fmt.Sprintf("/page/%d", i%30)})
			}
			return out
		}(), -1},
		{"new paths at the limit rate for an hour", paths(1800, 0, 2*time.Second), -1},
		{"encoded repeats are repeats", func() []req {
			out := paths(30, 0, 10*time.Millisecond)
			for i := range 30 {
				out = append(out, req{at: time.Second, ip: ip, path: fmt.Sprintf("/p%%61ge/%d", i)})
			}
			return append(out, req{at: time.Second, ip: ip, path: "/new"})
		}(), 60},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := New(policy(crawl), Options{})
			i, d := firstDecision(e, tt.reqs)
			if i != tt.want {
				t.Fatalf("ban at request index %d, want %d", i, tt.want)
			}
			if d != nil && !slices.Equal(d.Rules, []string{"crawl"}) {
				t.Errorf("rules = %v", d.Rules)
			}
		})
	}
}

func TestDistinctPathSetBounded(t *testing.T) {
	t.Parallel()
	// A client that starts with a burst of 500 new paths and then discovers
	// new ones at exactly the limit rate keeps a half-full bucket for an
	// hour without violating; its set must stay bounded.
	crawl := rules.Throttle{ID: "crawl", Limit: 1000, Window: time.Minute, Distinct: true, Weight: 10}
	e := New(policy(crawl), Options{})
	for i := range 60_500 {
		at := time.Duration(max(i-500, 0)) * 60 * time.Millisecond
		v := e.Observe(req{at: at, ip: "198.51.100.31", path: fmt.Sprintf("/%d", i)}.event())
		if v.Decision != nil {
			t.Fatalf("ban at %d", i)
		}
	}
	st := e.Stats()
	if st.PathSlots > 2048 || st.PathSetResets == 0 {
		t.Fatalf("path slots %d (want <= 2048), resets %d (want > 0)", st.PathSlots, st.PathSetResets)
	}
}
