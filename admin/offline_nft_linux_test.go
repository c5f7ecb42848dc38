package admin_test

import (
	"context"
	"errors"
	"log/slog"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/admin"
	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/backend"
	"github.com/guardctl/guardctl/internal/netnstest"
	"github.com/guardctl/guardctl/protect"
	"github.com/guardctl/guardctl/state"
)

const port = 8080

// Wait limits as in firewalltest: a dropped connect hangs, an allowed one
// on a veth pair takes well under a millisecond.
const (
	blockedWait = 400 * time.Millisecond
	allowedWait = 5 * time.Second
)

// TestOfflineNFTables runs the offline path against the real nftables
// backend in a namespace pair: an offline ban blocks the client's TCP
// connections, an offline CIDR unban restores them, and list shows what
// the kernel holds, including elements the store does not know.
func TestOfflineNFTables(t *testing.T) {
	netnstest.Require(t, "nft")
	v4, other4, v6 := netip.MustParseAddr("10.99.0.7"), netip.MustParseAddr("10.99.0.8"), netip.MustParseAddr("fd00:99::7")
	srv, client := netnstest.Pair(t, v4, other4, v6)
	srv.Serve(t, port)
	dst := func(a netip.Addr) netip.AddrPort {
		if a.Is4() {
			return netip.AddrPortFrom(netnstest.ServerV4(), port)
		}
		return netip.AddrPortFrom(netnstest.ServerV6(), port)
	}
	expect := func(a netip.Addr, want bool, when string) {
		t.Helper()
		wait := blockedWait
		if want {
			wait = allowedWait
		}
		err := client.Connect(a, dst(a), wait)
		if got := err == nil; got != want {
			t.Errorf("%s: connect from %s: %v, want connected=%v", when, a, err, want)
		}
	}

	ctx := context.Background()
	stateDir := t.TempDir()
	cfg := firewall.DefaultConfig()
	cfg.NetNS = srv.Path
	// open is what one `guardctl ban` process does: its own store handle
	// and backend, closed when it ends.
	open := func() (*admin.Offline, firewall.Backend, func()) {
		st, err := state.Open(stateDir, state.Options{})
		if err != nil {
			t.Fatal(err)
		}
		fw, err := backend.New(ctx, cfg, slog.New(slog.DiscardHandler))
		if err != nil {
			st.Close()
			t.Fatal(err)
		}
		chk, err := protect.New(nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		return admin.NewOffline(nil, nil, st, fw, chk, admin.Options{}), fw, func() { fw.Close(); st.Close() }
	}

	for _, a := range []netip.Addr{v4, other4, v6} {
		expect(a, true, "before any ban")
	}

	// The table does not exist yet: Ban creates it.
	first, _, closeFirst := open()
	if _, err := first.Ban(ctx, control.BanRequest{Prefix: netip.PrefixFrom(v4, 32), Duration: time.Hour, Reason: "manual"}); err != nil {
		t.Fatal(err)
	}
	if _, err := first.Ban(ctx, control.BanRequest{Prefix: netip.PrefixFrom(v6, 128), Duration: 2 * time.Hour}); err != nil {
		t.Fatal(err)
	}
	_, err := first.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("127.0.0.0/8"), Duration: time.Hour})
	if !errors.Is(err, control.ErrProtected) {
		t.Fatalf("ban loopback = %v, want ErrProtected", err)
	}
	closeFirst()

	expect(v4, false, "after offline ban")
	expect(v6, false, "after offline ban")
	expect(other4, true, "after offline ban")
	set := srv.Run(t, "nft", "list", "set", "inet", "guardctl", "ban4")
	if !strings.Contains(set, "10.99.0.7 timeout 1h") || strings.Contains(set, "127.0.0.0") {
		t.Errorf("kernel set ban4:\n%s", set)
	}

	// A fresh process unbans the network around the first one's ban, as a
	// second `guardctl` command does: it has loaded nothing and must still
	// take the stored ban out of the kernel (review finding: it reported it
	// lifted and left it there); another puts the ban back.
	unbanner, _, closeUnbanner := open()
	if lifted, err := unbanner.Unban(ctx, control.UnbanRequest{Prefixes: []netip.Prefix{netip.PrefixFrom(v4, 24).Masked()}}); err != nil || len(lifted) != 1 {
		t.Errorf("fresh process's network unban: %+v, %v", lifted, err)
	}
	closeUnbanner()
	expect(v4, true, "after a fresh process's network unban")
	banner, _, closeBanner := open()
	if _, err := banner.Ban(ctx, control.BanRequest{Prefix: netip.PrefixFrom(v4, 32), Duration: time.Hour, Reason: "manual"}); err != nil {
		t.Fatal(err)
	}
	closeBanner()
	expect(v4, false, "after a fresh process's ban")

	// A later process: list sees the bans in the kernel, and an element
	// put there behind the store's back.
	svc, fw, done := open()
	defer done()
	if err := fw.Ban(ctx, []firewall.Ban{{Prefix: netip.MustParsePrefix("10.99.0.8/32"), Timeout: time.Hour}}); err != nil {
		t.Fatal(err)
	}
	bans, err := svc.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byPrefix := map[string]control.BanInfo{}
	for _, b := range bans {
		byPrefix[b.Prefix] = b
	}
	if len(bans) != 3 || !byPrefix["10.99.0.7"].InKernel || !byPrefix["fd00:99::7"].InKernel {
		t.Fatalf("list: %+v", bans)
	}
	if b := byPrefix["10.99.0.8"]; !b.InKernel || b.Origin != "unknown" || b.Expires.IsZero() {
		t.Errorf("kernel-only element listed as %+v", b)
	}
	st, err := svc.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Backend.Name != "nftables" || !st.Backend.Healthy || st.Backend.Elements != 3 || st.ActiveBans != 2 {
		t.Errorf("status: %+v", st)
	}

	// Unbanning the network lifts the stored ban and the unknown element.
	lifted, err := svc.Unban(ctx, control.UnbanRequest{Prefixes: []netip.Prefix{netip.MustParsePrefix("10.99.0.0/24")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(lifted) != 2 {
		t.Errorf("unban 10.99.0.0/24 lifted %+v", lifted)
	}
	expect(v4, true, "after offline CIDR unban")
	expect(other4, true, "after offline CIDR unban")
	expect(v6, false, "after unbanning only the IPv4 network")

	if _, err := svc.Unban(ctx, control.UnbanRequest{All: true}); err != nil {
		t.Fatal(err)
	}
	expect(v6, true, "after unban --all")
	if entries, err := fw.List(ctx); err != nil || len(entries) != 0 {
		t.Errorf("kernel after unban --all: %+v, %v", entries, err)
	}
	if bans, err := svc.List(ctx); err != nil || len(bans) != 0 {
		t.Errorf("list after unban --all: %+v, %v", bans, err)
	}
}

// TestOfflineKernelRefuses: a daemon owns the table (Config.Owner) but its
// socket does not answer. The offline ban is stored, the kernel refuses it,
// and the error says both, so the admin knows a starting daemon applies it.
func TestOfflineKernelRefuses(t *testing.T) {
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	ctx := context.Background()
	cfg := firewall.DefaultConfig()
	cfg.NetNS = ns.Path
	owner := cfg
	owner.Owner = true
	daemonFW, err := backend.New(ctx, owner, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer daemonFW.Close()
	if err := daemonFW.Ensure(ctx); err != nil {
		t.Fatal(err)
	}

	st, err := state.Open(t.TempDir(), state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fw, err := backend.New(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer fw.Close()
	chk, err := protect.New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	svc := admin.NewOffline(nil, nil, st, fw, chk, admin.Options{})
	info, err := svc.Ban(ctx, control.BanRequest{Prefix: netip.MustParsePrefix("203.0.113.7/32"), Duration: time.Hour})
	if !errors.Is(err, admin.ErrKernel) || !errors.Is(err, firewall.ErrOwned) {
		t.Fatalf("ban into an owned table = %v, want ErrKernel and ErrOwned", err)
	}
	if info.InKernel || info.Prefix != "203.0.113.7" {
		t.Errorf("ban answer = %+v", info)
	}
	if _, ok, err := st.Ban(netip.MustParsePrefix("203.0.113.7/32")); err != nil || !ok {
		t.Errorf("refused ban not kept in the store: %v %v", ok, err)
	}
	if entries, err := daemonFW.List(ctx); err != nil || len(entries) != 0 {
		t.Errorf("owned table changed: %+v, %v", entries, err)
	}
}
