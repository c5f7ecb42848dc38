package report

import (
	"math"
	"math/bits"
)

// hll is a HyperLogLog sketch of 2^hllP registers (16 KiB): it estimates
// how many distinct 64-bit hashes it was given with a standard error of
// 1.04/sqrt(2^hllP) = 0.8%, in constant memory. The collector feeds it only
// the clients that no longer fit its exact table.
type hll struct {
	reg []uint8 // allocated on the first add
}

const hllP = 14

func (h *hll) add(x uint64) {
	if h.reg == nil {
		h.reg = make([]uint8, 1<<hllP)
	}
	i := x >> (64 - hllP)
	// Rank of the first 1 bit in the remaining 64-hllP bits; the sentinel
	// bit keeps it finite when they are all zero.
	r := uint8(bits.LeadingZeros64(x<<hllP|1<<(hllP-1)) + 1)
	if r > h.reg[i] {
		h.reg[i] = r
	}
}

// clone is a copy of h that adds do not share.
func (h *hll) clone() hll {
	if h.reg == nil {
		return hll{}
	}
	return hll{reg: append([]uint8(nil), h.reg...)}
}

// estimate is the HyperLogLog estimate with linear counting for small
// cardinalities (Flajolet et al. 2007; Heule et al. 2013).
func (h *hll) estimate() uint64 {
	if h.reg == nil {
		return 0
	}
	m := float64(len(h.reg))
	sum, zeros := 0.0, 0
	for _, r := range h.reg {
		sum += math.Ldexp(1, -int(r))
		if r == 0 {
			zeros++
		}
	}
	alpha := 0.7213 / (1 + 1.079/m)
	e := alpha * m * m / sum
	if e <= 2.5*m && zeros > 0 {
		e = m * math.Log(m/float64(zeros))
	}
	return uint64(e + 0.5)
}
