package cluster

import "unsafe"

// What one cluster-scoped rule's counting can hold on a node at its
// bounds, for the daemon's automatic memory limit ([limits] memory_limit
// = "auto"), which budgets clients and bans and, before session 10, not
// the counter: a node near its limit paid for the counter's live memory
// in collections (docs/cluster.md, "The warm excess"). Sizes measured by
// TestRuleMemoryBound (a rule filled to its bounds).
const (
	// heldBytesPerClient: a client in the held table (its key, count,
	// previous bucket's count, hot end and slot's index in arrays doubled
	// as they grow, the touched list, and its 8-byte index slots at most
	// half full: 64 bytes measured; 69 with the flush mark before session
	// 14).
	heldBytesPerClient = 72
	// hotBytesPerClient: a client in the rule's map of clients known
	// hot (key, end, and the map's room).
	hotBytesPerClient = 85
)

// RuleMemoryBound is the most one cluster-scoped rule's counter holds
// between flushes at its bounds: maxHeld clients held, maxHotKnown known
// hot, and what the log keeps for the next logs, budgeted as keepLog
// countKeys (6.3 MB; since session 15 keepLog 4-byte events, 1 MB, and
// at most keepOthers other clients' keys, 5.2 MB) (about 47 MB). A flush
// held up by a slow Redis lets the log grow to maxLog events (4 MB more,
// up to 28 MB of IPv6 clients) until it drains; that is not budgeted, as
// the loop's other transients are not.
func RuleMemoryBound() int64 {
	return maxHeld*heldBytesPerClient + maxHotKnown*hotBytesPerClient + keepLog*int64(unsafe.Sizeof(countKey{}))
}
