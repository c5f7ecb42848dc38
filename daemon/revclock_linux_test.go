//go:build linux

package daemon

import (
	"context"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// TestRevClockStepLiftsNetworkBans (review s12): the wall clock steps
// forward 3 h (NTP correcting a clock that was behind); a /24 and an IPv6
// /64 banned for 2 h a moment ago leave the kernel at the next
// housekeeping, although their kernel timeouts have ~2 h left.
func TestRevClockStepLiftsNetworkBans(t *testing.T) {
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	fw := kernelBackend(t, ns)
	h := nftHarness(t)
	var skew atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour, Now: now})
	ctx := context.Background()
	nets := []netip.Prefix{netip.MustParsePrefix("198.51.100.0/24"), netip.MustParsePrefix("2001:db8:1::/64"), netip.MustParsePrefix("203.0.113.9/32")}
	for _, p := range nets {
		if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: p, Duration: 2 * time.Hour, Reason: "t"}); err != nil {
			t.Fatal(err)
		}
	}
	before := kernelSet(t, fw)
	skew.Store(int64(3 * time.Hour))
	h.d.expire(ctx)
	after := kernelSet(t, fw)
	st, err := h.d.Status(ctx)
	if err != nil || !strings.Contains(strings.Join(st.Degraded, "; "), "wall clock stepped 1 time(s), last +3h0m0s") {
		t.Errorf("status after the step: %q, %v; want the step named", st.Degraded, err)
	}
	for _, p := range nets {
		key := p.String()
		if p.IsSingleIP() {
			key = p.Addr().String()
		}
		if _, ok := h.banned(key); !ok {
			t.Errorf("%s left the store at a wall-clock step", p)
		}
		t.Logf("%s: kernel before step: %v left; after the clock step + expire: present=%v", p, before[p], func() bool { _, ok := after[p]; return ok }())
		if _, ok := after[p]; !ok {
			t.Errorf("%s lifted from the kernel by a wall-clock step (kernel had %v left)", p, before[p])
		}
	}
}

// TestRevClockStepBackProlongsBans (review s12): the wall clock steps back
// 1 h; a ban of 3 s ends in the kernel on its timeout, the store still
// thinks it active, and the repair puts it back for the store's "remaining"
// (~1 h): a 3 s ban becomes a 1 h ban.
func TestRevClockStepBackProlongsBans(t *testing.T) {
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	fw := kernelBackend(t, ns)
	h := nftHarness(t)
	var skew atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	h.start(Options{NetNS: ns.Path, HealthEvery: time.Second, Now: now})
	ctx := context.Background()
	p := netip.MustParsePrefix("198.51.100.7/32")
	if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: p, Duration: 3 * time.Second, Reason: "t"}); err != nil {
		t.Fatal(err)
	}
	skew.Store(int64(-time.Hour))
	time.Sleep(8 * time.Second)
	k := kernelSet(t, fw)
	if left, ok := k[p]; ok {
		t.Errorf("a 3 s ban is in the kernel 8 s later with %v left (clock stepped back 1 h)", left)
	}
}
