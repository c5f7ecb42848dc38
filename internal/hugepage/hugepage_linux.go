// Package hugepage asks the kernel to back big tables that are probed at
// random with transparent huge pages.
package hugepage

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Size is the size of an x86-64 or arm64 transparent huge page.
const Size = 2 << 20

// Advise asks the kernel to back the Size-aligned middle of the n bytes at
// p with huge pages where it does so on request (transparent_hugepage=madvise,
// the usual default). The big tables are probed at random, one miss per
// lookup; with 4 KiB pages each of those misses is also a TLB miss, whose
// page walk costs about as much again (more under a hypervisor). Tables
// under 4 MiB are left alone. It is a hint: an error changes nothing.
func Advise(p unsafe.Pointer, n uintptr) {
	if n < 2*Size {
		return
	}
	start := uintptr(p)
	from := (start + Size - 1) &^ (Size - 1)
	to := (start + n) &^ (Size - 1)
	if to <= from {
		return
	}
	// The raw call: the range is inside p's object, which the caller keeps
	// alive.
	_, _, _ = unix.Syscall(unix.SYS_MADVISE, from, to-from, unix.MADV_HUGEPAGE)
}

// AdviseAround asks for huge pages on every Size-aligned page that the n
// bytes at p touch, the ends rounded out to Size. It is for a table that
// grows by allocations of a few MiB made one after the other (the
// detector's node slab, queue stamps and slot pool): the Go heap lays them
// side by side, so each one's rounded-out ends are the neighbouring
// allocations of the same table, and together they are backed by huge
// pages although none is 2 MiB-aligned (Advise would leave a 2 MiB one
// alone). The rounded-out ends may also hold other heap objects: a huge
// page there costs at most 2 MiB of memory at each end.
func AdviseAround(p unsafe.Pointer, n uintptr) {
	if n == 0 {
		return
	}
	start := uintptr(p)
	from := start &^ (Size - 1)
	to := (start + n + Size - 1) &^ (Size - 1)
	_, _, _ = unix.Syscall(unix.SYS_MADVISE, from, to-from, unix.MADV_HUGEPAGE)
}
