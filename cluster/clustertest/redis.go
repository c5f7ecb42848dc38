// Package clustertest starts a real redis-server for tests: on a unix
// socket in the test's temp directory, no TCP port, with an append-only
// file so that a kill and restart keeps what Redis acknowledged. The
// server is stopped by its PID when the test ends.
package clustertest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Redis is one redis-server started for a test.
type Redis struct {
	Dir    string
	Socket string
	t      testing.TB
	cmd    *exec.Cmd
	done   chan struct{}
	extra  []string
	// cpus, when set, is the CPU list (taskset -c) the server runs on:
	// every thread of it, from its start (StartOn).
	cpus string
}

// Require stops the test unless redis-server is on PATH: under CI=true a
// missing server fails the test (CI must run it), elsewhere it is skipped.
func Require(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("redis-server")
	if err == nil {
		return p
	}
	msg := "cluster test needs redis-server (Debian: apt-get install redis-server)"
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true: " + msg)
	}
	t.Skip(msg)
	return ""
}

// Start runs redis-server on a unix socket in a new temp directory. Extra
// arguments are config directives ("--requirepass", "x").
func Start(t testing.TB, extra ...string) *Redis {
	t.Helper()
	return StartOn(t, "", extra...)
}

// StartOn is Start with the server bound to the CPUs of list (taskset
// -c: "1", "2-3"; empty: any), so that a benchmark can keep Redis's work
// off the CPU of the process it measures, as a Redis on another host
// would be. taskset sets the mask and execs the server: same PID, and
// every thread Redis starts inherits it.
func StartOn(t testing.TB, cpus string, extra ...string) *Redis {
	t.Helper()
	Require(t)
	if cpus != "" {
		if _, err := exec.LookPath("taskset"); err != nil {
			t.Fatalf("redis-server on CPUs %s needs taskset (util-linux): %v", cpus, err)
		}
	}
	// A short directory: unix socket paths are limited to 108 bytes.
	dir, err := os.MkdirTemp("", "gcr")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755) // a daemon in another namespace connects as root anyway
	t.Cleanup(func() { os.RemoveAll(dir) })
	r := &Redis{Dir: dir, Socket: filepath.Join(dir, "redis.sock"), t: t, extra: extra, cpus: cpus}
	r.start()
	t.Cleanup(r.Stop)
	return r
}

// URL is the redis_url of this server.
func (r *Redis) URL() string { return "unix://" + r.Socket }

func (r *Redis) start() {
	t := r.t
	t.Helper()
	args := append([]string{"--port", "0", "--unixsocket", r.Socket, "--unixsocketperm", "777",
		"--dir", r.Dir, "--appendonly", "yes", "--appendfsync", "always", "--save", "",
		"--daemonize", "no", "--logfile", filepath.Join(r.Dir, "redis.log")}, r.extra...)
	if r.cpus != "" {
		r.cmd = exec.Command("taskset", append([]string{"-c", r.cpus, "redis-server"}, args...)...)
	} else {
		r.cmd = exec.Command("redis-server", args...)
	}
	r.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := r.cmd.Start(); err != nil {
		t.Fatalf("start redis-server: %v", err)
	}
	r.done = make(chan struct{})
	go func(c *exec.Cmd, done chan struct{}) { _ = c.Wait(); close(done) }(r.cmd, r.done)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if c, err := net.Dial("unix", r.Socket); err == nil {
			c.Close()
			return
		}
		select {
		case <-r.done:
			t.Fatalf("redis-server exited at start: %s", r.Log())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server did not listen on %s: %s", r.Socket, r.Log())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Log is the tail of the server's log, for failure messages.
func (r *Redis) Log() string {
	b, _ := os.ReadFile(filepath.Join(r.Dir, "redis.log"))
	s := string(b)
	if len(s) > 2000 {
		s = s[len(s)-2000:]
	}
	return strings.TrimSpace(s)
}

// CPU is the CPU time the server has used so far (user + system, from
// /proc), for benchmarks; 0 when it cannot be read.
func (r *Redis) CPU() time.Duration {
	if r.cmd == nil {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", r.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// Fields after the command name (in parentheses): utime and stime
	// are the 12th and 13th, in clock ticks (100 per second on Linux).
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	var ticks int64
	for _, x := range f[11:13] {
		n, _ := strconv.ParseInt(x, 10, 64)
		ticks += n
	}
	return time.Duration(ticks) * 10 * time.Millisecond
}

// Affinity lists, per thread of the server, the CPUs it may run on
// (ThreadAffinity), for a benchmark to show where Redis ran; empty when
// the server is not running.
func (r *Redis) Affinity() []string {
	if r.cmd == nil {
		return nil
	}
	return ThreadAffinity(fmt.Sprintf("/proc/%d", r.cmd.Process.Pid))
}

// ThreadAffinity lists Cpus_allowed_list of every thread of the process
// at proc ("/proc/self", "/proc/<pid>").
func ThreadAffinity(proc string) []string {
	tasks, _ := filepath.Glob(proc + "/task/*/status")
	var out []string
	for _, task := range tasks {
		b, err := os.ReadFile(task)
		if err != nil {
			continue
		}
		for line := range strings.Lines(string(b)) {
			if v, ok := strings.CutPrefix(line, "Cpus_allowed_list:"); ok {
				out = append(out, strings.TrimSpace(v))
			}
		}
	}
	return out
}

// Kill ends the server at once (SIGKILL), as a crash would.
func (r *Redis) Kill() { r.signal(syscall.SIGKILL) }

// Stop ends the server with SIGTERM.
func (r *Redis) Stop() { r.signal(syscall.SIGTERM) }

func (r *Redis) signal(sig syscall.Signal) {
	if r.cmd == nil {
		return
	}
	_ = r.cmd.Process.Signal(sig)
	select {
	case <-r.done:
	case <-time.After(10 * time.Second):
		_ = r.cmd.Process.Kill()
		<-r.done
	}
	r.cmd = nil
	os.Remove(r.Socket)
}

// Restart starts the server again on the same socket and data.
func (r *Redis) Restart() {
	r.t.Helper()
	if r.cmd != nil {
		panic(fmt.Sprintf("clustertest: restart of a running redis-server (pid %d)", r.cmd.Process.Pid))
	}
	r.start()
}

// Pause stops the server (SIGSTOP) without closing its socket: the
// kernel still accepts connections and nothing answers, as a Redis hung
// or out of reach behind a dead route. It resumes when the test ends.
func (r *Redis) Pause() {
	r.t.Helper()
	if r.cmd == nil {
		r.t.Fatal("clustertest: pause of a redis-server not running")
	}
	if err := r.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		r.t.Fatal(err)
	}
	r.t.Cleanup(r.Resume)
}

// Resume continues a paused server (SIGCONT).
func (r *Redis) Resume() {
	if r.cmd != nil {
		_ = r.cmd.Process.Signal(syscall.SIGCONT)
	}
}
