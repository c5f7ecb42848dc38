package daemon

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// A read that answered must not block the next one: status polled in a
// loop read "an earlier read is still waiting" (and so healthy=false)
// when the in-flight flag was cleared after the answer was sent.
func TestBoundedReadBackToBack(t *testing.T) {
	var inflight atomic.Bool
	for i := range 20000 {
		v, err := boundedRead(context.Background(), &inflight, time.Second, func(context.Context) (int, error) { return i, nil })
		if err != nil || v != i {
			t.Fatalf("read %d: %v, %v", i, v, err)
		}
		if inflight.Load() {
			t.Fatalf("read %d answered but is still marked in flight", i)
		}
	}
}

// One read that does not answer in time makes the next fail at once
// (no second goroutine), and once it returns reads work again.
func TestBoundedReadStuckThenFree(t *testing.T) {
	var inflight atomic.Bool
	release := make(chan struct{})
	_, err := boundedRead(context.Background(), &inflight, 20*time.Millisecond, func(context.Context) (int, error) { <-release; return 0, nil })
	if err == nil {
		t.Fatal("a stuck read answered")
	}
	if _, err := boundedRead(context.Background(), &inflight, time.Second, func(context.Context) (int, error) { return 1, nil }); err == nil {
		t.Fatal("a second read started while the first was stuck")
	}
	close(release)
	deadline := time.Now().Add(5 * time.Second)
	for inflight.Load() && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if v, err := boundedRead(context.Background(), &inflight, time.Second, func(context.Context) (int, error) { return 2, nil }); err != nil || v != 2 {
		t.Fatalf("after the stuck read returned: %v, %v", v, err)
	}
}
