package detector

import (
	"bytes"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/patterns"
)

// A slow scan: a word list tried at one name a minute or slower, the odd
// page of the site in between, so that neither the scan throttle (names
// per 10 s) nor the word-list backstop (8 names in 10 minutes) nor the
// hints' points (weight 1-3 each, within escalation.window) add up
// (gridbench -held slower-scanner: one name every 40-120 s, 7-17 requests
// in 15 minutes; 1 to 2 of 6 missed per variant). Its evidence is what a
// long window shows: most of what the client asks for is a name the site
// does not have, every time a new one, several of them names the
// catalogue knows scanners ask for.
//
// Per client, within slowWindow of the first name counted (event time):
// the distinct names it missed (404, 410, 444 to a GET or HEAD; a name is
// the path's first segment, /docs/old/page is /docs, but a file with a
// backup or dump extension, /backup/site.tar.gz, is its own name: a
// backup list tried under one directory), and how many of them carried a
// pattern hit of the catalogue (a word-list hint, a sensitive file, a
// product's console: names scanners ask for). A miss is a violation
// of RuleSlowScan (category probe, the escalation threshold's points: a
// ban) when
//
//   - slowNames distinct names were missed within slowWindow,
//   - slowHints of them or more were names the catalogue knows,
//   - the names are at least 2/3 of the misses counted in the window (a
//     scanner tries each name once; a crawler revisiting a migrated
//     site's old URLs asks for many pages under each old section), and
//   - the client's misses are at least half of its recent requests (the
//     hints' counts, hints.go: its last 32-64 requests), and
//   - the window has lasted slowSpan: a monitor checking six removed
//     endpoints asks for six new names within seconds, then for the same
//     ones again (a slow scanner's names come a minute apart; faster
//     ones are the scan throttle's and the backstop's).
//
// Then counting starts again. What keeps the look-alikes out: Googlebot
// re-crawling a removed section asks for many pages of one name; a person
// clicking broken links, a NAT, a crawler working through a stale sitemap
// miss a few names among many pages (under half); the old URLs of a
// migrated site are mostly post slugs and sections, not scanners'
// word-list names, so they do not reach slowHints (fixture slow-scan).
//
// Review B of 9ab991d (a monitor this comment called safe was banned):
// Uptime-Kuma polling six removed endpoints 3 s apart every minute was
// banned at its 14th request, blackbox probes staggered over 5 minutes
// after 7, Googlebot re-crawling a former WordPress site after a few
// dozen. The window forgot its first miss and dropped its oldest name
// when full, so a monitor's names came back as new, and the names of a
// WordPress page's head (/wp-includes/wlwmanifest.xml, linked from every
// page; /author/admin/, an author's archive) counted as scanners'. So:
// every name missed in the window is held (slowHeld fingerprints, the
// first miss's included) and a name held never counts as new again; a
// full window starts again; the misses are never shrunk; a name counts
// as known only for a catalogue hit of weight 2 or more whose path is no
// page WordPress links (slowPageName); a violation needs slowHints known
// names and the client's misses at least 2/3 of its recent requests. A
// monitor's names repeat from its second round: it adds no name after
// its first. What it lets through: a scanner slower than slowNames names
// an hour, one that fetches two pages for every name it tries, one whose
// list has fewer than slowHints names the catalogue knows, and a monitor
// whose first round alone looks like a scan (6 endpoints, 2 of them
// scanners' names, spread over 2 minutes). slowHints stays 2: with 3,
// gridbench -held -seeds 3,4 slower-scanner fell from 80 to 78 of 84.
//
// State: in the heavy state (taken at the client's first miss while its
// misses are half its requests): the window's start, slowHeld 32-bit name
// fingerprints (a fixed hash, FNV-1a: the same verdicts in every process
// replaying a log), the counts.
const (
	slowNames  = 6
	slowHeld   = 16
	slowHints  = 2
	slowWindow = 60 * 60 // seconds
	slowSpan   = 2 * 60  // seconds: the names' least spread
)

// RuleSlowScan is the rule id of the slow scan's violations.
const RuleSlowScan = "slow-scan"

// slowScan is a client's window of missed names.
type slowScan struct {
	start  uint32 // event second (+1) of the window's first name; 0: none
	names  [slowHeld]uint32
	n      uint8 // distinct names in names
	hints  uint8 // of them, names with a pattern hit
	misses uint8 // misses counted in the window, repeats of a name included
}

// slowScanMiss counts client i's miss ev at te (hint counts v: requests
// and misses; hits: the request's pattern hits) and reports a violation.
func (e *Engine) slowScanMiss(i uint32, v int64, te int64, ev *parser.Event, hits []patterns.Hit) bool {
	if m := string(ev.Method); m != "GET" && m != "HEAD" {
		return false
	}
	req, miss := uint64(v)>>32, uint64(v)&(1<<32-1)
	h := e.peekHeavy(i)
	if h == nil {
		// Not at the first miss: every client whose first request
		// misses (a one-shot probe, a spray) would take heavy state,
		// and at 1M such clients the daemon's peak RSS went from 177 MB
		// to 864 MB (bench/daemon -mode rss, 36c7a56). The first
		// miss's name is not held; the names-to-misses and miss-share
		// tests keep a monitor whose first name comes round again
		// from counting it twice (fixture slow-scan-review).
		if miss < 2 || 2*miss < req {
			return false
		}
		h = e.heavyOf(i)
	}
	s := &h.slow
	sec := uint32(te/1e9) + 1
	if s.start == 0 || int64(sec)-int64(s.start) > slowWindow || int64(sec) < int64(s.start) {
		*s = slowScan{start: sec}
	}
	s.misses = min(s.misses+1, 0xff)
	// Bit 0 of a stored fingerprint says the name was known to the
	// catalogue; bit 1 keeps it non-zero.
	fp := fnv32(slowName(ev.Path))&^1 | 2
	for _, x := range s.names[:s.n] {
		if x&^1 == fp {
			return false
		}
	}
	if s.n == slowHeld {
		// Full without a violation: start again with this name.
		*s = slowScan{start: sec, misses: 1}
	}
	if slowKnown(ev.Path, hits) {
		fp |= 1
		s.hints++
	}
	s.names[s.n] = fp
	s.n++
	if s.n < slowNames {
		return false
	}
	if s.hints >= slowHints && 3*miss >= 2*req && 3*int(s.n) >= 2*int(s.misses) && int64(sec)-int64(s.start) >= slowSpan {
		*s = slowScan{}
		return true
	}
	return false
}

// slowKnown reports whether a miss of path p with pattern hits counts as
// a name the catalogue knows: a hit of weight 2 or more, and p no page a
// WordPress site links (slowPageName).
func slowKnown(p []byte, hits []patterns.Hit) bool {
	if slowPageName(p) {
		return false
	}
	for _, h := range hits {
		if h.Weight >= 2 && h.ID != RuleSlowScan {
			return true
		}
	}
	return false
}

// slowPageName reports the paths a WordPress site's pages link, which a
// crawler of a former WordPress site asks for: an author's archive
// (/author/...) and the files of the page head under /wp-includes/
// (wlwmanifest.xml among them).
func slowPageName(p []byte) bool {
	return bytes.HasPrefix(p, []byte("/author/")) || bytes.Contains(p, []byte("wp-includes")) || bytes.Contains(p, []byte("wlwmanifest"))
}

// slowName is the name path p counts as: its first segment, or the whole
// path when it ends in a backup or dump file.
func slowName(p []byte) []byte {
	if backupFile(p) {
		return p
	}
	return firstSegment(p)
}

// backupExts are the extensions of backup and dump files that scanners'
// lists try under every directory.
var backupExts = [...]string{".zip", ".tar", ".tar.gz", ".tgz", ".gz", ".bz2", ".7z", ".rar", ".sql", ".bak", ".old", ".backup", ".dump"}

// backupFile reports whether p ends in one of backupExts (ASCII case
// ignored).
func backupFile(p []byte) bool {
	if bytes.IndexByte(p, '.') < 0 {
		return false
	}
	for _, x := range backupExts {
		if hasSuffixFold(p, x) {
			return true
		}
	}
	return false
}

// slowScanHit is the patterns.Hit a slow scan's violation adds.
func (e *Engine) slowScanHit() patterns.Hit {
	return patterns.Hit{ID: RuleSlowScan, Category: patterns.Probe, Weight: int(min(e.c.threshold, 1<<30))}
}
