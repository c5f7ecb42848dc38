package firewalltest

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/dryrun"
)

// slowProber is a Prober whose probe keeps the budget exactly (rate x the
// time since the last probe's start, as the backends count it) but spends
// 200 ms between its start and its hook every other call, as a probe on a
// loaded machine may; it names the swapped entry on the 6th probe after
// the swap.
type slowProber struct {
	rate    int
	at      time.Time
	calls   int
	hook    func(int, bool)
	swapped string
	after   int
}

func (f *slowProber) probe(context.Context) ([]string, error) {
	now := time.Now()
	looked := probeSizeLeast
	if !f.at.IsZero() {
		looked = max(looked, int(float64(f.rate)*now.Sub(f.at).Seconds()+0.999))
	}
	f.at = now
	f.calls++
	if f.calls%2 == 0 {
		time.Sleep(200 * time.Millisecond)
	}
	if f.hook != nil {
		f.hook(looked, false)
	}
	if f.swapped != "" {
		if f.after++; f.after >= 6 {
			return []string{"set l_feed4: " + f.swapped + " missing"}, nil
		}
	}
	return nil, nil
}

const probeSizeLeast = 64

// TestProbeBudgetCountsFromProbeStarts: ProbeBudget must pass a probe that
// keeps its budget however slow its look-ups. Checked with the hook-to-hook
// gaps it measured before (review rev-enforce s17 MEDIUM 2): "a poll 102ms
// after the last looked up 1666 list entries, want at most 895".
func TestProbeBudgetCountsFromProbeStarts(t *testing.T) {
	t.Parallel()
	cfg := firewall.DefaultConfig()
	cfg.Backend = firewall.BackendNone
	b, err := dryrun.New(cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	f := &slowProber{}
	ProbeBudget(t, Prober{
		B:        b,
		Probe:    f.probe,
		SetCover: func(time.Duration) {},
		SetRate:  func(r int) { f.rate = r },
		SetHook:  func(h func(int, bool)) { f.hook = h },
		Swap:     func(_ testing.TB, ours string) { f.swapped = ours },
		FeedSet:  "set l_feed4:",
		Least:    probeSizeLeast,
	})
}
