// Package rules is guardctl's policy: the TOML configuration, its strict
// validation, the embedded default policy, and the compiled Policy the
// detector evaluates.
package rules

import (
	"net/netip"
	"regexp"
	"time"

	"github.com/gaissmai/bart"
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/patterns"
)

// Mode says whether decisions are enforced.
type Mode string

const (
	Enforce Mode = "enforce" // decisions become kernel bans (in `run`)
	Passive Mode = "passive" // decide and report, enforce nothing
)

// Policy is a compiled, validated policy. It is immutable once built and safe
// for concurrent readers; a reload builds a new one.
type Policy struct {
	Mode Mode

	// IPv6Prefix is the prefix length IPv6 clients are grouped, judged and
	// banned by (default 64): one attacker rotates addresses inside its
	// allocation. IPv4 clients are always judged as /32.
	IPv6Prefix int

	// TrustedProxies are peers whose X-Forwarded-For is believed.
	TrustedProxies *bart.Lite

	// Allow is never judged nor banned; it wins over everything.
	Allow *bart.Lite
	// Deny bans on first sight for DenyBan.
	Deny    *bart.Lite
	DenyBan time.Duration

	// Traps: one request to one of these paths bans at once for TrapBan.
	Traps   []PathMatch
	TrapBan time.Duration

	Throttles []Throttle

	// Patterns is the compiled signature catalogue (built-in + user).
	Patterns *patterns.Matcher

	// Behaviour models (rules/behaviour.go); nil when disabled.
	Flood *Flood
	Login *Login

	Escalation Escalation
	Limits     Limits
}

// PathMatch matches a decoded request path: exact, by prefix, or by regex.
type PathMatch struct {
	Exact  string
	Prefix string
	Regex  *regexp.Regexp
}

// Throttle counts a client's requests that fall in its scope over a sliding
// Window; every request beyond Limit is a violation worth Weight points
// (after a violation the client's count for this throttle starts again, so a
// sustained flood keeps producing violations at the rate it exceeds the limit).
// Status monitors (many 404s, many 401/403s) are throttles scoped by status.
type Throttle struct {
	ID     string
	Limit  int
	Window time.Duration
	// Scope: every non-empty criterion must match.
	Methods  []string // upper case; empty = any
	Statuses []int    // empty = any
	Path     *PathMatch
	// Distinct counts distinct paths rather than requests (crawl detection).
	Distinct bool
	// DistinctDepth, when Distinct and > 0, compares paths on their first
	// DistinctDepth segments only: with 1, "/Items/a/Images/Primary" and
	// "/Items/b/Images/Thumb" are the same ("/Items"), so an app fetching
	// many files under one folder counts once while a scanner's wordlist
	// (/admin, /backup, /.env ...) counts every probe. 0 = the whole path.
	DistinctDepth int
	Weight        int
	// Ban, when non-zero, overrides the escalation's ban duration for bans
	// this throttle triggers.
	Ban time.Duration
	// Event is the kind of event the throttle counts; the zero value
	// counts requests (access-log lines), as every throttle did before
	// error and application logs.
	Event parser.Kind
	// Sources, when set, limits the throttle to events whose Source is one
	// of these [[source]] labels (SourceConfig.Label).
	Sources []string
	// Countries, when set, limits the throttle to clients located in one
	// of these ISO country codes; "default" matches clients whose country
	// no other throttle with a Countries list names (see CountryScope).
	Countries []string
}

// Escalation turns violation points into bans.
//
// Every rule hit is worth points (pattern weight, throttle weight). A client
// whose points within Window reach Threshold is banned. The first ban lasts
// BaseBan (the "graylist"); each later offence within OffenceMemory multiplies
// it by Multiplier, capped at MaxBan; from the BlacklistAfter-th offence on the
// ban is BlacklistBan (the "blacklist"). A client with points below Threshold
// is reported as "watch".
type Escalation struct {
	Threshold      int
	Window         time.Duration
	BaseBan        time.Duration
	Multiplier     float64
	MaxBan         time.Duration
	BlacklistAfter int // 0 disables the blacklist step
	BlacklistBan   time.Duration
	OffenceMemory  time.Duration
}

// Limits bounds the detector's memory.
type Limits struct {
	MaxClients int           // tracked clients; least recently seen evicted beyond it
	IdleTTL    time.Duration // state idle this long (event time) is dropped
}

// ClientKey is the prefix a client is judged and banned as: the address as a
// /32 for IPv4, the configured IPv6 prefix for IPv6. IPv4-mapped IPv6
// addresses are the IPv4 client.
func (p *Policy) ClientKey(a netip.Addr) netip.Prefix {
	a = a.Unmap()
	if a.Is4() {
		return netip.PrefixFrom(a, 32)
	}
	bits := p.IPv6Prefix
	if bits <= 0 || bits > 128 {
		bits = 128
	}
	pfx, _ := a.WithZone("").Prefix(bits)
	return pfx
}
