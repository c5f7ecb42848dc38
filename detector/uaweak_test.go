package detector

import (
	"fmt"
	"testing"
	"time"
)

// natBrowsing is 30 users of one address (30 user agents) each loading a
// page every 20 s for d.
func natBrowsing(ip string, d time.Duration) []req {
	var reqs []req
	for u := range 30 {
		ua := fmt.Sprintf("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0.0.0 Safari/537.%d", u)
		for at := time.Duration(u) * 600 * time.Millisecond; at < d; at += 20 * time.Second {
			reqs = append(reqs, req{at: at, ip: ip, path: fmt.Sprintf("/news/article-%d", int(at/time.Second)%400+u), ua: ua})
		}
	}
	return reqs
}

// Two searches that alone are watches (5 points each, different
// categories): a developer's and a Windows user's.
var weakSearches = []string{"q=..%2F..%2Frelative+import+python", "q=cmd.exe+%2Fc+start+chrome"}

func weakSearch(ip string, at time.Duration, ua string, n int) req {
	return req{at: at, ip: ip, path: "/search", query: weakSearches[n%2], ua: ua}
}

// TestWeakHintsOfUnrelatedUsersDoNotAddUp: on an address seen with many
// user agents, single weak hints of different user agents minutes apart
// do not sum to a ban (benign-s8 cgnat-weak-hints-add-up: a 3,000-user
// carrier NAT banned by three users' one odd request each), while one
// user agent's two weak hints, and a scanner rotating user agents, are
// still banned.
func TestWeakHintsOfUnrelatedUsersDoNotAddUp(t *testing.T) {
	t.Parallel()
	const nat, one, rot = "100.64.1.1", "100.64.2.1", "100.64.3.1"
	reqs := natBrowsing(nat, 10*time.Minute)
	for j, m := range []time.Duration{2, 5, 8} {
		reqs = append(reqs, weakSearch(nat, m*time.Minute, fmt.Sprintf("Mozilla/5.0 Firefox/13%d.0", j), j))
	}
	// The same popular user agent minutes apart: two users.
	reqs = append(reqs, weakSearch(nat, 6*time.Minute, "Mozilla/5.0 Firefox/130.0", 1))
	reqs = append(reqs, natBrowsing(one, 10*time.Minute)...)
	for j, m := range []time.Duration{120, 190} {
		reqs = append(reqs, weakSearch(one, m*time.Second, "Mozilla/5.0 Firefox/133.0", j))
	}
	reqs = append(reqs, natBrowsing(rot, 2*time.Minute)...)
	for j := range 20 {
		reqs = append(reqs, weakSearch(rot, 3*time.Minute+time.Duration(j)*2*time.Second, fmt.Sprintf("Mozilla/5.0 Gecko/2010%04d Firefox/12%d.0", j, j), j))
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	if n := at[nat]; n >= 0 {
		t.Errorf("NAT banned (%v) at its request %d by three users' single weak hints", why[nat], n)
	}
	if n := at[one]; n < 0 {
		t.Errorf("one user agent's two weak hints on a NAT not banned")
	}
	if n := at[rot]; n < 0 {
		t.Errorf("a scanner rotating user agents not banned")
	}
}
