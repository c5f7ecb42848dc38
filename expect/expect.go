// Package expect holds the expectations a fixture log is replayed against by
// `guardctl test`: which clients must be banned (optionally by which rule or
// category, for at least how long), which must not be, and summary counts.
// It loads them strictly from TOML and compares them with a report.
package expect

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/guardctl/guardctl/rules"
)

// File is one expectations file, e.g. login.expect.toml next to login.log.
type File struct {
	Path        string
	Description string
	// LogFormat forces the fixture's format; "" or "auto" detects it.
	LogFormat string
	// Config is a policy file for this fixture, relative to the
	// expectations file; "" uses the policy given to `guardctl test`.
	Config string
	// UnlistedNotBanned declares every client not listed under Banned
	// as "must not be banned".
	UnlistedNotBanned bool
	Banned            []BanExpectation
	NotBanned         []Client
	Summary           Summary
}

// BanExpectation says a client must be banned.
type BanExpectation struct {
	Client   Client
	Rule     string        // a rule id that must be among the reasons; "" = any
	Category string        // a category that must be among the offender's; "" = any
	MinBan   time.Duration // the longest ban must be at least this; 0 = any
	Line     int
}

// Client is an address or a prefix (an IPv6 client judged by /64 is listed
// as its prefix or as any address in it).
type Client struct {
	Prefix netip.Prefix
	Text   string
	Line   int
}

// Summary holds optional counts; nil means "not checked".
type Summary struct {
	Lines   *uint64
	Parsed  *uint64
	Skipped *uint64
	Banned  *int
}

// Error is a malformed expectations file. Callers tell it apart from a
// mismatch with errors.As: it gets its own exit code.
type Error struct {
	Path string
	Line int
	Key  string
	Err  error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Key != "" {
		fmt.Fprintf(&b, ": %s", e.Key)
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

type rawFile struct {
	Description       string      `toml:"description"`
	LogFormat         string      `toml:"log_format"`
	Config            string      `toml:"config"`
	UnlistedNotBanned bool        `toml:"unlisted_not_banned"`
	Banned            []rawBan    `toml:"banned"`
	NotBanned         []rawClient `toml:"not_banned"`
	Summary           rawSummary  `toml:"summary"`
}

type rawBan struct {
	IP       string `toml:"ip"`
	Rule     string `toml:"rule"`
	Category string `toml:"category"`
	MinBan   string `toml:"min_ban"`
}

type rawClient struct {
	IP string `toml:"ip"`
}

// rawSummary is signed so that a negative count is an error rather than
// a huge unsigned number.
type rawSummary struct {
	Lines   *int64 `toml:"lines"`
	Parsed  *int64 `toml:"parsed"`
	Skipped *int64 `toml:"skipped"`
	Banned  *int   `toml:"banned"`
}

// LoadFile reads and validates an expectations file.
func LoadFile(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{Path: path, Err: err}
	}
	return Load(bytes.NewReader(data), path)
}

// Load reads expectations from r; name is used in errors. Every problem is
// reported, each with its line and key.
func Load(r io.Reader, name string) (*File, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, &Error{Path: name, Err: err}
	}
	var raw rawFile
	md, err := toml.NewDecoder(bytes.NewReader(src)).Decode(&raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &Error{Path: name, Line: pe.Position.Line, Err: errors.New(pe.Message)}
		}
		// Type errors ("ip = 3") are not ParseErrors: the decoder puts
		// the line and key in the text only.
		if m := typeErrRe.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			return nil, &Error{Path: name, Line: line, Key: m[2], Err: errors.New(m[3])}
		}
		return nil, &Error{Path: name, Err: err}
	}
	lines := newLineIndex(src)
	var errs []error
	fail := func(line int, key string, err error) {
		errs = append(errs, &Error{Path: name, Line: line, Key: key, Err: err})
	}
	// The decoder reports a key inside [[banned]] as "banned.rul" however
	// many entries have it, once per entry: the n-th report of a key is its
	// n-th assignment in the source, and the entry is the [[...]] header
	// before that line.
	seen := make(map[string]int)
	found := make(map[string][]int)
	headers := make(map[string][]int)
	for _, k := range md.Undecoded() {
		key := k.String()
		ls, ok := found[key]
		if !ok {
			ls = lines.keyLines(k)
			found[key] = ls
		}
		line := at(ls, seen[key])
		seen[key]++
		if len(k) == 2 {
			hs, ok := headers[k[0]]
			if !ok {
				hs = lines.tableLines(k[0])
				headers[k[0]] = hs
			}
			if i := entryOf(hs, line); i > 0 {
				key = fmt.Sprintf("%s[%d].%s", k[0], i, k[1])
			}
		}
		fail(line, key, fmt.Errorf("unknown key %q; known keys: description, log_format, config, unlisted_not_banned, [[banned]] ip/rule/category/min_ban, [[not_banned]] ip, [summary] lines/parsed/skipped/banned", k[len(k)-1]))
	}
	f := &File{
		Path:              name,
		Description:       raw.Description,
		LogFormat:         raw.LogFormat,
		Config:            raw.Config,
		UnlistedNotBanned: raw.UnlistedNotBanned,
		Summary:           Summary{Banned: raw.Summary.Banned},
	}
	count := func(key string, v *int64) *uint64 {
		if v == nil {
			return nil
		}
		if *v < 0 {
			fail(at(lines.keyLines(toml.Key{"summary", key}), 0), "summary."+key, fmt.Errorf("%d is negative", *v))
			return nil
		}
		u := uint64(*v)
		return &u
	}
	f.Summary.Lines = count("lines", raw.Summary.Lines)
	f.Summary.Parsed = count("parsed", raw.Summary.Parsed)
	f.Summary.Skipped = count("skipped", raw.Summary.Skipped)
	if b := raw.Summary.Banned; b != nil && *b < 0 {
		fail(at(lines.keyLines(toml.Key{"summary", "banned"}), 0), "summary.banned", fmt.Errorf("%d is negative", *b))
	}
	banLines := lines.tableLines("banned")
	for i, b := range raw.Banned {
		line := at(banLines, i)
		key := fmt.Sprintf("banned[%d]", i+1)
		c, err := parseClient(b.IP)
		if err != nil {
			fail(line, key+".ip", err)
			continue
		}
		c.Line = line
		be := BanExpectation{Client: c, Rule: b.Rule, Category: b.Category, Line: line}
		if b.MinBan != "" {
			d, err := rules.ParseDuration(b.MinBan)
			if err != nil {
				fail(line, key+".min_ban", err)
				continue
			}
			be.MinBan = d
		}
		f.Banned = append(f.Banned, be)
	}
	nbLines := lines.tableLines("not_banned")
	for i, n := range raw.NotBanned {
		line := at(nbLines, i)
		c, err := parseClient(n.IP)
		if err != nil {
			fail(line, fmt.Sprintf("not_banned[%d].ip", i+1), err)
			continue
		}
		c.Line = line
		f.NotBanned = append(f.NotBanned, c)
	}
	for _, b := range f.Banned {
		for _, n := range f.NotBanned {
			if b.Client.Prefix.Overlaps(n.Prefix) {
				fail(n.Line, "not_banned", fmt.Errorf("%s is also listed under [[banned]] (line %d)", n.Text, b.Line))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return f, nil
}

func parseClient(s string) (Client, error) {
	if s == "" {
		return Client{}, errors.New("missing ip")
	}
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return Client{}, fmt.Errorf("%q is not an IP address or CIDR prefix", s)
		}
		p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()).Masked()
		return Client{Prefix: p, Text: s}, nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return Client{}, fmt.Errorf("%q is not an IP address or CIDR prefix", s)
	}
	a = a.Unmap().WithZone("")
	return Client{Prefix: netip.PrefixFrom(a, a.BitLen()), Text: s}, nil
}

func at(lines []int, i int) int {
	if i < len(lines) {
		return lines[i]
	}
	return 0
}

// typeErrRe reads the decoder's type errors: `toml: line 3 (last key
// "banned.ip"): incompatible types: ...`.
var typeErrRe = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`)

// lineIndex finds where keys and array tables stand in the source, because
// the TOML decoder reports positions only for syntax errors.
type lineIndex struct {
	lines []string
}

func newLineIndex(src []byte) lineIndex {
	return lineIndex{lines: strings.Split(string(src), "\n")}
}

// tableLines returns the line of each [[name]] header in order.
func (li lineIndex) tableLines(name string) []int {
	var out []int
	for i, l := range li.lines {
		if strings.TrimSpace(l) == "[["+name+"]]" {
			out = append(out, i+1)
		}
	}
	return out
}

// keyLines finds the lines assigning the key's last element inside its
// table (or, for a one-element key, the headers of a table of that name),
// in order.
func (li lineIndex) keyLines(k toml.Key) []int {
	leaf := k[len(k)-1]
	table := ""
	if len(k) > 1 {
		table = strings.Join(k[:len(k)-1], ".")
	}
	var out []int
	current := ""
	for i, l := range li.lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") {
			current = strings.Trim(t, "[] ")
			if len(k) == 1 && current == leaf {
				out = append(out, i+1)
			}
			continue
		}
		if current != table {
			continue
		}
		if eq := strings.IndexByte(t, '='); eq > 0 && strings.TrimSpace(t[:eq]) == leaf {
			out = append(out, i+1)
		}
	}
	return out
}

// entryOf returns the 1-based entry of an array of tables whose headers
// stand at headers that holds line, or 0 when line precedes them all.
func entryOf(headers []int, line int) int {
	n := 0
	for _, h := range headers {
		if h < line {
			n++
		}
	}
	return n
}
