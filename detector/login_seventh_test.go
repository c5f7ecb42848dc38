package detector

import (
	"fmt"
	"math/bits"
	"net/netip"
	"testing"
	"time"
)

// Stuffing against wp-login.php (answered 200) by a tool that never
// fetches the form: 30 addresses of one /24, 2-3 blind POSTs each a minute
// or so apart and nothing else. 871bbf0 made a repeat need the form
// fetched between the POSTs, and such a campaign went unbanned (gridbench
// -red red-stuffing seed 11: 87 of 126). Beside it, phones of a carrier
// /24 signing in in two steps on one endpoint (password, then TOTP, 15 s
// apart, no form) and then using the app: none is banned. The 15
// stuffers that guess three times are banned at their third by their own
// counts (the quick rule: three blind refusals); the 15 that guess twice
// look like the phones' two steps and go free (a283ccf took every second
// blind POST for a repeat and banned 114 of 120 such phones, review of
// a283ccf).
func TestBlindStuffingWithoutFormFetch(t *testing.T) {
	t.Parallel()
	var reqs []req
	for i := range 30 {
		ip := fmt.Sprintf("203.0.113.%d", 10+i)
		at := time.Duration(i) * 40 * time.Second
		for k := range 2 + i%2 {
			reqs = append(reqs, req{at: at + time.Duration(k)*70*time.Second, ip: ip, method: "POST", path: "/wp-login.php", status: 200, ua: chrome})
		}
		phone := fmt.Sprintf("100.64.1.%d", 10+i)
		at += 5 * time.Second
		reqs = append(reqs,
			req{at: at, ip: phone, method: "POST", path: "/auth/login", status: 200, ua: "okhttp/4.12.0"},
			req{at: at + 15*time.Second, ip: phone, method: "POST", path: "/auth/login", status: 200, ua: "okhttp/4.12.0"})
		for k := range 8 {
			reqs = append(reqs, req{at: at + 16*time.Second + time.Duration(k)*7*time.Second, ip: phone, path: "/api/v1/feed", ua: "okhttp/4.12.0"})
		}
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	stuffers := 0
	for ip, k := range at {
		if k < 0 {
			continue
		}
		if ip[:4] == "100." {
			t.Errorf("phone %s banned at its request #%d by %v", ip, k, why[ip])
		} else {
			stuffers++
		}
	}
	for i := 1; i < 30; i += 2 {
		if ip := fmt.Sprintf("203.0.113.%d", 10+i); at[ip] < 0 || at[ip] > 2 {
			t.Errorf("stuffer %s (3 guesses) banned at its request #%d, want #2 (its third) or before", ip, at[ip])
		}
	}
	if stuffers < 15 {
		t.Errorf("%d of 30 blind stuffers banned, want the 15 that guess three times", stuffers)
	}
}

// The /24's list of addresses refused while only logging in expires as
// the blind-repeat marks do (two generations of subnetMarkAge). A busy
// /24 whose refusals never fade: four addresses sharing one bucket take
// turns at one stale login each every 10 minutes for six hours (the
// prefix's refusals stay at ~3.5), four others were refused once at the
// start. Then two new addresses are refused once each: 6 refusals, but
// only three buckets refused within the last hour. Before, the list still
// held the four from six hours earlier and both were banned.
func TestSubnetRefusedAddrsExpire(t *testing.T) {
	t.Parallel()
	var reqs []req
	login := func(at time.Duration, ip string) {
		reqs = append(reqs, req{at: at, ip: ip, method: "POST", path: "/api/login", status: 401, ua: "okhttp/4.12.0"})
	}
	for i := range 4 {
		login(time.Duration(i)*time.Minute, fmt.Sprintf("100.70.1.%d", 30+i))
	}
	trickle := []string{"100.70.1.10", "100.70.1.74", "100.70.1.138", "100.70.1.202"} // one bucket (mod 64)
	end := 6 * time.Hour
	for at, i := 5*time.Minute, 0; at < end; at, i = at+10*time.Minute, i+1 {
		login(at, trickle[i%len(trickle)])
	}
	login(end, "100.70.1.20")
	login(end+20*time.Second, trickle[0])
	login(end+40*time.Second, "100.70.1.21")
	e := defaultEngine(t)
	at, why := run(e, sorted(reqs))
	for ip, k := range at {
		if k >= 0 {
			t.Errorf("%s banned at its request #%d by %v", ip, k, why[ip])
		}
	}
	key, _ := subnetKey(netip.MustParseAddr("100.70.1.1"))
	x := e.subnets.find(key)
	if x == nil {
		t.Fatal("no entry for 100.70.1.0/24")
	}
	if n := bits.OnesCount64(x.addrs | x.aold); n != 3 {
		t.Errorf("%d refused buckets held after six hours, want the last hour's 3", n)
	}
}

// The pace exemption covers a password manager's three refusals, not a
// guesser's fourth (review of a283ccf): one that loads the form once and
// posts it 5 times 2 s apart with the form's Referer (401) went free at
// a283ccf (a run with a Referer was exempt until failures); now it is
// banned at its 4th POST. The person whose password manager posts 3
// times in 6 s and then signs in is not banned.
func TestPacedRunBansAtFourthRefusal(t *testing.T) {
	t.Parallel()
	const ref = "https://example.org/login"
	var reqs []req
	for i, ip := range []string{"198.51.100.20", "198.51.100.21"} {
		at := time.Duration(i) * time.Minute
		reqs = append(reqs, req{at: at, ip: ip, method: "GET", path: "/login", status: 200, ua: chrome, referer: "https://example.org/"})
		n, status := 5, 401
		if i == 1 {
			n = 3
		}
		for k := range n {
			reqs = append(reqs, req{at: at + time.Duration(1+2*k)*time.Second, ip: ip, method: "POST", path: "/login", status: status, ua: chrome, referer: ref})
		}
		if i == 1 {
			reqs = append(reqs, req{at: at + 20*time.Second, ip: ip, method: "POST", path: "/login", status: 302, ua: chrome, referer: ref})
		}
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	if k := at["198.51.100.20"]; k != 4 {
		t.Errorf("guesser banned at its request #%d (%v), want #4 (its 4th POST)", k, why["198.51.100.20"])
	}
	if k := at["198.51.100.21"]; k >= 0 {
		t.Errorf("password manager banned at its request #%d by %v", k, why["198.51.100.21"])
	}
}
