package state

import (
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Position is how far a log file has been read, and which file that was.
//
// A path names different files over time (logrotate renames or truncates
// it), so a position is tied to the file's identity: its device and inode,
// plus a hash of its first bytes because a deleted file's inode is soon
// reused by the next one created. Positions are stored per file (ID), not
// per path: during a rotation the old file, still being read, and its
// successor share a path. See Identify and Position.Resume.
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

// FileID names a file independently of its path: device and inode.
// Positions are stored under it, one per file, because a path names
// different files over time and, during a rotation, two at once.
type FileID struct {
	Dev, Inode uint64
}

func (id FileID) String() string { return fmt.Sprintf("%d:%d", id.Dev, id.Inode) }

// ID is the file the position belongs to.
func (p Position) ID() FileID { return FileID{Dev: p.Dev, Inode: p.Inode} }

// SavePosition stores p durably, replacing the position stored for the same
// file (p.ID()). The daemon should rather put positions in the Batch that
// stores the bans the lines before them produced.
func (s *Store) SavePosition(p Position) error {
	_, err := s.Write(Batch{Positions: []Position{p}})
	return err
}

// Position returns the stored position of the file id.
func (s *Store) Position(id FileID) (Position, bool, error) {
	var (
		p     Position
		found bool
	)
	err := s.view(func(tx *bolt.Tx) error {
		b, err := s.bucket(tx, bucketPositions)
		if err != nil {
			return err
		}
		v := b.Get(positionKey(id))
		if v == nil {
			return nil
		}
		found = true
		p, err = decodePosition(id, v)
		return err
	})
	if err != nil {
		return Position{}, false, fmt.Errorf("read position of %s: %w", id, err)
	}
	return p, found, nil
}

// PositionsOf returns the positions stored for files last seen at path:
// during a rotation, the old file still being read and its successor.
func (s *Store) PositionsOf(path string) ([]Position, error) {
	all, err := s.Positions()
	if err != nil {
		return nil, err
	}
	var out []Position
	for _, p := range all {
		if p.Path == path {
			out = append(out, p)
		}
	}
	return out, nil
}

// Positions returns every stored position, ordered by path, then identity.
func (s *Store) Positions() ([]Position, error) {
	var out []Position
	err := s.view(func(tx *bolt.Tx) error {
		b, err := s.bucket(tx, bucketPositions)
		if err != nil {
			return err
		}
		return b.ForEach(func(k, v []byte) error {
			id, err := parsePositionKey(k)
			if err != nil {
				return err
			}
			p, err := decodePosition(id, v)
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
	slices.SortStableFunc(out, func(a, b Position) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// DeletePosition forgets the file id (a finished file, or a source removed
// from the config).
func (s *Store) DeletePosition(id FileID) error {
	_, err := s.Write(Batch{DropPositions: []FileID{id}})
	if err != nil {
		return fmt.Errorf("delete position of %s: %w", id, err)
	}
	return nil
}
