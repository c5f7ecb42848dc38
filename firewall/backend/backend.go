// Package backend opens the firewall.Backend a configuration names. It is
// separate from package firewall because the backends import firewall for
// its types.
package backend

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/dryrun"
	"github.com/guardctl/guardctl/firewall/ipt"
	"github.com/guardctl/guardctl/firewall/nft"
)

// New validates cfg and opens the backend it names: nftables, iptables or
// none. Opening changes nothing in the kernel; call Ensure for that.
func New(ctx context.Context, cfg firewall.Config, log *slog.Logger) (firewall.Backend, error) {
	cfg, err := cfg.Normalize()
	if err != nil {
		return nil, fmt.Errorf("firewall config: %w", err)
	}
	// Each case checks err itself: a nil *T returned as firewall.Backend
	// would be a non-nil interface.
	switch cfg.Backend {
	case firewall.BackendNFTables:
		b, err := nft.New(ctx, cfg, log)
		if err != nil {
			return nil, err
		}
		return b, nil
	case firewall.BackendIPTables:
		b, err := ipt.New(ctx, cfg, log)
		if err != nil {
			return nil, err
		}
		return b, nil
	default:
		b, err := dryrun.New(cfg, log)
		if err != nil {
			return nil, err
		}
		return b, nil
	}
}
