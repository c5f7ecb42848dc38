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

// TestQuickVerifySeesContentsReplaced (session 14 sweep): the check the
// daemon's guard polls every 250 ms (quickVerify) compared counts only,
// so a ban set whose elements of ours were replaced by as many strangers
// passed it: `ipset swap` of a freshly built set of the same size (a
// blocklist script's atomic refresh aimed at our set's name), `ipset del`
// of ours with `ipset add` of another, or a deletion while an element
// added by hand padded the count. Each was found only by the next health
// check's element audit (10 s later in the daemon), the ban not enforced
// meanwhile; the allow set's, never. Now every one is reported by the first quickVerify, with
// the missing element named, and gone once the bans are loaded again.
func TestQuickVerifySeesContentsReplaced(t *testing.T) {
	t.Parallel()
	netnstest.Require(t, "ipset")
	ns := netnstest.New(t)
	b := opener("nft")(t, ns, nil).(*Backend)
	ctx := context.Background()
	bans := []firewall.Ban{
		{Prefix: netip.MustParsePrefix("203.0.113.5/32"), Timeout: time.Hour},
		{Prefix: netip.MustParsePrefix("203.0.113.6/32"), Timeout: time.Hour},
	}
	allow := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	load := func() {
		t.Helper()
		if err := b.SetAllow(ctx, allow); err != nil {
			t.Fatal(err)
		}
		if err := b.Ban(ctx, bans); err != nil {
			t.Fatal(err)
		}
		if d, err := b.quickVerify(ctx); err != nil || !d.Empty() {
			t.Fatalf("quickVerify with every ban loaded: %q, %v", d, err)
		}
	}
	load()
	for _, fault := range []struct{ name, sh string }{
		{"ipset swap with a same-size set of strangers",
			"ipset save guardctl-ban4 | head -1 | sed 's/guardctl-ban4/gtmp/' | ipset restore && ipset add gtmp 192.0.2.50 && ipset add gtmp 192.0.2.51 && ipset swap gtmp guardctl-ban4 && ipset destroy gtmp"},
		{"ipset del of ours and add of a stranger",
			"ipset del guardctl-ban4 203.0.113.5 && ipset add guardctl-ban4 192.0.2.52 timeout 3600"},
		{"ipset del of ours beside strangers padding the count",
			"ipset del guardctl-ban4 203.0.113.6"},
		// The allow set's count is exact, so only its contents could
		// change unseen: a banned address let past the ban rule for good.
		{"allow set swapped with a same-size set holding a banned address",
			"ipset save guardctl-allow4 | head -1 | sed 's/guardctl-allow4/gtmpa/' | ipset restore && ipset add gtmpa 203.0.113.5 && ipset swap gtmpa guardctl-allow4 && ipset destroy gtmpa"},
	} {
		ns.Run(t, "sh", "-c", fault.sh)
		d, err := b.quickVerify(ctx)
		if err != nil || d.Empty() || !strings.Contains(d.String(), "missing") {
			t.Errorf("%s: quickVerify = %q, %v; want the missing element of ours reported", fault.name, d, err)
		}
		load()
	}
}

// TestQuickVerifyNamesReplacedRule (session 14 sweep): `iptables -R
// GUARDCTL 2 -j RETURN` (our drop replaced) was repaired, but status
// said "chain filter/GUARDCTL: 2 rules, want the 2 rules of guardctl's
// shape". It now names the rule and what it became.
func TestQuickVerifyNamesReplacedRule(t *testing.T) {
	t.Parallel()
	netnstest.Require(t, "iptables", "ipset")
	ns := netnstest.New(t)
	b := opener("nft")(t, ns, nil).(*Backend)
	ctx := context.Background()
	if d, err := b.quickVerify(ctx); err != nil || !d.Empty() {
		t.Fatalf("quickVerify after Ensure: %q, %v", d, err)
	}
	ns.Run(t, "iptables-nft", "-R", "GUARDCTL", "2", "-j", "RETURN")
	d, err := b.quickVerify(ctx)
	if err != nil || !strings.Contains(d.String(), "rule 2 replaced") || !strings.Contains(d.String(), "RETURN") {
		t.Errorf("quickVerify = %q, %v; want rule 2 named, now a RETURN", d, err)
	}
}
