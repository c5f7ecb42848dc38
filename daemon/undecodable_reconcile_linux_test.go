//go:build linux

package daemon

import (
	"context"
	"net/netip"
	"path/filepath"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/internal/netnstest"
	"github.com/guardctl/guardctl/state"
	"github.com/guardctl/guardctl/state/statetest"
)

// A ban record that cannot be decoded is kept because it may be an active
// ban (8a27ec5), but the start's reconcile reads the store through
// ActiveBans, which skips it, and removed its kernel element as unknown to
// the store: a restart silently lifted the ban. Now one whose head still
// shows its end is enforced until then, and one whose end cannot be read
// keeps whatever the kernel holds.
func TestReconcileKeepsUndecodableBans(t *testing.T) {
	good, tail, head := netip.MustParsePrefix("203.0.113.30/32"), netip.MustParsePrefix("203.0.113.31/32"), netip.MustParsePrefix("198.51.100.0/24")
	ns, fw, h := undecodableBansInKernel(t, []netip.Prefix{good, tail, head}, map[netip.Prefix]func([]byte) []byte{tail: statetest.TailGarbage, head: statetest.HeadCut})

	h.start(Options{NetNS: ns.Path})
	k := kernelSet(t, fw)
	if _, ok := k[good]; !ok {
		t.Error("the readable ban is not in the kernel")
	}
	if left, ok := k[tail]; !ok || left < 59*time.Minute {
		t.Errorf("an undecodable record whose head shows 1h left: in kernel %v (%s left); a restart must not lift it", ok, left)
	}
	if _, ok := k[head]; !ok {
		t.Error("an undecodable record whose end cannot be read: its kernel element was removed by the start")
	}
}

// undecodableBansInKernel bans each prefix for an hour in a new
// namespace's nftables and in a closed store of a new (not started)
// harness, then damages the records of damage with their function.
func undecodableBansInKernel(t *testing.T, prefixes []netip.Prefix, damage map[netip.Prefix]func([]byte) []byte) (*netnstest.NS, firewall.Backend, *harness) {
	t.Helper()
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	fw := kernelBackend(t, ns)
	var fwb []firewall.Ban
	for _, p := range prefixes {
		fwb = append(fwb, firewall.Ban{Prefix: p, Timeout: time.Hour})
	}
	if err := fw.Ban(context.Background(), fwb); err != nil {
		t.Fatal(err)
	}
	h := nftHarness(t)
	dir := filepath.Join(h.dir, "state")
	s, err := state.Open(dir, state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	var bans []state.Ban
	for _, p := range prefixes {
		bans = append(bans, state.Ban{Prefix: p, Reason: "seed " + p.String(), Start: now, Expires: now.Add(time.Hour), Origin: state.OriginAuto, Offence: 1})
	}
	if err := s.PutBans(bans); err != nil {
		t.Fatal(err)
	}
	s.Close()
	byReason := map[string]func([]byte) []byte{}
	for p, f := range damage {
		byReason["seed "+p.String()] = f
	}
	statetest.Damage(t, dir, byReason)
	return ns, fw, h
}
