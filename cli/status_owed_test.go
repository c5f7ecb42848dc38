package cli

import (
	"strings"
	"testing"

	"github.com/guardctl/guardctl/control"
)

// Owed unbans are printed on their own line, also when another error
// already explains the unhealthy backend (before, owed was only folded
// into the error when there was none).
func TestWriteStatusOwedWithOtherError(t *testing.T) {
	st := control.Status{Running: true, Backend: control.BackendStatus{Name: "nftables",
		Error: "kernel call stuck: ban running since ...", Owed: "203.0.113.0/28"}}
	var b strings.Builder
	if err := writeStatus(&b, st); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "owed:") || !strings.Contains(b.String(), "203.0.113.0/28") {
		t.Errorf("status text does not name the owed unban:\n%s", b.String())
	}
}
