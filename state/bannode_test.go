package state

import (
	"net/netip"
	"testing"
	"time"
)

// A ban's deciding cluster node is a stored field (review rr-B: the daemon
// read it from the reason text, and an own ban whose reason ended in
// "(from x)" passed for another node's). Records written before it read
// NodeUnknown.
func TestBanNodeStoredAndOldRecordsRead(t *testing.T) {
	p := netip.MustParsePrefix("203.0.113.7/32")
	start := time.Unix(1_700_000_000, 0)
	b := Ban{Prefix: p, Reason: "credential stuffing (from abuse-desk)", Start: start, Offence: 1, Origin: OriginManual, Rules: []string{"r"}}
	for _, node := range []string{"", "web-2"} {
		b.Node = node
		got, err := decodeBan(p, encodeBan(b))
		if err != nil {
			t.Fatal(err)
		}
		if got.Node != node || got.NodeUnknown || got.Reason != b.Reason || len(got.Rules) != 1 {
			t.Errorf("node %q: read back %+v", node, got)
		}
	}
	// A record as written before: version 1, nothing after the rules.
	v1 := encodeBan(Ban{Prefix: p, Reason: "trap (from web-1)", Start: start, Offence: 2, Origin: OriginAuto, Node: "web-1"})
	v1 = v1[:len(v1)-len("web-1")-1] // the node string
	v1[0] = recordV1
	got, err := decodeBan(p, v1)
	if err != nil {
		t.Fatal(err)
	}
	if !got.NodeUnknown || got.Node != "" || got.Reason != "trap (from web-1)" || got.Offence != 2 {
		t.Errorf("old record read as %+v", got)
	}
	// A ban with no node and a plain reason stays version 1 (older
	// guardctl reads it).
	if v := encodeBan(Ban{Prefix: p, Reason: "trap", Start: start, Offence: 1, Origin: OriginAuto}); v[0] != recordV1 {
		t.Errorf("plain ban written as version %d", v[0])
	}
}
