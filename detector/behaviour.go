package detector

import (
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

// behaviour runs the flood and login models on client i's request (its
// slots st), adding their hits and points; scored says whether points were
// already added during this Observe, and the result whether any were now.
func (e *Engine) behaviour(i uint32, st []int64, te int64, ev *parser.Event, r *request, scored bool) bool {
	var ls []int64 // the login model's slots: its successes spare repeats (flood.go)
	if e.c.login != nil {
		ls = st[e.c.loginSlot:][:loginSlots]
	}
	if f := e.c.flood; f != nil && e.flood(f, st[e.c.floodSlot:][:floodSlots], ls, te, ev) {
		rule, id := f.rule, rules.FloodRule
		if e.stray {
			rule, id = e.intern(RuleFloodStray), RuleFloodStray
		} else if e.fagg.hit {
			rule, id = e.intern(RuleFloodPrefix), RuleFloodPrefix
		}
		e.hits = append(e.hits, Hit{Rule: id, Category: CategoryThrottle, Points: f.weight})
		if f.weight > 0 {
			e.addPoints(i, te, rule, f.weight, scored)
			scored = true
		}
	}
	if l := e.c.login; l != nil {
		viol, subnet := e.login(l, st[e.c.loginSlot:][:loginSlots], te, ev, r)
		if viol || subnet {
			rule, id := l.rule, rules.LoginRule
			if !viol {
				rule, id = e.intern(RuleLoginSubnet), RuleLoginSubnet
			}
			e.hits = append(e.hits, Hit{Rule: id, Category: CategoryThrottle, Points: l.weight})
			if l.weight > 0 {
				e.addPoints(i, te, rule, l.weight, scored)
				scored = true
			}
		}
		if e.formLoop(l, &st[e.c.loginSlot+loginLoop], te, ev, r) {
			e.hits = append(e.hits, Hit{Rule: RuleFormLoop, Category: CategoryThrottle, Points: l.weight})
			if l.weight > 0 {
				e.addPoints(i, te, e.intern(RuleFormLoop), l.weight, scored)
				scored = true
			}
		}
	}
	return scored
}
