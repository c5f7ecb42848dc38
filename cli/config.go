package cli

import (
	"errors"
	"io/fs"
	"os"
)

// envConfig names the config file when --config is not given.
const envConfig = "GUARDCTL_CONFIG"

// defaultConfigPath is where the packaged unit expects the config.
const defaultConfigPath = "/etc/guardctl/guardctl.toml"

// configChoice is the policy file a verb runs with and why that one.
type configChoice struct {
	Path   string // "" for the embedded default
	Origin string // "--config", "$GUARDCTL_CONFIG", "system config", "embedded default"
}

// findConfig is how every verb finds its policy: --config, then
// $GUARDCTL_CONFIG, then the system file the packaged unit runs the daemon
// with when it exists, then the embedded default. A dry run (analyze,
// explain, test) thereby judges with the same policy as the daemon.
func findConfig(flag string, getenv func(string) string, systemPath string) configChoice {
	if flag != "" {
		return configChoice{Path: flag, Origin: "--config"}
	}
	if p := getenv(envConfig); p != "" {
		return configChoice{Path: p, Origin: "$" + envConfig}
	}
	// Present but unreadable counts as present: loading it then says
	// why, rather than silently judging with another policy than the
	// daemon's.
	if _, err := os.Stat(systemPath); systemPath != "" && !errors.Is(err, fs.ErrNotExist) {
		return configChoice{Path: systemPath, Origin: "system config"}
	}
	return configChoice{Origin: "embedded default"}
}

// describe names the policy and, unless it says itself, how it was found:
// "/etc/guardctl/guardctl.toml (system config)", "embedded default".
func (p *loadedPolicy) describe() string {
	if p.Origin == "" || p.Origin == p.Source {
		return p.Source
	}
	return p.Source + " (" + p.Origin + ")"
}
