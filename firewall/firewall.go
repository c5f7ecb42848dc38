// Package firewall holds the value types and the contract shared by the
// kernel enforcement backends (firewall/nft, firewall/ipt, firewall/dryrun).
//
// Bans live in kernel sets whose elements carry their own timeout, so the
// kernel lifts a ban on time even when guardctl is not running. The package
// itself never touches the kernel; firewall/backend picks an implementation.
package firewall

import (
	"context"
	"net/netip"
	"strings"
	"time"
)

// Ban asks the kernel to block Prefix for Timeout. Timeout is the remaining
// duration of the ban (the daemon converts its stored deadline into it); zero
// means the element never expires.
type Ban struct {
	Prefix  netip.Prefix
	Timeout time.Duration
}

// Entry is one ban as the kernel holds it. Expires is the time left before the
// kernel removes it; zero means it never expires.
type Entry struct {
	Prefix  netip.Prefix
	Expires time.Duration
}

// Backend enforces bans in the kernel. Implementations are safe for use by one
// goroutine at a time unless they say otherwise.
type Backend interface {
	// Ensure creates the table, sets, chains and rules when missing and
	// repairs them when they differ from the configuration. It is idempotent
	// and keeps the elements already loaded.
	Ensure(ctx context.Context) error
	// Ban loads a batch. Banning a prefix again replaces its timeout. Prefixes
	// that overlap existing bans are merged (see Plan) so the batch is never
	// rejected as a whole by the kernel.
	Ban(ctx context.Context, bans []Ban) error
	// Unban removes every ban equal to or inside each prefix. Prefixes that
	// are not banned are ignored.
	Unban(ctx context.Context, prefixes []netip.Prefix) error
	// SetAllow replaces the allow sets' content. Allowed sources are checked
	// before the ban sets, so guardctl never blocks them.
	SetAllow(ctx context.Context, prefixes []netip.Prefix) error
	// List returns the bans the kernel holds, with their remaining time.
	List(ctx context.Context) ([]Entry, error)
	// Flush removes all bans and keeps the table, chains and allow sets.
	Flush(ctx context.Context) error
	// Teardown removes everything guardctl created and nothing else.
	Teardown(ctx context.Context) error
	// Status reports what exists in the kernel without changing it.
	// Element counts come from the kernel's own counter (nftables, Linux
	// 6.14+; ipset's header) so it stays cheap at 100k bans; older kernels
	// count by dumping. Neither holds up Ban.
	Status(ctx context.Context) (Status, error)
	// Close releases the backend's resources; the kernel state stays.
	Close() error

	// Counts is Status plus a comparison of the kernel with the shape and
	// with what this Backend loaded (see Counts). It never dumps a set.
	Counts(ctx context.Context) (Counts, error)
	// Lookup returns the bans the kernel holds that equal or cover p (a
	// host ban and any wider ban around it), without reading whole sets.
	// Empty means p is not banned.
	Lookup(ctx context.Context, p netip.Prefix) ([]Entry, error)
	// Verify compares the kernel with the shape Ensure builds (table, sets
	// and their flags, chain rules in order, jumps) and with what this
	// Backend loaded (ban, allow and list element counts) and reports the
	// differences. An empty Drift means all is in place. It is cheap enough
	// to call every few hundred milliseconds: at most every few seconds it
	// also audits the ban sets' elements (reading them without holding up
	// Ban) and reports those this Backend did not load in Drift.Extra.
	Verify(ctx context.Context) (Drift, error)
	// Watch reports changes made by others that may have removed
	// enforcement: nftables through its netlink monitor (immediately),
	// iptables/ipset by calling Verify periodically. Drifts are coalesced:
	// a slow reader gets one Drift holding every reason since its last
	// receive. The channel is closed when ctx ends. Repair with Ensure
	// (which also restores the allow list and named lists this Backend
	// loaded) and then Ban every active ban again.
	Watch(ctx context.Context) (<-chan Drift, error)
	// SetList replaces the content of the named block list atomically:
	// packets see the old list or the new one, never a half-loaded one.
	// Lists are checked after the allow sets and before the ban sets, and
	// drop (or reject). An empty list keeps the (empty) sets and rules.
	SetList(ctx context.Context, name string, prefixes []netip.Prefix) error
	// RemoveList deletes the named list's sets and rules; unknown names
	// are not an error.
	RemoveList(ctx context.Context, name string) error
	// MaxTimeout is the longest element timeout the kernel accepts; longer
	// bans are capped to it (ipset: 2,147,483 s, about 24.8 days).
	MaxTimeout() time.Duration
}

// Drift describes how the kernel differs from what the Backend built and
// loaded. Reasons holds one line per difference, e.g. "set ban4: 0 elements,
// want at least 50" or "table inet guardctl deleted by another process".
//
// Extra counts elements in guardctl's ban sets that the Backend did not
// load, found by the last element audit (at AuditedAt; zero: none ran),
// e.g. an operator's `nft add element inet guardctl ban4 { 1.2.3.4 }` or
// `ipset add guardctl-ban4 1.2.3.4`; ExtraSamples names up to five. They
// are surfaced, never removed (an element added by hand may be meant,
// and guardctl removes only what it put there), and they are not drift:
// Empty ignores them, so they cause no repair.
type Drift struct {
	At      time.Time
	Reasons []string

	Extra        int
	ExtraSamples []netip.Prefix
	AuditedAt    time.Time
}

// Empty reports whether nothing differs that a repair would put back.
func (d Drift) Empty() bool { return len(d.Reasons) == 0 }

func (d Drift) String() string { return strings.Join(d.Reasons, "; ") }

// Counts is a census of the kernel state without reading whole sets.
type Counts struct {
	Status
	// Bans, Allow: entries in the ban and allow sets, both families, as
	// the kernel counts them: nftables counts a range of an interval set
	// by its end element, so a prefix ending at the family's last address
	// is not counted.
	Bans, Allow int
	// Lists: entries per named list (SetList).
	Lists map[string]int
	// Drift is Verify's result taken from the same reads.
	Drift Drift
}
