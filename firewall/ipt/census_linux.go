//go:build linux

package ipt

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"time"

	"github.com/coreos/go-iptables/iptables"

	"github.com/guardctl/guardctl/firewall"
)

// Status reports sets and chains without changing anything. Entry counts
// come from one `ipset list -terse` (headers only).
func (b *Backend) Status(ctx context.Context) (firewall.Status, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	st := firewall.Status{Backend: firewall.BackendIPTables, Detail: "iptables-" + b.mode, Table: b.chain}
	if err := b.ready(); err != nil {
		return st, err
	}
	err := b.do(func() error {
		var err error
		st, _, err = b.status(ctx, st)
		return err
	})
	return st, err
}

func (b *Backend) status(ctx context.Context, st firewall.Status) (firewall.Status, map[string]int, error) {
	counts, err := b.ipset.counts(ctx)
	if err != nil {
		return st, nil, err
	}
	for _, set := range b.setNames() {
		n, ok := counts[set]
		ss := firewall.SetStatus{Name: set, Present: ok, Elements: n}
		if ok {
			ss.Flags = "hash:net"
			if strings.HasPrefix(set, b.cfg.Table+"-ban") {
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
				return st, nil, classifyIPT(err)
			}
			if ok {
				cs.Present = true
				stats, err := f.ipt.StructuredStats(h.table, b.chain)
				if err != nil {
					return st, nil, classifyIPT(err)
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
	return st, counts, nil
}

func protoName(ipt *iptables.IPTables) string {
	if ipt.Proto() == iptables.ProtocolIPv6 {
		return "ip6tables"
	}
	return "iptables"
}

// Counts is Status with totals and the drift found by Verify.
func (b *Backend) Counts(ctx context.Context) (firewall.Counts, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return firewall.Counts{}, err
	}
	out := firewall.Counts{Lists: map[string]int{}}
	err := b.do(func() error {
		st := firewall.Status{Backend: firewall.BackendIPTables, Detail: "iptables-" + b.mode, Table: b.chain}
		st, counts, err := b.status(ctx, st)
		if err != nil {
			return err
		}
		out.Status = st
		t := b.cfg.Table
		out.Bans = counts[t+"-ban4"] + counts[t+"-ban6"]
		out.Allow = counts[t+"-allow4"] + counts[t+"-allow6"]
		// Every list in the kernel, also those a previous process loaded.
		for set, n := range counts {
			rest, ok := strings.CutPrefix(set, b.cfg.Table+"-l-")
			if ok && len(rest) > 1 {
				out.Lists[rest[:len(rest)-1]] += n
			}
		}
		out.Drift, err = b.verify(ctx, counts)
		return err
	})
	return out, err
}

// Verify compares the sets' entry counts with what this process loaded and
// our chains and jumps with the shape, from one `ipset list -terse` and
// one iptables-save per family: a few milliseconds, no listing of entries.
func (b *Backend) Verify(ctx context.Context) (firewall.Drift, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return firewall.Drift{}, err
	}
	var d firewall.Drift
	err := b.do(func() error {
		counts, err := b.ipset.counts(ctx)
		if err != nil {
			return err
		}
		d, err = b.verify(ctx, counts)
		return err
	})
	return d, err
}

func (b *Backend) verify(ctx context.Context, counts map[string]int) (firewall.Drift, error) {
	now := time.Now()
	d := firewall.Drift{At: now}
	add := func(format string, args ...any) { d.Reasons = append(d.Reasons, fmt.Sprintf(format, args...)) }
	expect := func(set string, want int) {
		n, ok := counts[set]
		switch {
		case !ok:
			add("ipset %s missing", set)
		case n < want:
			add("ipset %s: %d entries, want at least %d", set, n, want)
		}
	}
	t := b.cfg.Table
	if b.allow != nil {
		w4, w6 := perFamily(b.allow)
		expect(t+"-allow4", w4)
		expect(t+"-allow6", w6)
	} else {
		expect(t+"-allow4", 0)
		expect(t+"-allow6", 0)
	}
	for _, name := range b.listNames() {
		w4, w6 := perFamily(b.lists[name])
		expect(b.listSet(name, "4"), w4)
		expect(b.listSet(name, "6"), w6)
	}
	for _, f := range b.families() {
		expect(f.ban, b.loaded[f.ban].Expected(now, nil))
	}
	for _, f := range b.families() {
		out, err := exec.CommandContext(ctx, f.save).Output()
		if err != nil {
			return d, fmt.Errorf("%s: %w", f.save, err)
		}
		for _, r := range b.ruleDrift(f, parseSave4(out)) {
			add("%s: %s", protoName(f.ipt), r)
		}
	}
	return d, nil
}

// parseSave4 splits iptables-save output into the rule lines of each
// table ("-A CHAIN ..."), in order, and notes the chains declared.
func parseSave4(out []byte) map[string][]string {
	tables := map[string][]string{}
	table := ""
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "*"):
			table = l[1:]
			tables[table] = tables[table][:0:0]
		case strings.HasPrefix(l, ":"):
			if name, _, ok := strings.Cut(l[1:], " "); ok {
				tables[table] = append(tables[table], "-N "+name)
			}
		case strings.HasPrefix(l, "-A "):
			tables[table] = append(tables[table], l)
		}
	}
	return tables
}

// ruleDrift compares one family's saved tables with our chain's rules and
// the jumps at position 1.
func (b *Backend) ruleDrift(f family, tables map[string][]string) []string {
	var out []string
	want := b.chainLines(f)
	for _, h := range b.hooks() {
		lines := tables[h.table]
		if !slices.Contains(lines, "-N "+b.chain) {
			out = append(out, fmt.Sprintf("chain %s missing in table %s", b.chain, h.table))
			continue
		}
		var got []string
		var first string
		jumps := 0
		jump := "-A " + h.chain + " -j " + b.chain
		for _, l := range lines {
			if strings.HasPrefix(l, "-A "+b.chain+" ") {
				got = append(got, l)
			}
			if strings.HasPrefix(l, "-A "+h.chain+" ") {
				if first == "" {
					first = l
				}
				if l == jump {
					jumps++
				}
			}
		}
		if !slices.Equal(got, want) {
			out = append(out, fmt.Sprintf("chain %s/%s: %d rules, want the %d rules of guardctl's shape", h.table, b.chain, len(got), len(want)))
		}
		if first != jump || jumps != 1 {
			out = append(out, fmt.Sprintf("%s/%s: the jump to %s is not the single first rule", h.table, h.chain, b.chain))
		}
	}
	return out
}
