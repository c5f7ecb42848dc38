package manualban

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/state"
)

// TestUnbanEventNamesNode: an unban of another cluster node's ban says
// whose it was, in the event's node field, on both paths (the daemon and
// the offline admin path build the line here). UnbanEvent had no node: the
// offline path wrote none, and the daemon set it by hand after the call.
// A version-1 record (NodeUnknown) is judged by its "(from x)" reason.
func TestUnbanEventNamesNode(t *testing.T) {
	p := netip.MustParsePrefix("198.51.100.9/32")
	start := time.Unix(1_765_000_000, 0)
	for _, c := range []struct {
		b    state.Ban
		want string
	}{
		{state.Ban{Prefix: p, Reason: "trap (from web-2)", Node: "web-2", Start: start, Origin: state.OriginAuto}, "web-2"},
		{state.Ban{Prefix: p, Reason: "trap (from web-1)", NodeUnknown: true, Start: start, Origin: state.OriginAuto}, "web-1"},
		{state.Ban{Prefix: p, Reason: "spam (from abuse-desk)", Start: start, Origin: state.OriginManual}, ""},
	} {
		ev := UnbanEvent(c.b)
		if ev.Node != c.want {
			t.Errorf("UnbanEvent(%q, node %q) node = %q, want %q", c.b.Reason, c.b.Node, ev.Node, c.want)
		}
		line := string(ev.AppendJSON(nil))
		if has := strings.Contains(line, `"node":"`+c.want+`"`); has != (c.want != "") {
			t.Errorf("line %s: node field present %v, want %v", line, has, c.want != "")
		}
	}
}
