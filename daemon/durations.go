package daemon

import (
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/rules"
	"github.com/guardctl/guardctl/state"
)

// expiry is now+d, clamped to the latest time the store can hold: a
// duration past 2262 (an escalation that overflowed, an adopted kernel
// element with a huge timeout) must become a ban that can be stored, not
// a batch the store refuses.
func expiry(now time.Time, d time.Duration) time.Time {
	limit := state.MaxTime()
	if d <= 0 || d >= limit.Sub(now) {
		return limit
	}
	return now.Add(d)
}

// longBans lists the policy's ban durations (key and value) longer than
// the backend's kernel can hold as an element timeout (ipset: 24.8 days).
// Such bans are still kept: the kernel element is capped and the daemon's
// drift check loads it again when the kernel drops it early.
func longBans(pol *rules.Policy, limit time.Duration) []string {
	var out []string
	check := func(key string, d time.Duration) {
		if d > limit {
			out = append(out, key+" = "+rules.FormatDuration(d))
		}
	}
	check("deny ban", pol.DenyBan)
	check("traps.ban", pol.TrapBan)
	check("escalation.ban", pol.Escalation.BaseBan)
	check("escalation.max_ban", pol.Escalation.MaxBan)
	check("escalation.blacklist_ban", pol.Escalation.BlacklistBan)
	for _, t := range pol.Throttles {
		check("throttle "+t.ID+" ban", t.Ban)
	}
	return out
}

// warnLongBans says at load time which bans the kernel cannot hold whole.
func (d *Daemon) warnLongBans(fw firewall.Backend, pol *rules.Policy) {
	limit := fw.MaxTimeout()
	if long := longBans(pol, limit); len(long) > 0 {
		d.log.Warn("the "+d.fwName+" backend holds element timeouts up to "+rules.FormatDuration(limit)+
			"; longer bans are capped in the kernel and loaded again by the daemon when the kernel drops them",
			"bans", long)
	}
}
