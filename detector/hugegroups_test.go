package detector

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

// TestBytesPerIdleClientSweep: the daemon's engine (Options{}, no huge-page
// groups) stays within 110 bytes per idle client at every size, not only at
// the one TestBytesPerIdleClient picks: with the groups of 46eaecf the last,
// mostly empty 2 MiB group made it 135/128/113 bytes at 66,000-140,000
// clients (review of 46eaecf), and daemon/memlimit.go budgets 100.
func TestBytesPerIdleClientSweep(t *testing.T) {
	sizes := []int{66_000, 70_000, 100_000, 140_000, 200_000, 300_000}
	if raceEnabled || testing.Short() {
		sizes = []int{66_000, 140_000}
	}
	for _, n := range sizes {
		b := bytesPerClient(t, n)
		d := defaultBytesPerClient(t, n)
		t.Logf("%d clients: %.0f bytes per idle client (5 throttles), %.0f (default policy)", n, b, d)
		if b > 110 || d > 110 {
			t.Errorf("%d clients: %.0f / %.0f bytes per idle client, want <= 110", n, b, d)
		}
	}
}

// defaultBytesPerClient is bytesPerClient under the default policy, its cap
// at n.
func defaultBytesPerClient(tb testing.TB, n int) float64 {
	tb.Helper()
	p, err := rules.Default().Compile(rules.CompileOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	p.Limits.MaxClients = n
	before := heapAlloc()
	e := New(p, Options{})
	ev := &parser.Event{Method: []byte("GET"), Path: []byte("/index.html"), Status: 200}
	for i := range n {
		sprayEvent(ev, i, t0)
		e.Observe(ev)
	}
	b := float64(heapAlloc()-before) / float64(n)
	runtime.KeepAlive(e)
	return b
}

// TestHugeGroupsAdvised: with Options.HugeGroups (analyze) the client
// table's chunks past groupFromBytes, and its queue stamps', lie in
// mappings the kernel was asked to back with huge pages (VmFlags "hg",
// set on MADV_HUGEPAGE whatever the THP mode).
func TestHugeGroupsAdvised(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/proc/self/smaps"); err != nil {
		t.Skip("no /proc/self/smaps:", err)
	}
	p := fiveThrottles()
	n := 2 * int(groupFromBytes/unsafe.Sizeof(node[clientState]{}))
	p.Limits.MaxClients = n
	e := New(p, Options{HugeGroups: true})
	ev := &parser.Event{Method: []byte("GET"), Path: []byte("/index.html"), Status: 200}
	for i := range n {
		sprayEvent(ev, i, t0)
		e.Observe(ev)
	}
	from := int(groupFromBytes / unsafe.Sizeof([nodeChunk]node[clientState]{}))
	if len(e.clients.chunks) <= from {
		t.Fatalf("%d chunks for %d clients: no group", len(e.clients.chunks), n)
	}
	flags := smapsFlags(t)
	for j := from; j < len(e.clients.chunks); j++ {
		if a := uintptr(unsafe.Pointer(e.clients.chunks[j])); !flags.hugeAt(a) {
			t.Fatalf("node chunk %d of %d (grouped from %d) at %x not advised", j, len(e.clients.chunks), from, a)
		}
	}
	runtime.KeepAlive(e)
}

// mapping is one line of /proc/self/smaps: a range and whether it is
// advised to huge pages.
type mapping struct {
	lo, hi uintptr
	hg     bool
}

type mappings []mapping

func (m mappings) hugeAt(a uintptr) bool {
	for _, r := range m {
		if r.lo <= a && a < r.hi {
			return r.hg
		}
	}
	return false
}

func smapsFlags(t *testing.T) mappings {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var m mappings
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if k, _ := fmt.Sscanf(line, "%x-%x ", &lo, &hi); k == 2 {
			m = append(m, mapping{lo: lo, hi: hi})
			continue
		}
		if strings.HasPrefix(line, "VmFlags:") && len(m) > 0 {
			m[len(m)-1].hg = strings.Contains(line, " hg")
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}
