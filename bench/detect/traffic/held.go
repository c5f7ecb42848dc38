package traffic

import (
	"fmt"
	"io"
	"net/netip"
	"strings"
	"time"
)

// Held are shapes of issue 8's list that the first grid covers thinly or
// not at all, written after the policy was tuned and run on seeds it was
// never tuned on (3 and up): offices on IPv6 whose people each have an
// address of one /64, floods rotating addresses inside a /64, a corporate
// forward proxy and attackers who forge X-Forwarded-For behind the trusted
// proxy, and scanners slower than the first grid's. A Variant with all of
// them zero generates what it did before (no random number is drawn).
type Held struct {
	// Benign.
	V6Offices, V6OfficeUsers int // offices on IPv6: each person its own address in the office's /64
	CorpProxies              int // offices behind a forward proxy that adds X-Forwarded-For: 10.x (only with Variant.Proxy)

	// Attackers.
	V6Floods    int // floods at the variant's rate, every request from a new address of one /64
	SpoofXFF    int // scanners and guessers that send X-Forwarded-For with a new forged address every request (only with Variant.Proxy)
	SlowerScans int // word lists at one name every 40-120 s
}

// Kinds of the held-out shapes.
const (
	KindV6Office  = "v6-office"
	KindCorpProxy = "corp-proxy"

	KindV6Flood     = "v6-flood"
	KindSpoofXFF    = "xff-spoof"
	KindSlowerScans = "slower-scanner"
)

// HeldKinds are the held-out attacker kinds, in table order.
var HeldKinds = []string{KindV6Flood, KindSpoofXFF, KindSlowerScans}

func (g *gen) held(h Held) {
	for range h.V6Offices {
		g.v6Office(h.V6OfficeUsers)
	}
	if g.v.Proxy {
		for range h.CorpProxies {
			g.corpProxy()
		}
	}
	for range h.V6Floods {
		g.v6Flood(g.v.FloodRate)
	}
	if g.v.Proxy {
		for range h.SpoofXFF {
			g.spoofXFF()
		}
	}
	for range h.SlowerScans {
		g.slowerScanner()
	}
}

// v6Office: an office (or a campus, a household of many devices) on IPv6:
// every person has an address of the office's /64, a third of them a new
// temporary one for every visit (RFC 8981 privacy addresses). The policy
// may judge the /64 as one client; it is as benign as a NAT of as many.
func (g *gen) v6Office(users int) {
	c := g.client(KindV6Office, false)
	g.v6b++
	net := netip.AddrFrom16([16]byte{0x2a, 0x02, 0x81, 0x00, byte(g.v6b >> 24), byte(g.v6b >> 16), byte(g.v6b >> 8), byte(g.v6b)})
	g.note(c, fmt.Sprintf("%d people in %s/64", users, net))
	office := pick(g.rng, browserUAs)
	for range users {
		ua := pick(g.rng, browserUAs)
		if g.rng.IntN(2) == 0 {
			ua = office
		}
		addr := g.in64(net)
		rotate := g.rng.IntN(3) == 0
		cold := true
		for t := expo(g.rng, 2100); t < g.dur; t += expo(g.rng, 2100) {
			if rotate {
				addr = g.in64(net)
			}
			g.session(c, addr, t, ua, cold)
			cold = false
		}
	}
}

// corpProxy: an office behind a forward proxy (Squid, Zscaler-style) that
// adds the person's internal address to X-Forwarded-For; the site's own
// trusted proxy appends the office's public address. The client is the
// office, a NAT of 50-150 people.
func (g *gen) corpProxy() {
	c := g.client(KindCorpProxy, false)
	addr := g.benignAddr()
	users := 50 + g.rng.IntN(100)
	g.note(c, fmt.Sprintf("%d people behind a forward proxy at %s", users, addr))
	for range users {
		ua := pick(g.rng, browserUAs)
		inner := fmt.Sprintf("10.%d.%d.%d", 20+g.rng.IntN(200), g.rng.IntN(256), 1+g.rng.IntN(254))
		from := len(g.log.Lines)
		cold := true
		for t := expo(g.rng, 2100); t < g.dur; t += expo(g.rng, 2100) {
			g.session(c, addr, t, ua, cold)
			cold = false
		}
		for i := from; i < len(g.log.Lines); i++ {
			g.log.Lines[i].XFFPrefix = inner
		}
	}
}

// v6Flood: a flood of the site's pages or one URL at the variant's rate,
// every request from a new address of one /64 (a rented IPv6 server).
func (g *gen) v6Flood(rate float64) {
	c := g.client(KindV6Flood, true)
	net := g.attackerNet6()
	ua := pick(g.rng, append(toolUAs, browserUAs...))
	start := g.rng.Float64() * (g.dur - 80)
	dur := 15 + g.rng.Float64()*60
	one := g.rng.IntN(2) == 0
	target := g.site.page(g.rng)
	what := "the site's pages"
	if one {
		what = "one URL " + target
	}
	g.note(c, fmt.Sprintf("%s at %.0f/s for %.0f s, a new address of %s/64 every request, %s", what, rate, dur, net, ua))
	for t := start; t < start+dur; t += expo(g.rng, 1/rate) {
		path := target
		if !one {
			path = g.site.page(g.rng)
		}
		st := 200
		if g.rng.IntN(10) == 0 {
			st = 503
		}
		g.overload(t)
		g.emit(c, g.in64(net), t, "GET", path, st, "", ua)
	}
}

// spoofXFF: a scanner or a guesser that sends its own X-Forwarded-For
// with a new forged address every request, hoping the site takes the
// first address of the list as the client; the trusted proxy appends the
// real one.
func (g *gen) spoofXFF() {
	c := g.client(KindSpoofXFF, true)
	addr := g.attackerAddr()
	from := len(g.log.Lines)
	if g.rng.IntN(2) == 0 {
		g.note(c, "word list at 2-10/s from "+addr.String()+" with a forged X-Forwarded-For per request")
		g.scan(c, func() netip.Addr { return addr }, g.rng.Float64()*g.dur*0.8, 1/(2+g.rng.Float64()*8), 60+g.rng.IntN(200), pick(g.rng, toolUAs))
	} else {
		g.note(c, "POST "+g.site.loginAt+" at 0.5-3/s from "+addr.String()+" with a forged X-Forwarded-For per request")
		g.guess(c, func() netip.Addr { return addr }, g.site.loginAt, g.rng.Float64()*g.dur*0.7, 1/(0.5+g.rng.Float64()*2.5),
			30+g.rng.IntN(150), pick(g.rng, toolUAs), false)
	}
	for i := from; i < len(g.log.Lines); i++ {
		g.log.Lines[i].XFFPrefix = v4(g.rng.Uint32() | 1<<30).String()
	}
}

// slowerScanner: a word list at one name every 40-120 s (a scanner that
// spreads its run over hours to stay under rate limits), the odd page of
// the site in between; in a 15-minute log that is 8-25 names.
func (g *gen) slowerScanner() {
	c := g.client(KindSlowerScans, true)
	addr := g.attackerAddr()
	gap := 40 + g.rng.Float64()*80
	ua := pick(g.rng, browserUAs)
	g.note(c, fmt.Sprintf("word list from %s, one name every %.0f s on average", addr, gap))
	start := g.rng.Float64() * g.dur * 0.1
	g.scan(c, func() netip.Addr { return addr }, start, gap, 1000, ua)
	for t := start + expo(g.rng, 3*gap); t < g.dur; t += expo(g.rng, 3*gap) {
		g.emitPage(c, addr, t, "GET", g.site.page(g.rng), 200, "", ua)
	}
}

// HeldBase is Base with the held-out shapes added.
func HeldBase(seed uint64) Variant {
	v := Base(seed)
	v.Name = "held-base"
	v.Held = Held{V6Offices: 3, V6OfficeUsers: 200, V6Floods: 4, SlowerScans: 6}
	return v
}

// HeldGrid is the held-out variants, each from HeldBase: the shapes above
// and the grid's thin corners (one browser build behind NATs of 500,
// floods at 10 and 1,000 req/s, everything behind a proxy with forged
// X-Forwarded-For). Run it on seeds the policy was not tuned on.
func HeldGrid(seed uint64) []Variant {
	with := func(name string, f func(*Variant)) Variant { return derive(HeldBase(seed), name, f) }
	return []Variant{
		HeldBase(seed),
		with("held-v6-offices-500", func(v *Variant) { v.Held.V6OfficeUsers = 500; v.IPv6Share = 0.5 }),
		with("held-nat-500-one-ua", func(v *Variant) { v.NATs, v.NATUsers, v.NATOneUA = 3, 500, true }),
		with("held-flood-10", func(v *Variant) { v.FloodRate = 10 }),
		with("held-flood-1000", func(v *Variant) { v.FloodRate = 1000 }),
		with("held-proxy-spoof", func(v *Variant) { v.Proxy = true; v.Held.CorpProxies, v.Held.SpoofXFF = 3, 8 }),
		with("held-site-2000", func(v *Variant) { v.SiteRate = 2000; v.Duration = 8 * time.Minute; v.Held.V6OfficeUsers = 500 }),
	}
}

// heldKindsIn lists the attacker kinds that appear in scores, grid kinds
// first, for the held-out table.
func heldKindsIn(scores []*Score) []string {
	var out []string
	for _, k := range append(append(append([]string{}, kindOrder...), HeldKinds...), ShapeKinds...) {
		for _, s := range scores {
			if ks := s.Kinds[k]; ks != nil && ks.Clients > 0 {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

// WriteHeldTable writes the held-out grid's scores: recall over all
// attackers and per kind, and benign bans by kind.
func WriteHeldTable(w io.Writer, scores []*Score) {
	writeKindTable(w, scores, heldKindsIn(scores), true, true)
}

// bansByKind is "kind n, kind n" of s's benign bans, or "none".
func bansByKind(s *Score) string {
	by := map[string]int{}
	var order []string
	for _, b := range s.BenignBans {
		k, _, _ := strings.Cut(b, " (")
		if by[k] == 0 {
			order = append(order, k)
		}
		by[k]++
	}
	var parts []string
	for _, k := range order {
		parts = append(parts, fmt.Sprintf("%s %d", k, by[k]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
