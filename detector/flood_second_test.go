package detector

import (
	"fmt"
	"testing"
	"time"
)

// monitors is a monitoring tool's n HTTP checks on one host (no
// Referer): a first round one check a second, then every gap all n in the
// same logged second until d, shifted by off (0: a log stamped to the
// second).
func monitors(ip string, n int, d, gap, off time.Duration) []req {
	var out []req
	for k := range n {
		out = append(out, req{at: time.Duration(k) * time.Second, ip: ip, path: fmt.Sprintf("/api/v1/check-%d/health", k), ua: "Uptime-Kuma/1.23.15"})
	}
	for at := gap; at < d; at += gap {
		for k := range n {
			out = append(out, req{at: at + off, ip: ip, path: fmt.Sprintf("/api/v1/check-%d/health", k), ua: "Uptime-Kuma/1.23.15"})
		}
	}
	return out
}

// TestFloodSecondBurst (floodsecond.go): 40 monitors firing in one logged
// second every minute after a first round of one a second (60 units at
// once against the 48-unit burst, 1 unit a second on average) are never
// banned; the same burst every second, or
// 30 repeats of one page without a Referer (105 units) in one second every
// 12 s, still are; and a log with sub-second times is judged as before
// (the 40 checks stamped within one nanosecond overflow the burst).
func TestFloodSecondBurst(t *testing.T) {
	t.Parallel()
	reqs := monitors("198.51.100.61", 40, 10*time.Minute, time.Minute, 0)
	reqs = append(reqs, monitors("203.0.113.61", 40, 80*time.Second, time.Second, 0)...)
	for at := time.Duration(0); at < 2*time.Minute; at += 12 * time.Second {
		for range 30 {
			reqs = append(reqs, req{at: at, ip: "203.0.113.62", path: "/pricing/", ua: chrome})
		}
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	if at["198.51.100.61"] >= 0 {
		t.Errorf("monitors firing together every minute banned at their %dth request %v", at["198.51.100.61"], why["198.51.100.61"])
	}
	for _, ip := range []string{"203.0.113.61", "203.0.113.62"} {
		if at[ip] < 0 {
			t.Errorf("%s never banned", ip)
		}
	}
	at, _ = run(defaultEngine(t), monitors("198.51.100.62", 40, 3*time.Minute, time.Minute, time.Millisecond))
	if at["198.51.100.62"] < 0 {
		t.Errorf("40 checks within a millisecond (a log with sub-second times) never banned")
	}
}

// TestFloodSecondSustained: a client over half its allowance gets no
// slack, even one that pauses. Pages from a tool (not a browser) without a
// Referer (1.5 units each), 34 in one logged second and none in the next
// two, for a minute: 11.3 pages/s, 17 units/s against the floor's 20, and
// 51 units in every third second. The lumped seconds are what bans it (as
// gridbench -red's page floods at 10-15/s); given the slack whenever its
// own bucket was low, it went free.
func TestFloodSecondSustained(t *testing.T) {
	t.Parallel()
	reqs := []req{ // a page at 0 s and 1 s: the slack is not denied for want of a pause
		{at: 0, ip: "203.0.113.63", path: "/shop/", ua: "Go-http-client/1.1"},
		{at: time.Second, ip: "203.0.113.63", path: "/shop/sale", ua: "Go-http-client/1.1"},
	}
	for s := 3; s < 60; s += 3 {
		for k := range 34 {
			reqs = append(reqs, req{at: time.Duration(s) * time.Second, ip: "203.0.113.63", path: fmt.Sprintf("/shop/item-%d-%d", s, k), ua: "Go-http-client/1.1"})
		}
	}
	at, _ := run(defaultEngine(t), reqs)
	if at["203.0.113.63"] < 0 {
		t.Errorf("pages at 11.3/s in lumped seconds never banned")
	}
}

// TestFloodSecondYoung (review rev-flood s13): a flood at 40 requests/s
// (distinct pages, or repeats of one page, from a browser user agent
// without a Referer) right after three warm-up pages (0, 1 and 3 s; the
// flood from 6 s) is banned no later than the same flood from a client
// with no warm-up, counting the warm-up's 3 (now 27 and 17, without a
// warm-up 25 and 14). Given the slack (a pause, a low shadow bucket), its
// first second let more through: banned at its 35th and 21st.
func TestFloodSecondYoung(t *testing.T) {
	t.Parallel()
	flood := func(ip, path string, warm bool) []req {
		var out []req
		if warm {
			for _, s := range []int{0, 1, 3} {
				out = append(out, req{at: time.Duration(s) * time.Second, ip: ip, path: fmt.Sprintf("/page-%d", s), ua: chrome})
			}
		}
		for s := 6; s < 30; s++ {
			for k := range 40 {
				p := path
				if p == "" {
					p = fmt.Sprintf("/shop/item-%d-%d", s, k)
				}
				out = append(out, req{at: time.Duration(s) * time.Second, ip: ip, path: p, ua: chrome})
			}
		}
		return out
	}
	for _, path := range []string{"", "/pricing/"} {
		warm, _ := run(defaultEngine(t), flood("203.0.113.64", path, true))
		cold, _ := run(defaultEngine(t), flood("203.0.113.65", path, false))
		if cold["203.0.113.65"] < 0 || warm["203.0.113.64"] < 0 || warm["203.0.113.64"] > cold["203.0.113.65"]+3 {
			t.Errorf("flood (path %q) after a warm-up banned at its request %d, without one at %d (want at most 3 more)", path, warm["203.0.113.64"], cold["203.0.113.65"])
		}
	}
}

// TestFloodSecondMillis (review rev-flood s13): in a log with sub-second
// times, a second's requests that all fall at its .000 do not get the
// slack once the client has been seen at another time: 40 checks a minute
// at exactly .000, after a first round of one a second at .000 but for
// one at .250, are banned (given the slack by the timestamp's value, never
// banned).
func TestFloodSecondMillis(t *testing.T) {
	t.Parallel()
	reqs := monitors("198.51.100.63", 40, 3*time.Minute, time.Minute, 0)
	reqs[20].at += 250 * time.Millisecond // in the first round
	at, _ := run(defaultEngine(t), reqs)
	if at["198.51.100.63"] < 0 {
		t.Errorf("40 checks at .000 in a millisecond log never banned")
	}
}
