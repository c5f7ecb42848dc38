package parser

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// Format names accepted by New and returned by Parser.Format.
const (
	FormatCombined      = "combined"       // nginx/apache combined, extra trailing fields tolerated
	FormatCommon        = "common"         // Common Log Format (CLF)
	FormatVhostCombined = "vhost_combined" // apache: "%v:%p " (port optional) then combined
	FormatJSON          = "json"           // one JSON object per line
	FormatRegex         = "regex"          // a custom RE2 with named groups
	FormatNginxError    = "nginx_error"    // nginx error log: limit_req/limit_conn, basic auth, deny rules
	FormatApacheError   = "apache_error"   // apache 2.2/2.4 error log: auth failures, denials, ModSecurity
	FormatApp           = "app"            // application log: regex patterns, each with an event kind
)

// Formats lists the formats New accepts, in the order Detect prefers them.
func Formats() []string {
	return []string{FormatVhostCombined, FormatCombined, FormatCommon, FormatJSON, FormatRegex,
		FormatNginxError, FormatApacheError, FormatApp}
}

// Spec describes a log format. The zero value except Format is a complete
// spec for every format but regex.
type Spec struct {
	Format     string
	JSONFields JSONFields // json only; nil lists take DefaultJSONFields
	Regex      string     // regex only: RE2 with named groups, see New
	TimeLayout string     // json and regex only: Go layout for the time field; tried before the built-in layouts
	// TrailingXFF says the first quoted field after the standard ones of a
	// common, combined or vhost_combined line is X-Forwarded-For (the
	// nginx habit of appending "$http_x_forwarded_for").
	TrailingXFF bool
	// Syslog says lines of a common, combined or vhost_combined log may
	// start with a syslog header, which is skipped (see stripSyslog).
	Syslog bool

	// Patterns are the app format's regexes (RE2), tried in order; the
	// first that matches gives the event and its Kind. Named groups: host
	// or client (the address, required), time, user. A pattern without a
	// time group matches the line with its timestamp cut out (located as
	// locateTime does), as fail2ban's failregex does.
	Patterns []Pattern
	// Ignore lists RE2 regexes; a line one of them matches is skipped
	// (reason ignored) whatever it is. app, nginx_error and apache_error.
	Ignore []string
	// Location is the zone of timestamps written without one (nginx and
	// apache error logs, most application logs). Nil means time.Local.
	Location *time.Location
}

// Pattern is one regex of the app format and the kind of event it reports.
type Pattern struct {
	Regex string
	Kind  Kind
	// Label, when set, is the Source of this pattern's events instead of
	// their source's label: throttles scoped to sources can then count
	// the patterns of one log apart (two fail2ban jails on one file).
	Label string
	// Unless lists RE2 regexes that veto this pattern: a line one of them
	// matches is not this pattern's event (the next pattern is tried).
	// The fail2ban importer emulates negative look-aheads with them.
	Unless []string
	// IgnoreClients are addresses and networks whose lines this pattern
	// does not report (the next pattern is tried): a fail2ban jail's own
	// ignoreip, which spares a client from that jail only.
	IgnoreClients []netip.Prefix
}

// New returns a Parser for spec, or an error saying what is wrong with it.
//
// For FormatRegex, the regex's named groups say what each part of the line
// is: client (required), time (required), method, path, query, request (the
// whole request line), uri (path with ?query), status, size, referer, ua,
// xff, host, user. Any other name is an error, so a typo cannot silently
// drop a field.
func New(spec Spec) (Parser, error) {
	clf := spec.Format == FormatCombined || spec.Format == FormatCommon || spec.Format == FormatVhostCombined
	switch {
	case spec.Format == "":
		return nil, fmt.Errorf("log format is empty; want one of %s", strings.Join(Formats(), ", "))
	case spec.TrailingXFF && !clf:
		return nil, fmt.Errorf("log format %s: trailing_xff applies only to %s, %s and %s",
			spec.Format, FormatCommon, FormatCombined, FormatVhostCombined)
	case spec.Syslog && !clf:
		return nil, fmt.Errorf("log format %s: syslog applies only to %s, %s and %s (json skips text before the object itself)",
			spec.Format, FormatCommon, FormatCombined, FormatVhostCombined)
	case spec.TimeLayout != "" && clf:
		return nil, fmt.Errorf("log format %s: time_layout applies only to %s and %s; this format's time is always CLF",
			spec.Format, FormatJSON, FormatRegex)
	case spec.Regex != "" && spec.Format != FormatRegex:
		return nil, fmt.Errorf("log format %s: regex applies only to format %s", spec.Format, FormatRegex)
	case spec.Format != FormatJSON && !spec.JSONFields.isZero():
		return nil, fmt.Errorf("log format %s: json_fields apply only to format %s", spec.Format, FormatJSON)
	case len(spec.Patterns) > 0 && spec.Format != FormatApp:
		return nil, fmt.Errorf("log format %s: patterns apply only to format %s", spec.Format, FormatApp)
	case len(spec.Ignore) > 0 && spec.Format != FormatApp && spec.Format != FormatNginxError && spec.Format != FormatApacheError:
		return nil, fmt.Errorf("log format %s: ignore applies only to %s, %s and %s", spec.Format, FormatApp, FormatNginxError, FormatApacheError)
	}
	ignore, err := compileIgnore(spec.Ignore)
	if err != nil {
		return nil, fmt.Errorf("log format %s: %w", spec.Format, err)
	}
	switch spec.Format {
	case FormatCombined:
		return &clfParser{format: spec.Format, combined: true, trailingXFF: spec.TrailingXFF, syslog: spec.Syslog}, nil
	case FormatCommon:
		return &clfParser{format: spec.Format, trailingXFF: spec.TrailingXFF, syslog: spec.Syslog}, nil
	case FormatVhostCombined:
		return &clfParser{format: spec.Format, vhost: true, combined: true, trailingXFF: spec.TrailingXFF, syslog: spec.Syslog}, nil
	case FormatJSON:
		keys, inner, err := spec.JSONFields.compile()
		if err != nil {
			return nil, fmt.Errorf("log format json: %w", err)
		}
		return &jsonParser{keys: keys, inner: inner, layout: spec.TimeLayout}, nil
	case FormatRegex:
		return newRegexParser(spec.Regex, spec.TimeLayout)
	case FormatNginxError:
		return withIgnore(&nginxErrorParser{clk: newLocalClock(spec.Location)}, ignore), nil
	case FormatApacheError:
		return withIgnore(&apacheErrorParser{clk: newLocalClock(spec.Location)}, ignore), nil
	case FormatApp:
		return newAppParser(spec, ignore)
	}
	return nil, fmt.Errorf("unknown log format %q; want one of %s", spec.Format, strings.Join(Formats(), ", "))
}

func (f JSONFields) isZero() bool {
	for _, l := range f.lists() {
		if !l.isDefault {
			return false
		}
	}
	return true
}
