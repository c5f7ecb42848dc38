package state

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"
)

func prefixes(bans []Ban) []string {
	out := make([]string, len(bans))
	for i, b := range bans {
		out[i] = b.Prefix.String()
	}
	return out
}

func mustBan(t *testing.T, s *Store, p string) Ban {
	t.Helper()
	b, ok, err := s.Ban(netip.MustParsePrefix(p))
	if err != nil || !ok {
		t.Fatalf("Ban(%s) = %v, %v, %v; want stored", p, b, ok, err)
	}
	return b
}

func TestPutBansReplacesAndNormalizes(t *testing.T) {
	now := epoch()
	s := openT(t, t.TempDir(), Options{Now: fixedClock(&now)})
	err := s.PutBans([]Ban{
		{Prefix: netip.MustParsePrefix("::ffff:192.0.2.7/128"), Reason: "first", Expires: now.Add(time.Hour), Offence: 1, Origin: OriginAuto},
		{Prefix: netip.MustParsePrefix("198.51.100.77/24"), Reason: "net", Origin: OriginManual},
	})
	if err != nil {
		t.Fatal(err)
	}
	// The mapped address is stored as its IPv4 form; the /24 masked; the
	// zero Start filled from the clock.
	b := mustBan(t, s, "192.0.2.7/32")
	if b.Reason != "first" || !b.Start.Equal(now) {
		t.Errorf("Ban(192.0.2.7/32) = %+v, want reason first, start %v", b, now)
	}
	if b2 := mustBan(t, s, "::ffff:192.0.2.7/128"); b2.Prefix != netip.MustParsePrefix("192.0.2.7/32") {
		t.Errorf("lookup by mapped form gave %s", b2.Prefix)
	}
	mustBan(t, s, "198.51.100.0/24")

	// Re-putting updates in place.
	now = now.Add(time.Minute)
	if err := s.PutBans([]Ban{{Prefix: netip.MustParsePrefix("192.0.2.7/32"), Reason: "second", Expires: now.Add(4 * time.Hour), Offence: 2, Origin: OriginAuto}}); err != nil {
		t.Fatal(err)
	}
	b = mustBan(t, s, "192.0.2.7/32")
	if b.Reason != "second" || b.Offence != 2 || !b.Expires.Equal(now.Add(4*time.Hour)) {
		t.Errorf("after update Ban = %+v", b)
	}
	all, err := s.Bans()
	if err != nil || len(all) != 2 {
		t.Errorf("Bans() = %v, %v; want 2 bans", prefixes(all), err)
	}
}

// TestPutBansIsAllOrNothing: one invalid ban rejects the whole batch.
func TestPutBansIsAllOrNothing(t *testing.T) {
	now := epoch()
	s := openT(t, t.TempDir(), Options{Now: fixedClock(&now)})
	good := Ban{Prefix: netip.MustParsePrefix("192.0.2.1/32"), Origin: OriginAuto}
	bad := []struct {
		name string
		ban  Ban
	}{
		{"invalid prefix", Ban{Origin: OriginAuto}},
		{"no origin", Ban{Prefix: netip.MustParsePrefix("192.0.2.2/32")}},
		{"expires before start", Ban{Prefix: netip.MustParsePrefix("192.0.2.2/32"), Origin: OriginAuto, Start: now, Expires: now.Add(-time.Second)}},
		{"expires out of range", Ban{Prefix: netip.MustParsePrefix("192.0.2.2/32"), Origin: OriginAuto, Expires: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)}},
		{"start before 1970", Ban{Prefix: netip.MustParsePrefix("192.0.2.2/32"), Origin: OriginAuto, Start: time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)}},
		{"negative offence", Ban{Prefix: netip.MustParsePrefix("192.0.2.2/32"), Origin: OriginAuto, Offence: -1}},
		{"huge reason", Ban{Prefix: netip.MustParsePrefix("192.0.2.2/32"), Origin: OriginAuto, Reason: strings.Repeat("x", maxString+1)}},
		{"too many rules", Ban{Prefix: netip.MustParsePrefix("192.0.2.2/32"), Origin: OriginAuto, Rules: make([]string, maxRules+1)}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.PutBans([]Ban{good, tt.ban}); err == nil {
				t.Fatal("PutBans accepted an invalid ban")
			}
			if all, _ := s.Bans(); len(all) != 0 {
				t.Errorf("after a rejected batch the store holds %v", prefixes(all))
			}
		})
	}
}

func TestDeleteBansReturnsRemoved(t *testing.T) {
	now := epoch()
	s := openT(t, t.TempDir(), Options{Now: fixedClock(&now)})
	put(t, s, now, "192.0.2.1/32", "192.0.2.2/32", "2001:db8::/64")
	removed, err := s.DeleteBans([]netip.Prefix{
		netip.MustParsePrefix("192.0.2.1/32"),
		netip.MustParsePrefix("192.0.2.9/32"), // not stored
		netip.MustParsePrefix("2001:db8::1/64"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := prefixes(removed), []string{"192.0.2.1/32", "2001:db8::/64"}; !slices.Equal(got, want) {
		t.Errorf("DeleteBans removed %v, want %v", got, want)
	}
	all, _ := s.Bans()
	if got, want := prefixes(all), []string{"192.0.2.2/32"}; !slices.Equal(got, want) {
		t.Errorf("left %v, want %v", got, want)
	}
	if _, err := s.DeleteBans([]netip.Prefix{{}}); err == nil {
		t.Error("DeleteBans accepted an invalid prefix")
	}
}

func TestDeleteAllBans(t *testing.T) {
	now := epoch()
	dir := t.TempDir()
	s := openT(t, dir, Options{Now: fixedClock(&now)})
	put(t, s, now, "192.0.2.1/32", "192.0.2.2/32", "2001:db8::/64")
	if err := s.RecordOffence(netip.MustParsePrefix("192.0.2.1/32"), now, "r"); err != nil {
		t.Fatal(err)
	}
	n, err := s.DeleteAllBans()
	if err != nil || n != 3 {
		t.Fatalf("DeleteAllBans() = %d, %v; want 3", n, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openT(t, dir, Options{Now: fixedClock(&now)})
	if all, _ := s.Bans(); len(all) != 0 {
		t.Errorf("after DeleteAllBans and reopen: %v", prefixes(all))
	}
	// The history is not a ban: an unbanned client keeps escalating.
	if n := s.Offences(netip.MustParsePrefix("192.0.2.1/32"), now, time.Hour); n != 1 {
		t.Errorf("offences after DeleteAllBans = %d, want 1", n)
	}
	put(t, s, now, "192.0.2.3/32")
	mustBan(t, s, "192.0.2.3/32")
}

// put stores bans that expire an hour after now.
func put(t *testing.T, s *Store, now time.Time, ps ...string) {
	t.Helper()
	var bans []Ban
	for _, p := range ps {
		bans = append(bans, Ban{Prefix: netip.MustParsePrefix(p), Start: now, Expires: now.Add(time.Hour), Origin: OriginAuto})
	}
	if err := s.PutBans(bans); err != nil {
		t.Fatal(err)
	}
}

func TestExpiry(t *testing.T) {
	now := epoch()
	s := openT(t, t.TempDir(), Options{Now: fixedClock(&now)})
	err := s.PutBans([]Ban{
		{Prefix: netip.MustParsePrefix("192.0.2.1/32"), Start: now, Expires: now.Add(time.Minute), Origin: OriginAuto},
		{Prefix: netip.MustParsePrefix("192.0.2.2/32"), Start: now, Expires: now.Add(time.Hour), Origin: OriginAuto},
		{Prefix: netip.MustParsePrefix("192.0.2.3/32"), Start: now, Origin: OriginManual}, // permanent
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		at   time.Duration
		want []string
	}{
		{0, []string{"192.0.2.1/32", "192.0.2.2/32", "192.0.2.3/32"}},
		{time.Minute - time.Nanosecond, []string{"192.0.2.1/32", "192.0.2.2/32", "192.0.2.3/32"}},
		{time.Minute, []string{"192.0.2.2/32", "192.0.2.3/32"}}, // expiry is exclusive
		{1000 * time.Hour, []string{"192.0.2.3/32"}},
	}
	for _, tt := range tests {
		got, err := s.ActiveBans(now.Add(tt.at))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(prefixes(got), tt.want) {
			t.Errorf("ActiveBans(now+%v) = %v, want %v", tt.at, prefixes(got), tt.want)
		}
	}

	// Ban still returns an expired record until ExpireBans drops it.
	if b := mustBan(t, s, "192.0.2.1/32"); b.Active(now.Add(time.Hour)) {
		t.Error("ban reported active after its expiry")
	}
	removed, err := s.ExpireBans(now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := prefixes(removed), []string{"192.0.2.1/32", "192.0.2.2/32"}; !slices.Equal(got, want) {
		t.Errorf("ExpireBans removed %v, want %v", got, want)
	}
	all, _ := s.Bans()
	if got, want := prefixes(all), []string{"192.0.2.3/32"}; !slices.Equal(got, want) {
		t.Errorf("after ExpireBans: %v, want %v", got, want)
	}
	if removed, err := s.ExpireBans(now.Add(time.Hour)); err != nil || len(removed) != 0 {
		t.Errorf("second ExpireBans = %v, %v; want nothing", prefixes(removed), err)
	}
}

func TestCovering(t *testing.T) {
	now := epoch()
	s := openT(t, t.TempDir(), Options{Now: fixedClock(&now)})
	err := s.PutBans([]Ban{
		{Prefix: netip.MustParsePrefix("203.0.113.0/24"), Start: now, Origin: OriginList},
		{Prefix: netip.MustParsePrefix("203.0.113.7/32"), Start: now, Expires: now.Add(time.Hour), Origin: OriginAuto},
		{Prefix: netip.MustParsePrefix("203.0.0.0/16"), Start: now, Expires: now.Add(time.Minute), Origin: OriginAuto},
		{Prefix: netip.MustParsePrefix("203.0.114.0/24"), Start: now, Origin: OriginList},
		{Prefix: netip.MustParsePrefix("2001:db8:aa::/48"), Start: now, Origin: OriginManual},
		{Prefix: netip.MustParsePrefix("0.0.0.0/0"), Start: now, Expires: now.Add(time.Second), Origin: OriginManual},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		addr string
		at   time.Duration
		want []string
	}{
		{"203.0.113.7", 2 * time.Second, []string{"203.0.113.7/32", "203.0.113.0/24", "203.0.0.0/16"}},
		{"::ffff:203.0.113.7", 2 * time.Second, []string{"203.0.113.7/32", "203.0.113.0/24", "203.0.0.0/16"}},
		{"203.0.113.7", 0, []string{"203.0.113.7/32", "203.0.113.0/24", "203.0.0.0/16", "0.0.0.0/0"}},
		{"203.0.113.7", 2 * time.Hour, []string{"203.0.113.0/24"}},
		{"203.0.113.8", 2 * time.Second, []string{"203.0.113.0/24", "203.0.0.0/16"}},
		{"203.0.115.1", 2 * time.Second, []string{"203.0.0.0/16"}},
		{"198.51.100.1", 2 * time.Second, nil},
		{"2001:db8:aa:1::5", 0, []string{"2001:db8:aa::/48"}},
		{"2001:db8:ab::5", 0, nil},
	}
	for _, tt := range tests {
		got, err := s.Covering(netip.MustParseAddr(tt.addr), now.Add(tt.at))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(prefixes(got), tt.want) {
			t.Errorf("Covering(%s, now+%v) = %v, want %v", tt.addr, tt.at, prefixes(got), tt.want)
		}
	}
	if _, err := s.Covering(netip.Addr{}, now); err == nil {
		t.Error("Covering accepted an invalid address")
	}
}

func TestWithin(t *testing.T) {
	now := epoch()
	s := openT(t, t.TempDir(), Options{Now: fixedClock(&now)})
	put(t, s, now, "10.0.0.0/7", "10.0.0.0/8", "10.1.2.3/32", "10.255.255.255/32", "11.0.0.0/32", "9.255.255.255/32",
		"10.7.0.0/16", "2001:db8::/64", "2001:db8:0:1::/64", "2001:db9::/64")
	tests := []struct {
		network string
		want    []string
	}{
		{"10.0.0.0/8", []string{"10.0.0.0/8", "10.1.2.3/32", "10.7.0.0/16", "10.255.255.255/32"}},
		{"10.1.2.3/32", []string{"10.1.2.3/32"}},
		{"10.1.2.0/24", []string{"10.1.2.3/32"}},
		{"0.0.0.0/0", []string{"9.255.255.255/32", "10.0.0.0/7", "10.0.0.0/8", "10.1.2.3/32", "10.7.0.0/16", "10.255.255.255/32", "11.0.0.0/32"}},
		{"2001:db8::/32", []string{"2001:db8::/64", "2001:db8:0:1::/64"}},
		{"::/0", []string{"2001:db8::/64", "2001:db8:0:1::/64", "2001:db9::/64"}},
		{"192.168.0.0/16", nil},
	}
	for _, tt := range tests {
		got, err := s.Within(netip.MustParsePrefix(tt.network))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(prefixes(got), tt.want) {
			t.Errorf("Within(%s) = %v, want %v", tt.network, prefixes(got), tt.want)
		}
	}
}

func TestOriginText(t *testing.T) {
	for _, o := range []Origin{OriginAuto, OriginManual, OriginList} {
		b, err := o.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Origin
		if err := back.UnmarshalText(b); err != nil || back != o {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", b, back, err, o)
		}
	}
	if _, err := ParseOrigin("robot"); err == nil {
		t.Error(`ParseOrigin("robot") succeeded`)
	}
	if _, err := Origin(0).MarshalText(); err == nil {
		t.Error("MarshalText of the zero Origin succeeded")
	}
}

func TestClosedStoreErrors(t *testing.T) {
	s := openT(t, t.TempDir(), Options{})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	err := s.PutBans([]Ban{{Prefix: netip.MustParsePrefix("192.0.2.1/32"), Origin: OriginAuto}})
	if err == nil || errors.Is(err, ErrCorrupt) {
		t.Errorf("PutBans on a closed store = %v, want a plain error", err)
	}
}
