package state

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestOffencesWindow(t *testing.T) {
	now := epoch()
	dir := t.TempDir()
	s := openT(t, dir, Options{Now: fixedClock(&now)})
	key := netip.MustParsePrefix("192.0.2.7/32")
	day := 24 * time.Hour
	// Offences 10 days, 3 days and 1 hour ago, recorded out of order as a
	// replay may do, and one for another client.
	for _, ago := range []time.Duration{3 * day, 10 * day, time.Hour} {
		if err := s.RecordOffence(key, now.Add(-ago), "sqli"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RecordOffence(netip.MustParsePrefix("192.0.2.8/32"), now, "sqli"); err != nil {
		t.Fatal(err)
	}
	// A zero time is the store's clock.
	other := netip.MustParsePrefix("2001:db8::/64")
	if err := s.RecordOffence(other, time.Time{}, "trap"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Escalation spans restarts: the counts come from the reopened file.
	s = openT(t, dir, Options{Now: fixedClock(&now)})

	tests := []struct {
		name   string
		key    netip.Prefix
		now    time.Time
		memory time.Duration
		want   int
	}{
		{"all three", key, now, 30 * day, 3},
		{"window excludes the oldest", key, now, 7 * day, 2},
		{"only the last hour", key, now, 2 * time.Hour, 1},
		{"window edge is exclusive", key, now, time.Hour, 0},
		{"zero memory", key, now, 0, 0},
		{"negative memory", key, now, -time.Hour, 0},
		{"nothing after now counts", key, now.Add(-2 * time.Hour), 30 * day, 2},
		{"unknown client", netip.MustParsePrefix("192.0.2.99/32"), now, 30 * day, 0},
		{"ipv6 key, clock time", other, now, time.Minute, 1},
		{"ipv6 key as an address in it", netip.MustParsePrefix("2001:db8::1234/64"), now, time.Minute, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.Offences(tt.key, tt.now, tt.memory); got != tt.want {
				t.Errorf("Offences(%s, %v) = %d, want %d", tt.key, tt.memory, got, tt.want)
			}
		})
	}
	if _, err := s.OffenceCount(netip.Prefix{}, now, day); err == nil {
		t.Error("OffenceCount accepted an invalid key")
	}
	if got := s.Offences(netip.Prefix{}, now, day); got != 0 {
		t.Errorf("Offences(invalid) = %d, want 0", got)
	}
}

// TestOffencesLogsErrors: detector.History has no error result, so a failed
// lookup must at least reach the log.
func TestOffencesLogsErrors(t *testing.T) {
	var logs bytes.Buffer
	s := openT(t, t.TempDir(), Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if got := s.Offences(netip.Prefix{}, epoch(), time.Hour); got != 0 {
		t.Errorf("Offences(invalid) = %d, want 0", got)
	}
	if !strings.Contains(logs.String(), "read offence history") {
		t.Errorf("log = %q, want the failed lookup", logs.String())
	}
}

func TestOffencesPerKeyCap(t *testing.T) {
	now := epoch()
	s := openT(t, t.TempDir(), Options{Now: fixedClock(&now), MaxOffencesPerKey: 5})
	key := netip.MustParsePrefix("192.0.2.7/32")
	var b Batch
	for i := range 12 {
		b.Offences = append(b.Offences, Offence{Key: key, At: now.Add(time.Duration(-i) * time.Minute), Rule: "r"})
	}
	if _, err := s.Write(b); err != nil {
		t.Fatal(err)
	}
	if got := s.Offences(key, now, time.Hour); got != 5 {
		t.Errorf("Offences = %d, want the cap 5", got)
	}
	// The newest five are the ones kept.
	if got := s.Offences(key, now, 5*time.Minute); got != 5 {
		t.Errorf("Offences in the last 5 minutes = %d, want 5", got)
	}
}

func TestPruneOffences(t *testing.T) {
	now := epoch()
	s := openT(t, t.TempDir(), Options{Now: fixedClock(&now), MaxOffenceKeys: 3})
	key := func(i int) netip.Prefix { return netip.PrefixFrom(netip.AddrFrom4([4]byte{192, 0, 2, byte(i)}), 32) }
	var b Batch
	// Client i offended i hours ago and, for even i, also 100 days ago.
	for i := 1; i <= 6; i++ {
		b.Offences = append(b.Offences, Offence{Key: key(i), At: now.Add(time.Duration(-i) * time.Hour)})
		if i%2 == 0 {
			b.Offences = append(b.Offences, Offence{Key: key(i), At: now.Add(-100 * 24 * time.Hour)})
		}
	}
	b.Offences = append(b.Offences, Offence{Key: key(7), At: now.Add(-50 * 24 * time.Hour)})
	if _, err := s.Write(b); err != nil {
		t.Fatal(err)
	}
	// Dropping everything older than 30 days removes client 7 entirely
	// and the old entries of the even ones; then the cap of 3 keeps the
	// three most recent offenders, 1..3.
	dropped, err := s.PruneOffences(now.Add(-30 * 24 * time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if dropped != 4 {
		t.Errorf("PruneOffences dropped %d clients, want 4 (7 by age, 4..6 by the cap)", dropped)
	}
	for i := 1; i <= 7; i++ {
		want := 0
		if i <= 3 {
			want = 1
		}
		if got := s.Offences(key(i), now, 365*24*time.Hour); got != want {
			t.Errorf("after prune, client %d has %d offences, want %d", i, got, want)
		}
	}
	if dropped, err := s.PruneOffences(now.Add(-30 * 24 * time.Hour)); err != nil || dropped != 0 {
		t.Errorf("second prune = %d, %v; want 0", dropped, err)
	}
}

// TestForgetOffences: an unban of a network forgets the history of every
// client inside it and of no other, in the same transaction.
func TestForgetOffences(t *testing.T) {
	now := epoch()
	s := openT(t, t.TempDir(), Options{Now: fixedClock(&now)})
	in1, in2 := netip.MustParsePrefix("198.51.100.7/32"), netip.MustParsePrefix("198.51.100.200/32")
	out := netip.MustParsePrefix("198.51.101.1/32")
	v6 := netip.MustParsePrefix("2001:db8::/64")
	var b Batch
	for _, p := range []netip.Prefix{in1, in2, out, v6} {
		b.Offences = append(b.Offences, Offence{Key: p, At: now, Rule: "r"})
	}
	if _, err := s.Write(b); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Write(Batch{ForgetOffences: []netip.Prefix{netip.MustParsePrefix("198.51.100.0/24"), netip.MustParsePrefix("2001:db8::/32")}}); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[netip.Prefix]int{in1: 0, in2: 0, out: 1, v6: 0} {
		if got := s.Offences(p, now, time.Hour); got != want {
			t.Errorf("Offences(%s) = %d, want %d", p, got, want)
		}
	}
}

// A key the filter has not seen is written without reading its record
// (Write): that must never drop a history stored before, by another
// batch, by an earlier run of the process, or earlier in the same batch,
// nor one written by a concurrent Write.
func TestWriteKeepsHistoryOfKeysSeenBefore(t *testing.T) {
	dir := t.TempDir()
	now := epoch()
	k := netip.MustParsePrefix("192.0.2.7/32")
	s := openT(t, dir, Options{Now: fixedClock(&now)})
	if err := s.RecordOffence(k, now.Add(-3*time.Minute), "a"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openT(t, dir, Options{Now: fixedClock(&now)}) // the filter rebuilt from the file
	fresh := netip.MustParsePrefix("198.51.100.1/32")
	if _, err := s.Write(Batch{Offences: []Offence{
		{Key: k, At: now.Add(-2 * time.Minute), Rule: "b"},
		{Key: fresh, At: now.Add(-2 * time.Minute), Rule: "c"},
		{Key: fresh, At: now.Add(-time.Minute), Rule: "d"},
	}}); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[netip.Prefix]int{k: 2, fresh: 2} {
		if n, err := s.OffenceCount(key, now, time.Hour); err != nil || n != want {
			t.Errorf("%s: %d offences (%v), want %d", key, n, err, want)
		}
	}

	// Concurrent writers of the same new keys: every record kept.
	const writers, each = 4, 20
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				key := netip.PrefixFrom(netip.AddrFrom4([4]byte{203, 0, 113, byte(i)}), 32)
				at := now.Add(-time.Duration(w*each+i+1) * time.Second)
				if _, err := s.Write(Batch{Offences: []Offence{{Key: key, At: at, Rule: "x"}}}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	for i := range each {
		key := netip.PrefixFrom(netip.AddrFrom4([4]byte{203, 0, 113, byte(i)}), 32)
		if n, _ := s.OffenceCount(key, now, time.Hour); n != writers {
			t.Errorf("%s: %d offences after %d concurrent writers", key, n, writers)
		}
	}
}

// OffencesSince returns each client's offences at or after since, with
// their rule: what the daemon restores the detector's login re-ban marks
// from at start.
func TestOffencesSince(t *testing.T) {
	now := epoch()
	s := openT(t, t.TempDir(), Options{Now: fixedClock(&now)})
	a, b := netip.MustParsePrefix("192.0.2.1/32"), netip.MustParsePrefix("2001:db8::/64")
	if _, err := s.Write(Batch{Offences: []Offence{
		{Key: a, At: now.Add(-10 * time.Hour), Rule: "login-guess"},
		{Key: a, At: now.Add(-time.Hour), Rule: "login-guess"},
		{Key: b, At: now.Add(-2 * time.Hour), Rule: "flood"},
	}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.OffencesSince(now.Add(-6 * time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := []Offence{{Key: a, At: now.Add(-time.Hour), Rule: "login-guess"}, {Key: b, At: now.Add(-2 * time.Hour), Rule: "flood"}}
	if len(got) != len(want) {
		t.Fatalf("OffencesSince = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].Key != want[i].Key || !got[i].At.Equal(want[i].At) || got[i].Rule != want[i].Rule {
			t.Errorf("offence %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// With rules, OffencesSince keeps only those rules' offences, oldest
// first per key, and skips a history that does not decode.
func TestOffencesSinceRules(t *testing.T) {
	now := epoch()
	s := openT(t, t.TempDir(), Options{Now: fixedClock(&now)})
	a, b := netip.MustParsePrefix("192.0.2.1/32"), netip.MustParsePrefix("2001:db8::/64")
	if _, err := s.Write(Batch{Offences: []Offence{
		{Key: a, At: now.Add(-3 * time.Hour), Rule: "login-guess"},
		{Key: a, At: now.Add(-2 * time.Hour), Rule: "flood"},
		{Key: a, At: now.Add(-time.Hour), Rule: "form-loop"},
		{Key: b, At: now.Add(-2 * time.Hour), Rule: "flood"},
		{Key: b, At: now.Add(-9 * time.Hour), Rule: "login-guess"},
	}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.OffencesSince(now.Add(-6*time.Hour), "login-guess", "form-loop")
	if err != nil {
		t.Fatal(err)
	}
	want := []Offence{{Key: a, At: now.Add(-3 * time.Hour), Rule: "login-guess"}, {Key: a, At: now.Add(-time.Hour), Rule: "form-loop"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("OffencesSince(login-guess, form-loop) = %v, want %v", got, want)
	}
	if all, err := s.OffencesSince(now.Add(-6 * time.Hour)); err != nil || len(all) != 4 {
		t.Errorf("OffencesSince without rules = %v, %v; want the 4 in the window", all, err)
	}
}

// BenchmarkOffencesSince is the start after a flood: 100,000 clients
// with one offence each in the last 24 h, 1 in 100 of them a login ban.
// "all" is the whole window, as the daemon read it; "login" only the
// login rules, as it needs.
func BenchmarkOffencesSince(b *testing.B) {
	now := epoch()
	s := openT(b, b.TempDir(), Options{Now: fixedClock(&now)})
	const clients = 100_000
	for start := 0; start < clients; start += 10_000 {
		var batch Batch
		for i := start; i < start+10_000; i++ {
			rule := fmt.Sprintf("flood-%d", i%7)
			if i%100 == 0 {
				rule = "login-guess"
			}
			batch.Offences = append(batch.Offences, Offence{Key: crashPrefix(i), At: now.Add(-time.Duration(i%1440) * time.Minute), Rule: rule})
		}
		if _, err := s.Write(batch); err != nil {
			b.Fatal(err)
		}
	}
	for _, c := range []struct {
		name  string
		rules []string
		want  int
	}{{"all", nil, clients}, {"login", []string{"login-guess", "form-loop"}, clients / 100}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var got []Offence
			for b.Loop() {
				var err error
				if got, err = s.OffencesSince(now.Add(-24*time.Hour), c.rules...); err != nil || len(got) != c.want {
					b.Fatalf("%d offences, %v; want %d", len(got), err, c.want)
				}
			}
		})
	}
}
