// Package pipeline is the one path every guardctl driver sends log lines
// through: parse, resolve the client behind trusted proxies, judge. `analyze`,
// `test` and `run` differ only in where lines come from and where verdicts go,
// so a rule that bans in the daemon bans in `analyze` on the same log.
package pipeline

import (
	"errors"
	"time"

	"github.com/guardctl/guardctl/clientip"
	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/parser"
)

// Outcome says what became of one line.
type Outcome uint8

const (
	Judged     Outcome = iota // parsed and judged; the verdict is valid
	Skipped                   // not parsable; the reason is set
	OutOfRange                // parsed, but outside the time window; not judged
)

// ReasonNoClient counts lines from a trusted proxy that name no untrusted
// client (no X-Forwarded-For, or only trusted or garbage hops).
const ReasonNoClient parser.Reason = "no_client"

// Window limits judging to events in [Since, Until); zero ends are open.
type Window struct {
	Since, Until time.Time
}

func (w Window) contains(t time.Time) bool {
	if !w.Since.IsZero() && t.Before(w.Since) {
		return false
	}
	if !w.Until.IsZero() && !t.Before(w.Until) {
		return false
	}
	return true
}

// Processor handles the lines of one source: its own format and trusted
// proxies, and the detector it shares with every other source. Not safe for
// concurrent use.
type Processor struct {
	parser   parser.Parser
	resolver *clientip.Resolver
	det      *detector.Engine
	window   Window
	source   string
	ev       parser.Event

	// memo holds the pattern verdicts of repeated paths, queries, user
	// agents and referers, as analyze's preparing stage does (Replay): the
	// daemon's lines repeat them as much, and without it every line ran
	// every pattern check again (and libinjection allocated for every
	// query). Its own unless ShareMemo gives one; pre is scratch.
	memo *PatternMemo
	pre  detector.Prep
}

// NewProcessor returns a Processor. resolver may be nil (no trusted proxies).
func NewProcessor(p parser.Parser, resolver *clientip.Resolver, det *detector.Engine, w Window) *Processor {
	return &Processor{parser: p, resolver: resolver, det: det, window: w, memo: NewPatternMemo()}
}

// ShareMemo makes p match through pm, which the other Processors judging
// with p's detector share (the daemon's sources: one memo, not ~2 MB each).
func (p *Processor) ShareMemo(pm *PatternMemo) { p.memo = pm }

// Memo returns the PatternMemo p matches through.
func (p *Processor) Memo() *PatternMemo { return p.memo }

// SetSource names the [[source]] the lines come from (rules.SourceConfig
// Label): every event carries it, for throttles scoped to sources.
func (p *Processor) SetSource(label string) { p.source = label }

// Process parses and judges one line. The returned event aliases line and is
// valid until the next call.
func (p *Processor) Process(line []byte) (Outcome, *parser.Event, detector.Verdict, parser.Reason) {
	ev := &p.ev
	out, reason := prepare(p.parser, p.resolver, p.window, p.source, line, ev)
	switch out {
	case Judged:
		return Judged, ev, p.observe(ev), ""
	case OutOfRange:
		return OutOfRange, ev, detector.Verdict{}, ""
	}
	return out, nil, detector.Verdict{}, reason
}

// observe judges ev with the pattern hits from p's memo, asked for only
// where the detector's own Observe matches: the same verdict
// (TestProcessorMemoSameVerdicts), and no matching for the lines of a
// banned, allowed or invalid client (TestProcessorBannedNotMatched).
func (p *Processor) observe(ev *parser.Event) detector.Verdict {
	p.det.Prepare(ev, &p.pre)
	return p.det.ObserveVia(ev, p.memo, &p.pre)
}

// prepare is everything before judging: parse, time window, client
// resolution. It keeps no state, so it may run on another goroutine than
// the detector.
func prepare(p parser.Parser, resolver *clientip.Resolver, w Window, source string, line []byte, ev *parser.Event) (Outcome, parser.Reason) {
	if err := p.Parse(line, ev); err != nil {
		var le *parser.LineError
		if errors.As(err, &le) {
			return Skipped, le.Reason
		}
		return Skipped, parser.Reason("unparsable")
	}
	if ev.Source == "" { // an app pattern's label wins (parser.Pattern.Label)
		ev.Source = source
	}
	if !w.contains(ev.Time) {
		return OutOfRange, ""
	}
	if resolver != nil {
		resolver.Resolve(ev)
		// Behind trusted proxies with no untrusted hop to blame, the
		// line names no client: judging the proxy would ban everyone
		// behind it.
		if !ev.Client.IsValid() {
			return Skipped, ReasonNoClient
		}
	}
	if !clientip.Usable(ev.Client) {
		return Skipped, parser.ReasonBadClient // 0.0.0.0, broadcast, multicast: never a client
	}
	return Judged, ""
}
