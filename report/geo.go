package report

import (
	"fmt"
	"net/netip"
	"sort"
	"strconv"

	"github.com/guardctl/guardctl/ipprefix"
)

// Geo is what a geo database says about an address (enrich/geo.Info).
type Geo struct {
	Country string
	ASN     uint32
	Org     string
}

// CountryStat is one row of the per-country table.
type CountryStat struct {
	Country   string `json:"country"` // ISO code; "" when the database does not know
	Clients   uint64 `json:"clients"`
	Requests  uint64 `json:"requests"`
	Offenders int    `json:"offenders"`
	Banned    int    `json:"banned"`
}

// AddGeo fills the offenders' country and network and builds the
// per-country table from every client seen, using lookup (a local
// database: no network). The table is sorted by requests, most first.
func (c *Collector) AddGeo(r *Report, lookup func(netip.Addr) Geo) {
	byKey := map[string]int{}
	for i, o := range r.Offenders {
		byKey[o.IP] = i
	}
	stats := map[string]*CountryStat{}
	stat := func(cc string) *CountryStat {
		s := stats[cc]
		if s == nil {
			s = &CountryStat{Country: cc}
			stats[cc] = s
		}
		return s
	}
	for key, n := range c.allClients() {
		g := lookup(key.Addr())
		s := stat(g.Country)
		s.Clients++
		s.Requests += n
		if i, ok := byKey[ipprefix.String(key)]; ok {
			o := &r.Offenders[i]
			o.Country, o.ASN, o.ASOrg = g.Country, g.ASN, g.Org
			s.Offenders++
			if o.Action == "ban" {
				s.Banned++
			}
			delete(byKey, ipprefix.String(key))
		}
	}
	// Offenders past the client cap are not in c.clients.
	for _, i := range byKey {
		o := &r.Offenders[i]
		if p, err := netip.ParsePrefix(o.IP); err == nil {
			o.Country, o.ASN, o.ASOrg = splitGeo(lookup(p.Addr()))
		} else if a, err := netip.ParseAddr(o.IP); err == nil {
			o.Country, o.ASN, o.ASOrg = splitGeo(lookup(a))
		}
		s := stat(o.Country)
		s.Offenders++
		if o.Action == "ban" {
			s.Banned++
		}
	}
	r.Countries = make([]CountryStat, 0, len(stats))
	for _, s := range stats {
		r.Countries = append(r.Countries, *s)
	}
	sort.Slice(r.Countries, func(i, j int) bool {
		a, b := r.Countries[i], r.Countries[j]
		if a.Requests != b.Requests {
			return a.Requests > b.Requests
		}
		return a.Country < b.Country
	})
}

func splitGeo(g Geo) (string, uint32, string) { return g.Country, g.ASN, g.Org }

// geoSuffix is an offender's country and network for the IP column.
func geoSuffix(o Offender) string {
	switch {
	case o.Country != "" && o.ASN != 0:
		return fmt.Sprintf(" (%s AS%d)", o.Country, o.ASN)
	case o.Country != "":
		return " (" + o.Country + ")"
	case o.ASN != 0:
		return " (AS" + strconv.FormatUint(uint64(o.ASN), 10) + ")"
	}
	return ""
}

// writeCountries prints the per-country table, the first top rows.
func writeCountries(ew *errWriter, st style, cs []CountryStat, top int) {
	if len(cs) == 0 {
		return
	}
	ew.printf("\n%s\n", st.heading("Clients by country"))
	ew.printf("  %-8s %10s %12s %10s %8s\n", "COUNTRY", "CLIENTS", "REQUESTS", "OFFENDERS", "BANNED")
	for i, c := range cs {
		if top > 0 && i == top {
			ew.printf("  ... and %d more countries (-o json has every one)\n", len(cs)-top)
			break
		}
		cc := c.Country
		if cc == "" {
			cc = "unknown"
		}
		ew.printf("  %-8s %10d %12d %10d %8d\n", cc, c.Clients, c.Requests, c.Offenders, c.Banned)
	}
}
