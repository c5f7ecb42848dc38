package patterns

import (
	"bytes"
	"hash/maphash"
)

// Memo remembers, per field, what the expensive part of matching concluded
// about a text: which literal candidates their regexes confirmed and, for
// user agents and referers, which header checks fire. Logs repeat a few
// hundred agents and a few thousand paths all day, so most requests skip
// the regexes and the header checks.
//
// What is remembered depends on the text alone, never on the rest of the
// request (needs, fallbacks and exempt paths are decided per request), and
// a slot is only used when its key is byte-equal to the text: a Memo changes
// the cost of Match, never its result, whatever it holds or forgets. User
// agents, referers and request lines are keyed by their raw text (what a
// slot remembers depends on the normal form, itself a function of the raw
// text), so a request whose fields were all seen before is neither
// normalised nor scanned; paths and queries, looked up only when their
// request line is new, by their normal form. It is
// bounded (memoSlots per field, texts up to memoKeyMax bytes) and not safe
// for concurrent use: each goroutine that matches keeps its own.
type Memo struct {
	m      *Matcher
	seed   maphash.Seed
	fields [numMemoFields][]memoSlot
	// tags holds each slot's hash next to those of its set, so a lookup
	// reads one cache line to find the way (the slots are ~400 bytes
	// apart); next is, per set, the way its next miss replaces.
	tags   [numMemoFields][]uint64
	next   [numMemoFields][]uint8
	ways   int
	spare  [numMemoFields]memoSlot // per field, for texts too long to remember
	reqKey [memoKeyMax]byte
	// nextID numbers the texts the Memo remembers; lastReq and lastUA are
	// the numbers of the last Match's request line and user agent.
	nextID          uint64
	lastReq, lastUA uint64
}

type memoField uint8

const (
	fieldPath memoField = iota
	fieldQuery
	fieldUA
	fieldRef
	fieldRequest // method, path, query and whether the referer is empty
	numMemoFields
)

const (
	// memoSlots per field, a power of two; a slot is ~400 bytes, so a
	// Memo is ~2 MB.
	memoSlots = 1024
	// memoWays: a text may sit in any of the memoWays slots of the set its
	// hash picks. With one way (direct-mapped, before), two frequent texts
	// whose hashes met in one slot evicted each other on every request:
	// on the 1M benchmark log (29 request lines, 6 agents) 3 runs in 8
	// re-matched 22k-199k requests, a random hash seed deciding which.
	memoWays = 4
	// memoKeyMax: longer texts are matched every time. Browsers' agents
	// are 70-150 bytes.
	memoKeyMax = 255
)

type memoSlot struct {
	// id numbers the text the slot holds: 0 for none (a spare slot),
	// else a number no other text got from this Memo (see Known).
	id  uint64
	n   uint8 // key length; 0: empty (an empty text is never looked up)
	hdr uint8 // headerChecks' result
	// A header whose normal form is empty (a raw "%00"): the request
	// line's outcome depends on whether the referer is.
	empty bool
	// quiet: the text adds nothing to any request (no confirmed
	// candidate, no header check, no request check), the common case
	// that Match answers without building a view.
	quiet bool
	// rc.scan holds the candidates confirmed by their regexes (for a
	// request line: its scan's hits); rc's other fields a request line's
	// checks (reqChecks).
	rc  reqChecks
	key [memoKeyMax]byte
}

// NewMemo returns an empty Memo for m.
func (m *Matcher) NewMemo() *Memo { return m.newMemo(memoSlots) }

// newMemo returns a Memo of slots (a power of two) slots per field; tests
// use a few, to see texts evict each other.
func (m *Matcher) newMemo(slots int) *Memo {
	mm := &Memo{m: m, seed: maphash.MakeSeed(), ways: min(memoWays, slots)}
	for i := range mm.fields {
		mm.fields[i] = make([]memoSlot, slots)
		mm.tags[i] = make([]uint64, slots)
		mm.next[i] = make([]uint8, slots/mm.ways)
	}
	return mm
}

// Match is Matcher.Match for the Memo's matcher, remembering what it
// learns. Its result is always the same as Matcher.Match's.
func (mm *Memo) Match(r *Request, dst []Hit) []Hit {
	mm.lastReq, mm.lastUA = 0, 0
	return mm.m.match(r, dst, mm)
}

// Known returns numbers for the texts of the last Match's request: one for
// its request line (method, path and query) and one for its user agent, 0
// when the Memo did not remember that text. A Memo gives a number to one
// text only, so two requests with the same non-zero number had the same
// text (the same path, the same user agent), and a counter of paths or
// agents may skip hashing and comparing them (report.Collector); the same
// text may get another number after being forgotten.
func (mm *Memo) Known() (request, ua uint64) { return mm.lastReq, mm.lastUA }

// slot returns the slot for text in field f and whether it holds text's
// outcome. When it does not, the caller fills it with fill. A text too
// long to keep gets the Memo's spare slot, which is never found again.
func (mm *Memo) slot(f memoField, text []byte) (*memoSlot, bool) {
	if len(text) == 0 || len(text) > memoKeyMax {
		mm.spare[f] = memoSlot{}
		return &mm.spare[f], false
	}
	h := maphash.Bytes(mm.seed, text)
	t, tags, w := mm.fields[f], mm.tags[f], mm.ways
	set := int(h&uint64(len(t)-1)) &^ (w - 1)
	for j, tag := range tags[set : set+w] {
		// An empty slot's tag may equal h; its length (0) never does.
		if e := &t[set+j]; tag == h && int(e.n) == len(text) && bytes.Equal(e.key[:e.n], text) {
			return e, true
		}
	}
	// A miss replaces the set's ways in turn.
	v := &mm.next[f][set/w]
	j := set + int(*v)
	*v = uint8((int(*v) + 1) & (w - 1))
	tags[j] = h
	e := &t[j]
	e.n, e.id = 0, 0
	return e, false
}

// fill remembers conf and hdr as text's outcome in e (from slot).
func (mm *Memo) fill(e *memoSlot, text []byte, conf sigSet, hdr uint8) {
	e.rc.scan, e.hdr = conf, hdr
	e.quiet = conf.empty() && hdr == 0
	if len(text) > 0 && len(text) <= memoKeyMax {
		e.n = uint8(copy(e.key[:], text))
		mm.nextID++
		e.id = mm.nextID
	}
}

// request returns the slot for r's request line (method, raw path and
// query) with a referer that is empty or not, its key (valid until the
// next call) and whether the slot holds its outcome; if not, the caller
// fills it with fillRequest.
func (mm *Memo) request(r *Request, noReferer bool) (*memoSlot, []byte, bool) {
	k := mm.reqKey[:0]
	if n := len(r.Method) + len(r.Path) + len(r.Query) + 3; n <= memoKeyMax {
		flag := byte('r')
		if noReferer {
			flag = '-'
		}
		// Lengths, not separators: a JSON log's fields may hold any byte.
		k = append(append(k, flag, byte(len(r.Method))), r.Method...)
		k = append(append(k, byte(len(r.Path))), r.Path...)
		k = append(k, r.Query...)
	}
	e, ok := mm.slot(fieldRequest, k)
	return e, k, ok
}

// fillRequest remembers rc as the outcome of the request line key.
func (mm *Memo) fillRequest(e *memoSlot, key []byte, rc *reqChecks) {
	mm.fill(e, key, rc.scan, 0)
	e.rc = *rc
	e.quiet = rc.scan.empty() && rc.pre.empty() && rc.post.empty() && !rc.dot
}
