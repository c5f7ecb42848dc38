package manualban_test

import (
	"context"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/manualban/manualbantest"
	"github.com/guardctl/guardctl/state"
	"github.com/guardctl/guardctl/state/statetest"
)

// A ban record the store cannot decode is kept (it may be an active ban)
// and skipped by every reader (8a27ec5), but an admin could not remove it:
// unban found nothing (Within skips it) and the store's delete path and
// Ban(prefix), which a ban of the same prefix reads first, failed on it
// (closing10 "noticed and left"). Now, through the daemon and offline
// alike: list names it with its raw key, `unban ADDR` removes it, and a
// ban of its prefix replaces it. Both kinds of damage: garbage after a
// valid head, and the head cut.
func TestUndecodableBanRecordLiftedByName(t *testing.T) {
	for _, path := range []struct {
		name string
		open manualbantest.Open
	}{{"daemon", openDaemon}, {"offline", openOffline}} {
		t.Run(path.name, func(t *testing.T) {
			env := manualbantest.NewEnv(t, "nftables")
			seedDamaged(t, env.StateDir)
			ctx := context.Background()
			svc, stop := path.open(t, env)
			stopped := false
			defer func() {
				if !stopped {
					stop()
				}
			}()

			undecodable := func(step string, want ...string) {
				t.Helper()
				list, err := svc.List(ctx)
				if err != nil {
					t.Fatalf("%s: list: %v", step, err)
				}
				var got []string
				for _, b := range list {
					if b.Undecodable {
						got = append(got, b.Prefix)
						if b.Key == "" {
							t.Errorf("%s: list shows undecodable %s without its raw key", step, b.Prefix)
						}
					}
				}
				slices.Sort(got)
				if !slices.Equal(got, want) {
					t.Errorf("%s: list shows undecodable records %q, want %q", step, got, want)
				}
				if !slices.ContainsFunc(list, func(b control.BanInfo) bool { return b.Prefix == "203.0.113.10" && !b.Undecodable }) {
					t.Errorf("%s: the readable ban 203.0.113.10 is missing from list: %+v", step, list)
				}
			}
			undecodable("at start", "198.51.100.0/24", "203.0.113.9")

			lifted, err := svc.Unban(ctx, control.UnbanRequest{Prefixes: []netip.Prefix{netip.MustParsePrefix("203.0.113.9/32")}})
			if err != nil {
				t.Fatalf("unban 203.0.113.9 (an undecodable record): %v", err)
			}
			if !slices.ContainsFunc(lifted, func(b control.BanInfo) bool { return b.Prefix == "203.0.113.9" && b.Undecodable }) {
				t.Errorf("unban 203.0.113.9 answered %+v; want the undecodable record named as lifted", lifted)
			}
			undecodable("after unban 203.0.113.9", "198.51.100.0/24")

			if _, err := svc.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("198.51.100.0/24"), Duration: time.Hour, Reason: "replaces it"}); err != nil {
				t.Fatalf("ban 198.51.100.0/24 over an undecodable record: %v", err)
			}
			undecodable("after ban 198.51.100.0/24")

			stop()
			stopped = true
			st, err := state.Open(env.StateDir, state.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if bad, err := st.Undecodable(netip.Prefix{}); err != nil || len(bad) != 0 {
				t.Errorf("the store still holds undecodable records: %+v, %v", bad, err)
			}
			b, ok, err := st.Ban(netip.MustParsePrefix("198.51.100.0/24"))
			if err != nil || !ok || b.Reason != "replaces it" || b.Origin != state.OriginManual {
				t.Errorf("stored 198.51.100.0/24: %+v, %v, %v; want the manual ban that replaced the record", b, ok, err)
			}
		})
	}
}

// seedDamaged stores three automatic bans and damages two of them:
// 203.0.113.9 after a valid head, 198.51.100.0/24 its head;
// 203.0.113.10 stays readable.
func seedDamaged(t *testing.T, dir string) {
	t.Helper()
	storeBans(t, dir, "203.0.113.9/32", "203.0.113.10/32", "198.51.100.0/24")
	statetest.Damage(t, dir, map[string]func([]byte) []byte{"seed 203.0.113.9/32": statetest.TailGarbage, "seed 198.51.100.0/24": statetest.HeadCut})
}

// storeBans stores an automatic one-hour ban of each prefix, with the
// reason "seed PREFIX", in the store in dir, and closes it.
func storeBans(t *testing.T, dir string, prefixes ...string) {
	t.Helper()
	st, err := state.Open(dir, state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	var bans []state.Ban
	for _, p := range prefixes {
		bans = append(bans, state.Ban{Prefix: netip.MustParsePrefix(p), Reason: "seed " + p, Rules: []string{"x"},
			Start: now, Expires: now.Add(time.Hour), Offence: 1, Origin: state.OriginAuto})
	}
	if err := st.PutBans(bans); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}
