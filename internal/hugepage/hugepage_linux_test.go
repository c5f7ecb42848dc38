package hugepage

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// vmFlags returns the VmFlags of the mapping of smaps that starts at addr.
func vmFlags(t *testing.T, addr uintptr) string {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := fmt.Sprintf("%x-", addr)
	in := false // in the mapping's block, whose last line is VmFlags
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		in = in || strings.HasPrefix(line, want)
		if in && strings.HasPrefix(line, "VmFlags:") {
			return line
		}
	}
	t.Fatalf("no mapping at %x in smaps", addr)
	return ""
}

// TestAdvise: the 2 MiB-aligned middle of a big region is marked for huge
// pages (VmFlags "hg", which the kernel sets on MADV_HUGEPAGE whatever its
// THP mode), a region under 4 MiB is left alone.
func TestAdvise(t *testing.T) {
	const n = 5 * Size
	mem := anonMap(t, n)
	start := uintptr(unsafe.Pointer(&mem[0]))
	from := (start + Size - 1) &^ (Size - 1)

	Advise(unsafe.Pointer(&mem[0]), Size+Size/2) // too small: nothing
	if f := vmFlags(t, start); strings.Contains(f, " hg") {
		t.Fatalf("a region under 2 huge pages was advised: %s", f)
	}
	Advise(unsafe.Pointer(&mem[0]), n)
	if f := vmFlags(t, from); !strings.Contains(f, " hg") {
		t.Errorf("the aligned middle of %d bytes is not marked for huge pages: %s", n, f)
	}
}

// TestAdviseAround: a 2 MiB region that straddles two aligned huge pages
// marks both of them, so that regions laid side by side are backed by huge
// pages together.
func TestAdviseAround(t *testing.T) {
	mem := anonMap(t, 4*Size)
	start := uintptr(unsafe.Pointer(&mem[0]))
	from := (start + Size - 1) &^ (Size - 1) // first aligned page inside
	// A 2 MiB region starting half a page into the first aligned page.
	p := unsafe.Pointer(&mem[from+Size/2-start])
	Advise(p, Size)
	if f := vmFlags(t, start); strings.Contains(f, " hg") {
		t.Fatalf("Advise marked a 2 MiB region: %s", f)
	}
	AdviseAround(p, Size)
	// The marked mapping is [from, from+2*Size): it starts at from, and
	// the rest of mem, unmarked, at from+2*Size.
	if f := vmFlags(t, from); !strings.Contains(f, " hg") {
		t.Errorf("the aligned page the region starts in is not marked: %s", f)
	}
	if f := vmFlags(t, from+2*Size); strings.Contains(f, " hg") {
		t.Errorf("marked beyond the aligned page the region ends in: %s", f)
	}
}

// anonMap maps n bytes of anonymous memory for the test's life.
func anonMap(t *testing.T, n int) []byte {
	t.Helper()
	mem, err := unix.Mmap(-1, 0, n, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Munmap(mem) })
	return mem
}
