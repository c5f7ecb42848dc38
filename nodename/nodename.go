// Package nodename is the one rule for a cluster node's name. The name is
// written where the node's decisions go (the Redis stream, the state
// store, the event log, "(from NAME)" in a remote ban's reason), so the
// config ([cluster] node), the default taken from the host name, and
// every entry read from the stream are checked by the same function: a
// name the config refuses must not arrive from another node either
// (session 6: the stream took "web(2)", which the config refused and the
// reason parser could not read back).
package nodename

import (
	"fmt"
	"strings"
)

// MaxLen bounds a name: it is repeated in every decision and stored ban.
const MaxLen = 64

// Rule is what Check asks for, for messages.
const Rule = "a letter or digit, then letters, digits, '.', '_' or '-', at most 64 bytes"

// Check reports whether s is a valid node name, and why not.
func Check(s string) error {
	switch {
	case s == "":
		return fmt.Errorf("empty node name: want %s", Rule)
	case len(s) > MaxLen:
		return fmt.Errorf("node name %.20q... is %d bytes: want %s", s, len(s), Rule)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if i > 0 {
			ok = ok || c == '.' || c == '_' || c == '-'
		}
		if !ok {
			return fmt.Errorf("bad node name %q (byte %d, %q): want %s", s, i+1, c, Rule)
		}
	}
	return nil
}

// FromHostname turns a host name into a node name where it can: spaces
// become '-' (as before). The result is checked; a host name that is
// still not a valid node name (a leading '-', non-ASCII) is an error that
// tells the operator to set [cluster] node.
func FromHostname(h string) (string, error) {
	n := strings.ReplaceAll(h, " ", "-")
	if err := Check(n); err != nil {
		return "", fmt.Errorf("host name %q is no node name (%v): set [cluster] node", h, err)
	}
	return n, nil
}
