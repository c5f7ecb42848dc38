// Package protect decides which addresses guardctl must never ban unless an
// admin forces it: loopback, the allowlist, trusted proxies and the host's
// own addresses. Both the daemon and the offline admin commands ask it, so a
// ban can never lock the host out through either path.
package protect

import (
	"fmt"
	"net"
	"net/netip"
	"sync/atomic"

	"github.com/gaissmai/bart"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/ipprefix"
	"github.com/guardctl/guardctl/rules"
)

// Checker answers whether a prefix may be banned. It is safe for concurrent
// use; Refresh may run while other goroutines call Check.
type Checker struct {
	// static never changes after New: loopback, link-local, the policy's
	// lists and the extra prefixes. Values say where an entry comes from.
	static *bart.Table[string]
	// host holds the host's own addresses; Refresh swaps it whole so a
	// reader never sees a half-built table.
	host      atomic.Pointer[bart.Table[string]]
	withHost  bool
	hostAddrs func() ([]Addr, error)
	// sourceProxies are the sources' own trusted proxies (WithSources).
	sourceProxies []netip.Prefix
}

// Addr is one of the host's own addresses and the interface carrying it.
type Addr struct {
	Addr      netip.Addr
	Interface string
}

// Option changes a Checker.
type Option func(*Checker)

// WithoutHostAddresses leaves the host's own addresses unprotected (the
// daemon's protect_host_addresses = false).
func WithoutHostAddresses() Option { return func(c *Checker) { c.withHost = false } }

// WithHostAddresses replaces the source of the host's addresses (default:
// the interfaces of the calling process's network namespace), e.g. for a
// daemon enforcing in another namespace.
func WithHostAddresses(fn func() ([]Addr, error)) Option {
	return func(c *Checker) { c.hostAddrs = fn }
}

// WithSources protects the trusted proxies each [[source]] of cfg names for
// itself (trusted_proxies inside a source replaces the top-level list for
// that log, so the policy's list alone misses them): banning a site's load
// balancer would lock out every client behind it.
func WithSources(cfg *rules.Config) Option {
	return func(c *Checker) {
		if cfg == nil {
			return
		}
		for _, sc := range cfg.Sources {
			for _, e := range sc.TrustedProxies {
				if p, err := rules.ParsePrefix(e); err == nil { // validated by Load
					c.sourceProxies = append(c.sourceProxies, p)
				}
			}
		}
	}
}

// alwaysProtected are ranges no ban can sensibly mean: banning loopback cuts
// the host off from itself, and link-local carries IPv6 neighbour discovery
// and DHCP/metadata services the host needs to stay reachable.
func alwaysProtected() []struct {
	pfx   netip.Prefix
	label string
} {
	return []struct {
		pfx   netip.Prefix
		label string
	}{
		{netip.MustParsePrefix("127.0.0.0/8"), "loopback"},
		{netip.MustParsePrefix("::1/128"), "loopback"},
		{netip.MustParsePrefix("169.254.0.0/16"), "link-local"},
		{netip.MustParsePrefix("fe80::/10"), "link-local"},
	}
}

// Unbannable refuses, even with --force, a ban of an address no client can
// send from: unspecified (0.0.0.0, ::), broadcast (255.255.255.255) or
// multicast (224.0.0.0/4, ff00::/8), or a prefix inside those ranges. No
// packet's source is in them: a line naming one is a bad line, and a ban
// would block nothing, or the host's own discovery traffic. A wide ban
// covering them (0.0.0.0/1) is judged by the other protections.
func Unbannable(pfx netip.Prefix) error {
	n, err := normalize(pfx)
	if err != nil {
		return err
	}
	// The ranges of neverClients, tested without building them: this runs
	// for every ban decision.
	a := n.Addr()
	label := ""
	switch {
	case n.IsSingleIP() && a.IsUnspecified():
		label = "unspecified"
	case n.IsSingleIP() && a == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		label = "broadcast"
	case a.Is4() && a.IsMulticast() && n.Bits() >= 4, a.Is6() && a.IsMulticast() && n.Bits() >= 8:
		label = "multicast"
	default:
		return nil
	}
	return fmt.Errorf("%s is %s, never a client's address: %w", show(n), label, control.ErrInvalid)
}

// New builds a Checker from the policy's allow list and trusted proxies (p
// may be nil), the fixed loopback and link-local ranges, extra prefixes the
// caller protects as well, and the host's own addresses read now (see
// Refresh).
func New(p *rules.Policy, extra []netip.Prefix, opts ...Option) (*Checker, error) {
	c := &Checker{static: new(bart.Table[string]), withHost: true, hostAddrs: InterfaceAddrs}
	for _, o := range opts {
		o(c)
	}
	if p != nil {
		if p.Allow != nil {
			for pfx := range p.Allow.All() {
				c.static.Insert(pfx, "allow list")
			}
		}
		if p.TrustedProxies != nil {
			for pfx := range p.TrustedProxies.All() {
				c.static.Insert(pfx, "trusted proxy")
			}
		}
	}
	for _, pfx := range c.sourceProxies {
		if n, err := normalize(pfx); err == nil {
			c.static.Insert(n, "trusted proxy")
		}
	}
	// Inserted after the lists so that "loopback" names 127.0.0.0/8 even
	// when the allow list repeats it, as the default policy does.
	for _, e := range alwaysProtected() {
		c.static.Insert(e.pfx, e.label)
	}
	for _, pfx := range extra {
		n, err := normalize(pfx)
		if err != nil {
			return nil, fmt.Errorf("protect %s: %w", pfx, err)
		}
		c.static.Insert(n, "protected")
	}
	c.host.Store(new(bart.Table[string]))
	if err := c.Refresh(); err != nil {
		return nil, err
	}
	return c, nil
}

// ForConfig is the Checker a daemon running cfg and pol protects with:
// the policy's lists, each [[source]]'s own trusted proxies, and the host's
// addresses unless daemon.protect_host_addresses is off. The daemon and the
// offline admin verbs both build theirs here, so a ban one path refuses
// the other refuses too.
func ForConfig(cfg *rules.Config, pol *rules.Policy) (*Checker, error) {
	opts := []Option{WithSources(cfg)}
	if cfg != nil && !cfg.Daemon.ProtectHostAddresses {
		opts = append(opts, WithoutHostAddresses())
	}
	c, err := New(pol, nil, opts...)
	if err != nil {
		return nil, fmt.Errorf("protected addresses: %w", err)
	}
	return c, nil
}

// Refresh rereads the host's own addresses. The daemon calls it when
// addresses change (DHCP, a new interface), since a stale list could let
// a ban cut the host off from its new address.
func (c *Checker) Refresh() error {
	t := new(bart.Table[string])
	if c.withHost {
		addrs, err := c.hostAddrs()
		if err != nil {
			return fmt.Errorf("read host addresses: %w", err)
		}
		for _, a := range addrs {
			if !a.Addr.IsValid() {
				continue
			}
			ip := a.Addr.Unmap().WithZone("")
			label := "host address"
			if a.Interface != "" {
				label += " on " + a.Interface
			}
			t.Insert(netip.PrefixFrom(ip, ip.BitLen()), label)
		}
	}
	c.host.Store(t)
	return nil
}

// InterfaceAddrs lists the addresses of every interface in the calling
// thread's network namespace.
func InterfaceAddrs() ([]Addr, error) {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil, err
	}
	var out []Addr
	for _, ifc := range ifs {
		addrs, err := ifc.Addrs()
		if err != nil {
			return nil, fmt.Errorf("addresses of %s: %w", ifc.Name, err)
		}
		for _, a := range addrs {
			var ip net.IP
			switch v := a.(type) {
			case *net.IPNet:
				ip = v.IP
			case *net.IPAddr:
				ip = v.IP
			}
			if na, ok := netip.AddrFromSlice(ip); ok {
				out = append(out, Addr{Addr: na.Unmap(), Interface: ifc.Name})
			}
		}
	}
	return out, nil
}

// Check returns nil when pfx may be banned. Otherwise the error is a
// *control.ProtectedError (it wraps control.ErrProtected) naming the
// protected address or range pfx covers or lies inside: banning 10.0.0.0/8
// on a host with 10.1.2.3 is refused as surely as banning 10.1.2.3.
func (c *Checker) Check(pfx netip.Prefix) error {
	n, err := normalize(pfx)
	if err != nil {
		return err
	}
	if err := Unbannable(n); err != nil {
		return err
	}
	for _, t := range []*bart.Table[string]{c.static, c.host.Load()} {
		// Inside a protected range: the most specific one reads best.
		if super, label, ok := t.LookupPrefixLPM(n); ok {
			if super == n {
				return &control.ProtectedError{Detail: fmt.Sprintf("%s is protected (%s)", show(n), label)}
			}
			return &control.ProtectedError{Detail: fmt.Sprintf("%s is inside %s", show(n), describe(super, label))}
		}
		for sub, label := range t.Subnets(n) {
			return &control.ProtectedError{Detail: fmt.Sprintf("%s covers %s", show(n), describe(sub, label))}
		}
	}
	return nil
}

func describe(p netip.Prefix, label string) string {
	return fmt.Sprintf("%s (%s)", show(p), label)
}

// show prints a prefix as every admin output does.
func show(p netip.Prefix) string { return ipprefix.String(p) }

// normalize keys pfx as the store and the kernel do (ipprefix.Canonical).
func normalize(pfx netip.Prefix) (netip.Prefix, error) {
	if !pfx.IsValid() {
		return netip.Prefix{}, fmt.Errorf("invalid prefix %q", pfx)
	}
	return ipprefix.Canonical(pfx), nil
}
