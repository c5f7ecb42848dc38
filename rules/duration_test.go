package rules

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		err  bool
	}{
		{in: "0", want: 0},
		{in: "90s", want: 90 * time.Second},
		{in: "10m", want: 10 * time.Minute},
		{in: "1h30m", want: 90 * time.Minute},
		{in: "48h", want: 48 * time.Hour},
		{in: "7d", want: 7 * 24 * time.Hour},
		{in: "2w", want: 14 * 24 * time.Hour},
		{in: "1d12h", want: 36 * time.Hour},
		{in: "1.5h", want: 90 * time.Minute},
		{in: "500ms", want: 500 * time.Millisecond},
		{in: "", err: true},
		{in: "10", err: true},
		{in: "-5m", err: true},
		{in: "+5m", err: true},
		{in: "5 m", err: true},
		{in: "5x", err: true},
		{in: "m", err: true},
		{in: "1..5h", err: true},
		{in: "99999999999999999d", err: true},
		{in: "106751d", want: 106751 * 24 * time.Hour},
		{in: "106752d", err: true}, // just past what time.Duration holds
	} {
		got, err := ParseDuration(tc.in)
		if tc.err {
			if err == nil {
				t.Errorf("ParseDuration(%q) = %v, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseDuration(%q) = %v, %v, want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestFormatDurationRoundTrip(t *testing.T) {
	for _, d := range []time.Duration{0, time.Second, 90 * time.Second, 10 * time.Minute,
		48 * time.Hour, 7 * 24 * time.Hour, 36*time.Hour + 5*time.Minute + 1*time.Second, 1500 * time.Millisecond} {
		s := FormatDuration(d)
		back, err := ParseDuration(s)
		if err != nil || back != d {
			t.Errorf("ParseDuration(FormatDuration(%v) = %q) = %v, %v", d, s, back, err)
		}
	}
	if got := FormatDuration(7 * 24 * time.Hour); got != "7d" {
		t.Errorf("FormatDuration(7d) = %q, want \"7d\"", got)
	}
}
