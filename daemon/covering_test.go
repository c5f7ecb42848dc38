package daemon

import (
	"context"
	"net/netip"
	"path/filepath"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
)

// TestCoveringOverSocket: the bans around one address, by point lookups,
// through the socket as `guardctl unban` asks after lifting.
func TestCoveringOverSocket(t *testing.T) {
	h := newHarness(t, "")
	h.start(Options{})
	ctx := context.Background()
	for _, p := range []string{"203.0.113.0/24", "203.0.113.9/32", "198.51.100.1/32"} {
		if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix(p), Duration: time.Hour}); err != nil {
			t.Fatal(err)
		}
	}
	c := control.Dial(filepath.Join(h.dir, "g.sock"))
	defer c.Close()
	got, err := c.Covering(ctx, netip.MustParseAddr("203.0.113.9"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Prefix != "203.0.113.9" || got[1].Prefix != "203.0.113.0/24" || !got[0].InKernel {
		t.Errorf("covering 203.0.113.9 = %+v, want the host ban then the /24, in the kernel", got)
	}
	if got, err := c.Covering(ctx, netip.MustParseAddr("192.0.2.1")); err != nil || len(got) != 0 {
		t.Errorf("covering an address not banned = %+v, %v", got, err)
	}
}
