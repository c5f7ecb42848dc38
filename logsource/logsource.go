// Package logsource turns a [[source]] of the policy into the parser spec
// that reads it. The daemon and the offline commands (analyze, explain,
// test --source) build their parsers here, so a dry run reads a log exactly
// as the daemon will.
package logsource

import (
	"fmt"
	"net/netip"
	"path/filepath"
	"strings"
	"time"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

// Spec is the parser spec of a source. Its Format is "" for an auto source:
// the caller detects the format from the first lines and completes the
// result with Detected.
func Spec(sc rules.SourceConfig) (parser.Spec, error) {
	loc, err := Location(sc.TimeZone)
	if err != nil {
		return parser.Spec{}, fmt.Errorf("source %s: %w", sc.Label(), err)
	}
	if sc.Format == "" || sc.Format == "auto" {
		return parser.Spec{Location: loc}, nil
	}
	spec := parser.Spec{
		Format:      sc.Format,
		Regex:       sc.Regex,
		TimeLayout:  TimeLayout(sc.TimeLayout),
		TrailingXFF: sc.TrailingXFF,
		Ignore:      sc.Ignore,
		Location:    loc,
	}
	if len(sc.JSONFields) > 0 {
		spec.JSONFields = JSONFields(sc.JSONFields)
	}
	switch spec.Format {
	case parser.FormatCombined, parser.FormatCommon, parser.FormatVhostCombined:
		// Journal lines start with the entry's time, host and identifier
		// (journald.Format), which the CLF parsers skip as a syslog header.
		spec.Syslog = sc.IsJournal()
	}
	for i, p := range sc.Patterns {
		kind := parser.KindAuthFailure
		if p.Kind != "" {
			if kind, err = parser.ParseKind(p.Kind); err != nil {
				return parser.Spec{}, fmt.Errorf("source %s: pattern %d: %w", sc.Label(), i+1, err)
			}
		}
		var spare []netip.Prefix
		for _, c := range p.IgnoreClients {
			pfx, err := rules.ParsePrefix(c)
			if err != nil {
				return parser.Spec{}, fmt.Errorf("source %s: pattern %d: ignore_clients: %w", sc.Label(), i+1, err)
			}
			spare = append(spare, pfx)
		}
		spec.Patterns = append(spec.Patterns, parser.Pattern{Regex: p.Regex, Kind: kind, Label: p.Label, Unless: p.Unless, IgnoreClients: spare})
	}
	return spec, nil
}

// Detected completes a spec found by parser.Detect for an auto source with
// the keys the source sets for every format.
func Detected(sc rules.SourceConfig, spec parser.Spec) parser.Spec {
	spec.TimeLayout = TimeLayout(sc.TimeLayout)
	if spec.Format == parser.FormatJSON && len(sc.JSONFields) > 0 {
		spec.JSONFields = JSONFields(sc.JSONFields)
	}
	if spec.Format == parser.FormatNginxError || spec.Format == parser.FormatApacheError {
		spec.Ignore = sc.Ignore
	}
	if spec.TimeLayout != "" && spec.Format != parser.FormatJSON && spec.Format != parser.FormatRegex && spec.Format != parser.FormatApp {
		spec.TimeLayout = "" // CLF and error logs have their own time shape
	}
	if loc, err := Location(sc.TimeZone); err == nil {
		spec.Location = loc
	}
	return spec
}

// Location is the zone of a time_zone key: "" and "Local" are the
// machine's zone.
func Location(name string) (*time.Location, error) {
	switch name {
	case "", "Local", "local":
		return time.Local, nil
	case "UTC", "utc":
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("time_zone %q: %w", name, err)
	}
	return loc, nil
}

// TimeLayout turns the config's layout names into Go layouts; unix and
// unix_ms are understood by the parsers' built-in layouts.
func TimeLayout(name string) string {
	switch name {
	case "clf":
		return "02/Jan/2006:15:04:05 -0700"
	case "rfc3339", "iso8601":
		return time.RFC3339Nano
	case "unix", "unix_ms":
		return ""
	}
	return name
}

// JSONFields maps the config's json_fields (field -> key path) to the
// parser's lists.
func JSONFields(m map[string]string) parser.JSONFields {
	var f parser.JSONFields
	for k, v := range m {
		keys := []string{v}
		switch k {
		case "client":
			f.Client = keys
		case "time":
			f.Time = keys
		case "request":
			f.Request = keys
		case "method":
			f.Method = keys
		case "uri", "path":
			f.URI = keys
		case "query":
			f.Query = keys
		case "proto":
			f.Proto = keys
		case "status":
			f.Status = keys
		case "size":
			f.Size = keys
		case "referer":
			f.Referer = keys
		case "ua":
			f.UA = keys
		case "xff":
			f.XFF = keys
		case "host":
			f.Host = keys
		case "user":
			f.User = keys
		}
	}
	return f
}

// Find picks the [[source]] named name: by its name key, else by its path
// (exactly, or as the cleaned path).
func Find(cfg *rules.Config, name string) (rules.SourceConfig, error) {
	var labels []string
	for _, sc := range cfg.Sources {
		if sc.Name == name {
			return sc, nil
		}
	}
	for _, sc := range cfg.Sources {
		if sc.Path != "" && (sc.Path == name || filepath.Clean(sc.Path) == filepath.Clean(name)) {
			return sc, nil
		}
		labels = append(labels, sc.Label())
	}
	if len(labels) == 0 {
		return rules.SourceConfig{}, fmt.Errorf("no [[source]] %q: the policy has no [[source]] entries", name)
	}
	return rules.SourceConfig{}, fmt.Errorf("no [[source]] %q in the policy; it has %s", name, strings.Join(labels, ", "))
}
