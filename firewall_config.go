package main

import (
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/rules"
)

// firewallConfigOf turns the policy's [firewall] section into the backend
// configuration. Both `guardctl run` and the offline admin verbs (ban,
// unban, list, status without a daemon) use it, so they act on the same
// table. Owner stays false: only the daemon owns the table, and it sets
// that itself.
func firewallConfigOf(cfg *rules.Config) firewall.Config {
	fc := firewall.DefaultConfig()
	f := cfg.Firewall
	if f.Backend != "" {
		fc.Backend = f.Backend
	}
	if f.Table != "" {
		fc.Table = f.Table
	}
	if f.Hook != "" {
		fc.Hook = f.Hook
	}
	// The default policy always sets priority; 0 is a valid priority, so
	// it is copied as it is.
	fc.Priority = f.Priority
	if f.Action != "" {
		fc.Action = f.Action
	}
	fc.Forward = f.Forward
	return fc
}
