package detector

import (
	"fmt"
	"hash/fnv"
	"net/netip"
	"strings"
	"sync"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/patterns"
	"github.com/guardctl/guardctl/rules"
)

// Served paths. The catalogue's status pages, consoles and admin tools
// (sensitive-server-status, sensitive-status-page, sensitive-phpinfo,
// sensitive-actuator, probe-db-admin, probe-tomcat-console ...) weigh 5
// and count on any answer: a scanner asking for them is looking for a
// leak. But a site may serve them to its own clients: a monitoring agent
// polls /server-status or /nginx_status every minute, a load balancer
// /fpm-status, the staff use /phpmyadmin/. Counted on every request, such
// a client was banned at its second request (fixture served-paths: before
// this, every monitor and every member of staff was banned, the worst
// benign ban: the monitor or the admin locked out by their own site).
//
// So a hit of a servable signature (below) on a request answered 2xx
// counts as a hint (listed, no points, Hit.Note says why) when
//
//   - the client's own prefix voted for the name: a client's repeats of a
//     name the site answers it are no new evidence (a monitor polling
//     /server-status earns the signature's points once, at its first
//     request, not at every poll; a member of staff once for /phpmyadmin/
//     and not again for each of its pages and assets), or
//   - the answer is a page (pageAnswer: a GET answered 200 with more than
//     servedSmall bytes) and servedK distinct client prefixes (/24, /64)
//     voted for the name,
//
// and the answer's size is not a catch-all size (below).
//
// A name is the path's first segment that is not empty or "." (repeated
// slashes, "./" and escaped slashes dropped), up to a ';' parameter,
// decoded (letters, digits, '.', '-', '_', '/') and lower-cased: an admin
// UI's pages and assets are one name, so its staff vouch for it together.
// A path with no name ("/", "//", "/;/") is never downgraded: one taught
// "/" would cover every root-level page.
//
// Servable: the allow-list servedRules (status pages, diagnostics pages,
// consoles and admin tools), on the path alone, weighing less than the
// escalation threshold. Never downgraded:
//
//   - every other signature: secrets named by path (key lists, data
//     exports, logs, configuration and build files, cookie jars) are not
//     made harmless by a 200, and their 2xx answers do not vote;
//   - payloads in the query or any other field (SQLi, XSS, traversal,
//     command injection, Log4Shell ...): a served path does not make a
//     payload sent to it harmless, and they are other hits of the same
//     request, judged as before;
//   - ban-alone path signatures (weight >= threshold): .env, .git/, keys,
//     backups, exploit endpoints, webshells. A 2xx there is a leak or a
//     compromise, and a single-page app's catch-all answers every one of
//     them 200;
//   - anything not answered 2xx (3xx included: a redirect to a login page
//     serves nothing; misses were never counted for most of these).
//
// Teaching. A vote is a page answer (above) to a client with no live
// points at all (a scanner's first probe is clean, its probes after any
// hit are not), one per /24 or /64 (one scanner network rotating
// addresses is one vote), servedK = 3 of them. A HEAD (no body), a 206
// (a part of the client's choosing) or a tiny body says nothing of what
// the site serves there: no vote, and others' votes do not downgrade it.
// A name is forgotten servedWindow = 24 h after its last vote or voter's
// answer (a voter's polls keep it). A site that really answers 200 to
// scanners on /server-status hands them the page whatever guardctl does;
// losing that signature's 5 points there leaves their other probes.
//
// Catch-all: a single-page app answers 200 with its index.html to any
// path. The sizes of page answers to ban-alone path signatures (a probe
// of /.env or /.git/config answered 200 is almost always the catch-all)
// are kept as ranges (servedSizes of them, +-2 %, up to servedSpread wide
// for a page with a nonce; the least seen is replaced, so a few probes
// answered otherwise cannot push out the size every scanner gets): a vote
// or an answer of one of those sizes does not count as served, so
// scanners cannot teach a catch-all site that its /phpinfo.php is served,
// and a scanner probing /.env there is banned as ever (ban-alone). A
// site where no ban-alone probe was ever answered 200 has no known
// catch-all: three clean prefixes asking a name once each (5 points each)
// teach it there.
//
// Memory: a fixed table of servedSets x servedWays names (2-way set
// associative, 40 bytes each: 160 KiB, made at the first 2xx servable hit),
// FNV-1a 64 keyed by a seed from the policy (the same verdicts on every
// replay with the same policy) and mixed, event time. A newcomer takes an
// empty or stale way, else the older of the ways not served and not voted
// or polled within servedKeep; a name served or polled lately is never
// evicted (names computed to share a monitor's set cannot push it out;
// the newcomer's vote is then not recorded). Nothing per client. The
// table is consulted only for a request that has a servable hit and a
// 2xx answer: nothing is done for any other line.
const (
	servedK      = 3
	servedWindow = 24 * 60 * 60 // seconds
	servedKeep   = 60 * 60      // seconds: a name voted or answered lately is not evicted for a newcomer
	servedSets   = 2048
	servedWays   = 2
	servedSizes  = 4
	servedSmall  = 64 // bytes: answers this small (empty bodies, HEAD, errors) say nothing of the page
	servedSpread = 10 // %: the widest catch-all size range (a page with a nonce)
	servedSecond = 1  // points: a client's second served name (oneServedName)
)

// RuleServed names the served-path memory in explain's notes.
const RuleServed = "served-path"

// NoteServed is the reason a downgraded hit carries (Hit.Note): analyze
// --explain shows it beside the hit's +0.
const NoteServed = "served-path: a name the site serves, a hint"

// NoteServedOnce is the reason of a servable hit dropped beside a heavier
// (or earlier) one of the same answered request (servedOnce).
const NoteServedOnce = "served-path: one servable signature per request answered, a hint"

// servedRules is the allow-list of signatures a site may serve: status
// pages, diagnostics pages, consoles and admin tools. Nothing else is ever
// downgraded: secrets (key lists, data exports, logs, configuration and
// build files, cookie jars, configuration exports) stay points whatever
// the site answers.
var servedRules = map[string]bool{
	"sensitive-server-status":  true,
	"sensitive-status-page":    true,
	"sensitive-phpinfo":        true,
	"probe-php-diagnostics":    true,
	"sensitive-actuator":       true,
	"sensitive-spring-boot1":   true, // /actuator/ping, /actuator/health-check, /hystrix.stream, root /jolokia: sensitive-actuator's family
	"probe-jboss":              true, // /jmx-console/, /web-console/: consoles like probe-tomcat-console
	"probe-db-admin":           true,
	"probe-tomcat-console":     true,
	"probe-java-console":       true,
	"probe-jenkins":            true,
	"probe-aspnet-diagnostics": true,
	"coldfusion-admin-path":    true,
	"probe-service-console":    true,
	// path-param-empty (5: /api;/config, Tomcat's ';' past a proxy's
	// rules) is a site's own spelling where its pages carry bare ';'
	// segments (/catalog;/item/4): every visitor sent it, each banned at
	// its 2nd page. Its 2xx answers vote like a status page's: a client
	// pays once per name, a name 3 clean prefixes were answered is a hint;
	// misses, /.;/ (path-param-bypass, 10) and any payload still count.
	"path-param-empty": true,
}

// servedEntry is one name of the served table.
type servedEntry struct {
	fp   uint64          // keyed hash of the name; 0: empty
	sec  uint32          // event second (+1) of its latest vote or voter's answer
	n    uint8           // votes
	vote [servedK]uint32 // the voting prefixes' fingerprints
	size [servedK]uint32 // the size of each vote's answer (catch-all check)
	own  bool            // an exact path's own marks (never served, evictable)
}

// servedMemory is the engine's served-path table.
type servedMemory struct {
	t     []servedEntry // servedSets*servedWays, made on first use
	seed  uint64        // hash key, from the policy (servedSeed)
	name  []byte        // scratch: the name being looked up
	sizes [servedSizes]sizeRange
	seen  [servedSizes]uint32 // answers in each catch-all range (the least seen is replaced)
}

// sizeRange is a catch-all's answer sizes seen, lo to hi bytes.
type sizeRange struct{ lo, hi int64 }

// Kinds of catalogue signatures for the served-path memory.
const (
	sigPath     = 1 << iota // matched on the path alone
	sigServable             // and on the allow-list servedRules
)

// pathSigs classifies the catalogue's path signatures (sigPath,
// sigServable); the weight is checked against the threshold per hit.
// Computed once: the catalogue is constant.
var pathSigs = sync.OnceValue(func() map[string]uint8 {
	m := map[string]uint8{}
	for _, in := range patterns.Catalogue() {
		if in.Field != patterns.FieldPath {
			continue
		}
		m[in.ID] = sigPath
		if servedRules[in.ID] {
			m[in.ID] |= sigServable
		}
	}
	return m
})

// servable reports whether hit h may become a hint on a served name.
func servable(h *patterns.Hit, threshold int64) bool {
	return h.Weight > 0 && int64(h.Weight) < threshold && h.Only == 0 && pathSigs()[h.ID]&sigServable != 0
}

// banAlonePath reports whether h is a ban-alone path signature: a 2xx
// answer to it gives the catch-all's size away.
func banAlonePath(h *patterns.Hit, threshold int64) bool {
	return int64(h.Weight) >= threshold && h.Only == 0 && pathSigs()[h.ID]&sigPath != 0
}

// pageAnswer reports whether ev's answer is a whole page of known size: a
// GET (or a format without the method) answered 200 with more than
// servedSmall bytes. Only such answers vote, teach the catch-all's size
// or let others' votes downgrade: a HEAD (no body), a 206 (a size of the
// client's choosing) or an empty body says nothing of what the site
// serves there.
func pageAnswer(ev *parser.Event) bool {
	return ev.Status == 200 && ev.Size > servedSmall && (len(ev.Method) == 0 || string(ev.Method) == "GET")
}

// keepServed drops from hits, in place, the servable hits on a name the
// site serves (or serves this client), listing them in e.hits with no
// points, and records this answer's vote. The caller calls it only for a
// 2xx answer with hits. It allocates nothing but the table, once.
func (e *Engine) keepServed(i uint32, te int64, ev *parser.Event, hits []patterns.Hit) []patterns.Hit {
	if e.c.threshold <= 0 {
		return hits
	}
	if patterns.Missed(ev.Status) {
		return hits // a miss serves nothing: judged as ever
	}
	page := pageAnswer(ev)
	ok := ev.Status >= 200 && ev.Status <= 299
	some := 0
	merge := 0 // servable hits servedOnce may merge
	for j := range hits {
		h := &hits[j]
		if banAlonePath(h, e.c.threshold) {
			if page {
				e.served.catchAll(ev.Size)
			}
		} else if servable(h, e.c.threshold) {
			some++
			if servedMerges(h) {
				merge++
			}
		}
	}
	if some == 0 {
		return hits
	}
	m := &e.served
	m.name = servedNameText(ev.Path, m.name[:0])
	if len(m.name) == 0 {
		return hits // "/" or no name: never downgraded, no vote
	}
	if m.t == nil {
		m.t = make([]servedEntry, servedSets*servedWays)
		m.seed = servedSeed(e.pol)
	}
	sec := uint32(te/1e9) + 1
	fp := m.hash(m.name)
	voter := prefixFP(ev.Client)
	x := m.find(fp, sec)
	catch := m.isCatchAll(ev.Size)
	if merge > 1 && (page && !catch || !ok) {
		// A page the site has (not its catch-all), or an answer that
		// says a page is there (a redirect, 401, 403): the request's
		// servable signatures name one thing; a 206, an empty body or a
		// catch-all size keep them all (a scanner's //phpinfo.php).
		hits = e.servedOnce(hits)
	}
	down := false
	if x != nil {
		// The catch-all check guards only others' votes: a client's own
		// repeats of a name it was answered are no new evidence whatever
		// the size (a monitor whose page falls in a catch-all range).
		own := x.voted(voter)
		down = own || (page && !catch && x.served(m))
		if own {
			x.sec = sec // a voter's own answers keep the name alive
		}
	}
	// The client's own mark on the exact path: an answer that cannot vote
	// (HEAD, empty or tiny body, POST, a catch-all size) to a clean
	// client. Its repeats of that exact path are hints; it never counts
	// toward servedK, and other paths of the name are not covered (a HEAD
	// scanner's later /admin/* probes still count).
	//
	// An answer that is not a 2xx and not a miss (a redirect to a login
	// page, a 304 of a cached asset, a 401 or 403 of a page behind auth,
	// a 503 of a health page whose service is down) marks the exact path
	// for the client's prefix, as a 2xx that cannot vote does: a monitor's
	// or staff's repeats of it are no new evidence. Never the name: a
	// site refusing all of /api/* or /admin/* 401/403/302 taught the
	// memory with a scanner's own first probe there, and its later probes
	// of that first segment from the /24 (actuator, jolokia, phpinfo, db
	// admins, even answered 200) were hints (review s8 of fbadafd). Such
	// a mark is never a vote either. It also marks the name for that
	// signature alone (nameRuleHash), and only a later answer the site
	// let it use (servedLetIn) of the same signature under the name is excused
	// by it: phpMyAdmin staff sent from /phpmyadmin/ (302) to its pages
	// and cached assets. A scanner's probes the site refuses too, or of
	// other signatures, count.
	pfp := m.pathHash(ev.Path, voter)
	nrk := m.nameRuleHash(m.name, voter, firstServable(hits, e.c.threshold))
	if !down {
		if xp := m.find(pfp, sec); xp != nil && xp.voted(voter) {
			down, xp.sec = true, sec
		} else if xp := m.find(nrk, sec); xp != nil && servedLetIn(ev) && xp.voted(voter) {
			down, xp.sec = true, sec
		}
	}
	if !down && page && !catch && e.oneServedName(i, te) {
		// A second name the site serves this client as a page: a
		// monitor polling /server-status and /fpm-status, staff using
		// phpMyAdmin then Adminer. It costs servedSecond points, not its
		// weight, and marks the exact path for the client's prefix (its
		// polls of it are hints; not the name: a scanner's later probes
		// under the same first segment were hints, review s8); a third
		// name counts in full (a scanner's).
		m.markOwn(pfp, voter, ev.Size, sec)
		m.markOwn(nrk, voter, ev.Size, sec)
		for j := range hits {
			if servable(&hits[j], e.c.threshold) {
				hits[j].Weight = min(hits[j].Weight, servedSecond)
			}
		}
		return hits
	}
	if !down && e.clean(i, te) {
		if page && !catch {
			if x == nil {
				x = m.take(fp, sec)
			}
			if x != nil {
				x.add(voter, ev.Size, sec)
			}
		} else {
			m.markOwn(pfp, voter, ev.Size, sec)
			if !ok {
				m.markOwn(nrk, voter, ev.Size, sec)
			}
		}
	}
	if !down {
		return hits
	}
	out := hits[:0]
	for _, h := range hits {
		if servable(&h, e.c.threshold) {
			e.hits = append(e.hits, Hit{Rule: h.ID, Category: string(h.Category), Note: NoteServed})
			continue
		}
		out = append(out, h)
	}
	return out
}

// servedOnce keeps, of the servable hits of one answered request (not a
// miss), only the first of the heaviest; the others are listed as hints
// (NoteServedOnce). /phpinfo.php is sensitive-phpinfo and
// probe-php-diagnostics, 5 points each in two categories: a monitor
// polling the page on a site that serves it was banned at its first poll
// (10 points), before the served memory saw it. A name is one thing the
// site may serve; a miss still counts every signature.
func (e *Engine) servedOnce(hits []patterns.Hit) []patterns.Hit {
	keep := -1
	for j := range hits {
		if servable(&hits[j], e.c.threshold) && servedMerges(&hits[j]) && (keep < 0 || hits[j].Weight > hits[keep].Weight) {
			keep = j
		}
	}
	out := hits[:0]
	for j, h := range hits {
		if j != keep && servable(&h, e.c.threshold) && servedMerges(&h) {
			e.hits = append(e.hits, Hit{Rule: h.ID, Category: string(h.Category), Note: NoteServedOnce})
			continue
		}
		out = append(out, h)
	}
	return out
}

// servedLetIn reports an answer by which the site let the client use what
// it asked for: a 2xx, a 304 of its cache, or a form's POST redirected
// (post/redirect/get). A scanner's GET probes of a site that refuses them
// (401, 403, 302 to a login page) are none.
func servedLetIn(ev *parser.Event) bool {
	return ev.Status >= 200 && ev.Status <= 299 || ev.Status == 304 ||
		ev.Status >= 300 && ev.Status <= 399 && string(ev.Method) == "POST"
}

// markOwn marks key (an exact path's or a name and signature's) for
// prefix voter: an own mark, never a vote.
func (m *servedMemory) markOwn(key uint64, voter uint32, size int64, sec uint32) {
	xp := m.find(key, sec)
	if xp == nil {
		if xp = m.take(key, sec); xp != nil {
			xp.own = true
		}
	}
	if xp != nil {
		xp.add(voter, size, sec)
	}
}

// firstServable is the id of the first servable hit ("" if none).
func firstServable(hits []patterns.Hit, threshold int64) string {
	for j := range hits {
		if servable(&hits[j], threshold) {
			return hits[j].ID
		}
	}
	return ""
}

// nameRuleHash is the key of a name marked by prefix v for signature id
// alone: a refused first request of a name excuses the same signature's
// later answered requests under it, not other probes of the name.
func (m *servedMemory) nameRuleHash(name []byte, v uint32, id string) uint64 {
	h := m.pathHash(name, v) // a name has no '/': never an exact path's key
	for i := 0; i < len(id); i++ {
		h = (h ^ uint64(id[i])) * 1099511628211
	}
	h ^= h >> 29
	if h == 0 {
		h = 1
	}
	return h
}

// servedMerges reports whether servedOnce may merge h with the request's
// other servable hits: the signatures that name the thing at the path
// (sensitive-file and probe families). path-param-empty is no name but a
// proxy bypass written into it (/admin;/phpinfo.php): merged, a 403 of
// it went from 15 points to 5 (review s8). It counts beside the name.
func servedMerges(h *patterns.Hit) bool {
	return h.Category == patterns.SensitiveFile || h.Category == patterns.Probe
}

// oneServedName reports whether client i's only live points are one hit
// of a servable signature: the points of the first name it was served.
func (e *Engine) oneServedName(i uint32, te int64) bool {
	h := e.peekHeavy(i)
	if h == nil || h.points.sum == 0 {
		return false
	}
	cut := te - e.c.escWindow
	n := 0
	for _, pe := range h.points.live() {
		if pe.t <= cut || pe.pts <= 0 {
			continue
		}
		if n++; n > 1 || int(pe.rule) >= len(e.ruleNames) || pathSigs()[e.ruleNames[pe.rule]]&sigServable == 0 || int64(pe.pts) >= e.c.threshold {
			return false
		}
	}
	return n == 1
}

// clean reports whether client i has no live points at all: its vote
// counts.
func (e *Engine) clean(i uint32, te int64) bool {
	h := e.peekHeavy(i)
	if h == nil || h.points.sum == 0 {
		return true
	}
	cut := te - e.c.escWindow
	for _, pe := range h.points.live() {
		if pe.t > cut && pe.pts > 0 {
			return false
		}
	}
	return true
}

// set returns the ways of name fp's set. The hash's low bit is forced to
// 1 (0 marks an empty way), so the set is taken from the bits above it.
func (m *servedMemory) set(fp uint64) []servedEntry {
	return m.t[((fp>>1)%servedSets)*servedWays:][:servedWays]
}

// find returns the live entry of name fp, or nil. An entry without a vote
// or voter's answer within servedWindow is dropped.
func (m *servedMemory) find(fp uint64, sec uint32) *servedEntry {
	set := m.set(fp)
	for j := range set {
		x := &set[j]
		if x.fp != fp {
			continue
		}
		if int64(sec)-int64(x.sec) > servedWindow {
			*x = servedEntry{}
			return nil
		}
		return x
	}
	return nil
}

// take returns a fresh entry for name fp in its set, or nil: an empty or
// stale way, else one not served (fewer than servedK votes) without a vote
// or voter's answer for servedKeep, the older. A served name, or one
// voted or polled within servedKeep, is never evicted for a newcomer
// (whose one vote is then not recorded): names sharing a set cannot push
// a monitor's name out.
func (m *servedMemory) take(fp uint64, sec uint32) *servedEntry {
	set := m.set(fp)
	var best *servedEntry
	for j := range set {
		x := &set[j]
		age := int64(sec) - int64(x.sec)
		if x.fp == 0 || age > servedWindow {
			best = x
			break
		}
		if age <= servedKeep || (x.n >= servedK && !x.own) {
			continue
		}
		if best == nil || x.sec < best.sec {
			best = x
		}
	}
	if best != nil {
		*best = servedEntry{fp: fp, sec: sec}
	}
	return best
}

// voted reports whether prefix v has voted for the name.
func (x *servedEntry) voted(v uint32) bool {
	for j := range x.n {
		if x.vote[j] == v {
			return true
		}
	}
	return false
}

// add records prefix v's vote (answer size) at sec, once per prefix.
func (x *servedEntry) add(v uint32, size int64, sec uint32) {
	x.sec = sec
	if x.n >= servedK || x.voted(v) {
		return
	}
	x.vote[x.n], x.size[x.n] = v, uint32(min(max(size, 0), 1<<32-1))
	x.n++
}

// served reports whether servedK prefixes voted with answers whose sizes
// are not catch-all sizes (a size learnt after the vote takes it back).
func (x *servedEntry) served(m *servedMemory) bool {
	n := 0
	for j := range x.n {
		if !m.isCatchAll(int64(x.size[j])) {
			n++
		}
	}
	return n >= servedK
}

// catchAll records size (a GET answered 200 to a ban-alone path
// signature, more than servedSmall bytes) as a catch-all size. A size
// within 2 % of a known range widens it (a catch-all whose page carries a
// nonce varies a little: every scanner's answer fills the range in), up
// to servedSpread; a new size replaces the least seen range (the older on
// a tie), so the catch-all's own sizes, which every scanner's probe is
// answered with, cannot be flushed by a few probes answered otherwise.
func (m *servedMemory) catchAll(size int64) {
	if size <= servedSmall {
		return
	}
	if j := m.catchSlot(size); j >= 0 {
		r := &m.sizes[j]
		if lo, hi := min(r.lo, size), max(r.hi, size); (hi-lo)*100 <= lo*servedSpread {
			r.lo, r.hi = lo, hi
		}
		m.seen[j] = min(m.seen[j]+1, 1<<31)
		return
	}
	k := 0
	for j := range m.sizes {
		if m.seen[j] < m.seen[k] {
			k = j
		}
	}
	m.sizes[k], m.seen[k] = sizeRange{size, size}, 1
}

// catchSlot returns the slot of the known catch-all range within 2 % of
// size, or -1.
func (m *servedMemory) catchSlot(size int64) int {
	for j, r := range m.sizes {
		if r.lo > 0 && size >= r.lo-r.lo/50 && size <= r.hi+r.hi/50 {
			return j
		}
	}
	return -1
}

func (m *servedMemory) isCatchAll(size int64) bool {
	return size > servedSmall && m.catchSlot(size) >= 0
}

// servedNameText appends to buf p's name: its first segment that is not
// empty or ".", up to a path parameter (';'), with repeated slashes
// collapsed, percent-escapes of letters, digits, '.', '-', '_' and '/'
// decoded (so /%2fphpinfo.php and //phpinfo.php are phpinfo.php) and
// ASCII lower-cased. Empty for "/" and for paths with no such segment:
// those are never downgraded.
func servedNameText(p []byte, buf []byte) []byte {
	start := len(buf)
	param := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '%' && i+2 < len(p) {
			if hi, ok := unhex(p[i+1]); ok {
				if lo, ok := unhex(p[i+2]); ok {
					if d := hi<<4 | lo; d == '/' || d == '.' || d == '-' || d == '_' || 'a' <= d|0x20 && d|0x20 <= 'z' || '0' <= d && d <= '9' {
						c = d
						i += 2
					}
				}
			}
		}
		if c == '/' {
			if n := buf[start:]; len(n) > 0 && string(n) != "." {
				break
			}
			buf, param = buf[:start], false
			continue
		}
		if c == ';' {
			param = true
		}
		if param {
			continue
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	if string(buf[start:]) == "." {
		buf = buf[:start]
	}
	return buf
}

// hash is the name's FNV-1a 64 keyed by the memory's seed, never 0.
func (m *servedMemory) hash(name []byte) uint64 {
	return keyedFNV(14695981039346656037^m.seed, name)
}

// pathHash is the keyed hash of the exact path p marked by prefix v (own
// marks: one entry per prefix and path, so any number of monitors may
// mark the same path; an entry has room for only servedK prefixes), apart
// from the names' hashes (a different key), never 0.
func (m *servedMemory) pathHash(p []byte, v uint32) uint64 {
	return keyedFNV(14695981039346656037^m.seed^0x9e3779b97f4a7c15^uint64(v)<<32, p)
}

// keyedFNV is FNV-1a 64 of b from the keyed offset h, its high bits mixed
// into the low ones (the set index is taken from them), never 0.
func keyedFNV(h uint64, b []byte) uint64 {
	const prime = 1099511628211
	for _, c := range b {
		h = (h ^ uint64(c)) * prime
	}
	h ^= h >> 29
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 32
	return h | 1
}

// servedSeed keys the name hash with the policy's own choices (trap
// paths, throttles, escalation): a replay with the same policy gives the
// same verdicts, and a site whose policy differs from the default one
// has sets an attacker cannot compute from the catalogue alone.
func servedSeed(p *rules.Policy) uint64 {
	h := fnv.New64a()
	if p != nil {
		fmt.Fprintf(h, "%d %d %d|", p.Escalation.Threshold, p.Escalation.Window, len(p.Throttles))
		for _, t := range p.Traps {
			fmt.Fprintf(h, "%s %s|", t.Exact, t.Prefix)
			if t.Regex != nil {
				h.Write([]byte(t.Regex.String()))
			}
		}
		for _, t := range p.Throttles {
			fmt.Fprintf(h, "%s %d %d|", t.ID, t.Limit, t.Window)
		}
	}
	return h.Sum64()
}

// prefixFP is the fingerprint of a's /24 (IPv4) or /64 (IPv6), never 0.
func prefixFP(a netip.Addr) uint32 {
	a = a.Unmap()
	const off, prime = 2166136261, 16777619
	h := uint32(off)
	if a.Is4() {
		b := a.As4()
		for _, c := range b[:3] {
			h = (h ^ uint32(c)) * prime
		}
		return h | 1
	}
	b := a.As16()
	for _, c := range b[:8] {
		h = (h ^ uint32(c)) * prime
	}
	return (h^6)*prime | 1
}

// describeServed says how the served-path memory treats ev's path
// signatures, for `explain` (it allocates; not the hot path).
func describeServed(p *rules.Policy, ev *parser.Event) []ModelNote {
	if p.Patterns == nil || ev.Kind != parser.KindRequest || p.Escalation.Threshold <= 0 {
		return nil
	}
	hits := p.Patterns.Match(&patterns.Request{Method: ev.Method, Path: ev.Path, Query: ev.Query, UA: ev.UA, Referer: ev.Referer}, nil)
	var soft, hard []string
	for _, h := range hits {
		switch {
		case h.Only != 0:
		case servable(&h, int64(p.Escalation.Threshold)):
			soft = append(soft, h.ID)
		case banAlonePath(&h, int64(p.Escalation.Threshold)):
			hard = append(hard, h.ID)
		}
	}
	if len(soft) == 0 && len(hard) == 0 {
		return nil
	}
	name := string(servedNameText(ev.Path, nil))
	ok := ev.Status >= 200 && ev.Status <= 299
	var out []ModelNote
	if len(soft) > 0 {
		text := fmt.Sprintf("%s: a path signature a site may serve (status page, console, admin tool); answered %d, ", strings.Join(soft, ", "), ev.Status)
		if ok {
			switch {
			case name == "":
				text += "but the path names nothing (\"/\" once slashes, \";\" parameters and \"./\" are dropped): it counts its weight and teaches nothing"
			default:
				text += fmt.Sprintf("so it counts as a hint (listed, no points, %q) when this client's own prefix voted for the name %q or marked this exact path (its repeats earn nothing: a monitor pays once), or when it is a GET answered 200 with more than %d bytes, not of a catch-all size (within 2 %% of the sizes the site gave ban-alone probes; a range up to %d %% wide when its page varies), and %d client prefixes (/24, /64) voted for the name (the name is forgotten after %d h without a vote or a voter's answer). Otherwise it counts; if the client has no points at all, such a GET is a vote for the name, and any other 2xx (a HEAD, a POST, a body of %d bytes or less, a catch-all size) marks only this exact path for the client's prefix: its repeats of it become hints, other paths of the name still count, and the mark is no vote",
					NoteServed, name, servedSmall, servedSpread, servedK, servedWindow/3600, servedSmall)
			}
		} else {
			text += "not a 2xx: it counts its weight (only 2xx answers to clean clients teach the served-path memory)"
		}
		out = append(out, ModelNote{Rule: RuleServed, Text: text})
	}
	if len(hard) > 0 {
		text := fmt.Sprintf("%s: ban-alone, never a hint whatever the site serves (a 2xx there is a leak, an exploit or a backdoor)", strings.Join(hard, ", "))
		if pageAnswer(ev) {
			text += fmt.Sprintf("; this 200's size (%d, +-2 %%) is taken for the site's catch-all page: answers of that size teach nothing", ev.Size)
		}
		out = append(out, ModelNote{Rule: RuleServed, Text: text})
	}
	return out
}
