package traffic

import (
	"io"
	"time"
)

// RedBase is Base with every red-team shape (shapes.go) added: the benign
// look-alikes the first grid lacks and the attackers that stay under the
// shapes the policy was tuned to.
func RedBase(seed uint64) Variant {
	v := Base(seed)
	v.Name = "red-base"
	v.Shapes = Shapes{
		Gallery: 40, SPA: 30, Pollers: 15, CDN: 3, Stale: 4, MonMulti: 2, BasicAuth: 30, Feeds: 10,
		BFSlowMix: 12, BasicBF: 6, Token400: 6, HULK: 5, FloodWeb: 6, Worms: 20, EncProbe: 16, SPAScanner: 6,
	}
	return v
}

// RedGrid is the red-team variants, each from RedBase.
func RedGrid(seed uint64) []Variant {
	with := func(name string, f func(*Variant)) Variant { return derive(RedBase(seed), name, f) }
	return []Variant{
		RedBase(seed),
		with("red-site-50", func(v *Variant) { v.SiteRate = 50 }),
		with("red-site-2000", func(v *Variant) { v.SiteRate = 2000; v.Duration = 8 * time.Minute }),
		with("red-edges", func(v *Variant) { v.Shapes.CDN, v.Shapes.Pollers = 12, 60 }),
		with("red-logins", func(v *Variant) { v.Shapes.Logins = RedLogins{AppGuess: 8, AppUsers: 20, PassMgr: 30} }),
		with("red-nat-logins", func(v *Variant) { v.NATs, v.NATUsers, v.LoginShare, v.Refusal = 3, 500, 0.4, 0.5 }),
		with("red-ipv6", func(v *Variant) { v.IPv6Share = 0.5 }),
		with("red-hulk-20", func(v *Variant) { v.Shapes.HULK, v.Shapes.HULKRate = 10, 20 }),
		with("red-stuffing", func(v *Variant) { v.Shapes.Stuff24 = 2 }),
		with("red-stuffing-form", func(v *Variant) { v.Shapes.Stuff24, v.Shapes.StuffForm = 2, true }),
		with("red-floods", func(v *Variant) { v.Shapes.Floods = RedFloods{NoRef: 8, Pages: 8, Tabs: 6, OfficePoll: 3} }),
		with("red-floods-nat500", func(v *Variant) {
			v.Shapes.Floods = RedFloods{NoRef: 8, Pages: 8, Tabs: 6, OfficePoll: 3}
			v.NATs, v.NATUsers, v.NATOneUA = 3, 500, true
		}),
		with("red-floods-refs8", func(v *Variant) { v.Shapes.Floods = RedFloods{Refs8: 8, OfficePoll: 3} }),
	}
}

// WriteShapeTable writes the red grid's scores: recall over all attackers,
// benign bans by kind, and recall of each shape's attacker kind.
func WriteShapeTable(w io.Writer, scores []*Score) {
	writeKindTable(w, scores, ShapeKinds, false, true)
}
