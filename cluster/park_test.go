package cluster

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/cluster/clustertest"
)

// The flusher may sleep only when a Send found nothing to send and no
// event came since: an event taken and not yet sent, one added since
// the last Take, and a counter that never sent, all keep it ticking; the
// first event after a Park wakes it, once.
func TestCounterParksOnlyWhenNothingToSend(t *testing.T) {
	r := clustertest.Start(t)
	n := startNode(t, r, "a", t.TempDir(), nil)
	c := n.Counter()
	ctx := context.Background()
	rule := c.Rule("login", time.Hour, 5)
	client := netip.MustParsePrefix("198.51.100.9/32")
	if c.Park() {
		t.Fatal("parked before any Send")
	}
	c.Add(rule, client)
	c.Take()
	if _, err := c.Send(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	if c.Park() {
		t.Fatal("parked after a Send that sent an event: the next one may have more")
	}
	if _, err := c.Flush(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	c.Add(rule, client)
	if c.Park() {
		t.Fatal("parked with an event added since the last Take")
	}
	if _, err := c.Flush(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Flush(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	if !c.Park() || !c.Parked() {
		t.Fatal("not parked after a Send with nothing to send and no event since")
	}
	select {
	case <-c.Woken():
		t.Fatal("woken without an event")
	default:
	}
	c.Add(rule, client)
	c.Add(rule, client)
	if c.Parked() {
		t.Fatal("still parked after an event")
	}
	select {
	case <-c.Woken():
	default:
		t.Fatal("an event after Park did not wake the flusher")
	}
	select {
	case <-c.Woken():
		t.Fatal("woken twice: Add wakes at its first event only")
	default:
	}
	// The events count, at the next Send, whatever the sleep.
	c.Add(rule, client)
	c.Add(rule, client)
	tot, err := c.Flush(ctx, time.Now())
	if err != nil || len(tot) != 1 || tot[0].Count != 6 {
		t.Fatalf("after a sleep: %+v %v, want %s at 6 of 5", tot, err, client)
	}
}
