//go:build linux

package daemon_test

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
)

// Fault injection: whatever removes our rules or elements from outside,
// every active ban and the allow list are back within a second, while new
// offenders keep coming, and status says what happened.

func TestDriftRepairNFTables(t *testing.T) {
	runDrift(t, "nftables", [][]string{
		{"nft", "flush", "ruleset"},
		{"nft", "flush", "set", "inet", "guardctle2e", "ban4"},
		{"nft", "flush", "chain", "inet", "guardctle2e", "input"},
		{"nft", "delete", "table", "inet", "guardctle2e"},
	}, "nft")
}

func TestDriftRepairIPTables(t *testing.T) {
	runDrift(t, "iptables", [][]string{
		{"ipset", "flush", "guardctle2e-ban4"},
		{"iptables", "-F", "GUARDCTLE2E"},
		{"ipset", "flush", "guardctle2e-allow4"},
		{"iptables", "-D", "INPUT", "-j", "GUARDCTLE2E"},
	}, "iptables", "ipset")
}

// repairDeadline is the target: every ban back within 1 s.
const repairDeadline = time.Second

func runDrift(t *testing.T, backendName string, faults [][]string, tools ...string) {
	e := setup(t, backendName, tools...)
	// The bystander is on the allow list and banned by force: only the
	// allow set lets it in, so it proves that set is back after a repair.
	cfg, err := os.ReadFile(e.cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg = append(cfg, fmt.Sprintf("\n[allow]\nips = [%q]\n", bystand)...)
	if err := os.WriteFile(e.cfg, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	e.start()
	ctx := context.Background()
	api := e.clientAPI()
	if _, err := api.Ban(ctx, control.BanRequest{Prefix: netip.PrefixFrom(bystand, 32), Duration: time.Hour, Force: true}); err != nil {
		t.Fatal(err)
	}
	e.appendLines(line(attacker, "/wp-login.php", 404))

	// A stream of new offenders all along.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
			e.appendLines(line(netip.AddrFrom4([4]byte{198, 19, byte(i / 250), byte(1 + i%250)}), "/wp-login.php", 404))
		}
	})
	defer func() { close(stop); wg.Wait() }()

	eventually(t, 5*time.Second, "attacker and 20 streamed offenders banned", func() bool {
		k, _ := kernelNow(e)
		return k[netip.PrefixFrom(attacker, 32)] && len(k) >= 22
	})
	for _, fault := range faults {
		// One retry: on a CI machine busy with other jobs, one slow
		// repair is the machine; two in a row are the daemon.
		var (
			before  map[string]control.BanInfo
			took    time.Duration
			t0      time.Time
			missing []string
		)
		// The count before this fault: one repair may cover two faults
		// (or a fault need two), so a cumulative count per fault index
		// proved nothing about this one.
		st0, err := api.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for attempt := 1; attempt <= 2; attempt++ {
			before = e.stored()
			out, err := e.server.Output(fault...)
			if err != nil {
				t.Fatalf("%v: %v: %s", fault, err, out)
			}
			t0 = time.Now()
			missing = waitBack(e, before, t0)
			took = time.Since(t0)
			if len(missing) == 0 {
				break
			}
			if attempt == 1 {
				t.Logf("%v: %d of %d bans still missing after %s; once more", fault, len(missing), len(before), took)
				waitBack(e, before, time.Now().Add(10*time.Second-repairDeadline))
			}
		}
		if len(missing) > 0 {
			t.Logf("daemon log tail:\n%s", daemonLogOf(t))
			t.Fatalf("%v: %d of %d bans still missing from the kernel after %s twice: %v", fault, len(missing), len(before), took, head(missing, 5))
		}
		t.Logf("%v: all %d bans back in the kernel after %s", fault, len(before), took.Round(time.Millisecond))
		// The rules are back too: the attacker is dropped, the bystander
		// (banned, but allowed) gets through.
		// A generous bound (correctness, not speed: the 1 s figure is the
		// repair benchmark's): a rule put before ours in our chain was
		// not repaired within 1 s once at load 18 (s9).
		eventually(t, 5*repairDeadline, "attacker dropped again", func() bool { return e.connect(attacker) != nil })
		// Waited for too: a fault that leaves the bans alone (a flushed
		// allow set) has "all bans back" at once, before the repair.
		eventually(t, 5*repairDeadline, "the allowed bystander connects again", func() bool { return e.connect(bystand) == nil })
		// Waited for as well: the repair is noted once it has finished
		// (its bans loaded after the allow set), and the bystander gets
		// through as soon as the allow set is back: at load 30 under
		// -race status was read in between (Repairs not yet counted).
		var st control.Status
		told := func() bool {
			if st, err = api.Status(ctx); err != nil {
				t.Fatal(err)
			}
			return st.Backend.Repairs > st0.Backend.Repairs && st.Backend.RepairReason != "" && !st.Backend.LastRepair.Before(t0.Add(-time.Second))
		}
		deadline := time.Now().Add(5 * repairDeadline)
		for !told() && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if !told() {
			t.Errorf("%v: status does not tell the repair: %+v", fault, st.Backend)
		}
	}
}

// waitBack waits until every ban of before is in the kernel, or until
// repairDeadline after t0, and returns the ones still missing.
func waitBack(e *e2e, before map[string]control.BanInfo, t0 time.Time) []string {
	var missing []string
	for {
		k, _ := kernelNow(e)
		missing = missing[:0]
		for p := range before {
			if !k[netip.MustParsePrefix(asPrefix(p))] {
				missing = append(missing, p)
			}
		}
		if len(missing) == 0 || time.Since(t0) > repairDeadline {
			return missing
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// kernelNow lists the kernel's bans; a missing table is an empty set.
func kernelNow(e *e2e) (map[netip.Prefix]bool, error) {
	es, err := e.fw.List(context.Background())
	m := make(map[netip.Prefix]bool, len(es))
	for _, x := range es {
		m[x.Prefix] = true
	}
	return m, err
}

func asPrefix(s string) string {
	if strings.Contains(s, "/") {
		return s
	}
	a := netip.MustParseAddr(s)
	return netip.PrefixFrom(a, a.BitLen()).String()
}

func head(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
