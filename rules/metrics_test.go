package rules

import (
	"strings"
	"testing"
)

func TestMetricsListen(t *testing.T) {
	for listen, want := range map[string]string{
		"":                     "",
		"127.0.0.1:9631":       "",
		"[::1]:9631":           "",
		":9631":                "",
		"localhost:9631":       "",
		"127.0.0.1":            "want host:port",
		"127.0.0.1:99999":      "not 1..65535",
		"metrics.example:9631": "not an IP address",
	} {
		_, err := Load(strings.NewReader("[metrics]\nlisten = \""+listen+"\"\n"), "m.toml")
		switch {
		case want == "" && err != nil:
			t.Errorf("listen %q: %v", listen, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "m.toml:2: metrics: listen")):
			t.Errorf("listen %q: error %v, want %q at m.toml:2: metrics: listen", listen, err, want)
		}
	}
}
