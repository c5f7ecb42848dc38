package traffic

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/rules"
)

// TestHeldShapes: the held-out shapes in miniature (4 minutes of
// held-proxy-spoof, which holds every held-out shape, seed 3, which the
// policy was not tuned on). No benign client is banned: offices whose people each have an
// address of one IPv6 /64, offices behind a forward proxy that adds its
// internal addresses to X-Forwarded-For; every flood rotating through a
// /64 and every scanner or guesser forging X-Forwarded-For behind the
// trusted proxy is banned (the real address is the last untrusted one of
// the list, not the first). Slower scanners (a name every 40-120 s) are
// not asserted: 4 minutes hold 2-6 of their names.
func TestHeldShapes(t *testing.T) {
	pol, err := rules.Default().Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range HeldGrid(3) {
		if v.Name != "held-proxy-spoof" {
			continue
		}
		v.Duration = 4 * time.Minute
		v.SiteRate = min(v.SiteRate, 150)
		s, err := Evaluate(context.Background(), pol, v)
		if err != nil {
			t.Fatal(err)
		}
		if ks := s.Kinds[KindV6Flood]; s.Benign < 100 || ks == nil {
			t.Fatalf("%s: %d benign clients, v6 floods %+v: the shapes went missing", v.Name, s.Benign, ks)
		}
		checkShapes(t, s, []string{KindV6Flood, KindSpoofXFF}, WriteHeldTable)
	}
}

// TestForgedXFFRendered: behind the proxy, a forged X-Forwarded-For is
// written before the real address, as a proxy appends to what the client
// sent; without a proxy there is no such field.
func TestForgedXFFRendered(t *testing.T) {
	v := HeldGrid(3)[5]
	if v.Name != "held-proxy-spoof" {
		t.Fatalf("HeldGrid(3)[5] is %s", v.Name)
	}
	v.Duration, v.SiteRate = 2*time.Minute, 30
	l := Generate(v)
	forged, inner, want := 0, 0, ""
	for _, ln := range l.Lines {
		switch k := l.Clients[ln.Client].Kind; {
		case ln.XFFPrefix == "":
		case k == KindSpoofXFF:
			forged++
			want = `"` + ln.XFFPrefix + ", " + ln.Addr.String() + `"` + "\n"
		case k == KindCorpProxy && strings.HasPrefix(ln.XFFPrefix, "10."):
			inner++
		default:
			t.Fatalf("%s line with X-Forwarded-For prefix %q", k, ln.XFFPrefix)
		}
	}
	if forged == 0 || inner == 0 {
		t.Fatalf("%d forged and %d forward-proxy lines", forged, inner)
	}
	out := string(l.Render())
	if !strings.Contains(out, want) {
		t.Errorf("no line ends in %q", want)
	}
}

// TestClientLog: gridbench -dump's Log.Client holds exactly one client's
// lines, in order, so a dumped miss or ban is a fixture as the grid saw it.
func TestClientLog(t *testing.T) {
	v := Base(3)
	v.Duration, v.SiteRate = time.Minute, 30
	l := Generate(v)
	c := l.Lines[len(l.Lines)/2].Client
	n := 0
	for _, ln := range l.Lines {
		if ln.Client == c {
			n++
		}
	}
	one := l.Client(c)
	if len(one.Lines) != n || n == 0 {
		t.Fatalf("client %d: %d lines in its log, %d in the whole", c, len(one.Lines), n)
	}
	for i, ln := range one.Lines {
		if ln.Client != c || i > 0 && ln.T < one.Lines[i-1].T {
			t.Fatalf("line %d: client %d at %d after %d", i, ln.Client, ln.T, one.Lines[max(i-1, 0)].T)
		}
	}
	if got := bytes.Count(one.Render(), []byte("\n")); got != n {
		t.Errorf("rendered %d lines, want %d", got, n)
	}
}
