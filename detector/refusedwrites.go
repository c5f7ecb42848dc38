package detector

import "github.com/guardctl/guardctl/parser"

// Refused writes: one client whose traffic is nothing but writes to one
// endpoint that the site refuses or throttles, for minutes, at a pace it
// keeps whatever the answer. Forged webhooks (attacks9
// forged-stripe-webhooks: three VPS POSTing /webhooks/stripe, every one
// answered 400, at 2-5/s for 10 minutes) and SMS pumping from one address
// (attacks9 sms-pumping-otp-send-toll-fraud: POST /api/v1/auth/otp/send
// every 2 s, answered 429 after 100 s and the pace kept for 8 more
// minutes) stayed under every threshold: a 400 there is neither a login
// refusal nor [flood]'s distress, and 0.5-5 requests/s is under the flood
// floor.
//
// What an access log can tell: the answers (the site refused every one),
// the method (a write), the one path, the pace kept after a 429 (a client
// that honours it waits; one that backs off slows down), and that the
// client asks for nothing else. A person, a NAT or an integration with a
// wrong secret does not keep refused writes to one URL at one a second for
// five minutes with nothing else between: a developer's stripe-cli
// forwarder with the wrong signing secret sends one per event (30 in an
// hour: never banned), a sync honouring 429 pauses, and people behind a
// NAT get pages and successes between.
//
// So per client a run: writes (POST, PUT, PATCH, DELETE) to one path
// (an 8-bit fingerprint) answered 400, 401, 403, 409, 422 (one unit) or
// 429 (two: throttled and not waiting), each within writeGap of the
// previous. Any other request of the client counts against the run, and
// more than one per writeOthers units ends it; so does a gap over
// writeGap or a refused write to another path. The run is a violation
// (RuleRefusedWrites, [login]'s weight) once it spans writeSpan or more
// and holds writeUnits units or more and at least one unit per second of
// its span; then it starts again.
//
// What it lets through: a client under one refused write a second (two
// seconds if answered 429) on average, or pausing writeGap between bursts,
// or making one other request every writeOthers refused writes; several
// addresses sharing the work (the blend-ins: no per-address model sees
// them). What it may ban: an integration whose credentials were revoked
// that keeps posting at a second's pace for 5 minutes with nothing else
// (a real webhook sender delivering a burst of 300+ events to an endpoint
// whose secret was rotated, at a second's pace from one address: allow
// the sender's published ranges).
//
// State: one slot of the login model (loginWrites), zero for every client
// that never had a write refused: the last refused write's second (32
// bits), the path's fingerprint (8), units (10), others (4) and the
// span (10 bits, seconds, capped).
const (
	writeGap    = 30  // seconds between two refused writes of a run
	writeSpan   = 300 // seconds a run must span
	writeUnits  = 300 // units a run must hold (and one per second of its span)
	writeOthers = 8   // refused-write units per other request a run tolerates
)

// RuleRefusedWrites is the rule id of the refused-writes run's violations.
const RuleRefusedWrites = "refused-writes"

// writeUnit is what a request adds to a refused-writes run: 1 for a write
// refused, 2 for a write throttled (429), 0 for anything else.
func writeUnit(ev *parser.Event) uint64 {
	switch string(ev.Method) {
	case "POST", "PUT", "PATCH", "DELETE":
	default:
		return 0
	}
	switch ev.Status {
	case 400, 401, 403, 409, 422:
		return 1
	case 429:
		return 2
	}
	return 0
}

// refusedWrites counts request ev (path p) at te in the client's slot and
// reports a violation.
func refusedWrites(slot *int64, te int64, ev *parser.Event, p []byte) bool {
	v := uint64(*slot)
	u := writeUnit(ev)
	if u == 0 {
		if v == 0 {
			return false
		}
		units, others := v>>14&0x3ff, v>>10&0xf
		others++
		if others*writeOthers > units || others > 0xf {
			*slot = 0
			return false
		}
		*slot = int64(v&^(0xf<<10) | others<<10)
		return false
	}
	sec := uint64(uint32(te / 1e9))
	fp := uint64(fnv32(p) & 0xff)
	units, others, span := u, uint64(0), uint64(0)
	if last := v >> 32; v != 0 && v>>24&0xff == fp && sec >= last && sec-last <= writeGap {
		units = min(v>>14&0x3ff+u, 0x3ff)
		others = v >> 10 & 0xf
		span = min(v&0x3ff+sec-last, 0x3ff)
	}
	if span >= 0x3ff {
		units, others, span = u, 0, 0 // past the span's bits: a run that never got there starts again
	}
	if span >= writeSpan && units >= writeUnits && units >= span {
		*slot = 0
		return true
	}
	*slot = int64(sec<<32 | fp<<24 | units<<14 | others<<10 | span)
	return false
}
