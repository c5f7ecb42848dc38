//go:build linux

package daemon

import (
	"context"
	"errors"
	"net/netip"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
)

// TestStuckKernelCallReported: a kernel call that does not return must not
// leave status, list, ban and unban waiting behind it blind. The stuck call
// is real: iptables-legacy waits without limit (--wait) for the xtables
// lock, which another program holds (here the test, through the lock file
// XTABLES_LOCKFILE names, so the host's lock is never touched). The repair
// that follows a rule deleted from outside runs iptables under the
// daemon's kernel lock and hangs there. Before: status waited for the
// backend's lock, a ban waited (d.mu held) the control client's two
// minutes. Now status answers at once, unhealthy, naming the call; a ban
// and an unban fail with "kernel busy since", at once once the call is
// known stuck (status past KernelStuckAfter, ban and unban past it plus
// KernelWait; status, list, ban and unban each waited
// the whole kernelWait before, and status failed its bound of twice that
// at load 22); once the lock is let go the repair finishes and the daemon
// is healthy again.
func TestStuckKernelCallReported(t *testing.T) {
	// Shorter bounds than the defaults (2 s, 5 s): the same steps, a
	// quarter of the wait (the test took ~20 s).
	wait, stuckAfter := 500*time.Millisecond, 1250*time.Millisecond
	ns, h, lock := xtablesLocked(t, "", Options{HealthEvery: 50 * time.Millisecond, KernelWait: wait, KernelStuckAfter: stuckAfter})
	ctx := context.Background()
	if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("203.0.113.1/32"), Reason: "t"}); err != nil {
		t.Fatal(err)
	}
	lock.hold(t)
	// Someone removes our jump (with a lock of their own).
	if err := ns.Do(func() error {
		cmd := exec.Command("iptables-legacy", "-D", "INPUT", "-j", "GUARDCTL")
		cmd.Env = append(os.Environ(), "XTABLES_LOCKFILE="+lock.path+".other")
		out, err := cmd.CombinedOutput()
		if err != nil {
			return errors.New(string(out))
		}
		return nil
	}); err != nil {
		t.Fatalf("delete our jump: %v", err)
	}
	eventually(t, stuckAfter+10*time.Second, "a kernel call stuck behind the xtables lock", func() bool {
		_, since, ok := h.d.fwMu.busy()
		return ok && time.Since(since) > stuckAfter
	})
	op, _, _ := h.d.fwMu.busy()
	t.Logf("stuck: %s", op)

	t0 := time.Now()
	st, err := h.d.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// At once, not after the kernel wait: the call is already known
	// stuck, and a read would wait behind it (every status took the whole
	// wait, and under load more than twice it: load 22, session 10).
	// The bound is the wait itself, generous for an answer from memory.
	took := time.Since(t0)
	t.Logf("status took %s", took)
	if took >= wait {
		t.Errorf("status took %s behind the stuck call; want it at once (under the %s wait)", took, wait)
	}
	if st.Backend.Healthy || !strings.Contains(st.Backend.Error, "stuck") || st.Backend.Busy == "" {
		t.Errorf("status during the stuck call: healthy %v, error %q, busy %q; want unhealthy naming the stuck call", st.Backend.Healthy, st.Backend.Error, st.Backend.Busy)
	}
	// The counters were not read: not "0 elements in the kernel" while
	// the kernel holds the ban (review of c20d560).
	if !st.Backend.ElementsUnknown {
		t.Errorf("status during the stuck call: %d elements in the kernel, not unknown (the read did not answer)", st.Backend.Elements)
	}
	t0 = time.Now()
	if l, err := h.d.List(ctx); err != nil {
		t.Errorf("list during the stuck call: %v", err)
	} else {
		for _, b := range l {
			if !b.KernelUnknown {
				t.Errorf("list during the stuck call: %s in kernel %v, not unknown (the kernel was not read)", b.Prefix, b.InKernel)
			}
		}
	}
	if took := time.Since(t0); took >= wait {
		t.Errorf("list took %s behind the stuck call; want it at once", took)
	}
	// A ban and an unban wait KernelWait for a call held just past
	// KernelStuckAfter (slow, maybe not stuck: TestSlowKernelCallNotBusy);
	// held KernelWait longer still, they are told at once.
	eventually(t, stuckAfter+wait+10*time.Second, "the call held past KernelStuckAfter + KernelWait", func() bool {
		_, since, ok := h.d.fwMu.busy()
		return ok && time.Since(since) > stuckAfter+wait
	})
	t0 = time.Now()
	_, err = h.d.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("203.0.113.2/32"), Reason: "t"})
	if !errors.Is(err, control.ErrKernel) || !strings.Contains(err.Error(), "kernel busy since") {
		t.Errorf("ban during the stuck call: %v; want ErrKernel saying kernel busy since", err)
	}
	if took := time.Since(t0); took >= wait {
		t.Errorf("ban took %s behind the stuck call; want the answer at once (the call is known stuck)", took)
	}
	t0 = time.Now()
	_, err = h.d.Unban(ctx, control.UnbanRequest{Prefixes: []netip.Prefix{netip.MustParsePrefix("203.0.113.1/32")}})
	if !errors.Is(err, control.ErrKernel) || !strings.Contains(err.Error(), "kernel busy since") {
		t.Errorf("unban during the stuck call: %v; want ErrKernel saying kernel busy since", err)
	}
	if took := time.Since(t0); took >= wait {
		t.Errorf("unban took %s behind the stuck call; want the answer at once", took)
	}

	lock.release()
	eventually(t, 10*time.Second, "repaired and healthy once the lock is let go", func() bool {
		st, err := h.d.Status(ctx)
		return err == nil && st.Backend.Healthy && st.Backend.Busy == ""
	})
	out := ns.Run(t, "iptables-legacy", "-S", "INPUT")
	if !strings.Contains(out, "-j GUARDCTL") {
		t.Errorf("our jump is not back:\n%s", out)
	}
}
