package control

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"time"
)

// A list of 100,000 bans is about 20 MB of JSON. encoding/json takes
// ~150 ms to write it and ~500 ms to read it back on a busy 2-core machine,
// most of a `guardctl list`; these two do the same for []BanInfo in a
// fraction of that. The output is what encoding/json writes for BanInfo
// (minus its HTML escaping, which JSON does not need); the reader accepts
// exactly that shape and hands anything else (escapes, other key orders
// are fine, unknown keys, numbers with exponents) to encoding/json.

// appendBans writes bans as a JSON array followed by a newline (null for a
// nil slice, as encoding/json).
func appendBans(b []byte, bans []BanInfo) []byte {
	if bans == nil {
		return append(b, "null\n"...)
	}
	b = append(b, '[')
	for i := range bans {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendBan(b, &bans[i])
	}
	return append(b, ']', '\n')
}

func appendBan(b []byte, x *BanInfo) []byte {
	b = append(b, `{"prefix":`...)
	b = appendString(b, x.Prefix)
	b = append(b, `,"reason":`...)
	b = appendString(b, x.Reason)
	if len(x.Rules) > 0 {
		b = append(b, `,"rules":[`...)
		for i, r := range x.Rules {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, r)
		}
		b = append(b, ']')
	}
	b = append(b, `,"origin":`...)
	b = appendString(b, x.Origin)
	b = append(b, `,"since":"`...)
	b = x.Since.AppendFormat(b, time.RFC3339Nano)
	b = append(b, '"')
	if !x.Expires.IsZero() {
		b = append(b, `,"expires":"`...)
		b = x.Expires.AppendFormat(b, time.RFC3339Nano)
		b = append(b, '"')
	}
	b = append(b, `,"offence":`...)
	b = strconv.AppendInt(b, int64(x.Offence), 10)
	b = append(b, `,"in_kernel":`...)
	b = strconv.AppendBool(b, x.InKernel)
	if x.KernelUnknown {
		b = append(b, `,"kernel_unknown":true`...)
	}
	if x.Undecodable {
		b = append(b, `,"undecodable":true`...)
	}
	if x.Key != "" {
		b = append(b, `,"key":`...)
		b = appendString(b, x.Key)
	}
	return append(b, '}')
}

// appendString writes s as a JSON string; anything but plain printable
// ASCII goes through encoding/json, which knows every escape.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// errSlowPath: the input is valid JSON perhaps, but not the shape the fast
// reader knows; encoding/json reads it.
var errSlowPath = errors.New("not the fast shape")

// decodeBans reads a JSON array of BanInfo.
func decodeBans(data []byte) ([]BanInfo, error) {
	if out, err := fastBans(data); err == nil {
		return out, nil
	}
	var out []BanInfo
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, err
	}
	return out, nil
}

type banReader struct {
	b []byte
	i int
}

func fastBans(data []byte) ([]BanInfo, error) {
	r := &banReader{b: data}
	r.space()
	if r.lit("null") {
		r.space()
		return nil, r.end()
	}
	if !r.byte('[') {
		return nil, errSlowPath
	}
	out := make([]BanInfo, 0, bytes.Count(data, []byte(`"prefix"`)))
	r.space()
	if r.byte(']') {
		r.space()
		return out, r.end()
	}
	for {
		var x BanInfo
		if err := r.ban(&x); err != nil {
			return nil, err
		}
		out = append(out, x)
		r.space()
		if r.byte(']') {
			r.space()
			return out, r.end()
		}
		if !r.byte(',') {
			return nil, errSlowPath
		}
		r.space()
	}
}

func (r *banReader) end() error {
	if r.i != len(r.b) {
		return errSlowPath
	}
	return nil
}

func (r *banReader) space() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

func (r *banReader) byte(c byte) bool {
	if r.i < len(r.b) && r.b[r.i] == c {
		r.i++
		return true
	}
	return false
}

func (r *banReader) lit(s string) bool {
	if bytes.HasPrefix(r.b[r.i:], []byte(s)) {
		r.i += len(s)
		return true
	}
	return false
}

// str reads a string without escapes (those go the slow path).
func (r *banReader) str() (string, error) {
	if !r.byte('"') {
		return "", errSlowPath
	}
	start := r.i
	for r.i < len(r.b) {
		switch c := r.b[r.i]; {
		case c == '"':
			s := string(r.b[start:r.i])
			r.i++
			return s, nil
		case c == '\\' || c < 0x20 || c >= 0x7f:
			return "", errSlowPath
		}
		r.i++
	}
	return "", errSlowPath
}

func (r *banReader) ban(x *BanInfo) error {
	if !r.byte('{') {
		return errSlowPath
	}
	r.space()
	if r.byte('}') {
		return nil
	}
	for {
		key, err := r.str()
		if err != nil {
			return err
		}
		r.space()
		if !r.byte(':') {
			return errSlowPath
		}
		r.space()
		if err := r.field(x, key); err != nil {
			return err
		}
		r.space()
		if r.byte('}') {
			return nil
		}
		if !r.byte(',') {
			return errSlowPath
		}
		r.space()
	}
}

func (r *banReader) field(x *BanInfo, key string) error {
	var err error
	switch key {
	case "prefix":
		x.Prefix, err = r.str()
	case "reason":
		x.Reason, err = r.str()
	case "origin":
		x.Origin, err = r.str()
	case "since":
		x.Since, err = r.time()
	case "expires":
		x.Expires, err = r.time()
	case "rules":
		x.Rules, err = r.strings()
	case "offence":
		x.Offence, err = r.int()
	case "in_kernel":
		x.InKernel, err = r.bool()
	case "kernel_unknown":
		x.KernelUnknown, err = r.bool()
	case "undecodable":
		x.Undecodable, err = r.bool()
	case "key":
		x.Key, err = r.str()
	default:
		err = errSlowPath
	}
	return err
}

// bool reads true or false.
func (r *banReader) bool() (bool, error) {
	switch {
	case r.lit("true"):
		return true, nil
	case r.lit("false"):
		return false, nil
	}
	return false, errSlowPath
}

// time reads a string with time.Time's own JSON reader, as encoding/json
// would.
func (r *banReader) time() (time.Time, error) {
	start := r.i
	if _, err := r.str(); err != nil {
		return time.Time{}, err
	}
	var t time.Time
	if err := t.UnmarshalJSON(r.b[start:r.i]); err != nil {
		return time.Time{}, errSlowPath
	}
	return t, nil
}

func (r *banReader) strings() ([]string, error) {
	if r.lit("null") {
		return nil, nil
	}
	if !r.byte('[') {
		return nil, errSlowPath
	}
	out := []string{}
	r.space()
	if r.byte(']') {
		return out, nil
	}
	for {
		s, err := r.str()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
		r.space()
		if r.byte(']') {
			return out, nil
		}
		if !r.byte(',') {
			return nil, errSlowPath
		}
		r.space()
	}
}

func (r *banReader) int() (int, error) {
	start := r.i
	if r.i < len(r.b) && r.b[r.i] == '-' {
		r.i++
	}
	for r.i < len(r.b) && r.b[r.i] >= '0' && r.b[r.i] <= '9' {
		r.i++
	}
	digits := r.b[start:r.i]
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	if len(digits) == 0 || len(digits) > 1 && digits[0] == '0' {
		return 0, errSlowPath // "-", "01": let encoding/json say what is wrong
	}
	n, err := strconv.Atoi(string(r.b[start:r.i]))
	if err != nil || (r.i < len(r.b) && (r.b[r.i] == '.' || r.b[r.i] == 'e' || r.b[r.i] == 'E')) {
		return 0, errSlowPath
	}
	return n, nil
}
