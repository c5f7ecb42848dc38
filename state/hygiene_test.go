package state

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOpenRefusesSymlinkedStore(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(target, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, FileName)); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir, Options{})
	if err == nil {
		s.Close()
		t.Fatal("Open followed a symlink in place of the store")
	}
	if !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("error = %v, want it to name the symlink", err)
	}
	if b, _ := os.ReadFile(target); string(b) != "precious" {
		t.Errorf("the symlink's target was changed: %q", b)
	}
}

func TestOpenRefusesDirectoryOthersCanWrite(t *testing.T) {
	for _, mode := range []os.FileMode{0o770, 0o702, 0o777} {
		dir := filepath.Join(t.TempDir(), "state")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, mode); err != nil {
			t.Fatal(err)
		}
		s, err := Open(dir, Options{})
		if err == nil {
			s.Close()
			t.Fatalf("Open accepted a state directory with mode %04o", mode)
		}
		if !strings.Contains(err.Error(), "writable by other users") {
			t.Errorf("mode %04o: error = %v", mode, err)
		}
	}
	// 0755 (readable, not writable by others) is fine.
	dir := filepath.Join(t.TempDir(), "state")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	openT(t, dir, Options{})
}

func TestOpenRefusesDirectoryOfAnotherUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give the directory to another user")
	}
	dir := filepath.Join(t.TempDir(), "state")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(dir, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	if s, err := Open(dir, Options{}); err == nil {
		s.Close()
		t.Fatal("Open accepted a state directory owned by nobody")
	}
}

// A batch that can never be stored says so (ErrInvalid), so that the
// daemon drops it instead of retrying it for ever.
func TestWriteInvalidIsErrInvalid(t *testing.T) {
	s := openT(t, t.TempDir(), Options{Now: epoch})
	far := Ban{Prefix: netip.MustParsePrefix("192.0.2.1/32"), Start: epoch(), Expires: epoch().Add(100000 * 24 * time.Hour), Origin: OriginAuto}
	_, err := s.Write(Batch{Put: []Ban{far}})
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("Write(ban expiring in year %d) = %v, want ErrInvalid", far.Expires.Year(), err)
	}
	if err := ValidateBan(far); !errors.Is(err, ErrInvalid) {
		t.Errorf("ValidateBan = %v, want ErrInvalid", err)
	}
	ok := far
	ok.Expires = MaxTime()
	if err := ValidateBan(ok); err != nil {
		t.Errorf("ValidateBan(expires at MaxTime) = %v", err)
	}
	if err := ValidateOffence(Offence{Key: far.Prefix, At: time.Unix(-5, 0)}); !errors.Is(err, ErrInvalid) {
		t.Errorf("ValidateOffence(before 1970) = %v, want ErrInvalid", err)
	}
}
