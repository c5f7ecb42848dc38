//go:build linux

package ipt

import (
	"context"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/internal/relay"
)

// pollEvery is how often Watch compares: iptables and ipset have no change
// notifications a process can subscribe to, so Watch runs Verify (one
// `ipset list -terse` and one iptables-save per family) this often, which
// leaves most of the 1 s repair budget for the repair.
const pollEvery = 250 * time.Millisecond

// Watch reports drift found by a periodic quick check (counts and rules;
// the element audit is Verify's, on the caller's slower health check).
func (b *Backend) Watch(ctx context.Context) (<-chan firewall.Drift, error) {
	b.mu.Lock()
	err := b.ready()
	b.mu.Unlock()
	if err != nil {
		return nil, err
	}
	reports := make(chan []string, 4)
	out := make(chan firewall.Drift, 1)
	go relay.Run(ctx, reports, out)
	go relay.Poll(ctx, pollEvery, b.quickVerify, reports)
	return out, nil
}
