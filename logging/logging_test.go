package logging

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestJournalHandlerPrefixesAndNoTime(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(NewJournalHandler(&buf, slog.LevelDebug)).With("source", "nginx")
	log.Debug("d")
	log.Info("i", "n", 1)
	log.Warn("w")
	log.WithGroup("g").Error("e", "k", "v")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	want := []string{"<7>level=DEBUG msg=d source=nginx", "<6>level=INFO msg=i source=nginx n=1",
		"<4>level=WARN msg=w source=nginx", "<3>level=ERROR msg=e source=nginx g.k=v"}
	if len(lines) != len(want) {
		t.Fatalf("got %q", lines)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d = %q, want %q", i, lines[i], want[i])
		}
	}
}

// TestToJournal: only the stream $JOURNAL_STREAM names is the journal.
func TestToJournal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	sys := st.Sys().(*syscall.Stat_t)
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "JOURNAL_STREAM" {
				return v
			}
			return ""
		}
	}
	if !ToJournal(f, env(fmt.Sprintf("%d:%d", sys.Dev, sys.Ino))) {
		t.Error("the named stream is not recognised")
	}
	if ToJournal(f, env(fmt.Sprintf("%d:%d", sys.Dev, sys.Ino+1))) || ToJournal(f, env("")) || ToJournal(f, env("junk")) {
		t.Error("another stream taken for the journal")
	}
	if ToJournal(&bytes.Buffer{}, env("1:2")) {
		t.Error("a buffer taken for the journal")
	}
	// New on a plain file: text with time.
	var buf bytes.Buffer
	New(&buf, slog.LevelInfo, env("")).Info("x")
	if !strings.HasPrefix(buf.String(), "time=") {
		t.Errorf("plain output: %q", buf.String())
	}
}
