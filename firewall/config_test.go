package firewall

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	got, err := Config{}.Normalize()
	if err != nil {
		t.Fatalf("Normalize(zero) = %v", err)
	}
	if got.Backend != "nftables" || got.Table != "guardctl" || got.Hook != "input" || got.Action != "drop" || got.MaxElements != DefaultMaxElements {
		t.Errorf("Normalize(zero) = %+v, want defaults", got)
	}
	for _, tc := range []struct {
		mutate func(*Config)
		key    string
	}{
		{func(c *Config) { c.Backend = "pf" }, "backend"},
		{func(c *Config) { c.Hook = "output" }, "hook"},
		{func(c *Config) { c.Action = "tarpit" }, "action"},
		{func(c *Config) { c.IPTablesMode = "xt" }, "iptables mode"},
		{func(c *Config) { c.Table = "bad name" }, "table"},
		{func(c *Config) { c.Table = strings.Repeat("a", 25) }, "table"},
		{func(c *Config) { c.Priority = 1000 }, "priority"},
	} {
		c := DefaultConfig()
		tc.mutate(&c)
		if _, err := c.Normalize(); err == nil || !strings.HasPrefix(err.Error(), tc.key) {
			t.Errorf("Normalize(%+v) = %v, want an error naming %q", c, err, tc.key)
		}
	}
	c := DefaultConfig()
	c.Hook, c.Action = "FORWARD", "Reject"
	if got, err := c.Normalize(); err != nil || got.Hook != "forward" || got.Action != "reject" {
		t.Errorf("Normalize is not case-insensitive: %+v, %v", got, err)
	}
}

func TestChains(t *testing.T) {
	c := DefaultConfig()
	c.Forward = true
	if got := c.Chains(); strings.Join(got, ",") != "input,forward" {
		t.Errorf("Chains() = %v, want input,forward", got)
	}
	c.Hook = "prerouting"
	if got := c.Chains(); strings.Join(got, ",") != "prerouting" {
		t.Errorf("Chains() with prerouting = %v, want prerouting alone (it sees forwarded traffic)", got)
	}
}
