package detector

import (
	"strings"
	"testing"
)

// TestBrowserCacheExact: the cache answers browserUA's answer for every
// user agent, asked in any order: browsers and bots whose fingerprints
// share an entry, user agents that differ in one byte or in length only,
// empty and longer than the entries hold. A cache that trusted the
// fingerprint, or compared a prefix, gives a bot a browser's answer here.
func TestBrowserCacheExact(t *testing.T) {
	t.Parallel()
	uas := []string{
		"",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 bot",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.3",
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
		"Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)",
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/119.0.0.0 Safari/537.36",
		"curl/8.5.0",
		"Mozilla/5.0 (" + strings.Repeat("x", browserUAMax) + ")",
		"Mozilla/5.0 (" + strings.Repeat("x", browserUAMax) + "bot)",
	}
	// Make user agents until every entry has a browser and a bot.
	for i := 0; len(uas) < 400; i++ {
		uas = append(uas,
			"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_"+string(rune('0'+i%10))+") Version/"+strings.Repeat("1", 1+i%40)+" Safari/605.1.15",
			"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_"+string(rune('0'+i%10))+") Version/"+strings.Repeat("1", 1+i%40)+" Crawl/605.1.15")
	}
	share := map[uint16][2]bool{}
	for _, ua := range uas {
		s := share[uaFP([]byte(ua))%browserUASlots]
		s[boolIndex(browserUA([]byte(ua)))] = true
		share[uaFP([]byte(ua))%browserUASlots] = s
	}
	for j := range uint16(browserUASlots) {
		if share[j] != [2]bool{true, true} {
			t.Fatalf("entry %d: the user agents do not put a browser and a bot in it: %v", j, share[j])
		}
	}
	var c browserCache
	for round := range 3 {
		for k := range uas {
			ua := []byte(uas[(k*7+round*13)%len(uas)])
			if got, want := c.browser(ua, uaFP(ua)), browserUA(ua); got != want {
				t.Fatalf("round %d: cache says %v for %q, browserUA %v", round, got, ua, want)
			}
		}
	}
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}
