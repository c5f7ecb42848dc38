package pipeline

import "github.com/guardctl/guardctl/patterns"

// memoAfter is how many requests a PatternMemo matches directly before it
// makes its patterns.Memo (~2 MB): analyze and test judge each input's
// first lines (up to 64, format detection) through a Processor of its own,
// and a memo made for so few lines cost more than it saved (400 inputs of
// 20 lines: 0.12 -> 0.42 s CPU, 38 -> 66 MB RSS).
const memoAfter = 1024

// PatternMemo gives the detector a request's pattern hits through a
// patterns.Memo of the policy's matcher, made after memoAfter requests and
// again whenever the detector brings another matcher (a reload). Every
// Processor that judges with one detector, one at a time (the daemon's
// sources, under its lock), should share one: a memo is per detector, not
// per source. Not safe for concurrent use. It implements
// detector.PatternMatcher, so the detector asks it only for requests it
// matches itself (not for a banned client's lines).
type PatternMemo struct {
	memo    *patterns.Memo
	of      *patterns.Matcher
	matched uint64 // requests matched, memo or not
}

// NewPatternMemo returns an empty PatternMemo.
func NewPatternMemo() *PatternMemo { return &PatternMemo{} }

// MatchFor returns m.Match(r, dst), through the memo once it is made.
func (pm *PatternMemo) MatchFor(m *patterns.Matcher, r *patterns.Request, dst []patterns.Hit) []patterns.Hit {
	pm.matched++
	if pm.memo == nil || pm.of != m {
		if pm.matched <= memoAfter {
			return m.Match(r, dst)
		}
		pm.memo, pm.of = m.NewMemo(), m
	}
	return pm.memo.Match(r, dst)
}
