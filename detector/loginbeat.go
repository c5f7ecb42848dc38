package detector

import (
	"math"
	"math/bits"
)

// Two kinds of login POST that the login model used to count as refused
// passwords though a person or a monitor makes them (login.go reads the
// loginBeat slot through beatRefusal and xmlrpcContent).
//
// A synthetic monitor asserting a refusal. Checkly, Pingdom and the like
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
// fixed period of beatMin or more: 60 guesses an hour per address. A
// guesser without a success, or faster than one a beatMin, or with a
// jittered period, is counted as before (TestLoginBeat*, fixture
// abuse-s14-monitor-401).
//
// XML-RPC content. xmlrpc.php answers everything 200, a refused password's
// fault included, so each call counts as a refusal (form_regex). The
// fault of a refused call has one size for a method; an editor's client
// (MarsEdit, publishing over XML-RPC: getPosts, newMediaObject, editPost)
// gets content of every size, 2-90 KB, a burst of calls per edit: it was
// banned at its 3rd call (benign6 jetpack-xmlrpc-sync-marsedit). A call
// answered more than ~10 % larger than the smallest answer the client
// has had from xmlrpc.php counts as an ordinary request, not a refusal;
// the smallest (the fault, when it has one) and those near it count.
// The hole: a system.multicall guesser varying its batch size by more
// than ~10 % call to call, or interleaving it with smaller guesses that
// are counted, has only its smallest calls counted. A constant batch
// (wpscan's), single guesses, or single guesses interleaved with a
// larger unauthenticated call (system.listMethods) are counted as
// before: the last at a share of 1/2 (fixture abuse-s14-xmlrpc-editor).
//
// The slot (loginBeat): bits 63-32 the second of the beat path's last
// refusal; 31-20 the gap before it (s, at most 4095); 19-10 the path's
// hash; bit 9 the client's last xmlrpc.php call was counted a refusal
// though larger than its smallest answer; bit 8 a login POST of the client was answered 2xx since its last
// violation; 7-0 the smallest xmlrpc.php answer's size code (sizeCode, 0
// none).
const (
	beatMin   = 50  // s: the slowest guesser a beat spares makes 72 an hour
	beatSlack = 2   // s: a monitor's period drifts by a second or two
	beatProof = 0.5 // decayed successes: one within ~20 minutes of a 30 m memory
	// xmlrpcNear: an answer whose size code is more than this above the
	// client's smallest is content (one code is 1/16 of an octave: 2 is
	// 9-13 %).
	xmlrpcNear = 2
	// xmlrpcBurst: content is credited only to a call within this of
	// the client's previous login POST: an editor's calls come in bursts.
	xmlrpcBurst = 10e9 // ns

	beatGapMax  = 1<<12 - 1
	beatHashMsk = 1<<10 - 1
	beatLarge   = 1 << 9
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
		st[loginBeat] = int64(uint64(uint32(sec))<<32 | uint64(min(g, beatGapMax))<<20 | h<<10 | b&(beatSigned|beatLarge|0xff))
		return beat
	case last == 0 || gap < beatMin || g < 0 || g > gap+beatSlack:
		// No beat on another path to keep (none, not yet periodic, or
		// broken): this path's starts.
		st[loginBeat] = int64(uint64(uint32(sec))<<32 | h<<10 | b&(beatSigned|beatLarge|0xff))
	}
	return false
}

// beatSignedIn records a login POST answered 2xx; beatReset forgets it
// (a violation).
func beatSignedIn(st []int64) { st[loginBeat] |= beatSigned }
func beatReset(st []int64)    { st[loginBeat] &^= beatSigned }

// xmlrpcContent reports whether an xmlrpc.php answer of size n is content
// rather than a fault: larger than the client's smallest by more than
// xmlrpcNear codes, in a burst (within xmlrpcBurst of the client's
// previous login POST). It records n when it is the smallest. A burst's
// first call is counted a refusal (nothing tells it from a guess then);
// its first content call takes that refusal back when the first call was
// larger than the smallest too (beatLarge).
func xmlrpcContent(st []int64, n int64, burst bool) bool {
	c := sizeCode(n)
	b := uint64(st[loginBeat])
	m := b & 0xff
	switch {
	case m == 0 || c < m:
		large := uint64(0)
		if m == 0 {
			large = beatLarge // the first answer: not known to be a fault
		}
		st[loginBeat] = int64(b&^(0xff|beatLarge) | c | large)
		return false
	case c <= m+xmlrpcNear:
		st[loginBeat] = int64(b &^ beatLarge)
		return false
	case !burst:
		st[loginBeat] = int64(b | beatLarge)
		return false
	}
	if b&beatLarge != 0 {
		fs := uint64(st[loginFS])
		f := max(math.Float32frombits(uint32(fs>>32))-1, 0)
		st[loginFS] = int64(uint64(math.Float32bits(f))<<32 | fs&0xffffffff)
	}
	st[loginBeat] = int64(b &^ beatLarge)
	return true
}

// sizeCode is 1 + 16*log2(n), the fraction by the four bits after the
// leading one, capped at 255 (64 KB and more).
func sizeCode(n int64) uint64 {
	if n <= 0 {
		return 1
	}
	u := uint64(n)
	l := bits.Len64(u)
	mant := u << (64 - l) >> 59 & 0xf
	return min(uint64(16*(l-1))+mant+1, 255)
}

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
