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
	mfs, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == "guardctl_backend_repairs_total" {
			if v := mf.GetMetric()[0].GetCounter().GetValue(); v < 1 {
				t.Fatalf("guardctl_backend_repairs_total = %v after a repair", v)
			}
			return
		}
	}
	t.Fatal("no guardctl_backend_repairs_total in the scrape")
}
