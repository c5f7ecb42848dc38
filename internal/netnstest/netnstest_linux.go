//go:build linux

// Package netnstest gives tests network namespaces of their own, so kernel
// firewall tests never touch the host's ruleset. Every namespace is removed
// in t.Cleanup, and one whose test process died before its cleanup ran is
// removed by the next New that shares its /run (see sweep_linux.go).
package netnstest

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// Require stops the test unless it runs as root with the given binaries on
// PATH. Under CI=true a missing requirement fails the test, because CI must
// run the kernel tests; elsewhere the test is skipped with the reason.
func Require(t testing.TB, binaries ...string) {
	t.Helper()
	var missing []string
	if os.Geteuid() != 0 {
		missing = append(missing, "root (euid 0)")
	}
	for _, b := range append([]string{"ip"}, binaries...) {
		if _, err := exec.LookPath(b); err != nil {
			missing = append(missing, "binary "+b)
		}
	}
	if len(missing) == 0 {
		return
	}
	msg := fmt.Sprintf("kernel test needs %s (Debian: apt-get install nftables iptables ipset iproute2)", strings.Join(missing, ", "))
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true: " + msg)
	}
	t.Skip(msg)
}

// NS is a network namespace created for one test.
type NS struct {
	Name string // as listed by ip netns
	Path string // /run/netns/<Name>, for setns and Config.NetNS
}

// New creates a namespace with its loopback up and removes it when the test
// ends. It first removes the namespaces of netnstest processes that died
// without cleaning up (see sweep_linux.go); those of live processes are left
// alone.
func New(t testing.TB) *NS {
	t.Helper()
	removed, err := sweep(runDir(), lockDir())
	if err != nil {
		t.Error(err)
	}
	for _, name := range removed {
		t.Logf("removed network namespace %s: its test process is gone", name)
	}
	name, err := newName()
	if err != nil {
		t.Fatal(err)
	}
	// The lock is held before the name exists, so no sweeper can take a
	// live namespace for a dead one.
	lock, err := holdLock(lockDir(), name)
	if err != nil {
		t.Fatal(err)
	}
	ns := &NS{Name: name}
	if out, err := exec.Command("ip", "netns", "add", ns.Name).CombinedOutput(); err != nil {
		os.Remove(lockPath(lockDir(), name))
		lock.Close()
		t.Fatalf("ip netns add %s: %v: %s", ns.Name, err, out)
	}
	// The cleanup holds the only reference to lock: the file cannot be
	// collected (and closed by its finalizer) while the namespace exists.
	t.Cleanup(func() {
		defer lock.Close()
		if out, err := exec.Command("ip", "netns", "delete", ns.Name).CombinedOutput(); err != nil {
			// Left locked by nobody once closed: the next sweep retries.
			t.Errorf("ip netns delete %s: %v: %s", ns.Name, err, out)
			return
		}
		os.Remove(lockPath(lockDir(), ns.Name))
	})
	ns.Path = runDir() + "/" + ns.Name
	ns.Run(t, "ip", "link", "set", "lo", "up")
	return ns
}

// runDir is where ip netns keeps its names: /run/netns, or /var/run/netns
// where /var/run is not /run.
func runDir() string {
	if _, err := os.Stat("/run/netns"); err == nil {
		return "/run/netns"
	}
	return "/var/run/netns"
}

// Run runs a command inside the namespace and returns its standard output;
// a failure fails the test.
func (ns *NS) Run(t testing.TB, args ...string) string {
	t.Helper()
	out, err := ns.Output(args...)
	if err != nil {
		t.Fatalf("in %s: %s: %v", ns.Name, strings.Join(args, " "), err)
	}
	return out
}

// Output runs a command inside the namespace; the error carries stderr.
func (ns *NS) Output(args ...string) (string, error) {
	cmd := exec.Command("ip", append([]string{"netns", "exec", ns.Name}, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out), fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

// Do runs fn on a thread inside the namespace; sockets fn opens live there.
// The thread is discarded afterwards.
func (ns *NS) Do(fn func() error) error {
	f, err := os.Open(ns.Path)
	if err != nil {
		return err
	}
	defer f.Close()
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread dies with the goroutine
		if err := unix.Setns(int(f.Fd()), unix.CLONE_NEWNET); err != nil {
			errc <- err
			return
		}
		errc <- fn()
	}()
	return <-errc
}

// ServerV4 is the server's IPv4 address in a Pair.
func ServerV4() netip.Addr { return netip.MustParseAddr("10.99.0.1") }

// ServerV6 is the server's IPv6 address in a Pair.
func ServerV6() netip.Addr { return netip.MustParseAddr("fd00:99::1") }

// Pair creates two namespaces joined by a veth pair: the server holds
// 10.99.0.1/24 and fd00:99::1/64, the client holds the given addresses (each
// inside those subnets) so tests can connect from several sources.
func Pair(t testing.TB, clientAddrs ...netip.Addr) (server, client *NS) {
	t.Helper()
	server, client = New(t), New(t)
	server.Run(t, "ip", "link", "add", "veth0", "type", "veth", "peer", "name", "veth0", "netns", client.Name)
	for _, ns := range []*NS{server, client} {
		ns.Run(t, "ip", "link", "set", "veth0", "up")
	}
	server.Run(t, "ip", "addr", "add", ServerV4().String()+"/24", "dev", "veth0")
	server.Run(t, "ip", "addr", "add", ServerV6().String()+"/64", "dev", "veth0", "nodad")
	for _, a := range clientAddrs {
		bits := 24
		args := []string{"ip", "addr", "add"}
		if a.Is6() {
			bits = 64
		}
		args = append(args, netip.PrefixFrom(a, bits).String(), "dev", "veth0")
		if a.Is6() {
			args = append(args, "nodad")
		}
		client.Run(t, args...)
	}
	return server, client
}

// Serve accepts TCP connections on port inside the namespace, on both
// families, and closes each at once. It stops when the test ends.
func (ns *NS) Serve(t testing.TB, port int) {
	t.Helper()
	var ln net.Listener
	err := ns.Do(func() error {
		var err error
		ln, err = net.Listen("tcp", fmt.Sprintf("[::]:%d", port))
		return err
	})
	if err != nil {
		t.Fatalf("listen in %s: %v", ns.Name, err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	t.Cleanup(func() { ln.Close(); <-done })
}

// Connect opens a TCP connection from source (an address of this
// namespace) to dst and reports the error, nil when it connected.
func (ns *NS) Connect(source netip.Addr, dst netip.AddrPort, timeout time.Duration) error {
	return ns.Do(func() error {
		d := net.Dialer{Timeout: timeout, LocalAddr: net.TCPAddrFromAddrPort(netip.AddrPortFrom(source, 0))}
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		c, err := d.DialContext(ctx, "tcp", dst.String())
		if err != nil {
			return err
		}
		return c.Close()
	})
}
