package clientip

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/gaissmai/bart"

	"github.com/guardctl/guardctl/parser"
)

func prefixes(s ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(s))
	for i, p := range s {
		out[i] = netip.MustParsePrefix(p)
	}
	return out
}

// trustedNets is the proxy layout of the tests: a load balancer subnet,
// a docker bridge, a loopback and an IPv6 proxy range.
var trustedNets = prefixes("10.0.0.0/8", "172.17.0.0/16", "127.0.0.1/32", "2001:db8:ffff::/48")

func newTestResolver(t testing.TB) *Resolver {
	t.Helper()
	r, err := New(trustedNets)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name   string
		peer   string
		xff    string // "" means no header (nil)
		want   string // "" means an invalid Client
		wantOc Outcome
	}{
		{"untrusted peer without header", "203.0.113.7", "", "203.0.113.7", Direct},
		{"untrusted peer cannot spoof", "203.0.113.7", "1.1.1.1", "203.0.113.7", Direct},
		{"one trusted proxy", "10.0.0.2", "203.0.113.7", "203.0.113.7", Forwarded},
		{"client-supplied entries on the left are ignored", "10.0.0.2", "6.6.6.6, 203.0.113.7", "203.0.113.7", Forwarded},
		{"two trusted proxies", "127.0.0.1", "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7", Forwarded},
		{"ipv4 with port", "10.0.0.2", "203.0.113.7:5678", "203.0.113.7", Forwarded},
		{"ipv6 with brackets and port", "10.0.0.2", "[2001:db8::1]:443", "2001:db8::1", Forwarded},
		{"ipv6 bare", "10.0.0.2", "2001:db8::1", "2001:db8::1", Forwarded},
		{"ipv6 peer and trusted ipv6 hop", "2001:db8:ffff::1", "2001:db8::1, 2001:db8:ffff::2", "2001:db8::1", Forwarded},
		{"spaces, tabs and quotes", "10.0.0.2", ` "203.0.113.7" ,	10.0.0.3 `, "203.0.113.7", Forwarded},
		{"empty entries are skipped", "10.0.0.2", "203.0.113.7,,10.0.0.3,", "203.0.113.7", Forwarded},
		{"ipv4-mapped entry is unmapped", "10.0.0.2", "::ffff:203.0.113.7", "203.0.113.7", Forwarded},
		{"ipv4-mapped trusted hop is trusted", "10.0.0.2", "203.0.113.7, ::ffff:10.0.0.3", "203.0.113.7", Forwarded},
		{"zone is dropped", "10.0.0.2", "fe80::1%eth0", "fe80::1", Forwarded},
		{"trusted peer without header", "10.0.0.2", "", "", Internal},
		{"only trusted hops", "10.0.0.2", "10.0.0.4, 172.17.0.9", "", Internal},
		{"only empty entries", "10.0.0.2", " , ,", "", Internal},
		{"unknown stops the walk", "10.0.0.2", "6.6.6.6, unknown", "", Unidentified},
		{"garbage right of a client", "10.0.0.2", "203.0.113.7, 10.0.0.3, not-an-ip", "", Unidentified},
		{"garbage left of the client is never reached", "10.0.0.2", "not-an-ip, 203.0.113.7", "203.0.113.7", Forwarded},
		{"hostname with port", "10.0.0.2", "proxy.internal:80", "", Unidentified},
		{"bad port", "10.0.0.2", "203.0.113.7:http", "", Unidentified},
	}
	r := newTestResolver(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := parser.Event{Peer: netip.MustParseAddr(tt.peer)}
			ev.Client = ev.Peer
			if tt.xff != "" {
				ev.XFF = []byte(tt.xff)
			}
			oc := r.Resolve(&ev)
			got := ""
			if ev.Client.IsValid() {
				got = ev.Client.String()
			}
			if got != tt.want || oc != tt.wantOc {
				t.Errorf("Resolve(peer %s, xff %q) = %q, %v; want %q, %v", tt.peer, tt.xff, got, oc, tt.want, tt.wantOc)
			}
			if ev.Peer != netip.MustParseAddr(tt.peer) {
				t.Errorf("Resolve changed Peer to %v", ev.Peer)
			}
		})
	}
}

func TestResolveEndToEnd(t *testing.T) {
	// The parser and the resolver together, as the engine runs them.
	p, err := parser.New(parser.Spec{Format: parser.FormatCombined, TrailingXFF: true})
	if err != nil {
		t.Fatal(err)
	}
	line := []byte(`172.17.0.1 - - [10/Oct/2023:13:55:36 +0200] "GET /.env HTTP/1.1" 404 0 "-" "curl" "6.6.6.6, 198.51.100.23"`)
	var ev parser.Event
	if err := p.Parse(line, &ev); err != nil {
		t.Fatal(err)
	}
	if oc := newTestResolver(t).Resolve(&ev); oc != Forwarded || ev.Client != netip.MustParseAddr("198.51.100.23") {
		t.Errorf("Resolve = %v, %v; want forwarded 198.51.100.23", ev.Client, oc)
	}
}

func TestNew(t *testing.T) {
	r, err := New(prefixes("::ffff:10.0.0.0/104", "192.168.1.77/24"))
	if err != nil {
		t.Fatal(err)
	}
	for addr, want := range map[string]bool{
		"10.1.2.3": true, "::ffff:10.1.2.3": true, "11.0.0.1": false,
		"192.168.1.1": true, "192.168.2.1": false, "::1": false,
	} {
		if got := r.Trusted(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Trusted(%s) = %v, want %v", addr, got, want)
		}
	}
	if r.Trusted(netip.Addr{}) {
		t.Error("Trusted(invalid) = true")
	}
	if _, err := New([]netip.Prefix{{}}); err == nil || !strings.Contains(err.Error(), "invalid prefix") {
		t.Errorf("New(zero prefix) error = %v, want invalid prefix", err)
	}
	if _, err := New(prefixes("::ffff:0.0.0.0/90")); err == nil {
		t.Error("New(short mapped prefix) = nil error")
	}
}

func TestFromTable(t *testing.T) {
	tbl := new(bart.Lite)
	tbl.Insert(netip.MustParsePrefix("10.0.0.0/8"))
	r := FromTable(tbl)
	ev := parser.Event{Peer: netip.MustParseAddr("10.9.9.9"), XFF: []byte("203.0.113.7")}
	if oc := r.Resolve(&ev); oc != Forwarded || ev.Client.String() != "203.0.113.7" {
		t.Errorf("Resolve = %v, %v; want forwarded 203.0.113.7", ev.Client, oc)
	}
}

func TestResolveInvalidPeer(t *testing.T) {
	ev := parser.Event{XFF: []byte("203.0.113.7")}
	if oc := newTestResolver(t).Resolve(&ev); oc != Unidentified || ev.Client.IsValid() {
		t.Errorf("Resolve(no peer) = %v, %v; want unidentified, invalid", ev.Client, oc)
	}
}

func TestResolveAllocs(t *testing.T) {
	r := newTestResolver(t)
	for _, xff := range []string{"6.6.6.6, [2001:db8::1]:443, 10.0.0.3", "unknown", "::ffff:203.0.113.7:80"} {
		ev := parser.Event{Peer: netip.MustParseAddr("10.0.0.2"), XFF: []byte(xff)}
		if n := testing.AllocsPerRun(100, func() { r.Resolve(&ev) }); n != 0 {
			t.Errorf("Resolve(xff %q) allocates %v times, want 0", xff, n)
		}
	}
}

func TestOutcomeString(t *testing.T) {
	for o, want := range map[Outcome]string{Direct: "direct", Forwarded: "forwarded", Internal: "internal",
		Unidentified: "unidentified", 9: "outcome(9)"} {
		if o.String() != want {
			t.Errorf("Outcome(%d).String() = %q, want %q", o, o.String(), want)
		}
	}
}

func BenchmarkResolve(b *testing.B) {
	r := newTestResolver(b)
	ev := parser.Event{Peer: netip.MustParseAddr("10.0.0.2"), XFF: []byte("6.6.6.6, 198.51.100.23, 10.0.0.3")}
	b.ReportAllocs()
	for b.Loop() {
		r.Resolve(&ev)
	}
}

// reference is the obvious implementation, written with strings and
// net/netip, that FuzzResolve compares Resolve against.
func reference(trusted []netip.Prefix, peer netip.Addr, xff []byte, hasXFF bool) (netip.Addr, Outcome) {
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	peer = peer.Unmap()
	if !peer.IsValid() {
		return netip.Addr{}, Unidentified
	}
	if !isTrusted(peer) {
		return peer, Direct
	}
	if !hasXFF {
		return netip.Addr{}, Internal
	}
	parts := strings.Split(string(xff), ",")
	for i := len(parts) - 1; i >= 0; i-- {
		e := strings.Trim(parts[i], " \t\"")
		if e == "" {
			continue
		}
		var a netip.Addr
		if ap, err := netip.ParseAddrPort(e); err == nil {
			a = ap.Addr()
		} else if strings.HasPrefix(e, "[") && strings.HasSuffix(e, "]") {
			a, err = netip.ParseAddr(e[1 : len(e)-1])
			if err != nil {
				return netip.Addr{}, Unidentified
			}
		} else if a, err = netip.ParseAddr(e); err != nil {
			return netip.Addr{}, Unidentified
		}
		a = a.WithZone("").Unmap()
		if !isTrusted(a) {
			return a, Forwarded
		}
	}
	return netip.Addr{}, Internal
}

func FuzzResolve(f *testing.F) {
	for _, s := range []struct{ peer, xff string }{
		{"10.0.0.2", "6.6.6.6, 203.0.113.7"},
		{"10.0.0.2", "[2001:db8::1]:443, 10.0.0.3"},
		{"10.0.0.2", "unknown"},
		{"2001:db8:ffff::1", " , ,2001:db8::5%eth0"},
		{"203.0.113.9", "10.0.0.1"},
		{"::ffff:10.0.0.2", "::ffff:1.2.3.4:80"},
		{"10.0.0.2", `"[::1]"`},
	} {
		f.Add(s.peer, []byte(s.xff))
	}
	r := newTestResolver(f)
	f.Fuzz(func(t *testing.T, peerS string, xff []byte) {
		peer, err := netip.ParseAddr(peerS)
		if err != nil {
			return
		}
		peer = peer.WithZone("")
		ev := parser.Event{Peer: peer, Client: peer, XFF: xff}
		oc := r.Resolve(&ev)
		want, wantOc := reference(trustedNets, peer, xff, len(xff) > 0)
		if ev.Client != want || oc != wantOc {
			t.Fatalf("Resolve(peer %v, xff %q) = %v, %v; reference gives %v, %v", peer, xff, ev.Client, oc, want, wantOc)
		}
		if oc == Forwarded && r.Trusted(ev.Client) {
			t.Fatalf("Resolve(peer %v, xff %q) chose trusted %v", peer, xff, ev.Client)
		}
		if (oc == Internal || oc == Unidentified) && ev.Client.IsValid() {
			t.Fatalf("Resolve(peer %v, xff %q) = %v with outcome %v, want invalid", peer, xff, ev.Client, oc)
		}
	})
}
