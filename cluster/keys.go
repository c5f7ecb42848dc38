package cluster

import (
	"net/netip"
	"strconv"
	"strings"
)

// keys are the Redis keys of one cluster (one key prefix).
type keys struct {
	prefix string
	stream string // XADD: every decision, trimmed to StreamMaxLen
	nodes  string // hash: node -> heartbeat (JSON)
	// published is a hash node -> the sequence number of the node's last
	// decision in the stream: the publish script adds a node's decisions
	// only in order and only once (publish.go).
	published string
	// generation counts unban --all decisions: the snapshot is the ban
	// keys of the current generation (ban:<gen>:<prefix>), so an unban
	// --all empties it at once, atomically with its stream entry, and
	// the bans published after it (the next generation) stay.
	generation string
	// trimIndex lists "<running decision count> <entry id>" per stream
	// entry, so the publish script trims by decisions; trimmed is the id
	// of the newest entry trimmed (publish.go).
	trimIndex, trimmed string
	// unbans records network unbans whose inside bans' snapshot keys
	// are still to delete (unbans.go).
	unbans string
	// epoch is a random value set by the first node that finds none: a
	// node that sees it change knows Redis lost its data (epoch.go).
	epoch string
}

func keysFor(prefix string) keys {
	return keys{prefix: prefix, stream: prefix + "decisions", nodes: prefix + "nodes",
		published: prefix + "published", generation: prefix + "generation",
		trimIndex: prefix + "decisions:index", trimmed: prefix + "decisions:trimmed",
		unbans: prefix + "unbans", epoch: prefix + "epoch"}
}

// banPrefix starts every snapshot key; the publish script appends the
// generation, ':' and the prefix.
func (k keys) banPrefix() string { return k.prefix + "ban:" }

// ban is the snapshot key of one active ban in generation gen: its latest
// decision, expired by Redis at the ban's end.
func (k keys) ban(gen uint64, p netip.Prefix) string {
	return k.banPrefix() + strconv.FormatUint(gen, 10) + ":" + p.String()
}

// banPattern matches the snapshot keys of every generation (stale ones
// until the node that published an unban --all has deleted them).
func (k keys) banPattern() string { return escapeGlob(k.prefix) + "ban:*" }

// banGenPattern matches the snapshot keys of generation gen.
func (k keys) banGenPattern(gen uint64) string {
	return escapeGlob(k.banPrefix()) + strconv.FormatUint(gen, 10) + ":*"
}

// banGen is the generation in a snapshot key; ok is false for a key of
// another layout.
func (k keys) banGen(key string) (gen uint64, ok bool) {
	rest, ok := strings.CutPrefix(key, k.banPrefix())
	if !ok {
		return 0, false
	}
	g, _, ok := strings.Cut(rest, ":")
	if !ok {
		return 0, false
	}
	gen, err := strconv.ParseUint(g, 10, 64)
	return gen, err == nil
}

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

// hot is the sorted set of a rule's clients near its limit (share.go):
// client -> the number of its last mark (each mark its own number).
func (k keys) hot(rule string) string { return k.prefix + "hot:" + rule }

// hotSeq is the number of the last mark (no expiry: one number a rule).
func (k keys) hotSeq(rule string) string { return k.prefix + "hotseq:" + rule }

// hotAt is the sorted set of a rule's marked clients scored by the Redis
// time (ms) of their last mark: the script marks a client again only once
// that is a window old, and drops marks three windows old (share.go).
func (k keys) hotAt(rule string) string { return k.prefix + "hotat:" + rule }
