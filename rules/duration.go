package rules

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseDuration reads a duration as written in the policy: Go's syntax
// ("90s", "10m", "1h30m") plus days and weeks ("7d", "2w", "1d12h"), since
// ban lengths are naturally counted in days. Negative durations are
// rejected: no policy value can be negative.
func ParseDuration(s string) (time.Duration, error) {
	in := s
	if s == "" {
		return 0, errors.New("empty duration; want e.g. \"10m\"")
	}
	if s[0] == '-' || s[0] == '+' {
		return 0, fmt.Errorf("bad duration %q: must not be signed", in)
	}
	if s == "0" {
		return 0, nil
	}
	if strings.ContainsAny(s, " \t") {
		return 0, fmt.Errorf("bad duration %q: write it without spaces, e.g. \"24h\" or \"1d12h\"", in)
	}
	var total time.Duration
	for s != "" {
		// number: digits with an optional fraction
		j := 0
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
			j++
		}
		if j == 0 {
			return 0, fmt.Errorf("bad duration %q: want a number before %q", in, s)
		}
		num := s[:j]
		s = s[j:]
		k := 0
		for k < len(s) && !(s[k] >= '0' && s[k] <= '9' || s[k] == '.') {
			k++
		}
		unit := s[:k]
		s = s[k:]
		mult, ok := durationUnits[unit]
		if !ok {
			if unit == "" {
				return 0, fmt.Errorf("bad duration %q: missing unit; want one of ms, s, m, h, d, w (e.g. \"10m\")", in)
			}
			return 0, fmt.Errorf("bad duration %q: unknown unit %q; want one of ms, s, m, h, d, w", in, unit)
		}
		f, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return 0, fmt.Errorf("bad duration %q: bad number %q", in, num)
		}
		v := f * float64(mult)
		if v >= math.MaxInt64 || float64(total)+v >= math.MaxInt64 {
			return 0, fmt.Errorf("bad duration %q: too long", in)
		}
		total += time.Duration(v)
	}
	return total, nil
}

var durationUnits = map[string]time.Duration{
	"ns": time.Nanosecond,
	"us": time.Microsecond,
	"µs": time.Microsecond,
	"ms": time.Millisecond,
	"s":  time.Second,
	"m":  time.Minute,
	"h":  time.Hour,
	"d":  24 * time.Hour,
	"w":  7 * 24 * time.Hour,
}

// FormatDuration writes d the way the policy file does: "7d", "1d12h",
// "10m", "90s"; sub-second rests fall back to Go's notation.
func FormatDuration(d time.Duration) string {
	if d == 0 {
		return "0"
	}
	if d < 0 || d%time.Second != 0 {
		return d.String()
	}
	var b strings.Builder
	for _, u := range []struct {
		name string
		d    time.Duration
	}{{"d", 24 * time.Hour}, {"h", time.Hour}, {"m", time.Minute}, {"s", time.Second}} {
		if n := d / u.d; n > 0 {
			b.WriteString(strconv.FormatInt(int64(n), 10))
			b.WriteString(u.name)
			d -= n * u.d
		}
	}
	return b.String()
}
