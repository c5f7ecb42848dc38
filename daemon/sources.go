package daemon

import (
	"fmt"
	"time"

	"github.com/gaissmai/bart"

	"github.com/guardctl/guardctl/clientip"
	"github.com/guardctl/guardctl/logsource"
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/pipeline"
	"github.com/guardctl/guardctl/rules"
)

// detectLines is how many first lines of a source auto-detection looks at
// at most. It runs on the first run of lines the tailer delivers, however
// few, so a single offending line is never held back waiting for more.
const detectLines = 64

// reasonUnknownFormat counts lines of an auto-detected source that no
// format could parse before one was found.
const reasonUnknownFormat = parser.Reason("unknown_format")

// source is one [[source]]: its parser (fixed, or detected from its first
// lines), its trusted proxies, and its counters.
type source struct {
	cfg      rules.SourceConfig
	spec     parser.Spec // Format "" until detected
	resolver *clientip.Resolver
	proc     *pipeline.Processor
	held     [][]byte // lines waiting for format detection

	lines    uint64
	skipped  map[parser.Reason]uint64
	lastLine time.Time
	rate     rateWindow
}

// buildSources makes the sources of cfg, judging with d.det. Counters and
// detected formats of sources that stay carry over (reload).
func (d *Daemon) buildSources(cfg *rules.Config, pol *rules.Policy) error {
	old := d.bySrc
	memo := sharedMemo(old)
	d.sources = nil
	d.bySrc = map[string]*source{}
	for _, sc := range cfg.Sources {
		s := &source{cfg: sc, skipped: map[parser.Reason]uint64{}}
		if o := old[sourceKey(sc)]; o != nil {
			// Counters and a detected format survive a reload.
			s.lines, s.skipped, s.lastLine, s.rate = o.lines, o.skipped, o.lastLine, o.rate
			if sc.Format == "" || sc.Format == "auto" {
				s.spec = o.spec
			}
		}
		if sc.Format != "" && sc.Format != "auto" {
			spec, err := logsource.Spec(sc)
			if err != nil {
				return err
			}
			s.spec = spec
		}
		if proxies := sc.Proxies(pol.TrustedProxies); proxies != nil && !isEmpty(proxies) {
			s.resolver = clientip.FromTable(proxies)
		}
		if s.spec.Format != "" {
			p, err := parser.New(s.spec)
			if err != nil {
				return fmt.Errorf("source %s: %w", sc.Path, err)
			}
			s.proc = pipeline.NewProcessor(p, s.resolver, d.det, pipeline.Window{})
			s.proc.ShareMemo(memo)
			s.proc.SetSource(sc.Label())
		}
		d.sources = append(d.sources, s)
		d.bySrc[sourceKey(sc)] = s
	}
	return nil
}

// sharedMemo returns the pattern memo of the sources in srcs, or a new one:
// every source is judged by d.det under d.mu, so they share one memo (~2 MB
// once made), not one each; it makes itself again for a reload's matcher.
func sharedMemo(srcs map[string]*source) *pipeline.PatternMemo {
	for _, s := range srcs {
		if s.proc != nil {
			return s.proc.Memo()
		}
	}
	return pipeline.NewPatternMemo()
}

func isEmpty(t *bart.Lite) bool {
	for range t.All() {
		return false
	}
	return true
}

// detect fixes the format of an auto source from its held lines. Lines no
// format parses are counted as skipped and dropped: they would be skipped
// by any parser. at is when the batch that completed them was read.
func (d *Daemon) detect(s *source, at time.Time) {
	if len(s.held) == 0 {
		return
	}
	held := s.held
	s.held = nil
	spec, err := parser.Detect(held[:min(len(held), detectLines)])
	var p parser.Parser
	if err == nil {
		spec = logsource.Detected(s.cfg, spec)
		p, err = parser.New(spec)
	}
	if err != nil {
		d.log.Warn("cannot detect the log format yet; lines skipped", "source", s.cfg.Path, "lines", len(held), "err", err)
		s.lines += uint64(len(held))
		s.skipped[reasonUnknownFormat] += uint64(len(held))
		return
	}
	s.spec = spec
	// The memo is found before s.proc is set: s is in d.bySrc, and a search
	// after would find s's own new memo whenever map order visits s first
	// (the CI failure of TestSourcesShareOnePatternMemo, 1 run in ~4).
	memo := sharedMemo(d.bySrc)
	s.proc = pipeline.NewProcessor(p, s.resolver, d.det, pipeline.Window{})
	s.proc.ShareMemo(memo)
	s.proc.SetSource(s.cfg.Label())
	d.log.Info("log format detected", "source", s.cfg.Path, "format", p.Format())
	for _, l := range held {
		d.judge(s, l, at)
	}
}

// rateWindow gives lines per second over about the last minute from
// samples taken every few seconds.
type rateWindow struct {
	at    [16]time.Time
	lines [16]uint64
	n, i  int
}

func (r *rateWindow) sample(t time.Time, lines uint64) {
	r.at[r.i], r.lines[r.i] = t, lines
	r.i = (r.i + 1) % len(r.at)
	r.n = min(r.n+1, len(r.at))
}

func (r *rateWindow) perSec(now time.Time, lines uint64) float64 {
	if r.n == 0 {
		return 0
	}
	// The oldest sample no older than a minute.
	best := -1
	for k := 0; k < r.n; k++ {
		j := (r.i - 1 - k + 2*len(r.at)) % len(r.at)
		if now.Sub(r.at[j]) > time.Minute {
			break
		}
		best = j
	}
	if best < 0 {
		return 0
	}
	dt := now.Sub(r.at[best]).Seconds()
	if dt <= 0 {
		return 0
	}
	return float64(lines-r.lines[best]) / dt
}
