//go:build race

package detector

// raceEnabled: the race detector makes the engine ~10x slower and adds
// nothing for single-goroutine code, so the big spray tests scale down.
const raceEnabled = true
