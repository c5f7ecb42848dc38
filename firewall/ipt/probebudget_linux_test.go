//go:build linux

package ipt

import (
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall/firewalltest"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// prober is a fresh backend (iptables-nft) in a namespace of its own, for
// the probe tests shared with nftables (firewalltest.Prober).
func prober(t *testing.T) firewalltest.Prober {
	netnstest.Require(t, "ipset")
	ns := netnstest.New(t)
	b := opener("nft")(t, ns, nil).(*Backend)
	return firewalltest.Prober{
		B: b, NS: ns, Probe: b.probeSample,
		SetCover: func(d time.Duration) { b.cover = d },
		SetRate:  func(r int) { b.rate = r },
		SetHook:  func(h func(int, bool)) { b.probeHook = h },
		Swap: func(t testing.TB, ours string) {
			ns.Run(t, "sh", "-c", "ipset del guardctl-l-feed4 "+ours+" && ipset add guardctl-l-feed4 192.0.2.77")
		},
		FeedSet: "ipset guardctl-l-feed4:",
		Least:   probeSize,
	}
}

// TestProbeBudget: firewalltest.ProbeBudgetSuite (review rev-enforce s16
// items 1 and 2: the poll's budget, a discarded walk taken again).
func TestProbeBudget(t *testing.T) { firewalltest.ProbeBudgetSuite(t, prober) }
