package patterns

import (
	"encoding/binary"
	"fmt"
)

// litSet finds, in one pass, which of many short literals occur in a text,
// ignoring ASCII case. It is the prefilter in front of every regex: most
// requests contain none of the literals and cost one hash per byte.
//
// Each position of the text (each even position in a stride-2 set, used
// for user agents and referers) is hashed on its next four bytes, folded
// with |0x20 (lossy: it also merges some punctuation, which only costs a
// few extra verifications, never a miss since literals are folded the same
// way), and looked up in a bitmap of the hashes of the literals' first four
// bytes. Unlike an Aho-Corasick automaton, successive lookups do not depend
// on each other, so the CPU overlaps them; a DFA walk waits on each load.
type litSet struct {
	bits   [1 << litHashBits / 64]uint64
	start  []uint16 // bucket h holds lits[start[h]:start[h+1]]
	lits   []lit
	stride int // 1, or 2: only even positions are hashed (long texts)
}

const (
	litHashBits = 14
	litHashMul  = 0x9E3779B1 // Fibonacci hashing
)

// minLit is the shortest literal a litSet takes: the hash reads four bytes.
// A stride-2 set needs one more byte, so that a literal starting at an odd
// position is still seen whole by the window one byte later; literals that
// must start the text (posStart) are exempt, position 0 being even.
const (
	minLit        = 4
	minLitStride2 = 5
)

type lit struct {
	text string // lower case
	sig  uint16 // index into Matcher.sigs
	pos  pos
	off  uint8 // in a stride-2 set: the window this entry is hashed on starts off bytes into text
}

// pos says where a literal must sit in the text for its signature to be a
// candidate.
type pos uint8

const (
	posAny   pos = iota
	posEnd       // the literal ends the text
	posSeg       // the literal ends the text or is followed by '/'
	posStart     // the literal starts the text
	posWord      // no letter or digit touches the literal's letters or digits
)

func litHash(b []byte) uint32 {
	x := binary.LittleEndian.Uint32(b) | 0x20202020
	return (x * litHashMul) >> (32 - litHashBits)
}

func litHashString(s string) uint32 {
	x := uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24 | 0x20202020
	return (x * litHashMul) >> (32 - litHashBits)
}

// newLitSet builds a set from lits, scanning every stride-th position (1
// or 2). Literals must be lower case and at least minLit (stride 2:
// minLitStride2) bytes long.
func newLitSet(lits []lit, stride int) (*litSet, error) {
	var entries []lit
	for _, l := range lits {
		min := minLit
		if stride == 2 && l.pos != posStart {
			min = minLitStride2
		}
		if len(l.text) < min {
			return nil, fmt.Errorf("literal %q shorter than %d bytes", l.text, min)
		}
		for _, c := range l.text {
			if 'A' <= c && c <= 'Z' {
				return nil, fmt.Errorf("literal %q is not lower case", l.text)
			}
		}
		entries = append(entries, l)
		if stride == 2 && l.pos != posStart {
			l.off = 1
			entries = append(entries, l)
		}
	}
	if len(entries) >= 1<<16 {
		return nil, fmt.Errorf("too many literals: %d", len(entries))
	}
	s := &litSet{start: make([]uint16, 1<<litHashBits+1), stride: stride}
	counts := make([]int, 1<<litHashBits)
	for _, l := range entries {
		counts[litHashString(l.text[l.off:])]++
	}
	n := 0
	for h, c := range counts {
		s.start[h] = uint16(n)
		n += c
		if c > 0 {
			s.bits[h/64] |= 1 << (h % 64)
		}
	}
	s.start[1<<litHashBits] = uint16(n)
	s.lits = make([]lit, n)
	fill := make([]uint16, 1<<litHashBits)
	copy(fill, s.start)
	for _, l := range entries {
		h := litHashString(l.text[l.off:])
		s.lits[fill[h]] = l
		fill[h]++
	}
	return s, nil
}

// scan sets in cand the signature bit of every literal found in text at a
// position its pos allows.
func (s *litSet) scan(text []byte, cand *sigSet) {
	if s == nil {
		return
	}
	if s.stride == 2 {
		s.scan2(text, cand)
		return
	}
	// Four positions per 8-byte load: the hashes of the four windows are
	// independent, so the CPU overlaps them.
	i := 0
	for ; i+8 <= len(text); i += 4 {
		x := binary.LittleEndian.Uint64(text[i:]) | 0x2020202020202020
		h0 := (uint32(x) * litHashMul) >> (32 - litHashBits)
		h1 := (uint32(x>>8) * litHashMul) >> (32 - litHashBits)
		h2 := (uint32(x>>16) * litHashMul) >> (32 - litHashBits)
		h3 := (uint32(x>>24) * litHashMul) >> (32 - litHashBits)
		if s.bit(h0)|s.bit(h1)|s.bit(h2)|s.bit(h3) != 0 {
			s.verify(text, i, h0, cand)
			s.verify(text, i+1, h1, cand)
			s.verify(text, i+2, h2, cand)
			s.verify(text, i+3, h3, cand)
		}
	}
	for ; i+minLit <= len(text); i++ {
		s.verify(text, i, litHash(text[i:]), cand)
	}
}

// scan2 hashes the windows at even positions only: three per 8-byte load.
func (s *litSet) scan2(text []byte, cand *sigSet) {
	i := 0
	for ; i+8 <= len(text); i += 6 {
		x := binary.LittleEndian.Uint64(text[i:]) | 0x2020202020202020
		h0 := (uint32(x) * litHashMul) >> (32 - litHashBits)
		h1 := (uint32(x>>16) * litHashMul) >> (32 - litHashBits)
		h2 := (uint32(x>>32) * litHashMul) >> (32 - litHashBits)
		if s.bit(h0)|s.bit(h1)|s.bit(h2) != 0 {
			s.verify(text, i, h0, cand)
			s.verify(text, i+2, h1, cand)
			s.verify(text, i+4, h2, cand)
		}
	}
	for ; i+minLit <= len(text); i += 2 {
		s.verify(text, i, litHash(text[i:]), cand)
	}
}

// bit is non-zero when some literal's window hashes to h.
func (s *litSet) bit(h uint32) uint64 {
	return s.bits[(h/64)%uint32(len(s.bits))] & (1 << (h % 64))
}

// verify checks the literals of bucket h against the window at i.
func (s *litSet) verify(text []byte, i int, h uint32, cand *sigSet) {
	if s.bit(h) == 0 {
		return
	}
	for _, l := range s.lits[s.start[h]:s.start[h+1]] {
		if at := i - int(l.off); at >= 0 && l.matchAt(text, at) {
			cand.set(int(l.sig))
		}
	}
}

func (l *lit) matchAt(text []byte, i int) bool {
	end := i + len(l.text)
	if end > len(text) || !hasPrefixFold(text[i:], l.text) {
		return false
	}
	switch l.pos {
	case posEnd:
		return end == len(text)
	case posSeg:
		return end == len(text) || text[end] == '/'
	case posStart:
		return i == 0
	case posWord:
		// A literal that brings its own boundary ("nmap ") needs none.
		return (i == 0 || !isAlnum(text[i-1]) || !isAlnum(l.text[0])) &&
			(end == len(text) || !isAlnum(text[end]) || !isAlnum(l.text[len(l.text)-1]))
	}
	return true
}

// hasPrefixFold reports whether b starts with lower, ignoring ASCII case in
// b. lower must be lower case.
func hasPrefixFold(b []byte, lower string) bool {
	if len(b) < len(lower) {
		return false
	}
	for i := 0; i < len(lower); i++ {
		if toLower[b[i]] != lower[i] {
			return false
		}
	}
	return true
}

// containsFold reports whether b contains lower, ignoring ASCII case in b.
func containsFold(b []byte, lower string) bool {
	if len(lower) == 0 {
		return true
	}
	first := lower[0]
	for i := 0; i+len(lower) <= len(b); i++ {
		if toLower[b[i]] != first {
			continue
		}
		j := 1
		for j < len(lower) && toLower[b[i+j]] == lower[j] {
			j++
		}
		if j == len(lower) {
			return true
		}
	}
	return false
}

var toLower = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
		if 'A' <= i && i <= 'Z' {
			t[i] = byte(i + 'a' - 'A')
		}
	}
	return t
}()

func isAlnum(c byte) bool {
	c = toLower[c]
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
}

// sigSet is a bitset over the built-in signatures.
type sigSet [maxSigs / 64]uint64

// maxSigs bounds the built-in catalogue so sigSet lives on the stack.
const maxSigs = 384

func (s *sigSet) set(i int) { s[i/64] |= 1 << (i % 64) }
func (s *sigSet) or(o *sigSet) {
	for i := range s {
		s[i] |= o[i]
	}
}
func (s *sigSet) has(i int) bool { return s[i/64]&(1<<(i%64)) != 0 }
func (s *sigSet) empty() bool {
	for _, w := range s {
		if w != 0 {
			return false
		}
	}
	return true
}
