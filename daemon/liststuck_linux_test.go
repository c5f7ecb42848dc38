//go:build linux

package daemon

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// TestStuckListLoadReported (ops item s8): a block list's kernel load that
// does not return must not leave status, list, ban and unban waiting
// behind it. The stuck call is real: a new list's iptables rules wait
// (iptables-legacy --wait) for the xtables lock the test holds, with the
// backend's own lock held. Before, the load held only the enrich lock: a
// ban took the free kernel gate and waited behind the backend's lock with
// the daemon's lock held (the loop and every later admin call with it).
// Now the load holds the gate: status names it, ban and unban fail within
// kernelWait with "kernel busy since", and once the lock is let go the
// list is in the kernel and bans work again. A reload (SIGHUP) answers
// within the kernel wait too, with "kernel busy: block list f_local not
// reloaded yet" in its notes and status's, until the load finishes.
func TestStuckListLoadReported(t *testing.T) {
	ns, h, lock := stuckFeed(t, 500*time.Millisecond)
	ctx := context.Background()
	// A reload answers within the kernel wait, naming the list the
	// kernel has not taken yet (session 10, ops item 1: before, it waited
	// for the load without limit, and SIGHUP with it). The load goes on.
	reload := func(which string) {
		t.Helper()
		t0 := time.Now()
		done := make(chan control.ReloadResult, 1)
		go func() {
			res, err := h.d.Reload(ctx)
			if err != nil {
				res.Errors = append(res.Errors, err.Error())
			}
			done <- res
		}()
		select {
		case res := <-done:
			t.Logf("%s reload answered in %s: %q", which, time.Since(t0).Round(time.Millisecond), res.Errors)
			if !res.OK || !slices.ContainsFunc(res.Errors, func(n string) bool {
				return strings.Contains(n, "kernel busy: block list f_local not reloaded yet")
			}) {
				t.Errorf("%s reload during the stuck list load: ok %v, notes %q; want the kernel busy note naming f_local", which, res.OK, res.Errors)
			}
		case <-time.After(20 * h.d.opts.KernelWait):
			t.Fatalf("%s reload did not answer within %s behind the stuck list load", which, 20*h.d.opts.KernelWait)
		}
	}
	reload("first")
	// A second reload queues behind the first one's load (the enrich
	// lock): it answers within the wait too.
	reload("second")
	// The load still waits for the lock: past KernelStuckAfter it counts
	// as stuck.
	time.Sleep(h.d.opts.KernelStuckAfter + 500*time.Millisecond)
	if st, err := h.d.Status(ctx); err != nil || !strings.Contains(st.ReloadNotes, "kernel busy: block list f_local not reloaded yet") {
		t.Errorf("status reload notes during the stuck list load: %q (err %v); want the kernel busy note", st.ReloadNotes, err)
	}
	if op, _, ok := h.d.fwMu.busy(); ok {
		t.Logf("stuck: %s", op)
	}
	wait := h.d.opts.KernelWait
	t0 := time.Now()
	st, err := h.d.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(t0); took > 2*wait {
		t.Errorf("status took %s behind the stuck list load", took)
	}
	if st.Backend.Healthy || !strings.Contains(st.Backend.Busy, "block list") {
		t.Errorf("status during the stuck list load: healthy %v, busy %q; want unhealthy naming the load", st.Backend.Healthy, st.Backend.Busy)
	}
	t0 = time.Now()
	if _, err := h.d.List(ctx); err != nil {
		t.Errorf("list during the stuck list load: %v", err)
	}
	if took := time.Since(t0); took > 2*wait {
		t.Errorf("list took %s behind the stuck list load", took)
	}
	for _, call := range []struct {
		name string
		do   func() error
	}{
		{"ban", func() error {
			_, err := h.d.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("203.0.113.2/32"), Reason: "t"})
			return err
		}},
		{"unban", func() error {
			_, err := h.d.Unban(ctx, control.UnbanRequest{Prefixes: []netip.Prefix{netip.MustParsePrefix("203.0.113.1/32")}})
			return err
		}},
	} {
		t0 = time.Now()
		done := make(chan error, 1)
		go func() { done <- call.do() }()
		select {
		case err := <-done:
			if !errors.Is(err, control.ErrKernel) || !strings.Contains(err.Error(), "kernel busy since") {
				t.Errorf("%s during the stuck list load: %v; want ErrKernel saying kernel busy since", call.name, err)
			}
			if took := time.Since(t0); took > 2*wait {
				t.Errorf("%s took %s behind the stuck list load", call.name, took)
			}
		case <-time.After(10 * wait):
			t.Errorf("%s did not answer within %s behind the stuck list load", call.name, 10*wait)
		}
	}

	lock.release()
	eventually(t, 20*time.Second, "the reload notes without the block list note once the list loaded", func() bool {
		st, err := h.d.Status(ctx)
		return err == nil && !strings.Contains(st.ReloadNotes, "kernel busy: block list")
	})
	if out := ns.Run(t, "ipset", "list", "guardctl-l-f_local4"); !strings.Contains(out, "198.51.100.0/24") {
		t.Errorf("the list is not in the kernel after the lock was let go:\n%s", out)
	}
	eventually(t, 10*time.Second, "a ban taken once the lock is let go", func() bool {
		_, err := h.d.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("203.0.113.3/32"), Reason: "t"})
		return err == nil
	})
}

// stuckFeed starts a daemon with a ban, adds a feed "local" to its config
// for the next reload and holds the xtables lock: that list's kernel load
// waits until lock.release.
func stuckFeed(t *testing.T, kernelWait time.Duration) (*netnstest.NS, *harness, *xtablesLock) {
	t.Helper()
	ns, h, lock := xtablesLocked(t, "", Options{HealthEvery: 50 * time.Millisecond, KernelWait: kernelWait, KernelStuckAfter: 1250 * time.Millisecond})
	ctx := context.Background()
	if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("203.0.113.1/32"), Reason: "t"}); err != nil {
		t.Fatal(err)
	}
	feed := filepath.Join(h.dir, "feed.txt")
	if err := os.WriteFile(feed, []byte("198.51.100.0/24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, _ := os.ReadFile(h.cfgPath)
	if err := os.WriteFile(h.cfgPath, append(cfg, fmt.Sprintf("\n[[feed]]\nname = \"local\"\nfile = %q\n", feed)...), 0o644); err != nil {
		t.Fatal(err)
	}
	lock.hold(t)
	return ns, h, lock
}
