//go:build linux

package firewalltest

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// Net64: an IPv6 /64 ban blocks every address of the /64 and nothing
// outside it, reads back as the /64 (List, Lookup of an address inside),
// leaves no drift, and a prefix unban of the /64 lifts it with the host
// ban inside it. The clients of the /64 sit off the server's subnet, so
// the server gets a route to it.
func Net64(t *testing.T, open Open) {
	t.Parallel()
	ctx := context.Background()
	net64 := netip.MustParsePrefix("fd00:99:0:64::/64")
	inA, inB := addr("fd00:99:0:64::20"), addr("fd00:99:0:64:ffff::1")
	outside := addr(free6)
	srv, client := netnstest.Pair(t, inA, inB, outside)
	srv.Run(t, "ip", "-6", "route", "add", net64.String(), "dev", "veth0")
	srv.Serve(t, port)
	b := open(t, srv, nil)
	connects := func(a netip.Addr, want bool, when string) {
		t.Helper()
		wait := blockedWait
		if want {
			wait = allowedWait
		}
		if err := client.Connect(a, server(a), wait); (err == nil) != want {
			t.Errorf("%s: connect from %s: err %v, want connected=%v", when, a, err, want)
		}
	}
	connects(outside, true, "before the ban")
	connects(inA, true, "before the ban")
	bans := []firewall.Ban{{Prefix: net64, Timeout: time.Hour}, {Prefix: netip.PrefixFrom(inB, 128), Timeout: time.Hour}}
	if err := b.Ban(ctx, bans); err != nil {
		t.Fatalf("Ban: %v", err)
	}
	connects(outside, true, "/64 banned")
	connects(inA, false, "/64 banned")
	connects(inB, false, "/64 banned")
	noDrift(t, b, "/64 banned")
	got, err := b.Lookup(ctx, netip.PrefixFrom(inA, 128))
	if err != nil || len(got) != 1 || got[0].Prefix != net64 {
		t.Errorf("Lookup(%s) = %v, %v; want the /64", inA, got, err)
	}
	list, err := b.List(ctx)
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	checkEntries(t, list, bans, "List with a /64")
	if err := b.Unban(ctx, []netip.Prefix{net64}); err != nil {
		t.Fatalf("Unban /64: %v", err)
	}
	connects(inA, true, "/64 unbanned")
	connects(inB, true, "/64 unbanned")
	if got, err := b.List(ctx); err != nil || len(got) != 0 {
		t.Errorf("List after unbanning the /64 = %v, %v; want empty (the host inside went too)", got, err)
	}
	noDrift(t, b, "/64 unbanned")
}
