//go:build !amd64 && !arm64

package prefetch

import "unsafe"

// Line is a hint that this architecture goes without.
func Line(p unsafe.Pointer) {}

// Lines is a hint that this architecture goes without.
func Lines(p unsafe.Pointer, n uintptr) {}

// Each is a hint that this architecture goes without.
func Each(addrs []uintptr) {}
