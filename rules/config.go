package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Config is the policy file (guardctl.toml) as written, decoded and
// validated. Load starts from the embedded default policy: a key the file
// does not set keeps its default value, a key it sets replaces the default
// (arrays are replaced, not merged), and a [[throttle]] whose id names a
// default throttle changes only the keys it sets. Compile turns a Config
// into the immutable Policy the detector runs.
//
// The sections Sources, Firewall and Daemon are the daemon's (`guardctl run`),
// also read by `--source` (analyze, explain, test), the firewall verbs and the
// offline admin verbs; they are validated here so that `guardctl
// check-config` catches their mistakes too.
type Config struct {
	Mode Mode `toml:"mode"`
	// IPv6Prefix is the prefix length IPv6 clients are judged and banned by.
	IPv6Prefix int `toml:"ipv6_prefix,positive"`
	// TrustedProxies are peers whose X-Forwarded-For is believed.
	TrustedProxies []string `toml:"trusted_proxies"`

	Allow      AllowConfig      `toml:"allow"`
	Deny       DenyConfig       `toml:"deny"`
	Traps      TrapsConfig      `toml:"traps"`
	Patterns   PatternsConfig   `toml:"patterns"`
	Throttles  []ThrottleConfig `toml:"throttle"`
	Escalation EscalationConfig `toml:"escalation"`
	Limits     LimitsConfig     `toml:"limits"`

	// Behaviour models (rules/behaviour.go).
	Flood FloodConfig `toml:"flood"`
	Login LoginConfig `toml:"login"`

	Sources  []SourceConfig `toml:"source"`
	Firewall FirewallConfig `toml:"firewall"`
	Daemon   DaemonConfig   `toml:"daemon"`
	Cluster  ClusterConfig  `toml:"cluster"`

	// Who the client is (rules/enrich.go).
	Lists      ListsConfig      `toml:"lists"`
	Feeds      []FeedConfig     `toml:"feed"`
	Clouds     []CloudConfig    `toml:"cloud"`
	Geo        GeoConfig        `toml:"geo"`
	Reputation ReputationConfig `toml:"reputation"`
	Report     ReportConfig     `toml:"report"`

	// Metrics is the daemon's Prometheus endpoint (rules/metrics.go).
	Metrics MetricsConfig `toml:"metrics"`

	src *source // where the file came from, for errors found later
	dir string  // directory relative list files are read from
}

// AllowConfig lists clients that are never judged nor banned.
type AllowConfig struct {
	IPs   []string `toml:"ips"`   // addresses and CIDR networks
	Files []string `toml:"files"` // list files, one entry a line
}

// DenyConfig lists clients banned on first sight.
type DenyConfig struct {
	IPs   []string      `toml:"ips"`
	Files []string      `toml:"files"`
	Ban   time.Duration `toml:"ban,positive"`
}

// TrapsConfig lists paths no legitimate client requests: one hit bans.
type TrapsConfig struct {
	Paths    []string      `toml:"paths"`    // exact decoded paths
	Prefixes []string      `toml:"prefixes"` // path prefixes
	Regex    []string      `toml:"regex"`    // RE2 regexes on the decoded path
	Ban      time.Duration `toml:"ban,positive"`
}

// PatternsConfig tunes the built-in signature catalogue and adds to it.
type PatternsConfig struct {
	DisableCategories []string              `toml:"disable_categories"`
	DisableIDs        []string              `toml:"disable_ids"`
	Custom            []CustomPatternConfig `toml:"custom"`
}

// CustomPatternConfig is one [[patterns.custom]] entry.
type CustomPatternConfig struct {
	ID       string `toml:"id"`
	Field    string `toml:"field"`    // path, query, uri, ua or referer
	Regex    string `toml:"regex"`    // RE2, matched against the normalised field
	Category string `toml:"category"` // default "custom"
	Weight   int    `toml:"weight,positive"`

	at keyPath
}

func (c *CustomPatternConfig) setAt(p keyPath) { c.at = p }

// ThrottleConfig is one [[throttle]] entry.
type ThrottleConfig struct {
	ID       string        `toml:"id"`
	Disabled bool          `toml:"disabled"`
	Requests int           `toml:"requests,positive"` // allowed per window, as a burst and as a rate
	Window   time.Duration `toml:"window,positive"`
	// Scope: every criterion given must match.
	Methods    []string `toml:"methods"`
	Statuses   []int    `toml:"statuses"`
	Path       string   `toml:"path"`
	PathPrefix string   `toml:"path_prefix"`
	PathRegex  string   `toml:"path_regex"`
	// DistinctPaths counts distinct paths instead of requests;
	// DistinctDepth compares only their first N segments (0 = whole path).
	DistinctPaths bool          `toml:"distinct_paths"`
	DistinctDepth int           `toml:"distinct_depth"`
	Weight        int           `toml:"weight,positive"` // 0: the escalation threshold
	Ban           time.Duration `toml:"ban"`             // 0: escalation decides
	// Countries scopes the throttle to clients of these countries
	// (ISO codes; "default" = every country no other throttle names).
	// Needs geo.country_db.
	Countries []string `toml:"countries"`

	// Event is the kind of event counted (parser.KindNames): "request"
	// (the default: access-log lines) or an error/application log's
	// "auth_failure", "rate_limited", "forbidden" ...
	Event string `toml:"event"`

	// Sources limits the throttle to events read from these [[source]]s
	// (their name, else their path): fail2ban's per-jail counting. Empty:
	// every source.
	Sources []string `toml:"sources"`

	// Scope "cluster" counts the throttle over every node of [cluster]
	// (docs/cluster.md); "node" (the default) on this node alone.
	Scope string `toml:"scope"`

	at keyPath
}

func (t *ThrottleConfig) setAt(p keyPath) { t.at = p }

// overlaid lets a file give a default throttle another kind of path scope:
// writing path over a default path_regex replaces the scope, it does not
// add a second one.
func (t *ThrottleConfig) overlaid(keys map[string]any) {
	_, p := keys["path"]
	_, pp := keys["path_prefix"]
	_, pr := keys["path_regex"]
	if !p && !pp && !pr {
		return
	}
	if !p {
		t.Path = ""
	}
	if !pp {
		t.PathPrefix = ""
	}
	if !pr {
		t.PathRegex = ""
	}
}

// EscalationConfig turns violation points into bans; see Escalation.
type EscalationConfig struct {
	Threshold      int           `toml:"threshold,positive"`
	Window         time.Duration `toml:"window,positive"`
	Ban            time.Duration `toml:"ban,positive"`
	Multiplier     float64       `toml:"multiplier"`
	MaxBan         time.Duration `toml:"max_ban,positive"`
	BlacklistAfter int           `toml:"blacklist_after"`
	BlacklistBan   time.Duration `toml:"blacklist_ban"`
	OffenceMemory  time.Duration `toml:"offence_memory,positive"`
}

// LimitsConfig bounds the detector's memory.
type LimitsConfig struct {
	MaxClients int           `toml:"max_clients,positive"`
	IdleTTL    time.Duration `toml:"idle_ttl,positive"`
	// MemoryLimit is the daemon's Go memory limit (ParseMemoryLimit).
	MemoryLimit string `toml:"memory_limit"`
}

// SourceConfig is one [[source]]: a log the daemon follows.
type SourceConfig struct {
	Path       string            `toml:"path"` // file or glob
	Format     string            `toml:"format"`
	Regex      string            `toml:"regex"`
	TimeLayout string            `toml:"time_layout"`
	JSONFields map[string]string `toml:"json_fields"`
	// TrustedProxies overrides the top-level list when set (nil = inherit,
	// empty = trust no proxy for this source).
	TrustedProxies []string `toml:"trusted_proxies"`
	TrailingXFF    bool     `toml:"trailing_xff"`

	// Name identifies the source for `--source NAME` (default: its path).
	Name string `toml:"name"`
	// Patterns are the app format's regexes, each with its event kind.
	Patterns []SourcePattern `toml:"pattern"`
	// Ignore lists regexes whose lines are never events (fail2ban's
	// ignoreregex); app, nginx_error and apache_error.
	Ignore []string `toml:"ignore"`
	// TimeZone is the zone of timestamps written without one (error and
	// application logs): an IANA name, "UTC" or "Local" (the default).
	TimeZone string `toml:"time_zone"`
	// JournalUnits and JournalMatches make this a journald source
	// (journalctl -u UNIT / FIELD=VALUE matches) instead of a file; Path
	// is then empty.
	JournalUnits   []string `toml:"journal_units"`
	JournalMatches []string `toml:"journal_matches"`

	at keyPath
}

// SourcePattern is one [[source.pattern]] of an app source.
type SourcePattern struct {
	Kind  string `toml:"kind"`  // event kind, default auth_failure
	Regex string `toml:"regex"` // RE2 with (?P<host>...) and optional time, user groups
	// Label, when set, is the source name this pattern's events carry for
	// throttles' sources, instead of the source's own (e.g. one fail2ban
	// jail's patterns on a log several jails read).
	Label string `toml:"label"`
	// Unless lists regexes that veto the pattern: a line one of them
	// matches is not its event (fail2ban's negative look-aheads).
	Unless []string `toml:"unless"`
	// IgnoreClients are addresses and CIDR networks this pattern does not
	// report (a fail2ban jail's own ignoreip: they are spared by this
	// jail only, not allowed everywhere as [allow] would).
	IgnoreClients []string `toml:"ignore_clients"`
}

// Label is how messages and --source name the source.
func (s *SourceConfig) Label() string {
	switch {
	case s.Name != "":
		return s.Name
	case s.Path != "":
		return s.Path
	}
	return "journal:" + strings.Join(append(append([]string(nil), s.JournalUnits...), s.JournalMatches...), ",")
}

// IsJournal reports whether the source follows the systemd journal.
func (s *SourceConfig) IsJournal() bool { return len(s.JournalUnits) > 0 || len(s.JournalMatches) > 0 }

func (s *SourceConfig) setAt(p keyPath) { s.at = p }

// FirewallConfig selects and shapes the kernel enforcement.
type FirewallConfig struct {
	Backend  string `toml:"backend"`
	Table    string `toml:"table"`
	Hook     string `toml:"hook"`
	Priority int    `toml:"priority,signed"`
	Action   string `toml:"action"`
	Forward  bool   `toml:"forward"`
	// IPTablesMode picks the iptables flavour for backend = "iptables":
	// auto (the one that already holds rules), nft or legacy.
	IPTablesMode string `toml:"iptables_mode"`
	// SharedTable lets other processes write guardctl's nftables table
	// while the daemon runs. Off (the default), the daemon owns the table
	// (table flags owner and persist): `nft flush ruleset`, another tool
	// and a second daemon cannot change it, and only the daemon's own
	// requests reach it. Negative so that a file that never names the key
	// gets the protection. No effect with the iptables backend (ipset and
	// iptables know no owner).
	SharedTable bool `toml:"shared_table"`
}

// DaemonConfig configures `guardctl run`.
type DaemonConfig struct {
	StateDir             string `toml:"state_dir"`
	Socket               string `toml:"socket"`
	SocketGroup          string `toml:"socket_group"`
	FlushOnExit          bool   `toml:"flush_on_exit"`
	EventLog             string `toml:"event_log"`
	ProtectHostAddresses bool   `toml:"protect_host_addresses"`
}

// maxConfigSize bounds what Load reads: a policy is a few kilobytes; long
// address lists belong in list files.
const maxConfigSize = 4 << 20

// Load reads a policy file from r over the embedded default policy. name
// is the file's name for messages and the directory relative list files
// are resolved against. Every problem found is reported at once, as Errors
// of *Error values that name the file, line and key.
func Load(r io.Reader, name string) (*Config, error) {
	return load(r, name, Default())
}

// LoadFile is Load on the file at path.
func LoadFile(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load policy: %w", err)
	}
	defer f.Close()
	return Load(f, path)
}

func load(r io.Reader, name string, base *Config) (*Config, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxConfigSize+1))
	if err != nil {
		return nil, fmt.Errorf("load policy %s: %w", name, err)
	}
	if len(data) > maxConfigSize {
		return nil, Errors{{File: name, Err: fmt.Errorf("larger than %d bytes; put long address lists in list files", maxConfigSize)}}
	}
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, Errors{{File: name, Line: syntaxLine(data, pe.Position), Err: errors.New(pe.Message)}}
		}
		return nil, Errors{{File: name, Err: err}}
	}
	src := &source{name: name, lines: keyLines(string(data))}
	cfg := base
	// Defaults were written elsewhere; their positions mean nothing here.
	for i := range cfg.Throttles {
		cfg.Throttles[i].at = nil
	}
	for i := range cfg.Patterns.Custom {
		cfg.Patterns.Custom[i].at = nil
	}
	for i := range cfg.Sources {
		cfg.Sources[i].at = nil
	}
	d := newDecoder(src)
	d.table(nil, raw, reflect.ValueOf(cfg).Elem())
	cfg.src = src
	cfg.dir = filepath.Dir(name)
	errs := append(d.errs, cfg.validate(d.bad)...)
	if len(errs) > 0 {
		return nil, errs.err()
	}
	return cfg, nil
}

// syntaxLine is the line of a TOML syntax error. The parser counts the
// newline that ended a broken line as the start of the next one ("[table"
// then newline is reported on the line after); the byte offset is exact.
func syntaxLine(data []byte, pos toml.Position) int {
	if pos.Start <= 0 || pos.Start > len(data) {
		return pos.Line
	}
	return 1 + bytes.Count(data[:pos.Start], []byte("\n"))
}

// source is a loaded file's name and the line of every key in it.
type source struct {
	name  string
	lines map[string]int
}

// errorAt builds the Error for key path p. With leaf false the message
// leaves the last key to err (an unknown-key error names it itself).
func (s *source) errorAt(p keyPath, leaf bool, err error) *Error {
	e := &Error{Key: p.String(), Err: err, where: p.display(leaf), placed: true}
	if s != nil {
		e.File = s.name
		e.Line = s.line(p)
	}
	return e
}

// line finds p's line, or that of its closest written parent: a default
// value the file did not repeat is reported at the table that holds it.
func (s *source) line(p keyPath) int {
	for q := p; len(q) > 0; {
		if n, ok := s.lines[q.String()]; ok {
			return n
		}
		if last := q[len(q)-1]; last.index > 0 {
			q = q.entry(0, "")
			continue
		}
		q = q[:len(q)-1]
	}
	return 0
}
