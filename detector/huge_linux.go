package detector

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugePages asks the kernel to back the 2 MiB-aligned middle of the n
// bytes at p with
// huge pages where it does so on request (transparent_hugepage=madvise,
// the usual default). The big tables are probed at random, one miss per
// lookup; with 4 KiB pages each of those misses is also a TLB miss, whose
// page walk costs about as much again (more under a hypervisor). Tables
// under 4 MiB are left alone. It is a hint: an error changes nothing.
// hugePage is the size of an x86-64 or arm64 transparent huge page.
const hugePage = 2 << 20

func hugePages(p unsafe.Pointer, n uintptr) {
	if n < 2*hugePage {
		return
	}
	const huge = hugePage
	start := uintptr(p)
	from := (start + huge - 1) &^ (huge - 1)
	to := (start + n) &^ (huge - 1)
	if to <= from {
		return
	}
	// The raw call: the range is inside p's object, which the caller keeps
	// alive.
	_, _, _ = unix.Syscall(unix.SYS_MADVISE, from, to-from, unix.MADV_HUGEPAGE)
}
