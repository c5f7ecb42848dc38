package detector

import (
	"fmt"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/patterns"
	"github.com/guardctl/guardctl/rules"
)

// ModelNote says how one behaviour model sees a request, for `explain`.
type ModelNote struct {
	Rule string // rules.FloodRule, rules.LoginRule or RuleWordlist
	Text string
}

// DescribeModels says how the policy's flood and login models count ev on
// its own (a fresh client, the site's baseline not yet learned). It is for
// people reading one line, not the hot path: it allocates.
func DescribeModels(p *rules.Policy, ev *parser.Event) []ModelNote {
	var out []ModelNote
	if f := p.Flood; f != nil {
		cf := compileFlood(f, 0)
		class, cost := "page or API call", int64(16)
		switch {
		case syncMethod(ev.Method) || davPath(ev.Path):
			class, cost = "WebDAV call", cf.sync
		case (string(ev.Method) == "GET" || string(ev.Method) == "HEAD") && (staticFile(ev.Path) || imageRoute(ev.Path)):
			class, cost = "static asset", cf.asset
		default:
			if len(ev.Referer) == 0 {
				class, cost = "page or API call without a Referer", cost+cf.bare
				if browserUA(ev.UA) {
					class += fmt.Sprintf(" (+%.3g units from a browser's user agent after %d requests in a row with no Referer, not on an address seen with 4 user agents)", float64(floodBareExtra*cf.bare)/16, floodBareRun)
				}
			}
			if ev.Status >= 500 || ev.Status == 429 {
				class, cost = class+", answered with distress", cost+cf.dist
			}
		}
		text := fmt.Sprintf(
			"%s: %.3g flood units (+%.3g if it repeats one of the client's last 8 paths: half for a GET with a Referer, none while the client loads pages of other paths and the path is under %d of the 8; +%.3g for a GET whose Referer is one of the client's remembered pages while it loads none); a client may sustain max(%.3g, %.3g x the site's p%.3g client) units/s, bursts of %.3g; weight %d",
			class, float64(cost)/16, f.RepeatCost, floodDominant, f.RepeatCost/2, f.Floor, f.BaselineFactor, f.BaselinePercentile, f.Burst, f.Weight)
		if f.RawFloor > 0 {
			text += fmt.Sprintf("; and %.3g requests/s, bursts of %.3g (4x both from an address seen with 4 user agents; %.3gx with %d cache revalidations (304) lately, %.3g of its requests)",
				f.RawFloor, f.RawBurst, float64(floodCacheRate)/2, floodCacheMin, floodCacheShare)
		}
		out = append(out, ModelNote{Rule: rules.FloodRule, Text: text})
		if class == "static asset" && len(ev.Referer) > 0 && refererFP(ev.Referer) != fp16(ev.Path) {
			out = append(out, ModelNote{Rule: RuleFloodStray, Text: fmt.Sprintf(
				"an asset with a Referer: stray if that page is not among the client's last 8 pages, its pages' and API calls' Referers and its assets' Referers (then remembered), nor among the %d-%d pushed out before them; %d strays beyond 1 a second (an asset of a remembered page takes one back; 8x the rate and the bucket from an address seen with 4 user agents), weight %d",
				seenMax, 2*seenMax, strayBurst, f.Weight)})
		}
		if ev.Client.IsValid() {
			key, _ := floodAggKey(ev.Client)
			out = append(out, ModelNote{Rule: RuleFloodPrefix, Text: fmt.Sprintf(
				"a page or API call of 1 unit or more, from an address with no page load in its last 10-20 s, not signed in, from a browser's user agent or on one of its last 8 paths, that itself sends %d such requests/s (never its first request), counts in %s's flood bucket (as one client's: bursts of %.3g at the client allowance); over it with %d addresses counted, every such request of the prefix is a violation, and for %d s after the last (weight %d); the ban is of the address (its policy prefix), never of the %s",
				floodAggRate, floodAggPrefix(key), f.Burst, floodAggAddrs, floodAggHold/1e9, f.Weight, floodAggPrefix(key))})
		}
	}
	if l := p.Login; l != nil {
		var r request
		r.reset(ev)
		text := "not a login attempt (not a POST to a login path): counts as one of the client's other requests"
		// An app's or Jetpack's XML-RPC call is no login POST: not in the
		// /24 either.
		app := false
		if string(ev.Method) == "POST" && l.Path.Match(r.path()) {
			switch s := ev.Status; {
			case s == 403 && jetpackCall(ev.UA, r.path()):
				text, app = "Jetpack's call to an XML-RPC endpoint the site blocks (403): not a login attempt, counts as one of the client's other requests", true
			case s == 200 && xmlrpcApp(ev.UA, ev.Client, r.path()):
				text, app = "Jetpack's (from 192.0.64.0/18) or a WordPress mobile app's XML-RPC call answered 200: no refusal, counts as one of the client's other requests (a guesser borrowing the app's user agent is let through)", true
			case s == 401 || s == 403 || s == 429:
				text = "a refused login"
			case s == 422:
				text = "a refused login (422: a JSON login API's validation refusal)"
			case s == 400 && (tokenPath(r.path()) || apiLogin(r.path())):
				text = fmt.Sprintf("a refused login (400 on a token endpoint or a JSON login API: invalid_grant, a wrong password or one-time code; but not within %d min of the client's device-authorization POST answered 2xx, whose polls are answered 400)", deviceGrace/60)
			case s == 200 && l.Form != nil && l.Form.Match(r.path()):
				text = "a refused login (a form endpoint answering 200: in the /24 only as a blind form post, see below)"
			case s >= 200 && s < 300 && tokenPath(r.path()):
				text = fmt.Sprintf("a successful login and a token grant (%d grants within the memory count as signed in: [flood] charges no repeat cost)", floodSignedIn)
			case s >= 200 && s < 400:
				text = "a successful login"
				if s == 302 || s == 303 {
					text += fmt.Sprintf(" (taken back and counted a refusal if the redirect, followed within %d s with nothing between, lands on a login page answered 401/403 or naming an error or a failure: Jenkins's /loginError, Spring's /login?error)", int(redirectGap/1e9))
				}
			case s == 400:
				text = "a login form's POST answered 400 (a stale CSRF token, a malformed body): neither refusal nor success"
			default:
				text = fmt.Sprintf("a login POST answered %d: neither refusal nor success", s)
			}
			text += fmt.Sprintf("; bans when refusals - %.3g x successes reach %.3g and %.0f %% of the client's requests, or %.3g and %.0f %% (decay %s; a run of refusals whose first POST had a Referer and followed %d or more requests, the form's page and assets, and that started %s or more after the client's previous run must also span %d s per refusal after its first when this one has a Referer); weight %d",
				l.SuccessCost, l.Failures, 100*l.Share, l.QuickFailures, 100*l.QuickShare, rules.FormatDuration(l.Memory), pacedPage, rules.FormatDuration(l.Memory), quickPace, l.Weight)
			text += reguessNote(p)
			if ev.Client.IsValid() && !app {
				key, _ := subnetKey(ev.Client)
				text += fmt.Sprintf("; also counted in %s (%s): bans a refusal from an address that only logs in (at most %d other requests since its last login POST) when the prefix's explicit refusals (401/403/422/429, 400 on a token path or JSON login API) - %d x successes reach %d and %d of its addresses were refused so (a 400: %d and %d)",
					subnetPrefix(key), RuleLoginSubnet, subnetOthers, subnetSuccessCost, subnetFailures, subnetAddrs, subnetTokenFailures, subnetTokenAddrs)
			}
		}
		if string(ev.Method) == "POST" && !l.Path.Match(r.path()) && (ev.Status == 401 || ev.Status == 403 || ev.Status == 422 || ev.Status == 429) && loginQuery(ev.Query) {
			text = fmt.Sprintf("a refused login (a login named in the query answered %d; only refusals count there); as a POST to a login path otherwise, not in the /24", ev.Status) + reguessNote(p)
		} else if m := string(ev.Method); (m == "GET" || m == "HEAD") && (redirectLanding(r.path(), ev.Query, ev.Status) || ev.Status == 401 && len(ev.Referer) == 0) {
			text = ""
			if redirectLanding(r.path(), ev.Query, ev.Status) {
				text = fmt.Sprintf("if it follows the client's login POST answered 302/303 within %d s, nothing between, it is that POST's refusal (the redirect lands on the login's error page): the POST's success is taken back and a refusal counted (not in the /24)", int(redirectGap/1e9))
			}
			if ev.Status == 401 && len(ev.Referer) == 0 {
				if text != "" {
					text += "; otherwise "
				}
				text += fmt.Sprintf("HTTP basic auth refused (a GET or HEAD answered 401 without a Referer): bans when %.3g such refusals fall within %d s and the refusals less %.3g x successes are more than %.0f %% of the client's requests; weight %d",
					l.Failures, int(basicMemory/1e9), l.SuccessCost, 100*basicShare, l.Weight) + reguessNote(p)
			}
		}
		out = append(out, ModelNote{Rule: rules.LoginRule, Text: text})
		if !app && string(ev.Method) == "POST" && ev.Status == 200 && l.Path.Match(r.path()) && l.Form != nil && l.Form.Match(r.path()) && ev.Client.IsValid() {
			key, _ := subnetKey(ev.Client)
			text := "has a Referer: not a blind form post"
			if len(ev.Referer) == 0 {
				text = fmt.Sprintf("a blind form post (no Referer) if the address made at most %d requests since its previous login POST", subnetOthers)
			}
			out = append(out, ModelNote{Rule: RuleLoginSubnet, Text: fmt.Sprintf(
				"%s; a repeat when the address fetched the form since its previous login POST (xmlrpc.php: none needed); in %s, %d such POSTs less %d x successes, with %d addresses repeating within %d-%d min, ban each repeater's blind posts after (an address loses its mark when it makes more than %d other requests)",
				text, subnetPrefix(key), subnetFormFailures, subnetSuccessCost, subnetFormAddrs, subnetMarkAge/60e9, 2*subnetMarkAge/60e9, subnetOthers)})
		}
		if k := abuseKind(r.path(), ev.Query); string(ev.Method) == "POST" && k != abuseNone && ev.Status < 500 {
			what := fmt.Sprintf("a card, coupon or contact-form attempt (a WooCommerce checkout, by ?wc-ajax=checkout or the Store API's path or ?rest_route=: 2 units; a coupon: 2, 1 after another request, half once the chain saw the checkout page's update_order_review (the request before it then no view); a Store API batch is no attempt; a Contact Form 7 submission: 2, none when it has a Referer and comes more than %d s after the previous attempt; Magento's payment-information: 2 units, the checkout script's other cart calls no views)", formLoopCF7Gap)
			switch k {
			case abuseReset:
				what = "a password-reset request (half a unit answered 2xx/3xx, 2 otherwise: an unknown account's 404 is an enumeration's answer; setting the new password, a token in the URL or Laravel's /password/reset, is no request)"
			case abuseComment:
				what = "a blog comment (half a unit answered 2xx/3xx, posted or held for moderation; 2 otherwise: 409 duplicate, 429, 403)"
			}
			out = append(out, ModelNote{Rule: RuleFormLoop, Text: fmt.Sprintf(
				"%s answered %d: no status tells a refusal there; it counts in the client's abuse chain, whatever the client requests between attempts; attempts each within %d min of the previous, %d units with fewer than %d other requests per unit, ban (weight %d; past %d units both counts are halved); an attempt keeping the previous gap of %d s or more to within %d s (a monitor) counts none",
				what, ev.Status, abuseGap/60, abuseUnits, abuseViews, l.Weight, abuseHalve, formLoopPeriod, formLoopJitter)})
		} else if m := string(ev.Method); m == "POST" && (ev.Status == 302 || ev.Status == 303 || ev.Status == 200) {
			var what string
			switch {
			case blindLoopURL(l, r.path(), ev.Query, ev.Status) && len(ev.Referer) == 0:
				what = fmt.Sprintf("a login posted to without a Referer and answered %d: 2 units in the client's form loop", ev.Status)
			case blindLoopURL(l, r.path(), ev.Query, ev.Status):
				what = fmt.Sprintf("a login posted to with a Referer and answered %d: goes on with the client's form loop only if the form (this path, no query) was fetched since the loop's previous POST, or that POST was answered 302/303 and nothing came between (a browser follows a redirect; a tool reusing one form fetch does not: 2 units, none for the first such POST after a fetch, a double submission), else starts a loop of its own; 1 unit, 2 if such a fetch had no Referer (a tool fetching the form for its token)", ev.Status)
			}
			if what != "" {
				out = append(out, ModelNote{Rule: RuleFormLoop, Text: fmt.Sprintf(
					"%s; %d units of POSTs to one path, each within %d min of the last, with only GETs of that path between (at most %d each time: the form fetched, or none), ban (weight %d); any other request ends the loop; a POST keeping the previous gap of %d s or more to within %d s (a monitor) does not count",
					what, 2*formLoopPosts, formLoopGap/60, formLoopBetween, l.Weight, formLoopPeriod, formLoopJitter)})
			}
		}
	}
	out = append(out, describeAbuse(p, ev)...)  // describe_abuse.go
	out = append(out, describeServed(p, ev)...) // served.go
	if patterns.Missed(ev.Status) {
		out = append(out, ModelNote{Rule: RuleSlowScan, Text: fmt.Sprintf(
			"a miss: its name %q counts towards the slow scan, which bans at %d distinct names within %d min (each counted once, %d held), %d of them known to the catalogue (a hit of weight >= 2, no page WordPress links), names >= 2/3 of the misses and misses >= 2/3 of the client's recent requests",
			slowName(ev.Path), slowNames, slowWindow/60, slowHeld, slowHints)})
		out = append(out, ModelNote{Rule: RuleWordlist, Text: fmt.Sprintf(
			"a miss: if the path is a word-list or product-endpoint hint, its name %q counts towards the backstop, which bans at %d distinct names within %d min whatever the client's miss share (a name's other pages count once)",
			firstSegment(ev.Path), hintBackstop, hintWindow/60)})
	}
	return out
}

// reguessNote says that a login ban outlives the client's counts
// (offences.go reguess).
func reguessNote(p *rules.Policy) string {
	return fmt.Sprintf("; a client banned for %s, %s or %s within the last %s (offence_memory) is banned again at its first refusal",
		rules.LoginRule, RuleLoginSubnet, RuleFormLoop, rules.FormatDuration(p.Escalation.OffenceMemory))
}
