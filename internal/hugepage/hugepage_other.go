//go:build !linux

package hugepage

import "unsafe"

// Size is the size of an x86-64 or arm64 transparent huge page.
const Size = 2 << 20

// Advise is a no-op where the kernel takes no such hint.
func Advise(unsafe.Pointer, uintptr) {}

// AdviseAround is a no-op where the kernel takes no such hint.
func AdviseAround(unsafe.Pointer, uintptr) {}
