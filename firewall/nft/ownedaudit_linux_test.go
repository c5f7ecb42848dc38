//go:build linux

package nft

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
)

// TestOwnedTableFullAuditIsRare (session 13): the element audit reads
// every ban set in full every 30 s to find timeouts another process
// shortened; an owned table refuses other processes' writes, so there it
// reads in full every ownedFullAuditEvery only. Seen through a record of
// ours that drifted (a ban we believe has 3 h left has 1 h in the kernel):
// only a full read finds it. A minute after the last full read the shared
// table's audit reads it and the owned table's does not; 11 minutes after,
// the owned table's safety read does.
func TestOwnedTableFullAuditIsRare(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := netip.MustParsePrefix("100.64.0.9/32")
	audit := func(owner bool, sinceFull time.Duration) string {
		t.Helper()
		b := open(t, newNS(t), func(c *firewall.Config) { c.Owner = owner }).(*Backend)
		if err := b.Ban(ctx, []firewall.Ban{{Prefix: p, Timeout: time.Hour}}); err != nil {
			t.Fatal(err)
		}
		if b.owned != owner {
			t.Fatalf("owned = %v after Ensure with Owner %v", b.owned, owner)
		}
		b.mu.Lock()
		b.loaded[setBan4].Put(p, 3*time.Hour, time.Now()) // our record drifted
		b.lastFull = time.Now().Add(-sinceFull)
		b.mu.Unlock()
		d, err := b.auditNow(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return d.String()
	}
	if got := audit(false, time.Minute); !strings.Contains(got, "shorter timeout") {
		t.Errorf("shared table, full read 1 min ago: audit = %q, want the shortened ban found (full read every %v)", got, fullAuditEvery)
	}
	if got := audit(true, time.Minute); got != "" {
		t.Errorf("owned table, full read 1 min ago: audit = %q, want no full read (every %v)", got, ownedFullAuditEvery)
	}
	if got := audit(true, ownedFullAuditEvery+time.Minute); !strings.Contains(got, "shorter timeout") {
		t.Errorf("owned table, full read %v ago: audit = %q, want the safety read to find the shortened ban", ownedFullAuditEvery+time.Minute, got)
	}
}
