package detector

import "hash/maphash"

// A distinct throttle counts new paths, not requests (crawl and scanner
// detection). It is the same GCRA bucket as a plain throttle, fed only by
// requests for a path the client has not requested since its bucket was
// last empty:
//
//   - "N distinct paths per window": up to N new paths at one instant pass,
//     the (N+1)-th is a violation, and a client discovering new paths at no
//     more than N per W never violates. Repeats (reloads, polling one
//     endpoint, the same stylesheet on every page) cost nothing while the
//     bucket is non-empty.
//   - When the bucket drains empty the remembered paths are forgotten; when
//     it overflows (a violation) they are forgotten too and counting starts
//     again, as for plain throttles.
//   - Paths are remembered as 64-bit fingerprints (maphash of the decoded
//     path with a per-engine random seed, so collisions cannot be crafted;
//     a collision would only make a new path look like a repeat). The first
//     path is kept inline in the client's throttle slots; a set is allocated
//     from the second distinct path on, so a client that sent one request
//     costs nothing extra.
//   - Bounds: one set holds at most min(Limit+1, 1024) paths and is cleared
//     when full (a client near its limit for a long time may then count a
//     repeat as new once more). All sets together hold at most
//     32*MaxClients slots (8 bytes each, 256 bytes per tracked client on
//     average); a set that would grow past that budget is cleared instead.
//     Stats.PathSetResets counts both.

// distinct counts a request for throttle th, whose state slots are st
// ([0] the bucket, [1] the inline first fingerprint), for client i at te.
func (e *Engine) distinct(i uint32, th *cthrottle, st []int64, te int64, r *request) bool {
	fp := maphash.Bytes(e.seed, pathDepth(r.path(), th.depth)) | 1
	var set *pathSet
	if h := e.peekHeavy(i); h != nil && h.sets != nil {
		set = &h.sets[th.distinct]
	}
	if st[0] <= te { // drained: forget the paths
		st[1] = 0
		if set != nil {
			set.clear()
		}
	}
	if uint64(st[1]) == fp || (set != nil && set.has(fp)) {
		return false
	}
	if gcra(&st[0], te, th.t, th.w) {
		st[1] = 0
		if set != nil {
			set.clear()
		}
		return true
	}
	if st[1] == 0 && (set == nil || set.n == 0) {
		st[1] = int64(fp)
		return false
	}
	if set == nil {
		h := e.heavyOf(i)
		if h.sets == nil {
			h.sets = make([]pathSet, e.c.nDistinct)
		}
		set = &h.sets[th.distinct]
	}
	if set.n+1 >= th.maxSet {
		e.forgetPaths(st, set, fp)
		return false
	}
	if !set.add(fp) {
		size := max(minPathSlots, 2*len(set.slots))
		if e.pathSlots+size-len(set.slots) > e.pathBudget {
			e.forgetPaths(st, set, fp)
			return false
		}
		e.pathSlots += size - len(set.slots)
		set.grow(size)
		set.add(fp)
	}
	return false
}

// forgetPaths clears a full set and keeps only fp, inline.
func (e *Engine) forgetPaths(st []int64, set *pathSet, fp uint64) {
	set.clear()
	st[1] = int64(fp)
	e.stats.PathSetResets++
}

// pathDepth cuts path after its first depth segments ("/a/b/c" at depth 1
// is "/a"), so a sync client's hundreds of previews under one folder count
// once while a scanner's wordlist (/admin, /backup, /.env ...) counts every
// probe. depth <= 0 keeps the whole path.
func pathDepth(path []byte, depth int) []byte {
	if depth <= 0 {
		return path
	}
	seen := 0
	for i := 1; i < len(path); i++ {
		if path[i] == '/' {
			seen++
			if seen == depth {
				return path[:i]
			}
		}
	}
	return path
}
