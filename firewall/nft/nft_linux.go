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
	b := &Backend{cfg: cfg, log: log, table: &nftables.Table{Family: nftables.TableFamilyINet, Name: cfg.Table}}
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

// Ban loads the batch. It first sends the bans as they are, which is all it
// takes when they overlap nothing in the kernel; when the kernel refuses the
// batch because an interval overlaps (EEXIST), it reads the sets, plans the
// merge (firewall.Plan) and commits that.
func (b *Backend) Ban(ctx context.Context, bans []firewall.Ban) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return err
	}
	merged, err := firewall.Coalesce(bans)
	if err != nil {
		return err
	}
	if len(merged) == 0 {
		return nil
	}
	tx := b.tx()
	v4, v6 := split(merged)
	tx.elements(opAdd, setBan4, v4)
	tx.elements(opAdd, setBan6, v6)
	err = tx.send(ctx, b.raw)
	if errors.Is(err, unix.ENOENT) {
		// Our table or sets are gone (nft flush ruleset, a firewall
		// reload): rebuild them and try once more.
		b.log.Warn("nftables table missing, recreating it", "table", b.cfg.Table)
		if err = b.ensure(ctx); err != nil {
			return err
		}
		tx.elements(opAdd, setBan4, v4)
		tx.elements(opAdd, setBan6, v6)
		err = tx.send(ctx, b.raw)
	}
	for attempt := 0; errors.Is(err, unix.EEXIST) && attempt < 3; attempt++ {
		err = b.banPlanned(ctx, merged)
	}
	if err != nil {
		return b.explain(fmt.Errorf("ban %d prefixes: %w", len(merged), err))
	}
	b.log.Debug("banned", "prefixes", len(merged))
	return nil
}

// banPlanned merges the bans with what the kernel holds.
func (b *Backend) banPlanned(ctx context.Context, bans []firewall.Ban) error {
	existing, err := b.list()
	if err != nil {
		return err
	}
	ch := firewall.Plan(existing, bans)
	b.log.Debug("merging overlapping bans", "add", len(ch.Add), "absorbed", len(ch.Delete))
	tx := b.tx()
	b.removeElements(tx, ch.Delete)
	v4, v6 := split(ch.Add)
	tx.elements(opAdd, setBan4, v4)
	tx.elements(opAdd, setBan6, v6)
	return b.sendRemoval(ctx, tx, func(tx *txBuilder) {
		b.removeElements(tx, ch.Delete)
		tx.elements(opAdd, setBan4, v4)
		tx.elements(opAdd, setBan6, v6)
	})
}

// removeElements queues the removal of elements known to be in the ban sets.
func (b *Backend) removeElements(tx *txBuilder, prefixes []netip.Prefix) {
	var bans []firewall.Ban
	for _, p := range prefixes {
		bans = append(bans, firewall.Ban{Prefix: p})
	}
	v4, v6 := split(bans)
	op := opDestroy
	if b.noDestroy {
		op = opDelete
	}
	tx.elements(op, setBan4, v4)
	tx.elements(op, setBan6, v6)
}

// sendRemoval sends tx; when the kernel does not know the destroy message
// (EINVAL before Linux 6.3) it rebuilds the transaction with delete, which
// fails on elements that expired meanwhile, so the caller retries.
func (b *Backend) sendRemoval(ctx context.Context, tx *txBuilder, rebuild func(*txBuilder)) error {
	err := tx.send(ctx, b.raw)
	if err != nil && !b.noDestroy && errors.Is(err, unix.EINVAL) {
		b.noDestroy = true
		b.log.Info("kernel lacks nftables destroy; deleting elements instead")
		rebuild(tx)
		err = tx.send(ctx, b.raw)
	}
	return err
}

// Unban removes the bans equal to or inside each prefix. It reads the sets
// first: removing by key alone could delete the start of a wider interval.
func (b *Backend) Unban(ctx context.Context, prefixes []netip.Prefix) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return err
	}
	want, err := firewall.CanonicalAll(prefixes)
	if err != nil {
		return fmt.Errorf("unban: %w", err)
	}
	for attempt := 0; attempt < 3; attempt++ {
		var existing []firewall.Entry
		if existing, err = b.list(); err != nil {
			break
		}
		var del []netip.Prefix
		seen := map[netip.Prefix]bool{}
		for _, p := range want {
			inside, container := firewall.Within(existing, p)
			for _, q := range inside {
				if !seen[q] {
					seen[q] = true
					del = append(del, q)
				}
			}
			if container.IsValid() {
				b.log.Warn("unban: a wider ban still covers the prefix", "prefix", p, "ban", container)
			}
		}
		if len(del) == 0 {
			return nil
		}
		tx := b.tx()
		b.removeElements(tx, del)
		err = b.sendRemoval(ctx, tx, func(tx *txBuilder) { b.removeElements(tx, del) })
		if !errors.Is(err, unix.ENOENT) {
			break // ENOENT: an element expired between list and delete
		}
	}
	if err != nil {
		return b.explain(fmt.Errorf("unban: %w", err))
	}
	return nil
}

// SetAllow replaces the allow sets' content in one transaction.
func (b *Backend) SetAllow(ctx context.Context, prefixes []netip.Prefix) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return err
	}
	allow, err := firewall.CanonicalAll(prefixes)
	if err != nil {
		return fmt.Errorf("allow: %w", err)
	}
	bans := make([]firewall.Ban, 0, len(allow))
	for _, c := range allow {
		bans = append(bans, firewall.Ban{Prefix: c})
	}
	merged, err := firewall.Coalesce(bans)
	if err != nil {
		return err
	}
	tx := b.tx()
	tx.msgs = append(tx.msgs, flushSetMsg(b.cfg.Table, setAllow4), flushSetMsg(b.cfg.Table, setAllow6))
	v4, v6 := split(merged)
	tx.elements(opAdd, setAllow4, v4)
	tx.elements(opAdd, setAllow6, v6)
	if err := tx.send(ctx, b.raw); err != nil {
		return b.explain(fmt.Errorf("load allow list: %w", err))
	}
	return nil
}

// Flush empties the ban sets.
func (b *Backend) Flush(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return err
	}
	tx := b.tx()
	tx.msgs = append(tx.msgs, flushSetMsg(b.cfg.Table, setBan4), flushSetMsg(b.cfg.Table, setBan6))
	if err := tx.send(ctx, b.raw); err != nil {
		if errors.Is(err, unix.ENOENT) {
			return nil // no table, no bans
		}
		return b.explain(fmt.Errorf("flush bans: %w", err))
	}
	return nil
}

// Teardown deletes guardctl's table, which holds everything guardctl
// created; other tables are never touched.
func (b *Backend) Teardown(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := b.conn.ListTableOfFamily(b.cfg.Table, nftables.TableFamilyINet); err != nil {
		if errors.Is(err, unix.ENOENT) {
			return nil
		}
		return b.explain(fmt.Errorf("teardown: %w", err))
	}
	b.conn.DelTable(b.table)
	if err := b.conn.Flush(); err != nil && !errors.Is(err, unix.ENOENT) {
		return b.explain(fmt.Errorf("teardown: delete table inet %s: %w", b.cfg.Table, err))
	}
	return nil
}

// List returns the bans held in ban4 and ban6.
func (b *Backend) List(ctx context.Context) ([]firewall.Entry, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.ready(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out, err := b.list()
	if err != nil {
		return nil, b.explain(err)
	}
	return out, nil
}

func (b *Backend) list() ([]firewall.Entry, error) {
	var out []firewall.Entry
	for _, name := range []string{setBan4, setBan6} {
		entries, err := b.readSet(name)
		if err != nil {
			return nil, err
		}
		out = append(out, entries...)
	}
	return out, nil
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
