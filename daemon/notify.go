package daemon

import (
	"context"
	"time"

	sd "github.com/coreos/go-systemd/v22/daemon"
)

// sdNotify tells systemd about the service's state; outside systemd
// (no NOTIFY_SOCKET) it does nothing.
func sdNotify(state string) { _, _ = sd.SdNotify(false, state) }

func (d *Daemon) notify(state string) { d.opts.Notify(state) }

// watchdog pings systemd's watchdog at half its interval while the loop is
// alive: the ping is skipped when the loop has not ticked for a whole
// interval, so a wedged daemon gets restarted. It returns a stop function.
func (d *Daemon) watchdog(ctx context.Context) func() {
	interval, err := sd.SdWatchdogEnabled(false)
	if err != nil || interval <= 0 {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(interval / 2)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				// The loop beats every second, idle or not.
				beat := time.Unix(0, d.heartbeat.Load())
				if d.heartbeat.Load() == 0 || time.Since(beat) < max(interval, 3*time.Second) {
					d.notify("WATCHDOG=1")
				} else {
					d.log.Error("main loop stalled; not pinging the watchdog", "last_tick", beat)
				}
			}
		}
	}()
	return func() { cancel(); <-done }
}
