// Package relay hands drift reports to a reader without ever blocking the
// watcher: reports arriving while the reader is busy are merged into the
// one Drift waiting for it.
package relay

import (
	"context"
	"slices"
	"time"

	"github.com/guardctl/guardctl/firewall"
)

// maxReasons bounds a merged Drift (a flush can cause thousands of events).
const maxReasons = 32

// Run forwards reports from in to out until ctx ends, then closes out.
func Run(ctx context.Context, in <-chan []string, out chan<- firewall.Drift) {
	defer close(out)
	var pending *firewall.Drift
	for {
		var send chan<- firewall.Drift
		var d firewall.Drift
		if pending != nil {
			send, d = out, *pending
		}
		select {
		case <-ctx.Done():
			return
		case r := <-in:
			if pending == nil {
				pending = &firewall.Drift{At: time.Now()}
			}
			for _, s := range r {
				if len(pending.Reasons) < maxReasons && !slices.Contains(pending.Reasons, s) {
					pending.Reasons = append(pending.Reasons, s)
				}
			}
		case send <- d:
			pending = nil
		}
	}
}
