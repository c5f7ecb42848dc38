//go:build linux

package daemon

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/guardctl/guardctl/internal/netnstest"
)

// xtablesLock is an xtables lock of the test's own (XTABLES_LOCKFILE names
// it, so the host's lock is never touched): while the test holds it,
// iptables-legacy waits without limit (--wait), a kernel call that does
// not return.
type xtablesLock struct {
	path string
	f    *os.File
	held bool
}

// hold takes the lock; release (idempotent, also at the test's end) lets
// it go.
func (l *xtablesLock) hold(t *testing.T) {
	t.Helper()
	if err := syscall.Flock(int(l.f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	l.held = true
}

func (l *xtablesLock) release() {
	if l.held {
		l.held = false
		_ = syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	}
}

// xtablesLocked starts a daemon on the iptables backend in a namespace
// of its own, with its iptables honouring the test's xtables lock (not
// held yet): a legacy rule of someone else's makes the backend (mode
// auto) use iptables-legacy, which honours the lock (iptables-nft does
// not). extraCfg is appended to the harness's config; opts.NetNS is set.
func xtablesLocked(t *testing.T, extraCfg string, opts Options) (*netnstest.NS, *harness, *xtablesLock) {
	t.Helper()
	netnstest.Require(t, "iptables-legacy", "ipset")
	lock := &xtablesLock{path: filepath.Join(t.TempDir(), "xtables.lock")}
	t.Setenv("XTABLES_LOCKFILE", lock.path)
	f, err := os.OpenFile(lock.path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	lock.f = f
	t.Cleanup(func() { lock.release(); f.Close() })
	ns := netnstest.New(t)
	ns.Run(t, "iptables-legacy", "-A", "INPUT", "-s", "192.0.2.99", "-j", "ACCEPT")
	h := harnessOn(t, "iptables", extraCfg)
	opts.NetNS = ns.Path
	h.start(opts)
	return ns, h, lock
}
