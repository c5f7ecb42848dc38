package cluster

import (
	"net/netip"
	"testing"
)

// FuzzDecode: whatever a stream entry holds, Decode returns a valid
// decision or an error, and a decoded decision encodes and decodes to
// itself.
func FuzzDecode(f *testing.F) {
	good := Decision{Op: OpBan, Node: "web-1", Seq: 7, Prefix: netip.MustParsePrefix("203.0.113.7/32"),
		At: 1767225600000, Expires: 1767229200000, Reason: "trap", Rules: []string{"trap"}, Offence: 2, Origin: "auto"}
	b, err := good.Encode()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte("1\tunban\tb\t1\t10.0.0.0/8\t1767225600000\t0\t0\t\t\t10.1.2.3/32,10.9.0.0/16\t"))
	f.Add([]byte("1\tunban_all\tc\t3\t\t1767225600000\t0\t0\t\t\t\t"))
	f.Add([]byte("1\tban\tz\t1\t::ffff:1.2.3.4/128\t1767225600000\t0\t1\tauto\ta,b\t\treason, with comma"))
	f.Add([]byte(`{"op":"ban"}`))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, in []byte) {
		d, err := Decode(in)
		if err != nil {
			return
		}
		if err := d.Validate(); err != nil {
			t.Fatalf("decoded an invalid decision: %v", err)
		}
		out, err := d.Encode()
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		d2, err := Decode(out)
		if err != nil || d2.ID() != d.ID() || d2.Prefix != d.Prefix || d2.Expires != d.Expires {
			t.Fatalf("round trip: %v %+v %+v", err, d, d2)
		}
	})
}
