//go:build linux

package ipt

import (
	"context"
	"strings"
	"testing"

	"github.com/guardctl/guardctl/internal/netnstest"
)

// TestIncompatibleTable (review s12 item 5): a native nft rule in
// iptables-nft's chain makes iptables-save print only "# Table `filter'
// is incompatible" (exit 0). Verify said "chain GUARDCTL missing", and the
// daemon counted each failing retry as a repair; the reason now says what
// it is and that iptables cannot repair it.
func TestIncompatibleTable(t *testing.T) {
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	b := opener("nft")(t, ns, nil)
	ctx := context.Background()
	ns.Run(t, "nft", "insert", "rule", "ip", "filter", "GUARDCTL", "ip", "saddr", "203.0.113.5", "numgen", "random", "mod", "1", "0", "accept")
	d, err := b.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s := d.String(); !strings.Contains(s, "table filter incompatible") || !strings.Contains(s, "cannot repair") || strings.Contains(s, "missing") {
		t.Errorf("Verify = %q; want the incompatible table named, not a missing chain", s)
	}
}
