package clientip

import "net/netip"

// Usable reports whether a can be the source address of a client's packets:
// not unspecified (0.0.0.0, ::), not the IPv4 broadcast address, not
// multicast. A log line naming anything else as its client is a bad line
// (a broken proxy, a forged header), and banning such an address would
// block nothing or the host's own traffic.
func Usable(a netip.Addr) bool {
	a = a.Unmap()
	return a.IsValid() && !a.IsUnspecified() && !a.IsMulticast() && a != netip.AddrFrom4([4]byte{255, 255, 255, 255})
}
