package cli

import (
	"fmt"
	"os"

	"github.com/gaissmai/bart"
	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/clientip"
	"github.com/guardctl/guardctl/rules"
)

// loadedPolicy is a validated config and the policy compiled from it.
type loadedPolicy struct {
	Config *rules.Config
	Policy *rules.Policy
	Source string // the path, or "embedded default"
	Origin string // why this one: see findConfig
}

func configFlag() *cli.StringFlag {
	return &cli.StringFlag{
		Name:    "config",
		Aliases: []string{"c"},
		Usage:   "policy file (TOML); default: $" + envConfig + ", else " + defaultConfigPath + " when it exists, else the embedded default",
	}
}

// loadPolicy reads and compiles the policy at path or, when path is empty,
// the one findConfig picks. Every problem is returned at once, with file,
// line and key, as a config error.
func loadPolicy(path string) (*loadedPolicy, error) {
	return loadChoice(findConfig(path, os.Getenv, defaultConfigPath))
}

// loadChoice is loadPolicy for a file findConfig already picked.
func loadChoice(choice configChoice) (*loadedPolicy, error) {
	path := choice.Path
	var cfg *rules.Config
	source := "embedded default"
	if path == "" {
		cfg = rules.Default()
	} else {
		var err error
		if cfg, err = rules.LoadFile(path); err != nil {
			return nil, withCode(exitConfig, fmt.Errorf("load config %s:\n%w", path, err))
		}
		source = path
	}
	pol, err := cfg.Compile(rules.CompileOptions{})
	if err != nil {
		return nil, withCode(exitConfig, fmt.Errorf("config %s:\n%w", source, err))
	}
	return &loadedPolicy{Config: cfg, Policy: pol, Source: source, Origin: choice.Origin}, nil
}

// resolverFor builds the client resolver from the policy's trusted proxies
// plus extra CIDRs given on the command line. It returns nil when no proxy
// is trusted, so the hot path skips resolution entirely.
func resolverFor(p *rules.Policy, extra []string) (*clientip.Resolver, error) {
	trusted := new(bart.Lite)
	n := 0
	for pfx := range p.TrustedProxies.All() {
		trusted.Insert(pfx)
		n++
	}
	for _, s := range extra {
		pfx, err := rules.ParsePrefix(s)
		if err != nil {
			return nil, err
		}
		trusted.Insert(pfx)
		n++
	}
	if n == 0 {
		return nil, nil
	}
	return clientip.FromTable(trusted), nil
}
