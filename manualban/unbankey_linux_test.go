package manualban_test

import (
	"context"
	"encoding/hex"
	"errors"
	"net/netip"
	"regexp"
	"slices"
	"testing"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/manualban/manualbantest"
	"github.com/guardctl/guardctl/state"
	"github.com/guardctl/guardctl/state/statetest"
)

// A stored record whose key is no prefix (a damaged key) was listed with
// its raw key but only `unban --all` could remove it: an operator had to
// lift every ban to get rid of one record. Now an unban names it by the
// key list shows, through the daemon and offline alike, and removes that
// record only; the other bans stay stored and in the kernel. A key that is
// a prefix's lifts that prefix (kernel element included); a malformed key
// is refused.
func TestUnbanByRawKey(t *testing.T) {
	for _, path := range []struct {
		name string
		open manualbantest.Open
	}{{"offline", openOffline}, {"daemon", openDaemon}} {
		t.Run(path.name, func(t *testing.T) {
			env := manualbantest.NewEnv(t, "nftables")
			bad := []byte("\x09garbage key")
			seedBadKey(t, env.StateDir, bad)
			ctx := context.Background()
			// A daemon that ran before put the stored bans in the kernel
			// (the offline path loads none).
			_, stopFirst := openDaemon(t, env)
			stopFirst()
			for _, a := range []string{"203.0.113.10", "203.0.113.11"} {
				if in, err := inKernel(env, a); err != nil || !in {
					t.Fatalf("%s not in the kernel after a daemon ran: %v, %v", a, in, err)
				}
			}
			svc, stop := path.open(t, env)
			defer func() { stop() }()

			list, err := svc.List(ctx)
			if err != nil {
				t.Fatal(err)
			}
			h := hex.EncodeToString(bad)
			if !slices.ContainsFunc(list, func(b control.BanInfo) bool { return b.Undecodable && b.Key == h && b.Prefix == "" }) {
				t.Fatalf("list does not name the record by its key %s: %+v", h, list)
			}

			for _, k := range []string{"", "zz", "key:", "0x09", string(make([]byte, 2*state.MaxKeyLen+2))} {
				_, err := svc.Unban(ctx, control.UnbanRequest{Keys: []string{k}})
				if !errors.Is(err, control.ErrInvalid) {
					t.Errorf("unban key %.12q: %v, want an invalid request", k, err)
				}
			}
			if _, err := svc.Unban(ctx, control.UnbanRequest{Keys: []string{h}, All: true}); !errors.Is(err, control.ErrInvalid) {
				t.Errorf("unban of a key and all: %v, want an invalid request", err)
			}

			lifted, err := svc.Unban(ctx, control.UnbanRequest{Keys: []string{"key:" + h}})
			if err != nil {
				t.Fatalf("unban key:%s: %v", h, err)
			}
			if len(lifted) != 1 || !lifted[0].Undecodable || lifted[0].Key != h {
				t.Errorf("unban key:%s lifted %+v, want that one record", h, lifted)
			}
			lifted, err = svc.Unban(ctx, control.UnbanRequest{Keys: []string{h}})
			if err != nil || len(lifted) != 0 {
				t.Errorf("a second unban of the key: %+v, %v; want nothing lifted, no error", lifted, err)
			}

			// The key of a prefix stands for it, kernel element included.
			key10 := "04cb00710a20" // 203.0.113.10/32
			lifted, err = svc.Unban(ctx, control.UnbanRequest{Keys: []string{key10}})
			if err != nil || !slices.ContainsFunc(lifted, func(b control.BanInfo) bool { return b.Prefix == "203.0.113.10" }) {
				t.Errorf("unban key:%s (203.0.113.10): %+v, %v", key10, lifted, err)
			}
			if in, err := inKernel(env, "203.0.113.10"); err != nil || in {
				t.Errorf("203.0.113.10 still in the kernel after its key's unban: %v, %v", in, err)
			}
			list, err = svc.List(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var left []string
			for _, b := range list {
				left = append(left, b.Prefix)
			}
			if !slices.Equal(left, []string{"203.0.113.11"}) {
				t.Errorf("left after the unbans: %q, want only 203.0.113.11", left)
			}
			if in, err := inKernel(env, "203.0.113.11"); err != nil || !in {
				t.Errorf("203.0.113.11 left the kernel: %v, %v", in, err)
			}

			// Review s12 item 1: the key of a prefix a typed unban refuses
			// (every address) lifts no network: only a record stored
			// under it that cannot be decoded, and there is none.
			for _, k := range []string{"040000000000", "0600000000000000000000ffff0000000060"} {
				lifted, err = svc.Unban(ctx, control.UnbanRequest{Keys: []string{k}})
				if err != nil || len(lifted) != 0 {
					t.Errorf("unban key:%s (every address): lifted %+v, %v; want nothing", k, lifted, err)
				}
			}
			if in, err := inKernel(env, "203.0.113.11"); err != nil || !in {
				t.Errorf("203.0.113.11 left the kernel after an unban by the key of every address: %v, %v", in, err)
			}
			// The mapped form of 203.0.113.11's key is 203.0.113.11.
			lifted, err = svc.Unban(ctx, control.UnbanRequest{Keys: []string{"0600000000000000000000ffffcb00710b80"}})
			if err != nil || len(lifted) != 1 || lifted[0].Prefix != "203.0.113.11" {
				t.Errorf("unban by the mapped key of 203.0.113.11: %+v, %v; want 203.0.113.11 lifted", lifted, err)
			}
			if in, err := inKernel(env, "203.0.113.11"); err != nil || in {
				t.Errorf("203.0.113.11 still in the kernel after its mapped key's unban: %v, %v", in, err)
			}
			stop()
			stop = func() {}
			st, err := state.Open(env.StateDir, state.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if u, err := st.Undecodable(netip.Prefix{}); err != nil || len(u) != 0 {
				t.Errorf("the store still holds undecodable records: %+v, %v", u, err)
			}
		})
	}
}

// seedBadKey stores three automatic bans and moves 203.0.113.9's under
// key, which is no prefix.
func seedBadKey(t *testing.T, dir string, key []byte) {
	t.Helper()
	storeBans(t, dir, "203.0.113.9/32", "203.0.113.10/32", "203.0.113.11/32")
	statetest.Rekey(t, dir, "seed 203.0.113.9/32", key)
}

// inKernel says whether the kernel's host set in env holds addr, read
// with nft itself.
func inKernel(env manualbantest.Env, addr string) (bool, error) {
	out, err := env.NS.Output("nft", "list", "set", "inet", "guardctl", "ban4")
	if err != nil {
		return false, err
	}
	return regexp.MustCompile(`[{ ,]` + regexp.QuoteMeta(addr) + `[ ,}]`).MatchString(out), nil
}
