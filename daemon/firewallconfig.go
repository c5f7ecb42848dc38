package daemon

import (
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/rules"
)

// FirewallConfig is the backend configuration the policy's [firewall]
// section asks for: the one builder the daemon and the CLI's firewall and
// offline admin verbs share, so they all act on the same table. Owner stays
// false: only the running daemon owns the table, and it sets that itself.
func FirewallConfig(cfg *rules.Config) firewall.Config { return firewallConfig(cfg) }
