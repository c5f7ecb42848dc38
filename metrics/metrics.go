// Package metrics exposes what the daemon does in the Prometheus text
// format: lines read, parsed and skipped per source, rule hits, bans, the
// kernel's latency, the store and backend health, and how far each source
// is behind its file.
//
// Counters the daemon already keeps (lines and skips per source, active
// bans, store errors) are read when scraped, through a Snapshot function,
// so the line path pays nothing for them. Only what exists nowhere else is
// recorded as it happens: latencies (histograms) and rule hits.
package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

const namespace = "guardctl"

// Snapshot is the daemon's state at scrape time.
type Snapshot struct {
	Sources []Source
	// RuleHits counts hits since start, by rule and category.
	RuleHits map[RuleKey]uint64
	// Bans counts bans since start, by reason and origin (auto, manual,
	// cluster ...).
	Bans map[BanKey]uint64
	// ActiveBans is the number of active bans per kernel set (ipv4, ipv6).
	ActiveBans map[string]int
	// StoreErrors counts failed store writes since start.
	StoreErrors uint64
	// BackendHealthy is false while the kernel side fails its checks.
	BackendHealthy bool
}

// Source is one [[source]] at scrape time.
type Source struct {
	Name            string
	Lines           uint64            // read
	Skipped         map[string]uint64 // by reason
	OutOfRange      uint64            // parsed, outside the judged window
	LagBytes        int64             // file size minus read position
	LastLineSeconds float64           // seconds since the last line, -1 when none yet
}

// RuleKey names a rule.
type RuleKey struct{ Rule, Category string }

// BanKey sorts bans.
type BanKey struct{ Reason, Origin string }

// Metrics holds the daemon's collectors in a registry of its own (no
// global state: two daemons in one test binary do not collide).
type Metrics struct {
	reg          *prometheus.Registry
	kernel       *prometheus.HistogramVec
	lineToKernel prometheus.Histogram
}

// New returns Metrics whose scrape-time values come from snap (nil: none
// until SetSnapshot).
func New(snap func() Snapshot) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		kernel: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "kernel_call_seconds",
			Help:    "Time the kernel backend took per call, by operation (ban, unban, verify ...).",
			Buckets: prometheus.ExponentialBuckets(50e-6, 2, 16), // 50µs .. 1.6s
		}, []string{"op"}),
		lineToKernel: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: namespace, Name: "line_to_kernel_seconds",
			Help:    "From a log line reaching the daemon to its ban being in the kernel.",
			Buckets: prometheus.ExponentialBuckets(100e-6, 2, 16), // 100µs .. 3.3s
		}),
	}
	m.reg.MustRegister(m.kernel, m.lineToKernel, &snapshotCollector{snap: snap},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Registry is for tests and embedding.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// KernelCall records one backend call. Safe on a nil *Metrics.
func (m *Metrics) KernelCall(op string, d time.Duration) {
	if m != nil {
		m.kernel.WithLabelValues(op).Observe(d.Seconds())
	}
}

// LineToKernel records, for n bans, the time from their line's arrival to
// the kernel accepting them. Safe on a nil *Metrics.
func (m *Metrics) LineToKernel(d time.Duration, n int) {
	if m == nil {
		return
	}
	for range n {
		m.lineToKernel.Observe(d.Seconds())
	}
}
