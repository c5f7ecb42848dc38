// Package metrics exposes what the daemon does in the Prometheus text
// format: lines read, parsed and skipped per source, rule hits, bans, the
// kernel's latency, the store and backend health, and how far each source
// is behind its file.
//
// Counters the daemon already keeps (lines and skips per source, active
// bans, backend health) are read when scraped, through a Snapshot
// function, so the line path pays nothing for them. Only what exists
// nowhere else is recorded as it happens: latencies, rule hits, bans and
// store errors.
package metrics

import (
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

const namespace = "guardctl"

// Snapshot is the daemon's state at scrape time.
type Snapshot struct {
	Sources []Source
	// ActiveBans is the number of active bans per kernel set (ipv4, ipv6).
	ActiveBans map[string]int
	// BackendHealthy is false while the kernel side fails its checks.
	BackendHealthy bool
	// BackendRepairs counts the kernel ruleset changes from outside that
	// the daemon put back (a repair takes milliseconds, so BackendHealthy
	// rarely shows them); BackendForeign is the last element audit's count
	// of elements in the ban sets that guardctl did not load.
	BackendRepairs uint64
	BackendForeign int
	// StoreCorruptDropped and StoreCorruptUnreadable: the store's
	// corrupt ban records (control.StoreStatus says what they are).
	StoreCorruptDropped, StoreCorruptUnreadable uint64
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

// Metrics holds the daemon's collectors in a registry of its own (no
// global state: two daemons in one test binary do not collide).
type Metrics struct {
	reg          *prometheus.Registry
	snap         atomic.Pointer[func() Snapshot]
	kernel       *prometheus.HistogramVec
	lineToKernel prometheus.Histogram
	hits         *prometheus.CounterVec
	bans         *prometheus.CounterVec
	storeErrors  prometheus.Counter
}

// New returns Metrics; the scrape-time values come from the function given
// to SetSnapshot (none before).
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		hits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "rule_hits_total", Help: "Rule hits, by rule and category.",
		}, []string{"rule", "category"}),
		bans: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "bans_total", Help: "Bans put in force, by rule (the first that made it up; empty for a ban an admin or a reputation feed asked for) and origin (auto, manual, list, or cluster: decided by another node).",
		}, []string{"rule", "origin"}),
		storeErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Name: "store_errors_total", Help: "Failed writes to the state store.",
		}),
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
	m.reg.MustRegister(m.kernel, m.lineToKernel, m.hits, m.bans, m.storeErrors, &snapshotCollector{m: m},
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

// SetSnapshot sets the function scrapes read the daemon's state with.
func (m *Metrics) SetSnapshot(f func() Snapshot) {
	switch {
	case m == nil:
	case f == nil:
		m.snap.Store(nil)
	default:
		m.snap.Store(&f)
	}
}

// RuleHit counts one hit of a rule. Safe on a nil *Metrics.
func (m *Metrics) RuleHit(rule, category string) {
	if m != nil {
		m.hits.WithLabelValues(rule, category).Inc()
	}
}

// Ban counts one ban put in force. Both labels must come from bounded
// sets: rule from the config's rule ids, never a reason (an admin's free
// text, or "trap (from web-3)" once per cluster node), origin from
// state.Origin or "cluster". Safe on a nil *Metrics.
func (m *Metrics) Ban(rule, origin string) {
	if m != nil {
		m.bans.WithLabelValues(rule, origin).Inc()
	}
}

// StoreError counts one failed store write. Safe on a nil *Metrics.
func (m *Metrics) StoreError() {
	if m != nil {
		m.storeErrors.Inc()
	}
}

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
