package cli

import (
	"encoding/hex"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/ipprefix"
	"github.com/guardctl/guardctl/manualban"
)

func unbanCommand() *cli.Command {
	return &cli.Command{
		Name:      "unban",
		Usage:     "lift bans: each IP or CIDR lifts every ban equal to or inside it; --all lifts every ban",
		ArgsUsage: "IP|CIDR|key:HEX...",
		Description: "An address inside a wider ban stays banned: unban warns and names the wider ban to lift (`guardctl list ADDR` shows it too).\n" +
			"key:HEX, as `guardctl list` prints it, removes one stored record that cannot be decoded and whose key is no address.",
		Flags: append(adminFlags(),
			&cli.BoolFlag{Name: "all", Usage: "lift every ban"},
		),
		Action: runUnban,
	}
}

func runUnban(c *cli.Context) error {
	args := c.Args().Slice()
	all := c.Bool("all")
	switch {
	case all && len(args) > 0:
		return usagef("unban: give either --all or addresses, not both")
	case !all && len(args) == 0:
		return usagef("unban: want at least one IP address, CIDR or key:HEX (as list prints it), or --all")
	}
	var (
		prefixes []netip.Prefix
		keys     []string
	)
	for _, a := range args {
		if strings.HasPrefix(a, manualban.KeyPrefix) {
			if _, err := manualban.ParseKey(a); err != nil {
				return usagef("unban: %v", err)
			}
			keys = append(keys, strings.TrimPrefix(a, manualban.KeyPrefix))
			continue
		}
		p, err := parseTarget(a)
		if err != nil {
			return err
		}
		prefixes = append(prefixes, p)
	}
	env, err := newAdminEnv(c)
	if err != nil {
		return err
	}
	defer env.Close()
	req := control.UnbanRequest{Prefixes: prefixes, Keys: keys, All: all}
	lifted, offline, err := call(env, true, func(s control.Service) ([]control.BanInfo, error) {
		return s.Unban(c.Context, req)
	})
	// Report what was lifted even when the kernel step failed: the store
	// part is done and the admin needs to know it.
	if wantJSON(c) {
		if lifted == nil {
			lifted = []control.BanInfo{}
		}
		if werr := writeJSON(c.App.Writer, lifted); werr != nil && err == nil {
			return werr
		}
	} else {
		for _, b := range lifted {
			if manualban.IsKernelOnly(b) {
				fmt.Fprintf(c.App.Writer, "removed %s from the kernel; no stored ban matched it\n", b.Prefix)
				continue
			}
			name := b.Prefix
			if name == "" && b.Key != "" {
				name = manualban.KeyPrefix + b.Key
			}
			fmt.Fprintf(c.App.Writer, "unbanned %s (%s, reason: %s)\n", name, b.Origin, manualban.ShowReason(b.Reason))
		}
	}
	if err != nil {
		return serviceError("unban", err)
	}
	warnKeysNotFound(c, env, offline, keys, lifted)
	switch {
	case wantJSON(c): // the document says it all
	case len(lifted) == 0:
		fmt.Fprintln(c.App.Writer, "no ban matched; nothing to lift")
	case all:
		fmt.Fprintf(c.App.Writer, "lifted %d bans\n", len(lifted))
	}
	if !all {
		warnStillBanned(c, env, offline, prefixes)
	}
	return nil
}

// warnStillBanned says which given addresses a wider ban still covers: an
// unban lifts bans equal to or inside its argument, so "unban 203.0.113.9"
// leaves 203.0.113.0/24 in place, and the admin must not believe the
// client is let in again.
func warnStillBanned(c *cli.Context, env *adminEnv, offline bool, prefixes []netip.Prefix) {
	var svc control.Service = env.client
	if offline {
		svc = env.offline
	}
	for _, p := range prefixes {
		// Point lookups (store and kernel), never a listing of every ban.
		bans, err := svc.Covering(c.Context, p.Addr())
		if err != nil {
			return // the unban is done; this is only advice
		}
		for _, b := range bans {
			wider, err := netip.ParsePrefix(b.Prefix)
			if err != nil || wider.Bits() >= p.Bits() || !wider.Contains(p.Addr()) {
				continue
			}
			fmt.Fprintf(c.App.ErrWriter, "warning: %s is still banned: inside %s (reason: %s); guardctl unban %s lifts it\n",
				ipprefix.String(p), b.Prefix, manualban.ShowReason(b.Reason), b.Prefix)
		}
	}
}

// warnKeysNotFound names each key given that lifted no record: a key that
// is no prefix names nothing else, so a typo must not pass for a removal.
// A running daemon that still lists the record did not lift it: it cannot
// lift by key (one older than its CLI); then the warning says so and how
// to remove it, instead of blaming the key (review s12 item 4: "no stored
// record has key" beside a list showing that very key).
func warnKeysNotFound(c *cli.Context, env *adminEnv, offline bool, keys []string, lifted []control.BanInfo) {
	var listed []control.BanInfo // the daemon's listing, read once when needed
	for _, k := range keys {
		raw, err := manualban.ParseKey(k)
		if err != nil {
			continue
		}
		if !manualban.IsRawKey(k) {
			continue // lifted as its prefix, reported as such
		}
		h := hex.EncodeToString(raw)
		held := func(b control.BanInfo) bool { return b.Undecodable && b.Key == h }
		if slices.ContainsFunc(lifted, held) {
			continue
		}
		if !offline && listed == nil {
			if listed, err = env.client.List(c.Context); err != nil {
				listed = []control.BanInfo{}
			}
		}
		if slices.ContainsFunc(listed, held) {
			fmt.Fprintf(c.App.ErrWriter, "warning: the running daemon did not lift the record with key %s, which it still lists: it cannot lift by key (it is older than this guardctl); "+
				"restart it with this version, or stop it and run `guardctl unban %s%s` (which then works on the store directly)\n", h, manualban.KeyPrefix, h)
			continue
		}
		fmt.Fprintf(c.App.ErrWriter, "warning: no stored record has key %s; nothing lifted for it (`guardctl list` shows the keys of records that cannot be decoded)\n", k)
	}
}
