package detector

import (
	"testing"
	"time"
)

// TestLoginBeatMonitor: a monitor asserting once a minute that a bad token
// is refused, signing in every 4 minutes, is not banned (benign6
// synthetic-checks-negative-auth: banned 10m/40m/2h40m before
// loginbeat.go); the same refusals without a sign-in, or with a sign-in but
// every 20 s, or at a jittered period, are banned.
func TestLoginBeatMonitor(t *testing.T) {
	t.Parallel()
	const tok, login, ua = "/api/v1/auth/token", "/api/v1/auth/login", "Checkly/1.0"
	var reqs []req
	signIn := func(ip string, every time.Duration, n int) {
		for i := range n {
			reqs = append(reqs, req{at: time.Duration(i)*every + 5*time.Second, ip: ip, method: "POST", path: login, status: 200, ua: ua})
		}
	}
	refuse := func(ip string, at time.Duration) {
		reqs = append(reqs, req{at: at, ip: ip, method: "POST", path: tok, status: 401, ua: ua})
	}
	signIn("198.51.100.1", 4*time.Minute, 15)
	signIn("198.51.100.3", 4*time.Minute, 15)
	signIn("198.51.100.4", 4*time.Minute, 15)
	jitter := []time.Duration{0, 9, 3, 14, 6, 11, 1, 16, 4, 12} // s added to 55 s: never within 2 s of the previous gap
	var j time.Duration
	for i := range 60 {
		refuse("198.51.100.1", time.Duration(i)*time.Minute+6*time.Second) // the monitor
		refuse("198.51.100.2", time.Duration(i)*time.Minute+6*time.Second) // no sign-in
		j += 55*time.Second + jitter[i%len(jitter)]*time.Second
		refuse("198.51.100.4", j) // jittered period
	}
	for i := range 180 {
		refuse("198.51.100.3", time.Duration(i)*20*time.Second+7*time.Second) // every 20 s
	}
	reqs = sorted(reqs)
	at, why := run(defaultEngine(t), reqs)
	if at["198.51.100.1"] >= 0 {
		t.Errorf("monitor banned at its request %d (%v)", at["198.51.100.1"], why["198.51.100.1"])
	}
	for _, ip := range []string{"198.51.100.2", "198.51.100.3", "198.51.100.4"} {
		if at[ip] < 0 {
			t.Errorf("%s not banned", ip)
		}
	}
}
