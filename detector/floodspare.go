package detector

import (
	"bytes"
	"encoding/binary"
	"net/netip"

	"github.com/guardctl/guardctl/parser"
)

// The download spare (issue 8: benign tools banned by flood-rate). A
// package manager, a Git LFS client or a static-site build pulls hundreds
// of distinct large files in a few seconds: apt fetching 306 .debs at
// 64/s (benign-s8 finding apt-upgrade-60s), pip 200 wheels among 200
// index pages at 100/s (pip-install-index), git-lfs 305 objects at 67/s
// (git-lfs-pull), a Gatsby build 1,200 media files at 38/s for 33 s
// (benign2 gatsby-build-media). The request count (raw_floor 25/s, burst
// 200) banned every one of them.
//
// What such a client has and a flood has not: each request downloads
// content nobody downloaded lately. A GET without a query answered 200
// with floodSpareBytes or more, on a path that is not among the client's
// last eight and that the whole site served at most floodSpareSeen-1
// times in this minute and the one before, costs asset_cost units (not a
// page's) and 1/floodSparePart of a request in the request count.
//
// What an attacker would have to do to buy it, and why it does not pay:
//
//   - random names (a wordlist, HULK's random paths) are answered 404, or
//     by a catch-all page with a 200: that is one page's bytes, rarely
//     64 KiB; a large catch-all's fetches still count site-wide under
//     each path, but the paths are new, so such a site is the one case
//     spared (see TestFloodSpareBuys: a flood at 150/s is still banned);
//   - random queries on one path (HULK, cache busting) are never spared
//     (a query) and one file downloaded again and again is counted
//     site-wide: spared twice a minute at most;
//   - rotating over a few large files (to stay out of the client's last
//     eight) is the same: each file is counted site-wide, so a rotation
//     over K files at r/s is spared on 2K of every 60r requests;
//   - many addresses sharing the downloads (a botnet) share the site-wide
//     counts too;
//   - distinct large files, each once (a script pulling a site's real
//     files, or random names on a route that renders an image for any
//     name with a different size each time, which no site-wide count
//     can see): every client has a budget of floodSpareBurst spared
//     downloads, refilled at floodSpareRate a second (a GCRA, as
//     throttles). A tool fetches a bounded set (apt 306 .debs, a Gatsby
//     build 1,200 images at 85/s, git-lfs 305 objects); a stream does
//     not end. Review rev-flood s10: such a stream at 40/s was never
//     banned (30-75/s all spared); now it is spared for its first
//     floodSpareBurst downloads and then counted, with floodSpareRate
//     taken off, as before the spare: banned within
//     1024/(r-1) + 200/(r-25.7) s at r/s (about 40 s at 40/s, 81 s at
//     30/s, 11 s at 100/s; TestFloodSpareBuys). Below ~26/s the request
//     count never banned such a stream, spare or not.
//
// The budget's price (review rev-flood s11; a limit, not a fix): a tool
// whose set of distinct files is larger than the budget at more than
// ~26/s is counted as any client once the budget is spent, and banned
// as before the spare: a mirror sync, yarn installing a lockfile of
// 1,700 tarballs at 40/s (banned at ~1,530), a CDN's origin pulls of
// distinct image renditions at 30/s for minutes (banned at ~2,600). Their
// requests are those of a script fetching a site's real files one by one
// (bytes, names, sizes and pace alike), which the budget exists to stop:
// operators allowlist their CDN's ranges and their build runners.
//
// A client already given more room by the request count (four user
// agents or more, interleaved page loads, a browser's cache) is not
// spared further: its step is already a fraction of a request.
//
// Distress cancels the spare: only a 200 is spared, and an answer of 5xx
// or 429 costs as before.
//
// State: none per client; per engine, allocated at the first large
// download, one-byte counts by the path's 16-bit fingerprint (65,536)
// and by a 12-bit hash of the size (4,096), for the current 60 s window
// of event time and the one before, and the budgets: a GCRA time keyed
// by the client's full address (its /64 for IPv6: one host's addresses
// share it) in a table of floodSpareSets sets of floodSpareWays (264
// KiB with the counts; deterministic on
// replay). A budget back to full
// frees its entry; a client whose set is full of clients still spending
// theirs gets no spare (the cost before the spare), so one client never
// spends another's budget (review rev-flood s11: a 12-bit hash of the
// address did). A collision in the counts makes a benign download look
// fetched before, never spares a flood.
const (
	floodSpareBytes  = 64 << 10 // a download, not a page (pages are 2-60 KiB)
	floodSpareSeen   = 1        // spared while the site served the path fewer times lately
	floodSparePart   = 3        // a spared download is a third of a request
	floodSpareWindow = 60       // seconds of event time per count window
	// floodSpareSameSize downloads of one exact size (site-wide, this
	// window and the last) end the spare for that size: a catch-all
	// route answering any name 200 with the same large page.
	floodSpareSameSize = 16
	// floodSpareDigestSameSize for a digest with an extension
	// (digestFile): random <md5>.chunk names on a catch-all answering one
	// 96 KiB page 200 at 40/s got 61 requests through at 16 (33 without
	// the spare), 36 at 4 (fixture flood-s17-digest-floods); a
	// launcher's chunks differ in size.
	floodSpareDigestSameSize = 4
	// floodSpareBurst spared downloads per client, refilled at
	// floodSpareRate a second: the budget (see the top of this file).
	floodSpareBurst = 1024
	floodSpareRate  = 1
	// floodSpareSets sets of floodSpareWays budgets (16 bytes each):
	// the clients spending a budget at once.
	floodSpareSetBits = 11
	floodSpareSets    = 1 << floodSpareSetBits
	floodSpareWays    = 4
)

// floodSpare is the engine's site-wide memory of large downloads: how
// often each path fingerprint was served 200 with floodSpareBytes or more
// in the current window (cur) and the one before (prev).
type floodSpare struct {
	win           int64          // the current window's number (second / floodSpareWindow); 0 before the first
	paths, pathsP [1 << 16]uint8 // by path fingerprint, this window and the one before
	sizes, sizesP [1 << 12]uint8 // by a 12-bit hash of the size

	// The budgets, by the client's key (budgetKey).
	budget [floodSpareSets][floodSpareWays]spareBudget
}

// spareBudget is one client's budget: its key (budgetKey) and GCRA time.
type spareBudget struct {
	key uint64
	tat int64
}

// spend takes n spared downloads from the budget of client c at te (ns)
// and reports whether there were so many left. A client without an
// entry has a full budget and takes one whose budget is full again; when
// its set has none, it gets no spare.
func (s *floodSpare) spend(c netip.Addr, te, n int64) bool {
	// Not gcra: a throttle's bucket empties at a violation, a budget
	// stays spent until time refills it.
	const emis = int64(1e9) / floodSpareRate
	k := budgetKey(c)
	set := &s.budget[(k*0x9e3779b97f4a7c15)>>(64-floodSpareSetBits)]
	var b *spareBudget
	for i := range set {
		if set[i].key == k {
			b = &set[i]
			break
		}
	}
	if b == nil {
		for i := range set {
			if set[i].tat <= te {
				b = &set[i]
				*b = spareBudget{key: k}
				break
			}
		}
	}
	if b == nil {
		return false
	}
	next := max(b.tat, te) + n*emis
	if next-te > floodSpareBurst*emis {
		return false
	}
	b.tat = next
	return true
}

// budgetKey is client c's budget key: its IPv4 address (as IPv4-mapped,
// which no IPv6 /64 is), or its /64 for IPv6 (a host may use any address
// of its /64).
func budgetKey(c netip.Addr) uint64 {
	a := c.As16()
	if c.Is4() || c.Is4In6() {
		return binary.BigEndian.Uint64(a[8:])
	}
	return binary.BigEndian.Uint64(a[:8])
}

// budgetOf is the budget's index for client c: a hash of the address, of
// its /64 for IPv6 (a host may use any address of its /64).
func budgetOf(c netip.Addr) uint64 {
	a := c.As16()
	hi := binary.BigEndian.Uint64(a[:8])
	var lo uint64
	if c.Is4() || c.Is4In6() {
		lo = binary.BigEndian.Uint64(a[8:])
	}
	return (hi*0x9e3779b97f4a7c15 ^ lo) * 0xbf58476d1ce4e5b9 >> 52
}

// seen counts one large download of path fingerprint pfp and size at
// second sec and returns how many downloads of that path, and of that
// exact size (or one sharing its hash), there were before it in this
// window and the last.
func (s *floodSpare) seen(pfp uint64, size int64, sec int64) (path, same int) {
	w := sec / floodSpareWindow
	switch {
	case w == s.win:
	case w == s.win+1:
		s.pathsP, s.sizesP = s.paths, s.sizes
		clear(s.paths[:])
		clear(s.sizes[:])
		s.win = w
	case w > s.win:
		clear(s.pathsP[:])
		clear(s.sizesP[:])
		clear(s.paths[:])
		clear(s.sizes[:])
		s.win = w
	}
	// An event older than the window (a log out of order) counts in
	// the current window: it can only make a spare rarer.
	sfp := uint64(size) * 0x9e3779b97f4a7c15 >> 52
	path, same = int(s.paths[pfp])+int(s.pathsP[pfp]), int(s.sizes[sfp])+int(s.sizesP[sfp])
	if s.paths[pfp] < 255 {
		s.paths[pfp]++
	}
	if s.sizes[sfp] < 255 {
		s.sizes[sfp]++
	}
	return path, same
}

// fileName reports whether path names a file rather than a page: a
// static file's extension (staticFile: .deb, .whl, .jpg, .tar.gz ...), a
// registry blob, or a last segment of 32 hex digits or more (a content
// address: Git LFS objects, restic packs, ccache), with or without one
// extension that is not a page's (digestFile; ext then reports it). A
// crawl of a site's pages, 64 KiB of HTML each, is not a download.
func fileName(path []byte) (file, ext bool) {
	if staticFile(path) || contentAddressed(path) {
		return true, false
	}
	seg := path[bytes.LastIndexByte(path, '/')+1:]
	if i := bytes.IndexByte(seg, '.'); i >= 0 {
		if !digestFile(seg[i+1:]) {
			return false, false
		}
		seg, ext = seg[:i], true
	}
	for _, c := range seg {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false, false
		}
	}
	return len(seg) >= 32, ext
}

// digestFile reports whether ext (after the dot) may follow a digest in a
// downloaded file's name: a game launcher's or an updater's chunks
// (<md5>.chunk, <sha1>.pack, <sha256>.bin: benign8
// game-patch-chunk-downloads, a LAN of 3 PCs fetching 600 distinct
// chunks each at ~8/s, was banned for flood-rate at its 864th request).
// One short extension of letters and digits, not a page's: a site's pages
// named by a hash (/p/<md5>.html) are pages. A flood asking for random
// digests is answered 404 and never spared; one fetching a site's real
// chunks (their names are in a public manifest) is a tool's set, held by
// the spare's budget as any other (see the top of this file).
func digestFile(ext []byte) bool {
	if len(ext) == 0 || len(ext) > 6 {
		return false
	}
	for _, c := range ext {
		if (c < '0' || c > '9') && (c < 'a' || c > 'z') {
			return false
		}
	}
	switch string(ext) {
	case "html", "htm", "shtml", "xhtml", "php", "asp", "aspx", "jsp", "cgi", "json", "xml", "txt":
		return false
	}
	return true
}

// floodSpare returns the units client st's request ev at te costs, cost as
// the flood model priced it, and takes back two thirds of the request
// count's step when ev is a spared download (see the top of this file).
// page is the model's "neither asset nor WebDAV"; ring and older are the
// client's last eight path fingerprints before this request, pfp this
// one's; evid its cache evidence.
func (e *Engine) floodSpare(f *cflood, st []int64, te int64, ev *parser.Event, page bool, ring, older, pfp, evid uint64, cost int64) int64 {
	if ev.Status != 200 || ev.Size < floodSpareBytes || len(ev.Query) != 0 || string(ev.Method) != "GET" {
		return cost
	}
	file, ext := fileName(ev.Path)
	if !file {
		return cost
	}
	sameSize := floodSpareSameSize
	if ext {
		// A digest with an extension (digestFile): a catch-all answering
		// any such name with one page is spared fewer times.
		sameSize = floodSpareDigestSameSize
	}
	if e.spare == nil {
		// The tables (264 KiB) only on a site that serves downloads:
		// once per engine, not per line.
		e.spare = new(floodSpare)
	}
	if path, same := e.spare.seen(pfp, ev.Size, te/1e9); path >= floodSpareSeen || same >= sameSize {
		return cost
	}
	if inPaths(ring, older, pfp) || !e.spare.spend(ev.Client, te, 1) {
		// A repeat, or the client's budget is spent: a stream of
		// downloads, not a tool's set.
		return cost
	}
	return e.spareCost(f, st, te, ev, page, evid, cost)
}

// spareCost is the units a spared request costs, cost as the flood model
// priced it, and takes back two thirds of the request count's step unless
// the client already has more room.
func (e *Engine) spareCost(f *cflood, st []int64, te int64, ev *parser.Event, page bool, evid uint64, cost int64) int64 {
	if page {
		// A page's price without a Referer's extra; a browser's run of
		// bare pages (floodBareBrowser) keeps paying that.
		c := cost - 16 + f.asset
		if len(ev.Referer) == 0 {
			c -= f.bare
		}
		cost = max(c, f.asset)
	}
	if f.rawFloor <= 0 || uint64(st[floodUAs])>>48 != 0 || evidMany(evid) || evidCache(evid) {
		return cost
	}
	if raw := st[floodRaw]; raw > te {
		st[floodRaw] = max(raw-e.base.rawEmis*(floodSparePart-1)/floodSparePart, te)
	}
	return cost
}
