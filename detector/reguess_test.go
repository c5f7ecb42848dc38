package detector

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/guardctl/guardctl/rules"
)

// TestLoginBanOutlivesItsCounts: a ban drops the client's login counts, so
// every expiry bought a guesser QuickFailures more guesses (3 at the
// default) before the next ban. A client banned for a login rule within
// the offence memory is banned again at its first refusal after the ban
// ends, for the escalated duration. Not: a person whose login ban lies
// beyond the offence memory and who mistypes once, nor a client banned
// for a flood who then mistypes once.
func TestLoginBanOutlivesItsCounts(t *testing.T) {
	t.Parallel()
	e := defaultEngine(t)
	mem := e.pol.Escalation.OffenceMemory
	// ban feeds reqs from ip until one is banned and returns its decision.
	ban := func(reqs []req) *Decision {
		t.Helper()
		for _, r := range reqs {
			if v := e.Observe(r.event()); v.Decision != nil {
				return v.Decision
			}
		}
		t.Fatalf("%s never banned", reqs[0].ip)
		return nil
	}
	guess := req{method: "POST", path: "/wp-login.php", status: 401, ua: "python-requests/2.32.3"}
	mistype := func(ip string, at time.Duration) []req {
		return []req{
			{at: at, ip: ip, path: "/wp-login.php", ua: chrome},
			{at: at + 8*time.Second, ip: ip, method: "POST", path: "/wp-login.php", status: 401, ua: chrome, referer: "https://blog.example/wp-login.php"},
		}
	}
	after := func(d *Decision) time.Duration { return d.At.Sub(t0) + d.Duration + time.Minute }

	// A guesser: banned, the ban runs out, its next guess bans again.
	g := ban(burst("203.0.113.5", 20, 0, 2*time.Second, guess))
	if !slices.Contains(g.Rules, rules.LoginRule) {
		t.Fatalf("guesser banned for %v, want %s", g.Rules, rules.LoginRule)
	}
	r := guess
	r.ip, r.at = "203.0.113.5", after(g)
	v := e.Observe(r.event())
	if v.Banned {
		t.Fatalf("guesser still banned %v after its ban of %v", r.at-g.At.Sub(t0), g.Duration)
	}
	if v.Decision == nil {
		t.Fatalf("guesser banned for login at %v (%v) not banned again at its first guess after the ban ran out", g.At, g.Duration)
	}
	if v.Decision.Offence != 2 || v.Decision.Duration <= g.Duration {
		t.Errorf("second ban is offence %d for %v, want offence 2 longer than %v", v.Decision.Offence, v.Decision.Duration, g.Duration)
	}

	// The same with a browser's shape after the expiry (a page, then the
	// form with its Referer): still banned at the first refusal.
	g2 := ban(burst("203.0.113.6", 20, time.Hour, 2*time.Second, guess))
	at := after(g2)
	if bans := runFrom(e, mistype("203.0.113.6", at)); bans != 1 {
		t.Errorf("guesser sending a page and the Referer after its ban: %d bans at its first refusal, want 1", bans)
	}

	// A client banned for a flood that then mistypes once.
	f := ban(burst("198.51.100.8", 3000, 2*time.Hour, 10*time.Millisecond, req{path: "/search", query: "q=x", ua: "python-requests/2.32.3"}))
	if slices.Contains(f.Rules, rules.LoginRule) || loginBan(f.Rules) {
		t.Fatalf("flood client banned for %v, want no login rule", f.Rules)
	}
	if bans := runFrom(e, mistype("198.51.100.8", after(f))); bans != 0 {
		t.Errorf("client banned for %v, after its ban, banned at one mistyped password", f.Rules)
	}

	// An office NAT banned for login 7 hours ago (past reguessWindow,
	// within the offence memory) where someone mistypes once.
	nat := ban(burst("198.51.100.9", 20, 3*time.Hour, 2*time.Second, guess))
	if bans := runFrom(e, mistype("198.51.100.9", nat.At.Sub(t0)+7*time.Hour)); bans != 0 {
		t.Errorf("address banned for login 7 h before banned again at one mistyped password (reguessWindow %v)", reguessWindow)
	}

	// A person banned for login long ago (past the offence memory) who
	// mistypes once.
	old := ban(burst("198.51.100.7", 20, 3*time.Hour, 2*time.Second, guess))
	if bans := runFrom(e, mistype("198.51.100.7", old.At.Sub(t0)+mem+time.Hour)); bans != 0 {
		t.Errorf("client banned for login %v before, past the offence memory (%v), banned at one mistyped password", mem+time.Hour, mem)
	}
}

// runFrom feeds reqs and counts the ban decisions.
func runFrom(e *Engine, reqs []req) int {
	n := 0
	for _, r := range reqs {
		if e.Observe(r.event()).Decision != nil {
			n++
		}
	}
	return n
}

// TestOffenceStaysSmall: the login mark lives in the offence record's
// padding; the table's memory per entry must not grow.
func TestOffenceStaysSmall(t *testing.T) {
	t.Parallel()
	if n := unsafe.Sizeof(offence{}); n != 16 {
		t.Errorf("offence is %d bytes, want 16", n)
	}
}

// TestDescribeLoginShapes: explain said "neither refusal nor success" of a
// token or JSON login API's 400 and of a 422, both refusals since ba02c74,
// and named none of the form loop's shapes but a blind POST.
func TestDescribeLoginShapes(t *testing.T) {
	t.Parallel()
	p, err := rules.Default().Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	note := func(r req, rule string) string {
		for _, n := range DescribeModels(p, r.event()) {
			if n.Rule == rule {
				return n.Text
			}
		}
		return ""
	}
	for _, c := range []struct {
		r          req
		rule, want string
	}{
		{req{method: "POST", path: "/api/auth/login/", status: 400}, rules.LoginRule, "a refused login (400"},
		{req{method: "POST", path: "/oauth/token", status: 400}, rules.LoginRule, "a refused login (400"},
		{req{method: "POST", path: "/api/login", status: 422}, rules.LoginRule, "a refused login (422"},
		{req{method: "POST", path: "/login", status: 400}, rules.LoginRule, "neither refusal nor success"},
		{req{method: "POST", path: "/login", status: 401}, rules.LoginRule, "banned again at its first refusal"},
		{req{method: "POST", path: "/", query: "_task=login", status: 401}, rules.LoginRule, "a refused login (a login named in the query"},
		{req{method: "GET", path: "/admin/", status: 401}, rules.LoginRule, "HTTP basic auth refused"},
		{req{method: "POST", path: "/", query: "wc-ajax=checkout", status: 200, referer: "https://shop.example/checkout/"}, RuleFormLoop, "WooCommerce checkout"},
		{req{method: "POST", path: "/wp-json/contact-form-7/v1/contact-forms/5/feedback", status: 200}, RuleFormLoop, "Contact Form 7"},
		{req{method: "POST", path: "/administrator/index.php", status: 303, referer: "https://site.example/administrator/"}, RuleFormLoop, "with a Referer"},
		{req{method: "POST", path: "/administrator/index.php", status: 303}, RuleFormLoop, "without a Referer"},
		// Session 12 (abuse): the redirect refusal, resets, comments, Magento.
		{req{method: "POST", path: "/j_spring_security_check", status: 302}, rules.LoginRule, "taken back and counted a refusal"},
		{req{method: "GET", path: "/loginError", status: 401, referer: "https://ci.example/login"}, rules.LoginRule, "that POST's refusal"},
		{req{method: "GET", path: "/login", query: "error", status: 200}, rules.LoginRule, "that POST's refusal"},
		{req{method: "POST", path: "/api/v1/auth/password-reset", status: 404}, RuleFormLoop, "password-reset request"},
		{req{method: "POST", path: "/wp-comments-post.php", status: 409}, RuleFormLoop, "blog comment"},
		{req{method: "POST", path: "/rest/default/V1/guest-carts/abc/payment-information", status: 400}, RuleFormLoop, "Magento's payment-information"},
	} {
		c.r.ip = "192.0.2.1"
		if got := note(c.r, c.rule); !strings.Contains(got, c.want) {
			t.Errorf("%s %s?%s %d (Referer %q): %s note %q, want it to say %q", c.r.method, c.r.path, c.r.query, c.r.status, c.r.referer, c.rule, got, c.want)
		}
	}
}
