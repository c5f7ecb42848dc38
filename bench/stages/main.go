//go:build linux

// Command stages measures what `analyze` spends per line outside the
// detector, stage by stage, on one goroutine: reading lines (input), parsing
// them, parsing and matching the default policy's patterns through a Memo
// (as the replay's preparing goroutine does), and parsing and counting them
// in the report's collector. It prints the median CPU time (user+sys of
// this thread) per line of each pass over RUNS runs; a stage's own share is
// its pass minus the parse pass. On a shared machine thread CPU time moves
// far less than wall time, but the caches other jobs leave still count.
//
// Usage: go run ./bench/stages [-runs 5] [LOG] (default
// bench/out/access-1000000.log, which bench/analyze.sh generates)
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"syscall"
	"time"

	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/input"
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/patterns"
	"github.com/guardctl/guardctl/report"
	"github.com/guardctl/guardctl/rules"
)

func main() {
	runs := flag.Int("runs", 5, "runs of each pass; the median is printed")
	flag.Parse()
	path := "bench/out/access-1000000.log"
	if flag.NArg() > 0 {
		path = flag.Arg(0)
	}
	if err := run(path, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "stages:", err)
		os.Exit(1)
	}
}

// threadCPU is the CPU time of the calling thread (it is locked to it).
func threadCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_THREAD, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func run(path string, runs int) error {
	runtime.LockOSThread()
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	lines := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	pol, err := rules.Default().Compile(rules.CompileOptions{})
	if err != nil {
		return err
	}
	spec, err := parser.Detect(lines[:min(len(lines), 100)])
	if err != nil {
		return err
	}
	newParser := func() parser.Parser {
		p, err := parser.New(spec)
		if err != nil {
			panic(err)
		}
		return p
	}
	passes := []struct {
		name string
		pass func() error
	}{
		{"read", func() error { return read(path) }},
		{"parse", func() error {
			p, ev := newParser(), &parser.Event{}
			for _, l := range lines {
				_ = p.Parse(l, ev)
			}
			return nil
		}},
		{"parse+match", func() error {
			p, ev := newParser(), &parser.Event{}
			memo := pol.Patterns.NewMemo()
			hits := make([]patterns.Hit, 0, 64)
			for _, l := range lines {
				if p.Parse(l, ev) == nil {
					r := patterns.Request{Method: ev.Method, Path: ev.Path, Query: ev.Query, UA: ev.UA, Referer: ev.Referer}
					hits = memo.Match(&r, hits[:0])
				}
			}
			return nil
		}},
		{"parse+report", func() error {
			p, ev := newParser(), &parser.Event{}
			col := report.NewCollector(report.Options{})
			var v detector.Verdict
			for i, l := range lines {
				if p.Parse(l, ev) == nil {
					v.Key = pol.ClientKey(ev.Client)
					col.Observe(uint64(i+1), l, ev, &v)
				}
			}
			return nil
		}},
	}
	ns := make([][]float64, len(passes))
	for range runs {
		for i, ps := range passes {
			start := threadCPU()
			if err := ps.pass(); err != nil {
				return err
			}
			ns[i] = append(ns[i], float64(threadCPU()-start)/float64(len(lines)))
		}
	}
	fmt.Printf("%s: %d lines, %d runs, load %s\n", path, len(lines), runs, loadavg())
	med := make([]float64, len(passes))
	for i, ps := range passes {
		slices.Sort(ns[i])
		med[i] = ns[i][len(ns[i])/2]
		fmt.Printf("%-13s %6.1f ns/line CPU (runs %.0f to %.0f)\n", ps.name, med[i], ns[i][0], ns[i][len(ns[i])-1])
	}
	fmt.Printf("match %.1f, report %.1f ns/line (pass minus parse)\n", med[2]-med[1], med[3]-med[1])
	return nil
}

// read passes over the file's lines with input's line reader.
func read(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	lr := input.NewLineReader(f, 0)
	for {
		if _, err := lr.Next(); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			if !errors.Is(err, input.ErrLineTooLong) {
				return err
			}
		}
	}
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := bytes.Fields(b)
	return string(bytes.Join(f[:min(3, len(f))], []byte(" ")))
}
