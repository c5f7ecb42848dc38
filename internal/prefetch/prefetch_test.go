package prefetch

import (
	"testing"
	"unsafe"
)

// TestLinesEveryShape calls Lines on empty, one-byte, unaligned and
// line-crossing ranges up to a slice's last byte, and on nil with n 0:
// a prefetch never faults, and the loop must end (a wrong bound in the
// assembly hangs here instead of in a replay).
func TestLinesEveryShape(t *testing.T) {
	Lines(nil, 0)
	buf := make([]byte, 1024)
	for off := range 130 {
		for _, n := range []int{0, 1, 7, 8, 63, 64, 65, 127, 128, 272, 1024 - 130} {
			Lines(unsafe.Pointer(&buf[off]), uintptr(n))
		}
	}
	Lines(unsafe.Pointer(&buf[len(buf)-1]), 1)
	Line(unsafe.Pointer(&buf[0]))
	Each(nil)
	var addrs [17]uintptr
	for n := range len(addrs) + 1 {
		for i := range n {
			addrs[i] = uintptr(unsafe.Pointer(&buf[i*60]))
		}
		Each(addrs[:n])
	}
	Each([]uintptr{0, 1, ^uintptr(0)}) // nowhere: never faults
}

// BenchmarkStride is a client's slot-pool stride (272 bytes under the
// default policy) fetched by one Lines call or by a Line call a slot
// group, as warmStrides did.
func BenchmarkStride(b *testing.B) {
	st := make([]int64, 34*1024)
	b.Run("Lines", func(b *testing.B) {
		i := 0
		for b.Loop() {
			s := st[i*34 : i*34+34]
			Lines(unsafe.Pointer(&s[0]), uintptr(len(s))*8)
			i = (i + 1) & 1023
		}
	})
	b.Run("Line", func(b *testing.B) {
		i := 0
		for b.Loop() {
			s := st[i*34 : i*34+34]
			for j := 0; j < len(s); j += 8 {
				Line(unsafe.Pointer(&s[j]))
			}
			Line(unsafe.Pointer(&s[len(s)-1]))
			i = (i + 1) & 1023
		}
	})
}
