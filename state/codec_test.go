package state

import (
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestPrefixKeyOrder(t *testing.T) {
	// Keys sort by family, then address, then length: the order Bans and
	// Within return, and what makes a network one key range.
	in := []string{"2001:db8::/32", "10.0.0.0/8", "10.0.0.0/16", "9.0.0.0/8", "::/0", "0.0.0.0/0", "255.255.255.255/32"}
	want := []string{"0.0.0.0/0", "9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "255.255.255.255/32", "::/0", "2001:db8::/32"}
	var keys []string
	for _, s := range in {
		k, _, err := prefixKey(netip.MustParsePrefix(s))
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, string(k))
	}
	slices.Sort(keys)
	var got []string
	for _, k := range keys {
		p, err := parsePrefixKey([]byte(k))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p.String())
	}
	if !slices.Equal(got, want) {
		t.Errorf("key order = %v, want %v", got, want)
	}
}

func TestPrefixKeyNormalizes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"192.0.2.7/24", "192.0.2.0/24"},
		{"::ffff:192.0.2.7/128", "192.0.2.7/32"},
		{"::ffff:192.0.2.7/120", "192.0.2.0/24"},
		{"::ffff:0:0/95", "::fffe:0:0/95"}, // wider than the mapped range: stays IPv6
		{"fe80::1%eth0/64", "fe80::/64"},
	}
	for _, tt := range tests {
		p, err := netip.ParsePrefix(tt.in)
		if err != nil {
			// netip refuses zones in prefixes; build it by hand.
			p = netip.PrefixFrom(netip.MustParseAddr("fe80::1%eth0"), 64)
		}
		_, got, err := prefixKey(p)
		if err != nil || got.String() != tt.want {
			t.Errorf("prefixKey(%s) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

// FuzzDecodeBan: any bytes either fail to decode or decode to a ban that
// re-encodes to the same ban.
func FuzzDecodeBan(f *testing.F) {
	f.Add(encodeBan(Ban{Reason: "scanner", Rules: []string{"a", "b"}, Start: epoch(), Expires: epoch().Add(time.Hour), Offence: 3, Origin: OriginAuto}))
	f.Add(encodeBan(Ban{Origin: OriginManual}))
	f.Add([]byte{1})
	f.Add([]byte{1, 0, 0, 0, 1, 0, 0xff, 0xff, 0xff, 0xff, 0x0f})
	p := netip.MustParsePrefix("192.0.2.0/24")
	f.Fuzz(func(t *testing.T, v []byte) {
		b, err := decodeBan(p, v)
		if err != nil {
			return
		}
		again, err := decodeBan(p, encodeBan(b))
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if !banEqual(b, again) {
			t.Errorf("round trip: %+v became %+v", b, again)
		}
	})
}

func FuzzDecodeOffences(f *testing.F) {
	f.Add(encodeOffences([]offence{{epoch(), "sqli"}, {epoch().Add(time.Hour), ""}}))
	f.Add([]byte{1, 0})
	f.Add([]byte{1, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Add(encodeOffences([]offence{{epoch().Add(-time.Hour), "edge"}, {epoch().Add(time.Hour), "edge"}, {epoch(), "in"}}))
	f.Fuzz(func(t *testing.T, v []byte) {
		list, err := decodeOffences(v)
		// The allocation-free counter agrees with the decoder.
		since, until := epoch().Add(-time.Hour), epoch().Add(time.Hour)
		n, cerr := countOffences(v, since, until)
		if (err == nil) != (cerr == nil) {
			t.Fatalf("decodeOffences error %v, countOffences error %v", err, cerr)
		}
		if err != nil {
			return
		}
		want := 0
		for _, o := range list {
			if o.at.After(since) && !o.at.After(until) {
				want++
			}
		}
		if n != want {
			t.Errorf("countOffences = %d, want %d", n, want)
		}
		again, err := decodeOffences(encodeOffences(list))
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if len(again) != len(list) {
			t.Fatalf("round trip: %d entries became %d", len(list), len(again))
		}
		for i := range list {
			if !list[i].at.Equal(again[i].at) || list[i].rule != again[i].rule {
				t.Errorf("entry %d: %+v became %+v", i, list[i], again[i])
			}
		}
	})
}

func FuzzDecodePosition(f *testing.F) {
	f.Add(encodePosition(Position{Path: "/var/log/a.log", Offset: 3, Size: 4, HeadLen: 5, HeadHash: [32]byte{6}, Saved: epoch()}))
	f.Add([]byte{1, 0, 0, 0, 0, 0})
	id := FileID{Dev: 1, Inode: 2}
	f.Fuzz(func(t *testing.T, v []byte) {
		p, err := decodePosition(id, v)
		if err != nil {
			return
		}
		if p.ID() != id {
			t.Fatalf("identity %s became %s", id, p.ID())
		}
		again, err := decodePosition(id, encodePosition(p))
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if !samePos(p, again) {
			t.Errorf("round trip: %+v became %+v", p, again)
		}
	})
}

// FuzzOpenCorrupt overwrites bytes of a healthy state file and opens it.
// Open must return an error or a store that can be read and written; it must
// never panic or crash the process.
func FuzzOpenCorrupt(f *testing.F) {
	const page = 4096
	f.Add(uint32(0), []byte{0xff})
	f.Add(uint32(page+16), []byte{0, 0, 0, 0, 0, 0, 0, 0})
	f.Add(uint32(2*page), []byte{0xde, 0xad, 0xbe, 0xef})
	f.Add(uint32(3*page+20), []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	f.Add(uint32(5*page+100), []byte("garbage garbage garbage"))
	dir := f.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		f.Fatal(err)
	}
	var b Batch
	for i := range 300 {
		p := crashPrefix(i)
		b.Put = append(b.Put, Ban{Prefix: p, Reason: "r", Start: epoch(), Expires: epoch().Add(time.Hour), Offence: 1, Origin: OriginAuto})
		b.Offences = append(b.Offences, Offence{Key: p, At: epoch(), Rule: "r"})
	}
	b.Positions = []Position{{Path: "/var/log/a.log", Offset: 10}}
	if _, err := s.Write(b); err != nil {
		f.Fatal(err)
	}
	if err := s.Close(); err != nil {
		f.Fatal(err)
	}
	healthy, err := os.ReadFile(s.Path())
	if err != nil {
		f.Fatal(err)
	}

	f.Fuzz(func(t *testing.T, off uint32, patch []byte) {
		content := slices.Clone(healthy)
		off %= uint32(len(content))
		copy(content[off:], patch)
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, FileName), content, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := Open(dir, Options{LockTimeout: 50 * time.Millisecond})
		if err != nil {
			return
		}
		defer s.Close()
		_, _ = s.Bans()
		_, _ = s.Covering(netip.MustParseAddr("10.0.0.5"), epoch())
		_ = s.Offences(netip.MustParsePrefix("10.0.0.5/32"), epoch(), time.Hour)
		_, _ = s.Positions()
		_ = s.PutBans([]Ban{{Prefix: netip.MustParsePrefix("192.0.2.1/32"), Origin: OriginManual}})
		_, _ = s.ExpireBans(epoch().Add(2 * time.Hour))
	})
}
