package state

// rev-enforce s13: Recreate (8dbeb70) edge cases (review item 5).

import (
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func revOpen(t *testing.T) (*Store, string, time.Time) {
	dir := t.TempDir()
	now := epoch()
	s, err := Open(dir, Options{Now: fixedClock(&now)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutBans([]Ban{{Prefix: netip.MustParsePrefix("192.0.2.1/32"), Reason: "r", Expires: now.Add(time.Hour), Origin: OriginManual}}); err != nil {
		t.Fatal(err)
	}
	return s, dir, now
}

// A symlink planted at the path is never followed or replaced.
func TestRevRecreateSymlinkAtPath(t *testing.T) {
	s, dir, _ := revOpen(t)
	defer s.Close()
	os.Remove(s.Path())
	target := filepath.Join(t.TempDir(), "victim")
	os.WriteFile(target, []byte("victim"), 0o644)
	if err := os.Symlink(target, s.Path()); err != nil {
		t.Fatal(err)
	}
	if err := s.Recreate(); err == nil {
		t.Error("Recreate succeeded over a symlink")
	}
	if b, _ := os.ReadFile(target); string(b) != "victim" {
		t.Error("the symlink's target was written")
	}
	if e, _ := os.ReadDir(dir); len(e) != 1 {
		t.Errorf("%d entries left in the state dir", len(e))
	}
}

// The directory made writable by others after the start: Open refuses it
// (checkDir), Recreate writes into it without a word.
func TestRevRecreateIntoUnsafeDir(t *testing.T) {
	s, dir, _ := revOpen(t)
	defer s.Close()
	os.Remove(s.Path())
	os.Chmod(dir, 0o777)
	err := s.Recreate()
	t.Logf("Recreate into a mode 0777 dir: err=%v", err)
	if err == nil {
		t.Errorf("Recreate wrote the store into a directory Open refuses (mode 0777)")
	}
}

// Read-only directory: refused, nothing left behind, works once writable.
func TestRevRecreateReadOnlyDirThenWritable(t *testing.T) {
	s, dir, now := revOpen(t)
	defer s.Close()
	os.Remove(s.Path())
	os.Chmod(dir, 0o500)
	if os.Geteuid() == 0 {
		t.Log("root ignores the mode: read-only needs a ro mount; checking only the retry path")
	} else if err := s.Recreate(); err == nil {
		t.Error("Recreate in a read-only dir succeeded")
	}
	os.Chmod(dir, 0o700)
	if err := s.Recreate(); err != nil {
		t.Fatal(err)
	}
	bans, err := s.ActiveBans(now)
	if err != nil || len(bans) != 1 {
		t.Fatalf("bans after recreate: %v %v", bans, err)
	}
}
