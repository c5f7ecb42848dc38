package detector

import (
	"github.com/guardctl/guardctl/parser"
)

// RuleTokenGuess is the rule id of the token-guessing model: one client
// asking for URLs whose query carries a secret (a reset token, an invite
// or voucher code, a signature), a new value nearly every time, that the
// site answers 404 or 410: it has no such token.
//
// It is reset-token guessing (attacks8 reset-token-guessing-ipv6-64:
// GET /account/reset?token=<8 characters> about 3 times a second for 15
// minutes from one IPv6 /64, a new address per request, all 404). Each
// request is a plain GET of one page, under every rate; no rule counted
// a query's miss on a page the site serves.
//
// What no user produces: a reset or invite link is followed once, maybe
// twice (a 410 on the later click of a used link); a page polling a
// status with a token asks again with the same token. So a request is
// counted when all of these hold:
//
//   - a GET or HEAD answered 404 or 410;
//   - its query has a parameter whose name says it carries a secret
//     (secretParam: a name holding "token", or code, key, otp, pin,
//     invite, secret, signature, sig, hash, nonce, voucher, coupon,
//     ticket, reset);
//   - its query differs from the one of the client's last counted
//     request (a new value guessed; a reload or a poll asks the same).
//
// More than tokenLimit of them within tokenWindow (a leaky bucket drained
// at tokenLimit per tokenWindow, second by second, event time) is a
// violation worth the flood model's weight. Measured on every realistic
// set and testdata/logs: no never-banned client shows more than a few;
// the reset-token guesser fills the bucket within ~8 s.
//
// The hole this leaves: a guesser slower than tokenLimit per tokenWindow
// (one guess every 3 s or slower: ~1,200 an hour) goes free; so does one
// whose site answers a wrong token 200 with an error page, or 400/403
// (those statuses are also a signed URL that expired, a form's stale
// token); and one spreading its guesses over many clients (IPv6 /64s,
// IPv4 addresses): each is judged alone. Stated in the commit.
//
// State: one int64 slot, zero for a client never counted (so a client
// seen once still packs, compact.go): the second of the last counted
// request (low 32 bits), the bucket's level in 1/tokenUnit (16 bits), the
// fingerprint of the last counted query (high 16 bits). Off without
// [flood], like ua-rotation (it weighs as the flood model).
const RuleTokenGuess = "token-guess"

const (
	// tokenLimit and tokenWindow: the bucket. 20 new tokens missed within
	// a minute: a person re-clicking an old link misses 1-3; the guesser
	// at 3/s passes 20 in ~8 s.
	tokenLimit  = 20
	tokenWindow = 60 // seconds
	tokenUnit   = 64 // the level's fixed point
	tokenCap    = tokenLimit * tokenUnit
	tokenDrain  = tokenCap / tokenWindow // per second (21: a little slower than 20 a minute)
)

// tokenState is where the model keeps its slot: an offset into the
// client's stride, after compile's slots; -1 when off.
type tokenState struct{ slot int }

// compileToken appends the model's slot to c's stride when the policy
// has a flood model.
func compileToken(c *compiled) tokenState {
	if c.flood == nil {
		return tokenState{slot: -1}
	}
	s := tokenState{slot: c.stride}
	c.stride++
	return s
}

// tokenGuess counts a request of the client whose token slot is *v and
// reports a violation.
func tokenGuess(v *int64, te int64, ev *parser.Event) bool {
	if len(ev.Query) == 0 || ev.Status != 404 && ev.Status != 410 {
		return false
	}
	if m := string(ev.Method); m != "GET" && m != "HEAD" {
		return false
	}
	if !secretQuery(ev.Query) {
		return false
	}
	x := uint64(*v)
	q := fp16(ev.Query) | 1
	if x != 0 && uint16(x>>48) == q {
		return false
	}
	sec := uint32(te / 1e9)
	last, level := uint32(x), int64(uint16(x>>32))
	if x != 0 && sec > last {
		level = max(level-int64(sec-last)*tokenDrain, 0)
	}
	viol := level+tokenUnit > tokenCap
	if !viol {
		level += tokenUnit
	}
	*v = int64(uint64(q)<<48 | uint64(level)<<32 | uint64(sec))
	return viol
}

// secretQuery reports whether query q has a parameter whose name says it
// carries a secret (secretParam).
func secretQuery(q []byte) bool {
	for len(q) > 0 {
		var p []byte
		p, q = cutParam(q)
		for i, c := range p {
			if c == '=' {
				p = p[:i]
				break
			}
		}
		if secretParam(p) {
			return true
		}
	}
	return false
}

// secretParam reports a parameter name holding "token" (token,
// reset_token, confirmation_token, invite_token), or one of code, key,
// otp, pin, invite, secret, signature, sig, hash, nonce, voucher,
// coupon, ticket, reset, any case.
func secretParam(k []byte) bool {
	if len(k) > 32 {
		return false
	}
	if containsFold(k, "token") {
		return true
	}
	for _, w := range [...]string{"code", "key", "otp", "pin", "invite", "secret", "signature", "sig", "hash", "nonce", "voucher", "coupon", "ticket", "reset"} {
		if len(k) == len(w) && hasPrefixFold(k, w) {
			return true
		}
	}
	return false
}
