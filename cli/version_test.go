package cli

import (
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	r := guardctl(t, "", "version")
	mustCode(t, r, exitOK)
	if !strings.HasPrefix(r.stdout, "guardctl ") {
		t.Errorf("version: %s", r)
	}
	r = guardctl(t, "", "version", "-o", "json")
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, `"module": "github.com/guardctl/guardctl"`) {
		t.Errorf("version -o json: %s", r)
	}
	r = guardctl(t, "", "--version")
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "guardctl version ") {
		t.Errorf("--version: %s", r)
	}
}
