package daemon

import (
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/rules"
)

// FirewallConfig is the backend configuration the policy's [firewall]
// section asks for: the one builder the daemon and the CLI's firewall and
// offline admin verbs share, so they all act on the same table. Owner stays
// false here: only the running daemon claims the table (New sets Owner
// unless [firewall] shared_table), so these verbs are refused while it runs
// and work on the table it leaves unowned when it exits.
func FirewallConfig(cfg *rules.Config) firewall.Config { return firewallConfig(cfg) }
