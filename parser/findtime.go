package parser

import "time"

// Application logs put their timestamp where they like, in one of a handful
// of shapes. locateTime finds it near the start of a line without a regex,
// the way fail2ban's date detector does, so a custom format needs no time
// group and patterns can be written against the rest of the line.

// timeSearchSpan is how far into a line a timestamp is looked for: past a
// syslog or journal prefix ("host nginx[983478]: "), not into the message.
const timeSearchSpan = 96

// locateTime returns the first timestamp found at the start of line or after
// a space, '[' or '(' within timeSearchSpan bytes, and where it is.
func locateTime(line []byte, clk *localClock) (t time.Time, start, end int, ok bool) {
	for i := 0; i < len(line) && i <= timeSearchSpan; i++ {
		if i > 0 {
			switch line[i-1] {
			case ' ', '[', '(', '"', '\t', '>', '=':
			default:
				continue
			}
		}
		if line[i] < '0' || line[i] > '9' {
			if month(line[i:min(i+3, len(line))]) == 0 && weekday(line[i:min(i+3, len(line))]) == 0 {
				continue
			}
		}
		if t, n, ok := timeAt(line[i:], clk); ok {
			return t, i, i + n, true
		}
		if i == 0 {
			// squid, portsentry: "1386543323.000 ..." (epoch seconds
			// first on the line; nowhere else, where a number is rarely
			// a time).
			if t, n, ok := epochAt(line); ok {
				return t, 0, n, true
			}
		}
	}
	return time.Time{}, 0, 0, false
}

// timeAt parses a timestamp at the start of b and returns its length:
//
//	2006-01-02T15:04:05[.frac][zone]  (T or space)
//	2006/01/02 15:04:05[.frac]        nginx error log, local time
//	02/Jan/2006:15:04:05 -0700         CLF
//	Mon Jan _2 15:04:05[.frac] 2006    apache error log, ctime, local time
//	Jan _2 15:04:05                    syslog, local time, year guessed
//	Jan _2, 2006 3:04:05 PM            java.util.logging
//	02-Jan-2006 15:04:05 [-0700]       PHP's error_log (roundcube)
func timeAt(b []byte, clk *localClock) (time.Time, int, bool) {
	switch {
	case len(b) >= 19 && b[4] == '-' && b[7] == '-':
		n := isoLen(b)
		if t, ok := parseISOTime(b[:n]); ok {
			if n == 19 || !hasZone(b[19:n]) {
				return localISO(b[:n], clk)
			}
			return t, n, true
		}
	case len(b) >= 19 && b[4] == '/' && b[7] == '/':
		return slashTime(b, clk)
	case len(b) >= 20 && b[2] == '/' && b[6] == '/':
		n := 20
		if len(b) >= 26 && b[20] == ' ' && (b[21] == '+' || b[21] == '-') {
			n = 26
		}
		if t, ok := parseCLFTime(b[:n]); ok {
			return t, n, true
		}
	case len(b) >= 20 && b[2] == '-' && b[6] == '-':
		return phpTime(b, clk)
	case len(b) >= 24 && weekday(b[:3]) != 0 && b[3] == ' ':
		return ctimeTime(b, clk)
	case len(b) >= 15 && month(b[:3]) != 0 && b[3] == ' ':
		return syslogTime(b, clk)
	}
	return time.Time{}, 0, false
}

// phpTime reads PHP's error_log "02-Jan-2006 15:04:05", then " -0700"
// when a zone follows (roundcube writes it; PHP's own log leaves it out
// and writes the location's name after the time, read as local time).
func phpTime(b []byte, clk *localClock) (time.Time, int, bool) {
	if len(b) < 20 || b[2] != '-' || b[6] != '-' || b[11] != ' ' || b[14] != ':' || b[17] != ':' {
		return time.Time{}, 0, false
	}
	day, ok1 := num2(b[0:2])
	mon := month(b[3:6])
	year, ok2 := num4(b[7:11])
	hour, ok3 := num2(b[12:14])
	minute, ok4 := num2(b[15:17])
	sec, ok5 := num2(b[18:20])
	if !(ok1 && ok2 && ok3 && ok4 && ok5) || mon == 0 {
		return time.Time{}, 0, false
	}
	if len(b) >= 26 && b[20] == ' ' {
		if off, ok := zoneOffset(b[21:26], false); ok {
			t, ok := civilTime(year, mon, day, hour, minute, sec, 0, off)
			return t, 26, ok
		}
	}
	t, ok := clk.at(year, mon, day, hour, minute, sec, 0)
	return t, 20, ok
}

// isoLen is the length of an ISO 8601 timestamp at the start of b: the
// date and time, then fraction and zone characters.
func isoLen(b []byte) int {
	n := 19
	for n < len(b) && n < 40 {
		c := b[n]
		if (c >= '0' && c <= '9') || c == '.' || c == ',' || c == 'Z' || c == 'z' || c == '+' || c == ':' ||
			(c == '-' && n > 19) {
			n++
			continue
		}
		break
	}
	// A trailing ':' or ',' belongs to the text ("2006-01-02 15:04:05: msg").
	for n > 19 && (b[n-1] == ':' || b[n-1] == ',' || b[n-1] == '.') {
		n--
	}
	return n
}

func hasZone(b []byte) bool {
	for _, c := range b {
		if c == 'Z' || c == 'z' || c == '+' || c == '-' {
			return true
		}
	}
	return false
}

// localISO reads a zone-less ISO timestamp in the clock's location.
func localISO(b []byte, clk *localClock) (time.Time, int, bool) { return numericLocal(b, clk) }

// slashTime reads nginx's "2006/01/02 15:04:05".
func slashTime(b []byte, clk *localClock) (time.Time, int, bool) {
	if len(b) < 19 || b[4] != '/' || b[7] != '/' || b[10] != ' ' || b[13] != ':' || b[16] != ':' {
		return time.Time{}, 0, false
	}
	return numericLocal(b, clk)
}

// numericLocal reads "YYYY?MM?DD?hh?mm?ss[.frac]" (separators checked by
// the caller) in the clock's location and returns its length.
func numericLocal(b []byte, clk *localClock) (time.Time, int, bool) {
	year, ok1 := num4(b[0:4])
	mon, ok2 := num2(b[5:7])
	day, ok3 := num2(b[8:10])
	hour, ok4 := num2(b[11:13])
	minute, ok5 := num2(b[14:16])
	sec, ok6 := num2(b[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return time.Time{}, 0, false
	}
	nsec, rest, ok := fraction(b[19:])
	if !ok {
		return time.Time{}, 0, false
	}
	t, ok := clk.at(year, mon, day, hour, minute, sec, nsec)
	return t, len(b) - len(rest), ok
}

// ctimeTime reads apache's "Mon Jan 02 15:04:05[.000000] 2006" (the day may
// be space-padded).
func ctimeTime(b []byte, clk *localClock) (time.Time, int, bool) {
	if len(b) < 24 || weekday(b[:3]) == 0 || b[3] != ' ' {
		return time.Time{}, 0, false
	}
	mon := month(b[4:7])
	if mon == 0 || b[7] != ' ' {
		return time.Time{}, 0, false
	}
	day, hour, minute, sec, n, ok := dayClock(b[8:])
	if !ok {
		return time.Time{}, 0, false
	}
	i := 8 + n
	nsec, rest, ok := fraction(b[i:])
	if !ok || len(rest) < 5 || rest[0] != ' ' {
		return time.Time{}, 0, false
	}
	year, ok := num4(rest[1:5])
	if !ok {
		return time.Time{}, 0, false
	}
	t, ok := clk.at(year, mon, day, hour, minute, sec, nsec)
	return t, len(b) - len(rest) + 5, ok
}

// syslogTime reads "Jan _2 15:04:05[.frac]", guessing the year.
func syslogTime(b []byte, clk *localClock) (time.Time, int, bool) {
	if len(b) < 15 || b[3] != ' ' {
		return time.Time{}, 0, false
	}
	mon := month(b[:3])
	if mon == 0 {
		return time.Time{}, 0, false
	}
	day, hour, minute, sec, n, ok := dayClock(b[4:])
	if !ok {
		return time.Time{}, 0, false
	}
	nsec, rest, ok := fraction(b[4+n:])
	if !ok {
		return time.Time{}, 0, false
	}
	// "Jan 2, 2006 3:04:05 PM" is another shape; not a syslog header.
	year := guessYear(mon, day, time.Now())
	t, ok := clk.at(year, mon, day, hour, minute, sec, nsec)
	return t, len(b) - len(rest), ok
}

// dayClock reads "02 15:04:05" or " 2 15:04:05" and its length.
func dayClock(b []byte) (day, hour, minute, sec, n int, ok bool) {
	if len(b) < 11 || b[2] != ' ' || b[5] != ':' || b[8] != ':' {
		return 0, 0, 0, 0, 0, false
	}
	d := b[0:2]
	if d[0] == ' ' {
		d = []byte{'0', d[1]}
	}
	var ok1, ok2, ok3, ok4 bool
	day, ok1 = num2(d)
	hour, ok2 = num2(b[3:5])
	minute, ok3 = num2(b[6:8])
	sec, ok4 = num2(b[9:11])
	return day, hour, minute, sec, 11, ok1 && ok2 && ok3 && ok4
}

// weekday maps "Mon".."Sun" (any case) to 1..7, 0 when unknown.
func weekday(b []byte) int {
	if len(b) != 3 {
		return 0
	}
	switch string([]byte{b[0] | 0x20, b[1] | 0x20, b[2] | 0x20}) {
	case "mon":
		return 1
	case "tue":
		return 2
	case "wed":
		return 3
	case "thu":
		return 4
	case "fri":
		return 5
	case "sat":
		return 6
	case "sun":
		return 7
	}
	return 0
}

// epochAt reads ten digits of unix seconds with an optional fraction at
// the start of b, followed by a space or the end.
func epochAt(b []byte) (time.Time, int, bool) {
	if len(b) < 10 || !isDigits(b[:10]) || (len(b) > 10 && b[10] >= '0' && b[10] <= '9') {
		return time.Time{}, 0, false
	}
	n := 10
	if n < len(b) && b[n] == '.' {
		n++
		for n < len(b) && b[n] >= '0' && b[n] <= '9' {
			n++
		}
	}
	if n < len(b) && b[n] != ' ' && b[n] != '\t' {
		return time.Time{}, 0, false
	}
	t, ok := parseEpoch(b[:n])
	return t, n, ok
}
