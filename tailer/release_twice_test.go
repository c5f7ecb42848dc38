package tailer

// From the review of 9b4aef5 (rev-perf s12): Release found a batch by the
// address of its first Line. Once a released batch's memory carried the
// next batch, a second Release of the old slice released the new one,
// which the consumer still held, and the tailer read later lines into it.

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSecondReleaseLeavesLiveBatch: b1 is released, b2 is made in b1's
// memory, b1 is released again (stale). b2 must keep its lines while the
// tailer reads the next ones. The lines are of one length in a row, so b2
// often has b1's length too: only the ticket (ticketSpan) tells them apart.
func TestSecondReleaseLeavesLiveBatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "access.log")
	tl, out, stop := runTailer(t, path, true, 4)
	defer stop()
	n := 0
	write := func(lines int) {
		var b strings.Builder
		for range lines {
			fmt.Fprintf(&b, "line-%06d %s\n", n, strings.Repeat("x", n%50))
			n++
		}
		appendString(t, path, b.String())
	}
	recv := func() []Line {
		select {
		case b := <-out:
			return b
		case <-time.After(waitLimit):
			t.Fatal("no batch")
		}
		return nil
	}
	texts := func(b []Line) string {
		var s []string
		for _, l := range b {
			if l.Data != nil {
				s = append(s, string(l.Data))
			}
		}
		return strings.Join(s, "|")
	}
	reused := 0
	for try := 0; try < 200; try++ {
		write(20)
		b1 := recv()
		for len(b1) == 0 || b1[0].Data == nil && len(b1) == 1 {
			b1 = recv()
		}
		tl.Release(b1)
		write(20)
		b2 := recv()
		if &b2[0] != &b1[0] {
			tl.Release(b2)
			continue
		}
		reused++
		before := texts(b2)
		tl.Release(b1) // stale: b1's memory now is b2's
		write(20)
		b3 := recv()
		if after := texts(b2); before != after {
			t.Fatalf("try %d: a second Release of b1 released b2 while held; b2 now %.60q, was %.60q", try, after, before)
		}
		tl.Release(b3)
		tl.Release(b2)
		tl.Release(b2) // twice: b3's memory may be b2's
	}
	if reused == 0 {
		t.Fatal("no batch was made in a released batch's memory: nothing tested")
	}
	t.Logf("%d of 200 batches made in the memory of the one released before", reused)
}
