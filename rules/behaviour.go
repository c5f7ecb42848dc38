package rules

import (
	"regexp"
	"time"
)

// FloodConfig is [flood]: the request-flood model. Every request costs
// "flood units" by what it looks like (a page 1, a static asset or a
// WebDAV sync call much less, a path the client just asked for and a
// request the server answered with distress much more); a client's units
// go into a leaky bucket that drains at the site's allowance: the larger
// of Floor and BaselineFactor times the site's own per-client rate at
// BaselinePercentile (learned from the log as it goes, at most Ceiling).
// Overflowing the bucket is a violation worth Weight points. default.toml
// explains every number.
type FloodConfig struct {
	Disabled           bool    `toml:"disabled"`
	Floor              float64 `toml:"floor"`               // units/s always allowed
	Burst              float64 `toml:"burst"`               // units the bucket holds
	BaselinePercentile float64 `toml:"baseline_percentile"` // of per-client 10 s rates
	BaselineFactor     float64 `toml:"baseline_factor"`     // allowance = factor x that rate
	Ceiling            float64 `toml:"ceiling"`             // most units/s the baseline can allow
	RawFloor           float64 `toml:"raw_floor"`           // requests/s always allowed, whatever they are; 0: no request count
	RawBurst           float64 `toml:"raw_burst"`           // requests the request-count bucket holds
	AssetCost          float64 `toml:"asset_cost"`          // a static file fetched (.css, .js, .png ...)
	SyncCost           float64 `toml:"sync_cost"`           // a WebDAV call (PROPFIND, PUT ...) on a new path
	RepeatCost         float64 `toml:"repeat_cost"`         // added when the path is one of the client's last few
	BareCost           float64 `toml:"bare_cost"`           // added for a page without a Referer
	DistressCost       float64 `toml:"distress_cost"`       // added when answered 5xx or 429
	OutageShare        float64 `toml:"outage_share"`        // site-wide distress share beyond which distress is not held against a client
	Weight             int     `toml:"weight"`              // 0: the escalation threshold
}

// LoginConfig is [login]: brute force judged by proportion. POSTs to a
// login endpoint (PathRegex) are refusals (401, 403, 429; or 200 on a form
// endpoint, FormRegex, which answers a failure with the form again) or
// successes (2xx, 3xx). Refusals, successes and the client's other requests
// are counted with exponential decay (time constant Memory); a refusal
// makes a violation when refusals less SuccessCost per success reach
// Failures and at least Share of all the client's counted requests, or
// QuickFailures and at least QuickShare of them.
type LoginConfig struct {
	Disabled  bool    `toml:"disabled"`
	PathRegex string  `toml:"path_regex"`
	FormRegex string  `toml:"form_regex"`
	Failures  float64 `toml:"failures"`
	Share     float64 `toml:"share"`
	// QuickFailures and QuickShare: a client whose traffic is nearly all
	// refusals (QuickShare) is a guesser after fewer of them.
	QuickFailures float64       `toml:"quick_failures"`
	QuickShare    float64       `toml:"quick_share"`
	SuccessCost   float64       `toml:"success_cost"`
	Memory        time.Duration `toml:"memory,positive"`
	Weight        int           `toml:"weight"`
}

// Flood is the compiled [flood] model; nil when disabled.
type Flood struct {
	RawFloor, RawBurst                        float64
	Floor, Burst, Ceiling                     float64
	BaselinePercentile, BaselineFactor        float64
	AssetCost, SyncCost, RepeatCost, Distress float64
	BareCost                                  float64
	OutageShare                               float64
	Weight                                    int
}

// Login is the compiled [login] model; nil when disabled.
type Login struct {
	Path, Form                *regexp.Regexp // Form nil: no endpoint answers a failure with 200
	Failures, Share           float64
	QuickFailures, QuickShare float64
	SuccessCost               float64
	Memory                    time.Duration
	Weight                    int
}

// Rule ids of the behaviour models, as hits and decisions name them.
const (
	FloodRule = "flood-rate"
	LoginRule = "login-guess"
)

func (c *Config) validateBehaviour(v *validator) {
	f := c.Flood
	p := keyPath{{key: "flood"}}
	if !f.Disabled {
		v.between(p.child("floor"), f.Floor, 0.1, 1e6)
		v.between(p.child("burst"), f.Burst, 1, 1e7)
		v.between(p.child("baseline_percentile"), f.BaselinePercentile, 50, 100)
		v.between(p.child("baseline_factor"), f.BaselineFactor, 0, 1000)
		if f.Ceiling < f.Floor {
			v.fail(p.child("ceiling"), "%v is below floor %v", f.Ceiling, f.Floor)
		}
		v.between(p.child("raw_floor"), f.RawFloor, 0, 1e6)
		if f.RawFloor > 0 {
			v.between(p.child("raw_burst"), f.RawBurst, 1, 1e7)
		}
		v.between(p.child("asset_cost"), f.AssetCost, 0, 100)
		v.between(p.child("sync_cost"), f.SyncCost, 0, 100)
		v.between(p.child("repeat_cost"), f.RepeatCost, 0, 100)
		v.between(p.child("bare_cost"), f.BareCost, 0, 100)
		v.between(p.child("distress_cost"), f.DistressCost, 0, 100)
		v.between(p.child("outage_share"), f.OutageShare, 0, 1)
		if f.Weight < 0 {
			v.fail(p.child("weight"), "must not be negative, got %d", f.Weight)
		}
	}
	l := c.Login
	p = keyPath{{key: "login"}}
	if !l.Disabled {
		v.regex(p.child("path_regex"), l.PathRegex)
		if l.FormRegex != "" {
			v.regex(p.child("form_regex"), l.FormRegex)
		}
		v.between(p.child("failures"), l.Failures, 1, 1e6)
		v.between(p.child("share"), l.Share, 0, 1)
		v.between(p.child("quick_failures"), l.QuickFailures, 1, 1e6)
		v.between(p.child("quick_share"), l.QuickShare, 0, 1)
		v.between(p.child("success_cost"), l.SuccessCost, 0, 1e6)
		v.positive(p.child("memory"), l.Memory, "memory")
		if l.Weight < 0 {
			v.fail(p.child("weight"), "must not be negative, got %d", l.Weight)
		}
	}
}

// between fails unless lo <= x <= hi.
func (v *validator) between(p keyPath, x, lo, hi float64) {
	if !(x >= lo && x <= hi) {
		v.fail(p, "must be between %v and %v, got %v", lo, hi, x)
	}
}

// compileBehaviour builds the models of a validated Config.
func (c *Config) compileBehaviour(p *Policy) {
	weight := func(w int) int {
		if w == 0 {
			return c.Escalation.Threshold
		}
		return w
	}
	if f := c.Flood; !f.Disabled {
		p.Flood = &Flood{
			Floor: f.Floor, Burst: f.Burst, Ceiling: f.Ceiling, RawFloor: f.RawFloor, RawBurst: f.RawBurst,
			BaselinePercentile: f.BaselinePercentile, BaselineFactor: f.BaselineFactor,
			AssetCost: f.AssetCost, SyncCost: f.SyncCost, RepeatCost: f.RepeatCost, Distress: f.DistressCost,
			BareCost:    f.BareCost,
			OutageShare: f.OutageShare,
			Weight:      weight(f.Weight),
		}
	}
	if l := c.Login; !l.Disabled {
		lg := &Login{
			Path:     regexp.MustCompile(l.PathRegex), // validated
			Failures: l.Failures, Share: l.Share, SuccessCost: l.SuccessCost,
			QuickFailures: l.QuickFailures, QuickShare: l.QuickShare,
			Memory: l.Memory,
			Weight: weight(l.Weight),
		}
		if l.FormRegex != "" {
			lg.Form = regexp.MustCompile(l.FormRegex)
		}
		p.Login = lg
	}
}
