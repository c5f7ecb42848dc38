package lists

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guardctl/guardctl/enrich/geo"
	"github.com/guardctl/guardctl/enrich/geo/geotest"
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/dryrun"
	"github.com/guardctl/guardctl/rules"
)

// fixture is a policy with one list of every kind, its sources served
// from loopback and temp files.
type fixture struct {
	dir   string
	cfg   *rules.Config
	pol   *rules.Policy
	db    *geo.DB
	feed  atomic.Pointer[string]
	hits  atomic.Int32
	state string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{dir: t.TempDir()}
	f.state = filepath.Join(f.dir, "state")
	body := "; Spamhaus DROP\n192.0.2.0/24 ; SBL1\n10.0.0.0/8 ; bogon\n127.0.0.0/8\n"
	f.feed.Store(&body)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.hits.Add(1)
		fmt.Fprint(w, *f.feed.Load())
	}))
	t.Cleanup(ts.Close)
	os.WriteFile(filepath.Join(f.dir, "aws.json"), []byte(`{"syncToken":"1","prefixes":[
		{"ip_prefix":"198.51.100.0/25","region":"us-east-1","service":"EC2"},
		{"ip_prefix":"198.51.100.128/25","region":"eu-west-1","service":"EC2"}],"ipv6_prefixes":[]}`), 0o644)
	os.WriteFile(filepath.Join(f.dir, "deny.txt"), []byte("203.0.113.9\n"), 0o644)
	geotest.Write(t, filepath.Join(f.dir, "geo.mmdb"), geotest.MaxMind, []geotest.Net{
		{CIDR: "203.0.113.128/25", Country: "CN"}, {CIDR: "203.0.113.0/25", Country: "FR"},
	})
	policy := fmt.Sprintf(`
[deny]
ips = ["203.0.113.7"]
files = ["deny.txt"]
[[feed]]
name = "drop"
url = %q
[[cloud]]
name = "aws"
provider = "aws"
file = "aws.json"
regions = ["us-east-1"]
[geo]
country_db = "geo.mmdb"
block_countries = ["CN"]
`, ts.URL+"/drop.txt")
	cfg, err := rules.Load(strings.NewReader(policy), filepath.Join(f.dir, "guardctl.toml"))
	if err != nil {
		t.Fatal(err)
	}
	pol, err := cfg.Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f.cfg, f.pol = cfg, pol
	if f.db, err = geo.Open(filepath.Join(f.dir, "geo.mmdb"), ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.db.Close() })
	return f
}

func dry(t *testing.T) *dryrun.Backend {
	b, err := dryrun.New(firewall.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestApplyEveryKind(t *testing.T) {
	f := newFixture(t)
	set := New(f.cfg, f.pol, f.db, f.state)
	var names []string
	for _, l := range set.Lists() {
		names = append(names, l.Name+":"+l.Kind)
	}
	if want := []string{"deny:deny", "f_drop:feed", "c_aws:cloud", "geo:geo"}; !slices.Equal(names, want) {
		t.Fatalf("lists %v, want %v", names, want)
	}
	ctx := context.Background()
	for _, r := range set.Update(ctx, nil) {
		if r.Err != nil {
			t.Fatalf("update %s: %v", r.List.Name, r.Err)
		}
	}
	fw := dry(t)
	loopback := netip.MustParsePrefix("127.0.0.0/8")
	ld := &Loader{Set: set, Kernel: fw, Protect: func(p netip.Prefix) error {
		if p.Overlaps(loopback) || p.Overlaps(netip.MustParsePrefix("10.1.2.3/32")) {
			return errors.New("protected")
		}
		return nil
	}}
	if err := ld.ApplyAll(ctx); err != nil {
		t.Fatal(err)
	}
	c, _ := fw.Counts(ctx)
	// deny: 2 hosts; cloud: one /25 (region filter); geo: CN's /25;
	// feed: 192.0.2.0/24, and 10.0.0.0/8 split around the protected
	// 10.1.2.3 (24 pieces: one per bit from /9 to /32), 127.0.0.0/8 left out.
	want := map[string]int{"deny": 2, "c_aws": 1, "geo": 1, "f_drop": 1 + 24}
	for k, v := range want {
		if c.Lists[k] != v {
			t.Errorf("list %s: %d entries in the kernel, want %d (all: %v)", k, c.Lists[k], v, c.Lists)
		}
	}
	st := set.Status()
	for _, s := range st {
		if s.Error != "" || s.Applied.IsZero() {
			t.Errorf("status %+v", s)
		}
	}
	if st[1].Entries != 3 || st[1].Kernel != 25 || st[1].Refreshed.IsZero() {
		t.Errorf("feed status %+v", st[1])
	}

	// Drop the feed and the geo block from the policy: their kernel
	// lists go at the next ApplyAll.
	f.cfg.Feeds = nil
	f.cfg.Geo.BlockCountries = nil
	set2 := New(f.cfg, f.pol, f.db, f.state)
	ld2 := &Loader{Set: set2, Kernel: fw}
	if err := ld2.ApplyAll(ctx); err != nil {
		t.Fatal(err)
	}
	c, _ = fw.Counts(ctx)
	if _, ok := c.Lists["f_drop"]; ok {
		t.Errorf("stale feed list kept: %v", c.Lists)
	}
	if _, ok := c.Lists["geo"]; ok {
		t.Errorf("stale geo list kept: %v", c.Lists)
	}
}

func TestTickRefreshesAndKeepsGoodCopy(t *testing.T) {
	f := newFixture(t)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	set := New(f.cfg, f.pol, f.db, f.state)
	set.fetcher.Now = func() time.Time { return now }
	fw := dry(t)
	ld := &Loader{Set: set, Kernel: fw, Now: func() time.Time { return now }}
	ctx := context.Background()
	ld.Tick(ctx) // first round: downloads the feed and loads everything
	c, _ := fw.Counts(ctx)
	if c.Lists["f_drop"] != 3 || f.hits.Load() != 1 {
		t.Fatalf("after first tick: %v, %d downloads", c.Lists, f.hits.Load())
	}
	ld.Tick(ctx) // not due: no download
	if f.hits.Load() != 1 {
		t.Errorf("downloaded again before refresh: %d", f.hits.Load())
	}
	// Due, but the server now serves an error page: the kernel keeps
	// the old list, the status says why.
	html := "<html><body>\n<h1>502</h1>\n</body></html>\n"
	f.feed.Store(&html)
	now = now.Add(13 * time.Hour)
	ld.Tick(ctx)
	c, _ = fw.Counts(ctx)
	if f.hits.Load() != 2 || c.Lists["f_drop"] != 3 {
		t.Errorf("after a bad download: %d downloads, %v", f.hits.Load(), c.Lists)
	}
	if st := set.Status()[1]; !strings.Contains(st.Error, "not an address list") {
		t.Errorf("status after a bad download: %+v", st)
	}
	// A good new list replaces it.
	good := "192.0.2.0/24\n198.18.0.0/15\n"
	f.feed.Store(&good)
	now = now.Add(16 * time.Minute)
	ld.Tick(ctx)
	c, _ = fw.Counts(ctx)
	if c.Lists["f_drop"] != 2 {
		t.Errorf("after recovery: %v", c.Lists)
	}
	if st := set.Status()[1]; st.Error != "" {
		t.Errorf("status after recovery: %+v", st)
	}
}

func TestGeoReloadedWhenDatabaseChanges(t *testing.T) {
	f := newFixture(t)
	set := New(f.cfg, f.pol, f.db, f.state)
	fw := dry(t)
	ld := &Loader{Set: set, Kernel: fw}
	ctx := context.Background()
	ld.Tick(ctx)
	path := filepath.Join(f.dir, "geo.mmdb")
	geotest.Write(t, path, geotest.MaxMind, []geotest.Net{
		{CIDR: "203.0.113.128/25", Country: "CN"}, {CIDR: "198.18.0.0/15", Country: "CN"}, {CIDR: "192.0.2.0/24", Country: "CN"},
	})
	os.Chtimes(path, time.Now(), time.Now().Add(time.Minute))
	// Someone else (the daemon's tick) reopened it first: the list is
	// reloaded all the same.
	if ok, err := f.db.Reload(); !ok || err != nil {
		t.Fatalf("geo Reload = %v, %v", ok, err)
	}
	ld.Tick(ctx)
	c, _ := fw.Counts(ctx)
	if c.Lists["geo"] != 3 {
		t.Errorf("geo list after the database changed: %v", c.Lists)
	}
}
