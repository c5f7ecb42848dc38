package daemon

import (
	"strings"
	"sync"
	"time"

	"github.com/guardctl/guardctl/control"
)

// storeHealth is what the committer knows about the store: whether the
// last write failed and why, and the records it had to give up on. Status
// reads it; the committer and the admin calls write it.
type storeHealth struct {
	mu           sync.Mutex
	err          string    // the last write's error; empty when it succeeded
	since        time.Time // first failure of the current run of failures
	failedWrites uint64
	poisoned     uint64 // records dropped because the store can never hold them
	lastPoison   string
	// file: what happened to the store's file (deleted, replaced,
	// truncated: checkStoreFile); unlike err no successful write clears it.
	file      string
	fileSince time.Time // when file was first seen
	// open: what the store's Open found wrong and ignored (a corrupt
	// clock offset, state.Store.FrameOffsetProblem); said, not failing.
	open string
}

func (h *storeHealth) setOpenProblem(p string) {
	h.mu.Lock()
	h.open = p
	h.mu.Unlock()
}

// setFileProblem records what happened to the store's file ("" when it is
// fine) and reports whether that changed.
func (h *storeHealth) setFileProblem(p string, now time.Time) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	changed := h.file != p
	if changed {
		h.fileSince = now
	}
	h.file = p
	return changed
}

func (h *storeHealth) failed(err error, now time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.err == "" {
		h.since = now
	}
	h.err = err.Error()
	h.failedWrites++
}

func (h *storeHealth) ok() {
	h.mu.Lock()
	h.err = ""
	h.since = time.Time{}
	h.mu.Unlock()
}

// failing returns the current error, if the last write failed.
func (h *storeHealth) failing() (string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.err, h.err != ""
}

func (h *storeHealth) poison(n int, why string) {
	h.mu.Lock()
	h.poisoned += uint64(n)
	h.lastPoison = why
	h.mu.Unlock()
}

func (h *storeHealth) status(qs ...*commitQueue) control.StoreStatus {
	h.mu.Lock()
	st := control.StoreStatus{Healthy: h.err == "" && h.file == "", Error: h.err, FailingSince: h.since, FailedWrites: h.failedWrites,
		Poisoned: h.poisoned, LastPoisoned: h.lastPoison}
	if h.file != "" {
		st.Error = strings.TrimPrefix(st.Error+"; "+h.file, "; ")
		if st.FailingSince.IsZero() || h.fileSince.Before(st.FailingSince) {
			st.FailingSince = h.fileSince
		}
	}
	if h.open != "" {
		st.Error = strings.TrimPrefix(st.Error+"; at start: "+h.open, "; ")
	}
	h.mu.Unlock()
	st.Backlog, st.Dropped = backlog(qs...)
	st.BacklogLimit = maxBacklogBans
	return st
}
