package rules

import (
	"net/netip"
	"testing"
)

func TestParsePrefix(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // "" = error
	}{
		{"192.0.2.7", "192.0.2.7/32"},
		{" 192.0.2.7 ", "192.0.2.7/32"},
		{"10.0.0.0/8", "10.0.0.0/8"},
		{"2001:db8::1", "2001:db8::1/128"},
		{"2001:db8::/32", "2001:db8::/32"},
		{"::ffff:192.0.2.7", "192.0.2.7/32"}, // IPv4-mapped is the IPv4 client
		{"::ffff:10.0.0.0/104", "10.0.0.0/8"},
		{"::ffff:10.0.0.0/64", ""}, // covers more than IPv4 space
		{"10.0.0.1/8", ""},         // host bits: ambiguous, never widened
		{"2001:db8::1/64", ""},
		{"0.0.0.0/0", ""},
		{"::/0", ""},
		{"10.0.0.0/33", ""},
		{"192.168.1.300", ""},
		{"fe80::1%eth0", ""},
		{"example.com", ""},
		{"", ""},
		{"10.0.0.0/", ""},
	} {
		got, err := ParsePrefix(tc.in)
		switch {
		case tc.want == "" && err == nil:
			t.Errorf("ParsePrefix(%q) = %v, want an error", tc.in, got)
		case tc.want != "" && err != nil:
			t.Errorf("ParsePrefix(%q) error %v, want %s", tc.in, err, tc.want)
		case tc.want != "" && got != netip.MustParsePrefix(tc.want):
			t.Errorf("ParsePrefix(%q) = %v, want %s", tc.in, got, tc.want)
		}
	}
}

func TestParsePrefixHostBitsHint(t *testing.T) {
	_, err := ParsePrefix("10.0.0.1/8")
	if err == nil || err.Error() != `10.0.0.1/8 has host bits set; did you mean 10.0.0.0/8 (the network) or 10.0.0.1 (the address)?` {
		t.Errorf("ParsePrefix(10.0.0.1/8) error = %v, want the two readings offered", err)
	}
}
