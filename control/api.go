// Package control is the admin interface of a running guardctl: the
// operations behind `guardctl ban/unban/list/status/reload`, served as a
// small HTTP API on a unix socket (API.md), and a client for it. The
// offline implementation that works directly on the store and the kernel
// when the daemon is not running is in package admin.
package control

import (
	"context"
	"errors"
	"net/netip"
	"time"
)

// Service is what the CLI verbs need. The daemon implements it, and so does
// the offline fallback.
type Service interface {
	Ban(ctx context.Context, req BanRequest) (BanInfo, error)
	Unban(ctx context.Context, req UnbanRequest) ([]BanInfo, error)
	List(ctx context.Context) ([]BanInfo, error)
	// Covering returns the active bans equal to or containing addr (a host
	// ban and any wider one around it), by point lookups in the store and
	// the kernel: what `unban ADDR` checks afterwards, without listing
	// every ban.
	Covering(ctx context.Context, addr netip.Addr) ([]BanInfo, error)
	Status(ctx context.Context) (Status, error)
	Reload(ctx context.Context) (ReloadResult, error)
}

// BanRequest is a manual ban.
type BanRequest struct {
	Prefix   netip.Prefix  `json:"prefix"`
	Duration time.Duration `json:"duration"` // 0 = permanent
	Reason   string        `json:"reason"`
	// Force bans even a protected address (loopback, allowlist, trusted
	// proxy, the host's own addresses).
	Force bool `json:"force"`
}

// UnbanRequest lifts bans: every ban equal to or inside each prefix, the
// stored records named by raw key, or all.
type UnbanRequest struct {
	Prefixes []netip.Prefix `json:"prefixes"`
	// Keys are raw store keys in hex, as BanInfo.Key (and `guardctl list`
	// after "key:") shows them: the only name of a record that cannot be
	// decoded and whose key is no prefix. A key that is a prefix's stands
	// for that prefix.
	Keys []string `json:"keys,omitempty"`
	All  bool     `json:"all"`
}

// BanInfo is one active ban as `guardctl list` shows it.
type BanInfo struct {
	Prefix  string    `json:"prefix"` // address for single-address bans, else CIDR
	Reason  string    `json:"reason"`
	Rules   []string  `json:"rules,omitempty"`
	Origin  string    `json:"origin"` // auto, manual, list
	Since   time.Time `json:"since"`
	Expires time.Time `json:"expires,omitzero"` // zero = permanent
	Offence int       `json:"offence"`
	// InKernel is false when the store has the ban but the kernel set does
	// not (a drift the daemon repairs on its next reconcile).
	InKernel bool `json:"in_kernel"`
	// KernelUnknown: the kernel did not answer the read (a kernel call
	// stuck, a read failing), so InKernel says nothing.
	KernelUnknown bool `json:"kernel_unknown,omitempty"`
	// Undecodable: a stored record that cannot be decoded (kept: it may
	// be an active ban). Prefix and Expires are what its key and head
	// say (Prefix is empty when the key is no prefix), Key is its raw
	// key in hex, Reason why it does not decode. `guardctl unban PREFIX`
	// or `ban PREFIX` removes or replaces it; `unban --all` removes it
	// whatever its key.
	Undecodable bool   `json:"undecodable,omitempty"`
	Key         string `json:"key,omitempty"`
}

// Status is `guardctl status`.
type Status struct {
	Running     bool      `json:"running"` // false: answered by the offline fallback
	PID         int       `json:"pid,omitempty"`
	Version     string    `json:"version"`
	Started     time.Time `json:"started,omitzero"`
	Mode        string    `json:"mode"`
	Config      string    `json:"config"`
	LastReload  time.Time `json:"last_reload,omitzero"`
	ReloadError string    `json:"reload_error,omitempty"`
	// ReloadNotes: what went wrong in the last reload that was applied
	// (a section that needs a restart, an allow list the kernel did not
	// take: the daemon retries it). ReloadError is a reload refused.
	ReloadNotes  string         `json:"reload_notes,omitempty"`
	Sources      []SourceStatus `json:"sources"`
	ActiveBans   int            `json:"active_bans"`
	BansByReason map[string]int `json:"bans_by_reason"`
	Clients      int            `json:"tracked_clients"`
	Backend      BackendStatus  `json:"backend"`
	// Store is the state store's health; nil from the offline fallback.
	Store *StoreStatus `json:"store,omitempty"`
	// Cluster is this node's cluster membership; nil without [cluster].
	Cluster *ClusterStatus `json:"cluster,omitempty"`
	// Degraded names the optional dependencies that do not work now (a
	// block list that cannot be downloaded, reputation lookups failing):
	// the daemon judges and enforces without them.
	Degraded []string `json:"degraded,omitempty"`
}

// ClusterStatus is this node's side of cluster mode (docs/cluster.md);
// `guardctl cluster status` shows every node, read from Redis.
type ClusterStatus struct {
	Node      string `json:"node"`
	Redis     string `json:"redis"`
	Connected bool   `json:"connected"`
	Error     string `json:"error,omitempty"`
	OffsetMs  int64  `json:"clock_offset_ms"` // this node's clock minus Redis's
	Position  string `json:"stream_position"`
	Published uint64 `json:"published"` // own decisions sent
	Applied   uint64 `json:"applied"`   // other nodes' decisions applied
	Queued    int64  `json:"queued"`    // own decisions waiting for Redis
	Dropped   uint64 `json:"dropped"`   // own decisions dropped, queue full
	Refused   uint64 `json:"refused"`   // remote bans of protected clients
	Malformed uint64 `json:"malformed"` // stream entries skipped
	Snapshots uint64 `json:"snapshots"` // ban snapshots loaded
}

// StoreStatus is the state store's health as the daemon sees it. While
// the store cannot be written, bans are still enforced in the kernel and
// wait in a bounded backlog (Backlog of BacklogLimit); bans past the limit
// are Dropped (enforced, not durable). Poisoned counts records the store
// can never hold (a time past 2262), dropped instead of retried.
type StoreStatus struct {
	Healthy      bool      `json:"healthy"`
	Error        string    `json:"error,omitempty"`
	FailingSince time.Time `json:"failing_since,omitzero"`
	FailedWrites uint64    `json:"failed_writes"`
	Backlog      int       `json:"backlog_bans"`
	BacklogLimit int       `json:"backlog_limit"`
	Dropped      uint64    `json:"dropped_bans"`
	Poisoned     uint64    `json:"poisoned_records"`
	LastPoisoned string    `json:"last_poisoned,omitempty"`
	// CorruptDropped counts ended ban records removed by expiry although
	// they could not be decoded; CorruptUnreadable is how many records
	// the last expiry walk could not read at all (kept: they may be
	// active). Each is logged at error level.
	CorruptDropped    uint64 `json:"corrupt_dropped_records"`
	CorruptUnreadable uint64 `json:"corrupt_unreadable_records"`
}

// SourceStatus describes one followed log.
type SourceStatus struct {
	Path        string            `json:"path"`
	Format      string            `json:"format"`
	Lines       uint64            `json:"lines"`
	LinesPerSec float64           `json:"lines_per_sec"` // over the last minute
	Skipped     map[string]uint64 `json:"skipped_by_reason"`
	LastLine    time.Time         `json:"last_line,omitzero"`
}

// BackendStatus is the kernel side's health.
type BackendStatus struct {
	Name     string `json:"name"`
	Healthy  bool   `json:"healthy"`
	Error    string `json:"error,omitempty"`
	Elements int    `json:"elements"`
	// ElementsUnknown: the kernel's counters were not read (the read did
	// not answer or failed); Elements is then 0 and says nothing.
	ElementsUnknown bool `json:"elements_unknown,omitempty"`
	// Repairs counts the times the daemon found its kernel rules or
	// elements changed from outside (a flush, a firewall reload) and put
	// them back; LastRepair and RepairReason describe the latest.
	Repairs      uint64    `json:"repairs"`
	LastRepair   time.Time `json:"last_repair,omitzero"`
	RepairReason string    `json:"repair_reason,omitempty"`
	// Warning names elements in the ban sets the store does not hold
	// (added outside guardctl): left in place, not repaired.
	Warning string `json:"warning,omitempty"`
	// Busy names a kernel call that has not returned for seconds (the
	// backend is then unhealthy): what it is and since when.
	Busy string `json:"busy,omitempty"`
	// Owed names unbans lifted from the store whose kernel step is not
	// done yet (it failed, or waits behind a kernel call): those
	// addresses are still blocked. The daemon retries them, at every
	// health check and at start, and never adopts them as bans again.
	Owed string `json:"owed_unbans,omitempty"`
}

// ReloadResult is the outcome of a reload: on failure the running policy
// stays and every problem is listed.
type ReloadResult struct {
	OK     bool     `json:"ok"`
	Errors []string `json:"errors,omitempty"`
}

var (
	// ErrProtected: the prefix covers a protected address and Force was
	// not set.
	ErrProtected = errors.New("protected address")
	// ErrNotRunning: no daemon answers on the socket.
	ErrNotRunning = errors.New("guardctl daemon is not running")
	// ErrNoAnswer: something accepts connections on the socket but does
	// not answer (a stopped or stuck daemon). Not ErrNotRunning: the
	// daemon holds the store, so the CLI must not act without it.
	ErrNoAnswer = errors.New("the guardctl daemon does not answer")
)
