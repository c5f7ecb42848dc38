package detector

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/patterns"
	"github.com/guardctl/guardctl/rules"
)

// hintPolicy is the catalogue alone: no throttle adds to the hints.
func hintPolicy(t *testing.T) *rules.Policy {
	p := policy()
	p.Patterns = matcherPolicy(t).Patterns
	return p
}

// hintPoints sums the points of the word-list hints (probe-*) in v.
func hintPoints(v Verdict) (n int) {
	for _, h := range v.Hits {
		if h.Category == string(patterns.Probe) || h.Category == string(patterns.CVEProbe) {
			n += h.Points
		}
	}
	return n
}

// TestHintOncePerPath: a monitor polling a removed /health, an app polling
// a moved /graphql and an admin-finder name asked again and again earn the
// hint's points once, not once per request (each banned before the fix).
func TestHintOncePerPath(t *testing.T) {
	for _, path := range []string{"/health", "/graphql", "/admin1.php", "/backup2/"} {
		e := New(hintPolicy(t), Options{})
		total, first := 0, 0
		for i := range 60 {
			v := observe(e, req{at: time.Duration(i) * 30 * time.Second, ip: "198.51.100.40", path: path, status: 404})
			if v.Decision != nil {
				t.Fatalf("%s: banned at request %d", path, i+1)
			}
			if i == 0 {
				first = hintPoints(v)
			}
			total += hintPoints(v)
		}
		if first == 0 || total != first {
			t.Errorf("%s: first request %d points, all 60 %d; want the first's only", path, first, total)
		}
	}
}

// TestHintNeedsMissShare: word-list misses count for a client whose
// traffic is mostly misses (a scanner, banned) and not for one whose
// traffic is mostly pages the site serves (a NAT or a crawler with a few
// stale links), each miss on a different path.
func TestHintNeedsMissShare(t *testing.T) {
	names := []string{"/admin1.php", "/backup2/", "/_old", "/adm/", "/test123.php", "/upload.asp", "/install1/", "/_dump/", "/sql/", "/administrator2/"}
	e := New(hintPolicy(t), Options{})
	at := time.Duration(0)
	for i, n := range names {
		for j := range 20 {
			v := observe(e, req{at: at, ip: "203.0.113.10", path: fmt.Sprintf("/blog/post-%d", i*20+j)})
			at += time.Second
			if v.Decision != nil {
				t.Fatalf("NAT banned on a page")
			}
		}
		v := observe(e, req{at: at, ip: "203.0.113.10", path: n, status: 404})
		if v.Decision != nil || hintPoints(v) != 0 {
			t.Fatalf("NAT: %s (miss %d of %d requests) counted %d points, banned %v", n, i+1, (i+1)*21, hintPoints(v), v.Decision != nil)
		}
	}
	var got *Decision
	for i, n := range names {
		if v := observe(e, req{at: at + time.Duration(i)*time.Second, ip: "203.0.113.99", path: n, status: 404}); v.Decision != nil {
			got = v.Decision
			break
		}
	}
	if got == nil {
		t.Fatal("a scanner's run of distinct word-list misses was not banned")
	}
}

// TestHintCountsPacked: with patterns, a client seen once stays in its
// compact record, its request and miss counts included.
func TestHintCountsPacked(t *testing.T) {
	e := New(hintPolicy(t), Options{})
	for _, c := range []struct {
		ip     string
		status int
		flags  uint8
	}{{"192.0.2.1", 404, 1 | 1<<3}, {"192.0.2.2", 200, 1}, {"192.0.2.3", 403, 1}} {
		observe(e, req{ip: c.ip, path: "/x", status: c.status})
		i, _ := e.clients.get(keyOf(netip.MustParsePrefix(c.ip + "/32")))
		n := &e.clients.at(i).val
		if n.full != 0 || n.c.flags>>cHintShift != c.flags {
			t.Errorf("%d: full %d flags %b, want packed with %b", c.status, n.full, n.c.flags, c.flags)
		}
	}
}
