package state

import "strings"

// DecidedBy is the cluster node that decided b, "" for this one: its
// stored Node. Only a record stored before the node was (NodeUnknown) is
// judged by its reason, where the daemon wrote another node's name as
// "trap (from web-1)". Every writer of a ban's events (the daemon, and
// the offline admin path that unbans with the daemon stopped) goes by
// this, so the event log names the same node for the same ban.
func (b Ban) DecidedBy() string {
	if b.NodeUnknown {
		return ReasonNode(b.Reason)
	}
	return b.Node
}

// ReasonNode is the node a reason "... (from NODE)" names, "" when it
// names none (a name with a space or parenthesis is no node's).
func ReasonNode(reason string) string {
	i := strings.LastIndex(reason, " (from ")
	if i < 0 || !strings.HasSuffix(reason, ")") {
		return ""
	}
	if n := reason[i+len(" (from ") : len(reason)-1]; n != "" && !strings.ContainsAny(n, " ()") {
		return n
	}
	return ""
}
