//go:build linux

package nft

import (
	"context"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/firewalltest"
)

// TestOwnerTakesOverUnownedTableAtScale: the take-over's one transaction
// carries 100,000 host bans and 20,000 IPv6 /64s (a batch of megabytes,
// past the socket's usual send buffer) and keeps every one of them.
func TestOwnerTakesOverUnownedTableAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("100k elements: not with -short")
	}
	t.Parallel()
	ns := newNS(t)
	ctx := context.Background()
	old := open(t, ns, nil)
	bans := append(firewalltest.Many(100_000, time.Hour), firewalltest.Many64(20_000, time.Hour)...)
	if err := old.Ban(ctx, bans); err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	b := open(t, ns, func(c *firewall.Config) { c.Owner = true }).(*Backend)
	if !b.owned {
		t.Fatal("the table is not owned after the start")
	}
	es, err := b.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != len(bans) {
		t.Errorf("%d elements after the take-over, want %d", len(es), len(bans))
	}
}
