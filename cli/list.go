package cli

import (
	"encoding/json"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/enrich/geo"
	pluralpkg "github.com/guardctl/guardctl/internal/plural"
	"github.com/guardctl/guardctl/manualban"
)

func listCommand() *cli.Command {
	return &cli.Command{
		Name:      "list",
		Usage:     "show the active bans; with addresses, whether each is banned, why, until when, by which rules, and how to lift it",
		ArgsUsage: "[IP|CIDR...]",
		Flags: append(adminFlags(),
			&cli.BoolFlag{Name: flagJSON, Usage: "print JSON (an array of bans) instead of a table"},
		),
		Action: runList,
	}
}

func runList(c *cli.Context) error {
	if c.NArg() > 0 {
		return runListOf(c)
	}
	env, err := newAdminEnv(c)
	if err != nil {
		return err
	}
	defer env.Close()
	bans, _, err := call(env, true, func(s control.Service) ([]control.BanInfo, error) {
		return s.List(c.Context)
	})
	if err != nil {
		return serviceError("list", err)
	}
	var db *geo.DB
	if env.policy != nil {
		db = openGeoWarn(c, env.policy.Config)
		defer db.Close()
	}
	if wantJSON(c) {
		if bans == nil {
			bans = []control.BanInfo{}
		}
		enc := json.NewEncoder(c.App.Writer)
		enc.SetIndent("", "  ")
		if db != nil {
			return enc.Encode(withGeo(db, bans))
		}
		return enc.Encode(bans)
	}
	if len(bans) == 0 {
		fmt.Fprintln(c.App.Writer, "no active bans")
		return nil
	}
	now := time.Now()
	tw := tabwriter.NewWriter(c.App.Writer, 0, 0, 2, ' ', 0)
	if db != nil {
		fmt.Fprint(tw, "COUNTRY/AS\t")
	}
	fmt.Fprintln(tw, "PREFIX\tREASON\tORIGIN\tSINCE\tEXPIRES\tREMAINING\tOFFENCE\tIN KERNEL")
	undecodable := 0
	for _, b := range bans {
		if b.Undecodable {
			// Kept (it may be an active ban) and skipped by every
			// reader: named here so the admin can remove it.
			undecodable++
			if b.Prefix == "" {
				b.Prefix = manualban.KeyPrefix + b.Key
			}
		}
		since, expires, remaining := "-", "never", "permanent"
		if !b.Since.IsZero() {
			since = b.Since.Local().Format(timeLayout)
		}
		if !b.Expires.IsZero() {
			expires = b.Expires.Local().Format(timeLayout)
			remaining = formatRemaining(b.Expires.Sub(now))
		}
		offence := "-"
		if b.Offence > 0 {
			offence = strconv.Itoa(b.Offence)
		}
		if db != nil {
			fmt.Fprintf(tw, "%s\t", dash(geoLabel(banGeo(db, b))))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			b.Prefix, manualban.ShowReason(b.Reason), b.Origin, since, expires, remaining, offence, inKernel(b))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if undecodable > 0 {
		fmt.Fprintf(c.App.ErrWriter, "%s cannot be decoded (kept: each may be an active ban; its prefix and expiry are what its key and head still say): "+
			"`guardctl unban PREFIX` removes one, `guardctl ban PREFIX` replaces it; one whose key is no prefix (key:...) `guardctl unban key:HEX` removes, as listed\n",
			pluralpkg.Count(uint64(undecodable), "stored ban record"))
	}
	return nil
}

// inKernel is the IN KERNEL column: "unknown" when the kernel did not
// answer (not "no": the ban may well be there).
func inKernel(b control.BanInfo) string {
	if b.KernelUnknown || b.Undecodable {
		return "unknown"
	}
	return yesNo(b.InKernel)
}
