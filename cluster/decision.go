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
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/guardctl/guardctl/nodename"
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
	// localTime (this node's queue only, never sent): At and Expires are
	// still in this node's clock, because it had not measured its offset
	// to Redis when it decided; they are converted when sent.
	localTime bool
}

// Bounds on what a decision read from Redis may hold.
const (
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

// toRedisTime converts At and Expires from this node's clock to Redis's,
// given the node's offset (local minus Redis) in ms.
func (d *Decision) toRedisTime(offMs int64) {
	d.At -= offMs
	if d.Expires != 0 {
		d.Expires -= offMs
	}
	d.localTime = false
}

// ExpiresAt converts Expires to local time given this node's offset to
// Redis (local minus Redis); zero means permanent.
func (d Decision) ExpiresAt(offset time.Duration) time.Time {
	if d.Expires == 0 {
		return time.Time{}
	}
	return time.UnixMilli(d.Expires).Add(offset)
}

// The payload of a stream entry (and of a snapshot key) is one line of
// tab-separated fields, version first, the reason last (it may hold any
// printable text but a tab or a newline):
//
//	1 op node seq prefix at expires offence origin rules,... lifted,... reason
//
// A text line rather than JSON: a burst of 100,000 decisions is decoded
// on every node, and this parses several times faster.
const payloadVersion = "1"

const payloadFields = 12

// Encode is the stream entry's payload.
func (d Decision) Encode() ([]byte, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	b := make([]byte, 0, 96+len(d.Reason))
	b = append(b, payloadVersion...)
	b = append(b, '\t')
	b = append(b, d.Op...)
	b = append(b, '\t')
	b = append(b, d.Node...)
	b = append(b, '\t')
	b = strconv.AppendUint(b, d.Seq, 10)
	b = append(b, '\t')
	if d.Prefix.IsValid() {
		b = d.Prefix.AppendTo(b)
	}
	b = append(b, '\t')
	b = strconv.AppendInt(b, d.At, 10)
	b = append(b, '\t')
	b = strconv.AppendInt(b, d.Expires, 10)
	b = append(b, '\t')
	b = strconv.AppendInt(b, int64(d.Offence), 10)
	b = append(b, '\t')
	b = append(b, d.Origin...)
	b = append(b, '\t')
	for i, r := range d.Rules {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, r...)
	}
	b = append(b, '\t')
	for i, p := range d.Lifted {
		if i > 0 {
			b = append(b, ',')
		}
		b = p.AppendTo(b)
	}
	b = append(b, '\t')
	b = append(b, d.Reason...)
	return b, nil
}

// ErrMalformed marks an entry that is not a valid decision.
var ErrMalformed = errors.New("malformed decision")

// Decode parses and validates one stream entry's payload. Anything read
// from Redis is input like a log line: a bad entry is an error, never a
// panic.
func Decode(b []byte) (Decision, error) { return decodeString(string(b)) }

// decodeString is Decode of a payload already held as a string (as the
// client returns stream entries): no copy.
func decodeString(b string) (Decision, error) {
	var d Decision
	bad := func(what string, err error) (Decision, error) {
		if err != nil {
			return Decision{}, fmt.Errorf("%w: %s: %v", ErrMalformed, what, err)
		}
		return Decision{}, fmt.Errorf("%w: %s", ErrMalformed, what)
	}
	if len(b) > maxEntryBytes {
		return bad(fmt.Sprintf("%d bytes", len(b)), nil)
	}
	var fields [payloadFields]string
	f := fields[:0]
	for len(f) < payloadFields-1 {
		i := strings.IndexByte(b, '\t')
		if i < 0 {
			break
		}
		f, b = append(f, b[:i]), b[i+1:]
	}
	f = append(f, b)
	if len(f) != payloadFields || f[0] != payloadVersion {
		return bad("not a version 1 decision", nil)
	}
	var err error
	d.Op, d.Node = Op(f[1]), f[2]
	if d.Seq, err = strconv.ParseUint(f[3], 10, 64); err != nil {
		return bad("seq", err)
	}
	if f[4] != "" {
		if d.Prefix, err = netip.ParsePrefix(f[4]); err != nil {
			return bad("prefix", err)
		}
	}
	if d.At, err = strconv.ParseInt(f[5], 10, 64); err != nil {
		return bad("time", err)
	}
	if d.Expires, err = strconv.ParseInt(f[6], 10, 64); err != nil {
		return bad("expiry", err)
	}
	off, err := strconv.ParseInt(f[7], 10, 32)
	if err != nil {
		return bad("offence", err)
	}
	d.Offence, d.Origin = int(off), f[8]
	if f[9] != "" {
		d.Rules = strings.Split(f[9], ",")
	}
	if f[10] != "" {
		for _, s := range strings.Split(f[10], ",") {
			p, err := netip.ParsePrefix(s)
			if err != nil {
				return bad("lifted prefix", err)
			}
			d.Lifted = append(d.Lifted, p)
		}
	}
	d.Reason = f[11]
	if err := d.Validate(); err != nil {
		return Decision{}, err
	}
	return d, nil
}

// MaxSeq is the highest sequence number: Redis's Lua compares them as
// doubles, exact up to 2^53; above, the next number rounded onto the last
// was dropped as a resend and counted sent (TestReviewBSeqAbove2p53,
// review rr-B).
const MaxSeq = 1<<53 - 1

// clockSeq is the number a process starts from (1024 a ms), capped so
// 2^32 decisions fit below MaxSeq (the clock reaches it in the year 2248).
func clockSeq(now time.Time) uint64 {
	return min(uint64(max(now.UnixMilli(), 0))<<10, MaxSeq-1<<32)
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
	if err := nodename.Check(d.Node); err != nil {
		return bad("%v", err)
	}
	if d.Seq == 0 {
		return bad("sequence number 0")
	}
	if d.Seq > MaxSeq {
		return bad("sequence number %d above 2^53-1 (the publish script compares them as doubles)", d.Seq)
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
	if strings.ContainsAny(d.Reason, "\t\r\n") {
		return bad("reason holds a tab or a newline")
	}
	if len(d.Rules) > maxRules {
		return bad("%d rules", len(d.Rules))
	}
	for _, r := range d.Rules {
		if r == "" || len(r) > maxReasonLen || strings.ContainsAny(r, ",\t\r\n") {
			return bad("bad rule id %q", r)
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
		if !p.IsValid() || p.Masked() != p || p.Addr().Zone() != "" {
			return bad("lifted prefix %s", p)
		}
	}
	return nil
}
