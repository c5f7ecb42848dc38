package firewall

import (
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }

func TestCanonical(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"10.1.2.3/24", "10.1.2.0/24", false},
		{"::ffff:10.1.2.3/128", "10.1.2.3/32", false},
		{"::ffff:10.1.2.3/120", "10.1.2.0/24", false},
		{"2001:db8::1/64", "2001:db8::/64", false},
		{"::ffff:0.0.0.0/95", "", true},
		{"0.0.0.0/0", "", true},
		{"::/0", "", true},
	} {
		got, err := Canonical(pfx(tc.in))
		if (err != nil) != tc.wantErr {
			t.Errorf("Canonical(%s) error = %v, wantErr %v", tc.in, err, tc.wantErr)
			continue
		}
		if err == nil && got != pfx(tc.want) {
			t.Errorf("Canonical(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
	if _, err := Canonical(netip.Prefix{}); err == nil {
		t.Error("Canonical(zero Prefix) succeeded, want error")
	}
}

func TestLastAddr(t *testing.T) {
	for in, want := range map[string]string{
		"10.0.0.0/24":      "10.0.0.255",
		"10.0.0.7/32":      "10.0.0.7",
		"0.0.0.0/1":        "127.255.255.255",
		"2001:db8::/64":    "2001:db8::ffff:ffff:ffff:ffff",
		"2001:db8::/63":    "2001:db8:0:1:ffff:ffff:ffff:ffff",
		"8000::/1":         "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
		"2001:db8::1/128":  "2001:db8::1",
		"2001:db8::/32":    "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff",
		"255.255.255.0/24": "255.255.255.255",
	} {
		if got := LastAddr(pfx(in)); got != netip.MustParseAddr(want) {
			t.Errorf("LastAddr(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestRangePrefixes(t *testing.T) {
	for _, tc := range []struct {
		first, last string
		want        []string
	}{
		{"10.0.0.0", "10.0.0.255", []string{"10.0.0.0/24"}},
		{"10.0.0.1", "10.0.0.1", []string{"10.0.0.1/32"}},
		{"10.0.0.1", "10.0.0.6", []string{"10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32"}},
		{"0.0.0.0", "255.255.255.255", []string{"0.0.0.0/0"}},
		{"255.255.255.254", "255.255.255.255", []string{"255.255.255.254/31"}},
		{"::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", []string{"::/0"}},
		{"2001:db8::", "2001:db8::1:ffff", []string{"2001:db8::/111"}},
		{"10.0.0.5", "10.0.0.4", nil},
	} {
		var want []netip.Prefix
		for _, w := range tc.want {
			want = append(want, pfx(w))
		}
		got := RangePrefixes(netip.MustParseAddr(tc.first), netip.MustParseAddr(tc.last))
		if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); diff != "" {
			t.Errorf("RangePrefixes(%s, %s) (-want +got):\n%s", tc.first, tc.last, diff)
		}
	}
}

func TestLonger(t *testing.T) {
	for _, tc := range []struct {
		a, b time.Duration
		want bool
	}{
		{0, time.Hour, true}, {time.Hour, 0, false}, {0, 0, false},
		{2 * time.Hour, time.Hour, true}, {time.Hour, time.Hour, false},
	} {
		if got := Longer(tc.a, tc.b); got != tc.want {
			t.Errorf("Longer(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestCoalesce(t *testing.T) {
	got, err := Coalesce([]Ban{
		{Prefix: pfx("10.0.0.7/32"), Timeout: 3 * time.Hour},
		{Prefix: pfx("10.0.0.0/24"), Timeout: time.Hour},
		{Prefix: pfx("10.0.0.9/32")},
		{Prefix: pfx("::ffff:10.0.1.1/128"), Timeout: time.Minute},
		{Prefix: pfx("10.0.1.1/32"), Timeout: time.Hour},
		{Prefix: pfx("2001:db8::5/64"), Timeout: time.Minute},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []Ban{
		{Prefix: pfx("10.0.0.0/24"), Timeout: 0}, // the permanent ban inside wins
		{Prefix: pfx("10.0.1.1/32"), Timeout: time.Hour},
		{Prefix: pfx("2001:db8::/64"), Timeout: time.Minute},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); diff != "" {
		t.Errorf("Coalesce (-want +got):\n%s", diff)
	}
	for _, bad := range [][]Ban{{{Prefix: netip.Prefix{}}}, {{Prefix: pfx("0.0.0.0/0")}}, {{Prefix: pfx("10.0.0.1/32"), Timeout: -time.Second}}} {
		if _, err := Coalesce(bad); err == nil {
			t.Errorf("Coalesce(%v) succeeded, want error", bad)
		}
	}
}

func TestPlan(t *testing.T) {
	existing := []Entry{
		{Prefix: pfx("10.1.0.0/24"), Expires: time.Hour},
		{Prefix: pfx("10.2.0.1/32"), Expires: 5 * time.Hour},
		{Prefix: pfx("10.2.0.9/32"), Expires: time.Minute},
		{Prefix: pfx("10.3.0.0/16")},
		{Prefix: pfx("2001:db8::/48"), Expires: time.Hour},
	}
	for _, tc := range []struct {
		name string
		bans []Ban
		want Change
	}{
		{"new address", []Ban{{Prefix: pfx("10.9.0.1/32"), Timeout: time.Hour}},
			Change{Add: []Ban{{Prefix: pfx("10.9.0.1/32"), Timeout: time.Hour}}}},
		{"same prefix takes the new timeout, even shorter", []Ban{{Prefix: pfx("10.1.0.0/24"), Timeout: time.Minute}},
			Change{Add: []Ban{{Prefix: pfx("10.1.0.0/24"), Timeout: time.Minute}}}},
		{"inside a wider ban with less time: nothing", []Ban{{Prefix: pfx("10.1.0.0/32"), Timeout: time.Minute}},
			Change{Add: []Ban{}}},
		{"inside a wider ban with more time: raise it", []Ban{{Prefix: pfx("10.1.0.255/32"), Timeout: 2 * time.Hour}, {Prefix: pfx("10.1.0.7/32"), Timeout: 3 * time.Hour}},
			Change{Add: []Ban{{Prefix: pfx("10.1.0.0/24"), Timeout: 3 * time.Hour}}}},
		{"inside a permanent ban: nothing", []Ban{{Prefix: pfx("10.3.7.0/24")}},
			Change{Add: []Ban{}}},
		{"wider than several: absorb, keep the longest", []Ban{{Prefix: pfx("10.2.0.0/24"), Timeout: time.Hour}},
			Change{Delete: []netip.Prefix{pfx("10.2.0.1/32"), pfx("10.2.0.9/32")}, Add: []Ban{{Prefix: pfx("10.2.0.0/24"), Timeout: 5 * time.Hour}}}},
		{"IPv6 inside", []Ban{{Prefix: pfx("2001:db8:0:1::/64"), Timeout: 2 * time.Hour}},
			Change{Add: []Ban{{Prefix: pfx("2001:db8::/48"), Timeout: 2 * time.Hour}}}},
		{"wider than the /16 starting at the same address", []Ban{{Prefix: pfx("10.0.0.0/8"), Timeout: time.Minute}},
			Change{Delete: []netip.Prefix{pfx("10.1.0.0/24"), pfx("10.2.0.1/32"), pfx("10.2.0.9/32"), pfx("10.3.0.0/16")}, Add: []Ban{{Prefix: pfx("10.0.0.0/8"), Timeout: 0}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bans, err := Coalesce(tc.bans)
			if err != nil {
				t.Fatal(err)
			}
			got := Plan(existing, bans)
			if diff := cmp.Diff(tc.want, got, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); diff != "" {
				t.Errorf("Plan (-want +got):\n%s", diff)
			}
		})
	}
}

// apply runs a Change on a map the way the kernel would.
func apply(m map[netip.Prefix]time.Duration, ch Change) {
	for _, p := range ch.Delete {
		delete(m, p)
	}
	for _, b := range ch.Add {
		m[b.Prefix] = b.Timeout
	}
}

// FuzzPlan checks the properties the kernel relies on: the result never
// overlaps (or the kernel refuses the batch), every address banned before or
// now stays banned, and for no less time than asked.
func FuzzPlan(f *testing.F) {
	f.Add([]byte{10, 1, 0, 0, 24, 1, 10, 1, 0, 5, 32, 2}, []byte{10, 1, 0, 0, 16, 0})
	f.Add([]byte{10, 1, 0, 0, 32, 3, 10, 1, 0, 1, 32, 0}, []byte{10, 1, 0, 0, 24, 1, 10, 1, 0, 0, 31, 5})
	f.Add([]byte{}, []byte{192, 168, 0, 0, 16, 0, 192, 168, 1, 0, 24, 9, 192, 168, 1, 1, 32, 3})
	f.Fuzz(func(t *testing.T, before, batch []byte) {
		decode := func(b []byte) []Ban {
			var out []Ban
			for ; len(b) >= 6; b = b[6:] {
				a := netip.AddrFrom4([4]byte{10, b[1] % 4, b[2] % 4, b[3]})
				out = append(out, Ban{Prefix: netip.PrefixFrom(a, 8+int(b[4])%25), Timeout: time.Duration(b[5]%4) * time.Hour})
			}
			return out
		}
		kernel := map[netip.Prefix]time.Duration{}
		toEntries := func() []Entry {
			var e []Entry
			for p, d := range kernel {
				e = append(e, Entry{Prefix: p, Expires: d})
			}
			return e
		}
		var asked []Ban
		for _, batch := range [][]Ban{decode(before), decode(batch)} {
			merged, err := Coalesce(batch)
			if err != nil {
				t.Fatal(err)
			}
			apply(kernel, Plan(toEntries(), merged))
			asked = append(asked, merged...)
		}
		entries := toEntries()
		slices.SortFunc(entries, func(a, b Entry) int { return comparePrefix(a.Prefix, b.Prefix) })
		for i := 1; i < len(entries); i++ {
			if entries[i-1].Prefix.Overlaps(entries[i].Prefix) {
				t.Fatalf("overlapping elements %s and %s", entries[i-1].Prefix, entries[i].Prefix)
			}
		}
		for _, b := range asked {
			covered := false
			for _, e := range entries {
				if e.Prefix.Bits() <= b.Prefix.Bits() && e.Prefix.Contains(b.Prefix.Addr()) {
					covered = true
					// A later, equal ban may shorten its own timeout; only a
					// merge must never shorten one.
					if Longer(b.Timeout, e.Expires) && e.Prefix != b.Prefix {
						t.Errorf("%s (asked %s) covered by %s for only %s", b.Prefix, b.Timeout, e.Prefix, e.Expires)
					}
				}
			}
			if !covered {
				t.Errorf("%s not covered by %v", b.Prefix, entries)
			}
		}
	})
}

func TestWithin(t *testing.T) {
	existing := []Entry{{Prefix: pfx("10.1.0.0/24")}, {Prefix: pfx("10.2.0.1/32")}, {Prefix: pfx("10.2.0.9/32")}}
	inside, container := Within(existing, pfx("10.2.0.0/16"))
	if len(inside) != 2 || container.IsValid() {
		t.Errorf("Within(10.2.0.0/16) = %v, %v; want both addresses, no container", inside, container)
	}
	inside, container = Within(existing, pfx("10.1.0.5/32"))
	if len(inside) != 0 || container != pfx("10.1.0.0/24") {
		t.Errorf("Within(10.1.0.5/32) = %v, %v; want none inside, container 10.1.0.0/24", inside, container)
	}
}
