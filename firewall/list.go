package firewall

import (
	"fmt"
	"net/netip"
	"regexp"
)

// listName is what SetList accepts: short, lower case, safe in nft set
// names and ipset names alike.
var listName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,15}$`)

// CheckListName validates a block list name for a table. ipset names are at
// most 31 bytes and a list's sets are named <table>-l-<name>4 (and a
// temporary <table>-t-<name>4 while loading), so long tables leave less
// room for the name.
func CheckListName(table, name string) error {
	if !listName.MatchString(name) {
		return fmt.Errorf("list name %q: want 1 to 16 lower-case letters, digits or '_', starting with a letter", name)
	}
	if n := len(table) + len("-l-") + len(name) + 1; n > 31 {
		return fmt.Errorf("list name %q: too long for table %q (ipset names hold 31 bytes, this needs %d)", name, table, n)
	}
	return nil
}

// ListPrefixes checks a list's name and makes its prefixes canonical, as
// every backend's SetList does first.
func ListPrefixes(table, name string, prefixes []netip.Prefix) ([]netip.Prefix, error) {
	if err := CheckListName(table, name); err != nil {
		return nil, err
	}
	ps, err := CanonicalAll(prefixes)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", name, err)
	}
	return ps, nil
}
