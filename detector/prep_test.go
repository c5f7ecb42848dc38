package detector

import (
	"net/netip"
	"reflect"
	"testing"
	"time"

	"github.com/guardctl/guardctl/parser"
)

// TestPreparedSameVerdicts: judging as the pipeline does (a batch's Preps
// computed before any of its events is judged, Warm, then ObservePrepared)
// gives exactly Observe's verdicts and counters, through allow and deny
// lists, bans, evictions, a time jump and policy reloads between Prepare
// and ObservePrepared (one of them regrouping IPv6 clients).
func TestPreparedSameVerdicts(t *testing.T) {
	t.Parallel()
	n := 60_000
	if raceEnabled || testing.Short() {
		n = 20_000
	}
	p := defaultPolicy(t, 1500, 20*time.Second)
	p.Allow = prefixes(t, "10.0.0.8/30")
	p.Deny = prefixes(t, "10.0.0.40/31")
	p2 := defaultPolicy(t, 1000, 0)
	p2.IPv6Prefix = 48
	p2.Throttles = p2.Throttles[:len(p2.Throttles)-1]
	seq, bat := New(p, Options{}), New(p, Options{})
	evs := mixedEvents(n)
	const batch = 50 * WarmBatch / 3 // not a multiple of WarmBatch
	pres := make([]Prep, batch)
	var decisions int
	for lo := 0; lo < n; lo += batch {
		hi := min(lo+batch, n)
		for i := lo; i < hi; i++ {
			bat.Prepare(evs[i], &pres[i-lo])
		}
		for i := lo; i < hi; i++ {
			if (i-lo)%WarmBatch == 0 {
				bat.Warm(pres[:hi-lo], i-lo)
			}
			if i == n/3+5 || i == n/2+7 { // inside a batch: its Preps are stale
				np := p2
				if i > n/2 {
					np = p
				}
				seq.SetPolicy(np)
				bat.SetPolicy(np)
			}
			v := seq.Observe(evs[i])
			w := bat.ObservePrepared(evs[i], nil, &pres[i-lo])
			if !reflect.DeepEqual(v, w) {
				t.Fatalf("event %d (%s %s %s): Observe\n%+v\nprepared\n%+v", i, evs[i].Client, evs[i].Method, evs[i].Path, v, w)
			}
			if v.Decision != nil {
				decisions++
			}
		}
	}
	if s, b := seq.Stats(), bat.Stats(); s != b {
		t.Fatalf("stats differ:\n%+v\n%+v", s, b)
	}
	st := seq.Stats()
	if decisions == 0 || st.Allowed == 0 || st.TimeJumps == 0 || st.EvictedCap == 0 {
		t.Fatalf("the stream did not exercise bans, the allow list, a jump and the cap: %d decisions, %+v", decisions, st)
	}
}

// TestPrepMadeUnderAnotherPolicy: a Prep computed before SetPolicy is not
// used as it is: the new policy groups IPv6 clients by /48, and the verdict
// names the /48.
func TestPrepMadeUnderAnotherPolicy(t *testing.T) {
	t.Parallel()
	p := policy()
	e := New(p, Options{})
	ev := &parser.Event{Kind: parser.KindRequest, Time: t0, Client: netip.MustParseAddr("2001:db8:1:2:3::9"),
		Method: []byte("GET"), Path: []byte("/"), Status: 200}
	var pre Prep
	e.Prepare(ev, &pre)
	p2 := policy()
	p2.IPv6Prefix = 48
	e.SetPolicy(p2)
	if v := e.ObservePrepared(ev, nil, &pre); v.Key != netip.MustParsePrefix("2001:db8:1::/48") {
		t.Fatalf("verdict for %v, want 2001:db8:1::/48", v.Key)
	}
}

// TestWarmDoesNotAllocate: the pipeline's judging path makes no allocation
// per event.
func TestWarmDoesNotAllocate(t *testing.T) {
	e := New(matcherPolicy(t), Options{})
	evs := benignEvents(20_000)
	for i := range evs[:10_000] {
		e.Observe(&evs[i])
	}
	var pres [3 * WarmBatch]Prep
	i := 10_000
	allocs := testing.AllocsPerRun(100, func() {
		for j := range pres {
			e.Prepare(&evs[i+j], &pres[j])
		}
		for j := range pres {
			if j%WarmBatch == 0 {
				e.Warm(pres[:], j)
			}
			if v := e.ObservePrepared(&evs[i+j], nil, &pres[j]); v.Decision != nil {
				t.Fatalf("benign event %d: %+v", i+j, v)
			}
		}
		i += len(pres)
	})
	if allocs != 0 {
		t.Fatalf("%.2f allocations per batch of %d, want 0", allocs, len(pres))
	}
}
