package manualban

import (
	"errors"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/protect"
	"github.com/guardctl/guardctl/state"
)

func openStore(t *testing.T) *state.Store {
	t.Helper()
	st, err := state.Open(t.TempDir(), state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestRecordOverExisting: the record a manual ban writes over a stored
// ban keeps its offence count and never ends sooner than it.
func TestRecordOverExisting(t *testing.T) {
	st := openStore(t)
	chk, err := protect.New(nil, nil, protect.WithoutHostAddresses())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().Truncate(time.Second)
	p := netip.MustParsePrefix("203.0.113.7/32")
	put := func(b state.Ban) {
		t.Helper()
		if _, err := st.Write(state.Batch{Put: []state.Ban{b}}); err != nil {
			t.Fatal(err)
		}
	}
	put(state.Ban{Prefix: p, Reason: "trap", Start: now, Expires: now.Add(48 * time.Hour), Offence: 5, Origin: state.OriginAuto})
	for _, tc := range []struct {
		d           time.Duration
		wantExpires time.Time
	}{
		{time.Hour, now.Add(48 * time.Hour)},      // shorter: the stored one stands
		{72 * time.Hour, now.Add(72 * time.Hour)}, // longer: extends
		{0, time.Time{}},                          // permanent
	} {
		b, err := Record(control.BanRequest{Prefix: p, Duration: tc.d}, p, now, chk, st)
		if err != nil {
			t.Fatal(err)
		}
		if b.Offence != 5 || b.Origin != state.OriginManual || b.Reason != DefaultReason || !b.Expires.Equal(tc.wantExpires) {
			t.Errorf("ban for %s over a 48h fifth offence = %+v, want offence 5, expires %v", tc.d, b, tc.wantExpires)
		}
		put(b)
	}
	// Over a permanent ban, a timed one stays permanent.
	if b, err := Record(control.BanRequest{Prefix: p, Duration: time.Hour}, p, now, chk, st); err != nil || !b.Expires.IsZero() {
		t.Errorf("timed ban over a permanent one = %+v, %v; want permanent", b, err)
	}
	// An expired record lends its offences, not its expiry.
	q := netip.MustParsePrefix("203.0.113.8/32")
	put(state.Ban{Prefix: q, Reason: "trap", Start: now.Add(-3 * time.Hour), Expires: now.Add(-time.Hour), Offence: 2, Origin: state.OriginAuto})
	if b, err := Record(control.BanRequest{Prefix: q, Duration: time.Hour}, q, now, chk, st); err != nil || b.Offence != 2 || !b.Expires.Equal(now.Add(time.Hour)) {
		t.Errorf("ban over an expired second offence = %+v, %v", b, err)
	}
	// Protected unless forced.
	lo := netip.MustParsePrefix("127.0.0.1/32")
	if _, err := Record(control.BanRequest{Prefix: lo, Duration: time.Hour}, lo, now, chk, st); !errors.Is(err, control.ErrProtected) {
		t.Errorf("loopback = %v, want ErrProtected", err)
	}
	if _, err := Record(control.BanRequest{Prefix: lo, Duration: time.Hour, Force: true}, lo, now, chk, st); err != nil {
		t.Errorf("forced loopback = %v", err)
	}
}

func TestKernelElement(t *testing.T) {
	now := time.Now()
	p := netip.MustParsePrefix("203.0.113.7/32")
	ipset := 2147483 * time.Second
	for _, tc := range []struct {
		expires time.Time
		want    time.Duration
		capped  bool
	}{
		{time.Time{}, 0, false},
		{now.Add(90 * time.Minute), 90 * time.Minute, false},
		{now.Add(100 * time.Millisecond), time.Second, false}, // never 0, which means forever
		{now.Add(60 * 24 * time.Hour), ipset, true},
	} {
		e, capped := Kernel(state.Ban{Prefix: p, Expires: tc.expires}, now, ipset)
		if e.Prefix != p || e.Timeout != tc.want || capped != tc.capped {
			t.Errorf("Kernel(expires %v) = %+v, %v; want %s, capped %v", tc.expires.Sub(now), e, capped, tc.want, tc.capped)
		}
	}
}

func TestLiftOnce(t *testing.T) {
	st := openStore(t)
	var bans []state.Ban
	for _, s := range []string{"10.1.2.3/32", "10.1.0.0/16", "10.2.0.0/16", "192.0.2.1/32"} {
		bans = append(bans, state.Ban{Prefix: netip.MustParsePrefix(s), Reason: "x", Origin: state.OriginManual, Offence: 1})
	}
	if _, err := st.Write(state.Batch{Put: bans}); err != nil {
		t.Fatal(err)
	}
	nets, err := Unban(control.UnbanRequest{Prefixes: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("10.1.0.0/16")}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Lift(st, nets, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Delete) != 3 || len(b.ForgetOffences) != 2 {
		t.Errorf("lift 10.0.0.0/8 10.1.0.0/16 = %+v, want the three bans inside, once each", b)
	}
	all, err := Lift(st, nil, true)
	if err != nil || len(all.Delete) != 4 || len(all.ForgetOffences) != 2 || all.ForgetOffences[0].Bits() != 0 {
		t.Errorf("lift all = %+v, %v", all, err)
	}
}

// TestRecordRefusesControlCharacters: the daemon's and the offline path's
// ban (an API client, not only the CLI) refuses a reason with a control
// character, as invalid.
func TestRecordRefusesControlCharacters(t *testing.T) {
	st := openStore(t)
	chk, err := protect.New(nil, nil, protect.WithoutHostAddresses())
	if err != nil {
		t.Fatal(err)
	}
	pfx := netip.MustParsePrefix("203.0.113.7/32")
	_, err = Record(control.BanRequest{Prefix: pfx, Reason: "a\nb"}, pfx, time.Now(), chk, st)
	if !errors.Is(err, control.ErrInvalid) {
		t.Errorf("Record with reason a\\nb: %v, want ErrInvalid", err)
	}
}

// TestRecordRefusesUnprintableReasons (review of 0c60086): bytes that are
// not UTF-8 (0xff is text/tabwriter's Escape) and format characters (a
// right-to-left override) are refused as invalid by the daemon's and the
// offline path's ban alike; ShowReason escapes them in a reason stored
// before, and leaves plain text as it is.
func TestRecordRefusesUnprintableReasons(t *testing.T) {
	st := openStore(t)
	chk, err := protect.New(nil, nil, protect.WithoutHostAddresses())
	if err != nil {
		t.Fatal(err)
	}
	pfx := netip.MustParsePrefix("203.0.113.7/32")
	for _, reason := range []string{"bad\xff", "cut\xe2\x80", "a\u202egnp.", "soft\u00adhyphen"} {
		if _, err := Record(control.BanRequest{Prefix: pfx, Reason: reason}, pfx, time.Now(), chk, st); !errors.Is(err, control.ErrInvalid) {
			t.Errorf("Record with reason %q: %v, want ErrInvalid", reason, err)
		}
	}
	for in, want := range map[string]string{
		"bad\xff":            `bad\xff`,
		"x\u202eyz":          `x\u202eyz`,
		"a\nb\x1b[31m":       `a\nb\x1b[31m`,
		"café ✓ \uFFFD (#7)": "café ✓ \uFFFD (#7)",
	} {
		if got := ShowReason(in); got != want {
			t.Errorf("ShowReason(%q) = %q, want %q", in, got, want)
		}
		if got := ShowReason(in); CheckReason(got) != nil {
			t.Errorf("ShowReason(%q) = %q, which CheckReason refuses", in, got)
		}
	}
}
