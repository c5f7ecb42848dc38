package rules

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// MemoryLimit is limits.memory_limit: the Go runtime's soft memory limit the
// daemon sets (runtime/debug.SetMemoryLimit).
type MemoryLimit struct {
	Auto  bool  // derive it from max_clients and the bans in force
	Bytes int64 // an explicit limit; 0 with Auto false: no limit
}

// memUnits are the suffixes a memory_limit size may carry.
var memUnits = []struct {
	suffix string
	mult   int64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1},
}

// minMemoryLimit is the smallest explicit limit accepted: below it the
// daemon's own base (runtime, buffers, the pattern matcher) does not fit and
// the garbage collector would run without pause.
const minMemoryLimit = 32 << 20

// ParseMemoryLimit reads a memory_limit value: "auto" (or empty), "off", or
// a size with a unit such as "300MiB", "1GiB", "512MB".
func ParseMemoryLimit(s string) (MemoryLimit, error) {
	switch s {
	case "", "auto":
		return MemoryLimit{Auto: true}, nil
	case "off":
		return MemoryLimit{}, nil
	}
	for _, u := range memUnits {
		num, ok := strings.CutSuffix(s, u.suffix)
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
		if err != nil || n < 0 {
			break
		}
		if n > math.MaxInt64/u.mult {
			return MemoryLimit{}, fmt.Errorf("%q is too large", s)
		}
		if n*u.mult < minMemoryLimit {
			return MemoryLimit{}, fmt.Errorf("%q is below 32MiB, less than the daemon needs for itself", s)
		}
		return MemoryLimit{Bytes: n * u.mult}, nil
	}
	return MemoryLimit{}, fmt.Errorf(`want "auto", "off" or a size such as "300MiB", got %q`, s)
}
