package manualban

import (
	"cmp"
	"context"
	"errors"
	"net/netip"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/eventlog"
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/ipprefix"
	"github.com/guardctl/guardctl/state"
)

// BanEvent is the event log line of manual ban b, stored at now. Both
// paths write it: docs/daemon.md promises a line for every ban, daemon
// running or not.
func BanEvent(b state.Ban, now time.Time) eventlog.Event {
	dur := "permanent"
	if !b.Expires.IsZero() {
		dur = b.Expires.Sub(now).String()
	}
	return eventlog.Event{Action: "ban", Prefix: b.Prefix.String(), Reason: b.Reason, Duration: dur, Offence: b.Offence, Origin: state.OriginManual.String()}
}

// UnbanEvent is the event log line of stored ban b lifted by an unban,
// naming the node that decided it (another cluster node's ban lifted
// here, daemon running or not: the line must say whose ban it was).
func UnbanEvent(b state.Ban) eventlog.Event {
	if u := b.Undecodable; u != nil {
		info := UndecodableInfo(*u)
		return eventlog.Event{Action: "unban", Prefix: cmp.Or(info.Prefix, "key "+info.Key), Reason: b.Reason, Origin: UndecodableOrigin}
	}
	return eventlog.Event{Action: "unban", Prefix: b.Prefix.String(), Reason: b.Reason, Rules: b.Rules, Offence: b.Offence, Origin: b.Origin.String(), Node: b.DecidedBy()}
}

// A kernel element no stored ban matches is shown with this origin and
// reason (in list, and in what an unban removed).
const (
	KernelOnlyOrigin = "unknown"
	KernelOnlyReason = "not in the store"
)

// KernelOnly describes kernel element e, which the store does not know.
func KernelOnly(e firewall.Entry, now time.Time) control.BanInfo {
	info := control.BanInfo{Prefix: ipprefix.String(e.Prefix), Reason: KernelOnlyReason, Origin: KernelOnlyOrigin, InKernel: true}
	if e.Expires > 0 {
		info.Expires = now.Add(e.Expires).Truncate(time.Second)
	}
	return info
}

// IsKernelOnly reports whether b describes a kernel element no stored ban
// matched (KernelOnly made it).
func IsKernelOnly(b control.BanInfo) bool {
	return b.Origin == KernelOnlyOrigin && b.Reason == KernelOnlyReason
}

// Strays are the kernel elements an unban of nets removes that none of the
// removed stored bans accounts for (drift, or a store that was reset):
// both paths report them, so the admin sees everything the unban changed.
//
// A stored ban accounts for its own element only: a hand-added network
// around a stored address (or an address inside a stored network) is a
// stray too, since the unban removes it (review finding: it was removed
// unreported). An element read twice (a /64 in two sets) is reported once.
func Strays(kernel []firewall.Entry, removed []state.Ban, nets []netip.Prefix, now time.Time) []control.BanInfo {
	seen := make(map[netip.Prefix]bool, len(removed))
	for _, b := range removed {
		seen[ipprefix.Canonical(b.Prefix)] = true
	}
	var out []control.BanInfo
	for _, e := range kernel {
		p := ipprefix.Canonical(e.Prefix)
		if Inside(e.Prefix, nets) && !seen[p] {
			seen[p] = true
			out = append(out, KernelOnly(e, now))
		}
	}
	return out
}

// peeker is a backend that can read its ban sets without adopting what it
// reads (nftables, iptables): an unban's look for elements the store does
// not know must not make hand-added elements elsewhere "loaded".
type peeker interface {
	Peek(ctx context.Context) ([]firewall.Entry, error)
}

// KernelBans reads the kernel's bans for an unban of nets (nothing for
// unban --all, which flushes the sets whole), without adopting them where
// the backend can. A backend that is not ready holds none.
func KernelBans(ctx context.Context, fw firewall.Backend, nets []netip.Prefix, all bool) ([]firewall.Entry, error) {
	if all {
		return nil, nil
	}
	if es, ok, err := hostLookups(ctx, fw, nets); ok || err != nil {
		if errors.Is(err, firewall.ErrNotReady) {
			return nil, nil
		}
		return es, err
	}
	es, err := Peek(ctx, fw)
	if errors.Is(err, firewall.ErrNotReady) {
		return nil, nil
	}
	return es, err
}

// Peek reads the kernel's ban sets without adopting what it reads where
// the backend can (nftables, iptables): a read that only reports (list,
// unban) must not make hand-added elements "loaded", whose later deletion
// would start a repair of every ban at each check.
func Peek(ctx context.Context, fw firewall.Backend) ([]firewall.Entry, error) {
	if p, ok := fw.(peeker); ok {
		return p.Peek(ctx)
	}
	return fw.List(ctx)
}

// hostLookups answers KernelBans for an unban naming single addresses
// only, by one single-element lookup each: `unban ADDR` reads no set
// whole. False when a network is named, or when the kernel holds an
// element at one of the addresses but its lookup gives no timeout (ipset):
// then the sets are read for it.
func hostLookups(ctx context.Context, fw firewall.Backend, nets []netip.Prefix) ([]firewall.Entry, bool, error) {
	var out []firewall.Entry
	for _, n := range nets {
		if !n.IsSingleIP() {
			return nil, false, nil
		}
	}
	for _, n := range nets {
		es, err := fw.Lookup(ctx, n)
		if err != nil {
			return nil, false, err
		}
		for _, e := range es {
			if e.Prefix != n {
				continue
			}
			if e.Expires < 0 {
				return nil, false, nil
			}
			out = append(out, e)
		}
	}
	return out, true, nil
}

// Named are the prefixes an unban of nets hands the backend: nets, and
// every kernel element read inside them (stored bans and strays alike). A
// backend removes only the prefixes it is given and the bans it loaded
// itself; a fresh admin process has loaded nothing, and the daemon does
// not adopt what it reads, so whatever the kernel holds inside the
// networks is named (review finding: an offline network unban left the
// stored bans in the kernel).
func Named(kernel []firewall.Entry, nets []netip.Prefix) []netip.Prefix {
	out := append([]netip.Prefix(nil), nets...)
	for _, e := range kernel {
		if Inside(e.Prefix, nets) {
			out = append(out, e.Prefix)
		}
	}
	return out
}
