//go:build linux

package nft

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/internal/netnstest"
)

// otherTable creates table inet other with a set s, as another program's
// (an unrelated firewall manager), and returns a socket of its own to
// commit to it, closed when the test ends.
func otherTable(t testing.TB, ns *netnstest.NS, b *Backend) *netlink.Conn {
	t.Helper()
	ns.Run(t, "nft", "add table inet other; add set inet other s { type ipv4_addr; flags timeout; }")
	conn, err := b.dial()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// foreignWriter commits one element to the other table (otherTable) every
// period until stop, which returns how many commits it made.
func foreignWriter(t testing.TB, ns *netnstest.NS, b *Backend, every time.Duration) (stop func() int) {
	t.Helper()
	conn := otherTable(t, ns, b)
	done := make(chan struct{})
	var n atomic.Int64
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			case <-time.After(every):
			}
			if foreignAdd(conn, i) == nil {
				n.Add(1)
			}
		}
	})
	var once sync.Once
	stop = func() int {
		once.Do(func() { close(done); wg.Wait() })
		return int(n.Load())
	}
	t.Cleanup(func() { stop() })
	return stop
}

// raced stops the writer (foreignWriter) and fails the test unless the
// log has the message that says a transaction was refused for the other
// table's commits: else the test proved nothing. The refusal is the
// proof; the count of commits is only printed (on a loaded machine the
// writer made 4 in a run whose Unban still met one: CI at load 48
// failed TestUnbanBesideForeignWriter on the count alone).
func raced(t testing.TB, stop func() int, lc *logCatch, what string) {
	t.Helper()
	if c := stop(); !lc.saw(what) {
		t.Errorf("no transaction was refused for the other table's %d commits (no %q in the log): the test proves nothing", c, what)
	}
}

// foreignAdd commits element i to inet other's set s on conn.
func foreignAdd(conn *netlink.Conn, i int) error {
	tx := &txBuilder{family: unix.NFPROTO_INET, table: "other"}
	a := netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
	tx.elements(opAdd, "s", []firewall.Ban{{Prefix: netip.PrefixFrom(a, 32), Timeout: time.Hour}}, false)
	return tx.send(context.Background(), conn)
}

// TestPlanBesideForeignWriter: the generation counts the commits of every
// table in the namespace, so while another program committed to a table of
// its own more often than the plan's dump took, every try of a planned ban
// was stale and it failed, over and over (review of 512cd61: a /16 over
// banned /24s beside 50,000 went in 0 of 10 times with a writer every
// 100 ms; this test failed at 0601827 on its first ban, "the ruleset
// changed during each of 5 reads"). Commits to other tables must not make
// a plan or a rebuild stale, and the resend must have been needed.
//
// The writer commits every quarter of a rebuild's time, measured here
// before it starts: a rebuild meets ~4 of its commits, a plan's dump one or
// more, so without the guard the reads go stale and the test fails (the
// guard's harmless() made false: "our table changed ... during each of 5
// reads"); raced() requires a resend. A resend is refused when a commit
// lands in its window, from its read of the generation to the kernel's
// check, which holds the marshalling and copy of the whole transaction:
// for this rebuild (20,000 ranges, 22 messages, 1.25 MB) the send took
// 60-310 ms (p10-p90) at load 30 under -race. A fixed 20 ms period made
// all 8 resends of all 5 reads lose there: "gave up as stale" in 7 of 10
// runs, while the guard read every commit right. The window scales with
// the machine's speed as a rebuild does; that a rebuild cannot go in
// beside a writer committing more often than its transaction takes to
// send is the code's limit (state-coord.md, session 15), not this test's.
func TestPlanBesideForeignWriter(t *testing.T) {
	netnstest.Require(t, "nft")
	ns, b, ctx := freshBackend(t)
	const n = 20000
	if err := b.Ban(ctx, nets24(20, n)); err != nil {
		t.Fatal(err)
	}
	lc := &logCatch{}
	var debug lockedLog
	b.log = slog.New(teeHandler{lc, slog.NewTextHandler(&debug, &slog.HandlerOptions{Level: slog.LevelDebug})})
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("the backend's log:\n%s", debug.String())
		}
	})
	t0 := time.Now()
	if rebuildUnder(t, b, ctx) {
		t.Fatal("a rebuild with no other writer was stale")
	}
	every := max(20*time.Millisecond, time.Since(t0)/4)
	stop := foreignWriter(t, ns, b, every)
	time.Sleep(50 * time.Millisecond)
	k := byte(0)
	for ; k < 2 || k < 5 && !lc.saw("sending again"); k++ {
		t0 := time.Now()
		wide := netip.PrefixFrom(netip.AddrFrom4([4]byte{20, k, 0, 0}), 16)
		if err := b.Ban(ctx, []firewall.Ban{{Prefix: wide, Timeout: 2 * time.Hour}}); err != nil {
			t.Fatalf("ban %s beside %d /24s while another table changes every %s: %v (%s)", wide, n, every, err, time.Since(t0))
		}
		t.Logf("ban %s: %s", wide, time.Since(t0))
		if s := held4(t, b, netip.AddrFrom4([4]byte{20, k, 77, 1}).String()); s != wide.Addr() {
			t.Errorf("20.%d.77.1 is held by the range from %v, want %s", k, s, wide.Addr())
		}
	}
	if rebuildUnder(t, b, ctx) {
		t.Errorf("a rebuild beside the other table's writer (every %s) gave up as stale", every)
	}
	raced(t, stop, lc, "sending again")
	if bad := brokenRange(t, b, setBanNet4); bad.IsValid() {
		t.Errorf("the range starting at %s has no end element", bad)
	}
	// The dumps the plans and the rebuild were made from, during the other
	// table's commits, missed nothing: the rebuild flushed and refilled
	// the set from one.
	if lost := missingRanges(t, b, nets24(20, n)[256*int(k):], nil); lost > 0 {
		t.Errorf("%d of the /24s no /16 covers are gone or changed shape", lost)
	}
}

// BenchmarkPlanBesideForeignWriter: a /16 ban over 256 banned /24s (a
// plan) beside held /24s while another program commits one element to a
// table of its own every `every`: how many bans go in (in/op; review of
// 512cd61 at 0601827: 0 of 10 beside 50,000 with a writer every 100 ms, 0
// of 5 beside 150,000 with one every second), their wall and CPU time
// (the writer's one commit per period included). A failed ban does not
// stop the run. -benchtime=10x for ten tries.
func BenchmarkPlanBesideForeignWriter(bm *testing.B) {
	for _, c := range []struct {
		held  int
		every time.Duration
	}{{50_000, 100 * time.Millisecond}, {50_000, 20 * time.Millisecond}, {150_000, time.Second}} {
		bm.Run(fmt.Sprintf("held=%d/every=%s", c.held, c.every), func(bm *testing.B) {
			netnstest.Require(bm, "nft")
			ns := netnstest.New(bm)
			b := open(bm, ns, nil).(*Backend)
			ctx := bm.Context()
			if err := b.Ban(ctx, nets24(20, c.held)); err != nil {
				bm.Fatal(err)
			}
			stop := foreignWriter(bm, ns, b, c.every)
			in, k := 0, 0
			var cpu time.Duration
			var lastErr error
			for bm.Loop() {
				wide := netip.PrefixFrom(netip.AddrFrom4([4]byte{20, byte(k), 0, 0}), 16)
				k++
				c0 := cpuTime()
				err := b.Ban(ctx, []firewall.Ban{{Prefix: wide, Timeout: 2 * time.Hour}})
				cpu += cpuTime() - c0
				if err == nil {
					in++
				} else {
					lastErr = err
				}
			}
			commits := stop()
			bm.ReportMetric(float64(in)/float64(bm.N), "in/op")
			bm.ReportMetric(float64(cpu.Microseconds())/1000/float64(bm.N), "cpu-ms/op")
			bm.Logf("%d of %d bans went in; the other table took %d commits; last error: %v", in, bm.N, commits, lastErr)
		})
	}
}

// mustGuard opens a guard on b.raw (the caller holds b.mu) that reads
// events, or fails the test; the caller closes it.
func mustGuard(t *testing.T, b *Backend) *genGuard {
	t.Helper()
	g, err := b.openGuard(b.raw)
	if err != nil {
		t.Fatal(err)
	}
	if g.conn == nil {
		g.close()
		t.Fatal("no event socket")
	}
	return g
}

// TestGuardOwnTable: the guard lets a transaction through the other
// tables' commits only. One committed to our table by another socket
// between the read and the send (a hand-added range), or events the
// guard's socket dropped, keep the strict answer: refused, nothing
// written, read again.
func TestGuardOwnTable(t *testing.T) {
	netnstest.Require(t, "nft")
	ns, b, ctx := freshBackend(t)
	other := otherTable(t, ns, b)
	var why string // the last guard's reason to be strict
	send := func(between func(g *genGuard), a netip.Addr) error {
		t.Helper()
		b.mu.Lock()
		defer b.mu.Unlock()
		g := mustGuard(t, b)
		defer g.close()
		between(g)
		tx := b.tx()
		tx.elements(opAdd, setBanNet4, []firewall.Ban{{Prefix: netip.PrefixFrom(a, 24), Timeout: time.Hour}}, true)
		err := b.sendGuarded(ctx, tx, g)
		why = g.why
		return err
	}
	foreign := func(i int) {
		if err := foreignAdd(other, i); err != nil {
			t.Fatal(err)
		}
	}

	a := netip.MustParseAddr("10.2.0.0")
	if err := send(func(*genGuard) { foreign(1); foreign(2) }, a); err != nil {
		t.Fatalf("sent after commits to another table only: %v", err)
	}
	if s := held4(t, b, "10.2.0.1"); s != a {
		t.Errorf("10.2.0.1 held by %v, want %s", s, a)
	}

	a = netip.MustParseAddr("10.4.0.0")
	err := send(func(*genGuard) {
		foreign(3)
		if err := handAdd(b, netip.MustParseAddr("10.3.0.0")); err != nil {
			t.Fatal(err)
		}
		foreign(4)
	}, a)
	if !errors.Is(err, errStale) {
		t.Errorf("sent after another socket's commit to our table: %v, want errStale", err)
	}
	if s := held4(t, b, "10.4.0.1"); s.IsValid() {
		t.Errorf("the refused transaction went in (range from %s)", s)
	}
	if s := held4(t, b, "10.3.0.1"); s != netip.MustParseAddr("10.3.0.0") {
		t.Errorf("the hand-added range is gone (10.3.0.1 held by %v)", s)
	}

	// Events lost: the guard's socket is shrunk to the kernel's minimum,
	// and one commit to the other table of 2,000 elements overflows it.
	err = send(func(g *genGuard) {
		rc, err := g.conn.SyscallConn()
		if err != nil {
			t.Fatal(err)
		}
		rc.Control(func(fd uintptr) { _ = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_RCVBUF, 0) })
		tx := &txBuilder{family: unix.NFPROTO_INET, table: "other"}
		var many []firewall.Ban
		for i := range 2000 {
			many = append(many, firewall.Ban{Prefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{11, 0, byte(i >> 8), byte(i)}), 32), Timeout: time.Hour})
		}
		tx.elements(opAdd, "s", many, false)
		if err := tx.send(ctx, other); err != nil {
			t.Fatal(err)
		}
	}, a)
	if !errors.Is(err, errStale) {
		t.Errorf("sent although the guard lost events: %v, want errStale", err)
	}
	// Strict because the events were lost, not because the wait for them
	// ran out (which would hide a guard that reads past ENOBUFS).
	if !strings.Contains(why, "no buffer space") {
		t.Errorf("the guard was strict for %q, want the lost events (ENOBUFS)", why)
	}
	if s := held4(t, b, "10.4.0.1"); s.IsValid() {
		t.Errorf("the refused transaction went in (range from %s)", s)
	}

	// Another socket's host ban and unban (hash set ban4 of our table):
	// no guarded transaction reads or writes ban4, so it goes in.
	hosts := func(op elemOp, sets ...string) {
		tx := b.tx()
		for _, set := range sets {
			p := netip.MustParsePrefix("192.0.2.7/32")
			if set == setBanNet6 {
				p = netip.MustParsePrefix("2001:db8::/48")
			}
			tx.elements(op, set, []firewall.Ban{{Prefix: p, Timeout: time.Hour}}, isInterval(set))
		}
		b.rmu.Lock()
		defer b.rmu.Unlock()
		if err := tx.send(ctx, b.rraw); err != nil {
			t.Fatal(err)
		}
	}
	a = netip.MustParseAddr("10.5.0.0")
	if err := send(func(*genGuard) { hosts(opAdd, setBan4); foreign(5); hosts(opDestroy, setBan4) }, a); err != nil {
		t.Errorf("sent after a host ban and unban in ban4 only: %v (%s)", err, why)
	}
	if s := held4(t, b, "10.5.0.1"); s != a {
		t.Errorf("10.5.0.1 held by %v, want %s", s, a)
	}
	// One commit to ban4 and to bannet6: the interval set keeps it strict.
	a = netip.MustParseAddr("10.6.0.0")
	err = send(func(*genGuard) { hosts(opAdd, setBan4, setBanNet6) }, a)
	if !errors.Is(err, errStale) || !strings.Contains(why, "changed our table") {
		t.Errorf("sent after a commit to ban4 and bannet6: %v (%q), want errStale", err, why)
	}
	if s := held4(t, b, "10.6.0.1"); s.IsValid() {
		t.Errorf("the refused transaction went in (range from %s)", s)
	}
}

// TestGuardCatchUp: after other tables' commits catchUp brings the guard
// to the current generation (a send with it then goes in); after a
// commit to our interval set it says stale.
func TestGuardCatchUp(t *testing.T) {
	netnstest.Require(t, "nft")
	ns, b, ctx := freshBackend(t)
	other := otherTable(t, ns, b)
	b.mu.Lock()
	defer b.mu.Unlock()
	g := mustGuard(t, b)
	defer g.close()
	for i := range 3 {
		if err := foreignAdd(other, i); err != nil {
			t.Fatal(err)
		}
	}
	ok, err := b.catchUp(ctx, g)
	now, gerr := generation(b.raw)
	if !ok || err != nil || gerr != nil || g.gen != now {
		t.Fatalf("catchUp after other tables' commits = %v, %v; guard at %d, generation %d (%v)", ok, err, g.gen, now, gerr)
	}
	tx := b.tx()
	tx.elements(opAdd, setBanNet4, []firewall.Ban{{Prefix: netip.MustParsePrefix("10.7.0.0/24"), Timeout: time.Hour}}, true)
	tx.genid = g.gen
	if err := tx.sendAtomic(ctx, b.raw); err != nil {
		t.Fatalf("a send with the generation caught up to: %v", err)
	}
	ns.Run(t, "nft", "add element inet guardctl bannet4 { 10.8.0.0/24 }")
	if ok, err := b.catchUp(ctx, g); ok || err != nil {
		t.Errorf("catchUp after a commit to bannet4 = %v, %v; want stale", ok, err)
	}
}

// TestGuardHonorsContext: waiting for a generation's event (one that never
// comes here) ends with ctx, not a second later, and the guard is strict:
// the caller holds b.mu throughout.
func TestGuardHonorsContext(t *testing.T) {
	netnstest.Require(t, "nft")
	_, b, _ := freshBackend(t)
	b.mu.Lock()
	defer b.mu.Unlock()
	g := mustGuard(t, b)
	defer g.close()
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	t0 := time.Now()
	ok := g.advance(ctx, nextGen(g.gen))
	if took := time.Since(t0); ok || took > eventWait/2 {
		t.Errorf("advance past a cancelled context: %v after %s (%q)", ok, took, g.why)
	}
	if !strings.Contains(g.why, "deadline exceeded") {
		t.Errorf("strict for %q, want the context's end", g.why)
	}
}

// TestRebuildBesideOwnHostBans: a rebuild dumps with b.mu released, and
// this daemon's Ban of single hosts goes in meanwhile, to hash set ban4 of
// our table. Counted as changes to our table, every read was stale and the
// rebuild gave up after 5 (review of 82d6265: 3 of 3 beside 60,000 /24s
// and a host ban every 200 ms). Nothing a rebuild reads or writes is in
// ban4: it must go in, and the host bans stay.
func TestRebuildBesideOwnHostBans(t *testing.T) {
	netnstest.Require(t, "nft")
	_, b, ctx := freshBackend(t)
	if err := b.Ban(ctx, nets24(20, 10000)); err != nil {
		t.Fatal(err)
	}
	lc := &logCatch{}
	b.log = slog.New(lc)
	done := make(chan struct{})
	var wg sync.WaitGroup
	var n atomic.Int64
	host := func(i int) netip.Prefix {
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{9, 0, byte(i >> 8), byte(i)}), 32)
	}
	wg.Go(func() {
		for i := 0; i < 1000; i++ {
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
			if i%4 == 3 { // and an unban now and then
				if b.Unban(ctx, []netip.Prefix{host(i - 1)}) != nil {
					continue
				}
			} else if b.Ban(ctx, []firewall.Ban{{Prefix: host(i), Timeout: time.Hour}}) != nil {
				continue
			}
			n.Add(1)
		}
	})
	time.Sleep(20 * time.Millisecond)
	for k := range 2 {
		before := n.Load()
		stale := rebuildUnder(t, b, ctx)
		during := n.Load() - before
		t.Logf("rebuild %d: stale %v; %d host bans and unbans went in during it", k, stale, during)
		if stale {
			t.Errorf("rebuild %d gave up as stale beside this daemon's own host bans (%d during it)", k, during)
		}
		if during < 2 {
			t.Errorf("rebuild %d: %d host bans went in during it; the test proves nothing", k, during)
		}
	}
	close(done)
	wg.Wait()
	if bad := brokenRange(t, b, setBanNet4); bad.IsValid() {
		t.Errorf("the range starting at %s has no end element", bad)
	}
	if lost := missingRanges(t, b, nets24(20, 10000), nil); lost > 0 {
		t.Errorf("%d of the /24s are gone or changed shape", lost)
	}
	got, err := b.Lookup(ctx, host(0))
	if err != nil || len(got) != 1 || got[0].Prefix != host(0) {
		t.Errorf("Lookup(%s) = %v, %v; the host ban is gone", host(0), got, err)
	}
}

// TestClearedBanGuard: a prefix ban that lookups found clear was sent
// without a generation, so a range another program committed between the
// lookups and the send went in beside it: a /25 sharing the new /24's end
// left two starts before one end (review of 512cd61, reproduced by calling
// the steps; at 0601827 this test found the range from 10.200.1.0 without
// its end). The send now carries the generation read before the lookups;
// stale, the lookups are made again under a guard: after a commit to
// another table the ban goes in as it is, after one to our table it is
// planned.
func TestClearedBanGuard(t *testing.T) {
	netnstest.Require(t, "nft")
	ns, b, ctx := freshBackend(t)
	other := otherTable(t, ns, b)
	mustBan(t, b, firewall.Ban{Prefix: netip.MustParsePrefix("198.51.100.0/24"), Timeout: time.Hour})
	lc := &logCatch{}
	b.log = slog.New(lc)
	// between runs Ban's steps with something committed between the
	// lookups and the send.
	between := func(p netip.Prefix, commit func() error) {
		t.Helper()
		b.mu.Lock()
		defer b.mu.Unlock()
		groups := group([]firewall.Ban{{Prefix: p, Timeout: 2 * time.Hour}})
		clear, gen, err := b.intervalsClear(groups)
		if err != nil || !clear || gen == 0 {
			t.Fatalf("intervalsClear(%s) = %v, %v, %v; want clear by lookups", p, clear, gen, err)
		}
		if err := commit(); err != nil {
			t.Fatal(err)
		}
		if err := b.banGroups(ctx, groups, clear, gen); err != nil {
			t.Fatal(err)
		}
	}

	between(netip.MustParsePrefix("10.100.0.0/24"), func() error { return foreignAdd(other, 1) })
	if s := held4(t, b, "10.100.0.1"); s != netip.MustParseAddr("10.100.0.0") {
		t.Errorf("10.100.0.1 held by the range from %v, want 10.100.0.0", s)
	}
	if !lc.saw("looking again") || lc.saw("planning") {
		t.Error("after another table's commit the cleared ban was not looked up again and sent as it was")
	}

	wide := netip.MustParsePrefix("10.200.1.0/24")
	between(wide, func() error { // another program's range in our set
		hand := b.tx()
		hand.elements(opAdd, setBanNet4, []firewall.Ban{{Prefix: netip.MustParsePrefix("10.200.1.128/25"), Timeout: time.Hour}}, true)
		b.rmu.Lock()
		defer b.rmu.Unlock()
		return hand.send(ctx, b.rraw)
	})
	if bad := brokenRange(t, b, setBanNet4); bad.IsValid() {
		t.Errorf("the range starting at %s has no end element", bad)
	}
	if s := held4(t, b, "10.200.1.200"); s != wide.Addr() {
		t.Errorf("10.200.1.200 held by the range from %v, want %s", s, wide.Addr())
	}
	if !lc.saw("planning") {
		t.Error("after a commit to our table the cleared ban was not planned")
	}
}

func genEvent(gen uint32) netlink.Message {
	return event(unix.NFT_MSG_NEWGEN, 5, unix.AF_UNSPEC, appendAttr(nil, unix.NFTA_GEN_ID, binary.BigEndian.AppendUint32(nil, gen)))
}

// TestGuardEvents: how the guard reads a stream of events that starts
// before its first read of the generation (10 here).
func TestGuardEvents(t *testing.T) {
	ours := event(unix.NFT_MSG_NEWSETELEM, 5, unix.NFPROTO_INET, appendAttr(nil, unix.NFTA_SET_ELEM_LIST_TABLE, cstring("guardctl")))
	theirs := event(unix.NFT_MSG_NEWSETELEM, 5, unix.NFPROTO_INET, appendAttr(nil, unix.NFTA_SET_ELEM_LIST_TABLE, cstring("other")))
	ipOurs := event(unix.NFT_MSG_NEWSETELEM, 5, unix.NFPROTO_IPV4, appendAttr(nil, unix.NFTA_SET_ELEM_LIST_TABLE, cstring("guardctl")))
	noTable := event(unix.NFT_MSG_NEWSETELEM, 5, unix.NFPROTO_INET, appendAttr(nil, unix.NFTA_SET_ELEM_LIST_SET, cstring("s")))
	elemOf := func(typ uint16, set string) netlink.Message {
		return event(typ, 5, unix.NFPROTO_INET, appendAttr(appendAttr(nil, unix.NFTA_SET_ELEM_LIST_TABLE, cstring("guardctl")), unix.NFTA_SET_ELEM_LIST_SET, cstring(set)))
	}
	hostBan, hostUnban, hostGone := elemOf(unix.NFT_MSG_NEWSETELEM, setBan4), elemOf(unix.NFT_MSG_DELSETELEM, setBan6), elemOf(msgDestroySetElem, setBan6Net64)
	listElem := elemOf(unix.NFT_MSG_NEWSETELEM, setAllow4)
	rangeIn, rangeOut := elemOf(unix.NFT_MSG_NEWSETELEM, setBanNet4), elemOf(unix.NFT_MSG_DELSETELEM, setBanNet6)
	// Built by hand, not by the parsing harmless does (FuzzGuardEvent's
	// check repeats it): the set named with NLA_F_NESTED set (the kernel's
	// nla_type drops the flag bits, as attrs does), the table named after
	// the set.
	nested := func(set string) netlink.Message {
		d := appendAttr(nil, unix.NFTA_SET_ELEM_LIST_TABLE, cstring("guardctl"))
		return event(unix.NFT_MSG_NEWSETELEM, 5, unix.NFPROTO_INET, appendAttr(d, unix.NFTA_SET_ELEM_LIST_SET|unix.NLA_F_NESTED, cstring(set)))
	}
	tableLast := func(table, set string) netlink.Message {
		d := appendAttr(nil, unix.NFTA_SET_ELEM_LIST_SET, cstring(set))
		return event(msgDestroySetElem, 5, unix.NFPROTO_INET, appendAttr(d, unix.NFTA_SET_ELEM_LIST_TABLE, cstring(table)))
	}
	newSet := event(unix.NFT_MSG_NEWSET, 5, unix.NFPROTO_INET, appendAttr(appendAttr(nil, unix.NFTA_SET_TABLE, cstring("guardctl")), unix.NFTA_SET_NAME, cstring(setBan4)))
	for _, c := range []struct {
		name  string
		ms    []netlink.Message
		clean bool // commits 11 and 12 proved to leave our table alone
	}{
		{"other tables", []netlink.Message{theirs, genEvent(11), ipOurs, theirs, genEvent(12)}, true},
		{"our table in commit 10, before the read", []netlink.Message{ours, genEvent(10), theirs, genEvent(11), genEvent(12)}, true},
		{"our table in commit 12", []netlink.Message{theirs, genEvent(11), ours, genEvent(12)}, false},
		{"commit 11 missing", []netlink.Message{theirs, genEvent(12)}, false},
		{"an event without a table", []netlink.Message{noTable, genEvent(11), genEvent(12)}, false},
		{"a generation without its id", []netlink.Message{event(unix.NFT_MSG_NEWGEN, 5, unix.AF_UNSPEC, nil), genEvent(11), genEvent(12)}, false},
		{"our host sets and an allow list", []netlink.Message{hostBan, theirs, genEvent(11), hostUnban, hostGone, listElem, genEvent(12)}, true},
		{"a range added to bannet4", []netlink.Message{hostBan, genEvent(11), rangeIn, genEvent(12)}, false},
		{"a range removed from bannet6 with a host ban", []netlink.Message{hostBan, rangeOut, genEvent(11), genEvent(12)}, false},
		{"a set of ours named like a host set", []netlink.Message{newSet, genEvent(11), genEvent(12)}, false},
		{"an element of ours without its set", []netlink.Message{ours, genEvent(11), genEvent(12)}, false},
		{"a host set named with NLA_F_NESTED", []netlink.Message{nested(setBan4), genEvent(11), genEvent(12)}, true},
		{"bannet4 named with NLA_F_NESTED", []netlink.Message{nested(setBanNet4), genEvent(11), genEvent(12)}, false},
		{"our table after a host set", []netlink.Message{tableLast("guardctl", setBan6), genEvent(11), genEvent(12)}, true},
		{"our table after bannet6", []netlink.Message{theirs, genEvent(11), tableLast("guardctl", setBanNet6), genEvent(12)}, false},
		{"another table after its bannet4", []netlink.Message{tableLast("other", setBanNet4), genEvent(11), genEvent(12)}, true},
	} {
		g := &genGuard{table: "guardctl", gen: 10, seen: 10}
		for _, m := range c.ms {
			g.event(m)
		}
		if got := !g.dirty && g.seen == 12; got != c.clean {
			t.Errorf("%s: clean %v, want %v", c.name, got, c.clean)
		}
	}
	g := &genGuard{table: "guardctl", gen: ^uint32(0), seen: ^uint32(0)}
	g.event(genEvent(1)) // the kernel skips 0
	if g.dirty || g.seen != 1 {
		t.Errorf("across the wrap: dirty %v, seen %d", g.dirty, g.seen)
	}
}

// FuzzGuardEvent: any multicast message is taken in without crashing, and
// one naming our table (family inet) counts as harmless only when it is an
// element event naming one of our sets other than bannet4 and bannet6.
// The check reads the attributes as harmless does; TestGuardEvents has
// hand-built ones (flag bits on the type, the table after the set).
func FuzzGuardEvent(f *testing.F) {
	f.Add(uint16(unix.NFT_MSG_NEWSETELEM), byte(unix.NFPROTO_INET), appendAttr(nil, 1, cstring("guardctl")))
	f.Add(uint16(unix.NFT_MSG_NEWSETELEM), byte(unix.NFPROTO_INET), appendAttr(appendAttr(nil, 1, cstring("guardctl")), 2, cstring("ban4")))
	f.Add(uint16(msgDestroySetElem), byte(unix.NFPROTO_INET), appendAttr(appendAttr(nil, 1, cstring("guardctl")), 2, cstring("bannet4")))
	f.Add(uint16(unix.NFT_MSG_NEWSETELEM), byte(unix.NFPROTO_INET), appendAttr(appendAttr(nil, 1, cstring("guardctl")), 2|unix.NLA_F_NESTED, cstring("bannet6")))
	f.Add(uint16(unix.NFT_MSG_DELSETELEM), byte(unix.NFPROTO_INET), appendAttr(appendAttr(nil, 2, cstring("bannet4")), 1, cstring("guardctl")))
	f.Add(uint16(unix.NFT_MSG_NEWGEN), byte(0), appendAttr(nil, unix.NFTA_GEN_ID, []byte{0, 0, 0, 11}))
	f.Add(uint16(unix.NFT_MSG_DELTABLE), byte(unix.NFPROTO_INET), []byte{8, 0, 1})
	f.Fuzz(func(t *testing.T, typ uint16, family byte, data []byte) {
		m := event(typ&0xff, 5, family, data)
		g := &genGuard{table: "guardctl", gen: 10, seen: 10}
		g.event(m)
		if typ&0xff == unix.NFT_MSG_NEWGEN {
			return
		}
		var table, set []byte
		var hasTable, hasSet bool
		_ = attrs(data, func(typ uint16, v []byte) error {
			switch {
			case typ == 1 && !hasTable:
				table, hasTable = v, true
			case typ == 2 && !hasSet:
				set, hasSet = v, true
			}
			return nil
		})
		if family != unix.NFPROTO_INET || string(trimNUL(table)) != "guardctl" || !g.harmless(m) {
			return
		}
		switch typ & 0xff {
		case unix.NFT_MSG_NEWSETELEM, unix.NFT_MSG_DELSETELEM, msgDestroySetElem:
			if name := string(trimNUL(set)); hasSet && name != "" && !isInterval(name) {
				return
			}
		}
		t.Errorf("an event changing what a plan reads counts as harmless: type %d, %x", typ&0xff, data)
	})
}

// lockedLog collects a log's text for a test to print when it fails.
type lockedLog struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// teeHandler hands every record to two handlers.
type teeHandler struct{ a, b slog.Handler }

func (h teeHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h teeHandler) Handle(ctx context.Context, r slog.Record) error {
	return errors.Join(h.a.Handle(ctx, r), h.b.Handle(ctx, r.Clone()))
}
func (h teeHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return teeHandler{h.a.WithAttrs(as), h.b.WithAttrs(as)}
}
func (h teeHandler) WithGroup(g string) slog.Handler {
	return teeHandler{h.a.WithGroup(g), h.b.WithGroup(g)}
}
