package daemon

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/cluster"
	"github.com/guardctl/guardctl/cluster/clustertest"
	"github.com/guardctl/guardctl/control"
)

// Review s12 (rev-ops item 3): a decision another node published that this
// node's own Unban refuses as invalid (an unban of 0.0.0.0/0, which an
// older node's "unban key:HEX" could publish: the stream's validation
// allows every prefix) was retried every 0.8 s forever, and no later
// decision was ever applied, also after a restart; the status said
// refused 0. It is refused: counted, logged, passed.
func TestClusterRemoteInvalidUnbanRefused(t *testing.T) {
	r := clustertest.Start(t)
	a := clusterHarness(t, r, "a", "")
	b := clusterHarness(t, r, "b", "")
	ctx := context.Background()
	if _, err := a.d.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("192.0.2.7/32"), Duration: time.Hour}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "a's first ban on b", func() bool { _, ok := b.banned("192.0.2.7"); return ok })
	// What an older node published: an unban of every IPv4 address.
	a.d.clusterNode().Publish(cluster.Decision{Op: cluster.OpUnban, Prefix: netip.MustParsePrefix("0.0.0.0/0"), At: time.Now().UnixMilli()})
	if _, err := a.d.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("203.0.113.5/32"), Duration: time.Hour}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "a's ban after the invalid unban on b", func() bool { _, ok := b.banned("203.0.113.5"); return ok })
	if _, ok := b.banned("192.0.2.7"); !ok {
		t.Error("the invalid unban lifted 192.0.2.7 on b")
	}
	st, err := b.d.Status(ctx)
	if err != nil || st.Cluster == nil || st.Cluster.Refused != 1 {
		t.Fatalf("b's status: %v %+v, want refused 1", err, st.Cluster)
	}
}
