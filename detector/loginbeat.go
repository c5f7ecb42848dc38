package detector

import "math"

// A synthetic monitor asserting a refusal (login.go asks beatRefusal).
// Checkly, Pingdom and the like
// check that a wrong password is still refused: the same POST, answered
// 401, at a fixed period (once a minute or slower), all day, while the
// same monitor signs in with the right one (benign6
// synthetic-checks-negative-auth: one region POSTing a bad token once a
// minute was banned 10m, 40m, 2h40m). A refusal is a beat, and not
// counted (it counts as an ordinary request), when it is on the same
// path as the client's previous explicit refusal there, beatMin or more
// after it, within beatSlack of the gap before that (a fixed period), and
// the client has signed in within the model's memory: a login POST
// answered 2xx (not 3xx: WordPress answers a post's password form 302
// whatever the password), and the decayed count of its successes is at
// least beatProof. The first two refusals of a beat always count.
//
// The hole: a guesser that owns an account on the site (it signs in with
// it at least every ~20 minutes) and guesses another one on one path at a
// fixed period of beatMin or more: up to 72 guesses an hour per address. A
// guesser without a success, or faster than one a beatMin, or with a
// jittered period, is counted as before (TestLoginBeat*, fixture
// abuse-s14-monitor-401).
//
// (An editor's XML-RPC client, MarsEdit in benign6
// jetpack-xmlrpc-sync-marsedit, is still banned at its 3rd call: telling
// its content from faults by the answers' sizes let the grid's xmlrpc.php
// guessers through, whose answers vary in size, -6 % recall.)
//
// The slot (loginBeat): bits 63-32 the second of the beat path's last
// refusal; 31-20 the gap before it (s, at most 4095); 19-10 the path's
// hash; bit 8 a login POST of the client was answered 2xx since its last
// violation.
const (
	beatMin     = 50  // s: the slowest guesser a beat spares makes 72 an hour
	beatSlack   = 2   // s: a monitor's period drifts by a second or two
	beatProof   = 0.5 // decayed successes: one within ~20 minutes of a 30 m memory
	beatGapMax  = 1<<12 - 1
	beatHashMsk = 1<<10 - 1
	beatSigned  = 1 << 8
)

// beatRefusal reports whether an explicit refusal (at second sec, on
// path p) is a monitor's beat, and moves the client's beat on. succ is
// the client's decayed success count.
func beatRefusal(st []int64, sec int64, p []byte, succ float64) bool {
	b := uint64(st[loginBeat])
	last, gap := int64(b>>32), int64(b>>20&beatGapMax)
	h := uint64(pathHash10(p))
	same := last != 0 && b>>10&beatHashMsk == h
	g := sec - last
	switch {
	case same && g >= 0:
		beat := g >= beatMin && gap >= beatMin && g-gap <= beatSlack && gap-g <= beatSlack &&
			b&beatSigned != 0 && succ >= beatProof
		st[loginBeat] = int64(uint64(uint32(sec))<<32 | uint64(min(g, beatGapMax))<<20 | h<<10 | b&beatSigned)
		return beat
	case last == 0 || gap < beatMin || g < 0 || g > gap+beatSlack:
		// No beat on another path to keep (none, not yet periodic, or
		// broken): this path's starts.
		st[loginBeat] = int64(uint64(uint32(sec))<<32 | h<<10 | b&beatSigned)
	}
	return false
}

// beatSignedIn records a login POST answered 2xx; beatReset forgets it
// (a violation).
func beatSignedIn(st []int64) { st[loginBeat] |= beatSigned }
func beatReset(st []int64)    { st[loginBeat] &^= beatSigned }

// pathHash10 is a 10-bit FNV-1a of the path.
func pathHash10(p []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range p {
		h ^= uint32(c)
		h *= 16777619
	}
	return (h ^ h>>10 ^ h>>20) & beatHashMsk
}

// decayedSuccesses is the client's S at event time te.
func decayedSuccesses(l *clogin, st []int64, te int64) float64 {
	s := float64(math.Float32frombits(uint32(uint64(st[loginBasic]) >> 32)))
	if last := st[loginLast]; last != 0 && te > last {
		s *= math.Exp(-float64(te-last) * l.sinvT)
	}
	return s
}
