package detector

import (
	"bytes"
	"math/bits"

	"github.com/guardctl/guardctl/parser"
)

// Stray assets: a flood that replays browsing does not browse.
//
// A browser fetches a page and then the page's assets, each with the page
// as its Referer. So nearly every asset a client fetches names, as its
// Referer, a page that client fetched a moment before. A tool replaying
// captured browsing at a steady rate (pages, assets, referers, all in a
// mix, ~10 requests/s: under every rate the flood model allows an office
// NAT) draws its assets from everywhere: their Referers name pages it
// never fetched. Such an asset is stray.
//
// Many people behind one address interleave their page loads, so the
// client keeps the last eight distinct pages it fetched (and referers it
// accepted, and the same-site Referers of its pages and API calls: a
// photo viewer's route /photos/<id> changes per photo, and its API call
// names it before the preview does) rather than the last one; and a
// referer is stray only the first time: once seen it is remembered like
// a page, so a page load whose page was pushed out by others' requests
// costs one stray asset, not fifty. What is pushed out of the eight goes
// into a set of the 8-16 last pushed out (seenMax): a person opening 20
// tabs at once has 20 pages whose images arrive over seconds (review F:
// 40 of 40 such clients were banned with the eight alone). An asset
// whose Referer is its own URL (Firefox's spoofSource) has none. A single-page app's client-side routes (a Referer the server
// never served) cost one stray per route, which a person changes every
// few seconds at most. Measured on the generator (bench/detect/traffic:
// first, red and held grids, seeds 1-6): no benign client had more than
// 10 stray assets in any 10 s, 24 in any 30 s (a CDN edge of many people,
// whose pages the edge served from its cache); a replay at 10/s has 64-89
// in 10 s.
//
// Strays fill a leaky bucket of strayBurst draining strayRate a second,
// and an asset of a page the client fetched takes one out (a renderer
// fetching a page's assets long after the page is one stray in several).
// From an address seen with four user agents or more (an untrusted CDN
// edge or proxy, whose people's pages its cache may have served) the
// bucket is eight times larger and drains eight times faster (so it lasts
// as long: with four times it lasted half, and an edge at 3-6 strays a
// second was banned at its 9th-12th): such an edge at up to 8 stray
// assets a second stays under; one above is banned (trusted_proxies
// makes its people the clients). Overflow is a violation of RuleFloodStray, worth [flood]'s
// weight.
//
// Assets without a Referer are never stray (image crawlers, apps, feed
// readers send none), nor a client's first request (a hotlinked image:
// one request, and its state still packs).
//
// State: five slots (floodRefs, floodRefs2, floodStray, floodSeen,
// floodSeen2; the last two zero until a client has fetched more than
// eight pages), no allocation.

// RuleFloodStray is the rule id of the stray-asset bucket's violations.
const RuleFloodStray = "flood-stray"

const (
	// strayRate is the stray assets a second a client may sustain, and
	// strayBurst the bucket: benign clients measured at most 10 in 10 s
	// and 24 in 30 s; a 10/s replay sends 6-8 a second and overflows 20 at
	// 1/s in about 4 s (~40 requests).
	strayRate  = 1
	strayBurst = 12
	strayEmis  = int64(1e9 / strayRate)

	// strayBackPart: an asset of a page only remembered (not the page of
	// the asset before, not among the last eight paths) takes this part
	// of a stray out: see strayTakeBack.
	strayBackPart = 4
)

// strayAsset keeps client st's recent pages and reports whether this
// request is a stray asset, whether it is an asset of a remembered
// page other than the one the client's last such asset named (switched:
// page loads interleaved, see evidMany), and whether it is an asset of a
// page the client fetched lately (known: a page load, see floodLoadMin). asset says whether it is one,
// ring is the client's recent-path ring before this request (0: its
// first), pfp the request path's fingerprint.
func (e *Engine) strayAsset(st []int64, te int64, asset bool, ring, pfp uint64, ev *parser.Event) (stray, switched, known bool, nav navKind) {
	const lo, hi = 0x0001000100010001, 0x8000800080008000
	refs, refs2 := uint64(st[floodRefs]), uint64(st[floodRefs2])
	fp := pfp
	if asset {
		if len(ev.Referer) == 0 || ring == 0 {
			return false, false, false, 0
		}
		fp = uint64(refererFP(ev.Referer))
		if fp == pfp {
			// The asset's own URL as its Referer (Firefox's
			// network.http.referer.spoofSource, Referer Control
			// extensions): says nothing about a page, as none.
			return false, false, false, 0
		}
	}
	if !asset && ring != 0 && len(ev.Referer) > 0 {
		// A page's or an API call's Referer is a page the client is on
		// (a photo viewer's /photos/<id>: the client-side route its API
		// call and its preview both name), except the client's first
		// request's (where it came from). Remembered like a page.
		rf := uint64(refererFP(ev.Referer))
		if x, y := refs^rf*lo, refs2^rf*lo; (x-lo)&^x&hi == 0 && (y-lo)&^y&hi == 0 {
			seenAdd(st, refs2>>48)
			refs2 = refs2<<16 | refs>>48
			refs = refs<<16 | rf
			st[floodRefs2], st[floodRefs] = int64(refs2), int64(refs)
		} else {
			nav = navInner
			if rf == ring&0xffff {
				nav = navChained
			}
		}
	}
	x, y := refs^fp*lo, refs2^fp*lo
	if (x-lo)&^x&hi != 0 || (y-lo)&^y&hi != 0 {
		if !asset {
			return false, false, false, nav
		}
		if st[floodStray] > te {
			// An asset of a page the client fetched: one stray less, when
			// it is the page of the asset before, among the client's
			// last eight paths, or the address is many people; a
			// quarter otherwise: see strayTakeBack.
			back := strayEmisOf(st)
			if refs&0xffff != fp && back == strayEmis && !inPaths(uint64(st[floodRecent]), uint64(st[floodOlder]), fp) {
				back /= strayBackPart
			}
			st[floodStray] = max(st[floodStray]-back, te)
		}
		if refs&0xffff == fp {
			return false, false, true, 0
		}
		// Another remembered page than the last asset's: it moves to the
		// front, so that lane 0 is the page whose assets come now.
		st[floodRefs], st[floodRefs2] = moveFront(refs, refs2, fp)
		return false, true, true, 0
	}
	if asset && seenHas(st, fp) {
		// A page pushed out of the ring lately: twenty tabs opened at
		// once, each page's assets arriving over seconds. Not stray, and
		// not brought back (the ring would churn).
		return false, false, true, 0
	}
	seenAdd(st, refs2>>48)
	st[floodRefs2] = int64(refs2<<16 | refs>>48)
	st[floodRefs] = int64(refs<<16 | fp)
	return asset, false, false, nav
}

// strayTakeBack: an asset of a remembered page takes a whole stray back
// out only when its Referer is the page of the client's asset before
// (lane 0: a page's assets, one after another), a page among the client's
// last eight requested paths (it fetched the page itself a moment ago), or
// the address was seen with four user agents or more (an edge or a proxy,
// whose people's pages its cache served: as before); otherwise a quarter
// (strayBackPart). None at all banned a crawler at 8/s whose assets name
// a dozen site pages it never fetched (benign-s8 review, fixture
// flood-stray-crawler-referers: at its 1,765th request); a quarter holds
// it under, the replays below are banned at their 80th and 58th. A replay's stray
// Referer is remembered once seen, and the next asset naming the same
// popular page (the front page, a section's index) took a stray out as if
// the replay had fetched it: gridbench's 10/s browsing replays held their
// bucket near empty and were banned at their 98th-196th request (25-59 %
// of a short flood let through; testdata/logs/flood-distress: 130th and
// 98th, now 80th and 58th, TestFloodStrayDistressReplays). A renderer
// fetching a page's 4-12 assets from elsewhere still takes them out
// (lane 0); an office's interleaved page loads, which switch lanes, only
// stop taking strays out: their pages are remembered, not stray.

// navKind says where a page's (or API call's) Referer points, for
// flood.go: navInner, one of the client's remembered pages (navigation
// inside what it fetched lately); navChained, the path of its request
// just before (a page fetched with no asset between).
type navKind uint8

const (
	navInner navKind = 1 + iota
	navChained
)

// seenMax is the bits set in the current 64-bit set of pages pushed out
// of the ring before it becomes the previous one: the two hold the 8-16
// entries last pushed out (with the ring's 8, a client's last 16-24), and
// a page never fetched is found in them (not stray) at most
// 1-(1-8/64)^2 = 23 % of the time, ~15 % on average. At 12 (and 16) the
// 10/s replays of testdata/logs/flood-distress were no longer banned, at
// 10 one only at its 215th request of 219 (at 8: 130th; 39th without the
// set); thirty tabs opened at once (30 pages, 20 images each, 630
// requests in 5 s) are banned at 8 (flood-rate bans them at 10).
const seenMax = 8

// seenAdd puts fp, a fingerprint pushed out of the page ring (0: none),
// into the set of pages pushed out lately (floodSeen, then floodSeen2:
// kept zero until a client has fetched more than eight pages, so that
// its state still packs).
func seenAdd(st []int64, fp uint64) {
	if fp == 0 {
		return
	}
	cur := uint64(st[floodSeen]) | 1<<seenBit(fp)
	if bits.OnesCount64(cur) >= seenMax {
		st[floodSeen2], cur = int64(cur), 0
	}
	st[floodSeen] = int64(cur)
}

// seenHas reports whether fp may be among the pages pushed out lately.
func seenHas(st []int64, fp uint64) bool {
	return (uint64(st[floodSeen])|uint64(st[floodSeen2]))&(1<<seenBit(fp)) != 0
}

// seenBit is fp's bit in a set (a multiplicative hash: fp16 lanes are
// already hashes, but spread their low bits).
func seenBit(fp uint64) uint64 { return fp * 0x9e3779b97f4a7c15 >> 58 }

// moveFront moves the lane holding fp (one of the eight 16-bit lanes of
// refs, then refs2) to lane 0 of refs, the lanes before it one further.
func moveFront(refs, refs2, fp uint64) (int64, int64) {
	var l [8]uint64
	for k := range 4 {
		l[k], l[4+k] = refs>>(16*k)&0xffff, refs2>>(16*k)&0xffff
	}
	k := 0
	for k < 7 && l[k] != fp {
		k++
	}
	copy(l[1:k+1], l[:k])
	l[0] = fp
	var a, b uint64
	for k := range 4 {
		a |= l[k] << (16 * k)
		b |= l[4+k] << (16 * k)
	}
	return int64(a), int64(b)
}

// strayOver counts one stray asset at te in client st's bucket and
// reports an overflow (after which the bucket starts empty).
func (e *Engine) strayOver(st []int64, te int64) bool {
	emis, burst := strayEmisOf(st), int64(strayBurst)
	if emis != strayEmis {
		// As many seconds of strays as one address: eight times the
		// rate, eight times the bucket (four times it drained in half
		// the time: the edge of 12 seconds became 6).
		burst *= 8
	}
	tat := max(st[floodStray], te) + emis
	if tat-te > burst*emis {
		st[floodStray] = te
		return true
	}
	st[floodStray] = tat
	return false
}

// strayEmisOf is the stray bucket's emission interval for client st: an
// eighth from an address seen with four user agents or more (many people,
// whose pages a CDN edge or a proxy's cache may have served: the bucket
// is eight times larger, strayOver).
func strayEmisOf(st []int64) int64 {
	if uint64(st[floodUAs])>>48 != 0 {
		return strayEmis / 8
	}
	return strayEmis
}

// refererFP is the fingerprint (fp16) of a Referer URL's path: after the
// scheme and host, without query or fragment; that of "/" for a bare
// origin.
func refererFP(ref []byte) uint16 {
	if i := bytes.Index(ref, []byte("://")); i >= 0 {
		ref = ref[i+3:]
		j := bytes.IndexByte(ref, '/')
		if j < 0 {
			return fp16([]byte{'/'})
		}
		ref = ref[j:]
	}
	if i := bytes.IndexAny(ref, "?#"); i >= 0 {
		ref = ref[:i]
	}
	return fp16(ref)
}
