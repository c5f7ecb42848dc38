package detector

import (
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"
	"time"
)

// TestResourceBytesRangeFlood: attacks5 range-download-bandwidth-flood's
// shape. A 4.7 GB ISO, downloaded whole once by someone (so its size is
// known); 3 addresses fetch random 50-200 MB ranges of it ~1.7 times a
// second with wget and no Referer. Before resource-bytes none was banned
// (no rule counts bytes; 2-3 requests/s is under every floor). Now each is
// banned once it has fetched 8 times the file (~37.6 GB, a few minutes).
// Never banned: aria2 with 16 segments, three runs (3 times the file);
// IDM re-splitting 30 segments (1.3 times); an office NAT whose 60 people
// stream a 2 GB recording in a browser (ranges with the page's Referer,
// 60 times the file).
func TestResourceBytesRangeFlood(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(4, 7))
	const iso, size = "/releases/24.10/example-24.10-desktop-amd64.iso", int64(4_700_000_000)
	var reqs []sizedReq
	add := func(at time.Duration, ip, path string, status int, n int64, ua, ref string) {
		reqs = append(reqs, sizedReq{req{at: at.Truncate(time.Second), ip: ip, method: "GET", path: path, status: status, ua: ua, referer: ref}, n})
	}
	add(5*time.Second, "188.185.15.241", iso, 200, size, "Wget/1.21.4", "")
	flooders := []string{"84.239.203.130", "99.247.101.165", "86.165.181.105"}
	for _, ip := range flooders {
		for at := 10 * time.Second; at < 20*time.Minute; at += time.Duration(400+rng.IntN(400)) * time.Millisecond {
			add(at, ip, iso, 206, 50e6+rng.Int64N(150e6), "Wget/1.21.4", "")
		}
	}
	aria := "185.90.6.91"
	for run := range 3 {
		at := time.Duration(run)*6*time.Minute + 30*time.Second
		for s := range 16 {
			add(at+time.Duration(s)*100*time.Millisecond, aria, iso, 206, size/16, "aria2/1.37.0", "")
		}
	}
	idm := "92.229.48.109"
	for s := range 30 {
		add(time.Minute+time.Duration(s)*20*time.Second, idm, iso, 206, size*13/300, "Internet Download Manager", "")
	}
	const video, vsize = "/media/allhands-2026-11.mp4", int64(2_000_000_000)
	office := "194.25.17.131"
	add(2*time.Second, "195.14.186.92", video, 200, vsize, chrome, "https://intranet.example/allhands")
	for p := range 60 {
		for c := range 20 {
			add(time.Duration(p)*10*time.Second+time.Duration(c)*5*time.Second, office, video, 206, vsize/20, chrome, "https://intranet.example/allhands")
		}
	}
	got, why := runSized(defaultEngine(t), sortedSized(reqs))
	for _, ip := range flooders {
		// 8 x 4.7 GB at ~125 MB a range: ~300 ranges.
		if got[ip] < 0 || got[ip] > 400 {
			t.Errorf("range flooder %s: banned at its request %d (%v), want by its 400th", ip, got[ip], why[ip])
		} else if !slices.Contains(why[ip], RuleResourceBytes) {
			t.Errorf("range flooder %s: banned by %v, want %s", ip, why[ip], RuleResourceBytes)
		}
	}
	for _, ip := range []string{aria, idm, office} {
		if got[ip] >= 0 {
			t.Errorf("%s banned at its request %d by %v", ip, got[ip], why[ip])
		}
	}
}

// TestResourceBytesNeedsTheSize: without a whole download of the file, its
// size is unknown and nothing is counted (the hole the rule documents).
func TestResourceBytesNeedsTheSize(t *testing.T) {
	t.Parallel()
	var reqs []sizedReq
	for i := range 3000 {
		reqs = append(reqs, sizedReq{req{at: time.Duration(i) * 500 * time.Millisecond, ip: "84.239.203.130", method: "GET",
			path: "/big.iso", status: 206, ua: "Wget/1.21.4"}, 125e6})
	}
	got, why := runSized(defaultEngine(t), reqs)
	if got["84.239.203.130"] >= 0 && slices.Contains(why["84.239.203.130"], RuleResourceBytes) {
		t.Errorf("resource-bytes fired without the file's size")
	}
}

// TestResourceSizesBounded: the site table keeps resourceSlots files, the
// largest replacing the smallest.
func TestResourceSizesBounded(t *testing.T) {
	t.Parallel()
	var r resourceSizes
	for i := range 3 * resourceSlots {
		r.learn(uint32(i+1), int64(resourceMin)+int64(i))
	}
	for i := range 3 * resourceSlots {
		got := r.of(uint32(i + 1))
		if want := i >= 2*resourceSlots; (got != 0) != want {
			t.Fatalf("file %d: size %d, kept %v", i, got, want)
		}
	}
}

// TestResourceBytesWholeNATAndSpellings (review rev-abuse s13): whole
// downloads (200) behind a NAT are its users, one file each, and are not
// counted: 30 apt clients of a lab fetching a 489 MiB .deb in 30 minutes
// (30 times the file) were banned when they were. A range flood that
// respells the path ("%2E", "//", "/./") is counted as the file.
func TestResourceBytesWholeNATAndSpellings(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(13, 1))
	const deb, dsize = "/debian/pool/non-free-firmware/f/firmware-nonfree/firmware-linux-nonfree_20241210-1_all.deb", int64(489 << 20)
	const iso, size = "/releases/24.10/example-24.10-desktop-amd64.iso", int64(4_700_000_000)
	var reqs []sizedReq
	add := func(at time.Duration, ip, path string, status int, n int64, ua string) {
		reqs = append(reqs, sizedReq{req{at: at.Truncate(time.Second), ip: ip, method: "GET", path: path, status: status, ua: ua}, n})
	}
	lab := "129.187.40.10"
	for i := range 30 {
		add(time.Duration(i)*time.Minute, lab, deb, 200, dsize, "Debian APT-HTTP/1.3 (2.6.1)")
	}
	add(5*time.Second, "188.185.15.241", iso, 200, size, "Wget/1.21.4")
	spellings := map[string]string{
		"84.239.203.131": "/releases/24.10/example-24.10-desktop-amd64%2Eiso",
		"84.239.203.132": "//releases/24.10/example-24.10-desktop-amd64.iso",
		"84.239.203.133": "/releases/./24.10/example-24.10-desktop-amd64.iso",
	}
	for ip, p := range spellings {
		for at := 10 * time.Second; at < 15*time.Minute; at += time.Duration(400+rng.IntN(400)) * time.Millisecond {
			add(at, ip, p, 206, 50e6+rng.Int64N(150e6), "Wget/1.21.4")
		}
	}
	got, why := runSized(defaultEngine(t), sortedSized(reqs))
	if got[lab] >= 0 {
		t.Errorf("lab NAT of apt clients banned at its request %d by %v", got[lab], why[lab])
	}
	for ip, p := range spellings {
		if got[ip] < 0 || !slices.Contains(why[ip], RuleResourceBytes) {
			t.Errorf("range flood of %s from %s: banned at %d by %v, want %s", p, ip, got[ip], why[ip], RuleResourceBytes)
		}
	}
}

// TestResourceWindowsFollowTheirClient: the windows live beside the client
// strides, keyed by client slot (resourceState), so each way a client goes
// must take its window along, and a reload must keep it. A client that
// has counted 6 times the file is banned by 3 more (over 8) only while
// its window is there: after SetPolicy it is (the window carried over);
// after Forget (evict) and after a time jump (the slots reset) it is not,
// and no window is left behind.
func TestResourceWindowsFollowTheirClient(t *testing.T) {
	t.Parallel()
	const iso, size = "/iso/big.iso", int64(1 << 30)
	flooder := "84.239.203.130"
	ranged := func(e *Engine, at time.Duration, n int) (banned bool) {
		for k := range n {
			ev := req{at: at + time.Duration(k)*time.Second, ip: flooder, method: "GET", path: iso, status: 206, ua: "Wget/1.21.4"}.event()
			ev.Size = size
			if v := e.Observe(ev); v.Decision != nil {
				banned = true
			}
		}
		return banned
	}
	start := func() *Engine {
		e := defaultEngine(t)
		ev := req{at: 0, ip: "188.185.15.241", method: "GET", path: iso, status: 200, ua: "Wget/1.21.4"}.event()
		ev.Size = size
		e.Observe(ev)
		if ranged(e, 10*time.Second, 6) {
			t.Fatal("banned at 6 times the file, want over 8")
		}
		if e.res.windows.len() != 1 {
			t.Fatalf("%d windows after one client's ranges, want 1", e.res.windows.len())
		}
		return e
	}

	e := start()
	p, _ := defaultCompiled()
	e.SetPolicy(p)
	if !ranged(e, 30*time.Second, 3) {
		t.Error("after a reload: 3 more times the file not banned; the window was lost")
	}

	e = start()
	e.Forget(netip.MustParsePrefix(flooder + "/32"))
	if e.res.windows.len() != 0 {
		t.Errorf("Forget left %d windows", e.res.windows.len())
	}
	if ranged(e, 30*time.Second, 3) {
		t.Error("after Forget: banned at 3 times the file; the evicted client's window stayed")
	}

	e = start()
	// Another client 40 minutes on, then one 30 minutes on: more than
	// MaxSkew behind, a new timeline (clock.go). The flooder's window
	// (started at 10 s) would still be open at 31 minutes.
	e.Observe(req{at: 40 * time.Minute, ip: "203.0.113.9", method: "GET", path: "/", status: 200, ua: "curl/8"}.event())
	e.Observe(req{at: 30 * time.Minute, ip: "203.0.113.10", method: "GET", path: "/", status: 200, ua: "curl/8"}.event())
	if e.Stats().TimeJumps != 1 {
		t.Fatalf("TimeJumps = %d, want 1", e.Stats().TimeJumps)
	}
	if ranged(e, 31*time.Minute, 3) {
		t.Error("after a time jump: banned at 3 times the file; a reset client's window stayed")
	}
}
