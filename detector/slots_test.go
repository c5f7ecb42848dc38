package detector

import "testing"

// TestSlotPoolReuse checks the free list that alloc and release share
// (and that warmNext, which runs in both, only reads): strides come back
// last freed first, zeroed, across a chunk boundary, and the never-used
// strides follow once the list is empty.
func TestSlotPoolReuse(t *testing.T) {
	t.Parallel()
	const stride = 29 // the default policy's: 232 bytes, five cache lines
	p := newSlotPool(stride, false)
	var got []uint32
	for range poolChunk + 5 {
		i := p.alloc()
		st := p.at(i)
		for j := range st {
			st[j] = int64(i)*100 + int64(j) + 1
		}
		got = append(got, i)
	}
	for k, i := range got {
		if i != uint32(k) {
			t.Fatalf("alloc %d gave stride %d, want %d", k, i, k)
		}
	}
	freed := []uint32{3, poolChunk + 2, 0, poolChunk - 1}
	for _, i := range freed {
		p.release(i)
	}
	if p.n != len(got)-len(freed) {
		t.Fatalf("n = %d after releases, want %d", p.n, len(got)-len(freed))
	}
	for k := len(freed) - 1; k >= 0; k-- {
		i := p.alloc()
		if i != freed[k] {
			t.Fatalf("alloc gave stride %d, want %d (last freed first)", i, freed[k])
		}
		for j, v := range p.at(i) {
			if v != 0 {
				t.Fatalf("reused stride %d slot %d = %d, want 0", i, j, v)
			}
		}
	}
	if i := p.alloc(); i != uint32(len(got)) {
		t.Fatalf("alloc with an empty free list gave %d, want the next unused %d", i, len(got))
	}
	for _, i := range got {
		if i == 3 || i == poolChunk+2 || i == 0 || i == poolChunk-1 {
			continue
		}
		if v := p.at(i)[stride-1]; v != int64(i)*100+stride {
			t.Fatalf("stride %d in use changed: last slot %d", i, v)
		}
	}
}

// TestDefaultStrideFourCacheLines: the default policy's pool stride (its
// slots and the heavy index) is 256 bytes at most, four cache lines:
// warming, clearing and copying a stride is what a log of many clients
// pays most for, and sessions 13 and 14's models made it 280 bytes (35
// slots), five lines. A model whose state only a few clients need keeps it
// beside the strides (sidetable.go: resource-bytes' windows, proven-login's
// refusals).
func TestDefaultStrideFourCacheLines(t *testing.T) {
	t.Parallel()
	e := defaultEngine(t)
	if b := (e.c.stride + 1) * 8; b > 256 {
		t.Errorf("default pool stride: %d slots, %d bytes; want 256 bytes (4 cache lines) at most", e.c.stride+1, b)
	}
}
