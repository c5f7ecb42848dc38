//go:build linux

package daemon_test

import (
	"net/netip"
	"testing"
	"time"
)

// More ways an admin or a tool undoes enforcement (issue: enforcement
// that cannot be silently undone): one element deleted, an accept rule
// put before our drop inside our own chain, the jump moved behind an
// accept for the attacker, a whole-table iptables -F, a destroyed set.
// Each must be repaired within repairDeadline and counted in status, as
// runDrift checks.
func TestDriftRepairMoreNFTables(t *testing.T) {
	runDrift(t, "nftables", [][]string{
		{"nft", "delete", "element", "inet", "guardctle2e", "ban4", "{ " + attacker.String() + " }"},
		{"nft", "insert", "rule", "inet", "guardctle2e", "input", "ip", "saddr", attacker.String(), "accept"},
		{"nft", "delete", "chain", "inet", "guardctle2e", "input"},
		// A firewall manager's reload: its whole ruleset in one atomic
		// transaction that starts with flush ruleset.
		{"sh", "-c", `printf 'flush ruleset\ntable inet fw {\n chain input {\n  type filter hook input priority 0; policy accept;\n  ct state established,related accept\n }\n}\n' | nft -f -`},
	}, "nft")
}

func TestDriftRepairMoreIPTables(t *testing.T) {
	runDrift(t, "iptables", [][]string{
		{"ipset", "del", "guardctle2e-ban4", attacker.String()},
		{"iptables", "-I", "INPUT", "-s", attacker.String(), "-j", "ACCEPT"},
		{"iptables", "-I", "GUARDCTLE2E", "-s", attacker.String(), "-j", "RETURN"},
		{"iptables", "-F"},
		{"sh", "-c", "iptables -F GUARDCTLE2E && ipset destroy guardctle2e-ban4"},
		// ufw/firewalld-style reload: the filter table replaced whole.
		{"sh", "-c", `printf '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\nCOMMIT\n' | iptables-restore`},
	}, "iptables", "ipset")
}

// TestForeignAcceptChainNFTables: another table's base chain on the same
// hook at an earlier priority accepting everything (what a firewall
// manager adds) does not undo our drop: in nftables an accept ends only
// its own base chain, a drop in a later one still applies. So there is
// nothing to repair and nothing to report; this pins that the drop holds.
func TestForeignAcceptChainNFTables(t *testing.T) {
	e := setup(t, "nftables", "nft")
	e.start()
	e.appendLines(line(attacker, "/wp-login.php", 404))
	eventually(t, 5*time.Second, "attacker banned", func() bool {
		k, _ := kernelNow(e)
		return k[netip.PrefixFrom(attacker, 32)]
	})
	for _, c := range [][]string{
		{"nft", "add", "table", "inet", "other"},
		{"nft", "add", "chain", "inet", "other", "input", "{ type filter hook input priority -400; policy accept; }"},
		{"nft", "add", "rule", "inet", "other", "input", "accept"},
		{"nft", "add", "table", "ip", "other4"},
		{"nft", "add", "chain", "ip", "other4", "input", "{ type filter hook input priority -400; policy accept; }"},
		{"nft", "add", "rule", "ip", "other4", "input", "ip", "saddr", attacker.String(), "accept"},
	} {
		if out, err := e.server.Output(c...); err != nil {
			t.Fatalf("%v: %v: %s", c, err, out)
		}
	}
	if err := e.connect(attacker); err == nil {
		t.Fatal("an accept in another table's earlier base chain let the banned attacker in")
	}
	if err := e.connect(bystand); err != nil {
		t.Fatalf("bystander cannot connect (the test's premise): %v", err)
	}
}
