package detector

import (
	"math"
	"time"

	"github.com/guardctl/guardctl/rules"
)

// defaultBan is used when neither the rule nor the escalation names a ban
// length; a zero-length ban would be no ban at all.
const defaultBan = 10 * time.Minute

// maxDuration keeps escalated bans far from overflowing time arithmetic.
const maxDuration = 100 * 365 * 24 * time.Hour

// banDuration is the length of the n-th offence's ban (n >= 1). base is the
// triggering rule's own ban (deny, trap, throttle.Ban) or zero for the
// escalation's BaseBan. It is base*Multiplier^(n-1), capped at MaxBan (the
// cap never shortens a rule's own configured ban below that ban), and at
// least BlacklistBan from the BlacklistAfter-th offence on.
func banDuration(esc *rules.Escalation, base time.Duration, n int) time.Duration {
	if base <= 0 {
		base = esc.BaseBan
	}
	if base <= 0 {
		base = defaultBan
	}
	m := esc.Multiplier
	if m < 1 || math.IsNaN(m) {
		m = 1
	}
	d := float64(base)
	for i := 1; i < n && d < float64(maxDuration); i++ {
		d *= m
	}
	if d > float64(maxDuration) {
		d = float64(maxDuration)
	}
	out := time.Duration(d)
	if esc.MaxBan > 0 && out > esc.MaxBan {
		out = max(esc.MaxBan, base)
	}
	if esc.BlacklistAfter > 0 && n >= esc.BlacklistAfter && esc.BlacklistBan > out {
		out = esc.BlacklistBan
	}
	return out
}
