package daemon

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
)

// READY=1 means the control socket answers: `systemctl start guardctl &&
// guardctl ban ...` must never find nothing listening. The control server
// here binds its socket 300 ms late (a loaded machine); a status over the
// socket right after READY must answer. Before, READY followed the
// sources alone (CI, session 9: the parity test's first call failed at
// 0.00 s with "nothing listens on g.sock").
func TestReadyWaitsForTheControlSocket(t *testing.T) {
	h := newHarness(t, "")
	ready := make(chan struct{})
	opts := Options{ConfigPath: h.cfgPath,
		Notify: func(s string) {
			if strings.Contains(s, "READY=1") {
				close(ready)
			}
		},
		Serve: func(ctx context.Context, socket, group string, d *Daemon, log *slog.Logger, listening func()) error {
			select {
			case <-time.After(300 * time.Millisecond):
			case <-ctx.Done():
				return nil
			}
			return serveControl(ctx, socket, group, d, log, listening)
		}}
	d, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	select {
	case <-ready:
	case err := <-done:
		done <- err
		t.Fatalf("the daemon ended before READY: %v", err)
	case <-time.After(15 * time.Second):
		t.Fatal("no READY")
	}
	c := control.Dial(d.socket)
	defer c.Close()
	if _, err := c.Status(context.Background()); err != nil {
		t.Fatalf("status right after READY: %v", err)
	}
}
