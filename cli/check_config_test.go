package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckConfigExamples(t *testing.T) {
	files, err := filepath.Glob("../examples/*.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no examples/*.toml")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			r := guardctl(t, "", "check-config", f)
			mustCode(t, r, exitOK)
			if !strings.Contains(r.stdout, f+": ok") {
				t.Errorf("no ok line:\n%s", r)
			}
		})
	}
}

// TestCheckConfigBad: every rules/testdata/bad file is rejected with exit 3
// and every line of its golden message (the rules package's own contract)
// reaches the user.
func TestCheckConfigBad(t *testing.T) {
	files, err := filepath.Glob("../rules/testdata/bad/*.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no rules/testdata/bad/*.toml")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			golden, err := os.ReadFile(strings.TrimSuffix(f, ".toml") + ".err")
			if err != nil {
				t.Fatal(err)
			}
			r := guardctl(t, "", "check-config", f)
			mustCode(t, r, exitConfig)
			// Goldens name files relative to rules/; here they are
			// relative to cli/, so "testdata/bad/x.toml:3" appears inside
			// "../rules/testdata/bad/x.toml:3".
			for _, want := range strings.Split(strings.TrimSpace(string(golden)), "\n") {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("message lacks golden line %q:\n%s", want, r.stderr)
				}
			}
			if r.stdout != "" {
				t.Errorf("stdout on a bad config: %q", r.stdout)
			}
		})
	}
}

func TestCheckConfigUsage(t *testing.T) {
	t.Setenv(envConfig, "")
	if _, err := os.Stat(defaultConfigPath); err != nil { // no system config: nothing to check
		r := guardctl(t, "", "check-config")
		mustCode(t, r, exitUsage)
		if !strings.Contains(r.stderr, "$"+envConfig) {
			t.Errorf("the message does not say where check-config looks:\n%s", r)
		}
	}
	mustCode(t, guardctl(t, "", "check-config", "a.toml", "b.toml"), exitUsage)
	mustCode(t, guardctl(t, "", "check-config", "a.toml", "--config", "b.toml"), exitUsage)
	mustCode(t, guardctl(t, "", "check-config", "--bogus", "../examples/nginx.toml"), exitUsage)
	r := guardctl(t, "", "check-config", filepath.Join(t.TempDir(), "absent.toml"))
	mustCode(t, r, exitConfig)
	if !strings.Contains(r.stderr, "absent.toml") {
		t.Errorf("message does not name the file:\n%s", r)
	}
}

// TestCheckConfigFindsConfig: check-config finds the file as every verb
// does (--config, -c, $GUARDCTL_CONFIG; the system file in
// TestAdminConfigEnvBeatsSystemFile) and says which one it checked and why.
func TestCheckConfigFindsConfig(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "g.toml")
	writeFile(t, f, "[[source]]\npath = \"/var/log/nginx/access.log\"\n")
	bad := filepath.Join(dir, "bad.toml")
	writeFile(t, bad, "[nope]\n")
	for _, c := range []struct {
		env  string
		args []string
		want string
	}{
		{"", []string{"--config", f}, f + " (--config): ok"},
		{"", []string{"-c", f}, f + " (--config): ok"},
		{f, nil, f + " ($GUARDCTL_CONFIG): ok"},
		{bad, []string{"--config", f}, f + " (--config): ok"}, // the flag beats the environment
		{bad, []string{f}, f + ": ok"},                        // and so does the argument
		{"", []string{f, "--config", f}, f + ": ok"},
	} {
		t.Setenv(envConfig, c.env)
		r := guardctl(t, "", append([]string{"check-config"}, c.args...)...)
		mustCode(t, r, exitOK)
		if !strings.Contains(r.stdout, c.want) {
			t.Errorf("GUARDCTL_CONFIG=%q check-config %v: want %q in\n%s", c.env, c.args, c.want, r)
		}
		// One source is "1 source", not "1 sources".
		if !strings.Contains(r.stdout, ", 1 source)") {
			t.Errorf("count of sources not in words:\n%s", r)
		}
	}
	t.Setenv(envConfig, bad)
	r := guardctl(t, "", "check-config")
	mustCode(t, r, exitConfig)
	if !strings.Contains(r.stderr, bad) {
		t.Errorf("the error does not name the file checked:\n%s", r)
	}
	t.Setenv(envConfig, f)
	var doc checkConfigDoc
	r = guardctl(t, "", "check-config", "-o", "json")
	mustCode(t, r, exitOK)
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc.File != f || doc.Origin != "$GUARDCTL_CONFIG" || !doc.OK {
		t.Errorf("check-config -o json: %v %+v\n%s", err, doc, r)
	}
}
