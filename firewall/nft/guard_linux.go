//go:build linux

package nft

import (
	"context"
	"encoding/binary"
	"errors"
	"strconv"
	"time"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// The ruleset generation (NFT_MSG_GETGEN) counts the commits of every table
// in the network namespace, and the kernel checks a transaction's
// NFNL_BATCH_GENID against it alone. A plan or a rebuild needs only that
// nothing changed OUR table since its reads; judged by the generation
// alone, another program committing to a table of its own more often than
// a dump takes (an element every 100 ms beside 50,000 ranges: 1.4 s per
// dump) made every read stale, and the ban failed for as long as that
// program ran (review of 512cd61: 0 of 10 bans went in).
//
// A genGuard tells the commits apart by the nf_tables events (what `nft
// monitor` reads), on a socket that joins their group BEFORE the first read
// of the generation. Within a commit the kernel bumps the generation,
// queues one event per object changed (each naming its table), then a
// new-generation event carrying the generation, all under its commit
// mutex: the events of commit g+1 come after those of g and before those of
// g+2, and every commit after the first read is seen whole. When the
// events of each commit since prove that none touched what the reads
// found, the same transaction is sound with the current generation.
//
// What the guarded transactions (a plan, a rebuild, a cleared prefix ban)
// read and write is the interval sets bannet4 and bannet6 and nothing
// else: a plan merges the prefix bans with those sets' ranges alone, and
// host bans live in hash sets (ban4, ban6, ban6net64) that no plan reads
// or deletes from. So elements added to or removed from our other sets
// (this daemon's own host bans and unbans, committed while a rebuild's
// dumps run with b.mu released; an allow list or a named list replaced)
// leave the transaction sound; counted as changes to our table, a rebuild
// beside a daemon banning a host every 200 ms gave up after 5 stale reads,
// 3 times of 3 (review of 82d6265, TestRebuildBesideOwnHostBans). Every
// other event naming our table (an element of bannet4 or bannet6, a set, a
// chain, the table itself) keeps the strict answer, as does anything the
// guard cannot prove (errStale: read again): events lost (ENOBUFS), a
// generation whose event did not come, an event that names no table, an
// element event that names no set.

// maxResend bounds the resends of one transaction with a fresher
// generation; each is refused only if another commit lands between the
// read of the generation and the kernel's check (a millisecond).
const maxResend = 8

// eventWait bounds the wait for the new-generation event of a generation
// already read: the committing task sends it right after the bump.
const eventWait = time.Second

// genGuard follows the nf_tables events from before the generation gen was
// read.
type genGuard struct {
	conn  *netlink.Conn // nil: no events, every change is stale
	table string        // ours, family inet
	gen   uint32        // the generation our reads are proved current at
	seen  uint32        // the last generation whose commit was read whole
	// touched: an event since the last new-generation one named our table
	// or could not be told; dirty: a commit after the first read did, or
	// events were lost (why says which, for the log).
	touched, dirty bool
	why            string
}

// openGuard joins the nf_tables event group on a socket of its own, then
// reads the generation on conn (which the caller holds). Without the
// events (the group cannot be joined) the guard is strict: any commit
// makes the reads stale, as before it existed.
func (b *Backend) openGuard(conn *netlink.Conn) (*genGuard, error) {
	g := &genGuard{table: b.cfg.Table}
	if ev, err := b.dial(); err != nil {
		b.log.Debug("nftables: no event socket; any commit makes a read stale", "err", err)
	} else if err := ev.JoinGroup(unix.NFNLGRP_NFTABLES); err != nil {
		ev.Close()
		b.log.Debug("nftables: cannot join the event group; any commit makes a read stale", "err", err)
	} else {
		g.conn = ev
	}
	gen, err := generation(conn)
	if err != nil {
		g.close()
		return nil, err
	}
	g.gen, g.seen = gen, gen
	return g, nil
}

func (g *genGuard) close() {
	if g != nil && g.conn != nil {
		g.conn.Close()
		g.conn = nil
	}
}

// advance reports whether every commit from g.gen to now left what the
// reads found alone, reading the events up to now's; if so g.gen becomes
// now. It waits at most eventWait, and not past ctx (the caller holds
// b.mu): ctx ending makes the guard strict.
func (g *genGuard) advance(ctx context.Context, now uint32) bool {
	if now == g.gen {
		return true
	}
	if g.conn == nil {
		g.spoil("no event socket")
	}
	if g.dirty {
		return false
	}
	// One deadline for all the reads, set before ctx can move it to the
	// past: a Receive waiting when ctx ends returns at once.
	if err := g.conn.SetReadDeadline(time.Now().Add(eventWait)); err != nil {
		g.spoil("event socket: " + err.Error())
		return false
	}
	conn := g.conn // the func may run after the caller's close
	stop := context.AfterFunc(ctx, func() { _ = conn.SetReadDeadline(time.Unix(1, 0)) })
	defer stop()
	for int32(g.seen-now) < 0 && !g.dirty {
		msgs, err := g.conn.Receive()
		if err != nil {
			if cerr := ctx.Err(); cerr != nil {
				err = cerr
			}
			// ENOBUFS: events were dropped; a timeout: the event of a
			// generation already read did not come (or ctx ended).
			// Either way the commits cannot all be told.
			g.spoil("events: " + err.Error())
			break
		}
		for _, m := range msgs {
			g.event(m)
		}
	}
	if g.dirty {
		return false
	}
	g.gen = now
	return true
}

// event takes one nf_tables event in.
func (g *genGuard) event(m netlink.Message) {
	typ := uint16(m.Header.Type)
	if typ>>8 == unix.NFNL_SUBSYS_NFTABLES && typ&0xff == unix.NFT_MSG_NEWGEN {
		g.newGen(m.Data)
		return
	}
	if !g.harmless(m) {
		g.touched = true
	}
}

// newGen closes the commit whose events came since the last one.
func (g *genGuard) newGen(data []byte) {
	var gen uint32
	if len(data) >= 4 {
		_ = attrs(data[4:], func(typ uint16, v []byte) error {
			if typ == unix.NFTA_GEN_ID && len(v) >= 4 {
				gen = binary.BigEndian.Uint32(v)
			}
			return nil
		})
	}
	switch {
	case gen == 0:
		g.spoil("a new-generation event without its generation")
	case int32(gen-g.seen) <= 0:
		// A commit the first read already saw: its events say nothing
		// about the window.
	case gen != nextGen(g.seen):
		g.spoil("no events for a commit before generation " + strconv.FormatUint(uint64(gen), 10))
	default:
		if g.touched {
			g.spoil("generation " + strconv.FormatUint(uint64(gen), 10) + " changed our table")
		}
		g.seen = gen
	}
	g.touched = false
}

// spoil makes the guard strict for good: the first reason is kept.
func (g *genGuard) spoil(why string) {
	if !g.dirty {
		g.dirty, g.why = true, why
	}
}

// nextGen is the generation after gen (the kernel skips 0).
func nextGen(gen uint32) uint32 {
	if gen++; gen == 0 {
		gen = 1
	}
	return gen
}

// harmless reports whether the event m leaves what a guarded
// transaction read alone: it names another table, or it is an element
// event of one of our sets other than the interval sets. Every nf_tables
// object message carries its table's name as attribute 1
// (NFTA_TABLE_NAME, NFTA_SET_ELEM_LIST_TABLE, ...) and its family in the
// header; an element message its set's name as attribute 2
// (NFTA_SET_ELEM_LIST_SET). Anything else cannot be told, and is not.
func (g *genGuard) harmless(m netlink.Message) bool {
	typ := uint16(m.Header.Type)
	if typ>>8 != unix.NFNL_SUBSYS_NFTABLES || len(m.Data) < 4 {
		return false
	}
	var table, set string
	var hasTable, hasSet bool
	if err := attrs(m.Data[4:], func(typ uint16, v []byte) error {
		switch {
		case typ == 1 && !hasTable:
			table, hasTable = string(trimNUL(v)), true
		case typ == unix.NFTA_SET_ELEM_LIST_SET && !hasSet:
			set, hasSet = string(trimNUL(v)), true
		}
		return nil
	}); err != nil || !hasTable || table == "" {
		return false
	}
	if m.Data[0] != unix.NFPROTO_INET || table != g.table {
		return true
	}
	switch typ & 0xff {
	case unix.NFT_MSG_NEWSETELEM, unix.NFT_MSG_DELSETELEM, msgDestroySetElem:
		return hasSet && set != "" && !isInterval(set)
	}
	return false
}

// sendGuarded commits tx as ONE transaction planned from reads made after
// g's generation. When the kernel refuses it as stale and the events show
// that only other tables changed since, it is sent again with the current
// generation (at most maxResend times): our table is then as the reads
// found it, and the kernel still refuses it if anything commits between
// that read of the generation and its check. Otherwise errStale: read
// again.
func (b *Backend) sendGuarded(ctx context.Context, tx *txBuilder, g *genGuard) error {
	batch, err := marshalAtomic(b.raw, tx.msgs)
	tx.msgs = nil
	if err != nil {
		return err
	}
	for try := 0; ; try++ {
		err := batch.send(ctx, b.raw, g.gen)
		if !errors.Is(err, errStale) || try == maxResend {
			return err
		}
		ok, gerr := b.catchUp(ctx, g)
		if gerr != nil {
			return gerr
		}
		if !ok {
			b.log.Debug("nftables: the transaction is stale", "why", g.why)
			return err
		}
		b.log.Debug("nftables: only other tables changed since the read; sending again", "generation", g.gen, "try", try+1)
	}
}

// catchUp advances g to the current generation, reading it again after
// each advance until no commit came meanwhile (maxResend times at most):
// the send that follows then has only a read of the generation in its
// window. Advancing takes the events up to the generation read, a wait
// for the other program's commit to finish; sent after it, the resend
// lost to that program's next commit, 8 times in a row beside one
// committing every millisecond while the machine was busy: with 5
// TestUnbanBesideForeignWriter at once under -race beside
// TestCollectBesideForeignWriter's writers, 70 reads went stale and 3 of
// 1,400 unbans failed in 7 runs; with catchUp none of either.
func (b *Backend) catchUp(ctx context.Context, g *genGuard) (bool, error) {
	for range maxResend {
		now, err := generation(b.raw)
		if err != nil || now == g.gen {
			return err == nil, err
		}
		if !g.advance(ctx, now) {
			return false, nil
		}
	}
	return true, nil
}
