package detector

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/guardctl/guardctl/parser"
)

// segReq is one media request of a segment test: at, from ip, path, its
// answer's size, user agent and Referer.
type segReq struct {
	at      time.Duration
	ip      string
	path    string
	size    int64
	status  int
	ua, ref string
}

// segRun feeds reqs in order to a default engine and returns, per address,
// the index (1-based, among its own requests) of the request that got it
// banned, 0 if never, and its request count.
func segRun(t *testing.T, reqs []segReq) (bannedAt, count map[string]int) {
	t.Helper()
	e := defaultEngine(t)
	bannedAt, count = map[string]int{}, map[string]int{}
	for _, r := range reqs {
		count[r.ip]++
		if bannedAt[r.ip] > 0 {
			continue
		}
		st := r.status
		if st == 0 {
			st = 200
		}
		ev := &parser.Event{
			Time: t0.Add(r.at), Client: netip.MustParseAddr(r.ip), Method: []byte("GET"),
			Path: []byte(r.path), Status: st, Size: r.size, UA: []byte(r.ua),
		}
		if r.ref != "" {
			ev.Referer = []byte(r.ref)
		}
		ev.Peer = ev.Client
		if v := e.Observe(ev); v.Decision != nil {
			bannedAt[r.ip] = count[r.ip]
		}
	}
	return bannedAt, count
}

// ripper is a VOD ripper on ip: video and audio segments of one title
// after another at rate requests/s for dur, no Referer, one user agent.
func ripper(ip, ua string, rate float64, dur time.Duration, start time.Duration) []segReq {
	var out []segReq
	for i := 0; time.Duration(float64(i)/rate*float64(time.Second)) < dur; i++ {
		title, n := i/600, i%600
		r := segReq{at: start + time.Duration(float64(i)/rate*float64(time.Second)), ip: ip, ua: ua}
		if n%2 == 0 {
			r.path, r.size = fmt.Sprintf("/hls/title%03d/1080p/seg_%05d.ts", title, n/2), 3_500_000+int64(n%7)*100_000
		} else {
			r.path, r.size = fmt.Sprintf("/hls/title%03d/audio_de/seg_%05d.aac", title, n/2), 92_000+int64(n%5)*1000
		}
		out = append(out, r)
	}
	return out
}

// TestFloodSegmentRippers: a ripper of a VOD catalogue (attacks9
// vod-catalogue-ripping-ytdlp-ffmpeg: yt-dlp at 15, ffmpeg at 10 segment
// requests/s) is banned within its first ~10 s, and one just above the
// bound (9/s) within its first minute; before floodsegment.go none of them
// was ever banned. The bounds are today's figures, so a change that lets
// them through longer fails.
func TestFloodSegmentRippers(t *testing.T) {
	t.Parallel()
	chrome := "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/97.0.4692.99 Safari/537.36"
	cases := []struct {
		name, ip, ua string
		rate         float64
		at           int // at most this many requests before the ban
	}{
		{"yt-dlp, 15/s", "198.18.60.1", chrome, 15, 86},
		{"ffmpeg, 10/s", "198.18.61.1", "Lavf/60.16.100", 10, 132},
		{"ffmpeg, 9/s", "198.18.62.1", "Lavf/60.16.100", 9, 162},
		{"curl, 40/s", "198.18.63.1", "curl/8.5.0", 40, 60},
	}
	var reqs []segReq
	for _, c := range cases {
		reqs = append(reqs, ripper(c.ip, c.ua, c.rate, 2*time.Minute, 0)...)
	}
	sortSeg(reqs)
	at, n := segRun(t, reqs)
	for _, c := range cases {
		switch {
		case at[c.ip] == 0:
			t.Errorf("%s: never banned in %d requests", c.name, n[c.ip])
		case at[c.ip] > c.at:
			t.Errorf("%s: banned at its request %d of %d, want at most %d", c.name, at[c.ip], n[c.ip], c.at)
		default:
			t.Logf("%s: banned at its request %d of %d", c.name, at[c.ip], n[c.ip])
		}
	}
}

// TestFloodSegmentPlayers: players are never charged the segment count,
// or stay under it: a household of three TVs playing 2 s segments (video
// and audio apart) in real time, the first starting with 50 requests in 2
// s (a 50 s buffer on a fast link) and seeking twice (30 requests in a
// second each time), the others starting over 5 s; an office of 40
// viewers on one browser build watching one recording each at their own
// position in hls.js (the page as Referer, 20 distinct segments/s); a live
// stream's 20 viewers behind one NAT without a Referer on two user agents
// (each segment fetched by all: repeats); a carrier NAT of TVs and phones
// of 6 user agents at 12 distinct segments/s. None is banned before
// floodsegment.go either.
func TestFloodSegmentPlayers(t *testing.T) {
	t.Parallel()
	var reqs []segReq
	tv := []string{"Mozilla/5.0 (SMART-TV; LINUX; Tizen 7.0) AppleWebKit/537.36 (KHTML, like Gecko) 7.0 TV Safari/537.36",
		"Roku/DVP-13.0 (13.0.0.4185-C8)", "AppleCoreMedia/1.0.0.21K69 (Apple TV; U; CPU OS 17_1 like Mac OS X; en_us)"}
	for k, ua := range tv {
		start := time.Duration(k) * 40 * time.Second
		i := 0
		add := func(at time.Duration) {
			reqs = append(reqs, segReq{at: at, ip: "198.18.70.1", ua: ua, size: 2_000_000,
				path: fmt.Sprintf("/hls/tv%d/720p/seg_%05d.ts", k, i)})
			reqs = append(reqs, segReq{at: at + 20*time.Millisecond, ip: "198.18.70.1", ua: ua, size: 48_000,
				path: fmt.Sprintf("/hls/tv%d/audio/seg_%05d.aac", k, i)})
			i++
		}
		gap := 200 * time.Millisecond
		if k == 0 {
			gap = 80 * time.Millisecond
		}
		for j := range 25 {
			add(start + time.Duration(j)*gap)
		}
		for at := start + 5*time.Second; at < start+4*time.Minute; at += 2 * time.Second {
			add(at)
			if k == 0 && (at == start+3*time.Minute+time.Second || at == start+3*time.Minute+21*time.Second) {
				for j := range 15 {
					add(at + time.Duration(j)*66*time.Millisecond)
				}
			}
		}
	}
	for i := range 1200 {
		reqs = append(reqs, segReq{at: time.Duration(i) * 50 * time.Millisecond, ip: "198.18.71.1", size: 1_200_000,
			path: fmt.Sprintf("/hls/allhands/v%d/720p/seg_%05d.ts", i%40, i/40), ref: "https://intranet.example/allhands",
			ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"})
	}
	for s := range 40 {
		for v := range 20 {
			reqs = append(reqs, segReq{at: time.Duration(s)*2*time.Second + time.Duration(v)*90*time.Millisecond, ip: "198.18.72.1",
				size: 780_000, path: fmt.Sprintf("/live/index%d.ts", 900+s), ua: tv[v%2]})
		}
	}
	uas := append(append([]string{}, tv...), "AppleCoreMedia/1.0.0.22B83 (iPhone; U; CPU OS 18_1 like Mac OS X; en_us)",
		"ExoPlayerLib/2.19.1", "Dalvik/2.1.0 (Linux; U; Android 14; SM-S918B Build/UP1A.231005.007)")
	for i := range 1200 {
		reqs = append(reqs, segReq{at: time.Duration(i) * time.Second / 12, ip: "198.18.73.1", size: 1_500_000,
			path: fmt.Sprintf("/vod/%d/seg_%05d.m4s", i%30, i/30), ua: uas[i*7%6]})
	}
	sortSeg(reqs)
	at, n := segRun(t, reqs)
	for ip, name := range map[string]string{"198.18.70.1": "household of three TVs", "198.18.71.1": "office in hls.js",
		"198.18.72.1": "live stream behind a NAT", "198.18.73.1": "carrier NAT of 6 user agents"} {
		if at[ip] > 0 {
			t.Errorf("%s: banned at its request %d of %d", name, at[ip], n[ip])
		} else {
			t.Logf("%s: %d requests, never banned", name, n[ip])
		}
	}
}

// TestMediaSegment: what names a segment.
func TestMediaSegment(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]bool{
		"/hls/x/1080p/seg_00012.ts": true, "/hls/townhall/index966.ts": true, "/dash/chunk-stream0-00042.m4s": true,
		"/v/a.cmfv": true, "/a/fileSequence3.ts": true, "/hls/x/audio/seg_00001.AAC": true, "/v/clip_12.mp4": true,
		"/src/app.ts": false, "/media/trailer.mp4": false, "/hls/x/index.m3u8": false, "/a/b.m3u8": false,
		"/deps/mod.ts": false, "/podcast/ep12.mp3": false, "/x.ts/": false, "/": false,
	} {
		if got := mediaSegment([]byte(p)); got != want {
			t.Errorf("mediaSegment(%q) = %v, want %v", p, got, want)
		}
	}
}

// sortSeg orders reqs by time (stable: equal times keep their order).
func sortSeg(reqs []segReq) {
	slices.SortStableFunc(reqs, func(a, b segReq) int { return cmp.Compare(a.at, b.at) })
}
