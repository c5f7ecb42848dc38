package manualban_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"net/netip"
	"slices"
	"testing"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/manualban"
)

// Review s12 item 1 (rev-ops, on 3b95dba; the reviewer's
// TestRevUnbanKeyOfEveryAddressRefused, adopted): a key that is a prefix's
// stood for that prefix but skipped the checks a typed prefix gets
// (ipprefix.Normalize): the key of 0.0.0.0/0, ::/0 or ::ffff:0:0/96 was an
// unban of every IPv4 or IPv6 client (store, offence history, an unban
// published that the peers refuse forever), which `unban 0.0.0.0/0`
// refuses. Such a key now names no network at all: it is a raw key, which
// can only remove the one record stored under it that cannot be decoded.
// The mapped form of a client's key is that client, normalised as a typed
// ::ffff:203.0.113.10 is (the mapped form, published, was refused by the
// peers as not canonical: the unban never reached them).
func TestUnbanKeyOfRefusedPrefixIsRaw(t *testing.T) {
	for _, k := range []string{
		"040000000000",                         // 0.0.0.0/0
		"060000000000000000000000000000000000", // ::/0
		"0600000000000000000000ffff0000000060", // ::ffff:0.0.0.0/96
		"0600000000000000000000ffff0000000050", // ::ffff:0:0/80, reaching into IPv6
	} {
		req := control.UnbanRequest{Keys: []string{manualban.KeyPrefix + k}}
		nets, err := manualban.Unban(req)
		if err != nil || len(nets) != 0 {
			t.Errorf("unban key:%s: nets %v, err %v; want no network lifted (only the record under that key)", k, nets, err)
		}
		raw, _ := hex.DecodeString(k)
		if got := manualban.RawKeys(req); !slices.ContainsFunc(got, func(r []byte) bool { return bytes.Equal(r, raw) }) {
			t.Errorf("unban key:%s: raw keys %x, want the key itself", k, got)
		}
		if !manualban.IsRawKey(k) {
			t.Errorf("IsRawKey(%s) = false, want true", k)
		}
	}
	for k, want := range map[string]string{
		"0600000000000000000000ffffcb00710a80": "203.0.113.10/32", // ::ffff:203.0.113.10/128
		"0600000000000000000000ffffcb00710078": "203.0.113.0/24",  // ::ffff:203.0.113.0/120
		"04cb00710a20":                         "203.0.113.10/32",
	} {
		req := control.UnbanRequest{Keys: []string{k}}
		nets, err := manualban.Unban(req)
		if err != nil || !slices.Equal(nets, []netip.Prefix{netip.MustParsePrefix(want)}) {
			t.Errorf("unban key:%s: nets %v, err %v; want [%s]", k, nets, err, want)
		}
		if raw := manualban.RawKeys(req); len(raw) != 0 || manualban.IsRawKey(k) {
			t.Errorf("unban key:%s: raw keys %x, want none (it is %s's key)", k, raw, want)
		}
	}
	// A key that is no hex stays refused.
	if _, err := manualban.Unban(control.UnbanRequest{Keys: []string{"key:zz"}}); !errors.Is(err, control.ErrInvalid) {
		t.Errorf("unban key:zz: %v, want an invalid request", err)
	}
}
