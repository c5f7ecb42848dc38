package daemon

import (
	"fmt"
	"strings"
	"time"
)

// degraded lists the optional dependencies that fail now, for status: a
// block list whose download failed or never finished (a feed server that
// accepts and never answers: its download runs until lists.timeout, the
// daemon meanwhile judges and enforces without it), and reputation
// lookups that failed. Read from memory and the lists' saved status: no
// network, no kernel, no lock of the ban path.
func (d *Daemon) degraded() []string {
	var out []string
	if d.clock != nil {
		if n := d.clock.note(); n != "" {
			out = append(out, n)
		}
	}
	if n := d.repairs.fighting(time.Now()); n != "" {
		out = append(out, n)
	}
	e := d.enrich.Load()
	if e == nil {
		return out
	}
	// Not e.loader: e.mu is held across a list's kernel load, and behind
	// a stuck kernel call status must not wait for it (nor, by a try-lock,
	// miss the lists while a geo reload or a sync holds it).
	ld := e.loaderNow.Load()
	if ld != nil && ld.Set != nil {
		for _, st := range ld.Set.Status() {
			if st.Error != "" {
				msg := st.Error
				if !strings.HasPrefix(msg, "list ") {
					msg = "list " + st.Name + ": " + msg
				}
				out = append(out, msg)
			}
		}
	}
	if rep := e.rep.Load(); rep != nil {
		if s := rep.Stats(); s.Failed > 0 {
			out = append(out, fmt.Sprintf("reputation: %d of %d lookups failed (the verdicts go on without them)", s.Failed, s.Asked))
		}
	}
	return out
}
