package parser

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// Detect picks the format that parses the most lines of sample (blank
// lines are ignored); ties go to the format whose own shape fits more lines
// (see clfParser.alt), then to the one listed first by Formats, the more
// specific one, then to the variant without Syslog. For the CLF family it also sets TrailingXFF when the
// first quoted field after the standard ones holds addresses in every line
// that has one. Regex formats cannot be detected. The error names, for each
// format, why its first failing line failed.
func Detect(sample [][]byte) (Spec, error) {
	candidates := []Spec{
		{Format: FormatVhostCombined, TrailingXFF: true},
		{Format: FormatCombined, TrailingXFF: true},
		{Format: FormatCommon, TrailingXFF: true},
		{Format: FormatJSON},
		{Format: FormatVhostCombined, TrailingXFF: true, Syslog: true},
		{Format: FormatCombined, TrailingXFF: true, Syslog: true},
		{Format: FormatCommon, TrailingXFF: true, Syslog: true},
		// Error logs: a line of the log's shape that reports nothing
		// guardctl acts on (no_event) still counts as the format's.
		{Format: FormatNginxError},
		{Format: FormatApacheError},
	}
	nonblank := 0
	for _, l := range sample {
		if len(trimSpaceRight(l)) > 0 {
			nonblank++
		}
	}
	if nonblank == 0 {
		return Spec{}, errors.New("detect log format: no non-blank sample lines")
	}

	best, bestN, bestPrimary := -1, 0, 0
	xffSeen := make([]bool, len(candidates))
	xffBad := make([]bool, len(candidates))
	why := make([]string, len(candidates))
	var ev Event
	for ci, spec := range candidates {
		p, err := New(spec)
		if err != nil {
			return Spec{}, fmt.Errorf("detect log format: %w", err) // a bug in the candidate list
		}
		n := 0
		for _, l := range sample {
			if len(trimSpaceRight(l)) == 0 {
				continue
			}
			if err := p.Parse(l, &ev); err != nil {
				var le *LineError
				if errors.As(err, &le) && le.Reason == ReasonNoEvent {
					n++
					continue
				}
				if why[ci] == "" {
					why[ci] = err.Error()
				}
				continue
			}
			n++
			if ev.XFF != nil {
				xffSeen[ci] = true
				if !looksLikeXFF(ev.XFF) {
					xffBad[ci] = true
				}
			}
		}
		// Lines parsed in the other vhost shape count, but less: a plain
		// combined log parses fully as vhost_combined too, and a log whose
		// vhost field is an IP address parses fully as combined.
		primary := n
		if c, ok := p.(*clfParser); ok {
			primary -= c.alt
		}
		if n > bestN || (n == bestN && primary > bestPrimary) {
			best, bestN, bestPrimary = ci, n, primary
		}
	}
	if best < 0 {
		var parts []string
		for i, c := range candidates {
			if !c.Syslog {
				parts = append(parts, c.Format+": "+why[i])
			}
		}
		return Spec{}, fmt.Errorf("detect log format: no known format parses any of %d sample lines (%s)",
			nonblank, strings.Join(parts, "; "))
	}
	spec := candidates[best]
	spec.TrailingXFF = spec.TrailingXFF && xffSeen[best] && !xffBad[best]
	return spec, nil
}

// looksLikeXFF reports whether every comma-separated entry of v is an
// address (with an optional port) or "unknown", as proxies write them.
func looksLikeXFF(v []byte) bool {
	for len(v) > 0 {
		e := v
		if c := bytes.IndexByte(v, ','); c >= 0 {
			e, v = v[:c], v[c+1:]
		} else {
			v = nil
		}
		e = bytes.TrimSpace(e)
		if string(e) == "unknown" {
			continue
		}
		if _, ok := ParseHostAddr(e); !ok {
			return false
		}
	}
	return true
}
