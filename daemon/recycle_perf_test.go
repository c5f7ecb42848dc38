package daemon

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestRecycledBatchesJudgedWhole: the daemon's tailer recycles its batches
// (tailer.Options.Recycle): once the loop releases a batch, the tailer
// reads the next lines into the same memory. A line judged after its
// batch was released would be judged on another line's bytes. The first
// batch of an auto-detected source is the exposed one: its lines are held
// until the format is detected and judged after (detect), while the tailer
// has the rest of the burst ready to read.
//
// The burst is written at once, so the tailer refills released batches
// while the loop judges. Every line must be counted, none skipped, and the
// bans must be exactly the trap clients: an early release shows as lines
// that do not parse, clients banned for another client's line or not
// banned, and under -race as a race between the loop's read of a held
// line and the tailer's read(2) into the same bytes (with the release
// moved before detect in handle, -race reports it on every run).
func TestRecycledBatchesJudgedWhole(t *testing.T) {
	// Several auto-detected sources: each one's first batch is held. The
	// tailer reuses a released batch only when the pool hands it to its
	// goroutine (per P; -race drops a quarter of the puts), so one held
	// batch is not always read into again; several almost surely are.
	const sources, perSource = 8, 3000
	var extra strings.Builder
	dir := t.TempDir()
	paths := make([]string, sources)
	for k := 1; k < sources; k++ {
		paths[k] = filepath.Join(dir, fmt.Sprintf("site%d.log", k))
		if err := os.WriteFile(paths[k], nil, 0o644); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&extra, "\n[[source]]\npath = %q\n", paths[k])
	}
	h := newHarness(t, extra.String())
	paths[0] = h.logPath
	h.start(Options{})
	want := map[string]bool{}
	for k, path := range paths {
		var b strings.Builder
		for i := range perSource {
			// Lines of varied length, so that another line's bytes at
			// the same place rarely parse.
			pad := strings.Repeat("x", i%37)
			if i%7 == 3 {
				ip := fmt.Sprintf("203.%d.%d.%d", k, i>>8&255, i&255)
				want[ip] = true
				b.WriteString(clfLine(ip, "/wp-login.php?"+pad))
				continue
			}
			b.WriteString(clfLine(fmt.Sprintf("198.%d.%d.%d", 18+k, i>>8&255, i&255), "/index.html?"+pad))
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString(b.String()); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	total := uint64(sources * perSource)
	judged := func() (lines, skipped uint64, formats []string) {
		st, err := h.d.Status(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range st.Sources {
			lines += s.Lines
			for _, n := range s.Skipped {
				skipped += n
			}
			formats = append(formats, s.Format)
		}
		return lines, skipped, formats
	}
	eventually(t, 20*time.Second, "every line judged", func() bool { n, _, _ := judged(); return n >= total })
	if n, skipped, formats := judged(); n != total || skipped != 0 || slices.ContainsFunc(formats, func(f string) bool { return f != "combined" }) {
		t.Fatalf("%d lines judged (want %d), %d skipped, formats %v", n, total, skipped, formats)
	}
	eventually(t, 10*time.Second, "every ban listed", func() bool {
		bans, err := h.d.List(context.Background())
		return err == nil && len(bans) >= len(want)
	})
	bans, err := h.d.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var wrong []string
	got := map[string]bool{}
	for _, ban := range bans {
		got[ban.Prefix] = true
		if !want[ban.Prefix] || ban.Reason != "trap:/wp-login.php" {
			wrong = append(wrong, ban.Prefix+" "+ban.Reason)
		}
	}
	for ip := range want {
		if !got[ip] {
			wrong = append(wrong, ip+" not banned")
		}
	}
	slices.Sort(wrong)
	if len(wrong) > 0 {
		t.Errorf("%d bans of %d wrong or missing (first: %v)", len(wrong), len(want), wrong[:min(len(wrong), 5)])
	}
}
