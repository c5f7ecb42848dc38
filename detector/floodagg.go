package detector

import (
	"math/bits"
	"net/netip"
)

// The per-prefix flood aggregate (issue 8 item 1; attack-s9 A16 and A9).
// A flood spread over the addresses of one rented block stays under the
// single-address model at every address: 20 addresses of one /24 at ~4
// product pages/s each (80/s together, a random cache-busting query) or
// ~8 pages/s each rotating browser user agents, a /48 whose every request
// comes from a new /64 (40/s, each /64 sending one page). None was ever
// banned (bench/detect/realistic/attacks flood-slash24-rotation,
// v6-flood-48).
//
// So the flood-shaped requests of each IPv4 /24 and IPv6 /48 are also
// summed in one bucket per prefix, with the single-address model's own
// numbers: the request's flood units (its cost as the client's model
// priced it, spares included), into a bucket of [flood] burst draining
// at the client allowance (max(floor, baseline_factor x the site's
// p99 client), at most ceiling). The prefix is judged as one client would
// be.
//
// Only flood-shaped requests count, judged per address, not the sum
// alone (a busy carrier /24 or a cloud /48 of unrelated tenants sends
// far more than one client, spread over addresses that each browse or
// call an API at a person's pace):
//
//   - a page or API call (not an asset, WebDAV call or socket.io poll)
//     costing a unit or more;
//   - from an address that loads no pages (no asset of a page it fetched
//     in its current and previous 10 s windows: floodLoadMin's count):
//     the people of a campus or carrier /24 load pages, a flood's
//     addresses never do;
//   - not signed in (floodSignedIn: a carrier pool's phones running the
//     site's app sign in all the time);
//   - from a browser's user agent (browserUA), or on a path among the
//     address's last eight: a search engine crawls from several addresses
//     of one /24 (Googlebot's 66.249.66.0/24 at 8-10 pages/s each, three
//     of them over the floor together: fixture crawler-busy-rise), each
//     fetching pages it did not fetch lately; a tool's user agent
//     hammering a few URLs still counts;
//   - and the address itself sends floodAggRate such requests a second
//     or more (its units in its current 10 s window, over at least
//     floodAggSpan seconds, are floodAggRate x this request's cost a
//     second: a cloud /48's tenants each polling one API once a second
//     at 3.5 units a call are not flood-shaped, a /24's addresses at 4
//     product pages a second at 1 unit are). A client's first request
//     never counts (314fc51, review rev-flood s10): counted a minute
//     after the first page seen (b9bdb67), the first pages of a push
//     notification's 300 phones on /64s of one carrier /48, or of a
//     campus /24's registration rush, overflowed the prefix's bucket
//     (TestFloodPrefixCarrierPushSpike).
//
// Overflowing the prefix's bucket, once floodAggAddrs of its addresses
// counted in it (otherwise the single-address model judges it), is a
// violation of RuleFloodPrefix for the address whose request overflowed
// it, worth [flood]'s weight. The bucket is not emptied by a violation
// (it fills up to twice its size): while the prefix's flood-shaped sum
// stays above the allowance, every flood-shaped request of its addresses
// is one (each address banned at its next such request), and for
// floodAggHold after the last violation, whatever the sum (20 addresses
// at 4 pages/s: once 18 were banned, the last two's 8 pages/s fitted the
// allowance and were let through for good). Bans are per address (per the
// policy's IPv6 prefix, /64 by default): a /48 rotating /64s, each sending
// one page, is not banned at all (its /64s' first requests do not count;
// realistic attacks/v6-flood-48), and a rotation whose /64s each send
// floodAggRate flood-shaped requests a second is banned /64 by /64.
//
// What it lets through: a block whose addresses each stay under
// floodAggRate requests a second and are not new (25 addresses of a /24
// at 2.5 pages/s each, 62 pages/s together); a rotation whose addresses
// fetch a page's assets (a page load each, then flood-shaped again after
// two windows); a block of fewer than floodAggAddrs addresses (each
// judged alone); a rotation over several /24s or /48s at under the
// allowance each.
//
// State: a table of floodAggSets x floodAggWays entries (24 KiB, made at
// the first counted request) in 2-way sets indexed by a fixed hash of the
// prefix, so a replay fills it the same way; a prefix that finds its set
// full takes the entry whose bucket is emptier (on a tie the first way).
// No per-client state.
const (
	floodAggSets  = 256
	floodAggWays  = 2
	floodAggAddrs = 4
	floodAggRate  = 3 // an address's own flood-shaped requests a second
	floodAggSpan  = 4 // seconds: the least span an address's rate is judged over
	floodAggGen   = int64(60 * 1e9)
	floodAggHold  = int64(30 * 1e9)
)

// RuleFloodPrefix is the rule id of the per-prefix flood aggregate's
// violations.
const RuleFloodPrefix = "flood-prefix"

type floodAggEntry struct {
	tag   uint64 // floodAggKey of the prefix; 0: empty
	tat   int64  // the prefix's bucket: theoretical arrival time, ns
	addrs uint64 // addresses counted this generation, by a 6-bit hash
	aold  uint64 // addrs of the previous generation
	gen   int64  // event time the current generation began, ns
	hot   int64  // until then flood-shaped requests are violations, ns
}

// floodAgg is the engine's per-prefix flood aggregate; hit says whether
// the flood model's last violation was the aggregate's.
type floodAgg struct {
	e   []floodAggEntry
	hit bool
}

// floodAggKey is the table key of addr's /24 (IPv4) or /48 (IPv6), never
// 0, and the bit of addr (its last octet, its /64) in the 64-bit address
// set.
func floodAggKey(addr netip.Addr) (uint64, uint64) {
	addr = addr.Unmap()
	if addr.Is4() {
		a := addr.As4()
		return 1<<62 | uint64(a[0])<<16 | uint64(a[1])<<8 | uint64(a[2]), 1 << (a[3] & 63)
	}
	a := addr.As16()
	var k uint64
	for _, b := range a[:6] {
		k = k<<8 | uint64(b)
	}
	h := (uint64(a[6])<<8 | uint64(a[7])) * 0x9e3779b97f4a7c15
	return 1<<63 | k, 1 << (h >> 58)
}

// floodAggPrefix is the prefix a floodAggKey names.
func floodAggPrefix(k uint64) netip.Prefix {
	if k&(1<<63) == 0 {
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(k >> 16), byte(k >> 8), byte(k)}), 24)
	}
	var a [16]byte
	for i := range 6 {
		a[i] = byte(k >> (40 - 8*i))
	}
	return netip.PrefixFrom(netip.AddrFrom16(a), 48)
}

// set is key's set of entries.
func (g *floodAgg) set(key uint64) []floodAggEntry {
	h := key * 0x9e3779b97f4a7c15
	return g.e[(h>>56)%floodAggSets*floodAggWays:][:floodAggWays]
}

// entry finds the entry of key at te, or takes one for it.
func (g *floodAgg) entry(key uint64, te int64) *floodAggEntry {
	if g.e == nil {
		g.e = make([]floodAggEntry, floodAggSets*floodAggWays)
	}
	set := g.set(key)
	victim := 0
	for i := range set {
		if set[i].tag == key {
			return &set[i]
		}
		if set[i].tag == 0 {
			victim = i
			break
		}
		if max(set[i].tat-te, 0) < max(set[victim].tat-te, 0) {
			victim = i
		}
	}
	set[victim] = floodAggEntry{tag: key, tat: te, gen: te}
	return &set[victim]
}

// floodAggCounts reports whether a request of cost (1/16 units) is
// flood-shaped for the aggregate: a page or API call of a unit or more
// (page), from a client that loads no pages (loads), sending floodAggRate
// such requests a second itself over its window (acc units since second
// start, now sec).
func (e *Engine) floodAggCounts(page bool, loads uint32, cost int64, acc, start, sec uint32) bool {
	if !page || cost < 16 || loads != 0 {
		return false
	}
	span := max(int64(sec-start)+1, floodAggSpan)
	return int64(acc) >= span*cost*floodAggRate
}

// floodAggObserve counts a flood-shaped request of cost (1/16 units) from
// addr at te in its prefix's bucket and reports a violation of
// RuleFloodPrefix.
func (e *Engine) floodAggObserve(f *cflood, addr netip.Addr, te, cost int64) bool {
	if !addr.IsValid() {
		return false
	}
	key, bit := floodAggKey(addr)
	x := e.fagg.entry(key, te)
	if d := te - x.gen; d >= 2*floodAggGen || d < 0 {
		x.addrs, x.aold, x.gen = 0, 0, te
	} else if d >= floodAggGen {
		x.addrs, x.aold, x.gen = 0, x.addrs, te
	}
	x.addrs |= bit
	e.allowance(f, te)
	emis := e.base.emis
	limit := f.burst * e.base.tolerance(te, emis, e.base.riseEmis)
	tat := max(x.tat, te) + cost*emis
	if tat-te <= limit {
		x.tat = tat
		if te < x.hot {
			// Within floodAggHold of the prefix's last violation: its
			// addresses that are not banned yet are (their sum alone
			// may be under the allowance once the others are).
			x.hot = te + floodAggHold
			return true
		}
		return false
	}
	// Over: the request is added up to twice the bucket, so that while
	// the prefix's flood-shaped sum stays above the allowance every such
	// request of it is a violation (capped at the bucket, the drain let
	// the allowance's worth through: 13 of the /48's 40 pages a second),
	// and once it falls below, the bucket is under its limit again within
	// burst / allowance seconds (2.4 s at floor).
	x.tat = min(tat, te+2*limit)
	if floodAggN(x) < floodAggAddrs {
		return false
	}
	x.hot = te + floodAggHold
	return true
}

// floodAggN is the number of addresses counted in x lately (this
// generation and the one before).
func floodAggN(x *floodAggEntry) int {
	return bits.OnesCount64(x.addrs | x.aold)
}
