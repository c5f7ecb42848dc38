package daemon

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
)

// Review rev-ops s11 (defect 2): a kernel call that is slow, not stuck (a repair or start
// loading 100k bans past KernelStuckAfter), that returns well within
// KernelWait of an admin's ban: before f800ce1 the ban waited for it and
// went through; now it is refused "kernel busy" at once.
func TestSlowKernelCallNotBusy(t *testing.T) {
	d := &Daemon{}
	d.opts.KernelWait = 2 * time.Second
	d.opts.KernelStuckAfter = 300 * time.Millisecond
	d.fwMu.LockFor("repair (load 100000 bans)")
	go func() { time.Sleep(450 * time.Millisecond); d.fwMu.Unlock() }()
	time.Sleep(350 * time.Millisecond) // past KernelStuckAfter; the call returns 100 ms later
	t0 := time.Now()
	if err := d.kernelFree(context.Background()); err != nil {
		t.Errorf("after %s: %v; want the admin change to wait the 100 ms left (KernelWait 2s), not be refused", time.Since(t0), err)
	}
}

// A call held KernelStuckAfter and KernelWait more is refused at once
// (f800ce1's point, now past both bounds), and a sub-second hold is
// named below a second, not "for 0s".
func TestStuckKernelCallRefusedAtOnce(t *testing.T) {
	d := &Daemon{}
	d.opts.KernelWait = 200 * time.Millisecond
	d.opts.KernelStuckAfter = 100 * time.Millisecond
	d.fwMu.LockFor("repair (stuck)")
	defer d.fwMu.Unlock()
	if err := d.fwMu.busyError(); err == nil || strings.Contains(err.Error(), "for 0s") {
		t.Errorf("busy just now: %v; want the time held below a second, not 0s", err)
	}
	time.Sleep(350 * time.Millisecond) // past KernelStuckAfter + KernelWait
	t0 := time.Now()
	err := d.kernelFree(context.Background())
	if !errors.Is(err, control.ErrKernel) || !strings.Contains(err.Error(), "kernel busy since") {
		t.Errorf("kernelFree behind a stuck call: %v; want kernel busy", err)
	}
	if took := time.Since(t0); took >= d.opts.KernelWait {
		t.Errorf("kernelFree took %s behind a call known stuck; want the answer at once", took)
	}
}
