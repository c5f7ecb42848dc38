package detector

import (
	"fmt"
	"testing"
	"time"
)

// TestRefreshTabsOfOneBrowser: a laptop waking on Monday, 3 open tabs of
// one single-page app refresh at once with the refresh token that expired
// over the weekend: 3 POSTs to the token endpoint answered 400
// invalid_grant within 0.3 s, each with the app's Referer, nothing before
// them (benign-s9 keycloak-3-tabs-wake: banned at the 3rd by the quick
// rule). Such a run, like a paced form run, needs a 4th refusal: 3 tabs
// pass. A guesser sending the Referer on the token endpoint is banned at
// its 4th guess, one without at its 3rd, whatever the pace.
func TestRefreshTabsOfOneBrowser(t *testing.T) {
	t.Parallel()
	const token, app = "/realms/acme/protocol/openid-connect/token", "https://app.example.org/"
	var reqs []req
	for i := range 3 {
		reqs = append(reqs, req{at: time.Duration(i) * 100 * time.Millisecond, ip: "198.51.144.10", method: "POST", path: token, status: 400, ua: chrome, referer: app})
	}
	for i := range 3 { // then the login page, and the sign-in
		reqs = append(reqs, req{at: time.Second + time.Duration(i)*10*time.Millisecond, ip: "198.51.144.10", path: "/realms/acme/protocol/openid-connect/auth", query: fmt.Sprintf("state=s%d", i), ua: chrome, referer: app})
	}
	for _, gap := range []time.Duration{100 * time.Millisecond, time.Second, 5 * time.Second} {
		reqs = append(reqs, burst(fmt.Sprintf("193.36.30.%d", gap/time.Millisecond%250), 30, 0, gap, req{method: "POST", path: token, status: 400, ua: chrome, referer: app})...)
		reqs = append(reqs, burst(fmt.Sprintf("193.36.31.%d", gap/time.Millisecond%250), 30, 0, gap, req{method: "POST", path: token, status: 400, ua: chrome})...)
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	if n := at["198.51.144.10"]; n >= 0 {
		t.Errorf("3 tabs refreshing an expired token banned at request %d (%v)", n, why["198.51.144.10"])
	}
	for _, gap := range []time.Duration{100 * time.Millisecond, time.Second, 5 * time.Second} {
		with, without := fmt.Sprintf("193.36.30.%d", gap/time.Millisecond%250), fmt.Sprintf("193.36.31.%d", gap/time.Millisecond%250)
		if n := at[with]; n < 0 || n > 3 {
			t.Errorf("guesser with the Referer every %v banned at its request %d (%v), want at its 4th (3)", gap, n, why[with])
		}
		if n := at[without]; n < 0 || n > 2 {
			t.Errorf("guesser without a Referer every %v banned at its request %d (%v), want at its 3rd (2)", gap, n, why[without])
		}
	}
}
