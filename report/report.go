// Package report aggregates what the engine saw and decided into the
// analyze/test report, and renders it as text or JSON. It keeps bounded
// memory: per-client counters up to a cap, lossy top-K tables, and one sample
// line per (offender, rule).
package report

import "time"

// SchemaVersion is bumped when a field of the JSON report changes meaning or
// disappears; adding fields does not bump it.
const SchemaVersion = 1

// Report is the JSON document `guardctl analyze --format json` prints.
type Report struct {
	Version    int               `json:"version"`
	Policy     PolicyInfo        `json:"policy"`
	Summary    Summary           `json:"summary"`
	Offenders  []Offender        `json:"offenders"`
	Categories map[string]uint64 `json:"categories"`
	Top        Top               `json:"top"`
	Explain    *Explain          `json:"explain,omitempty"`
	// Timeline is requests over time (the HTML report's chart).
	Timeline *Timeline `json:"timeline,omitempty"`
	// Countries is the per-country table, present when a geo database
	// is configured (geo.country_db / geo.asn_db).
	Countries []CountryStat `json:"countries,omitempty"`
}

// PolicyInfo says which policy produced the verdicts.
type PolicyInfo struct {
	Source string `json:"source"` // config path, or "embedded default"
	// Origin says how the policy was found: "--config",
	// "$GUARDCTL_CONFIG", "system config" or "embedded default".
	Origin string `json:"origin,omitempty"`
	Mode   string `json:"mode"`
}

// Summary describes the input as a whole.
type Summary struct {
	Inputs          []string          `json:"inputs"`
	Lines           uint64            `json:"lines"`
	Parsed          uint64            `json:"parsed"`
	Skipped         uint64            `json:"skipped"`
	SkippedByReason map[string]uint64 `json:"skipped_by_reason"`
	// OutOfRange counts parsed lines outside --since/--until.
	OutOfRange      uint64    `json:"out_of_range"`
	Formats         []string  `json:"formats"`
	FirstSeen       time.Time `json:"first_seen,omitzero"`
	LastSeen        time.Time `json:"last_seen,omitzero"`
	DurationSeconds float64   `json:"duration_seconds"`
	PeakRPS         uint64    `json:"peak_rps"`
	PeakAt          time.Time `json:"peak_at,omitzero"`
	DistinctClients uint64    `json:"distinct_clients"`
	// DistinctClientsCapped is true when more clients were seen than the
	// report counts exactly (report.Options.MaxClients, default 1,000,000):
	// top clients and offenders' request counts leave the others out.
	DistinctClientsCapped bool `json:"distinct_clients_capped,omitempty"`
	// DistinctClientsEstimated is true when DistinctClients is the exact
	// count up to that bound plus a HyperLogLog estimate (~0.8% standard
	// error) of the clients beyond it.
	DistinctClientsEstimated bool   `json:"distinct_clients_estimated,omitempty"`
	Allowed                  uint64 `json:"allowed_requests"`
	Offenders                int    `json:"offenders"`
	Banned                   int    `json:"banned"`
	Watched                  int    `json:"watched"`
	// OffendersOmitted counts the offenders counted above but not listed:
	// the report details at most OffendersDetailed of them (the most
	// severe: banned first, then the longest ban, then the most points;
	// the first detailed on a tie) so that its memory is bounded whatever
	// the number of offenders (report.Options.MaxOffenders, default
	// 10,000). Both are absent when every offender is listed.
	OffendersOmitted  int `json:"offenders_omitted,omitempty"`
	OffendersDetailed int `json:"offenders_detailed,omitempty"`
	// OffendersEstimated is true when Offenders and Banned include a
	// HyperLogLog estimate of the offenders past the client table's bound
	// (see DistinctClientsEstimated) that the report did not detail. Those
	// it details are counted from their records: while none past the bound
	// was left out, the counts agree with the list and are exact.
	OffendersEstimated bool `json:"offenders_estimated,omitempty"`
	// RequestsAfterBan is what the kernel would have dropped.
	RequestsAfterBan uint64 `json:"requests_after_ban"`
	// Events counts the parsed lines of error and application logs by
	// kind (auth_failure, rate_limited ...): they are not requests and
	// stay out of the top paths, statuses and user agents.
	Events map[string]uint64 `json:"events,omitempty"`
}

// Offender is one client that fired at least one rule.
type Offender struct {
	IP         string   `json:"ip"` // address, or prefix for IPv6 clients judged by prefix
	Action     string   `json:"action"`
	Reasons    []string `json:"reasons"` // rule ids, most points first
	Categories []string `json:"categories"`
	// BanSeconds is the longest ban decided for this client (0 for watch).
	BanSeconds int64     `json:"ban_seconds"`
	Offences   int       `json:"offences"`
	Points     int       `json:"points"`
	FirstSeen  time.Time `json:"first_seen"`
	LastSeen   time.Time `json:"last_seen"`
	BannedAt   time.Time `json:"banned_at,omitzero"`
	Requests   uint64    `json:"requests"`
	// RequestsBeforeBan counts requests up to and including the one that
	// triggered the first ban; RequestsAfterBan those made while banned,
	// which the kernel would have dropped.
	RequestsBeforeBan uint64 `json:"requests_before_ban"`
	RequestsAfterBan  uint64 `json:"requests_after_ban"`
	Bans              []Ban  `json:"bans,omitempty"`
	Rules             []Rule `json:"rules"`
	// Partial is true when the offender offended before the report began
	// detailing it (it was less severe than the detailed ones then): its
	// points, rules and bans count from that line on; Requests stays exact.
	Partial bool `json:"partial,omitempty"`
	// Country and network, when a geo database is configured.
	Country string `json:"country,omitempty"`
	ASN     uint32 `json:"asn,omitempty"`
	ASOrg   string `json:"as_org,omitempty"`
}

// Ban is one ban decided for an offender.
type Ban struct {
	At      time.Time `json:"at"`
	Seconds int64     `json:"seconds"`
	Offence int       `json:"offence"`
	Rules   []string  `json:"rules"`
}

// Rule is one rule that fired for an offender, with one sample request.
type Rule struct {
	ID       string `json:"id"`
	Category string `json:"category"`
	Hits     uint64 `json:"hits"`
	Points   int    `json:"points"`
	Sample   string `json:"sample"`
}

// Top holds the most frequent values of the whole input.
type Top struct {
	Paths      []Count `json:"paths"`
	Statuses   []Count `json:"statuses"`
	UserAgents []Count `json:"user_agents"`
	Clients    []Count `json:"clients"`
}

// Explain is the --explain section: the lines and rules behind one client.
type Explain struct {
	IP      string        `json:"ip"`
	Key     string        `json:"key"`
	Lines   []ExplainLine `json:"lines"`
	Omitted uint64        `json:"omitted"` // lines beyond the cap
}

// ExplainLine is one request of the explained client.
type ExplainLine struct {
	Input  string    `json:"input"`
	LineNo uint64    `json:"line_no"`
	Time   time.Time `json:"time"`
	Line   string    `json:"line"`
	Hits   []string  `json:"hits,omitempty"`
	Banned bool      `json:"banned,omitempty"` // already banned: dropped by the kernel
	Ban    string    `json:"ban,omitempty"`    // set on the line that triggered a ban
}
