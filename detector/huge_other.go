//go:build !linux

package detector

import "unsafe"

const hugePage = 2 << 20

// hugePages is a no-op where the kernel takes no such hint.
func hugePages(unsafe.Pointer, uintptr) {}
