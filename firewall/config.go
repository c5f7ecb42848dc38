package firewall

import (
	"fmt"
	"slices"
	"strings"
)

// Backend names accepted in Config.Backend.
const (
	BackendNFTables = "nftables"
	BackendIPTables = "iptables"
	BackendNone     = "none"
)

// Config selects and shapes a backend. Start from DefaultConfig: the zero
// value of Priority is a valid priority (0), not "use the default".
type Config struct {
	// Backend is nftables, iptables or none (dry run).
	Backend string
	// Table names everything guardctl creates: the nftables table
	// (inet <Table>), the ipset sets (<Table>-ban4 ...) and the iptables
	// chain (upper-cased Table).
	Table string
	// Hook is where the ban chain attaches: input (default), prerouting
	// (also sees traffic routed to containers) or forward.
	Hook string
	// Priority of the nftables base chain; the default -10 runs before the
	// usual filter chains (priority 0).
	Priority int
	// Action for banned sources: drop (default) or reject.
	Action string
	// Forward adds the same rules on the forward hook, for hosts that route
	// traffic to containers or VMs, when Hook is input.
	Forward bool
	// Owner makes the nftables table owned by this process (table flags
	// owner and persist): `nft flush ruleset` and other processes cannot
	// remove or change it while the process runs, and it stays in place
	// (unowned) when the process exits. Meant for the daemon only; see the
	// README for the trade-offs.
	Owner bool
	// IPTablesMode picks the iptables flavour: auto (default), nft or legacy.
	IPTablesMode string
	// MaxElements caps each ipset set (ipset's maxelem); 0 means 1,048,576.
	MaxElements int
	// NetNS is the path of a network namespace to enforce in, such as
	// /run/netns/NAME; empty means the caller's own namespace.
	NetNS string
}

// DefaultConfig returns the configuration used when the user sets nothing.
func DefaultConfig() Config {
	return Config{
		Backend:      BackendNFTables,
		Table:        "guardctl",
		Hook:         "input",
		Priority:     -10,
		Action:       "drop",
		IPTablesMode: "auto",
	}
}

// DefaultMaxElements is the ipset maxelem used when Config.MaxElements is 0.
const DefaultMaxElements = 1 << 20

// Normalize fills empty string fields with their defaults and checks every
// field, naming the bad one and the accepted values.
func (c Config) Normalize() (Config, error) {
	d := DefaultConfig()
	if c.Backend == "" {
		c.Backend = d.Backend
	}
	if c.Table == "" {
		c.Table = d.Table
	}
	if c.Hook == "" {
		c.Hook = d.Hook
	}
	if c.Action == "" {
		c.Action = d.Action
	}
	if c.IPTablesMode == "" {
		c.IPTablesMode = d.IPTablesMode
	}
	if c.MaxElements == 0 {
		c.MaxElements = DefaultMaxElements
	}
	c.Backend = strings.ToLower(c.Backend)
	c.Hook = strings.ToLower(c.Hook)
	c.Action = strings.ToLower(c.Action)
	c.IPTablesMode = strings.ToLower(c.IPTablesMode)
	if err := oneOf("backend", c.Backend, []string{BackendNFTables, BackendIPTables, BackendNone}); err != nil {
		return c, err
	}
	if err := oneOf("hook", c.Hook, []string{"input", "prerouting", "forward"}); err != nil {
		return c, err
	}
	if err := oneOf("action", c.Action, []string{"drop", "reject"}); err != nil {
		return c, err
	}
	if err := oneOf("iptables mode", c.IPTablesMode, []string{"auto", "nft", "legacy"}); err != nil {
		return c, err
	}
	// ipset names are at most 31 bytes and get a "-allow4" suffix; nft
	// accepts longer names but one rule for both keeps configs portable.
	if !validName(c.Table) || len(c.Table) > 24 {
		return c, fmt.Errorf("table %q: want 1 to 24 letters, digits, '_' or '-', starting with a letter", c.Table)
	}
	if c.Priority < -400 || c.Priority > 400 {
		return c, fmt.Errorf("priority %d: want a value between -400 and 400", c.Priority)
	}
	if c.MaxElements < 0 {
		return c, fmt.Errorf("max elements %d: want a positive number", c.MaxElements)
	}
	return c, nil
}

func oneOf(key, v string, accepted []string) error {
	if slices.Contains(accepted, v) {
		return nil
	}
	return fmt.Errorf("%s %q: want one of %s", key, v, strings.Join(accepted, ", "))
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case i > 0 && (r >= '0' && r <= '9' || r == '_' || r == '-'):
		default:
			return false
		}
	}
	return true
}

// Chains returns the hooks that get a ban chain under this configuration.
func (c Config) Chains() []string {
	if c.Forward && c.Hook == "input" {
		return []string{"input", "forward"}
	}
	return []string{c.Hook}
}
