package detector

// pathSet remembers the fingerprints of the distinct paths a client has
// requested while its distinct-path bucket has been non-empty. It is an
// open-addressing table with linear probing; 0 marks an empty slot, so
// fingerprints are never 0. It only grows and is cleared as a whole, so it
// needs no tombstones.
type pathSet struct {
	slots []uint64 // length is zero or a power of two
	n     int
}

func (s *pathSet) has(fp uint64) bool {
	if len(s.slots) == 0 {
		return false
	}
	mask := uint64(len(s.slots) - 1)
	for i := fp & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case fp:
			return true
		case 0:
			return false
		}
	}
}

// add inserts fp, which must be absent, and reports whether it did: it
// refuses when the table is more than 3/4 full, and the caller decides
// whether to grow or clear it.
func (s *pathSet) add(fp uint64) bool {
	if (s.n+1)*4 > len(s.slots)*3 {
		return false
	}
	mask := uint64(len(s.slots) - 1)
	i := fp & mask
	for s.slots[i] != 0 {
		i = (i + 1) & mask
	}
	s.slots[i] = fp
	s.n++
	return true
}

// grow rehashes into a table of size slots.
func (s *pathSet) grow(size int) {
	old := s.slots
	s.slots = make([]uint64, size)
	s.n = 0
	for _, fp := range old {
		if fp != 0 {
			s.add(fp)
		}
	}
}

func (s *pathSet) clear() {
	if s.n == 0 {
		return
	}
	clear(s.slots)
	s.n = 0
}
