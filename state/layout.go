package state

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
)

// checkLayout verifies the page structure of a bbolt file by reading it
// with ReadAt, never through bbolt's memory map.
//
// bbolt trusts its file: it follows page ids and element offsets into the
// mapping without bounds checks, so a damaged file can fault the process
// (not a recoverable panic) on any goroutine, and a page that is both in use
// and on the freelist is silently overwritten by the next write. bbolt's
// own Tx.Check finds the second problem but can itself fault on the first,
// on a goroutine of its own. So before the store reads anything through
// bbolt, this walks the tree from the current meta page and checks that
// every page and element lies inside the file, that no page is reachable
// twice or reachable and free, and that keys are in order.
//
// The format is bbolt's version 2 layout (internal/common in bbolt), in the
// machine's byte order as bbolt writes it. Unreachable pages that are not on
// the freelist are leaked space, not damage, and are not reported.
func checkLayout(r io.ReaderAt, size int64) error {
	pageSize, err := findPageSize(r, size)
	if err != nil {
		return err
	}
	m, err := currentMeta(r, pageSize)
	if err != nil {
		return err
	}
	if m.pgid < 2 || m.pgid > uint64(size)/uint64(pageSize) {
		return fmt.Errorf("file has %d bytes, meta page says %d pages of %d", size, m.pgid, pageSize)
	}
	c := &layoutChecker{
		r:        r,
		pageSize: pageSize,
		hwm:      m.pgid,
		used:     make([]bool, m.pgid),
		free:     make([]bool, m.pgid),
	}
	c.used[0], c.used[1] = true, true
	if m.freelist != noFreelist {
		if err := c.readFreelist(m.freelist); err != nil {
			return err
		}
	}
	_, _, err = c.page(m.root, 0, nil, nil)
	return err
}

const (
	pageHeaderSize = 16
	elementSize    = 16 // branch and leaf elements are both 16 bytes
	metaSize       = 64
	bucketHeader   = 16 // InBucket: root pgid, sequence

	branchPage   = 0x01
	leafPage     = 0x02
	freelistPage = 0x10
	bucketLeaf   = 0x01

	boltMagic   = 0xED0CDAED
	boltVersion = 2
	noFreelist  = ^uint64(0)

	// Trees are a few levels deep and our buckets are not nested; this
	// only stops a crafted file from recursing without end.
	maxDepth = 64
)

type meta struct {
	pageSize                   int
	root, freelist, pgid, txid uint64
	valid                      bool
}

// readMeta reads the meta page at off; a short read is an invalid meta.
func readMeta(r io.ReaderAt, off int64) meta {
	b := make([]byte, metaSize)
	if _, err := r.ReadAt(b, off+pageHeaderSize); err != nil {
		return meta{}
	}
	h := fnv.New64a()
	h.Write(b[:56])
	return meta{
		pageSize: int(binary.NativeEndian.Uint32(b[8:])),
		root:     binary.NativeEndian.Uint64(b[16:]),
		freelist: binary.NativeEndian.Uint64(b[32:]),
		pgid:     binary.NativeEndian.Uint64(b[40:]),
		txid:     binary.NativeEndian.Uint64(b[48:]),
		valid: binary.NativeEndian.Uint32(b[0:]) == boltMagic && binary.NativeEndian.Uint32(b[4:]) == boltVersion &&
			binary.NativeEndian.Uint64(b[56:]) == h.Sum64(),
	}
}

// findPageSize reads the page size from the first meta page or, if that one
// is damaged, from the second one at any plausible page size.
func findPageSize(r io.ReaderAt, size int64) (int, error) {
	if m := readMeta(r, 0); m.valid {
		return m.pageSize, validPageSize(m.pageSize, size)
	}
	for ps := 1024; ps <= 64<<10; ps *= 2 {
		if m := readMeta(r, int64(ps)); m.valid && m.pageSize == ps {
			return ps, validPageSize(ps, size)
		}
	}
	return 0, errors.New("no valid meta page")
}

func validPageSize(ps int, size int64) error {
	if ps < 1024 || ps > 64<<10 || ps&(ps-1) != 0 {
		return fmt.Errorf("page size %d", ps)
	}
	if size < 2*int64(ps) {
		return fmt.Errorf("file of %d bytes is shorter than its two meta pages", size)
	}
	return nil
}

// currentMeta picks the meta page bbolt uses: the valid one with the
// higher transaction id.
func currentMeta(r io.ReaderAt, pageSize int) (meta, error) {
	var ms [2]meta
	for i := range ms {
		ms[i] = readMeta(r, int64(i*pageSize))
		ms[i].valid = ms[i].valid && ms[i].pageSize == pageSize
	}
	a, b := ms[0], ms[1]
	if b.txid > a.txid {
		a, b = b, a
	}
	switch {
	case a.valid:
		return a, nil
	case b.valid:
		return b, nil
	}
	return meta{}, errors.New("no valid meta page")
}

type layoutChecker struct {
	r        io.ReaderAt
	pageSize int
	hwm      uint64 // pages in use by the current meta: ids are below it
	used     []bool // reached from the root, or a meta or freelist page
	free     []bool // on the freelist
	bufs     [][]byte
}

// claim marks pages id..id+overflow as in use.
func (c *layoutChecker) claim(id uint64, overflow uint32) error {
	if id < 2 || id >= c.hwm || uint64(overflow) >= c.hwm-id {
		return fmt.Errorf("page %d (+%d overflow) outside the %d pages in use", id, overflow, c.hwm)
	}
	for p := id; p <= id+uint64(overflow); p++ {
		switch {
		case c.used[p]:
			return fmt.Errorf("page %d is referenced twice", p)
		case c.free[p]:
			return fmt.Errorf("page %d is in use and on the freelist", p)
		}
		c.used[p] = true
	}
	return nil
}

// read returns page id with all its overflow pages, after checking its
// header: the id it records, the type, and that it fits. The bytes are in
// the buffer for depth, valid until the next read at that depth.
func (c *layoutChecker) read(id uint64, depth int, want ...uint16) ([]byte, uint16, error) {
	if id < 2 || id >= c.hwm {
		return nil, 0, fmt.Errorf("page %d outside the %d pages in use", id, c.hwm)
	}
	for len(c.bufs) <= depth {
		c.bufs = append(c.bufs, make([]byte, c.pageSize))
	}
	buf := c.bufs[depth][:c.pageSize]
	off := int64(id) * int64(c.pageSize)
	if _, err := c.r.ReadAt(buf, off); err != nil {
		return nil, 0, fmt.Errorf("read page %d: %w", id, err)
	}
	flags, overflow := binary.NativeEndian.Uint16(buf[8:]), binary.NativeEndian.Uint32(buf[12:])
	if got := binary.NativeEndian.Uint64(buf); got != id {
		return nil, 0, fmt.Errorf("page %d records id %d", id, got)
	}
	ok := false
	for _, w := range want {
		ok = ok || flags == w
	}
	if !ok {
		return nil, 0, fmt.Errorf("page %d has type %#x, want %#x", id, flags, want)
	}
	if err := c.claim(id, overflow); err != nil {
		return nil, 0, err
	}
	if overflow > 0 {
		// claim checked that the overflow pages are in the file.
		full := (int(overflow) + 1) * c.pageSize
		if cap(c.bufs[depth]) < full {
			grown := make([]byte, full)
			copy(grown, buf)
			c.bufs[depth] = grown
		}
		buf = c.bufs[depth][:full]
		if _, err := c.r.ReadAt(buf[c.pageSize:], off+int64(c.pageSize)); err != nil {
			return nil, 0, fmt.Errorf("read page %d: %w", id, err)
		}
	}
	return buf, flags, nil
}

func (c *layoutChecker) readFreelist(id uint64) error {
	// The freelist is read before the tree, so that claim sees free pages.
	buf, _, err := c.read(id, 0, freelistPage)
	if err != nil {
		return fmt.Errorf("freelist: %w", err)
	}
	body := buf[pageHeaderSize:]
	n := uint64(binary.NativeEndian.Uint16(buf[10:]))
	if n == 0xFFFF {
		// More ids than the header's count holds: the first id slot has it.
		if len(body) < 8 {
			return fmt.Errorf("freelist page %d: short", id)
		}
		n = binary.NativeEndian.Uint64(body)
		body = body[8:]
	}
	if n > uint64(len(body))/8 {
		return fmt.Errorf("freelist page %d: %d ids do not fit", id, n)
	}
	for i := range n {
		p := binary.NativeEndian.Uint64(body[8*i:])
		switch {
		case p < 2 || p >= c.hwm:
			return fmt.Errorf("freelist page %d: free page %d outside the %d pages in use", id, p, c.hwm)
		case c.free[p]:
			return fmt.Errorf("freelist page %d: page %d listed twice", id, p)
		case c.used[p]:
			return fmt.Errorf("freelist page %d: page %d is in use and on the freelist", id, p)
		}
		c.free[p] = true
	}
	return nil
}

// page checks a branch or leaf page and everything below it. Its keys must
// lie in [lo, hi) (nil: unbounded), as the parent's branch keys promise;
// it returns its smallest and largest keys.
func (c *layoutChecker) page(id uint64, depth int, lo, hi []byte) (first, last []byte, err error) {
	if depth > maxDepth {
		return nil, nil, fmt.Errorf("page %d: tree deeper than %d", id, maxDepth)
	}
	buf, flags, err := c.read(id, depth, branchPage, leafPage)
	if err != nil {
		return nil, nil, err
	}
	first, last, err = c.nodes(fmt.Sprintf("page %d", id), buf, flags, depth, lo, hi)
	// The buffer is reused for the next page at this depth.
	return bytes.Clone(first), bytes.Clone(last), err
}

// nodes checks the elements of a page held in buf: a page of the file or
// an inline bucket's page inside a value.
func (c *layoutChecker) nodes(where string, buf []byte, flags uint16, depth int, lo, hi []byte) (first, last []byte, err error) {
	count := int(binary.NativeEndian.Uint16(buf[10:]))
	if pageHeaderSize+count*elementSize > len(buf) {
		return nil, nil, fmt.Errorf("%s: %d elements do not fit", where, count)
	}
	if flags == branchPage && count == 0 {
		return nil, nil, fmt.Errorf("%s: empty branch", where)
	}
	keyAt := func(i int) ([]byte, []byte, bool) {
		off := pageHeaderSize + i*elementSize
		e := buf[off : off+elementSize]
		if flags == branchPage {
			return slice(buf, off, binary.NativeEndian.Uint32(e[0:]), binary.NativeEndian.Uint32(e[4:]), 0)
		}
		return slice(buf, off, binary.NativeEndian.Uint32(e[4:]), binary.NativeEndian.Uint32(e[8:]), binary.NativeEndian.Uint32(e[12:]))
	}
	prev := lo // the first key may equal lo; later ones must grow
	for i := range count {
		key, val, ok := keyAt(i)
		if !ok {
			return nil, nil, fmt.Errorf("%s: element %d lies outside the page", where, i)
		}
		if i == 0 {
			first = key
		}
		if prev != nil && (bytes.Compare(prev, key) > 0 || i > 0 && bytes.Equal(prev, key)) {
			return nil, nil, fmt.Errorf("%s: key %d out of order", where, i)
		}
		if hi != nil && bytes.Compare(key, hi) >= 0 {
			return nil, nil, fmt.Errorf("%s: key %d beyond its parent's range", where, i)
		}
		e := buf[pageHeaderSize+i*elementSize:]
		switch {
		case flags == branchPage:
			next := hi
			if i+1 < count {
				if next, _, ok = keyAt(i + 1); !ok {
					return nil, nil, fmt.Errorf("%s: element %d lies outside the page", where, i+1)
				}
			}
			child := binary.NativeEndian.Uint64(e[8:])
			first, last, err := c.page(child, depth+1, key, next)
			if err != nil {
				return nil, nil, err
			}
			// bbolt finds a child's entry in its parent by the child's
			// first key when it merges or removes nodes; a mismatch makes
			// it free the same page twice.
			if !bytes.Equal(first, key) {
				return nil, nil, fmt.Errorf("%s: key %d does not match the first key of page %d", where, i, child)
			}
			prev = last
			continue
		case binary.NativeEndian.Uint32(e[0:])&bucketLeaf != 0:
			if err := c.bucket(fmt.Sprintf("%s: bucket %q", where, key), val, depth); err != nil {
				return nil, nil, err
			}
		}
		prev = key
	}
	return first, prev, nil
}

// bucket checks a bucket value: a root page id, or an inline page.
func (c *layoutChecker) bucket(where string, val []byte, depth int) error {
	if len(val) < bucketHeader {
		return fmt.Errorf("%s: value too short", where)
	}
	if root := binary.NativeEndian.Uint64(val); root != 0 {
		_, _, err := c.page(root, depth+1, nil, nil)
		return err
	}
	inline := val[bucketHeader:]
	if len(inline) < pageHeaderSize {
		return fmt.Errorf("%s: inline page too short", where)
	}
	if f := binary.NativeEndian.Uint16(inline[8:]); f != leafPage {
		return fmt.Errorf("%s: inline page has type %#x", where, f)
	}
	if depth > maxDepth {
		return fmt.Errorf("%s: buckets nested deeper than %d", where, maxDepth)
	}
	_, _, err := c.nodes(where+" (inline)", inline, leafPage, depth+1, nil, nil)
	return err
}

// slice returns the key (and value) an element at off points to, checking
// that they lie inside buf. Offsets are relative to the element.
func slice(buf []byte, off int, pos, ksize, vsize uint32) (key, val []byte, ok bool) {
	start := uint64(off) + uint64(pos)
	kend := start + uint64(ksize)
	vend := kend + uint64(vsize)
	if vend > uint64(len(buf)) {
		return nil, nil, false
	}
	return buf[start:kend], buf[kend:vend], true
}
