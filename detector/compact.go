package detector

import (
	"math"
	"math/bits"
	"slices"
)

// A client's model state is c.stride int64 slots: one per throttle (two per
// distinct one), seven for the flood model, three for the login model; 152
// bytes under the default policy. Most tracked clients are seen once or
// twice before they are evicted (a spray of new addresses, a burst of
// scanners, the long tail of any site), and after one ordinary request
// their slots hold little information: every counted throttle's bucket is
// the request's time plus that throttle's emission interval, the flood
// model's rings hold one path and one user-agent fingerprint, the login
// model one pending request.
//
// So a client's slots are kept in one of two forms:
//
//   - compact: a 28-byte record inside the client's node, from which
//     unpack rebuilds every slot exactly, given the client's latest event
//     time;
//   - full: a stride of slots in the engine's slot pool (slots.go), taken
//     when a client's slots can no longer be packed (typically at its
//     second request) or it needs heavy state (heavy.go: the pool stride
//     holds its index), and given back when the client goes.
//
// Observe works on the slots in their full form either way: a compact
// client's slots are unpacked into a scratch stride, the models run on it
// as before, and pack tries to fold the result back. pack accepts a state
// only if unpacking its record gives back exactly the same slots (it
// checks), so the form a client is kept in never changes a verdict: the
// models see the same numbers they would have seen in a pool stride.

// compact is a client's slots in packed form; the zero value is all slots
// zero (a client not yet counted by anything).
//
// It is 28 bytes of 4-byte fields, so that a client's node is 64 bytes, one
// cache line.
type compact struct {
	fpLo, fpHi uint32 // a distinct throttle's inline first-path fingerprint
	tatOff     uint32 // flood: the units bucket minus last; 0 when the slot is 0
	rawOff     uint32 // flood: the request-count bucket minus last; 0 when the slot is 0
	mask       uint16 // throttle j (j < 16) has its bucket at last + its emission interval
	acc        uint16 // flood: units in the baseline window, which starts at last's second
	pfp        uint16 // flood: the one path fingerprint in the recent ring
	ufp        uint16 // flood: the user-agent fingerprint (last, and the one distinct)
	other      uint16 // login: requests pending (the other slots are zero)
	fpOf       uint8  // 1 + index of the throttle the fingerprint belongs to; 0: none
	flags      uint8  // cFlood, and the hint counts (hints.go): requests and misses up to 7 each
}

const (
	cFlood     = 1 // the flood slots are set (else all zero)
	cHintShift = 1 // requests in bits 1-3, misses in bits 4-6
	cHintMax   = 7
	cRefs      = 1 << 7 // flood: the page ring (stray.go) holds the one path, pfp
)

// unpack writes the slots x stands for, at the client's latest event time
// last, into st (c.stride long).
func (c *compiled) unpack(x *compact, last int64, st []int64) {
	clear(st)
	for m := x.mask; m != 0; m &= m - 1 {
		th := &c.throttles[bits.TrailingZeros16(m)]
		st[th.slot] = last + th.t
	}
	if x.fpOf != 0 {
		st[c.throttles[x.fpOf-1].slot+1] = int64(uint64(x.fpHi)<<32 | uint64(x.fpLo))
	}
	if h := x.flags &^ cRefs >> cHintShift; h != 0 {
		st[c.hintSlot] = int64(h&cHintMax)<<32 | int64(h>>3)
	}
	if x.flags&cFlood != 0 {
		f := st[c.floodSlot:][:floodSlots]
		f[floodRecent] = int64(x.pfp)
		f[floodUA] = int64(x.ufp)
		f[floodUAs] = int64(x.ufp)
		f[floodWindow] = int64(uint64(uint32(last/1e9))<<32 | uint64(x.acc))
		if x.flags&cRefs != 0 {
			f[floodRefs] = int64(x.pfp)
		}
		if x.tatOff != 0 {
			f[floodTAT] = last + int64(x.tatOff)
		}
		if x.rawOff != 0 {
			f[floodRaw] = last + int64(x.rawOff)
		}
	}
	if c.login != nil {
		st[c.loginSlot+loginOther] = int64(x.other)
	}
}

// pack folds slots st at latest event time last into a record, and reports
// false when the record cannot stand for them exactly. check is scratch of
// c.stride slots.
func (c *compiled) pack(st []int64, last int64, check []int64) (compact, bool) {
	var x compact
	for j := range c.throttles {
		th := &c.throttles[j]
		switch v := st[th.slot]; {
		case v == 0:
		case j < 16 && v == last+th.t:
			x.mask |= 1 << j
		default:
			return x, false
		}
		if th.distinct >= 0 && st[th.slot+1] != 0 {
			if x.fpOf != 0 || j >= math.MaxUint8 {
				return x, false
			}
			fp := uint64(st[th.slot+1])
			x.fpLo, x.fpHi, x.fpOf = uint32(fp), uint32(fp>>32), uint8(j+1)
		}
	}
	if c.flood != nil {
		f := st[c.floodSlot:][:floodSlots]
		if f[floodTAT]|f[floodRecent]|f[floodOlder]|f[floodUA]|f[floodWindow]|f[floodRaw]|f[floodUAs] != 0 {
			x.flags |= cFlood
			if f[floodRecent] <= 0 || f[floodRecent] > math.MaxUint16 || f[floodUA] <= 0 || f[floodUA] > math.MaxUint16 {
				return x, false
			}
			if uint32(f[floodWindow]) > math.MaxUint16 {
				return x, false
			}
			x.pfp, x.ufp, x.acc = uint16(f[floodRecent]), uint16(f[floodUA]), uint16(f[floodWindow])
			if f[floodRefs] != 0 {
				x.flags |= cRefs
			}
			var ok bool
			if x.tatOff, ok = offset(f[floodTAT], last); !ok {
				return x, false
			}
			if x.rawOff, ok = offset(f[floodRaw], last); !ok {
				return x, false
			}
		}
	}
	if c.hintSlot >= 0 {
		v := uint64(st[c.hintSlot])
		req, miss := v>>32, v&(1<<32-1)
		if req > cHintMax || miss > cHintMax {
			return x, false
		}
		x.flags |= uint8(req|miss<<3) << cHintShift
	}
	if c.login != nil {
		o := st[c.loginSlot+loginOther]
		if o < 0 || o > math.MaxUint16 {
			return x, false
		}
		x.other = uint16(o)
	}
	// Whatever the record missed (an older ring, a second user agent, the
	// login counts, a window that started before last's second) shows
	// here.
	c.unpack(&x, last, check)
	return x, slices.Equal(check, st)
}

// offset is v - last as a record field: 0 for v == 0, and not ok when v is
// set but not within (last, last+4.29s].
func offset(v, last int64) (uint32, bool) {
	if v == 0 {
		return 0, true
	}
	d := v - last
	if d <= 0 || d > math.MaxUint32 {
		return 0, false
	}
	return uint32(d), true
}
