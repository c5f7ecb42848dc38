package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestBashCompletion runs the generated script in a real bash and asks it
// to complete, as the shell would on TAB.
func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	r := guardctl(t, "", "completion", "bash")
	mustCode(t, r, exitOK)
	script := filepath.Join(t.TempDir(), "guardctl.bash")
	if err := os.WriteFile(script, []byte(r.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	complete := func(words ...string) string {
		t.Helper()
		arr := "(" + strings.Join(quoteAll(words), " ") + ")"
		cmd := exec.Command(bash, "-c", "source "+script+"; COMP_WORDS="+arr+"; COMP_CWORD="+
			itoa(len(words)-1)+"; _guardctl; printf '%s\\n' \"${COMPREPLY[@]}\"")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("bash: %v\n%s", err, out)
		}
		return string(out)
	}
	if got := complete("guardctl", "ana"); strings.TrimSpace(got) != "analyze" {
		t.Errorf("guardctl ana<TAB> = %q", got)
	}
	if got := complete("guardctl", "analyze", "x.log", "--out"); strings.TrimSpace(got) != "--output" {
		t.Errorf("guardctl analyze x.log --out<TAB> = %q", got)
	}
	if got := complete("guardctl", "firewall", "st"); strings.TrimSpace(got) != "status" {
		t.Errorf("guardctl firewall st<TAB> = %q", got)
	}
	if got := complete("guardctl", "firewall", "flush", "--ta"); strings.TrimSpace(got) != "--table" {
		t.Errorf("guardctl firewall flush --ta<TAB> = %q", got)
	}
	for _, sh := range []string{"zsh", "fish"} {
		r := guardctl(t, "", "completion", sh)
		mustCode(t, r, exitOK)
		if !strings.Contains(r.stdout, "analyze") {
			t.Errorf("%s completion lacks the commands:\n%s", sh, r.stdout)
		}
	}
	mustCode(t, guardctl(t, "", "completion", "tcsh"), exitUsage)
}

func TestManPage(t *testing.T) {
	r := guardctl(t, "", "man")
	mustCode(t, r, exitOK)
	for _, want := range []string{".TH guardctl 8", "analyze", "check-config", "firewall"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("man page lacks %q", want)
		}
	}
}

func quoteAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = "'" + w + "'"
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
