package daemon

import (
	"testing"

	"github.com/guardctl/guardctl/state"
)

// The deciding node is the stored one; only a record stored before the
// node was (NodeUnknown) is judged by its reason, the marker remoteReason
// writes.
func TestBanNode(t *testing.T) {
	for _, c := range []struct {
		b    state.Ban
		want string
	}{
		{state.Ban{Reason: "spam (from abuse-desk)"}, ""},
		{state.Ban{Reason: "trap", Node: "web-2"}, "web-2"},
		{state.Ban{Reason: remoteReason("trap", "web(2)"), Node: "web(2)"}, "web(2)"},
		{state.Ban{Reason: remoteReason("trap", "web-1"), NodeUnknown: true}, "web-1"},
		{state.Ban{Reason: "spam (from abuse desk)", NodeUnknown: true}, ""},
		{state.Ban{Reason: "trap", NodeUnknown: true}, ""},
	} {
		if got := banNode(c.b); got != c.want {
			t.Errorf("banNode(reason %q, node %q, unknown %v) = %q, want %q", c.b.Reason, c.b.Node, c.b.NodeUnknown, got, c.want)
		}
	}
}
