package detector

import "bytes"

// Sign-up and newsletter forms in the abuse window (formwindow.go), as a
// password-reset request is counted (session 15, realistic attacks7
// ipv6-64-subscription-bombing): subscription bombing signs a victim's
// address up to thousands of lists and sites so that the confirmation
// mails bury the one that matters. From one site's log it is a client that
// POSTs a sign-up or newsletter form over and over and fetches nothing
// else: 3,561 POSTs to /newsletter/subscribe and /account/create in 45
// minutes from ~1,400 addresses of one IPv6 /64 (one client: a /64 is
// judged as one) with ten browser user agents and the form's Referer,
// never a page, every answer 200, 302 or 400; and three VPS at one every
// 10 s. Every rule was silent: no login word, no refusal status, under
// [flood].
//
// A sign-up answered 2xx/3xx (sent: the confirmation mail goes out) is
// half a unit, any other answer (400 invalid or taken address, 409, 422,
// 429) two; the chain bans at 20 units with fewer than 2 other requests
// per unit, the reset's weights. A reader subscribes once after reading
// the page that offers it; a person signing up retries a refused form a
// few times and then opens the pages the account gives; an office or a
// household /64 where many subscribe fetches each one's page and assets
// (8 or more requests per sign-up: ratio 16 per unit against 2 needed).
// A bomber posting blind, 2xx answers only, is banned at its 40th POST
// (at one per 10 s: in 7 min), one with refusals sooner.
//
// What it lets through: a bomber making 1 other request per 2xx sign-up
// (2 per unit), for instance fetching the form before each POST, or
// pausing more than abuseGap (10 min) after every 39; a bot keeping a
// fixed period of a minute or more (the monitor spare, formwindow.go)
// whose sign-ups are all answered 2xx/3xx. What it costs: an automated
// client that creates accounts blind through the form's URL (an e2e test
// runner, a bulk import) is banned at its 40th, unless it also uses the
// accounts it makes (benign5 playwright-e2e-ci: 28 sign-ups among 3,898
// requests, not banned). Push and device registrations are no sign-ups
// (signupPath): a phone registers its push token blind at every start.

// signupEnds are sign-up endpoints by the squeezed end of their path
// (squeeze: no '-', '_', '/', '.', lower case): /signup, /sign-up,
// Devise's /users/sign_up, /account/create, /create-account, Magento's
// /customer/account/createpost and /newsletter/subscriber/new, /register,
// /user/register (Drupal), /registration, /newsletter/subscribe,
// /subscribe-newsletter, /mailing-list.
var signupEnds = [...]string{"signup", "accountcreate", "createaccount", "accountcreatepost", "register", "registration",
	"newsletter", "newslettersubscribe", "newslettersubscription", "newslettersubscriber", "newslettersubscribernew", "subscribenewsletter", "mailinglist", "mailinglistsubscribe"}

// signupNot are words that make such a path something else than a
// person's sign-up: a phone's push token, a device, an OAuth client's
// dynamic registration, a CI runner or a cluster node; and an
// administration page, where an editor's autosave of a newsletter draft
// posts every 30 s with nothing between.
var signupNot = [...]string{"device", "push", "token", "client", "oauth", "connect", "runner", "node", "agent", "webhook", "admin"}

// signupPath reports whether a POST to p, squeezed s (its last bytes
// without - _ / ., lower case: squeeze), is a sign-up or a newsletter
// subscription, the abuse window's abuseSignup.
func signupPath(p, s []byte) bool {
	for _, w := range signupEnds {
		if !bytes.HasSuffix(s, []byte(w)) {
			continue
		}
		for _, x := range signupNot {
			if containsFold(p, x) {
				return false
			}
		}
		return true
	}
	return false
}
