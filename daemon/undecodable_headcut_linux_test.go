//go:build linux

package daemon

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/state/statetest"
)

// Review rev-ops s11 (defect 1): ff1973c keeps the kernel element of a ban record whose end
// cannot be read (HeadCut) at start, but not in d.active: the first repair
// after the ban set is flushed from outside puts back every readable ban
// and not this one, which is then lost for good (the next start "keeps
// what the kernel holds": nothing). Same after a reboot (empty kernel).
// Now reconcile rewrites such a record, when the kernel holds its prefix,
// as a readable ban ending when the element does (restoreKept).
func TestHeadCutBanSurvivesRepairAndRestart(t *testing.T) {
	good, head := netip.MustParsePrefix("203.0.113.50/32"), netip.MustParsePrefix("198.51.100.0/24")
	ns, fw, h := undecodableBansInKernel(t, []netip.Prefix{good, head}, map[netip.Prefix]func([]byte) []byte{head: statetest.HeadCut})
	h.start(Options{NetNS: ns.Path})
	if _, ok := kernelSet(t, fw)[head]; !ok {
		t.Fatal("head-cut ban not kept at start")
	}
	if err := fw.Flush(context.Background()); err != nil { // an outside flush of the ban set
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "the readable ban repaired", func() bool { _, ok := kernelSet(t, fw)[good]; return ok })
	time.Sleep(500 * time.Millisecond)
	if _, ok := kernelSet(t, fw)[head]; !ok {
		t.Error("after the repair the undecodable (head-cut) ban is gone from the kernel; it was enforced before the flush and nothing will ever load it again")
	}
	h.stop()
	h.start(Options{NetNS: ns.Path})
	if _, ok := kernelSet(t, fw)[head]; !ok {
		t.Error("and after a restart too")
	}
	// A reboot: the kernel empty at start. The record was rewritten with
	// the end the kernel's element showed, so the store loads it again.
	h.stop()
	if err := fw.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.start(Options{NetNS: ns.Path})
	if e, ok := kernelSet(t, fw)[head]; !ok {
		t.Error("after a reboot (kernel empty at start) the head-cut ban is gone: its record was not rewritten readable")
	} else if e <= 50*time.Minute || e > time.Hour {
		t.Errorf("after a reboot the head-cut ban has %s left; want the ~1h its kernel element showed", e)
	}
}
