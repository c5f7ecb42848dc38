package detector

import (
	"bytes"
	"fmt"
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
// counts as a hint (listed, no points) when
//
//   - the site serves its name: servedK distinct client prefixes (/24,
//     /64) were answered 2xx on the name while otherwise clean, within
//     servedWindow of each other, or
//   - the client's own prefix is one of those that were: a client's
//     repeats of a name the site answers it are no new evidence (a monitor
//     polling /server-status earns the signature's points once, at its
//     first request, not at every poll; a member of staff once for
//     /phpmyadmin/ and not again for each of its pages and assets),
//
// and the answer's size is not the site's catch-all size (below).
//
// A name is the path's first segment (/phpmyadmin/themes/x.css is
// /phpmyadmin), decoded and lower-cased: an admin UI's pages and assets
// are one name, so its staff vouch for it together.
//
// Servable: signatures on the path alone, of categories probe,
// sensitive-file and cve-probe, weighing less than the escalation
// threshold. Never downgraded:
//
//   - payloads in the query or any other field (SQLi, XSS, traversal,
//     command injection, Log4Shell ...): a served path does not make a
//     payload sent to it harmless, and they are other hits of the same
//     request, judged as before;
//   - ban-alone path signatures (weight >= threshold): each names a secret
//     (.env, .git/, keys, credentials, backups, dumps, wp-config copies,
//     /actuator/env), an exploit endpoint (eval-stdin.php, /.;/ bypasses)
//     or a backdoor (webshell names, scripts under /.well-known/ or
//     /uploads/). A 2xx there is a leak or a compromise, not a reason to
//     trust the next client, and a single-page app's catch-all answers
//     every one of them 200;
//   - webshell and scanner categories, and the policy's own patterns;
//   - anything not answered 2xx (3xx included: a redirect to a login page
//     serves nothing; misses were never counted for most of these).
//
// Teaching. Only 2xx answers to clients with no points except from
// servable hits count (a scanner's first probe is clean, its probes after
// a ban-weight hit or a payload are not), one vote per /24 or /64 (one
// scanner network rotating addresses is one vote), servedK = 3 of them
// within servedWindow = 24 h. A site that really answers 200 to scanners
// on /server-status hands them the page whatever guardctl does; losing
// that signature's 5 points there leaves their other probes. Catch-all:
// a single-page app answers 200 with its index.html to any path. The
// sizes of 2xx answers to ban-alone path signatures (a probe of /.env or
// /.git/config answered 200 is almost always the catch-all) are kept
// (servedSizes of them): a vote or an answer of one of those sizes does
// not count as served, so scanners cannot teach a catch-all site that its
// /phpinfo.php is served, and a scanner probing /.env there is banned as
// ever (ban-alone).
//
// Memory: a fixed table of servedSets x servedWays names (2-way set
// associative, 40 bytes each: 160 KiB, made at the first 2xx servable hit), a
// fixed hash (FNV-1a 64: the same verdicts on every replay), event time.
// A new name takes the way with fewer votes, the older on a tie; a
// name served to servedK prefixes is kept over one that is not. Nothing
// per client. The table is consulted only for a request that has a
// servable hit and a 2xx answer: nothing is done for any other line.
const (
	servedK      = 3
	servedWindow = 24 * 60 * 60 // seconds
	servedSets   = 2048
	servedWays   = 2
	servedSizes  = 4
)

// RuleServed names the served-path memory in explain's notes.
const RuleServed = "served-path"

// servedEntry is one name of the served table.
type servedEntry struct {
	fp   uint64          // FNV-1a 64 of the lower-cased name; 0: empty
	sec  uint32          // event second (+1) of its latest vote or voter's answer
	n    uint8           // votes
	vote [servedK]uint32 // the voting prefixes' fingerprints
	size [servedK]uint32 // the size of each vote's answer (catch-all check)
}

// servedMemory is the engine's served-path table.
type servedMemory struct {
	t     []servedEntry // servedSets*servedWays, made on first use
	sizes [servedSizes]int64
	nsize uint8
}

// Kinds of catalogue signatures for the served-path memory.
const (
	sigPath     = 1 << iota // matched on the path alone
	sigServable             // and of a category whose names a site may serve
)

// pathSigs classifies the catalogue's path signatures (sigPath,
// sigServable: categories probe, sensitive-file and cve-probe); the
// weight is checked against the threshold per hit. Computed once: the
// catalogue is constant.
var pathSigs = sync.OnceValue(func() map[string]uint8 {
	m := map[string]uint8{}
	for _, in := range patterns.Catalogue() {
		if in.Field != patterns.FieldPath {
			continue
		}
		m[in.ID] = sigPath
		switch in.Category {
		case patterns.Probe, patterns.SensitiveFile, patterns.CVEProbe:
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

// keepServed drops from hits, in place, the servable hits on a name the
// site serves (or serves this client), listing them in e.hits with no
// points, and records this answer's vote. It is called for every request
// with hits; it returns at once unless the answer is a 2xx. It allocates
// nothing but the table, once.
func (e *Engine) keepServed(i uint32, te int64, ev *parser.Event, hits []patterns.Hit) []patterns.Hit {
	if ev.Status < 200 || ev.Status > 299 || len(hits) == 0 || e.c.threshold <= 0 {
		return hits
	}
	var some bool
	for j := range hits {
		h := &hits[j]
		if banAlonePath(h, e.c.threshold) {
			e.served.catchAll(ev.Size)
		} else if !some && servable(h, e.c.threshold) {
			some = true
		}
	}
	if !some {
		return hits
	}
	m := &e.served
	if m.t == nil {
		m.t = make([]servedEntry, servedSets*servedWays)
	}
	sec := uint32(te/1e9) + 1
	fp := servedName(ev.Path)
	voter := prefixFP(ev.Client)
	x := m.find(fp, sec)
	catch := m.isCatchAll(ev.Size)
	down := false
	if x != nil && !catch {
		own := x.voted(voter)
		down = own || x.served(m)
		if own {
			x.sec = sec // a voter's own answers keep the name alive
		}
	}
	if !down && !catch && e.clean(i, te) {
		if x == nil {
			x = m.take(fp, sec)
		}
		x.add(voter, ev.Size, sec)
	}
	if !down {
		return hits
	}
	out := hits[:0]
	for _, h := range hits {
		if servable(&h, e.c.threshold) {
			e.hits = append(e.hits, Hit{Rule: h.ID, Category: string(h.Category)})
			continue
		}
		out = append(out, h)
	}
	return out
}

// clean reports whether client i has no live points but from servable
// signatures: its vote counts.
func (e *Engine) clean(i uint32, te int64) bool {
	h := e.peekHeavy(i)
	if h == nil || h.points.sum == 0 {
		return true
	}
	cut := te - e.c.escWindow
	sigs := pathSigs()
	for _, pe := range h.points.live() {
		if pe.t > cut && (sigs[e.ruleNames[pe.rule]]&sigServable == 0 || int64(pe.pts) >= e.c.threshold) {
			return false
		}
	}
	return true
}

// find returns the live entry of name fp, or nil. An entry without a vote
// or answer within servedWindow is dropped.
func (m *servedMemory) find(fp uint64, sec uint32) *servedEntry {
	set := m.t[(fp%servedSets)*servedWays:][:servedWays]
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

// take returns a fresh entry for name fp in its set: an empty or stale
// way, else the one with fewer votes, the older on a tie.
func (m *servedMemory) take(fp uint64, sec uint32) *servedEntry {
	set := m.t[(fp%servedSets)*servedWays:][:servedWays]
	best := &set[0]
	for j := range set {
		x := &set[j]
		if x.fp == 0 || int64(sec)-int64(x.sec) > servedWindow {
			best = x
			break
		}
		if x.n < best.n || (x.n == best.n && x.sec < best.sec) {
			best = x
		}
	}
	*best = servedEntry{fp: fp, sec: sec}
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

// catchAll records size as the catch-all's (a 2xx to a ban-alone path
// signature); sizes 0 (HEAD, empty bodies) say nothing.
func (m *servedMemory) catchAll(size int64) {
	if size <= 0 || m.isCatchAll(size) {
		return
	}
	m.sizes[m.nsize%servedSizes] = size
	m.nsize++
}

func (m *servedMemory) isCatchAll(size int64) bool {
	if size <= 0 {
		return false
	}
	for _, s := range m.sizes {
		if s == size {
			return true
		}
	}
	return false
}

// servedName is the FNV-1a 64 hash of p's first segment, percent-escapes
// of letters, digits and '.' decoded and ASCII lower-cased, never 0.
func servedName(p []byte) uint64 {
	const off, prime = 14695981039346656037, 1099511628211
	h := uint64(off)
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '%' && i+2 < len(p) {
			if hi, ok := unhex(p[i+1]); ok {
				if lo, ok := unhex(p[i+2]); ok {
					c = hi<<4 | lo
					i += 2
				}
			}
		}
		if c == '/' && i > 0 {
			break
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		h = (h ^ uint64(c)) * prime
	}
	return h | 1
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
	name := ev.Path
	if j := bytes.IndexByte(ev.Path[min(1, len(ev.Path)):], '/'); j >= 0 {
		name = ev.Path[:j+1]
	}
	ok := ev.Status >= 200 && ev.Status <= 299
	var out []ModelNote
	if len(soft) > 0 {
		text := fmt.Sprintf("%s: a path signature a site may serve (status page, console, admin tool); answered %d, ", strings.Join(soft, ", "), ev.Status)
		if ok {
			text += fmt.Sprintf("so it counts as a hint (listed, no points) if the site serves the name %q: %d client prefixes (/24, /64) with no other points answered 2xx on it within %d h, or this client's own prefix was one of them (its repeats earn nothing: a monitor pays once); not when the answer's size is one the site gave a ban-alone probe (a catch-all page). Otherwise it counts, and this client's answer is a vote if it has no points but from such signatures",
				name, servedK, servedWindow/3600)
		} else {
			text += "not a 2xx: it counts its weight (only 2xx answers to clean clients teach the served-path memory)"
		}
		out = append(out, ModelNote{Rule: RuleServed, Text: text})
	}
	if len(hard) > 0 {
		text := fmt.Sprintf("%s: ban-alone, never a hint whatever the site serves (a 2xx there is a leak, an exploit or a backdoor)", strings.Join(hard, ", "))
		if ok && ev.Size > 0 {
			text += fmt.Sprintf("; this 2xx's size (%d) is taken for the site's catch-all page: answers of that size teach nothing", ev.Size)
		}
		out = append(out, ModelNote{Rule: RuleServed, Text: text})
	}
	return out
}
