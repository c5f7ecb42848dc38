package detector

import (
	"fmt"
	"net/netip"
	"slices"
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
	t.Parallel()
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
// stale links), each miss on a different path. The NAT's names are 91 s
// apart, so no 10 minutes hold the backstop's 8 (TestHintBackstop).
func TestHintNeedsMissShare(t *testing.T) {
	t.Parallel()
	names := []string{"/admin1.php", "/backup2/", "/_old", "/adm/", "/test123.php", "/upload.asp", "/install1/", "/_dump/", "/sql/", "/administrator2/"}
	e := New(hintPolicy(t), Options{})
	at := time.Duration(0)
	for i, n := range names {
		for j := range 90 {
			v := observe(e, req{at: at, ip: "203.0.113.10", path: fmt.Sprintf("/blog/post-%d", i*90+j)})
			at += time.Second
			if v.Decision != nil {
				t.Fatalf("NAT banned on a page")
			}
		}
		v := observe(e, req{at: at, ip: "203.0.113.10", path: n, status: 404})
		if v.Decision != nil || hintPoints(v) != 0 {
			t.Fatalf("NAT: %s (miss %d of %d requests) counted %d points, banned %v", n, i+1, (i+1)*91, hintPoints(v), v.Decision != nil)
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
	t.Parallel()
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

// hintCounts reads client ip's request and miss counts.
func hintCounts(e *Engine, ip string) (req, miss uint64) {
	i, ok := e.clients.get(keyOf(netip.MustParsePrefix(ip + "/32")))
	if !ok {
		return 0, 0
	}
	n := &e.clients.at(i).val
	st := make([]int64, e.c.stride)
	if n.full != 0 {
		copy(st, e.pool.at(n.full - 1)[:e.c.stride])
	} else {
		e.c.unpack(&n.c, n.last, st)
	}
	v := uint64(st[e.c.hintSlot])
	return v >> 32, v & (1<<32 - 1)
}

// TestHintCountsSurviveReload: a policy reload (daemon reload calls
// SetPolicy) keeps every client's request and miss counts, as it keeps its
// other windows; before, it reset them, and a NAT's long record of served
// pages started again from nothing.
func TestHintCountsSurviveReload(t *testing.T) {
	t.Parallel()
	p := hintPolicy(t)
	e := New(p, Options{})
	for _, ip := range []string{"203.0.113.30", "203.0.113.31"} {
		for i := range 30 {
			status := 200
			if i%10 == 0 {
				status = 404
			}
			observe(e, req{at: time.Duration(i) * time.Second, ip: ip, path: fmt.Sprintf("/blog/post-%d", i), status: status})
		}
	}
	// A client seen once, still packed.
	observe(e, req{at: 31 * time.Second, ip: "203.0.113.32", path: "/x", status: 404})
	want := map[string][2]uint64{"203.0.113.30": {30, 3}, "203.0.113.31": {30, 3}, "203.0.113.32": {1, 1}}
	for ip, w := range want {
		if r, m := hintCounts(e, ip); r != w[0] || m != w[1] {
			t.Fatalf("%s before reload: %d requests %d misses, want %v", ip, r, m, w)
		}
	}
	e.SetPolicy(p)
	for ip, w := range want {
		if r, m := hintCounts(e, ip); r != w[0] || m != w[1] {
			t.Errorf("%s after reload: %d requests %d misses, want %v", ip, r, m, w)
		}
	}
}

// TestHintShareForgets: the miss share follows a client's recent requests,
// so a scanner that first makes 150 ordinary requests is still banned by
// its run of word-list misses (before, its early pages kept the share
// under 30 % for good).
func TestHintShareForgets(t *testing.T) {
	t.Parallel()
	names := []string{"/admin1.php", "/backup2/", "/_old", "/adm/", "/test123.php", "/upload.asp", "/install1/", "/_dump/", "/sql/", "/administrator2/",
		"/admin2.php", "/backup3/", "/_old2", "/adm2/", "/test1234.php", "/upload2.asp", "/install2/", "/_dump2/", "/sql2/", "/administrator3/",
		"/admin3.php", "/backup4/", "/_old3", "/adm3/", "/test12345.php", "/upload3.asp", "/install3/", "/_dump3/", "/sql3/", "/administrator4/"}
	e := New(hintPolicy(t), Options{})
	at := time.Duration(0)
	for i := range 150 {
		observe(e, req{at: at, ip: "203.0.113.77", path: fmt.Sprintf("/blog/post-%d", i)})
		at += 2 * time.Second
	}
	for _, n := range names {
		v := observe(e, req{at: at, ip: "203.0.113.77", path: n, status: 404})
		at += 2 * time.Second
		if v.Decision != nil {
			return
		}
	}
	t.Fatal("a scanner's run of word-list misses after 150 ordinary requests was not banned")
}

// TestHintBackstop: hintBackstop distinct word-list names missed within
// hintWindow ban whatever the miss share: a slow scanner fetching three
// of the site's pages per name (25 % misses) was never banned before.
// One name fewer within the window, or the names spread wider, is not
// banned; the same name repeated never reaches it; after a violation the
// count starts again.
func TestHintBackstop(t *testing.T) {
	t.Parallel()
	names := []string{"/admin1.php", "/backup2/", "/_old", "/adm/", "/test123.php", "/upload.asp", "/install1/", "/_dump/", "/sql/", "/administrator2/",
		"/bkp/", "/uploader.php", "/_backup/", "/db1/", "/tmp2/", "/old_site/"}
	// run sends, per name, pages 200s then the name, every gap; it
	// returns the 1-based index of the name that banned and its rules.
	run := func(ip string, names []string, pages int, gap time.Duration) (int, []string) {
		e := New(hintPolicy(t), Options{})
		at := time.Duration(0)
		for i, n := range names {
			for j := range pages {
				if v := observe(e, req{at: at, ip: ip, path: fmt.Sprintf("/blog/post-%d", i*pages+j)}); v.Decision != nil {
					t.Fatalf("%s banned on a page", ip)
				}
				at += gap
			}
			if v := observe(e, req{at: at, ip: ip, path: n, status: 404}); v.Decision != nil {
				return i + 1, v.Decision.Rules
			}
			at += gap
		}
		return 0, nil
	}
	if n, rules := run("203.0.113.210", names, 3, 4*time.Second); n != hintBackstop || !slices.Contains(rules, RuleWordlist) {
		t.Errorf("name every 16 s among 3 pages: banned at name %d by %v, want %d by %s", n, rules, hintBackstop, RuleWordlist)
	}
	if n, rules := run("203.0.113.211", names, 5, 10*time.Second); n != hintBackstop || !slices.Contains(rules, RuleWordlist) {
		t.Errorf("name a minute among 5 pages: banned at name %d by %v, want %d by %s", n, rules, hintBackstop, RuleWordlist)
	}
	if n, _ := run("198.51.100.9", names[:hintBackstop-1], 3, 4*time.Second); n != 0 {
		t.Errorf("%d names: banned at %d", hintBackstop-1, n)
	}
	// 8 names 86 s apart: the 8th is 602 s after the first.
	if n, _ := run("198.51.100.10", names, 85, time.Second); n != 0 {
		t.Errorf("names 86 s apart: banned at %d", n)
	}
	if n, _ := run("198.51.100.11", slices.Repeat(names[:3], 10), 3, 4*time.Second); n != 0 {
		t.Errorf("3 names repeated: banned at %d", n)
	}
	// After a violation (the client is banned meanwhile, so on the ring
	// itself), hintBackstop more names are needed; a repeat adds none.
	var r hintRing
	viol := 0
	for i := range 3 * hintBackstop {
		if _, b := r.add(uint32(i+1)<<8, uint32(i+1)<<8, uint32(1_800_000_000+4*i), false); b {
			viol++
			if i+1 != viol*hintBackstop {
				t.Errorf("violation %d at name %d, want %d", viol, i+1, viol*hintBackstop)
			}
		}
		if _, b := r.add(uint32(i+1)<<8, uint32(i+1)<<8, uint32(1_800_000_001+4*i), false); b {
			t.Errorf("a repeat of name %d completed the backstop", i+1)
		}
	}
	if viol != 3 {
		t.Errorf("%d violations over %d names, want 3", viol, 3*hintBackstop)
	}
}

// Review rr-E (da0dfb9): Googlebot re-crawling a removed section whose pages are
// under a word-list name: the site moved its Confluence (or Jira) to a
// hosted instance and answers the old URLs 404/410. Each page is a
// distinct path, so 8 of them within 10 minutes complete the backstop,
// though they are one removed section and no word list.
func TestReviewWordlistRemovedSection(t *testing.T) {
	t.Parallel()
	for _, sec := range []string{"/confluence/display/DOCS/Page-%d", "/jira/browse/OPS-%d", "/test/page-%d.html"} {
		e := defaultEngine(t)
		var got []string
		for i := range 1200 {
			at := time.Duration(i) * time.Second / 2
			r := req{at: at, ip: "66.249.66.1", path: fmt.Sprintf("/blog/post-%d", i), ua: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"}
			if i%60 == 30 {
				r.path, r.status = fmt.Sprintf(sec, i), 410
			}
			if v := observe(e, r); v.Decision != nil {
				got = v.Decision.Rules
				t.Errorf("Googlebot banned by %v at request %d (%s), 2 pages/s, one removed page of %q a 30 s", got, i, r.path, sec)
				break
			}
		}
	}
}
