package cluster

import (
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/guardctl/guardctl/cluster/clustertest"
)

// A cluster.db restored from a backup (or a state directory rolled back
// with a VM snapshot) holds an older last sequence number than Redis has
// of the node. The node's next decisions must still reach the other nodes:
// before, they were numbered after the file's number, at or below the one
// Redis had, and the publish script took them for resends already in the
// stream (and the followers for duplicates): dropped, without a word.
func TestRestoredQueueFileReusesNoSequenceNumber(t *testing.T) {
	r := clustertest.Start(t)
	b := startNode(t, r, "b", t.TempDir(), nil)
	waitFor(t, 10*time.Second, "b synced", func() bool { return b.Stats().Snapshots == 1 })
	dir := t.TempDir()
	a := startNode(t, r, "a", dir, nil)
	a.Publish(ban("203.0.113.1/32", time.Hour))
	waitFor(t, 10*time.Second, "b applies a's first ban", func() bool { return b.Stats().Applied == 1 })
	a.stop()
	backup, err := os.ReadFile(filepath.Join(dir, OutboxFile))
	if err != nil {
		t.Fatal(err)
	}

	a = startNode(t, r, "a", dir, nil)
	for i := range 5 {
		a.Publish(ban(addr4(203, 0, 10+i).String(), time.Hour))
	}
	waitFor(t, 10*time.Second, "b applies a's next 5", func() bool { return b.Stats().Applied == 6 })
	a.stop()
	if err := os.WriteFile(filepath.Join(dir, OutboxFile), backup, 0o600); err != nil {
		t.Fatal(err)
	}

	a = startNode(t, r, "a", dir, nil)
	p := netip.MustParsePrefix("203.0.113.99/32")
	a.Publish(ban(p.String(), time.Hour))
	waitFor(t, 10*time.Second, "a's ban after the restore on b", func() bool { return b.sink.count(OpBan, p) == 1 })
}
