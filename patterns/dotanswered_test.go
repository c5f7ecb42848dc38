package patterns

import "testing"

// TestDotPathBehindMissOnlyHit: a dot-name that sensitive-certain-name
// counts only on a miss keeps sensitive-dot-path for the other answers, so
// a sweep answered 403 (nginx denying dotfiles), 301 or 200 still counts as
// it did before the name was listed (review rev-sig s17 HIGH 1); a
// dot-name with a hit that counts on any answer (/.env) still has no
// dot-path hit.
func TestDotPathBehindMissOnlyHit(t *testing.T) {
	m := mustCompile(t, Options{})
	ids := func(path string, status int) map[string]int {
		hits := KeepAnswered(m.Match(&Request{Method: []byte("GET"), Path: []byte(path)}, nil), status, nil)
		out := map[string]int{}
		for _, h := range hits {
			out[h.ID] = h.Weight
		}
		return out
	}
	for _, p := range []string{"/.msmtprc", "/.vnc/passwd", "/.purple/accounts.xml"} {
		if got := ids(p, 404); got["sensitive-certain-name"] == 0 || got["sensitive-dot-path"] != 0 {
			t.Errorf("%s 404: %v, want sensitive-certain-name alone", p, got)
		}
		for _, st := range []int{403, 301, 200} {
			if got := ids(p, st); got["sensitive-dot-path"] == 0 || got["sensitive-certain-name"] != 0 {
				t.Errorf("%s %d: %v, want sensitive-dot-path alone", p, st, got)
			}
		}
	}
	for _, st := range []int{404, 403} {
		if got := ids("/.env", st); got["sensitive-dot-path"] != 0 {
			t.Errorf("/.env %d: %v, want no sensitive-dot-path", st, got)
		}
	}
	// kept, the hint is an ordinary hit again (the detector reads a
	// non-zero Only as a word-list hint)
	for _, h := range KeepAnswered(m.Match(&Request{Method: []byte("GET"), Path: []byte("/.msmtprc")}, nil), 403, nil) {
		if h.Only != 0 {
			t.Errorf("kept %s has Only %b", h.ID, h.Only)
		}
	}
}
