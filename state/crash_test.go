package state

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// childCmd re-executes the test binary as a child playing role.
func childCmd(ctx context.Context, t *testing.T, role, dir string, extra ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), envChild+"="+role, envDir+"="+dir)
	cmd.Env = append(cmd.Env, extra...)
	cmd.Stderr = &testWriter{t: t, prefix: role + " child: "}
	return cmd
}

type testWriter struct {
	t      *testing.T
	prefix string
}

func (w *testWriter) Write(b []byte) (int, error) {
	w.t.Log(w.prefix + strings.TrimSpace(string(b)))
	return len(b), nil
}

// TestCrashKeepsAcknowledgedBans kills a writer with SIGKILL in the middle
// of a burst, several times over the same file, and checks that every ban
// the writer acknowledged (printed after Write returned) survived, that the
// file opens cleanly each time, and that the offences written in the same
// batches survived with them.
func TestCrashKeepsAcknowledgedBans(t *testing.T) {
	dir := t.TempDir()
	var acked []netip.Prefix
	next := 0
	for round, killAfter := range []int{1, 97, 400, 1000} {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		cmd := childCmd(ctx, t, "crash", dir, envFirst+"="+strconv.Itoa(next))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		r := bufio.NewReader(out)
		got := 0
		killed := false
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				// EOF after the kill; a partial last line (none expected,
				// writes are atomic) was never acknowledged.
				if !errors.Is(err, io.EOF) {
					t.Fatalf("round %d: read child: %v", round, err)
				}
				break
			}
			p, err := netip.ParsePrefix(strings.TrimSpace(line))
			if err != nil {
				t.Fatalf("round %d: child printed %q: %v", round, line, err)
			}
			acked = append(acked, p)
			got++
			if got >= killAfter && !killed {
				// Right after an acknowledgement the child is inside its
				// next Write: kill it there.
				if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
				killed = true
			}
		}
		err = cmd.Wait()
		cancel()
		if !killed {
			t.Fatalf("round %d: child ended before the kill: %v", round, err)
		}
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: child exit = %v, want killed by SIGKILL", round, err)
		}
		// Continue numbering past everything the child may have tried.
		next += got + 1000

		s := openT(t, dir, Options{})
		stored, err := s.Bans()
		if err != nil {
			t.Fatal(err)
		}
		have := make(map[netip.Prefix]bool, len(stored))
		for _, b := range stored {
			have[b.Prefix] = true
		}
		missing := 0
		for _, p := range acked {
			if !have[p] {
				missing++
				if missing <= 5 {
					t.Errorf("round %d: acknowledged ban %s lost", round, p)
				}
			}
			if n, err := s.OffenceCount(p, time.Now(), time.Hour); err != nil || n != 1 {
				t.Errorf("round %d: offences of %s = %d, %v; want 1", round, p, n, err)
			}
		}
		if missing > 0 {
			t.Fatalf("round %d: %d of %d acknowledged bans lost", round, missing, len(acked))
		}
		// Each child may have committed one batch (at most 13 bans) it
		// had no time to print.
		if extra := len(stored) - len(acked); extra < 0 || extra > 13*(round+1) {
			t.Errorf("round %d: %d bans stored, %d acknowledged", round, len(stored), len(acked))
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		t.Logf("round %d: %d acknowledged so far, %d stored", round, len(acked), len(stored))
	}
}

// TestSecondProcessGetsLockedError opens the store in another process and
// checks that Open here fails within the lock timeout with an error naming
// that process, and succeeds once it has gone.
func TestSecondProcessGetsLockedError(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := childCmd(ctx, t, "hold", dir)
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
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("child said %q, %v; want ready", line, err)
	}

	start := time.Now()
	s, err := Open(dir, Options{LockTimeout: 200 * time.Millisecond})
	waited := time.Since(start)
	if err == nil {
		s.Close()
		t.Fatal("Open while another process holds the store succeeded")
	}
	var le *LockedError
	if !errors.Is(err, ErrLocked) || !errors.As(err, &le) {
		t.Fatalf("Open = %v, want a *LockedError", err)
	}
	if le.PID != cmd.Process.Pid {
		t.Errorf("LockedError.PID = %d, want the holder %d (error: %v)", le.PID, cmd.Process.Pid, err)
	}
	if !strings.Contains(err.Error(), "pid "+strconv.Itoa(cmd.Process.Pid)) {
		t.Errorf("error %q does not name pid %d", err, cmd.Process.Pid)
	}
	if waited > 5*time.Second {
		t.Errorf("Open waited %v with a 200ms lock timeout", waited)
	}

	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("holder: %v", err)
	}
	s = openT(t, dir, Options{LockTimeout: 200 * time.Millisecond})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}
