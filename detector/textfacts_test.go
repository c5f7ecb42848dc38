package detector

import (
	"reflect"
	"testing"
	"time"

	"github.com/guardctl/guardctl/parser"
)

// TestKnownSameVerdicts: judging with the text facts PrepareKnown carried
// (ObserveKnown) gives exactly Observe's verdicts and counters, with a
// PrepCache whose entries collide (the numbers are spaced so that four
// texts share a slot), texts not numbered (0) and a policy reload between
// PrepareKnown and ObserveKnown (its Preps are made again, without facts).
func TestKnownSameVerdicts(t *testing.T) {
	t.Parallel()
	n := 30_000
	if raceEnabled || testing.Short() {
		n = 10_000
	}
	p := defaultPolicy(t, 1500, 20*time.Second)
	seq, kn := New(p, Options{}), New(p, Options{})
	evs := mixedEvents(n)
	ids := map[string]uint64{}
	id := func(s string) uint64 {
		if _, ok := ids[s]; !ok {
			ids[s] = uint64(len(ids))*prepCacheSlots/4 + 1
		}
		return ids[s]
	}
	c := NewPrepCache()
	const batch = 300
	pres := make([]Prep, batch)
	var decisions, known int
	for lo := 0; lo < n; lo += batch {
		hi := min(lo+batch, n)
		for i := lo; i < hi; i++ {
			ev := evs[i]
			var rid, uid uint64
			if i%7 != 0 {
				rid, uid = id(string(ev.Method)+" "+string(ev.Path)), id("ua "+string(ev.UA))
			}
			kn.PrepareKnown(ev, &pres[i-lo], c, rid, uid)
			if pres[i-lo].tf.pathSet && pres[i-lo].tf.uaSet {
				known++
			}
		}
		for i := lo; i < hi; i++ {
			if i == n/2+7 { // inside a batch: its Preps are stale
				seq.SetPolicy(p)
				kn.SetPolicy(p)
			}
			v := seq.Observe(evs[i])
			w := kn.ObserveKnown(evs[i], nil, &pres[i-lo])
			if !reflect.DeepEqual(v, w) {
				t.Fatalf("event %d (%s %s %s): Observe\n%+v\nknown\n%+v", i, evs[i].Client, evs[i].Method, evs[i].Path, v, w)
			}
			if v.Decision != nil {
				decisions++
			}
		}
	}
	if s, k := seq.Stats(), kn.Stats(); s != k {
		t.Fatalf("stats differ:\n%+v\n%+v", s, k)
	}
	if decisions == 0 || known < n/2 {
		t.Fatalf("the stream did not exercise bans or the facts: %d decisions, %d of %d lines with facts", decisions, known, n)
	}
}

// TestPrepCacheFacts: PrepareKnown's facts are the texts' own, also when
// two numbers share a slot of the PrepCache, and a number it has not seen
// is never answered from another's entry.
func TestPrepCacheFacts(t *testing.T) {
	t.Parallel()
	e := New(defaultPolicy(t, 1500, 20*time.Second), Options{})
	c := NewPrepCache()
	paths := []string{"/", "/css/a.css", "/remote.php/dav/files/u/x", "/Items/9/Images/Primary",
		"/v2/lib/blobs/sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "/search"}
	uas := []string{chrome, "curl/8.5.0", "python-requests/2.31", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"}
	for round := range 3 {
		for i, p := range paths {
			u := uas[i%len(uas)]
			ev := &parser.Event{Kind: parser.KindRequest, Time: t0, Client: sprayAddr(i), Method: []byte("GET"),
				Path: []byte(p), UA: []byte(u), Status: 200}
			// Numbers 1 + k*prepCacheSlots: every text in slot 1.
			rid := uint64(1 + i*prepCacheSlots)
			uid := uint64(1 + (i%len(uas))*prepCacheSlots)
			var pre Prep
			e.PrepareKnown(ev, &pre, c, rid, uid)
			var want textFacts
			want.setPath(ev.Path)
			want.setUA(ev.UA)
			if pre.tf != want {
				t.Fatalf("round %d, %q %q: facts %+v, want %+v", round, p, u, pre.tf, want)
			}
		}
	}
	var classes uint8
	var browsers int
	for _, p := range paths {
		var f textFacts
		f.setPath([]byte(p))
		classes |= f.class
	}
	for _, u := range uas {
		var f textFacts
		if f.setUA([]byte(u)); f.browser {
			browsers++
		}
	}
	if classes != pathDAV|pathStatic|pathContent|pathImage || browsers == 0 || browsers == len(uas) {
		t.Fatalf("the texts do not exercise every fact: classes %04b, %d browsers of %d", classes, browsers, len(uas))
	}
}
