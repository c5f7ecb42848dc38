//go:build linux

package nft

import (
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall/firewalltest"
)

// prober is a fresh backend in a namespace of its own, for the probe
// tests shared with iptables (firewalltest.Prober).
func prober(t *testing.T) firewalltest.Prober {
	ns := newNS(t)
	b := open(t, ns, nil).(*Backend)
	return firewalltest.Prober{
		B: b, NS: ns, Probe: b.probeSample,
		SetCover: func(d time.Duration) { b.cover = d },
		SetRate:  func(r int) { b.rate = r },
		SetHook:  func(h func(int, bool)) { b.probeHook = h },
		Swap: func(t testing.TB, ours string) {
			ns.Run(t, "nft", "delete element inet guardctl l_feed4 { "+ours+" }; add element inet guardctl l_feed4 { 192.0.2.77 }")
		},
		FeedSet: "set l_feed4:",
		Least:   probeSize,
	}
}

// TestProbeBudget: firewalltest.ProbeBudgetSuite (review rev-enforce s16
// items 1 and 2: the poll's budget, a discarded walk taken again).
func TestProbeBudget(t *testing.T) { firewalltest.ProbeBudgetSuite(t, prober) }
