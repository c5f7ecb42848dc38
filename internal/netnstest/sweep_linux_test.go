//go:build linux

package netnstest

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
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

// startCreator runs a creator process, through the command prefix wrap if
// any (unshare into other namespaces), and returns it with the name of the
// namespace it made.
func startCreator(t *testing.T, wrap ...string) (*exec.Cmd, io.WriteCloser, string) {
	t.Helper()
	args := append(wrap, os.Args[0], "-test.run=^TestCreatorProcess$", "-test.count=1")
	cmd := exec.Command(args[0], args[1:]...)
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
	t.Cleanup(func() {
		stdin.Close() // a live creator ends and runs its cleanup
		stop := time.AfterFunc(10*time.Second, func() { cmd.Process.Kill() })
		cmd.Wait()
		stop.Stop()
	})
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
			t.Fatalf("creator process %v ended without making a namespace", wrap)
		}
		// Whatever the sweep does, the test leaves nothing behind.
		t.Cleanup(func() { deleteIfThere(t, name) })
		return cmd, stdin, name
	case <-time.After(30 * time.Second):
		t.Fatalf("creator process %v made no namespace in 30 s", wrap)
	}
	return nil, nil, ""
}

func exists(name string) bool {
	_, err := os.Lstat(runDir() + "/" + name)
	return err == nil
}

func lockExists(name string) bool {
	_, err := os.Lstat(lockPath(lockDir(), name))
	return err == nil
}

func addNS(t *testing.T, name string) {
	t.Helper()
	if out, err := exec.Command("ip", "netns", "add", name).CombinedOutput(); err != nil {
		t.Fatalf("ip netns add %s: %v: %s", name, err, out)
	}
	t.Cleanup(func() { deleteIfThere(t, name) })
}

// deleteIfThere deletes a namespace this test made (and its lock file) if
// the test left it.
func deleteIfThere(t *testing.T, name string) {
	if exists(name) {
		if out, err := exec.Command("ip", "netns", "delete", name).CombinedOutput(); err != nil {
			t.Errorf("ip netns delete %s: %v: %s", name, err, out)
		}
	}
	os.Remove(lockPath(lockDir(), name))
}

// waitUnlocked waits until no process holds name's lock file (a creator
// killed through unshare dies a moment after unshare does).
func waitUnlocked(t *testing.T, name string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		f, err := os.Open(lockPath(lockDir(), name))
		if err != nil {
			return // swept already, by another test binary's New
		}
		err = unix.Flock(int(f.Fd()), unix.LOCK_SH|unix.LOCK_NB)
		if err == nil {
			// Shared locks coexist: only an exclusive try tells a holder.
			err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		}
		f.Close()
		if err == nil {
			return
		}
	}
	t.Fatalf("%s: its creator was killed 10 s ago and still holds the lock", name)
}

func randHex(t *testing.T, n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// A test process killed before its t.Cleanup (go test -timeout, a stopped
// CI job) leaves its namespace behind; the next New that shares its /run
// removes it, whatever pid namespace the dead process ran in, and leaves
// alone the namespaces of live test processes, even one in another time
// namespace (91c9f53 read such a process's start time shifted and deleted
// its namespace), of names of ours without a lock file, and of the older
// forms. Names are random: several copies of the test run at once.
func TestSweepRemovesOnlyDeadCreators(t *testing.T) {
	Require(t, "unshare")
	t.Parallel()

	dead, _, deadNS := startCreator(t, "unshare", "--pid", "--fork", "--kill-child", "--")
	live, liveIn, liveNS := startCreator(t)
	liveTime, liveTimeIn, liveTimeNS := startCreator(t, "unshare", "--fork", "--time", "--boottime", "100000", "--")
	unlocked := ownedPrefix + randHex(t, 8)                     // our form, no lock file: not known to be ours
	oldForm := "guardctl-test-" + randHex(t, 6)                 // before 91c9f53
	pidForm := "guardctl-test-p4026531836-1-1-" + randHex(t, 4) // 91c9f53's form
	for _, name := range []string{unlocked, oldForm, pidForm} {
		addNS(t, name)
	}
	for _, name := range []string{deadNS, liveNS, liveTimeNS} {
		if !exists(name) || !lockExists(name) {
			t.Fatalf("%s: namespace %v, lock file %v; want both while its creator lives", name, exists(name), lockExists(name))
		}
	}

	if err := dead.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	dead.Wait()
	waitUnlocked(t, deadNS)

	New(t)
	for name, want := range map[string]bool{deadNS: false, liveNS: true, liveTimeNS: true, unlocked: true, oldForm: true, pidForm: true} {
		if got := exists(name); got != want {
			t.Errorf("after New: %s exists = %v, want %v", name, got, want)
		}
	}
	// The sweeper removes the lock file after the name; another test
	// binary's sweep may be between the two.
	for deadline := time.Now().Add(5 * time.Second); lockExists(deadNS) && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if lockExists(deadNS) {
		t.Errorf("%s's lock file is still there 5 s after its namespace was swept", deadNS)
	}

	// The live makers end normally: their own cleanups remove their
	// namespaces and lock files.
	for _, c := range []struct {
		cmd  *exec.Cmd
		in   io.WriteCloser
		name string
	}{{live, liveIn, liveNS}, {liveTime, liveTimeIn, liveTimeNS}} {
		c.in.Close()
		if err := c.cmd.Wait(); err != nil {
			t.Errorf("creator process of %s: %v", c.name, err)
		}
		if exists(c.name) || lockExists(c.name) {
			t.Errorf("%s: namespace %v, lock file %v after its maker's cleanup ran", c.name, exists(c.name), lockExists(c.name))
		}
	}
}

func TestOwnedNames(t *testing.T) {
	name, err := newName()
	if err != nil {
		t.Fatal(err)
	}
	if !owned(name) {
		t.Errorf("owned(%q) = false for a name newName made", name)
	}
	for _, bad := range []string{
		"guardctl-test-5ee7c0ffee00", "guardctl-test-p4026531836-1218-5959909-f751e279",
		ownedPrefix, ownedPrefix + "0123456789abcde", ownedPrefix + "0123456789abcdef0",
		ownedPrefix + "0123456789ABCDEF", ownedPrefix + "0123456789abcdeg", "x" + name,
	} {
		if owned(bad) {
			t.Errorf("owned(%q) = true, want not ours", bad)
		}
	}
}
