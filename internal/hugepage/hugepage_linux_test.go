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

// TestAdvise: the 2 MiB-aligned middle of a big region is marked for huge
// pages (VmFlags "hg", which the kernel sets on MADV_HUGEPAGE whatever its
// THP mode), a region under 4 MiB is left alone.
func TestAdvise(t *testing.T) {
	const n = 5 * Size
	mem := anonMap(t, n)
	start := uintptr(unsafe.Pointer(&mem[0]))
	from := (start + Size - 1) &^ (Size - 1)

	Advise(unsafe.Pointer(&mem[0]), Size+Size/2) // too small: nothing
	if f := vmFlagsOf(t, start); strings.Contains(f, " hg") {
		t.Fatalf("a region under 2 huge pages was advised: %s", f)
	}
	Advise(unsafe.Pointer(&mem[0]), n)
	if f := vmFlagsOf(t, from); !strings.Contains(f, " hg") {
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
	if f := vmFlagsOf(t, start); strings.Contains(f, " hg") {
		t.Fatalf("Advise marked a 2 MiB region: %s", f)
	}
	AdviseAround(p, Size)
	// The marked mapping is [from, from+2*Size): it starts at from, and
	// the rest of mem, unmarked, at from+2*Size.
	if f := vmFlagsOf(t, from); !strings.Contains(f, " hg") {
		t.Errorf("the aligned page the region starts in is not marked: %s", f)
	}
	if f := vmFlagsOf(t, from+2*Size); strings.Contains(f, " hg") {
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

// TestAdviseAroundMarksOnlyTouchedPages: a 2 MiB region starting 1.5 huge
// pages into an aligned run marks exactly the two aligned pages it
// touches, not the one before it nor the one after (review of 46eaecf: the
// test above could not see a page marked before the region, as its region
// started in the mapping's first aligned page).
func TestAdviseAroundMarksOnlyTouchedPages(t *testing.T) {
	mem := anonMap(t, 6*Size)
	start := uintptr(unsafe.Pointer(&mem[0]))
	from := (start + Size - 1) &^ (Size - 1) // first aligned page inside
	AdviseAround(unsafe.Pointer(&mem[from+Size+Size/2-start]), Size)
	for _, c := range []struct {
		page   uintptr
		marked bool
	}{{0, false}, {1, true}, {2, true}, {3, false}} {
		f := vmFlagsOf(t, from+c.page*Size)
		if got := strings.Contains(f, " hg"); got != c.marked {
			t.Errorf("aligned page %d (the region spans pages 1.5-2.5): marked %v, want %v: %s", c.page, got, c.marked, f)
		}
	}
}

// vmFlagsOf returns the VmFlags of the mapping of smaps that holds addr.
func vmFlagsOf(t *testing.T, addr uintptr) string {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x ", &lo, &hi); n == 2 {
			in = lo <= addr && addr < hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return line
		}
	}
	t.Fatalf("no mapping holds %x in smaps", addr)
	return ""
}
