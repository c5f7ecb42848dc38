//go:build linux

package ipt

import (
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

// Entries are loaded over netlink rather than with `ipset restore`, which
// sends one request per entry and waits for its answer: 100,000 entries
// took 2 to 5 s that way on this machine. The kernel also accepts a list of
// entries in one request (IPSET_ATTR_ADT, which the ipset tool never uses),
// so a batch costs a few dozen round trips.

// ipset netlink protocol numbers (include/uapi/linux/netfilter/ipset/ip_set.h).
const (
	ipsetProtocol    = 6
	ipsetCmdAdd      = 9
	ipsetCmdDel      = 10
	ipsetCmdTest     = 11
	ipsetAttrProto   = 1
	ipsetAttrSetname = 2
	ipsetAttrData    = 7
	ipsetAttrADT     = 8
	ipsetAttrLineno  = 9
	ipsetAttrIP      = 1
	ipsetAttrCIDR    = 3
	ipsetAttrTimeout = 6
	ipsetAttrIPv4    = 1
	ipsetAttrIPv6    = 2
	ipsetErrPrivate  = 4096
	ipsetErrExist    = ipsetErrPrivate + 7 // IPSET_ERR_EXIST: test found nothing
	nlaNetByteOrder  = 1 << 14
	// maxADTBytes keeps one request's entry list under the 64 KiB limit
	// of a netlink attribute.
	maxADTBytes = 60 << 10
)

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

// appendEntry encodes one IPSET_ATTR_DATA: address, prefix length and, for
// adds to a timeout set, the timeout in seconds.
func appendEntry(b []byte, p netip.Prefix, secs int64, withTimeout bool) []byte {
	b, d := beginNested(b, ipsetAttrData)
	b, ip := beginNested(b, ipsetAttrIP)
	if p.Addr().Is4() {
		b = appendAttr(b, ipsetAttrIPv4|nlaNetByteOrder, p.Addr().AsSlice())
	} else {
		b = appendAttr(b, ipsetAttrIPv6|nlaNetByteOrder, p.Addr().AsSlice())
	}
	b = endNested(b, ip)
	b = appendAttr(b, ipsetAttrCIDR, []byte{byte(p.Bits())})
	if withTimeout {
		b = appendAttr(b, ipsetAttrTimeout|nlaNetByteOrder, binary.BigEndian.AppendUint32(nil, uint32(secs)))
	}
	return endNested(b, d)
}

// ipsetEntry is one entry to add or delete.
type ipsetEntry struct {
	set     string
	prefix  netip.Prefix
	seconds int64 // 0: no timeout (never expires in a timeout set)
	plain   bool  // the set has no timeouts: send none
}

// ipsetRequests encodes entries as requests of up to maxADTBytes each. Add
// requests carry no NLM_F_EXCL, which the kernel reads as "-exist": adding
// an entry that exists refreshes its timeout, deleting a missing one is not
// an error.
func ipsetRequests(cmd uint16, entries []ipsetEntry) []netlink.Message {
	var msgs []netlink.Message
	var list []byte
	set := ""
	flush := func() {
		if len(list) == 0 {
			return
		}
		var d []byte
		d = appendAttr(d, ipsetAttrProto, []byte{ipsetProtocol})
		d = appendAttr(d, ipsetAttrSetname, append([]byte(set), 0))
		// The kernel insists on a line number with a list (it reports the
		// failing entry's line); entries count from it.
		d = appendAttr(d, ipsetAttrLineno, binary.NativeEndian.AppendUint32(nil, 0))
		d = appendAttr(d, ipsetAttrADT|unix.NLA_F_NESTED, list)
		msgs = append(msgs, netlink.Message{
			Header: netlink.Header{
				Type:  netlink.HeaderType(unix.NFNL_SUBSYS_IPSET<<8 | cmd),
				Flags: netlink.Request | netlink.Acknowledge,
			},
			Data: append([]byte{unix.AF_INET, unix.NFNETLINK_V0, 0, 0}, d...),
		})
		list = nil
	}
	for _, e := range entries {
		if e.set != set || len(list) > maxADTBytes {
			flush()
			set = e.set
		}
		list = appendEntry(list, e.prefix, e.seconds, cmd == ipsetCmdAdd && !e.plain)
	}
	flush()
	return msgs
}

// ipsetTest asks whether each prefix is in set (IPSET_CMD_TEST, one request
// each, ipsetTestChunk to a sendto). In a hash:net set a full-length
// prefix (an address) tests whether any entry covers it; a shorter one
// tests for that exact entry.
// The acks are read straight off the socket into one buffer: the probe's
// rotors look up 2,500 entries a poll in a 100,000-entry list (every entry
// within listCoverEvery), and netlink.Conn.Receive allocated a page per
// ack (10 MB a poll), SendMessages a copy per request (2 MB).
func ipsetTest(nsPath, set string, prefixes []netip.Prefix) ([]bool, error) {
	conn, err := ipsetDial(nsPath)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	rc, err := conn.SyscallConn()
	if err != nil {
		return nil, err
	}
	out := make([]bool, len(prefixes))
	buf := make([]byte, 16<<10)
	head := appendAttr([]byte{unix.AF_INET, unix.NFNETLINK_V0, 0, 0}, ipsetAttrProto, []byte{ipsetProtocol})
	head = appendAttr(head, ipsetAttrSetname, append([]byte(set), 0))
	// The requests of a chunk are written into one buffer, numbered
	// 1..n (the socket is this call's own), and sent in one sendto.
	req := make([]byte, 0, ipsetTestChunk*(unix.NLMSG_HDRLEN+len(head)+ipsetEntryMax))
	var n int
	var rerr, serr error
	read := func(fd uintptr) bool {
		n, rerr = unix.Read(int(fd), buf)
		return rerr != unix.EAGAIN
	}
	write := func(fd uintptr) bool {
		serr = unix.Sendto(int(fd), req, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK})
		return serr != unix.EAGAIN
	}
	for off := 0; off < len(prefixes); off += ipsetTestChunk {
		part := prefixes[off:min(len(prefixes), off+ipsetTestChunk)]
		req = req[:0]
		for i, p := range part {
			at := len(req)
			req = binary.NativeEndian.AppendUint32(req, 0) // length, below
			req = binary.NativeEndian.AppendUint16(req, uint16(unix.NFNL_SUBSYS_IPSET<<8|ipsetCmdTest))
			req = binary.NativeEndian.AppendUint16(req, uint16(netlink.Request|netlink.Acknowledge))
			req = binary.NativeEndian.AppendUint32(req, uint32(i+1))
			req = binary.NativeEndian.AppendUint32(req, 0) // port id: the kernel's
			req = appendEntry(append(req, head...), p, 0, false)
			binary.NativeEndian.PutUint32(req[at:], uint32(len(req)-at))
			for len(req)%unix.NLMSG_ALIGNTO != 0 {
				req = append(req, 0)
			}
		}
		if err := rc.Write(write); err != nil {
			return nil, fmt.Errorf("send ipset tests: %w", err)
		}
		if serr != nil {
			return nil, fmt.Errorf("send ipset tests: %w", serr)
		}
		const first = 1
		if err := conn.SetReadDeadline(time.Now().Add(10 * time.Second)); err != nil {
			return nil, err
		}
		for got := 0; got < len(part); {
			if err := rc.Read(read); err != nil {
				return nil, fmt.Errorf("read the ipset tests' answers: %w", err)
			}
			if rerr != nil {
				return nil, fmt.Errorf("read the ipset tests' answers: %w", rerr)
			}
			for b := buf[:n]; len(b) >= unix.NLMSG_HDRLEN; {
				l := int(binary.NativeEndian.Uint32(b[0:4]))
				if l < unix.NLMSG_HDRLEN || l > len(b) {
					return nil, fmt.Errorf("read the ipset tests' answers: a message of %d bytes in %d", l, len(b))
				}
				typ, seq := binary.NativeEndian.Uint16(b[4:6]), binary.NativeEndian.Uint32(b[8:12])
				body := b[unix.NLMSG_HDRLEN:l]
				b = b[min(len(b), (l+unix.NLMSG_ALIGNTO-1)&^(unix.NLMSG_ALIGNTO-1)):]
				i := int(seq - first)
				if typ != unix.NLMSG_ERROR || i < 0 || i >= len(part) || len(body) < 4 {
					continue
				}
				switch code := int32(binary.NativeEndian.Uint32(body[0:4])); {
				case code == 0:
					out[off+i] = true
				case code == -int32(ipsetErrExist):
				default:
					return nil, ipsetError(unix.Errno(-code))
				}
				got++
			}
		}
	}
	return out, nil
}

// ipsetEntryMax is room for one test's entry (data, ip, an IPv6 address,
// a prefix length: 48 bytes) without growing.
const ipsetEntryMax = 64

// ipsetTestChunk bounds the tests in flight: their acks wait in the
// socket's receive buffer until read.
const ipsetTestChunk = 128

// ipsetDial opens netfilter netlink in the namespace at nsPath (empty: the
// caller's).
func ipsetDial(nsPath string) (*netlink.Conn, error) {
	cfg := &netlink.Config{}
	if nsPath != "" {
		f, err := os.Open(nsPath)
		if err != nil {
			return nil, fmt.Errorf("open network namespace: %w", err)
		}
		defer f.Close()
		cfg.NetNS = int(f.Fd())
	}
	conn, err := netlink.Dial(unix.NETLINK_NETFILTER, cfg)
	if err != nil {
		if errors.Is(err, unix.EPROTONOSUPPORT) {
			return nil, fmt.Errorf("%w (ip_set): %w", firewall.ErrKernelSupport, err)
		}
		return nil, fmt.Errorf("dial netfilter netlink: %w", err)
	}
	_ = conn.SetOption(netlink.CapAcknowledge, true)
	return conn, nil
}

// ipsetSend dials netfilter netlink in the namespace at nsPath (empty: the
// caller's), sends the requests and collects their answers.
func ipsetSend(nsPath string, msgs []netlink.Message) error {
	conn, err := ipsetDial(nsPath)
	if err != nil {
		return err
	}
	defer conn.Close()
	// Requests go a few per sendmsg, within the default socket buffer.
	const perSend = 150 << 10
	for len(msgs) > 0 {
		n, size := 0, 0
		for n < len(msgs) && (n == 0 || size+len(msgs[n].Data) < perSend) {
			size += len(msgs[n].Data) + 16
			n++
		}
		if _, err := conn.SendMessages(msgs[:n]); err != nil {
			return fmt.Errorf("send ipset requests: %w", err)
		}
		for range n {
			if err := conn.SetReadDeadline(time.Now().Add(10 * time.Second)); err != nil {
				return err
			}
			if _, err := conn.Receive(); err != nil {
				return ipsetError(err)
			}
		}
		msgs = msgs[n:]
	}
	return nil
}

// ipsetError names the kernel's ipset error codes that matter here.
func ipsetError(err error) error {
	var errno unix.Errno
	if errors.As(err, &errno) {
		switch {
		case errno == unix.EPERM:
			return fmt.Errorf("%w: %w", firewall.ErrPermission, err)
		case errno == unix.ENOENT:
			return fmt.Errorf("%w (ipset set missing): %w", firewall.ErrNotReady, err)
		case errno == ipsetErrPrivate+256:
			return fmt.Errorf("%w (ipset): %w", firewall.ErrSetFull, err)
		case errno > ipsetErrPrivate:
			return fmt.Errorf("ipset kernel error %d: %w", int(errno), err)
		}
	}
	return fmt.Errorf("ipset request: %w", err)
}

// ipset netlink numbers for a set's header (IPSET_CMD_LIST with
// IPSET_FLAG_LIST_HEADER): the kernel answers with the set's data, its
// number of live entries among them.
const (
	ipsetCmdList        = 7
	ipsetAttrFlags      = 6
	ipsetFlagListHeader = 1 << 2
	ipsetAttrElements   = 24 // IPSET_ATTR_ELEMENTS, inside IPSET_ATTR_DATA
	nlaTypeMask         = 0x3fff
)

// ipsetElements reads each set's number of entries from its header over
// netlink: one request per set, no fork and exec of the ipset tool (a few
// milliseconds, tens under load), and no listing of entries.
func ipsetElements(nsPath string, sets []string) ([]int, error) {
	conn, err := ipsetDial(nsPath)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	out := make([]int, len(sets))
	for i, set := range sets {
		var d []byte
		d = appendAttr(d, ipsetAttrProto, []byte{ipsetProtocol})
		d = appendAttr(d, ipsetAttrSetname, append([]byte(set), 0))
		d = appendAttr(d, ipsetAttrFlags|nlaNetByteOrder, binary.BigEndian.AppendUint32(nil, ipsetFlagListHeader))
		if err := conn.SetDeadline(time.Now().Add(10 * time.Second)); err != nil {
			return nil, err
		}
		msgs, err := conn.Execute(netlink.Message{
			Header: netlink.Header{
				Type:  netlink.HeaderType(unix.NFNL_SUBSYS_IPSET<<8 | ipsetCmdList),
				Flags: netlink.Request | netlink.Dump,
			},
			Data: append([]byte{unix.AF_INET, unix.NFNETLINK_V0, 0, 0}, d...),
		})
		if err != nil {
			return nil, ipsetError(err)
		}
		n, ok := headerElements(msgs)
		if !ok {
			return nil, fmt.Errorf("ipset %s: no entry count in the set's header", set)
		}
		out[i] = n
	}
	return out, nil
}

// headerElements finds IPSET_ATTR_ELEMENTS in IPSET_ATTR_DATA of a list
// header answer.
func headerElements(msgs []netlink.Message) (int, bool) {
	for _, m := range msgs {
		if len(m.Data) < 4 {
			continue
		}
		attrs, err := netlink.UnmarshalAttributes(m.Data[4:])
		if err != nil {
			continue
		}
		for _, a := range attrs {
			if a.Type&nlaTypeMask != ipsetAttrData {
				continue
			}
			inner, err := netlink.UnmarshalAttributes(a.Data)
			if err != nil {
				continue
			}
			for _, e := range inner {
				if e.Type&nlaTypeMask == ipsetAttrElements && len(e.Data) == 4 {
					return int(binary.BigEndian.Uint32(e.Data)), true
				}
			}
		}
	}
	return 0, false
}
