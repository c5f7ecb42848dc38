package detector

import (
	"encoding/binary"
	"net/netip"
	"regexp"
	"testing"
	"time"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

// FuzzObserve feeds arbitrary event sequences (any address, time running
// back and forth, any method, status and path bytes) to an engine with
// every rule kind and tiny limits, so eviction, time jumps, bans and set
// resets all happen. The engine must never panic and its bounds must hold.
func FuzzObserve(f *testing.F) {
	f.Add([]byte("\x00\x00\x01\x00\x00\x05/a/b/"))
	f.Add([]byte("\x01\xff\xff\x01\x02\x03/%2\x02\x00\x10\x01\x01\x06/login\x09\x80\x00\x02\x03\x01x"))
	f.Add([]byte("\x07\x00\x01\x00\x00\x0d/wp-login.php\x07\x00\x01\x00\x00\x04/.gi"))
	def, err := rules.Default().Compile(rules.CompileOptions{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := policy(
			rules.Throttle{ID: "flood", Limit: 3, Window: time.Minute, Weight: 4},
			rules.Throttle{ID: "login", Limit: 1, Window: time.Minute, Weight: 5, Methods: []string{"POST"}, Statuses: []int{401}, Path: &rules.PathMatch{Prefix: "/login"}},
			rules.Throttle{ID: "crawl", Limit: 2, Window: time.Minute, Distinct: true, Weight: 3},
			rules.Throttle{ID: "re", Limit: 1, Window: time.Second, Weight: 1, Path: &rules.PathMatch{Regex: regexp.MustCompile(`^/a`)}},
		)
		p.Traps = []rules.PathMatch{{Exact: "/wp-login.php"}}
		p.Flood, p.Login = def.Flood, def.Login
		p.Deny = prefixes(t, "10.9.0.0/16")
		p.Allow = prefixes(t, "10.8.0.0/16")
		p.Limits.MaxClients = 4
		p.Limits.IdleTTL = time.Minute
		p.Escalation.OffenceMemory = time.Hour
		e := New(p, Options{MaxSkew: 10 * time.Second})
		addrs := []netip.Addr{
			netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2"),
			netip.MustParseAddr("::ffff:192.0.2.1"), netip.MustParseAddr("2001:db8::1"),
			netip.MustParseAddr("2001:db8::2"), netip.MustParseAddr("10.9.1.1"),
			netip.MustParseAddr("10.8.1.1"), {},
		}
		methods := []string{"GET", "POST", "", "get", "PROPFIND", "HEAD", "OPTIONS", "PUT"}
		statuses := []int{200, 401, 404, -1, 503, 429, 207, 302}
		now := t0
		for len(data) >= 6 {
			ev := &parser.Event{
				Client: addrs[data[0]%8],
				Method: []byte(methods[data[3]%8]),
				Status: statuses[data[4]%8],
				UA:     data[3:5],
			}
			if data[0]&0x80 != 0 { // an arbitrary address
				var b [16]byte
				b[15], b[7] = data[1], data[2]
				ev.Client = netip.AddrFrom16(b).Unmap()
			}
			now = now.Add(time.Duration(int16(binary.BigEndian.Uint16(data[1:3]))) * time.Second)
			ev.Time = now
			n := min(int(data[5]), len(data)-6)
			ev.Path = data[6 : 6+n]
			data = data[6+n:]
			v := e.Observe(ev)
			if v.Decision != nil && (v.Decision.Duration <= 0 || v.Decision.Key != v.Key || len(v.Decision.Rules) == 0) {
				t.Fatalf("bad decision %+v", v.Decision)
			}
			if v.Allowed && (v.Banned || v.Decision != nil) {
				t.Fatalf("allowed and judged: %+v", v)
			}
			st := e.Stats()
			if st.Clients > 4 || st.Offenders > 4 || st.Clients < 0 {
				t.Fatalf("bounds broken: %+v", st)
			}
		}
		e.Forget(netip.MustParsePrefix("0.0.0.0/0"))
		e.Forget(netip.MustParsePrefix("::/0"))
		if st := e.Stats(); st.Clients != 0 || st.Bans != 0 || st.Offenders != 0 {
			t.Fatalf("state left after forgetting everything: %+v", st)
		}
	})
}
