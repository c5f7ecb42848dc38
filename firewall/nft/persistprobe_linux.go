//go:build linux

package nft

import (
	"context"
	"errors"
	"time"

	"golang.org/x/sys/unix"
)

// probePersist reports whether the kernel accepts the persist table flag
// (Linux 6.9 and later), asked once per Backend and cached (review
// rev-enforce s13 item 3). The probe is one transaction that creates a
// scratch table with owner and persist, deletes it, and deletes it again:
// the last message always fails (ENOENT), so the kernel aborts the whole
// transaction and nothing is committed (no generation, no monitor event,
// our table untouched); whether the creation was refused (EOPNOTSUPP)
// says whether the kernel knows persist. On kernels with the owner flag but
// without persist (5.12-6.8) the refusal of owner|persist on our unowned
// table looked like an unowned table from an earlier guardctl, and every
// Ensure (the start and every repair) tried a take-over the kernel then
// refused: a full read of the table and a batch of its size (~6 s at
// 100k bans), with a warning that told the admin to run teardown, which
// cannot help there. An error other than the kernel's refusal is not
// cached: the take-over is tried, as before. Called with mu held.
func (b *Backend) probePersist(ctx context.Context) bool {
	if b.persistKnown {
		return b.persistOK
	}
	b.persistProbes++
	drain(b.raw)
	if err := b.raw.SetReadDeadline(time.Time{}); err != nil {
		return true
	}
	tx := b.tx()
	tx.table = b.cfg.Table + "-persist-probe"
	tx.createTable(tableFlagOwner | tableFlagPersist)
	tx.msgs = append(tx.msgs, deleteTableMsg(tx.table), deleteTableMsg(tx.table))
	err := tx.sendAtomic(ctx, b.raw)
	drain(b.raw)
	switch {
	case errors.Is(err, unix.EOPNOTSUPP) || errors.Is(err, unix.EINVAL):
		b.persistKnown, b.persistOK = true, false
		b.log.Warn("kernel lacks the persist table flag (Linux before 6.9): the table is left unowned, so it survives guardctl exiting; other processes can change it and the guard repairs what they do",
			"table", b.cfg.Table, "probe_err", err)
	case errors.Is(err, unix.ENOENT):
		b.persistKnown, b.persistOK = true, true
	default:
		b.log.Debug("probe of the persist table flag failed; trying the take-over", "err", err)
		drain(b.raw)
		_ = b.raw.SetReadDeadline(time.Time{})
		return true
	}
	// The aborted transaction's answers are read or dropped, and drain's
	// deadline lifted, before the socket's next read.
	if err := b.raw.SetReadDeadline(time.Time{}); err != nil {
		b.log.Debug("reset netlink deadline after the persist probe", "err", err)
	}
	return b.persistOK
}
