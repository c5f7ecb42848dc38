// Package input opens log sources and splits them into lines, with bounded
// memory whatever the input holds.
package input

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
)

// Open opens path for reading; "-" is standard input. Gzip-compressed
// content is decompressed transparently. Compression is recognised by the
// gzip magic bytes, not by the name: rotated logs are often named .gz
// before (or without) being compressed, and compressed ones arrive on
// stdin. Concatenated gzip members (logrotate + cat) are read in sequence.
// Read errors name the path, so a truncated archive reports which file.
func Open(path string) (io.ReadCloser, error) {
	if path == "-" {
		return NewReader(os.Stdin, io.NopCloser(nil), "stdin")
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, err // *PathError names the path already
	}
	return NewReader(file, file, path)
}

// NewReader is Open for a reader the caller opened (a pipe, or a file
// wrapped to count the compressed bytes read): gzip is detected the same
// way, errors name name, and Close closes c.
func NewReader(r io.Reader, c io.Closer, name string) (io.ReadCloser, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	magic, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		c.Close()
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			c.Close()
			return nil, fmt.Errorf("open %s: gzip header: %w", name, err)
		}
		return &gzipSource{name: name, zr: zr, f: c}, nil
	}
	return &plainSource{name: name, r: br, f: c}, nil
}

type plainSource struct {
	name string
	r    *bufio.Reader
	f    io.Closer
}

func (s *plainSource) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = fmt.Errorf("read %s: %w", s.name, err)
	}
	return n, err
}

func (s *plainSource) Close() error { return s.f.Close() }

type gzipSource struct {
	name string
	zr   *gzip.Reader
	f    io.Closer
}

func (s *gzipSource) Read(p []byte) (int, error) {
	n, err := s.zr.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = fmt.Errorf("gunzip %s: %w", s.name, err)
	}
	return n, err
}

func (s *gzipSource) Close() error {
	zerr := s.zr.Close()
	if err := s.f.Close(); err != nil {
		return err
	}
	return zerr
}
