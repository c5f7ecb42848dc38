package state

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestTruncatedUnderTheStore (review s12 item 8): the file truncated to 0
// while the store is open. Every read faulted on the mapping and the
// daemon died of SIGBUS; now the calls fail with a *CorruptError.
func TestTruncatedUnderTheStore(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Now()
	p := netip.MustParsePrefix("203.0.113.5/32")
	if _, err := s.Write(Batch{Put: []Ban{{Prefix: p, Reason: "r", Start: now, Expires: now.Add(time.Hour), Origin: OriginAuto, Offence: 1}}}); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(filepath.Join(dir, FileName), 0); err != nil {
		t.Fatal(err)
	}
	var ce *CorruptError
	if _, err := s.ActiveBans(now); !errors.As(err, &ce) {
		t.Errorf("ActiveBans on a truncated file = %v, want a *CorruptError", err)
	}
	if _, err := s.Write(Batch{Put: []Ban{{Prefix: p, Reason: "r", Start: now, Expires: now.Add(2 * time.Hour), Origin: OriginAuto, Offence: 1}}}); !errors.As(err, &ce) {
		t.Errorf("Write on a truncated file = %v, want a *CorruptError", err)
	}
}
