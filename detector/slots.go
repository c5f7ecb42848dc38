package detector

import (
	"unsafe"

	"github.com/guardctl/guardctl/internal/hugepage"
	"github.com/guardctl/guardctl/internal/prefetch"
)

// slotPool holds the full-form slots of the clients whose slots cannot be
// packed (compact.go): one stride of int64 per such client, in chunks of
// poolChunk strides, so growing never copies what is there. Freed strides
// are reused through a free list threaded through their first slot. It
// holds at most one stride per tracked client, so MaxClients bounds it.
type slotPool struct {
	stride int
	chunks [][]int64
	hw     uint32 // strides ever handed out since the last reset
	free   uint32 // first free stride, nilIdx for none
	n      int    // strides in use
	huge   bool   // grow by huge-page groups (Options.HugeGroups)
}

const (
	poolShift = 10
	poolChunk = 1 << poolShift
)

func newSlotPool(stride int, huge bool) slotPool {
	return slotPool{stride: stride, free: nilIdx, huge: huge}
}

// at returns stride i.
func (p *slotPool) at(i uint32) []int64 {
	c := p.chunks[i>>poolShift]
	o := int(i&(poolChunk-1)) * p.stride
	return c[o : o+p.stride : o+p.stride]
}

// alloc returns a zeroed stride's index. The stride must be at least 1.
func (p *slotPool) alloc() uint32 {
	var i uint32
	if p.free != nilIdx {
		i = p.free
		p.free = uint32(p.at(i)[0])
	} else {
		i = p.hw
		if int(i>>poolShift) == len(p.chunks) {
			p.grow()
		}
		p.hw++
	}
	clear(p.at(i))
	p.n++
	p.warmNext()
	return i
}

// warmNext prefetches every cache line of the stride the next alloc will
// hand out (the free list's head, else the next never-used stride), so
// that alloc's clear and the caller's writes do not wait for them. At a
// million clients that stride is a victim's, and clearing the lines of it
// that nothing had fetched (a stride is (stride+1)*8 bytes: 256 with the
// default policy, four lines) stalled keep on their misses: the store
// after alloc took 34 ns a line on the 10M-line log of a million clients
// (session 13 profile). warmVictims now fetches a victim's whole stride
// two evictions ahead, which this cannot (the stride is freed only just
// before it is handed out again); this still covers a stride freed
// earlier. Called by alloc and release, the two that change the head; it
// only reads.
func (p *slotPool) warmNext() {
	i := p.free
	if i == nilIdx {
		i = p.hw
		if int(i>>poolShift) >= len(p.chunks) {
			return
		}
	}
	st := p.at(i)
	prefetch.Lines(unsafe.Pointer(&st[0]), uintptr(len(st))*8)
}

// grow adds a chunk, or, once there are groupFrom of them, a group in one
// allocation backed by huge pages where the kernel agrees (see lru.grow);
// with huge, a group of at least hugeGroupBytes once the chunks hold
// groupFromBytes, advised rounded out (see growChunks).
func (p *slotPool) grow() {
	size := poolChunk * p.stride
	if !p.huge {
		if len(p.chunks) < groupFrom {
			p.chunks = append(p.chunks, make([]int64, size))
			return
		}
		g := make([]int64, hugeGroup*size)
		hugepage.Advise(unsafe.Pointer(unsafe.SliceData(g)), uintptr(len(g))*8)
		for j := range hugeGroup {
			p.chunks = append(p.chunks, g[j*size:(j+1)*size:(j+1)*size])
		}
		return
	}
	if len(p.chunks)*size*8 < groupFromBytes {
		p.chunks = append(p.chunks, make([]int64, size))
		return
	}
	n := (hugeGroupBytes/8 + size - 1) / size
	g := make([]int64, n*size)
	hugepage.AdviseAround(unsafe.Pointer(unsafe.SliceData(g)), uintptr(len(g))*8)
	for j := range n {
		p.chunks = append(p.chunks, g[j*size:(j+1)*size:(j+1)*size])
	}
}

// release gives stride i back.
func (p *slotPool) release(i uint32) {
	p.at(i)[0] = int64(p.free)
	p.free = i
	p.n--
	p.warmNext()
}

// reset frees every stride, keeping the chunks.
func (p *slotPool) reset() {
	p.hw, p.free, p.n = 0, nilIdx, 0
}
