package state

import (
	"net/netip"
	"os"
	"testing"
	"time"
)

// TestRecreateAfterDelete: the store file deleted under an open Store is
// written again at its path from the open file, with mode 0600, and the
// writes after it go to the new file; a file put there meanwhile (an
// admin's restore) is never replaced.
func TestRecreateAfterDelete(t *testing.T) {
	dir := t.TempDir()
	now := epoch()
	s, err := Open(dir, Options{Now: fixedClock(&now)})
	if err != nil {
		t.Fatal(err)
	}
	put := func(p string) {
		t.Helper()
		if err := s.PutBans([]Ban{{Prefix: netip.MustParsePrefix(p), Reason: p, Expires: now.Add(time.Hour), Origin: OriginManual}}); err != nil {
			t.Fatal(err)
		}
	}
	put("192.0.2.1/32")
	if err := os.Remove(s.Path()); err != nil {
		t.Fatal(err)
	}
	if err := s.Recreate(); err != nil {
		t.Fatal(err)
	}
	put("192.0.2.2/32")
	fi, err := os.Stat(s.Path())
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("recreated file: %v, %v; want mode 0600", fi, err)
	}
	if err := os.Remove(s.Path()); err != nil {
		t.Fatal(err)
	}
	restored := []byte("an admin's restore")
	if err := os.WriteFile(s.Path(), restored, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.Recreate(); err == nil {
		t.Error("Recreate replaced a file put at the store's path")
	}
	if b, _ := os.ReadFile(s.Path()); string(b) != string(restored) {
		t.Error("the file put at the store's path changed")
	}
	if err := os.Remove(s.Path()); err != nil {
		t.Fatal(err)
	}
	if err := s.Recreate(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir, Options{Now: fixedClock(&now)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	bans, err := s.ActiveBans(now)
	if err != nil || len(bans) != 2 {
		t.Fatalf("after two deletions and a reopen: %v, %v; want both bans", bans, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("state directory holds %d entries, want the store alone (no temporary copy left)", len(entries))
	}
}
