package metrics

import "github.com/prometheus/client_golang/prometheus"

// snapshotCollector turns a Snapshot into metrics at scrape time.
type snapshotCollector struct {
	snap func() Snapshot
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
	descHits = prometheus.NewDesc(namespace+"_rule_hits_total",
		"Rule hits, by rule and category.", []string{"rule", "category"}, nil)
	descBans = prometheus.NewDesc(namespace+"_bans_total",
		"Bans decided, by reason and origin.", []string{"reason", "origin"}, nil)
	descActive = prometheus.NewDesc(namespace+"_active_bans",
		"Bans active now, per kernel set.", []string{"set"}, nil)
	descStoreErr = prometheus.NewDesc(namespace+"_store_errors_total",
		"Failed writes to the state store.", nil, nil)
	descHealthy = prometheus.NewDesc(namespace+"_backend_healthy",
		"1 while the kernel backend passes its checks, 0 while it fails.", nil, nil)
)

func (c *snapshotCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descLines, descParsed, descSkipped, descLag, descIdle,
		descHits, descBans, descActive, descStoreErr, descHealthy} {
		ch <- d
	}
}

func (c *snapshotCollector) Collect(ch chan<- prometheus.Metric) {
	if c.snap == nil {
		return
	}
	s := c.snap()
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
	for k, n := range s.RuleHits {
		ch <- prometheus.MustNewConstMetric(descHits, prometheus.CounterValue, float64(n), k.Rule, k.Category)
	}
	for k, n := range s.Bans {
		ch <- prometheus.MustNewConstMetric(descBans, prometheus.CounterValue, float64(n), k.Reason, k.Origin)
	}
	for set, n := range s.ActiveBans {
		ch <- prometheus.MustNewConstMetric(descActive, prometheus.GaugeValue, float64(n), set)
	}
	ch <- prometheus.MustNewConstMetric(descStoreErr, prometheus.CounterValue, float64(s.StoreErrors))
	healthy := 0.0
	if s.BackendHealthy {
		healthy = 1
	}
	ch <- prometheus.MustNewConstMetric(descHealthy, prometheus.GaugeValue, healthy)
}
