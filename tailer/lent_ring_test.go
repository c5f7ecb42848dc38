package tailer

// The lent ring with Options.Recycle, from the s11 reviews of 9752d82 and
// afb1ed7 (rev-perf, rev-early): the lent table (a map, up to 256 entries)
// kept the arena of every batch a consumer dropped without Release pinned
// for the life of the Tailer, and once full stopped recycling.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unsafe"
)

func liveAfterUnreleased(t *testing.T, recycle bool) (uint64, int) {
	path := filepath.Join(t.TempDir(), "access.log")
	tl, out, stop := runTailer(t, path, recycle, 4)
	var sb strings.Builder
	const lines = 400_000
	for n := range lines {
		fmt.Fprintf(&sb, "198.51.100.%d - - [10/Oct/2024:13:55:36 +0000] \"GET /item/%d HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"\n", n%250, n)
	}
	data := sb.String()
	go func() {
		for i := 0; i < len(data); {
			j := min(len(data), i+1<<20)
			appendString(t, path, data[i:j])
			i = j
		}
	}()
	got, batches := 0, 0
	deadline := time.After(waitLimit)
	for got < lines {
		select {
		case b := <-out:
			batches++
			got += len(b) // dropped, never released
		case <-deadline:
			t.Fatalf("got %d of %d lines", got, lines)
		}
	}
	sb.Reset()
	data = ""
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	runtime.KeepAlive(tl)
	stop()
	return ms.HeapAlloc, batches
}

func TestUnreleasedBatchesNotPinned(t *testing.T) {
	off, nb := liveAfterUnreleased(t, false)
	on, nb2 := liveAfterUnreleased(t, true)
	t.Logf("live heap after dropping every batch: Recycle off %d kB (%d batches), on %d kB (%d batches)", off>>10, nb, on>>10, nb2)
	if on > off+8<<20 {
		t.Errorf("Recycle keeps %d MB alive for batches the consumer dropped (the lent ring)", (on-off)>>20)
	}
}

// A consumer that drops 256 batches (the old table's bound) without Release
// (batches it keeps for format detection, lost at a cancel, a source whose
// format is never detected): before the ring they filled the lent table for
// good, their memory pinned by its keys, and no later batch was recycled
// again. Now the later released batches are reused.
func TestDroppedBatchesRecyclingGoesOn(t *testing.T) { droppedThenReleased(t, 256) }

// Control: with no batch dropped, the same consumer's releases are reused.
func TestNoneDroppedRecycled(t *testing.T) { droppedThenReleased(t, 0) }

func droppedThenReleased(t *testing.T, dropped int) {
	path := filepath.Join(t.TempDir(), "access.log")
	tl, out, stop := runTailer(t, path, true, 1)
	chunk := strings.Repeat(fmt.Sprintf("%0200d\n", 7), 300) // 60 KB, one batch a write
	next := func() []Line {
		appendString(t, path, chunk)
		var got []Line
		deadline := time.After(waitLimit)
		for n := 0; n < 300; {
			select {
			case b := <-out:
				got = b
				for _, l := range b {
					if l.Data != nil {
						n++
					}
				}
			case <-deadline:
				t.Fatal("no batch")
			}
		}
		return got
	}
	// Phase 1: batches dropped, not released.
	for range dropped {
		next()
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("heap in use after %d dropped batches and a GC: %.1f MB", dropped, float64(ms.HeapInuse)/1e6)
	// Phase 2: a consumer that releases everything from now on.
	seen := map[uintptr]bool{}
	reused := 0
	for range 40 {
		b := next()
		p := uintptr(unsafe.Pointer(unsafe.SliceData(b[len(b)-1].Data)))
		if seen[p] {
			reused++
		}
		seen[p] = true
		tl.Release(b)
	}
	stop()
	if reused == 0 {
		t.Fatalf("40 batches released after %d dropped ones: none of their memory was used again", dropped)
	}
}

// runTailer starts a Tailer following path (made empty) from the start,
// with Recycle as asked, sending on a channel of capacity chanCap; stop
// cancels it and returns what Run returned.
func runTailer(t *testing.T, path string, recycle bool, chanCap int) (tl *Tailer, out chan []Line, stop func() error) {
	t.Helper()
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tl, err := New(Options{Patterns: []string{path}, FromStart: true, Poll: 5 * time.Millisecond, Recycle: recycle}, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	out = make(chan []Line, chanCap)
	done := make(chan error, 1)
	go func() { done <- tl.Run(ctx, out) }()
	<-tl.Ready()
	t.Cleanup(cancel)
	return tl, out, func() error { cancel(); return <-done }
}
