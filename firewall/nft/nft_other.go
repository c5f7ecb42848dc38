//go:build !linux

// Package nft enforces bans with nftables; it exists on Linux only.
package nft

import (
	"context"
	"errors"
	"log/slog"

	"github.com/guardctl/guardctl/firewall"
)

// Backend is unavailable off Linux.
type Backend struct{ firewall.Backend }

// New returns errors.ErrUnsupported off Linux.
func New(ctx context.Context, cfg firewall.Config, log *slog.Logger) (*Backend, error) {
	return nil, errors.ErrUnsupported
}
