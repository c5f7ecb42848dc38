package report

import "sort"

// topN keeps the n best Counts offered to it in a min-heap whose root is the
// worst kept one, so picking the top of a million clients costs O(N log n)
// and n strings rather than a string and a sort slot for every client.
// Ranking: more first, ties by value, as sortCounts.
type topN struct {
	n int
	h []Count
}

func newTopN(n int) *topN { return &topN{n: n, h: make([]Count, 0, min(n, 1024))} }

// below reports whether a ranks after b.
func below(a, b Count) bool {
	if a.Count != b.Count {
		return a.Count < b.Count
	}
	return a.Value > b.Value
}

// wants reports whether a count of cnt could enter: a cheap test before the
// value is formatted. On a tie with the worst kept entry, the value decides
// (see beats).
func (t *topN) wants(cnt uint64) bool {
	return t.n > 0 && (len(t.h) < t.n || cnt >= t.h[0].Count)
}

// beats reports whether (cnt, value) would enter; value may be a
// transient string.
func (t *topN) beats(cnt uint64, value string) bool {
	if t.n <= 0 {
		return false
	}
	return len(t.h) < t.n || below(t.h[0], Count{Value: value, Count: cnt})
}

// offer adds c if it ranks among the n best.
func (t *topN) offer(c Count) {
	if t.n <= 0 {
		return
	}
	if len(t.h) < t.n {
		t.h = append(t.h, c)
		t.up(len(t.h) - 1)
		return
	}
	if !below(t.h[0], c) {
		return
	}
	t.h[0] = c
	t.down(0)
}

func (t *topN) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !below(t.h[i], t.h[p]) {
			return
		}
		t.h[i], t.h[p] = t.h[p], t.h[i]
		i = p
	}
}

func (t *topN) down(i int) {
	for {
		m, l, r := i, 2*i+1, 2*i+2
		if l < len(t.h) && below(t.h[l], t.h[m]) {
			m = l
		}
		if r < len(t.h) && below(t.h[r], t.h[m]) {
			m = r
		}
		if m == i {
			return
		}
		t.h[i], t.h[m] = t.h[m], t.h[i]
		i = m
	}
}

// sorted returns the kept Counts, best first; never nil.
func (t *topN) sorted() []Count {
	out := t.h
	sort.Slice(out, func(i, j int) bool { return below(out[j], out[i]) })
	if out == nil {
		out = []Count{}
	}
	return out
}
