package state

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
)

// HeadBytes is how much of a file's beginning Position.HeadHash covers.
// Log lines carry timestamps, so the first line alone tells two files apart.
const HeadBytes = 256

// How the tailer resumes a source after a restart:
//
//  1. Open the file at the path and call saved.Resume(f).
//  2. ResumeSame: seek to the offset it returns and read on. Nothing written
//     while the daemon was down is skipped and nothing read before is read
//     again, because the offset is the end of the last line whose
//     consequences were written in the same Batch.
//  3. ResumeReplaced: the path holds a new file (rename-and-create rotation,
//     or delete and create that reused the inode). First look for the old
//     file among the rotated names (path.1, path-YYYYMMDD, ...) with
//     saved.SameFile and read it from saved.Offset to its end, then read the
//     new file from 0. If the old one is gone (compressed or deleted), its
//     tail is lost and the new file is read from 0.
//  4. ResumeTruncated: same inode, but shorter than the offset or with a
//     different head (copytruncate): read from 0.
//  5. No stored position: a new source. Whether to start at the end (do not
//     judge old lines) or at 0 is the tailer's policy.
//
// While running, the tailer saves Position{identity of the open file,
// Offset: end of the last complete line, Size: current size}. A file shorter
// than HeadBytes when first identified has a short head; call Identify again
// once it has grown, so that the hash covers the full HeadBytes.

// ResumeKind is Resume's verdict on the file now at a saved path.
type ResumeKind int

const (
	ResumeSame      ResumeKind = iota // the saved file: continue at the saved offset
	ResumeTruncated                   // same inode, rewritten or cut short: start at 0
	ResumeReplaced                    // another file: drain the old one if found, start at 0
)

func (k ResumeKind) String() string {
	switch k {
	case ResumeSame:
		return "same"
	case ResumeTruncated:
		return "truncated"
	case ResumeReplaced:
		return "replaced"
	}
	return fmt.Sprintf("ResumeKind(%d)", int(k))
}

// Identify describes f, opened from path, with Offset 0: device, inode,
// size and the hash of its first bytes (up to HeadBytes).
func Identify(path string, f *os.File) (Position, error) {
	dev, ino, size, err := fileID(f)
	if err != nil {
		return Position{}, fmt.Errorf("identify %s: %w", path, err)
	}
	p := Position{Path: path, Dev: dev, Inode: ino, Size: size}
	p.HeadLen = int(min(size, HeadBytes))
	sum, ok, err := headHash(f, p.HeadLen)
	if err != nil {
		return Position{}, fmt.Errorf("identify %s: %w", path, err)
	}
	if !ok {
		// The file shrank between stat and read: hash what is there.
		p.HeadLen = 0
		sum = sha256.Sum256(nil)
	}
	p.HeadHash = sum
	return p, nil
}

// SameFile reports whether f is the file p was saved for: same device and
// inode, and the same first HeadLen bytes.
func (p Position) SameFile(f *os.File) (bool, error) {
	dev, ino, _, err := fileID(f)
	if err != nil {
		return false, fmt.Errorf("compare %s: %w", p.Path, err)
	}
	if dev != p.Dev || ino != p.Inode {
		return false, nil
	}
	return p.sameHead(f)
}

func (p Position) sameHead(f *os.File) (bool, error) {
	sum, ok, err := headHash(f, p.HeadLen)
	if err != nil {
		return false, fmt.Errorf("compare %s: %w", p.Path, err)
	}
	return ok && sum == p.HeadHash, nil
}

// Resume decides where to continue reading f, the file now found at
// p.Path. The offset is p.Offset for ResumeSame and 0 otherwise.
func (p Position) Resume(f *os.File) (int64, ResumeKind, error) {
	dev, ino, size, err := fileID(f)
	if err != nil {
		return 0, 0, fmt.Errorf("resume %s: %w", p.Path, err)
	}
	if dev != p.Dev || ino != p.Inode {
		return 0, ResumeReplaced, nil
	}
	if size < p.Offset {
		return 0, ResumeTruncated, nil
	}
	same, err := p.sameHead(f)
	if err != nil {
		return 0, 0, err
	}
	if !same {
		return 0, ResumeTruncated, nil
	}
	return p.Offset, ResumeSame, nil
}

func fileID(f *os.File) (dev, ino uint64, size int64, err error) {
	fi, err := f.Stat()
	if err != nil {
		return 0, 0, 0, err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, 0, errors.ErrUnsupported
	}
	return uint64(st.Dev), st.Ino, fi.Size(), nil // Dev is uint32 on some architectures
}

// headHash hashes the first n bytes of f; ok is false when f is shorter.
// It reads with ReadAt, so f's offset is left alone.
func headHash(f *os.File, n int) (sum [32]byte, ok bool, err error) {
	buf := make([]byte, n)
	got, err := f.ReadAt(buf, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return sum, false, err
	}
	if got < n {
		return sum, false, nil
	}
	return sha256.Sum256(buf), true, nil
}
