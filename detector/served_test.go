package detector

import (
	"fmt"
	"runtime"
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
// so does one whose polls are answered with a redirect, 401 or 403 (a
// status page behind auth: the site has something there), but such an
// answer is no vote and other names still count.
func TestServedMonitorPaysOnce(t *testing.T) {
	t.Parallel()
	e := New(hintPolicy(t), Options{})
	for i := range 60 {
		for _, r := range []req{
			{at: time.Duration(i) * time.Minute, ip: "198.51.100.7", path: "/server-status", ua: "collectd/5.12.0"},
			{at: time.Duration(i)*time.Minute + time.Second, ip: "203.0.113.9", path: "/nginx_status", ua: "Datadog Agent/7.50.0"},
		} {
			v := sized(e, r, int64(4100+i%7))
			if v.Decision != nil {
				t.Fatalf("poll %d of %s %s banned: %v", i, r.ip, r.path, v.Decision.Rules)
			}
			if got := servedPoints(v); i > 0 && got != 0 {
				t.Fatalf("poll %d of %s %s earned %d points, want 0 after its first", i, r.ip, r.path, got)
			}
		}
	}
	for _, st := range []int{302, 401, 403} {
		e = New(hintPolicy(t), Options{})
		if i, d := firstDecision(e, burst("198.51.100.7", 30, 0, time.Minute, req{path: "/server-status", status: st})); d != nil {
			t.Fatalf("polls answered %d: banned at poll %d (%v), want never: the monitor pays once", st, i, d.Rules)
		}
		e = New(hintPolicy(t), Options{})
		firstDecision(e, burst("198.51.100.7", 3, 0, time.Minute, req{path: "/server-status", status: st}))
		v := sized(e, req{at: 3 * time.Minute, ip: "198.51.100.7", path: "/nginx_status", status: 404}, 150)
		if v.Decision == nil {
			t.Errorf("answered %d on /server-status, then /nginx_status 404 within the window: not banned %+v", st, v.Hits)
		}
		// a redirect or refusal is no vote: three clean /24s answered
		// 302 do not make the name a hint for a fourth
		e = New(hintPolicy(t), Options{})
		for j := range servedK {
			sized(e, req{at: time.Duration(j) * time.Second, ip: fmt.Sprintf("203.0.%d.5", 113+j), path: "/server-status", status: st}, 4000)
		}
		if got := servedPoints(sized(e, req{at: time.Minute, ip: "198.18.0.9", path: "/server-status", status: st}, 4000)); got != 5 {
			t.Errorf("after %d prefixes answered %d, a new client earned %d, want 5 (no votes)", servedK, st, got)
		}
	}
}

// A name answered 2xx to servedK clean prefixes is served: the signature
// is a hint for a new client. Three addresses of one /24 are one vote.
func TestServedNameAfterKPrefixes(t *testing.T) {
	t.Parallel()
	e := New(hintPolicy(t), Options{})
	for j := range servedK {
		sized(e, req{at: time.Duration(j) * time.Second, ip: fmt.Sprintf("203.0.113.%d", 10+j), path: "/phpmyadmin/"}, 12000)
	}
	v := sized(e, req{at: time.Minute, ip: "100.64.1.1", path: "/phpmyadmin/index.php"}, 12000)
	if got := servedPoints(v); got != 5 {
		t.Fatalf("after %d votes from one /24, a new client earned %d, want 5 (one /24 is one vote)", servedK, got)
	}
	for j := 1; j < servedK; j++ {
		sized(e, req{at: time.Minute + time.Duration(j)*time.Second, ip: fmt.Sprintf("100.%d.1.1", 64+j), path: "/phpmyadmin/"}, 12000)
	}
	v = sized(e, req{at: 2 * time.Minute, ip: "192.0.2.77", path: "/phpmyadmin/themes/pmahomme/css/theme.css"}, 3000)
	if got := servedPoints(v); got != 0 || len(v.Hits) == 0 || v.Hits[0].Rule != "probe-db-admin" || v.Hits[0].Note != NoteServed {
		t.Fatalf("served name: hits %+v (%d points), want probe-db-admin listed with 0 points", v.Hits, got)
	}
	// Past servedWindow without a vote or a voter's answer the name is
	// forgotten.
	v = sized(e, req{at: 2*time.Minute + (servedWindow+1)*time.Second, ip: "192.0.2.78", path: "/phpmyadmin/"}, 12000)
	if got := servedPoints(v); got != 5 {
		t.Fatalf("a day later: %d points, want 5 (the name's votes expired)", got)
	}
}

// What the memory never downgrades: payloads sent to a served path,
// ban-alone signatures under a served name, answers other than 2xx.
func TestServedNeverDowngraded(t *testing.T) {
	t.Parallel()
	e := New(hintPolicy(t), Options{})
	for j := range servedK {
		sized(e, req{at: time.Duration(j) * time.Second, ip: fmt.Sprintf("100.%d.1.1", 64+j), path: "/phpmyadmin/"}, 12000)
	}
	for _, r := range []req{
		{ip: "185.220.101.33", path: "/phpmyadmin/index.php", query: "route=/sql&db=x%27%20UNION%20SELECT%201,user(),3--%20-"},
		{ip: "185.220.101.44", path: "/phpmyadmin/config.inc.php.bak"},
		{ip: "185.220.101.55", path: "/phpmyadmin/.env"},
		{ip: "185.220.101.66", path: "/phpmyadmin/index.php", query: "x=%3Cscript%3Ealert(document.domain)%3C/script%3E"},
	} {
		r.at = time.Minute
		if v := sized(e, r, 12000); v.Decision == nil {
			t.Errorf("%s %s?%s on a served name: not banned (hits %+v)", r.ip, r.path, r.query, v.Hits)
		}
	}
	v := sized(e, req{at: time.Minute, ip: "192.0.2.9", path: "/phpmyadmin/", status: 302}, 400)
	if got := servedPoints(v); got != 5 {
		t.Fatalf("served name answered 302: %d points, want 5", got)
	}
	// D5 of the review: secrets are not on the allow-list, whatever the
	// site answers; voters with any points do not vote.
	for j := range servedK {
		sized(e, req{at: 2*time.Minute + time.Duration(j)*time.Second, ip: fmt.Sprintf("100.%d.1.1", 64+j), path: "/keys.txt"}, 900)
	}
	if got := servedPoints(sized(e, req{at: 3 * time.Minute, ip: "192.0.2.10", path: "/keys.txt"}, 900)); got != 5 {
		t.Fatalf("/keys.txt after three clean 200s: %d points, want 5 (sensitive-key-list is never a hint)", got)
	}
}

// A single-page app's catch-all: the size a /.env probe was answered 200
// with is the catch-all's; votes of that size teach nothing, so a scanner
// asking two status pages there is banned.
func TestServedCatchAll(t *testing.T) {
	t.Parallel()
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

// A catch-all whose page carries a nonce (1834-1874 bytes, review D6):
// the scanners' answers fill the range in, and votes anywhere in it, cast
// before the catch-all was known, are taken back.
func TestServedCatchAllNonce(t *testing.T) {
	t.Parallel()
	e := New(hintPolicy(t), Options{})
	for j := range servedK { // votes first: nothing known yet
		sized(e, req{at: time.Duration(j) * time.Second, ip: fmt.Sprintf("103.%d.4.5", 150+j), path: "/server-status"}, int64(1834+20*j))
	}
	for j, size := range []int64{1850, 1836, 1871, 1845} {
		sized(e, req{at: 10*time.Second + time.Duration(j)*time.Second, ip: fmt.Sprintf("45.9%d.7.10", j), path: "/.env"}, size)
	}
	if got := servedPoints(sized(e, req{at: time.Minute, ip: "45.95.147.30", path: "/server-status"}, 1862)); got != 5 {
		t.Fatalf("scanner on the nonce catch-all: %d points, want 5", got)
	}
	if r := e.served.sizes[e.served.catchSlot(1850)]; r.lo != 1836 || r.hi != 1871 {
		t.Fatalf("catch-all range %+v, want 1836-1871", r)
	}
}

// A client with points from anything but servable signatures does not
// vote: three of them do not make a name served.
func TestServedUncleanDoesNotVote(t *testing.T) {
	t.Parallel()
	e := New(hintPolicy(t), Options{})
	for j := range servedK {
		ip := fmt.Sprintf("100.%d.1.1", 64+j)
		at := time.Duration(j) * time.Second
		v := observe(e, req{at: at, ip: ip, path: "/search", query: "q=%22%3E%3Cimg%20onerror%3Dx%3E"})
		if servedPoints(v) == 0 {
			t.Fatalf("the XSS probe earned no points: %+v", v.Hits)
		}
		sized(e, req{at: at + time.Millisecond, ip: ip, path: "/phpmyadmin/"}, 12000)
	}
	if got := servedPoints(sized(e, req{at: time.Minute, ip: "192.0.2.9", path: "/phpmyadmin/"}, 12000)); got != 5 {
		t.Fatalf("after unclean votes: %d points, want 5", got)
	}
}

// The table is fixed; a name voted or answered within servedKeep is
// kept over a flood of names with one vote each (review D4: names an
// attacker computed to share a monitor's set evicted it); past servedKeep
// replacement is by votes, then age, never by chance.
func TestServedTableBounded(t *testing.T) {
	t.Parallel()
	var m servedMemory
	m.t = make([]servedEntry, servedSets*servedWays)
	const fp, step = 7, 2 * servedSets // names fp + k*step share a set
	x := m.take(fp, 10)
	x.add(100, 4000, 10) // a monitor's one vote
	for k := uint64(1); k <= 1000; k++ {
		if y := m.take(fp+k*step, uint32(20+k)); y != nil {
			y.add(uint32(k), 4000, uint32(20+k))
		}
	}
	if m.find(fp, 1100) == nil {
		t.Fatal("a name voted within servedKeep was evicted by names with one vote")
	}
	if m.find(fp+step, 1100) == nil || m.find(fp+2*step, 1100) != nil {
		t.Fatal("the other way should hold the first newcomer, kept for servedKeep too")
	}
	// Past servedKeep: a served name is kept over one-vote names.
	for j := range servedK {
		x.add(uint32(200+j), 4000, 2000)
	}
	for k := uint64(1); k <= 1000; k++ {
		if y := m.take(fp+(2000+k)*step, uint32(2000+servedKeep+k)); y != nil {
			y.add(uint32(k), 4000, uint32(2000+servedKeep+k))
		}
	}
	if x := m.find(fp, 2000+servedKeep+1000); x == nil || !x.served(&m) {
		t.Fatal("the served name was evicted by names with one vote")
	}
	if len(m.t) != servedSets*servedWays {
		t.Fatalf("table grew to %d", len(m.t))
	}
}

// The name: repeated slashes, ';' parameters, "./" and escaped slashes do
// not change it, and "/" has none (review D3).
func TestServedNameText(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]string{
		"/server-status": "server-status", "//server-status": "server-status", "/%2fphpinfo.php": "phpinfo.php",
		"/./PhpMyAdmin/x": "phpmyadmin", "/;x/admin/y": "admin", "/admin;jsessionid=1/x": "admin", "/%61dminer.php": "adminer.php",
		"/": "", "//": "", "/./": "", "/;/": "", "/%3Cx": "%3cx",
	} {
		if got := string(servedNameText([]byte(p), nil)); got != want {
			t.Errorf("%q: name %q, want %q", p, got, want)
		}
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
		sized(e, *r, 4100)
	}
	ev := req{at: time.Minute, ip: "100.64.1.1", path: "/server-status"}.event()
	ev.Size = 4100
	ev2 := req{at: time.Minute, ip: "192.0.2.1", path: "/phpmyadmin/"}.event()
	ev2.Size = 12000
	observeBoth := func(n int) {
		ev.Time = t0.Add(time.Minute + time.Duration(n)*time.Second)
		ev2.Time = ev.Time
		e.Observe(ev)
		e.Observe(ev2)
	}
	for n := range 100 { // warm: the engine's own slices grow to size
		observeBoth(n)
	}
	// Every line is counted: AllocsPerRun's integer average hid fewer
	// than one allocation per run (review D8). The runtime's own
	// goroutines allocate now and then, so the least of 5 rounds of 2000
	// lines is taken: any allocation on the path shows in every round.
	least := uint64(1 << 63)
	for round := range 5 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for n := range 1000 {
			observeBoth(100 + round*1000 + n)
		}
		runtime.ReadMemStats(&after)
		least = min(least, after.Mallocs-before.Mallocs)
	}
	if least != 0 {
		t.Fatalf("%d allocations in 2000 served lines (least of 5 rounds)", least)
	}
}

// explain says why a signature became a hint and that ban-alone ones
// never do.
func TestDescribeServed(t *testing.T) {
	t.Parallel()
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
	if s := text(req{path: "/server-status"}, 900); !strings.Contains(s, "sensitive-server-status") || !strings.Contains(s, "hint") || !strings.Contains(s, `"server-status"`) {
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

// The name never holds a slash, a parameter or an upper-case letter, and
// extra leading slashes, "./" or an escaped slash do not change it (review
// D3: //phpinfo.php was the name "/" of every root page).
func FuzzServedName(f *testing.F) {
	for _, p := range []string{"/server-status", "//phpinfo.php", "/%2fx", "/./a;b/c", "/;/", "/%", "/%2", "/A%2F%2e/"} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p string) {
		n := servedNameText([]byte(p), nil)
		if strings.ContainsAny(string(n), "/;ABCDEFGHIJKLMNOPQRSTUVWXYZ") || string(n) == "." {
			t.Fatalf("%q: name %q", p, n)
		}
		for _, q := range []string{"/" + p, "/./" + p, "/%2f" + p} {
			if !strings.HasPrefix(p, "/") {
				break
			}
			if m := servedNameText([]byte(q), nil); string(m) != string(n) {
				t.Fatalf("%q: name %q, but %q for %q", p, n, m, q)
			}
		}
	})
}
