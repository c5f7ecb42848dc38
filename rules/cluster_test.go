package rules

import (
	"strings"
	"testing"
)

func TestClusterSection(t *testing.T) {
	good := `
[cluster]
redis_url = "unix:///run/redis/redis.sock?db=2"
node = "web-1"
key_prefix = "site-a:"
username = "guardctl"
password_file = "/etc/guardctl/redis.pass"
stream_max_len = 5000
batch_interval = "20ms"
`
	cfg, err := Load(strings.NewReader(good), "good.toml")
	if err != nil {
		t.Fatal(err)
	}
	if c := cfg.Cluster; !c.Enabled() || c.Node != "web-1" || c.StreamMaxLen != 5000 || c.BatchInterval.Milliseconds() != 20 {
		t.Fatalf("decoded %+v", c)
	}
	if cfg, err := Load(strings.NewReader(""), "empty.toml"); err != nil || cfg.Cluster.Enabled() {
		t.Fatalf("no [cluster] must mean a single node: %v", err)
	}
	for _, tc := range []struct{ conf, want string }{
		{`redis_url = "http://x"`, "redis_url"},
		{`redis_url = "redis://:secret@10.0.0.5:6379/0"`, "password_file"},
		{`sentinels = ["10.0.0.5:26379"]`, "master_name"},
		{`redis_url = "redis://x"` + "\n" + `sentinels = ["a:1"]` + "\n" + `master_name = "m"`, "not both"},
		{`redis_url = "redis://x"` + "\n" + `password_file = "pass"`, "not absolute"},
		{`redis_url = "redis://x"` + "\n" + `node = "web 1"`, "bad node name"},
		// The stream took "web(2)" and this refused it (session 6): one
		// rule now, nodename.Check, and the message names key and line.
		{`redis_url = "redis://x"` + "\n" + `node = "web(2)"`, `bad.toml:3: cluster: node: bad node name "web(2)"`},
		{`redis_url = "redis://x"` + "\n" + `passwrd_file = "/p"`, "passwrd_file"},
	} {
		_, err := Load(strings.NewReader("[cluster]\n"+tc.conf+"\n"), "bad.toml")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want an error naming %q", tc.conf, err, tc.want)
		}
	}

	// scope = "cluster" needs [cluster] and counts requests.
	for _, tc := range []struct{ conf, want string }{
		{"[[throttle]]\nid = \"x\"\nrequests = 5\nwindow = \"1m\"\nscope = \"cluster\"\n", "needs a [cluster]"},
		{"[cluster]\nredis_url = \"redis://x\"\n[[throttle]]\nid = \"x\"\nrequests = 5\nwindow = \"1m\"\nscope = \"site\"\n", "unknown value"},
		{"[cluster]\nredis_url = \"redis://x\"\n[[throttle]]\nid = \"x\"\nrequests = 5\nwindow = \"1m\"\ndistinct_paths = true\nscope = \"cluster\"\n", "distinct_paths"},
	} {
		_, err := Load(strings.NewReader(tc.conf), "scope.toml")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want an error naming %q", tc.conf, err, tc.want)
		}
	}
	ok := "[cluster]\nredis_url = \"redis://x\"\n[[throttle]]\nid = \"x\"\nrequests = 5\nwindow = \"1m\"\nscope = \"cluster\"\n"
	if cfg, err := Load(strings.NewReader(ok), "scope.toml"); err != nil || cfg.Throttles[len(cfg.Throttles)-1].Scope != ScopeCluster {
		t.Fatalf("scope = cluster refused: %v", err)
	}
}
