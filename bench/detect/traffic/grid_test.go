package traffic

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/rules"
)

// small is the grid in miniature: a few minutes of each shape, so the
// suite runs it in seconds and fails the build when detection drops.
func small(seed uint64) []Variant {
	shrink := func(v Variant) Variant {
		v.Duration = 4 * time.Minute
		v.SiteRate = min(v.SiteRate, 150)
		v.NATs = min(v.NATs, 3)
		return v
	}
	var out []Variant
	for _, v := range Grid(seed) {
		switch v.Name {
		case "base", "proxy-xff":
			out = append(out, shrink(v))
		case "nat-3x500", "refusals-high", "flood-100", "ipv6-half":
			if !raceEnabled {
				out = append(out, shrink(v))
			}
		}
	}
	return out
}

// TestGridFloors: >= 97 % of attackers banned and no benign client banned
// on every small variant, the median flood stopped within 5 % of its
// requests (floods that replay a browser's mix of pages and assets are
// banned by the request count, after ~13 s at 40/s).
func TestGridFloors(t *testing.T) {
	pol, err := rules.Default().Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var scores []*Score
	for _, v := range small(7) {
		s, err := Evaluate(context.Background(), pol, v)
		if err != nil {
			t.Fatal(err)
		}
		scores = append(scores, s)
		if s.Attackers < 50 || s.Benign < 100 {
			t.Errorf("%s: only %d attackers and %d benign clients generated", v.Name, s.Attackers, s.Benign)
		}
		if r := s.Recall(); r < 0.97 {
			t.Errorf("%s: recall %.1f %%, want >= 97 %%", v.Name, 100*r)
		}
		if s.BenignBanned > 0 {
			t.Errorf("%s: %d benign clients banned: %v", v.Name, s.BenignBanned, s.BenignBans)
		}
		if m := quantile(s.FloodShares, 0.5); m > 0.05 {
			t.Errorf("%s: the median flood let %.1f %% of its requests through, want <= 5 %%", v.Name, 100*m)
		}
		if t.Failed() {
			logDetails(t, s)
		}
	}
	logTable(t, WriteTable, scores)
}

// logDetails logs s's benign bans, misses and let-through by kind.
func logDetails(t *testing.T, s *Score) {
	var b strings.Builder
	WriteDetails(&b, s)
	t.Log(b.String())
}

// logTable logs scores as table writes them.
func logTable(t *testing.T, table func(io.Writer, []*Score), scores []*Score) {
	var b bytes.Buffer
	table(&b, scores)
	t.Log("\n" + b.String())
}

// TestGenerateDeterministic: a seed is a log.
func TestGenerateDeterministic(t *testing.T) {
	v := Base(3)
	v.Duration, v.SiteRate = time.Minute, 30
	a, b := Generate(v).Render(), Generate(v).Render()
	if !bytes.Equal(a, b) {
		t.Fatal("two logs from one seed differ")
	}
	v.Proxy = true
	if !bytes.Contains(Generate(v).Render(), []byte(`"-" "Go-http-client`)) && !bytes.Contains(Generate(v).Render(), []byte(`10.0.0.2 - - [`)) {
		t.Fatal("proxy log has no proxy address")
	}
}
