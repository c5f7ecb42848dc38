package cli

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/report"
)

// result is what a user sees from one guardctl invocation.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return "exit " + strconv.Itoa(r.code) + "\n--- stdout ---\n" + r.stdout + "\n--- stderr ---\n" + r.stderr
}

// guardctl runs the real command line in-process, as main would.
//
// Tests that call it must not run in parallel: urfave/cli writes its
// package-level HelpFlag while parsing each command's flags, so two Apps
// running at once race (harmless in the binary, which runs one App).
func guardctl(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	// 3 minutes, not 1: under -race on a loaded 2-core machine the runs
	// over every fixture (TestAnalyzeDeterministic, TestReplayOwnFixtures)
	// took 60-64 s and failed on this bound, not on what they assert (s9).
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	code := Run(ctx, append([]string{"guardctl"}, args...), strings.NewReader(stdin), &out, &errb)
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// mustCode fails the test unless r ended with want.
func mustCode(t *testing.T, r result, want int) {
	t.Helper()
	if r.code != want {
		t.Fatalf("want exit %d, got %s", want, r)
	}
}

// analyzeJSON runs analyze --format json and decodes the report.
func analyzeJSON(t *testing.T, stdin string, args ...string) (*report.Report, string) {
	t.Helper()
	r := guardctl(t, stdin, append([]string{"analyze", "--format", "json", "--no-progress"}, args...)...)
	mustCode(t, r, exitOK)
	var rep report.Report
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("decode report: %v\n%s", err, r.stdout)
	}
	return &rep, r.stdout
}

// fixtureLogs lists testdata/logs/*.log.
func fixtureLogs(t *testing.T) []string {
	t.Helper()
	logs, err := filepath.Glob("../testdata/logs/*.log")
	if err != nil {
		t.Fatal(err)
	}
	if len(logs) < 5 {
		t.Fatalf("only %d fixture logs in testdata/logs (run go run ./scripts/genfixtures)", len(logs))
	}
	return logs
}

// readLines returns the lines of a file.
func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Fixtures may be gzip-compressed (guardctl reads them so): count
	// the log's lines, not the compressed file's.
	var r io.Reader = bufio.NewReader(f)
	if magic, _ := r.(*bufio.Reader).Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		r = zr
	}
	var out []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// clfTime reads the [..] timestamp of a CLF line, independently of the
// parser under test.
func clfTime(t *testing.T, line string) time.Time {
	t.Helper()
	i, j := strings.IndexByte(line, '['), strings.IndexByte(line, ']')
	if i < 0 || j < i {
		t.Fatalf("no [time] in %q", line)
	}
	ts, err := time.Parse("02/Jan/2006:15:04:05 -0700", line[i+1:j])
	if err != nil {
		t.Fatalf("time of %q: %v", line, err)
	}
	return ts
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func findOffender(r *report.Report, ip string) *report.Offender {
	for i := range r.Offenders {
		if r.Offenders[i].IP == ip {
			return &r.Offenders[i]
		}
	}
	return nil
}
