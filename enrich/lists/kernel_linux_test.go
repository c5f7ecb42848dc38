//go:build linux

package lists

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/ipt"
	"github.com/guardctl/guardctl/firewall/nft"
	"github.com/guardctl/guardctl/internal/netnstest"
	"github.com/guardctl/guardctl/rules"
)

const port = 8080

var (
	listed   = netip.MustParseAddr("10.99.0.20") // in the feed from the start
	moved    = netip.MustParseAddr("10.99.0.21") // in the first copy only
	clean    = netip.MustParseAddr("10.99.0.22") // never listed
	listed6  = netip.MustParseAddr("fd00:99::20")
	allowed  = netip.MustParseAddr("10.99.0.23") // listed, but on the allow list
	serverV4 = netip.AddrPortFrom(netnstest.ServerV4(), port)
	serverV6 = netip.AddrPortFrom(netnstest.ServerV6(), port)
)

func openNFT(t testing.TB, ns *netnstest.NS) firewall.Backend {
	t.Helper()
	cfg := firewall.DefaultConfig()
	cfg.NetNS = ns.Path
	ctx := context.Background()
	b, err := nft.New(ctx, cfg, nil)
	if err != nil {
		t.Fatalf("nft.New: %v", err)
	}
	return ensure(t, b)
}

func openIPT(t testing.TB, ns *netnstest.NS) firewall.Backend {
	t.Helper()
	cfg := firewall.DefaultConfig()
	cfg.Backend = firewall.BackendIPTables
	cfg.NetNS = ns.Path
	b, err := ipt.New(context.Background(), cfg, nil)
	if err != nil {
		t.Fatalf("ipt.New: %v", err)
	}
	return ensure(t, b)
}

func ensure(t testing.TB, b firewall.Backend) firewall.Backend {
	t.Helper()
	ctx := context.Background()
	t.Cleanup(func() { b.Close() })
	if err := b.Ensure(ctx); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	return b
}

func fileSet(t testing.TB, dir, list string) *Set {
	t.Helper()
	os.WriteFile(filepath.Join(dir, "feed.txt"), []byte(list), 0o644)
	cfg, err := rules.Load(strings.NewReader("[allow]\nips = [\"10.99.0.23\"]\n[[feed]]\nname = \"local\"\nfile = \"feed.txt\"\n"), filepath.Join(dir, "g.toml"))
	if err != nil {
		t.Fatal(err)
	}
	pol, err := cfg.Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return New(cfg, pol, nil, filepath.Join(dir, "state"))
}

func connects(client *netnstest.NS, src netip.Addr, wait time.Duration) bool {
	dst := serverV4
	if src.Is6() {
		dst = serverV6
	}
	return client.Connect(src, dst, wait) == nil
}

// A listed network is dropped by the kernel before any log line names it:
// the client's first packet never reaches the server. The allow list
// still wins over a list, and a refresh swaps the list atomically: an
// address in both versions is never let through while lists reload.
func TestKernelListsDropUpFront(t *testing.T) {
	netnstest.Require(t, "nft")
	kernelListsDropUpFront(t, openNFT)
}

// The same through iptables and ipset sets.
func TestKernelListsDropUpFrontIPTables(t *testing.T) {
	netnstest.Require(t, "iptables", "ipset")
	kernelListsDropUpFront(t, openIPT)
}

func kernelListsDropUpFront(t *testing.T, open func(testing.TB, *netnstest.NS) firewall.Backend) {
	srv, client := netnstest.Pair(t, listed, moved, clean, allowed, listed6)
	srv.Serve(t, port)
	fw := open(t, srv)
	for _, a := range []netip.Addr{listed, moved, clean, allowed, listed6} {
		if !connects(client, a, 5*time.Second) {
			t.Fatalf("%s cannot connect before any list", a)
		}
	}
	dir := t.TempDir()
	set := fileSet(t, dir, "10.99.0.20\n10.99.0.21/32\n10.99.0.23\nfd00:99::20/128\n")
	// The allow list goes to the kernel as the daemon sends it.
	if err := fw.SetAllow(context.Background(), []netip.Prefix{netip.PrefixFrom(allowed, 32)}); err != nil {
		t.Fatal(err)
	}
	ld := &Loader{Set: set, Kernel: fw}
	ctx := context.Background()
	if err := ld.ApplyAll(ctx); err != nil {
		t.Fatal(err)
	}
	want := map[netip.Addr]bool{listed: false, moved: false, clean: true, allowed: true, listed6: false}
	for a, ok := range want {
		if got := connects(client, a, waitFor(ok)); got != ok {
			t.Errorf("after loading: %s connected=%v, want %v", a, got, ok)
		}
	}

	// Swap: the new copy drops `moved` and keeps `listed`. Reload it many
	// times while `listed` keeps trying: not one attempt may pass.
	os.WriteFile(filepath.Join(dir, "feed.txt"), []byte("10.99.0.20\nfd00:99::20\n"), 0o644)
	var leaked atomic.Int32
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if connects(client, listed, 100*time.Millisecond) {
				leaked.Add(1)
			}
		}
	})
	for i := range 30 {
		body := "10.99.0.20\nfd00:99::20\n"
		if i%2 == 1 {
			body += "10.99.0.21\n" // flip the other address in and out
		}
		if err := fw.SetList(ctx, "f_local", mustEntries(t, body)); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	if n := leaked.Load(); n > 0 {
		t.Errorf("%d connections from a listed address passed during reloads", n)
	}
	os.WriteFile(filepath.Join(dir, "feed.txt"), []byte("10.99.0.20\nfd00:99::20\n"), 0o644)
	os.Chtimes(filepath.Join(dir, "feed.txt"), time.Now(), time.Now().Add(time.Minute))
	ld.Tick(ctx) // the file changed: reloaded
	if !connects(client, moved, 5*time.Second) {
		t.Errorf("%s still dropped after the list no longer has it", moved)
	}
	if connects(client, listed, waitFor(false)) {
		t.Errorf("%s passes after the reload", listed)
	}
}

func mustEntries(t testing.TB, body string) []netip.Prefix {
	ps, _, err := parseList([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func waitFor(ok bool) time.Duration {
	if ok {
		return 5 * time.Second
	}
	return 400 * time.Millisecond
}

// many returns n distinct /24 and /32 networks of both families.
func many(n int) []byte {
	var b strings.Builder
	b.WriteString("; generated\n")
	for i := range n {
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "%d.%d.%d.0/24 ; SBL%d\n", 11+i>>16%200, i>>8&255, i&255, i)
		case 1:
			fmt.Fprintf(&b, "%d.%d.%d.7\n", 11+i>>16%200, i>>8&255, i&255)
		case 2:
			fmt.Fprintf(&b, "2001:db8:%x:%x::/64\n", i>>16, i&0xffff)
		default:
			fmt.Fprintf(&b, "2001:db9:%x:%x::1\n", i>>16, i&0xffff)
		}
	}
	return []byte(b.String())
}

// TestLoad100k loads a 100,000-entry feed into the kernel through the
// same path the daemon uses (parse, merge, SetList) and checks it is all
// there. BenchmarkLoad100k measures the time (target: <= 1 s).
func TestLoad100k(t *testing.T) {
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	fw := openNFT(t, ns)
	set := fileSet(t, t.TempDir(), string(many(100_000)))
	ld := &Loader{Set: set, Kernel: fw}
	start := time.Now()
	n, err := ld.Apply(context.Background(), set.Lists()[0])
	if err != nil {
		t.Fatal(err)
	}
	first := time.Since(start)
	start = time.Now()
	if _, err := ld.Apply(context.Background(), set.Lists()[0]); err != nil {
		t.Fatal(err)
	}
	t.Logf("100,000 entries: first load %v, replacing them %v (measurement only; see BenchmarkLoad100k)", first, time.Since(start))
	c, err := fw.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n != 100_000 || c.Lists["f_local"] != 100_000 {
		t.Errorf("loaded %d, kernel holds %d, want 100000", n, c.Lists["f_local"])
	}
}

// BenchmarkLoad100k: a 100,000-entry feed from its file into an empty
// kernel list (parse, merge, SetList): what a daemon start costs.
func BenchmarkLoad100k(b *testing.B) { benchLoad(b, true) }

// BenchmarkReplace100k: the same list loaded over its previous content
// (a refresh: one transaction flushes and refills the sets).
func BenchmarkReplace100k(b *testing.B) { benchLoad(b, false) }

func benchLoad(b *testing.B, fresh bool) {
	netnstest.Require(b, "nft")
	ns := netnstest.New(b)
	fw := openNFT(b, ns)
	set := fileSet(b, b.TempDir(), string(many(100_000)))
	ld := &Loader{Set: set, Kernel: fw}
	l := set.Lists()[0]
	ctx := context.Background()
	if _, err := ld.Apply(ctx, l); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if fresh {
			b.StopTimer()
			if err := fw.RemoveList(ctx, l.Name); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		if _, err := ld.Apply(ctx, l); err != nil {
			b.Fatal(err)
		}
	}
}
