package tailer

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// TestReleaseReusesMemoryOnly: a consumer releases most batches and keeps
// some. Every line arrives intact and in order, the lines of the batches it
// kept are never overwritten by later batches (released memory goes only to
// new batches), and released memory is in fact used again.
func TestReleaseReusesMemoryOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "access.log")
	var want []string
	var file strings.Builder
	for n := range 30000 {
		l := fmt.Sprintf("line-%d %s", n, strings.Repeat("x", n%300))
		if n%7001 == 0 {
			l += strings.Repeat("y", 3*keepMax) // a line longer than a chunk
		}
		want = append(want, l)
		file.WriteString(l + "\n")
	}
	// Written in pieces that cut lines, while the tailer reads.
	data := file.String()
	tl, out, stop := runTailer(t, path, true, 4)
	go func() {
		for i := 0; i < len(data); {
			j := min(len(data), i+40000+i%9973)
			appendString(t, path, data[i:j])
			i = j
		}
	}()

	type kept struct {
		batch []Line
		texts []string
	}
	var got []string
	var keep []kept
	released := map[uintptr]bool{} // where released batches' first lines started
	reused := 0
	deadline := time.After(waitLimit)
	for nb := 0; len(got) < len(want); nb++ {
		var b []Line
		select {
		case b = <-out:
		case <-deadline:
			t.Fatalf("got %d of %d lines", len(got), len(want))
		}
		var texts []string
		var first uintptr
		for _, l := range b {
			if l.Data == nil {
				continue
			}
			if first == 0 && len(l.Data) > 0 {
				first = uintptr(unsafe.Pointer(unsafe.SliceData(l.Data)))
			}
			texts = append(texts, string(l.Data))
		}
		got = append(got, texts...)
		if released[first] {
			reused++
		}
		if nb%3 == 0 {
			keep = append(keep, kept{b, texts})
			continue
		}
		released[first] = true
		tl.Release(b)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("line %d = %.40q, want %.40q", i, got[i], want[i])
		}
	}
	for k, kb := range keep {
		var now []string
		for _, l := range kb.batch {
			if l.Data != nil {
				now = append(now, string(l.Data))
			}
		}
		if strings.Join(now, "\n") != strings.Join(kb.texts, "\n") {
			t.Fatalf("kept batch %d was overwritten after other batches were released", k)
		}
	}
	if reused == 0 {
		t.Fatalf("no released memory was used again (%d batches)", len(keep)*3)
	}
	t.Logf("%d lines, %d batches kept, %d batches in reused memory", len(got), len(keep), reused)
}

// TestArenaTake: the regions one arena hands out never overlap, and a
// region larger than a chunk is not kept for the next batch.
func TestArenaTake(t *testing.T) {
	a := &arena{}
	var regions [][]byte
	for _, n := range []int{10, readSize, readSize + 300, 5, 3 * keepMax, keepMax, 1} {
		r := a.take(n)
		if len(r) != 0 || cap(r) != n {
			t.Fatalf("take(%d): len %d cap %d", n, len(r), cap(r))
		}
		r = r[:n]
		for i := range r {
			r[i] = byte(len(regions) + 1)
		}
		regions = append(regions, r)
	}
	for i, r := range regions {
		for _, c := range r {
			if c != byte(i+1) {
				t.Fatalf("region %d overwritten by a later one", i)
			}
		}
	}
	a.reset()
	for _, c := range a.spare {
		if cap(c) > keepMax {
			t.Fatalf("spare chunk of %d bytes kept", cap(c))
		}
	}
	if len(a.spare) == 0 || len(a.chunks) != 0 {
		t.Fatalf("after reset: %d spare, %d in use", len(a.spare), len(a.chunks))
	}
	// A small request takes a small chunk: a batch never released costs
	// at most twice its bytes.
	small := &arena{}
	small.take(300)
	if c := cap(small.chunks[0]); c > 2*300 {
		t.Fatalf("take(300) made a chunk of %d bytes", c)
	}
}

// TestLentBounded: a consumer that never releases its batches does not grow
// the ring of lent batches past the channel's capacity plus lentSlack; the
// last batches sent are still released into reuse, the oldest forgotten;
// Release of a batch the tailer did not make (or on a nil Tailer) does
// nothing.
func TestLentBounded(t *testing.T) {
	tl, err := New(Options{Patterns: []string{"/nonexistent/x.log"}, Recycle: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	const chanCap = 8
	var batches [][]Line
	for range 100 {
		b := make([]Line, 1)
		batches = append(batches, b)
		tl.lend(b, &arena{}, chanCap)
	}
	if n := len(tl.lent); n != chanCap+lentSlack {
		t.Fatalf("a ring of %d batches, want %d", n, chanCap+lentSlack)
	}
	tl.Release([]Line{{Data: []byte("x")}})
	var none *Tailer
	none.Release([]Line{{Data: []byte("x")}})
	held := func() (n int) {
		for _, e := range tl.lent {
			if e.a != nil {
				n++
			}
		}
		return n
	}
	if n := held(); n != chanCap+lentSlack {
		t.Fatalf("releasing a foreign batch changed the ring: %d held", n)
	}
	tl.Release(batches[0]) // long forgotten: nothing to give back
	if n := held(); n != chanCap+lentSlack {
		t.Fatalf("releasing a forgotten batch changed the ring: %d held", n)
	}
	tl.Release(batches[len(batches)-chanCap-lentSlack]) // the oldest the ring holds
	if n := held(); n != chanCap+lentSlack-1 {
		t.Fatalf("the oldest remembered batch was not taken back: %d held", n)
	}
}
