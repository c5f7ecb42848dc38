package daemon

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// TestStoreFileDeleted (review s12 item 7): the store's file deleted while
// the daemon runs. Every write still succeeded (into the unlinked inode)
// and status said "store: healthy" for the rest of the run, while a
// restart would start from an empty store. Status now says FAILING, why
// and what to do.
func TestStoreFileDeleted(t *testing.T) {
	h := newHarness(t, "")
	h.start(Options{HealthEvery: 20 * time.Millisecond})
	ctx := context.Background()
	if err := os.Remove(h.d.store.Path()); err != nil {
		t.Fatal(err)
	}
	h.append(`203.0.113.9 - - [07/Dec/2026:09:00:00 +0000] "GET /wp-login.php HTTP/1.1" 404 1 "-" "x"`)
	eventually(t, 5*time.Second, "status says the store is failing", func() bool {
		st, err := h.d.Status(ctx)
		return err == nil && st.Store != nil && !st.Store.Healthy && strings.Contains(st.Store.Error, "deleted while running")
	})
	st, _ := h.d.Status(ctx)
	if !strings.Contains(st.Store.Error, "restart guardctl") {
		t.Errorf("store error %q does not say how to recover", st.Store.Error)
	}
	if st.Store.FailingSince.IsZero() {
		t.Error("status says the store fails since the zero time")
	}
}
