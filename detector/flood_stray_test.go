package detector

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/rules"
)

// spaRoutes is a person in a single-page photo app: the shell once, then a
// client-side route every 2-5 s (a URL the server never serves), each
// view's 10-40 images and an API call with that route as their Referer.
func spaRoutes(rng *rand.Rand, ip string, d time.Duration) []req {
	out := []req{{at: 0, ip: ip, path: "/app/", ua: chrome}}
	for at := time.Second; at < d; at += 2*time.Second + time.Duration(rng.IntN(3000))*time.Millisecond {
		route := fmt.Sprintf("https://site.example/app/album/%d", rng.IntN(1e6))
		out = append(out, req{at: at, ip: ip, method: "GET", path: "/api/photos", query: "album=1", ua: chrome, referer: route})
		for i := range 10 + rng.IntN(30) {
			out = append(out, req{at: at + time.Duration(50+i*20)*time.Millisecond, ip: ip, method: "GET", ua: chrome, referer: route,
				path: fmt.Sprintf("/media/%d/%d.webp", rng.IntN(997), rng.IntN(400))})
		}
	}
	return out
}

// infiniteScroll is a gallery page scrolled for d: the page, then 15
// thumbnails a second with the page as their Referer (30 a second for a
// minute overflow the request count's 25/s, stray or not).
func infiniteScroll(ip string, from, d time.Duration) []req {
	out := []req{{at: from, ip: ip, path: "/gallery/summer", ua: chrome, referer: "https://www.google.com/"}}
	for i := range int(d.Seconds()) * 15 {
		out = append(out, req{at: from + time.Second + time.Duration(i)*time.Second/15, ip: ip, method: "GET", ua: chrome,
			referer: "https://site.example/gallery/summer", path: fmt.Sprintf("/media/thumbs/%d.jpg", i)})
	}
	return out
}

// cdnEdge is an untrusted CDN edge forwarding the cache misses of many
// people: the assets' Referers name pages the edge served from its cache
// (never fetched by this address); eight browsers, rate requests a
// second, half of them such assets, half pages it missed.
func cdnEdge(rng *rand.Rand, ip string, d time.Duration, rate int) []req {
	uas := []string{chrome, "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
		"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
		"Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1"}
	var out []req
	for i := range int(d.Seconds()) * rate {
		page := fmt.Sprintf("https://site.example/news/article-%d", rng.IntN(400))
		r := req{at: time.Duration(i) * time.Second / time.Duration(rate), ip: ip, method: "GET", ua: pick(rng, uas), referer: page,
			path: fmt.Sprintf("/static/img/%d.jpg", rng.IntN(3000))}
		if rng.IntN(2) == 0 { // a page or an API call the edge's cache missed
			r.path, r.referer = fmt.Sprintf("/news/article-%d", rng.IntN(400)), "https://www.google.com/"
		}
		out = append(out, r)
	}
	return out
}

// renderer is a search engine's page renderer: pages it fetched before
// (from another address), each page's 4-12 assets with the page as their
// Referer, rate pages a second.
func renderer(rng *rand.Rand, ip string, d time.Duration, rate int) []req {
	ua := "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
	var out []req
	for i := range int(d.Seconds()) * rate {
		at := time.Duration(i) * time.Second / time.Duration(rate)
		page := fmt.Sprintf("https://site.example/p/%d", i)
		for k := range 4 + rng.IntN(9) {
			out = append(out, req{at: at + time.Duration(k)*10*time.Millisecond, ip: ip, method: "GET", ua: ua, referer: page,
				path: fmt.Sprintf("/static/img/%d.jpg", rng.IntN(3000))})
		}
	}
	return out
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// TestFloodStray: replays of browsing at 10 requests/s (under every rate
// the flood model allows: the assets' Referers name pages the replay never
// fetched) are banned for flood-stray within ~60 requests; what does the
// same benignly is never banned: a busy office NAT on one browser build,
// a single-page app's client-side routes, a gallery scrolled at 15
// thumbnails a second, an untrusted CDN edge whose assets' pages came from
// its cache, a search engine's renderer, hotlinked images and a forum page
// embedding forty of them.
func TestFloodStray(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(8, 11))
	var reqs []req
	for i := range 200 {
		reqs = append(reqs, browsing(rng, fmt.Sprintf("10.0.%d.%d", i/250, i%250+1), 4*time.Minute, 20*time.Second, 30)...)
	}
	reqs = append(reqs, oneUANAT(rng, "198.51.100.50", 0, 4*time.Minute)...)
	reqs = append(reqs, spaRoutes(rng, "198.51.100.60", 4*time.Minute)...)
	reqs = append(reqs, infiniteScroll("198.51.100.61", 10*time.Second, 60*time.Second)...)
	reqs = append(reqs, cdnEdge(rng, "198.51.100.62", 4*time.Minute, 10)...)
	reqs = append(reqs, renderer(rng, "66.249.66.7", 4*time.Minute, 2)...)
	for i := range 300 { // hotlinks: one image each, an external page's Referer
		reqs = append(reqs, req{at: time.Duration(i) * 500 * time.Millisecond, ip: fmt.Sprintf("100.64.%d.%d", i/250, i%250+1), method: "GET", ua: chrome,
			referer: fmt.Sprintf("https://forum.example/t/%d", i), path: fmt.Sprintf("/media/%d.jpg", i)})
	}
	for i := range 40 { // a forum thread embedding forty images, read behind one address
		reqs = append(reqs, req{at: 30*time.Second + time.Duration(i)*20*time.Millisecond, ip: "100.65.0.1", method: "GET", ua: chrome,
			referer: "https://forum.example/t/photos", path: fmt.Sprintf("/media/%d.jpg", i)})
	}
	floods := map[string]bool{}
	for k, shed := range []float64{0, 0.1, 0.25} {
		ip := fmt.Sprintf("203.0.113.%d", 20+k)
		floods[ip] = true
		reqs = append(reqs, replayFlood(rng, ip, time.Duration(60+40*k)*time.Second, 20*time.Second, 10, shed)...)
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	for ip, n := range at {
		switch {
		case floods[ip]:
			if n < 0 || n > 60 {
				t.Errorf("10/s replay %s banned at its request %d, want within 60", ip, n)
			} else if !slices.Contains(why[ip], RuleFloodStray) {
				t.Errorf("10/s replay %s banned by %v, want %s", ip, why[ip], RuleFloodStray)
			}
		case n >= 0:
			t.Errorf("benign %s banned (%v) at its request %d", ip, why[ip], n)
		}
	}
}

// TestStrayRefs: the page ring's bookkeeping, exactly: a page is
// remembered, an asset of a remembered page is not stray and drains one,
// an asset of a page never fetched is stray once (its page is remembered
// then), the ninth distinct page pushes the first out, and a client's
// first request is never stray.
func TestStrayRefs(t *testing.T) {
	t.Parallel()
	e := &Engine{}
	st := make([]int64, floodSlots)
	ev := func(path, ref string) *req { return &req{ip: "192.0.2.1", path: path, referer: ref} }
	stray := func(r *req, asset bool, te int64) bool {
		p := r.event()
		ring := uint64(st[floodRecent])
		pfp := uint64(fp16(p.Path))
		s, _, _, _ := e.strayAsset(st, te, asset, ring, pfp, p)
		st[floodRecent] = int64(ring<<16 | pfp)
		return s
	}
	if stray(ev("/a.jpg", "https://x.example/p/0"), true, 1) {
		t.Fatal("a client's first request stray")
	}
	if stray(ev("/p/1", ""), false, 2) || st[floodRefs] != int64(fp16([]byte("/p/1"))) {
		t.Fatalf("page not remembered: refs %x", st[floodRefs])
	}
	if stray(ev("/b.jpg", "https://x.example/p/1?x=1#top"), true, 3) {
		t.Error("asset of the page just fetched: stray")
	}
	if !stray(ev("/c.jpg", "https://x.example/p/9"), true, 4) {
		t.Error("asset of a page never fetched: not stray")
	}
	if stray(ev("/d.jpg", "https://x.example/p/9"), true, 5) {
		t.Error("second asset of the same unfetched page: stray again")
	}
	for i := range 8 {
		stray(ev(fmt.Sprintf("/q/%d", i), ""), false, int64(6+i))
	}
	if stray(ev("/e.jpg", "https://x.example/p/1"), true, 20) {
		t.Error("asset of a page pushed out of the ring eight pages ago (many tabs opened at once): stray")
	}
	for i := range 3 * seenMax {
		stray(ev(fmt.Sprintf("/r/%d", i), ""), false, int64(30+i))
	}
	// 40 pages pushed out since: the set holds the last 16-32, and an
	// early page not among them (its bit not set by a later one) is
	// stray again.
	if n := bits.OnesCount64(uint64(st[floodSeen])) + bits.OnesCount64(uint64(st[floodSeen2])); n > 2*seenMax {
		t.Errorf("pushed-out set holds %d bits, want at most %d", n, 2*seenMax)
	}
	forgot := ""
	for i := range 8 {
		if p := fmt.Sprintf("/q/%d", i); !seenHas(st, uint64(fp16([]byte(p)))) {
			forgot = p
			break
		}
	}
	if forgot == "" {
		t.Error("pushed-out set still holds all of the first eight pages after 40 more")
	} else if !stray(ev("/f.jpg", "https://x.example"+forgot), true, 90) {
		t.Errorf("asset of %s, pushed out 40 distinct pages ago: not stray", forgot)
	}
	if stray(ev("/g.jpg", "https://x.example/g.jpg"), true, 91) {
		t.Error("asset with its own URL as Referer (Firefox spoofSource): stray")
	}
	stray(ev("/api/assets/a17", "https://x.example/photos/a17"), false, 92)
	if stray(ev("/media/a17-preview.webp", "https://x.example/photos/a17"), true, 93) {
		t.Error("asset of the client-side route an API call named as its Referer: stray")
	}
	for ref, path := range map[string]string{"https://x.example": "/", "https://x.example/p/1?x=1#top": "/p/1",
		"/p/2": "/p/2", "http://x.example:8080/a/b#c": "/a/b"} {
		if got, want := refererFP([]byte(ref)), fp16([]byte(path)); got != want {
			t.Errorf("referer %q: fingerprint %x, want that of %q (%x)", ref, got, path, want)
		}
	}
	// The bucket: strayBurst strays within a second pass, the next one
	// overflows; an explained asset takes one back.
	st = make([]int64, floodSlots)
	for i := range strayBurst {
		if e.strayOver(st, 1e9) {
			t.Fatalf("overflow at stray %d, want after %d", i+1, strayBurst)
		}
	}
	if !e.strayOver(st, 1e9) {
		t.Fatalf("no overflow after %d strays at once", strayBurst+1)
	}
	if st[floodStray] != 1e9 {
		t.Fatalf("bucket after overflow: %d, want empty (te)", st[floodStray])
	}
}

// TestDescribeStray: explain names the stray-asset evidence for an asset
// with a Referer, and not for one without (which is never stray).
func TestDescribeStray(t *testing.T) {
	t.Parallel()
	p, err := rules.Default().Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	note := ""
	has := func(r req) bool {
		for _, n := range DescribeModels(p, r.event()) {
			if n.Rule == RuleFloodStray {
				note = n.Text
				return true
			}
		}
		return false
	}
	if !has(req{ip: "192.0.2.1", method: "GET", path: "/media/1.jpg", referer: "https://site.example/p/1"}) {
		t.Error("an asset with a Referer: no flood-stray note")
	} else if !strings.Contains(note, "8x the rate and the bucket") {
		t.Errorf("flood-stray note %q: want the 8x rate and bucket of strayOver", note)
	}
	if has(req{ip: "192.0.2.1", method: "GET", path: "/media/1.jpg", referer: "https://site.example/media/1.jpg"}) {
		t.Error("an asset whose Referer is its own URL (spoofSource): a flood-stray note")
	}
	if has(req{ip: "192.0.2.1", method: "GET", path: "/media/1.jpg"}) || has(req{ip: "192.0.2.1", method: "GET", path: "/p/1", referer: "https://site.example/"}) {
		t.Error("an asset without a Referer, or a page: a flood-stray note")
	}
}

// pageLoads is one browser build's page loads from one address: a page
// every second for d, its n assets (Referer the page) spread over spread
// after it. With spread over a second the loads overlap: an office's
// people opening pages at once; within a second they do not: one
// browser, or a replay of one recorded session in order.
func pageLoads(rng *rand.Rand, ip string, from, d, spread time.Duration, n int) []req {
	var out []req
	for at := from; at < from+d; at += time.Second {
		out = append(out, pageLoad(rng, ip, at, fmt.Sprintf("/news/article-%d", rng.IntN(400)), "https://site.example/", n, 10*time.Millisecond, spread)...)
	}
	return out
}

// TestFloodManyPages: an office on one browser build whose page loads
// overlap (60 requests/s for 12 s, every second a page of 59 assets
// fetched over 3 s) is many people (evidMany) and not banned by the
// request count; the same 60 requests/s as one page load after another,
// each page's assets within its second, is one client and banned for
// flood-rate: within a minute, as a new asset of the client's own page
// counts half a request (floodOwnRun; it was 20 s before, banned at ~4 s).
func TestFloodManyPages(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(8, 12))
	reqs := shoppers(rng, 3*time.Minute)
	reqs = append(reqs, pageLoads(rng, "198.51.100.70", time.Minute, 12*time.Second, 3*time.Second, 59)...)
	reqs = append(reqs, pageLoads(rng, "203.0.113.70", 2*time.Minute, 60*time.Second, 900*time.Millisecond, 59)...)
	at, why := run(defaultEngine(t), sorted(reqs))
	if n := at["203.0.113.70"]; n < 0 || !slices.Contains(why["203.0.113.70"], rules.FloodRule) {
		t.Errorf("one page load after another at 60/s: banned at %d by %v, want by %s", n, why["203.0.113.70"], rules.FloodRule)
	}
	delete(at, "203.0.113.70")
	if n, ex := banned(at, why); n != 0 {
		t.Errorf("%d benign clients banned, e.g. %s", n, ex)
	}
}

// TestEvidMany: switched assets count in bits 0-11, halve at every new
// window, keep the evidence alive without a 304, and make many people
// at floodManyMin and floodManyShare of the requests.
func TestEvidMany(t *testing.T) {
	t.Parallel()
	var ev uint64
	for i := range 60 {
		ev = evidCount(ev, 7, false, i%2 == 0)
	}
	if ev&0xfff != 30 || !evidMany(ev) {
		t.Fatalf("30 switched of 60: %d counted, many %v", ev&0xfff, evidMany(ev))
	}
	if r := evidRoll(ev, 8); r&0xfff != 15 || r>>28&0xfff != 60 {
		t.Fatalf("rolled: switched %d, requests before %d; want 15, 60", r&0xfff, r>>28&0xfff)
	}
	few := uint64(0)
	for i := range 200 {
		few = evidCount(few, 7, false, i%10 == 0)
	}
	if evidMany(few) {
		t.Error("20 switched of 200 (one browser's page after page): many")
	}
	if a, b := moveFront(0x0004000300020001, 0x0008000700060005, 6); a != 0x0003000200010006 || b != 0x0008000700050004 {
		t.Errorf("moveFront: %x %x", a, b)
	}
}

// FuzzRefererFP: a Referer's fingerprint is that of its path, whatever
// the scheme and host before it and the query or fragment after; any
// bytes at all are taken without a panic.
func FuzzRefererFP(f *testing.F) {
	for _, s := range []string{"https://site.example/p/1?x=1#y", "http://h", "/rel/path", "", "://", "a://b/c#d?e", "https://x.example:8443/%2F..%2F"} {
		f.Add(s, "/a/b")
	}
	f.Fuzz(func(t *testing.T, ref, path string) {
		_ = refererFP([]byte(ref))
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, "?#") {
			return
		}
		host := strings.Map(func(r rune) rune {
			if r == '/' || r == '?' || r == '#' || r == ':' {
				return -1
			}
			return r
		}, ref)
		for _, u := range []string{"https://" + host + path, "https://" + host + path + "?q=1", "http://" + host + path + "#f"} {
			if got, want := refererFP([]byte(u)), fp16([]byte(path)); got != want {
				t.Fatalf("refererFP(%q) = %x, want fp16(%q) = %x", u, got, path, want)
			}
		}
	})
}

// pageLoad is page fetched at at from ref, then n images with the page
// as their Referer, after + up to spread later.
func pageLoad(rng *rand.Rand, ip string, at time.Duration, page, ref string, n int, after, spread time.Duration) []req {
	out := []req{{at: at, ip: ip, method: "GET", path: page, ua: chrome, referer: ref}}
	for range n {
		out = append(out, req{at: at + after + time.Duration(rng.Int64N(int64(spread))), ip: ip, method: "GET", ua: chrome,
			path: fmt.Sprintf("/static/img/%d.jpg", rng.IntN(3000)), referer: "https://site.example" + page})
	}
	return out
}

// shoppers are 200 people browsing for d (a page every ~20 s, its 30
// assets), the site's baseline.
func shoppers(rng *rand.Rand, d time.Duration) []req {
	var reqs []req
	for i := range 200 {
		reqs = append(reqs, browsing(rng, fmt.Sprintf("10.0.%d.%d", i/250, i%250+1), d, 20*time.Second, 30)...)
	}
	return reqs
}

// manyTabs is a person opening n product pages in tabs gap apart, each
// page's assets images fetched over spread after it (review F D2).
func manyTabs(rng *rand.Rand, ip string, n, assets int, spread, gap time.Duration) []req {
	var out []req
	for i := range n {
		at := time.Duration(i) * gap
		out = append(out, pageLoad(rng, ip, at, fmt.Sprintf("/products/item-%d", rng.IntN(5000)), "https://site.example/category/shoes", assets, 50*time.Millisecond, spread)...)
	}
	return out
}

// photoViewer is a photo app whose URL changes per photo (Immich's
// /photos/<id>): per photo an API call and the preview, both with the
// photo's route as their Referer, perSec photos a second (review F D3).
func photoViewer(ip string, perSec float64, n int) []req {
	out := []req{{at: 0, ip: ip, method: "GET", path: "/photos", ua: chrome, referer: "https://site.example/"}}
	for k := range n {
		at := 500*time.Millisecond + time.Duration(float64(k)/perSec*float64(time.Second))
		route := fmt.Sprintf("https://site.example/photos/a%04d", k)
		out = append(out, req{at: at, ip: ip, method: "GET", path: fmt.Sprintf("/api/assets/a%04d", k), ua: chrome, referer: route},
			req{at: at + 20*time.Millisecond, ip: ip, method: "GET", path: fmt.Sprintf("/media/a%04d-preview.webp", k), ua: chrome, referer: route})
	}
	return out
}

// TestFloodStrayReviewF: the benign clients review F found banned for
// flood-stray are not: tabs opened at once (pages pushed out of the ring
// are kept in the pushed-out set), photo viewers whose route changes per
// photo (an API call's Referer is remembered), untrusted CDN edges of 6-8
// user agents at 3-6 stray assets a second (the 8x bucket), Firefox's
// spoofSource (an asset's own URL as Referer); and the 10/s replays are
// still banned. (One address faking four open pages' loads, review F
// D1, is still taken for many people: see floodManyMin.)
func TestFloodStrayReviewF(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(8, 13))
	reqs := shoppers(rng, 3*time.Minute)
	for j := range 10 {
		reqs = append(reqs, manyTabs(rng, fmt.Sprintf("198.51.%d.1", j), 20, 5, 3*time.Second, 20*time.Millisecond)...)
		reqs = append(reqs, manyTabs(rng, fmt.Sprintf("198.52.%d.1", j), 12, 8, 3*time.Second, 200*time.Millisecond)...)
		reqs = append(reqs, manyTabs(rng, fmt.Sprintf("198.53.%d.1", j), 15, 6, 4*time.Second, 100*time.Millisecond)...)
	}
	for k, ps := range []float64{1.5, 2, 3} {
		reqs = append(reqs, photoViewer(fmt.Sprintf("198.51.100.%d", 80+k), ps, 60)...)
	}
	for k, rate := range []int{6, 8, 12} { // half of them stray: 3, 4 and 6 a second
		reqs = append(reqs, cdnEdge(rng, fmt.Sprintf("198.51.100.%d", 90+k), 2*time.Minute, rate)...)
	}
	for i := range 40 { // spoofSource: each asset's Referer is its own URL
		p := fmt.Sprintf("/static/img/product-%d.jpg", i)
		reqs = append(reqs, req{at: 2*time.Second + time.Duration(i)*30*time.Millisecond, ip: "198.51.100.99", method: "GET", ua: chrome, path: p, referer: "https://site.example" + p})
	}
	reqs = append(reqs, req{at: time.Second, ip: "198.51.100.99", method: "GET", path: "/", ua: chrome})
	floods := map[string]bool{}
	for k := range 2 {
		ip := fmt.Sprintf("203.0.113.%d", 20+k)
		floods[ip] = true
		reqs = append(reqs, replayFlood(rng, ip, time.Duration(60+40*k)*time.Second, 20*time.Second, 10, 0)...)
	}
	at, why := run(defaultEngine(t), sorted(reqs))
	for ip, n := range at {
		switch {
		case floods[ip]:
			if n < 0 {
				t.Errorf("flood %s never banned", ip)
			}
		case n >= 0:
			t.Errorf("benign %s banned (%v) at its request %d", ip, why[ip], n)
		}
	}
	for ip := range floods {
		if _, ok := at[ip]; !ok {
			t.Errorf("flood %s not seen", ip)
		}
	}
}
