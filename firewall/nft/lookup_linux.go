//go:build linux

package nft

import (
	"context"
	"errors"
	"fmt"
	"net/netip"

	"github.com/google/nftables"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"

	"github.com/guardctl/guardctl/firewall"
)

// getElem asks the kernel for one element (NFT_MSG_GETSETELEM without the
// dump flag). In a hash set the key must match; in an interval set a start
// key returns the start of the range holding it, and with end set an end
// element is looked up. It returns nil when there is none.
func (b *Backend) getElem(set string, key netip.Addr, end bool) (*nftables.SetElement, error) {
	return getElemOn(b.raw, b.cfg.Table, set, key, end)
}

// getElemOn is getElem through conn (tests ask on a socket of their own
// while the backend's is busy).
func getElemOn(conn *netlink.Conn, table, set string, key netip.Addr, end bool) (*nftables.SetElement, error) {
	// No ack: the answer is the element or an error, and an ack left
	// queued would confuse the next request.
	msgs, err := conn.Execute(getElemsMsg(table, set, []netip.Addr{key}, end, netlink.Request))
	if errors.Is(err, unix.ENOENT) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("get element %s from set %s: %w", key, set, err)
	}
	for _, m := range msgs {
		if len(m.Data) < 4 {
			continue
		}
		var out []nftables.SetElement
		if err := decodeElems(m.Data[4:], &out); err != nil {
			return nil, err
		}
		for _, e := range out {
			return &e, nil
		}
	}
	return nil, nil
}

// getElemsMsg is an NFT_MSG_GETSETELEM request for keys in set.
func getElemsMsg(table, set string, keys []netip.Addr, end bool, flags netlink.HeaderFlags) netlink.Message {
	var list []byte
	for _, k := range keys {
		list = appendElemFlags(list, k, end)
	}
	var d []byte
	d = appendAttr(d, unix.NFTA_SET_ELEM_LIST_TABLE, cstring(table))
	d = appendAttr(d, unix.NFTA_SET_ELEM_LIST_SET, cstring(set))
	d = appendAttr(d, unix.NFTA_SET_ELEM_LIST_ELEMENTS|unix.NLA_F_NESTED, list)
	return netlink.Message{
		Header: netlink.Header{Type: netlink.HeaderType(unix.NFNL_SUBSYS_NFTABLES<<8 | unix.NFT_MSG_GETSETELEM), Flags: flags},
		Data:   append(nfgenmsg(byte(nftables.TableFamilyINet), 0), d...),
	}
}

// appendElemFlags encodes a key-only element for a lookup.
func appendElemFlags(b []byte, key netip.Addr, end bool) []byte {
	return appendElem(b, key, end, 0)
}

// Lookup returns the bans equal to or covering p: the host ban from the
// hash set (one key lookup), the /64 from ban6net64 (another) and the range of the interval set that holds
// p's address, whose end is found by probing the end keys of the prefixes
// that could start there (at most one lookup per prefix length).
func (b *Backend) Lookup(ctx context.Context, p netip.Prefix) ([]firewall.Entry, error) {
	p, err := firewall.Canonical(p)
	if err != nil {
		return nil, fmt.Errorf("lookup: %w", err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []firewall.Entry
	if p.IsSingleIP() {
		e, err := b.getElem(banSet(p), p.Addr(), false)
		if err != nil {
			return nil, b.explain(err)
		}
		if e != nil {
			out = append(out, firewall.Entry{Prefix: p, Expires: e.Expires})
		}
	}
	if p.Addr().Is6() && p.Bits() >= net64Bits {
		// The /64 around p, one key lookup in ban6net64.
		n := netip.PrefixFrom(p.Addr(), net64Bits).Masked()
		e, err := b.getElem(setBan6Net64, n.Addr(), false)
		if err != nil {
			return nil, b.explain(err)
		}
		if e != nil {
			out = append(out, firewall.Entry{Prefix: n, Expires: e.Expires})
		}
	}
	netSet := netSet(p)
	start, err := b.getElem(netSet, p.Addr(), false)
	if err != nil {
		return nil, b.explain(err)
	}
	if start == nil || start.IntervalEnd {
		return out, nil
	}
	s, ok := netip.AddrFromSlice(start.Key)
	if !ok {
		return out, nil
	}
	for bits := p.Bits(); bits > 0; bits-- {
		q := netip.PrefixFrom(p.Addr(), bits).Masked()
		if q.Addr() != s {
			if q.Addr().Less(s) {
				break // wider prefixes start below the range
			}
			continue
		}
		// From the narrowest up, the first q the range ends after is
		// the range (endsBefore says why an end probe alone is not
		// enough). endsBefore needs the range to hold q's last
		// address; when it does not, no wider q is the range either.
		last := firewall.LastAddr(q)
		if last != s {
			if s2, err := b.startOf(netSet, last); err != nil {
				return nil, b.explain(err)
			} else if s2 != s {
				break
			}
		}
		ends, err := b.endsBefore(netSet, last.Next())
		if err != nil {
			return nil, b.explain(err)
		}
		if !ends {
			continue
		}
		out = append(out, firewall.Entry{Prefix: q, Expires: start.Expires})
		return out, nil
	}
	// No prefix starting at s is the range: it was made by hand and is not
	// one prefix (10.3.0.3-10.3.0.9). Name the prefix of it that holds p,
	// as a read lists the range (review rv40: Lookup found nothing where
	// the kernel blocks).
	piece, err := b.pieceOf(netSet, s, p)
	if err != nil {
		return nil, b.explain(err)
	}
	if piece.IsValid() {
		out = append(out, firewall.Entry{Prefix: piece, Expires: start.Expires})
	}
	return out, nil
}

// pieceOf returns the widest prefix around p inside the range starting at
// s (a range lists as its widest aligned blocks): widening while the
// prefix starts at or after s and its last address is in the same range,
// one lookup per step.
func (b *Backend) pieceOf(set string, s netip.Addr, p netip.Prefix) (netip.Prefix, error) {
	var best netip.Prefix
	for bits := p.Bits(); bits >= 0; bits-- {
		q := netip.PrefixFrom(p.Addr(), bits).Masked()
		if q.Addr().Less(s) {
			break
		}
		if s2, err := b.startOf(set, firewall.LastAddr(q)); err != nil || s2 != s {
			return best, err
		}
		best = q
	}
	return best, nil
}

func keyAddr(k []byte) netip.Addr {
	a, _ := netip.AddrFromSlice(k)
	return a
}
