package netset

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func prefixes(t *testing.T, ss ...string) []netip.Prefix {
	t.Helper()
	out := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParsePrefix(s)
	}
	return out
}

func TestParseFormats(t *testing.T) {
	cases := []struct {
		name, in string
		want     []string
		bad      int
	}{
		{"plain", "192.0.2.1\n2001:db8::1\n\n198.51.100.0/24\r\n", []string{"192.0.2.1/32", "2001:db8::1/128", "198.51.100.0/24"}, 0},
		{"spamhaus drop", "; Spamhaus DROP List 2024/01/01 - (c) 2024 The Spamhaus Project\n; Last-Modified: Mon, 01 Jan 2024\n1.10.16.0/20 ; SBL256894\n1.19.0.0/16 ; SBL434604\n",
			[]string{"1.10.16.0/20", "1.19.0.0/16"}, 0},
		{"firehol netset", "#\n# firehol_level1\n#\n# Maintainer      : FireHOL\n0.0.0.0/8\n1.10.16.0/20\n192.0.2.7\n",
			[]string{"0.0.0.0/8", "1.10.16.0/20", "192.0.2.7/32"}, 0},
		{"notes after the entry", "192.0.2.1 seen 3 times\n192.0.2.2\t#x\n192.0.2.3,label\n", []string{"192.0.2.1/32", "192.0.2.2/32", "192.0.2.3/32"}, 0},
		{"range and mapped", "192.0.2.0-192.0.2.3\n::ffff:198.51.100.9\n", []string{"192.0.2.0/30", "198.51.100.9/32"}, 0},
		{"host bits set is a bad line", "192.0.2.77/24\n192.0.2.9\n", []string{"192.0.2.9/32"}, 1},
		{"cut-short network not widened", "198.51.100.0/24\n203.0.113.0/2\n::ffff:192.0.2.1/120\n192.0.2.9\n", []string{"198.51.100.0/24", "192.0.2.9/32"}, 2},
		{"bad lines counted", "192.0.2.1\nnot-an-ip\n192.0.2.2\n0.0.0.0/0\n192.0.2.3\n", []string{"192.0.2.1/32", "192.0.2.2/32", "192.0.2.3/32"}, 2},
		{"bom", "\xef\xbb\xbf192.0.2.1\n", []string{"192.0.2.1/32"}, 0},
		{"no final newline", "192.0.2.1", []string{"192.0.2.1/32"}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, st, err := Parse(strings.NewReader(c.in))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, prefixes(t, c.want...)) {
				t.Errorf("got %v, want %v", got, c.want)
			}
			if st.Bad != c.bad || st.Entries != len(c.want) {
				t.Errorf("stats %+v, want %d bad", st, c.bad)
			}
		})
	}
}

// A download cut short mid-line must not add the fragment: it can be a
// shorter, wider network ("128.0.0.0/16" cut to "128.0.0.0/1" is proper).
func TestParseDownloadSkipsUnterminatedLine(t *testing.T) {
	in := "# feed\n198.51.100.0/24\n128.0.0.0/1"
	got, st, err := ParseDownload(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if want := prefixes(t, "198.51.100.0/24"); !slices.Equal(got, want) || st.Bad != 1 {
		t.Errorf("ParseDownload = %v (%+v), want %v and 1 bad", got, st, want)
	}
	got, _, err = ParseDownload(strings.NewReader("198.51.100.0/24\n# end"))
	if err != nil || len(got) != 1 {
		t.Errorf("an unterminated comment is no entry to lose: %v, %v", got, err)
	}
	got, _, err = Parse(strings.NewReader(in))
	if err != nil || len(got) != 2 {
		t.Errorf("Parse of a file keeps its last line: %v, %v", got, err)
	}
}

func TestParseRefusesNonLists(t *testing.T) {
	for _, in := range []string{
		"<html><head><title>502 Bad Gateway</title></head>\n<body>\n<h1>Bad Gateway</h1>\n</body></html>\n",
		strings.Repeat("garbage\x00\xff\n", 1000) + "192.0.2.1\n",
		strings.Repeat("x", 100<<10), // one overlong line
	} {
		_, _, err := Parse(strings.NewReader(in))
		if !errors.Is(err, ErrMalformed) {
			t.Errorf("Parse(%.30q) = %v, want ErrMalformed", in, err)
		}
	}
}

func TestNormalize(t *testing.T) {
	in := prefixes(t, "10.1.0.0/16", "2001:db8::/32", "10.0.0.0/8", "192.0.2.1/32", "10.0.0.0/8", "192.0.2.0/24", "2001:db8:1::/48", "11.0.0.0/8")
	got := Normalize(in)
	want := prefixes(t, "10.0.0.0/8", "11.0.0.0/8", "192.0.2.0/24", "2001:db8::/32")
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("; DROP\n1.10.16.0/20 ; SBL256894\n")
	f.Add("# netset\n0.0.0.0/8\n192.0.2.0-192.0.2.9\n::ffff:1.2.3.4/120\n")
	f.Add("2001:db8::/33 x\n\xef\xbb\xbf\r\n")
	f.Fuzz(func(t *testing.T, in string) {
		ps, st, err := Parse(strings.NewReader(in))
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if len(ps) != st.Entries {
			t.Fatalf("entries %d != %d", len(ps), st.Entries)
		}
		// A download reads the same, less at most an unterminated last entry.
		if dl, _, err := ParseDownload(strings.NewReader(in)); err == nil && (len(dl) > len(ps) || !slices.Equal(dl, ps[:len(dl)])) {
			t.Fatalf("ParseDownload %v is not a head of Parse %v", dl, ps)
		}
		for _, p := range ps {
			if !p.IsValid() || p.Bits() == 0 || p.Masked() != p || p.Addr().Is4In6() {
				t.Fatalf("bad prefix %v", p)
			}
		}
		n := Normalize(ps)
		for i := 1; i < len(n); i++ {
			if n[i-1].Overlaps(n[i]) {
				t.Fatalf("overlap after Normalize: %v %v", n[i-1], n[i])
			}
		}
	})
}

// BenchmarkParseNormalize100k: the CPU side of loading a 100,000-entry
// feed (read, parse, sort, merge) before the kernel gets it.
func BenchmarkParseNormalize100k(b *testing.B) {
	var sb strings.Builder
	for i := range 100_000 {
		if i%2 == 0 {
			fmt.Fprintf(&sb, "%d.%d.%d.0/24 ; SBL%d\n", 11+i>>16, i>>8&255, i&255, i)
		} else {
			fmt.Fprintf(&sb, "2001:db8:%x:%x::/64\n", i>>16, i&0xffff)
		}
	}
	data := sb.String()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		ps, _, err := Parse(strings.NewReader(data))
		if err != nil || len(Normalize(ps)) != 100_000 {
			b.Fatal(err, len(ps))
		}
	}
}
