package detector

// floodSecond: a log that stamps requests to the second (combined,
// common, most access logs) puts all of a second's requests at its first
// nanosecond, so the units bucket sees them arrive at once and drains
// nothing between them: a client sending 19 polls in one logged second at
// 3 units each (57) overflows the 48-unit burst although it sends well
// under its allowance (83.8 units/s on that site) and had sent little in
// the seconds before. Realistic benign5 ticket-onsale-waiting-room's
// mobile CGNATs (60 fans each polling /queue/status, ~12 requests/s, up to
// 19 in one second) were banned so, and so were benign2's
// uptime-kuma-32-monitors and csp-report-only-15 and findings'
// nextjs-rsc-prefetch.
//
// So a request stamped to a whole second is checked as if the same
// second's earlier requests had come before it, spread over the second:
// the check gives back the drain of at most one second, and no more than
// those earlier requests' own units. Only for a client whose rate over
// the seconds before is at most half its allowance: a shadow bucket of the
// client's units draining at half the allowance holds at most
// burst/floodSecCarry when the second begins. The lumping is what banned
// page floods near the allowance (gridbench -red flood-pages and
// flood-refs8 at 10-15 pages/s, 12-19 units/s against 20: given the slack
// whenever their own bucket was low, 3 of 16 and 5 of 16 more went free);
// such a client fills the shadow bucket within seconds and is judged
// exactly as before. What this spares is a burst that ends, from a client
// that is otherwise well under its allowance.
//
// What it lets through: a client averaging under half its allowance that
// packs up to burst plus one second of allowance into one logged second
// (48 + 20 units at floor: 19 repeated pages without a Referer), then
// pauses, and the first second of a flood from a client seen for
// floodSecAge seconds or more (review rev-flood s13: a flood right after
// a short browse got 8-10 more requests through in its first second, 40
// pages/s with a Referer banned at the 40th instead of the 30th; a client
// younger than floodSecAge gets no slack, so such a flood is banned as
// before unless it browses slowly for floodSecAge seconds first). Logs
// with sub-second times are judged as before: a client any of whose
// requests (from its second on) had a sub-second time never gets the
// slack, so a millisecond log's line at .000 does not earn it.
//
// State: slot floodSec, bits 44-63 the second (mod 2^20), 40-43 the
// client's age in seconds since its second request (saturating at 15),
// bit 39 set once a request had a sub-second time, 24-38 the units (1/16,
// saturating: 2,048, a whole second's slack up to an allowance of 2,048
// units/s) of the client's requests in that second so far, bit 23 the
// paused flag (a whole second without a request since), 0-22 the shadow
// bucket's level (1/16 units, saturating) after them. It is written
// only from a client's second request on (known), so that a client of one
// request still packs (compact.go).
const (
	floodSecCarry = 4
	// floodSecAge: a client gets the slack only once seen this many
	// seconds (since its second request). The fixtures' benign bursts came
	// 9 s (findings nextjs-rsc-prefetch: the reader's second prefetch
	// burst) and 60 s (Uptime Kuma) after the client's first; a page
	// flood after 3 warm-up pages in 5 s (review rev-flood s13, gen5 s2)
	// starts at 5.
	floodSecAge = 8
)

const (
	secTagShift = 44
	secAgeShift = 40
	secAgeMax   = 1<<4 - 1
	secInShift  = 24
	secInMax    = 1<<15 - 1
	secShadMax  = 1<<23 - 1
	secEarlier  = 1 << 23 // the client has paused: a whole second without a request
	secSubSec   = 1 << 39 // a request of the client had a sub-second time
)

// floodSecond counts cost (1/16 units) into client st's logged second at
// te and returns the slack (ns) its units bucket is given for this
// request; known says the client has sent a request before.
func (e *Engine) floodSecond(f *cflood, st []int64, te, cost int64, known bool) int64 {
	if te <= 0 {
		return 0
	}
	v := uint64(st[floodSec])
	if v&secSubSec != 0 {
		return 0
	}
	if te%1e9 != 0 {
		if known {
			st[floodSec] = int64(v | secSubSec) // never again: a log with sub-second times
		}
		return 0
	}
	sec := uint64(te/1e9) & (1<<20 - 1)
	tag, age, before, shadow, earlier := v>>secTagShift, v>>secAgeShift&secAgeMax, v>>secInShift&secInMax, v&secShadMax, v&secEarlier
	if v == 0 || tag != sec {
		// A new second: the shadow bucket drains at half the allowance
		// for the seconds since its last.
		if v != 0 {
			gap := (sec - tag) & (1<<20 - 1)
			drain := gap * uint64(e.base.allowance*8)
			shadow -= min(shadow, drain)
			if gap >= 2 {
				earlier = secEarlier // a whole second without a request
			}
			age = min(age+gap, secAgeMax)
		}
		before = 0
	}
	carried := shadow - min(shadow, before) // the shadow's level when this second began
	if known {
		shadow = min(shadow+uint64(cost), secShadMax)
		st[floodSec] = int64(sec<<secTagShift | age<<secAgeShift | min(before+uint64(cost), secInMax)<<secInShift | earlier | shadow)
	}
	if before == 0 || earlier == 0 || age < floodSecAge || int64(carried) > f.burst/floodSecCarry {
		return 0
	}
	return min(int64(before)*e.base.emis, 1e9)
}
