package rules

import (
	_ "embed"
	"strings"
)

// defaultTOML is the embedded default policy. It is a string so that it is
// immutable: Default decodes a fresh Config from it on every call.
//
//go:embed default.toml
var defaultTOML string

// defaultName names the embedded policy in messages.
const defaultName = "default.toml (embedded)"

// Default returns the embedded default policy (rules/default.toml), freshly
// decoded, so the caller may change it. It is the base every Load starts
// from and the policy used when no --config is given.
func Default() *Config {
	cfg, err := load(strings.NewReader(defaultTOML), defaultName, &Config{})
	if err != nil {
		// The embedded file is tested; reaching this is a build defect.
		panic("rules: embedded default policy is invalid: " + err.Error())
	}
	return cfg
}

// DefaultTOML returns the text of the embedded default policy, comments
// included, for commands that show or write it out.
func DefaultTOML() string { return defaultTOML }
