//go:build !amd64 && !arm64

package prefetch

import "unsafe"

// Line is a hint that this architecture goes without.
func Line(p unsafe.Pointer) {}
