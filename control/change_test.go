package control_test

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/admin"
	"github.com/guardctl/guardctl/control"
)

// outlived is the offline service whose Unban notes, once its client has
// gone away, whether its own context was cancelled with it.
type outlived struct {
	*admin.Offline
	started chan struct{}
	gone    chan struct{}
	result  chan error
	bounded chan bool
}

func (s outlived) Unban(ctx context.Context, req control.UnbanRequest) ([]control.BanInfo, error) {
	close(s.started)
	<-s.gone
	select { // the server sees the connection close at once
	case <-ctx.Done():
	case <-time.After(time.Second):
	}
	_, has := ctx.Deadline()
	s.bounded <- has
	s.result <- ctx.Err()
	return s.Offline.Unban(ctx, req)
}

// TestChangeOutlivesClient (review of e0ab97b and f8588dd): a change goes
// on when its client gives up and closes the connection (the client does
// so after ~8 s without an answer from a stopped daemon). Cancelled with
// the request, an unban lifted the stored ban and then failed its kernel
// step, leaving the address blocked. Its context is bounded instead.
func TestChangeOutlivesClient(t *testing.T) {
	path := socketPath(t)
	svc := outlived{Offline: offline(t), started: make(chan struct{}), gone: make(chan struct{}), result: make(chan error, 1), bounded: make(chan bool, 1)}
	stop := serve(t, path, "", svc)
	defer stop()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = control.Dial(path).Unban(ctx, control.UnbanRequest{Prefixes: []netip.Prefix{netip.MustParsePrefix("203.0.113.9/32")}})
	}()
	<-svc.started
	cancel()
	<-done
	close(svc.gone)
	if err := <-svc.result; err != nil {
		t.Errorf("the unban's context ended when its client went away: %v", err)
	}
	if !<-svc.bounded {
		t.Error("the unban's context has no deadline: a stuck change would hold on for ever")
	}
}
