package traffic

import (
	"bytes"
	"context"
	"fmt"
	"net/netip"
	"slices"

	"github.com/guardctl/guardctl/bench/detect/internal/skips"
	"github.com/guardctl/guardctl/clientip"
	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/pipeline"
	"github.com/guardctl/guardctl/rules"
)

// Outcome is what the pipeline did to one client.
type Outcome struct {
	Requests int      // lines the client sent
	BannedAt int      // its requests up to and including the one that banned it; 0: never banned
	Dropped  int      // its requests that arrived while it was banned
	Rules    []string // the first ban's rules
}

// Run replays log through the real pipeline (as `guardctl analyze` does,
// on its three goroutines) with pol and returns each client's outcome,
// by index into log.Clients. A log that came through a proxy is replayed
// trusting ProxyAddr's network.
func Run(ctx context.Context, pol *rules.Policy, log *Log) ([]Outcome, error) {
	det := detector.New(pol, detector.Options{})
	s := &sink{log: log, out: make([]Outcome, len(log.Clients))}
	opts := pipeline.ReplayOptions{
		Spec:  parser.Spec{Format: "combined", TrailingXFF: log.Proxy.IsValid()},
		Stdin: bytes.NewReader(log.Render()),
	}
	if log.Proxy.IsValid() {
		r, err := clientip.New([]netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")})
		if err != nil {
			return nil, err
		}
		opts.Resolver = r
	}
	if err := pipeline.Replay(ctx, []string{"-"}, det, opts, s); err != nil {
		return nil, fmt.Errorf("replay generated log: %w", err)
	}
	if err := s.Err("replay generated log", len(log.Lines)); err != nil {
		return nil, err
	}
	return s.out, nil
}

type sink struct {
	log *Log
	out []Outcome
	skips.Counter
}

func (s *sink) Observe(lineNo uint64, raw []byte, ev *parser.Event, v *detector.Verdict) {
	i := int(lineNo) - 1
	if i < 0 || i >= len(s.log.Lines) {
		return
	}
	o := &s.out[s.log.Lines[i].Client]
	o.Requests++
	if v.Banned {
		o.Dropped++
	}
	if v.Decision != nil && o.BannedAt == 0 {
		o.BannedAt = o.Requests
		o.Rules = slices.Clone(v.Decision.Rules)
	}
}
