package detector

import (
	"math"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

// The login model (rules.Login) judges brute force by proportion, not only
// by count. A password guesser's traffic is mostly refused logins; a NAT or
// a busy browser has hundreds of ordinary requests per refusal, and a user
// who mistypes has successes between refusals. So three decayed counts are
// kept per client (time constant Memory, event time):
//
//	F  refused logins: POSTs to a login path answered 401, 403 or 429, or
//	   200 on a form endpoint (it answers a failure with the form again),
//	   or 400 on a token endpoint (invalid_grant); GETs and HEADs answered
//	   401 without a Referer (HTTP basic auth: these ban only at Failures
//	   and QuickShare of the client's traffic)
//	S  successful logins: other 2xx and 3xx answers to those POSTs
//	O  every other request of the client
//
// A refusal is a violation when E = F - SuccessCost*S reaches Failures and
// E is at least Share of F+S+O, or reaches QuickFailures and is at least
// QuickShare of F+S+O (a client that does nothing but fail). A violation is worth Weight points and
// starts F and S again.
//
// O is counted on every request without time arithmetic: requests since
// the last login POST wait in a counter and join the decayed sum, undecayed,
// at the next one (which errs towards not banning). Three int64 slots per
// client.

// Login slot offsets within a client's stride, from c.login.
const (
	loginLast  = iota // event time of the last login POST, ns
	loginFS           // F and S, float32 bits, F high
	loginOther        // O (float32 bits, high) and requests pending (low)
	loginSlots
)

type clogin struct {
	rule               uint16
	weight             int
	rx                 *rules.Login
	failures, share    float64
	quickF, quickShare float64
	successCost, sinvT float64 // sinvT: 1/Memory in 1/ns
}

func compileLogin(l *rules.Login, rule uint16) *clogin {
	if l == nil {
		return nil
	}
	return &clogin{
		rule: rule, weight: l.Weight, rx: l,
		failures: l.Failures, share: l.Share, successCost: l.SuccessCost,
		quickF: l.QuickFailures, quickShare: l.QuickShare,
		sinvT: 1 / float64(l.Memory),
	}
}

// login runs the model on a request and reports a violation.
func (e *Engine) login(l *clogin, st []int64, te int64, ev *parser.Event, r *request) bool {
	refused, ok, basic := false, false, false
	switch m := string(ev.Method); {
	case m == "POST" && l.rx.Path.Match(r.path()):
		switch s := ev.Status; {
		case s == 401 || s == 403 || s == 429:
			refused, ok = true, true
		case s == 400 && tokenPath(r.path()):
			// An OAuth/OIDC token endpoint answers a wrong password
			// 400 invalid_grant (RFC 6749 5.2).
			refused, ok = true, true
		case s == 200 && l.rx.Form != nil && l.rx.Form.Match(r.path()):
			refused, ok = true, true
		case s >= 200 && s < 400:
			ok = true
		}
	case ev.Status == 401 && len(ev.Referer) == 0 && (m == "GET" || m == "HEAD"):
		// HTTP basic auth refused (hydra's http-get sends no Referer). A
		// page's own calls carry its Referer: an open tab polling an API
		// after its session expired is no guesser.
		refused, ok, basic = true, true, true
	}
	if !ok {
		if p := uint32(st[loginOther]); p < math.MaxUint32 {
			st[loginOther]++
		}
		return false
	}
	k := 1.0
	if last := st[loginLast]; last != 0 && te > last {
		k = math.Exp(-float64(te-last) * l.sinvT)
	}
	fs, ot := uint64(st[loginFS]), uint64(st[loginOther])
	f := float64(math.Float32frombits(uint32(fs>>32))) * k
	s := float64(math.Float32frombits(uint32(fs))) * k
	o := float64(math.Float32frombits(uint32(ot>>32)))*k + float64(uint32(ot))
	if refused {
		f++
	} else {
		s++
	}
	viol := false
	// Basic-auth refusals ban only when they are Failures and QuickShare
	// of the client's traffic: a person mistyping sees nothing but the
	// browser's prompt between attempts, and Windows' WebDAV redirector
	// gets a 401 before nearly every request it then makes (a share of
	// ~0.5); hydra's are all refusals.
	share := l.share
	if basic {
		share = l.quickShare
	}
	if e, t := f-l.successCost*s, f+s+o; refused && (e >= l.failures && e >= share*t || !basic && e >= l.quickF && e >= l.quickShare*t) {
		viol = true
		f, s = 0, 0
	}
	st[loginLast] = te
	st[loginFS] = int64(uint64(math.Float32bits(float32(f)))<<32 | uint64(math.Float32bits(float32(s))))
	st[loginOther] = int64(uint64(math.Float32bits(float32(o))) << 32)
	return viol
}

// tokenPath reports a path whose last segment ends in "token" (/oauth/token,
// /oauth/access_token, /api/auth/token, /connect/token/): a token endpoint,
// where a refused password is answered 400.
func tokenPath(p []byte) bool {
	if n := len(p); n > 0 && p[n-1] == '/' {
		p = p[:n-1]
	}
	n := len(p)
	if n < 5 {
		return false
	}
	for i, c := range p[n-5:] {
		if c|0x20 != "token"[i] {
			return false
		}
	}
	return true
}
