package pipeline

import (
	"context"
	"unsafe"

	"github.com/guardctl/guardctl/clientip"
	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/patterns"
)

// A replay spreads one input over four goroutines so a 2-core machine is
// used fully while verdicts stay exactly those of a sequential run:
//
//	reader:   lines -> batches (copied into the batch's arena)
//	preparer: parse, resolve the client, match patterns, the detector's Prep (all stateless)
//	judge:    judge in order (the detector's state is sequential)
//	caller:   hand each line and its verdict to the sink (the report)
//
// Batches travel to the judge and on to the caller in read order, so the
// detector sees the lines in the order of the file, as `run` and a
// sequential replay do, and the sink gets them in that order too. Judging
// and reporting overlap: when every line is a new client (a spray) both
// are busy.

// batchLines and inFlight bound the lines handed between the goroutines
// at once (2,048 now, 12,288 before). What 12k cost was the runtime's
// preemption by signal (likely: each goroutine found work waiting and ran
// on without parking, so the scheduler's 10 ms preemption, counted in
// wall time on a loaded VM, kept firing): base's CPU profile at load 25
// had 20.7 % of its samples in runtime.asyncPreempt, 512x4's 1.9 % (at
// load 9-13, 5 % for base). Smaller batches cost ~2,000 hand-offs a
// million lines (a few µs each). 1M-line log, `pairs -bin` in turns at
// load 20-37: 2048x6 0.91-1.19 µs CPU/line, 512x4 0.81-1.06, 256x4
// 0.90-0.92, 512x6 0.90-0.96. Idle, where preemptions are rarer, the gain
// was not measured and should be smaller.
const (
	batchLines = 512
	batchBytes = 1 << 20
	// inFlight bounds memory: at most this many batches exist at once.
	inFlight = 4
)

type batch struct {
	arena   []byte
	starts  []int
	ends    []int
	tooLong []bool
	esc     []bool // the line holds a backslash (markEscapes)
	evs     []parser.Event
	preps   []detector.Prep // the judge's policy-only part of each judged line
	out     []Outcome
	reasons []parser.Reason
	hitEnd  []int
	hits    []patterns.Hit
	// The memo's numbers of each line's request line and user agent
	// (patterns.Memo.Known), for a KnownSink.
	reqIDs, uaIDs []uint64
	// The judge's verdicts, with their hits copied out of the detector
	// (a verdict's Hits are valid only until the next Observe).
	verdicts []detector.Verdict
	vhitEnd  []int
	vhits    []detector.Hit
	// own holds copies of the fields a parser unescaped into its own
	// scratch buffer, which its next Parse overwrites while the judge may
	// not have read them yet.
	own  []byte
	err  error // a read error after the batch's lines
	done chan struct{}
}

func (b *batch) reset() {
	b.arena = b.arena[:0]
	b.starts, b.ends, b.tooLong = b.starts[:0], b.ends[:0], b.tooLong[:0]
	b.out, b.reasons, b.hitEnd, b.hits = b.out[:0], b.reasons[:0], b.hitEnd[:0], b.hits[:0]
	b.reqIDs, b.uaIDs = b.reqIDs[:0], b.uaIDs[:0]
	// b.verdicts keeps its length: the judge writes every line's, which
	// drops the Decisions of the batch's previous lines (clearing them
	// here, on the reading goroutine's core, cost a pass over them all
	// and moved their cache lines away from the judge's).
	b.vhitEnd, b.vhits = b.vhitEnd[:0], b.vhits[:0]
	b.own = b.own[:0]
	b.err = nil
	b.done = make(chan struct{})
}

func (b *batch) line(i int) []byte { return b.arena[b.starts[i]:b.ends[i]] }

// replayParallel judges the rest of sp's lines; lineNo continues the count
// of lines already handled. It returns the read error, if any (io.EOF at the
// end).
func replayParallel(ctx context.Context, sp *splitter, p parser.Parser, resolver *clientip.Resolver,
	window Window, source string, det *detector.Engine, sink Sink, lineNo uint64, progress func()) error {
	free := make(chan *batch, inFlight)
	for range inFlight {
		free <- &batch{}
	}
	toPrep := make(chan *batch, inFlight)
	ordered := make(chan *batch, inFlight)
	stop := make(chan struct{})
	judging := make(chan struct{})
	defer func() {
		close(stop)
		<-judging // the caller may use det once we return
	}()

	go readBatches(ctx, sp, free, toPrep, ordered, stop)
	var matcher *patterns.Matcher
	if pol := det.Policy(); pol != nil {
		matcher = pol.Patterns
	}
	go prepareBatches(toPrep, p, resolver, window, source, matcher, det)
	judged := make(chan *batch, inFlight)
	go func() {
		defer close(judging)
		judgeBatches(ctx, ordered, judged, det, matcher != nil, stop)
	}()

	warm, _ := sink.(ClientWarmer)
	known, _ := sink.(KnownSink)
	if known != nil {
		known.ResetKnown() // the numbers of another replay's memo
	}
	for b := range judged {
		for i := range b.starts {
			if warm != nil && i%detector.WarmBatch == 0 {
				warm.WarmClients(b.verdicts, i)
			}
			lineNo++
			if b.tooLong[i] {
				sink.Skip(ReasonTooLong)
				continue
			}
			switch b.out[i] {
			case Judged:
				from := 0
				if i > 0 {
					from = b.vhitEnd[i-1]
				}
				v := &b.verdicts[i]
				v.Hits = b.vhits[from:b.vhitEnd[i]:b.vhitEnd[i]]
				if known != nil {
					known.ObserveKnown(lineNo, b.line(i), &b.evs[i], v, b.reqIDs[i], b.uaIDs[i])
				} else {
					sink.Observe(lineNo, b.line(i), &b.evs[i], v)
				}
			case Skipped:
				sink.Skip(b.reasons[i])
			case OutOfRange:
				sink.OutOfRange()
			}
		}
		if progress != nil {
			progress()
		}
		err := b.err
		free <- b
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// A ClientWarmer is a Sink that can have the CPU fetch what observing the
// next lines will read (report.Collector: its per-client table). The
// parallel replay calls it before each run of detector.WarmBatch lines,
// with the batch's verdicts and the run's first index.
type ClientWarmer interface {
	WarmClients(vs []detector.Verdict, i int)
}

// A KnownSink is a Sink that counts paths and user agents and can skip
// hashing them for a line whose request line and user agent the preparing
// goroutine's patterns.Memo numbered (Memo.Known, 0 for none): the same
// number, the same text. The parallel replay calls ResetKnown before its
// first line (its memo numbers afresh), then ObserveKnown in place of
// Observe.
type KnownSink interface {
	ResetKnown()
	ObserveKnown(lineNo uint64, raw []byte, ev *parser.Event, v *detector.Verdict, reqID, uaID uint64)
}

// judgeBatches runs the detector on the judged lines of each batch, in
// order, and passes the batch on with its verdicts. It stops after the
// batch that carries an error, on cancellation (after passing that batch
// on, so the caller sees ctx's error) or on stop.
func judgeBatches(ctx context.Context, in <-chan *batch, out chan<- *batch, det *detector.Engine, matched bool, stop <-chan struct{}) {
	defer close(out)
	for b := range in {
		<-b.done
		if cap(b.verdicts) < len(b.starts) {
			b.verdicts = make([]detector.Verdict, len(b.starts))
		}
		clear(b.verdicts[len(b.starts):cap(b.verdicts)]) // a shorter batch: drop the rest's Decisions
		b.verdicts = b.verdicts[:len(b.starts)]
		for i := range b.starts {
			if i%detector.WarmBatch == 0 {
				// The clients of the next lines, into the caches ahead
				// (each alone is a chain of cache misses).
				det.Warm(b.preps, i)
			}
			if !b.tooLong[i] && b.out[i] == Judged {
				from := 0
				if i > 0 {
					from = b.hitEnd[i-1]
				}
				var hits []patterns.Hit
				if matched {
					hits = b.hits[from:b.hitEnd[i]]
				}
				// Without a matcher the policy has no patterns, and the
				// hits are not looked at.
				// Straight into the batch: a Verdict is 72 bytes, and each
				// copy of one just written stalled on store forwarding
				// (2 % of analyze's CPU samples in perf).
				v := &b.verdicts[i]
				*v = det.ObserveKnown(&b.evs[i], hits, &b.preps[i])
				b.vhits = append(b.vhits, v.Hits...)
				v.Hits = nil
			} else {
				b.verdicts[i] = detector.Verdict{}
			}
			b.vhitEnd = append(b.vhitEnd, len(b.vhits))
		}
		last := b.err != nil // b is the caller's once sent
		select {
		case out <- b:
		case <-stop:
			return
		}
		if last || ctx.Err() != nil {
			return
		}
	}
}

// readBatches fills batches from sp until EOF, an error or stop. The batch
// carrying the error (io.EOF included) is the last one sent.
func readBatches(ctx context.Context, sp *splitter, free <-chan *batch, toPrep, ordered chan<- *batch, stop <-chan struct{}) {
	defer close(toPrep)
	defer close(ordered)
	for {
		var b *batch
		select {
		case b = <-free:
		case <-stop:
			return
		}
		b.reset()
		sp.fill(b, batchLines)
		if b.err == nil && ctx.Err() != nil {
			b.err = ctx.Err()
		}
		select {
		case toPrep <- b:
		case <-stop:
			return
		}
		select {
		case ordered <- b:
		case <-stop:
			return
		}
		if b.err != nil {
			return
		}
	}
}

// ownFields copies the byte fields of ev that do not point into line (a
// parser's scratch: unescaped fields, a line with its timestamp cut out)
// into arena and points them there. Slices handed out before arena grows
// keep the old array alive.
func ownFields(arena, line []byte, ev *parser.Event) []byte {
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(line)))
	hi := lo + uintptr(len(line))
	for _, f := range [...]*[]byte{&ev.Method, &ev.Path, &ev.Query, &ev.Proto, &ev.Referer, &ev.UA, &ev.XFF, &ev.Host, &ev.User, &ev.Request} {
		if len(*f) == 0 {
			continue
		}
		if p := uintptr(unsafe.Pointer(unsafe.SliceData(*f))); p >= lo && p+uintptr(len(*f)) <= hi {
			continue
		}
		start := len(arena)
		arena = append(arena, *f...)
		*f = arena[start:len(arena):len(arena)]
	}
	return arena
}

// prepareBatches parses, resolves and pattern-matches every line of each
// batch, then marks it done.
func prepareBatches(in <-chan *batch, p parser.Parser, resolver *clientip.Resolver, window Window, source string, matcher *patterns.Matcher, det *detector.Engine) {
	var req patterns.Request
	// A parser that can say so spares looking at each field for one to copy.
	inLine, _ := p.(parser.InLine)
	// One that can be told so spares looking for escapes in each line
	// without a backslash.
	var clean parser.Parser
	if c, ok := p.(parser.Clean); ok {
		clean = cleanParser{p, c}
	}
	// Verdicts of repeated paths, user agents and referers: the preparer
	// is the only goroutine matching, so it keeps the matcher's memo.
	var memo *patterns.Memo
	// The text facts of the memo's numbered paths and agents, so that the
	// judge does not compute them for each line (detector.PrepareKnown).
	var facts *detector.PrepCache
	if matcher != nil {
		memo = matcher.NewMemo()
		facts = detector.NewPrepCache()
	}
	for b := range in {
		n := len(b.starts)
		if cap(b.evs) < n {
			b.evs = make([]parser.Event, n)
		}
		b.evs = b.evs[:n]
		if cap(b.preps) < n {
			b.preps = make([]detector.Prep, n)
		}
		b.preps = b.preps[:n]
		if clean != nil {
			markEscapes(b)
		}
		for i := 0; i < n; i++ {
			b.preps[i] = detector.Prep{}
			out, reason := Skipped, parser.Reason("")
			var reqID, uaID uint64
			if !b.tooLong[i] {
				pp := p
				if clean != nil && !b.esc[i] {
					pp = clean
				}
				out, reason = prepare(pp, resolver, window, source, b.line(i), &b.evs[i])
				// Fields the parser built in its scratch (log escapes
				// undone ...) are overwritten by the next line's Parse,
				// before the judge reads them.
				if out != Skipped && (inLine == nil || !inLine.FieldsInLine()) {
					b.own = ownFields(b.own, b.line(i), &b.evs[i])
				}
			}
			b.out = append(b.out, out)
			b.reasons = append(b.reasons, reason)
			if out == Judged && matcher == nil {
				det.Prepare(&b.evs[i], &b.preps[i])
			} else if out == Judged {
				ev := &b.evs[i]
				// Field by field: a composite literal is built on the
				// stack and copied whole, its 16-byte loads stalling on
				// the 8-byte stores just made (a third of this loop's
				// own samples in perf).
				req.Method, req.Path, req.Query, req.UA, req.Referer = ev.Method, ev.Path, ev.Query, ev.UA, ev.Referer
				b.hits = memo.Match(&req, b.hits)
				reqID, uaID = memo.Known()
				det.PrepareKnown(ev, &b.preps[i], facts, reqID, uaID)
			}
			b.hitEnd = append(b.hitEnd, len(b.hits))
			b.reqIDs = append(b.reqIDs, reqID)
			b.uaIDs = append(b.uaIDs, uaID)
		}
		req = patterns.Request{}
		close(b.done)
	}
}
