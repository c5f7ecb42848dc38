package detector

import (
	"bytes"
	"os"
	"runtime"
	"testing"
	"unsafe"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/patterns"
	"github.com/guardctl/guardctl/rules"
)

// BenchmarkReplayJudge is the judge's share of `analyze` on a log of your
// choice, without reading, parsing or matching patterns (done once, before
// the timer): Prepare and ObservePrepared of every line under the default
// policy, in the pipeline's batches, with Warm as its judge calls it. One
// goroutine, so the CPU it reports is the detector's alone, and builds of
// two commits can be compared in turns (copy this file into the other
// tree) without the pipeline's scheduling in the figure:
//
//	GUARDCTL_BENCH_LOG=/tmp/small.log go test -run '^$' -bench ReplayJudge -benchtime 3x ./detector/
func BenchmarkReplayJudge(b *testing.B) {
	path := os.Getenv("GUARDCTL_BENCH_LOG")
	if path == "" {
		b.Skip("GUARDCTL_BENCH_LOG names no log")
	}
	pol, err := rules.Default().Compile(rules.CompileOptions{})
	if err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	spec, err := parser.Detect(lines[:min(len(lines), 64)])
	if err != nil {
		b.Fatal(err)
	}
	p, err := parser.New(spec)
	if err != nil {
		b.Fatal(err)
	}
	evs := make([]parser.Event, 0, len(lines))
	var hits [][]patterns.Hit
	memo := pol.Patterns.NewMemo()
	for _, l := range lines {
		var ev parser.Event
		if p.Parse(l, &ev) != nil || !ev.Client.IsValid() {
			continue
		}
		// Own copies of the fields a parser built in its scratch (the
		// others stay in the log's bytes, as in the pipeline's batch).
		lo, hi := uintptr(unsafe.Pointer(unsafe.SliceData(l))), uintptr(unsafe.Pointer(unsafe.SliceData(l)))+uintptr(len(l))
		for _, f := range [...]*[]byte{&ev.Method, &ev.Path, &ev.Query, &ev.Proto, &ev.Referer, &ev.UA, &ev.XFF, &ev.Host, &ev.User, &ev.Request} {
			if q := uintptr(unsafe.Pointer(unsafe.SliceData(*f))); len(*f) > 0 && (q < lo || q+uintptr(len(*f)) > hi) {
				*f = bytes.Clone(*f)
			}
		}
		var h []patterns.Hit
		if ev.Kind == parser.KindRequest {
			h = memo.Match(&patterns.Request{Method: ev.Method, Path: ev.Path, Query: ev.Query, UA: ev.UA, Referer: ev.Referer}, nil)
		}
		evs = append(evs, ev)
		hits = append(hits, h)
	}
	const batch = 2048 // the pipeline's batchLines
	pres := make([]Prep, batch)
	b.ReportAllocs()
	b.ResetTimer()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c0 := threadCPU()
	for b.Loop() {
		e := New(pol, Options{})
		for from := 0; from < len(evs); from += batch {
			to := min(from+batch, len(evs))
			for i := from; i < to; i++ {
				pres[i-from] = Prep{}
				e.Prepare(&evs[i], &pres[i-from])
			}
			for i := from; i < to; i++ {
				if (i-from)%WarmBatch == 0 {
					e.Warm(pres[:to-from], i-from)
				}
				e.ObservePrepared(&evs[i], hits[i], &pres[i-from])
			}
		}
	}
	if c1 := threadCPU(); c0 >= 0 && c1 >= 0 {
		b.ReportMetric(float64(c1-c0)/float64(b.N*len(evs)), "cpu-ns/line")
	}
}
