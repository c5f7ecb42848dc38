//go:build linux

package nft

import (
	"context"
	"errors"
	"log/slog"
	"net/netip"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/nftables"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// Tests from the review of 9dafd5a (the rebuild of a refused planned ban),
// brought in with the fixes: each failed at 9dafd5a.

// logCatch records log messages so a test can tell a rebuild ran.
type logCatch struct {
	mu   sync.Mutex
	msgs []string
}

func (l *logCatch) Enabled(context.Context, slog.Level) bool { return true }
func (l *logCatch) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	l.msgs = append(l.msgs, r.Message)
	l.mu.Unlock()
	return nil
}
func (l *logCatch) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logCatch) WithGroup(string) slog.Handler      { return l }
func (l *logCatch) saw(s string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, m := range l.msgs {
		if strings.Contains(m, s) {
			return true
		}
	}
	return false
}

// forceRebuild triggers rebuildPlanned through the public Ban path, as
// BenchmarkBanOverLingering does: a /16 over 20 expired /24s right after
// a collection. It fails the test when no rebuild ran.
func forceRebuild(t *testing.T, b *Backend, second byte) {
	t.Helper()
	lc := &logCatch{}
	old := b.log
	b.log = slog.New(lc)
	defer func() { b.log = old }()
	ctx := context.Background()
	for try := 0; try < 5 && !lc.saw("rebuilding"); try++ {
		time.Sleep(1100 * time.Millisecond)
		mustBan(t, b, firewall.Ban{Prefix: netip.MustParsePrefix("203.0.113.0/24"), Timeout: time.Hour})
		var short []firewall.Ban
		for j := range 20 {
			short = append(short, firewall.Ban{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{172, second + byte(try), byte(2 * j), 0}), 24), Timeout: 50 * time.Millisecond})
		}
		mustBan(t, b, short...)
		time.Sleep(200 * time.Millisecond)
		if err := b.Ban(ctx, []firewall.Ban{{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{172, second + byte(try), 0, 0}), 16), Timeout: time.Hour}}); err != nil {
			t.Fatal(err)
		}
	}
	if !lc.saw("rebuilding") {
		t.Fatal("no rebuild ran")
	}
}

func held4(t *testing.T, b *Backend, a string) netip.Addr {
	t.Helper()
	b.rmu.Lock()
	defer b.rmu.Unlock()
	e, err := getElemOn(b.rraw, b.cfg.Table, setBanNet4, netip.MustParseAddr(a), false)
	if err != nil {
		t.Fatal(err)
	}
	if e == nil || e.IntervalEnd {
		return netip.Addr{}
	}
	return keyAddr(e.Key)
}

// TestReviewRebuildShrinksHandWidened: the operator replaces the daemon's
// /24 by a permanent /16 starting at the same address (delete + add, as
// the kernel refuses the overlap). At 9dafd5a the record's /24 won in
// liveRanges (recorded[start] hid the kernel's range), and the rebuild
// wrote the /24 with the record's timeout: 10.9.1.0-10.9.255.255 were
// unbanned.
func TestReviewRebuildShrinksHandWidened(t *testing.T) {
	ns, b, _ := freshBackend(t)
	mustBan(t, b, firewall.Ban{Prefix: netip.MustParsePrefix("10.9.0.0/24"), Timeout: time.Hour})
	ns.Run(t, "nft", "delete", "element", "inet", "guardctl", "bannet4", "{ 10.9.0.0/24 }")
	ns.Run(t, "nft", "add", "element", "inet", "guardctl", "bannet4", "{ 10.9.0.0/16 }")
	if s := held4(t, b, "10.9.200.1"); !s.IsValid() {
		t.Fatal("setup: 10.9.200.1 not blocked")
	}
	forceRebuild(t, b, 100)
	if s := held4(t, b, "10.9.200.1"); !s.IsValid() {
		t.Errorf("10.9.200.1 (inside the permanent 10.9.0.0/16 added by hand) passes after a rebuild")
	}
}

func writeFile(p, s string) error { return os.WriteFile(p, []byte(s), 0o600) }

// handAdd commits one /24 with a 1h timeout on the census socket: another
// writer of the table (an operator's nft, a second process).
func handAdd(b *Backend, a netip.Addr) error {
	tx := b.tx()
	tx.elements(opAdd, setBanNet4, []firewall.Ban{{Prefix: netip.PrefixFrom(a, 24), Timeout: time.Hour}}, true)
	b.rmu.Lock()
	defer b.rmu.Unlock()
	return tx.send(context.Background(), b.rraw)
}

// rebuildUnder runs rebuildPlanned with b.mu held, as Ban does. While
// another process commits, a rebuild may end in errStale (each of its
// reads was overtaken): nothing was written, and that is no failure.
func rebuildUnder(t *testing.T, b *Backend, ctx context.Context) (stale bool) {
	t.Helper()
	b.mu.Lock()
	err := b.rebuildPlanned(ctx, map[string][]firewall.Ban{setBanNet4: nil})
	b.mu.Unlock()
	if errors.Is(err, errStale) {
		return true
	}
	if err != nil {
		t.Fatal(err)
	}
	return false
}

// rebuildsDuring runs 3 rebuilds while another socket hand-adds /24s
// (handAdd) at the addresses at(i), i < n, pausing after each, then one
// after the adds, which must go in. It returns the ranges added by hand.
func rebuildsDuring(t *testing.T, b *Backend, ctx context.Context, n int, pause time.Duration, at func(i int) []netip.Addr) []netip.Addr {
	t.Helper()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var added []netip.Addr
	wg.Go(func() {
		for i := range n {
			select {
			case <-stop:
				return
			default:
			}
			for _, a := range at(i) {
				if handAdd(b, a) == nil {
					added = append(added, a)
				}
			}
			time.Sleep(pause)
		}
	})
	time.Sleep(100 * time.Millisecond)
	stale := 0
	for range 3 {
		if rebuildUnder(t, b, ctx) {
			stale++
		}
	}
	close(stop)
	wg.Wait()
	if rebuildUnder(t, b, ctx) {
		t.Fatal("a rebuild with nothing else committing was refused as stale")
	}
	t.Logf("%d ranges added by hand during 3 rebuilds, %d of which gave up as stale", len(added), stale)
	return added
}

// TestReviewRebuildLosesConcurrentHandAdds: the rebuild reads the set,
// then flushes and refills it in a later transaction; ranges another
// process added in between were flushed and not re-added (9dafd5a: 42 of
// 62). Now the transaction carries the generation of the read, and the
// kernel refuses it when anything committed since: every range added by
// hand is held afterwards, whether the rebuilds during the adds went in
// or gave up (errStale), and one after them goes in.
func TestReviewRebuildLosesConcurrentHandAdds(t *testing.T) {
	_, b, ctx := freshBackend(t)
	if err := b.Ban(ctx, nets24(20, 5000)); err != nil {
		t.Fatal(err)
	}
	added := rebuildsDuring(t, b, ctx, 4000, time.Millisecond, func(i int) []netip.Addr {
		return []netip.Addr{netip.AddrFrom4([4]byte{192, 168 + byte(i>>8), byte(i), 0})}
	})
	if lost := missingRanges(t, b, nets24(20, 5000), added); lost > 0 {
		t.Errorf("%d of %d ranges are gone or changed shape after rebuilds during hand adds", lost, 5000+len(added))
	}
}

// TestReviewRebuildDumpInconsistent: a dump taken while another socket
// commits restarts its walk per message and returns elements twice or not
// at all, with no NLM_F_DUMP_INTR. At 9dafd5a a start followed by a copy
// of itself became a range open to 255.255.255.255 that swallowed every
// range above it, and the flush removed the hand-added ranges the dump
// missed (15,614 of 20,000). Rebuilds during the adds must now either go
// in whole or write nothing.
func TestReviewRebuildDumpInconsistent(t *testing.T) {
	netnstest.Require(t, "nft")
	ns, b, ctx := freshBackend(t)
	// 5,000 hand-added /24s, not recorded (no List): ~10 dump messages.
	var sb strings.Builder
	for i := range 5000 {
		a := netip.AddrFrom4([4]byte{20, byte(i >> 8), byte(i), 0})
		sb.WriteString("add element inet guardctl bannet4 { " + a.String() + "/24 timeout 1h }\n")
	}
	f := t.TempDir() + "/hand.nft"
	if err := writeFile(f, sb.String()); err != nil {
		t.Fatal(err)
	}
	ns.Run(t, "nft", "-f", f)
	mustBan(t, b, firewall.Ban{Prefix: netip.MustParsePrefix("198.51.100.0/24"), Timeout: time.Hour})
	// Low and high keys around the hand ranges.
	added := rebuildsDuring(t, b, ctx, 2000, 0, func(i int) []netip.Addr {
		return []netip.Addr{netip.AddrFrom4([4]byte{1, byte(i >> 8), byte(i), 0}), netip.AddrFrom4([4]byte{250, byte(i >> 8), byte(i), 0})}
	})
	var hand []firewall.Ban
	for i := range 5000 {
		hand = append(hand, firewall.Ban{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{20, byte(i >> 8), byte(i), 0}), 24)})
	}
	if missing := missingRanges(t, b, hand, added); missing > 0 {
		t.Errorf("%d of %d ranges are gone or changed shape after rebuilds during hand adds", missing, 5000+len(added))
	}
	if bad := brokenRange(t, b, setBanNet4); bad.IsValid() {
		t.Errorf("the range starting at %s has no end element: every address from it to 255.255.255.255 is banned", bad)
	}
	if s := held4(t, b, "100.64.0.1"); s.IsValid() {
		t.Errorf("100.64.0.1, never banned by anyone, is blocked by the range from %s", s)
	}
}

// missingRanges counts the /24s of want and of added (starts) that the
// set does not hold as a range of their own: a start followed by its end,
// from one dump (20,000 lookups took seconds under -race).
func missingRanges(t *testing.T, b *Backend, want []firewall.Ban, added []netip.Addr) int {
	t.Helper()
	ends := map[netip.Addr]netip.Addr{}
	es := sortedDump(t, b, setBanNet4)
	for i, e := range es {
		if !e.IntervalEnd && i+1 < len(es) && es[i+1].IntervalEnd {
			ends[keyAddr(e.Key)] = keyAddr(es[i+1].Key)
		}
	}
	for _, x := range want {
		added = append(added, x.Prefix.Addr())
	}
	missing := 0
	for _, a := range added {
		if ends[a] != firewall.LastAddr(netip.PrefixFrom(a, 24)).Next() {
			missing++
		}
	}
	return missing
}

// TestStaleGenerationRefused: a transaction sent with the generation read
// before someone else's commit is refused whole (errStale), and the
// socket is left clean for the next one, which goes in.
func TestStaleGenerationRefused(t *testing.T) {
	_, b, ctx := freshBackend(t)
	gen, err := generation(b.raw)
	if err != nil {
		t.Fatal(err)
	}
	if err := handAdd(b, netip.MustParseAddr("10.1.0.0")); err != nil {
		t.Fatal(err)
	}
	add := func(genid uint32) error {
		tx := b.tx()
		tx.genid = genid
		tx.elements(opAdd, setBanNet4, []firewall.Ban{{Prefix: netip.MustParsePrefix("10.2.0.0/24"), Timeout: time.Hour}}, true)
		return tx.sendAtomic(ctx, b.raw)
	}
	if err := add(gen); !errors.Is(err, errStale) {
		t.Fatalf("sent with the generation from before another commit: %v, want ERESTART", err)
	}
	if s := held4(t, b, "10.2.0.1"); s.IsValid() {
		t.Fatalf("the refused transaction went in (range from %s)", s)
	}
	now, err := generation(b.raw)
	if err != nil || now == gen {
		t.Fatalf("generation after a commit: %d (before %d), %v", now, gen, err)
	}
	if err := add(now); err != nil {
		t.Fatalf("sent with the current generation: %v", err)
	}
	if s := held4(t, b, "10.2.0.1"); s != netip.MustParseAddr("10.2.0.0") {
		t.Fatalf("10.2.0.1 held by %v after the add", s)
	}
}

// TestKernelRangesDuplicates: a dump taken while something commits may
// hold an element twice, and miss the end after it. Each range must end
// before the next element above its start; only a start no element
// follows runs to the last address (at 9dafd5a a start and its copy made
// a range open to 255.255.255.255 over everything above it).
func TestKernelRangesDuplicates(t *testing.T) {
	el := func(a string, end bool) nftables.SetElement {
		e := nftables.SetElement{Key: netip.MustParseAddr(a).AsSlice(), IntervalEnd: end}
		if !end {
			e.Timeout, e.Expires = time.Hour, time.Hour
		}
		return e
	}
	raw := []nftables.SetElement{
		el("30.0.1.0", true), el("30.0.0.0", false),
		el("20.0.0.0", false), el("20.0.0.0", false), // its end missed
		el("10.0.1.0", true), el("10.0.0.0", false), el("10.0.1.0", true), el("10.0.0.0", false),
		el("250.0.0.0", false),
	}
	at := time.Now()
	var got []string
	for _, r := range kernelRanges(raw, at) {
		got = append(got, r.first.String()+"-"+r.last.String())
		if !r.until.Equal(at.Add(time.Hour)) {
			t.Errorf("range from %s: deadline %s, want %s", r.first, r.until, at.Add(time.Hour))
		}
	}
	want := "10.0.0.0-10.0.0.255 20.0.0.0-29.255.255.255 30.0.0.0-30.0.0.255 250.0.0.0-255.255.255.255"
	if strings.Join(got, " ") != want {
		t.Errorf("kernelRanges = %s\nwant %s", strings.Join(got, " "), want)
	}
}

// TestPlanDuringHandAdds: a planned ban (a /16 over 256 hand-added /24s)
// is made from dumps too, and a dump taken while another socket commits
// holds elements twice or misses some. Each plan must go in as planned
// from a consistent read or write nothing (errStale), and leave every
// other range as it was.
func TestPlanDuringHandAdds(t *testing.T) {
	netnstest.Require(t, "nft")
	ns, b, ctx := freshBackend(t)
	var sb strings.Builder
	for i := range 5000 {
		sb.WriteString("add element inet guardctl bannet4 { " + netip.AddrFrom4([4]byte{20, byte(i >> 8), byte(i), 0}).String() + "/24 timeout 1h }\n")
	}
	f := t.TempDir() + "/hand.nft"
	if err := writeFile(f, sb.String()); err != nil {
		t.Fatal(err)
	}
	ns.Run(t, "nft", "-f", f)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var added []netip.Addr
	wg.Go(func() {
		for i := range 2000 {
			select {
			case <-stop:
				return
			default:
			}
			for _, a := range []netip.Addr{netip.AddrFrom4([4]byte{1, byte(i >> 8), byte(i), 0}), netip.AddrFrom4([4]byte{250, byte(i >> 8), byte(i), 0})} {
				if handAdd(b, a) == nil {
					added = append(added, a)
				}
			}
		}
	})
	time.Sleep(100 * time.Millisecond)
	in := map[byte]bool{}
	t0 := time.Now()
	for k := range byte(3) {
		err := b.Ban(ctx, []firewall.Ban{{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{20, k, 0, 0}), 16), Timeout: 2 * time.Hour}})
		if err != nil && !errors.Is(err, errStale) {
			t.Fatalf("ban 20.%d.0.0/16: %v", k, err)
		}
		in[k] = err == nil
	}
	close(stop)
	wg.Wait()
	t.Logf("%d ranges added by hand during 3 planned bans (%s); went in: %v", len(added), time.Since(t0), in)
	for k := range byte(3) {
		want := netip.AddrFrom4([4]byte{20, k, 200, 0})
		if in[k] {
			want = netip.AddrFrom4([4]byte{20, k, 0, 0})
		}
		if s := held4(t, b, netip.AddrFrom4([4]byte{20, k, 200, 1}).String()); s != want {
			t.Errorf("20.%d.200.1 held by the range from %v, want %s", k, s, want)
		}
	}
	var rest []firewall.Ban // the hand ranges no /16 covers
	for i := 3 * 256; i < 5000; i++ {
		rest = append(rest, firewall.Ban{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{20, byte(i >> 8), byte(i), 0}), 24)})
	}
	if missing := missingRanges(t, b, rest, added); missing > 0 {
		t.Errorf("%d ranges added by hand are gone or changed", missing)
	}
	if bad := brokenRange(t, b, setBanNet4); bad.IsValid() {
		t.Errorf("the range starting at %s has no end element", bad)
	}
	if s := held4(t, b, "100.64.0.1"); s.IsValid() {
		t.Errorf("100.64.0.1, never banned, is blocked by the range from %s", s)
	}
}

// TestRebuildDumpsWithoutLock: the rebuild's dumps, most of its time
// (seconds at 150,000 ranges: review of 9dafd5a), are taken with b.mu
// released, so lookups and the census go on meanwhile; the rebuild still
// leaves every range in place.
func TestRebuildDumpsWithoutLock(t *testing.T) {
	_, b, ctx := freshBackend(t)
	if err := b.Ban(ctx, nets24(20, 10000)); err != nil {
		t.Fatal(err)
	}
	total, held, err := lockHeld(b, func() error {
		return b.rebuildPlanned(ctx, map[string][]firewall.Ban{setBanNet4: nil})
	})
	if err != nil {
		t.Fatal(err)
	}
	if held >= total {
		t.Error("b.mu was held throughout the rebuild")
	}
	if n := missingRanges(t, b, nets24(20, 10000), nil); n > 0 {
		t.Errorf("%d ranges gone or changed after the rebuild", n)
	}
}

// lockHeld runs fn with b.mu held, as Ban does, and returns how long it
// took and about how long b.mu stayed held: all of it less the time from
// the first to the last moment another goroutine, trying every 200 us,
// found b.mu free while fn ran.
func lockHeld(b *Backend, fn func() error) (total, held time.Duration, err error) {
	locked, done := make(chan struct{}), make(chan error, 1)
	var inside atomic.Bool // set only while fn runs
	go func() {
		b.mu.Lock()
		inside.Store(true)
		close(locked)
		t0 := time.Now()
		err := fn()
		total = time.Since(t0)
		inside.Store(false)
		b.mu.Unlock()
		done <- err
	}()
	<-locked
	var first, last time.Time
	for {
		select {
		case err := <-done:
			return total, total - last.Sub(first), err
		default:
		}
		if b.mu.TryLock() {
			if inside.Load() { // not after fn's own Unlock
				if first.IsZero() {
					first = time.Now()
				}
				last = time.Now()
			}
			b.mu.Unlock()
		}
		time.Sleep(200 * time.Microsecond)
	}
}
