package cli

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestAdminUnbanInsideWiderBan: lifting an address that a wider ban still
// covers must not read as if the address were free again.
func TestAdminUnbanInsideWiderBan(t *testing.T) {
	s := newAdminSetup(t)
	mustCode(t, s.run(t, "ban", "203.0.113.0/24", "--for", "2h", "--reason", "botnet"), exitOK)
	mustCode(t, s.run(t, "ban", "203.0.113.9", "--for", "1h"), exitOK)
	for _, target := range []string{"203.0.113.9", "203.0.113.10"} {
		r := s.run(t, "unban", target)
		mustCode(t, r, exitOK)
		want := target + " is still banned: inside 203.0.113.0/24 (reason: botnet)"
		if !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "guardctl unban 203.0.113.0/24") {
			t.Errorf("unban %s: want %q and how to lift the wider ban, got %s", target, want, r)
		}
	}
	if bans := s.list(t); len(bans) != 1 || bans[0].Prefix != "203.0.113.0/24" {
		t.Fatalf("after unbans: %+v", bans)
	}
}

// envInNetNS marks the test binary re-run inside a network namespace of
// its own, where the admin verbs may change the kernel's firewall.
const envInNetNS = "GUARDCTL_TEST_IN_NETNS"

// TestUnbanReportsKernelOnly: an unban that removes a kernel element no
// stored ban matched says so ("removed ... from the kernel"), as the
// daemon's answer does, rather than naming it a ban or saying nothing
// matched. Offline, with nftables, in a network namespace of the test's
// own (the whole test binary re-run under unshare -n).
func TestUnbanReportsKernelOnly(t *testing.T) {
	if os.Getenv(envInNetNS) == "1" {
		s := newAdminSetup(t)
		writeFile(t, s.config, "[firewall]\nbackend = \"nftables\"\n")
		mustCode(t, s.run(t, "ban", "203.0.113.145", "--for", "1h"), exitOK)
		if out, err := exec.Command("nft", "add", "element", "inet", "guardctl", "ban4", "{ 203.0.113.150 timeout 1h }").CombinedOutput(); err != nil {
			t.Fatalf("nft: %v\n%s", err, out)
		}
		r := s.run(t, "unban", "203.0.113.144/28")
		mustCode(t, r, exitOK)
		for _, want := range []string{"unbanned 203.0.113.145 (manual, reason: manual)", "removed 203.0.113.150 from the kernel; no stored ban matched it"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("unban: want %q in\n%s", want, r)
			}
		}
		return
	}
	for _, tool := range []string{"unshare", "nft"} {
		if _, err := exec.LookPath(tool); err != nil || os.Geteuid() != 0 {
			if os.Getenv("CI") == "true" {
				t.Fatalf("CI=true: this test needs root and %s (a network namespace with nftables)", tool)
			}
			t.Skipf("needs root and %s for a network namespace", tool)
		}
	}
	cmd := exec.Command("unshare", "-n", os.Args[0], "-test.run=^TestUnbanReportsKernelOnly$", "-test.count=1")
	cmd.Env = append(os.Environ(), envInNetNS+"=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("in a network namespace: %v\n%s", err, out)
	}
}
