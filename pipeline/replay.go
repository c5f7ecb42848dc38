package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"

	"github.com/guardctl/guardctl/clientip"
	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/input"
	"github.com/guardctl/guardctl/parser"
)

// Sink receives what a replay saw. report.Collector implements it.
type Sink interface {
	BeginInput(name, format string)
	Skip(reason parser.Reason)
	OutOfRange()
	Observe(lineNo uint64, raw []byte, ev *parser.Event, v *detector.Verdict)
}

// ReplayOptions configures a replay of finished log files.
type ReplayOptions struct {
	// Spec is the format; Format "" or "auto" detects it per input from
	// its first lines.
	Spec     parser.Spec
	Resolver *clientip.Resolver
	Window   Window
	MaxLine  int
	// Progress, when set, is called now and then with bytes read so far
	// across all inputs (compressed bytes for .gz inputs).
	Progress func(read int64)
	// KeepGoing: an input that cannot be opened or read (a missing file,
	// a truncated .gz) does not stop the others; see Replay.
	KeepGoing bool
	// Stdin is what the input "-" reads; nil means os.Stdin. Commands pass
	// their own reader so that tests drive them like a user's pipe does.
	Stdin io.Reader
	// Detected, when set, completes a detected spec (a [[source]]'s
	// json_fields, time_layout, time_zone: logsource.Detected), as the
	// daemon does for an auto source.
	Detected func(parser.Spec) parser.Spec
	// Source is the label of the [[source]] the inputs are (--source
	// NAME), carried by every event for throttles scoped to sources.
	Source string
}

// detectLines is how many leading lines format detection looks at.
const detectLines = 64

// ReasonTooLong is the skip reason of lines longer than ReplayOptions.MaxLine.
const ReasonTooLong = parser.ReasonLineTooLong

// Replay reads each input to its end and sends every line through det into
// sink, in order. "-" is standard input. An input that cannot be opened or
// read is an error naming it; lines already judged stay judged. With
// opts.KeepGoing the remaining inputs are still read and every such error
// is returned at the end; cancellation always stops at once.
func Replay(ctx context.Context, inputs []string, det *detector.Engine, opts ReplayOptions, sink Sink) error {
	var done int64
	var errs []error
	for _, name := range inputs {
		n, err := replayOne(ctx, name, det, opts, sink, done)
		done += n
		if err == nil {
			continue
		}
		if !opts.KeepGoing || ctx.Err() != nil {
			return err
		}
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func replayOne(ctx context.Context, name string, det *detector.Engine, opts ReplayOptions, sink Sink, base int64) (int64, error) {
	// Count the bytes read below the decompressor, so progress is measured
	// against the size of the file on disk, compressed or not.
	cr := &countingReader{}
	var rc io.ReadCloser
	var err error
	switch {
	case name == "-" && opts.Stdin != nil:
		cr.r = opts.Stdin
		rc, err = input.NewReader(cr, io.NopCloser(nil), "stdin")
	case name == "-":
		cr.r = os.Stdin
		rc, err = input.NewReader(cr, io.NopCloser(nil), "stdin")
	default:
		var f *os.File
		if f, err = os.Open(name); err == nil {
			cr.r = f
			rc, err = input.NewReader(cr, f, name)
		}
	}
	if err != nil {
		return 0, fmt.Errorf("open input %s: %w", name, err)
	}
	defer rc.Close()
	sp := newSplitter(rc, opts.MaxLine)

	// Read the first lines: the format may have to be detected from them.
	// A nil entry stands for a line too long to keep.
	hb := &batch{}
	sp.fill(hb, detectLines)
	head := make([][]byte, len(hb.starts))
	for i := range head {
		if !hb.tooLong[i] {
			head[i] = hb.line(i) // non-nil even when empty: hb.arena holds its newline
		}
	}
	headErr := hb.err
	spec := opts.Spec
	if spec.Format == "" || spec.Format == "auto" {
		if len(head) == 0 {
			sink.BeginInput(name, "")
			return cr.n.Load(), ignoreEOF(headErr, name)
		}
		spec, err = parser.Detect(nonNil(head))
		if err != nil {
			return cr.n.Load(), fmt.Errorf("detect format of %s: %w", name, err)
		}
		if opts.Detected != nil {
			spec = opts.Detected(spec)
		}
	}
	p, err := parser.New(spec)
	if err != nil {
		return cr.n.Load(), fmt.Errorf("input %s: %w", name, err)
	}
	sink.BeginInput(name, p.Format())
	proc := NewProcessor(p, opts.Resolver, det, opts.Window)
	proc.SetSource(opts.Source)

	var lineNo uint64
	// One verdict reused for every line: passing a fresh one by pointer
	// through the Sink interface would put it on the heap per line.
	var v detector.Verdict
	handle := func(line []byte) {
		lineNo++
		var out Outcome
		var ev *parser.Event
		var reason parser.Reason
		out, ev, v, reason = proc.Process(line)
		switch out {
		case Judged:
			sink.Observe(lineNo, line, ev, &v)
		case Skipped:
			sink.Skip(reason)
		case OutOfRange:
			sink.OutOfRange()
		}
	}
	for _, line := range head {
		if line == nil {
			lineNo++
			sink.Skip(ReasonTooLong)
			continue
		}
		handle(line)
	}
	if headErr != nil {
		return cr.n.Load(), ignoreEOF(headErr, name)
	}
	var progress func()
	if opts.Progress != nil {
		progress = func() { opts.Progress(base + cr.n.Load()) }
	}
	err = replayParallel(ctx, sp, p, opts.Resolver, opts.Window, opts.Source, det, sink, lineNo, progress)
	return cr.n.Load(), ignoreEOF(err, name)
}

func ignoreEOF(err error, name string) error {
	if err == nil || errors.Is(err, io.EOF) {
		return nil
	}
	return fmt.Errorf("read %s: %w", name, err)
}

// countingReader counts bytes read; the reading goroutine adds, the
// progress reporter loads.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func nonNil(lines [][]byte) [][]byte {
	out := make([][]byte, 0, len(lines))
	for _, l := range lines {
		if l != nil {
			out = append(out, l)
		}
	}
	return out
}
