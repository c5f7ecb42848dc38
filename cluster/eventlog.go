package cluster

import (
	"encoding/binary"
	"net/netip"
	"slices"
)

// A rule's log of events between two flushes is kept in fixed chunks of
// logChunk events rather than one slice grown by append. Append grows a
// large slice by a quarter at a time, so a log grown to n events had
// allocated about 6 n (28.2 MB for the 4.8 MB of 200,000 events,
// TestCounterLogGrowsInChunks) and copied most of it on the way, on the hot path and under the loop's lock, and the collector
// charged its assists for those bytes to the same path: in the CPU
// profile of the daemon's near-limit benchmark (fresh daemons, batches
// of 18,000-78,000 events) that growth was three quarters of Add, about
// 2 % of the node's CPU. A chunk is filled in place; a full log takes a
// chunk from the rule's free list (drained by Send) or allocates one, and
// nothing is copied. Memory is about what the events take, plus one
// partly filled chunk a flush, plus the free list (recycle).

// logChunk is how many events one chunk of a log holds (16 KiB).
const logChunk = 4096

// logEvent is one event of a rule's log: an IPv4 /32 client's address,
// or logOther: the event's client is the log's next in others (any other
// client, and 0.0.0.0/32). Most clients are IPv4 addresses: an event is
// 4 bytes where its countKey is 24. The log is written by Add on the
// judging goroutine and read by Send's counting, both on the node's CPU:
// a flush of 50,000 events wrote and read 1.2 MB through the cache, now
// 0.2 MB (session 15).
type logEvent uint32

// logOther is the event whose client is the next of the log's others.
const logOther logEvent = 0

// keepOthers is the most room a rule keeps in a drained list of other
// clients (logOther's) for the next logs: with the chunks' keepLog
// events, within what keepLog events of countKeys took before
// (RuleMemoryBound).
const keepOthers = keepLog * 5 / 6

// eventOf is client's event and whether it is logOther's (its key then
// goes to the log's others).
func eventOf(client netip.Prefix) (logEvent, bool) {
	if a := client.Addr(); a.Is4() && client.Bits() == 32 {
		v := a.As4()
		if e := logEvent(binary.BigEndian.Uint32(v[:])); e != logOther {
			return e, false
		}
	}
	return logOther, true
}

// v4Key is the key of an IPv4 /32 client logged as event e (not
// logOther): keyOf's for the address.
func v4Key(e logEvent) countKey {
	return countKey{lo: 0xffff<<32 | uint64(e), meta: 1<<8 | 32}
}

// recentBatches is how many flushes' chunk counts the free list is sized
// by (recycle).
const recentBatches = 4

// eventLog is a rule's events since the last Take: full chunks in order,
// then cur, the chunk being written; others are the keys of its logOther
// events, in order.
type eventLog struct {
	chunks [][]logEvent
	cur    []logEvent
	n      int // events in chunks (not cur)
	others []countKey
}

// len is how many events the log holds.
func (l *eventLog) len() int { return l.n + len(l.cur) }

// nextChunk gives Add room for one more event: the current chunk, if it
// has any, joins the full ones, and a chunk from the free list (or a new
// one) becomes current. False when the log holds maxLog events already.
// It runs once every logChunk events.
func (r *Rule) nextChunk() bool {
	l := &r.log
	if len(l.cur) > 0 {
		l.chunks = append(l.chunks, l.cur)
		l.n += len(l.cur)
	}
	l.cur = nil
	if l.n >= maxLog {
		return false
	}
	r.mu.Lock()
	if k := len(r.free); k > 0 {
		l.cur = r.free[k-1][:0]
		r.free[k-1] = nil
		r.free = r.free[:k-1]
	}
	r.mu.Unlock()
	if l.cur == nil {
		l.cur = make([]logEvent, 0, min(logChunk, maxLog-l.n))
	}
	return true
}

// recycle gives drained chunks back to the free list, and keeps their
// list's room for the next Take. The free list keeps as many chunks as
// the largest of the last recentBatches batches took, plus one (the
// chunk Add is filling while Send runs), never more than keepLog events'
// worth. A steady rule, or one bursting every few flushes, reuses its
// chunks and allocates none; after a stalled flush (up to maxLog events,
// 256 chunks) a rule that turns quiet lets the extra chunks go after
// recentBatches flushes instead of holding 6 MB for good. Called with
// r.mu held.
func (r *Rule) recycle(chunks [][]logEvent) {
	r.recent[r.recentAt%recentBatches] = len(chunks)
	r.recentAt++
	keep := min(slices.Max(r.recent[:])+1, keepLog/logChunk)
	for i, ch := range chunks {
		if len(r.free) < keep {
			r.recycleOne(ch)
		}
		chunks[i] = nil
	}
	for k := len(r.free); k > keep; k-- {
		r.free[k-1] = nil
		r.free = r.free[:k-1]
	}
	r.spare = chunks[:0]
}

// recycleOne gives one drained chunk back to the free list if it has
// room. Called with r.mu held.
func (r *Rule) recycleOne(ch []logEvent) {
	if len(r.free) < keepLog/logChunk && cap(ch) == logChunk {
		r.free = append(r.free, ch[:0])
	}
}

// recycleOthers keeps the room of a drained list of other clients for
// the next log, up to keepOthers. Called with r.mu held.
func (r *Rule) recycleOthers(others []countKey) {
	if cap(others) <= keepOthers && cap(others) > cap(r.spareOthers) {
		r.spareOthers = others[:0]
	}
}
