package rules

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// The keys below say who a client is rather than what it did: blocklist
// feeds and cloud ranges loaded into the kernel up front, countries and
// networks (ASN) from a local MaxMind-format database, an optional
// reputation API, and hooks that report bans elsewhere. The enrich/
// packages consume them; only Throttle.Countries reaches the Policy.

// ListsConfig holds what every [[feed]] and [[cloud]] shares.
type ListsConfig struct {
	// Refresh is how often a list with no refresh of its own is fetched
	// again by the daemon.
	Refresh time.Duration `toml:"refresh,positive"`
	// Timeout bounds one download, from the request to the last byte.
	Timeout time.Duration `toml:"timeout,positive"`
	// MaxSize is the largest download accepted, in bytes.
	MaxSize int `toml:"max_size,positive"`
	// Kernel loads the deny lists, feeds, cloud ranges and blocked
	// countries into the kernel as sets of their own, dropped before any
	// log line names them. Off: they are banned one address at a time
	// after they show in a log (the deny lists) or not at all.
	Kernel bool `toml:"kernel"`
}

// FeedConfig is one [[feed]]: a blocklist of IPs and CIDR networks, one a
// line (plain, Spamhaus DROP/EDROP with ";" comments, FireHOL .netset).
type FeedConfig struct {
	Name     string        `toml:"name"` // [a-z][a-z0-9_]{0,13}: names the kernel set too
	URL      string        `toml:"url"`  // fetched by `guardctl lists update` and the daemon
	File     string        `toml:"file"` // or read from a local file
	Refresh  time.Duration `toml:"refresh"`
	Disabled bool          `toml:"disabled"`

	at keyPath
}

func (f *FeedConfig) setAt(p keyPath) { f.at = p }

// CloudConfig is one [[cloud]]: a provider's published address ranges.
type CloudConfig struct {
	Name     string `toml:"name"`
	Provider string `toml:"provider"` // aws, gcp, azure or cidr
	URL      string `toml:"url"`
	File     string `toml:"file"`
	// Services and Regions filter the ranges where the format names them
	// (AWS service/region, GCP service/scope, Azure service tag
	// systemService/region); empty keeps all.
	Services []string      `toml:"services"`
	Regions  []string      `toml:"regions"`
	Refresh  time.Duration `toml:"refresh"`
	Disabled bool          `toml:"disabled"`

	at keyPath
}

func (c *CloudConfig) setAt(p keyPath) { c.at = p }

// GeoConfig names the MaxMind-format databases and the country and network
// rules built on them.
type GeoConfig struct {
	CountryDB string `toml:"country_db"` // GeoLite2/GeoIP2 Country or City, DB-IP, IPinfo
	ASNDB     string `toml:"asn_db"`     // GeoLite2/GeoIP2 ASN, or an IPinfo/DB-IP file with both
	// BlockCountries are ISO 3166-1 alpha-2 codes whose networks are
	// dropped in the kernel.
	BlockCountries []string `toml:"block_countries"`
	// AllowCountries, when set, denies every country not listed.
	AllowCountries []string `toml:"allow_countries"`
	// BlockASNs are autonomous system numbers whose networks are dropped.
	BlockASNs []int `toml:"block_asns"`
}

// ReputationConfig describes an HTTP reputation API (off by default).
type ReputationConfig struct {
	Enabled bool `toml:"enabled"`
	// URL is a template; {ip} is replaced by the client's address.
	URL       string `toml:"url"`
	KeyHeader string `toml:"key_header"`
	Key       string `toml:"key"`
	KeyFile   string `toml:"key_file"`
	// ListedField and ConfidenceField are dotted paths into the JSON
	// answer ("data.abuseConfidenceScore"); at least one is required.
	ListedField     string        `toml:"listed_field"`
	ConfidenceField string        `toml:"confidence_field"`
	MinConfidence   float64       `toml:"min_confidence"`
	Check           string        `toml:"check"` // "rules" (clients that fire a rule) or "all"
	TTL             time.Duration `toml:"ttl,positive"`
	Timeout         time.Duration `toml:"timeout,positive"`
	Concurrency     int           `toml:"concurrency,positive"`
	RatePerMinute   int           `toml:"rate_per_minute,positive"`
	Points          int           `toml:"points"`
	Ban             time.Duration `toml:"ban"`
}

// ReportConfig reports bans elsewhere (off unless one target is set).
type ReportConfig struct {
	Events  []string      `toml:"events"` // ban, unban
	Retries int           `toml:"retries"`
	Backoff time.Duration `toml:"backoff,positive"`
	Queue   int           `toml:"queue,positive"`
	Timeout time.Duration `toml:"timeout,positive"`

	Webhook   WebhookConfig   `toml:"webhook"`
	Command   []string        `toml:"command"` // argv, no shell; placeholders {ip} {action} ...
	Blocklist BlocklistConfig `toml:"blocklist"`
}

// WebhookConfig posts a JSON body built from a template.
type WebhookConfig struct {
	URL     string            `toml:"url"`
	Body    string            `toml:"body"`
	Headers map[string]string `toml:"headers"`
}

// BlocklistConfig posts bans to a blocklist's report API.
type BlocklistConfig struct {
	URL        string            `toml:"url"`
	KeyHeader  string            `toml:"key_header"`
	Key        string            `toml:"key"`
	KeyFile    string            `toml:"key_file"`
	Categories map[string]string `toml:"categories"` // rule category -> provider's categories
	Default    string            `toml:"default_category"`
}

// Accepted words of the enrich keys.
var (
	cloudProviders   = []string{"aws", "gcp", "azure", "cidr"}
	reputationChecks = []string{"rules", "all"}
	reportEvents     = []string{"ban", "unban"}
	// A list's kernel set is named after it (f_<name>, c_<name>), and
	// kernel list names hold 16 characters (see firewall.CheckListName).
	listNameRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,13}$`)
	countryRE  = regexp.MustCompile(`^[A-Z]{2}$`)
)

// validateEnrich checks the [lists], [[feed]], [[cloud]], [geo],
// [reputation] and [report] keys.
func (c *Config) validateEnrich(v *validator) {
	names := map[string]bool{}
	v.positive(keyPath{{key: "lists"}}.child("refresh"), c.Lists.Refresh, "refresh")
	v.positive(keyPath{{key: "lists"}}.child("timeout"), c.Lists.Timeout, "timeout")
	if c.Lists.MaxSize < 1 {
		v.fail(keyPath{{key: "lists"}}.child("max_size"), "must be at least 1 byte")
	}
	for i, f := range c.Feeds {
		at := pathOf(f.at, "feed", i+1, f.Name)
		v.listSource(at, f.Name, f.URL, f.File, names)
		if f.Refresh < 0 {
			v.fail(at.child("refresh"), "must not be negative")
		}
	}
	for i, cl := range c.Clouds {
		at := pathOf(cl.at, "cloud", i+1, cl.Name)
		v.listSource(at, cl.Name, cl.URL, cl.File, names)
		v.enum(at.child("provider"), cl.Provider, cloudProviders)
		if cl.Refresh < 0 {
			v.fail(at.child("refresh"), "must not be negative")
		}
	}

	g := keyPath{{key: "geo"}}
	for _, k := range []struct {
		key  string
		list []string
	}{{"block_countries", c.Geo.BlockCountries}, {"allow_countries", c.Geo.AllowCountries}} {
		for j, cc := range k.list {
			if !countryRE.MatchString(cc) {
				v.fail(g.child(k.key).entry(j+1, ""), "bad country %q: want an ISO 3166-1 alpha-2 code in capitals, such as \"FR\"", cc)
			}
		}
		if len(k.list) > 0 && c.Geo.CountryDB == "" {
			v.fail(g.child(k.key), "needs geo.country_db")
		}
	}
	if len(c.Geo.BlockCountries) > 0 && len(c.Geo.AllowCountries) > 0 {
		v.fail(g.child("allow_countries"), "set block_countries or allow_countries, not both")
	}
	for j, asn := range c.Geo.BlockASNs {
		if asn <= 0 {
			v.fail(g.child("block_asns").entry(j+1, ""), "bad AS number %d", asn)
		}
	}
	if len(c.Geo.BlockASNs) > 0 && c.Geo.ASNDB == "" {
		v.fail(g.child("block_asns"), "needs geo.asn_db")
	}
	for i, t := range c.Throttles {
		at := pathOf(t.at, "throttle", i+1, t.ID)
		for j, cc := range t.Countries {
			if cc != "default" && !countryRE.MatchString(cc) {
				v.fail(at.child("countries").entry(j+1, ""), "bad country %q: want an ISO 3166-1 alpha-2 code in capitals, or \"default\"", cc)
			}
		}
		if len(t.Countries) > 0 && c.Geo.CountryDB == "" && !t.Disabled {
			v.fail(at.child("countries"), "needs geo.country_db")
		}
	}

	c.validateReputation(v)
	c.validateReport(v)
}

// listSource checks the name and the one source of a feed or cloud list.
func (v *validator) listSource(at keyPath, name, u, file string, names map[string]bool) {
	switch {
	case !listNameRE.MatchString(name):
		v.fail(at.child("name"), "bad name %q: want a lower-case letter, then up to 13 lower-case letters, digits or '_'", name)
	case names[name]:
		v.fail(at.child("name"), "duplicate list name %q", name)
	}
	names[name] = true
	switch {
	case u == "" && file == "":
		v.fail(at.child("url"), "missing; set url or file")
	case u != "" && file != "":
		v.fail(at.child("file"), "set url or file, not both")
	case u != "":
		v.httpURL(at.child("url"), u)
	}
}

func (v *validator) httpURL(p keyPath, s string) {
	u, err := url.Parse(strings.ReplaceAll(s, "{ip}", "192.0.2.1"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		v.fail(p, "bad URL %q: want http:// or https://", s)
	}
}

func (c *Config) validateReputation(v *validator) {
	r := c.Reputation
	p := keyPath{{key: "reputation"}}
	v.enum(p.child("check"), r.Check, reputationChecks)
	if r.MinConfidence > 100 {
		v.fail(p.child("min_confidence"), "%v is above 100", r.MinConfidence)
	}
	if r.Points < 0 || r.Ban < 0 {
		v.fail(p.child("points"), "points and ban must not be negative")
	}
	if !r.Enabled {
		return
	}
	if r.URL == "" {
		v.fail(p.child("url"), "missing; the API's URL with {ip} where the address goes")
	} else {
		if !strings.Contains(r.URL, "{ip}") {
			v.fail(p.child("url"), "%q has no {ip} placeholder", r.URL)
		}
		v.httpURL(p.child("url"), r.URL)
	}
	if r.ListedField == "" && r.ConfidenceField == "" {
		v.fail(p.child("listed_field"), "set listed_field, confidence_field or both: the JSON fields that say a client is bad")
	}
	if r.Key != "" && r.KeyFile != "" {
		v.fail(p.child("key_file"), "set key or key_file, not both")
	}
	if r.Points == 0 && r.Ban == 0 {
		v.fail(p.child("points"), "set points, ban or both: what a listed client gets")
	}
}

func (c *Config) validateReport(v *validator) {
	r := c.Report
	p := keyPath{{key: "report"}}
	for j, e := range r.Events {
		v.enum(p.child("events").entry(j+1, ""), e, reportEvents)
	}
	if r.Retries < 0 || r.Retries > 20 {
		v.fail(p.child("retries"), "%d is out of range; want 0..20", r.Retries)
	}
	if r.Webhook.URL != "" {
		v.httpURL(p.child("webhook").child("url"), r.Webhook.URL)
	}
	if r.Webhook.Body != "" && r.Webhook.URL == "" {
		v.fail(p.child("webhook").child("url"), "missing; body is set")
	}
	if len(r.Command) > 0 && strings.TrimSpace(r.Command[0]) == "" {
		v.fail(p.child("command").entry(1, ""), "empty program name")
	}
	b := r.Blocklist
	if b.URL != "" {
		v.httpURL(p.child("blocklist").child("url"), b.URL)
		if b.Key != "" && b.KeyFile != "" {
			v.fail(p.child("blocklist").child("key_file"), "set key or key_file, not both")
		}
	}
}

// EnrichEnabled reports whether any list, database or hook is configured.
func (c *Config) EnrichEnabled() bool {
	return len(c.Feeds) > 0 || len(c.Clouds) > 0 || c.Geo.CountryDB != "" || c.Geo.ASNDB != "" ||
		c.Reputation.Enabled || c.Report.Webhook.URL != "" || len(c.Report.Command) > 0 || c.Report.Blocklist.URL != ""
}

// ListFile resolves a list file named in the policy against its directory.
func (c *Config) ListFile(name string) string {
	if name == "" || strings.HasPrefix(name, "/") || c.dir == "" {
		return name
	}
	return fmt.Sprintf("%s/%s", strings.TrimSuffix(c.dir, "/"), name)
}
