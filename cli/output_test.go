package cli

import (
	"testing"
	"time"
)

func TestFormatRemaining(t *testing.T) {
	for d, want := range map[time.Duration]string{
		-time.Second:                   "expired",
		0:                              "expired",
		1500 * time.Millisecond:        "2s",
		90 * time.Second:               "1m30s",
		2*time.Hour + 5*time.Minute:    "2h5m",
		7*24*time.Hour + 3*time.Hour:   "7d3h",
		365*24*time.Hour + time.Minute: "365d0h",
	} {
		if got := formatRemaining(d); got != want {
			t.Errorf("formatRemaining(%v) = %q, want %q", d, got, want)
		}
	}
}
