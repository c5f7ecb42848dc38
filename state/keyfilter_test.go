package state

import (
	"fmt"
	"net/netip"
	"testing"
	"time"
)

// TestKeyFilterNoFalseNegatives: a client with a history is always found,
// whether it was written now or read from the file at open.
func TestKeyFilterNoFalseNegatives(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir, Options{Now: epoch})
	var offs []Offence
	for i := range 2000 {
		offs = append(offs, Offence{Key: netip.MustParsePrefix(fmt.Sprintf("10.0.%d.%d/32", i/250, i%250)), At: epoch(), Rule: "r"})
	}
	if _, err := s.Write(Batch{Offences: offs}); err != nil {
		t.Fatal(err)
	}
	check := func(s *Store, when string) {
		for _, o := range offs {
			if n, err := s.OffenceCount(o.Key, epoch().Add(time.Minute), time.Hour); err != nil || n != 1 {
				t.Fatalf("%s: OffenceCount(%s) = %d, %v; want 1", when, o.Key, n, err)
			}
		}
	}
	check(s, "after the write")
	s.db.Close()
	check(openT(t, dir, Options{Now: epoch}), "after reopening")
	f := newKeyFilter(250_000)
	fp := 0
	for i := range 100_000 {
		k, _, _ := prefixKey(netip.MustParsePrefix(fmt.Sprintf("172.16.%d.%d/32", i/250%250, i%250)))
		f.add(k)
		k2, _, _ := prefixKey(netip.MustParsePrefix(fmt.Sprintf("192.168.%d.%d/32", i/250%250, i%250)))
		if f.mayContain(k2) {
			fp++
		}
	}
	if fp > 2000 {
		t.Errorf("%d false positives in 100,000 lookups", fp)
	}
}
