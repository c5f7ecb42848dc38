package report

import (
	"sort"
)

// TopK counts values and keeps the most frequent ones with bounded memory.
//
// It is a lossy counter: once it holds max keys it drops the less frequent
// half, so a value that is rare early and frequent late may be under-counted.
// For the "top paths / user agents" tables of a report that trade-off is
// right: exact counts of millions of distinct paths would cost more memory
// than the whole analysis.
type TopK struct {
	max    int
	counts map[string]*uint64
	// pruned is true once some keys were dropped: counts are then lower bounds.
	pruned bool
}

// NewTopK returns a counter that keeps at most max distinct values.
func NewTopK(max int) *TopK {
	if max < 16 {
		max = 16
	}
	return &TopK{max: max, counts: make(map[string]*uint64, 256)}
}

// Add counts one occurrence of v. Looking up an existing value does not
// allocate; only a new value is copied.
func (t *TopK) Add(v []byte) {
	// The map holds pointers so a hit increments in place: assigning
	// t.counts[string(v)] would copy v into a new string on every call.
	if n := t.counts[string(v)]; n != nil {
		*n++
		return
	}
	if len(t.counts) >= t.max {
		t.prune()
	}
	one := uint64(1)
	t.counts[string(v)] = &one
}

func (t *TopK) prune() {
	vals := make([]uint64, 0, len(t.counts))
	for _, n := range t.counts {
		vals = append(vals, *n)
	}
	sort.Slice(vals, func(i, j int) bool { return vals[i] > vals[j] })
	cut := vals[len(vals)/2]
	for k, n := range t.counts {
		if *n <= cut {
			delete(t.counts, k)
		}
	}
	t.pruned = true
}

// Count is one entry of a top list.
type Count struct {
	Value string `json:"value"`
	Count uint64 `json:"count"`
}

// Top returns the n most frequent values, most frequent first, ties by value
// (all of them when n < 0).
func (t *TopK) Top(n int) []Count {
	if n >= 0 {
		top := newTopN(n)
		for k, c := range t.counts {
			top.offer(Count{Value: k, Count: *c})
		}
		return top.sorted()
	}
	out := make([]Count, 0, len(t.counts))
	for k, c := range t.counts {
		out = append(out, Count{Value: k, Count: *c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	if n >= 0 && len(out) > n {
		out = out[:n]
	}
	return out
}
