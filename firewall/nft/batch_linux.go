//go:build linux

package nft

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"time"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"

	"github.com/guardctl/guardctl/firewall"
)

// Element writes bypass github.com/google/nftables v0.3.0 on purpose: it
// packs all elements of a call into one netlink attribute whose 16-bit length
// overflows past ~2,300 IPv4 elements with timeouts (the kernel then sees a
// truncated list and Flush reports success), it has no destroy operation,
// and it cannot put deletes and adds of different sets into one transaction.
// Here elements are split into messages that fit the attribute, and messages
// into transactions that fit the socket buffer.

// Message types the x/sys/unix version in use does not name.
const (
	msgDestroySetElem = 30 // NFT_MSG_DESTROYSETELEM, Linux 6.3+
	tableFlagOwner    = 0x2
	tableFlagPersist  = 0x4
	attrTableOwner    = 0x7 // NFTA_TABLE_OWNER
)

const (
	// maxElemBytes keeps one message's element list below the 64 KiB limit
	// of a netlink attribute length, with room for the headers around it.
	maxElemBytes = 60 << 10
	// maxTxBytes bounds one transaction (one sendmsg). The socket's send
	// buffer is raised above it when the connection is opened.
	maxTxBytes = 4 << 20
	// sockBuf is the send and receive buffer size forced on the socket.
	sockBuf = 8 << 20
	// ackTimeout bounds the wait for the kernel's answer to a transaction.
	ackTimeout = 5 * time.Second
)

// elemOp is the kind of element message.
type elemOp uint16

const (
	opAdd     elemOp = unix.NFT_MSG_NEWSETELEM
	opDelete  elemOp = unix.NFT_MSG_DELSETELEM
	opDestroy elemOp = msgDestroySetElem
)

// txBuilder collects nf_tables messages and sends them as transactions.
type txBuilder struct {
	family byte
	table  string
	msgs   []netlink.Message
	// genid, when not zero, is the ruleset generation the transaction was
	// planned from (generation): sendAtomic then asks the kernel to refuse
	// it (ERESTART, errStale) if anything committed since.
	genid uint32
}

func nfgenmsg(family byte, resID uint16) []byte {
	return []byte{family, unix.NFNETLINK_V0, byte(resID >> 8), byte(resID)}
}

// appendAttr appends one netlink attribute, padded to 4 bytes.
func appendAttr(b []byte, typ uint16, data []byte) []byte {
	l := 4 + len(data)
	b = binary.NativeEndian.AppendUint16(b, uint16(l))
	b = binary.NativeEndian.AppendUint16(b, typ)
	b = append(b, data...)
	for ; l%4 != 0; l++ {
		b = append(b, 0)
	}
	return b
}

// beginNested starts a nested attribute and returns where its header sits.
func beginNested(b []byte, typ uint16) ([]byte, int) {
	at := len(b)
	b = binary.NativeEndian.AppendUint16(b, 0)
	b = binary.NativeEndian.AppendUint16(b, typ|unix.NLA_F_NESTED)
	return b, at
}

func endNested(b []byte, at int) []byte {
	binary.NativeEndian.PutUint16(b[at:], uint16(len(b)-at))
	return b
}

func cstring(s string) []byte { return append([]byte(s), 0) }

// appendElem encodes one set element (NFTA_LIST_ELEM).
func appendElem(b []byte, key netip.Addr, end bool, timeout time.Duration) []byte {
	b, el := beginNested(b, unix.NFTA_LIST_ELEM)
	if end {
		b = appendAttr(b, unix.NFTA_SET_ELEM_FLAGS, binary.BigEndian.AppendUint32(nil, unix.NFT_SET_ELEM_INTERVAL_END))
	}
	b, k := beginNested(b, unix.NFTA_SET_ELEM_KEY)
	b = appendAttr(b, unix.NFTA_DATA_VALUE, key.AsSlice())
	b = endNested(b, k)
	if timeout > 0 {
		ms := timeout.Milliseconds()
		if ms == 0 {
			ms = 1
		}
		b = appendAttr(b, unix.NFTA_SET_ELEM_TIMEOUT, binary.BigEndian.AppendUint64(nil, uint64(ms)))
		// The expiration too: when an element exists with the same timeout
		// the kernel only restarts its clock if told the new expiration.
		b = appendAttr(b, unix.NFTA_SET_ELEM_EXPIRATION, binary.BigEndian.AppendUint64(nil, uint64(ms)))
	}
	return endNested(b, el)
}

// elements queues the messages for op on set name. In an interval set an
// element is a start element and an end element holding the address after
// the range; a range that ends at the family's last address has no end
// element, as nft itself does. The end element carries no timeout: the
// kernel expires the interval through its start element. A hash set holds
// the address alone.
func (tx *txBuilder) elements(op elemOp, set string, bans []firewall.Ban, interval bool) {
	tx.elementList(op, set, len(bans), func(i int) (netip.Addr, netip.Addr, time.Duration) {
		var next netip.Addr
		if interval {
			next = firewall.LastAddr(bans[i].Prefix).Next()
		}
		return bans[i].Prefix.Addr(), next, bans[i].Timeout
	})
}

// span is a range of an interval set, [first, last], which need not be
// one prefix (nft add element ... { 192.0.2.1-192.0.2.5 }), and the time
// it has left when added (0: none).
type span struct {
	first, last netip.Addr
	timeout     time.Duration
}

// spans queues op for whole ranges of an interval set (removals send no
// timeouts).
func (tx *txBuilder) spans(op elemOp, set string, ss []span) {
	tx.elementList(op, set, len(ss), func(i int) (netip.Addr, netip.Addr, time.Duration) {
		return ss[i].first, ss[i].last.Next(), ss[i].timeout
	})
}

// elementList queues the messages for op on set: n elements, element i
// starting at start with timeout, and in an interval set ending before
// next (invalid: a hash set, or a range up to the family's last address).
func (tx *txBuilder) elementList(op elemOp, set string, n int, elem func(i int) (start, next netip.Addr, timeout time.Duration)) {
	tx.encodedList(op, set, n, func(list []byte, i int) []byte {
		start, next, timeout := elem(i)
		if op != opAdd {
			timeout = 0
		}
		list = appendElem(list, start, false, timeout)
		if next.IsValid() {
			list = appendElem(list, next, true, 0)
		}
		return list
	})
}

// encodedList queues the messages for op on set holding n elements, each
// appended by enc, split to fit a message.
func (tx *txBuilder) encodedList(op elemOp, set string, n int, enc func(list []byte, i int) []byte) {
	var list []byte
	flush := func() {
		if len(list) == 0 {
			return
		}
		var d []byte
		d = appendAttr(d, unix.NFTA_SET_ELEM_LIST_TABLE, cstring(tx.table))
		d = appendAttr(d, unix.NFTA_SET_ELEM_LIST_SET, cstring(set))
		d = appendAttr(d, unix.NFTA_SET_ELEM_LIST_ELEMENTS|unix.NLA_F_NESTED, list)
		flags := netlink.Request | netlink.Acknowledge
		if op == opAdd {
			// Without Excl an existing identical element is refreshed:
			// Linux 6.8+ takes the new timeout (re-ban).
			flags |= netlink.Create
		}
		tx.msgs = append(tx.msgs, netlink.Message{
			Header: netlink.Header{Type: netlink.HeaderType(unix.NFNL_SUBSYS_NFTABLES<<8 | uint16(op)), Flags: flags},
			Data:   append(nfgenmsg(tx.family, 0), d...),
		})
		list = nil
	}
	for i := range n {
		if len(list) > maxElemBytes {
			flush()
		}
		list = enc(list, i)
	}
	flush()
}

// createTable queues the creation (or ownership take-over) of the table.
func (tx *txBuilder) createTable(flags uint32) {
	var d []byte
	d = appendAttr(d, unix.NFTA_TABLE_NAME, cstring(tx.table))
	if flags != 0 {
		// Without the attribute the kernel leaves an existing table's
		// flags alone. With it, 0 on the table a daemon left behind
		// (persist, now unowned) is refused (EOPNOTSUPP: persist cannot
		// be dropped), which failed every offline verb after a stop.
		d = appendAttr(d, unix.NFTA_TABLE_FLAGS, binary.BigEndian.AppendUint32(nil, flags))
	}
	tx.msgs = append(tx.msgs, netlink.Message{
		Header: netlink.Header{
			Type:  netlink.HeaderType(unix.NFNL_SUBSYS_NFTABLES<<8 | unix.NFT_MSG_NEWTABLE),
			Flags: netlink.Request | netlink.Acknowledge | netlink.Create,
		},
		Data: append(nfgenmsg(tx.family, 0), d...),
	})
}

// send commits the queued messages, as few transactions as the size limit
// allows, and resets the builder. A failed transaction is rolled back by the
// kernel as a whole; earlier ones stay committed.
func (tx *txBuilder) send(ctx context.Context, conn *netlink.Conn) error {
	msgs := tx.msgs
	tx.msgs = nil
	for len(msgs) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, size := 0, 0
		for n < len(msgs) && (n == 0 || size+len(msgs[n].Data) < maxTxBytes) {
			size += len(msgs[n].Data) + 16
			n++
		}
		if err := commit(conn, msgs[:n], 0); err != nil {
			return err
		}
		msgs = msgs[n:]
	}
	return nil
}

// sendAtomic commits the queued messages as ONE transaction whatever their
// size (a list replaced by flush and refill must never be seen half
// loaded), raising the socket's send buffer when the batch needs it.
func (tx *txBuilder) sendAtomic(ctx context.Context, conn *netlink.Conn) error {
	msgs := tx.msgs
	tx.msgs = nil
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := fitSendBuf(conn, msgs); err != nil {
		return err
	}
	return commit(conn, msgs, tx.genid)
}

// fitSendBuf raises conn's send buffer when msgs, sent as one batch, would
// not fit in it.
func fitSendBuf(conn *netlink.Conn, msgs []netlink.Message) error {
	size := 0
	for _, m := range msgs {
		size += len(m.Data) + 16
	}
	if size+4096 <= sockBuf {
		return nil
	}
	rc, err := conn.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := rc.Control(func(fd uintptr) {
		// The kernel doubles the value and keeps it for the socket.
		serr = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_SNDBUFFORCE, size+(64<<10))
	}); err != nil {
		return err
	}
	if serr != nil {
		return fmt.Errorf("raise netlink send buffer to %d bytes: %w", size, serr)
	}
	return nil
}

// atomicBatch is one transaction marshalled once, with a generation that
// each send patches in place (sendGuarded): a resend is refused when a
// commit lands between its read of the generation and the kernel's check,
// and marshalling a rebuild's batch in that window (1.25 MB beside 20,000
// ranges: 17-160 ms at load 30 under -race, against ~1 ms for the kernel
// to copy and refuse it) made every resend lose to a program committing
// every 20 ms (flaky s15, TestPlanBesideForeignWriter).
type atomicBatch struct {
	buf []byte
	n   int // the messages that are answered: all but begin and end
}

// genOffset is where the generation's value sits in the batch: after the
// begin message's header (16 bytes), its nfgenmsg (4) and the attribute's
// header (4).
const genOffset = 24

// marshalAtomic marshals msgs as ONE transaction carrying a generation
// (set by send), and fits conn's send buffer to it.
func marshalAtomic(conn *netlink.Conn, msgs []netlink.Message) (*atomicBatch, error) {
	if err := fitSendBuf(conn, msgs); err != nil {
		return nil, err
	}
	begin := appendAttr(nfgenmsg(unix.AF_UNSPEC, unix.NFNL_SUBSYS_NFTABLES), unix.NFNL_BATCH_GENID, make([]byte, 4))
	end := nfgenmsg(unix.AF_UNSPEC, unix.NFNL_SUBSYS_NFTABLES)
	size := 32 + len(begin) + len(end)
	for _, m := range msgs {
		size += 16 + (len(m.Data)+3)&^3
	}
	buf := make([]byte, 0, size)
	put := func(seq int, typ netlink.HeaderType, flags netlink.HeaderFlags, data []byte) {
		buf = binary.NativeEndian.AppendUint32(buf, uint32(16+len(data)))
		buf = binary.NativeEndian.AppendUint16(buf, uint16(typ))
		buf = binary.NativeEndian.AppendUint16(buf, uint16(flags))
		buf = binary.NativeEndian.AppendUint32(buf, uint32(seq))
		buf = binary.NativeEndian.AppendUint32(buf, 0) // port id: the kernel fills it in
		buf = append(buf, data...)
		for len(buf)%4 != 0 {
			buf = append(buf, 0)
		}
	}
	put(1, netlink.HeaderType(unix.NFNL_MSG_BATCH_BEGIN), netlink.Request, begin)
	for i, m := range msgs {
		put(i+2, m.Header.Type, m.Header.Flags, m.Data)
	}
	put(len(msgs)+2, netlink.HeaderType(unix.NFNL_MSG_BATCH_END), netlink.Request, end)
	return &atomicBatch{buf: buf, n: len(msgs)}, nil
}

// send commits the batch with generation genid (not 0) and reads its
// answers as commit does.
func (a *atomicBatch) send(ctx context.Context, conn *netlink.Conn, genid uint32) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	binary.BigEndian.PutUint32(a.buf[genOffset:], genid)
	rc, err := conn.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := rc.Write(func(fd uintptr) bool {
		serr = unix.Sendto(int(fd), a.buf, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK})
		return !errors.Is(serr, unix.EAGAIN)
	}); err != nil {
		return fmt.Errorf("send netlink batch: %w", err)
	}
	if serr != nil {
		return fmt.Errorf("send netlink batch: %w", serr)
	}
	return readAcks(conn, a.n)
}

// errStale is the kernel's answer to a transaction sent with a generation
// that is no longer current: something committed since the read it was
// planned from, and it was not applied.
var errStale = unix.ERESTART

// generation returns the ruleset's generation (NFT_MSG_GETGEN): every
// commit to any table of the network namespace moves it on, and the kernel
// never gives 0.
func generation(conn *netlink.Conn) (uint32, error) {
	msgs, err := conn.Execute(netlink.Message{
		Header: netlink.Header{Type: netlink.HeaderType(unix.NFNL_SUBSYS_NFTABLES<<8 | unix.NFT_MSG_GETGEN), Flags: netlink.Request},
		Data:   nfgenmsg(unix.AF_UNSPEC, 0),
	})
	if err != nil {
		return 0, fmt.Errorf("read nftables generation: %w", err)
	}
	var gen uint32
	for _, m := range msgs {
		if len(m.Data) < 4 {
			continue
		}
		if err := attrs(m.Data[4:], func(typ uint16, data []byte) error {
			if typ == unix.NFTA_GEN_ID && len(data) >= 4 {
				gen = binary.BigEndian.Uint32(data)
			}
			return nil
		}); err != nil {
			return 0, fmt.Errorf("read nftables generation: %w", err)
		}
	}
	if gen == 0 {
		return 0, errors.New("read nftables generation: no generation in the answer")
	}
	return gen, nil
}

// commit sends one transaction and collects one acknowledgement per message.
// Every message asks for an ack, so the kernel answers each with its own
// datagram; a refused batch (no permission, no memory, a stale generation)
// is answered once. A genid other than 0 goes in the batch's begin message
// (NFNL_BATCH_GENID): the kernel checks it under its commit lock and
// refuses the whole batch (ERESTART) unless it is still the ruleset's
// generation. google/nftables v0.3.0 cannot send it, hence this.
func commit(conn *netlink.Conn, msgs []netlink.Message, genid uint32) error {
	begin := nfgenmsg(unix.AF_UNSPEC, unix.NFNL_SUBSYS_NFTABLES)
	if genid != 0 {
		begin = appendAttr(begin, unix.NFNL_BATCH_GENID, binary.BigEndian.AppendUint32(nil, genid))
	}
	batch := make([]netlink.Message, 0, len(msgs)+2)
	batch = append(batch, netlink.Message{
		Header: netlink.Header{Type: netlink.HeaderType(unix.NFNL_MSG_BATCH_BEGIN), Flags: netlink.Request},
		Data:   begin,
	})
	batch = append(batch, msgs...)
	batch = append(batch, netlink.Message{
		Header: netlink.Header{Type: netlink.HeaderType(unix.NFNL_MSG_BATCH_END), Flags: netlink.Request},
		Data:   nfgenmsg(unix.AF_UNSPEC, unix.NFNL_SUBSYS_NFTABLES),
	})
	if _, err := conn.SendMessages(batch); err != nil {
		return fmt.Errorf("send netlink batch: %w", err)
	}
	return readAcks(conn, len(msgs))
}

// readAcks reads the answers to a batch of n messages just sent on conn.
func readAcks(conn *netlink.Conn, n int) error {
	// The kernel handles the batch inside sendmsg, so every answer is queued
	// on the socket by now; a read that times out means answers were lost.
	defer conn.SetReadDeadline(time.Time{})
	var errs []error
	for range n {
		if err := conn.SetReadDeadline(time.Now().Add(ackTimeout)); err != nil {
			return fmt.Errorf("set netlink deadline: %w", err)
		}
		_, err := conn.Receive()
		if err == nil {
			continue
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return errors.Join(append(errs, fmt.Errorf("read netlink acks: %w", err))...)
		}
		errs = append(errs, err)
		if errors.Is(err, unix.EPERM) || errors.Is(err, unix.ENOBUFS) || errors.Is(err, unix.ENOMEM) || errors.Is(err, errStale) {
			// The whole batch was refused with one answer (or answers were
			// dropped); discard whatever else is queued so the next
			// transaction does not read stale acks.
			drain(conn)
			break
		}
	}
	return errors.Join(errs...)
}

// drain discards queued answers.
func drain(conn *netlink.Conn) {
	for range 1 << 16 {
		if err := conn.SetReadDeadline(time.Now().Add(10 * time.Millisecond)); err != nil {
			return
		}
		if _, err := conn.Receive(); errors.Is(err, os.ErrDeadlineExceeded) {
			return
		}
	}
}
