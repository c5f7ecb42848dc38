package detector

import (
	"net/netip"
	"time"

	"github.com/guardctl/guardctl/rules"
)

// offence is what the engine remembers about a client's past bans after its
// window state is gone.
type offence struct {
	last  int64 // event time of the latest ban, ns
	count uint32
	bits  uint8
	login bool // a ban of this chain was for a login rule (reguess); in the padding: still 16 bytes
}

// The offence table is an lru[offence] ordered by the latest ban, so its
// tail is always the entry whose memory runs out first. It is bounded two
// ways: entries older than Escalation.OffenceMemory are purged from the tail
// as event time advances, and at most Limits.MaxClients entries are kept
// (the oldest is dropped first). An entry is a 40-byte slab node plus its
// index slot, 56-72 bytes, so the table stays under 7.2 MB per 100,000.
//
// The count is a chain: a ban within OffenceMemory of the client's previous
// ban adds one; a ban after a longer quiet spell starts again at one (plus
// History). That is the compact form of "bans within OffenceMemory".
//
// History (the daemon's store) is asked only when the engine has no live
// entry for the client: once the engine has seen a client offend, its own
// chain already includes what History said then, and the bans it decided
// since are in the store too, so asking again would count them twice.

// offence records a ban of k (prefix pfx) at t and returns its number:
// 1 for a first offence. login: the ban is for a login rule (loginBan).
func (e *Engine) offence(k key, pfx netip.Prefix, t int64, login bool) int {
	mem := int64(e.pol.Escalation.OffenceMemory)
	bits := uint8(pfx.Bits())
	i, ok := e.offences.get(k)
	prev, chain := 0, false
	switch {
	case ok && e.offences.at(i).val.bits == bits && t-e.offences.at(i).val.last <= mem:
		prev, chain = int(e.offences.at(i).val.count), true
	case e.hist != nil && mem > 0:
		prev = max(0, e.hist.Offences(pfx, time.Unix(0, t).UTC(), time.Duration(mem)))
	}
	n := prev + 1
	if mem <= 0 {
		return n // no memory: nothing to keep
	}
	if !ok {
		if e.offences.n >= e.c.maxClients {
			e.offences.remove(e.offences.tail)
		}
		i = e.offences.insert(k, e.offences.index.tag(k))
	}
	o := &e.offences.at(i).val
	o.last = max(t, o.last)
	o.count = uint32(min(int64(n), 1<<31))
	o.bits = bits
	// The login mark lasts as long as the chain: a guesser banned for
	// login and then for a flood is still a guesser.
	o.login = login || chain && o.login
	e.offences.touch(i)
	return n
}

// loginBan reports whether a ban of rules ids is for a login rule: the
// model's own (rules.LoginRule), its /24's (RuleLoginSubnet) or the form
// loop (RuleFormLoop). Only at a ban: it loops over a few strings.
func loginBan(ids []string) bool {
	for _, id := range ids {
		if id == rules.LoginRule || id == RuleLoginSubnet || id == RuleFormLoop {
			return true
		}
	}
	return false
}

// reguess reports whether client addr was banned for a login rule within
// OffenceMemory of t (event time): its next refused login is a violation at
// once (login.go). Without it the ban dropped the client's login counts
// and every expiry bought a guesser QuickFailures more guesses (3 at the
// default) before the next ban. It asks only at a refusal, and only the
// engine's own offence table (not History: after a restart a guesser
// banned before it gets its quick-rule guesses again once).
func (e *Engine) reguess(addr netip.Addr, t int64) bool {
	if e.offences.n == 0 || !addr.IsValid() {
		return false
	}
	pfx := e.pol.ClientKey(addr.Unmap())
	i, ok := e.offences.get(keyOf(pfx))
	if !ok {
		return false
	}
	o := &e.offences.at(i).val
	return o.login && o.bits == uint8(pfx.Bits()) && t-o.last <= min(int64(e.pol.Escalation.OffenceMemory), int64(reguessWindow))
}

// reguessWindow bounds how long after its last ban a login-banned client's
// first refusal bans at once. A guesser comes back when its ban runs out
// (10 min, then 40 ...); an office NAT banned once (by mistake, or for one
// of its people) must not be banned again for a week each time someone
// behind it mistypes a password, as offence_memory (7 d) alone would do.
// Past the window a returning guesser gets its quick-rule guesses (3)
// once more.
const reguessWindow = 6 * time.Hour

// purgeOffences drops up to n entries whose memory ran out before now.
func (e *Engine) purgeOffences(now int64, n int) {
	mem := int64(e.pol.Escalation.OffenceMemory)
	for ; n > 0 && e.offences.tail != nilIdx; n-- {
		if now-e.offences.at(e.offences.tail).val.last <= mem {
			return
		}
		e.offences.remove(e.offences.tail)
	}
}
