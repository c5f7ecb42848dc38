package detector

// Weak hints on a many-user address. A carrier NAT of thousands of users
// makes, among its tens of thousands of requests an hour, a few that each
// alone is only a watch: one user searches "../../ relative import"
// (traversal-dotdot, 5), another "cmd.exe /c start chrome" (cmdi-shell-
// path, 5), a third's browser asks for /crossdomain.xml (2). Summed per
// address within the escalation window they reached the threshold and the
// whole NAT was banned (benign-s8 cgnat-weak-hints-add-up).
//
// So on an address the flood model has seen with four user agents or
// more (floodUAs, flood.go: the CDN-edge and NAT sign), a pattern hit
// worth less than the threshold is pending: logged, not summed. It
// becomes due, with the pending hits of the same user agent, when that
// user agent makes another weak hit within weakSameWindow (one user's
// several hints still add up), and all pending hits become due when weakBurst of
// them fall within weakBurstWindow (a scanner rotating user agents sends
// its probes close together; unrelated users' oddities are minutes
// apart). Hits worth the threshold, and throttle and model violations,
// count at once as before. The log entry carries the user agent's 16-bit
// fingerprint in what was padding: no memory added. The fingerprint is a
// hash of the whole user agent (weakUA), not the flood model's uaFP (its
// length and three 8-byte words): Chrome builds that differ only in the
// build number share a uaFP, and two users of a NAT paired up as one
// (review s8 rr-weak; TestWeakHintsPairByWholeUA). Computed only here,
// for a weak pattern hit on a many-user address: not on the line path.
const (
	// Why 5 in 60 s: 3 banned the reviewer's hour-long 3,000-user NAT
	// (cgnat-weak.log, ~25 weak hints an hour from about 8 user agents)
	// at its 24,674th request; a scanner sends far more than 5 a minute.
	weakBurst       = 5
	weakBurstWindow = 60e9 // ns
	// weakSameWindow: a user agent's weak hints pair up only this close
	// (ns). Unrelated users of a NAT share the popular user agents (the
	// reviewer's hour-long cgnat-weak.log: Firefox 133 on Linux searched
	// at 09:17:10 and 09:22:25, Safari on macOS at 09:33, 09:41 and 09:55);
	// one user's or one tool's hints come within a session.
	weakSameWindow = 120e9
	// weakMany pending hits within the escalation window become due
	// whatever their spacing and user agents: a scanner rotating 8 user
	// agents, one 5-point probe every 15 s, never paired nor burst and was
	// never banned (re-review rr-weak s8; before 3544a44 at its 2nd
	// probe; now at its 10th). The reviewer's 3,000-user NAT made ~25 weak
	// hints an hour, ~4 in a 10-minute window.
	weakMany = 10
)

// addPatternPoints logs pts of pattern rule for client i (slots st) at te,
// whose request came with user agent ua; see above.
func (e *Engine) addPatternPoints(i uint32, st []int64, te int64, rule uint16, pts int, ua []byte, expired bool) {
	if int64(pts) >= e.c.threshold || e.c.floodSlot < 0 || e.c.flood == nil || uint64(st[e.c.floodSlot+floodUAs])>>48 == 0 {
		e.addPoints(i, te, rule, pts, expired)
		return
	}
	h := e.heavyOf(i)
	if !expired {
		h.points.expire(te - e.c.escWindow)
	}
	u := weakUA(ua)
	p := int32(min(pts, 1<<30))
	l := h.points.live()
	same, recent, pending := false, 1, 1
	for _, x := range l {
		if x.pts < 0 {
			pending++
			same = same || (x.ua == u && x.t > te-weakSameWindow)
			if x.t > te-weakBurstWindow {
				recent++
			}
		}
	}
	if pending >= weakMany {
		recent = weakBurst // all due, as a burst
	}
	if !same && recent < weakBurst {
		h.points.add(pointEntry{t: te, pts: -p, rule: rule, ua: u})
		return
	}
	for j := range l {
		if x := &l[j]; x.pts < 0 && ((x.ua == u && x.t > te-weakSameWindow) || recent >= weakBurst) {
			x.pts = -x.pts
			h.points.sum += int64(x.pts)
		}
	}
	h.points.add(pointEntry{t: te, pts: p, rule: rule, ua: u})
}

// weakUA is a 16-bit fingerprint of the whole of user agent ua, never 0
// (pending entries of two user agents pair only if it is equal).
func weakUA(ua []byte) uint16 {
	h := wordHash(0x5bd1e9955bd1e995, ua)
	if x := uint16(h>>48 ^ h>>32 ^ h>>16 ^ h); x != 0 {
		return x
	}
	return 1
}
