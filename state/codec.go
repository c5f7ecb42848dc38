package state

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/guardctl/guardctl/ipprefix"
)

// On-disk layout (schema version 1). Every value starts with a record
// version byte so one record kind can change shape without a schema bump;
// integers are varints, strings are a uvarint length and the bytes, times
// are Unix nanoseconds as a varint (0 = the zero time).
//
// Keys sort the way lookups want them:
//
//	bans, offences: family (4 or 6) | address (4 or 16 bytes, masked) | bits
//	positions:      device | inode (8 bytes each, big endian)
//
// so all prefixes inside a network are one contiguous key range. Positions
// are keyed by file identity, not path: a file rotated away and still being
// read shares its path with its successor, and each needs its own position.

const recordV1 = 1

// recordV2 is a ban record with the deciding cluster node after the rules.
const recordV2 = 2

// Limits on decoded sizes: they reject a corrupt length before it allocates.
const (
	maxString = 4096
	maxRules  = 256
)

// errRecord marks a value or key that does not decode.
var errRecord = errors.New("malformed record")

// prefixKey is the one place a prefix becomes key bytes. It normalizes the
// prefix (masked, IPv4-mapped IPv6 turned into IPv4) so that 1.2.3.4/32 and
// ::ffff:1.2.3.4/128 are the same ban.
func prefixKey(p netip.Prefix) ([]byte, netip.Prefix, error) {
	if !p.IsValid() {
		return nil, netip.Prefix{}, fmt.Errorf("invalid prefix %q", p)
	}
	p = ipprefix.Canonical(p)
	return rawKey(p.Addr(), byte(p.Bits())), p, nil
}

// rawKey lays out family | address | bits.
func rawKey(a netip.Addr, bits byte) []byte {
	return appendRawKey(make([]byte, 0, 18), a, bits)
}

func appendRawKey(k []byte, a netip.Addr, bits byte) []byte {
	if a.Is4() {
		b := a.As4()
		k = append(k, 4)
		k = append(k, b[:]...)
	} else {
		b := a.As16()
		k = append(k, 6)
		k = append(k, b[:]...)
	}
	return append(k, bits)
}

func addrBytes(a netip.Addr) []byte {
	if a.Is4() {
		b := a.As4()
		return b[:]
	}
	b := a.As16()
	return b[:]
}

// parsePrefixKey is the inverse of prefixKey.
func parsePrefixKey(k []byte) (netip.Prefix, error) {
	var (
		a    netip.Addr
		bits int
	)
	switch {
	case len(k) == 6 && k[0] == 4:
		a = netip.AddrFrom4([4]byte(k[1:5]))
		bits = int(k[5])
	case len(k) == 18 && k[0] == 6:
		a = netip.AddrFrom16([16]byte(k[1:17]))
		bits = int(k[17])
	default:
		return netip.Prefix{}, fmt.Errorf("prefix key %x: %w", k, errRecord)
	}
	p := netip.PrefixFrom(a, bits)
	if !p.IsValid() || p.Masked() != p {
		return netip.Prefix{}, fmt.Errorf("prefix key %x: %w", k, errRecord)
	}
	return p, nil
}

func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return binary.AppendVarint(b, 0)
	}
	return binary.AppendVarint(b, t.UnixNano())
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// reader decodes a value, keeping the first error so call sites stay flat.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = errRecord
	}
	r.b = nil
}

func (r *reader) byte() byte {
	if len(r.b) < 1 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a length and checks it against max and the bytes left.
func (r *reader) count(max int) int {
	n := r.uvarint()
	if n > uint64(max) || n > uint64(len(r.b)) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *reader) string() string {
	n := r.count(maxString)
	if r.err != nil {
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *reader) time() time.Time { return timeOf(r.varint()) }

func (r *reader) bytes(n int) []byte {
	if len(r.b) < n {
		r.fail()
		return nil
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

// done reports the first error, or trailing bytes as an error.
func (r *reader) done() error {
	if r.err == nil && len(r.b) != 0 {
		r.err = errRecord
	}
	return r.err
}

func (r *reader) version() {
	if v := r.byte(); r.err == nil && v != recordV1 {
		r.err = fmt.Errorf("record version %d: %w", v, errRecord)
	}
}

func encodeBan(b Ban) []byte {
	return appendBan(make([]byte, 0, banSize(b)), b)
}

// banSize is a bound on the encoded size of b (times at most 10 bytes
// each as varints).
func banSize(b Ban) int {
	n := 74 + len(b.Reason) + len(b.Node)
	for _, r := range b.Rules {
		n += 10 + len(r)
	}
	return n
}

func appendBan(out []byte, b Ban) []byte {
	// Version 2 only where the node matters: another node's ban, or a
	// reason that reads like one (cluster mode names the deciding node as
	// "(from web-1)"): a version-1 record is read NodeUnknown, judged by
	// its reason. Other bans stay version 1, which older guardctl reads.
	v2 := b.Node != "" || strings.Contains(b.Reason, " (from ")
	if v2 {
		out = append(out, recordV2)
	} else {
		out = append(out, recordV1)
	}
	out = appendTime(out, b.Start)
	out = appendTime(out, b.Expires)
	out = binary.AppendUvarint(out, uint64(b.Offence))
	out = append(out, byte(b.Origin))
	out = appendString(out, b.Reason)
	out = binary.AppendUvarint(out, uint64(len(b.Rules)))
	for _, r := range b.Rules {
		out = appendString(out, r)
	}
	if v2 {
		out = appendString(out, b.Node)
	}
	return out
}

// banExpires reads the end of a ban from its record's head, as decodeBan
// would, without decoding (and allocating) the rest.
func banExpires(v []byte) (time.Time, error) {
	r := reader{b: v}
	if len(v) > 0 && v[0] == recordV2 {
		r.byte()
	} else {
		r.version()
	}
	r.time() // start
	end := r.time()
	return end, r.err
}

// decodeBan decodes a value; the prefix comes from the key.
func decodeBan(p netip.Prefix, v []byte) (Ban, error) {
	r := reader{b: v}
	v2 := len(v) > 0 && v[0] == recordV2
	if v2 {
		r.byte()
	} else {
		r.version()
	}
	b := Ban{Prefix: p, NodeUnknown: !v2}
	b.Start = r.time()
	b.Expires = r.time()
	off := r.uvarint()
	if off > uint64(maxOffence) {
		r.fail()
	}
	b.Offence = int(off)
	b.Origin = Origin(r.byte())
	b.Reason = r.string()
	if n := r.count(maxRules); n > 0 {
		b.Rules = make([]string, n)
		for i := range b.Rules {
			b.Rules[i] = r.string()
		}
	}
	if v2 {
		b.Node = r.string()
	}
	if err := r.done(); err != nil {
		return Ban{}, fmt.Errorf("ban %s: %w", p, err)
	}
	if !b.Origin.valid() {
		return Ban{}, fmt.Errorf("ban %s: origin %d: %w", p, b.Origin, errRecord)
	}
	return b, nil
}

// offence is one stored entry of a key's history.
type offence struct {
	at   time.Time
	rule string
}

func encodeOffences(list []offence) []byte {
	return appendOffences(make([]byte, 0, 1+len(list)*24), list)
}

func appendOffences(out []byte, list []offence) []byte {
	out = append(out, recordV1)
	out = binary.AppendUvarint(out, uint64(len(list)))
	for _, o := range list {
		out = appendTime(out, o.at)
		out = appendString(out, o.rule)
	}
	return out
}

func decodeOffences(v []byte) ([]offence, error) {
	r := reader{b: v}
	r.version()
	// Each entry takes at least two bytes, which bounds n by the value size.
	n := r.count(len(v) / 2)
	list := make([]offence, 0, n)
	for range n {
		var o offence
		o.at = r.time()
		o.rule = r.string()
		list = append(list, o)
	}
	if err := r.done(); err != nil {
		return nil, err
	}
	return list, nil
}

// countOffences counts the entries of an encoded history in (since, until]
// without building the list: the detector's lookup allocates nothing.
func countOffences(v []byte, since, until time.Time) (int, error) {
	r := reader{b: v}
	r.version()
	total := r.count(len(v) / 2)
	lo, hi := nanos(since), nanos(until)
	n := 0
	for range total {
		at := r.varint()
		r.b = r.b[r.count(maxString):] // skip the rule id
		if at > lo && at <= hi {
			n++
		}
	}
	if err := r.done(); err != nil {
		return 0, err
	}
	return n, nil
}

// nanos is t as stored, clamped to the range a stored time can have.
func nanos(t time.Time) int64 {
	switch sec := t.Unix(); {
	case sec <= 0:
		return 0
	case sec >= maxUnixSeconds:
		return 1<<63 - 1
	}
	return t.UnixNano()
}

func encodePosition(p Position) []byte {
	out := make([]byte, 0, 64+len(p.HeadHash)+len(p.Path))
	out = append(out, recordV1)
	out = appendString(out, p.Path)
	out = binary.AppendVarint(out, p.Offset)
	out = binary.AppendVarint(out, p.Size)
	out = binary.AppendUvarint(out, uint64(p.HeadLen))
	out = append(out, p.HeadHash[:]...)
	out = appendTime(out, p.Saved)
	return out
}

// positionKey is the one place a file identity becomes key bytes.
func positionKey(id FileID) []byte {
	k := make([]byte, 16)
	binary.BigEndian.PutUint64(k[:8], id.Dev)
	binary.BigEndian.PutUint64(k[8:], id.Inode)
	return k
}

func parsePositionKey(k []byte) (FileID, error) {
	if len(k) != 16 {
		return FileID{}, fmt.Errorf("position key %x: %w", k, errRecord)
	}
	return FileID{Dev: binary.BigEndian.Uint64(k[:8]), Inode: binary.BigEndian.Uint64(k[8:])}, nil
}

// decodePosition decodes a value; the identity comes from the key.
func decodePosition(id FileID, v []byte) (Position, error) {
	r := reader{b: v}
	r.version()
	p := Position{Dev: id.Dev, Inode: id.Inode}
	p.Path = r.string()
	p.Offset = r.varint()
	p.Size = r.varint()
	hl := r.uvarint()
	if hl > HeadBytes {
		r.fail()
	}
	p.HeadLen = int(hl)
	copy(p.HeadHash[:], r.bytes(len(p.HeadHash)))
	p.Saved = r.time()
	if err := r.done(); err != nil {
		return Position{}, fmt.Errorf("position %s: %w", id, err)
	}
	if p.Offset < 0 || p.Size < 0 {
		return Position{}, fmt.Errorf("position %s: negative offset: %w", id, errRecord)
	}
	if p.Path == "" {
		return Position{}, fmt.Errorf("position %s: empty path: %w", id, errRecord)
	}
	return p, nil
}
