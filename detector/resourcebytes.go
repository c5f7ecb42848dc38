package detector

import (
	"github.com/guardctl/guardctl/parser"
)

// RuleResourceBytes is the rule id of the bytes-served model: one address
// downloading one large file many times over, whole or in ranges.
//
// It is a bandwidth flood (attacks5 range-download-bandwidth-flood: 5
// addresses asking for random 50-200 MB ranges of one 4.7 GB ISO 1.5-2
// times a second for 30 minutes, ~335 GB each, 67-71 times the file). No
// request count sees it (2-3 requests/s is under every floor), and the
// requests are all answered 206: the damage is in the bytes, which no
// other rule counts.
//
// What no downloader produces: a download manager fetches a file once,
// in up to 16 segments, re-fetching a few on a resume (benign3
// range-downloads: aria2 -x16 -s16 three runs of one DVD image, about 3
// times its size; IDM 8 connections and 30 segments, 1.3 times; attacks5's
// real downloaders, 1.2 times at most). Bytes are measured against the
// file's own size, learned from a whole answer (200) to any client, so
// the rule needs no byte limit that depends on the site.
//
// Counted: GET answers 206 (ranges) without a Referer, on a path whose
// size the site table knows (resourceMin bytes or more), the path decoded
// and cleaned as the server serves it. A whole answer (200) only teaches
// the size: whole downloads of one file behind a NAT are its users, one
// each (review rev-abuse s13: 14 podcast apps behind a mobile CGNAT, 20
// k8s nodes pulling one layer, 12 CI jobs an hour, 30 apt clients of a
// lab were all banned when 200s counted). A browser sends its
// page as the Referer for a download link and for video it streams in
// ranges: an office NAT where 200 people watch the same recording of an
// all-hands, from one managed browser build, is not counted. A download
// tool sends none. More than resourceFactor times the size in bytes,
// within resourceWindow of the client's first counted answer on that
// path, is a violation worth the flood model's weight.
//
// The holes: the size must have been seen whole once (a site whose file
// nobody downloads whole is not judged: attacks5's first whole download
// came 86 s after the flood began, and each flooder was banned about 3
// minutes after that); a flooder that sends a Referer, or alternates two
// files (the window follows one path per client, a new path starts it
// again), is not counted; nor is a flood of whole downloads (200), which
// costs the flooder the whole file each time and is the shape of many
// users behind one NAT. A CGNAT with more than resourceFactor times the
// file in ranged tool downloads within the window would be banned.
//
// State: two int64 slots per client, zero until its first counted answer
// (a client seen once still packs, compact.go); the site table is
// resourceSlots entries, a fixed array. Event time only. Off without a
// [flood] section (it rides on that model's weight).
const RuleResourceBytes = "resource-bytes"

const (
	// resourceMin: only files of 64 MiB or more are remembered: a
	// bandwidth flood needs large answers, and the table stays small.
	resourceMin = 64 << 20
	// resourceFactor: 8 times the file within resourceWindow. The most a
	// real downloader showed is 3 (aria2's three runs); the slowest
	// flooder (314 GB in 30 min) crosses 8 x 4.7 GB in about 3.6 minutes.
	resourceFactor = 8
	// resourceWindow: one hour from the client's first counted answer.
	resourceWindow = int64(3600e9)
	// resourceSlots: files the site table remembers; when full, the
	// smallest is replaced (a large file is the one a flood needs).
	resourceSlots = 64
)

// resourceSizes is the site table: the largest whole answer seen for each
// remembered path fingerprint.
type resourceSizes struct {
	fp   [resourceSlots]uint32
	size [resourceSlots]int64
}

// learn remembers a whole answer of size bytes on path fingerprint fp.
func (r *resourceSizes) learn(fp uint32, size int64) {
	j := 0
	for i := range r.fp {
		if r.fp[i] == fp {
			r.size[i] = max(r.size[i], size)
			return
		}
		if r.size[i] < r.size[j] {
			j = i
		}
	}
	if r.size[j] < size {
		r.fp[j], r.size[j] = fp, size
	}
}

// of returns the remembered size of fp, 0 when unknown.
func (r *resourceSizes) of(fp uint32) int64 {
	for i := range r.fp {
		if r.fp[i] == fp {
			return r.size[i]
		}
	}
	return 0
}

// resourceState is the model's slot offset in the client stride and the
// site table; slot -1 when off.
type resourceState struct {
	slot  int
	sizes resourceSizes
}

// Slot offsets from resourceState.slot.
const (
	resPath  = iota // path fingerprint (high 32 bits), window start second (low 32)
	resBytes        // bytes counted in the window
	resSlots
)

// compileResource appends the model's slots to c's stride when the
// policy has a flood model; the site table carries over from old.
func compileResource(c *compiled, old *resourceState) resourceState {
	r := resourceState{slot: -1}
	if old != nil {
		r.sizes = old.sizes
	}
	if c.flood == nil {
		return r
	}
	r.slot = c.stride
	c.stride += resSlots
	return r
}

// resourceGET reports whether ev is an answer the model may count or learn
// from: a GET answered 200 with resourceMin bytes or more, or 206.
func resourceGET(ev *parser.Event) bool {
	return string(ev.Method) == "GET" && (ev.Status == 200 && ev.Size >= resourceMin || ev.Status == 206 && ev.Size > 0)
}

// resource counts client i's answer (slots st) and reports a violation.
// The file is keyed on its decoded, cleaned path (r.trapPath): the server
// answers "/a%2Eiso", "//a.iso" and "/./a.iso" with the same file, so a
// flooder must not restart the count by respelling it.
func (e *Engine) resource(st []int64, te int64, ev *parser.Event, r *request) bool {
	if !resourceGET(ev) {
		return false
	}
	fp := uint32(fnv32(r.trapPath()))
	if fp == 0 {
		fp = 1
	}
	if ev.Status == 200 {
		// A whole answer teaches the size and is never counted: a NAT's
		// podcast apps, a cluster's layer pulls, CI jobs and apt clients
		// each download the file once, whole; a range flood is 206.
		e.res.sizes.learn(fp, ev.Size)
		return false
	}
	if len(ev.Referer) > 0 {
		return false
	}
	size := e.res.sizes.of(fp)
	if size == 0 {
		return false
	}
	s := st[e.res.slot:][:resSlots]
	sec := uint32(te / 1e9)
	p := uint64(s[resPath])
	if uint32(p>>32) != fp || int64(sec)-int64(uint32(p)) >= resourceWindow/1e9 || int64(sec) < int64(uint32(p)) {
		s[resPath], s[resBytes] = int64(uint64(fp)<<32|uint64(sec)), 0
	}
	s[resBytes] += ev.Size
	if s[resBytes] <= resourceFactor*size {
		return false
	}
	s[resPath], s[resBytes] = 0, 0
	return true
}
