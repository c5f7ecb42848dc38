package detector

import "github.com/guardctl/guardctl/parser"

// Media segments fetched faster than they play (issue 8 item 1; attacks9
// vod-catalogue-ripping-ytdlp-ffmpeg). A video player fetches one segment
// of a few seconds of video (and one of audio) about as often as it plays
// one: a smart TV or an app 0.5-2 segments a second, a burst of a few
// dozen when it starts or seeks (benign9 smart-tv-vod-dash-and-range-
// seeking: at most 18 distinct segments in any 10 s from one address of
// three TVs). A ripper (yt-dlp with concurrent fragments, ffmpeg) fetches
// a whole catalogue as fast as the link allows: 15 and 10 segments a
// second for 12-25 minutes, 3-5 MB each. A .ts costs an asset's 1/8
// unit (and its 3-5 MB make it a download to spare: floodspare.go), an
// .aac or .m4s a page's 1.5, and the request count (raw_floor 25/s)
// never saw 10-15 a second: neither was ever banned (attacks9: 0 of 2).
//
// Such a segment counts floodSegmentPart requests in the request count
// (raw_floor 25/s, burst 200), not one, and is no download to spare
// (floodspare.go), when the client sends it without a Referer (a player in
// a web page sends the page: an office NAT watching one town hall in
// hls.js, benign2 hls-townhall-120-nat, is never charged), on a path not
// among its last eight (a live stream's viewers behind a NAT fetch each
// segment many times; byte-range HLS repeats one file), from an address
// seen with fewer than four user agents (a carrier NAT of TVs and phones
// shows many), answered 200 or 206 (a ripper asking bytes=0- for each
// segment is counted too) with floodSegmentMin to floodSegmentMax bytes
// (a few seconds of media: not a playlist, not a whole film). Its units
// are an asset's, as before.
//
// At raw_floor that bans a segment stream above 25/4 = 6.25 a second,
// within 200/(4r-25) s at r/s: the ripper at 15/s within ~6 s (~86
// requests), ffmpeg at 10/s within ~13 s (~133), 9/s within ~18 s.
// A player may fetch 50 segments at once (a start or a seek buffering
// 50 s of 2 s video and audio segments), 81 over 5 s, and play any
// number of hours at 2 a second.
//
// What it lets through (documented holes): a ripper at 6 segments a
// second or fewer (about 190 Mbit/s of 4 MB segments); one that sends a
// Referer (it must then fetch that page, or its segments are stray:
// stray.go), that rotates four user agents, or that fetches byte ranges
// of one file (resource-bytes counts those). What it could ban: one user
// agent without a Referer fetching distinct segments above 6 a second for
// longer than a start buffer: a CDN's or a mid-tier cache's origin pulls
// (operators allowlist their CDN), seven devices of at most three user
// agents behind one address each playing 2 s segments with separate audio
// (6 s muxed segments: 37 devices), an app's offline download of a whole
// film from a fast link.
const (
	floodSegmentPart = 4        // requests a segment counts
	floodSegmentMin  = 16 << 10 // 2 s of 64 kbit/s audio is 16 KiB
	floodSegmentMax  = 16 << 20 // 10 s of 4K video; a whole film is more
)

// floodSegment reports a media segment fetched a ripper's way (see
// above). uas is the client's user-agent set (floodUAs) and repeat
// whether the path is among its last eight.
func floodSegment(ev *parser.Event, uas uint64, repeat bool) bool {
	return len(ev.Referer) == 0 && !repeat && uas>>48 == 0 && (ev.Status == 200 || ev.Status == 206) &&
		ev.Size >= floodSegmentMin && ev.Size <= floodSegmentMax && mediaSegment(ev.Path)
}

// mediaSegment reports whether path names a segment of streamed media: a
// CMAF or DASH segment (.m4s, .cmfv, .cmfa), or a .ts, .aac, .m4a, .mp4,
// .m4v or .webm file whose name ends in its number (seg_00012.ts,
// index966.ts, chunk-stream0-00042.m4a, fileSequence3.ts): a player's
// segments are numbered, a site's videos and scripts mostly are not.
func mediaSegment(path []byte) bool {
	var buf [8]byte
	ext := lowerExt(path, &buf)
	switch string(ext) {
	case "m4s", "cmfv", "cmfa":
		return true
	case "ts", "aac", "m4a", "mp4", "m4v", "webm":
		i := len(path) - len(ext) - 2 // the stem's last byte
		return i >= 0 && path[i] >= '0' && path[i] <= '9'
	}
	return false
}
