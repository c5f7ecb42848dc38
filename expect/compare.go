package expect

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/guardctl/guardctl/report"
)

// Mismatch is one way a replay's verdicts differ from the expectations.
type Mismatch struct {
	// Client is the client concerned ("" for summary mismatches).
	Client string
	// What is expected and what happened, each one short phrase.
	Want, Got string
	// Offender is the report's entry for the client, when it has one: it
	// carries the rule ids and one sample line per rule for the diff.
	Offender *report.Offender
	Line     int // the expectation's line in the expectations file
}

// Compare checks r against f and returns every mismatch, expected bans
// first, then unexpected bans, then summary counts.
func Compare(f *File, r *report.Report) []Mismatch {
	offenders := make([]offenderKey, 0, len(r.Offenders))
	for i := range r.Offenders {
		o := &r.Offenders[i]
		p, err := parseOffender(o.IP)
		if err != nil {
			continue
		}
		offenders = append(offenders, offenderKey{p, o})
	}
	var out []Mismatch
	claimed := make(map[*report.Offender]bool)
	for _, b := range f.Banned {
		o := find(offenders, b.Client.Prefix)
		want := describeBan(b)
		switch {
		case o == nil:
			out = append(out, Mismatch{Client: b.Client.Text, Want: want, Got: "no rule fired", Line: b.Line})
			continue
		case o.Action != "ban":
			out = append(out, Mismatch{Client: b.Client.Text, Want: want, Got: fmt.Sprintf("watch only (%d points)", o.Points), Offender: o, Line: b.Line})
			continue
		}
		claimed[o] = true
		if b.Rule != "" && !slices.Contains(o.Reasons, b.Rule) {
			out = append(out, Mismatch{Client: b.Client.Text, Want: want, Got: "banned by " + strings.Join(o.Reasons, ", "), Offender: o, Line: b.Line})
		}
		if b.Category != "" && !slices.Contains(o.Categories, b.Category) {
			out = append(out, Mismatch{Client: b.Client.Text, Want: want, Got: "banned for categories " + strings.Join(o.Categories, ", "), Offender: o, Line: b.Line})
		}
		if got := time.Duration(o.BanSeconds) * time.Second; b.MinBan > 0 && got < b.MinBan {
			out = append(out, Mismatch{Client: b.Client.Text, Want: want, Got: "banned for " + got.String(), Offender: o, Line: b.Line})
		}
	}
	for _, n := range f.NotBanned {
		for _, ok := range offenders {
			if ok.o.Action == "ban" && ok.p.Overlaps(n.Prefix) {
				out = append(out, Mismatch{Client: n.Text, Want: "not banned", Got: banText(ok.o), Offender: ok.o, Line: n.Line})
				claimed[ok.o] = true
			}
		}
	}
	if f.UnlistedNotBanned {
		for _, ok := range offenders {
			if ok.o.Action == "ban" && !claimed[ok.o] {
				out = append(out, Mismatch{Client: ok.o.IP, Want: "not banned (unlisted_not_banned)", Got: banText(ok.o), Offender: ok.o})
			}
		}
	}
	s := r.Summary
	check := func(name string, want *uint64, got uint64) {
		if want != nil && *want != got {
			out = append(out, Mismatch{Want: fmt.Sprintf("summary.%s = %d", name, *want), Got: fmt.Sprintf("%d", got)})
		}
	}
	check("lines", f.Summary.Lines, s.Lines)
	check("parsed", f.Summary.Parsed, s.Parsed)
	check("skipped", f.Summary.Skipped, s.Skipped)
	if f.Summary.Banned != nil && *f.Summary.Banned != s.Banned {
		out = append(out, Mismatch{Want: fmt.Sprintf("summary.banned = %d", *f.Summary.Banned), Got: fmt.Sprintf("%d", s.Banned)})
	}
	return out
}

type offenderKey struct {
	p netip.Prefix
	o *report.Offender
}

// find returns the offender whose key covers p (an IPv6 client listed by
// address matches the /64 it was judged as), or that p covers.
func find(os []offenderKey, p netip.Prefix) *report.Offender {
	var best *report.Offender
	for _, ok := range os {
		if ok.p.Overlaps(p) {
			if best == nil || ok.o.Action == "ban" {
				best = ok.o
			}
		}
	}
	return best
}

func parseOffender(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		return netip.ParsePrefix(s)
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

func describeBan(b BanExpectation) string {
	parts := []string{"banned"}
	if b.Rule != "" {
		parts = append(parts, "by rule "+b.Rule)
	}
	if b.Category != "" {
		parts = append(parts, "for category "+b.Category)
	}
	if b.MinBan > 0 {
		parts = append(parts, "for at least "+b.MinBan.String())
	}
	return strings.Join(parts, " ")
}

func banText(o *report.Offender) string {
	return fmt.Sprintf("banned %s by %s", (time.Duration(o.BanSeconds) * time.Second).String(), strings.Join(o.Reasons, ", "))
}
