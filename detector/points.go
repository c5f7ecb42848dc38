package detector

// pointEntry is one rule hit that earned points.
type pointEntry struct {
	t    int64  // event time, ns
	pts  int32  // < 0: a weak hint's points, pending (not in the sum; uaweak.go)
	rule uint16 // index into Engine.ruleNames
	ua   uint16 // the request's user agent fingerprint (uaFP), for pending entries
}

// maxPointEntries bounds a client's points log. A ban clears the log, and a
// client below the threshold rarely has more than a handful of live
// entries; past the bound the two oldest entries are merged, keeping the
// older time, so merged points leave the window early (the approximation
// errs towards not banning).
const maxPointEntries = 64

// pointsLog is a client's exact sliding window of violation points: the sum
// of the points earned in (now-Window, now].
type pointsLog struct {
	log  []pointEntry
	head int
	sum  int64
}

// expire drops entries at or before cutoff.
func (p *pointsLog) expire(cutoff int64) {
	for p.head < len(p.log) && p.log[p.head].t <= cutoff {
		p.sum -= int64(max(p.log[p.head].pts, 0))
		p.head++
	}
	switch {
	case p.head == len(p.log):
		p.log, p.head = p.log[:0], 0
	case p.head >= maxPointEntries:
		n := copy(p.log, p.log[p.head:])
		p.log, p.head = p.log[:n], 0
	}
}

func (p *pointsLog) add(e pointEntry) {
	if len(p.log)-p.head >= maxPointEntries {
		a, b := &p.log[p.head], &p.log[p.head+1]
		switch {
		case a.pts < 0: // a pending entry merged is dropped
		case b.pts < 0:
			*b = *a
		default:
			if a.pts > b.pts {
				b.rule = a.rule
			}
			b.pts += a.pts
			b.t = a.t
		}
		p.head++
	}
	p.log = append(p.log, e)
	p.sum += int64(max(e.pts, 0))
}

func (p *pointsLog) live() []pointEntry { return p.log[p.head:] }

func (p *pointsLog) reset() { p.log, p.head, p.sum = p.log[:0], 0, 0 }
