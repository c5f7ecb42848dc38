package tailer

import "slices"

// arena is the memory of one batch: its Line slice and the chunks its
// lines' Data point into. A consumer that calls Release gives it back, and
// the next batch reuses it, so a steady daemon allocates nothing per line
// for reading (before, every read made a buffer for its lines and every
// batch grew a slice of ~140-byte Lines: ~450 bytes of garbage a line). A
// batch that is never released is left to the garbage collector, as before.
type arena struct {
	lines  []Line
	chunks [][]byte // chunks handed out for this batch, in order
	spare  [][]byte // empty chunks from an earlier batch, to hand out again
	lends  uint     // how many batches were made in it (ticket)
}

// keepMax bounds the chunks an arena keeps: one read (readSize) plus the
// held start of a line before it, with room to spare. A request larger
// than that (a long line held across reads) gets its own buffer, which is
// not kept, so one long line does not pin memory for the life of the
// daemon.
const keepMax = 2 * readSize

// minChunk is the smallest chunk made, and maxSpare how many empty chunks
// an arena keeps. A new chunk is the request plus an eighth, so a later
// read with a slightly longer held line still fits in it, and a consumer
// that never releases its batches costs little more than before arenas.
const (
	minChunk = 256
	maxSpare = 8
)

// batch returns an empty Line slice for a batch made in a (nil if a is).
func (a *arena) batch() []Line {
	if a == nil {
		return nil
	}
	return a.lines[:0]
}

// take returns an empty slice with room for n bytes that nothing else uses
// until the arena is released; the caller appends at most n bytes to it.
// A nil arena allocates.
func (a *arena) take(n int) []byte {
	if a == nil {
		return make([]byte, 0, n)
	}
	if k := len(a.chunks); k > 0 {
		c := a.chunks[k-1]
		if l := len(c); cap(c)-l >= n {
			a.chunks[k-1] = c[:l+n]
			return c[l : l : l+n]
		}
	}
	var c []byte
	for i, s := range a.spare {
		if cap(s) >= n {
			c = s
			last := len(a.spare) - 1
			a.spare[i] = a.spare[last]
			a.spare[last] = nil
			a.spare = a.spare[:last]
			break
		}
	}
	if c == nil {
		size := max(minChunk, n+n/8)
		if size > keepMax {
			size = max(n, keepMax)
		}
		c = make([]byte, 0, size)
	}
	a.chunks = append(a.chunks, c[:n])
	return c[:0:n]
}

// reset empties the arena for the next batch, keeping its Line slice and
// its chunks of chunkSize.
func (a *arena) reset() {
	clear(a.lines) // the strings and Data of the lines just released
	a.lines = a.lines[:0]
	for i, c := range a.chunks {
		if cap(c) <= keepMax && len(a.spare) < maxSpare {
			a.spare = append(a.spare, c[:0])
		}
		a.chunks[i] = nil
	}
	a.chunks = a.chunks[:0]
}

// lentBatch is a batch sent and not released yet, by its slice header,
// and the arena it was made in.
type lentBatch struct {
	first  *Line
	n, cap int
	a      *arena
}

// ticketSpan is how many batches in a row made in one arena have distinct
// capacities. A released arena's next batch starts at the same first Line
// as the last one, and often has as many lines: a batch's address and
// length cannot tell it from the one before in its memory, and its
// contents are that batch's own. Its capacity can: batch n of an arena is
// sent with capacity len + n%ticketSpan (the arena keeps ticketSpan-1
// spare Lines for it, 2 kB), so a second or stale Release of a batch
// finds no lent batch with its header and does nothing, unless the arena
// was lent a multiple of ticketSpan times since and the batch has the
// same length. Without the ticket, a second Release gave the live batch
// in the same memory back to the tailer, which read later lines into it
// under the consumer (review of 9b4aef5, s12).
const ticketSpan = 16

// ticket returns batch, made in a, as it is sent: its capacity set to the
// arena's next ticket. a.lines keeps the whole capacity for the next batch.
func (a *arena) ticket(batch []Line) []Line {
	batch = slices.Grow(batch, ticketSpan-1)
	a.lines = batch
	n := len(batch)
	a.lends++
	return batch[: n : n+int(a.lends%ticketSpan)]
}

// lentSlack is how many batches beyond the channel's capacity the lent
// ring remembers: the one the consumer is working on and the one Run is
// sending.
const lentSlack = 2

// lend notes that batch, made in a, was sent on a channel of capacity
// chanCap. The lent ring holds the last chanCap+lentSlack batches sent: a
// consumer that releases each batch after the next ones arrive releases one
// still in it; the ring forgets the oldest batch a consumer kept or dropped
// without releasing it (a held line, an error path), whose memory is then
// the garbage collector's, so no dropped batch stays pinned and the batches
// after it are recycled as before.
func (t *Tailer) lend(batch []Line, a *arena, chanCap int) {
	t.mu.Lock()
	if t.lent == nil {
		t.lent = make([]lentBatch, chanCap+lentSlack)
	}
	t.lent[t.lentNext] = lentBatch{first: &batch[0], n: len(batch), cap: cap(batch), a: a}
	t.lentNext = (t.lentNext + 1) % len(t.lent)
	t.mu.Unlock()
}

// Release gives the memory of a batch that t's Run sent back to t, which
// reuses it for a later batch (with Options.Recycle; otherwise, and for
// batches t did not make, Release does nothing). Call it once nothing uses
// the batch or the Data of its lines any more; the batch must not be used
// after. A second Release of a batch does nothing (see ticketSpan), even
// once its memory carries a later batch. Batches not released are left to the
// garbage collector, as is a batch released after more than the channel's
// capacity plus two later batches were sent (the lent ring forgot it). t may be nil. Safe for concurrent use with Run.
func (t *Tailer) Release(batch []Line) {
	if t == nil || len(batch) == 0 {
		return
	}
	var a *arena
	t.mu.Lock()
	for i := range t.lent {
		if e := &t.lent[i]; e.first == &batch[0] && e.n == len(batch) && e.cap == cap(batch) {
			a = e.a
			*e = lentBatch{}
			break
		}
	}
	t.mu.Unlock()
	if a == nil {
		return
	}
	a.reset()
	t.arenas.Put(a)
}
