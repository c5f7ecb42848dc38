package detector

import (
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
type siteMiss struct {
	gen        int64 // generation (event time / siteMissGen) of cur
	seen, good [2][siteMissWords]uint64
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
				s.seen[1], s.good[1] = s.seen[0], s.good[0]
			} else {
				s.seen[1], s.good[1] = [siteMissWords]uint64{}, [siteMissWords]uint64{}
			}
			s.seen[0], s.good[0] = [siteMissWords]uint64{}, [siteMissWords]uint64{}
			s.gen = g
		}
	}
	b := addrBit(ev)
	s.seen[0][b>>6] |= 1 << (b & 63)
	if ev.Status >= 200 && ev.Status < 400 {
		s.good[0][b>>6] |= 1 << (b & 63)
	}
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
// but misses.
func (s *siteMiss) outage() bool {
	var seen, only int
	for g := range s.seen {
		for w := range s.seen[g] {
			seen += bits.OnesCount64(s.seen[g][w])
			only += bits.OnesCount64(s.seen[g][w] &^ s.good[g][w])
		}
	}
	return seen >= siteMissMin && 2*only >= seen
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
