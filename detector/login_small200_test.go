package detector

import (
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/parser"
)

// TestFormSmall200: a form endpoint's POST answered 200 with fewer bytes
// than formPageFloor is no form answered again (attacks8 grafana: a
// synthetic check POSTing /login every 5 min, answered 200 with 60 bytes
// of JSON, was banned at its 3rd sign-in). A guesser answered the form
// again (3,100 bytes) at the same pace is banned at its 3rd; one answered
// 200 with no size known ("-") too (a log without sizes counts as before).
func TestFormSmall200(t *testing.T) {
	t.Parallel()
	e := defaultEngine(t)
	ua := "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36"
	clients := []struct {
		ip   string
		size int64
		ban  bool
	}{{"31.9.66.61", 60, false}, {"5.188.149.172", 3100, true}, {"5.188.149.173", 0, true}}
	at := map[string]int{}
	for i := range 12 {
		for k, c := range clients {
			ev := &parser.Event{Time: t0.Add(time.Duration(i)*5*time.Minute + time.Duration(k)*time.Second),
				Client: netip.MustParseAddr(c.ip), Method: []byte("POST"), Path: []byte("/login"),
				Status: 200, Size: c.size, UA: []byte(ua)}
			ev.Peer = ev.Client
			if v := e.Observe(ev); v.Decision != nil {
				if _, ok := at[c.ip]; !ok {
					at[c.ip] = i + 1
				}
			}
		}
	}
	for _, c := range clients {
		n, banned := at[c.ip]
		switch {
		case c.ban && (!banned || n > 3):
			t.Errorf("guesser answered 200 with %d bytes: banned %v at its sign-in %d, want by its 3rd", c.size, banned, n)
		case !c.ban && banned:
			t.Errorf("check answered 200 with %d bytes banned at its sign-in %d", c.size, n)
		}
	}
}
