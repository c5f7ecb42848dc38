package cli

import (
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/ipprefix"
	"github.com/guardctl/guardctl/manualban"
)

// runListOf is `guardctl list ADDR|CIDR...`: what an operator woken by a
// customer asks of one client (why is it banned, until when, by which
// rule, how is it lifted), without reading a table of 100,000 bans. An
// address is looked up by point lookups (Covering: the ban of the address
// and every wider one around it); a network by the listing, keeping the
// bans that overlap it.
func runListOf(c *cli.Context) error {
	var targets []netip.Prefix
	for _, a := range c.Args().Slice() {
		p, err := parseTarget(a)
		if err != nil {
			return err
		}
		targets = append(targets, p)
	}
	env, err := newAdminEnv(c)
	if err != nil {
		return err
	}
	defer env.Close()
	var all []control.BanInfo // the listing, read once when a network is asked
	found := make([][]control.BanInfo, len(targets))
	for i, p := range targets {
		if p.IsSingleIP() {
			found[i], _, err = call(env, true, func(s control.Service) ([]control.BanInfo, error) {
				return s.Covering(c.Context, p.Addr())
			})
		} else {
			if all == nil {
				all, _, err = call(env, true, func(s control.Service) ([]control.BanInfo, error) {
					return s.List(c.Context)
				})
			}
			found[i] = overlapping(all, p)
		}
		if err != nil {
			return serviceError("list", err)
		}
	}
	if wantJSON(c) {
		out := make([]listOfJSON, len(targets))
		for i, p := range targets {
			out[i] = listOfJSON{Target: ipprefix.String(p), Banned: len(found[i]) > 0, Bans: found[i]}
			if out[i].Bans == nil {
				out[i].Bans = []control.BanInfo{}
			}
		}
		return writeJSON(c.App.Writer, out)
	}
	now := time.Now()
	for i, p := range targets {
		if i > 0 {
			fmt.Fprintln(c.App.Writer)
		}
		writeBansOf(c, ipprefix.String(p), found[i], now)
	}
	return nil
}

// listOfJSON answers one argument of `list ADDR|CIDR... --json`, in the
// order given: a script asking "is X banned" reads its own entry (review
// s12 item 6: one deduplicated array of bans, with nothing saying which
// address each answered, nor which were not banned).
type listOfJSON struct {
	Target string `json:"target"` // the argument, normalised
	// Banned: a ban covers (or, for a network, overlaps) the target,
	// stored or in the kernel only.
	Banned bool              `json:"banned"`
	Bans   []control.BanInfo `json:"bans"`
}

// overlapping are the bans equal to, inside or around p.
func overlapping(bans []control.BanInfo, p netip.Prefix) []control.BanInfo {
	var out []control.BanInfo
	for _, b := range bans {
		bp, err := ipprefix.Parse(b.Prefix)
		if err == nil && bp.Overlaps(p) {
			out = append(out, b)
		}
	}
	return out
}

// writeBansOf answers, for one address or network, the questions of an
// operator: banned or not, by what, since and until when, which rules,
// whether the kernel holds it, and the command that lifts it.
func writeBansOf(c *cli.Context, target string, bans []control.BanInfo, now time.Time) {
	w := c.App.Writer
	if len(bans) == 0 {
		fmt.Fprintf(w, "%s is not banned\n", target)
		return
	}
	for _, b := range bans {
		name := b.Prefix
		if name == "" {
			name = manualban.KeyPrefix + b.Key
		}
		how := "banned"
		if bp, err := ipprefix.Parse(name); err == nil && name != target {
			if tp, err := ipprefix.Parse(target); err == nil && bp.Bits() > tp.Bits() {
				how = name + " inside it is banned"
			} else {
				how = "banned as part of " + name
			}
		}
		if manualban.IsKernelOnly(b) {
			how += ", in the kernel only (no stored ban: added by hand, or left by a reset store)"
		}
		fmt.Fprintf(w, "%s: %s\n", target, how)
		fmt.Fprintf(w, "  reason:     %s\n", manualban.ShowReason(b.Reason))
		if len(b.Rules) > 0 {
			fmt.Fprintf(w, "  rules:      %s\n", strings.Join(b.Rules, ", "))
		}
		fmt.Fprintf(w, "  origin:     %s\n", b.Origin)
		switch {
		case b.Offence > 1:
			fmt.Fprintf(w, "  offence:    %d (a repeat offender: each ban is longer than the last)\n", b.Offence)
		case b.Offence == 1:
			fmt.Fprintf(w, "  offence:    1 (first)\n")
		}
		if !b.Since.IsZero() {
			fmt.Fprintf(w, "  since:      %s\n", b.Since.Local().Format(timeLayout))
		}
		if b.Expires.IsZero() {
			fmt.Fprintf(w, "  until:      never (permanent)\n")
		} else {
			fmt.Fprintf(w, "  until:      %s (%s left)\n", b.Expires.Local().Format(timeLayout), formatRemaining(b.Expires.Sub(now)))
		}
		fmt.Fprintf(w, "  in kernel:  %s\n", inKernel(b))
		fmt.Fprintf(w, "  lift it:    guardctl unban %s\n", name)
	}
}
