package manualban_test

import (
	"context"
	"net/netip"
	"slices"
	"testing"

	"github.com/guardctl/guardctl/manualban"
	"github.com/guardctl/guardctl/manualban/manualbantest"
)

// Review s12 item 2: `list ADDR` (Covering) answered from the store alone
// and said "ADDR is not banned" while the kernel dropped ADDR: an element
// added by hand, left by a reset store or by an unban whose kernel step
// failed. Now the kernel's elements covering ADDR that no stored ban
// accounts for are answered too, as "in the kernel only" (KernelOnly): an
// element of its own, and a wider one around a stored ban (it drops more
// than the store says). A stored ban's own element is not repeated.
func TestCoveringShowsKernelOnly(t *testing.T) {
	for _, path := range []struct {
		name string
		open manualbantest.Open
	}{{"offline", openOffline}, {"daemon", openDaemon}} {
		t.Run(path.name, func(t *testing.T) {
			env := manualbantest.NewSharedEnv(t, "nftables")
			storeBans(t, env.StateDir, "203.0.113.11/32", "198.51.100.0/24")
			_, stopFirst := openDaemon(t, env) // loads the stored bans
			stopFirst()
			svc, stop := path.open(t, env)
			defer stop()
			// Behind the store's back, as an operator's nft would.
			env.NS.Run(t, "nft", "add", "element", "inet", "guardctl", "ban4", "{ 203.0.113.99 timeout 1h }")
			env.NS.Run(t, "nft", "add", "element", "inet", "guardctl", "bannet4", "{ 203.0.113.0/28 timeout 1h }")
			ctx := context.Background()

			for _, c := range []struct {
				addr   string
				stored []string // stored bans answered, each in the kernel
				only   []string // kernel elements answered as in the kernel only
			}{
				{"203.0.113.99", nil, []string{"203.0.113.99"}},
				{"203.0.113.11", []string{"203.0.113.11"}, []string{"203.0.113.0/28"}},
				{"203.0.113.12", nil, []string{"203.0.113.0/28"}},
				{"198.51.100.7", []string{"198.51.100.0/24"}, nil},
				{"203.0.113.200", nil, nil},
			} {
				got, err := svc.Covering(ctx, netip.MustParseAddr(c.addr))
				if err != nil {
					t.Fatalf("covering %s: %v", c.addr, err)
				}
				var stored, only []string
				for _, b := range got {
					if !b.InKernel || b.KernelUnknown {
						t.Errorf("covering %s: %s not marked as in the kernel: %+v", c.addr, b.Prefix, b)
					}
					if manualban.IsKernelOnly(b) {
						only = append(only, b.Prefix)
					} else {
						stored = append(stored, b.Prefix)
					}
				}
				if !slices.Equal(stored, c.stored) || !slices.Equal(only, c.only) {
					t.Errorf("covering %s: stored %q, kernel only %q; want %q, %q", c.addr, stored, only, c.stored, c.only)
				}
			}
		})
	}
}

// Review s12 item 7: the offline path's Covering said "in kernel: no"
// when the kernel read failed (here: a read whose context is done, as a
// stuck kernel call's timeout leaves it); the daemon says "unknown", and
// now both do, and answer no kernel element they did not read.
func TestOfflineCoveringKernelUnknown(t *testing.T) {
	env := manualbantest.NewSharedEnv(t, "nftables")
	storeBans(t, env.StateDir, "203.0.113.11/32")
	_, stopFirst := openDaemon(t, env)
	stopFirst()
	svc, stop := openOffline(t, env)
	defer stop()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got, err := svc.Covering(ctx, netip.MustParseAddr("203.0.113.11"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Prefix != "203.0.113.11" || !got[0].KernelUnknown || got[0].InKernel {
		t.Errorf("covering 203.0.113.11 with a failed kernel read: %+v; want the stored ban, kernel unknown", got)
	}
}
