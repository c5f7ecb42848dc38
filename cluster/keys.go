package cluster

import (
	"net/netip"
	"strconv"
)

// keys are the Redis keys of one cluster (one key prefix).
type keys struct {
	prefix string
	stream string // XADD: every decision, trimmed to StreamMaxLen
	nodes  string // hash: node -> heartbeat (JSON)
}

func keysFor(prefix string) keys {
	return keys{prefix: prefix, stream: prefix + "decisions", nodes: prefix + "nodes"}
}

// ban is the snapshot key of one active ban: its latest decision, expired
// by Redis at the ban's end.
func (k keys) ban(p netip.Prefix) string { return k.prefix + "ban:" + p.String() }

func (k keys) banPattern() string { return escapeGlob(k.prefix) + "ban:*" }

// escapeGlob quotes SCAN MATCH's special characters in a key prefix.
func escapeGlob(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?', '[', ']', '\\':
			out = append(out, '\\')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// counter is one fixed-window bucket of a cluster-scoped rule: a hash of
// client -> count.
func (k keys) counter(rule string, bucket int64) string {
	return k.prefix + "count:" + rule + ":" + strconv.FormatInt(bucket, 10)
}
