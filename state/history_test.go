package state

import (
	"net/netip"
	"time"
)

// The daemon hands the store to the detector as its offence history. This
// mirrors detector.History (detector/detector.go) rather than importing it,
// so that this package's tests do not depend on the detector compiling; the
// daemon's wiring checks the real interface.
var _ interface {
	Offences(key netip.Prefix, now time.Time, memory time.Duration) int
} = (*Store)(nil)
