//go:build linux

package nft

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestListEditLostEvents (review rev14fix s15 item 6, its reproducer): the
// stale mark of a list came from the watch's element events only. When the
// monitor socket overflows (ENOBUFS, "lost events"), a same-count edit of
// a list in the same burst was not marked, and the repair's count check
// passed it: the deny undone for good, status healthy. Now lost events
// mark every loaded list stale (and every ban set suspect).
func TestListEditLostEvents(t *testing.T) {
	t.Parallel()
	ns := newNS(t)
	b := open(t, ns, nil).(*Backend)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	deny := []netip.Prefix{netip.MustParsePrefix("203.0.113.7/32"), netip.MustParsePrefix("198.51.100.0/24")}
	if err := b.SetList(ctx, "deny", deny); err != nil {
		t.Fatal(err)
	}
	ch, err := b.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// another tool's own table, refreshed in bulk, and in the same batch
	// an edit of our list (a delete of ours, an add of a stranger)
	var sb strings.Builder
	sb.WriteString("add element inet guardctl ban4 { 192.0.2.200 }\nadd table inet other\nadd set inet other big { type ipv4_addr; }\n")
	for i := 0; i < 200000; i++ {
		if i%1000 == 0 {
			if i > 0 {
				sb.WriteString(" }\n")
			}
			sb.WriteString("add element inet other big {")
		} else {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, " 10.%d.%d.%d", i>>16&255, i>>8&255, i&255)
	}
	sb.WriteString(" }\n")
	sb.WriteString("delete element inet guardctl l_deny4 { 203.0.113.7 }\nadd element inet guardctl l_deny4 { 192.0.2.3 }\n")
	f := filepath.Join(t.TempDir(), "burst.nft")
	if err := os.WriteFile(f, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	// the daemon busy under b.mu (a big list refresh, an Ensure) while
	// the burst comes: the watch blocks at the ban set's suspect mark
	b.mu.Lock()
	ns.Run(t, "nft", "-f", f)
	time.Sleep(time.Second)
	b.mu.Unlock()
	s, ok := watchFor(t, ch, 3*time.Second, "lost events")
	t.Logf("watch reported: ok=%v %q", ok, s)
	time.Sleep(500 * time.Millisecond)
	b.mu.Lock()
	stale := b.staleLists["deny"]
	b.mu.Unlock()
	t.Logf("staleLists[deny] = %v", stale)
	if err := b.Ensure(ctx); err != nil {
		t.Fatal(err)
	}
	got := ns.Run(t, "nft", "list", "set", "inet", "guardctl", "l_deny4")
	if !strings.Contains(got, "203.0.113.7") || strings.Contains(got, "192.0.2.3") {
		t.Errorf("after Ensure (the repair) the deny set is not ours:\n%s", got)
	}
}
