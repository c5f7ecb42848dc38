//go:build linux

package daemon

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/internal/netnstest"
)

// TestRepairCountsOnlyRepairs (review s12 item 5): a native nft rule in
// iptables-nft's table makes every repair fail. Status counted each failed
// retry as "changed from outside and put back" (116 in 30 s); now it
// counts none, says UNHEALTHY, and the error says why.
func TestRepairCountsOnlyRepairs(t *testing.T) {
	netnstest.Require(t, "iptables-nft", "ipset", "nft")
	ns := netnstest.New(t)
	h := harnessOn(t, "iptables", "")
	cfg, _ := os.ReadFile(h.cfgPath)
	cfg = []byte(strings.Replace(string(cfg), "shared_table = true", "shared_table = true\niptables_mode = \"nft\"", 1))
	if err := os.WriteFile(h.cfgPath, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	h.start(Options{NetNS: ns.Path, HealthEvery: 100 * time.Millisecond})
	ns.Run(t, "nft", "insert", "rule", "ip", "filter", "GUARDCTL", "ip", "saddr", "203.0.113.5", "numgen", "random", "mod", "1", "0", "accept")
	ctx := context.Background()
	eventually(t, 5*time.Second, "backend unhealthy", func() bool {
		st, err := h.d.Status(ctx)
		return err == nil && !st.Backend.Healthy
	})
	time.Sleep(time.Second) // ~4 more failing retries
	st, err := h.d.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Backend.Repairs != 0 {
		t.Errorf("status counts %d repairs (%s), none of which put anything back", st.Backend.Repairs, st.Backend.RepairReason)
	}
	if !strings.Contains(st.Backend.Error, "incompatible") {
		t.Errorf("backend error %q does not say the table is incompatible", st.Backend.Error)
	}
}
