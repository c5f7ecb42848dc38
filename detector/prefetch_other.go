//go:build !amd64 && !arm64

package detector

import "unsafe"

// prefetch is a hint that this architecture goes without.
func prefetch(p unsafe.Pointer) {}
