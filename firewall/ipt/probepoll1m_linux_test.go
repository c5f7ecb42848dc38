//go:build linux

package ipt

import (
	"context"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall/firewalltest"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// BenchmarkProbePoll1M: BenchmarkProbePoll100k with a 1,000,000-entry
// block list (a big feed): the poll's budget (loaded.ProbeRate) keeps its
// cost that of 100k, the list covered in 100 s instead of 10 (review
// rev-enforce s16 item 1).
//
//	CI=true go test -run '^$' -bench ProbePoll -benchtime 40x -benchmem ./firewall/ipt
func BenchmarkProbePoll1M(bm *testing.B) {
	netnstest.Require(bm, "ipset")
	ns := netnstest.New(bm)
	b := opener("nft")(bm, ns, nil).(*Backend)
	ctx := context.Background()
	if err := b.SetList(ctx, "feed", firewalltest.SpreadHosts4(172, 0, 1_000_000)); err != nil {
		bm.Fatal(err)
	}
	if err := b.Ban(ctx, firewalltest.Many(100_000, time.Hour)); err != nil {
		bm.Fatal(err)
	}
	if _, err := b.probeSample(ctx); err != nil { // the rotors' first step
		bm.Fatal(err)
	}
	firewalltest.BenchPoll(bm, 250*time.Millisecond, b.probeSample)
}
