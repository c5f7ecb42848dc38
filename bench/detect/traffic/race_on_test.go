//go:build race

package traffic

// raceEnabled: the race detector slows the replay ~10x; TestGridFloors
// then runs fewer variants.
const raceEnabled = true
