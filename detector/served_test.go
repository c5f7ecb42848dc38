package detector

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// servedPoints sums the points v's hits earned.
func servedPoints(v Verdict) (n int) {
	for _, h := range v.Hits {
		n += h.Points
	}
	return n
}

// A monitor polling a status page the site serves pays the signature's
// points once, not at every poll (it was banned at its second request);
// the same polls answered with a redirect are no served answer and still
// ban.
func TestServedMonitorPaysOnce(t *testing.T) {
	e := New(hintPolicy(t), Options{})
	for i := range 60 {
		for _, r := range []req{
			{at: time.Duration(i) * time.Minute, ip: "198.51.100.7", path: "/server-status", ua: "collectd/5.12.0"},
			{at: time.Duration(i)*time.Minute + time.Second, ip: "203.0.113.9", path: "/nginx_status", ua: "Datadog Agent/7.50.0"},
		} {
			v := observe(e, r)
			if v.Decision != nil {
				t.Fatalf("poll %d of %s %s banned: %v", i, r.ip, r.path, v.Decision.Rules)
			}
			if got := servedPoints(v); i > 0 && got != 0 {
				t.Fatalf("poll %d of %s %s earned %d points, want 0 after its first", i, r.ip, r.path, got)
			}
		}
	}
	e = New(hintPolicy(t), Options{})
	i, d := firstDecision(e, burst("198.51.100.7", 5, 0, time.Minute, req{path: "/server-status", status: 302}))
	if d == nil || i != 1 {
		t.Fatalf("polls answered 302: first ban at %d (%v), want the 2nd poll: a redirect serves nothing", i, d)
	}
}

// A name answered 2xx to servedK clean prefixes is served: the signature
// is a hint for a new client. Three addresses of one /24 are one vote.
func TestServedNameAfterKPrefixes(t *testing.T) {
	e := New(hintPolicy(t), Options{})
	for j := range servedK {
		observe(e, req{at: time.Duration(j) * time.Second, ip: fmt.Sprintf("203.0.113.%d", 10+j), path: "/phpmyadmin/"})
	}
	v := observe(e, req{at: time.Minute, ip: "100.64.1.1", path: "/phpmyadmin/index.php"})
	if got := servedPoints(v); got != 5 {
		t.Fatalf("after %d votes from one /24, a new client earned %d, want 5 (one /24 is one vote)", servedK, got)
	}
	for j := 1; j < servedK; j++ {
		observe(e, req{at: time.Minute + time.Duration(j)*time.Second, ip: fmt.Sprintf("100.%d.1.1", 64+j), path: "/phpmyadmin/"})
	}
	v = observe(e, req{at: 2 * time.Minute, ip: "192.0.2.77", path: "/phpmyadmin/themes/pmahomme/css/theme.css"})
	if got := servedPoints(v); got != 0 || len(v.Hits) == 0 || v.Hits[0].Rule != "probe-db-admin" {
		t.Fatalf("served name: hits %+v (%d points), want probe-db-admin listed with 0 points", v.Hits, got)
	}
	// Past servedWindow without a vote or a voter's answer the name is
	// forgotten.
	v = observe(e, req{at: 2*time.Minute + (servedWindow+1)*time.Second, ip: "192.0.2.78", path: "/phpmyadmin/"})
	if got := servedPoints(v); got != 5 {
		t.Fatalf("a day later: %d points, want 5 (the name's votes expired)", got)
	}
}

// What the memory never downgrades: payloads sent to a served path,
// ban-alone signatures under a served name, answers other than 2xx.
func TestServedNeverDowngraded(t *testing.T) {
	e := New(hintPolicy(t), Options{})
	for j := range servedK {
		observe(e, req{at: time.Duration(j) * time.Second, ip: fmt.Sprintf("100.%d.1.1", 64+j), path: "/phpmyadmin/"})
	}
	for _, r := range []req{
		{ip: "185.220.101.33", path: "/phpmyadmin/index.php", query: "route=/sql&db=x%27%20UNION%20SELECT%201,user(),3--%20-"},
		{ip: "185.220.101.44", path: "/phpmyadmin/config.inc.php.bak"},
		{ip: "185.220.101.55", path: "/phpmyadmin/.env"},
		{ip: "185.220.101.66", path: "/phpmyadmin/index.php", query: "x=%3Cscript%3Ealert(document.domain)%3C/script%3E"},
	} {
		r.at = time.Minute
		if v := observe(e, r); v.Decision == nil {
			t.Errorf("%s %s?%s on a served name: not banned (hits %+v)", r.ip, r.path, r.query, v.Hits)
		}
	}
	v := observe(e, req{at: time.Minute, ip: "192.0.2.9", path: "/phpmyadmin/", status: 302})
	if got := servedPoints(v); got != 5 {
		t.Fatalf("served name answered 302: %d points, want 5", got)
	}
}

// A single-page app's catch-all: the size a /.env probe was answered 200
// with is the catch-all's; votes of that size teach nothing, so a scanner
// asking two status pages there is banned.
func TestServedCatchAll(t *testing.T) {
	const idx = 1834
	e := New(hintPolicy(t), Options{})
	ev := req{ip: "45.90.7.10", path: "/.env"}.event()
	ev.Size = idx
	if v := e.Observe(ev); v.Decision == nil {
		t.Fatal("/.env answered 200 by the catch-all: not banned")
	}
	for j := range servedK {
		ev := req{at: time.Duration(1+j) * time.Second, ip: fmt.Sprintf("103.%d.4.5", 150+j), path: "/server-status"}.event()
		ev.Size = idx
		e.Observe(ev)
	}
	var d *Decision
	for j, p := range []string{"/server-status", "/nginx_status"} {
		ev := req{at: time.Minute + time.Duration(j)*time.Second, ip: "45.95.147.30", path: p}.event()
		ev.Size = idx
		if v := e.Observe(ev); v.Decision != nil {
			d = v.Decision
		}
	}
	if d == nil {
		t.Fatal("scanner on the catch-all after three catch-all votes: not banned")
	}
	// The same votes with the page's own sizes do teach.
	e = New(hintPolicy(t), Options{})
	for j := range servedK {
		ev := req{at: time.Duration(1+j) * time.Second, ip: fmt.Sprintf("103.%d.4.5", 150+j), path: "/server-status"}.event()
		ev.Size = int64(4100 + j)
		e.Observe(ev)
	}
	ev = req{at: time.Minute, ip: "45.95.147.30", path: "/server-status"}.event()
	ev.Size = 4200
	if got := servedPoints(e.Observe(ev)); got != 0 {
		t.Fatalf("served /server-status (own sizes): %d points, want 0", got)
	}
}

// A client with points from anything but servable signatures does not
// vote: three of them do not make a name served.
func TestServedUncleanDoesNotVote(t *testing.T) {
	e := New(hintPolicy(t), Options{})
	for j := range servedK {
		ip := fmt.Sprintf("100.%d.1.1", 64+j)
		at := time.Duration(j) * time.Second
		v := observe(e, req{at: at, ip: ip, path: "/search", query: "q=%22%3E%3Cimg%20onerror%3Dx%3E"})
		if servedPoints(v) == 0 {
			t.Fatalf("the XSS probe earned no points: %+v", v.Hits)
		}
		observe(e, req{at: at + time.Millisecond, ip: ip, path: "/phpmyadmin/"})
	}
	if got := servedPoints(observe(e, req{at: time.Minute, ip: "192.0.2.9", path: "/phpmyadmin/"})); got != 5 {
		t.Fatalf("after unclean votes: %d points, want 5", got)
	}
}

// The table is fixed; a name served to servedK prefixes is kept over a
// flood of names with one vote each, and replacement is by votes, then
// age, never by chance.
func TestServedTableBounded(t *testing.T) {
	var m servedMemory
	m.t = make([]servedEntry, servedSets*servedWays)
	const fp = 7 // any set: names fp + k*servedSets share it
	x := m.take(fp, 10)
	for j := range servedK {
		x.add(uint32(100+j), 4000, 10)
	}
	for k := uint64(1); k <= 1000; k++ {
		y := m.take(fp+k*servedSets, uint32(20+k))
		y.add(uint32(k), 4000, uint32(20+k))
	}
	if x := m.find(fp, 2000); x == nil || !x.served(&m) {
		t.Fatal("the served name was evicted by names with one vote")
	}
	if m.find(fp+1000*servedSets, 2000) == nil || m.find(fp+999*servedSets, 2000) != nil {
		t.Fatal("the other way should hold the newest one-vote name only")
	}
	if len(m.t) != servedSets*servedWays {
		t.Fatalf("table grew to %d", len(m.t))
	}
}

// The memory allocates nothing per line once its table exists.
func TestServedDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's instrumentation allocates on this path (2 per line measured); the plain run checks it")
	}
	e := New(hintPolicy(t), Options{})
	evs := []*req{}
	for j := range servedK {
		r := req{at: time.Duration(j) * time.Second, ip: fmt.Sprintf("100.%d.1.1", 64+j), path: "/server-status"}
		evs = append(evs, &r)
	}
	for _, r := range evs {
		e.Observe(r.event())
	}
	ev := req{at: time.Minute, ip: "100.64.1.1", path: "/server-status"}.event()
	ev2 := req{at: time.Minute, ip: "192.0.2.1", path: "/phpmyadmin/"}.event()
	n := 0
	allocs := testing.AllocsPerRun(1000, func() {
		n++
		ev.Time = t0.Add(time.Minute + time.Duration(n)*time.Second)
		ev2.Time = ev.Time
		e.Observe(ev)
		e.Observe(ev2)
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per served line", allocs)
	}
}

// explain says why a signature became a hint and that ban-alone ones
// never do.
func TestDescribeServed(t *testing.T) {
	p := hintPolicy(t)
	text := func(r req, size int64) string {
		r.ip = "192.0.2.1"
		ev := r.event()
		ev.Size = size
		var b strings.Builder
		for _, n := range DescribeModels(p, ev) {
			if n.Rule == RuleServed {
				b.WriteString(n.Text + "\n")
			}
		}
		return b.String()
	}
	if s := text(req{path: "/server-status"}, 900); !strings.Contains(s, "sensitive-server-status") || !strings.Contains(s, "hint") || !strings.Contains(s, `"/server-status"`) {
		t.Errorf("/server-status 200: %q", s)
	}
	if s := text(req{path: "/server-status", status: 404}, 0); !strings.Contains(s, "not a 2xx") {
		t.Errorf("/server-status 404: %q", s)
	}
	if s := text(req{path: "/.env"}, 1834); !strings.Contains(s, "never a hint") || !strings.Contains(s, "catch-all") {
		t.Errorf("/.env 200: %q", s)
	}
	if s := text(req{path: "/blog/"}, 900); s != "" {
		t.Errorf("/blog/: %q, want no note", s)
	}
}
