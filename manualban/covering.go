package manualban

import (
	"errors"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/ipprefix"
	"github.com/guardctl/guardctl/state"
)

// Covering is how both paths answer `list ADDR` (control.Service.Covering):
// bans, the stored bans covering the address (state.Store.Covering), each
// marked as held by the kernel when an element of kernel (the backend's
// Lookup of the address, kerr its error) covers it; then every element of
// kernel that no stored ban accounts for, as KernelOnly.
//
// Review s12 item 2: the stored bans alone said "ADDR is not banned" while
// the kernel dropped ADDR (an element added by hand, left by a reset store
// or by an unban whose kernel step failed). A stored ban accounts for its
// own element and for those inside it (the kernel merges a ban inside a
// wider one); a wider element around a stored ban drops more than the
// store says, and is shown, as Strays counts it.
//
// Review s12 item 7: a kernel read that failed makes every stored ban's
// kernel state unknown, on both paths (the offline one said "no"). A
// backend that is not ready (no table) holds nothing, as KernelBans has
// it.
func Covering(bans []state.Ban, kernel []firewall.Entry, kerr error, now time.Time) []control.BanInfo {
	if errors.Is(kerr, firewall.ErrNotReady) {
		kernel, kerr = nil, nil
	}
	if kerr != nil {
		kernel = nil
	}
	out := make([]control.BanInfo, 0, len(bans)+len(kernel))
	for _, b := range bans {
		info := Info(b)
		info.KernelUnknown = kerr != nil
		for _, e := range kernel {
			if e.Prefix.Bits() <= b.Prefix.Bits() && e.Prefix.Contains(b.Prefix.Addr()) {
				info.InKernel = true
			}
		}
		out = append(out, info)
	}
	for _, e := range kernel {
		p := ipprefix.Canonical(e.Prefix)
		accounted := false
		for _, b := range bans {
			s := ipprefix.Canonical(b.Prefix)
			if s.Bits() <= p.Bits() && s.Contains(p.Addr()) {
				accounted = true
				break
			}
		}
		if !accounted {
			out = append(out, KernelOnly(e, now))
		}
	}
	return out
}
