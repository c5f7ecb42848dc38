package detector

import (
	"testing"
	"time"
)

// Review s9 detection of b0a95b9 and ef1a229: loginQuery took "login",
// "logon" or "signin" anywhere in a query for a login, inside words
// ("designing", "assigning") and in the URL to go to after signing in
// (return_to=/login, Spring's redirect_uri=.../login/oauth2/code/..).
// A signed-out tab's autosave refused 401, a comment refused 422, a like
// rate-limited 429 were banned at their 3rd POST, and an API client
// POSTing ?team=designing answered 200 without a Referer every 10 s at
// its 10th (form-loop). And form-loop counted a 200 on an API login as a
// refusal: an app signing in successfully every 30 s (okhttp POST
// /api/v1/sessions 200) was banned at its 10th. None is banned now; the
// logins named by a whole parameter value still are
// (TestLoginNamedInQueryOrOTP, TestBlindLoginLoopBanned).
func TestLoginWordInQueryNotLogin(t *testing.T) {
	t.Parallel()
	const ff = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
	for name, c := range map[string]struct {
		path, query, ua, referer string
		status                   int
		gap                      time.Duration
	}{
		"autosave return_to=/login 401 every 30 s": {"/api/notes/7/autosave", "return_to=%2Flogin", ff, "https://app.example.com/notes/7", 401, 30 * time.Second},
		"spring redirect_uri 401 every 5 s":        {"/api/drafts/save", "redirect_uri=https%3A%2F%2Fapp.example.com%2Flogin%2Foauth2%2Fcode%2Fkeycloak", ff, "https://app.example.com/editor/42", 401, 5 * time.Second},
		"next=/login 403 every 5 s":                {"/api/cart/add", "next=%2Faccount%2Flogin", ff, "https://shop.example/p/1", 403, 5 * time.Second},
		"comment on designing-... 422 every 8 s":   {"/comments", "post=designing-accessible-forms", ff, "https://blog.example/designing", 422, 8 * time.Second},
		"rate-limited like on assigning-... 429":   {"/api/like", "slug=assigning-reviewers", ff, "https://app.example.com/", 429, 2 * time.Second},
		"API job status ?team=designing 200":       {"/api/v2/jobs/status", "team=designing", "python-requests/2.32.3", "", 200, 10 * time.Second},
		"app signing in to /api/v1/sessions 200":   {"/api/v1/sessions", "", "okhttp/4.12.0", "", 200, 30 * time.Second},
		"app signing in to /auth/login.json 200":   {"/auth/login.json", "", "okhttp/4.12.0", "", 200, 20 * time.Second},
		"client signing in at /oauth/login 200":    {"/oauth/login", "", "Go-http-client/1.1", "", 200, 15 * time.Second},
	} {
		t.Run(name, func(t *testing.T) {
			var reqs []req
			for k := range 30 {
				reqs = append(reqs, req{at: time.Duration(k) * c.gap, ip: "198.51.100.23", method: "POST", path: c.path, query: c.query,
					status: c.status, ua: c.ua, referer: c.referer})
			}
			at, why := run(defaultEngine(t), reqs)
			if n := at["198.51.100.23"]; n >= 0 {
				t.Errorf("banned at its request %d (%v): %s?%s", n, why["198.51.100.23"], c.path, c.query)
			}
		})
	}
}

// TestLoginQueryWholeValue: which queries name a login.
func TestLoginQueryWholeValue(t *testing.T) {
	t.Parallel()
	for q, want := range map[string]bool{
		"_task=login": true, "route=account/login": true, "route=account%2Flogin": true, "mode=login": true,
		"option=com_users&task=user.login": true, "title=Special:UserLogin&action=submitlogin&type=login": true,
		"wa=wsignin1.0": true, "login": true, "a=1&do=LOGON": true, "page=signin/": true,
		"post=designing-accessible-forms": false, "slug=assigning-reviewers": false, "team=designing": false,
		"return_to=%2Flogin": false, "returnTo=/login": false, "next=/login": false, "url=https://x/login": false,
		"redirect=/signin": false, "redirect_uri=https%3A%2F%2Fa%2Flogin": false, "continue=/login": false,
		"service=https://a/login": false, "login=1": false, "loginform=x": false, "q=logins": false, "": false,
	} {
		if got := loginQuery([]byte(q)); got != want {
			t.Errorf("loginQuery(%q) = %v, want %v", q, got, want)
		}
	}
}
