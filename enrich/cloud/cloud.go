// Package cloud reads the address ranges cloud providers publish: AWS
// (ip-ranges.json), Google Cloud (cloud.json), Azure (Service Tags JSON)
// and plain CIDR lists, filtered by service and region where the format
// names them.
package cloud

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/guardctl/guardctl/enrich/netset"
)

// Providers accepted by Parse.
const (
	AWS   = "aws"
	GCP   = "gcp"
	Azure = "azure"
	CIDR  = "cidr"
)

// Filter keeps the ranges of these services and regions; an empty list
// keeps all. Names compare without regard to case.
type Filter struct {
	Services []string
	Regions  []string
}

func (f Filter) keep(service, region string) bool {
	return match(f.Services, service) && match(f.Regions, region)
}

func match(want []string, got string) bool {
	return len(want) == 0 || slices.ContainsFunc(want, func(w string) bool { return strings.EqualFold(w, got) })
}

// Stats says what a parse kept.
type Stats struct {
	Ranges  int // ranges in the document
	Kept    int // ranges that passed the filter
	Invalid int // ranges that were not a valid network
}

// Parse reads a provider's document and returns the networks that pass f.
// A document that is not of the provider's format is an error; so is one
// that lists no range at all (a provider never publishes an empty list,
// so that is a broken download). Invalid ranges are counted and skipped.
func Parse(provider string, data []byte, f Filter) ([]netip.Prefix, Stats, error) {
	var (
		out []netip.Prefix
		st  Stats
		err error
	)
	switch provider {
	case AWS:
		out, st, err = parseAWS(data, f)
	case GCP:
		out, st, err = parseGCP(data, f)
	case Azure:
		out, st, err = parseAzure(data, f)
	case CIDR:
		var ns netset.Stats
		out, ns, err = netset.Parse(bytes.NewReader(data))
		st = Stats{Ranges: ns.Entries + ns.Bad, Kept: ns.Entries, Invalid: ns.Bad}
	default:
		return nil, st, fmt.Errorf("unknown provider %q", provider)
	}
	if err != nil {
		return nil, st, fmt.Errorf("%s ranges: %w", provider, err)
	}
	if st.Ranges == 0 {
		return nil, st, fmt.Errorf("%s ranges: %w: no range in the document", provider, netset.ErrMalformed)
	}
	if st.Invalid*2 > st.Ranges {
		return nil, st, fmt.Errorf("%s ranges: %w: %d of %d ranges are not networks", provider, netset.ErrMalformed, st.Invalid, st.Ranges)
	}
	return out, st, nil
}

// add parses one range into out, counting it.
func (st *Stats) add(out []netip.Prefix, s string, keep bool) []netip.Prefix {
	st.Ranges++
	ps, err := netset.ParseEntry(strings.TrimSpace(s))
	if err != nil || len(ps) != 1 {
		st.Invalid++
		return out
	}
	if !keep {
		return out
	}
	st.Kept++
	return append(out, ps[0])
}

// AWS ip-ranges.json: prefixes[].ip_prefix and ipv6_prefixes[].ipv6_prefix,
// each with region and service. The service "AMAZON" is every range,
// the others (EC2, S3, CLOUDFRONT ...) are subsets of it.
type awsDoc struct {
	SyncToken string `json:"syncToken"`
	Prefixes  []struct {
		IPPrefix string `json:"ip_prefix"`
		Region   string `json:"region"`
		Service  string `json:"service"`
	} `json:"prefixes"`
	IPv6Prefixes []struct {
		IPv6Prefix string `json:"ipv6_prefix"`
		Region     string `json:"region"`
		Service    string `json:"service"`
	} `json:"ipv6_prefixes"`
}

func parseAWS(data []byte, f Filter) ([]netip.Prefix, Stats, error) {
	var d awsDoc
	var st Stats
	if err := decodeStrict(data, &d); err != nil {
		return nil, st, err
	}
	if d.Prefixes == nil && d.IPv6Prefixes == nil {
		return nil, st, fmt.Errorf("%w: no prefixes or ipv6_prefixes", netset.ErrMalformed)
	}
	var out []netip.Prefix
	for _, p := range d.Prefixes {
		out = st.add(out, p.IPPrefix, f.keep(p.Service, p.Region))
	}
	for _, p := range d.IPv6Prefixes {
		out = st.add(out, p.IPv6Prefix, f.keep(p.Service, p.Region))
	}
	return out, st, nil
}

// Google Cloud cloud.json: prefixes[] with ipv4Prefix or ipv6Prefix,
// service ("Google Cloud") and scope (the region, "us-central1").
type gcpDoc struct {
	SyncToken string `json:"syncToken"`
	Prefixes  []struct {
		IPv4Prefix string `json:"ipv4Prefix"`
		IPv6Prefix string `json:"ipv6Prefix"`
		Service    string `json:"service"`
		Scope      string `json:"scope"`
	} `json:"prefixes"`
}

func parseGCP(data []byte, f Filter) ([]netip.Prefix, Stats, error) {
	var d gcpDoc
	var st Stats
	if err := decodeStrict(data, &d); err != nil {
		return nil, st, err
	}
	if d.Prefixes == nil {
		return nil, st, fmt.Errorf("%w: no prefixes", netset.ErrMalformed)
	}
	var out []netip.Prefix
	for _, p := range d.Prefixes {
		s := p.IPv4Prefix
		if s == "" {
			s = p.IPv6Prefix
		}
		out = st.add(out, s, f.keep(p.Service, p.Scope))
	}
	return out, st, nil
}

// Azure Service Tags: values[] of tags, each with properties.region
// ("" for global tags), properties.systemService and
// properties.addressPrefixes. A service filter matches the tag's
// systemService or its name without the region ("AzureCloud" matches
// "AzureCloud.eastus").
type azureDoc struct {
	ChangeNumber int    `json:"changeNumber"`
	Cloud        string `json:"cloud"`
	Values       []struct {
		Name       string `json:"name"`
		Properties struct {
			Region          string   `json:"region"`
			SystemService   string   `json:"systemService"`
			AddressPrefixes []string `json:"addressPrefixes"`
		} `json:"properties"`
	} `json:"values"`
}

func parseAzure(data []byte, f Filter) ([]netip.Prefix, Stats, error) {
	var d azureDoc
	var st Stats
	if err := decodeStrict(data, &d); err != nil {
		return nil, st, err
	}
	if d.Values == nil {
		return nil, st, fmt.Errorf("%w: no values", netset.ErrMalformed)
	}
	var out []netip.Prefix
	for _, v := range d.Values {
		base, _, _ := strings.Cut(v.Name, ".")
		keep := (match(f.Services, v.Properties.SystemService) || match(f.Services, base)) &&
			match(f.Regions, v.Properties.Region)
		for _, p := range v.Properties.AddressPrefixes {
			out = st.add(out, p, keep)
		}
	}
	return out, st, nil
}

// decodeStrict decodes one JSON document: trailing garbage after it (a
// truncated or concatenated download) is an error.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%w: %v", netset.ErrMalformed, err)
	}
	if dec.More() {
		return fmt.Errorf("%w: data after the JSON document", netset.ErrMalformed)
	}
	return nil
}
