package detector

// Session 10: a sensitive file's name deep in a tree of users' files
// (a forge's repository browser, a tracker's attachments, a file store)
// counts only on a miss (patterns/deepfile.go), and products' own endpoints
// that exploits also call count only on a miss (cve-product-endpoint-miss).
// The attacks of the same shape, written before the change: random deep
// names and the endpoints answered 404, one address each or one scanner at
// 10 and 40 per second, are still banned at their first request.

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

var deepSensitiveNames = []string{".env", ".git/config", "nginx.conf", ".htpasswd", "database.yml", "web.config", ".gitignore", "settings.py.bak", "id_rsa"}

func randSeg(r *rand.Rand) string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	b := make([]byte, 3+r.IntN(8))
	for i := range b {
		b[i] = letters[r.IntN(len(letters))]
	}
	return string(b)
}

// deepProbe is /<a>/<b>/<c>/<name> or /<a>/<digits>/<name>: the shapes
// the miss-only rule reads as a file store.
func deepProbe(r *rand.Rand, i int) string {
	name := deepSensitiveNames[i%len(deepSensitiveNames)]
	if i%2 == 0 {
		return fmt.Sprintf("/%s/%s/%s/%s", randSeg(r), randSeg(r), randSeg(r), name)
	}
	return fmt.Sprintf("/%s/%d/%s", randSeg(r), 100+r.IntN(100000), name)
}

func TestS10DeepSensitiveProbesAnswered404Banned(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(10, 1))
	// one request per address, answered 404: banned at it
	e := New(hintPolicy(t), Options{})
	for i := range 40 {
		p := deepProbe(r, i)
		v := observe(e, req{at: time.Duration(i) * time.Second, ip: fmt.Sprintf("192.0.2.%d", 10+i), path: p, status: 404, ua: "Mozilla/5.0"})
		if v.Decision == nil {
			t.Errorf("one-shot deep probe %s answered 404 not banned (hits %v)", p, v.Hits)
		}
	}
	// one scanner at 10 and 40 per second, answered 404: banned at its first
	for _, rate := range []int{10, 40} {
		e := New(hintPolicy(t), Options{})
		reqs := make([]req, 50)
		for i := range reqs {
			reqs[i] = req{at: time.Duration(i) * time.Second / time.Duration(rate), ip: "203.0.113.50", path: deepProbe(r, i), status: 404, ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"}
		}
		if n, d := firstDecision(e, reqs); d == nil || n != 0 {
			t.Errorf("deep scanner at %d/s: banned at request %d (%v), want 0", rate, n, d)
		}
	}
}

func TestS10DeepSensitiveServedNotBanned(t *testing.T) {
	t.Parallel()
	e := New(hintPolicy(t), Options{})
	paths := []string{
		"/projects/SHOP/repos/storefront/browse/.gitignore", "/trac/acme/browser/trunk/web.config",
		"/secure/attachment/10234/nginx.conf", "/attachments/8812/laravel.log",
		"/viewvc/acme/trunk/config/database.yml", "/cgit/linux-config.git/tree/.gitignore",
		"/lib/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d/file/Projects/webapp/.env",
	}
	for i := range 30 {
		p := paths[i%len(paths)]
		v := observe(e, req{at: time.Duration(i) * 3 * time.Second, ip: "198.51.100.20", path: p, status: 200, ua: "Mozilla/5.0 (X11; Linux x86_64)", referer: "https://git.example.org/"})
		if v.Decision != nil {
			t.Fatalf("reader of %s (200) banned at request %d: %v", p, i, v.Decision.Rules)
		}
	}
}

// The price: a site answering 200 to every path (a single-page app's
// catch-all) lets deep probes count nothing; the shallow ones still do.
func TestS10DeepSensitiveCatchAllPrice(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(10, 2))
	e := New(hintPolicy(t), Options{})
	for i := range 5 {
		p := deepProbe(r, 2*i) // three directories down
		if v := observe(e, req{at: time.Duration(i) * time.Second, ip: fmt.Sprintf("192.0.2.%d", 100+i), path: p, status: 200, ua: "Mozilla/5.0"}); v.Decision != nil {
			t.Errorf("deep probe %s answered 200 banned: the miss-only rule is not in force", p)
		}
	}
	for i, p := range []string{"/.env", "/config/database.yml", "/app/config/parameters.yml", "/.git/config", "/api/.env"} {
		if v := observe(e, req{at: time.Minute, ip: fmt.Sprintf("192.0.2.%d", 150+i), path: p, status: 200, ua: "Mozilla/5.0"}); v.Decision == nil {
			t.Errorf("shallow probe %s answered 200 not banned", p)
		}
	}
}

func TestS10ProductEndpointsOnlyOnMiss(t *testing.T) {
	t.Parallel()
	for i, c := range []struct{ method, path, query string }{
		{"POST", "/api/timelion/run", ""},
		{"PUT", "/_users/org.couchdb.user:alice", ""},
		{"POST", "/druid/indexer/v1/sampler", "for=connect-data"},
		{"GET", "/WebInterface/function/", "command=getUserList&c2f=1111"},
		{"GET", "/apisix/admin/routes", ""},
		{"POST", "/index.php/admin/Cms_Wysiwyg/directive/index/", ""},
		{"GET", "/owa/auth/x.js", ""},
		{"POST", "/moveitisapi/moveitisapi.dll", "action=m2"},
		{"GET", "/mifs/aad/api/v2/admins/users", ""},
		{"POST", "/OA_HTML/SyncServletBridge", ""},
		{"POST", "/index.php", "p=admin/actions/assets/generate-transform"},
		{"POST", "/index.php", "s=captcha"},
		{"POST", "/rest/V1/guest-carts/1/estimate-shipping-methods", ""},
		{"GET", "/_debugbar/open", "max=20&offset=0"},
		{"POST", "/jolokia/exec", ""},
		{"POST", "/actuator/gateway/routes/hacktest", ""},
		{"GET", "/v1.24/containers/json", ""},
		{"POST", "/picsdesc.xml", ""},
	} {
		e := New(hintPolicy(t), Options{})
		if v := observe(e, req{ip: fmt.Sprintf("192.0.2.%d", 10+i), method: c.method, path: c.path, query: c.query, status: 404, ua: "Mozilla/5.0"}); v.Decision == nil {
			t.Errorf("%s %s?%s answered 404 not banned (hits %v)", c.method, c.path, c.query, v.Hits)
		}
	}
	// the products' own clients, answered by a site that runs them
	e := New(hintPolicy(t), Options{})
	for i, c := range []struct{ method, path, query string }{
		{"POST", "/api/timelion/run", ""},
		{"PUT", "/_users/org.couchdb.user:alice", ""},
		{"POST", "/druid/indexer/v1/sampler", "for=connect-data"},
		{"GET", "/index.php", "s=captcha"},
		{"POST", "/index.php", "p=admin/actions/assets/generate-transform"},
		{"GET", "/rest/V1/guest-carts/Xq3lHn9dD2kP0aVbW7sYtRz1uC4eM6gJ/estimate-shipping-methods", ""},
	} {
		for j := range 3 {
			if v := observe(e, req{at: time.Duration(i*10+j) * time.Second, ip: "198.51.100.30", method: c.method, path: c.path, query: c.query, status: 200, ua: "Mozilla/5.0 (X11; Linux x86_64)"}); v.Decision != nil {
				t.Fatalf("%s %s?%s answered 200 banned: %v", c.method, c.path, c.query, v.Decision.Rules)
			}
		}
	}
}
