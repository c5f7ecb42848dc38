// Package geotest writes small MaxMind-format databases for tests, in the
// record layouts of the real vendors, so no test downloads a database.
package geotest

import (
	"net"
	"os"
	"testing"

	"github.com/maxmind/mmdbwriter"
	"github.com/maxmind/mmdbwriter/mmdbtype"
)

// Net is one network and what the database says about it.
type Net struct {
	CIDR    string
	Country string // ISO code; "" = none
	ASN     uint32 // 0 = none
	Org     string
}

// Layout is a vendor's record shape.
type Layout int

const (
	MaxMind Layout = iota // {"country": {"iso_code"}} / {"autonomous_system_number", ...}
	IPinfo                // {"country": "FR", "asn": "AS64500", "as_name"}
)

// Write builds a database of nets at path.
func Write(t testing.TB, path string, layout Layout, nets []Net) {
	t.Helper()
	tree, err := mmdbwriter.New(mmdbwriter.Options{
		DatabaseType:            "guardctl-test",
		IncludeReservedNetworks: true, // tests use documentation ranges
		RecordSize:              28,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nets {
		_, ipnet, err := net.ParseCIDR(n.CIDR)
		if err != nil {
			t.Fatal(err)
		}
		rec := mmdbtype.Map{}
		switch layout {
		case MaxMind:
			if n.Country != "" {
				rec["country"] = mmdbtype.Map{"iso_code": mmdbtype.String(n.Country)}
			}
			if n.ASN != 0 {
				rec["autonomous_system_number"] = mmdbtype.Uint32(n.ASN)
				rec["autonomous_system_organization"] = mmdbtype.String(n.Org)
			}
		case IPinfo:
			if n.Country != "" {
				rec["country"] = mmdbtype.String(n.Country)
			}
			if n.ASN != 0 {
				rec["asn"] = mmdbtype.String("AS" + itoa(n.ASN))
				rec["as_name"] = mmdbtype.String(n.Org)
			}
		}
		if err := tree.Insert(ipnet, rec); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Create(path + ".tmp")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tree.WriteTo(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		t.Fatal(err)
	}
}

func itoa(n uint32) string {
	var b [10]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}
