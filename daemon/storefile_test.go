package daemon

import (
	"context"
	"net/netip"
	"os"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
)

// TestStoreFileDeleted (review s12 item 7, session 13): the store's file
// deleted while the daemon runs. Every write still succeeded (into the
// unlinked inode) and status said "store: healthy"; then FAILING until a
// restart, which started from an empty store: the bans made before and
// after the deletion gone (with backend none nothing is adopted back). Now
// the next check writes the store again at its path from the open file,
// status is healthy, and a restart finds every ban with its reason.
func TestStoreFileDeleted(t *testing.T) {
	h := newHarness(t, "")
	h.start(Options{HealthEvery: 20 * time.Millisecond})
	ctx := context.Background()
	ban := func(p string) {
		t.Helper()
		if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix(p), Duration: time.Hour, Reason: "kept " + p}); err != nil {
			t.Fatal(err)
		}
	}
	ban("203.0.113.1/32")
	path := h.d.store.Path()
	was, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "the store file written again", func() bool {
		fi, err := os.Stat(path)
		return err == nil && !os.SameFile(fi, was)
	})
	ban("203.0.113.2/32")
	st, err := h.d.Status(ctx)
	if err != nil || st.Store == nil || !st.Store.Healthy {
		t.Errorf("status after the store was written again: %+v, %v; want healthy", st.Store, err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the new store file: %v, %v; want mode 0600", fi, err)
	}
	h.stop()
	h.start(Options{HealthEvery: time.Hour})
	for _, a := range []string{"203.0.113.1", "203.0.113.2"} {
		if b, ok := h.banned(a); !ok || b.Reason != "kept "+a+"/32" {
			t.Errorf("after the deletion and a restart, %s: %+v, %v; want the ban with its reason", a, b, ok)
		}
	}
}
