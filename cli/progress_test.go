package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgressLine(t *testing.T) {
	got := progressLine(27<<20, 48<<20, 540_000, 3*time.Second)
	for _, want := range []string{"56%", "27/48 MiB", "180k lines/s", "ETA 2s"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
	if got := progressLine(0, 48<<20, 0, 0); strings.Contains(got, "ETA") {
		t.Errorf("an ETA before anything was read: %q", got)
	}
}

// TestProgressBarErased: finish leaves the cursor at the start of an empty
// line, so the report's first line is not glued to the bar.
func TestProgressBarErased(t *testing.T) {
	var buf bytes.Buffer
	start := time.Now()
	b := newBar(&buf, 100<<20, start)
	b.draw(10<<20, 1000, start.Add(time.Second))
	b.draw(20<<20, 2000, start.Add(2*time.Second))
	b.finish()
	b.finish()
	out := buf.String()
	if strings.Count(out, "\r[") != 2 || !strings.HasSuffix(out, "\r\033[K") || strings.Count(out, "\r\033[K") != 1 {
		t.Errorf("bar output %q", out)
	}
	var nilBar *progressBar
	nilBar.finish()
}
