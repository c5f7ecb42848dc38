package detector

import (
	"os"
	"strings"
	"testing"

	"github.com/guardctl/guardctl/parser"
)

// TestFloodStrayDistressReplays: the two 10/s browsing replays of
// testdata/logs/flood-distress (gridbench -held -seed 5 -only
// held-flood-10 -dump 1976 and -seed 3 -dump 2003; 219 and 260 requests)
// were banned for flood-stray at their 130th and 98th request (59 and 38 %
// let through): their images name popular pages (the front page, the
// sections' indexes) again and again, and each such image after the
// first took a stray back out as if the replay had fetched the page.
// strayTakeBack: now at their 80th and 58th.
func TestFloodStrayDistressReplays(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../testdata/logs/flood-distress.log")
	if err != nil {
		t.Fatal(err)
	}
	p, err := parser.New(parser.Spec{Format: parser.FormatCombined})
	if err != nil {
		t.Fatal(err)
	}
	e := defaultEngine(t)
	seen, at := map[string]int{}, map[string]int{}
	var ev parser.Event
	for i, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		if err := p.Parse([]byte(line), &ev); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		ip := ev.Client.String()
		seen[ip]++
		if v := e.Observe(&ev); v.Decision != nil && at[ip] == 0 {
			at[ip] = seen[ip]
		}
	}
	for _, ip := range []string{"185.0.0.10", "185.0.0.28"} {
		t.Logf("%s banned at %d of %d", ip, at[ip], seen[ip])
		if n := at[ip]; n == 0 || n > 90 {
			t.Errorf("10/s replay %s of %d requests: banned at its request %d (0: never), want within 90", ip, seen[ip], n)
		}
	}
}
