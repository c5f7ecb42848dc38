package state

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Position is how far a log file has been read, and which file that was.
//
// A path names different files over time (logrotate renames or truncates
// it), so a position is tied to the file's identity: its device and inode,
// plus a hash of its first bytes because a deleted file's inode is soon
// reused by the next one created. See Identify and Position.Resume for how
// the tailer uses it.
type Position struct {
	Path     string
	Dev      uint64
	Inode    uint64
	Offset   int64 // bytes consumed: the next line starts here
	Size     int64 // the file's size when saved
	HeadLen  int   // bytes at the start of the file HeadHash covers, at most HeadBytes
	HeadHash [32]byte
	Saved    time.Time // zero on save: the store's clock
}

func (p Position) validate() error {
	switch {
	case p.Path == "":
		return fmt.Errorf("empty path")
	case len(p.Path) > maxString:
		return fmt.Errorf("path is %d bytes, limit %d", len(p.Path), maxString)
	case p.Offset < 0 || p.Size < 0:
		return fmt.Errorf("%s: negative offset or size", p.Path)
	case p.HeadLen < 0 || p.HeadLen > HeadBytes:
		return fmt.Errorf("%s: head length %d out of range", p.Path, p.HeadLen)
	}
	if err := checkTime(p.Saved); err != nil {
		return fmt.Errorf("%s: saved: %w", p.Path, err)
	}
	return nil
}

// SavePosition stores p durably, replacing the position of p.Path. The
// daemon should rather put positions in the Batch that stores the bans the
// lines before them produced.
func (s *Store) SavePosition(p Position) error {
	_, err := s.Write(Batch{Positions: []Position{p}})
	return err
}

// Position returns the stored position of path.
func (s *Store) Position(path string) (Position, bool, error) {
	var (
		p     Position
		found bool
	)
	err := s.view(func(tx *bolt.Tx) error {
		b, err := s.bucket(tx, bucketPositions)
		if err != nil {
			return err
		}
		v := b.Get([]byte(path))
		if v == nil {
			return nil
		}
		found = true
		p, err = decodePosition(path, v)
		return err
	})
	if err != nil {
		return Position{}, false, fmt.Errorf("read position of %s: %w", path, err)
	}
	return p, found, nil
}

// Positions returns every stored position, ordered by path.
func (s *Store) Positions() ([]Position, error) {
	var out []Position
	err := s.view(func(tx *bolt.Tx) error {
		b, err := s.bucket(tx, bucketPositions)
		if err != nil {
			return err
		}
		return b.ForEach(func(k, v []byte) error {
			p, err := decodePosition(string(k), v)
			if err != nil {
				return err
			}
			out = append(out, p)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read positions in %s: %w", s.path, err)
	}
	return out, nil
}

// DeletePosition forgets path, for a source removed from the config.
func (s *Store) DeletePosition(path string) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, err := s.bucket(tx, bucketPositions)
		if err != nil {
			return err
		}
		return b.Delete([]byte(path))
	})
	if err != nil {
		return fmt.Errorf("delete position of %s: %w", path, err)
	}
	return nil
}
