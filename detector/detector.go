// Package detector holds per-client state and evaluates a rules.Policy on
// parsed events, turning rule hits into ban decisions. It runs on the log's
// own timestamps (event time), so the same log always gives the same
// verdicts, and it starts no goroutines: Observe is synchronous.
package detector

import (
	"net/netip"
	"time"
)

// Action is what a decision asks for.
type Action string

const (
	Ban   Action = "ban"
	Watch Action = "watch"
)

// Hit is one rule that fired on a request.
type Hit struct {
	Rule     string // rule id: pattern id, throttle id, "deny", "trap:<path>" ...
	Category string // pattern category, or "throttle", "deny", "trap"
	Points   int
	Note     string // why a hit earned no points, when a model says (served.go's NoteServed)
}

// Decision is a ban the engine decided.
type Decision struct {
	Key      netip.Prefix // the client as judged: /32 for IPv4, the policy's IPv6 prefix
	Action   Action
	At       time.Time     // event time of the request that triggered it
	Duration time.Duration // ban length after escalation
	Offence  int           // 1 for a first offence, 2 for the next ...
	Rules    []string      // rule ids whose points made up the ban, most points first
	Points   int           // points in the escalation window when it fired; 0 for deny and trap bans
	Passive  bool          // the policy was passive: report it, enforce nothing
}

// Until is when the ban ends (event time).
func (d *Decision) Until() time.Time { return d.At.Add(d.Duration) }

// History supplies offences recorded outside this engine (the daemon's store),
// so escalation spans restarts. Nil means none.
type History interface {
	// Offences returns how many bans key received within memory before now.
	Offences(key netip.Prefix, now time.Time, memory time.Duration) int
}
