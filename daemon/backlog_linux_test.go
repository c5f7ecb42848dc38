//go:build linux

package daemon

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/guardctl/guardctl/internal/netnstest"
)

// inMountNS runs the calling test again in a mount namespace of its own
// (unshare -m, private propagation), so that it can mount a tmpfs without
// the host seeing it, and reports whether this is that run. A Go process
// has many threads and cannot unshare its own mounts.
func inMountNS(t *testing.T) bool {
	t.Helper()
	const env = "GUARDCTL_TEST_MOUNTNS"
	if os.Getenv(env) == t.Name() {
		return true
	}
	cmd := exec.Command("unshare", "-m", "--propagation", "private", os.Args[0],
		"-test.run=^"+t.Name()+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), env+"="+t.Name())
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+t.Name()) {
		t.Fatalf("%s in a mount namespace: %v\n%s", t.Name(), err, out)
	}
	return false
}

// mountTiny mounts a tmpfs of size bytes at dir for the rest of the test.
func mountTiny(t *testing.T, dir string, size int) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d,mode=0700", size), "guardctl-test", dir).CombinedOutput(); err != nil {
		t.Fatalf("mount tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
}

// fill writes a file in dir until the file system is full.
func fill(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	for i := 0; ; i++ {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			return path
		}
		if i > 1<<14 {
			t.Fatal("the tmpfs does not fill up")
		}
	}
}

// TestFullStoreBacklogStaysBounded: while the store cannot be written
// (a real ENOSPC), every run of lines still hands its read positions to
// the committer. Those position-only batches used to queue up one per
// run, without bound, behind the failing write; they are folded into one,
// and once the disk has room the last position is what gets written.
func TestFullStoreBacklogStaysBounded(t *testing.T) {
	netnstest.Require(t, "unshare", "mount", "umount")
	if !inMountNS(t) {
		return
	}
	h := newHarness(t, "")
	stateDir := filepath.Join(h.dir, "state")
	mountTiny(t, stateDir, 1<<20)
	h.start(Options{PositionEvery: time.Millisecond})
	filler := fill(t, stateDir)

	// A burst of offenders: its write needs pages the full disk has not.
	var burst strings.Builder
	for i := range 500 {
		burst.WriteString(clfLine(netip.AddrFrom4([4]byte{198, 18, byte(i >> 8), byte(i)}).String(), "/wp-login.php"))
	}
	h.append(burst.String())
	eventually(t, 5*time.Second, "the store failing", func() bool {
		_, bad := h.d.storeHealth.failing()
		return bad
	})
	// Many runs of harmless lines, each a batch that only moves the
	// read position.
	most := 0
	for i := range 300 {
		h.append(clfLine("192.0.2.1", fmt.Sprintf("/page/%d", i)))
		time.Sleep(2 * time.Millisecond)
		most = max(most, h.d.durable.jobCount())
	}
	if _, bad := h.d.storeHealth.failing(); !bad {
		t.Fatal("the store took writes again on a full disk; the test proves nothing")
	}
	if most > 8 {
		t.Errorf("the store backlog held up to %d jobs over 300 runs of lines; want a handful (positions folded)", most)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(h.logPath)
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "the backlog written with the last read position", func() bool {
		if _, bad := h.d.storeHealth.failing(); bad {
			return false
		}
		ps, err := h.d.store.Positions()
		if err != nil || len(ps) != 1 {
			return false
		}
		return ps[0].Offset == fi.Size()
	})
	burstNet := netip.MustParsePrefix("198.18.0.0/16")
	bans, err := h.d.store.Within(burstNet)
	if err != nil || len(bans) != 500 {
		t.Errorf("bans of the burst stored once the disk has room: %d, %v; want 500", len(bans), err)
	}
}
