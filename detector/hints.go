package detector

import (
	"bytes"
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
// The share has a hole a scanner can walk through: fetch three of the
// site's pages (answered 200) for every name it tries, and its misses stay
// under 30 % for the whole run. So beside the share there is a backstop
// that does not look at it: hintBackstop distinct word-list names missed
// within hintWindow are a violation (rule RuleWordlist, category probe,
// the escalation threshold's points: a ban), and the count starts again.
// Why 8 in 10 minutes: the most any benign client of the fixtures asked
// for was 4 (hint-repeats: a NAT trying /admin ... /backup/, Googlebot on
// /old/ /dev/ /test/ /backup/), the grids' crawlers, NATs, SPAs and
// monitors 0; twice 4 leaves room, and wordlist-mixed holds 6 (Googlebot
// on a site that removed six directories) and 5 (a monitor polling five
// removed endpoints) as never banned. A scanner trying a name every 20 s
// reaches 8 within 3 minutes, one a minute within 8.
//
// The backstop counts names, not pages: a path is named by its first
// segment (/confluence/display/DOCS/Page-3: /confluence), and a name
// counts once within hintWindow however many of its pages are missed. A
// site that removed a section answers each of its old pages 404/410, and
// a crawler revisiting them (Googlebot on /confluence/display/..., on
// /jira/browse/OPS-N, on /test/page-N.html, one every 30 s among its
// pages) asked for many paths of one name; it was banned at the eighth
// (review rr-E). A word list is spread over many first segments: the
// scanners of wordlist-mixed try /admin1.php, /backup2/, /_old ... A
// scanner that tries its list under one directory (/x/admin, /x/backup)
// passes the backstop; the share still counts its hints.
//
// State: one int64 slot per client (requests high, misses low), packed
// in the compact record while the client has made at most 7 requests; the
// ring of the last hintRingLen distinct hint paths (fingerprint, whether
// its hint counted, when it was first missed) lives in the heavy state.
// Fingerprints use the engine's seed, as distinct sets do.
const (
	hintShareNum = 3 // misses >= 30 % of requests
	hintShareDen = 10
	hintRingLen  = hintBackstop
	hintHalveAt  = 64
	// hintBackstop distinct word-list names missed within hintWindow
	// seconds: a violation whatever the share.
	hintBackstop = 8
	hintWindow   = 10 * 60
)

// RuleWordlist is the rule id of the word-list backstop's violations.
const RuleWordlist = "wordlist-misses"

// hintRing is a client's last hintRingLen distinct hint paths, and its
// last hintRingLen distinct names (first segments) for the backstop.
type hintRing struct {
	e     [hintRingLen]hintEntry
	names [hintRingLen]hintEntry
	next  uint8
	nextN uint8
}

// hintEntry is one path of a hintRing.
type hintEntry struct {
	fp  uint32 // the path's fingerprint, bit 0 set when its hint counted; 0: empty
	sec uint32 // event second (+1) it was first missed; 0: spent by a violation
}

// add records a miss of the path with fingerprint fp, whose name (first
// segment) has fingerprint nfp, at event second sec, whose hint may count
// now (share). It reports whether the hint counts (a path counts once:
// when first missed with the share, or later when the share has come)
// and whether the name was the hintBackstop'th distinct one within
// hintWindow.
func (r *hintRing) add(fp, nfp, sec uint32, share bool) (counts, backstop bool) {
	fp |= 1
	for j := range r.e {
		if x := &r.e[j]; x.fp|1 == fp {
			if x.fp&1 == 0 && share {
				x.fp = fp
				return true, false
			}
			return false, false
		}
	}
	x := &r.e[r.next]
	r.next = (r.next + 1) % hintRingLen
	x.fp, x.sec = fp&^1, sec+1
	if share {
		x.fp = fp
	}
	return share, r.name(nfp|1, sec)
}

// name records a miss of a name (fingerprint nfp, bit 0 set) at event
// second sec and reports whether it was the hintBackstop'th distinct one
// within hintWindow; a name missed again within hintWindow counts once.
func (r *hintRing) name(nfp, sec uint32) bool {
	for j := range r.names {
		if x := &r.names[j]; x.fp == nfp && x.sec != 0 && int64(sec+1)-int64(x.sec) < hintWindow {
			return false
		}
	}
	x := &r.names[r.nextN]
	r.nextN = (r.nextN + 1) % hintRingLen
	x.fp, x.sec = nfp, sec+1
	n := 0
	for _, y := range r.names {
		if y.sec != 0 && int64(sec+1)-int64(y.sec) < hintWindow {
			n++
		}
	}
	if n < hintBackstop {
		return false
	}
	for j := range r.names {
		r.names[j].sec = 0
	}
	return true
}

// firstSegment is the name of path p for the backstop: its first segment
// with its leading slash (/confluence/display/X: /confluence; /admin1.php
// and /backup2/ stay whole but for the trailing slash).
func firstSegment(p []byte) []byte {
	if len(p) < 2 {
		return p
	}
	if j := bytes.IndexByte(p[1:], '/'); j >= 0 {
		return p[:j+1]
	}
	return p
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
// for client i (slots st) at te and lists them in e.hits with no points, so
// the verdict still shows them; when the request completes the backstop
// it adds a RuleWordlist hit worth the escalation threshold. It counts the
// request first. It allocates nothing (hits has room: e.phits is reused).
func (e *Engine) keepHints(i uint32, st []int64, te int64, ev *parser.Event, hits []patterns.Hit) []patterns.Hit {
	slot := e.c.hintSlot
	if slot < 0 {
		return hits
	}
	// During a site-wide miss outage a client that was fetching the
	// site's pages is not counted: its misses say nothing about it
	// (sitemiss.go), and its share stays what it was before.
	if e.site.key == 0 {
		e.site.key = servedSeed(e.pol) | 1
	}
	e.site.note(ev, te)
	if e.outageExcused(st[slot], ev) {
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
	missed := patterns.Missed(ev.Status)
	st[slot] = countHintTraffic(st[slot], missed)
	n := 0
	for _, h := range hits {
		if h.Only != 0 {
			n++
		}
	}
	if missed && e.slowScanMiss(i, st[slot], te, ev, hits) { // slowscan.go
		hits = append(hits, e.slowScanHit())
	}
	if n == 0 {
		return hits
	}
	// Recorded whether it counts or not: a path first missed while the
	// share was low may count later, if the client turns to scanning, and
	// every distinct name counts towards the backstop.
	counts, backstop := e.heavyOf(i).hints.add(uint32(maphash.Bytes(e.seed, ev.Path)), uint32(maphash.Bytes(e.seed, firstSegment(ev.Path))),
		uint32(te/1e9), hintShare(st[slot]))
	out := hits
	if !counts {
		out = hits[:0]
		for _, h := range hits {
			if h.Only != 0 {
				e.hits = append(e.hits, Hit{Rule: h.ID, Category: string(h.Category)})
				continue
			}
			out = append(out, h)
		}
	}
	if backstop {
		out = append(out, patterns.Hit{ID: RuleWordlist, Category: patterns.Probe, Weight: int(min(e.c.threshold, 1<<30))})
	}
	return out
}
