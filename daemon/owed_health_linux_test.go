//go:build linux

package daemon

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// failedUnban bans 203.0.113.7, adds a hand-made range reaching outside
// 203.0.113.0/28 and unbans that network: the backend will not split the
// range, so the unban's kernel step fails (review revops-s9).
func failedUnban(t *testing.T, h *harness, ns *netnstest.NS) {
	t.Helper()
	ctx := context.Background()
	if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("203.0.113.7/32"), Reason: "t"}); err != nil {
		t.Fatal(err)
	}
	ns.Run(t, "nft", "add", "element", "inet", "guardctl", "bannet4", "{ 203.0.113.5-203.0.113.20 }")
	if _, err := h.d.Unban(ctx, control.UnbanRequest{Prefixes: []netip.Prefix{netip.MustParsePrefix("203.0.113.0/28")}}); err == nil {
		t.Fatal("premise: unban must fail")
	}
}

// An unban given up by the repair is owed to the kernel (the address
// stays blocked): status says unhealthy, and so must the metric
// guardctl_backend_healthy (revops-s9: it said 1, read from the flag the
// repair set after giving up).
func TestGivenUpUnbanMetricsUnhealthy(t *testing.T) {
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	_ = kernelBackend(t, ns)
	h := nftHarness(t)
	h.start(Options{NetNS: ns.Path, HealthEvery: 50 * time.Millisecond})
	failedUnban(t, h, ns)
	eventually(t, 10*time.Second, "the repair giving the unban up", func() bool {
		h.d.oweMu.Lock()
		defer h.d.oweMu.Unlock()
		return len(h.d.givenUp) > 0
	})
	time.Sleep(500 * time.Millisecond) // several health checks
	st, _ := h.d.Status(context.Background())
	m := h.d.MetricsSnapshot()
	if st.Backend.Healthy || st.Backend.Owed == "" {
		t.Fatalf("status healthy=%v owed=%q: want unhealthy with the unban owed", st.Backend.Healthy, st.Backend.Owed)
	}
	if m.BackendHealthy {
		t.Errorf("metrics guardctl_backend_healthy=1 while status says unhealthy (owed %q)", st.Backend.Owed)
	}
}

// An unban whose own kernel step failed waits in lifted for the repair:
// status names it as owed and the metric says unhealthy meanwhile.
func TestLiftedUnbanOwedInStatus(t *testing.T) {
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	_ = kernelBackend(t, ns)
	h := nftHarness(t)
	h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour})
	failedUnban(t, h, ns)
	st, _ := h.d.Status(context.Background())
	if st.Backend.Owed == "" || st.Backend.Healthy {
		t.Errorf("status owed=%q healthy=%v: want the failed unban owed, unhealthy", st.Backend.Owed, st.Backend.Healthy)
	}
	if h.d.MetricsSnapshot().BackendHealthy {
		t.Error("metrics guardctl_backend_healthy=1 while an unban is owed")
	}
}
