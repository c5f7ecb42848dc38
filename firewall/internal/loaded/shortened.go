package loaded

import (
	"fmt"
	"sync"
	"time"

	"github.com/guardctl/guardctl/firewall"
)

// Short is what an audit found of elements of ours whose time left in
// the kernel is shorter than the one loaded: another process re-added
// them with a smaller timeout (`nft add element ... { a timeout 1s }`,
// `ipset -exist add ... timeout 1`). Such a ban ends early without any
// event, and when a stranger is added beside it the counts stay equal, so
// only the times tell (review s12 item 1).
type Short struct {
	N       int
	Samples []string // "203.0.113.5/32: 1s left, want 59m50s", at most MaxSamples
}

// Reason words s for a drift, or "" when nothing was shortened.
func (s Short) Reason(set string) string {
	if s.N == 0 {
		return ""
	}
	return fmt.Sprintf("set %s: %d elements of ours with a shorter timeout than loaded (changed by another process), e.g. %v", set, s.N, s.Samples)
}

// Slack is how much shorter than recorded an element's time left may be
// before it counts as shortened: the recorded deadline is taken after the
// kernel's (the batch is sent first), and timeouts are rounded (ipset:
// whole seconds); a hundredth of the time left covers a busy host's
// delays on long bans.
func Slack(want time.Duration) time.Duration { return Grace + want/100 }

// Shortened checks the time left of each listed entry against s, holding
// mu one chunk of entries at a time, and adds those cut short to out.
// Entries s does not hold (extras) and entries without a timeout are not
// compared.
func Shortened(mu sync.Locker, s *Set, entries []firewall.Entry, now time.Time, out *Short) {
	for len(entries) > 0 {
		part := entries[:min(len(entries), chunk)]
		entries = entries[len(part):]
		mu.Lock()
		for _, e := range part {
			want, ok := s.Remaining(e.Prefix, now)
			if !ok || want == 0 || e.Expires == 0 || e.Expires+Slack(want) >= want {
				continue
			}
			out.N++
			if len(out.Samples) < MaxSamples {
				out.Samples = append(out.Samples, fmt.Sprintf("%s: %s left, want %s", e.Prefix, e.Expires.Round(time.Second), want.Round(time.Second)))
			}
		}
		mu.Unlock()
	}
}

// Force runs audit now, after the one running if any, whatever Every says
// (an event showed another process writing a set), and counts as the
// last audit for Due.
func (p *Pace) Force(audit func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.last = time.Now()
	audit()
}
