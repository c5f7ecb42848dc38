package detector

import "github.com/guardctl/guardctl/parser"

// The abuse window: card testing, coupon guessing and contact-form spam
// counted per client over a chain of attempts, whatever the client
// requests between them.
//
// The form loop (formloop.go) judged these endpoints like a login: 10
// POSTs with nothing between. A card tester that fetches the checkout
// page, or calls ?wc-ajax=update_order_review, before each card (what
// the page's own script does) ended its run at every attempt and was
// never banned; so was a coupon guesser reloading the cart and a CF7
// spammer fetching the form's page for its nonce (session 10 review,
// open in closing10). None of these answers tells a refusal (wc-ajax
// answers 200 with the decline in the body; the Store API 400 or 402,
// and 200 for a card that passed): what a log shows is how many attempts
// one address makes and how much else it does meanwhile.
//
// So per client a chain: abuse attempts (abuseKind: 2 units each; 1 for
// a coupon after another request, as a coupon extension such as Honey
// tries 10-20 codes in a minute with the cart's fragments refreshed
// after each; half a unit, the request before it not counted as a view,
// once the chain saw the checkout page's update_order_review: such an
// extension tries 25 codes or more there, each followed by the review,
// review rev-abuse s11. A Store API batch counts as a view: a block
// checkout sends its cart and address updates through it, and what it
// runs is in its body), each within abuseGap of the previous attempt,
// and the
// client's other requests between them (views: pages, assets,
// update_order_review, anything). The chain bans (rule form-loop) at
// abuseUnits units with fewer than abuseViews views per unit. A gap over
// abuseGap ends the chain; the next attempt starts one. Past abuseHalve
// units both counts are halved, so views banked before a long run of
// attempts cannot hold the ratio up for ever.
//
// Who it is for: a buyer whose card is declined retries 2-6 times (6
// attempts, 12 units), then pays or leaves; an office or a carrier NAT
// where many people shop makes one checkout per buyer among the buyer's
// product pages, cart, checkout page and its update_order_review calls
// (8-9 other requests per checkout: 40 checkouts in 80 minutes never
// banned, TestAbuseWindowBenign); a tester makes 10 attempts with 0-3
// requests between each and is banned at the 10th (at 0-3 requests a
// second or one every 40 s: TestAbuseWindowTestersBanned), a coupon
// guesser at its 20th. What it lets through: a tester making 5 or more
// other requests per attempt (a page and 4 assets: the chain's first
// attempt has no views before it, so 4 per attempt fall just short of
// 40 by the 10th); one pausing more
// than 10 minutes after every 9 attempts (54 an hour); a tester whose
// checkouts go inside Store API batch calls (a batch is a view). What it
// costs: a coupon extension trying 20 codes or more with at most one
// request between each is banned at its 20th, unless the checkout page's
// update_order_review follows its codes (then at its 40th or so).
//
// Contact Form 7 posted with its page's Referer more than formLoopCF7Gap
// after the chain's previous attempt counts no unit: a kiosk's or a
// reception desk's lead form is sent from one address all day, minutes
// apart, with no page between (fixtures form-loop-cf7-kiosk, -reception);
// a spammer posts seconds apart. And an attempt keeping the previous gap
// of formLoopPeriod or more to within formLoopJitter (a synthetic
// monitor placing a test order every 5 minutes) counts no unit, unless
// it is a reset or a comment answered 4xx (review s12 item 5).
//
// State: the form loop's slot (loginLoop), told apart by its low two bits
// (abuseMark: 3, which the loop's fetch count never reaches): the
// attempt's second (high 32 bits), abuseOdd, abuseReviewed, abuseViewed, the gap before it (10
// bits, seconds), views (10 bits, saturating) and units (7 bits, below
// abuseHalve+2). The loop's
// login run and the chain share the slot: while a chain lasts a login
// POST is one of its views (any other request ends a login run anyway).
const (
	abuseMark  = 0x3
	abuseGap   = 10 * 60 // seconds
	abuseUnits = 2 * formLoopPosts
	abuseViews = 2  // views per unit: 4 other requests per checkout
	abuseHalve = 64 // units
)

// The kinds abuseKind reports, in the order of their weight.
const (
	abuseNone = iota
	abuseCoupon
	abuseForm
	abuseCF7
	abuseComment // formabuse.go
	abuseReset   // formabuse.go
)

// Bits of the chain's slot: abuseViewed, set by a view since its last
// attempt; abuseReviewed, set once the chain saw a POST
// ?wc-ajax=update_order_review (the checkout page's own script, which
// sends one after every coupon applied there); abuseOdd, the parity of
// the half-unit coupons and comments counted (see abuseWindow).
const (
	abuseViewed   = 1 << 29
	abuseReviewed = 1 << 30
	abuseOdd      = 1 << 31
)

// abuseWindow counts request ev at te, of abuse kind (abuseNone for
// any other request), in the chain held in slot. done says whether the
// request was the chain's (else slot is free for the loop's login run);
// viol whether it completed a violation.
func abuseWindow(slot *int64, te int64, ev *parser.Event, kind int) (done, viol bool) {
	v := uint64(*slot)
	sec := uint64(uint32(te / 1e9))
	if ev.Status >= 500 {
		kind = abuseNone // the site failed, nothing was tried
	}
	if v&abuseMark == abuseMark {
		if last := v >> 32; sec < last || sec-last > abuseGap {
			*slot, v = 0, 0 // the chain is over
		} else if kind == abuseNone {
			views := min((v>>9)&0x3ff+1, 0x3ff)
			r := uint64(0)
			if string(ev.Method) == "POST" && containsFold(ev.Query, "update_order_review") {
				r = abuseReviewed
			}
			*slot = int64(v&^(0x3ff<<9) | views<<9 | abuseViewed | r)
			return true, false
		}
	}
	if kind == abuseNone {
		return false, false
	}
	units := uint64(2)
	if kind == abuseCoupon && v&abuseViewed != 0 {
		units = 1
	}
	// A reset sent or a comment posted (held for moderation) is a
	// person's answer: half a unit (formabuse.go).
	ok := (kind == abuseComment || kind == abuseReset) && ev.Status >= 200 && ev.Status < 400
	if ok {
		units = 1
	}
	if kind == abuseForm && ev.Status >= 200 && ev.Status < 300 && magentoCartStep(ev.Path) {
		// Magento's payment-information answered 2xx placed the order: a
		// headless storefront or a POS register places dozens with no
		// page between (review s12 item 1). A card tester's cards are
		// refused (400); one whose test cards pass buys what it tests.
		units = 0
	}
	// Half a unit for a reset sent too (review s12 item 2): a help desk
	// sending 30 students a reset, a university NAT after a forced
	// expiry. An enumerator's answers are 404s at two units; one at a
	// site answering every address 200 goes free with 2 other requests
	// per reset (it needed 3 at a unit).
	half := ok
	if v == 0 {
		if half {
			*slot = int64(sec<<32 | abuseOdd | abuseMark)
			return true, false
		}
		*slot = int64(sec<<32 | units<<2 | abuseMark)
		return true, false
	}
	n, views, prev := (v>>2)&0x7f, (v>>9)&0x3ff, (v>>19)&0x3ff
	odd := v & abuseOdd
	if kind == abuseCoupon && v&abuseViewed != 0 && v&abuseReviewed != 0 {
		// A coupon extension on the checkout page: half a unit (one
		// every other such coupon), and the request before it is no
		// view, so the same shape without an end is banned by its 40th
		// code (TestRevAbuseCouponGuesserExtensionShapeBanned).
		units = odd >> 31
		odd ^= abuseOdd
		views -= min(views, 1)
	}
	if half {
		units = odd >> 31 // one every other such comment
		odd ^= abuseOdd
	}
	gap := sec - v>>32
	if kind == abuseCF7 && len(ev.Referer) > 0 && gap > formLoopCF7Gap {
		units = 0 // a kiosk's next visitor
	}
	// A monitor's period: a test order or form every few minutes. Not a
	// reset or a comment refused (4xx): an enumerator or a comment bot
	// at a steady 60 s went free for ever (review s12 item 5); a monitor
	// resetting a password or commenting gets its 2xx/3xx.
	refused := (kind == abuseReset || kind == abuseComment) && ev.Status >= 400
	if !refused && prev >= formLoopPeriod && max(gap, prev)-min(gap, prev) <= formLoopJitter {
		units = 0
	}
	n += units
	if n >= abuseUnits && views < abuseViews*n {
		*slot = 0
		return true, true
	}
	if n >= abuseHalve {
		n, views = n/2, views/2
	}
	*slot = int64(sec<<32 | odd | v&abuseReviewed | min(gap, 0x3ff)<<19 | views<<9 | n<<2 | abuseMark)
	return true, false
}
