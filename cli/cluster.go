package cli

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/cluster"
	"github.com/guardctl/guardctl/control"
)

// guardctl cluster status reads the cluster's state from Redis itself (the
// [cluster] section of the config), so it answers on any node, with or
// without a local daemon.
func clusterCommand() *cli.Command {
	return &cli.Command{
		Name:  "cluster",
		Usage: "cluster mode ([cluster] in the config): nodes, heartbeats, lag, clock skew, shared bans, Redis health",
		Subcommands: []*cli.Command{{
			Name:   "status",
			Usage:  "show the nodes Redis has seen, their last heartbeat, lag and clock skew, the bans shared, and Redis's health",
			Flags:  []cli.Flag{configFlag(), outputFlag(nil)},
			Action: runClusterStatus,
		}},
	}
}

func runClusterStatus(c *cli.Context) error {
	if c.NArg() > 0 {
		return usagef("cluster status: unexpected argument %q", c.Args().First())
	}
	format, err := outputOf(c)
	if err != nil {
		return err
	}
	lp, err := loadPolicy(c.String("config"))
	if err != nil {
		return err
	}
	if !lp.Config.Cluster.Enabled() {
		return withCode(exitConfig, fmt.Errorf("cluster status: %s has no [cluster] redis_url or sentinels: this node runs alone", lp.Source))
	}
	cfg, err := cluster.FromRules(lp.Config.Cluster)
	if err != nil {
		return withCode(exitConfig, err)
	}
	// The Redis client prints its dial failures to stderr by itself
	// ("redis: ... pool.go:770: failed to dial after 5 attempts", twice,
	// before the status: operator audit); the status says the same once.
	// With --log-level they go to the log as the daemon's do.
	clientLogs := slog.New(slog.DiscardHandler)
	if c.IsSet("log-level") {
		clientLogs = adminLogger(c)
	}
	cluster.RouteClientLogs(clientLogs)
	st := cluster.ReadStatus(c.Context, cfg)
	if format == outputJSON {
		if err := writeJSON(c.App.Writer, st); err != nil {
			return err
		}
	} else if err := writeClusterStatus(c.App.Writer, st); err != nil {
		return err
	}
	if !st.Healthy {
		what := "unreachable"
		if st.Version != "" {
			what = "unusable"
		}
		return withCode(exitDaemon, errors.New("cluster status: Redis "+what+": "+st.Error))
	}
	return nil
}

func writeClusterStatus(w io.Writer, st cluster.Status) error {
	var b strings.Builder
	if st.Healthy {
		fmt.Fprintf(&b, "redis:    %s, healthy, version %s, ping %.2f ms\n", st.Redis, st.Version, st.PingMs)
	} else if st.Version != "" {
		// Reached, but refused (too old).
		fmt.Fprintf(&b, "redis:    %s, UNUSABLE: %s\n", st.Redis, st.Error)
	} else {
		fmt.Fprintf(&b, "redis:    %s, UNREACHABLE: %s\n", st.Redis, st.Error)
	}
	fmt.Fprintf(&b, "bans:     %d shared\n", st.BansShared)
	fmt.Fprintf(&b, "stream:   %d decisions kept, %d ever, last %s\n", st.StreamLength, st.StreamAdded, firstNonEmptyStr(st.StreamLast, "-"))
	if st.BadNodes > 0 {
		fmt.Fprintf(&b, "ignored:  %d field(s) of the nodes hash that are no node's heartbeat (a name the node-name rule refuses, or a heartbeat that does not parse)\n", st.BadNodes)
	}
	if len(st.Nodes) == 0 {
		b.WriteString("nodes:    none has beaten yet\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	b.WriteString("nodes:\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  NODE\tSTATE\tLAST BEAT\tLAG\tSKEW\tPUBLISHED\tAPPLIED\tQUEUED\tMALFORMED\tVERSION")
	for _, n := range st.Nodes {
		state := "alive"
		if !n.Alive {
			state = "GONE"
		}
		skew := fmt.Sprintf("%+dms", n.OffsetMs)
		if n.Skewed {
			skew += " (>1s!)"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s ago\t%s\t%s\t%d\t%d\t%d\t%d\t%s\n", n.Node, state, n.Age.Round(time.Millisecond),
			(time.Duration(n.LagMs) * time.Millisecond).String(), skew, n.Published, n.Applied, n.Queued, n.Malformed, firstNonEmptyStr(n.Version, "-"))
	}
	return tw.Flush()
}

func firstNonEmptyStr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// clusterLine is the cluster line of `guardctl status`.
func clusterLine(c *control.ClusterStatus) string {
	state := "connected"
	if !c.Connected {
		state = "REDIS UNREACHABLE (judging and enforcing alone)"
		if c.Error != "" {
			state += ": " + c.Error
		}
	}
	return fmt.Sprintf("node %s, %s, %s; published %d, applied %d, queued %d, dropped %d, refused %d, malformed %d, clock %+dms",
		c.Node, c.Redis, state, c.Published, c.Applied, c.Queued, c.Dropped, c.Refused, c.Malformed, c.OffsetMs)
}
