//go:build linux

package nft

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// wantRange is a range an interval set must hold: its last address and
// its deadline (zero: no timeout), known to within slack (how long the
// command that added it took: the kernel's clock starts at its commit).
type wantRange struct {
	last  netip.Addr
	until time.Time
	slack time.Duration
}

// TestRebuildKeepsLive: rebuildPlanned replaces interval sets holding live
// ranges of every kind (recorded with and without timeouts, added by hand
// and not recorded, adopted), ranges expired and not collected yet, and a
// range destroyed after its start expired (the state behind
// TestBanAfterExpiringAbsorbed). Afterwards the sets must hold exactly the
// live ranges, each with the time it had left (within what the rebuilds
// took: rebuildDrift). Meanwhile packets
// from banned addresses must never get through and the kernel must always
// find their ranges: the flush and the refill commit as one.
func TestRebuildKeepsLive(t *testing.T) {
	ns, b, ctx := freshBackend(t)
	want := map[netip.Addr]wantRange{} // by first address, both sets
	expect := func(first, last netip.Addr, timeout time.Duration, from, to time.Time) {
		w := wantRange{last: last, slack: to.Sub(from)}
		if timeout > 0 {
			w.until = from.Add(timeout)
		}
		want[first] = w
	}
	ban := func(bans ...firewall.Ban) {
		t.Helper()
		from := time.Now()
		mustBan(t, b, bans...)
		to := time.Now()
		for _, x := range bans {
			expect(x.Prefix.Addr(), firewall.LastAddr(x.Prefix), x.Timeout, from, to)
		}
	}
	var recorded []firewall.Ban
	for i := range 300 {
		x := firewall.Ban{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(20 + i/256), byte(i), 0}), 24), Timeout: 30*time.Second + time.Duration(i)*10*time.Second}
		if i%50 == 0 {
			x.Timeout = 0
		}
		recorded = append(recorded, x)
	}
	for i := range 20 {
		recorded = append(recorded, firewall.Ban{Prefix: netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 0, byte(i)}), 48), Timeout: time.Duration(i+1) * time.Minute})
	}
	ban(recorded...)
	// Adopted: added by hand, then listed (recorded by its last prefix).
	from := time.Now()
	ns.Run(t, "nft", "add", "element", "inet", "guardctl", "bannet4", "{ 10.50.0.1-10.50.0.5 timeout 2h }")
	expect(netip.MustParseAddr("10.50.0.1"), netip.MustParseAddr("10.50.0.5"), 2*time.Hour, from, time.Now())
	if _, err := b.List(ctx); err != nil {
		t.Fatal(err)
	}
	// Added by hand after the listing: not recorded.
	from = time.Now()
	ns.Run(t, "nft", "add", "element", "inet", "guardctl", "bannet4", "{ 10.3.0.3-10.3.0.9 timeout 1h, 10.4.0.0/16 }")
	ns.Run(t, "nft", "add", "element", "inet", "guardctl", "bannet6", "{ 2001:db8:ff::3-2001:db8:ff::9 timeout 30m }")
	to := time.Now()
	expect(netip.MustParseAddr("10.3.0.3"), netip.MustParseAddr("10.3.0.9"), time.Hour, from, to)
	expect(netip.MustParseAddr("10.4.0.0"), netip.MustParseAddr("10.4.255.255"), 0, from, to)
	expect(netip.MustParseAddr("2001:db8:ff::3"), netip.MustParseAddr("2001:db8:ff::9"), 30*time.Minute, from, to)
	// Expired, not collected; and one destroyed after its start expired,
	// below a live range. The collection runs at the first commit on the
	// set a second after the last, so it runs now and not again before
	// the rebuilds.
	time.Sleep(1100 * time.Millisecond)
	ban(firewall.Ban{Prefix: netip.MustParsePrefix("10.80.0.0/24"), Timeout: time.Hour})
	var short []firewall.Ban
	for i := range 10 {
		short = append(short, firewall.Ban{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 40, byte(i), 0}), 24), Timeout: 40 * time.Millisecond})
	}
	gone := netip.MustParsePrefix("10.60.0.0/24")
	mustBan(t, b, append(short, firewall.Ban{Prefix: gone, Timeout: 40 * time.Millisecond})...)
	ban(firewall.Ban{Prefix: netip.MustParsePrefix("10.70.0.0/24"), Timeout: time.Hour})
	time.Sleep(100 * time.Millisecond)
	tx := b.tx()
	tx.elements(opDestroy, setBanNet4, []firewall.Ban{{Prefix: gone}}, true)
	if err := tx.send(ctx, b.raw); err != nil {
		t.Fatal(err)
	}
	live4 := 0
	for a := range want {
		if a.Is4() {
			live4++
		}
	}
	if es, err := dumpSet(b.rraw, b.cfg.Table, setBanNet4); err != nil || len(es) <= 2*live4 {
		t.Fatalf("bannet4 holds %d elements (%v) for %d live ranges: nothing stale to rebuild over", len(es), err, live4)
	}

	banned := []string{"10.20.7.9", "10.20.50.1", "10.21.10.200", "10.3.0.5", "10.4.200.1", "10.50.0.3", "10.70.0.1"}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	pk := sendLoop(t, ns, banned, "10.250.0.1", stop, &wg)
	var asked, missed atomic.Int64
	repeat(&wg, stop, func() {
		for _, a := range banned {
			b.rmu.Lock()
			e, err := getElemOn(b.rraw, b.cfg.Table, setBanNet4, netip.MustParseAddr(a), false)
			b.rmu.Unlock()
			asked.Add(1)
			if err != nil || e == nil || e.IntervalEnd {
				missed.Add(1)
			}
		}
	})
	time.Sleep(50 * time.Millisecond)
	var held []time.Duration
	var took time.Duration // the rebuilds' calls, in all
	for range 20 {
		b.mu.Lock()
		t0 := time.Now()
		err := b.rebuildPlanned(ctx, map[string][]firewall.Ban{setBanNet4: nil, setBanNet6: nil})
		held = append(held, time.Since(t0))
		took += held[len(held)-1]
		b.mu.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	close(stop)
	wg.Wait()
	slices.Sort(held)
	t.Logf("20 rebuilds (median %s); packets from banned addresses %d sent, %d through; from the control %d through; kernel asked %d times, %d missed",
		held[len(held)/2], pk.sent.Load(), pk.banned.Load(), pk.control.Load(), asked.Load(), missed.Load())
	if n := pk.banned.Load(); n != 0 {
		t.Errorf("%d packets from banned addresses got through during the rebuilds", n)
	}
	if pk.control.Load() == 0 || pk.sent.Load() == 0 {
		t.Errorf("no packet from the control address got through: the check cannot see a leak")
	}
	if n := missed.Load(); n != 0 || asked.Load() == 0 {
		t.Errorf("the kernel missed a banned address %d times of %d during the rebuilds", n, asked.Load())
	}

	read := time.Now()
	got := ranges(t, b, setBanNet4)
	for k, v := range ranges(t, b, setBanNet6) {
		got[k] = v
	}
	// ranges dates a deadline from after its dump: late by up to the read.
	late, early := rebuildDrift(took, len(held))+time.Since(read), rebuildDrift(took, len(held))
	for first, w := range want {
		g, ok := got[first]
		delete(got, first)
		switch {
		case !ok:
			t.Errorf("live range %s-%s is gone", first, w.last)
		case g.last != w.last:
			t.Errorf("range from %s ends at %s, want %s", first, g.last, w.last)
		case w.until.IsZero() && !g.until.IsZero():
			t.Errorf("range from %s without a timeout now expires at %s", first, g.until)
		case !w.until.IsZero() && (g.until.Sub(w.until) > w.slack+late || w.until.Sub(g.until) > early):
			t.Errorf("range from %s expires %s from its deadline (known to %s; the %d rebuilds took %s, may move it %s later or %s earlier)",
				first, g.until.Sub(w.until), w.slack, len(held), took, late, early)
		}
	}
	for first, g := range got {
		t.Errorf("after the rebuilds a range %s-%s is left that was not live", first, g.last)
	}
	noDrift(t, b, "after the rebuilds")

	// A rebuild with a ban in: the plan is made over what is live.
	wide := netip.MustParsePrefix("10.20.0.0/16")
	b.mu.Lock()
	err := b.rebuildPlanned(ctx, map[string][]firewall.Ban{setBanNet4: {{Prefix: wide, Timeout: 2 * time.Hour}}})
	b.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	covered(t, b, "10.20.7.9", wide)
	covered(t, b, "10.3.0.5", netip.MustParsePrefix("10.3.0.4/30"))
	noDrift(t, b, "after a rebuild with a ban")
}

// kernelTick is the coarsest tick the kernel keeps a set element's
// deadline in (jiffies at HZ=100): a timeout written is cut to whole ticks,
// and counted from the tick the commit falls in.
const kernelTick = 10 * time.Millisecond

// rebuildDrift bounds how far n rebuilds that took `took` in all can move a
// range's deadline, either way. A rebuild dates the time left it dumps from
// the dump's start (early by up to the dump), and the kernel counts the
// time left it writes from the commit (late by up to the time from the
// plan to the commit): both inside the call, so each rebuild moves a
// deadline by less than it took, plus 2 ticks (the read's and the write's
// rounding). The drift is real and adds up: at load 35 under -race, 20
// rebuilds that took ~3 s moved deadlines 1.1 s later, past the fixed ±1 s
// this test asserted before. A rebuild that wrote back the whole timeout
// instead of the time left (kernelRanges dating e.Timeout) moves it by the
// time since the ban less the dumps: 0.74-1.07 s more than took at load 30
// (the test's sleeps before the rebuilds are 1.25 s), past the 2(n+1) ticks
// allowed (0.42 s): it failed 3 of 3 runs, ~950 ranges each.
func rebuildDrift(took time.Duration, n int) time.Duration {
	return took + time.Duration(2*(n+1))*kernelTick
}

// ranges reads an interval set's ranges by first address, requiring every
// start to be followed by its end.
func ranges(t *testing.T, b *Backend, set string) map[netip.Addr]wantRange {
	t.Helper()
	elems := sortedDump(t, b, set)
	now := time.Now()
	out := map[netip.Addr]wantRange{}
	for i := 0; i < len(elems); i++ {
		s := elems[i]
		if s.IntervalEnd || i+1 == len(elems) || !elems[i+1].IntervalEnd {
			t.Errorf("%s: element %s (end %v) is not a start followed by an end", set, keyAddr(s.Key), s.IntervalEnd)
			continue
		}
		w := wantRange{last: keyAddr(elems[i+1].Key).Prev()}
		if s.Timeout > 0 {
			w.until = now.Add(s.Expires)
		}
		out[keyAddr(s.Key)] = w
		i++
	}
	return out
}

// packets counts what a listener in a namespace receives.
type packets struct {
	sent, banned, control atomic.Int64
}

// sendLoop sends UDP packets from each banned address and from control
// (all put on the namespace's loopback) to a listener there, until stop,
// and counts those that arrive.
func sendLoop(t *testing.T, ns *netnstest.NS, banned []string, control string, stop chan struct{}, wg *sync.WaitGroup) *packets {
	t.Helper()
	var l *net.UDPConn
	var senders []*net.UDPConn
	err := ns.Do(func() error {
		var err error
		if l, err = net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)}); err != nil {
			return err
		}
		for _, a := range append([]string{control}, banned...) {
			if _, err := ns.Output("ip", "addr", "add", a+"/32", "dev", "lo"); err != nil {
				return err
			}
			c, err := net.DialUDP("udp4", &net.UDPAddr{IP: net.ParseIP(a)}, l.LocalAddr().(*net.UDPAddr))
			if err != nil {
				return fmt.Errorf("socket from %s: %w", a, err)
			}
			senders = append(senders, c)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		l.Close()
		for _, c := range senders {
			c.Close()
		}
	})
	p := &packets{}
	repeat(wg, stop, func() {
		for _, c := range senders {
			if _, err := c.Write([]byte("x")); err == nil {
				p.sent.Add(1)
			}
		}
	})
	ctl := netip.MustParseAddr(control)
	buf := make([]byte, 16)
	repeat(wg, stop, func() {
		l.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
		_, from, err := l.ReadFromUDPAddrPort(buf)
		switch {
		case err != nil:
		case from.Addr().Unmap() == ctl:
			p.control.Add(1)
		default:
			p.banned.Add(1)
		}
	})
	return p
}

// repeat runs fn on a goroutine of wg again and again until stop closes.
func repeat(wg *sync.WaitGroup, stop <-chan struct{}, fn func()) {
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
				fn()
			}
		}
	})
}

// BenchmarkRebuild times rebuildPlanned (with the backend's lock held)
// over an interval set of 1,000 to 50,000 /24s, against a plan over the
// same set (the retry it follows): the cost of the last resort at scale.
func BenchmarkRebuild(bm *testing.B) {
	for _, held := range []int{1000, 10_000, 50_000, 150_000} {
		netnstest.Require(bm, "nft")
		b := open(bm, netnstest.New(bm), nil).(*Backend)
		if err := b.Ban(bm.Context(), nets24(20, held)); err != nil {
			bm.Fatal(err)
		}
		for name, do := range map[string]func(context.Context) error{
			"rebuild": func(ctx context.Context) error {
				return b.rebuildPlanned(ctx, map[string][]firewall.Ban{setBanNet4: nil})
			},
			"plan": func(ctx context.Context) error {
				return b.banPlanned(ctx, map[string][]firewall.Ban{setBanNet4: {{Prefix: netip.MustParsePrefix("10.250.0.0/24"), Timeout: time.Hour}}})
			},
		} {
			bm.Run(fmt.Sprintf("held=%d/%s", held, name), func(bm *testing.B) {
				c0 := cpuTime()
				var held time.Duration
				for bm.Loop() {
					// b.mu held, as Ban holds it: a rebuild releases
					// it while it dumps the sets.
					_, h, err := lockHeld(b, func() error { return do(bm.Context()) })
					if err != nil {
						bm.Fatal(err)
					}
					held += h
				}
				bm.ReportMetric(float64((cpuTime()-c0).Microseconds())/1000/float64(bm.N), "cpu-ms/op")
				bm.ReportMetric(float64(held.Microseconds())/1000/float64(bm.N), "mu-held-ms/op")
			})
		}
	}
}
