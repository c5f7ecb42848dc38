package tailer

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// FileID names a file independently of its path: logrotate renames files,
// so a path alone cannot say which bytes were already read.
type FileID struct {
	Dev, Inode uint64
}

func (id FileID) String() string { return fmt.Sprintf("%d:%d", id.Dev, id.Inode) }

// Position is how far a file has been read: the identity of the file, where
// it was last seen, and the offset at which the next undelivered line
// starts. Positions are what the caller stores so that a restart resumes
// exactly. Keep the latest one per ID, not per Path: a rotated file still
// being read and the new file at its path share the path, and each needs
// its own position (see the package doc).
type Position struct {
	// Path is where the file was followed. A rotated file keeps the path it
	// had when it was rotated away; a restart looks for it by ID next to
	// that path.
	Path       string
	Dev, Inode uint64
	Offset     int64
	// HeadLen and HeadHash fingerprint the file: the SHA-256 of its first
	// HeadLen bytes (at most HeadBytes). An inode number is reused once its
	// file is deleted, and a copytruncate rewrites the file in place: when
	// the head no longer matches, the position belongs to other content.
	HeadLen  int
	HeadHash [32]byte
}

// ID is the identity the position belongs to.
func (p Position) ID() FileID { return FileID{p.Dev, p.Inode} }

// HeadBytes of a file's start fingerprint it: a whole first access-log
// line, whose timestamp tells two files apart. It is state.HeadBytes too,
// so stored positions carry over field for field.
const HeadBytes = 256

// headHash fingerprints a head. It is computed only when the head grows
// (a young file), not per read: reads compare the head bytes themselves.
func headHash(b []byte) [32]byte { return sha256.Sum256(b) }

// fileID reads the identity from a stat result.
func fileID(fi fs.FileInfo) (FileID, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return FileID{}, false
	}
	return FileID{Dev: uint64(st.Dev), Inode: st.Ino}, true
}

// readHead reads up to HeadBytes bytes from the start of f into buf.
func readHead(f *os.File, buf []byte) ([]byte, error) {
	n, err := f.ReadAt(buf[:HeadBytes], 0)
	if err != nil && err != io.EOF {
		return nil, err
	}
	return buf[:n], nil
}

// headMatches says whether head (the file's current first bytes, as many as
// exist up to HeadBytes) is consistent with a stored fingerprint.
func headMatches(head []byte, n int, sum [32]byte) bool {
	return n >= 0 && len(head) >= n && headHash(head[:n]) == sum
}

// samePrefix says whether the file's current head still starts with the
// head remembered from earlier reads.
func samePrefix(cur, remembered []byte) bool {
	return len(cur) >= len(remembered) && bytes.Equal(cur[:len(remembered)], remembered)
}
