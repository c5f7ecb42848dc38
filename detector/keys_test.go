package detector

import (
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/rules"
)

func TestIPv6PrefixSharesState(t *testing.T) {
	t.Parallel()
	p := policy(rules.Throttle{ID: "flood", Limit: 4, Window: time.Minute, Weight: 10})
	e := New(p, Options{})
	// Four addresses of one /64 take the whole allowance; the fifth address
	// in the same /64 is the 5th request of the same client.
	for i, ip := range []string{"2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::", "2001:db8:1:2::1"} {
		v := observe(e, req{ip: ip})
		if v.Decision != nil || v.Key != netip.MustParsePrefix("2001:db8:1:2::/64") {
			t.Fatalf("request %d from %s: %+v", i, ip, v)
		}
	}
	// Another /64 has its own state.
	if v := observe(e, req{ip: "2001:db8:1:3::1"}); v.Decision != nil {
		t.Fatalf("other /64: %+v", v)
	}
	v := observe(e, req{ip: "2001:db8:1:2:abcd::9"})
	if v.Decision == nil || v.Decision.Key != netip.MustParsePrefix("2001:db8:1:2::/64") {
		t.Fatalf("5th request of the /64: %+v", v)
	}
	if v := observe(e, req{ip: "2001:db8:1:2:dead::1"}); !v.Banned {
		t.Fatalf("the ban covers the /64: %+v", v)
	}

	// With a /128 policy every address is its own client.
	p.IPv6Prefix = 128
	e = New(p, Options{})
	for i := range 20 {
		a := netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 15: byte(i)})
		if v := observe(e, req{ip: a.String()}); v.Decision != nil || v.Key.Bits() != 128 {
			t.Fatalf("/128 policy, address %v: %+v", a, v)
		}
	}
}

func TestIPv4MappedIsIPv4(t *testing.T) {
	t.Parallel()
	p := policy(rules.Throttle{ID: "flood", Limit: 2, Window: time.Minute, Weight: 10})
	e := New(p, Options{})
	want := netip.MustParsePrefix("192.0.2.7/32")
	for _, ip := range []string{"192.0.2.7", "::ffff:192.0.2.7"} {
		if v := observe(e, req{ip: ip}); v.Key != want || v.Decision != nil {
			t.Fatalf("%s: %+v", ip, v)
		}
	}
	v := observe(e, req{ip: "::ffff:192.0.2.7"})
	if v.Decision == nil || v.Decision.Key != want {
		t.Fatalf("3rd request: %+v", v)
	}
	if v := observe(e, req{ip: "192.0.2.7"}); !v.Banned {
		t.Fatalf("plain IPv4 after the mapped ban: %+v", v)
	}
	if n := e.Stats().Clients; n != 0 {
		t.Fatalf("%d clients tracked after the ban, want 0", n)
	}
}

func TestKeyRoundTrip(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"0.0.0.0/32", "192.0.2.1/32", "255.255.255.255/32", "::/64", "2001:db8::/64", "2001:db8::1/128", "ffff::/16"} {
		p := netip.MustParsePrefix(s)
		if got := keyOf(p).prefix(p.Bits()); got != p {
			t.Errorf("%v -> %v", p, got)
		}
	}
	// An IPv6 key can never equal an IPv4 one.
	if keyOf(netip.MustParsePrefix("::ffff:0:0/64").Masked()).is4() {
		t.Error("masked IPv6 key reads as IPv4")
	}
}
