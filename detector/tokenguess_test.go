package detector

import (
	"fmt"
	"testing"
	"time"

	"github.com/guardctl/guardctl/parser"
)

// TestTokenGuess: reset-token guessing (attacks8 reset-token-guessing-
// ipv6-64: a new token every ~0.3 s, all 404) violates within its first
// 25 guesses; a page polling one token answered 404 every second, a
// guesser slower than tokenLimit a minute (one every 4 s), a 404 on a
// query naming no secret (?id=) and a 403 never do.
func TestTokenGuess(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		gap    time.Duration
		query  func(i int) string
		status int
		within int // violation by this guess; 0: never
	}{
		{"new token every 0.3 s, 404", 300 * time.Millisecond, func(i int) string { return fmt.Sprintf("token=%08x", i*7919) }, 404, 25},
		{"new invite every 1 s, 410", time.Second, func(i int) string { return fmt.Sprintf("lang=de&invite=%x", i*31) }, 410, 40},
		{"one token polled every 1 s", time.Second, func(int) string { return "token=Xk2p9QaZ7" }, 404, 0},
		{"new token every 4 s", 4 * time.Second, func(i int) string { return fmt.Sprintf("token=%08x", i) }, 404, 0},
		{"new id every 0.3 s", 300 * time.Millisecond, func(i int) string { return fmt.Sprintf("id=%d", i) }, 404, 0},
		{"new token every 0.3 s, 403", 300 * time.Millisecond, func(i int) string { return fmt.Sprintf("token=%08x", i) }, 403, 0},
	}
	for _, c := range cases {
		var slot int64
		got := 0
		for i := range 400 {
			ev := &parser.Event{Method: []byte("GET"), Path: []byte("/account/reset"), Query: []byte(c.query(i)), Status: c.status}
			if tokenGuess(&slot, t0.Add(time.Duration(i)*c.gap).UnixNano(), ev) {
				got = i + 1
				break
			}
		}
		if c.within == 0 && got != 0 || c.within != 0 && (got == 0 || got > c.within) {
			t.Errorf("%s: violation at guess %d, want by %d (0: never)", c.name, got, c.within)
		}
	}
}
