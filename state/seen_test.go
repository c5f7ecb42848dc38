package state

import (
	"bytes"
	"net/netip"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestStoppedStep (session 15, enforce gap 2): the wall clock steps while
// no daemon runs. Before applyStoppedStep (checked by taking its call out
// of Open) the 1 h ban read 2 h left after a step back of an hour, and
// 30 min after a step forward of 30 min; after a step back across a
// reboot, 2 h. Now it keeps the hour it had (within a second), and
// a forward step across a reboot, which cannot be told from the machine
// being off, leaves the ends as stored.
func TestStoppedStep(t *testing.T) {
	t.Parallel()
	ban := netip.MustParsePrefix("192.0.2.1/32")
	otherBoot := bytes.Repeat([]byte{0xab}, 16)
	for _, c := range []struct {
		name     string
		step     time.Duration
		reboot   bool
		wantLeft time.Duration
		found    bool
	}{
		{"back 1h, same boot", -time.Hour, false, time.Hour, true},
		{"forward 30m, same boot", 30 * time.Minute, false, time.Hour, true},
		{"back 1h, after a reboot", -time.Hour, true, time.Hour, true},
		{"forward 30m, after a reboot", 30 * time.Minute, true, 30 * time.Minute, false},
		{"no step", 0, false, time.Hour, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			s, err := Open(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			now := time.Now()
			if err := s.PutBans([]Ban{{Prefix: ban, Reason: "r", Start: now, Expires: now.Add(time.Hour), Origin: OriginManual}}); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			wall := func() time.Time { return time.Now().Add(c.step) }
			opts := Options{Now: wall}
			if c.reboot {
				opts.bootID = otherBoot
			}
			for round := range 2 { // the second Open must not move them again
				s, err = Open(dir, opts)
				if err != nil {
					t.Fatal(err)
				}
				at := wall()
				act, err := s.ActiveBans(at)
				if err != nil {
					t.Fatal(err)
				}
				if len(act) != 1 {
					t.Fatalf("round %d: %d active bans, want 1", round, len(act))
				}
				// Less the real time since the ban (a loaded machine
				// takes a while to close and open).
				want := c.wantLeft - time.Since(now)
				left := act[0].Expires.Sub(at)
				if d := left - want; d > time.Second || d < -time.Second {
					t.Errorf("round %d: the ban has %v left, want %v (within 1 s)", round, left.Round(time.Millisecond), want.Round(time.Millisecond))
				}
				if got := act[0].Expires.Sub(act[0].Start); got != time.Hour {
					t.Errorf("round %d: the ban's decided duration became %v", round, got)
				}
				if act[0].Start.After(at) {
					t.Errorf("round %d: the ban starts %v in the future: it would read as lasting more than its duration", round, act[0].Start.Sub(at))
				}
				st := s.StoppedStep()
				if want := c.found && round == 0; st.Found != want {
					t.Errorf("round %d: StoppedStep %+v, want found=%v", round, st, want)
				} else if st.Found {
					t.Logf("said: %s", st)
				}
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestStoppedStepOtherTimeNamespace (review rev-enforce s15 item 1): a
// restart in a time namespace whose CLOCK_MONOTONIC runs a day ahead
// (unshare -T --monotonic 86400), same boot id, no wall step at all. When
// the boot id alone named the clock, Open read a step back of a day and
// moved the 1 h ban back by it: no active ban. A reading taken in another
// time namespace is not trusted (only a wall clock behind it could be
// told), so the ban keeps its hour; a reading of the older version (boot
// id only) neither.
func TestStoppedStepOtherTimeNamespace(t *testing.T) {
	t.Parallel()
	ban := netip.MustParsePrefix("192.0.2.1/32")
	boot := bytes.Repeat([]byte{0xcd}, bootIDLen)
	for _, c := range []struct {
		name  string
		write func(t *testing.T, s *Store)
	}{
		{"another namespace", func(*testing.T, *Store) {}},
		{"older reading without a namespace", func(t *testing.T, s *Store) {
			if err := s.update(func(tx *bolt.Tx) error {
				meta, err := s.bucket(tx, bucketMeta)
				if err != nil {
					return err
				}
				v := meta.Get([]byte(keyLastSeen))
				return meta.Put([]byte(keyLastSeen), append([]byte(nil), v[:16+bootIDLen]...))
			}); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			s, err := Open(dir, Options{bootID: boot, timeNS: []byte{0, 0, 0, 0, 0xf0, 0, 0, 1}})
			if err != nil {
				t.Fatal(err)
			}
			now := time.Now()
			if err := s.PutBans([]Ban{{Prefix: ban, Reason: "r", Start: now, Expires: now.Add(time.Hour), Origin: OriginManual}}); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if c.write != nil {
				s, err = Open(dir, Options{bootID: boot, timeNS: []byte{0, 0, 0, 0, 0xf0, 0, 0, 1}})
				if err != nil {
					t.Fatal(err)
				}
				c.write(t, s)
				s.db.Close() // no Close: it would record a new reading
			}
			s, err = Open(dir, Options{bootID: boot, timeNS: []byte{0, 0, 0, 0, 0xf0, 0, 0, 2}, monoShift: 24 * time.Hour})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			act, err := s.ActiveBans(time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if len(act) != 1 {
				t.Fatalf("%d active bans, want 1 (StoppedStep %+v)", len(act), s.StoppedStep())
			}
			if left := time.Until(act[0].Expires); left < 59*time.Minute {
				t.Errorf("the ban has %v left, want ~1h", left.Round(time.Millisecond))
			}
			if st := s.StoppedStep(); st.Found {
				t.Errorf("a step was found: %s", st)
			}
		})
	}
}

// TestStoppedStepBackWithoutReading (review rev-enforce s15 item 3): a
// store with no last-seen reading (the older version, a crash before the
// first) and the wall clock set back a day while stopped. The 1 h ban had
// 1d0h left and started in the future; a ban that starts after now proves
// the step, so every ban is moved back by it: the newest keeps its hour,
// the older its 2 h (what they had left at the stop).
func TestStoppedStepBackWithoutReading(t *testing.T) {
	t.Parallel()
	newest := netip.MustParsePrefix("192.0.2.1/32")
	older := netip.MustParsePrefix("192.0.2.2/32")
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := s.PutBans([]Ban{
		{Prefix: newest, Reason: "r", Start: now, Expires: now.Add(time.Hour), Origin: OriginManual},
		{Prefix: older, Reason: "r", Start: now.Add(-30 * time.Minute), Expires: now.Add(2 * time.Hour), Origin: OriginManual},
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.update(func(tx *bolt.Tx) error {
		meta, err := s.bucket(tx, bucketMeta)
		if err != nil {
			return err
		}
		return meta.Delete([]byte(keyLastSeen))
	}); err != nil {
		t.Fatal(err)
	}
	s.db.Close() // no Close: it would record a reading
	wall := func() time.Time { return time.Now().Add(-24 * time.Hour) }
	s, err = Open(dir, Options{Now: wall, bootID: bytes.Repeat([]byte{0xab}, bootIDLen)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	at := wall()
	act, err := s.ActiveBans(at)
	if err != nil {
		t.Fatal(err)
	}
	if len(act) != 2 {
		t.Fatalf("%d active bans, want 2", len(act))
	}
	for _, b := range act {
		want := time.Hour - time.Since(now)
		if b.Prefix == older {
			want += time.Hour
		}
		if left := b.Expires.Sub(at); left-want > time.Second || want-left > time.Second {
			t.Errorf("%s has %v left, want %v (within 1 s)", b.Prefix, left.Round(time.Millisecond), want.Round(time.Millisecond))
		}
		if b.Start.After(at) {
			t.Errorf("%s starts %v in the future", b.Prefix, b.Start.Sub(at).Round(time.Millisecond))
		}
	}
	if st := s.StoppedStep(); !st.Found || st.Step > -23*time.Hour {
		t.Errorf("StoppedStep %+v, want a step back of ~24h", st)
	} else {
		t.Logf("said: %s", st)
	}
}
