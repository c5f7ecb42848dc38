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
// refusals and successes are also counted per IPv4 /24 (per IPv6 /56: one
// customer's delegation, a tunnel broker's allocation, holds 65,536 /64s
// to rotate through), decayed with [login]'s memory:
//
//	F  explicit refusals: login POSTs answered 401, 403 or 429, or 400 on
//	   a token path (invalid_grant). Not a form endpoint's 200: a JSON
//	   login API (/auth/login) answers a good password 200, and a carrier
//	   pool's phones signing in were refusals with nothing to weigh them
//	   (49 of 60 banned, review rr-E).
//	S  successes: the other 2xx and 3xx answers to login POSTs.
//
// and which of the /24's addresses were refused while doing nothing but
// log in: at most subnetOthers other requests since their previous login
// POST (the home page and the login form fetched for a CSRF token before
// each guess, as stuffing tools do), 64 buckets by the last octet (by the
// /64 within a /48). A refusal is a violation of RuleLoginSubnet when
//
//	E = F - subnetSuccessCost*S >= subnetFailures
//
// at least subnetAddrs addresses were refused so, and the refused client
// itself only logs in: then every address of the campaign that guesses
// again, or for the first time, is banned at that guess. A student who
// browses the campus site and mistypes once is not, though bots guess from
// other addresses of the campus /24 (2 of 120 students were banned beside
// 5 bots, review rr-E). The /24 is judged by its login POSTs and by its addresses
// that only log in, not by its share of all traffic: a share of all
// requests was inflated by the two cheap GETs a stuffing tool makes before
// each guess, and it evaded (0 of 40 banned, review rr-E). A NAT is one
// address (its own counts judge it); the many addresses of an office or a
// campus sign in, and browse before they mistype.
//
// subnetSuccessCost is 10, not [login]'s 2: a stuffing campaign's
// successes are ~1 % of its guesses; people sign in. When a site revokes
// its tokens, every phone of a carrier pool is refused once (400
// invalid_grant) with nothing before it, and one in four signs in again
// at once: with 2, 134 of 150 phones were banned (review rr-E). What it
// lets through: a campaign that succeeds on more than one guess in 20.
//
// State: a table of subnetSlots entries (fixed size, 576 KB, made at the
// first login POST) in 2-way sets indexed by a fixed hash of the prefix,
// so a replay fills it the same way. A prefix that finds its set full
// takes the entry with the weaker evidence (lower E, decayed; on a tie the
// older): on a busy site, /24s signing in at 20 a second evicted a
// campaign's /24 from a direct-mapped table, and its later guesses started
// again (13 of 45 banned instead of 34, review rr-E).
//
// Why 6 refusals from 4 addresses (10 from 5 until the seventh session):
// a campaign's addresses whose every guess comes before the violation are
// never banned (each makes 1-3), and with 10 from 5 those were 4-6 % of
// gridbench -red red-stuffing's attackers. A carrier /24 whose phones'
// tokens were revoked (an API call answered 401, then the refresh token
// refused 400 at the token path, one each) went from 2 to 6 bans with it
// (review of a283ccf, fixture cgnat-revoke-slow): such a 400 right after a
// GET answered 401 is not counted here now (login.go), and none is
// banned. Blind form POSTs (subnetForm) ban at 6 from 4 repeaters too,
// and only a repeater itself. A token path's 400 still completes the
// violation only at 10 from 5 (subnetToken*): a phone whose API call ran
// beside the one answered 401 (a 200 between the 401 and the refresh)
// is not seen as stale, and the carrier /24s of revoke-parallel,
// revoke3-parallel and revoke-post401 went from 2, 3, 2 bans at 6f577f2
// to 6, 7, 4 at 6 from 4 (fixture revoke-parallel).
const (
	subnetTokenFailures = 10
	subnetTokenAddrs    = 5

	subnetSlots        = 1 << 13
	subnetWays         = 2
	subnetFailures     = 6
	subnetAddrs        = 4
	subnetFormFailures = 6
	subnetFormAddrs    = 4
	subnetAddrs6       = 8
	subnetSuccessCost6 = 30
	subnetSuccessCost  = 10
	subnetOthers       = 3
	subnetMarkAge      = int64(30 * 60 * 1e9) // a generation of repeat marks (subnetForm)
)

// RuleLoginSubnet is the rule id of the /24 aggregate's violations.
const RuleLoginSubnet = "login-guess-24"

type subnetEntry struct {
	tag    uint64 // subnetKey of the prefix; 0: empty
	f, s   float32
	last   int64  // event time of its last update, ns
	addrs  uint64 // addresses refused while only logging in, by last octet (/64) mod 64
	aold   uint64 // addrs of the previous generation
	b      float32
	baddrs uint64 // addresses that posted a form blind again (subnetForm), by last octet mod 64
	bold   uint64 // baddrs of the previous generation
	bgen   int64  // event time the current generation of addrs and baddrs began, ns
}

// rotate starts a new generation of the entry's address marks at te when
// the current one is subnetMarkAge old: a mark lives one to two
// generations. The refused addresses were emptied only when the prefix's
// refusals faded (E < 1): on a busy /24 whose refusals never fade (a
// steady trickle of stale app logins, each address once) the list filled
// over hours with addresses long gone, and six refusals in the last half
// hour with one or two new addresses among them banned
// (TestSubnetRefusedAddrsExpire). Memory is bounded anyway: 64 buckets a
// generation.
func (x *subnetEntry) rotate(te int64) {
	if d := te - x.bgen; d >= 2*subnetMarkAge || d < 0 {
		x.addrs, x.aold, x.baddrs, x.bold, x.bgen = 0, 0, 0, 0, te
	} else if d >= subnetMarkAge {
		x.addrs, x.aold, x.baddrs, x.bold, x.bgen = 0, x.addrs, 0, x.baddrs, te
	}
}

type subnets struct {
	e []subnetEntry
}

// subnetKey is the table key of addr's /24 (IPv4) or /48 (IPv6), never 0,
// and the bucket of addr within it.
func subnetKey(addr netip.Addr) (key uint64, bucket uint) {
	addr = addr.Unmap()
	if addr.Is4() {
		a := addr.As4()
		return 1<<62 | uint64(a[0])<<16 | uint64(a[1])<<8 | uint64(a[2]), uint(a[3] & 63)
	}
	a := addr.As16()
	var k uint64
	for _, b := range a[:7] {
		k = k<<8 | uint64(b)
	}
	return 1<<63 | k, uint(a[7] & 63)
}

// successCost is what a success takes off the refusals of table key k.
func successCost(k uint64) float64 {
	if k&(1<<63) != 0 {
		return subnetSuccessCost6
	}
	return subnetSuccessCost
}

// subnetPrefix is the prefix of table key k.
func subnetPrefix(k uint64) netip.Prefix {
	if k&(1<<63) == 0 {
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(k >> 16), byte(k >> 8), byte(k)}), 24)
	}
	var a [16]byte
	for i := range 7 {
		a[i] = byte(k >> (48 - 8*i))
	}
	return netip.PrefixFrom(netip.AddrFrom16(a), 56)
}

// evidence is entry x's E at te under decay rate sinvT (1/ns).
func (x *subnetEntry) evidence(te int64, sinvT float64) float64 {
	k := 1.0
	if te > x.last {
		k = math.Exp(-float64(te-x.last) * sinvT)
	}
	return (max(float64(x.f), float64(x.b)) - successCost(x.tag)*float64(x.s)) * k
}

// entry finds the entry of key at te, or takes one for it.
func (t *subnets) entry(key uint64, te int64, sinvT float64) *subnetEntry {
	if t.e == nil {
		t.e = make([]subnetEntry, subnetSlots)
	}
	if x := t.find(key); x != nil {
		return x
	}
	set := t.e[(key*0x9e3779b97f4a7c15)>>(64-13)&^(subnetWays-1):][:subnetWays]
	v := &set[0]
	for i := 1; i < len(set); i++ {
		x := &set[i]
		switch {
		case v.tag == 0:
		case x.tag == 0:
			v = x
		default:
			ev, ex := v.evidence(te, sinvT), x.evidence(te, sinvT)
			if ex < ev || ex == ev && x.last < v.last {
				v = x
			}
		}
	}
	*v = subnetEntry{tag: key, last: te}
	return v
}

// forget clears the entries of the prefixes that overlap p (Forget: the
// admin's unban lifts the aggregate's evidence too).
func (t *subnets) forget(p netip.Prefix) {
	for i := range t.e {
		if x := &t.e[i]; x.tag != 0 && subnetPrefix(x.tag).Overlaps(p) {
			*x = subnetEntry{}
		}
	}
}

// subnetLogin counts client addr's login POST at te, an explicit refusal
// or a success, with others (the client's requests since its previous
// login POST) in its /24 (/48), and reports whether the refusal completes
// the aggregate's violation.
//
// weak: the refusal is a token path's 400 (invalid_grant), which a
// revoked refresh token earns as well as a wrong password: it completes
// the violation only at subnetTokenFailures from subnetTokenAddrs.
func (e *Engine) subnetLogin(l *clogin, addr netip.Addr, te int64, refused, weak bool, others uint32) bool {
	key, b := subnetKey(addr)
	x := e.subnets.entry(key, te, l.sinvT)
	x.rotate(te)
	k := 1.0
	if te > x.last {
		k = math.Exp(-float64(te-x.last) * l.sinvT)
	}
	f, s := float64(x.f)*k, float64(x.s)*k
	if refused {
		f++
		if others <= subnetOthers {
			x.addrs |= 1 << b
		}
	} else {
		s++
	}
	ex := f - successCost(key)*s
	if ex < 1 {
		x.addrs, x.aold = 0, 0 // the campaign, if there was one, has faded
		if refused && others <= subnetOthers {
			x.addrs = 1 << b
		}
	}
	need, fail := subnetAddrs, float64(subnetFailures)
	if weak {
		need, fail = subnetTokenAddrs, subnetTokenFailures
	}
	if key&(1<<63) != 0 {
		need = subnetAddrs6
	}
	viol := refused && others <= subnetOthers && ex >= fail && bits.OnesCount64(x.addrs|x.aold) >= need
	x.b *= float32(k) // subnetForm's count fades with the others
	x.f, x.s, x.last = float32(f), float32(s), max(x.last, te)
	return viol
}

// Blind form posts. A login form that answers a refusal 200 (the form
// again, as WordPress's wp-login.php does) tells nothing by its status, so
// subnetLogin leaves its POSTs out: a JSON login API answering a good
// password 200 made a carrier pool's phones look refused (review rr-E).
// Stuffing against such a form was left to each address's own counts,
// which one to three guesses never reach (gridbench -red
// red-stuffing-form: a form fetch before each guess). What the campaign
// still shows is its shape: every address posts the form with no Referer
// (a browser's form submission carries one; a password manager fills the
// browser's form) and, when it posts again, has done nothing since its
// previous login POST but fetch the form (at most subnetOthers requests).
// A phone's app or a CI runner that signs in goes on to use the site:
// many requests follow its login POST, so its next one is no repeat.
//
// So per /24 (/48) with the same memory: B counts form POSTs answered 200
// without a Referer and with at most subnetOthers requests since the
// address's previous login POST (for its first, since it was first seen);
// baddrs marks the addresses that made a blind repeat (login.go: such a
// POST after fetching the form; xmlrpc.php, which has none, needs none). A blind form POST of
// a marked address is a violation of RuleLoginSubnet when B -
// subnetSuccessCost*S >= subnetFormFailures (S: the prefix's login
// successes as above, a WordPress sign-in's 302 among them) and at least
// subnetFormAddrs (IPv6: subnetAddrs6) addresses made blind repeats. An
// office or a campus signs in from browsers, whose POSTs carry a Referer;
// a carrier pool's phones make one login POST each before using the app.
// What it lets through: a campaign that sends a Referer, browses between
// guesses, or gives each address one or two guesses without fetching
// the form between (a third bans by its own counts), an address's first
// guess, and a repeater's guesses before four addresses repeated.

// subnetForm counts client addr's form POST answered 200 at te: blind
// (no Referer, at most subnetOthers requests, others, since its previous
// login POST), repeat (login.go), and reports whether it completes the
// aggregate's violation and whether it left addr's mark.
//
// Review B of 93ae6a2: the repeat marks never emptied on a busy /24 (a
// carrier /24, one app login every 3 minutes, a mistype every 30: after
// 2 h every phone's first login was banned, 25 addresses), and a sign-in
// in two steps on one endpoint (password then TOTP, both 200, 15 s
// apart) made every phone a repeat (6 of 12 banned at their first
// request; 19 of 80 beside stuffing-form). So the marks live in two
// generations rotated every subnetMarkAge, and an address that goes on to
// use the site loses its mark as soon as it makes more than subnetOthers
// other requests (login.go: the client's loginMarked bit says it has
// one), so a phone's mark lasts the seconds between its second step and
// its app's next requests. 871bbf0 required the form fetched between the
// two POSTs: a tool that posts without fetching the form (gridbench -red
// red-stuffing, wp-login.php) then made no repeats, and its campaign went
// unbanned (seed 11: 87/126 of stuffing-24 banned). a283ccf took any
// second blind POST for a repeat and banned every blind POST of the prefix
// once 4 existed: two-step sign-in phones on a carrier /24 (password,
// then a one-time code, both 200, 1-3 requests after) 114 of 120 banned
// (review of a283ccf). So a repeat needs the form fetched again, as in
// 871bbf0 (a tool that never fetches it is banned at its third guess by
// its own counts, the quick rule), and only a marked address is banned.
func (e *Engine) subnetForm(l *clogin, addr netip.Addr, te int64, noReferer bool, others uint32, repeat bool) (viol, marked bool) {
	key, bk := subnetKey(addr)
	if !noReferer || others > subnetOthers {
		e.subnets.unmark(addr)
		return false, false
	}
	x := e.subnets.entry(key, te, l.sinvT)
	k := 1.0
	if te > x.last {
		k = math.Exp(-float64(te-x.last) * l.sinvT)
	}
	b, s := float64(x.b)*k+1, float64(x.s)*k
	x.f *= float32(k)
	ex := b - successCost(key)*s
	if ex < 1 {
		x.baddrs, x.bold = 0, 0
	}
	x.rotate(te)
	if repeat {
		x.baddrs |= 1 << bk
	}
	need := subnetFormAddrs
	if key&(1<<63) != 0 {
		need = subnetAddrs6
	}
	// Only an address that holds a repeat mark itself: a283ccf banned
	// every blind POST of the prefix once 4 marks existed, a phone's
	// first sign-in included (review of a283ccf).
	all := x.baddrs | x.bold
	viol = ex >= subnetFormFailures && all&(1<<bk) != 0 && bits.OnesCount64(all) >= need
	x.b, x.s, x.last = float32(b), float32(s), max(x.last, te)
	return viol, repeat
}

// unmark takes addr's blind-repeat mark (its bucket's) out of its prefix's
// entry.
func (t *subnets) unmark(addr netip.Addr) {
	key, bk := subnetKey(addr)
	if x := t.find(key); x != nil {
		x.baddrs &^= 1 << bk
		x.bold &^= 1 << bk
	}
}

// find is the entry of key, or nil.
func (t *subnets) find(key uint64) *subnetEntry {
	if t.e == nil {
		return nil
	}
	set := t.e[(key*0x9e3779b97f4a7c15)>>(64-13)&^(subnetWays-1):][:subnetWays]
	for i := range set {
		if set[i].tag == key {
			return &set[i]
		}
	}
	return nil
}
