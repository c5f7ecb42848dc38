// Package lists turns the policy's address lists into kernel block lists:
// the [deny] list, every [[feed]] and [[cloud]], and the networks of the
// countries and autonomous systems [geo] blocks. Each becomes a named list
// of the firewall backend (firewall.Backend.SetList), checked after the
// allow sets and before the ban sets, and replaced atomically when its
// source changes, so a listed network is dropped before any log line names
// it.
package lists

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/netip"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/guardctl/guardctl/enrich/cloud"
	"github.com/guardctl/guardctl/enrich/feeds"
	"github.com/guardctl/guardctl/enrich/geo"
	"github.com/guardctl/guardctl/enrich/netset"
	"github.com/guardctl/guardctl/rules"
)

// Kinds of list.
const (
	KindDeny  = "deny"
	KindFeed  = "feed"
	KindCloud = "cloud"
	KindGeo   = "geo"
)

// Kernel names of the fixed lists; feeds and clouds are f_<name>, c_<name>.
const (
	NameDeny = "deny"
	NameGeo  = "geo"
)

// List is one configured list.
type List struct {
	Name    string // kernel list name
	Kind    string
	Source  string // what it is read from, for display
	Refresh time.Duration
	Fetch   feeds.Source // URL lists are downloaded; file lists read

	parse func([]byte) ([]netip.Prefix, int, error) // entries, bad entries
}

// Fetchable reports whether the list is downloaded.
func (l List) Fetchable() bool { return l.Fetch.URL != "" }

// Set is the lists of one policy and where their copies live.
type Set struct {
	cfg     *rules.Config
	pol     *rules.Policy
	geo     *geo.DB
	fetcher *feeds.Fetcher
	lists   []List
}

// Dir is where downloaded lists live under the state directory.
func Dir(stateDir string) string { return filepath.Join(stateDir, "lists") }

// New builds the Set of cfg (compiled as pol). db may be nil when no
// country or ASN is blocked (or the database failed to open: the geo list
// then reports the error).
func New(cfg *rules.Config, pol *rules.Policy, db *geo.DB, stateDir string) *Set {
	s := &Set{cfg: cfg, pol: pol, geo: db, fetcher: &feeds.Fetcher{
		Dir:       Dir(stateDir),
		Timeout:   cfg.Lists.Timeout,
		MaxSize:   int64(cfg.Lists.MaxSize),
		UserAgent: "guardctl",
	}}
	if pol.Deny != nil && (len(cfg.Deny.IPs) > 0 || len(cfg.Deny.Files) > 0) {
		s.lists = append(s.lists, List{Name: NameDeny, Kind: KindDeny, Source: denySource(cfg)})
	}
	for _, f := range cfg.Feeds {
		if f.Disabled {
			continue
		}
		l := List{Name: "f_" + f.Name, Kind: KindFeed, Refresh: firstPositive(f.Refresh, cfg.Lists.Refresh),
			Fetch: feeds.Source{Name: "f_" + f.Name, URL: f.URL, File: cfg.ListFile(f.File)}}
		l.Source = l.Fetch.Origin()
		l.parse = parseList
		if l.Fetchable() {
			l.parse = parseDownload
		}
		s.lists = append(s.lists, l)
	}
	for _, c := range cfg.Clouds {
		if c.Disabled {
			continue
		}
		l := List{Name: "c_" + c.Name, Kind: KindCloud, Refresh: firstPositive(c.Refresh, cfg.Lists.Refresh),
			Fetch: feeds.Source{Name: "c_" + c.Name, URL: c.URL, File: cfg.ListFile(c.File)}}
		l.Source = c.Provider + " " + l.Fetch.Origin()
		if len(c.Services) > 0 {
			l.Source += " services=" + strings.Join(c.Services, ",")
		}
		if len(c.Regions) > 0 {
			l.Source += " regions=" + strings.Join(c.Regions, ",")
		}
		provider, filter := c.Provider, cloud.Filter{Services: c.Services, Regions: c.Regions}
		l.parse = func(data []byte) ([]netip.Prefix, int, error) {
			ps, st, err := cloud.Parse(provider, data, filter)
			return ps, st.Invalid, err
		}
		s.lists = append(s.lists, l)
	}
	if !geoSelection(cfg).Empty() {
		s.lists = append(s.lists, List{Name: NameGeo, Kind: KindGeo, Source: geoSource(cfg)})
	}
	return s
}

func firstPositive(a, b time.Duration) time.Duration {
	if a > 0 {
		return a
	}
	return b
}

func parseList(data []byte) ([]netip.Prefix, int, error) {
	ps, st, err := netset.Parse(bytes.NewReader(data))
	return ps, st.Bad, err
}

// parseDownload parses a downloaded feed, whose unterminated last line
// may be a cut-short entry (netset.ParseDownload).
func parseDownload(data []byte) ([]netip.Prefix, int, error) {
	ps, st, err := netset.ParseDownload(bytes.NewReader(data))
	return ps, st.Bad, err
}

func denySource(cfg *rules.Config) string {
	var parts []string
	if n := len(cfg.Deny.IPs); n > 0 {
		parts = append(parts, fmt.Sprintf("[deny] ips (%d)", n))
	}
	for _, f := range cfg.Deny.Files {
		parts = append(parts, cfg.ListFile(f))
	}
	return strings.Join(parts, ", ")
}

func geoSelection(cfg *rules.Config) geo.Selection {
	return geo.Selection{BlockCountries: cfg.Geo.BlockCountries, AllowCountries: cfg.Geo.AllowCountries, BlockASNs: cfg.Geo.BlockASNs}
}

func geoSource(cfg *rules.Config) string {
	var parts []string
	if len(cfg.Geo.BlockCountries) > 0 {
		parts = append(parts, "block_countries="+strings.Join(cfg.Geo.BlockCountries, ","))
	}
	if len(cfg.Geo.AllowCountries) > 0 {
		parts = append(parts, "all but allow_countries="+strings.Join(cfg.Geo.AllowCountries, ","))
	}
	if len(cfg.Geo.BlockASNs) > 0 {
		var as []string
		for _, n := range cfg.Geo.BlockASNs {
			as = append(as, fmt.Sprintf("AS%d", n))
		}
		parts = append(parts, "block_asns="+strings.Join(as, ","))
	}
	return strings.Join(parts, " ")
}

// Lists returns the configured lists in a stable order.
func (s *Set) Lists() []List { return slices.Clone(s.lists) }

// Fetcher is the Set's downloader (its Dir holds the copies and metas).
func (s *Set) Fetcher() *feeds.Fetcher { return s.fetcher }

// Entries reads a list's current entries: the policy's deny list, the
// last good copy of a download, a file, or the database's networks.
func (s *Set) Entries(l List) ([]netip.Prefix, error) {
	switch l.Kind {
	case KindDeny:
		var out []netip.Prefix
		for p := range s.pol.Deny.All() {
			out = append(out, p)
		}
		return out, nil
	case KindGeo:
		if s.geo == nil {
			return nil, errors.New("no geo database open (geo.country_db / geo.asn_db)")
		}
		return s.geo.Networks(geoSelection(s.cfg))
	}
	data, err := s.fetcher.Load(l.Fetch)
	if err != nil {
		return nil, err
	}
	ps, _, err := l.parse(data)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", l.Name, err)
	}
	if len(ps) == 0 && l.Kind == KindCloud {
		return nil, fmt.Errorf("list %s: the filter keeps no range (services/regions)", l.Name)
	}
	return ps, nil
}

// Update downloads the URL lists among names (all when names is empty).
// Results come in list order; each carries its own error.
func (s *Set) Update(ctx context.Context, names []string) []UpdateResult {
	var out []UpdateResult
	for _, l := range s.lists {
		if !l.Fetchable() || (len(names) > 0 && !slices.Contains(names, l.Name) && !slices.Contains(names, strings.TrimPrefix(strings.TrimPrefix(l.Name, "f_"), "c_"))) {
			continue
		}
		parse := l.parse
		res, err := s.fetcher.Update(ctx, l.Fetch, func(data []byte) (int, error) {
			ps, _, err := parse(data)
			return len(ps), err
		})
		out = append(out, UpdateResult{List: l, Result: res, Err: err})
	}
	return out
}

// UpdateResult is one list's download outcome.
type UpdateResult struct {
	List   List
	Result feeds.Result
	Err    error
}
