package detector

import (
	"fmt"
	"net/netip"
	"reflect"
	"runtime"
	"testing"
	"time"
	"unsafe"
)

// TestBanEntryIsSmallAndPointerFree: the ban table's map is scanned by the
// garbage collector, and sized per ban, only if banEntry holds a pointer
// or grows (bans.go; issue 14: 100,000 bans in force in the daemon).
func TestBanEntryIsSmallAndPointerFree(t *testing.T) {
	t.Parallel()
	typ := reflect.TypeFor[banEntry]()
	if s := unsafe.Sizeof(banEntry{}); s > 24 {
		t.Errorf("banEntry is %d bytes, want at most 24", s)
	}
	for i := range typ.NumField() {
		switch typ.Field(i).Type.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.String, reflect.Interface:
			t.Errorf("banEntry.%s holds a pointer", typ.Field(i).Name)
		}
	}
}

// TestBanEntryKeepsEveryDecision: a ban's Decision comes back from the
// table as it was decided, whether its values fit the entry or need a wide
// slot (more than 3 rules, large points or offence, lengths to the
// nanosecond), through replacement and removal, which free the slots.
func TestBanEntryKeepsEveryDecision(t *testing.T) {
	t.Parallel()
	e, _ := trapEngine(time.Minute)
	at := t0.Add(1234567 * time.Nanosecond)
	decs := []Decision{
		{Rules: []string{"a"}, Duration: time.Hour, Points: 10, Offence: 1},
		{Rules: []string{"a", "b", "c"}, Duration: 90*time.Minute + 7, Points: 1<<31 - 1, Offence: 255, Passive: true},
		{Rules: []string{"a", "b", "c", "d"}, Duration: time.Hour, Points: 10, Offence: 1},
		{Rules: []string{"b"}, Duration: time.Hour, Points: 1 << 31, Offence: 2},
		{Rules: []string{"c"}, Duration: time.Hour, Points: 3, Offence: 256, Passive: true},
		{Rules: nil, Duration: maxDuration, Points: 0, Offence: 0},
	}
	keys := make([]key, len(decs))
	for i := range decs {
		d := &decs[i]
		d.Key = netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 0, 0, byte(i)}), 32)
		d.Action, d.At = Ban, at
		if d.Rules == nil {
			d.Rules = []string{}
		}
		keys[i] = keyOf(d.Key)
		e.bans.put(keys[i], e.banEntryOf(d, at.UnixNano()))
	}
	check := func(when string) {
		t.Helper()
		for i, k := range keys {
			b, ok := e.bans.m[k]
			if !ok {
				continue
			}
			if got := e.decision(k, &b); !reflect.DeepEqual(got, decs[i]) {
				t.Errorf("%s: ban %d comes back as %+v, want %+v", when, i, got, decs[i])
			}
		}
	}
	check("put")
	if got := len(e.bans.wide) - len(e.bans.free); got != 3 {
		t.Fatalf("%d wide slots in use, want 3 (4 rules, points 2^31, offence 256)", got)
	}
	// Replace the 4-rule ban with a narrow one: its slot is freed.
	decs[2] = decs[0]
	decs[2].Key = netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 0, 0, 2}), 32)
	e.bans.put(keys[2], e.banEntryOf(&decs[2], at.UnixNano()))
	check("replaced")
	if got := len(e.bans.wide) - len(e.bans.free); got != 2 {
		t.Fatalf("%d wide slots in use after a replacement, want 2", got)
	}
	e.bans.remove(keys[3])
	e.bans.remove(keys[4])
	if e.bans.wide != nil || e.bans.free != nil {
		t.Fatalf("wide slots kept after the last wide ban was removed: %d, free %d", len(e.bans.wide), len(e.bans.free))
	}
	check("removed")
	// The ban's start, rebuilt from its end and length, is exact: a line a
	// nanosecond before it (and more than skew earlier) predates the ban.
	k, b := keys[0], e.bans.m[keys[0]]
	tag := e.bans.tag(k)
	if !e.bans.active(k, tag, 32, at.UnixNano(), 0) || e.bans.active(k, tag, 32, at.UnixNano()-1, 0) {
		t.Fatalf("ban 0 (start %v, end %d) does not start at its decision's time", at, b.until)
	}
}

// BenchmarkBanTableHeap reports the live heap per ban of the detector's
// ban table (map, expiry heap, filter) holding n bans, as the daemon does
// at its peak (issue 14). Run with -benchtime=1x.
func BenchmarkBanTableHeap(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var per float64
			for range b.N {
				var m0, m1 runtime.MemStats
				e, _ := trapEngine(time.Minute)
				runtime.GC()
				runtime.ReadMemStats(&m0)
				lens := []time.Duration{10 * time.Minute, time.Hour, 4 * time.Hour}
				rules := [][]string{{"trap"}, {"scan", "login"}, {"flood"}}
				for i := range n {
					a := netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
					at := t0.Add(time.Duration(i) * time.Millisecond)
					d := &Decision{Key: netip.PrefixFrom(a, 32), Action: Ban, At: at, Duration: lens[i%3], Offence: 1 + i%2, Rules: rules[i%3], Points: 100}
					e.bans.put(keyOf(d.Key), e.banEntryOf(d, at.UnixNano()))
				}
				runtime.GC()
				runtime.ReadMemStats(&m1)
				per = float64(int64(m1.HeapInuse)-int64(m0.HeapInuse)) / float64(n)
				runtime.KeepAlive(e)
			}
			b.ReportMetric(per, "heap-B/ban")
		})
	}
}
