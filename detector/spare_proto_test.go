package detector

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// cargoPath is the sparse index path of crate name.
func cargoPath(name string) string {
	switch len(name) {
	case 1:
		return "/index/1/" + name
	case 2:
		return "/index/2/" + name
	case 3:
		return "/index/3/" + name[:1] + "/" + name
	}
	return "/index/" + name[:2] + "/" + name[2:4] + "/" + name
}

// TestSpareProtoBuys: floods in the shapes of package protocols (cargo's
// sparse index, GOPROXY, a PyPI simple index), with the tools' user
// agents, at 15, 40 and 100/s for three minutes: random names answered
// 404/410 (a wordlist in the shape), random names answered 200 by a
// catch-all page of one size or of varying sizes, a rotation over twelve
// real names, random queries on one index file. 26308f7 priced them as
// spared downloads under the per-client budget (floodspare_proto.go);
// review rev-flood s11 showed a catch-all site flooded through it (fixtures
// spare-proto-*-20s) and the protocol spare was taken back: they are
// pages again, banned within protoWithin.
func TestSpareProtoBuys(t *testing.T) {
	t.Parallel()
	for _, rate := range []float64{15, 40, 100} {
		// One engine a rate: floods at 100/s priced as assets raise a
		// site's baseline for the ones at 15/s (a botnet's known lever,
		// not the spare's).
		t.Run(fmt.Sprintf("%.0f/s", rate), func(t *testing.T) {
			t.Parallel()
			protoBuys(t, rate)
		})
	}
}

func protoBuys(t *testing.T, rate float64) {
	rng := rand.New(rand.NewPCG(23, uint64(rate)))
	reqs := background(rng, 5*time.Minute)
	randCrate := func(int) string { return cargoPath(fmt.Sprintf("%x", rng.Uint64())) }
	randMod := func(int) string { return fmt.Sprintf("/github.com/%x/%x/@v/list", rng.Uint32(), rng.Uint64()) }
	randPy := func(int) string { return fmt.Sprintf("/simple/%x/", rng.Uint64()) }
	rot := func(i int) string { return cargoPath(fmt.Sprintf("crate-%d", i%12)) }
	floods, within := map[string]string{}, map[string]float64{}
	for k, f := range []struct {
		name   string
		ua     string
		path   func(i int) string
		status int
		size   func(int) int64
		query  bool
	}{
		{"cargo shape, random names 404", "cargo/1.83.0 (90b35a623 2024-11-26)", randCrate, 404, func(int) int64 { return 120 }, false},
		{"GOPROXY shape, random names 410", "Go-http-client/1.1", randMod, 410, func(int) int64 { return 90 }, false},
		{"cargo shape, catch-all 200", "cargo/1.83.0 (90b35a623 2024-11-26)", randCrate, 200, func(int) int64 { return 5120 }, false},
		{"PyPI shape, names 200, sizes vary", "pip/24.2", randPy, 200, func(int) int64 { return 2000 + rng.Int64N(20000) }, false},
		{"cargo shape, rotation of 12", "cargo/1.83.0 (90b35a623 2024-11-26)", rot, 200, func(i int) int64 { return 3000 + int64(i%12)*10 }, false},
		{"GOPROXY shape, hulk on one", "Go-http-client/1.1", func(int) string { return "/github.com/a/b/@v/list" }, 200, func(int) int64 { return 400 }, true},
	} {
		ip := fmt.Sprintf("203.0.113.%d", 10+k)
		floods[ip] = fmt.Sprintf("%s at %.0f/s", f.name, rate)
		within[ip] = protoWithin(rate)
		d := downloads(ip, f.ua, time.Minute, rate, int(180*rate), f.path, f.size)
		for i := range d {
			d[i].status = f.status
			if f.query {
				d[i].query = fmt.Sprintf("%x=%x", rng.Uint32(), rng.Uint64())
			}
		}
		reqs = append(reqs, d...)
	}
	// The control: pages of random names at the same rate, no protocol:
	// where the site's baseline lets it through, the spare is not what
	// lets the protocol's floods through.
	const control = "203.0.113.200"
	d := downloads(control, "python-requests/2.32.3", time.Minute, rate, int(180*rate), func(int) string { return fmt.Sprintf("/catalog/%x", rng.Uint64()) }, func(int) int64 { return 5120 })
	reqs = append(reqs, d...)
	at, why := runSized(defaultEngine(t), sortedSized(reqs))
	t.Logf("control %s (pages of random names) banned at its request %d", control, at[control])
	for ip, n := range at {
		switch f, ok := floods[ip]; {
		case ip == control:
		case ok && n < 0 && at[control] < 0:
			t.Logf("flood %s (%s) never banned, as the same pages without the protocol", ip, f)
		case ok && n < 0:
			t.Errorf("flood %s (%s) never banned", ip, f)
		case ok && float64(n) > within[ip]*rate:
			t.Errorf("flood %s (%s) banned only at its request %d (%v): over %.0f s", ip, f, n, why[ip], within[ip])
		case ok:
			t.Logf("flood %s (%s) banned at its request %d by %v", ip, f, n, why[ip])
		case n >= 0:
			t.Errorf("benign %s banned (%v) at its request %d", ip, why[ip], n)
		}
	}
}

// protoWithin is how long a flood of protocol-shaped pages (1.5 units
// each with no Referer) at rate/s may last before its ban: the units
// bucket (floor 20/s, burst 48) filled at what 1.5 x rate exceeds the
// floor by; a fifth more and two seconds for the one-second timestamps.
func protoWithin(rate float64) float64 {
	return 1.2*48/(1.5*rate-20) + 2
}
