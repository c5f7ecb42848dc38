package cli

import (
	"io"
	"strings"
	"testing"
	"time"
)

// FuzzNormalizeArgs: any command line is either refused as a usage error
// or reordered into a permutation of itself (plus at most one "--"), with
// the program and command names first.
func FuzzNormalizeArgs(f *testing.F) {
	for _, s := range []string{"analyze x.log -o json", "ban 1.2.3.4 --for 2h", "bann", "firewall stauts",
		"analyze -- -o", "analyze --top=3 a b --no-progress", "--log-level debug analyze - -", "help analyze", "explain -"} {
		f.Add(s)
	}
	app := newApp(strings.NewReader(""), io.Discard, io.Discard)
	f.Fuzz(func(t *testing.T, line string) {
		args := append([]string{"guardctl"}, strings.Fields(line)...)
		out, err := normalizeArgs(app, args)
		if err != nil {
			if exitCodeOf(err) != exitUsage {
				t.Fatalf("%q: error %v is not a usage error", line, err)
			}
			return
		}
		count := map[string]int{}
		for _, a := range args {
			count[a]++
		}
		for _, a := range out {
			count[a]--
		}
		for a, n := range count {
			if n != 0 && !(a == "--" && n == -1) {
				t.Fatalf("%q -> %q: %q appears %d times more/less", line, out, a, n)
			}
		}
		if out[0] != "guardctl" {
			t.Fatalf("%q -> %q", line, out)
		}
	})
}

func FuzzRelativeTime(f *testing.F) {
	for _, s := range []string{"1h", "2d", "90m", "1w ago", "", "2026-11-01", "-1h", "9999999999999999w"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 5, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := relativeTime(s, now)
		if ok && got.After(now) {
			t.Fatalf("%q: %v is after now", s, got)
		}
	})
}
