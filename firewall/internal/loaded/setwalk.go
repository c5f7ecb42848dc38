package loaded

import (
	"encoding/binary"
	"net/netip"
	"time"
)

// SetWalk walks the prefixes recorded in a Set in turns, as a Rotor walks
// a list, so a content probe looks every ban up within the cover time
// instead of in a random sample: one of ours swapped for a stranger in a
// 100,000-element ban set (count unchanged), or re-added with a shorter
// timeout, was found by the 64-element sample after ~1,560 polls on
// average, in practice by nftables' full audit every 30 s (enforce s17).
//
// A Set is a map, with no order to resume from, so each pass walks a
// snapshot of its keys taken when the last pass ended (18 bytes a
// prefix, one copy a cover: 1.8 MB at 100k, every 10 s by default). The
// snapshot is put in a fixed order (passOrder: by a hash of the key, a
// counting sort into passBuckets), so a ban stays at about the same place
// of every pass and is looked up about once a cover: in the map's own
// order, which starts at a random place each time, two look-ups of one
// ban were up to two covers apart. A prefix recorded after the snapshot
// is first looked up in the next pass; one forgotten since is skipped.
// Its state is the caller's, kept under its lock.
type SetWalk struct {
	pass  []key
	ord   []uint8 // passOrder of each key of pass, kept for reuse
	r     Rotor
	renew bool // the pass ended: the next Want takes a new snapshot
}

// passBuckets is how many places passOrder sorts keys into: ~390 keys
// share one at 100k, whose order among them is the map's (~40 ms of a
// 10 s cover). A counting sort into 256: 3.4 ms of CPU at 100k under the
// lock once a cover (BenchmarkSetWalkPass100k; 1.2 ms in the map's order).
const passBuckets = 1 << 8

// passOrder is where a key goes in a pass: the top bits of a
// multiplicative hash of its bytes (every input bit reaches the top
// bits), fixed across passes and processes.
func passOrder(k *key) uint8 {
	a, b := binary.LittleEndian.Uint64(k[0:8]), binary.LittleEndian.Uint64(k[8:16])
	h := (a*0x9E3779B97F4A7C15 ^ b ^ uint64(binary.LittleEndian.Uint16(k[16:18]))) * 0xBF58476D1CE4E5B9
	return uint8(h >> 56) // the top log2(passBuckets) bits
}

// Want returns where the next walk starts in the pass and how many of
// its entries it takes (Rotor.Want over the pass, never past its end),
// starting a new pass from s when the last one ended.
func (w *SetWalk) Want(s *Set, now time.Time, every time.Duration, least int) (start, m int) {
	if w.renew || len(w.pass) == 0 {
		// One read of the map, then a counting sort by passOrder in
		// place (American flag sort: each key swapped into its
		// bucket's next free place), so no second copy of the keys.
		pass, ord := w.pass[:0], w.ord[:0]
		if cap(pass) < len(s.m) || cap(pass) > 2*len(s.m)+1024 {
			pass, ord = make([]key, 0, len(s.m)), make([]uint8, 0, len(s.m))
		}
		var next, end [passBuckets]int
		for k := range s.m {
			o := passOrder(&k)
			pass, ord = append(pass, k), append(ord, o)
			end[o]++
		}
		for b, sum := 0, 0; b < passBuckets; b++ {
			next[b] = sum
			sum += end[b]
			end[b] = sum
		}
		for b := range passBuckets {
			for next[b] < end[b] {
				i := next[b]
				o := ord[i]
				if int(o) == b {
					next[b]++
					continue
				}
				j := next[o]
				pass[i], pass[j] = pass[j], pass[i]
				ord[i], ord[j] = ord[j], o
				next[o]++
			}
		}
		w.pass, w.ord = pass, ord
		w.r.pos, w.renew = 0, false
	}
	start, m = w.r.Want(len(w.pass), now, every, least)
	return start, min(m, len(w.pass)-start)
}

// Len is the number of entries in the pass.
func (w *SetWalk) Len() int { return len(w.pass) }

// Take returns the prefixes of pass[start:start+m] that s still holds
// and that must be in the kernel at now (none inside its grace, as
// Sample), with each one's recorded time left (0: never expires).
func (w *SetWalk) Take(s *Set, start, m int, now time.Time) ([]netip.Prefix, []time.Duration) {
	t := now.UnixNano()
	ps := make([]netip.Prefix, 0, m)
	left := make([]time.Duration, 0, m)
	for _, k := range w.pass[start : start+m] {
		until, ok := s.m[k]
		if !ok || until != 0 && t+int64(Grace) >= until {
			continue
		}
		var l time.Duration
		if until != 0 {
			l = time.Duration(until - t)
		}
		ps, left = append(ps, k.prefix()), append(left, l)
	}
	return ps, left
}

// Advance moves past the m entries from start once the walk's findings
// count (Rotor.Advance); at the pass's end the next Want starts another.
func (w *SetWalk) Advance(start, m int, now time.Time) {
	w.r.Advance(len(w.pass), start, m, now)
	if start+m >= len(w.pass) {
		w.renew = true
	}
}
