package tailer

import (
	"fmt"
	"os"
	"syscall"
)

// openRegular opens path for reading without ever blocking in open(2).
// The callers stat a path before opening it, and whatever is there can be
// swapped in between: a FIFO opened for reading blocks until a writer
// appears, which would hang the tailer's only goroutine for good (and with
// it every source). O_NONBLOCK makes that open return at once; it changes
// nothing for a regular file, whose reads never block. Anything that is
// not a regular file once opened is closed and refused.
func openRegular(path string) (*os.File, os.FileInfo, error) {
	fh, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, err
	}
	fi, err := fh.Stat()
	if err != nil {
		fh.Close()
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		fh.Close()
		return nil, nil, fmt.Errorf("not a regular file (%s)", fi.Mode().Type())
	}
	return fh, fi, nil
}
