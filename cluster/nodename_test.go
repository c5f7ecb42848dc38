package cluster

import (
	"bytes"
	"errors"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/nodename"
)

// TestDecodeRefusesNodeNameConfigRefuses: a stream entry is held to the
// node-name rule the config is held to (nodename.Check). Before, the
// stream took "web(2)", "-x" or "a(b" (anything without a space, '/' or
// ','), names no node's config can give, and the daemon wrote them into
// reasons as "(from web(2))", which its parser could not read back.
func TestDecodeRefusesNodeNameConfigRefuses(t *testing.T) {
	now := time.Now().UnixMilli()
	ok := Decision{Op: OpBan, Node: "web-2", Seq: 1, Prefix: netip.MustParsePrefix("198.51.100.9/32"), At: now, Expires: now + 3600e3, Reason: "trap", Origin: "auto", Offence: 1}
	payload, err := ok.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Decode(payload); err != nil {
		t.Fatalf("valid entry refused: %v", err)
	}
	for _, name := range []string{"web(2)", "-web", "wéb", "a)b"} {
		if nodename.Check(name) == nil {
			t.Fatalf("fixture: %q is a valid node name", name)
		}
		bad := bytes.Replace(payload, []byte("\tweb-2\t"), []byte("\t"+name+"\t"), 1)
		if _, err := Decode(bad); !errors.Is(err, ErrMalformed) {
			t.Errorf("entry from node %q: Decode err = %v, want ErrMalformed", name, err)
		}
		d := ok
		d.Node = name
		if _, err := d.Encode(); err == nil {
			t.Errorf("Encode from node %q succeeded", name)
		}
	}
}
