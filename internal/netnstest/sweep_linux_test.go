//go:build linux

package netnstest

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

const creatorEnv = "GUARDCTL_NETNSTEST_CREATOR"

// TestCreatorProcess is not a test: TestSweepRemovesOnlyDeadCreators runs
// the test binary again with creatorEnv set, and this function then plays a
// test process that makes a namespace and waits (until its stdin closes or
// it is killed).
func TestCreatorProcess(t *testing.T) {
	if os.Getenv(creatorEnv) != "1" {
		return
	}
	ns := New(t)
	fmt.Printf("NETNS %s\n", ns.Name)
	io.Copy(io.Discard, os.Stdin)
}

// startCreator runs a creator process and returns it with the name of the
// namespace it made.
func startCreator(t *testing.T) (*exec.Cmd, io.WriteCloser, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCreatorProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), creatorEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	namec := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "NETNS "); ok {
				namec <- name
				break
			}
		}
		close(namec)
		io.Copy(io.Discard, stdout)
	}()
	select {
	case name, ok := <-namec:
		if !ok {
			t.Fatal("creator process ended without making a namespace")
		}
		// Whatever the sweep does, the test leaves nothing behind.
		t.Cleanup(func() { deleteIfThere(t, name) })
		return cmd, stdin, name
	case <-time.After(30 * time.Second):
		t.Fatal("creator process made no namespace in 30 s")
	}
	return nil, nil, ""
}

func exists(name string) bool {
	_, err := os.Lstat(runDir() + "/" + name)
	return err == nil
}

func addNS(t *testing.T, name string) {
	t.Helper()
	if out, err := exec.Command("ip", "netns", "add", name).CombinedOutput(); err != nil {
		t.Fatalf("ip netns add %s: %v: %s", name, err, out)
	}
	t.Cleanup(func() { deleteIfThere(t, name) })
}

func deleteIfThere(t *testing.T, name string) {
	if !exists(name) {
		return
	}
	if out, err := exec.Command("ip", "netns", "delete", name).CombinedOutput(); err != nil {
		t.Errorf("ip netns delete %s: %v: %s", name, err, out)
	}
}

// A test process killed before its t.Cleanup (go test -timeout, a stopped
// CI job) leaves its namespace behind; the next New anywhere removes it, and
// leaves alone the namespaces of live test processes, of other pid
// namespaces and of the older unnamed form.
func TestSweepRemovesOnlyDeadCreators(t *testing.T) {
	Require(t)
	t.Parallel()
	me, err := self()
	if err != nil {
		t.Fatal(err)
	}

	dead, _, deadNS := startCreator(t)
	live, liveIn, liveNS := startCreator(t)
	reused := creator{pidNS: me.pidNS, pid: me.pid, start: me.start + 1}.name("reused") // our pid, another start: a dead maker
	foreign := creator{pidNS: me.pidNS + 1, pid: 1 << 30, start: 1}.name("foreign")     // a pid we cannot judge
	oldForm := "guardctl-test-5ee7c0ffee00"                                             // maker unknown
	for _, name := range []string{reused, foreign, oldForm} {
		addNS(t, name)
	}

	if err := dead.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	dead.Wait()
	if !exists(deadNS) {
		t.Fatalf("%s vanished with its SIGKILLed maker: the test no longer shows the leak", deadNS)
	}

	New(t)
	for name, want := range map[string]bool{deadNS: false, reused: false, liveNS: true, foreign: true, oldForm: true} {
		if got := exists(name); got != want {
			t.Errorf("after New: %s exists = %v, want %v", name, got, want)
		}
	}

	// The live maker ends normally: its own cleanup removes its namespace.
	liveIn.Close()
	if err := live.Wait(); err != nil {
		t.Errorf("creator process: %v", err)
	}
	if exists(liveNS) {
		t.Errorf("%s still exists after its maker's cleanup ran", liveNS)
	}
}

func TestParseName(t *testing.T) {
	c := creator{pidNS: 4026531836, pid: 4242, start: 5664219}
	got, ok := parseName(c.name("0a1b2c3d"))
	if !ok || got != c {
		t.Errorf("parseName(name) = %+v, %v; want %+v", got, ok, c)
	}
	for _, bad := range []string{
		"guardctl-test-5ee7c0ffee00", "guardctl-test-p1-2-3", "guardctl-test-p1-2-3-",
		"guardctl-test-px-2-3-a", "guardctl-test-p1-0-3-a", "guardctl-test-p1-2-3-a-b", "other-p1-2-3-a",
	} {
		if got, ok := parseName(bad); ok {
			t.Errorf("parseName(%q) = %+v, want not ours", bad, got)
		}
	}
}

func TestReadStatCommandWithParens(t *testing.T) {
	f := t.TempDir() + "/stat"
	line := "77 (a) b) (c) S 1 77 77 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 123456 1 1 1\n"
	if err := os.WriteFile(f, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	pid, start, err := readStat(f)
	if err != nil || pid != 77 || start != 123456 {
		t.Errorf("readStat = %d, %d, %v; want 77, 123456", pid, start, err)
	}
}
