package protect_test

import (
	"errors"
	"net/netip"
	"strings"
	"sync"
	"testing"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/protect"
	"github.com/guardctl/guardctl/rules"
)

func policy(t *testing.T, toml string) *rules.Policy {
	t.Helper()
	cfg, err := rules.Load(strings.NewReader(toml), "test.toml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := cfg.Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func fixedHost(addrs ...string) protect.Option {
	return protect.WithHostAddresses(func() ([]protect.Addr, error) {
		var out []protect.Addr
		for _, a := range addrs {
			out = append(out, protect.Addr{Addr: netip.MustParseAddr(a), Interface: "eth0"})
		}
		return out, nil
	})
}

func TestCheck(t *testing.T) {
	p := policy(t, `
trusted_proxies = ["192.0.2.10", "2001:db8:1::/48"]
[allow]
ips = ["198.51.100.0/24"]
`)
	c, err := protect.New(p, []netip.Prefix{netip.MustParsePrefix("203.0.113.128/25")}, fixedHost("10.1.2.3", "2001:db8:ff::5"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		pfx  string
		want string // "" = bannable, else a substring of the error
	}{
		{"203.0.113.7/32", ""},
		{"8.8.8.0/24", ""},
		{"2001:db8:2::/48", ""},
		{"127.0.0.1/32", "127.0.0.1 is inside 127.0.0.0/8 (loopback)"},
		{"127.0.0.0/8", "127.0.0.0/8 is protected (loopback)"},
		{"::1/128", "::1 is protected (loopback)"},
		{"0.0.0.0/1", "covers 127.0.0.0/8 (loopback)"},
		{"169.254.169.254/32", "link-local"},
		{"fe80::1/128", "link-local"},
		{"198.51.100.9/32", "inside 198.51.100.0/24 (allow list)"},
		{"198.51.0.0/16", "covers 198.51.100.0/24 (allow list)"},
		{"192.0.2.10/32", "192.0.2.10 is protected (trusted proxy)"},
		{"192.0.2.0/24", "covers 192.0.2.10 (trusted proxy)"},
		{"2001:db8:1:2::/64", "inside 2001:db8:1::/48 (trusted proxy)"},
		{"203.0.113.200/32", "inside 203.0.113.128/25 (protected)"},
		{"10.1.2.3/32", "10.1.2.3 is protected (host address on eth0)"},
		{"10.0.0.0/8", "10.0.0.0/8 covers 10.1.2.3 (host address on eth0)"},
		{"2001:db8:ff::/64", "covers 2001:db8:ff::5 (host address on eth0)"},
		// IPv4-mapped forms are the IPv4 addresses they carry.
		{"::ffff:10.1.2.3/128", "10.1.2.3 is protected"},
		{"::ffff:10.0.0.0/104", "10.0.0.0/8 covers 10.1.2.3"},
		{"::ffff:203.0.113.7/128", ""},
	}
	for _, tt := range tests {
		err := c.Check(netip.MustParsePrefix(tt.pfx))
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("Check(%s) = %v, want nil", tt.pfx, err)
		case tt.want != "" && err == nil:
			t.Errorf("Check(%s) = nil, want error containing %q", tt.pfx, tt.want)
		case tt.want != "" && !strings.Contains(err.Error(), tt.want):
			t.Errorf("Check(%s) = %q, want it to contain %q", tt.pfx, err, tt.want)
		case tt.want != "" && !errors.Is(err, control.ErrProtected):
			t.Errorf("Check(%s) = %v, does not wrap ErrProtected", tt.pfx, err)
		}
	}
	if err := c.Check(netip.Prefix{}); err == nil || errors.Is(err, control.ErrProtected) {
		t.Errorf("Check(invalid) = %v, want a non-protected error", err)
	}
}

// TestRealHostAddresses checks against this machine's own interfaces: each
// must be refused, as must loopback.
func TestRealHostAddresses(t *testing.T) {
	addrs, err := protect.InterfaceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	if len(addrs) == 0 {
		t.Fatal("no interface addresses; even loopback is missing")
	}
	c, err := protect.New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range addrs {
		pfx := netip.PrefixFrom(a.Addr.WithZone(""), a.Addr.BitLen())
		if err := c.Check(pfx); !errors.Is(err, control.ErrProtected) {
			t.Errorf("own address %s on %s: Check = %v, want protected", a.Addr, a.Interface, err)
		}
	}
	off, err := protect.New(nil, nil, protect.WithoutHostAddresses())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range addrs {
		if a.Addr.IsLoopback() || a.Addr.IsLinkLocalUnicast() {
			continue
		}
		pfx := netip.PrefixFrom(a.Addr.WithZone(""), a.Addr.BitLen())
		if err := off.Check(pfx); err != nil {
			t.Errorf("WithoutHostAddresses: own address %s: Check = %v, want nil", a.Addr, err)
		}
	}
}

func TestRefresh(t *testing.T) {
	var mu sync.Mutex
	current := []string{"192.0.2.1"}
	c, err := protect.New(nil, nil, protect.WithHostAddresses(func() ([]protect.Addr, error) {
		mu.Lock()
		defer mu.Unlock()
		var out []protect.Addr
		for _, a := range current {
			out = append(out, protect.Addr{Addr: netip.MustParseAddr(a)})
		}
		return out, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	old, next := netip.MustParsePrefix("192.0.2.1/32"), netip.MustParsePrefix("192.0.2.2/32")
	if c.Check(old) == nil || c.Check(next) != nil {
		t.Fatalf("before refresh: old=%v next=%v", c.Check(old), c.Check(next))
	}
	mu.Lock()
	current = []string{"192.0.2.2"}
	mu.Unlock()
	// Refresh races with readers in the daemon; -race checks the swap.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 100 {
			_ = c.Check(old)
		}
	}()
	if err := c.Refresh(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if c.Check(old) != nil || c.Check(next) == nil {
		t.Fatalf("after refresh: old=%v next=%v", c.Check(old), c.Check(next))
	}
}

// TestNeverClients: unspecified, broadcast and multicast addresses are
// never banned, not even with --force (Unbannable), and Check refuses them
// for automatic bans.
func TestNeverClients(t *testing.T) {
	c, err := protect.New(nil, nil, fixedHost())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"0.0.0.0/32", "255.255.255.255/32", "224.0.0.1/32", "239.1.2.0/24", "ff02::1/128", "::/128"} {
		p := netip.MustParsePrefix(s)
		if err := protect.Unbannable(p); !errors.Is(err, control.ErrInvalid) {
			t.Errorf("Unbannable(%s) = %v, want ErrInvalid", s, err)
		}
		if err := c.Check(p); err == nil {
			t.Errorf("Check(%s) = nil, want a refusal", s)
		}
	}
	for _, s := range []string{"203.0.113.7/32", "2001:db8::/64", "0.0.0.1/32", "224.0.0.0/3", "fe00::/7", "255.255.255.254/32"} {
		if err := protect.Unbannable(netip.MustParsePrefix(s)); err != nil {
			t.Errorf("Unbannable(%s) = %v", s, err)
		}
	}
}
