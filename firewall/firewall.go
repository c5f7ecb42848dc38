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
	Status(ctx context.Context) (Status, error)
	// Close releases the backend's resources; the kernel state stays.
	Close() error
}
