package daemon

import (
	"context"
	"testing"
	"time"
)

// TestNeverBansNonClients: lines whose client is unspecified, broadcast or
// multicast are bad lines (counted as bad_client), never bans.
func TestNeverBansNonClients(t *testing.T) {
	h := newHarness(t, "")
	h.start(Options{})
	bad := []string{"0.0.0.0", "255.255.255.255", "224.0.0.1", "ff02::1", "::"}
	for _, ip := range bad {
		h.append(clfLine(ip, "/wp-login.php"))
	}
	h.append(clfLine("192.0.2.50", "/wp-login.php"))
	eventually(t, 3*time.Second, "the real client banned", func() bool { _, ok := h.banned("192.0.2.50"); return ok })
	for _, ip := range bad {
		if _, ok := h.banned(ip); ok {
			t.Errorf("%s was banned", ip)
		}
	}
	st, err := h.d.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Sources[0].Skipped["bad_client"]; got != uint64(len(bad)) {
		t.Errorf("bad_client = %d, want %d (%+v)", got, len(bad), st.Sources[0].Skipped)
	}
}
