//go:build linux

package ipt

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/firewalltest"
	"github.com/guardctl/guardctl/internal/netnstest"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

var binaries = []string{"iptables", "ip6tables", "iptables-nft", "iptables-legacy", "ip6tables-nft", "ip6tables-legacy", "ipset"}

// opener returns the firewalltest.Open for one iptables flavour.
func opener(mode string) firewalltest.Open {
	return func(t testing.TB, ns *netnstest.NS, mutate func(*firewall.Config)) firewall.Backend {
		t.Helper()
		netnstest.Require(t, binaries...)
		cfg := firewall.DefaultConfig()
		cfg.Backend = firewall.BackendIPTables
		cfg.IPTablesMode = mode
		cfg.NetNS = ns.Path
		if mutate != nil {
			mutate(&cfg)
		}
		ctx := context.Background()
		b, err := New(ctx, cfg, nil)
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		t.Cleanup(func() { b.Close() })
		if err := b.Ensure(ctx); err != nil {
			t.Fatalf("Ensure: %v", err)
		}
		return b
	}
}

func forModes(t *testing.T, suite func(*testing.T, firewalltest.Open)) {
	for _, mode := range []string{"nft", "legacy"} {
		t.Run(mode, func(t *testing.T) { suite(t, opener(mode)) })
	}
}

// Packets run with both flavours; reject and expiry, which do not depend on
// the flavour (same targets, same ipset timeouts), with one each to keep
// the suite fast.
func TestPackets(t *testing.T) { forModes(t, firewalltest.Packets) }
func TestReject(t *testing.T)  { firewalltest.Reject(t, opener("legacy")) }

// TestPacketsPrerouting: the jump from raw PREROUTING blocks the same way.
func TestPacketsPrerouting(t *testing.T) {
	firewalltest.Packets(t, firewalltest.WithHook(opener("nft"), "prerouting"))
}
func TestExpiry(t *testing.T)  { firewalltest.Expiry(t, opener("nft")) }
func TestRestart(t *testing.T) { firewalltest.Restart(t, opener("legacy")) }

// TestScale uses one flavour: the sets are ipset's either way.
func TestScale(t *testing.T) { firewalltest.Scale(t, opener("nft")) }

func BenchmarkBan100k(b *testing.B) { firewalltest.BenchBan100k(b, opener("nft")) }
func TestNet64(t *testing.T)        { firewalltest.Net64(t, opener("nft")) }

func BenchmarkBan100k64(b *testing.B)        { firewalltest.BenchBan100k64(b, opener("nft")) }
func BenchmarkBanLatency100k64(b *testing.B) { firewalltest.BenchBanLatency100k64(b, opener("nft")) }
func BenchmarkUnban64Among100k64(b *testing.B) {
	firewalltest.BenchUnban64Among100k64(b, opener("nft"))
}

// volatile strips what changes from run to run in ipset and iptables
// listings: random hash seeds and counters.
var volatile = regexp.MustCompile(` initval 0x[0-9a-f]+| bucketsize \d+|\[\d+:\d+\]`)

// TestRulesetShape compares what `iptables -S`, `ip6tables -S` and
// `ipset save` show after Ensure with the golden file, for both flavours,
// and checks that a second Ensure changes nothing.
func TestRulesetShape(t *testing.T) {
	for _, mode := range []string{"nft", "legacy"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			netnstest.Require(t, binaries...)
			ns := netnstest.New(t)
			b := opener(mode)(t, ns, func(c *firewall.Config) { c.Forward = true })
			dump := func() string {
				var sb strings.Builder
				for _, cmd := range [][]string{
					{"iptables-" + mode, "-S"}, {"ip6tables-" + mode, "-S"}, {"ipset", "save"},
				} {
					sb.WriteString("# " + strings.Join(cmd, " ") + "\n")
					sb.WriteString(volatile.ReplaceAllString(ns.Run(t, cmd...), ""))
				}
				return sb.String()
			}
			got := dump()
			golden := "testdata/ruleset-" + mode + ".txt"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("ruleset (-want +got):\n%s", diff)
			}
			if err := b.Ensure(context.Background()); err != nil {
				t.Fatalf("second Ensure: %v", err)
			}
			if again := dump(); again != got {
				t.Errorf("second Ensure changed the ruleset:\n%s", cmp.Diff(got, again))
			}
			st, err := b.Status(context.Background())
			if err != nil {
				t.Fatalf("Status: %v", err)
			}
			if !st.Present || len(st.Sets) != 4 || len(st.Chains) != 4 || st.Detail != "iptables-"+mode {
				t.Errorf("Status = %+v", st)
			}
		})
	}
}

// TestTeardown leaves no chain, jump or set of ours, and keeps a rule of
// someone else's.
func TestTeardown(t *testing.T) {
	for _, mode := range []string{"nft", "legacy"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			netnstest.Require(t, binaries...)
			ns := netnstest.New(t)
			ns.Run(t, "iptables-"+mode, "-A", "INPUT", "-p", "tcp", "--dport", "22", "-j", "ACCEPT")
			before := ns.Run(t, "iptables-"+mode, "-S")
			b := opener(mode)(t, ns, func(c *firewall.Config) { c.Forward = true })
			if err := b.Ban(context.Background(), firewalltest.Many(10, time.Hour)); err != nil {
				t.Fatal(err)
			}
			if err := b.Teardown(context.Background()); err != nil {
				t.Fatalf("Teardown: %v", err)
			}
			if got := ns.Run(t, "iptables-"+mode, "-S"); got != before {
				t.Errorf("iptables -S after teardown:\n%s\nwant as before:\n%s", got, before)
			}
			for _, cmd := range [][]string{{"ip6tables-" + mode, "-S"}, {"iptables-" + mode, "-t", "raw", "-S"}} {
				if got := ns.Run(t, cmd...); strings.Contains(got, "GUARDCTL") {
					t.Errorf("%s after teardown:\n%s", strings.Join(cmd, " "), got)
				}
			}
			if got := ns.Run(t, "ipset", "list", "-name"); got != "" {
				t.Errorf("ipset sets after teardown: %q", got)
			}
			if err := b.Teardown(context.Background()); err != nil {
				t.Errorf("second Teardown: %v", err)
			}
		})
	}
}

// TestHookChange: Ensure under a new configuration moves the jump to raw
// PREROUTING, removes the filter chain and keeps the bans.
func TestHookChange(t *testing.T) {
	t.Parallel()
	netnstest.Require(t, binaries...)
	ns := netnstest.New(t)
	ctx := context.Background()
	first := opener("legacy")(t, ns, func(c *firewall.Config) { c.Forward = true })
	if err := first.Ban(ctx, firewalltest.Many(5, time.Hour)); err != nil {
		t.Fatal(err)
	}
	opener("legacy")(t, ns, func(c *firewall.Config) { c.Hook = "prerouting" })
	if got := ns.Run(t, "iptables-legacy", "-S"); strings.Contains(got, "GUARDCTL") {
		t.Errorf("filter table after the hook change:\n%s", got)
	}
	got := ns.Run(t, "iptables-legacy", "-t", "raw", "-S")
	if !strings.Contains(got, "-A PREROUTING -j GUARDCTL") || !strings.Contains(got, "--match-set guardctl-ban4 src -j DROP") {
		t.Errorf("raw table after the hook change:\n%s", got)
	}
	if got, err := first.List(ctx); err != nil || len(got) != 5 {
		t.Errorf("List after the hook change = %d entries, %v; want 5", len(got), err)
	}
}

// TestUnbanWider: hash:net holds overlapping prefixes; unbanning a wider
// prefix removes the entries inside it.
func TestUnbanWider(t *testing.T) {
	t.Parallel()
	netnstest.Require(t, binaries...)
	ns := netnstest.New(t)
	b := opener("nft")(t, ns, nil)
	ctx := context.Background()
	if err := b.Ban(ctx, []firewall.Ban{
		{Prefix: mustPrefix("10.1.0.0/24"), Timeout: time.Hour},
		{Prefix: mustPrefix("10.1.0.5/32"), Timeout: 1500 * time.Millisecond},
		{Prefix: mustPrefix("10.2.0.1/32")},
		{Prefix: mustPrefix("2001:db8::/64"), Timeout: 3 * time.Hour},
	}); err != nil {
		t.Fatal(err)
	}
	got, err := b.List(ctx)
	if err != nil || len(got) != 4 {
		t.Fatalf("List = %v, %v; want 4 entries", got, err)
	}
	if err := b.Unban(ctx, []netip.Prefix{mustPrefix("10.1.0.0/16"), mustPrefix("2001:db8::1/128")}); err != nil {
		t.Fatal(err)
	}
	got, err = b.List(ctx)
	if err != nil || len(got) != 2 {
		t.Fatalf("List after unban = %v, %v; want 10.2.0.1 and 2001:db8::/64", got, err)
	}
}

// TestClassify: classify recognises the tools' permission and kernel
// messages.
func TestClassify(t *testing.T) {
	for msg, want := range map[string]error{
		"ipset v7.17: Kernel error received: Operation not permitted":                                                    firewall.ErrPermission,
		"iptables v1.8.9 (legacy): can't initialize iptables table `filter': Permission denied (you must be root)":       firewall.ErrPermission,
		"ipset v7.17: Cannot open session to kernel.":                                                                    firewall.ErrKernelSupport,
		"iptables v1.8.9 (legacy): can't initialize iptables table `raw': Table does not exist (do you need to insmod?)": firewall.ErrKernelSupport,
	} {
		if got := classify(msg, errors.New(msg)); !errors.Is(got, want) {
			t.Errorf("classify(%q) = %v, want %v", msg, got, want)
		}
	}
}

func TestSeconds(t *testing.T) {
	for _, tc := range []struct {
		in     time.Duration
		want   int64
		capped bool
	}{
		{0, 0, false}, {time.Millisecond, 1, false}, {time.Second, 1, false}, {1001 * time.Millisecond, 2, false},
		{30 * 24 * time.Hour, 2147483, true},
	} {
		if got, capped := seconds(tc.in); got != tc.want || capped != tc.capped {
			t.Errorf("seconds(%s) = %d, %v; want %d, %v", tc.in, got, capped, tc.want, tc.capped)
		}
	}
}

func mustPrefix(s string) netip.Prefix { return netip.MustParsePrefix(s) }

// Compile-time check that Backend satisfies the contract.
var _ firewall.Backend = (*Backend)(nil)

// TestPermission runs New in a child without CAP_NET_ADMIN over the test
// namespace (a user namespace of its own) and expects ErrPermission.
func TestPermission(t *testing.T) {
	if os.Getenv("GUARDCTL_IPT_EPERM_CHILD") == "1" {
		cfg := firewall.DefaultConfig()
		cfg.Backend = firewall.BackendIPTables
		_, err := New(context.Background(), cfg, nil)
		if !errors.Is(err, firewall.ErrPermission) {
			t.Fatalf("New without CAP_NET_ADMIN = %v, want ErrPermission", err)
		}
		return
	}
	t.Parallel()
	netnstest.Require(t, binaries...)
	ns := netnstest.New(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	err = ns.Do(func() error {
		cmd := exec.Command(exe, "-test.run=^TestPermission$", "-test.v")
		cmd.Env = append(os.Environ(), "GUARDCTL_IPT_EPERM_CHILD=1")
		cmd.SysProcAttr = &syscall.SysProcAttr{
			Cloneflags:  syscall.CLONE_NEWUSER,
			UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: 0, Size: 1}},
			GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: 0, Size: 1}},
		}
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestPermission") {
			return fmt.Errorf("%v: %s", err, out)
		}
		return nil
	})
	if err != nil {
		t.Errorf("unprivileged child: %v", err)
	}
}

func TestCounts(t *testing.T) { firewalltest.Counts(t, opener("nft")) }
func TestLookup(t *testing.T) { firewalltest.Lookup(t, opener("legacy")) }

// TestDrift: flushing our sets and chain, deleting the jump or an entry is
// reported and repaired, with both flavours.
func TestDrift(t *testing.T) {
	for _, mode := range []string{"nft", "legacy"} {
		t.Run(mode, func(t *testing.T) {
			ipt := "iptables-" + mode
			firewalltest.Drift(t, opener(mode), []firewalltest.Fault{
				{Name: "ipset flush guardctl-ban4", Args: []string{"ipset", "flush", "guardctl-ban4"}},
				{Name: "ipset flush guardctl-allow4", Args: []string{"ipset", "flush", "guardctl-allow4"}},
				{Name: "ipset del one entry", Args: []string{"ipset", "del", "guardctl-ban4", "100.64.0.7"}},
				{Name: ipt + " -F GUARDCTL", Args: []string{ipt, "-F", "GUARDCTL"}},
				{Name: "ip6" + ipt[2:] + " -F GUARDCTL", Args: []string{"ip6" + ipt[2:], "-F", "GUARDCTL"}},
				{Name: ipt + " -D INPUT -j GUARDCTL", Args: []string{ipt, "-D", "INPUT", "-j", "GUARDCTL"}},
				{Name: ipt + " -I INPUT -j ACCEPT", Args: []string{ipt, "-I", "INPUT", "-j", "ACCEPT"}},
			})
		})
	}
}

func TestLists(t *testing.T) {
	forModes(t, func(t *testing.T, open firewalltest.Open) {
		firewalltest.Lists(t, open, firewalltest.Fault{Name: "ipset flush guardctl-l-feed4", Args: []string{"ipset", "flush", "guardctl-l-feed4"}})
	})
}

// TestListOldShape: a list rule without the connection state check (the
// shape before it) is repaired by Ensure, with both flavours.
func TestListOldShape(t *testing.T) {
	for _, mode := range []string{"nft", "legacy"} {
		t.Run(mode, func(t *testing.T) {
			ipt := "iptables-" + mode
			firewalltest.ListOldShape(t, opener(mode), firewalltest.Fault{
				Name: ipt + " -R GUARDCTL 2 (list rule, old shape)",
				Args: []string{ipt, "-R", "GUARDCTL", "2", "-m", "set", "--match-set", "guardctl-l-feed4", "src", "-j", "DROP"},
			})
		})
	}
}

func TestSetFull(t *testing.T) { firewalltest.SetFull(t, opener("legacy")) }

func BenchmarkBanLatency100k(b *testing.B) { firewalltest.BenchBanLatency100k(b, opener("nft")) }
func BenchmarkPrefixBanLatency100k(b *testing.B) {
	firewalltest.BenchPrefixBanLatency100k(b, opener("nft"))
}
func BenchmarkCounts100k(b *testing.B)  { firewalltest.BenchCounts100k(b, opener("nft")) }
func BenchmarkVerify100k(b *testing.B)  { firewalltest.BenchVerify100k(b, opener("nft")) }
func BenchmarkList100k(b *testing.B)    { firewalltest.BenchList100k(b, opener("nft")) }
func BenchmarkLookup100k(b *testing.B)  { firewalltest.BenchLookup100k(b, opener("nft")) }
func BenchmarkSetList100k(b *testing.B) { firewalltest.BenchSetList100k(b, opener("nft")) }

func TestExpiryQuiet(t *testing.T) { firewalltest.ExpiryQuiet(t, opener("nft")) }
func BenchmarkSetListRefresh100k(b *testing.B) {
	firewalltest.BenchSetListRefresh100k(b, opener("nft"))
}
func BenchmarkUnban100k(b *testing.B) { firewalltest.BenchUnban100k(b, opener("nft")) }

func TestDriftAtScale(t *testing.T) {
	firewalltest.DriftAtScale(t, opener("nft"), firewalltest.Fault{Name: "ipset flush guardctl-ban4", Args: []string{"ipset", "flush", "guardctl-ban4"}})
}

// auditing opens backends whose every Verify audits the elements.
func auditing(mode string) firewalltest.Open {
	return func(t testing.TB, ns *netnstest.NS, mutate func(*firewall.Config)) firewall.Backend {
		b := opener(mode)(t, ns, mutate)
		b.(*Backend).pace.Every = 0
		return b
	}
}

func TestExtra(t *testing.T) {
	ipset := func(args ...string) firewalltest.Fault {
		return firewalltest.Fault{Name: "ipset", Args: append([]string{"ipset"}, args...)}
	}
	firewalltest.Extra(t, auditing("nft"),
		[]firewalltest.Fault{
			ipset("add", "guardctl-ban4", "1.2.3.4", "timeout", "600"),
			ipset("add", "guardctl-ban6", "2001:db8:aa:bb::/64"),
			ipset("add", "guardctl-ban4", "203.0.113.0/24"),
		},
		[]netip.Prefix{netip.MustParsePrefix("1.2.3.4/32"), netip.MustParsePrefix("2001:db8:aa:bb::/64"), netip.MustParsePrefix("203.0.113.0/24")},
		[]firewalltest.Fault{
			ipset("del", "guardctl-ban4", "100.64.0.7"),
			ipset("add", "guardctl-ban4", "198.51.100.9"),
		})
}

func TestListOffBanPath(t *testing.T) { firewalltest.ListOffBanPath(t, opener("nft")) }

// TestUnbanStrays: elements someone else put into the hash:net sets (a
// /32 and a /128 given as such, an address and a prefix inside an
// unbanned network) are looked up, unbanned by name and gone from the
// kernel, and ours around them stay: the nftables backend's interval-set
// case has no counterpart here (one set per family holds every length).
func TestUnbanStrays(t *testing.T) {
	ipset := func(args ...string) firewalltest.Fault {
		return firewalltest.Fault{Name: "ipset", Args: append([]string{"ipset"}, args...)}
	}
	p := netip.MustParsePrefix
	firewalltest.UnbanStrays(t, opener("nft"),
		[]firewalltest.Fault{
			ipset("add", "guardctl-ban4", "198.51.100.77/32", "timeout", "3600"),
			ipset("add", "guardctl-ban6", "2001:db8:77::77/128", "timeout", "3600"),
			ipset("add", "guardctl-ban4", "203.0.113.9", "timeout", "3600"),
			ipset("add", "guardctl-ban4", "192.0.2.0/29", "timeout", "3600"),
			ipset("add", "guardctl-ban6", "2001:db8:99:1::/64", "timeout", "3600"),
		},
		[]netip.Prefix{p("198.51.100.77/32"), p("2001:db8:77::77/128")},
		[]netip.Prefix{p("203.0.113.0/24"), p("192.0.2.0/24"), p("2001:db8:99::/48")},
		func(t *testing.T, ns *netnstest.NS) string {
			return ns.Run(t, "ipset", "list", "guardctl-ban4") + ns.Run(t, "ipset", "list", "guardctl-ban6")
		})
}
