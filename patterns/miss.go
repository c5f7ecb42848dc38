package patterns

// Some paths are only a probe when the site does not serve them: /admin/,
// /install/, /1.php or /graphql answered 200 are the site's own pages, the
// same paths answered 404 are a name tried from a scanner's word list. The
// matcher sees only the request, so such signatures mark their hits (Hit.Only)
// and the caller, which has the response status, keeps them only on a miss
// (the CrowdSec http-probing idea, one request at a time).
//
// Word lists are bare paths; a crawler revisiting a removed page of an old
// PHP site (/view.php?id=12, /download.php?file=x) sends the query it was
// linked with. Signatures whose names are also ordinary script names count
// only for a request without a query string (OnlyBare).

// Only says what the answer must be for a hit to count.
type Only uint8

const (
	OnlyMissed Only = 1 << iota // answered as a miss (Missed)
	OnlyBare                    // and the request had no query string
	// OnlyUnserved: nothing when served (2xx), in full on a miss, at
	// WatchWeight otherwise. A deep sensitive name (deepfile.go) or a
	// product's endpoint answered 200 is the site's own file or call; the
	// same refused (401, 403, 405), redirected to a login (302) or failing
	// (5xx) may be a scanner on a site that denies dotfiles or redirects
	// unknown paths: watched, so repeated probes still ban, one refusal not.
	OnlyUnserved
	// OnlyNotUpgraded: nothing when the answer is 101 Switching
	// Protocols. Set per request on a Kubernetes pod exec call's query
	// hits (k8sexec.go): the API server upgrades only a caller it let in.
	OnlyNotUpgraded
	// OnlyFailed: counts only when refused or failing (4xx but a miss,
	// 5xx): a spared search line the application evaluated and choked on
	// (nosqli-shell-call-failed). Cleared once kept: an ordinary hit.
	OnlyFailed
	// OnlyAnswered: counts unless answered as a miss. Set per request on
	// sensitive-dot-path when it stands behind a hit that counts only on
	// a miss (sensitive-certain-name): the miss counts that hit, any
	// other answer this one, as the dot-path hit alone would. Cleared
	// once kept: an ordinary hit.
	OnlyAnswered
)

// WatchWeight is what an OnlyUnserved hit weighs when the answer is
// neither a success nor a miss.
const WatchWeight = 5

// Served reports a 2xx status.
func Served(status int) bool { return status >= 200 && status < 300 }

// Missed reports a status that says the path is not there: 404, 410 and
// nginx's 444. 403 is left out: sites answer it to paths they have, for
// this request (a WordPress nonce gone stale behind a page cache, a CSRF
// token, an expired admin session, an ACL, a WAF, xmlrpc.php blocked for
// everyone), so a 403 says nothing about a word list. 400 and 405 are left
// out too (an API answers a refused form or a wrong method on an endpoint
// it has: an OAuth token endpoint answers a wrong password 400), as is 401
// (the path exists and asks for credentials), and 2xx, 3xx and 5xx.
func Missed(status int) bool {
	switch status {
	case 404, 410, 444:
		return true
	}
	return false
}

// Counts reports whether a hit with condition o counts for a request with
// this status and raw query.
func (o Only) Counts(status int, query []byte) bool {
	if o&OnlyMissed != 0 && !Missed(status) {
		return false
	}
	if o&OnlyUnserved != 0 && Served(status) {
		return false
	}
	if o&OnlyNotUpgraded != 0 && status == 101 {
		return false
	}
	if o&OnlyFailed != 0 && (status < 400 || Missed(status)) {
		return false
	}
	if o&OnlyAnswered != 0 && Missed(status) {
		return false
	}
	return o&OnlyBare == 0 || len(query) == 0
}

// KeepAnswered drops from hits, in place, those whose condition the answer
// does not meet, and returns what is left. It allocates nothing.
func KeepAnswered(hits []Hit, status int, query []byte) []Hit {
	out := hits[:0]
	for _, h := range hits {
		if h.Only == 0 || h.Only.Counts(status, query) {
			if h.Only&OnlyUnserved != 0 && !Missed(status) && h.Weight > WatchWeight {
				h.Weight = WatchWeight
			}
			// kept on another answer than 101: an ordinary hit again
			// (callers read a non-zero Only as a probe's hint)
			h.Only &^= OnlyNotUpgraded | OnlyFailed | OnlyAnswered
			out = append(out, h)
		}
	}
	return out
}
