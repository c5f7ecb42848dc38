package detector

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"testing"
	"time"
)

// v6Rotation is a flood from a new /64 per request at rate/s for d from
// from: the /64's 4th hextet is lo + i%span, its interface id random; a
// random query and path per request, a browser user agent.
func v6Rotation(rng *rand.Rand, p48 string, lo, span int, from, d time.Duration, rate int) []req {
	var out []req
	base := netip.MustParsePrefix(p48).Addr().As16()
	paths := []string{"/", "/shop/", "/search", "/product/coat/"}
	for i := range int(d.Seconds()) * rate {
		a := base
		h := lo + i%span
		a[6], a[7] = byte(h>>8), byte(h)
		for j := 8; j < 16; j++ {
			a[j] = byte(rng.IntN(256))
		}
		at := from + time.Duration(i)*time.Second/time.Duration(rate)
		out = append(out, req{at: at.Truncate(time.Second), ip: netip.AddrFrom16(a).String(), method: "GET",
			path: pick(rng, paths), query: fmt.Sprintf("q=%x", rng.Uint64()), ua: pick(rng, browserUAs)})
	}
	return out
}

// wideRun feeds reqs and returns, per client, whether it was ever banned
// or refused, how many requests of the clients inside each prefix of
// watch were not refused (let through), and the bans decided.
func wideRun(e *Engine, reqs []req, watch []netip.Prefix) (map[string]bool, []int, []netip.Prefix) {
	banned := map[string]bool{}
	let := make([]int, len(watch))
	var bans []netip.Prefix
	for _, r := range reqs {
		v := e.Observe(r.event())
		a := netip.MustParseAddr(r.ip)
		for i, w := range watch {
			if w.Contains(a) && !v.Banned {
				let[i]++
			}
		}
		if v.Banned || v.Decision != nil {
			if !banned[r.ip] && v.Decision != nil && debugRun {
				fmt.Println("BAN", r.ip, r.at, v.Decision.Key, v.Decision.Rules)
			}
			banned[r.ip] = true
		}
		if v.Decision != nil && v.Decision.Key.Bits() < 64 && v.Decision.Key.Addr().Is6() {
			bans = append(bans, v.Decision.Key)
		}
	}
	return banned, let, bans
}

// TestFloodPrefixWideBan (attack-s9 A9, realistic attacks v6-flood-48):
// a /48 sending every request from a new /64. 64cec9b banned its common
// /56 or /48 once 8 of its /64s had a flood-prefix violation at their
// first request; since 314fc51 first requests do not count (a carrier's
// push spike, TestFloodPrefixCarrierPushSpike) and 9b0f501 removed the
// widening: the detector decides no ban wider than a /64 any more, and
// these rotations (the /48 walked /64 by /64 at 40/s and at 20/s, a
// household rotating /64s of its own /56 at 25/s) are let through, the
// price of 314fc51 (their let-through is logged, not asserted).
//
// What the test asserts: nobody benign around them is banned: an ISP
// /48 of 150 households' /64s each browsing pages with their assets every
// 5-20 s, a cloud /48 of 40 tenants' /64s polling an API at 1-2/s each
// with a tool's user agent, and the crowd (another cloud /48's 20 tenants
// polling at 3/s each may be banned as their /64s: see floodAggRate).
func TestFloodPrefixWideBan(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(48, 64))
	const d = 3 * time.Minute
	reqs := crowd(rng, d)
	fast := v6Rotation(rng, "2a0e:97c0:3e3::/48", 0x1000, 4096, time.Minute, time.Minute, 40)
	slow := v6Rotation(rng, "2a0e:97c0:5a1::/48", 0x2000, 4096, time.Minute, 90*time.Second, 20)
	house := v6Rotation(rng, "2001:db8:77::/48", 0x4200, 256, 70*time.Second, time.Minute, 25)
	reqs = append(append(append(reqs, fast...), slow...), house...)
	// The ISP /48: households on /64s of other /56s, browsing.
	for hh := range 150 {
		ip := fmt.Sprintf("2001:db8:77:%x:1c2:%x:fe00:1", 0x100*(hh%60)+hh, hh)
		for at := time.Duration(rng.Int64N(int64(10 * time.Second))); at < d; at += time.Duration(5e9 + rng.Int64N(15e9)) {
			page := fmt.Sprintf("/news/article-%d", rng.IntN(900))
			reqs = append(reqs, req{at: at.Truncate(time.Second), ip: ip, method: "GET", path: page, ua: pick(rng, browserUAs)})
			for k := range 8 {
				reqs = append(reqs, req{at: (at + time.Duration(80+40*k)*time.Millisecond).Truncate(time.Second), ip: ip, method: "GET",
					path: fmt.Sprintf("/static/img-%d.webp", rng.IntN(500)), ua: chrome, referer: "https://site.example" + page})
			}
		}
	}
	// The cloud /48: tenants polling one API each at 1-2/s, and another's
	// at 3/s (each of the latter is banned as its /64 by flood-prefix at
	// HEAD too: floodAggRate; none may be banned as a prefix).
	tenants3 := map[string]bool{}
	for c := range 60 {
		ip := fmt.Sprintf("2600:1f18:4a2:%x::%x", 0x200+c, 9+c)
		per := 1 + c%2
		if c >= 40 {
			ip, per = fmt.Sprintf("2600:1f18:9c0:%x::%x", 0x300+c, 9+c), 3
			tenants3[ip] = true
		}
		for i := range int(d.Seconds()) * per {
			reqs = append(reqs, req{at: time.Duration(i) * time.Second / time.Duration(per), ip: ip, method: "GET",
				path: fmt.Sprintf("/api/v2/tenants/%d/jobs", c), query: fmt.Sprintf("since=%d", i), ua: "Go-http-client/2.0"})
		}
	}
	watch := []netip.Prefix{netip.MustParsePrefix("2a0e:97c0:3e3::/48"), netip.MustParsePrefix("2a0e:97c0:5a1::/48"), netip.MustParsePrefix("2001:db8:77:4200::/56")}
	banned, let, _ := wideRun(defaultEngine(t), sorted(reqs), watch)
	for i, w := range watch {
		t.Logf("rotation in %s: %d requests let through", w, let[i])
	}
	for ip, b := range banned {
		a := netip.MustParseAddr(ip)
		if b && !tenants3[ip] && !watch[0].Contains(a) && !watch[1].Contains(a) && !watch[2].Contains(a) {
			t.Errorf("benign %s banned", ip)
		}
	}
}
