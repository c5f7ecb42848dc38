//go:build linux

package daemon

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/internal/netnstest"
	"github.com/guardctl/guardctl/metrics"
)

// TestMetricsCountRepairs: a repair takes milliseconds, so
// guardctl_backend_healthy stays 1 while something keeps undoing bans (the
// s14 sweep); a scrape must still see it, as a rising
// guardctl_backend_repairs_total.
func TestMetricsCountRepairs(t *testing.T) {
	t.Parallel()
	netnstest.Require(t, "iptables", "ipset")
	ns := netnstest.New(t)
	h := harnessOn(t, "iptables", "")
	h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour})
	m := metrics.New()
	m.SetSnapshot(h.d.MetricsSnapshot)
	if _, err := h.d.Ban(context.Background(), control.BanRequest{Prefix: netip.MustParsePrefix("203.0.113.5/32"), Duration: time.Hour}); err != nil {
		t.Fatal(err)
	}
	if n := h.d.MetricsSnapshot().BackendRepairs; n != 0 {
		t.Fatalf("repairs before any change from outside: %d", n)
	}
	ns.Run(t, "ipset", "flush", "guardctl-ban4")
	deadline := time.Now().Add(10 * time.Second)
	for h.d.MetricsSnapshot().BackendRepairs == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := h.d.MetricsSnapshot().BackendRepairs; n == 0 {
		t.Fatal("an ipset flush was not counted as a repair within 10 s")
	}
	// An element added by hand shows as guardctl_ban_set_foreign_elements
	// once an element audit ran (the health check's, at most every 5 s).
	ns.Run(t, "ipset", "add", "guardctl-ban4", "192.0.2.77", "timeout", "3600")
	deadline = time.Now().Add(10 * time.Second)
	for h.d.MetricsSnapshot().BackendForeign == 0 && time.Now().Before(deadline) {
		h.d.checkHealth(context.Background())
		time.Sleep(50 * time.Millisecond)
	}
	mfs, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"guardctl_backend_repairs_total": true, "guardctl_ban_set_foreign_elements": true}
	for _, mf := range mfs {
		switch mf.GetName() {
		case "guardctl_backend_repairs_total":
			delete(want, mf.GetName())
			if v := mf.GetMetric()[0].GetCounter().GetValue(); v < 1 {
				t.Errorf("guardctl_backend_repairs_total = %v after a repair", v)
			}
		case "guardctl_ban_set_foreign_elements":
			delete(want, mf.GetName())
			if v := mf.GetMetric()[0].GetGauge().GetValue(); v != 1 {
				t.Errorf("guardctl_ban_set_foreign_elements = %v with one element added by hand, want 1", v)
			}
		}
	}
	for name := range want {
		t.Errorf("no %s in the scrape", name)
	}
}
