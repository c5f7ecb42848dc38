//go:build linux

package nft

import (
	"encoding/binary"
	"testing"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"

	"github.com/guardctl/guardctl/firewall"
)

// setMsg encodes a GETSET answer's attributes as the kernel does.
func setMsg(name string, flags, count uint32) []byte {
	var b []byte
	b = appendAttr(b, unix.NFTA_SET_TABLE, cstring("guardctl"))
	b = appendAttr(b, unix.NFTA_SET_NAME, cstring(name))
	b = appendAttr(b, unix.NFTA_SET_FLAGS, binary.BigEndian.AppendUint32(nil, flags))
	b = appendAttr(b, unix.NFTA_SET_KEY_LEN, binary.BigEndian.AppendUint32(nil, 4))
	return appendAttr(b, attrSetCount, binary.BigEndian.AppendUint32(nil, count))
}

func TestParseSetInfo(t *testing.T) {
	s, err := parseSetInfo(setMsg("ban4", unix.NFT_SET_TIMEOUT, 100000))
	if err != nil || s.name != "ban4" || !s.timeout() || s.interval() || !s.hasCount || s.count != 100000 {
		t.Errorf("parseSetInfo = %+v, %v", s, err)
	}
	if s, err := parseSetInfo(setMsg("l_feed4", unix.NFT_SET_INTERVAL, 3)[:20]); err == nil && s.hasCount {
		t.Errorf("a truncated message gave a count: %+v", s)
	}
}

// FuzzParseSetInfo: any bytes from the kernel decode or fail, never crash.
func FuzzParseSetInfo(f *testing.F) {
	f.Add(setMsg("ban4", unix.NFT_SET_TIMEOUT, 7))
	f.Add(setMsg("bannet6", unix.NFT_SET_INTERVAL|unix.NFT_SET_TIMEOUT, 0))
	f.Add([]byte{4, 0, 2, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := parseSetInfo(b)
		if err == nil && s.count < 0 {
			t.Errorf("negative count %d", s.count)
		}
	})
}

func event(typ uint16, pid uint32, family byte, attrs []byte) netlink.Message {
	return netlink.Message{
		Header: netlink.Header{Type: netlink.HeaderType(unix.NFNL_SUBSYS_NFTABLES<<8 | typ), PID: pid},
		Data:   append(nfgenmsg(family, 0), attrs...),
	}
}

func TestEventReason(t *testing.T) {
	b := &Backend{cfg: firewall.DefaultConfig()}
	setElems := appendAttr(appendAttr(nil, unix.NFTA_SET_ELEM_LIST_TABLE, cstring("guardctl")), unix.NFTA_SET_ELEM_LIST_SET, cstring("ban4"))
	other := appendAttr(appendAttr(nil, unix.NFTA_SET_ELEM_LIST_TABLE, cstring("other")), unix.NFTA_SET_ELEM_LIST_SET, cstring("ban4"))
	allowElems := appendAttr(appendAttr(nil, unix.NFTA_SET_ELEM_LIST_TABLE, cstring("guardctl")), unix.NFTA_SET_ELEM_LIST_SET, cstring("allow4"))
	for _, c := range []struct {
		name    string
		m       netlink.Message
		want    bool
		suspect string
	}{
		{"flush of our set by another socket", event(unix.NFT_MSG_DELSETELEM, 99, unix.NFPROTO_INET, setElems), true, ""},
		{"our own change", event(unix.NFT_MSG_DELSETELEM, 7, unix.NFPROTO_INET, setElems), false, ""},
		{"another table", event(unix.NFT_MSG_DELSETELEM, 99, unix.NFPROTO_INET, other), false, ""},
		{"another family", event(unix.NFT_MSG_DELSETELEM, 99, unix.NFPROTO_IPV4, setElems), false, ""},
		{"elements added to a ban set: audit it", event(unix.NFT_MSG_NEWSETELEM, 99, unix.NFPROTO_INET, setElems), false, "ban4"},
		{"our own elements", event(unix.NFT_MSG_NEWSETELEM, 7, unix.NFPROTO_INET, setElems), false, ""},
		{"elements added to the allow set", event(unix.NFT_MSG_NEWSETELEM, 99, unix.NFPROTO_INET, allowElems), true, ""},
		{"table deleted", event(unix.NFT_MSG_DELTABLE, 99, unix.NFPROTO_INET, appendAttr(nil, unix.NFTA_TABLE_NAME, cstring("guardctl"))), true, ""},
	} {
		r, suspect := b.eventReason(c.m, 7)
		if got := r != ""; got != c.want || suspect != c.suspect {
			t.Errorf("%s: reported %v, suspect %q; want %v, %q", c.name, got, suspect, c.want, c.suspect)
		}
	}
}

// FuzzEventReason: any multicast message is classified without crashing.
func FuzzEventReason(f *testing.F) {
	f.Add(uint16(unix.NFT_MSG_DELSETELEM), uint32(9), append(nfgenmsg(unix.NFPROTO_INET, 0), appendAttr(nil, 1, cstring("guardctl"))...))
	f.Add(uint16(unix.NFT_MSG_DELRULE), uint32(0), []byte{1, 0, 0})
	b := &Backend{cfg: firewall.DefaultConfig()}
	f.Fuzz(func(t *testing.T, typ uint16, pid uint32, data []byte) {
		m := netlink.Message{Header: netlink.Header{Type: netlink.HeaderType(unix.NFNL_SUBSYS_NFTABLES<<8 | typ&0xff), PID: pid}, Data: data}
		_, _ = b.eventReason(m, 1)
	})
}
