package state

import (
	"fmt"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
)

// guarded runs op with faults on this goroutine turned into panics and
// recovered as a *CorruptError (review s12 item 8). bbolt reads through a
// mapping of the file: truncated under the running daemon (`truncate -s
// 0`, a restore gone wrong), the next read touched pages past the end and
// the process died of SIGBUS ("fatal error: fault"). Now the call fails,
// the daemon's store health says FAILING with the error, and bans go on
// being enforced from memory and the kernel. A fault inside bbolt can
// leave its locks held (its transaction start takes them without a
// deferred release), so after one every call fails with the same error
// without touching bbolt: a restart is needed (and refuses the empty file
// with the command to move it aside). Other panics are passed on.
func (s *Store) guarded(op func() error) (err error) {
	if f := s.faulted.Load(); f != nil {
		return f
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if _, fault := r.(interface{ Addr() uintptr }); !fault {
			panic(r)
		}
		ce := &CorruptError{Path: s.path, Detail: fmt.Sprintf("the file changed under the running daemon (truncated?): %v; restart guardctl", r)}
		s.faulted.CompareAndSwap(nil, ce)
		err = s.faulted.Load()
	}()
	return op()
}

// update runs a write transaction, guarded like view.
func (s *Store) update(fn func(*bolt.Tx) error) error {
	s.dbMu.RLock()
	defer s.dbMu.RUnlock()
	return s.guarded(func() error { return s.db.Update(fn) })
}
