package detector

import (
	"hash/maphash"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/patterns"
)

// Word-list and product-endpoint hints (patterns whose hits count only on a
// miss, patterns.Only) say "this client asked for a name the site does not
// have, from a scanner's list". One such miss is a hint; a scanner's run of
// them is evidence. But ordinary clients miss too, and repeat their misses:
// an office NAT's Outlook posts /autodiscover/autodiscover.xml at every
// start, a monitor polls a removed /health every 30 s, an old app build
// polls /graphql, a user reloads a removed page, a crawler revisits moved
// documents. Counted on every request, those repeats added up to a ban.
//
// So a hint counts for a client only:
//
//   - once per path: the client's heavy state keeps the fingerprints of the
//     last hintRingLen paths whose hints counted (a scanner's list has no
//     repeats; a poller's has nothing else), and
//   - while the client's misses (404, 410, 444: patterns.Missed) are a real
//     share of its requests, at least hintShareNum/hintShareDen, from its
//     first request on. A scanner's traffic is mostly misses; a NAT's, a
//     crawler's or a browser's is mostly pages the site serves. A grace for
//     the first requests banned those too: Googlebot missing /old/ /dev/
//     /test/ /backup/ among its first 20, a NAT missing /admin,
//     /administrator/ ... (review rv38). A fresh one-request probe still
//     counts (its share is 1/1).
//
// The share forgets: both counts are halved together every hintHalveAt
// requests, so it follows the client's last 32-64 requests. Otherwise a
// scanner that first makes 150 ordinary requests kept its share under
// 30 % for good (review rv38).
//
// State: one int64 slot per client (requests high, misses low), packed
// in the compact record while the client has made at most 7 requests; the ring
// lives in the heavy state, which a client whose hint counts needs anyway
// for its points. Fingerprints use the engine's seed, as distinct sets do.
const (
	hintShareNum = 3 // misses >= 30 % of requests
	hintShareDen = 10
	hintRingLen  = 8
	hintHalveAt  = 64
)

// hintRing is a client's last hintRingLen counted hint paths.
type hintRing struct {
	fps  [hintRingLen]uint64
	next uint8
}

// add records fp and reports whether it was already there.
func (r *hintRing) add(fp uint64) bool {
	for _, f := range r.fps {
		if f == fp {
			return true
		}
	}
	r.fps[r.next] = fp
	r.next = (r.next + 1) % hintRingLen
	return false
}

// countHintTraffic adds a request to the counts slot v.
func countHintTraffic(v int64, missed bool) int64 {
	req, miss := uint64(v)>>32, uint64(v)&(1<<32-1)
	req++
	if missed {
		miss++
	}
	if req >= hintHalveAt {
		req, miss = req>>1, miss>>1
	}
	return int64(req<<32 | miss)
}

// hintShare reports whether counts v allow a hint to count.
func hintShare(v int64) bool {
	req, miss := uint64(v)>>32, uint64(v)&(1<<32-1)
	return miss*hintShareDen >= req*hintShareNum
}

// keepHints drops from hits, in place, the answered hints that do not count
// for client i (slots st) and lists them in e.hits with no points, so the
// verdict still shows them. It counts the request first. It allocates
// nothing.
func (e *Engine) keepHints(i uint32, st []int64, ev *parser.Event, hits []patterns.Hit) []patterns.Hit {
	slot := e.c.hintSlot
	if slot < 0 {
		return hits
	}
	st[slot] = countHintTraffic(st[slot], patterns.Missed(ev.Status))
	n := 0
	for _, h := range hits {
		if h.Only != 0 {
			n++
		}
	}
	if n == 0 {
		return hits
	}
	drop := !hintShare(st[slot])
	if !drop {
		// Recorded only when it counts: a path first missed while the
		// share was low may count later, if the client turns to scanning.
		drop = e.heavyOf(i).hints.add(maphash.Bytes(e.seed, ev.Path) | 1)
	}
	if !drop {
		return hits
	}
	out := hits[:0]
	for _, h := range hits {
		if h.Only != 0 {
			e.hits = append(e.hits, Hit{Rule: h.ID, Category: string(h.Category)})
			continue
		}
		out = append(out, h)
	}
	return out
}
