package cluster

// keys are the Redis keys of one cluster (one key prefix). All keys of a
// cluster sit in one hash slot's worth of names only by convention: the
// publish script touches several keys at once, so a sharded Redis Cluster
// is not supported (a single server, a replica set or Sentinel is).
type keys struct {
	stream string // XADD: every decision, trimmed to StreamMaxLen
	bans   string // hash: prefix -> latest ban decision (the snapshot)
	expiry string // sorted set: prefix -> expiry in Redis ms (+inf: permanent)
	pub    string // hash: node -> last sequence number published
	nodes  string // hash: node -> heartbeat (JSON)
}

func keysFor(prefix string) keys {
	return keys{
		stream: prefix + "decisions",
		bans:   prefix + "bans",
		expiry: prefix + "bans:expiry",
		pub:    prefix + "published",
		nodes:  prefix + "nodes",
	}
}
