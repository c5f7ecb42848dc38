package detector

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// oneFile is n downloads of path answered status from ip, perSec a second
// from from, with user agents uas in turn and no Referer, at one-second
// timestamps (as an access log has them).
func oneFile(ip, path string, status int, uas []string, from time.Duration, perSec float64, n int) []req {
	out := make([]req, n)
	for i := range out {
		at := from + time.Duration(float64(i)/perSec*float64(time.Second))
		out[i] = req{at: at.Truncate(time.Second), ip: ip, method: "GET", path: path, status: status, ua: uas[i%len(uas)]}
	}
	return out
}

// TestFloodSameFile documents an open attack (floodSameFile, taken out in
// review s9): one file downloaded whole again and again (attack-s9 A10: a
// 20 MB PDF at 20/s, a 5 MB zip at 30/s; also at 10/s and rotating four
// browser user agents) costs asset_cost a download; the floods' ban
// points are logged as known misses. What must hold: download crowds
// behind one address (a lecture hall of 80 on many browsers fetching one
// slides PDF within 8 s from Moodle, a CI fleet of 120 curl jobs fetching
// one tarball in 20 s: both banned by 97955e5), a class of 30 on one
// browser build downloading one worksheet within 10 s, a webcam page
// fetching its snapshot every second with a new query, and a video player
// reading one file in 206 Range parts at 8/s are never banned.
func TestFloodSameFile(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(10, 20))
	reqs := crowd(rng, 3*time.Minute)
	floods := map[string]bool{}
	rot := []string{chrome, "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
		"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"}
	for k, f := range []struct {
		path string
		rate float64
		uas  []string
	}{
		{"/wp-content/uploads/2026/10/catalogue-2026.pdf", 20, []string{"python-requests/2.32.3"}},
		{"/downloads/release-4.2.zip", 30, []string{"Wget/1.21.4"}},
		{"/files/brochure.pdf", 10, []string{"python-requests/2.32.3"}},
		{"/static/video/intro.webm", 20, rot},
	} {
		ip := fmt.Sprintf("203.0.113.%d", 80+k)
		floods[ip] = true
		reqs = append(reqs, oneFile(ip, f.path, 200, f.uas, time.Minute, f.rate, int(60*f.rate))...)
	}
	reqs = append(reqs, oneFile("198.51.100.150", "/courses/bio-101/worksheet-7.pdf", 200, []string{chrome}, 30*time.Second, 3, 30)...)
	for _, r := range oneFile("198.51.100.151", "/cam/snapshot.jpg", 200, []string{chrome}, 0, 1, 180) {
		r.query = fmt.Sprintf("t=%d", r.at.Milliseconds())
		r.referer = "https://site.example/cam/"
		reqs = append(reqs, r)
	}
	reqs = append(reqs, oneFile("198.51.100.152", "/media/lecture-3.mp4", 206, []string{chrome}, 0, 8, 1200)...)
	for _, r := range oneFile("198.51.100.153", "/courses/cs101/week3/slides.pdf", 200, append(rot, chrome), 2*time.Minute, 10, 80) {
		r.referer = "https://moodle.example.edu/course/view.php?id=101"
		reqs = append(reqs, r)
	}
	reqs = append(reqs, oneFile("198.51.100.154", "/downloads/agent-1.4.2-linux-amd64.tar.gz", 200, []string{"curl/8.5.0"}, 2*time.Minute, 6, 120)...)
	at, why := run(defaultEngine(t), sorted(reqs))
	for ip, n := range at {
		switch {
		case floods[ip]:
			t.Logf("known miss (floodSameFile taken out): flood %s banned at its request %d (-1: never) by %v", ip, n, why[ip])
		case n >= 0:
			t.Errorf("benign %s banned (%v) at its request %d", ip, why[ip], n)
		}
	}
}
