package daemon

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/firewall"
)

// kernelGate orders the changes made to the kernel (it was a plain mutex)
// and remembers which call holds it since when. A kernel call can get
// stuck: iptables waits without limit for the xtables lock another program
// holds, a netlink answer can be slow under a flood of commits. With a
// plain mutex everything that wanted the kernel queued behind it blind:
// an admin's ban waited the control client's two minutes, and the loop
// and status waited too, behind a ban holding d.mu while it waited.
// Now status reports the held call, admin changes give up after
// kernelWait with "kernel busy since T", and no path waits for the gate
// while holding d.mu without a bound.
type kernelGate struct {
	mu    sync.Mutex
	since atomic.Int64 // when the holder took it, Unix nanoseconds; 0: free
	op    atomic.Pointer[string]
}

// kernelWait bounds how long an admin change waits for a kernel call in
// progress: normal calls take milliseconds; the control client asks
// whether the daemon is alive after 5 s and waits on while it is.
const kernelWait = 2 * time.Second

// kernelStuckAfter: a call held this long makes status unhealthy.
const kernelStuckAfter = 5 * time.Second

func (g *kernelGate) Lock() { g.LockFor("kernel change") }

// LockFor waits for the gate and names what the caller does with it.
func (g *kernelGate) LockFor(op string) {
	g.mu.Lock()
	g.held(op)
}

// TryLockFor takes the gate if it is free.
func (g *kernelGate) TryLockFor(op string) bool {
	if !g.mu.TryLock() {
		return false
	}
	g.held(op)
	return true
}

func (g *kernelGate) held(op string) {
	g.op.Store(&op)
	g.since.Store(time.Now().UnixNano())
}

func (g *kernelGate) Unlock() {
	g.since.Store(0)
	g.mu.Unlock()
}

// busy names the call holding the gate and since when.
func (g *kernelGate) busy() (string, time.Time, bool) {
	ns := g.since.Load()
	if ns == 0 {
		return "", time.Time{}, false
	}
	op := ""
	if p := g.op.Load(); p != nil {
		op = *p
	}
	return op, time.Unix(0, ns), true
}

// busyError says which call holds the kernel and since when. It is
// control.ErrKernel without repeating its text: the callers already say
// "the kernel was not updated" (a ban or unban that stored its change),
// and the text came out twice.
func (g *kernelGate) busyError() error {
	op, since, ok := g.busy()
	if !ok {
		return nil
	}
	return kernelBusy(fmt.Sprintf("kernel busy since %s: %s has not returned for %s",
		since.UTC().Format(time.RFC3339), op, heldFor(time.Since(since))))
}

// heldFor rounds how long a call has held the gate for a message: to the
// second, to the millisecond under one, to the microsecond under a
// millisecond (it said "for 0s").
func heldFor(d time.Duration) time.Duration {
	switch {
	case d < time.Millisecond:
		return d.Round(time.Microsecond)
	case d < time.Second:
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Second)
}

// kernelBusy is busyError's error: control.ErrKernel by errors.Is.
type kernelBusy string

func (e kernelBusy) Error() string { return string(e) }
func (e kernelBusy) Unwrap() error { return control.ErrKernel }

// poll is how often the bounded waits look at the gate.
const gatePoll = 5 * time.Millisecond

// lockWithin takes the gate within wait or returns busyError.
func (g *kernelGate) lockWithin(ctx context.Context, wait time.Duration, op string) error {
	deadline := time.Now().Add(wait)
	for {
		if g.TryLockFor(op) {
			return nil
		}
		if time.Now().After(deadline) {
			if err := g.busyError(); err != nil {
				return err
			}
			continue // let go meanwhile
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(gatePoll):
		}
	}
}

// stuckFor returns busyError when the gate has been held for after or
// longer (a call status already reports as stuck), else nil.
func (g *kernelGate) stuckFor(after time.Duration) error {
	if _, since, ok := g.busy(); ok && time.Since(since) >= after {
		return g.busyError()
	}
	return nil
}

// kernelFree is waitFree for an admin change, which is told at once when
// the call holding the kernel has been held KernelStuckAfter and then
// KernelWait more without returning: waiting KernelWait again would only
// delay the same answer. One held just past KernelStuckAfter may be slow,
// not stuck (a start or repair loading 100k bans takes 7-10 s on a loaded
// machine): it is waited for as before f800ce1, since refusing it at
// once turned an admin ban that would have gone through within
// KernelWait into "kernel busy" (review rev-ops s11).
func (d *Daemon) kernelFree(ctx context.Context) error {
	if err := d.fwMu.stuckFor(d.opts.KernelStuckAfter + d.opts.KernelWait); err != nil {
		return err
	}
	return d.fwMu.waitFree(ctx, d.opts.KernelWait)
}

// readCounts is status's and list's bounded read of the kernel's
// counters. Behind a call already stuck (KernelStuckAfter) it does not
// start the read: the read waits for the backend's own lock, which that
// call holds, so every status and list took the whole KernelWait (2 s) to
// learn nothing new, and a loaded machine pushed status past twice that
// (TestStuckKernelCallReported failed at load 22: its status always took
// the 500 ms wait it was given, plus the scheduler's delay).
func (d *Daemon) readCounts(ctx context.Context, read func(context.Context) (firewall.Counts, error)) (firewall.Counts, error) {
	if err := d.fwMu.stuckFor(d.opts.KernelStuckAfter); err != nil {
		return firewall.Counts{}, fmt.Errorf("%w: not read: %w", errReadStuck, err)
	}
	return boundedRead(ctx, &d.countsBusy, d.opts.KernelWait, read)
}

// waitFree waits, without taking the gate, until it is free, for at most
// wait; then it returns busyError.
func (g *kernelGate) waitFree(ctx context.Context, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for {
		if _, _, held := g.busy(); !held {
			return nil
		}
		if time.Now().After(deadline) {
			if err := g.busyError(); err != nil {
				return err
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(gatePoll):
		}
	}
}

// lockAfter takes the gate while the caller holds mu, then lets mu go:
// a change read under mu reaches the kernel before any change made under
// mu after it. It never waits for the gate with mu held: when the gate is
// taken, mu is let go, the gate waited for, and read (with mu held again)
// starts over. read is called with mu held, every time.
func (g *kernelGate) lockAfter(mu *sync.Mutex, op string, read func()) {
	for {
		mu.Lock()
		read()
		if g.TryLockFor(op) {
			mu.Unlock()
			return
		}
		mu.Unlock()
		g.LockFor(op)
		g.Unlock()
	}
}

// errReadStuck: a kernel read did not answer in time.
var errReadStuck = errors.New("kernel read did not answer")

// boundedRead runs read for at most wait. One that does not return goes
// on in the background (a read cannot be abandoned: it waits for the
// backend's lock or a tool), and until it returns no other is started
// (inflight): a status polled every second adds no goroutine each time.
func boundedRead[T any](ctx context.Context, inflight *atomic.Bool, wait time.Duration, read func(context.Context) (T, error)) (T, error) {
	var zero T
	if !inflight.CompareAndSwap(false, true) {
		return zero, fmt.Errorf("%w: an earlier read is still waiting", errReadStuck)
	}
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := read(context.WithoutCancel(ctx))
		// Cleared before the answer is sent, not deferred after it: a
		// caller that got the answer and reads again at once (status
		// polled in a loop) must not find its own finished read still
		// "waiting" (CI, session 9: healthy=false, "an earlier read is
		// still waiting", on an idle daemon).
		inflight.Store(false)
		done <- result{v, err}
	}()
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case r := <-done:
		return r.v, r.err
	case <-t.C:
		return zero, fmt.Errorf("%w within %s", errReadStuck, wait)
	case <-ctx.Done():
		return zero, ctx.Err()
	}
}
