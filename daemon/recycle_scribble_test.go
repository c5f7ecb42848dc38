package daemon

// From the review of 9b4aef5 (rev-perf s12): the loop gives every batch
// back to the tailer right after handle (follower.release), and the tailer
// reads the next lines into the same bytes. TestRecycledBatchesJudgedWhole
// only sees a line kept past its batch when the tailer happens to refill
// that batch in time; a source's held lines kept until detectLines of them
// had come (across batches) passed it. Here every line's bytes are
// overwritten as soon as handle returns, the worst the tailer can do, and
// the verdicts must be those of a run where each batch keeps its memory.

import (
	"bufio"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/tailer"
)

// scribbleMaxLines bounds the lines read of each fixture: the first ones
// are where format detection holds lines (detectLines), and the fixtures
// cut so, with the generated sources, take a few seconds under -race.
const scribbleMaxLines = 80

// TestRecycledBytesNotKept: handle called directly on batches of 1 to 40
// lines of one source (as the tailer makes them), every source
// auto-detected: every other fixture of testdata/logs (combined), its
// first scribbleMaxLines lines, and generated sources of the other formats.
func TestRecycledBytesNotKept(t *testing.T) {
	files := scribbleFiles(t, 2)
	fresh := scribbleRun(t, files, false, false)
	scribbled := scribbleRun(t, files, true, false)
	compareScribbled(t, fresh, scribbled)
}

// TestRecycledBytesNotKeptMixedBatch: batches that mix the lines of two
// sources, which neither the tailer (one file a batch) nor a journal
// source (one line a batch) sends: handle detects a held source's format
// when another source's line comes (the held != s branch), so its held
// lines do not outlive the batch either.
func TestRecycledBytesNotKeptMixedBatch(t *testing.T) {
	files := scribbleFiles(t, 4)
	fresh := scribbleRun(t, files, false, true)
	scribbled := scribbleRun(t, files, true, true)
	compareScribbled(t, fresh, scribbled)
}

// scribbleFiles are every step-th fixture of testdata/logs, gzipped ones
// aside, and the generated sources (scribbleSources), each its path then
// its lines.
func scribbleFiles(t *testing.T, step int) [][]string {
	t.Helper()
	paths, err := filepath.Glob("../testdata/logs/*.log")
	if err != nil || len(paths) < 50 {
		t.Fatalf("fixtures: %d of testdata/logs (%v)", len(paths), err)
	}
	var files [][]string
	for k := 0; k < len(paths); k += step {
		abs, err := filepath.Abs(paths[k])
		if err != nil {
			t.Fatal(err)
		}
		lines := readFirstLines(t, abs, scribbleMaxLines)
		if len(lines) > 0 {
			files = append(files, append([]string{abs}, lines...))
		}
	}
	return append(files, scribbleSources(t.TempDir())...)
}

// scribbleSources returns sources of the formats testdata/logs lacks
// (JSON, vhost_combined, nginx's and Apache's error logs): lines of varied
// length from a few clients each, trap hits and password failures among
// them.
func scribbleSources(dir string) [][]string {
	const n = 200
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	gen := map[string]func(i int, ip string, at time.Time, pad string) string{
		"access.json.log": func(i int, ip string, at time.Time, pad string) string {
			uri, status := "/page/"+pad, 200
			if i%5 == 1 {
				uri, status = "/wp-login.php", 404
			}
			return fmt.Sprintf(`{"time": %q, "remote_addr": %q, "request_method": "GET", "request_uri": %q, "status": %d, "body_bytes_sent": %d, "http_referer": "-", "http_user_agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0"}`,
				at.Format(time.RFC3339), ip, uri, status, 100+i)
		},
		"vhost.log": func(i int, ip string, at time.Time, pad string) string {
			uri := "/blog/" + pad
			if i%6 == 2 {
				uri = "/wp-login.php"
			}
			return fmt.Sprintf(`site%d.example.org:443 %s - - [%s] "GET %s HTTP/1.1" 200 %d "-" "Mozilla/5.0"`,
				i%3, ip, at.Format("02/Jan/2006:15:04:05 -0700"), uri, 100+i)
		},
		"nginx-error.log": func(i int, ip string, at time.Time, pad string) string {
			return fmt.Sprintf(`%s [error] 1#0: *%d user "bob%s": password mismatch, client: %s, server: s, request: "GET /admin/ HTTP/1.1", host: "h"`,
				at.Format("2006/01/02 15:04:05"), i, pad, ip)
		},
		"apache-error.log": func(i int, ip string, at time.Time, pad string) string {
			return fmt.Sprintf(`[%s] [auth_basic:error] [pid 1:tid 2] [client %s:%d] AH01617: user admin%s: authentication failure for "/basic/": Password Mismatch`,
				at.Format("Mon Jan 02 15:04:05.000000 2006"), ip, 40000+i, pad)
		},
	}
	var files [][]string
	for _, name := range slices.Sorted(maps.Keys(gen)) {
		f := []string{filepath.Join(dir, name)}
		for i := range n {
			ip := fmt.Sprintf("198.51.100.%d", i%9)
			f = append(f, gen[name](i, ip, t0.Add(time.Duration(i)*time.Second), strings.Repeat("z", i%23)))
		}
		files = append(files, f)
	}
	return files
}

// readFirstLines returns up to max lines of path (none if it is gzipped).
func readFirstLines(t *testing.T, path string, max int) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		return nil
	}
	sc := bufio.NewScanner(br)
	sc.Buffer(nil, 4<<20)
	var out []string
	for len(out) < max && sc.Scan() {
		out = append(out, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

// scribbleRun feeds files (each its path, then its lines) to a daemon's
// handle, every fixture a source of its own, and returns the bans,
// offences, sources' counts and detector stats. With scribble, every
// batch is built in one buffer that is filled with other lines' bytes
// once handle returns; without, each batch has memory of its own. With
// mixed, a batch interleaves the lines of two sources.
func scribbleRun(t *testing.T, files [][]string, scribble, mixed bool) []string {
	t.Helper()
	dir := t.TempDir()
	var cfg strings.Builder
	for _, f := range files {
		fmt.Fprintf(&cfg, "[[source]]\npath = %q\n\n", f[0])
	}
	fmt.Fprintf(&cfg, "[traps]\npaths = [\"/wp-login.php\"]\nban = \"10m\"\n\n[firewall]\nbackend = \"none\"\n\n[daemon]\nstate_dir = %q\nsocket = %q\n",
		filepath.Join(dir, "state"), filepath.Join(dir, "g.sock"))
	cp := filepath.Join(dir, "guardctl.toml")
	if err := os.WriteFile(cp, []byte(cfg.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := New(Options{ConfigPath: cp})
	if err != nil {
		t.Fatal(err)
	}
	defer d.store.Close()
	next := make([]int, len(files))
	for i := range files {
		next[i] = 1 // files[i][0] is the path
	}
	var shared []byte
	var batch []tailer.Line
	add := func(i int, buf []byte) []byte {
		f := files[i]
		if next[i] >= len(f) {
			return buf
		}
		s := len(buf)
		buf = append(buf, f[next[i]]...)
		batch = append(batch, tailer.Line{Source: f[0], Path: f[0], Data: buf[s:len(buf):len(buf)],
			Pos: tailer.Position{Path: f[0], Dev: 1, Inode: uint64(i + 1), Offset: int64(next[i])}})
		next[i]++
		return buf
	}
	for k, left := 0, true; left; {
		left = false
		for i := range files {
			if next[i] >= len(files[i]) {
				continue
			}
			left = true
			n := 1 + (k*7+i)%40 // 1 to 40 lines, as the tailer's reads cut them
			k++
			other := (i + 1) % len(files)
			var buf []byte
			if scribble {
				// Room for every line: append must not move the
				// batch to new memory the scribble would miss.
				shared = slices.Grow(shared[:0], 2*n<<16)
				buf = shared[:0]
			}
			batch = batch[:0]
			for range n {
				buf = add(i, buf)
				if mixed {
					buf = add(other, buf)
				}
			}
			if !scribble {
				batch = slices.Clone(batch) // nothing shared between batches
			}
			d.mu.Lock()
			d.handle(batch, time.Now())
			d.mu.Unlock()
			if scribble {
				scribbleOver(buf, files[(i+2)%len(files)][1:])
			}
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	var res []string
	for _, b := range d.pend.bans {
		res = append(res, fmt.Sprintf("ban %v %s %v offence %d", b.Prefix, b.Reason, b.Rules, b.Offence))
	}
	for _, o := range d.pend.offences {
		res = append(res, fmt.Sprintf("offence %v %s %v", o.Key, o.Rule, o.At))
	}
	for _, s := range d.sources {
		var skipped []string
		for r, n := range s.skipped {
			skipped = append(skipped, fmt.Sprintf("%s=%d", r, n))
		}
		slices.Sort(skipped)
		res = append(res, fmt.Sprintf("source %s format %s lines %d skipped %v", filepath.Base(s.cfg.Path), s.spec.Format, s.lines, skipped))
	}
	return append(res, fmt.Sprintf("stats %+v", d.det.Stats()))
}

// scribbleOver fills buf with the lines of another source, what the
// tailer's next read into the released batch could bring.
func scribbleOver(buf []byte, lines []string) {
	for p, q := 0, 0; p < len(buf); q++ {
		src := "x"
		if len(lines) > 0 {
			src = lines[q%len(lines)]
		}
		p += copy(buf[p:], src)
		if p < len(buf) {
			buf[p] = ' '
			p++
		}
	}
}

func compareScribbled(t *testing.T, fresh, scribbled []string) {
	t.Helper()
	bans, formats := 0, map[string]int{}
	for _, r := range fresh {
		if strings.HasPrefix(r, "ban ") {
			bans++
		}
		if f := strings.Fields(r); f[0] == "source" {
			formats[f[3]]++
		}
	}
	t.Logf("%d result rows, %d bans, sources by format %v", len(fresh), bans, formats)
	if bans == 0 || len(formats) < 5 {
		t.Fatalf("too little judged to show anything: %d bans, formats %v", bans, formats)
	}
	diff := 0
	for i := range max(len(fresh), len(scribbled)) {
		var x, y string
		if i < len(fresh) {
			x = fresh[i]
		}
		if i < len(scribbled) {
			y = scribbled[i]
		}
		if x != y {
			if diff++; diff <= 10 {
				t.Errorf("row %d:\n own memory: %s\n scribbled:  %s", i, x, y)
			}
		}
	}
	if diff > 0 {
		t.Errorf("%d of %d rows differ: a line's bytes were used after handle returned", diff, len(fresh))
	}
}
