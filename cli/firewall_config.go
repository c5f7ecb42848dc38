package cli

import (
	"github.com/guardctl/guardctl/daemon"
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/rules"
)

// firewallConfigOf is the daemon's own builder (daemon.FirewallConfig), so
// the firewall verbs and the offline admin verbs (ban, unban, list, status
// without a daemon) act on the table `guardctl run` uses.
func firewallConfigOf(cfg *rules.Config) firewall.Config {
	return daemon.FirewallConfig(cfg)
}
