package detector

import (
	"testing"
	"time"
)

// Two Chrome builds that differ only in the build number: the same length
// and the same first, middle and last 8 bytes (what the flood model's
// cheap uaFP reads), so they shared a fingerprint.
const (
	chrome69 = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Safari/537.36"
	chrome86 = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.86 Safari/537.36"
)

// TestWeakHintsPairByWholeUA: on a many-user address, two users whose
// Chrome builds differ only in the build number each make one weak hint
// 40 s apart: two users, not one user's two hints (review s8 rr-weak:
// uaFP collided across Chrome versions and paired different NAT users).
// One of those user agents' own two hints still pair and ban.
func TestWeakHintsPairByWholeUA(t *testing.T) {
	t.Parallel()
	if uaFP([]byte(chrome69)) != uaFP([]byte(chrome86)) {
		t.Fatalf("the two builds no longer share a uaFP: the test no longer shows the collision")
	}
	const nat, one = "100.64.1.1", "100.64.2.1"
	reqs := natBrowsing(nat, 6*time.Minute)
	reqs = append(reqs, weakSearch(nat, 2*time.Minute, chrome69, 0), weakSearch(nat, 2*time.Minute+40*time.Second, chrome86, 1))
	reqs = append(reqs, natBrowsing(one, 6*time.Minute)...)
	reqs = append(reqs, weakSearch(one, 2*time.Minute, chrome86, 0), weakSearch(one, 2*time.Minute+40*time.Second, chrome86, 1))
	at, why := run(defaultEngine(t), sorted(reqs))
	if n := at[nat]; n >= 0 {
		t.Errorf("NAT banned (%v) at its request %d: two Chrome builds' single weak hints paired", why[nat], n)
	}
	if n := at[one]; n < 0 {
		t.Errorf("one user agent's two weak hints on a NAT not banned")
	}
}
