// Package corpustest finds the third-party sample logs (../shared/corpus
// beside the repository) for tests. They are read in place, never copied
// into the repository: their licenses differ from ours.
package corpustest

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared/corpus directory found by walking up from the
// test's working directory (the package directory). When it is missing the
// test is skipped, except under CI=true, where it fails: CI must run the
// corpus tests.
func Dir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		c := filepath.Join(dir, "shared", "corpus")
		if st, err := os.Stat(c); err == nil && st.IsDir() {
			return c
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("shared/corpus not found above the package directory; CI must provide the third-party sample logs")
	}
	t.Skip("shared/corpus not found above the package directory (third-party sample logs); skipping outside CI")
	return ""
}
