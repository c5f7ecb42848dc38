package cli

import (
	"fmt"
	"net/netip"

	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/enrich/geo"
	"github.com/guardctl/guardctl/ipprefix"
	"github.com/guardctl/guardctl/report"
	"github.com/guardctl/guardctl/rules"
)

// openGeo opens the policy's geo databases (geo.country_db, geo.asn_db);
// nil without error when none is configured.
func openGeo(cfg *rules.Config) (*geo.DB, error) {
	if cfg.Geo.CountryDB == "" && cfg.Geo.ASNDB == "" {
		return nil, nil
	}
	return geo.Open(cfg.ListFile(cfg.Geo.CountryDB), cfg.ListFile(cfg.Geo.ASNDB))
}

// openGeoWarn is openGeo for verbs that work without it: a database that
// does not open is a warning on stderr, and the verb goes on without
// countries.
func openGeoWarn(c *cli.Context, cfg *rules.Config) *geo.DB {
	db, err := openGeo(cfg)
	if err != nil {
		fmt.Fprintf(c.App.ErrWriter, "guardctl: warning: %v; countries and networks are not shown\n", err)
		return nil
	}
	return db
}

// addGeo adds countries and networks to an analyze report when the
// policy names a geo database.
func addGeo(c *cli.Context, col *report.Collector, r *report.Report, cfg *rules.Config) {
	db := openGeoWarn(c, cfg)
	if db == nil {
		return
	}
	defer db.Close()
	col.AddGeo(r, func(a netip.Addr) report.Geo {
		i := db.Lookup(a)
		return report.Geo{Country: i.Country, ASN: i.ASN, Org: i.Org}
	})
}

// geoLabel is "FR AS64500 Example" for a line of text, "" when unknown.
func geoLabel(i geo.Info) string {
	s := i.Country
	if i.ASN != 0 {
		if s != "" {
			s += " "
		}
		s += fmt.Sprintf("AS%d", i.ASN)
		if i.Org != "" {
			s += " " + i.Org
		}
	}
	return s
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown to the geo database"
	}
	return s
}

// geoBan is a ban of `guardctl list --json` with its country and network.
type geoBan struct {
	control.BanInfo
	Country string `json:"country,omitempty"`
	ASN     uint32 `json:"asn,omitempty"`
	ASOrg   string `json:"as_org,omitempty"`
}

func withGeo(db *geo.DB, bans []control.BanInfo) []geoBan {
	out := make([]geoBan, len(bans))
	for i, b := range bans {
		g := banGeo(db, b)
		out[i] = geoBan{BanInfo: b, Country: g.Country, ASN: g.ASN, ASOrg: g.Org}
	}
	return out
}

// banGeo looks up a ban's address (a network's first address).
func banGeo(db *geo.DB, b control.BanInfo) geo.Info {
	if p, err := ipprefix.Parse(b.Prefix); err == nil {
		return db.Lookup(p.Addr())
	}
	return geo.Info{}
}

// countryLookup is the detector's per-country throttle hook for a verb
// that judges lines (analyze): nil when no throttle is scoped by country
// or no database opens (the warning is printed once, by addGeo later).
func countryLookup(cfg *rules.Config) func(netip.Addr) string {
	scoped := false
	for _, t := range cfg.Throttles {
		scoped = scoped || (len(t.Countries) > 0 && !t.Disabled)
	}
	if !scoped {
		return nil
	}
	db, err := openGeo(cfg)
	if err != nil || db == nil {
		return nil
	}
	return geo.NewCountryCache(func() *geo.DB { return db }, 1<<16).Country
}
