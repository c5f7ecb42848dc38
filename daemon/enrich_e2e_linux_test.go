//go:build linux

package daemon_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEndToEndBlockList runs the real `guardctl run` with a feed naming the
// attacker: from its first packet the attacker is dropped, though no log
// line ever named it; `guardctl lists` shows the list in the kernel; a
// reload without the feed lets the attacker in again.
func TestEndToEndBlockList(t *testing.T) {
	e := setup(t, "nftables", "nft")
	feed := filepath.Join(e.dir, "feed.txt")
	if err := os.WriteFile(feed, []byte("; DROP\n"+attacker.String()+"/32 ; SBL1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base, err := os.ReadFile(e.cfg)
	if err != nil {
		t.Fatal(err)
	}
	withFeed := string(base) + fmt.Sprintf("\n[[feed]]\nname = \"local\"\nfile = %q\n", feed)
	if err := os.WriteFile(e.cfg, []byte(withFeed), 0o644); err != nil {
		t.Fatal(err)
	}
	e.start()
	if err := e.connect(attacker); err == nil {
		t.Errorf("the listed attacker connected")
	}
	if err := e.connect(bystand); err != nil {
		t.Errorf("bystander: %v", err)
	}
	if data, _ := os.ReadFile(e.logPath); strings.Contains(string(data), attacker.String()) {
		t.Fatal("the log names the attacker: the test proves nothing")
	}
	out, err := exec.Command(e.bin, "lists", "--config", e.cfg).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "f_local") || !regexpLine(string(out), "f_local", "1", "1") {
		t.Errorf("guardctl lists: %v\n%s", err, out)
	}

	if err := os.WriteFile(e.cfg, base, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := e.clientAPI().Reload(context.Background())
	if err != nil || !res.OK {
		t.Fatalf("reload: %+v %v", res, err)
	}
	eventually(t, 5*time.Second, "attacker let in after the feed left the policy", func() bool { return e.connect(attacker) == nil })
}

// regexpLine reports whether a line of out starts with name and holds
// the given fields in order (entries, in kernel).
func regexpLine(out, name string, fields ...string) bool {
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		if len(f) >= 2+len(fields) && f[0] == name {
			for i, want := range fields {
				if f[2+i] != want {
					return false
				}
			}
			return true
		}
	}
	return false
}
