package payloads

import (
	"bytes"
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"time"

	"github.com/guardctl/guardctl/bench/detect/internal/skips"
	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/pipeline"
	"github.com/guardctl/guardctl/rules"
)

// Outcome is what the pipeline made of one request.
type Outcome struct {
	Detected bool     // some rule fired
	Banned   bool     // that one request banned its client
	Rules    []string // the rules that fired
}

// start is the first request's time; requests follow 100 ms apart, each
// from its own client, so no rate rule can see more than one request.
var start = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// Log renders reqs as combined-log lines, request i from client address
// number i.
func Log(reqs []Request) []byte {
	var b bytes.Buffer
	for i, r := range reqs {
		writeLine(&b, i, r)
	}
	return b.Bytes()
}

func writeLine(b *bytes.Buffer, i int, r Request) {
	b.WriteString(ClientAddr(i).String())
	b.WriteString(" - - [")
	b.WriteString(start.Add(time.Duration(i) * 100 * time.Millisecond).Format("02/Jan/2006:15:04:05 -0700"))
	b.WriteString(`] "`)
	logEscape(b, r.Method)
	b.WriteByte(' ')
	logEscape(b, r.Target)
	b.WriteString(` HTTP/1.1" `)
	b.WriteString(strconv.Itoa(r.Status))
	b.WriteString(` 512 "`)
	field(b, r.Referer)
	b.WriteString(`" "`)
	field(b, r.UA)
	b.WriteString("\"\n")
}

func field(b *bytes.Buffer, s string) {
	if s == "" {
		b.WriteByte('-')
		return
	}
	logEscape(b, s)
}

// logEscape writes s as nginx's default log escaping does: '"', '\' and
// bytes outside printable ASCII as \xHH.
func logEscape(b *bytes.Buffer, s string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			b.WriteString(`\x`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
}

// ClientAddr is the address of the client that sends request i: a fresh
// one per request, outside every range the default policy allows.
func ClientAddr(i int) netip.Addr {
	n := uint32(20<<24) + uint32(i) + 1
	return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
}

// DefaultPolicy compiles the embedded default policy, as analyze does
// without --config.
func DefaultPolicy() (*rules.Policy, error) {
	pol, err := rules.Default().Compile(rules.CompileOptions{})
	if err != nil {
		return nil, fmt.Errorf("compile default policy: %w", err)
	}
	return pol, nil
}

// Run replays reqs through the pipeline with pol and returns each one's
// outcome, in order.
func Run(ctx context.Context, pol *rules.Policy, reqs []Request) ([]Outcome, error) {
	det := detector.New(pol, detector.Options{})
	s := &sink{out: make([]Outcome, len(reqs))}
	opts := pipeline.ReplayOptions{
		Spec:  parser.Spec{Format: "combined"},
		Stdin: bytes.NewReader(Log(reqs)),
	}
	if err := pipeline.Replay(ctx, []string{"-"}, det, opts, s); err != nil {
		return nil, fmt.Errorf("replay payload log: %w", err)
	}
	if err := s.Err("replay payload log", len(reqs)); err != nil {
		return nil, err
	}
	return s.out, nil
}

type sink struct {
	out []Outcome
	skips.Counter
}

func (s *sink) Observe(lineNo uint64, raw []byte, ev *parser.Event, v *detector.Verdict) {
	i := int(lineNo) - 1
	if i < 0 || i >= len(s.out) {
		return
	}
	o := &s.out[i]
	o.Banned = v.Decision != nil
	for _, h := range v.Hits {
		o.Detected = true
		o.Rules = append(o.Rules, h.Rule)
	}
}
