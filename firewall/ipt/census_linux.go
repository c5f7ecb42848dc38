//go:build linux

package ipt

import (
	"context"
	"strings"

	"github.com/coreos/go-iptables/iptables"

	"github.com/guardctl/guardctl/firewall"
)

// Status reports sets and chains without changing anything.
func (b *Backend) Status(ctx context.Context) (firewall.Status, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	st := firewall.Status{Backend: firewall.BackendIPTables, Detail: "iptables-" + b.mode, Table: b.chain}
	if err := b.ready(); err != nil {
		return st, err
	}
	err := b.do(func() error {
		names, err := b.ipset.names(ctx)
		if err != nil {
			return err
		}
		for _, set := range b.setNames() {
			ss := firewall.SetStatus{Name: set, Present: names[set]}
			if ss.Present {
				if ss.Elements, err = b.ipset.count(ctx, set); err != nil {
					return err
				}
				ss.Flags = "hash:net"
				if strings.Contains(set, "-ban") {
					ss.Flags += ",timeout"
				}
			}
			st.Sets = append(st.Sets, ss)
		}
		for _, h := range b.hooks() {
			for _, f := range b.families() {
				cs := firewall.ChainStatus{Name: h.table + "/" + b.chain + " (" + protoName(f.ipt) + ")", Hook: h.chain}
				ok, err := f.ipt.ChainExists(h.table, b.chain)
				if err != nil {
					return classifyIPT(err)
				}
				if ok {
					cs.Present = true
					stats, err := f.ipt.StructuredStats(h.table, b.chain)
					if err != nil {
						return classifyIPT(err)
					}
					cs.Rules = len(stats)
					for _, s := range stats {
						if s.Target != "RETURN" {
							cs.Blocked += s.Packets
						}
					}
					st.Present = true
				}
				st.Chains = append(st.Chains, cs)
			}
		}
		return nil
	})
	return st, err
}

func protoName(ipt *iptables.IPTables) string {
	if ipt.Proto() == iptables.ProtocolIPv6 {
		return "ip6tables"
	}
	return "iptables"
}
