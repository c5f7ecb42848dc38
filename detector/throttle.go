package detector

// A throttle is a GCRA (generic cell rate algorithm), i.e. a leaky bucket
// stored as one number per client: the theoretical arrival time (tat) at
// which the client's bucket will be empty again. With Limit N and Window W,
// every counted request fills the bucket by one; the bucket holds N and
// drains continuously at N per W. In words, "N requests per window" means:
//
//   - up to N requests at the same instant pass; the (N+1)-th is a violation;
//   - a client sending at a steady rate of at most N per W never violates,
//     however long it keeps going;
//   - requests do not fall out of a fixed bucket at a boundary: a burst just
//     before any would-be boundary and one just after count together, and
//     only the time elapsed (at N/W) gives room back.
//
// Compared with an exact sliding log ("never more than N inside any W") the
// bucket is stricter for bursts and more lenient for a client that exhausts
// its burst and then keeps exactly to the rate: in the worst case such a
// client fits 2N-1 requests into one W. It needs 8 bytes per client and
// throttle instead of N timestamps, and it never resets on a clock boundary.
//
// A violating request is not counted. As rules.Throttle documents, the count
// then starts again: the bucket is emptied, so a sustained flood produces a
// violation every N+1 requests (at most), not one per excess request.

// gcra counts one request at time now against the bucket *tat with emission
// interval t (= W/N) and window w. It reports whether the request violates.
func gcra(tat *int64, now, t, w int64) bool {
	next := *tat
	if next < now {
		next = now
	}
	next += t
	if next-now > w {
		*tat = now
		return true
	}
	*tat = next
	return false
}

// emission returns the GCRA emission interval for limit per window, at
// least 1ns. Rounding down lets exactly limit requests through at one
// instant, never fewer.
func emission(limit int, window int64) int64 {
	if limit <= 0 {
		limit = 1
	}
	t := window / int64(limit)
	if t < 1 {
		t = 1
	}
	return t
}
