package daemon

import (
	"net/http"
	"net/netip"
	"os"
	"path/filepath"

	"github.com/guardctl/guardctl/metrics"
	"github.com/guardctl/guardctl/state"
)

// MetricsSnapshot is what a scrape reads of the daemon's state: the
// counters it keeps anyway, so the line path pays nothing for metrics.
func (d *Daemon) MetricsSnapshot() metrics.Snapshot {
	now := d.now()
	snap := metrics.Snapshot{ActiveBans: map[string]int{"ipv4": 0, "ipv6": 0}}
	snap.BackendHealthy, _, _, _ = d.backendHealth()
	snap.BackendRepairs, _, _ = d.repairs.get()
	snap.BackendForeign = d.repairs.foreign()
	snap.StoreCorruptDropped, snap.StoreCorruptUnreadable = d.store.CorruptDropped(), d.store.CorruptUnreadable()
	// A scrape comes every few seconds: counting 100k bans must not hold
	// the loop for all of them (eachActive lets go of d.mu per chunk).
	var v4, v6 int
	d.eachActive(nil, func(k netip.Prefix, a activeBan) {
		switch {
		case !a.lasts(now):
		case k.Addr().Is4():
			v4++
		default:
			v6++
		}
	})
	snap.ActiveBans["ipv4"], snap.ActiveBans["ipv6"] = v4, v6
	d.mu.Lock()
	type file struct {
		path   string
		offset int64
	}
	files := make([]file, 0, len(d.pend.pos))
	for _, p := range d.pend.pos {
		files = append(files, file{p.Path, p.Offset})
	}
	for _, s := range d.sources {
		src := metrics.Source{Name: firstNonEmpty(s.cfg.Path, s.cfg.Label()), Lines: s.lines, Skipped: make(map[string]uint64, len(s.skipped)), LastLineSeconds: -1}
		for r, n := range s.skipped {
			src.Skipped[string(r)] = n
		}
		if !s.lastLine.IsZero() {
			src.LastLineSeconds = now.Sub(s.lastLine).Seconds()
		}
		snap.Sources = append(snap.Sources, src)
	}
	d.mu.Unlock()

	// Lag: what the files hold beyond the read positions. Stat outside
	// the lock: a slow file system must not hold up the loop.
	for i := range snap.Sources {
		pattern := snap.Sources[i].Name
		for _, f := range files {
			if ok, _ := filepath.Match(pattern, f.path); !ok && f.path != pattern {
				continue
			}
			if st, err := os.Stat(f.path); err == nil && st.Size() > f.offset {
				snap.Sources[i].LagBytes += st.Size() - f.offset
			}
		}
	}
	return snap
}

// MetricsHandler serves /metrics on the control socket (control.Handler
// looks for it); a daemon without metrics answers 404.
func (d *Daemon) MetricsHandler() http.Handler {
	return d.opts.Metrics.Handler()
}

// MetricsListen is the [metrics] listen address ("" when off).
func (d *Daemon) MetricsListen() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.cfg.Metrics.Listen
}

// banMetric is the labels guardctl_bans_total counts b under: its first
// rule and its origin, "cluster" for another node's ban. Never its reason
// (an admin's free text; "trap (from web-3)" once per node and reason),
// nor the node: the label sets stay as many as the config's rules.
func banMetric(b state.Ban) (rule, origin string) {
	if len(b.Rules) > 0 {
		rule = b.Rules[0]
	}
	if remoteBan(b) {
		return rule, "cluster"
	}
	return rule, b.Origin.String()
}
