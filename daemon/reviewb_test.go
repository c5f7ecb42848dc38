package daemon

import (
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/state"
)

// RB8: an own manual ban whose reason the admin wrote as "... (from x)"
// passes for another node's ban (isRemote parses the reason): it is never
// published (clusterBanned) nor republished after a loss (OwnBans).
func TestReviewBOwnBanWithFromReasonPublished(t *testing.T) {
	b := state.Ban{Prefix: netip.MustParsePrefix("203.0.113.7/32"), Reason: "credential stuffing (from abuse-desk)",
		Start: time.Now(), Expires: time.Now().Add(time.Hour), Offence: 1, Origin: state.OriginManual}
	if got := ownDecisions([]state.Ban{b}); len(got) != 1 {
		t.Errorf("own manual ban with reason %q: %d decisions published, want 1", b.Reason, len(got))
	}
}

// Records stored before the node was kept still go by the reason; a ban
// applied from another node carries its node.
func TestReviewBRemoteBanByNode(t *testing.T) {
	p := netip.MustParsePrefix("203.0.113.8/32")
	old := state.Ban{Prefix: p, Reason: "trap (from web-1)", Origin: state.OriginAuto, NodeUnknown: true}
	remote := state.Ban{Prefix: p, Reason: "trap (from web-1)", Origin: state.OriginAuto, Node: "web-1"}
	if got := ownDecisions([]state.Ban{old, remote}); len(got) != 0 {
		t.Errorf("other nodes' bans published as own: %v", got)
	}
}
