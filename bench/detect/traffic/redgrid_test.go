package traffic

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/guardctl/guardctl/rules"
)

// TestRedShapes: the red-team shapes in miniature (4 minutes of red-base
// and red-site-50). No benign client of any shape is banned (single-page
// apps' bursts of POSTs from their page included: 23-29 of 30 were before
// a POST with a Referer stopped paying the flood's repeat cost); every attacker of the
// shapes that ban on sight or by rate within minutes is banned; and the
// whole variant keeps >= 95 % recall (slow guessers have few guesses in
// 4 minutes).
func TestRedShapes(t *testing.T) {
	if raceEnabled {
		t.Skip("the red grid's replay takes minutes under the race detector; TestGridFloors covers the pipeline")
	}
	pol, err := rules.Default().Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range RedGrid(11)[:2] {
		v.Duration = 4 * time.Minute
		v.SiteRate = min(v.SiteRate, 150)
		s, err := Evaluate(context.Background(), pol, v)
		if err != nil {
			t.Fatal(err)
		}
		checkShapes(t, s, []string{KindToken400, KindHULK, KindFloodWeb, KindWorm, KindEncProbe, KindSPAScanner}, WriteShapeTable)
	}
}

// checkShapes fails on any benign ban, on an attacker of allBanned's kinds
// not banned (or none generated) and on recall under 95 %, and logs s as
// table writes it.
func checkShapes(t *testing.T, s *Score, allBanned []string, table func(io.Writer, []*Score)) {
	t.Helper()
	for _, b := range s.BenignBans {
		t.Errorf("%s: benign banned: %s", s.Variant, b)
	}
	for _, k := range allBanned {
		if ks := s.Kinds[k]; ks == nil || ks.Clients == 0 || ks.Banned < ks.Clients {
			t.Errorf("%s: %s not all banned: %+v", s.Variant, k, ks)
		}
	}
	if r := s.Recall(); r < 0.95 {
		t.Errorf("%s: recall %.1f %%, want >= 95 %%", s.Variant, 100*r)
	}
	if t.Failed() {
		logDetails(t, s)
	}
	logTable(t, table, []*Score{s})
}
