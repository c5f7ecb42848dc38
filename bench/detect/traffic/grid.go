package traffic

import (
	"context"
	"time"

	"github.com/guardctl/guardctl/rules"
)

// Base is the grid's middle point: a 200 req/s site for 15 minutes with
// three offices of 100 people, four crawler addresses, sync and media
// clients, mobile apps, and ~100 attackers of eleven kinds.
func Base(seed uint64) Variant {
	return Variant{
		Name: "base", Seed: seed, Duration: 15 * time.Minute, SiteRate: 200,
		NATs: 3, NATUsers: 100, Crawlers: 4, CrawlRate: 3, Sync: 3, Media: 2, APIClients: 20, Monitors: 2,
		LoginShare: 0.1, Refusal: 0.2, IPv6Share: 0.15,
		FloodRate: 40, Floods: 10, DAVLoops: 4, Scanners: 10, SlowScans: 6, BFFast: 8, BFSlow: 5, BFSpread: 20,
		BFToken: 8, Probes: 15, Injects: 10, V6Rotate: 6,
	}
}

// Grid is the variants the README's table reports, each from Base.
func Grid(seed uint64) []Variant {
	with := func(name string, f func(*Variant)) Variant { return derive(Base(seed), name, f) }
	return []Variant{
		Base(seed),
		with("site-50", func(v *Variant) { v.SiteRate = 50 }),
		with("site-2000", func(v *Variant) { v.SiteRate = 2000; v.Duration = 8 * time.Minute }),
		with("nat-10x10", func(v *Variant) { v.NATs, v.NATUsers = 10, 10 }),
		with("nat-3x500", func(v *Variant) { v.NATs, v.NATUsers = 3, 500 }),
		with("nat-one-browser", func(v *Variant) { v.NATs, v.NATUsers, v.NATOneUA = 5, 200, true }),
		with("refusals-high", func(v *Variant) { v.LoginShare, v.Refusal = 0.4, 0.5 }),
		with("flood-10", func(v *Variant) { v.FloodRate = 10 }),
		with("flood-100", func(v *Variant) { v.FloodRate = 100 }),
		with("flood-1000", func(v *Variant) { v.FloodRate = 1000 }),
		with("ipv6-half", func(v *Variant) { v.IPv6Share = 0.5 }),
		with("proxy-xff", func(v *Variant) { v.Proxy = true }),
		with("crawlers-busy", func(v *Variant) { v.Crawlers, v.CrawlRate = 8, 8 }),
	}
}

// derive is base renamed and changed by f: one variant of a grid.
func derive(base Variant, name string, f func(*Variant)) Variant {
	base.Name = name
	f(&base)
	return base
}

// Evaluate generates, replays and scores one variant with pol.
func Evaluate(ctx context.Context, pol *rules.Policy, v Variant) (*Score, error) {
	log := Generate(v)
	outs, err := Run(ctx, pol, log)
	if err != nil {
		return nil, err
	}
	return Summarize(v.Name, log, outs), nil
}
