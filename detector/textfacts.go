package detector

import (
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/patterns"
)

// textFacts are what the flood model asks of a request's path and user
// agent alone (the same text, the same answer): their fingerprints, the
// path's class and whether the agent is a browser's. Judging a line used
// to compute them again for every line, ~5 % of analyze's CPU on the
// small log (perf's s17 profile, notes/s17/engine-coord.md), though a log
// holds a few thousand paths and a few hundred agents. A driver that
// prepares lines on another goroutine computes them there, once per
// distinct text (PrepareKnown and its PrepCache), and the judge reads
// them from the line's Prep; a fact not set is computed in place, as the
// sequential path (Observe: the daemon) always does.
type textFacts struct {
	pfp   uint16 // fp16(path), when pathSet
	ufp   uint16 // uaFP(ua), when uaSet
	class uint8  // pathDAV | pathStatic | pathContent | pathImage, when pathSet
	// browser is browserUA(ua) when uaSet.
	browser bool
	pathSet bool
	uaSet   bool
}

// judgedFacts is the engine's view of the text facts of the event being
// judged: known when its Prep holds them (ObserveKnown), here the answer
// facts gives.
type judgedFacts struct {
	known *textFacts
	here  textFacts
}

// The bits of textFacts.class: davPath, staticFile, contentAddressed and
// imageRoute of the path.
const (
	pathDAV uint8 = 1 << iota
	pathStatic
	pathContent
	pathImage
)

// setPath sets t's path facts of path.
func (t *textFacts) setPath(path []byte) {
	var c uint8
	if davPath(path) {
		c |= pathDAV
	}
	if staticFile(path) {
		c |= pathStatic
	}
	if contentAddressed(path) {
		c |= pathContent
	}
	if imageRoute(path) {
		c |= pathImage
	}
	t.pfp, t.class, t.pathSet = fp16(path), c, true
}

// setUA sets t's user-agent facts of ua.
func (t *textFacts) setUA(ua []byte) {
	t.ufp, t.browser, t.uaSet = uaFP(ua), browserUA(ua), true
}

// PrepCache keeps the text facts of the last request lines and user agents
// a PrepareKnown saw, by the numbers a patterns.Memo gave their texts
// (Memo.Known). It belongs to the goroutine that prepares and to one Memo:
// a number names one text of that Memo only. Direct-mapped, so a lookup is
// one compare; a request line or agent that lost its entry is computed
// again, which costs what judging used to.
type PrepCache struct {
	req [prepCacheSlots]struct {
		id    uint64
		pfp   uint16
		class uint8
	}
	ua [prepCacheSlots]struct {
		id      uint64
		ufp     uint16
		browser bool
	}
}

// prepCacheSlots is the number of request lines (and of user agents) a
// PrepCache keeps: a real log's hot paths and agents, at 16 KiB each.
const prepCacheSlots = 1024

// NewPrepCache returns an empty PrepCache.
func NewPrepCache() *PrepCache { return new(PrepCache) }

// PrepareKnown is Prepare of an event whose request line and user agent a
// patterns.Memo numbered reqID and uaID (Memo.Known after matching ev; 0:
// not numbered), adding their text facts from c or, the first time, from
// the texts. Like Prepare it may run on another goroutine than the judge;
// c is that goroutine's and reqID, uaID the numbers of the Memo c goes
// with.
func (e *Engine) PrepareKnown(ev *parser.Event, pre *Prep, c *PrepCache, reqID, uaID uint64) {
	e.prepare(ev, pre)
	if !pre.valid || ev.Kind != parser.KindRequest || e.c.flood == nil {
		return
	}
	tf := &pre.tf
	if reqID != 0 {
		s := &c.req[reqID%prepCacheSlots]
		if s.id == reqID {
			tf.pfp, tf.class, tf.pathSet = s.pfp, s.class, true
		} else {
			tf.setPath(ev.Path)
			s.id, s.pfp, s.class = reqID, tf.pfp, tf.class
		}
	}
	if uaID != 0 {
		s := &c.ua[uaID%prepCacheSlots]
		if s.id == uaID {
			tf.ufp, tf.browser, tf.uaSet = s.ufp, s.browser, true
		} else {
			tf.setUA(ev.UA)
			s.id, s.ufp, s.browser = uaID, tf.ufp, tf.browser
		}
	}
}

// ObserveKnown is ObservePrepared of an event whose Prep PrepareKnown made:
// the flood model reads the text facts it holds instead of computing them.
// It gives the same verdict as Observe.
func (e *Engine) ObserveKnown(ev *parser.Event, hits []patterns.Hit, pre *Prep) Verdict {
	// A Prep made under another policy is made again by ObservePrepared,
	// without facts: they are then computed in place.
	e.tf.known = &pre.tf
	v := e.ObservePrepared(ev, hits, pre)
	e.tf.known = nil
	return v
}

// facts returns ev's text facts: the ones its Prep holds (ObserveKnown),
// the others computed now into e.tf.here.
func (e *Engine) facts(ev *parser.Event) *textFacts {
	t := &e.tf.here
	if k := e.tf.known; k != nil {
		*t = *k
	} else {
		*t = textFacts{}
	}
	if !t.pathSet {
		t.setPath(ev.Path)
	}
	if !t.uaSet {
		t.ufp = uaFP(ev.UA)
	}
	return t
}

// browser reports browserUA(ev.UA); t is e.facts(ev).
func (e *Engine) browser(ev *parser.Event, t *textFacts) bool {
	if t.uaSet {
		return t.browser
	}
	return e.uas.browser(ev.UA, t.ufp)
}
