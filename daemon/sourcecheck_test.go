package daemon

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckSourcesWarns: a source path that matches no file, or matches a
// directory, is named in a warning (the daemon followed them without a
// word: operator audit); a readable file gets none.
func TestCheckSourcesWarns(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "access.log")
	if err := os.WriteFile(good, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	checkSources(slog.New(slog.NewTextHandler(&out, nil)), []string{good, filepath.Join(dir, "missing.log"), dir, filepath.Join(dir, "[")})
	logs := out.String()
	for _, want := range []string{"no file matches it (yet)", "missing.log", "a directory, not a log file", "bad file pattern"} {
		if !strings.Contains(logs, want) {
			t.Errorf("warnings lack %q:\n%s", want, logs)
		}
	}
	if strings.Contains(logs, "source="+good+" ") {
		t.Errorf("a readable file was warned about:\n%s", logs)
	}
}
