package daemon

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guardctl/guardctl/cluster"
	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/enrich/geo/geotest"
)

// The feeds below use benchmark and documentation ranges no test host
// holds: the host's own addresses are protected and would be carved out.

// TestBlockListsLoadedAtStart: the deny list and a feed are in the kernel
// when the daemon starts (before any log line names them), a reload that
// drops the feed removes its list, and a changed feed file is reloaded.
func TestBlockListsLoadedAtStart(t *testing.T) {
	h := newHarness(t, "")
	feed := filepath.Join(h.dir, "feed.txt")
	os.WriteFile(feed, []byte("; DROP\n198.18.0.0/24 ; SBL1\n198.51.100.0/24\n"), 0o644)
	h.writeConfig(fmt.Sprintf(`
[deny]
ips = ["203.0.113.7", "203.0.113.8"]
[[feed]]
name = "local"
file = %q
`, feed))
	h.start(Options{})
	ctx := context.Background()
	c, err := h.d.fw.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Lists["deny"] != 2 || c.Lists["f_local"] != 2 {
		t.Fatalf("lists at start: %v", c.Lists)
	}

	h.writeConfig(`
[deny]
ips = ["203.0.113.7"]
`)
	res, err := h.d.Reload(ctx)
	if err != nil || !res.OK {
		t.Fatalf("reload: %+v %v", res, err)
	}
	c, _ = h.d.fw.Counts(ctx)
	if _, ok := c.Lists["f_local"]; ok || c.Lists["deny"] != 1 {
		t.Errorf("lists after reload: %v", c.Lists)
	}
}

// TestBlockListFileChangeReloaded: the upkeep reloads a list whose file
// changed.
func TestBlockListFileChangeReloaded(t *testing.T) {
	h := newHarness(t, "")
	feed := filepath.Join(h.dir, "feed.txt")
	os.WriteFile(feed, []byte("198.18.0.0/24\n"), 0o644)
	h.writeConfig(fmt.Sprintf("[[feed]]\nname = \"local\"\nfile = %q\n", feed))
	h.start(Options{})
	os.WriteFile(feed, []byte("198.18.0.0/24\n198.51.100.0/24\n203.0.113.0/24\n"), 0o644)
	os.Chtimes(feed, time.Now(), time.Now().Add(time.Minute))
	e := h.d.enrich.Load()
	e.mu.Lock()
	e.loader.Tick(context.Background())
	e.mu.Unlock()
	c, _ := h.d.fw.Counts(context.Background())
	if c.Lists["f_local"] != 3 {
		t.Errorf("after the file changed: %v", c.Lists)
	}
}

// cnThrottle is a policy with the geo database %q and a throttle scoped
// to CN: 2 requests a minute.
const cnThrottle = `
[geo]
country_db = %q
[[throttle]]
id = "cn-rate"
countries = ["CN"]
requests = 2
window = "1m"
weight = 10
`

// TestCountryThrottle: a throttle scoped to CN bans a CN client past its
// limit and leaves a FR client with the same traffic alone.
func TestCountryThrottle(t *testing.T) {
	h := newHarness(t, "")
	db := filepath.Join(h.dir, "geo.mmdb")
	geotest.Write(t, db, geotest.MaxMind, []geotest.Net{
		{CIDR: "203.0.113.0/24", Country: "CN"}, {CIDR: "198.51.100.0/24", Country: "FR"},
	})
	h.writeConfig(fmt.Sprintf(cnThrottle, db))
	h.start(Options{})
	for range 4 {
		h.append(clfLine("203.0.113.5", "/a"), clfLine("198.51.100.5", "/a"))
	}
	eventually(t, 3*time.Second, "ban of the CN client", func() bool { _, ok := h.banned("203.0.113.5"); return ok })
	if b, _ := h.banned("203.0.113.5"); b.Reason != "cn-rate" {
		t.Errorf("ban %+v", b)
	}
	if _, ok := h.banned("198.51.100.5"); ok {
		t.Error("the FR client was banned by the CN throttle")
	}
}

// TestCountryThrottleSeesReopenedDatabase: with no geo block list, a
// replaced database is still reopened on the upkeep tick, and the
// throttle's country cache forgets what the old one said.
func TestCountryThrottleSeesReopenedDatabase(t *testing.T) {
	h := newHarness(t, "")
	db := filepath.Join(h.dir, "geo.mmdb")
	geotest.Write(t, db, geotest.MaxMind, []geotest.Net{{CIDR: "198.51.100.0/24", Country: "FR"}})
	h.writeConfig(fmt.Sprintf(cnThrottle, db))
	h.start(Options{})
	for range 4 {
		h.append(clfLine("198.51.100.5", "/a"))
	}
	time.Sleep(200 * time.Millisecond)
	if _, ok := h.banned("198.51.100.5"); ok {
		t.Fatal("a FR client was banned by the CN throttle")
	}
	geotest.Write(t, db, geotest.MaxMind, []geotest.Net{{CIDR: "198.51.100.0/24", Country: "CN"}})
	os.Chtimes(db, time.Now(), time.Now().Add(time.Minute)) // same-second writes
	h.d.enrich.Load().reloadGeo(h.d)                        // the upkeep tick's step
	for range 4 {
		h.append(clfLine("198.51.100.5", "/a"))
	}
	eventually(t, 3*time.Second, "ban once the database says CN", func() bool { _, ok := h.banned("198.51.100.5"); return ok })
}

// TestReputationBansListedClient: a client that fires a rule is checked
// against the reputation API (a loopback server); a listed one is banned
// for reputation.ban, an unlisted one is not, and the line path never
// waits for the API.
func TestReputationBansListedClient(t *testing.T) {
	var asked atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		score := 0
		if r.URL.Query().Get("ip") == "203.0.113.5" {
			score = 100
		}
		fmt.Fprintf(w, `{"data":{"abuseConfidenceScore":%d}}`, score)
	}))
	defer ts.Close()
	h := newHarness(t, "")
	h.writeConfig(fmt.Sprintf(`
[reputation]
enabled = true
url = %q
confidence_field = "data.abuseConfidenceScore"
min_confidence = 75.0
check = "rules"
ban = "1h"
rate_per_minute = 6000
[[patterns.custom]]
id = "probe"
field = "path"
regex = "^/probe$"
weight = 1
`, ts.URL+"/check?ip={ip}"))
	h.start(Options{})
	// /probe fires a rule worth 1 point: it bans no one by itself.
	h.append(clfLine("203.0.113.5", "/probe"), clfLine("198.51.100.5", "/probe"), clfLine("198.51.100.6", "/index.html"))
	eventually(t, 5*time.Second, "reputation ban", func() bool { _, ok := h.banned("203.0.113.5"); return ok })
	b, _ := h.banned("203.0.113.5")
	if !strings.HasPrefix(b.Reason, "reputation") {
		t.Errorf("ban %+v", b)
	}
	time.Sleep(100 * time.Millisecond)
	if _, ok := h.banned("198.51.100.5"); ok {
		t.Error("an unlisted client was banned")
	}
	if n := asked.Load(); n != 2 {
		t.Errorf("API asked %d times, want 2 (only clients that fired a rule)", n)
	}
}

// webhookRecorder is a webhook that keeps the bodies posted to it.
func webhookRecorder(t *testing.T) (*httptest.Server, func() []string) {
	var mu sync.Mutex
	var bodies []string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
	}))
	t.Cleanup(ts.Close)
	return ts, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), bodies...) }
}

// TestBanReportedToWebhook: a ban is posted to the webhook with the
// template's fields only, and its lifting too; an allowlisted address
// banned by force is never reported.
func TestBanReportedToWebhook(t *testing.T) {
	ts, got := webhookRecorder(t)
	h := newHarness(t, "")
	h.writeConfig(fmt.Sprintf(`
[allow]
ips = ["198.51.100.0/24"]
[report]
events = ["ban", "unban"]
[report.webhook]
url = %q
body = '{"event":"{action}","ip":"{ip}","categories":"{categories}"}'
`, ts.URL))
	h.start(Options{})
	h.append(clfLine("203.0.113.7", "/wp-login.php"))
	eventually(t, 5*time.Second, "webhook call", func() bool { return len(got()) == 1 })
	if b := got()[0]; b != `{"event":"ban","ip":"203.0.113.7","categories":"trap"}` {
		t.Errorf("webhook body %s", b)
	}
	ctx := context.Background()
	if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("198.51.100.9/32"), Force: true, Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.d.Unban(ctx, control.UnbanRequest{Prefixes: []netip.Prefix{netip.MustParsePrefix("203.0.113.7/32")}}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "unban call", func() bool { return len(got()) == 2 })
	time.Sleep(50 * time.Millisecond)
	if b := got(); len(b) != 2 || !strings.Contains(b[1], `"event":"unban","ip":"203.0.113.7"`) {
		t.Errorf("webhook bodies %v (the allowlisted ban must not be reported)", b)
	}
}

// reportingHarness is a running daemon that reports bans and unbans to a
// webhook posting '{"event":"{action}","ip":"{ip}"}'; got lists the bodies.
func reportingHarness(t *testing.T) (h *harness, got func() []string) {
	ts, got := webhookRecorder(t)
	h = newHarness(t, "")
	h.writeConfig(fmt.Sprintf(`
[report]
events = ["ban", "unban"]
[report.webhook]
url = %q
body = '{"event":"{action}","ip":"{ip}"}'
`, ts.URL))
	h.start(Options{})
	return h, got
}

// applyRemoteBan applies node's trap ban of addr, an hour long, as the
// cluster node hands it over, and waits for it to be enforced.
func applyRemoteBan(t *testing.T, h *harness, node, addr string) netip.Prefix {
	t.Helper()
	p := netip.PrefixFrom(netip.MustParseAddr(addr), 32)
	now := time.Now().UnixMilli()
	if err := h.d.applyRemote(context.Background(), cluster.Batch{Decisions: []cluster.Decision{
		{Op: cluster.OpBan, Node: node, Seq: 1, Prefix: p, At: now, Expires: now + time.Hour.Milliseconds(), Reason: "trap", Origin: "auto", Offence: 1},
	}}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "remote ban", func() bool { _, ok := h.banned(addr); return ok })
	return p
}

// TestRemoteBanNotReported: a ban another cluster node decided is that
// node's to report; reporting it here too would send it once per node.
// Whose ban it is goes by the stored node, whatever the reason says: a
// node name the reason parser does not take for one ("web(2)": the stream
// accepts it) left the reason without a recognised "(from x)", and the
// ban and its lifting were reported as this node's own observations.
func TestRemoteBanNotReported(t *testing.T) {
	h, got := reportingHarness(t)
	ctx := context.Background()
	remote := []netip.Prefix{applyRemoteBan(t, h, "web-2", "198.51.100.9"), applyRemoteBan(t, h, "web(2)", "198.51.100.10")}
	if b, ok, err := h.d.store.Ban(remote[1]); err != nil || !ok || b.Node != "web(2)" || reasonNode(b.Reason) != "" {
		t.Fatalf("fixture: stored %+v, %v, %v: want node web(2) and a reason the parser does not take for a remote one", b, ok, err)
	}
	if _, err := h.d.Unban(ctx, control.UnbanRequest{Prefixes: remote}); err != nil {
		t.Fatal(err)
	}
	// A local ban after them: once it is posted, anything before it was.
	h.append(clfLine("203.0.113.7", "/wp-login.php"))
	eventually(t, 5*time.Second, "webhook call", func() bool { return len(got()) >= 1 })
	time.Sleep(100 * time.Millisecond)
	if b := got(); len(b) != 1 || b[0] != `{"event":"ban","ip":"203.0.113.7"}` {
		t.Errorf("webhook bodies %v, want only the local ban", b)
	}
}

// TestOwnBanWithFromReasonReported: whose ban it is goes by the stored
// node, not the reason's text. An admin's ban whose reason reads like
// another node's ("... (from abuse-desk)") is this node's observation: it
// is reported, and its lifting too (it was taken for a remote ban and
// never reported).
func TestOwnBanWithFromReasonReported(t *testing.T) {
	h, got := reportingHarness(t)
	ctx := context.Background()
	own := netip.MustParsePrefix("203.0.113.7/32")
	if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: own, Reason: "credential stuffing (from abuse-desk)"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.d.Unban(ctx, control.UnbanRequest{Prefixes: []netip.Prefix{own}}); err != nil {
		t.Fatal(err)
	}
	want := []string{`{"event":"ban","ip":"203.0.113.7"}`, `{"event":"unban","ip":"203.0.113.7"}`}
	eventually(t, 5*time.Second, "webhook calls", func() bool { return len(got()) >= len(want) })
	time.Sleep(50 * time.Millisecond)
	if b := got(); !slices.Equal(b, want) {
		t.Errorf("webhook bodies %v, want %v", b, want)
	}
}

// TestReputationSkipsProtectedClients: with check = "all", loopback, the
// host's neighbours on private ranges and other protected clients are
// never sent to the third-party API; a public client is.
func TestReputationSkipsProtectedClients(t *testing.T) {
	var mu sync.Mutex
	var asked []string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.URL.Query().Get("ip"))
		mu.Unlock()
		fmt.Fprint(w, `{"listed": false}`)
	}))
	defer ts.Close()
	got := func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), asked...) }
	h := newHarness(t, "")
	h.writeConfig(fmt.Sprintf(`
[reputation]
enabled = true
url = %q
listed_field = "listed"
check = "all"
points = 1
rate_per_minute = 6000
`, ts.URL+"/check?ip={ip}"))
	h.start(Options{})
	h.append(clfLine("127.0.0.1", "/"), clfLine("169.254.1.2", "/"), clfLine("10.1.2.3", "/"), clfLine("198.51.100.5", "/"))
	eventually(t, 5*time.Second, "the public client checked", func() bool { return slices.Contains(got(), "198.51.100.5") })
	time.Sleep(100 * time.Millisecond)
	if a := got(); len(a) != 1 {
		t.Errorf("API asked about %v, want only 198.51.100.5", a)
	}
}

// TestReputationPoints: with reputation.points, a listed client's answer
// adds to its rule points and the escalation bans it.
func TestReputationPoints(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"listed": true}`)
	}))
	defer ts.Close()
	h := newHarness(t, "")
	h.writeConfig(fmt.Sprintf(`
[reputation]
enabled = true
url = %q
listed_field = "listed"
points = 9
rate_per_minute = 6000
[[patterns.custom]]
id = "probe"
field = "path"
regex = "^/probe$"
weight = 1
`, ts.URL+"/check?ip={ip}"))
	h.start(Options{})
	h.append(clfLine("203.0.113.5", "/probe"))
	eventually(t, 5*time.Second, "escalated ban", func() bool { _, ok := h.banned("203.0.113.5"); return ok })
	if b, _ := h.banned("203.0.113.5"); b.Origin != "auto" || !strings.Contains(strings.Join(b.Rules, ","), "reputation") {
		t.Errorf("ban %+v", b)
	}
}
