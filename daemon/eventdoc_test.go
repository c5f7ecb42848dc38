package daemon

import (
	"encoding/json"
	"maps"
	"net/netip"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestEventLogMatchesDocs: the event log example in docs/daemon.md has the
// fields the daemon writes, and its prefix the form the daemon writes.
func TestEventLogMatchesDocs(t *testing.T) {
	doc, err := os.ReadFile("../docs/daemon.md")
	if err != nil {
		t.Fatal(err)
	}
	var example map[string]any
	for l := range strings.Lines(string(doc)) {
		if strings.HasPrefix(l, `{"ts":`) {
			if err := json.Unmarshal([]byte(l), &example); err != nil {
				t.Fatalf("docs/daemon.md event example: %v", err)
			}
		}
	}
	if example == nil {
		t.Fatal("no event log example in docs/daemon.md")
	}
	ev := event{Action: "ban", Prefix: netip.MustParsePrefix("203.0.113.7/32").String(), Reason: "r", Rules: []string{"r"},
		Duration: "10m0s", Offence: 1, Origin: "auto", Enforced: time.Now()}
	ev.TS = time.Now()
	b, _ := json.Marshal(ev)
	var real map[string]any
	if err := json.Unmarshal(b, &real); err != nil {
		t.Fatal(err)
	}
	if got, want := slices.Sorted(maps.Keys(example)), slices.Sorted(maps.Keys(real)); !slices.Equal(got, want) {
		t.Errorf("docs show fields %v, the daemon writes %v", got, want)
	}
	if p, _ := example["prefix"].(string); p != "" {
		if _, err := netip.ParsePrefix(p); err != nil {
			t.Errorf("docs show prefix %q; the daemon writes CIDR (%s)", p, real["prefix"])
		}
	}
}
