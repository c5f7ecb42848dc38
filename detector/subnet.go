package detector

import (
	"math"
	"math/bits"
	"net/netip"
)

// Credential stuffing from one /24: a rented block or a proxy pool sends
// one to three guesses from each of its addresses and nothing else, so no
// address reaches [login]'s counts alone (red-stuffing in gridbench -red:
// 35 of 99 addresses banned, those with 3 guesses). So the login model's
// counts are also kept per IPv4 /24, over the clients that POST to a
// login path: refusals F, successes S and those clients' other requests O
// (each client's requests since its previous login POST join at its next
// one, as in login.go), decayed with [login]'s memory, and which of the
// /24's addresses were refused (64 buckets by the last octet). A refusal
// is a violation of RuleLoginSubnet when the /24's
//
//	E = F - SuccessCost*S >= subnetFailures, E >= subnetShare*(F+S+O)
//
// and at least subnetAddrs of its addresses were refused: then every
// address of the campaign that guesses again, or for the first time, is
// banned at that guess. A NAT is one address (its own counts judge it);
// the many addresses of an office, a campus or a carrier pool that sign in
// carry their browsing with them (O), and mistypes are a small share of it.
//
// State: a direct-mapped table of subnetSlots entries (fixed size, ~256 KB,
// made at the first login POST), indexed by a fixed hash of the /24 so a
// replay fills it the same way; a /24 whose slot another takes starts
// again. IPv6 is not aggregated: a client there is already a /64.
const (
	subnetSlots    = 1 << 13
	subnetFailures = 10
	subnetShare    = 0.5
	subnetAddrs    = 5
)

// RuleLoginSubnet is the rule id of the /24 aggregate's violations.
const RuleLoginSubnet = "login-guess-24"

type subnetEntry struct {
	tag     uint32 // the /24 (address >> 8) + 1; 0: empty
	f, s, o float32
	last    int64  // event time of its last update, ns
	addrs   uint64 // refused addresses, by last octet mod 64
}

type subnets struct {
	e []subnetEntry
}

// subnetLogin counts client addr's login POST at te (refused or not, with
// others: its requests since its previous login POST) in its /24 and
// reports whether the refusal completes the aggregate's violation.
func (e *Engine) subnetLogin(l *clogin, addr netip.Addr, te int64, refused bool, others uint32) bool {
	addr = addr.Unmap()
	if !addr.Is4() {
		return false
	}
	if e.subnets.e == nil {
		e.subnets.e = make([]subnetEntry, subnetSlots)
	}
	a := addr.As4()
	p := uint32(a[0])<<16 | uint32(a[1])<<8 | uint32(a[2])
	x := &e.subnets.e[(p*0x9e3779b1)>>(32-13)]
	if x.tag != p+1 {
		*x = subnetEntry{tag: p + 1, last: te}
	}
	k := 1.0
	if te > x.last {
		k = math.Exp(-float64(te-x.last) * l.sinvT)
	}
	f, s, o := float64(x.f)*k, float64(x.s)*k, float64(x.o)*k+float64(others)
	if refused {
		f++
		x.addrs |= 1 << (a[3] & 63)
	} else {
		s++
	}
	ex := f - l.successCost*s
	if ex < 1 {
		x.addrs = 0 // the campaign, if there was one, has faded
		if refused {
			x.addrs = 1 << (a[3] & 63)
		}
	}
	viol := refused && ex >= subnetFailures && ex >= subnetShare*(f+s+o) && bits.OnesCount64(x.addrs) >= subnetAddrs
	x.f, x.s, x.o, x.last = float32(f), float32(s), float32(o), max(x.last, te)
	return viol
}
