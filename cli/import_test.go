package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// f2bTree writes a small fail2ban configuration: one enabled jail with its
// filter, one disabled jail.
func f2bTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{
		"jail.conf": "[DEFAULT]\nbantime = 10m\nfindtime = 10m\nmaxretry = 5\n" +
			"[web-auth]\nenabled = true\nlogpath = /var/log/web/error.log\n" +
			"[ssh]\nenabled = false\nlogpath = /var/log/auth.log\n",
		"filter.d/web-auth.conf": "[Definition]\nfailregex = ^ login failed for \\S+ from <HOST>$\n",
		"filter.d/ssh.conf":      "[Definition]\nfailregex = ^Failed password for \\S+ from <HOST>\n",
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, p, body)
	}
	return dir
}

// TestImportFail2ban: `guardctl import fail2ban DIR` writes a policy that
// check-config accepts, converts the enabled jail only (all with --all),
// says what it converted in words, and never overwrites a file unasked.
func TestImportFail2ban(t *testing.T) {
	dir := f2bTree(t)
	r := guardctl(t, "", "import", "fail2ban", dir)
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "web-auth") || strings.Contains(r.stdout, "[ssh]") {
		t.Errorf("policy on stdout:\n%s", r)
	}
	if want := "converted 1 jail (1 failure pattern) from " + dir; !strings.Contains(r.stderr, want) {
		t.Errorf("want %q in\n%s", want, r)
	}

	out := filepath.Join(t.TempDir(), "guardctl.toml")
	r = guardctl(t, "", "import", "fail2ban", dir, "--all", "-w", out)
	mustCode(t, r, exitOK)
	if r.stdout != "" || !strings.Contains(r.stderr, "converted 2 jails (2 failure patterns)") {
		t.Errorf("import --all -w: %s", r)
	}
	mustCode(t, guardctl(t, "", "check-config", out), exitOK)

	r = guardctl(t, "", "import", "fail2ban", dir, "-w", out)
	if r.code != exitInput || !strings.Contains(r.stderr, "--force overwrites") {
		t.Errorf("import -w over an existing file: %s", r)
	}
	mustCode(t, guardctl(t, "", "import", "fail2ban", dir, "-w", out, "--force"), exitOK)

	mustCode(t, guardctl(t, "", "import", "fail2ban", dir, dir), exitUsage)
	mustCode(t, guardctl(t, "", "import", "fail2ban", filepath.Join(dir, "absent")), exitInput)
}
