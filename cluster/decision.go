// Package cluster shares bans and offence history between guardctl nodes
// through one Redis: a stream of decisions (ban, unban) every node reads,
// a snapshot of the active bans a joining or lagging node loads, node
// heartbeats (clock offset, position) for `guardctl cluster status`, and a
// durable on-disk queue of this node's own decisions while Redis is away.
//
// The package knows nothing about the kernel or the daemon: the daemon
// hands it decisions to publish and receives remote ones through Apply.
package cluster

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// Op is what a decision does.
type Op string

const (
	OpBan      Op = "ban"
	OpUnban    Op = "unban"     // lift bans equal to or inside Prefix
	OpUnbanAll Op = "unban_all" // lift every ban
)

// Decision is one ban or unban decided by one node. Expiry is absolute, in
// the clock of Redis (the deciding node converts with its measured offset),
// so nodes with skewed clocks enforce the same end.
type Decision struct {
	Op     Op           `json:"op"`
	Node   string       `json:"node"`
	Seq    uint64       `json:"seq"` // the deciding node's publication number
	Prefix netip.Prefix `json:"prefix,omitzero"`
	// At and Expires are unix milliseconds in Redis time; Expires 0 means
	// permanent.
	At      int64    `json:"at"`
	Expires int64    `json:"exp,omitempty"`
	Reason  string   `json:"reason,omitempty"`
	Rules   []string `json:"rules,omitempty"`
	Offence int      `json:"offence,omitempty"`
	Origin  string   `json:"origin,omitempty"` // auto, manual, list
	// Lifted are the bans an unban removed on the deciding node, so the
	// snapshot drops them too.
	Lifted []netip.Prefix `json:"lifted,omitempty"`
}

// Bounds on what a decision read from Redis may hold.
const (
	maxNodeLen    = 64
	maxReasonLen  = 256
	maxRules      = 32
	maxLifted     = 4096
	maxEntryBytes = 256 << 10
	maxOffence    = 1 << 20
	// Times before 2001 or after 2200 are not decisions of this program.
	minTimeMs = 978307200000
	maxTimeMs = 7258118400000
)

// ID names a decision across the cluster: node and publication number.
func (d Decision) ID() string { return fmt.Sprintf("%s/%d", d.Node, d.Seq) }

// ExpiresAt converts Expires to local time given this node's offset to
// Redis (local minus Redis); zero means permanent.
func (d Decision) ExpiresAt(offset time.Duration) time.Time {
	if d.Expires == 0 {
		return time.Time{}
	}
	return time.UnixMilli(d.Expires).Add(offset)
}

// Encode is the stream entry's payload.
func (d Decision) Encode() ([]byte, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return json.Marshal(d)
}

// ErrMalformed marks an entry that is not a valid decision.
var ErrMalformed = errors.New("malformed decision")

// Decode parses and validates one stream entry's payload. Anything read
// from Redis is input like a log line: a bad entry is an error, never a
// panic.
func Decode(b []byte) (Decision, error) {
	var d Decision
	if len(b) > maxEntryBytes {
		return d, fmt.Errorf("%w: %d bytes", ErrMalformed, len(b))
	}
	if err := json.Unmarshal(b, &d); err != nil {
		return Decision{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if err := d.Validate(); err != nil {
		return Decision{}, err
	}
	return d, nil
}

// Validate checks a decision's fields and normalizes nothing: a decision
// that needs normalizing was not written by guardctl.
func (d Decision) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
	}
	switch d.Op {
	case OpBan, OpUnban:
		if !d.Prefix.IsValid() {
			return bad("%s without a prefix", d.Op)
		}
		if d.Prefix.Masked() != d.Prefix || d.Prefix.Addr().Is4In6() || d.Prefix.Addr().Zone() != "" {
			return bad("prefix %s is not canonical", d.Prefix)
		}
	case OpUnbanAll:
	default:
		return bad("unknown op %q", d.Op)
	}
	if d.Node == "" || len(d.Node) > maxNodeLen || strings.ContainsAny(d.Node, " \t\r\n/") {
		return bad("bad node name %q", d.Node)
	}
	if d.Seq == 0 {
		return bad("sequence number 0")
	}
	if d.At < minTimeMs || d.At > maxTimeMs {
		return bad("time %d out of range", d.At)
	}
	if d.Expires != 0 && (d.Expires <= d.At || d.Expires > maxTimeMs) {
		return bad("expiry %d not after decision time %d", d.Expires, d.At)
	}
	if len(d.Reason) > maxReasonLen {
		return bad("reason of %d bytes", len(d.Reason))
	}
	if len(d.Rules) > maxRules {
		return bad("%d rules", len(d.Rules))
	}
	for _, r := range d.Rules {
		if r == "" || len(r) > maxReasonLen {
			return bad("bad rule id")
		}
	}
	if d.Offence < 0 || d.Offence > maxOffence {
		return bad("offence %d", d.Offence)
	}
	switch d.Origin {
	case "", "auto", "manual", "list":
	default:
		return bad("unknown origin %q", d.Origin)
	}
	if len(d.Lifted) > maxLifted {
		return bad("%d lifted prefixes", len(d.Lifted))
	}
	for _, p := range d.Lifted {
		if !p.IsValid() || p.Masked() != p {
			return bad("lifted prefix %s", p)
		}
	}
	return nil
}
