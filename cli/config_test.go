package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// envInMountNS marks the test binary re-run inside the mount namespace of
// TestAdminConfigEnvBeatsSystemFile.
const envInMountNS = "GUARDCTL_TEST_IN_MOUNTNS"

// TestAdminConfigEnvBeatsSystemFile: with /etc/guardctl/guardctl.toml
// present, the admin verbs read $GUARDCTL_CONFIG first, as every other verb
// does (they took the system file, and so another state directory and
// table than the one the admin named). The system file exists only in a
// mount namespace of the test's own: a tmpfs over /etc, never the host's.
func TestAdminConfigEnvBeatsSystemFile(t *testing.T) {
	if os.Getenv(envInMountNS) == "1" {
		// The re-run: /etc holds only guardctl/guardctl.toml.
		if _, err := os.Stat(defaultConfigPath); err != nil {
			t.Fatalf("no system config in the namespace: %v", err)
		}
		mustCode(t, guardctl(t, "", "ban", "203.0.113.7", "--for", "1h"), exitOK)
		// check-config finds the system file as the other verbs do.
		t.Setenv(envConfig, "")
		r := guardctl(t, "", "check-config")
		mustCode(t, r, exitOK)
		if want := defaultConfigPath + " (system config): ok"; !strings.Contains(r.stdout, want) {
			t.Errorf("check-config with the system config: want %q in\n%s", want, r)
		}
		return
	}
	if os.Geteuid() != 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true: this test needs root for a mount namespace")
		}
		t.Skip("needs root for a mount namespace (a system config that is not the host's)")
	}
	if _, err := exec.LookPath("unshare"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true: unshare is missing (util-linux)")
		}
		t.Skip("unshare not installed")
	}
	dir := t.TempDir()
	sockDir, err := os.MkdirTemp("", "gctl")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(sockDir) })
	config := func(name string) (path, stateDir string) {
		path, stateDir = filepath.Join(dir, name+".toml"), filepath.Join(dir, name+"-state")
		writeFile(t, path, "[daemon]\nstate_dir = \""+stateDir+"\"\nsocket = \""+filepath.Join(sockDir, name+".sock")+
			"\"\n\n[firewall]\nbackend = \"none\"\n")
		return path, stateDir
	}
	envCfg, envState := config("env")
	sysCfg, sysState := config("system")
	script := `mount -t tmpfs guardctl-test /etc && mkdir /etc/guardctl && cp "$0" /etc/guardctl/guardctl.toml && exec "$@"`
	cmd := exec.Command("unshare", "-m", "--propagation", "private", "sh", "-c", script, sysCfg,
		os.Args[0], "-test.run=^TestAdminConfigEnvBeatsSystemFile$", "-test.count=1")
	cmd.Env = append(os.Environ(), envInMountNS+"=1", envConfig+"="+envCfg)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("in a mount namespace: %v\n%s", err, out)
	}
	if _, err := os.Stat(envState); err != nil {
		t.Errorf("the ban did not go to $%s's state_dir: %v", envConfig, err)
	}
	if _, err := os.Stat(sysState); err == nil {
		t.Errorf("the ban went to the system config's state_dir %s", sysState)
	}
}
