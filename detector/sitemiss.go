package detector

import (
	"encoding/binary"
	"math/bits"

	"github.com/guardctl/guardctl/parser"
)

// siteMiss is the site-wide miss share: of the addresses that made a
// request in the last 15-30 s of event time, the share that got nothing
// but misses (403, 404, 410, 444). It is the 4xx analogue of the flood
// baseline's distress share (outage_share, baseline.go): when a broken
// deploy or a mis-set deny rule answers everyone 404 or 403, a crawler
// that was fetching the site's pages 200 a minute before now misses a new
// top-level name every request and the scan rule banned it ~25 s into the
// outage (benign-s8 googlebot-broken-deploy-404/-403). Such misses say
// nothing about the client.
//
// Counted over addresses, not requests, so that a scanner's own misses
// cannot make the share high enough to excuse itself: one address is one
// vote however many probes it sends. A site that misses most of a
// scanner's probes answers its other visitors' pages, so the share stays
// low. The excuse is further limited to clients whose own recent traffic
// (the hint counts, hints.go) holds at least outageGood answered requests:
// a client that starts during an outage, as a scanner does, is judged as
// always. The share needs up to one generation to turn; the misses a
// crawler makes meanwhile count, but halve its answered count at most
// once or twice (every hintHalveAt requests), and from then on its counts
// stay as they were (excused requests are not counted).
//
// Bounds: two generations of siteMissGen seconds, each two bitmaps of
// siteMissBits address hashes (seen; answered below 400): 512 bytes
// whatever the traffic, advanced only by event time, so a replay gives
// the same share. The count is by bits set (linear counting without the
// correction); collisions make both counts a little low, alike.
//
// Names the site served. Half the addresses missing can be bought: 14
// addresses sending a 404 every few seconds outvoted a site's dozen
// visitors, and a dirbuster that fetched 4 pages first was excused from
// scan for as long as they kept on (review s8 rr-weak;
// TestScanFakeOutageBought). What an attacker chooses is the names, not
// the answers: a site that works answers its own pages, so a miss on a
// name the site answered 2xx lately is what an outage looks like and
// what a fake one cannot produce. Not a 3xx: where port 80 answers every
// name 301 to https and both vhosts log to one file (Debian's nginx and
// Apache defaults), an address asking http://site/<name> made any name
// served, and 16 addresses then missing those names over https bought
// the excuse again (review s9; TestRevdetFakeOutageViaHTTPRedirect). So the share counts only while at
// least outageNames distinct such names were missed (requests with no
// query, both ways: an app answers /item?id=<unknown> 404 on a path it
// serves; 404 or 410: the page
// is gone for everybody; a 403 or 444 is what a site answers one client
// and not another, an allow-listed /admin/ or /server-status) by at least
// outageAddrs addresses within the same two generations. In a real
// outage visitors ask for the pages they always ask for (fixture
// scan-site-outage-404: the first two at 16 and 18 s). Bought only where
// the site itself answers the same path 2xx to one client and 404 to
// another (private resources shown as 404 to strangers: the attacker
// fetches its own while logged in, then misses it from other addresses),
// and then only with the half share besides.
//
// The served names are a Bloom filter: two generations of servedBits
// bits, servedHashes bits a name, keyed by the policy (servedSeed: the
// same verdicts on every replay). The key is no secret: with the default
// policy servedSeed is public, so anyone can compute the bits a name
// sets; the protection rests on the names having been answered 2xx, not
// on the key. A
// generation turns when servedFill of its bits are set or after
// servedAge of event time, so a false positive is below (1/16)^4 per
// generation however busy the site (a busy site remembers its last
// ~8,000 names, a quiet one 30-60 minutes; an outage serves nothing, so
// the names from before it stay). 128 KiB per engine; per answered
// request one hash of the path (a multiply per 8 bytes) and 4 bit sets;
// per miss one hash and up to 8 bit tests. Nothing per client.
type siteMiss struct {
	gen        int64 // generation (event time / siteMissGen) of cur
	seen, good [2][siteMissWords]uint64
	// outage evidence: addresses (same bits as seen) that missed a name
	// the site served, and those names (a 64-bit set), per generation
	sAddr [2][siteMissWords]uint64
	sName [2]uint64

	key     uint64                     // hash key (servedSeed | 1); 0 until the first request
	served  [2][servedNameWords]uint64 // Bloom filters of names answered 2xx, cur first
	filled  int                        // bits set in served[0]
	fillGen int64                      // event time (ns) served[0] was started
}

const (
	siteMissGen   = 15e9 // ns per generation
	siteMissWords = 16
	siteMissBits  = siteMissWords * 64
	// siteMissMin addresses must be seen over both generations before the
	// share is believed (a site with a handful of visitors says little).
	siteMissMin = 6
	// outageGood answered requests (below 400) of the client's last 32-64
	// requests are needed for its misses to be excused during an outage.
	outageGood = 4

	// outageNames distinct names the site served, missed by outageAddrs
	// addresses, within the share's two generations, are needed for the
	// share to count.
	outageNames = 2
	outageAddrs = 2

	servedNameWords = 1 << 13 // 2^19 bits, 64 KiB per generation
	servedNameBits  = servedNameWords * 64
	servedHashes    = 4
	servedFill      = servedNameBits / 16 // bits set before a generation turns
	servedAge       = 30 * 60e9           // ns: the longest a generation is filled
)

// siteMissStatus reports whether status is a miss for the site share.
func siteMissStatus(status int) bool {
	return status == 403 || status == 404 || status == 410 || status == 444
}

// note counts a request of ev's client at te.
func (s *siteMiss) note(ev *parser.Event, te int64) {
	if g := te / siteMissGen; g != s.gen {
		if g > s.gen { // event time going back a little stays in cur
			if g == s.gen+1 {
				s.seen[1], s.good[1], s.sAddr[1], s.sName[1] = s.seen[0], s.good[0], s.sAddr[0], s.sName[0]
			} else {
				s.seen[1], s.good[1], s.sAddr[1], s.sName[1] = [siteMissWords]uint64{}, [siteMissWords]uint64{}, [siteMissWords]uint64{}, 0
			}
			s.seen[0], s.good[0], s.sAddr[0], s.sName[0] = [siteMissWords]uint64{}, [siteMissWords]uint64{}, [siteMissWords]uint64{}, 0
			s.gen = g
		}
	}
	b := addrBit(ev)
	s.seen[0][b>>6] |= 1 << (b & 63)
	if ev.Status >= 200 && ev.Status < 400 {
		s.good[0][b>>6] |= 1 << (b & 63)
	}
	if len(ev.Query) > 0 { // an app answers /item?id=<unknown> 404: the path was served, the request was not
		return
	}
	switch {
	case ev.Status >= 200 && ev.Status < 300: // a 3xx serves nothing (below)
		s.serve(ev.Path, te)
	case ev.Status == 404 || ev.Status == 410:
		if h := wordHash(s.key, ev.Path); s.wasServed(h) {
			s.sAddr[0][b>>6] |= 1 << (b & 63)
			s.sName[0] |= 1 << (h >> 58)
		}
	}
}

// serve records path p as answered at te.
func (s *siteMiss) serve(p []byte, te int64) {
	if s.filled >= servedFill || te-s.fillGen >= servedAge {
		if te < s.fillGen { // event time going back a little stays in cur
			te = s.fillGen
		}
		s.served[1] = s.served[0]
		s.served[0] = [servedNameWords]uint64{}
		s.filled, s.fillGen = 0, te
	}
	h := wordHash(s.key, p)
	for range servedHashes {
		b := h % servedNameBits
		if w := &s.served[0][b>>6]; *w&(1<<(b&63)) == 0 {
			*w |= 1 << (b & 63)
			s.filled++
		}
		h = h>>19 | h<<45
	}
}

// wasServed reports whether the name of hash h is in either generation
// of the served names.
func (s *siteMiss) wasServed(h uint64) bool {
	for g := range s.served {
		x, in := h, true
		for range servedHashes {
			b := x % servedNameBits
			if s.served[g][b>>6]&(1<<(b&63)) == 0 {
				in = false
				break
			}
			x = x>>19 | x<<45
		}
		if in {
			return true
		}
	}
	return false
}

// wordHash is a keyed hash of p, 8 bytes a step (the served names are
// hashed for every answered request: a byte-wise FNV cost 5 % of a line).
func wordHash(key uint64, p []byte) uint64 {
	h := key ^ uint64(len(p))*0x9e3779b97f4a7c15
	for ; len(p) >= 8; p = p[8:] {
		h = mixWord(h ^ binary.LittleEndian.Uint64(p))
	}
	var t uint64
	for i, c := range p {
		t |= uint64(c) << (8 * i)
	}
	return mixWord(h ^ t)
}

// mixWord is a 64-bit finalizer (splitmix64's): every input bit moves
// every output bit.
func mixWord(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// addrBit hashes ev's client (an IPv6 client by its /64, as the client
// key does for privacy addresses) to a bit of the bitmaps.
func addrBit(ev *parser.Event) uint {
	a := ev.Client.Unmap()
	var x uint64
	if a.Is4() {
		v := a.As4()
		x = uint64(v[0])<<24 | uint64(v[1])<<16 | uint64(v[2])<<8 | uint64(v[3])
	} else {
		v := a.As16()
		for _, c := range v[:8] {
			x = x<<8 | uint64(c)
		}
		x ^= 1 << 63
	}
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	return uint(x>>32) % siteMissBits
}

// outage reports whether at least half of the addresses seen got nothing
// but misses, and names the site served were missed (outageNames by
// outageAddrs addresses).
func (s *siteMiss) outage() bool {
	if bits.OnesCount64(s.sName[0]|s.sName[1]) < outageNames {
		return false
	}
	var seen, only, addrs int
	for g := range s.seen {
		for w := range s.seen[g] {
			seen += bits.OnesCount64(s.seen[g][w])
			only += bits.OnesCount64(s.seen[g][w] &^ s.good[g][w])
		}
	}
	for w := range s.sAddr[0] {
		addrs += bits.OnesCount64(s.sAddr[0][w] | s.sAddr[1][w])
	}
	return addrs >= outageAddrs && seen >= siteMissMin && 2*only >= seen
}

// outageExcused reports whether ev, a miss of a client with hint counts v,
// comes during a site-wide miss outage from a client that was fetching
// the site's pages before it: then it counts neither in the client's
// hint counts nor in a distinct-path throttle (scan).
func (e *Engine) outageExcused(v int64, ev *parser.Event) bool {
	if !siteMissStatus(ev.Status) {
		return false
	}
	req, miss := uint64(v)>>32, uint64(v)&(1<<32-1)
	return req-miss >= outageGood && e.site.outage()
}
