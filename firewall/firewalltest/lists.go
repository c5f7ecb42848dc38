//go:build linux

package firewalltest

import (
	"context"
	"net/netip"
	"testing"

	"github.com/guardctl/guardctl/internal/netnstest"
)

// Lists: a named list blocks its prefixes, the allow list wins over it,
// refreshing replaces the content, lists do not count as bans, removing one
// leaves the others, and a list someone flushed is reported and restored by
// Ensure. flush empties the "feed" list's IPv4 set.
func Lists(t *testing.T, open Open, flush Fault) {
	t.Parallel()
	ctx := context.Background()
	srv, client := netnstest.Pair(t, clients()...)
	srv.Serve(t, port)
	b := open(t, srv, nil)
	p := netip.MustParsePrefix
	if err := b.SetList(ctx, "feed", []netip.Prefix{p("10.99.0.32/27"), p("fd00:99::2:0/112")}); err != nil {
		t.Fatalf("SetList: %v", err)
	}
	listed := func(a netip.Addr) bool { return a == addr(outCIDR4) || a == addr(outCIDR6) }
	expect(t, client, func(a netip.Addr) bool { return !listed(a) }, "list loaded")
	if err := b.SetAllow(ctx, []netip.Prefix{netip.PrefixFrom(addr(outCIDR4), 32)}); err != nil {
		t.Fatalf("SetAllow: %v", err)
	}
	expect(t, client, func(a netip.Addr) bool { return a != addr(outCIDR6) }, "listed but allowed")
	if err := b.SetAllow(ctx, nil); err != nil {
		t.Fatalf("SetAllow(nil): %v", err)
	}
	c, err := b.Counts(ctx)
	if err != nil {
		t.Fatalf("Counts: %v", err)
	}
	if c.Lists["feed"] != 2 || c.Bans != 0 || !c.Drift.Empty() {
		t.Errorf("Counts: list feed %d, bans %d, drift %q; want 2, 0, none", c.Lists["feed"], c.Bans, c.Drift)
	}

	if err := b.SetList(ctx, "feed", []netip.Prefix{netip.PrefixFrom(addr(free4), 32)}); err != nil {
		t.Fatalf("SetList refresh: %v", err)
	}
	if err := b.SetList(ctx, "geo", []netip.Prefix{netip.PrefixFrom(addr(free6), 128)}); err != nil {
		t.Fatalf("SetList geo: %v", err)
	}
	refreshed := func(a netip.Addr) bool { return a != addr(free4) && a != addr(free6) }
	expect(t, client, refreshed, "list refreshed, second list")
	if c, err := b.Counts(ctx); err != nil || c.Lists["feed"] != 1 || c.Lists["geo"] != 1 {
		t.Errorf("Counts after refresh = %v, %v; want feed 1, geo 1", c.Lists, err)
	}

	srv.Run(t, flush.Args...)
	if d, err := b.Verify(ctx); err != nil || d.Empty() {
		t.Errorf("Verify after %s = %q, %v; want a drift", flush.Name, d, err)
	}
	if err := b.Ensure(ctx); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	if d, err := b.Verify(ctx); err != nil || !d.Empty() {
		t.Errorf("Verify after Ensure = %q, %v; want none", d, err)
	}
	expect(t, client, refreshed, "list restored by Ensure")

	if err := b.RemoveList(ctx, "feed"); err != nil {
		t.Fatalf("RemoveList: %v", err)
	}
	if err := b.RemoveList(ctx, "never"); err != nil {
		t.Errorf("RemoveList of an unknown list: %v", err)
	}
	expect(t, client, func(a netip.Addr) bool { return a != addr(free6) }, "feed removed, geo kept")
	if err := b.SetList(ctx, "Bad-Name", nil); err == nil {
		t.Error("SetList accepted the name Bad-Name")
	}

	// A restarted process keeps enforcing the lists it finds, reports
	// them, and can remove them.
	again := open(t, srv, nil)
	c, err = again.Counts(ctx)
	if err != nil || c.Lists["geo"] != 1 || !c.Drift.Empty() {
		t.Errorf("Counts after restart: lists %v drift %q err %v; want geo 1 and none", c.Lists, c.Drift, err)
	}
	expect(t, client, func(a netip.Addr) bool { return a != addr(free6) }, "after restart, geo still enforced")
	if err := again.RemoveList(ctx, "geo"); err != nil {
		t.Fatalf("RemoveList after restart: %v", err)
	}
	expect(t, client, func(netip.Addr) bool { return true }, "geo removed after restart")
	if c, err := again.Counts(ctx); err != nil || len(c.Lists) != 0 {
		t.Errorf("Counts after removing every list: %v, %v", c.Lists, err)
	}
}
