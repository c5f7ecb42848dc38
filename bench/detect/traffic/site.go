package traffic

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// site is what the generated web site serves: pages with their assets,
// an API, a login form and a token endpoint.
type site struct {
	pages   []string // page paths, most popular first
	common  []string // assets every page pulls (css, js, fonts, logo)
	words   []string // search terms
	loginAt string   // the HTML login form
	formOK  bool     // the form answers a failure with 200 (WordPress style)
}

var (
	sections  = []string{"products", "blog", "news", "docs", "category", "help", "events", "recipes"}
	wordsList = []string{"shoes", "red dress", "laptop bag", "how to cook rice", "python tutorial", "garden chair",
		"return policy", "gift card", "winter jacket", "usb-c cable", "coffee", "standing desk", "office chair",
		"select a size", "while supplies last", "assert yourself", "union station", "drop shipping", "script writing"}
	browserUAs = []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
		"Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
		"Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Mobile Safari/537.36",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
		"Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
	}
	toolUAs = []string{"python-requests/2.32.3", "Go-http-client/1.1", "curl/8.5.0", "Wget/1.21.4",
		"Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)", "okhttp/4.12.0", "axios/1.7.7"}
)

func newSite(rng *rand.Rand) *site {
	s := &site{words: wordsList}
	s.pages = append(s.pages, "/")
	for i := 0; len(s.pages) < 3000; i++ {
		sec := sections[rng.IntN(len(sections))]
		switch rng.IntN(3) {
		case 0:
			s.pages = append(s.pages, fmt.Sprintf("/%s/%d", sec, 1000+rng.IntN(90000)))
		case 1:
			s.pages = append(s.pages, fmt.Sprintf("/%s/%s-%d", sec, strings.ReplaceAll(s.words[rng.IntN(len(s.words))], " ", "-"), rng.IntN(500)))
		default:
			s.pages = append(s.pages, "/"+sec+"/")
		}
	}
	hash := fmt.Sprintf("%08x", rng.Uint32())
	s.common = []string{"/static/css/app." + hash + ".css", "/static/js/vendor." + hash + ".js", "/static/js/app." + hash + ".js",
		"/static/fonts/inter-var.woff2", "/static/img/logo.svg", "/favicon.ico"}
	logins := []string{"/login", "/user/login", "/wp-login.php", "/users/sign_in", "/account/login"}
	s.loginAt = logins[rng.IntN(len(logins))]
	s.formOK = s.loginAt == "/wp-login.php" || rng.IntN(2) == 0
	return s
}

// page picks a page by a Zipf-like popularity.
func (s *site) page(rng *rand.Rand) string {
	i := int(math.Pow(float64(len(s.pages)), rng.Float64())) - 1
	p := s.pages[min(max(i, 0), len(s.pages)-1)]
	switch rng.IntN(12) {
	case 0:
		return "/search?q=" + strings.ReplaceAll(s.words[rng.IntN(len(s.words))], " ", "+")
	case 1:
		return p + "?page=" + fmt.Sprint(2+rng.IntN(8))
	case 2:
		return p + "?utm_source=newsletter&utm_medium=email"
	}
	return p
}

// assets are what a page pulls: the common bundle (cached after the first
// view, revalidated now and then) and its own images.
func (s *site) assets(rng *rand.Rand, page string, cold bool) []string {
	var out []string
	if cold {
		out = append(out, s.common...)
	} else if rng.IntN(6) == 0 {
		out = append(out, s.common[:3]...)
	}
	n := rng.IntN(8)
	if cold {
		n = 10 + rng.IntN(60)
	}
	base := len(page) * 7919
	for i := range n {
		ext := [...]string{".jpg", ".webp", ".png", ".jpg", ".svg"}[i%5]
		out = append(out, fmt.Sprintf("/media/%d/%d%s", (base+i*31)%997, rng.IntN(400), ext))
	}
	return out
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// expo is an exponentially distributed duration with mean m.
func expo(rng *rand.Rand, m float64) float64 { return rng.ExpFloat64() * m }

// lognormal is a duration in seconds with median med and spread sigma.
func lognormal(rng *rand.Rand, med, sigma float64) float64 {
	return med * math.Exp(rng.NormFloat64()*sigma)
}
