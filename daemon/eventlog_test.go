package daemon

import (
	"testing"
	"time"
)

func TestEventLogWriteAllocatesNothing(t *testing.T) {
	l := &eventLog{}
	e := event{Action: "ban", Prefix: "203.0.113.7/32", Reason: "trap:/wp-login.php (from a)", Rules: []string{"trap"}, Duration: "10m0s", Offence: 1, Origin: "auto"}
	now := time.Now()
	l.write(e, now)
	l.flush() // no file: the buffer is reset, its capacity kept
	if n := testing.AllocsPerRun(100, func() { l.write(e, now); l.flush() }); n != 0 {
		t.Errorf("%v allocations per event", n)
	}
}
