//go:build linux

package ipt

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// TestForeignWrites (review s12 items 1 and 2; ipset knows no owner): an
// entry another process adds to the allow set, and one of our bans
// re-added with a shorter timeout beside a stranger (the count stays
// equal), are drift; the repair (Ensure, SetAllow, Ban again) undoes both.
func TestForeignWrites(t *testing.T) {
	ns := netnstest.New(t)
	b := opener("nft")(t, ns, nil)
	ctx := context.Background()
	victim := netip.MustParsePrefix("203.0.113.5/32")
	allow := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	if err := b.SetAllow(ctx, allow); err != nil {
		t.Fatal(err)
	}
	if err := b.Ban(ctx, []firewall.Ban{{Prefix: victim, Timeout: time.Hour}, {Prefix: netip.MustParsePrefix("203.0.113.6/32"), Timeout: time.Hour}}); err != nil {
		t.Fatal(err)
	}
	if d, err := b.Verify(ctx); err != nil || !d.Empty() {
		t.Fatalf("Verify before: %v, %v", d, err)
	}

	ns.Run(t, "ipset", "add", "guardctl-allow4", "203.0.113.5")
	if d, err := b.Verify(ctx); err != nil || !strings.Contains(d.String(), "guardctl-allow4") {
		t.Errorf("allow entry added by another process: Verify = %q, %v", d, err)
	}
	if err := b.Ensure(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.SetAllow(ctx, allow); err != nil {
		t.Fatal(err)
	}
	if got := ns.Run(t, "ipset", "list", "guardctl-allow4"); strings.Contains(got, "203.0.113.5") {
		t.Errorf("the repair left the foreign allow entry:\n%s", got)
	}

	ns.Run(t, "ipset", "-exist", "add", "guardctl-ban4", "203.0.113.5", "timeout", "20")
	ns.Run(t, "ipset", "add", "guardctl-ban4", "198.51.100.77", "timeout", "3600")
	time.Sleep(defaultAuditEvery) // the audit's pace
	d, err := b.Verify(ctx)
	if err != nil || !strings.Contains(d.String(), "shorter timeout") || !strings.Contains(d.String(), "203.0.113.5/32") {
		t.Errorf("a ban's timeout cut to 20 s beside a stranger: Verify = %q, %v", d, err)
	}
	if err := b.Ban(ctx, []firewall.Ban{{Prefix: victim, Timeout: time.Hour}}); err != nil {
		t.Fatal(err)
	}
	if es, err := b.Lookup(ctx, victim); err != nil || len(es) != 1 || es[0].Expires < 59*time.Minute {
		t.Errorf("after the repair: %v, %v; want about 1h left", es, err)
	}
}
