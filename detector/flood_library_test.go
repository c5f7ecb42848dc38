package detector

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestFloodLibraryAppScreen: an app's N+1 calls with okhttp's default
// user agent and no Referer (a list, then its 30 items each by its own
// path within a second, a screen every 10 s) are never banned. It guards
// the tempting fix for gridbench flood-10's "the site's pages" floods
// from okhttp or axios (10/s, 1.5 units a page, under floor: let through
// median 20.2 %, max 56.9 % on seeds 1-10 (dev and held), banned only
// thanks to 503 answers): charging an HTTP library's user agent
// floodBareBrowser's extra on new paths banned this phone at its 25th
// request (session 11, not committed), as session 9 warned
// (rules/default.toml, bare browser pages: "an app's N+1 API calls look
// the same").
func TestFloodLibraryAppScreen(t *testing.T) {
	t.Parallel()
	const ok = "okhttp/4.12.0"
	rng := rand.New(rand.NewPCG(12, 10))
	reqs := crowd(rng, 5*time.Minute)
	for at := time.Duration(0); at < 5*time.Minute; at += 10 * time.Second {
		reqs = append(reqs, req{at: at, ip: "198.51.100.71", path: "/api/v1/items", query: fmt.Sprintf("page=%d", rng.IntN(50)), ua: ok})
		for i := range 30 {
			reqs = append(reqs, req{at: at + time.Duration(30+30*i)*time.Millisecond, ip: "198.51.100.71",
				path: fmt.Sprintf("/api/v1/items/%d", rng.IntN(200000)), ua: ok})
		}
	}
	at, why := run(defaultEngine(t), sorted(seconds(reqs)))
	wantFloodBans(t, at, why, nil, 0)
}
