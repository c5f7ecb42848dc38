//go:build linux

// Package firewalltest holds the behaviour every kernel backend must show,
// as test suites run against the real kernel inside namespaces the tests
// create: packets from banned sources are blocked and others pass, bans
// expire on their own, a restarted process finds the bans, and 100,000 bans
// load in one call.
package firewalltest

import (
	"context"
	"errors"
	"net/netip"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// Open creates a backend enforcing in ns, with cfg changed by mutate (may be
// nil), already Ensured, and closes it when the test ends.
type Open func(t testing.TB, ns *netnstest.NS, mutate func(*firewall.Config)) firewall.Backend

const port = 8080

// Client addresses used by the packet tests.
const (
	banned4  = "10.99.0.2"
	free4    = "10.99.0.3"
	inCIDR4  = "10.99.0.20" // inside 10.99.0.16/28
	outCIDR4 = "10.99.0.40"
	banned6  = "fd00:99::2"
	free6    = "fd00:99::3"
	inCIDR6  = "fd00:99::1:20" // inside fd00:99::1:0/112
	outCIDR6 = "fd00:99::2:20"
)

func addr(s string) netip.Addr { return netip.MustParseAddr(s) }

func clients() []netip.Addr {
	var out []netip.Addr
	for _, s := range []string{banned4, free4, inCIDR4, outCIDR4, banned6, free6, inCIDR6, outCIDR6} {
		out = append(out, addr(s))
	}
	return out
}

func bans(timeout time.Duration) []firewall.Ban {
	return []firewall.Ban{
		{Prefix: netip.PrefixFrom(addr(banned4), 32), Timeout: timeout},
		{Prefix: netip.MustParsePrefix("10.99.0.16/28"), Timeout: timeout},
		{Prefix: netip.PrefixFrom(addr(banned6), 128), Timeout: timeout},
		{Prefix: netip.MustParsePrefix("fd00:99::1:0/112"), Timeout: timeout},
	}
}

func isBanned(a netip.Addr) bool {
	return a == addr(banned4) || a == addr(inCIDR4) || a == addr(banned6) || a == addr(inCIDR6)
}

func server(a netip.Addr) netip.AddrPort {
	if a.Is4() {
		return netip.AddrPortFrom(netnstest.ServerV4(), port)
	}
	return netip.AddrPortFrom(netnstest.ServerV6(), port)
}

// blockedWait is how long a connect to a dropping firewall may hang before
// it counts as blocked; on a veth pair an allowed connect takes well under
// a millisecond, so this leaves room for a loaded machine. Connects that
// must succeed get allowedWait, so load cannot fail them.
const (
	blockedWait = 400 * time.Millisecond
	allowedWait = 5 * time.Second
)

// expect checks that every client connects or not as want says. The
// clients that must connect go first, so the neighbour entry for the
// server is resolved from an allowed source (a neighbour solicitation sent
// from a banned address is dropped like any packet from it, and the entry
// is shared by all sources); then the blocked ones connect at once, so they
// cost one wait, not one each.
func expect(t *testing.T, client *netnstest.NS, want func(netip.Addr) bool, when string) {
	t.Helper()
	cs := clients()
	errs := make([]error, len(cs))
	for _, allowed := range []bool{true, false} {
		var wg sync.WaitGroup
		for i, a := range cs {
			if want(a) != allowed {
				continue
			}
			wait := blockedWait
			if allowed {
				wait = allowedWait
			}
			wg.Go(func() { errs[i] = client.Connect(a, server(a), wait) })
		}
		wg.Wait()
	}
	for i, a := range cs {
		if got := errs[i] == nil; got != want(a) {
			t.Errorf("%s: connect from %s: err %v, want connected=%v", when, a, errs[i], want(a))
		}
	}
}

func setup(t *testing.T, open Open, mutate func(*firewall.Config)) (firewall.Backend, *netnstest.NS) {
	t.Helper()
	srv, client := netnstest.Pair(t, clients()...)
	srv.Serve(t, port)
	b := open(t, srv, mutate)
	expect(t, client, func(netip.Addr) bool { return true }, "before any ban")
	return b, client
}

// Packets: single addresses and CIDRs of both families are blocked while
// banned, others pass, the allow list wins over bans, and unbanning lets
// everyone through again.
func Packets(t *testing.T, open Open) {
	t.Parallel()
	ctx := context.Background()
	b, client := setup(t, open, nil)
	if err := b.Ban(ctx, bans(time.Hour)); err != nil {
		t.Fatalf("Ban: %v", err)
	}
	expect(t, client, func(a netip.Addr) bool { return !isBanned(a) }, "banned")
	noDrift(t, b, "banned")

	st, err := b.Status(ctx)
	if err != nil {
		t.Fatalf("Status: %v", err)
	}
	if got := st.Bans(); got != 4 {
		t.Errorf("Status().Bans() = %d, want 4", got)
	}

	if err := b.SetAllow(ctx, []netip.Prefix{netip.PrefixFrom(addr(banned4), 32), netip.MustParsePrefix("fd00:99::1:0/120")}); err != nil {
		t.Fatalf("SetAllow: %v", err)
	}
	allowed := func(a netip.Addr) bool { return !isBanned(a) || a == addr(banned4) || a == addr(inCIDR6) }
	expect(t, client, allowed, "banned but allowed")
	if err := b.SetAllow(ctx, nil); err != nil {
		t.Fatalf("SetAllow(nil): %v", err)
	}
	expect(t, client, func(a netip.Addr) bool { return !isBanned(a) }, "allow list emptied")

	var ps []netip.Prefix
	for _, ban := range bans(0) {
		ps = append(ps, ban.Prefix)
	}
	if err := b.Unban(ctx, ps); err != nil {
		t.Fatalf("Unban: %v", err)
	}
	expect(t, client, func(netip.Addr) bool { return true }, "after unban")
	if got, err := b.List(ctx); err != nil || len(got) != 0 {
		t.Errorf("List after unban = %v, %v; want empty", got, err)
	}
	noDrift(t, b, "after unban")
}

// noDrift fails the test when Verify finds the kernel differing from what
// the backend loaded itself (its own bookkeeping must match the kernel).
func noDrift(t *testing.T, b firewall.Backend, when string) {
	t.Helper()
	if d, err := b.Verify(context.Background()); err != nil || !d.Empty() {
		t.Errorf("%s: Verify = %q, %v; want no drift", when, d, err)
	}
}

// WithHook wraps open so every backend it opens attaches to hook.
func WithHook(open Open, hook string) Open {
	return func(t testing.TB, ns *netnstest.NS, mutate func(*firewall.Config)) firewall.Backend {
		return open(t, ns, func(c *firewall.Config) {
			c.Hook = hook
			if mutate != nil {
				mutate(c)
			}
		})
	}
}

// Reject: with action reject a banned client is refused at once instead of
// waiting for a timeout.
func Reject(t *testing.T, open Open) {
	t.Parallel()
	ctx := context.Background()
	b, client := setup(t, open, func(c *firewall.Config) { c.Action = "reject" })
	if err := b.Ban(ctx, bans(time.Hour)); err != nil {
		t.Fatalf("Ban: %v", err)
	}
	for _, a := range []netip.Addr{addr(banned4), addr(banned6)} {
		err := client.Connect(a, server(a), 5*time.Second)
		if !errors.Is(err, syscall.ECONNREFUSED) {
			t.Errorf("connect from %s = %v, want connection refused", a, err)
		}
	}
}

// Expiry: a 2-second ban ends by itself; nothing calls the backend.
func Expiry(t *testing.T, open Open) {
	t.Parallel()
	ctx := context.Background()
	b, client := setup(t, open, nil)
	start := time.Now()
	if err := b.Ban(ctx, []firewall.Ban{
		{Prefix: netip.PrefixFrom(addr(banned4), 32), Timeout: 2 * time.Second},
		{Prefix: netip.MustParsePrefix("fd00:99::1:0/112"), Timeout: 2 * time.Second},
	}); err != nil {
		t.Fatalf("Ban: %v", err)
	}
	for _, a := range []netip.Addr{addr(banned4), addr(inCIDR6)} {
		if err := client.Connect(a, server(a), 200*time.Millisecond); err == nil {
			t.Fatalf("connect from %s right after a 2s ban succeeded", a)
		}
	}
	for _, a := range []netip.Addr{addr(banned4), addr(inCIDR6)} {
		var err error
		for time.Since(start) < 10*time.Second {
			if err = client.Connect(a, server(a), 300*time.Millisecond); err == nil {
				break
			}
		}
		if err != nil {
			t.Fatalf("connect from %s still blocked %s after a 2s ban: %v", a, time.Since(start).Round(time.Millisecond), err)
		}
		if d := time.Since(start); d < 1500*time.Millisecond {
			t.Errorf("connect from %s got through after %s, before the 2s ban ended", a, d)
		}
	}
}

// Restart: a second backend instance (a restarted daemon) finds the bans
// with their remaining time, and banning them again refreshes them without
// adding duplicates.
func Restart(t *testing.T, open Open) {
	t.Parallel()
	ctx := context.Background()
	ns := netnstest.New(t)
	first := open(t, ns, nil)
	want := []firewall.Ban{
		{Prefix: netip.MustParsePrefix("192.0.2.7/32"), Timeout: time.Hour},
		{Prefix: netip.MustParsePrefix("198.51.100.0/24")},
		{Prefix: netip.MustParsePrefix("2001:db8::/48"), Timeout: 30 * time.Minute},
	}
	if err := first.Ban(ctx, want); err != nil {
		t.Fatalf("Ban: %v", err)
	}
	if err := first.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	second := open(t, ns, nil)
	got, err := second.List(ctx)
	if err != nil {
		t.Fatalf("List after restart: %v", err)
	}
	checkEntries(t, got, want, "after restart")

	// Let the remaining time drop by more than ipset's 1s granularity.
	time.Sleep(2100 * time.Millisecond)
	if err := second.Ban(ctx, want); err != nil {
		t.Fatalf("Ban again: %v", err)
	}
	again, err := second.List(ctx)
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	checkEntries(t, again, want, "after banning again")
	noDrift(t, second, "restarted backend after List and Ban")
	for i := range again {
		// Without a refresh it would be 2.1s lower than before.
		if floor := got[i].Expires - time.Second; again[i].Expires != 0 && again[i].Expires < floor {
			t.Errorf("%s: expires %s after banning again, want refreshed to at least %s", again[i].Prefix, again[i].Expires, floor)
		}
	}
}

// checkEntries compares prefixes exactly and remaining times within the
// kernel's granularity (ipset counts whole seconds).
func checkEntries(t *testing.T, got []firewall.Entry, want []firewall.Ban, when string) {
	t.Helper()
	slices.SortFunc(got, func(a, b firewall.Entry) int { return a.Prefix.Addr().Compare(b.Prefix.Addr()) })
	want = slices.Clone(want)
	slices.SortFunc(want, func(a, b firewall.Ban) int { return a.Prefix.Addr().Compare(b.Prefix.Addr()) })
	if len(got) != len(want) {
		t.Fatalf("%s: List = %v, want %d entries %v", when, got, len(want), want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Prefix != w.Prefix {
			t.Errorf("%s: entry %d prefix %s, want %s", when, i, g.Prefix, w.Prefix)
		}
		if w.Timeout == 0 && g.Expires != 0 {
			t.Errorf("%s: %s expires in %s, want never", when, g.Prefix, g.Expires)
		}
		if w.Timeout != 0 && (g.Expires > w.Timeout || g.Expires < w.Timeout-30*time.Second) {
			t.Errorf("%s: %s expires in %s, want a little under %s", when, g.Prefix, g.Expires, w.Timeout)
		}
	}
}

// Many returns n distinct IPv4 /32 bans inside 100.64.0.0/10.
func Many(n int, timeout time.Duration) []firewall.Ban {
	out := make([]firewall.Ban, n)
	for i := range out {
		out[i] = firewall.Ban{
			Prefix:  netip.PrefixFrom(netip.AddrFrom4([4]byte{100, 64 + byte(i>>16), byte(i >> 8), byte(i)}), 32),
			Timeout: timeout,
		}
	}
	return out
}

// Many64 returns n distinct IPv6 /64 bans inside 2001:db8::/32, the
// shape of an IPv6 client's ban (one subscriber's whole /64).
func Many64(n int, timeout time.Duration) []firewall.Ban {
	out := make([]firewall.Ban, n)
	for i := range out {
		a := [16]byte{0x20, 0x01, 0x0d, 0xb8, 0, 0, byte(i >> 8), byte(i)}
		a[5] = byte(i >> 16)
		out[i] = firewall.Ban{Prefix: netip.PrefixFrom(netip.AddrFrom16(a), 64), Timeout: timeout}
	}
	return out
}

// Scale: 100,000 bans in one call all arrive (github.com/google/nftables
// v0.3.0 once dropped them silently past ~2,300 per call), counted back one
// by one. Banning again without duplicates is Restart's job.
func Scale(t *testing.T, open Open) {
	t.Parallel()
	ctx := context.Background()
	ns := netnstest.New(t)
	b := open(t, ns, nil)
	many := Many(100_000, time.Hour)
	start := time.Now()
	if err := b.Ban(ctx, many); err != nil {
		t.Fatalf("Ban 100k: %v", err)
	}
	t.Logf("100,000 bans loaded in %s (BenchmarkBan100k measures it)", time.Since(start).Round(time.Millisecond))
	got, err := b.List(ctx)
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	if len(got) != len(many) {
		t.Fatalf("List returned %d bans, want %d", len(got), len(many))
	}
	seen := make(map[netip.Prefix]bool, len(got))
	for _, e := range got {
		if e.Expires <= 0 || e.Expires > time.Hour {
			t.Fatalf("%s expires in %s, want within the hour", e.Prefix, e.Expires)
		}
		seen[e.Prefix] = true
	}
	for _, m := range many {
		if !seen[m.Prefix] {
			t.Fatalf("%s missing from List", m.Prefix)
		}
	}
}

// BenchBan100k measures loading 100,000 bans in one call into empty sets.
func BenchBan100k(b *testing.B, open Open) { benchBanMany(b, open, Many(100_000, time.Hour)) }

// BenchBan100k64 is BenchBan100k with IPv6 /64 bans.
func BenchBan100k64(b *testing.B, open Open) { benchBanMany(b, open, Many64(100_000, time.Hour)) }

func benchBanMany(b *testing.B, open Open, many []firewall.Ban) {
	ctx := context.Background()
	ns := netnstest.New(b)
	fw := open(b, ns, nil)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		if err := fw.Flush(ctx); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := fw.Ban(ctx, many); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/100k")
}
