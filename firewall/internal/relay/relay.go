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

// Poll calls verify every interval until ctx ends and sends the reasons of
// every non-empty Drift (or the error) to reports.
func Poll(ctx context.Context, every time.Duration, verify func(context.Context) (firewall.Drift, error), reports chan<- []string) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		d, err := verify(ctx)
		var r []string
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			r = []string{"verify: " + err.Error()}
		case !d.Empty():
			r = d.Reasons
		default:
			continue
		}
		select {
		case reports <- r:
		case <-ctx.Done():
			return
		}
	}
}
