package detector

import "github.com/guardctl/guardctl/parser"

// The repeated-download budget (issue 8 item 1; attack-s9 A10, attacks7
// export-flood-and-wrk-burst, review rev-detect s15 of 8f95250). A
// bandwidth flood downloads one large file whole again and again: a
// 3.8 MB export.csv at 10/s for 75 s with a browser's user agent and the
// app's Referer (a cache-busting query on each), a 20 MB PDF at 20/s. A
// static file costs asset_cost (1/8 of a unit) and the request count
// drains at 25/s, so under ~25/s such a flood was never banned.
//
// Two charges were taken back because they banned download crowds behind
// one address: floodSameFile (97955e5, review s9: a lecture hall of 80
// fetching one PDF in 8 s, a CI fleet of 120 curl jobs fetching one
// tarball in 20 s) and the hammer credit (8f95250, review rev-detect s15:
// a computer lab of 80 machines of one image downloading one PDF in 8 s).
// Nothing in one request tells such a crowd from a flood (one path, one
// user agent or a few, a Referer or none, 200 each time). What does: a
// crowd is a bounded set of people, each downloading once; a flood does
// not end.
//
// So the count, not the shape: a GET answered 200 with floodSameBytes or
// more, of a static file whose path is floodSameShare (4) or more of the
// client's last eight (whatever the user agents: a flood alternating two
// browsers is the same flood), is one more of the client's run of
// repeated downloads; a pause of floodSamePause without one ends the run.
// The first floodSameBudget of a run cost asset_cost as before; each one
// after costs as a page repeated would: 1 + repeat_cost, + bare_cost
// without a Referer.
//
// The bound (floor 20 units/s, burst 48): a one-file flood at r/s runs
// free for floodSameBudget + 6 downloads (the path must first fill the
// ring), then pays 3 units a download (3.5 without a Referer) and is
// banned once 48 / (3r - 20) seconds of that have filled the bucket: at
// 10/s at its ~211th download (75 s, 750: 28 % let through, 100 %
// before), at 20/s its ~179th (60 s, 1,200: 15 %); from ~26/s the
// request count bans it as before. A run paused for floodSamePause every
// floodSameBudget downloads is let through: at most 160 downloads per
// 30 s + 16 s (r = 10/s), 3.5/s on average.
//
// What it must not ban, and does not (fixtures flood-download-crowds,
// rev-s15-flood-lab-pdf, flood-s16-samefile): crowds of up to
// floodSameBudget downloads of one file behind one address without a
// pause (the lab's 80, the CI fleet's 120, two labs of 80 one after the
// other at 20 s apart are two runs only if 30 s apart: 160 in one run is
// the budget's edge), an analyst's script exporting every 20 s (run
// grows by one every 20 s: 40 in a day's script is within the budget),
// a webcam snapshot or a poster image polled by a NAT's viewers (under
// floodSameBytes). Its price: a crowd of more than floodSameBudget
// machines behind one address downloading one file of 1 MiB or more
// without a 30 s pause, at over allowance / 3 a second (~7/s at floor),
// is banned after the budget: a 300-seat lecture hall fetching one
// slides PDF within 30 s would be, at about its 210th.
//
// State: the run shares the flood's user-agent slot with xhrSpare (bits
// 16-23 the count, 24-63 the time of the last): a client that both
// hammers POSTs with a Referer and re-downloads one file counts both in
// one run (each ends the other's pause sooner). Set only by a repeated
// large download, so a client of one request still packs.
const (
	floodSameBytes  = 1 << 20 // a download whose repetition is a bandwidth flood
	floodSameBudget = 160     // repeated downloads of one file per run
	floodSamePause  = int64(30 * 1e9)
	// floodSameShare of the client's last eight paths make a file
	// repeated: half, not floodDominant's six, so that a page fetched
	// between every two downloads (rev-s15-flood-hammer-evasion .202:
	// the file 5-6 of the last 8) does not end the run.
	floodSameShare = 4
)

// fileFP is the 16-bit fingerprint a large download's path goes into the
// client's path ring under: fp16 of the path as a server resolves it,
// percent-decoded, ASCII lower-cased, without empty and "." segments nor
// a segment's ';' parameters. A server serves /files/x.pdf under many
// spellings (//files/x.pdf, /./files/x.pdf, /%66iles/x.pdf,
// /files/x%2epdf, /files/x.pdf;v=1; X.PDF on a case-insensitive one), and
// a flood rotating ten of them never made the file 4 of its last eight
// paths. The whole path, not the file's name: a media server's images of
// distinct items share their last segment (/Items/<id>/Images/Primary).
// No allocation: a path resolving to more than 256 bytes keeps fp16 of
// its bytes as they are.
func fileFP(path []byte) uint16 {
	var buf [256]byte
	n, seg, param := 0, 0, false // seg: where the current segment starts in buf
	for i := 0; i < len(path); i++ {
		c := path[i]
		if c == '%' && i+2 < len(path) {
			h, okh := unhex(path[i+1])
			if l, okl := unhex(path[i+2]); okh && okl {
				c, i = h<<4|l, i+2
			}
		}
		switch {
		case c == '/' || c == '\\':
			if n == seg || n == seg+1 && buf[seg] == '.' {
				n = seg // an empty or "." segment
			} else if n < len(buf) {
				buf[n] = '/'
				n++
			} else {
				return fp16(path)
			}
			seg, param = n, false
			continue
		case param:
			continue
		case c == ';':
			param = true
			continue
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		if n == len(buf) {
			return fp16(path)
		}
		buf[n] = c
		n++
	}
	if n == seg+1 && buf[seg] == '.' {
		n = seg
	}
	return fp16(buf[:n])
}

// sameDownload reports whether ev is a repeated large download: GET,
// 200, floodSameBytes or more, its path (fingerprint pfp) floodSameShare
// or more of the client's last eight (ring, older).
func sameDownload(ev *parser.Event, ring, older, pfp uint64) bool {
	if !largeDownload(ev) {
		return false
	}
	const lo = 0x0001000100010001
	return zeroLanes(ring^pfp*lo)+zeroLanes(older^pfp*lo) >= floodSameShare
}

// largeDownload reports whether ev is a GET answered 200 with
// floodSameBytes or more (its path's fingerprint is then fileFP's).
func largeDownload(ev *parser.Event) bool {
	return ev.Status == 200 && ev.Size >= floodSameBytes && string(ev.Method) == "GET"
}

// sameRun counts one repeated large download at te in the flood's
// user-agent slot ua (burstTick, as xhrSpare) and reports whether it is
// beyond the run's budget.
func sameRun(ua, te int64) (int64, bool) {
	ua, n := burstTick(ua, te, floodSamePause)
	return ua, n > floodSameBudget
}
