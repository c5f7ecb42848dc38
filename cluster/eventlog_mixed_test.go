package cluster

import (
	"net/netip"
	"testing"
)

// mixedClients are clients of every kind a log holds: IPv4 /32 (logged
// as their address), and as logOther with their key aside: 0.0.0.0/32
// (whose address is logOther's value), IPv4 /24, IPv6 /128 and /64, and
// an IPv4-mapped IPv6 address (another client than its IPv4 address).
func mixedClients(n int) []netip.Prefix {
	ps := make([]netip.Prefix, n)
	for i := range ps {
		b := [4]byte{100, 64, byte(i >> 8), byte(i)}
		switch i % 7 {
		case 1:
			ps[i] = netip.PrefixFrom(netip.IPv4Unspecified(), 32)
		case 2:
			ps[i] = netip.PrefixFrom(netip.AddrFrom4(b), 24).Masked()
		case 3:
			ps[i] = netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0xd, 0xb8, 15: byte(i), 14: byte(i >> 8)}), 128)
		case 4:
			ps[i] = netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0xd, 0xb8, 7: byte(i), 6: byte(i >> 8)}), 64)
		case 5:
			ps[i] = netip.PrefixFrom(netip.AddrFrom16(netip.AddrFrom4(b).As16()), 128)
		default:
			ps[i] = netip.PrefixFrom(netip.AddrFrom4(b), 32)
		}
	}
	return ps
}

// The log keeps every kind of client in order through Takes, also two
// Takes without a Send between and past the log's cap, and counting it
// (Send's path) counts each client as its key. Fails when an IPv4 /32
// event and the others' list go out of step (0.0.0.0/32 logged as its
// address, an others list handed over at a second Take in the wrong
// place, or kept after a cut), or when a logged address is not the key
// keyOf makes of it.
func TestCounterLogMixedClients(t *testing.T) {
	ps := mixedClients(3*logChunk + 11)
	c := &Counter{rules: map[string]*Rule{}}
	r := c.Rule("x", 60e9, 10)
	for round := range 3 {
		for i, p := range ps {
			c.Add(r, p)
			if i == logChunk+5 {
				c.Take() // taken twice before the Send below
			}
		}
		c.Take()
		taken := takenEvents(r)
		if len(taken) != len(ps) || r.takenN != len(ps) {
			t.Fatalf("round %d: taken %d (%d), want %d", round, len(taken), r.takenN, len(ps))
		}
		want := map[countKey]uint32{}
		for i, k := range taken {
			if k != keyOf(ps[i]) {
				t.Fatalf("round %d: taken[%d] = %v, want %s's key", round, i, k.prefix(), ps[i])
			}
			want[k]++
		}
		h := newHeldTable()
		h.begin()
		h.countLog(r.taken, r.takenOthers, nil)
		if h.len() != len(want) {
			t.Fatalf("round %d: %d clients counted, want %d", round, h.len(), len(want))
		}
		for k, n := range want {
			if j := h.find(k); j < 0 || h.counts[j] != n {
				t.Fatalf("round %d: client %s counted at place %d, want %d events", round, k.prefix(), j, n)
			}
		}
		drain(r)
	}
	// Past the cap: the cut events' others are the last of the list and
	// never read; the next log starts in step.
	for i := range maxLog - 3 {
		c.Add(r, ps[i%len(ps)])
	}
	c.Take()
	for i := range 10 {
		c.Add(r, ps[(maxLog-3+i)%len(ps)])
	}
	c.Take()
	taken := takenEvents(r)
	if len(taken) != maxLog || c.Dropped() != 7 {
		t.Fatalf("past the cap: taken %d, dropped %d", len(taken), c.Dropped())
	}
	for i, k := range taken {
		if k != keyOf(ps[i%len(ps)]) {
			t.Fatalf("past the cap: taken[%d] = %v, want %s's key", i, k.prefix(), ps[i%len(ps)])
		}
	}
	drain(r)
	for i := range 20 {
		c.Add(r, ps[i])
	}
	c.Take()
	for i, k := range takenEvents(r) {
		if k != keyOf(ps[i]) {
			t.Fatalf("after the cap: taken[%d] = %v, want %s's key", i, k.prefix(), ps[i])
		}
	}
}
