package detector

// The review of the served-path memory (0f24a11): each test failed there
// and shows a defect fixed since (D1-D7 of the review).

import (
	"fmt"
	"testing"
	"time"
)

// sized is observe with an answer size (the catch-all check reads it).
func sized(e *Engine, r req, size int64) Verdict {
	ev := r.event()
	ev.Size = size
	v := e.Observe(ev)
	v.Hits = append([]Hit(nil), v.Hits...)
	return v
}

// teachCatchAll: an SPA that answers every path 200 with its 1834-byte
// index; scanners' /.env and /.git/config reveal the size (ban-alone).
func teachCatchAll(t *testing.T, e *Engine) {
	for j, p := range []string{"/.env", "/.git/config"} {
		if v := sized(e, req{at: time.Duration(j) * time.Second, ip: fmt.Sprintf("45.9%d.7.10", j), path: p}, 1834); v.Decision == nil {
			t.Fatalf("%s on the catch-all not banned", p)
		}
	}
}

// D1: HEAD answers are logged with size 0, and size 0 is never a
// catch-all size: three HEADs from three /24s (one request each, 5 points
// each, nobody banned) teach a catch-all site that /admin is served, and
// a scanner in HEAD mode (dirbuster/gobuster -m HEAD, nikto) then gets
// every weight-5 probe under /admin for 0 points; the same GETs are banned.
func TestServedReviewHeadBypassesCatchAll(t *testing.T) {
	t.Parallel()
	e := New(hintPolicy(t), Options{})
	teachCatchAll(t, e)
	for j := range servedK {
		sized(e, req{at: time.Minute + time.Duration(j)*time.Second, ip: fmt.Sprintf("203.0.%d.5", 113+j), method: "HEAD", path: "/admin/phpinfo2.php"}, 0)
	}
	got := 0
	for k, p := range []string{"/admin/phpinfo.php", "/admin/config.inc", "/admin/error.log", "/admin/keys.txt", "/admin/users.csv", "/admin/server-status"} {
		got += servedPoints(sized(e, req{at: 2*time.Minute + time.Duration(k)*time.Second, ip: "45.95.147.99", method: "HEAD", path: p}, 0))
	}
	if got < 10 {
		t.Errorf("scanner's HEAD probes under /admin on a catch-all site earned %d points, want >= 10 (each GET of them earns 5-10)", got)
	}
}

// D2: a Range request is answered 206 with a size of the client's choice:
// never the catch-all size, so the same teaching works with GET too.
func TestServedReviewRangeBypassesCatchAll(t *testing.T) {
	t.Parallel()
	e := New(hintPolicy(t), Options{})
	teachCatchAll(t, e)
	for j := range servedK {
		sized(e, req{at: time.Minute + time.Duration(j)*time.Second, ip: fmt.Sprintf("203.0.%d.5", 113+j), path: "/admin/phpinfo2.php", status: 206}, int64(400+j))
	}
	v := sized(e, req{at: 2 * time.Minute, ip: "198.18.0.9", path: "/admin/phpinfo.php", status: 206}, 500)
	if v.Decision == nil {
		t.Errorf("/admin/phpinfo.php (banned alone at 39b4415) answered 206 by the catch-all: not banned, %d points %+v", servedPoints(v), v.Hits)
	}
}

// D3: a leading "//" (or "/%2f") makes the name "/": the signatures still
// match (//phpinfo.php, //server-status), so one taught name covers every
// root-level status page, console and admin tool.
func TestServedReviewDoubleSlashOneName(t *testing.T) {
	t.Parallel()
	e := New(hintPolicy(t), Options{})
	for j := range servedK {
		sized(e, req{at: time.Duration(j) * time.Second, ip: fmt.Sprintf("203.0.%d.5", 113+j), path: "//server-status"}, int64(4000+j))
	}
	// Its two signatures name one page the site answers (servedOnce: a
	// monitor polling /phpinfo.php was banned at its first poll), so it
	// earns 5, not 10; what matters here is that the //server-status
	// votes do not make it a hint.
	v := sized(e, req{at: time.Minute, ip: "198.18.0.9", path: "//phpinfo.php"}, 61000)
	if got := servedPoints(v); got < 5 {
		t.Errorf("//phpinfo.php after three //server-status: %d points, want 5 (not a served name) %+v", got, v.Hits)
	}
}

// D4: eviction is predictable (FNV-1a, set = fp %% 2048, 2 ways): two
// requests on names an attacker computes offline to share the monitor's
// set evict the monitor's own vote (n=1, older than the attacker's), so
// its next poll pays 5 points again; twice within escalation.window and
// the monitor is banned, as before the fix.
func TestServedReviewEvictMonitor(t *testing.T) {
	t.Parallel()
	e := New(hintPolicy(t), Options{})
	m := servedMemory{seed: servedSeed(e.pol)} // the worst case: the attacker knows the policy's key
	setOf := func(p string) uint64 { return (m.hash(servedNameText([]byte(p), nil)) >> 1) % servedSets }
	set := setOf("/server-status")
	var coll []string
	for k := 0; len(coll) < 4 && k < 10_000_000; k++ {
		n := fmt.Sprintf("/c%d", k)
		if setOf(n) == set {
			coll = append(coll, n)
		}
	}
	mon := "192.0.2.50"
	for i := range 12 {
		at := time.Duration(i) * time.Minute
		if i >= 2 { // before this poll: two fresh names in the set, each a GET from a clean address answered 200 with a page (a vote)
			for j := range 2 {
				p := coll[(2*i+j)%len(coll)] + "/phpinfo.php"
				sized(e, req{at: at - time.Duration(2-j)*time.Second, ip: fmt.Sprintf("10.%d.%d.1", i, j), path: p}, int64(7000+i))
			}
		}
		v := sized(e, req{at: at, ip: mon, path: "/server-status", ua: "collectd/5.12.0"}, int64(4100+i))
		if v.Decision != nil {
			t.Fatalf("monitor banned at poll %d by an attacker's 2 requests a minute (%v)", i, v.Decision.Rules)
		}
	}
}

// D7: servedName returns h|1, so every fingerprint is odd and fp%2048 is
// always odd: half the sets are never used (2048 names, not the 4096 the
// docs state), and collisions are twice as easy.
func TestServedReviewAllSetsUsed(t *testing.T) {
	t.Parallel()
	m := servedMemory{seed: servedSeed(hintPolicy(t))}
	used := map[uint64]bool{}
	for k := range 100000 {
		used[(m.hash(servedNameText([]byte(fmt.Sprintf("/n%d", k)), nil))>>1)%servedSets] = true
	}
	if len(used) < servedSets*9/10 {
		t.Errorf("100000 names reach %d of %d sets", len(used), servedSets)
	}
}

// D2b: the catch-all sizes are a 4-slot ring: four ban-alone probes
// answered with other sizes (Range -> 206, from four throwaway addresses)
// push the catch-all's own size out, and then plain GETs of the catch-all
// (1834 bytes, as every scanner gets them) vote and are downgraded again.
func TestServedReviewCatchAllRingFlushed(t *testing.T) {
	t.Parallel()
	e := New(hintPolicy(t), Options{})
	teachCatchAll(t, e)
	for j := range servedSizes {
		sized(e, req{at: 30*time.Second + time.Duration(j)*time.Second, ip: fmt.Sprintf("45.80.%d.1", j), path: "/.env", status: 206}, int64(10+j))
	}
	for j := range servedK {
		sized(e, req{at: time.Minute + time.Duration(j)*time.Second, ip: fmt.Sprintf("203.0.%d.5", 113+j), path: "/admin/phpinfo2.php"}, 1834)
	}
	v := sized(e, req{at: 2 * time.Minute, ip: "198.18.0.9", path: "/admin/phpinfo.php"}, 1834)
	if v.Decision == nil {
		t.Errorf("plain GET /admin/phpinfo.php answered by the known catch-all (1834) after the ring was flushed: not banned, %+v", v.Hits)
	}
}
