package dryrun

import (
	"context"
	"fmt"
	"math"
	"net/netip"
	"time"

	"github.com/guardctl/guardctl/firewall"
)

// Counts reports the in-memory view; nothing can drift in it.
func (b *Backend) Counts(ctx context.Context) (firewall.Counts, error) {
	st, err := b.Status(ctx)
	if err != nil {
		return firewall.Counts{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	c := firewall.Counts{Status: st, Bans: len(b.bans), Allow: len(b.allow), Lists: map[string]int{}}
	for name, ps := range b.lists {
		c.Lists[name] = len(ps)
	}
	return c, nil
}

// Lookup returns the recorded bans equal to or covering p.
func (b *Backend) Lookup(ctx context.Context, p netip.Prefix) ([]firewall.Entry, error) {
	c, err := firewall.Canonical(p)
	if err != nil {
		return nil, fmt.Errorf("lookup: %w", err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.expire()
	var out []firewall.Entry
	for _, e := range b.entries() {
		if e.Prefix.Bits() <= c.Bits() && e.Prefix.Contains(c.Addr()) {
			out = append(out, e)
		}
	}
	return out, nil
}

// Verify finds nothing: no one else can change the in-memory view.
func (b *Backend) Verify(ctx context.Context) (firewall.Drift, error) {
	return firewall.Drift{At: time.Now()}, ctx.Err()
}

// Watch returns a channel that never reports and closes when ctx ends.
func (b *Backend) Watch(ctx context.Context) (<-chan firewall.Drift, error) {
	ch := make(chan firewall.Drift)
	go func() {
		<-ctx.Done()
		close(ch)
	}()
	return ch, nil
}

// SetList records a named list.
func (b *Backend) SetList(ctx context.Context, name string, prefixes []netip.Prefix) error {
	ps, err := firewall.ListPrefixes(b.cfg.Table, name, prefixes)
	if err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.lists[name] = ps
	b.log.Info("would load list", "list", name, "prefixes", len(ps))
	return nil
}

// RemoveList forgets a named list.
func (b *Backend) RemoveList(ctx context.Context, name string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.lists, name)
	return nil
}

// MaxTimeout: the dry run holds any duration.
func (b *Backend) MaxTimeout() time.Duration { return math.MaxInt64 }
