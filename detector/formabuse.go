package detector

// Slow form abuse that no login word names, counted in the abuse window
// (formwindow.go) like card testing (session 12, realistic attacks4):
//
//   - password-reset requests (abuseReset): account enumeration through
//     a reset form or API that answers an unknown address 404 (1,400
//     POSTs to /api/v1/auth/password-reset at ~3/s were never banned:
//     no login path, 3 units a second is under [flood], and slow-scan
//     counts the one name /api once);
//   - blog comments (abuseComment): WordPress's /wp-comments-post.php,
//     Drupal's /comment/reply/N (a bot posting 50 comments one every
//     12-66 s, fetching the post before each, was never banned);
//   - Magento's checkout REST call that places the order,
//     .../V1/guest-carts/<id>/payment-information (abuseForm, a card):
//     a tester making a new cart for each card with a checkout page
//     view between was never banned; the checkout script's own cart
//     calls (magentoCartStep) are no views of the chain.
//
// An answer 2xx/3xx to a reset or a comment (sent, held for moderation)
// is worth half a unit, any other (404 unknown account, 409 duplicate
// comment, 429 too fast, 403) two: a person resets once or twice and
// comments a few times; a bot's answers are mostly refusals. Setting the
// new password is no reset request where the URL tells it
// (resetSetStep); Magento's payment-information answered 2xx placed the
// order and counts no unit (formwindow.go).

// resetWords are the password-reset spellings, lower case, without the
// separators squeeze drops: /forgot-password, /lost-password (WooCommerce,
// Nextcloud's /lostpassword/email), /password_reset (Django),
// /api/v1/auth/password-reset, /reset-password, Keycloak's
// /login-actions/reset-credentials, Magento's forgotpasswordpost.
var resetWords = [...]string{"forgotpassword", "lostpassword", "passwordreset", "resetpassword", "resetcredentials", "forgottenpassword", "passwordforgot", "passwordrecover", "recoverpassword"}

// resetEnds are reset endpoints named by their last segments (squeezed):
// Devise's POST /users/password, Laravel's /password/email, Shopify's
// /account/recover, OpenCart's account/forgotten (also in the query).
var resetEnds = [...]string{"userspassword", "passwordemail", "accountrecover", "accountforgotten"}

// slowAbuseKind reports the kind of a POST to path p with query q that
// the abuse window counts besides abuseKind's: abuseReset, abuseComment,
// abuseForm (Magento's payment-information), or abuseNone.
func slowAbuseKind(p, q []byte) int {
	if hasSuffixFold(p, "/wp-comments-post.php") || containsFold(p, "/comment/reply/") {
		return abuseComment
	}
	if hasSuffixFold(trimSlash(p), "/payment-information") && magentoCartStep(p) {
		return abuseForm
	}
	if resetSetStep(p, q) {
		return abuseNone // the second step: the new password, not a request
	}
	var b [128]byte
	s := squeeze(b[:0], p)
	for _, w := range resetWords {
		if containsFold(s, w) {
			return abuseReset
		}
	}
	for _, w := range resetEnds {
		if hasSuffixFold(s, w) {
			return abuseReset
		}
	}
	// WordPress's POST /wp-login.php?action=lostpassword, OpenCart's
	// ?route=account/forgotten.
	for len(q) > 0 {
		var x []byte
		x, q = cutParam(q)
		if hasSuffixFold(x, "=lostpassword") || hasSuffixFold(x, "account/forgotten") || hasSuffixFold(x, "account%2fforgotten") {
			return abuseReset
		}
	}
	return abuseNone
}

// resetSetStep reports a POST that sets the new password, the reset's
// second step, where the URL tells it from a request for a reset (review
// s12 item 2: a university NAT's students, each requesting a reset and
// then setting the password, counted two resets each): a path named
// reset-password or password-reset (not forgot or lost) with a token
// after the name (/reset-password/<token>) or a parameter named token
// (?token=...), and Laravel's POST /password/reset, whose token is in the
// body (its request is /password/email). Where the token is only in the
// body (Fortify's POST /reset-password) the URL cannot tell; such a
// step answered 2xx/3xx counts half a unit like any reset sent. Lets
// through: an enumerator adding ?token=x or a token-shaped last segment
// to a reset-password URL that the application still routes to its
// request handler.
func resetSetStep(p, q []byte) bool {
	p = trimSlash(p)
	if hasSuffixFold(p, "/password/reset") {
		return true
	}
	last, dir := p, p[:0]
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			last, dir = p[i+1:], p[:i]
			break
		}
	}
	var b [128]byte
	if tokenSegment(last) {
		s := squeeze(b[:0], dir)
		return hasSuffixFold(s, "resetpassword") || hasSuffixFold(s, "passwordreset")
	}
	s := squeeze(b[:0], p)
	if !hasSuffixFold(s, "resetpassword") && !hasSuffixFold(s, "passwordreset") {
		return false
	}
	for len(q) > 0 {
		var x []byte
		x, q = cutParam(q)
		k := x
		for i, c := range x {
			if c == '=' {
				k = x[:i]
				break
			}
		}
		if containsFold(k, "token") {
			return true
		}
	}
	return false
}

// tokenSegment reports a path segment shaped like a reset token: 16
// characters or more of letters, digits, '-' and '_', with a digit.
func tokenSegment(x []byte) bool {
	if len(x) < 16 {
		return false
	}
	digit := false
	for _, c := range x {
		switch {
		case '0' <= c && c <= '9':
			digit = true
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '-', c == '_':
		default:
			return false
		}
	}
	return digit
}

// magentoCartStep reports a call of Magento's checkout REST API on a
// cart (/rest/<store>/V1/guest-carts/..., /V1/carts/mine/...): the
// checkout page's script creates the cart, adds the item, estimates
// shipping, sets the address and places the order there. Within an abuse
// chain none is a view: a card tester's script makes 3 of them before
// each card and would otherwise hold the chain's ratio up for ever.
func magentoCartStep(p []byte) bool {
	return containsFold(p, "/v1/guest-carts") || containsFold(p, "/v1/carts/mine")
}

// trimSlash drops p's trailing slashes.
func trimSlash(p []byte) []byte {
	for n := len(p); n > 0 && p[n-1] == '/'; n-- {
		p = p[:n-1]
	}
	return p
}

// squeeze appends p to dst without '-', '_', '/' and '.', lower case, at
// most dst's capacity: the last bytes of a longer path (its endpoint).
func squeeze(dst, p []byte) []byte {
	p = trimSlash(p)
	n := 0
	for i := len(p) - 1; i >= 0 && n < cap(dst); i-- {
		if c := p[i]; c != '-' && c != '_' && c != '/' && c != '.' {
			n++
		}
	}
	dst = dst[:n]
	for i := len(p) - 1; i >= 0 && n > 0; i-- {
		c := p[i]
		if c == '-' || c == '_' || c == '/' || c == '.' {
			continue
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		n--
		dst[n] = c
	}
	return dst
}
