// Package manualban decides what an admin's `guardctl ban` and `unban` do,
// for both paths that carry them out: the daemon (daemon/service.go, over
// the control socket) and the offline fallback that works on the store and
// the kernel directly when no daemon runs (admin/offline.go). Each path only
// applies the decision (its store write, its kernel call, its logs); what is
// accepted, refused, stored and loaded is decided here, once, and one test
// suite (manualbantest) runs both paths against the same table.
//
// The rules, and why:
//
//   - A prefix is normalised by ipprefix.Normalize: host bits are refused
//     with the two forms it may have meant, never masked. An admin who
//     typed 203.0.113.7/24 meant one of them, and guessing either way bans
//     innocent neighbours or lets the attacker in.
//   - Addresses no client sends from (unspecified, broadcast, multicast) are
//     refused even with Force; protected ones (loopback, link-local, the
//     allow list, trusted proxies, the host's own addresses) unless Force.
//   - A ban never shortens an existing ban of the same prefix: the later
//     expiry stands (permanent beats any). Only unban lets a client in
//     sooner, so a mistyped --for cannot release a 30-day ban early.
//   - A manual ban keeps the client's offence history: the record carries
//     the offence count of the ban it replaces (at least 1) and adds no
//     offence of its own. A manual ban over a fourth-offence automatic ban
//     must not make the next automatic ban a first offence again, nor hide
//     in `list` that the client is a repeat offender; and an admin's
//     decision is not an offence the detector saw.
//   - Unban lifts every stored ban equal to or inside each prefix, and
//     forgets the offence history of the clients inside: an admin lifting
//     a ban judges the client harmless.
//   - Durations: negative is refused, 0 is permanent, one ending past the
//     store's last time (2262) is refused. A backend that holds shorter
//     timeouts (ipset: 24.8 days) gets a capped element; the stored ban
//     keeps the full length and a running daemon loads it again.
package manualban

import (
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/ipprefix"
	"github.com/guardctl/guardctl/protect"
	"github.com/guardctl/guardctl/state"
)

// DefaultReason is the reason of a manual ban given none.
const DefaultReason = "manual"

// Protector says whether a prefix may be banned (*protect.Checker).
type Protector interface {
	Check(netip.Prefix) error
}

// Store is the part of *state.Store the decisions read.
type Store interface {
	Ban(netip.Prefix) (state.Ban, bool, error)
	Bans() ([]state.Ban, error)
	Within(netip.Prefix) ([]state.Ban, error)
	Undecodable(netip.Prefix) ([]state.Undecodable, error)
}

var _ Store = (*state.Store)(nil)

// Target checks what a ban request says without looking at any state: the
// prefix, the duration and the addresses no ban can mean. It returns the
// normalised prefix. Errors wrap control.ErrInvalid.
func Target(req control.BanRequest, now time.Time) (netip.Prefix, error) {
	pfx, err := ipprefix.Normalize(req.Prefix)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("ban: %w: %w", err, control.ErrInvalid)
	}
	switch {
	case req.Duration < 0:
		return netip.Prefix{}, fmt.Errorf("ban %s: negative duration %s: %w", ipprefix.String(pfx), req.Duration, control.ErrInvalid)
	case req.Duration > 0 && req.Duration >= state.MaxTime().Sub(now):
		return netip.Prefix{}, fmt.Errorf("ban %s: duration %s ends after %s, the latest time the store holds; use a permanent ban: %w",
			ipprefix.String(pfx), req.Duration, state.MaxTime().Format("2006-01-02"), control.ErrInvalid)
	}
	if err := protect.Unbannable(pfx); err != nil { // even with Force
		return netip.Prefix{}, fmt.Errorf("ban: %w", err)
	}
	return pfx, nil
}

// Record decides the ban to store for req on pfx (from Target): refused
// for a protected address unless Force, else the manual record, keeping the
// offence count and a later expiry of the ban it replaces. The caller holds
// whatever orders admin changes, and the bans it decided before are in st.
// Errors wrap control.ErrProtected, control.ErrInvalid, or are st's.
func Record(req control.BanRequest, pfx netip.Prefix, now time.Time, prot Protector, st Store) (state.Ban, error) {
	if !req.Force {
		if err := prot.Check(pfx); err != nil {
			return state.Ban{}, fmt.Errorf("ban: %w", err)
		}
	}
	if err := CheckReason(req.Reason); err != nil {
		return state.Ban{}, fmt.Errorf("ban %s: %w: %w", ipprefix.String(pfx), err, control.ErrInvalid)
	}
	b := state.Ban{Prefix: pfx, Reason: req.Reason, Start: now, Offence: 1, Origin: state.OriginManual}
	if b.Reason == "" {
		b.Reason = DefaultReason
	}
	if req.Duration > 0 {
		b.Expires = now.Add(req.Duration)
	}
	old, ok, err := st.Ban(pfx)
	if err != nil {
		return state.Ban{}, fmt.Errorf("ban %s: %w", ipprefix.String(pfx), err)
	}
	if ok {
		b.Offence = max(b.Offence, old.Offence)
		if old.Active(now) && outlasts(old.Expires, b.Expires) {
			b.Expires = old.Expires
		}
	}
	if err := state.ValidateBan(b); err != nil { // an oversized reason
		return state.Ban{}, fmt.Errorf("ban %s: %w: %w", ipprefix.String(pfx), control.ErrInvalid, err)
	}
	return b, nil
}

// outlasts reports whether expiry a ends after b (zero: never ends).
func outlasts(a, b time.Time) bool {
	switch {
	case a.IsZero():
		return !b.IsZero()
	case b.IsZero():
		return false
	}
	return a.After(b)
}

// Kernel is the element that enforces b from now: the time left, at least
// a second (zero would mean forever), capped at limit, the backend's
// longest timeout (firewall.Backend.MaxTimeout). capped says the kernel
// drops it before the store does.
func Kernel(b state.Ban, now time.Time, limit time.Duration) (e firewall.Ban, capped bool) {
	e.Prefix = b.Prefix
	if b.Expires.IsZero() {
		return e, false
	}
	e.Timeout = max(b.Expires.Sub(now).Round(time.Second), time.Second)
	if limit > 0 && e.Timeout > limit {
		return firewall.Ban{Prefix: b.Prefix, Timeout: limit}, true
	}
	return e, false
}

// Unban checks an unban request and returns the networks it names,
// normalised (a key that is a prefix's among them, checked as that prefix
// typed); for All, nil. Keys that are no prefix, or whose prefix a typed
// unban refuses, are RawKeys'. Errors wrap control.ErrInvalid.
func Unban(req control.UnbanRequest) ([]netip.Prefix, error) {
	named := len(req.Prefixes) + len(req.Keys)
	switch {
	case req.All && named > 0:
		return nil, fmt.Errorf("unban: give either all or prefixes (and keys), not both: %w", control.ErrInvalid)
	case !req.All && named == 0:
		return nil, fmt.Errorf("unban: no prefix given, nor a key: %w", control.ErrInvalid)
	}
	nets := make([]netip.Prefix, 0, named)
	for _, p := range req.Prefixes {
		n, err := ipprefix.Normalize(p)
		if err != nil {
			return nil, fmt.Errorf("unban: %w: %w", err, control.ErrInvalid)
		}
		nets = append(nets, n)
	}
	for _, h := range req.Keys {
		k, err := ParseKey(h)
		if err != nil {
			return nil, fmt.Errorf("unban: %w: %w", err, control.ErrInvalid)
		}
		// The key of a prefix is lifted as that prefix, kernel element
		// and offence history included: as `unban PREFIX`, which list
		// shows for it.
		if p, ok := keyNet(k); ok {
			nets = append(nets, p)
		}
	}
	return nets, nil
}

// keyNet is the network an unban of raw key k lifts: its prefix, through
// the checks a typed prefix gets (ipprefix.Normalize). ok is false for a
// key that is no prefix, or whose prefix a typed unban refuses (review
// s12 item 1: the key of 0.0.0.0/0, ::/0 or ::ffff:0:0/96 lifted every
// ban and published an unban the peers refuse forever; a mapped one was
// lifted here but never reached the peers): such a key names one
// record that cannot be decoded, which only RawKeys removes.
func keyNet(k []byte) (netip.Prefix, bool) {
	p, ok := state.KeyPrefix(k)
	if !ok {
		return netip.Prefix{}, false
	}
	n, err := ipprefix.Normalize(p)
	return n, err == nil
}

// IsRawKey reports whether an unban of key h (as ParseKey reads it) can
// only remove the one record stored under it that cannot be decoded:
// the key is no prefix, or a prefix no typed unban may name.
func IsRawKey(h string) bool {
	k, err := ParseKey(h)
	if err != nil {
		return false
	}
	_, ok := keyNet(k)
	return !ok
}

// ParseKey reads a raw store key as BanInfo.Key shows it: hex, an
// optional "key:" before it as `guardctl list` prints it.
func ParseKey(s string) ([]byte, error) {
	h := strings.TrimPrefix(s, KeyPrefix)
	k, err := hex.DecodeString(h)
	switch {
	case h == "":
		return nil, fmt.Errorf("key %q is empty; `guardctl list` shows each record's key after %q", s, KeyPrefix)
	case err != nil:
		return nil, fmt.Errorf("key %q is not hex (%v); copy it as `guardctl list` prints it after %q", s, err, KeyPrefix)
	case len(k) > state.MaxKeyLen:
		return nil, fmt.Errorf("key %q is %d bytes, longer than any stored key (%d)", abbrev(s), len(k), state.MaxKeyLen)
	}
	return k, nil
}

// KeyPrefix is how `guardctl list` and `unban` write a raw key.
const KeyPrefix = "key:"

// abbrev shortens what an error quotes back.
func abbrev(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// RawKeys are the keys of req that name no network Unban lifts (no
// prefix, or one refused): they can only be records that cannot be
// decoded, removed by key alone (state.Batch.DeleteRaw).
func RawKeys(req control.UnbanRequest) [][]byte {
	var raw [][]byte
	for _, h := range req.Keys {
		k, err := ParseKey(h)
		if err != nil {
			continue // refused by Unban
		}
		if _, ok := keyNet(k); !ok {
			raw = append(raw, k)
		}
	}
	return raw
}

// LiftRequest is Lift for req (nets from Unban) with the records named by
// a raw key that is no prefix removed too. Apply it as one state.Batch.
func LiftRequest(st Store, req control.UnbanRequest, nets []netip.Prefix) (state.Batch, error) {
	batch, err := Lift(st, nets, req.All)
	if err != nil {
		return batch, err
	}
	// Write removes each only while it still cannot be decoded, and
	// reports what it removed.
	batch.DeleteRaw = append(batch.DeleteRaw, RawKeys(req)...)
	return batch, nil
}

// everything is what an unban of all lifts and forgets.
var everything = [...]netip.Prefix{netip.PrefixFrom(netip.IPv4Unspecified(), 0), netip.PrefixFrom(netip.IPv6Unspecified(), 0)}

// Lift is what an unban changes in the store: the stored bans equal to or
// inside nets (every ban when all), each once, and the networks whose
// offence history is forgotten. Apply it as one state.Batch.
func Lift(st Store, nets []netip.Prefix, all bool) (state.Batch, error) {
	var found []state.Ban
	var bad []state.Undecodable
	if all {
		bans, err := st.Bans()
		if err == nil {
			bad, err = st.Undecodable(netip.Prefix{})
		}
		if err != nil {
			return state.Batch{}, fmt.Errorf("unban all: %w", err)
		}
		found, nets = bans, everything[:]
	} else {
		for _, n := range nets {
			in, err := st.Within(n)
			if err != nil {
				return state.Batch{}, fmt.Errorf("unban %s: %w", ipprefix.String(n), err)
			}
			found = append(found, in...)
			// Records that cannot be decoded are lifted by their prefix
			// too: readers skip them, so nothing else can remove them.
			u, err := st.Undecodable(n)
			if err != nil {
				return state.Batch{}, fmt.Errorf("unban %s: %w", ipprefix.String(n), err)
			}
			bad = append(bad, u...)
		}
	}
	del := make([]netip.Prefix, 0, len(found))
	for _, b := range found {
		del = append(del, b.Prefix)
	}
	// Overlapping arguments (10.0.0.0/8 10.1.0.0/16) find a ban twice.
	slices.SortFunc(del, comparePrefix)
	del = slices.Compact(del)
	var raw [][]byte
	for _, u := range bad {
		raw = append(raw, u.Key) // one found twice is gone the second time
	}
	return state.Batch{Delete: del, DeleteRaw: raw, ForgetOffences: slices.Clone(nets)}, nil
}

func comparePrefix(a, b netip.Prefix) int {
	if c := a.Addr().Compare(b.Addr()); c != 0 {
		return c
	}
	return a.Bits() - b.Bits()
}

// Inside reports whether p is equal to or inside one of nets: what an
// unban of nets lifts.
func Inside(p netip.Prefix, nets []netip.Prefix) bool {
	for _, n := range nets {
		if n.Bits() <= p.Bits() && n.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

// Info is how a stored ban is shown, by the daemon and the offline path
// alike (InKernel is the caller's to say).
func Info(b state.Ban) control.BanInfo {
	if b.Undecodable != nil {
		return UndecodableInfo(*b.Undecodable)
	}
	return control.BanInfo{
		Prefix:  ipprefix.String(b.Prefix),
		Reason:  b.Reason,
		Rules:   b.Rules,
		Origin:  b.Origin.String(),
		Since:   b.Start,
		Expires: b.Expires,
		Offence: b.Offence,
	}
}

// StoreError is a failed store write of an admin change: a record the store
// can never hold is the request's fault (control.ErrInvalid); anything else
// (a full disk) is wrapped as it is, with what did not happen.
func StoreError(op string, err error) error {
	if errors.Is(err, state.ErrInvalid) {
		return fmt.Errorf("%s: %w: %w", op, control.ErrInvalid, err)
	}
	return fmt.Errorf("%s: not done: %w", op, err)
}

// KernelError is a kernel call that failed after the store took the
// change; then says who puts the kernel right.
func KernelError(op, then string, err error) error {
	return fmt.Errorf("%s: stored, but %w (%s): %w", op, control.ErrKernel, then, err)
}

// UndecodableOrigin is the origin shown for a record that cannot be
// decoded: what it was is unknown.
const UndecodableOrigin = "unknown"

// UndecodableInfo is how list (both paths) shows a stored record that
// cannot be decoded, and unban one it removed: by the prefix and end its
// key and head say, and its raw key (the only name of a key that is no
// prefix).
func UndecodableInfo(u state.Undecodable) control.BanInfo {
	info := control.BanInfo{Reason: "undecodable record: " + u.Err, Origin: UndecodableOrigin, Expires: u.Expires, Undecodable: true, Key: u.KeyHex()}
	if u.Prefix.IsValid() {
		info.Prefix = ipprefix.String(u.Prefix)
	}
	return info
}

// ListUndecodable appends the store's records that cannot be decoded to a
// listing: they are skipped by every reader, and an admin must see them to
// remove them.
func ListUndecodable(st Store, out []control.BanInfo) ([]control.BanInfo, error) {
	bad, err := st.Undecodable(netip.Prefix{})
	if err != nil {
		return out, err
	}
	for _, u := range bad {
		out = append(out, UndecodableInfo(u))
	}
	return out, nil
}
