package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/report"
	"github.com/guardctl/guardctl/rules"
)

// benchLog writes n combined lines in the mix scripts/genlog produces at
// larger scale: browsing from many clients, a few probes and a flood.
func benchLog(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "access.log")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	paths := []string{"/", "/products/42", "/static/css/app.3f2a.css", "/static/js/app.9c1d.js", "/search?q=blue+shoes", "/api/v1/items?page=2&sort=name"}
	for i := 0; i < n; i++ {
		c := i % 20_000 // as many ordinary clients as scripts/genlog's default
		ip := fmt.Sprintf("10.0.%d.%d", c/250, c%250)
		p := paths[i%len(paths)]
		if i%997 == 0 {
			p = "/index.php?id=1%27%20UNION%20SELECT%20user,password%20FROM%20users--"
		}
		fmt.Fprintf(f, "%s - - [%s] \"GET %s HTTP/1.1\" 200 %d \"-\" \"Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0\"\n",
			ip, start.Add(time.Duration(i)*4*time.Millisecond).Format("02/Jan/2006:15:04:05 -0700"), p, 1000+i%5000)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkReplay is the whole analyze path (read, parse, judge with the
// default policy, aggregate the report) per line.
func BenchmarkReplay(b *testing.B) {
	const lines = 200_000
	benchReplay(b, benchLog(b, lines))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*lines), "ns/line")
	b.ReportMetric(float64(b.N*lines)/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkReplayFile is BenchmarkReplay on a log of your choice, e.g. the
// one bench/analyze.sh generates, to profile `analyze` on its mix:
//
//	GUARDCTL_BENCH_LOG=$PWD/bench/out/access-1000000.log go test -run '^$' -bench ReplayFile -benchtime 3x -cpuprofile cpu.out ./pipeline/
func BenchmarkReplayFile(b *testing.B) {
	path := os.Getenv("GUARDCTL_BENCH_LOG")
	if path == "" {
		b.Skip("GUARDCTL_BENCH_LOG names no log")
	}
	benchReplay(b, path)
}

func benchReplay(b *testing.B, path string) {
	pol, err := rules.Default().Compile(rules.CompileOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		det := detector.New(pol, detector.Options{})
		col := report.NewCollector(report.Options{})
		if err := Replay(context.Background(), []string{path}, det, ReplayOptions{Spec: parser.Spec{Format: "auto"}}, col); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
}
