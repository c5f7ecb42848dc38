package ipprefix

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	for _, tc := range []struct {
		in, want, err string
	}{
		{in: "203.0.113.7/32", want: "203.0.113.7/32"},
		{in: "203.0.113.0/24", want: "203.0.113.0/24"},
		{in: "203.0.113.7/24", err: "203.0.113.7/24 has host bits set; did you mean 203.0.113.0/24 (the network) or 203.0.113.7 (the address)?"},
		{in: "2001:db8::1/64", err: "2001:db8::1/64 has host bits set; did you mean 2001:db8::/64 (the network) or 2001:db8::1 (the address)?"},
		{in: "::ffff:203.0.113.7/128", want: "203.0.113.7/32"},
		{in: "::ffff:203.0.113.0/120", want: "203.0.113.0/24"},
		{in: "::ffff:203.0.113.7/120", err: "::ffff:203.0.113.7/120 has host bits set; did you mean 203.0.113.0/24 (the network) or 203.0.113.7 (the address)?"},
		{in: "::ffff:0.0.0.0/96", err: "::ffff:0.0.0.0/96 matches every address"},
		{in: "::ffff:0:0/95", err: "IPv4-mapped network wider than /96"},
		{in: "0.0.0.0/0", err: "0.0.0.0/0 matches every address"},
		{in: "::/0", err: "::/0 matches every address"},
		{in: "", err: "invalid prefix: not an IP address or CIDR network"},
	} {
		var p netip.Prefix
		if tc.in != "" {
			p = netip.MustParsePrefix(tc.in)
		}
		got, err := Normalize(p)
		if tc.err != "" {
			var e *Error
			if !errors.As(err, &e) || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Normalize(%s) = %v, %v; want an *Error saying %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got.String() != tc.want {
			t.Errorf("Normalize(%s) = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	// A zone never reaches a key.
	z := netip.PrefixFrom(netip.MustParseAddr("fe80::1%eth0"), 128)
	if got, err := Normalize(z); err != nil || got.Addr().Zone() != "" {
		t.Errorf("Normalize(%s) = %v, %v; want no zone", z, got, err)
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]string{
		" 203.0.113.7 ":      "203.0.113.7/32",
		"::ffff:203.0.113.7": "203.0.113.7/32",
		"2001:db8::/64":      "2001:db8::/64",
		"203.0.113.7/24":     "did you mean 203.0.113.0/24 (the network) or 203.0.113.7 (the address)?",
		"fe80::1%eth0":       "zone",
		"203.0.113":          `"203.0.113" is not an IP address or CIDR network`,
		"10.0.0.0/33":        `"10.0.0.0/33" is not a CIDR network: prefix length out of range`,
		"0.0.0.0/0":          "matches every address",
		// Operator audit: said only "not an IP address or CIDR network".
		"010.1.1.1":    `"010.1.1.1" is not an IP address: an IPv4 field with a leading zero is ambiguous`,
		"10.01.0.0/16": `"10.01.0.0/16" is not a CIDR network: IPv4 field has octet with leading zero`,
	} {
		p, err := Parse(in)
		got := p.String()
		if err != nil {
			got = err.Error()
		}
		if !strings.Contains(got, want) {
			t.Errorf("Parse(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestString(t *testing.T) {
	for in, want := range map[string]string{
		"203.0.113.7/32":     "203.0.113.7",
		"2001:db8::1/128":    "2001:db8::1",
		"203.0.113.0/24":     "203.0.113.0/24",
		"2001:db8::/64":      "2001:db8::/64",
		"::ffff:1.2.3.4/128": "::ffff:1.2.3.4",
	} {
		p := netip.MustParsePrefix(in)
		if got := String(p); got != want {
			t.Errorf("String(%s) = %q, want %q", in, got, want)
		}
	}
	if got := String(netip.Prefix{}); got != "" {
		t.Errorf("String(zero) = %q", got)
	}
	b := make([]byte, 0, 64)
	if n := testing.AllocsPerRun(100, func() { b = AppendTo(b[:0], netip.MustParsePrefix("2001:db8::/64")) }); n != 0 {
		t.Errorf("AppendTo allocates %v times", n)
	}
}

// FuzzParse: Parse never panics, and what it accepts is Normalize's
// answer for the same text read by netip.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"203.0.113.7", "203.0.113.7/24", "::ffff:1.2.3.4", "fe80::1%eth0", " 2001:db8::/64 ", "1.2.3.4/0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			return
		}
		if p != Canonical(p) || p.Bits() == 0 || p.Addr().Zone() != "" {
			t.Fatalf("Parse(%q) = %s", s, p)
		}
		if q, err := Parse(String(p)); err != nil || q != p {
			t.Fatalf("Parse(String(%s)) = %s, %v", p, q, err)
		}
	})
}

// FuzzNormalize: whatever prefix comes in, Normalize either refuses it with
// an *Error or returns Canonical's key, which is masked, IPv4 for mapped
// clients, never /0, and prints as something netip parses back.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"203.0.113.7/24", "::ffff:1.2.3.4/128", "::ffff:0:0/95", "0.0.0.0/0", "2001:db8::1/64", "fe80::1%eth0/128"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return
		}
		got, err := Normalize(p)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Normalize(%s): %v is not an *Error", s, err)
			}
			if e.Network.IsValid() && e.Network != Canonical(p) {
				t.Fatalf("Normalize(%s) suggests %s, Canonical says %s", s, e.Network, Canonical(p))
			}
			return
		}
		if got != Canonical(p) || got != got.Masked() || got.Bits() == 0 || got.Addr().Is4In6() || got.Addr().Zone() != "" {
			t.Fatalf("Normalize(%s) = %s", s, got)
		}
		back := String(got)
		if !strings.Contains(back, "/") {
			a, err := netip.ParseAddr(back)
			if err != nil || netip.PrefixFrom(a, a.BitLen()) != got {
				t.Fatalf("String(%s) = %q does not read back", got, back)
			}
		} else if q, err := netip.ParsePrefix(back); err != nil || q != got {
			t.Fatalf("String(%s) = %q does not read back", got, back)
		}
	})
}
