// Command gridbench generates the labeled traffic grid of
// bench/detect/traffic, replays every variant through the real pipeline
// with the embedded default policy (or -config) and prints the results
// as a Markdown table.
//
//	go run ./bench/detect/traffic/gridbench [-seed N | -seeds 3,4,5,6] [-only name,...] [-v] [-config FILE] [-red | -held]
//
// -red runs the red-team grid instead (traffic.RedGrid: shapes the first
// grid lacks) and prints recall per shape and benign bans by kind. -held
// runs the held-out grid (traffic.HeldGrid: IPv6 offices and floods inside
// a /64, forged X-Forwarded-For, slower scanners, one browser build behind
// NATs of 500), meant for seeds the policy was not tuned on (3 and up).
// -seeds runs the grid once per seed, a table each. -dump N writes the
// log lines of client N (the number -v prints) of the -only variant to
// stdout instead, for a fixture.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/guardctl/guardctl/bench/detect/traffic"
	"github.com/guardctl/guardctl/rules"
)

func main() {
	seed := flag.Uint64("seed", 1, "generator seed")
	only := flag.String("only", "", "comma-separated variant names (default: all)")
	verbose := flag.Bool("v", false, "list benign bans and missed attackers")
	config := flag.String("config", "", "policy file (default: the embedded default policy)")
	seeds := flag.String("seeds", "", "comma-separated seeds, one table each (overrides -seed)")
	red := flag.Bool("red", false, "run the red-team grid (shapes the first grid lacks)")
	held := flag.Bool("held", false, "run the held-out grid (shapes added after tuning; use seeds 3 and up)")
	dump := flag.Int("dump", -1, "write client N's log lines of the -only variant (as -v numbers them) and exit")
	flag.Parse()
	if *dump >= 0 {
		if err := dumpClient(os.Stdout, *seed, *only, *red, *held, *dump); err != nil {
			slog.Error("gridbench", "err", err)
			os.Exit(1)
		}
		return
	}
	list := []uint64{*seed}
	if *seeds != "" {
		list = list[:0]
		for _, f := range strings.Split(*seeds, ",") {
			n, err := strconv.ParseUint(strings.TrimSpace(f), 10, 64)
			if err != nil {
				slog.Error("gridbench", "err", fmt.Errorf("-seeds %q: %w", *seeds, err))
				os.Exit(2)
			}
			list = append(list, n)
		}
	}
	if *red && *held {
		slog.Error("gridbench", "err", "-red and -held are two grids; pick one")
		os.Exit(2)
	}
	for _, s := range list {
		if len(list) > 1 {
			fmt.Printf("\nseed %d\n\n", s)
		}
		if err := run(s, *only, *verbose, *config, *red, *held); err != nil {
			slog.Error("gridbench", "err", err)
			os.Exit(1)
		}
	}
}

func run(seed uint64, only string, verbose bool, config string, red, held bool) error {
	cfg := rules.Default()
	if config != "" {
		var err error
		if cfg, err = rules.LoadFile(config); err != nil {
			return err
		}
	}
	pol, err := cfg.Compile(rules.CompileOptions{})
	if err != nil {
		return err
	}
	var scores []*traffic.Score
	grid, table := traffic.Grid(seed), traffic.WriteTable
	switch {
	case red:
		grid, table = traffic.RedGrid(seed), traffic.WriteShapeTable
	case held:
		grid, table = traffic.HeldGrid(seed), traffic.WriteHeldTable
	}
	for _, v := range grid {
		if only != "" && !slices.Contains(strings.Split(only, ","), v.Name) {
			continue
		}
		s, err := traffic.Evaluate(context.Background(), pol, v)
		if err != nil {
			return fmt.Errorf("variant %s: %w", v.Name, err)
		}
		if verbose {
			var b strings.Builder
			traffic.WriteDetails(&b, s)
			for _, l := range strings.SplitAfter(b.String(), "\n") {
				if l != "" {
					fmt.Fprintf(os.Stderr, "seed %d %s", seed, l)
				}
			}
		}
		scores = append(scores, s)
	}
	table(os.Stdout, scores)
	return nil
}

// dumpClient writes client n's lines of variant name, as the log has them.
func dumpClient(w io.Writer, seed uint64, name string, red, held bool, n int) error {
	grid := traffic.Grid(seed)
	switch {
	case red:
		grid = traffic.RedGrid(seed)
	case held:
		grid = traffic.HeldGrid(seed)
	}
	for _, v := range grid {
		if v.Name != name {
			continue
		}
		l := traffic.Generate(v)
		if n >= len(l.Clients) {
			return fmt.Errorf("variant %s has %d clients", name, len(l.Clients))
		}
		_, err := w.Write(l.Client(int32(n)).Render())
		return err
	}
	return fmt.Errorf("-dump: no variant %q in this grid (name it with -only)", name)
}
