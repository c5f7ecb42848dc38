// Command gridbench generates the labeled traffic grid of
// bench/detect/traffic, replays every variant through the real pipeline
// with the embedded default policy (or -config) and prints the results
// as a Markdown table.
//
//	go run ./bench/detect/traffic/gridbench [-seed N] [-only name,...] [-v] [-config FILE] [-red]
//
// -red runs the red-team grid instead (traffic.RedGrid: shapes the first
// grid lacks) and prints recall per shape and benign bans by kind.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"

	"github.com/guardctl/guardctl/bench/detect/traffic"
	"github.com/guardctl/guardctl/rules"
)

func main() {
	seed := flag.Uint64("seed", 1, "generator seed")
	only := flag.String("only", "", "comma-separated variant names (default: all)")
	verbose := flag.Bool("v", false, "list benign bans and missed attackers")
	config := flag.String("config", "", "policy file (default: the embedded default policy)")
	red := flag.Bool("red", false, "run the red-team grid (shapes the first grid lacks)")
	flag.Parse()
	if err := run(*seed, *only, *verbose, *config, *red); err != nil {
		slog.Error("gridbench", "err", err)
		os.Exit(1)
	}
}

func run(seed uint64, only string, verbose bool, config string, red bool) error {
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
	if red {
		grid, table = traffic.RedGrid(seed), traffic.WriteShapeTable
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
			traffic.WriteDetails(os.Stderr, s)
		}
		scores = append(scores, s)
	}
	table(os.Stdout, scores)
	return nil
}
