//go:build linux

package nft

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"time"

	"github.com/google/nftables"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"

	"github.com/guardctl/guardctl/firewall"
)

// readSet returns the prefixes a set holds, read through conn (the
// backend's socket, or the census socket that never holds up the ban
// path). A missing table or set reads as empty.
func (b *Backend) readSet(conn *netlink.Conn, name string) ([]firewall.Entry, error) {
	return b.readSetAs(conn, name, isInterval(name))
}

// readSetMarked is readSet that also says which entries stand for a
// kernel element (ends[i]): every entry of a hash set, and the last prefix
// of each range of an interval set. A range that is not one prefix (added
// by hand) reads back as several, but the kernel counts it once, so it is
// adopted, audited and counted once, by its last prefix.
func (b *Backend) readSetMarked(conn *netlink.Conn, name string) ([]firewall.Entry, []bool, error) {
	if !isInterval(name) {
		es, err := b.readSet(conn, name)
		ends := make([]bool, len(es))
		for i := range ends {
			ends[i] = true
		}
		return es, ends, err
	}
	elems, err := dumpSet(conn, b.cfg.Table, name)
	if err != nil {
		if errors.Is(err, unix.ENOENT) {
			return nil, nil, nil
		}
		return nil, nil, fmt.Errorf("read set %s: %w", name, err)
	}
	es, ends := pairIntervalsMarked(elems)
	return es, ends, nil
}

// marked returns the entries whose mark is set.
func marked(es []firewall.Entry, ends []bool) []firewall.Entry {
	out := make([]firewall.Entry, 0, len(es))
	for i, e := range es {
		if ends[i] {
			out = append(out, e)
		}
	}
	return out
}

// readSetAs is readSet for a set whose shape may not be the one its name
// has today (an old table being migrated).
func (b *Backend) readSetAs(conn *netlink.Conn, name string, interval bool) ([]firewall.Entry, error) {
	var out []firewall.Entry
	var err error
	if interval {
		var elems []nftables.SetElement
		if elems, err = dumpSet(conn, b.cfg.Table, name); err == nil {
			out = pairIntervals(elems)
		}
	} else {
		// A hash set's elements go straight into entries: the element
		// list of the whole set (nftables.SetElement and its key, ~105
		// bytes an element) was 10.5 MB of the daemon's peak live heap
		// at 100k bans, in the health check's audit (mem s16).
		out, err = dumpEntries(conn, b.cfg.Table, name)
	}
	if err != nil {
		if errors.Is(err, unix.ENOENT) {
			return nil, nil
		}
		return nil, fmt.Errorf("read set %s: %w", name, err)
	}
	return out, nil
}

// dumpEntries reads every element of a hash set as an entry (its key
// masked to what it stands for: keyBits) with one NFT_MSG_GETSETELEM dump.
func dumpEntries(conn *netlink.Conn, table, set string) ([]firewall.Entry, error) {
	var d []byte
	d = appendAttr(d, unix.NFTA_SET_ELEM_LIST_TABLE, cstring(table))
	d = appendAttr(d, unix.NFTA_SET_ELEM_LIST_SET, cstring(set))
	var out []firewall.Entry
	err := dump(conn, unix.NFT_MSG_GETSETELEM, d, func(data []byte) error {
		return eachElem(data, func(key []byte, expires time.Duration) {
			if a, ok := netip.AddrFromSlice(key); ok {
				out = append(out, firewall.Entry{Prefix: netip.PrefixFrom(a, keyBits(set, a)).Masked(), Expires: expires})
			}
		})
	})
	return out, err
}

// eachElem calls fn with the key and time left of every element in one
// GETSETELEM answer (after its nfgenmsg); key is valid during the call.
func eachElem(b []byte, fn func(key []byte, expires time.Duration)) error {
	return attrs(b, func(typ uint16, data []byte) error {
		if typ != unix.NFTA_SET_ELEM_LIST_ELEMENTS {
			return nil
		}
		return attrs(data, func(typ uint16, data []byte) error {
			if typ == unix.NFTA_LIST_ELEM {
				fn(elemKeyExp(data))
			}
			return nil
		})
	})
}

// pairIntervals turns the start and end elements of an interval set into
// prefixes. The kernel dumps them in no promised order (descending today),
// so they are sorted; at equal keys an end sorts before a start because
// adjacent ranges share that key. A start with no end runs to the family's
// last address. A range that is not one prefix (added by hand) becomes the
// prefixes that cover it, each with the range's expiry.
func pairIntervals(elems []nftables.SetElement) []firewall.Entry {
	out, _ := pairIntervalsMarked(elems)
	return out
}

// pairIntervalsMarked is pairIntervals that also marks the last prefix of
// each range (see readSetMarked).
func pairIntervalsMarked(elems []nftables.SetElement) ([]firewall.Entry, []bool) {
	type point struct {
		addr    netip.Addr
		end     bool
		expires time.Duration
	}
	pts := make([]point, 0, len(elems))
	for _, e := range elems {
		a, ok := netip.AddrFromSlice(e.Key)
		if !ok {
			continue
		}
		pts = append(pts, point{addr: a, end: e.IntervalEnd, expires: e.Expires})
	}
	slices.SortFunc(pts, func(x, y point) int { return compareKeys(x.addr, x.end, y.addr, y.end) })
	out := make([]firewall.Entry, 0, len(pts)/2+1)
	ends := make([]bool, 0, len(pts)/2+1)
	for i := 0; i < len(pts); i++ {
		s := pts[i]
		if s.end {
			continue // the leading 0.0.0.0 end marker nft adds, or a stray end
		}
		var last netip.Addr
		if i+1 < len(pts) && pts[i+1].end {
			last = pts[i+1].addr.Prev()
			i++
		} else {
			last = firewall.LastAddr(netip.PrefixFrom(s.addr, 0))
		}
		if last == s.addr {
			out = append(out, firewall.Entry{Prefix: netip.PrefixFrom(s.addr, s.addr.BitLen()), Expires: s.expires})
			ends = append(ends, true)
			continue
		}
		ps := firewall.RangePrefixes(s.addr, last)
		for j, p := range ps {
			out = append(out, firewall.Entry{Prefix: p, Expires: s.expires})
			ends = append(ends, j == len(ps)-1)
		}
	}
	return out, ends
}

// compareKeys orders interval elements by key, an end before a start at
// the same key (adjacent ranges share it).
func compareKeys(a netip.Addr, aEnd bool, b netip.Addr, bEnd bool) int {
	if c := a.Compare(b); c != 0 {
		return c
	}
	switch {
	case aEnd == bEnd:
		return 0
	case aEnd:
		return -1
	default:
		return 1
	}
}

// dumpBuf is the receive buffer for set dumps; the kernel sizes each dump
// message by the reader's buffer, up to 32 KiB. It restarts its walk of the
// set for every message, so reading a set costs O(elements x messages):
// 100,000 bans (200,000 interval elements, ~200 messages) take seconds to
// read, as `nft list set` does. Reads of whole sets are kept off the hot
// path for that reason (Ban reads only when the kernel reports an overlap).
const dumpBuf = 64 << 10

// dumpSet reads every element of a set with one NFT_MSG_GETSETELEM dump.
func dumpSet(conn *netlink.Conn, table, set string) ([]nftables.SetElement, error) {
	var d []byte
	d = appendAttr(d, unix.NFTA_SET_ELEM_LIST_TABLE, cstring(table))
	d = appendAttr(d, unix.NFTA_SET_ELEM_LIST_SET, cstring(set))
	var out []nftables.SetElement
	err := dump(conn, unix.NFT_MSG_GETSETELEM, d, func(data []byte) error { return decodeElems(data, &out) })
	return out, err
}

// dump sends one nf_tables dump request and calls each with the attributes
// of every answer (after the nfgenmsg header).
func dump(conn *netlink.Conn, msg uint16, attrs []byte, each func([]byte) error) error {
	req, err := conn.Send(netlink.Message{
		Header: netlink.Header{
			Type:  netlink.HeaderType(unix.NFNL_SUBSYS_NFTABLES<<8 | msg),
			Flags: netlink.Request | netlink.Dump,
		},
		Data: append(nfgenmsg(byte(nftables.TableFamilyINet), 0), attrs...),
	})
	if err != nil {
		return fmt.Errorf("send dump request: %w", err)
	}
	rc, err := conn.SyscallConn()
	if err != nil {
		return err
	}
	defer conn.SetReadDeadline(time.Time{})
	buf := make([]byte, dumpBuf)
	for {
		// Each read gets its own deadline: a big set takes many reads.
		if err := conn.SetReadDeadline(time.Now().Add(ackTimeout)); err != nil {
			return err
		}
		var n int
		var rerr error
		err := rc.Read(func(fd uintptr) bool {
			n, _, rerr = unix.Recvfrom(int(fd), buf, unix.MSG_DONTWAIT)
			return rerr != unix.EAGAIN && rerr != unix.EWOULDBLOCK
		})
		if err == nil {
			err = rerr
		}
		if err != nil {
			return fmt.Errorf("read dump: %w", err)
		}
		done, err := parseDump(buf[:n], req.Header.Sequence, each)
		if err != nil || done {
			return err
		}
	}
}

// parseDump decodes one datagram of a dump, handing each message's
// attributes to each. It reports done at NLMSG_DONE; messages of other
// requests are skipped.
func parseDump(b []byte, seq uint32, each func([]byte) error) (done bool, err error) {
	for len(b) >= unix.NLMSG_HDRLEN {
		l := int(binary.NativeEndian.Uint32(b[0:4]))
		if l < unix.NLMSG_HDRLEN || l > len(b) {
			return false, errors.New("dump: truncated netlink message")
		}
		typ := binary.NativeEndian.Uint16(b[4:6])
		mseq := binary.NativeEndian.Uint32(b[8:12])
		data := b[unix.NLMSG_HDRLEN:l]
		b = b[min(len(b), (l+3)&^3):]
		if mseq != seq {
			continue
		}
		switch typ {
		case unix.NLMSG_DONE:
			return true, nil
		case unix.NLMSG_ERROR:
			if len(data) < 4 {
				return false, errors.New("dump: short error message")
			}
			if code := int32(binary.NativeEndian.Uint32(data[:4])); code != 0 {
				return false, unix.Errno(-code)
			}
			return true, nil
		}
		if len(data) < 4 {
			continue
		}
		if err := each(data[4:]); err != nil {
			return false, err
		}
	}
	return false, nil
}

// attrs walks netlink attributes, calling fn with each type (flags
// stripped) and payload.
func attrs(b []byte, fn func(typ uint16, data []byte) error) error {
	for len(b) >= 4 {
		l := int(binary.NativeEndian.Uint16(b[0:2]))
		if l < 4 || l > len(b) {
			return errors.New("set dump: bad attribute length")
		}
		typ := binary.NativeEndian.Uint16(b[2:4]) &^ (unix.NLA_F_NESTED | unix.NLA_F_NET_BYTEORDER)
		if err := fn(typ, b[4:l]); err != nil {
			return err
		}
		b = b[min(len(b), (l+3)&^3):]
	}
	return nil
}

func decodeElems(b []byte, out *[]nftables.SetElement) error {
	return attrs(b, func(typ uint16, data []byte) error {
		if typ != unix.NFTA_SET_ELEM_LIST_ELEMENTS {
			return nil
		}
		return attrs(data, func(typ uint16, data []byte) error {
			if typ != unix.NFTA_LIST_ELEM {
				return nil
			}
			var e nftables.SetElement
			err := attrs(data, func(typ uint16, data []byte) error {
				switch typ {
				case unix.NFTA_SET_ELEM_KEY:
					return attrs(data, func(typ uint16, data []byte) error {
						if typ == unix.NFTA_DATA_VALUE {
							e.Key = append([]byte(nil), data...)
						}
						return nil
					})
				case unix.NFTA_SET_ELEM_FLAGS:
					if len(data) >= 4 {
						e.IntervalEnd = binary.BigEndian.Uint32(data)&unix.NFT_SET_ELEM_INTERVAL_END != 0
					}
				case unix.NFTA_SET_ELEM_EXPIRATION:
					if len(data) >= 8 {
						e.Expires = time.Duration(binary.BigEndian.Uint64(data)) * time.Millisecond
					}
				case unix.NFTA_SET_ELEM_TIMEOUT:
					if len(data) >= 8 {
						e.Timeout = time.Duration(binary.BigEndian.Uint64(data)) * time.Millisecond
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
			*out = append(*out, e)
			return nil
		})
	})
}

// flushSetMsg removes every element of a set (nft flush set).
func flushSetMsg(table, set string) netlink.Message {
	var d []byte
	d = appendAttr(d, unix.NFTA_SET_TABLE, cstring(table))
	d = appendAttr(d, unix.NFTA_SET_NAME, cstring(set))
	return netlink.Message{
		Header: netlink.Header{
			Type:  netlink.HeaderType(unix.NFNL_SUBSYS_NFTABLES<<8 | unix.NFT_MSG_DELSETELEM),
			Flags: netlink.Request | netlink.Acknowledge,
		},
		Data: append(nfgenmsg(byte(nftables.TableFamilyINet), 0), d...),
	}
}
