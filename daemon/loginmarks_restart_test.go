package daemon

import (
	"fmt"
	"net/netip"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/rules"
	"github.com/guardctl/guardctl/state"
)

// loginGuess is a refused login POST from ip, logged now.
func loginGuess(ip string) string {
	return fmt.Sprintf("%s - - [%s] \"POST /user/login HTTP/1.1\" 401 12 \"-\" \"python-requests/2.32.3\"\n", ip, time.Now().UTC().Format("02/Jan/2006:15:04:05 -0700"))
}

// A login guesser is banned; the daemon stops; its ban runs out while
// the daemon is down; the daemon starts again and the guesser's first
// refused login bans it again, as it would have without the restart
// (detector reguess, 5e63475). Before: the re-ban mark lived only in the
// engine, so after the restart the guesser had its quick-rule guesses
// (3) once more, and one refusal banned nothing.
func TestLoginReBanSurvivesRestart(t *testing.T) {
	const guesser = "203.0.113.20"
	h := newHarness(t, "")
	h.start(Options{})
	// The quick rule's 3 guesses, at once: no line of this run is left
	// to judge again after the restart.
	h.append(loginGuess(guesser), loginGuess(guesser), loginGuess(guesser))
	eventually(t, 3*time.Second, "the guesser's login ban", func() bool { _, ok := h.banned(guesser); return ok })
	first, _ := h.banned(guesser)
	if !slices.ContainsFunc(first.Rules, func(r string) bool { return strings.HasPrefix(r, rules.LoginRule) }) {
		t.Fatalf("guesser banned for %v, want a login rule", first.Rules)
	}
	h.stop()

	// Its ban ran out while the daemon was down (the offence history
	// stays: it is what escalates the next ban).
	st, err := state.Open(filepath.Join(h.dir, "state"), state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.DeleteBans([]netip.Prefix{netip.MustParsePrefix(guesser + "/32")}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	h.start(Options{})
	if _, ok := h.banned(guesser); ok {
		t.Fatal("the guesser is still banned after its ban was removed")
	}
	h.append(loginGuess(guesser))
	eventually(t, 3*time.Second, "the guesser (banned for login before the restart) banned again at its first refused login after it", func() bool {
		_, ok := h.banned(guesser)
		return ok
	})
	b, _ := h.banned(guesser)
	if b.Offence != 2 {
		t.Errorf("second ban: offence %d, want 2", b.Offence)
	}
}
