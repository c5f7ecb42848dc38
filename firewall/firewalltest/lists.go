//go:build linux

package firewalltest

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// outbound checks that connections the server opens to listed addresses
// get their replies: a list blocks new connections from its ranges, not the
// answers of the DNS servers or mirrors the host itself talks to.
func outbound(t *testing.T, srv, client *netnstest.NS, to []netip.Addr) {
	t.Helper()
	client.Serve(t, port)
	// IPv6 neighbour discovery is untracked, so a listed source's
	// solicitations and advertisements are dropped: give both sides the
	// other's link address up front (a router's link-local address is
	// never in a list).
	mac := func(ns *netnstest.NS) string {
		return strings.TrimSpace(ns.Run(t, "cat", "/sys/class/net/veth0/address"))
	}
	client.Run(t, "ip", "-6", "neigh", "replace", netnstest.ServerV6().String(), "lladdr", mac(srv), "dev", "veth0", "nud", "permanent")
	for _, a := range to {
		if a.Is6() {
			srv.Run(t, "ip", "-6", "neigh", "replace", a.String(), "lladdr", mac(client), "dev", "veth0", "nud", "permanent")
		}
		src := netnstest.ServerV4()
		if a.Is6() {
			src = netnstest.ServerV6()
		}
		if err := srv.Connect(src, netip.AddrPortFrom(a, port), allowedWait); err != nil {
			t.Errorf("connect from the server out to listed %s: %v; want its replies let in", a, err)
		}
	}
}

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
	outbound(t, srv, client, []netip.Addr{addr(outCIDR4), addr(outCIDR6)})
	expect(t, client, func(a netip.Addr) bool { return !listed(a) }, "list loaded, after connecting out to it")
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

// ListOldShape: a chain whose list rules have the shape before connection
// state was checked (replies from listed ranges dropped) is reported as
// drift and rewritten by Ensure, after which the server's own connections
// to listed addresses get their replies, new ones from them stay blocked,
// and a ban still cuts an open connection. old rewrites the chain's list rules for the list "feed" to that
// shape.
func ListOldShape(t *testing.T, open Open, old Fault) {
	t.Parallel()
	ctx := context.Background()
	srv, client := netnstest.Pair(t, clients()...)
	srv.Serve(t, port)
	b := open(t, srv, nil)
	if err := b.SetList(ctx, "feed", []netip.Prefix{netip.MustParsePrefix("10.99.0.32/27"), netip.MustParsePrefix("fd00:99::2:0/112")}); err != nil {
		t.Fatalf("SetList: %v", err)
	}
	srv.Run(t, old.Args...)
	if d, err := b.Verify(ctx); err != nil || d.Empty() {
		t.Errorf("Verify after %s = %q, %v; want a drift", old.Name, d, err)
	}
	if err := b.Ensure(ctx); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	if d, err := b.Verify(ctx); err != nil || !d.Empty() {
		t.Errorf("Verify after Ensure = %q, %v; want none", d, err)
	}
	outbound(t, srv, client, []netip.Addr{addr(outCIDR4), addr(outCIDR6)})
	expect(t, client, func(a netip.Addr) bool { return a != addr(outCIDR4) && a != addr(outCIDR6) }, "old shape repaired")
	banCutsOpen(t, b, srv, client)
}

// banCutsOpen checks that a ban still cuts a connection already open from
// the banned address: only the list rules let established packets through.
func banCutsOpen(t *testing.T, b firewall.Backend, srv, client *netnstest.NS) {
	t.Helper()
	var ln net.Listener
	if err := srv.Do(func() (err error) { ln, err = net.Listen("tcp", fmt.Sprintf("[::]:%d", port+1)); return err }); err != nil {
		t.Fatalf("listen: %v", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { defer c.Close(); _, _ = io.Copy(c, c) }()
		}
	}()
	t.Cleanup(func() { ln.Close(); <-done })
	var c net.Conn
	err := client.Do(func() (err error) {
		d := net.Dialer{Timeout: allowedWait, LocalAddr: net.TCPAddrFromAddrPort(netip.AddrPortFrom(addr(free4), 0))}
		c, err = d.Dial("tcp", netip.AddrPortFrom(netnstest.ServerV4(), port+1).String())
		return err
	})
	if err != nil {
		t.Fatalf("connect from %s: %v", free4, err)
	}
	defer c.Close()
	echo := func(wait time.Duration) error {
		if err := c.SetDeadline(time.Now().Add(wait)); err != nil {
			return err
		}
		if _, err := c.Write([]byte("x")); err != nil {
			return err
		}
		_, err := io.ReadFull(c, make([]byte, 1))
		return err
	}
	if err := echo(allowedWait); err != nil {
		t.Fatalf("echo before the ban: %v", err)
	}
	if err := b.Ban(context.Background(), []firewall.Ban{{Prefix: netip.PrefixFrom(addr(free4), 32), Timeout: time.Hour}}); err != nil {
		t.Fatalf("Ban: %v", err)
	}
	if err := echo(blockedWait); err == nil {
		t.Errorf("connection open from %s still answered after its ban", free4)
	}
}
