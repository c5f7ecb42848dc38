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
// State: a window (16 bytes) per client that had a counted answer, in a
// table beside the client strides (resourceState); the site table is
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

// resourceState is the model's site table and its clients' windows; on is
// false when the model is off.
//
// The windows are a side table (sidetable.go): only clients that had a
// counted answer have one (few clients ever get a 206 of a large file),
// and an entry also goes when its window ends in a violation, and all of
// them when a reload turns the model off.
type resourceState struct {
	on      bool
	sizes   resourceSizes
	windows sideTable[resWindow]
}

// resWindow is one client's count: the file's path fingerprint, the
// second its window started, and the bytes counted in it. A client
// without an entry counts as the zero window, which no fingerprint (never
// 0) matches.
type resWindow struct {
	fp, start uint32
	bytes     int64
}

// compileResource turns the model on when the policy has a flood model;
// the site table carries over from old, and so do the clients' windows
// when the model was on before (a reload keeps every model's state).
func compileResource(c *compiled, old *resourceState) resourceState {
	r := resourceState{}
	if old != nil {
		r.sizes = old.sizes
	}
	if c.flood == nil {
		return r
	}
	r.on = true
	if old != nil && old.on {
		r.windows = old.windows
	}
	return r
}

// resourceGET reports whether ev is an answer the model may count or learn
// from: a GET answered 200 with resourceMin bytes or more, or 206.
func resourceGET(ev *parser.Event) bool {
	return string(ev.Method) == "GET" && (ev.Status == 200 && ev.Size >= resourceMin || ev.Status == 206 && ev.Size > 0)
}

// resource counts client ci's answer and reports a violation.
// The file is keyed on its decoded, cleaned path (r.trapPath): the server
// answers "/a%2Eiso", "//a.iso" and "/./a.iso" with the same file, so a
// flooder must not restart the count by respelling it.
func (e *Engine) resource(ci uint32, te int64, ev *parser.Event, r *request) bool {
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
	w := e.res.windows.get(ci, e.stats.TimeJumps)
	sec := uint32(te / 1e9)
	if w.fp != fp || int64(sec)-int64(w.start) >= resourceWindow/1e9 || int64(sec) < int64(w.start) {
		w = resWindow{fp: fp, start: sec}
	}
	w.bytes += ev.Size
	if w.bytes <= resourceFactor*size {
		e.res.windows.put(ci, w, e.stats.TimeJumps)
		return false
	}
	e.res.windows.forget(ci)
	return true
}
