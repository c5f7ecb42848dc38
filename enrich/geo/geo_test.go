package geo

import (
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/guardctl/guardctl/enrich/geo/geotest"
)

var nets = []geotest.Net{
	{CIDR: "192.0.2.0/24", Country: "FR", ASN: 64500, Org: "Example FR"},
	{CIDR: "198.51.100.0/24", Country: "US", ASN: 64501, Org: "Example US"},
	{CIDR: "203.0.113.0/25", Country: "CN", ASN: 64502, Org: "Example CN"},
	{CIDR: "203.0.113.128/25", Country: "CN", ASN: 64500, Org: "Example FR"},
	{CIDR: "2001:db8::/32", Country: "DE", ASN: 64503, Org: "Example DE"},
}

func TestLookupLayouts(t *testing.T) {
	dir := t.TempDir()
	mm := filepath.Join(dir, "country.mmdb")
	ip := filepath.Join(dir, "ipinfo.mmdb")
	geotest.Write(t, mm, geotest.MaxMind, nets)
	geotest.Write(t, ip, geotest.IPinfo, nets)
	for _, c := range []struct {
		name             string
		country, asnPath string
	}{{"maxmind two files", mm, mm}, {"ipinfo combined", ip, ""}, {"ipinfo as asn", "", ip}} {
		t.Run(c.name, func(t *testing.T) {
			db, err := Open(c.country, c.asnPath)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			got := db.Lookup(netip.MustParseAddr("198.51.100.7"))
			if got != (Info{Country: "US", ASN: 64501, Org: "Example US"}) {
				t.Errorf("Lookup = %+v", got)
			}
			if got := db.Lookup(netip.MustParseAddr("::ffff:192.0.2.1")); got.Country != "FR" || got.ASN != 64500 {
				t.Errorf("mapped lookup = %+v", got)
			}
			if got := db.Lookup(netip.MustParseAddr("2001:db8::1")); got.Country != "DE" {
				t.Errorf("v6 lookup = %+v", got)
			}
			if got := db.Lookup(netip.MustParseAddr("10.0.0.1")); got != (Info{}) {
				t.Errorf("unknown = %+v", got)
			}
		})
	}
}

func TestNetworks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.mmdb")
	geotest.Write(t, path, geotest.MaxMind, nets)
	db, err := Open(path, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, c := range []struct {
		name string
		sel  Selection
		want []string
	}{
		{"block CN", Selection{BlockCountries: []string{"CN"}}, []string{"203.0.113.0/25", "203.0.113.128/25"}},
		{"allow FR US", Selection{AllowCountries: []string{"FR", "US"}}, []string{"2001:db8::/32", "203.0.113.0/25", "203.0.113.128/25"}},
		{"block ASN", Selection{BlockASNs: []int{64500}}, []string{"192.0.2.0/24", "203.0.113.128/25"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps, err := db.Networks(c.sel)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range ps {
				got = append(got, p.String())
			}
			slices.Sort(got)
			if !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

func TestReloadOnChange(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.mmdb")
	geotest.Write(t, path, geotest.MaxMind, nets)
	db, err := Open(path, "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if ok, err := db.Reload(); ok || err != nil {
		t.Fatalf("unchanged file reloaded: %v %v", ok, err)
	}
	cache := NewCountryCache(func() *DB { return db }, 16)
	before := cache.Country(netip.MustParseAddr("198.51.100.1"))
	geotest.Write(t, path, geotest.MaxMind, []geotest.Net{{CIDR: "198.51.100.0/24", Country: "CA"}})
	os.Chtimes(path, time.Now(), time.Now().Add(time.Minute)) // same-second writes
	if ok, err := db.Reload(); !ok || err != nil {
		t.Fatalf("Reload = %v %v", ok, err)
	}
	if cc := db.Country(netip.MustParseAddr("198.51.100.1")); cc != "CA" {
		t.Errorf("after reload: %q", cc)
	}
	if cc := cache.Country(netip.MustParseAddr("198.51.100.1")); cc != "CA" || before == "CA" {
		t.Errorf("cache after reload: %q (before: %q): it kept the old database's answer", cc, before)
	}
	// A broken replacement keeps the working database.
	os.WriteFile(path, []byte("not a database"), 0o644)
	if _, err := db.Reload(); err == nil {
		t.Error("broken file: no error")
	}
	if cc := db.Country(netip.MustParseAddr("198.51.100.1")); cc != "CA" {
		t.Errorf("after broken reload: %q", cc)
	}
}

func FuzzOpenBytes(f *testing.F) {
	path := filepath.Join(f.TempDir(), "c.mmdb")
	geotest.Write(f, path, geotest.MaxMind, nets)
	b, _ := os.ReadFile(path)
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f.mmdb")
		os.WriteFile(p, data, 0o600)
		db, err := Open(p, p)
		if err != nil {
			return
		}
		defer db.Close()
		db.Lookup(netip.MustParseAddr("192.0.2.1"))
		db.Lookup(netip.MustParseAddr("2001:db8::1"))
		db.Networks(Selection{BlockCountries: []string{"CN"}, BlockASNs: []int{64500}})
	})
}

// BenchmarkLookup: one country+ASN lookup in a database of 65,536
// networks (what analyze pays per distinct client for the per-country
// table), and a CountryCache hit (what a per-country throttle pays per
// line for a client seen before).
func BenchmarkLookup(b *testing.B) {
	var ns []geotest.Net
	for i := range 1 << 16 {
		ns = append(ns, geotest.Net{CIDR: fmt.Sprintf("%d.%d.%d.0/24", 11+i>>8%200, i&255, i>>8&255), Country: []string{"FR", "US", "CN", "DE"}[i%4], ASN: uint32(64500 + i%100), Org: "Org"})
	}
	path := filepath.Join(b.TempDir(), "g.mmdb")
	geotest.Write(b, path, geotest.MaxMind, ns)
	db, err := Open(path, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	addrs := make([]netip.Addr, 4096)
	for i := range addrs {
		addrs[i] = netip.AddrFrom4([4]byte{byte(11 + i%200), byte(i), byte(i >> 3), 7})
	}
	b.Run("lookup", func(b *testing.B) {
		i := 0
		for b.Loop() {
			db.Lookup(addrs[i%len(addrs)])
			i++
		}
	})
	b.Run("cache-hit", func(b *testing.B) {
		c := NewCountryCache(func() *DB { return db }, 1<<16)
		for _, a := range addrs {
			c.Country(a)
		}
		i := 0
		for b.Loop() {
			c.Country(addrs[i%len(addrs)])
			i++
		}
	})
}
