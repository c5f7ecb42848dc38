package parser

import "time"

// Error and application logs write local time without a zone ("2012/04/09
// 11:53:29"). It is read in the Spec's Location (the machine's zone by
// default, the one the server that wrote the log ran in), so that error-log
// events line up with access-log events, whose timestamps carry their zone:
// the detector runs on event time, and a one-hour gap between two sources
// of one client would split its windows.

// localClock converts zone-less civil times, remembering the last second
// converted: consecutive lines mostly share it, and time.Date with a
// Location costs a zone lookup.
type localClock struct {
	loc  *time.Location
	last [6]int
	t    time.Time
	ok   bool
}

func newLocalClock(loc *time.Location) localClock {
	if loc == nil {
		loc = time.Local
	}
	return localClock{loc: loc}
}

// at returns the instant of the civil time in c's location, in UTC.
func (c *localClock) at(year, mon, day, hour, minute, sec, nsec int) (time.Time, bool) {
	// Years before 1970 are garbage in a log (and year 1 is the zero Time,
	// which the detector treats as "no time").
	if year < 1970 || mon < 1 || mon > 12 || day < 1 || day > daysIn(mon, year) || hour > 23 || minute > 59 || sec > 60 {
		return time.Time{}, false
	}
	if sec == 60 {
		sec = 59
	}
	k := [6]int{year, mon, day, hour, minute, sec}
	if !c.ok || k != c.last {
		if c.loc == time.UTC {
			c.t, _ = civilTime(year, mon, day, hour, minute, sec, 0, 0)
		} else {
			c.t = time.Date(year, time.Month(mon), day, hour, minute, sec, 0, c.loc).UTC()
		}
		c.last, c.ok = k, true
	}
	return c.t.Add(time.Duration(nsec)), true
}

// guessYear is the year of a syslog timestamp, which has none: the current
// year, or the previous one when that would put the line more than a day in
// the future (a January replay of December's log).
func guessYear(mon, day int, now time.Time) int {
	y := now.Year()
	if mon > int(now.Month()) || (mon == int(now.Month()) && day > now.Day()+1) {
		y--
	}
	return y
}
