//go:build linux

package daemon_test

import (
	"context"
	"errors"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// TestStoreFullKeepsEnforcing runs the daemon with its state directory on
// a tiny tmpfs in a mount namespace of its own, fills it (a real ENOSPC),
// and checks that judging and the kernel go on, the control API answers,
// status says the store is failing and why, and the backlog is written
// once there is room again.
func TestStoreFullKeepsEnforcing(t *testing.T) {
	netnstest.Require(t, "nft", "unshare", "nsenter", "mount")
	e := setup(t, "nftables", "nft")
	stateDir := filepath.Join(e.dir, "state")
	if err := os.MkdirAll(stateDir, 0o700); err != nil {
		t.Fatal(err)
	}
	e.wrap = func(args []string) []string {
		script := `mount -t tmpfs -o size=4m,mode=0700 guardctl-test "$0" && exec "$@"`
		return append([]string{"unshare", "-m", "--propagation", "private", "sh", "-c", script, stateDir}, args...)
	}
	e.start()
	pid := strconv.Itoa(e.cmd.Process.Pid)
	inDaemonMounts := func(script string) (string, error) {
		out, err := exec.Command("nsenter", "-t", pid, "-m", "sh", "-c", script, "sh", stateDir).CombinedOutput()
		return string(out), err
	}
	if out, err := inDaemonMounts(`mount | grep -q "guardctl-test on $1"`); err != nil {
		t.Fatalf("the daemon's state directory is not the test tmpfs: %v %s", err, out)
	}
	// Fill it: cat stops at ENOSPC.
	if out, err := inDaemonMounts(`cat /dev/zero > "$1/filler"; df "$1" | tail -1`); !strings.Contains(out, "100%") {
		t.Fatalf("filling the state tmpfs: %v %s", err, out)
	}

	// 70 offenders, each in its own write: each makes a batch of its own.
	ctx := context.Background()
	api := e.clientAPI()
	offenders := make([]netip.Addr, 70)
	for i := range offenders {
		offenders[i] = netip.AddrFrom4([4]byte{198, 18, 7, byte(1 + i)})
		e.appendLines(line(offenders[i], "/wp-login.php", 404))
		time.Sleep(15 * time.Millisecond)
	}
	eventually(t, 5*time.Second, "all 70 offenders in the kernel while the store is full", func() bool {
		k, _ := kernelNow(e)
		for _, a := range offenders {
			if !k[netip.PrefixFrom(a, 32)] {
				return false
			}
		}
		return true
	})
	// The API answers, and says the store is failing.
	t0 := time.Now()
	st, err := api.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(t0); took > 2*time.Second {
		t.Errorf("status took %s with the store full", took)
	}
	if st.Store == nil || st.Store.Healthy || !strings.Contains(st.Store.Error, "no space") || st.Store.Backlog == 0 {
		t.Fatalf("status with the store full: %+v", st.Store)
	}
	t0 = time.Now()
	_, err = api.Unban(ctx, control.UnbanRequest{Prefixes: []netip.Prefix{netip.PrefixFrom(offenders[0], 32)}})
	if took := time.Since(t0); took > 2*time.Second {
		t.Errorf("unban took %s with the store full", took)
	}
	if !errors.Is(err, control.ErrStore) {
		t.Errorf("unban with the store full = %v, want a store error", err)
	}
	out, _ := exec.Command(e.bin, "status", "--config", e.cfg).CombinedOutput()
	if !strings.Contains(string(out), "store:") || !strings.Contains(string(out), "no space") {
		t.Errorf("guardctl status does not show the failing store:\n%s", out)
	}

	// Room again: the backlog is written.
	if out, err := inDaemonMounts(`rm "$1/filler"`); err != nil {
		t.Fatalf("free the state tmpfs: %v %s", err, out)
	}
	eventually(t, 5*time.Second, "store healthy and every ban stored", func() bool {
		st, err := api.Status(ctx)
		if err != nil || st.Store == nil || !st.Store.Healthy || st.Store.Backlog != 0 {
			return false
		}
		stored := e.stored()
		for _, a := range offenders {
			if _, ok := stored[a.String()]; !ok {
				return false
			}
		}
		return true
	})
	if _, err := api.Unban(ctx, control.UnbanRequest{Prefixes: []netip.Prefix{netip.PrefixFrom(offenders[0], 32)}}); err != nil {
		t.Errorf("unban once the store has room: %v", err)
	}
}
