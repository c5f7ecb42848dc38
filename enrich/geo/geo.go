// Package geo answers "where is this client, and whose network is it" from
// local MaxMind-format databases (GeoLite2/GeoIP2 Country, City and ASN,
// DB-IP lite, IPinfo), and lists the networks of given countries or
// autonomous systems for the kernel. A database is reopened when its file
// changes.
package geo

import (
	"cmp"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/oschwald/maxminddb-golang/v2"
)

// Info is what the databases say about one address. Zero fields are
// unknown.
type Info struct {
	Country string `json:"country,omitempty"` // ISO 3166-1 alpha-2
	ASN     uint32 `json:"asn,omitempty"`
	Org     string `json:"as_org,omitempty"`
}

// DB is a country database and an ASN database (either may be absent; one
// file may serve both, as IPinfo's country_asn does). Safe for concurrent
// use.
type DB struct {
	countryPath, asnPath string

	mu      sync.RWMutex
	country *handle
	asn     *handle
	gen     atomic.Uint64 // how many times Reload reopened a file
}

// handle is one open file and what identified it when it was opened.
type handle struct {
	r     *maxminddb.Reader
	path  string
	size  int64
	mtime time.Time
	// Decoded records by offset: many networks share one record (a
	// Country database has a few hundred), and decoding is most of a
	// lookup's cost.
	countries sync.Map // uintptr -> string
	asns      sync.Map // uintptr -> asRecord
}

type asRecord struct {
	n   uint32
	org string
}

func (h *handle) country(res maxminddb.Result) string {
	if !res.Found() {
		return ""
	}
	if v, ok := h.countries.Load(res.Offset()); ok {
		return v.(string)
	}
	cc := countryOf(res)
	h.countries.Store(res.Offset(), cc)
	return cc
}

func (h *handle) asn(res maxminddb.Result) (uint32, string) {
	if !res.Found() {
		return 0, ""
	}
	if v, ok := h.asns.Load(res.Offset()); ok {
		r := v.(asRecord)
		return r.n, r.org
	}
	n, org := asnOf(res)
	h.asns.Store(res.Offset(), asRecord{n, org})
	return n, org
}

// Open opens the databases at the given paths; an empty path is no
// database. Either file may be Country, City, ASN or a combined file.
func Open(countryPath, asnPath string) (*DB, error) {
	d := &DB{countryPath: countryPath, asnPath: asnPath}
	var err error
	if countryPath != "" {
		if d.country, err = openHandle(countryPath); err != nil {
			return nil, err
		}
	}
	if asnPath != "" {
		if d.asn, err = openHandle(asnPath); err != nil {
			d.Close()
			return nil, err
		}
	}
	return d, nil
}

func openHandle(path string) (*handle, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("geo database: %w", err)
	}
	// Read into memory rather than mapped: an updater that rewrites the
	// file in place would otherwise change (or truncate, SIGBUS) the
	// pages under a running lookup.
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("geo database: %w", err)
	}
	r, err := maxminddb.OpenBytes(data)
	if err != nil {
		return nil, fmt.Errorf("geo database %s: %w", path, err)
	}

	return &handle{r: r, path: path, size: st.Size(), mtime: st.ModTime()}, nil
}

func (h *handle) changed() bool {
	st, err := os.Stat(h.path)
	return err == nil && (st.Size() != h.size || !st.ModTime().Equal(h.mtime))
}

// Reload reopens every database whose file changed since it was opened
// (size or modification time). A file that fails to open keeps the old
// database in use, and the error is returned.
func (d *DB) Reload() (bool, error) {
	if d == nil {
		return false, nil
	}
	var errs []error
	reopened := false
	for _, slot := range []*(*handle){&d.country, &d.asn} {
		d.mu.RLock()
		h := *slot
		d.mu.RUnlock()
		if h == nil || !h.changed() {
			continue
		}
		nh, err := openHandle(h.path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		d.mu.Lock()
		*slot = nh
		d.mu.Unlock()
		// Lookups hold the read lock while they use the old reader.
		d.mu.Lock()
		h.r.Close()
		d.mu.Unlock()
		d.gen.Add(1)
		reopened = true
	}
	return reopened, errors.Join(errs...)
}

// Generation changes whenever Reload reopens a file: what was looked up
// before may read differently now (CountryCache forgets it).
func (d *DB) Generation() uint64 {
	if d == nil {
		return 0
	}
	return d.gen.Load()
}

// Close closes the databases.
func (d *DB) Close() error {
	if d == nil {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, h := range []*handle{d.country, d.asn} {
		if h != nil {
			h.r.Close()
		}
	}
	d.country, d.asn = nil, nil
	return nil
}

// HasCountry and HasASN report which databases are open.
func (d *DB) HasCountry() bool { return d != nil && d.country != nil }
func (d *DB) HasASN() bool     { return d != nil && d.asn != nil }

// Lookup returns what the databases know of a.
func (d *DB) Lookup(a netip.Addr) Info {
	var info Info
	if d == nil || !a.IsValid() {
		return info
	}
	a = a.Unmap()
	d.mu.RLock()
	defer d.mu.RUnlock()
	if h := d.country; h != nil {
		res := h.r.Lookup(a)
		info.Country = h.country(res)
		if d.asn == nil { // a combined file (IPinfo country_asn)
			info.ASN, info.Org = h.asn(res)
		}
	}
	if h := d.asn; h != nil {
		res := h.r.Lookup(a)
		info.ASN, info.Org = h.asn(res)
		if info.Country == "" && d.country == nil {
			info.Country = h.country(res)
		}
	}
	return info
}

// Country is Lookup's country alone (the per-country throttle hook).
func (d *DB) Country(a netip.Addr) string { return d.Lookup(a).Country }

// countryOf reads the ISO code the way each vendor writes it: MaxMind and
// DB-IP {"country": {"iso_code": "FR"}}, IPinfo {"country": "FR"} or
// {"country_code": "FR"}. The registered country stands in when the
// located one is missing (anonymous or satellite networks).
func countryOf(res maxminddb.Result) string {
	if !res.Found() {
		return ""
	}
	var cc string
	if err := res.DecodePath(&cc, "country", "iso_code"); err == nil && cc != "" {
		return strings.ToUpper(cc)
	}
	if err := res.DecodePath(&cc, "country"); err == nil && len(cc) == 2 {
		return strings.ToUpper(cc)
	}
	if err := res.DecodePath(&cc, "country_code"); err == nil && len(cc) == 2 {
		return strings.ToUpper(cc)
	}
	if err := res.DecodePath(&cc, "registered_country", "iso_code"); err == nil {
		return strings.ToUpper(cc)
	}
	return ""
}

// asnOf reads MaxMind's autonomous_system_number/organization or
// IPinfo's "asn": "AS15169" with "as_name".
func asnOf(res maxminddb.Result) (uint32, string) {
	if !res.Found() {
		return 0, ""
	}
	var n uint64
	var org string
	if err := res.DecodePath(&n, "autonomous_system_number"); err == nil && n > 0 {
		_ = res.DecodePath(&org, "autonomous_system_organization")
		return uint32(n), org
	}
	var s string
	if err := res.DecodePath(&s, "asn"); err == nil && s != "" {
		v, err := strconv.ParseUint(strings.TrimPrefix(strings.ToUpper(s), "AS"), 10, 32)
		if err == nil {
			_ = res.DecodePath(&org, "as_name")
			return uint32(v), org
		}
	}
	return 0, ""
}

// Selection says which networks Networks returns.
type Selection struct {
	// BlockCountries: networks located in these countries.
	BlockCountries []string
	// AllowCountries, when set: networks located in any other country
	// (networks the database does not place in a country stay allowed).
	AllowCountries []string
	// BlockASNs: networks of these autonomous systems.
	BlockASNs []int
}

// Empty reports whether s selects nothing.
func (s Selection) Empty() bool {
	return len(s.BlockCountries) == 0 && len(s.AllowCountries) == 0 && len(s.BlockASNs) == 0
}

// Networks walks the databases and returns every network s selects, for
// loading into the kernel. Records are shared by many networks, so each
// distinct record is decoded once.
func (d *DB) Networks(s Selection) ([]netip.Prefix, error) {
	if d == nil || s.Empty() {
		return nil, nil
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	var out []netip.Prefix
	var err error
	if len(s.BlockCountries) > 0 || len(s.AllowCountries) > 0 {
		h := cmp.Or(d.country, d.asn)
		if h == nil {
			return nil, errors.New("geo: countries selected but no country database")
		}
		out, err = h.walk(out, func(res maxminddb.Result) bool {
			cc := countryOf(res)
			if len(s.AllowCountries) > 0 {
				return cc != "" && !slices.Contains(s.AllowCountries, cc)
			}
			return cc != "" && slices.Contains(s.BlockCountries, cc)
		})
		if err != nil {
			return nil, err
		}
	}
	if len(s.BlockASNs) > 0 {
		h := cmp.Or(d.asn, d.country)
		if h == nil {
			return nil, errors.New("geo: ASNs selected but no ASN database")
		}
		out, err = h.walk(out, func(res maxminddb.Result) bool {
			n, _ := asnOf(res)
			return n > 0 && slices.Contains(s.BlockASNs, int(n))
		})
	}
	return out, err
}

// walk appends to out every network of the database whose record sel
// selects. Records are shared by many networks, so each distinct record
// is judged once.
func (h *handle) walk(out []netip.Prefix, sel func(maxminddb.Result) bool) ([]netip.Prefix, error) {
	memo := map[uintptr]bool{}
	for res := range h.r.Networks() {
		if err := res.Err(); err != nil {
			return nil, fmt.Errorf("geo database %s: %w", h.path, err)
		}
		ok, seen := memo[res.Offset()]
		if !seen {
			ok = sel(res)
			memo[res.Offset()] = ok
		}
		if ok {
			out = appendPrefix(out, res.Prefix())
		}
	}
	return out, nil
}

// appendPrefix adds p as the kernel sees it: IPv4 inside an IPv6
// database's ::/96 becomes IPv4.
func appendPrefix(out []netip.Prefix, p netip.Prefix) []netip.Prefix {
	if !p.IsValid() {
		return out
	}
	if a := p.Addr(); a.Is4In6() {
		if p.Bits() < 96 {
			return out
		}
		p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
	}
	if p.Bits() == 0 {
		return out
	}
	return append(out, p.Masked())
}

// CountryCache memoises Country for a stream of events: clients repeat, and
// a lookup decodes the database record each time. It holds at most max
// addresses and starts afresh when full. Not safe for concurrent use (one
// per detector loop). It forgets everything when the database is another
// one or was reopened.
type CountryCache struct {
	db   func() *DB
	max  int
	m    map[netip.Addr]string
	last *DB    // the database m was filled from
	gen  uint64 // and its Generation then
}

// NewCountryCache looks countries up in the database db returns (nil: no
// database, every country unknown), remembering up to max addresses.
func NewCountryCache(db func() *DB, max int) *CountryCache {
	return &CountryCache{db: db, max: max, m: make(map[netip.Addr]string)}
}

// Country returns a's country code, "" when unknown.
func (c *CountryCache) Country(a netip.Addr) string {
	db := c.db()
	if gen := db.Generation(); db != c.last || gen != c.gen {
		clear(c.m)
		c.last, c.gen = db, gen
	}
	if cc, ok := c.m[a]; ok {
		return cc
	}
	if db == nil {
		return ""
	}
	cc := db.Country(a)
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[a] = cc
	return cc
}

// Forget drops what the cache remembers (the database was reopened).
func (c *CountryCache) Forget() { clear(c.m) }
