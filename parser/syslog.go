package parser

import "bytes"

// stripSyslog returns what follows a syslog header, or nil when line does
// not start with one. nginx and apache can log to syslog
// (access_log syslog:server=...), and the collected file then has
//
//	[<PRI>]Jan _2 15:04:05 [host] tag[pid]: <access-log line>
//	[<PRI>]2006-01-02T15:04:05Z [host] tag[pid]: <access-log line>
//	<PRI>1 2006-01-02T15:04:05Z host app procid msgid - <access-log line>
//
// The header's timestamp is ignored: the access-log line has its own, with
// a year and a zone.
func stripSyslog(line []byte) []byte {
	b := line
	if len(b) > 0 && b[0] == '<' {
		end := bytes.IndexByte(b, '>')
		if end < 2 || end > 4 || !isDigits(b[1:end]) {
			return nil
		}
		b = b[end+1:]
		if len(b) > 2 && b[0] == '1' && b[1] == ' ' {
			return stripRFC5424(b[2:])
		}
	}
	switch {
	case len(b) >= 16 && month(b[:3]) != 0 && b[3] == ' ' && b[6] == ' ' && b[9] == ':' && b[12] == ':' && b[15] == ' ':
		b = b[16:]
	case len(b) >= 20 && b[4] == '-' && b[10] == 'T':
		sp := bytes.IndexByte(b, ' ')
		if sp < 0 {
			return nil
		}
		b = b[sp+1:]
	default:
		return nil
	}
	// [host] tag: the tag is the token ending in ':'.
	for range 2 {
		sp := bytes.IndexByte(b, ' ')
		if sp <= 0 {
			return nil
		}
		if b[sp-1] == ':' {
			return b[sp+1:]
		}
		b = b[sp+1:]
	}
	return nil
}

// stripRFC5424 skips TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD.
func stripRFC5424(b []byte) []byte {
	for range 5 {
		sp := bytes.IndexByte(b, ' ')
		if sp <= 0 {
			return nil
		}
		b = b[sp+1:]
	}
	if len(b) > 0 && b[0] == '[' {
		end := bytes.Index(b, []byte("] "))
		if end < 0 {
			return nil
		}
		return b[end+2:]
	}
	sp := bytes.IndexByte(b, ' ')
	if sp < 0 {
		return nil
	}
	return b[sp+1:]
}
