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

// TestStatusWarnsOfElementsOutsideTheStore: an element someone adds to our
// ban set by hand is not the store's. Status names it as a warning; it is
// not drift (no repair, the backend stays healthy) and it stays in the
// kernel: guardctl removes only what it put there.
func TestStatusWarnsOfElementsOutsideTheStore(t *testing.T) {
	t.Run("nftables", func(t *testing.T) {
		netnstest.Require(t, "nft")
		warnsOfExtras(t, "nftables", []string{"nft", "add", "element", "inet", "guardctl", "ban4", "{ 192.0.2.77, 192.0.2.78 }"},
			[]string{"nft", "get", "element", "inet", "guardctl", "ban4", "{ 192.0.2.77 }"})
	})
	t.Run("iptables", func(t *testing.T) {
		netnstest.Require(t, "iptables", "ipset")
		warnsOfExtras(t, "iptables", []string{"sh", "-c", "ipset add guardctl-ban4 192.0.2.77 && ipset add guardctl-ban4 192.0.2.78"},
			[]string{"ipset", "test", "guardctl-ban4", "192.0.2.77"})
	})
}

func warnsOfExtras(t *testing.T, backendName string, add, stillThere []string) {
	ns := netnstest.New(t)
	h := nftHarness(t)
	cfg, _ := os.ReadFile(h.cfgPath)
	if err := os.WriteFile(h.cfgPath, []byte(strings.Replace(string(cfg), `backend = "nftables"`, `backend = "`+backendName+`"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	h.start(Options{NetNS: ns.Path, HealthEvery: 100 * time.Millisecond})
	h.append(clfLine("203.0.113.40", "/wp-login.php"))
	eventually(t, 3*time.Second, "ban", func() bool { _, ok := h.banned("203.0.113.40"); return ok })

	ns.Run(t, add...)
	var st string
	// The backend audits the elements at most every 5 s.
	eventually(t, 7*time.Second, "status warning of the two elements", func() bool {
		s, err := h.d.Status(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		st = s.Backend.Warning
		return strings.HasPrefix(st, "2 elements") && strings.Contains(st, "192.0.2.77") && strings.Contains(st, "192.0.2.78")
	})
	// One read, right after the polling above: the flake of session 9
	// (healthy=false, "an earlier read is still waiting") was status's
	// bounded kernel read marking itself in flight after it answered,
	// fixed in boundedRead (TestBoundedReadBackToBack), not a transient
	// to poll past.
	s, _ := h.d.Status(context.Background())
	if !s.Backend.Healthy || s.Backend.Repairs != 0 {
		t.Errorf("extra elements made the backend healthy=%v with %d repairs (%s; error %q, busy %q); they are a warning only", s.Backend.Healthy, s.Backend.Repairs, s.Backend.RepairReason, s.Backend.Error, s.Backend.Busy)
	}
	if _, err := ns.Output(stillThere...); err != nil {
		t.Errorf("the element added by hand was removed: %v", err)
	}
	if strings.Contains(st, "203.0.113.40") {
		t.Errorf("the warning names the daemon's own ban: %s", st)
	}
}
