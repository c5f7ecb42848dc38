package cluster

import (
	"testing"
	"time"
)

// More decisions at once than the queue holds: the oldest are dropped on
// disk too, not only in memory (they were left in the file, never sent
// by this process and sent at the next start behind newer ones).
func TestQueueOverflowDropsOnDisk(t *testing.T) {
	dir := t.TempDir()
	o, err := openOutbox(dir, 5)
	if err != nil {
		t.Fatal(err)
	}
	var ds []Decision
	for i := range 8 {
		d := ban(addr4(192, 0, i).String(), time.Hour)
		d.Node = "a"
		ds = append(ds, d)
	}
	dropped, err := o.add(ds)
	if err != nil {
		t.Fatal(err)
	}
	if len(dropped) != 3 || o.len() != 5 {
		t.Fatalf("dropped %d, queued %d; want 3 and 5", len(dropped), o.len())
	}
	newest := o.items[0].d.Seq
	o.Close()
	o, err = openOutbox(dir, 5)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if o.len() != 5 || o.items[0].d.Seq != newest {
		t.Fatalf("reopened queue holds %d decisions from seq %d, want 5 from %d", o.len(), o.items[0].d.Seq, newest)
	}
	if got := o.dropped(); got != 3 {
		t.Fatalf("dropped count on disk %d, want 3", got)
	}
}
