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

// TestFloodSameFile: one file downloaded whole again and again
// (attack-s9 A10: a 20 MB PDF at 20/s, a 5 MB zip at 30/s; a brochure at
// 10/s; a video rotating four browser user agents at 20/s; attacks7's
// export.csv at 10/s with the app's Referer, also alternating Chrome and
// Edge: review rev-detect s15) is banned once its run's budget is spent
// (floodsame.go: floodSameBudget, then priced as a page repeated), within
// budget + 60 downloads. floodSameFile (97955e5, taken out in review s9)
// and the hammer credit (8f95250, taken back in s15) banned download
// crowds; what must hold: a lecture hall of 80 on many browsers fetching
// one slides PDF within 8 s from Moodle, a CI fleet of 120 curl jobs
// fetching one tarball in 20 s, a lab of 80 machines of one image
// fetching one PDF in 8 s and its next class 40 s later, a class of 30
// on one browser build downloading one worksheet within 10 s, an
// analyst's script exporting every 20 s, a webcam page fetching its
// 300 KiB snapshot every second with a new query (and a NAT's viewers at
// 10/s), and a video player reading one file in 206 Range parts at 8/s
// are never banned. Before floodsame.go no flood here but the zip (by the
// request count, at ~1,225) was banned.
func TestFloodSameFile(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(10, 20))
	var reqs []sizedReq
	for _, r := range crowd(rng, 150*time.Second) {
		reqs = append(reqs, sizedReq{r, 20 << 10})
	}
	floods := map[string]bool{}
	rot := []string{chrome, "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
		"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"}
	edge := "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
	sized := func(rs []req, mb int64, ref string) []sizedReq {
		out := make([]sizedReq, len(rs))
		for i, r := range rs {
			r.referer = ref
			out[i] = sizedReq{r, mb << 20}
		}
		return out
	}
	for k, f := range []struct {
		path string
		rate float64
		uas  []string
		mb   int64
		ref  string
	}{
		{"/wp-content/uploads/2026/10/catalogue-2026.pdf", 20, []string{"python-requests/2.32.3"}, 20, ""},
		{"/downloads/release-4.2.zip", 30, []string{"Wget/1.21.4"}, 5, ""},
		{"/files/brochure.pdf", 10, []string{"python-requests/2.32.3"}, 3, ""},
		{"/static/video/intro.webm", 20, rot, 8, ""},
		{"/reports/export.csv", 10, []string{chrome}, 4, "https://app.example/reports"},
		{"/reports/export.csv", 10, []string{chrome, edge}, 4, "https://app.example/reports"},
	} {
		ip := fmt.Sprintf("203.0.113.%d", 90+k)
		floods[ip] = true
		rs := oneFile(ip, f.path, 200, f.uas, 30*time.Second, f.rate, int(75*f.rate))
		for i := range rs {
			if f.ref != "" {
				rs[i].query = fmt.Sprintf("range=all&_=%d", 1700001000+i)
			}
		}
		reqs = append(reqs, sized(rs, f.mb, f.ref)...)
	}
	reqs = append(reqs, sized(oneFile("198.51.100.150", "/courses/bio-101/worksheet-7.pdf", 200, []string{chrome}, 30*time.Second, 3, 30), 2, "")...)
	for _, ip := range []string{"198.51.100.151", "198.51.100.156"} {
		rate, n := 1.0, 150
		if ip == "198.51.100.156" {
			rate, n = 10, 1500
		}
		cam := oneFile(ip, "/cam/snapshot.jpg", 200, rot, 0, rate, n)
		for i := range cam {
			cam[i].query = fmt.Sprintf("t=%d", cam[i].at.Milliseconds()+int64(i))
		}
		for _, r := range sized(cam, 0, "https://site.example/cam/") {
			r.size = 300 << 10
			reqs = append(reqs, r)
		}
	}
	reqs = append(reqs, sized(oneFile("198.51.100.152", "/media/lecture-3.mp4", 206, []string{chrome}, 0, 8, 1200), 1, "")...)
	reqs = append(reqs, sized(oneFile("198.51.100.153", "/courses/cs101/week3/slides.pdf", 200, append(rot, chrome), 2*time.Minute, 10, 80), 5, "https://moodle.example.edu/course/view.php?id=101")...)
	reqs = append(reqs, sized(oneFile("198.51.100.154", "/downloads/agent-1.4.2-linux-amd64.tar.gz", 200, []string{"curl/8.5.0"}, time.Minute, 6, 120), 18, "")...)
	for _, from := range []time.Duration{20 * time.Second, 68 * time.Second} {
		reqs = append(reqs, sized(oneFile("198.51.100.155", "/files/cs101/lecture5.pdf", 200, []string{chrome}, from, 10, 80), 2, "https://lms.example/course/cs101/")...)
	}
	analyst := oneFile("198.51.100.157", "/reports/export.csv", 200, []string{"python-requests/2.32.3"}, 0, 0.05, 8)
	for i := range analyst {
		analyst[i].query = fmt.Sprintf("range=%dd", i+1)
	}
	reqs = append(reqs, sized(analyst, 2, "https://app.example/reports")...)
	at, why := runSized(defaultEngine(t), sortedSized(reqs))
	for ip, n := range at {
		switch {
		case floods[ip] && (n < 0 || n > floodSameBudget+60):
			t.Errorf("flood %s banned at its request %d (-1: never), want within %d", ip, n, floodSameBudget+60)
		case floods[ip]:
			t.Logf("flood %s banned at its request %d by %v", ip, n, why[ip])
		case n >= 0:
			t.Errorf("benign %s banned (%v) at its request %d", ip, why[ip], n)
		}
	}
}

// TestFileFP: a large download's spellings that a server serves as one
// file share its fingerprint (a flood rotating them never made the file
// 4 of its last eight paths); other paths do not, one name in other
// directories (a media server's /Items/<id>/Images/Primary) included.
func TestFileFP(t *testing.T) {
	t.Parallel()
	want := fileFP([]byte("/files/x.pdf"))
	for _, p := range []string{"//files/x.pdf", "/./files/x.pdf", "/files//x.pdf", "/%66iles/x.pdf", "/files/x%2epdf",
		"/files/X.PDF", "/files/x.pdf;jsessionid=1", "files/x.pdf", "/files%2fx.pdf", "/files;v=2/x.pdf"} {
		if got := fileFP([]byte(p)); got != want {
			t.Errorf("fileFP(%q) = %#x, want %#x (as /files/x.pdf)", p, got, want)
		}
	}
	for _, p := range []string{"/files/y.pdf", "/files/x.pdf.zip", "/files/x.pdf/", "/files/x.pd", "/other/x.pdf", "/x.pdf",
		"/Items/1/Images/Primary", "/Items/2/Images/Primary"} {
		if got := fileFP([]byte(p)); got == want {
			t.Errorf("fileFP(%q) = %#x, the same as /files/x.pdf", p, got)
		}
	}
	if a, b := fileFP([]byte("/Items/1/Images/Primary")), fileFP([]byte("/Items/2/Images/Primary")); a == b {
		t.Errorf("two items' Primary images share fileFP %#x", a)
	}
}
