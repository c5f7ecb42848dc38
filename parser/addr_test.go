package parser

import (
	"net/netip"
	"testing"
)

func TestParseAddr(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" means rejected
	}{
		{"1.2.3.4", "1.2.3.4"},
		{"0.0.0.0", "0.0.0.0"},
		{"255.255.255.255", "255.255.255.255"},
		{"2001:db8::1", "2001:db8::1"},
		{"2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"},
		{"::", "::"},
		{"::1", "::1"},
		{"1::", "1::"},
		{"::ffff:1.2.3.4", "1.2.3.4"},
		{"::1.2.3.4", "::102:304"},
		{"64:ff9b::192.0.2.33", "64:ff9b::c000:221"},
		{"fe80::1%eth0", "fe80::1"},
		{"1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"},
		{"1.2.3", ""},
		{"1.2.3.4.5", ""},
		{"01.2.3.4", ""},
		{"1.2.3.256", ""},
		{"1.2.3.4%eth0", ""},
		{"1..3.4", ""},
		{"fe80::1%", ""},
		{"1:2:3:4:5:6:7:8:9", ""},
		{"1:2:3:4:5:6:7::8", ""}, // :: standing for no group
		{"::1::", ""},
		{"12345::", ""},
		{":1", ""},
		{"1:", ""},
		{"::ffff:1.2.3", ""},
		{"1:2:3:4:5:6:1.2.3.4:5", ""},
		{"[::1]", ""},
		{"-", ""},
		{"", ""},
		{"localhost", ""},
	}
	for _, tt := range tests {
		got, ok := ParseAddr([]byte(tt.in))
		switch {
		case tt.want == "" && ok:
			t.Errorf("ParseAddr(%q) = %v, want rejection", tt.in, got)
		case tt.want != "" && (!ok || got.String() != tt.want):
			t.Errorf("ParseAddr(%q) = %v, %v; want %s", tt.in, got, ok, tt.want)
		}
	}
}

func TestParseHostAddr(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"1.2.3.4", "1.2.3.4"},
		{"1.2.3.4:5678", "1.2.3.4"},
		{"[2001:db8::1]:443", "2001:db8::1"},
		{"[2001:db8::1]", "2001:db8::1"},
		{"[::ffff:10.0.0.1]:80", "10.0.0.1"},
		{"2001:db8::1", "2001:db8::1"},
		{"1.2.3.4:", ""},
		{"1.2.3.4:x", ""},
		{"1.2.3.4:80:90", ""},
		{"[2001:db8::1", ""},
		{"[2001:db8::1]x", ""},
		{"[1.2.3.4]:80", "1.2.3.4"},
		{"host:80", ""},
	}
	for _, tt := range tests {
		got, ok := ParseHostAddr([]byte(tt.in))
		switch {
		case tt.want == "" && ok:
			t.Errorf("ParseHostAddr(%q) = %v, want rejection", tt.in, got)
		case tt.want != "" && (!ok || got.String() != tt.want):
			t.Errorf("ParseHostAddr(%q) = %v, %v; want %s", tt.in, got, ok, tt.want)
		}
	}
}

// FuzzParseAddr checks that ParseAddr accepts exactly what netip.ParseAddr
// accepts and returns the same address, zone dropped and unmapped.
func FuzzParseAddr(f *testing.F) {
	for _, s := range []string{"1.2.3.4", "2001:db8::1", "::ffff:1.2.3.4", "fe80::1%eth0", "::", "1:2:3:4:5:6:7:8",
		"::1.2.3.4", "1:2:3:4:5:6:7::", "01.2.3.4", "1.2.3.4%x", "%", ":::", "1::2::3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ParseAddr([]byte(s))
		want, err := netip.ParseAddr(s)
		if (err == nil) != ok {
			t.Fatalf("ParseAddr(%q) ok = %v, netip.ParseAddr error = %v", s, ok, err)
		}
		if ok && got != want.WithZone("").Unmap() {
			t.Fatalf("ParseAddr(%q) = %v, want %v", s, got, want.WithZone("").Unmap())
		}
	})
}
