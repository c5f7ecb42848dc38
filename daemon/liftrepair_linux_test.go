//go:build linux

package daemon

import (
	"context"
	"errors"
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// TestRepairFinishesFailedUnban (review of e0ab97b/f8588dd): an unban whose
// kernel step fails (here as it did, its context cancelled) has lifted the
// ban from the store; the repair that follows removes what the kernel kept.
// It only re-added missing bans, so the address stayed blocked until the
// element's timeout (for ever for a permanent ban). Bans not lifted stay,
// and so does the allow set; for unban --all, a ban made after it stays.
func TestRepairFinishesFailedUnban(t *testing.T) {
	t.Run("nftables", func(t *testing.T) { repairFinishesFailedUnban(t, "nftables", "nft") })
	t.Run("iptables", func(t *testing.T) { repairFinishesFailedUnban(t, "iptables", "iptables", "ipset") })
}

func repairFinishesFailedUnban(t *testing.T, backendName string, tools ...string) {
	netnstest.Require(t, tools...)
	ns := netnstest.New(t)
	fw := openBackend(t, ns, backendName)
	h := harnessOn(t, backendName, "\n[allow]\nips = [\"192.0.2.0/24\"]\n")
	h.start(Options{NetNS: ns.Path, HealthEvery: 50 * time.Millisecond})
	ctx := context.Background()
	lifted := netip.MustParsePrefix("203.0.113.50/32")
	inNet := netip.MustParsePrefix("198.51.100.7/32")
	kept := netip.MustParsePrefix("203.0.113.51/32")
	for _, p := range []netip.Prefix{lifted, inNet, kept} {
		if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: p, Reason: "t"}); err != nil { // permanent
			t.Fatal(err)
		}
	}
	gone, cancel := context.WithCancel(ctx)
	cancel() // the client went away
	for n, elem := range map[string]netip.Prefix{"203.0.113.50/32": lifted, "198.51.100.0/24": inNet} {
		_, err := h.d.Unban(gone, control.UnbanRequest{Prefixes: []netip.Prefix{netip.MustParsePrefix(n)}})
		// The first unban's failure makes the daemon unhealthy, and a
		// repair may hold the kernel when the second comes: with its
		// context gone it then changes nothing ("nothing lifted") instead
		// of failing its kernel step. Repeat it once the kernel is free
		// (flaky under load, session 8).
		for i := 0; i < 100 && errors.Is(err, context.Canceled) && strings.Contains(err.Error(), "nothing lifted"); i++ {
			time.Sleep(20 * time.Millisecond)
			_, err = h.d.Unban(gone, control.UnbanRequest{Prefixes: []netip.Prefix{netip.MustParsePrefix(n)}})
		}
		if err == nil && backendName == "iptables" {
			// ipset commands do not see the context: nothing failed. The
			// kernel step failing is made by hand: the element put back,
			// the unban noted as the daemon notes a failed one.
			if err := fw.Ban(ctx, []firewall.Ban{{Prefix: elem}}); err != nil {
				t.Fatal(err)
			}
			h.d.fwMu.Lock()
			h.d.lifted = append(h.d.lifted, netip.MustParsePrefix(n))
			h.d.fwMu.Unlock()
			h.d.setUnhealthy(errors.New("test: the unban's kernel step failed"))
			continue
		}
		if !errors.Is(err, control.ErrKernel) {
			t.Fatalf("unban %s with its kernel step failing: %v, want ErrKernel", n, err)
		}
	}
	if _, ok := h.banned("203.0.113.50"); ok {
		t.Fatal("the store still holds the unbanned address")
	}
	eventually(t, 5*time.Second, "the lifted bans removed from the kernel", func() bool {
		k := kernelSet(t, fw)
		_, a := k[lifted]
		_, b := k[inNet]
		return !a && !b
	})
	if _, ok := kernelSet(t, fw)[kept]; !ok {
		t.Error("the repair removed a ban no unban lifted")
	}
	allow := []string{"nft", "list", "table", "inet", "guardctl"}
	if backendName == "iptables" {
		allow = []string{"ipset", "list", "guardctl-allow4"}
	}
	if out := ns.Run(t, allow...); !strings.Contains(out, "192.0.2.0/24") {
		t.Errorf("the allow set lost its range:\n%s", out)
	}

	// unban --all whose flush fails; a ban made after it stays.
	if _, err := h.d.Unban(gone, control.UnbanRequest{All: true}); !errors.Is(err, control.ErrKernel) && (err != nil || backendName != "iptables") {
		t.Fatalf("unban --all with its flush failing: %v, want ErrKernel", err)
	}
	after := netip.MustParsePrefix("203.0.113.60/32")
	if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: after, Reason: "t"}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "unban --all finished in the kernel", func() bool { _, ok := kernelSet(t, fw)[kept]; return !ok })
	if _, ok := kernelSet(t, fw)[after]; !ok {
		t.Error("the repair of unban --all removed a ban made after it")
	}
}

// TestReloadAllowFailureShownAndRetried (review of e0ab97b): a reload
// whose allow list the kernel did not take (here its context cancelled,
// as when its client gave up) said nothing in status (the reload error was
// set before the load) and nothing loaded it again. Now status says so and
// the repair loads it.
func TestReloadAllowFailureShownAndRetried(t *testing.T) {
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	h := nftHarness(t)
	h.start(Options{NetNS: ns.Path, HealthEvery: 50 * time.Millisecond})
	cfg, _ := os.ReadFile(h.cfgPath)
	if err := os.WriteFile(h.cfgPath, append(cfg, "\n[allow]\nips = [\"192.0.2.0/24\"]\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := h.d.Reload(gone)
	if err != nil || !res.OK {
		t.Fatalf("reload: %+v, %v", res, err)
	}
	st, err := h.d.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(st.ReloadNotes, "load allow list") || st.ReloadError != "" {
		t.Errorf("status after a reload whose allow list failed: notes %q, error %q; want the allow list named in the notes", st.ReloadNotes, st.ReloadError)
	}
	eventually(t, 5*time.Second, "the allow list loaded by the repair", func() bool {
		out, err := ns.Output("nft", "list", "table", "inet", "guardctl")
		return err == nil && strings.Contains(out, "192.0.2.0/24")
	})
}
