package tailer

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

const benchLine = `203.0.113.7 - - [10/Oct/2024:13:55:36 +0000] "GET /wp-login.php?redirect_to=%2Fwp-admin%2F HTTP/1.1" 404 153 "-" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"` + "\n"

// BenchmarkLatency measures how long a line appended to a followed file
// takes to reach the consumer: one write, then wait for its delivery, b.N
// times. ns/op is the mean; p50-us and p99-us the percentiles. The daemon's
// budget from log line to kernel is p99 <= 50 ms.
func BenchmarkLatency(b *testing.B) {
	for _, mode := range []struct {
		name      string
		noInotify bool
	}{{"inotify", false}, {"poll-only", true}} {
		b.Run(mode.name, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "access.log")
			f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			tl, err := New(Options{Patterns: []string{path}}, nil)
			if err != nil {
				b.Fatal(err)
			}
			tl.noInotify = mode.noInotify
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			out := make(chan []Line, 64)
			go tl.Run(ctx, out)
			<-tl.Ready()

			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				t0 := time.Now()
				if _, err := f.WriteString(benchLine); err != nil {
					b.Fatal(err)
				}
			wait:
				for {
					for _, l := range <-out {
						if l.Data != nil {
							break wait
						}
					}
				}
				lat = append(lat, time.Since(t0))
			}
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-us")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-us")
		})
	}
}

// BenchmarkThroughput reads a file of b.N access-log lines from its start:
// catching up after downtime, or a burst. B/op and allocs/op are per line.
// "release" gives every batch back (Options.Recycle, Release) once its
// lines are counted; "keep" does not, so every batch is new memory.
func BenchmarkThroughput(b *testing.B) {
	for _, release := range []bool{false, true} {
		name := "keep"
		if release {
			name = "release"
		}
		b.Run(name, func(b *testing.B) { benchThroughput(b, release) })
	}
}

func benchThroughput(b *testing.B, release bool) {
	path := filepath.Join(b.TempDir(), "access.log")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for range b.N {
		w.WriteString(benchLine)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()

	tl, err := New(Options{Patterns: []string{path}, FromStart: true, Recycle: release}, nil)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := make(chan []Line, 16)
	b.SetBytes(int64(len(benchLine)))
	b.ReportAllocs()
	b.ResetTimer()
	go tl.Run(ctx, out)
	for n := 0; n < b.N; {
		batch := <-out
		for _, l := range batch {
			if l.Data != nil {
				n++
			}
		}
		if release {
			tl.Release(batch)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}
