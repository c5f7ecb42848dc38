// Package traffic generates labeled web-server logs, replays them through
// guardctl's real pipeline with a policy and scores the verdicts: recall
// per attacker kind, benign clients banned, requests let through before
// each ban. Grid runs it over variants of site size, NATs, refusal rates,
// flood rates, IPv6 rotation and proxies.
//
// The generator is randomised (seeded, so a variant is reproducible) and
// built from traffic shapes rather than from guardctl's thresholds:
// browsers load a page and then its assets in a burst and think for
// seconds to minutes; NATs are many such users on one address; crawlers
// fetch distinct pages at a steady pace; sync and media clients fetch
// hundreds of new paths in bursts; attackers are modelled on the tools
// (LOIC/HULK-style floods, wordlist scanners, hydra/wpscan guessers,
// botnets spreading guesses over many addresses).
package traffic

import (
	"bytes"
	"net/netip"
	"slices"
	"strconv"
	"time"
)

// Line is one generated request.
type Line struct {
	T       int64      // ns since the log's start
	Client  int32      // index into Log.Clients
	Addr    netip.Addr // the address the request came from
	Method  string
	Target  string // path and query
	Status  int
	Size    int
	Referer string
	UA      string
	// XFFPrefix, in a log that came through a proxy, is what the client
	// itself put in X-Forwarded-For (a forged address, a forward proxy's
	// internal one); the trusted proxy appends Addr after it.
	XFFPrefix string
}

// Client is one labeled client: a person, a NAT, a bot or an attacker.
// Attackers spread over several addresses (a botnet, IPv6 rotation) are one
// Client per address group the policy judges: see Log.Clients.
type Client struct {
	Kind     string // "browser", "nat", "crawler" ... "flood", "scanner" ...
	Attacker bool
	Note     string // what this one was (rate, target), for -v; set by some shapes
}

// Log is a generated log: lines in time order and who sent them.
type Log struct {
	Start   time.Time
	Lines   []Line
	Clients []Client
	// Proxy, when valid, is the trusted reverse proxy every line came
	// through: the log's client field is Proxy and the real address goes
	// in a trailing X-Forwarded-For field.
	Proxy netip.Addr
}

// sortLines orders lines by time, stably (a client's own order is kept).
func (l *Log) sortLines() {
	slices.SortStableFunc(l.Lines, func(a, b Line) int {
		switch {
		case a.T < b.T:
			return -1
		case a.T > b.T:
			return 1
		}
		return 0
	})
}

// Client is the log of client c's lines alone.
func (l *Log) Client(c int32) *Log {
	out := &Log{Start: l.Start, Clients: l.Clients, Proxy: l.Proxy}
	for _, ln := range l.Lines {
		if ln.Client == c {
			out.Lines = append(out.Lines, ln)
		}
	}
	return out
}

// Render writes the log in nginx's combined format (with a trailing
// X-Forwarded-For field when the log came through a proxy).
func (l *Log) Render() []byte {
	var b bytes.Buffer
	b.Grow(len(l.Lines) * 160)
	var ts []byte
	lastSec := int64(-1)
	for i := range l.Lines {
		ln := &l.Lines[i]
		if sec := ln.T / 1e9; sec != lastSec {
			lastSec = sec
			ts = l.Start.Add(time.Duration(sec)*time.Second).AppendFormat(ts[:0], "02/Jan/2006:15:04:05 -0700")
		}
		if l.Proxy.IsValid() {
			b.WriteString(l.Proxy.String())
		} else {
			b.WriteString(ln.Addr.String())
		}
		b.WriteString(" - - [")
		b.Write(ts)
		b.WriteString(`] "`)
		b.WriteString(ln.Method)
		b.WriteByte(' ')
		b.WriteString(ln.Target)
		b.WriteString(` HTTP/1.1" `)
		b.WriteString(strconv.Itoa(ln.Status))
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(ln.Size))
		b.WriteString(` "`)
		quoted(&b, ln.Referer)
		b.WriteString(`" "`)
		quoted(&b, ln.UA)
		b.WriteByte('"')
		if l.Proxy.IsValid() {
			b.WriteString(` "`)
			if ln.XFFPrefix != "" {
				b.WriteString(ln.XFFPrefix)
				b.WriteString(", ")
			}
			b.WriteString(ln.Addr.String())
			b.WriteByte('"')
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func quoted(b *bytes.Buffer, s string) {
	if s == "" {
		b.WriteByte('-')
		return
	}
	b.WriteString(s)
}
