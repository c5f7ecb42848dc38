//go:build linux

package daemon_test

import (
	"context"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
)

// An unban reads the kernel for elements the store does not know without
// adopting what it reads: a hand-added element elsewhere stays "extra"
// (reported, never ours), so deleting it later is no lost enforcement and
// starts no repair (review finding: an unban of another address adopted
// it, and its deletion then started a repair of every ban each check,
// forever).
func TestUnbanDoesNotAdoptStrangers(t *testing.T) {
	stranger(t, "nftables", []string{"nft", "add", "element", "inet", "guardctle2e", "ban4", "{ 192.0.2.77 }"},
		[]string{"nft", "delete", "element", "inet", "guardctle2e", "ban4", "{ 192.0.2.77 }"}, "nft")
}

func TestUnbanDoesNotAdoptStrangersIPTables(t *testing.T) {
	stranger(t, "iptables", []string{"ipset", "add", "guardctle2e-ban4", "192.0.2.77"},
		[]string{"ipset", "del", "guardctle2e-ban4", "192.0.2.77"}, "iptables", "ipset")
}

func stranger(t *testing.T, backend string, add, del []string, tools ...string) {
	e := setup(t, backend, tools...)
	e.start()
	ctx := context.Background()
	api := e.clientAPI()
	if _, err := api.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("198.51.100.1/32"), Duration: time.Hour}); err != nil {
		t.Fatal(err)
	}
	if out, err := e.server.Output(add...); err != nil {
		t.Fatal(err, out)
	}
	// A network: an address alone is looked up, not read with the sets.
	if _, err := api.Unban(ctx, control.UnbanRequest{Prefixes: []netip.Prefix{netip.MustParsePrefix("198.51.100.0/24")}}); err != nil {
		t.Fatal(err)
	}
	if out, err := e.server.Output(del...); err != nil {
		t.Fatal(err, out)
	}
	// Watch checks every 2 s (nftables) or 250 ms (iptables), the health
	// check every 10 s: a loop shows as repairs within a few checks.
	time.Sleep(6 * time.Second)
	s, err := api.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// nftables' monitor reports the deletion in our set as it happens and
	// one repair reloads the active bans (not the stranger); a loop
	// repeats it every check and leaves the backend unhealthy.
	if s.Backend.Repairs > 1 || !s.Backend.Healthy {
		t.Errorf("deleting a hand-added element after an unban: %d repairs, healthy %v (%s)", s.Backend.Repairs, s.Backend.Healthy, s.Backend.Error)
	}
}

// An unban of a network removes a /64 a hand (or an old table) put in the
// interval set bannet6, not only those in the /64 hash set (review
// finding: it was reported lifted and left in the kernel).
func TestUnbanNetworkRemovesSlash64InIntervalSet(t *testing.T) {
	e := setup(t, "nftables", "nft")
	e.start()
	ctx := context.Background()
	api := e.clientAPI()
	if _, err := api.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("2001:db8:1:2::/64"), Duration: time.Hour}); err != nil {
		t.Fatal(err)
	}
	if out, err := e.server.Output("nft", "add", "element", "inet", "guardctle2e", "bannet6", "{ 2001:db8:1:5::/64 }"); err != nil {
		t.Fatal(err, out)
	}
	// A hand-added network around a stored ban: it overlaps the ban, and
	// must go too (review finding: it was neither named nor removed).
	if _, err := api.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("10.9.0.5/32"), Duration: time.Hour}); err != nil {
		t.Fatal(err)
	}
	if out, err := e.server.Output("nft", "add", "element", "inet", "guardctle2e", "bannet4", "{ 10.9.0.0/24 }"); err != nil {
		t.Fatal(err, out)
	}
	// Each element the unban removes is reported, once.
	want := map[string]string{"2001:db8:1::/48": "2001:db8:1:2::/64 2001:db8:1:5::/64", "10.9.0.0/16": "10.9.0.0/24 10.9.0.5"}
	for _, n := range []string{"2001:db8:1::/48", "10.9.0.0/16"} {
		got, err := api.Unban(ctx, control.UnbanRequest{Prefixes: []netip.Prefix{netip.MustParsePrefix(n)}})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, g := range got {
			names = append(names, g.Prefix)
		}
		slices.Sort(names)
		if strings.Join(names, " ") != want[n] {
			t.Errorf("unban of %s reported %v, want %s", n, names, want[n])
		}
		for p := range e.kernel() {
			if netip.MustParsePrefix(n).Overlaps(p) {
				t.Errorf("left in the kernel after the unban of %s: %s", n, p)
			}
		}
	}
}
