//go:build linux

package ipt

import (
	"context"
	"errors"
	"net/netip"

	"github.com/guardctl/guardctl/firewall"
)

// Placeholders until the implementations land (issue 9).

func (b *Backend) Counts(ctx context.Context) (firewall.Counts, error) {
	return firewall.Counts{}, errors.ErrUnsupported
}

func (b *Backend) Lookup(ctx context.Context, p netip.Prefix) ([]firewall.Entry, error) {
	return nil, errors.ErrUnsupported
}

func (b *Backend) Verify(ctx context.Context) (firewall.Drift, error) {
	return firewall.Drift{}, errors.ErrUnsupported
}

func (b *Backend) Watch(ctx context.Context) (<-chan firewall.Drift, error) {
	return nil, errors.ErrUnsupported
}

func (b *Backend) SetList(ctx context.Context, name string, prefixes []netip.Prefix) error {
	return errors.ErrUnsupported
}

func (b *Backend) RemoveList(ctx context.Context, name string) error {
	return errors.ErrUnsupported
}
