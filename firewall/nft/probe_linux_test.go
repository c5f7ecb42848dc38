//go:build linux

package nft

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// TestVerifySameCountSwap (session 15, enforce gap 1): without a Watch
// (the daemon polls Verify every 250 ms when the event group cannot be
// joined) the ban, allow and list sets were compared by count only. A
// same-count swap of a ban set was read only by the 30 s full audit; one
// of the allow set or of a block list's set by nothing, for good: the
// banned address allowed, the denied one let through, status healthy.
// Before probeSample (checked by running this test with the probe taken
// out of Verify) every case below read "no drift". Now the next Verify
// reports it, and the repair (Ensure, SetAllow, Ban again: what the
// daemon's repairDrift calls) puts our contents back.
func TestVerifySameCountSwap(t *testing.T) {
	t.Parallel()
	ns := newNS(t)
	b := open(t, ns, nil).(*Backend)
	ctx := context.Background()
	allow := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("10.9.0.0/16")}
	deny := []netip.Prefix{netip.MustParsePrefix("203.0.113.7/32"), netip.MustParsePrefix("198.51.100.0/24")}
	bans := []firewall.Ban{{Prefix: netip.MustParsePrefix("192.0.2.5/32"), Timeout: time.Hour}, {Prefix: netip.MustParsePrefix("192.0.2.6/32"), Timeout: time.Hour}}
	if err := b.SetAllow(ctx, allow); err != nil {
		t.Fatal(err)
	}
	if err := b.SetList(ctx, "deny", deny); err != nil {
		t.Fatal(err)
	}
	if err := b.Ban(ctx, bans); err != nil {
		t.Fatal(err)
	}
	// The first Verify runs the element audit (paced at 5 s, full at
	// 30 s): take it now, so what follows sees only the quick checks, as
	// every poll but one in 20 does.
	if d, err := b.Verify(ctx); err != nil || !d.Empty() {
		t.Fatalf("premise: Verify = %v, %v on an untouched table", d, err)
	}
	for _, c := range []struct{ name, nft, set, gone string }{
		{"ban set: ours deleted, a stranger added", "delete element inet guardctl ban4 { 192.0.2.5 }; add element inet guardctl ban4 { 198.18.0.1 timeout 1h }", "ban4", "192.0.2.5"},
		{"allow set flushed and refilled with as many, one a banned address", "flush set inet guardctl allow4; add element inet guardctl allow4 { 127.0.0.0/8, 192.0.2.6 }", "allow4", "10.9.0.0/16"},
		{"deny list flushed and refilled with as many strangers", "flush set inet guardctl l_deny4; add element inet guardctl l_deny4 { 192.0.2.3, 192.0.2.4 }", "l_deny4", "203.0.113.7"},
	} {
		ns.Run(t, "nft", c.nft)
		d, err := b.Verify(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(d.String(), "set "+c.set+":") {
			t.Errorf("%s: Verify reported %q, want the set %s named", c.name, d.String(), c.set)
			continue
		}
		if err := b.Ensure(ctx); err != nil {
			t.Fatal(err)
		}
		if err := b.SetAllow(ctx, allow); err != nil {
			t.Fatal(err)
		}
		if err := b.Ban(ctx, bans); err != nil {
			t.Fatal(err)
		}
		got := ns.Run(t, "nft", "list", "set", "inet", "guardctl", c.set)
		if !strings.Contains(got, c.gone) {
			t.Errorf("%s: after the repair %s still lacks %s:\n%s", c.name, c.set, c.gone, got)
		}
		if d, err := b.Verify(ctx); err != nil || !d.Empty() {
			t.Errorf("%s: after the repair Verify = %v, %v", c.name, d, err)
		}
	}
}

// TestProbeFindsOneMissing: the probe names a set when any ONE key of
// those it asks for is missing, wherever it sits in the request (the
// kernel stops answering at the first one), and nothing when all are
// there, in hash and interval sets alike.
func TestProbeFindsOneMissing(t *testing.T) {
	t.Parallel()
	ns := newNS(t)
	b := open(t, ns, nil).(*Backend)
	ctx := context.Background()
	var list []netip.Prefix
	for i := range 40 {
		list = append(list, netip.MustParsePrefix(fmt.Sprintf("10.%d.0.0/16", 2*i)))
	}
	if err := b.SetList(ctx, "feed", list); err != nil {
		t.Fatal(err)
	}
	keys := probeKeys(list, true)
	b.rmu.Lock()
	defer b.rmu.Unlock()
	if m, err := lookupAll(b.rraw, b.cfg.Table, "l_feed4", keys); err != nil || m.IsValid() {
		t.Fatalf("all present: missing %v, err %v", m, err)
	}
	outside := netip.MustParseAddr("10.1.0.5") // between 10.0.0.0/16 and 10.2.0.0/16
	for _, i := range []int{0, 37, len(keys) - 1} {
		missing := append([]netip.Addr(nil), keys...)
		missing[i] = outside
		m, err := lookupAll(b.rraw, b.cfg.Table, "l_feed4", missing)
		if err != nil || m != outside {
			t.Errorf("key %d of %d outside the list: missing %v, err %v", i, len(keys), m, err)
		}
	}
	// The socket is still in step: a lookup after the misses answers right.
	if m, err := lookupAll(b.rraw, b.cfg.Table, "l_feed4", keys[:3]); err != nil || m.IsValid() {
		t.Errorf("after the misses: missing %v, err %v", m, err)
	}
}

// BenchmarkProbe100k: one content probe (what every 250 ms poll without
// a Watch adds to the count checks) with 100,000 host bans in ban4 and a
// 100,000-entry block list: 64 keys looked up in ban4, 64 in l_feed4.
//
//	go test -run '^$' -bench Probe100k -benchtime 200x ./firewall/nft
func BenchmarkProbe100k(bm *testing.B) {
	b := benchBackend(bm)
	ctx := context.Background()
	bans := make([]firewall.Ban, 0, 100_000)
	for i := range 100_000 {
		bans = append(bans, firewall.Ban{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 32), Timeout: time.Hour})
	}
	if err := b.Ban(ctx, bans); err != nil {
		bm.Fatal(err)
	}
	benchProbe(bm, b, b.probeSample)
}

// benchBackend is a backend in a netns of its own holding a block list
// of 100,000 addresses (every other one: they do not merge).
func benchBackend(bm *testing.B) *Backend {
	netnstest.Require(bm, "nft")
	ns := netnstest.New(bm)
	b := open(bm, ns, nil).(*Backend)
	list := make([]netip.Prefix, 0, 100_000)
	for i := range 100_000 {
		j := 2 * i
		list = append(list, netip.PrefixFrom(netip.AddrFrom4([4]byte{172, byte(j >> 16), byte(j >> 8), byte(j)}), 32))
	}
	if err := b.SetList(context.Background(), "feed", list); err != nil {
		bm.Fatal(err)
	}
	return b
}

// benchProbe times probe, reporting its CPU (user + system: the kernel's
// lookups run in the caller's syscalls), which says more than wall time
// on a shared machine.
func benchProbe(bm *testing.B, b *Backend, probe func(context.Context) ([]string, error)) {
	var r0, r1 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &r0)
	bm.ResetTimer()
	for range bm.N {
		r, err := probe(context.Background())
		if err != nil || len(r) > 0 {
			bm.Fatalf("probe: %v, %v", r, err)
		}
	}
	bm.StopTimer()
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &r1)
	cpu := r1.Utime.Nano() - r0.Utime.Nano() + r1.Stime.Nano() - r0.Stime.Nano()
	bm.ReportMetric(float64(cpu)/float64(bm.N), "cpu-ns/op")
}

// BenchmarkProbeLists100k: the full audit's look-up of every entry of a
// 100,000-entry block list (every 30 s on a shared table, 10 min on an
// owned one).
//
//	go test -run '^$' -bench ProbeLists100k -benchtime 10x ./firewall/nft
func BenchmarkProbeLists100k(bm *testing.B) {
	b := benchBackend(bm)
	benchProbe(bm, b, b.probeLists)
}
