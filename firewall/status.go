package firewall

import (
	"fmt"
	"io"
	"strings"

	"github.com/guardctl/guardctl/internal/plural"
)

// Status describes what a backend finds in the kernel.
type Status struct {
	Backend string // nftables, iptables or none
	Detail  string // e.g. "iptables-nft" or "table owned by netlink port 1234"
	Table   string // the name everything guardctl created hangs off
	Present bool   // the table (nftables) or chain (iptables) exists
	Sets    []SetStatus
	Chains  []ChainStatus
}

// SetStatus describes one kernel set.
type SetStatus struct {
	Name     string
	Present  bool
	Flags    string // e.g. "interval,timeout" or "timeout"
	Elements int
}

// ChainStatus describes one chain guardctl created.
type ChainStatus struct {
	Name    string
	Hook    string
	Present bool
	Rules   int
	Blocked uint64 // packets the ban rules matched (counters), when known
}

// Bans sums the elements of the ban sets.
func (s Status) Bans() int {
	n := 0
	for _, set := range s.Sets {
		if isBanSet(set.Name) {
			n += set.Elements
		}
	}
	return n
}

// isBanSet tells the ban sets (nftables ban4, bannet4, ban6net64; ipset <table>-ban4)
// from allow sets and block lists, which may have "ban" in their names
// (nftables l_<name>4, ipset <table>-l-<name>4).
func isBanSet(name string) bool {
	if name == "ban6net64" { // nftables' IPv6 /64 bans
		return true
	}
	base := strings.TrimRight(name, "46")
	prefix, ok := strings.CutSuffix(base, "bannet")
	if !ok {
		prefix, ok = strings.CutSuffix(base, "ban")
	}
	return ok && len(base) > len(prefix) && (prefix == "" || strings.HasSuffix(prefix, "-") && !strings.HasSuffix(prefix, "-l-"))
}

// WriteTo prints the status for people, one fact a line.
func (s Status) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "backend: %s\n", s.Backend)
	if s.Detail != "" {
		fmt.Fprintf(&b, "detail:  %s\n", s.Detail)
	}
	fmt.Fprintf(&b, "table:   %s (%s)\n", s.Table, presence(s.Present))
	for _, set := range s.Sets {
		fmt.Fprintf(&b, "set %-14s %s", set.Name, presence(set.Present))
		if set.Present {
			fmt.Fprintf(&b, ", %s", plural.Count(set.Elements, "element"))
			if set.Flags != "" {
				fmt.Fprintf(&b, ", flags %s", set.Flags)
			}
		}
		b.WriteByte('\n')
	}
	for _, c := range s.Chains {
		fmt.Fprintf(&b, "chain %-12s %s", c.Name, presence(c.Present))
		if c.Present {
			fmt.Fprintf(&b, ", hook %s, %s, %s blocked", c.Hook, plural.Count(c.Rules, "rule"), plural.Count(c.Blocked, "packet"))
		}
		b.WriteByte('\n')
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

func presence(ok bool) string {
	if ok {
		return "present"
	}
	return "missing"
}
