// Package dryrun is the "none" backend: it logs what a kernel backend would
// do and keeps an in-memory view, so List and Status answer as if the bans
// were enforced. Passive mode uses it, and tests use it as a fake that
// behaves like the nftables backend (same merging of overlapping prefixes).
package dryrun

import (
	"context"
	"fmt"
	"log/slog"
	"net/netip"
	"slices"
	"sync"
	"time"

	"github.com/guardctl/guardctl/firewall"
)

// Backend is the dry-run firewall.Backend. It is safe for concurrent use.
type Backend struct {
	cfg firewall.Config
	log *slog.Logger
	now func() time.Time

	mu    sync.Mutex
	ready bool
	bans  map[netip.Prefix]time.Time // zero time: never expires
	allow []netip.Prefix
	lists map[string][]netip.Prefix
}

// Option changes a Backend.
type Option func(*Backend)

// WithClock sets the clock used for expiry (tests).
func WithClock(now func() time.Time) Option { return func(b *Backend) { b.now = now } }

// New returns an empty dry-run backend.
func New(cfg firewall.Config, log *slog.Logger, opts ...Option) (*Backend, error) {
	cfg, err := cfg.Normalize()
	if err != nil {
		return nil, fmt.Errorf("dry-run config: %w", err)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := &Backend{cfg: cfg, log: log.With("backend", "none"), now: time.Now, bans: map[netip.Prefix]time.Time{}, lists: map[string][]netip.Prefix{}}
	for _, o := range opts {
		o(b)
	}
	return b, nil
}

// Ensure logs the ruleset it would create.
func (b *Backend) Ensure(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ready = true
	b.log.Info("would create table, sets and chains", "table", b.cfg.Table, "chains", b.cfg.Chains(), "priority", b.cfg.Priority, "action", b.cfg.Action)
	return nil
}

// expire drops bans whose time is up, as the kernel would.
func (b *Backend) expire() {
	now := b.now()
	for p, until := range b.bans {
		if !until.IsZero() && !now.Before(until) {
			delete(b.bans, p)
		}
	}
}

func (b *Backend) entries() []firewall.Entry {
	now := b.now()
	out := make([]firewall.Entry, 0, len(b.bans))
	for p, until := range b.bans {
		e := firewall.Entry{Prefix: p}
		if !until.IsZero() {
			e.Expires = until.Sub(now)
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(x, y firewall.Entry) int {
		if c := x.Prefix.Addr().Compare(y.Prefix.Addr()); c != 0 {
			return c
		}
		return x.Prefix.Bits() - y.Prefix.Bits()
	})
	return out
}

// Ban records the bans, merged as the nftables backend merges them.
func (b *Backend) Ban(ctx context.Context, bans []firewall.Ban) error {
	merged, err := firewall.Coalesce(bans)
	if err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.expire()
	ch := firewall.Plan(b.entries(), merged)
	now := b.now()
	for _, p := range ch.Delete {
		delete(b.bans, p)
	}
	for _, x := range ch.Add {
		var until time.Time
		if x.Timeout > 0 {
			until = now.Add(x.Timeout)
		}
		b.bans[x.Prefix] = until
		b.log.Info("would ban", "prefix", x.Prefix, "timeout", x.Timeout)
	}
	return nil
}

// Unban forgets the bans equal to or inside each prefix.
func (b *Backend) Unban(ctx context.Context, prefixes []netip.Prefix) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.expire()
	want, err := firewall.CanonicalAll(prefixes)
	if err != nil {
		return fmt.Errorf("unban: %w", err)
	}
	for _, c := range want {
		inside, _ := firewall.Within(b.entries(), c)
		for _, q := range inside {
			delete(b.bans, q)
			b.log.Info("would unban", "prefix", q)
		}
	}
	return nil
}

// SetAllow records the allow list.
func (b *Backend) SetAllow(ctx context.Context, prefixes []netip.Prefix) error {
	allow, err := firewall.CanonicalAll(prefixes)
	if err != nil {
		return fmt.Errorf("allow: %w", err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.allow = allow
	b.log.Info("would load allow list", "prefixes", len(allow))
	return nil
}

// List returns the recorded bans that have not expired.
func (b *Backend) List(ctx context.Context) ([]firewall.Entry, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.expire()
	return b.entries(), nil
}

// Flush forgets all bans.
func (b *Backend) Flush(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.log.Info("would flush bans", "count", len(b.bans))
	clear(b.bans)
	return nil
}

// Teardown forgets everything.
func (b *Backend) Teardown(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.log.Info("would delete table", "table", b.cfg.Table)
	clear(b.bans)
	clear(b.lists)
	b.allow = nil
	b.ready = false
	return nil
}

// Status reports the in-memory view.
func (b *Backend) Status(ctx context.Context) (firewall.Status, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.expire()
	st := firewall.Status{Backend: firewall.BackendNone, Detail: "dry run: nothing is enforced", Table: b.cfg.Table, Present: b.ready}
	var n4, n6, a4, a6 int
	for p := range b.bans {
		if p.Addr().Is4() {
			n4++
		} else {
			n6++
		}
	}
	for _, p := range b.allow {
		if p.Addr().Is4() {
			a4++
		} else {
			a6++
		}
	}
	for _, s := range []firewall.SetStatus{{Name: "allow4", Elements: a4}, {Name: "allow6", Elements: a6}, {Name: "ban4", Elements: n4}, {Name: "ban6", Elements: n6}} {
		s.Present = b.ready
		st.Sets = append(st.Sets, s)
	}
	for _, h := range b.cfg.Chains() {
		st.Chains = append(st.Chains, firewall.ChainStatus{Name: h, Hook: h, Present: b.ready})
	}
	return st, nil
}

// Close does nothing.
func (b *Backend) Close() error { return nil }
