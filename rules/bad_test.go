package rules

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/bad/*.err from the current messages")

// TestBadConfigs loads each testdata/bad/*.toml (and compiles it when it
// loads) and compares the full message with the golden NAME.err. The
// goldens are the user-facing contract: every problem of a file, each with
// file, line and key. Run with -update to rewrite them after a deliberate
// change, then read the diff.
func TestBadConfigs(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/bad/*.toml")
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".toml"), func(t *testing.T) {
			err := loadAndCompile(f)
			if err == nil {
				t.Fatal("accepted, want an error")
			}
			var errs Errors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("error %T is not Errors: %v", err, err)
			}
			for _, e := range errs {
				if e.File == "" || e.Line == 0 {
					t.Errorf("problem without file:line: %v", e)
				}
			}
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(f, ".toml") + ".err"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./rules -run TestBadConfigs -update)", err)
			}
			if got != string(want) {
				t.Errorf("messages differ from %s\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

func loadAndCompile(path string) error {
	cfg, err := LoadFile(path)
	if err != nil {
		return err
	}
	_, err = cfg.Compile(CompileOptions{})
	return err
}

// TestErrorShape checks the parts callers rely on, beyond the text.
func TestErrorShape(t *testing.T) {
	err := loadAndCompile("testdata/bad/unknown-in-second-throttle.toml")
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an *Error", err)
	}
	if e.File != "testdata/bad/unknown-in-second-throttle.toml" || e.Line != 12 || e.Key != "throttle[2].windw" {
		t.Errorf("Error = {File %q Line %d Key %q}, want the file, line 12, throttle[2].windw", e.File, e.Line, e.Key)
	}
	if !errors.Is(err, ErrUnknownKey) {
		t.Errorf("errors.Is(%v, ErrUnknownKey) = false", err)
	}
	// The typo is also why the entry has no window; that is said once.
	if n := strings.Count(err.Error(), "\n"); n != 0 {
		t.Errorf("got %d problems, want only the typo:\n%v", n+1, err)
	}
	if !strings.Contains(err.Error(), `did you mean "window"?`) {
		t.Errorf("message %q lacks the suggestion", err)
	}
}
