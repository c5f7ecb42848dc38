package metrics

import "github.com/prometheus/client_golang/prometheus"

// snapshotCollector turns a Snapshot into metrics at scrape time.
type snapshotCollector struct {
	m *Metrics
}

var (
	descLines = prometheus.NewDesc(namespace+"_lines_read_total",
		"Lines read from the source.", []string{"source"}, nil)
	descParsed = prometheus.NewDesc(namespace+"_lines_parsed_total",
		"Lines parsed and judged (read minus skipped minus outside the window).", []string{"source"}, nil)
	descSkipped = prometheus.NewDesc(namespace+"_lines_skipped_total",
		"Lines skipped, by reason (bad_time, bad_client, line_too_long ...).", []string{"source", "reason"}, nil)
	descLag = prometheus.NewDesc(namespace+"_tail_lag_bytes",
		"Bytes written to the source's file and not yet read.", []string{"source"}, nil)
	descIdle = prometheus.NewDesc(namespace+"_tail_last_line_age_seconds",
		"Seconds since the source's last line (absent before the first).", []string{"source"}, nil)
	descActive = prometheus.NewDesc(namespace+"_active_bans",
		"Bans active now, per kernel set.", []string{"set"}, nil)
	descHealthy = prometheus.NewDesc(namespace+"_backend_healthy",
		"1 while the kernel backend passes its checks, 0 while it fails.", nil, nil)
	descRepairs = prometheus.NewDesc(namespace+"_backend_repairs_total",
		"Times the kernel ruleset was changed from outside and put back (guardctl status names the last change).", nil, nil)
	descForeign = prometheus.NewDesc(namespace+"_ban_set_foreign_elements",
		"Elements in guardctl's ban sets that guardctl did not load (added by hand; left in place).", nil, nil)
	descCorruptDropped = prometheus.NewDesc(namespace+"_store_corrupt_dropped_total",
		"Ended ban records removed from the store although they could not be decoded.", nil, nil)
	descCorruptUnreadable = prometheus.NewDesc(namespace+"_store_corrupt_unreadable_records",
		"Ban records the last expiry walk could not read (kept: they may be active).", nil, nil)
)

func (c *snapshotCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descLines, descParsed, descSkipped, descLag, descIdle, descActive, descHealthy, descRepairs, descForeign, descCorruptDropped, descCorruptUnreadable} {
		ch <- d
	}
}

func (c *snapshotCollector) Collect(ch chan<- prometheus.Metric) {
	f := c.m.snap.Load()
	if f == nil {
		return
	}
	s := (*f)()
	for _, src := range s.Sources {
		var skipped uint64
		for reason, n := range src.Skipped {
			skipped += n
			ch <- prometheus.MustNewConstMetric(descSkipped, prometheus.CounterValue, float64(n), src.Name, reason)
		}
		ch <- prometheus.MustNewConstMetric(descLines, prometheus.CounterValue, float64(src.Lines), src.Name)
		parsed := src.Lines - min(src.Lines, skipped+src.OutOfRange)
		ch <- prometheus.MustNewConstMetric(descParsed, prometheus.CounterValue, float64(parsed), src.Name)
		ch <- prometheus.MustNewConstMetric(descLag, prometheus.GaugeValue, float64(src.LagBytes), src.Name)
		if src.LastLineSeconds >= 0 {
			ch <- prometheus.MustNewConstMetric(descIdle, prometheus.GaugeValue, src.LastLineSeconds, src.Name)
		}
	}
	for set, n := range s.ActiveBans {
		ch <- prometheus.MustNewConstMetric(descActive, prometheus.GaugeValue, float64(n), set)
	}
	healthy := 0.0
	if s.BackendHealthy {
		healthy = 1
	}
	ch <- prometheus.MustNewConstMetric(descHealthy, prometheus.GaugeValue, healthy)
	ch <- prometheus.MustNewConstMetric(descRepairs, prometheus.CounterValue, float64(s.BackendRepairs))
	ch <- prometheus.MustNewConstMetric(descForeign, prometheus.GaugeValue, float64(s.BackendForeign))
	ch <- prometheus.MustNewConstMetric(descCorruptDropped, prometheus.CounterValue, float64(s.StoreCorruptDropped))
	ch <- prometheus.MustNewConstMetric(descCorruptUnreadable, prometheus.GaugeValue, float64(s.StoreCorruptUnreadable))
}
