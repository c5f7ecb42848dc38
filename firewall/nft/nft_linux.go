//go:build linux

// Package nft enforces bans with nftables through netlink (no nft binary at
// run time): one table of guardctl's own with allow and ban sets whose
// elements carry per-element timeouts, and a base chain per hook.
package nft

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/netip"
	"os"
	"sync"
	"time"

	"github.com/google/nftables"
	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"

	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/internal/loaded"
)

// Backend is the nftables implementation of firewall.Backend. Its methods
// serialise on one lasting netlink socket, so it is safe for concurrent use.
type Backend struct {
	cfg firewall.Config
	log *slog.Logger

	mu        sync.Mutex
	ns        *os.File        // the target network namespace, if any
	conn      *nftables.Conn  // lasting: with Config.Owner the table belongs to this socket
	raw       *netlink.Conn   // the same socket, for element batches
	noDestroy bool            // the kernel predates NFT_MSG_DESTROYSETELEM (Linux < 6.3)
	table     *nftables.Table // family inet, named Config.Table

	// What this process loaded, to tell from element counts alone whether
	// someone removed elements (Verify) and to restore allow and lists
	// after a repair (Ensure).
	loaded map[string]*loaded.Set    // ban set name -> elements
	allow  []netip.Prefix            // nil until SetAllow
	lists  map[string][]netip.Prefix // list name -> merged prefixes
	// staleLists names the lists another process added elements to or
	// deleted elements from (the watch's events, under mu): their count
	// may still match (a delete of ours and an add of a stranger in one
	// batch), so the next Ensure reloads them whatever the count.
	staleLists map[string]bool
	// rotors walk the allow and list sets in turns (the probe; keyed by
	// the IPv4 set's name, under mu): every entry within listCoverEvery.
	rotors map[string]*loaded.Rotor
	// banWalks walk the ban sets in turns likewise (keyed by set name,
	// under mu): every ban within listCoverEvery, sharing the budget.
	banWalks map[string]*loaded.SetWalk
	// cover is listCoverEvery (tests shorten it).
	cover time.Duration
	// rate is loaded.ProbeRate, the rotors' budget of lookups a second
	// (tests change it); probeAt is when the last probe's walks were
	// taken (under mu).
	rate    int
	probeAt time.Time
	// probeHook, when set (tests), is called by each probe after its
	// lookups, before its findings are checked against the changes
	// since it began: the list entries it looked up and whether it found
	// anything.
	probeHook func(looked int, found bool)
	// changes counts what can lower the kernel's counts or change the
	// shape (not bans, which only add): the census reads the kernel
	// without mu and repeats a round that overlapped such a change.
	changes uint64
	audit   loaded.Findings // the last element audit's

	// The census (Status, Counts, Verify) reads on a socket of its own
	// under rmu, so a dump of 100,000 elements never holds mu, which
	// every ban takes.
	rmu   sync.Mutex
	rconn *nftables.Conn
	rraw  *netlink.Conn

	pace loaded.Pace // Verify audits the elements at most every pace.Every
	// suspect: ban sets another process added elements to (the monitor
	// saw it) since the last audit, which reads them whatever their
	// count; lastFull: when an audit last read every ban set. Under mu.
	suspect  map[string]bool
	lastFull time.Time
	// owned: the last Ensure left the table owned by this process (owner
	// flag set on our socket); the full audit is then rare
	// (ownedFullAuditEvery). Under mu.
	owned bool
	// persist: whether the kernel accepts the persist table flag, probed
	// once (probePersist) on the first refusal; persistProbes counts the
	// probes. Under mu.
	persistKnown, persistOK bool
	persistProbes           int

	// noCount makes the census ignore NFTA_SET_COUNT, as on kernels
	// before 6.14 (Debian 12's 6.1): tests set it to prove the fallback
	// keeps off the ban path on a kernel that has the count.
	noCount bool
}

// New connects to nf_tables (in cfg.NetNS when set) and checks that the
// kernel answers. It changes nothing; call Ensure to create the ruleset.
func New(ctx context.Context, cfg firewall.Config, log *slog.Logger) (*Backend, error) {
	cfg, err := cfg.Normalize()
	if err != nil {
		return nil, fmt.Errorf("nftables config: %w", err)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := &Backend{
		cfg: cfg, log: log, table: &nftables.Table{Family: nftables.TableFamilyINet, Name: cfg.Table},
		loaded: map[string]*loaded.Set{}, lists: map[string][]netip.Prefix{}, pace: loaded.Pace{Every: defaultAuditEvery},
		cover: listCoverEvery,
		rate:  loaded.ProbeRate,
	}
	for _, name := range banSetNames() {
		b.loaded[name] = &loaded.Set{}
		if isInterval(name) {
			b.loaded[name].Weight = counted // as the kernel counts an interval's elements
		}
	}
	opts := []nftables.ConnOption{
		nftables.AsLasting(),
		nftables.WithSockOptions(func(c *netlink.Conn) error {
			b.raw = c
			return tuneSocket(c)
		}),
	}
	if cfg.NetNS != "" {
		f, err := os.Open(cfg.NetNS)
		if err != nil {
			return nil, fmt.Errorf("open network namespace: %w", err)
		}
		b.ns = f
		opts = append(opts, nftables.WithNetNSFd(int(f.Fd())))
	}
	b.conn, err = nftables.New(opts...)
	if err != nil {
		b.closeNS()
		return nil, fmt.Errorf("connect to nf_tables: %w", classifyDial(err))
	}
	ropts := []nftables.ConnOption{
		nftables.AsLasting(),
		nftables.WithSockOptions(func(c *netlink.Conn) error {
			b.rraw = c
			return tuneSocket(c)
		}),
	}
	if b.ns != nil {
		ropts = append(ropts, nftables.WithNetNSFd(int(b.ns.Fd())))
	}
	if b.rconn, err = nftables.New(ropts...); err != nil {
		b.Close()
		return nil, fmt.Errorf("connect to nf_tables (census socket): %w", classifyDial(err))
	}
	// A read-only request proves both the permission and the kernel module.
	if _, err := b.conn.ListTablesOfFamily(nftables.TableFamilyINet); err != nil {
		b.Close()
		return nil, fmt.Errorf("query nf_tables: %w", classifyDial(err))
	}
	return b, nil
}

// tuneSocket sizes the socket for big batches and asks the kernel to keep
// error answers short (no echo of a 60 KiB request).
func tuneSocket(c *netlink.Conn) error {
	rc, err := c.SyscallConn()
	if err != nil {
		return err
	}
	err = rc.Control(func(fd uintptr) {
		for _, opt := range []int{unix.SO_SNDBUFFORCE, unix.SO_RCVBUFFORCE} {
			// Forcing needs CAP_NET_ADMIN. Without it every request
			// fails anyway, with a clearer error than this one would be.
			_ = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, opt, sockBuf)
		}
	})
	if err != nil {
		return err
	}
	// Extended acks stay off: with CapAcknowledge the library misreads them.
	_ = c.SetOption(netlink.CapAcknowledge, true)
	return nil
}

// Close releases the socket. With Config.Owner the table stays (persist
// flag) but loses its owner.
func (b *Backend) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	var err error
	if b.conn != nil {
		err = b.conn.CloseLasting()
		b.conn = nil
	}
	b.rmu.Lock()
	if b.rconn != nil {
		err = errors.Join(err, b.rconn.CloseLasting())
		b.rconn, b.rraw = nil, nil
	}
	b.rmu.Unlock()
	b.closeNS()
	return err
}

func (b *Backend) closeNS() {
	if b.ns != nil {
		b.ns.Close()
		b.ns = nil
	}
}

func (b *Backend) tx() *txBuilder {
	return &txBuilder{family: byte(nftables.TableFamilyINet), table: b.cfg.Table}
}

func (b *Backend) ready() error {
	if b.conn == nil {
		return errors.New("nftables backend closed")
	}
	return nil
}

// explain turns EPERM into ErrOwned when a running daemon owns the table
// (Config.Owner) and we could read it, else into ErrPermission; it maps
// ENOENT on our objects to ErrNotReady.
func (b *Backend) explain(err error) error {
	switch {
	case errors.Is(err, unix.EPERM):
		if t, lerr := b.conn.ListTableOfFamily(b.cfg.Table, nftables.TableFamilyINet); lerr == nil && tableFlags(t)&tableFlagOwner != 0 {
			return fmt.Errorf("%w: %w", firewall.ErrOwned, err)
		}
		return fmt.Errorf("%w: %w", firewall.ErrPermission, err)
	case errors.Is(err, unix.ENOENT):
		return fmt.Errorf("%w (run Ensure): %w", firewall.ErrNotReady, err)
	case errors.Is(err, unix.ENFILE):
		// nf_tables says ENFILE ("too many open files in system") when
		// a set with a size limit is full.
		return fmt.Errorf("%w: %w", firewall.ErrSetFull, err)
	}
	return err
}

// tableFlags returns the table's flags. nftables v0.3.0 decodes the
// big-endian NFTA_TABLE_FLAGS in host byte order; undo that.
func tableFlags(t *nftables.Table) uint32 {
	return binary.BigEndian.Uint32(binary.NativeEndian.AppendUint32(nil, t.Flags))
}

// classifyDial maps the errors of the first contact with nf_tables.
func classifyDial(err error) error {
	switch {
	case errors.Is(err, unix.EPERM), errors.Is(err, unix.EACCES):
		return fmt.Errorf("%w: %w", firewall.ErrPermission, err)
	case errors.Is(err, unix.EPROTONOSUPPORT), errors.Is(err, unix.EAFNOSUPPORT),
		errors.Is(err, unix.EOPNOTSUPP), errors.Is(err, unix.EINVAL):
		// No nfnetlink (socket refused) or no nf_tables subsystem.
		return fmt.Errorf("%w (nf_tables): %w", firewall.ErrKernelSupport, err)
	}
	return err
}

// split separates IPv4 from IPv6 bans.
func split(bans []firewall.Ban) (v4, v6 []firewall.Ban) {
	for _, b := range bans {
		if b.Prefix.Addr().Is4() {
			v4 = append(v4, b)
		} else {
			v6 = append(v6, b)
		}
	}
	return v4, v6
}

// MaxTimeout: nf_tables takes element timeouts in milliseconds as a 64-bit
// number, beyond what a time.Duration holds, so it caps nothing.
func (b *Backend) MaxTimeout() time.Duration { return math.MaxInt64 }
