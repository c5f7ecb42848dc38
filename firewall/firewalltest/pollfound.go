package firewalltest

import (
	"context"
	"strings"
	"testing"
	"time"
)

// PollFound runs probe every apart, as the daemon's polls do, until it
// reports something or limit has passed since the call: what it reported
// (joined by "; ") and when. An error fails the test.
func PollFound(t testing.TB, apart, limit time.Duration, probe func(context.Context) ([]string, error)) (string, time.Duration) {
	t.Helper()
	start := time.Now()
	for time.Since(start) < limit {
		time.Sleep(apart)
		r, err := probe(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(r) > 0 {
			return strings.Join(r, "; "), time.Since(start).Round(time.Millisecond)
		}
	}
	return "", time.Since(start).Round(time.Millisecond)
}
