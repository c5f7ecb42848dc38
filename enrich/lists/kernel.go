package lists

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/guardctl/guardctl/enrich/feeds"
	"github.com/guardctl/guardctl/enrich/netset"
	"github.com/guardctl/guardctl/firewall"
)

// Kernel is the part of firewall.Backend the loader uses.
type Kernel interface {
	SetList(ctx context.Context, name string, prefixes []netip.Prefix) error
	RemoveList(ctx context.Context, name string) error
	Counts(ctx context.Context) (firewall.Counts, error)
}

// Loader keeps the kernel's lists equal to a Set: it loads every list,
// downloads URL lists when due, reloads a list whose copy or file changed
// (`guardctl lists update` writes copies while the daemon runs), and
// removes lists the policy no longer names.
type Loader struct {
	Set    *Set
	Kernel Kernel
	// Protect, when set, refuses prefixes guardctl must never block (the
	// host's own addresses, trusted proxies, allow list, loopback): an
	// entry covering one is split around it, one inside it is left out.
	Protect func(netip.Prefix) error
	Log     *slog.Logger
	Now     func() time.Time

	mu      sync.Mutex
	applied map[string]stamp // list -> the source it was loaded from
}

// stamp identifies a list's source content without reading it.
type stamp struct {
	size  int64
	mtime time.Time
	geo   bool
	gen   uint64 // the geo database's Generation
}

func (ld *Loader) now() time.Time {
	if ld.Now != nil {
		return ld.Now()
	}
	return time.Now()
}

func (ld *Loader) log() *slog.Logger {
	if ld.Log != nil {
		return ld.Log
	}
	return slog.New(slog.DiscardHandler)
}

// ApplyAll loads every list and removes stale ones. It tries every list;
// the errors of those that failed are joined (a list that fails keeps what
// the kernel had).
func (ld *Loader) ApplyAll(ctx context.Context) error {
	var errs []error
	for _, l := range ld.Set.lists {
		if _, err := ld.Apply(ctx, l); err != nil {
			errs = append(errs, err)
		}
	}
	if err := ld.removeStale(ctx); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// Apply loads one list into the kernel and records the outcome in the
// list's meta file. It returns the number of kernel entries.
func (ld *Loader) Apply(ctx context.Context, l List) (int, error) {
	st := ld.stampOf(l)
	start := ld.now()
	ps, err := ld.Set.Entries(l)
	var n, excluded int
	if err == nil {
		ps, excluded = ld.carve(ps)
		ps = netset.Normalize(ps)
		n = len(ps)
		err = ld.Kernel.SetList(ctx, l.Name, ps)
		if err != nil {
			err = fmt.Errorf("list %s: load into the kernel: %w", l.Name, err)
		}
	}
	ld.record(l, n, err)
	if err != nil {
		ld.log().Warn("block list not loaded; the kernel keeps its previous content", "list", l.Name, "err", err)
		return 0, err
	}
	ld.mu.Lock()
	if ld.applied == nil {
		ld.applied = map[string]stamp{}
	}
	ld.applied[l.Name] = st
	ld.mu.Unlock()
	ld.log().Info("block list loaded", "list", l.Name, "kind", l.Kind, "entries", n, "protected_left_out", excluded,
		"took", ld.now().Sub(start).Round(time.Millisecond))
	return n, nil
}

func (ld *Loader) record(l List, n int, err error) {
	f := ld.Set.fetcher
	m, _ := f.ReadMeta(l.Name)
	m.Name, m.Kind = l.Name, l.Kind
	if m.Source == "" || !l.Fetchable() {
		m.Source = l.Source
	}
	if err != nil {
		m.LoadError = err.Error()
	} else {
		m.LoadError, m.Applied, m.Kernel = "", ld.now(), n
		if !l.Fetchable() {
			m.Entries = n
		}
	}
	if werr := f.WriteMeta(m); werr != nil {
		ld.log().Warn("save list status", "list", l.Name, "err", werr)
	}
}

// stampOf identifies the list's current source: the copy or file's size
// and time; deny lists change only with the policy (a new Set).
func (ld *Loader) stampOf(l List) stamp {
	switch l.Kind {
	case KindDeny:
		return stamp{}
	case KindGeo:
		return stamp{geo: true, gen: ld.Set.geo.Generation()}
	}
	path := l.Fetch.File
	if l.Fetchable() {
		path = ld.Set.fetcher.Dir + "/" + l.Name + ".list"
	}
	fi, err := os.Stat(path)
	if err != nil {
		return stamp{}
	}
	return stamp{size: fi.Size(), mtime: fi.ModTime()}
}

// removeStale removes the kernel lists this package named (deny, geo,
// f_*, c_*) that the Set no longer has.
func (ld *Loader) removeStale(ctx context.Context) error {
	c, err := ld.Kernel.Counts(ctx)
	if err != nil {
		return fmt.Errorf("block lists: read the kernel's lists: %w", err)
	}
	var errs []error
	for name := range c.Lists {
		ours := name == NameDeny || name == NameGeo || strings.HasPrefix(name, "f_") || strings.HasPrefix(name, "c_")
		if !ours || slices.ContainsFunc(ld.Set.lists, func(l List) bool { return l.Name == name }) {
			continue
		}
		if err := ld.Kernel.RemoveList(ctx, name); err != nil {
			errs = append(errs, fmt.Errorf("remove list %s: %w", name, err))
			continue
		}
		ld.log().Info("block list removed (no longer in the policy)", "list", name)
	}
	return errors.Join(errs...)
}

// maxSplit bounds how far below an entry's own length carve splits it
// around a protected address.
const maxSplit = 32

// carve drops or splits the entries that would block a protected
// address. It returns the remaining prefixes and how many it left out.
func (ld *Loader) carve(ps []netip.Prefix) ([]netip.Prefix, int) {
	if ld.Protect == nil {
		return ps, 0
	}
	out := ps[:0:0]
	excluded := 0
	for _, p := range ps {
		out = ld.carveOne(p, p.Bits()+maxSplit, out, &excluded)
	}
	return out, excluded
}

func (ld *Loader) carveOne(p netip.Prefix, limit int, out []netip.Prefix, excluded *int) []netip.Prefix {
	if ld.Protect(p) == nil {
		return append(out, p)
	}
	first := netip.PrefixFrom(p.Addr(), p.Addr().BitLen())
	last := netip.PrefixFrom(firewall.LastAddr(p), p.Addr().BitLen())
	if p.IsSingleIP() || p.Bits() >= limit || (ld.Protect(first) != nil && ld.Protect(last) != nil) {
		*excluded++ // inside a protected range (or protected itself)
		return out
	}
	lo := netip.PrefixFrom(p.Addr(), p.Bits()+1)
	hi := netip.PrefixFrom(firewall.LastAddr(p), p.Bits()+1).Masked()
	out = ld.carveOne(lo, limit, out, excluded)
	return ld.carveOne(hi, limit, out, excluded)
}

// Tick does one round of the daemon's upkeep: downloads the URL lists
// that are due, reloads lists whose source changed, reopens a changed geo
// database (reloading the geo list).
func (ld *Loader) Tick(ctx context.Context) {
	ld.Fetch(ctx)
	ld.Sync(ctx)
}

// Fetch downloads the URL lists that are due. It touches only the copies
// in the state directory, never the kernel, so a caller may run it
// without the lock that serialises kernel loads.
func (ld *Loader) Fetch(ctx context.Context) {
	now := ld.now()
	for _, l := range ld.Set.lists {
		if ctx.Err() != nil {
			return
		}
		if !l.Fetchable() || !ld.due(l, now) {
			continue
		}
		parse := l.parse
		_, err := ld.Set.fetcher.Update(ctx, l.Fetch, func(data []byte) (int, error) {
			ps, _, err := parse(data)
			return len(ps), err
		})
		if err != nil {
			ld.log().Warn("block list download failed; keeping the last good copy", "list", l.Name, "err", err)
		}
	}
}

// Sync loads into the kernel every list not loaded yet, or whose copy or
// file changed, or whose geo database was replaced.
func (ld *Loader) Sync(ctx context.Context) {
	for _, l := range ld.Set.lists {
		if ctx.Err() != nil {
			return
		}
		ld.mu.Lock()
		prev, loaded := ld.applied[l.Name]
		ld.mu.Unlock()
		if l.Kind == KindGeo && ld.Set.geo != nil {
			// The daemon may have reopened it already (its tick reloads
			// the database whether or not a list uses it): the stamp's
			// generation tells.
			if _, err := ld.Set.geo.Reload(); err != nil {
				ld.log().Warn("geo database changed but does not open; keeping the old one", "err", err)
			}
		}
		cur := ld.stampOf(l)
		if !loaded || (l.Kind != KindDeny && cur != prev) {
			ld.Apply(ctx, l)
		}
	}
}

// due reports whether a URL list should be downloaded: never fetched,
// last attempt failed long enough ago, or its refresh interval passed.
func (ld *Loader) due(l List, now time.Time) bool {
	m, err := ld.Set.fetcher.ReadMeta(l.Name)
	if err != nil {
		return true
	}
	last := m.Checked
	if m.ErrorAt.After(last) {
		// Retry a failing source sooner, but not in a tight loop.
		return now.Sub(m.ErrorAt) >= min(l.Refresh, 15*time.Minute)
	}
	return last.IsZero() || now.Sub(last) >= l.Refresh
}

// Run calls Tick every interval until ctx ends.
func (ld *Loader) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			ld.Tick(ctx)
		}
	}
}

// Status is what `guardctl lists` shows of one list.
type Status struct {
	Name      string    `json:"name"`
	Kind      string    `json:"kind"`
	Source    string    `json:"source"`
	Entries   int       `json:"entries"`            // in the last good copy (or computed)
	Kernel    int       `json:"kernel"`             // loaded into the kernel, after merging
	Refreshed time.Time `json:"refreshed,omitzero"` // last download that worked
	Applied   time.Time `json:"applied,omitzero"`   // last load into the kernel
	Error     string    `json:"error,omitempty"`
}

// Status reads every list's saved status (no network, no kernel).
func (s *Set) Status() []Status {
	out := make([]Status, 0, len(s.lists))
	for _, l := range s.lists {
		m, _ := s.fetcher.ReadMeta(l.Name)
		st := Status{Name: l.Name, Kind: l.Kind, Source: l.Source, Entries: m.Entries, Kernel: m.Kernel,
			Refreshed: m.Checked, Applied: m.Applied}
		st.Error = strings.TrimSpace(strings.Join(nonEmpty(m.Error, m.LoadError), "; "))
		if l.Fetchable() && m.Checked.IsZero() && st.Error == "" {
			st.Error = "not downloaded yet (guardctl lists update)"
		}
		out = append(out, st)
	}
	return out
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// compile-time check: the real backends are Kernels.
var _ Kernel = firewall.Backend(nil)

// Meta is feeds.Meta, re-exported for callers that show it.
type Meta = feeds.Meta
