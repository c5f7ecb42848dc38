package detector

// floodHonoured: a client that the site itself refuses with 429 Too Many
// Requests and that honours the refusal (its next request comes in a later
// second, not in the same one) floodHonouredMin times, the last one within
// floodHonouredFor, pays no bare_cost for its pages and API calls without
// a Referer. An API integration (an OpenAPI-generated client syncing an
// ERP, N+1 calls at ~16/s for minutes, no Referer) is refused by the
// site's own limiter now and then and waits before retrying: at 1.5 units
// a call it was banned within 6 s (benign4 erp-sync-openapi-429; fixture
// flood-s12-honoured-429). A flood tool does not wait: its next request
// is in the same second, and one such request takes the evidence back
// (floodHonouredMin honoured refusals again before the discount returns).
//
// What it lets through: a client that is refused with 429 somewhere on
// the site and pauses each time may send pages without a Referer at up
// to floor (20/s) instead of floor / 1.5 (~13/s); the request count, the
// repeat cost and every other cost still apply. It gets those refusals
// only from the site's limiter, which bounds what it sends where the
// limiter runs, and pays a pause of up to a second at each one.
// Only 429 counts: a 503 is any overloaded backend's answer to anyone.
const (
	floodHonouredMin = 2
	floodHonouredFor = 30 // seconds since the last 429
)

// The refusal slot (floodHonour): bits 0-31 the second of the last 429
// answered to the client, bit 32 set while the request after it has not
// come yet, bits 40-47 the refusals honoured since the last ignored one
// (saturating). Zero for a client never answered 429, so it still packs.
const (
	refusalPending = 1 << 32
	refusalShift   = 40
	refusalMax     = 0xff
)

// refusalsHonoured counts the request at te answered status in client
// st's refusal slot and reports whether the client honours the site's
// refusals (floodHonoured), as of this request.
func refusalsHonoured(st []int64, te int64, status int) bool {
	r := uint64(st[floodHonour])
	if r == 0 && status != 429 {
		return false
	}
	sec := uint64(uint32(te / 1e9))
	last, n := r&(1<<32-1), r>>refusalShift&refusalMax
	if r&refusalPending != 0 {
		if sec > last {
			n = min(n+1, refusalMax)
		} else {
			n = 0 // the refusal ignored: the evidence is taken back
		}
	}
	pending := uint64(0)
	if status == 429 {
		last, pending = sec, refusalPending
	}
	st[floodHonour] = int64(last | pending | n<<refusalShift)
	return n >= floodHonouredMin && sec-last <= floodHonouredFor
}
