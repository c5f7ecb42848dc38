//go:build linux

package ipt

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/internal/loaded"
)

// probeSize is how many of our elements each quick check looks up in
// each ban set (one netlink request each, a few sendmsg): every one of a
// small set, a rotating handful of a large one; in a list, at least this
// many, else the rotor's share (listCoverEvery).
const probeSize = 64

// probeSample looks a sample of the elements this process loaded up in the
// kernel's ban sets (IPSET_CMD_TEST) and reports those missing. The count
// checks cannot see a set whose contents were replaced by as many
// strangers: `ipset swap` of a freshly built set (the atomic-refresh idiom
// of blocklist scripts, aimed at the wrong name) or `ipset del` of ours
// and `ipset add` of another, or any loss while elements added by hand
// pad the count. Those were found only by the element audit of the next
// health check (HealthEvery, 10 s), the ban not enforced meanwhile
// (session 14 sweep); a sampled element missing now repairs within one
// poll (verifyEvery, 250 ms). A probe that an unban, flush or reload
// overlapped says nothing (the next poll probes again).
func (b *Backend) probeSample(ctx context.Context) ([]string, error) {
	b.mu.Lock()
	if err := b.ready(); err != nil {
		b.mu.Unlock()
		return nil, err
	}
	now := time.Now()
	seq := b.changes
	type probe struct {
		set  string
		ps   []netip.Prefix
		list string // the block list the set holds, "" for ban and allow sets
		walk int    // the index of its walk in walks, -1 for a ban set's sample
	}
	var probes []probe
	for _, f := range b.families() {
		if ps := b.loaded[f.ban].Sample(probeSize, now); len(ps) > 0 {
			probes = append(probes, probe{f.ban, ps, "", -1})
		}
	}
	// The allow sets too: their count is checked exactly, so a swap of a
	// same-size set (or a del of ours and an add of a stranger) left a
	// banned address allowed past the ban rule with every check passing,
	// for good (the element audit reads the ban sets only). The block
	// lists' sets ([deny], feeds, clouds, geo) likewise: there the same
	// swap undid a deny for good with status healthy (review s14). A list
	// adopted from a previous process (entries nil) has nothing to look up.
	// The lists' and the allow list's entries are walked in turns by a
	// rotor each (both families in one walk): every entry is looked up
	// within listCoverEvery whatever the poll rate. The random 64-entry
	// window found one of ours swapped for a stranger in a 100,000-entry
	// list after ~6.5 min on average, and no audit reads these sets
	// (enforce gap 1, s16). The slices are replaced whole, never written
	// in place, so the walk's copy is made after the lock.
	type walk struct {
		list     string
		ps       []netip.Prefix
		r        *loaded.Rotor
		start, m int
		s4, s6   string
	}
	var walks []walk
	var ms []int
	step := func(list, key, s4, s6 string, ps []netip.Prefix) {
		if len(ps) == 0 {
			return
		}
		if b.rotors == nil {
			b.rotors = map[string]*loaded.Rotor{}
		}
		r := b.rotors[key]
		if r == nil {
			r = &loaded.Rotor{}
			b.rotors[key] = r
		}
		start, m := r.Want(len(ps), now, b.cover, probeSize)
		walks = append(walks, walk{list, ps, r, start, m, s4, s6})
		ms = append(ms, m)
	}
	t := b.cfg.Table
	step("", t+"-allow4", t+"-allow4", t+"-allow6", b.allow)
	for _, name := range b.listNames() {
		step(name, b.listSet(name, "4"), b.listSet(name, "4"), b.listSet(name, "6"), b.lists[name])
	}
	// The poll's budget (loaded.ProbeRate): past 100,000 entries in all
	// the walks slow down alike instead of the poll's cost growing.
	var dt time.Duration
	if !b.probeAt.IsZero() {
		dt = now.Sub(b.probeAt)
	}
	b.probeAt = now
	loaded.Budget(ms, loaded.PollBudget(b.rate, dt, loaded.ProbeBurst, probeSize), probeSize)
	looked := 0
	for i := range walks {
		walks[i].m = ms[i]
		looked += ms[i]
	}
	hook := b.probeHook
	b.mu.Unlock()
	for i, w := range walks {
		ps := loaded.Span(w.ps, w.start, w.m)
		var ps4, ps6 []netip.Prefix
		for _, p := range ps {
			if p.Addr().Is4() {
				ps4 = append(ps4, p)
			} else {
				ps6 = append(ps6, p)
			}
		}
		if len(ps4) > 0 {
			probes = append(probes, probe{w.s4, ps4, w.list, i})
		}
		if len(ps6) > 0 {
			probes = append(probes, probe{w.s6, ps6, w.list, i})
		}
	}
	var reasons, stale []string
	held := make([]bool, len(walks)) // walks that found something
	for _, p := range probes {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		in, err := ipsetTest(b.cfg.NetNS, p.set, p.ps)
		if errors.Is(err, firewall.ErrNotReady) {
			return nil, nil // a missing set: the count check reports it
		}
		if err != nil {
			return nil, fmt.Errorf("look up %d elements of ours in ipset %s: %w", len(p.ps), p.set, err)
		}
		var missing []string
		for i, ok := range in {
			if !ok {
				missing = append(missing, p.ps[i].String())
			}
		}
		if len(missing) > 0 {
			if p.walk >= 0 {
				held[p.walk] = true
			}
			if p.list != "" {
				stale = append(stale, p.list)
			}
			eg := missing[:min(len(missing), 3)]
			reasons = append(reasons, fmt.Sprintf("ipset %s: %d of %d entries of ours looked up are missing (deleted, or the set's contents replaced, by another process: ipset del/swap), e.g. %s",
				p.set, len(missing), len(p.ps), strings.Join(eg, " ")))
		}
	}
	if hook != nil {
		hook(looked, len(reasons) > 0)
	}
	b.mu.Lock()
	same := b.changes == seq
	if same {
		for _, name := range stale {
			b.staleLists[name] = true
		}
	}
	// A walk whose findings are discarded (a change landed during the
	// probe) leaves its rotor where it was: the next poll walks the same
	// slice again. Advancing it let that slice wait another full cover
	// (review rev-enforce s16 item 2). A walk that found all its entries
	// did check its slice whatever changed meanwhile, so it moves on:
	// changes landing during every probe (an unban stream) do not stall
	// the walks.
	for i, w := range walks {
		if same || !held[i] {
			w.r.Advance(len(w.ps), w.start, w.m, now)
		}
	}
	b.mu.Unlock()
	if !same {
		return nil, nil
	}
	return reasons, nil
}

// window is loaded.Window with probeSize: O(64) per poll (the probe's
// walk of the lists before the rotors, s16; window_test measures it).
func window(ps []netip.Prefix, v4 bool) []netip.Prefix { return loaded.Window(ps, v4, probeSize) }

// listCoverEvery bounds the time the probe takes to look up every entry of
// the allow list and of every block list (loaded.Rotor) up to 100,000
// entries in all; past that the poll's budget (loaded.ProbeRate, 10,000
// a second) bounds the CPU and the cover grows: total / 10,000 s (1M
// entries: 100 s). Cost: BenchmarkProbePoll100k, BenchmarkProbePoll1M.
const listCoverEvery = 10 * time.Second
