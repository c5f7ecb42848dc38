//go:build linux

package daemon_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/state"
)

// The real daemon process, killed with SIGKILL at random points while its
// store takes a stream of writes (bans from the log and manual bans over
// the control socket, each an fsync'd transaction), loses no ban it had
// acknowledged and puts every stored ban back into the kernel set when it
// starts again. Acknowledged: a manual ban the socket answered, or a ban
// the event log names (written after the store transaction). The one kill
// of TestEndToEndNFTables lands once, after 300 bans; here every round
// kills at another random moment, and the store must open, hold no record
// it cannot decode, and keep each manual ban's expiry.
//
// GUARDCTL_KILL_SEED repeats a run's kill points (the seed is logged);
// GUARDCTL_KILL_ROUNDS changes the number of kills (default 6).
func TestOpsKill9MidStoreWrite(t *testing.T) {
	e := setup(t, "nftables", "nft")
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("GUARDCTL_KILL_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("GUARDCTL_KILL_SEED: %v", err)
		}
	}
	rounds := 6
	if s := os.Getenv("GUARDCTL_KILL_ROUNDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			t.Fatalf("GUARDCTL_KILL_ROUNDS %q: want 1..100", s)
		}
		rounds = n
	}
	if keep := os.Getenv("GUARDCTL_KILL_KEEP"); keep != "" {
		// Registered after setup's cleanup, so it runs before the
		// temporary directory is removed.
		t.Cleanup(func() {
			if t.Failed() {
				out, err := exec.Command("cp", "-a", e.dir, keep).CombinedOutput()
				t.Logf("kept the daemon's directory in %s: %v %s", keep, err, out)
			}
		})
	}
	t.Logf("seed %d (GUARDCTL_KILL_SEED repeats the kill points), %d rounds", seed, rounds)
	rng := rand.New(rand.NewPCG(seed, seed>>1))

	manual := map[string]control.BanInfo{} // acknowledged manual bans by address
	var logged []netip.Addr                // every client a log line trapped
	next := 0                              // the next client's number
	ctx := context.Background()

	for round := 0; round <= rounds; round++ {
		if round > 0 {
			// Before the restart judges the lines left over again (and
			// so stores again what a kill lost): the store file itself.
			e.checkStoreAfterKill(round, manual)
			if round%2 == 1 {
				// As after a reboot: the kernel lost its sets, and
				// only the store can put the bans back.
				e.server.Run(t, "nft", "delete", "table", "inet", "guardctle2e")
			}
		}
		e.start()
		e.checkAfterKill(round, manual)
		if round == rounds {
			break
		}
		var (
			mu      sync.Mutex
			stop    = make(chan struct{})
			wg      sync.WaitGroup
			written []netip.Addr
		)
		// Log lines: 20 new trapped clients every 3 ms, so a batch
		// (store transaction) is nearly always being written.
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				var b strings.Builder
				mu.Lock()
				for range 20 {
					a := clientAddr(198, 18, next)
					next++
					written = append(written, a)
					b.WriteString(line(a, "/wp-login.php", 404))
				}
				mu.Unlock()
				if err := appendFile(e.logPath, b.String()); err != nil {
					t.Error(err) // not Fatal: this is not the test's goroutine
					return
				}
				time.Sleep(3 * time.Millisecond)
			}
		}()
		// Manual bans, one after another, each kept only once answered.
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := e.clientAPI()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				mu.Lock()
				a := clientAddr(198, 19, next)
				next++
				mu.Unlock()
				info, err := c.Ban(ctx, control.BanRequest{Prefix: netip.PrefixFrom(a, 32), Duration: 2 * time.Hour, Reason: fmt.Sprintf("kill round %d", round)})
				if err != nil {
					return // killed: not acknowledged
				}
				mu.Lock()
				manual[info.Prefix] = info
				mu.Unlock()
			}
		}()
		delay := time.Duration(50+rng.IntN(450)) * time.Millisecond
		time.Sleep(delay)
		e.stop(syscall.SIGKILL)
		close(stop)
		wg.Wait()
		logged = append(logged, written...)
		t.Logf("round %d: SIGKILL %s into the stream; %d manual bans answered so far, %d bans in the event log, %d log clients written",
			round, delay, len(manual), len(e.acknowledged()), len(logged))
	}

	// Lines written before a kill and not judged are judged after it.
	eventually(t, 30*time.Second, fmt.Sprintf("all %d log clients banned after the kills", len(logged)), func() bool {
		k := e.kernel()
		for _, a := range logged {
			if _, ok := k[netip.PrefixFrom(a, 32)]; !ok {
				return false
			}
		}
		return true
	})
}

// checkAfterKill checks a daemon started after a SIGKILL: every ban
// acknowledged before (manual answers, event log lines) is stored with
// its expiry and in the kernel, the store holds no record it cannot
// decode, and every stored ban is in the kernel.
func (e *e2e) checkAfterKill(round int, manual map[string]control.BanInfo) {
	t := e.t
	t.Helper()
	// The event log first: the restarted daemon judges the lines left
	// over meanwhile, and a ban it reports after the listing is no loss.
	acked := e.acknowledged()
	bans, err := e.clientAPI().List(context.Background())
	if err != nil {
		t.Fatalf("after kill %d: list: %v", round, err)
	}
	stored := make(map[string]control.BanInfo, len(bans))
	for _, b := range bans {
		if b.Undecodable {
			t.Errorf("after kill %d: the store holds a record it cannot decode: %+v", round, b)
		}
		stored[b.Prefix] = b
	}
	kernel := e.kernel()
	lost, unenforced := 0, 0
	for p, ack := range manual {
		b, ok := stored[p]
		switch {
		case !ok:
			lost++
			t.Errorf("after kill %d: manual ban %s (answered) lost from the store", round, p)
		case !b.Expires.Equal(ack.Expires):
			t.Errorf("after kill %d: manual ban %s expires %s, answered %s", round, p, b.Expires, ack.Expires)
		}
	}
	for _, p := range acked {
		pfx := netip.MustParsePrefix(p)
		if _, ok := stored[pfx.Addr().String()]; !ok {
			lost++
			t.Errorf("after kill %d: ban %s (in the event log) lost from the store", round, p)
		}
	}
	for p, b := range stored {
		pfx, err := netip.ParsePrefix(p)
		if err != nil {
			pfx = netip.PrefixFrom(netip.MustParseAddr(p), 32)
		}
		if _, ok := kernel[pfx]; !ok || !b.InKernel {
			unenforced++
			if unenforced <= 5 {
				t.Errorf("after kill %d: stored ban %s not in the kernel (list says in kernel: %v)", round, p, b.InKernel)
			}
		}
	}
	t.Logf("after kill %d: %d bans stored, %d in the kernel, %d lost, %d not enforced", round, len(stored), len(kernel), lost, unenforced)
}

// checkStoreAfterKill opens the store the killed daemon left: it must
// open, hold no record it cannot decode, and hold every ban acknowledged
// before the kill (manual answers with their expiry, event log lines).
func (e *e2e) checkStoreAfterKill(round int, manual map[string]control.BanInfo) {
	t := e.t
	t.Helper()
	acked := e.acknowledged()
	st, err := state.Open(filepath.Join(e.dir, "state"), state.Options{})
	if err != nil {
		t.Fatalf("kill %d: the store does not open: %v", round, err)
	}
	defer st.Close()
	bans, err := st.ActiveBans(time.Now())
	if err != nil {
		t.Fatalf("kill %d: read the store: %v", round, err)
	}
	if bad, err := st.Undecodable(netip.Prefix{}); err != nil || len(bad) > 0 {
		t.Errorf("kill %d: records the store cannot decode: %+v, %v", round, bad, err)
	}
	stored := make(map[netip.Prefix]state.Ban, len(bans))
	for _, b := range bans {
		stored[b.Prefix] = b
	}
	lost := 0
	for p, ack := range manual {
		b, ok := stored[netip.PrefixFrom(netip.MustParseAddr(p), 32)]
		if !ok || !b.Expires.Equal(ack.Expires) {
			lost++
			if lost <= 5 {
				t.Errorf("kill %d: manual ban %s (answered, expires %s) not in the store as answered: %+v", round, p, ack.Expires, b)
			}
		}
	}
	for _, p := range acked {
		if _, ok := stored[netip.MustParsePrefix(p)]; !ok {
			lost++
			if lost <= 5 {
				t.Errorf("kill %d: ban %s (in the event log) not in the store", round, p)
			}
		}
	}
	t.Logf("kill %d: the store holds %d active bans; %d manual answers and %d event log bans before the kill, %d of them lost", round, len(bans), len(manual), len(acked), lost)
}

// clientAddr is client n of a /16.
func clientAddr(a, b byte, n int) netip.Addr {
	return netip.AddrFrom4([4]byte{a, b, byte(n / 250), byte(1 + n%250)})
}

// appendFile appends s to the file at path.
func appendFile(path, s string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteString(s)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
