package parser

import (
	"bytes"
	"time"
)

// Timestamps are parsed by hand: time.Parse needs a string (an allocation
// per line for []byte input) and is several times slower than the fixed
// layouts of access logs require. All results are in UTC.

const (
	secondsPerDay = 86400
	maxFraction   = 9 // digits of a fraction that carry meaning (nanoseconds)
)

// parseCLFTime parses the Common Log Format timestamp "02/Jan/2006:15:04:05
// -0700" (without the brackets). It also accepts a fraction after the
// seconds (haproxy writes milliseconds) and a missing zone, which some
// apache LogFormats produce; a missing zone is read as UTC because nothing
// in the line says otherwise.
func parseCLFTime(b []byte) (time.Time, bool) {
	if len(b) < 20 || b[2] != '/' || b[6] != '/' || b[11] != ':' || b[14] != ':' || b[17] != ':' {
		return time.Time{}, false
	}
	day, ok1 := num2(b[0:2])
	mon := month(b[3:6])
	year, ok2 := num4(b[7:11])
	hour, ok3 := num2(b[12:14])
	minute, ok4 := num2(b[15:17])
	sec, ok5 := num2(b[18:20])
	if !(ok1 && ok2 && ok3 && ok4 && ok5) || mon == 0 {
		return time.Time{}, false
	}
	rest := b[20:]
	nsec, rest, ok := fraction(rest)
	if !ok {
		return time.Time{}, false
	}
	off := 0
	if len(rest) > 0 {
		if rest[0] != ' ' {
			return time.Time{}, false
		}
		off, ok = zoneOffset(rest[1:], false)
		if !ok {
			return time.Time{}, false
		}
	}
	return civilTime(year, mon, day, hour, minute, sec, nsec, off)
}

// parseISOTime parses RFC 3339 and the common ISO 8601 variants:
// "2006-01-02T15:04:05", a space instead of T, an optional fraction of any
// length, and "Z", "+07:00", "+0700", "+07" or nothing (UTC).
func parseISOTime(b []byte) (time.Time, bool) {
	if len(b) < 19 || b[4] != '-' || b[7] != '-' || (b[10] != 'T' && b[10] != 't' && b[10] != ' ') || b[13] != ':' || b[16] != ':' {
		return time.Time{}, false
	}
	year, ok1 := num4(b[0:4])
	mon, ok2 := num2(b[5:7])
	day, ok3 := num2(b[8:10])
	hour, ok4 := num2(b[11:13])
	minute, ok5 := num2(b[14:16])
	sec, ok6 := num2(b[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return time.Time{}, false
	}
	nsec, rest, ok := fraction(b[19:])
	if !ok {
		return time.Time{}, false
	}
	off := 0
	switch {
	case len(rest) == 0:
	case len(rest) == 1 && (rest[0] == 'Z' || rest[0] == 'z'):
	default:
		off, ok = zoneOffset(rest, true)
		if !ok {
			return time.Time{}, false
		}
	}
	return civilTime(year, mon, day, hour, minute, sec, nsec, off)
}

// parseEpoch parses unix time as written by caddy ("ts":1711741827.9626286)
// or nginx $msec ("1711741827.962"). An integer too large to be seconds is
// read as milliseconds, microseconds or nanoseconds by magnitude, which is
// how loggers that write integer epochs differ.
func parseEpoch(b []byte) (time.Time, bool) {
	if len(b) == 0 {
		return time.Time{}, false
	}
	var sec int64
	i := 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		if i >= 19 {
			return time.Time{}, false
		}
		sec = sec*10 + int64(b[i]-'0')
	}
	if i == 0 {
		return time.Time{}, false
	}
	nsec, rest, ok := fraction(b[i:])
	if !ok || len(rest) != 0 {
		return time.Time{}, false
	}
	if i == len(b) { // integer: pick the unit by magnitude
		switch {
		case sec >= 1e17:
			return time.Unix(0, sec).UTC(), true
		case sec >= 1e14:
			return time.UnixMicro(sec).UTC(), true
		case sec >= 1e11:
			return time.UnixMilli(sec).UTC(), true
		}
	}
	if sec >= 1e11 {
		return time.Time{}, false // seconds beyond year 5138 are garbage
	}
	return time.Unix(sec, int64(nsec)).UTC(), true
}

// parseAnyTime guesses the layout from the shape of b; JSON and regex logs
// use whichever their server writes.
func parseAnyTime(b []byte) (time.Time, bool) {
	if len(b) >= 2 && b[0] == '[' && b[len(b)-1] == ']' {
		b = b[1 : len(b)-1]
	}
	switch {
	case len(b) >= 3 && b[2] == '/':
		return parseCLFTime(b)
	case len(b) >= 5 && b[4] == '-':
		return parseISOTime(b)
	default:
		return parseEpoch(b)
	}
}

// fraction reads an optional ".ddd" (or ",ddd", ISO 8601 allows both) and
// returns nanoseconds and what follows it.
func fraction(b []byte) (int, []byte, bool) {
	if len(b) == 0 || (b[0] != '.' && b[0] != ',') {
		return 0, b, true
	}
	i := 1
	nsec, digits := 0, 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		if digits < maxFraction {
			nsec = nsec*10 + int(b[i]-'0')
			digits++
		}
	}
	if i == 1 {
		return 0, nil, false
	}
	for ; digits < maxFraction; digits++ {
		nsec *= 10
	}
	return nsec, b[i:], true
}

// zoneOffset parses "+0700", "-07:00" or "+07" into seconds east of UTC.
// CLF always has the four-digit form; colonOK allows the ISO variants.
func zoneOffset(b []byte, colonOK bool) (int, bool) {
	if len(b) < 3 || (b[0] != '+' && b[0] != '-') {
		return 0, false
	}
	// The bounds are time.Parse's: some writers use 24 hours or 60 minutes.
	hh, ok := num2(b[1:3])
	if !ok || hh > 24 {
		return 0, false
	}
	var mm int
	switch rest := b[3:]; {
	case len(rest) == 2:
		mm, ok = num2(rest)
	case colonOK && len(rest) == 3 && rest[0] == ':':
		mm, ok = num2(rest[1:])
	case colonOK && len(rest) == 0:
	default:
		return 0, false
	}
	if !ok || mm > 60 {
		return 0, false
	}
	off := hh*3600 + mm*60
	if b[0] == '-' {
		off = -off
	}
	return off, true
}

// civilTime validates the fields and converts them without time.Date, which
// would need a *time.Location for the offset (time.FixedZone allocates).
func civilTime(year, mon, day, hour, minute, sec, nsec, off int) (time.Time, bool) {
	if mon < 1 || mon > 12 || day < 1 || day > daysIn(mon, year) || hour > 23 || minute > 59 || sec > 60 {
		return time.Time{}, false
	}
	if sec == 60 {
		sec = 59 // a leap second; keep it inside the minute it belongs to
	}
	days := daysFromCivil(year, mon, day)
	unix := days*secondsPerDay + int64(hour*3600+minute*60+sec) - int64(off)
	return time.Unix(unix, int64(nsec)).UTC(), true
}

// daysFromCivil returns days since 1970-01-01 of a proleptic Gregorian date
// (Howard Hinnant's algorithm); year is 0..9999 here.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// month maps "Jan".."Dec" (any letter case) to 1..12, 0 when unknown.
func month(b []byte) int {
	if len(b) != 3 {
		return 0
	}
	k := uint32(b[0]|0x20)<<16 | uint32(b[1]|0x20)<<8 | uint32(b[2]|0x20)
	switch k {
	case 'j'<<16 | 'a'<<8 | 'n':
		return 1
	case 'f'<<16 | 'e'<<8 | 'b':
		return 2
	case 'm'<<16 | 'a'<<8 | 'r':
		return 3
	case 'a'<<16 | 'p'<<8 | 'r':
		return 4
	case 'm'<<16 | 'a'<<8 | 'y':
		return 5
	case 'j'<<16 | 'u'<<8 | 'n':
		return 6
	case 'j'<<16 | 'u'<<8 | 'l':
		return 7
	case 'a'<<16 | 'u'<<8 | 'g':
		return 8
	case 's'<<16 | 'e'<<8 | 'p':
		return 9
	case 'o'<<16 | 'c'<<8 | 't':
		return 10
	case 'n'<<16 | 'o'<<8 | 'v':
		return 11
	case 'd'<<16 | 'e'<<8 | 'c':
		return 12
	}
	return 0
}

func num2(b []byte) (int, bool) {
	if b[0] < '0' || b[0] > '9' || b[1] < '0' || b[1] > '9' {
		return 0, false
	}
	return int(b[0]-'0')*10 + int(b[1]-'0'), true
}

func num4(b []byte) (int, bool) {
	hi, ok1 := num2(b[0:2])
	lo, ok2 := num2(b[2:4])
	return hi*100 + lo, ok1 && ok2
}

// clfTimeCache remembers the last CLF timestamp parsed. Consecutive lines of
// a busy log mostly share their second, and comparing 26 bytes is several
// times cheaper than converting them again.
type clfTimeCache struct {
	raw [32]byte
	n   int // length of raw in use; 0 when empty
	t   time.Time
}

// parseBefore parses the timestamp that b holds up to its first byte
// close, and returns it and close's index in b (-1 when there is none). A
// timestamp the cache holds is recognised in place: it has no close byte
// (only parseBefore fills the cache, with text cut at the first one), so
// b's first one follows it.
func (c *clfTimeCache) parseBefore(b []byte, close byte) (time.Time, int, bool) {
	if n := c.n; n > 0 && n < len(b) && b[n] == close && string(b[:n]) == string(c.raw[:n]) {
		return c.t, n, true
	}
	end := bytes.IndexByte(b, close)
	if end < 0 {
		return time.Time{}, -1, false
	}
	t, ok := c.parse(b[:end])
	return t, end, ok
}

func (c *clfTimeCache) parse(b []byte) (time.Time, bool) {
	if c.n > 0 && len(b) == c.n && string(b) == string(c.raw[:c.n]) {
		return c.t, true
	}
	t, ok := parseCLFTime(b)
	if ok && len(b) <= len(c.raw) {
		c.n = copy(c.raw[:], b)
		c.t = t
	}
	return t, ok
}
