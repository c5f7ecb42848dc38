package patterns

import (
	"bytes"
	"errors"
	"fmt"
	"math/bits"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Matcher is a compiled set of signatures. It is immutable after Compile and
// safe for concurrent use.
type Matcher struct {
	sigs []sig // the built-in catalogue, in order
	// chk maps each enabled custom check to its signature's index, -1 when
	// disabled.
	chk [numChecks]int16

	// One literal prefilter per field; FieldAny literals are in all four.
	pathLits, queryLits, uaLits, refLits *litSet

	paramChecks bool // some per-parameter check is enabled
	// reqMemo: what the request line decides may be remembered per
	// request line (no signature's need looks at a header).
	reqMemo bool
	user    []userSig

	// scratch buffers for requests that need decoding; a pool rather than
	// per-call buffers keeps Match allocation-free.
	pool sync.Pool
}

type sig struct {
	hit      Hit
	fallback bool
	re       *regexp.Regexp
	not      *regexp.Regexp
	need     *need
	spare    spare
	check    check
	prose    proseVeto
	// k8sExec: a hit that a Kubernetes pod exec call spares (k8sexec.go).
	k8sExec bool
	// method: the only method the hit counts for ("" any).
	method string
	// deepMiss: a sensitive-file hit in the path, which counts only on a
	// miss where the name lies deep in a tree of users' files (deepfile.go).
	deepMiss bool
}

type userSig struct {
	hit   Hit
	field Field
	re    *regexp.Regexp
}

// numChecks bounds the check constants of catalogue.go with room to
// spare: a check the catalogue declares before the matcher wires it (the
// two files have different owners and land in separate commits) must not
// index past m.chk. TestNumChecksBound keeps the room.
const numChecks = 64

// Compile builds a Matcher from the built-in catalogue and opts.
func Compile(opts Options) (*Matcher, error) {
	m := &Matcher{}
	m.pool.New = func() any { return new(scratch) }
	for i := range m.chk {
		m.chk[i] = -1
	}

	ids := make(map[string]bool, len(catalogue)+len(opts.User))
	cats := map[Category]bool{Custom: true}
	for _, d := range catalogue {
		ids[d.id] = true
		cats[d.cat] = true
	}
	var errs []error
	for _, u := range opts.User {
		if u.Category != "" {
			cats[u.Category] = true
		}
	}
	var user []userSig
	userIDs := make(map[string]bool, len(opts.User))
	for _, u := range opts.User {
		us, err := compileUser(u)
		switch {
		case err != nil:
			errs = append(errs, err)
		case ids[u.ID]:
			errs = append(errs, fmt.Errorf("user pattern %q: id already used by a built-in pattern", u.ID))
		case userIDs[u.ID]:
			errs = append(errs, fmt.Errorf("user pattern %q: duplicate id", u.ID))
		default:
			userIDs[u.ID] = true
			user = append(user, us)
		}
	}
	disabledCat := make(map[Category]bool, len(opts.DisabledCategories))
	var unknownCats []string
	for _, c := range opts.DisabledCategories {
		if !cats[c] {
			unknownCats = append(unknownCats, fmt.Sprintf("%q", c))
		}
		disabledCat[c] = true
	}
	if len(unknownCats) > 0 {
		errs = append(errs, fmt.Errorf("unknown pattern categories %s; want one of %s",
			strings.Join(unknownCats, ", "), strings.Join(sortedCats(cats), ", ")))
	}
	disabledID := make(map[string]bool, len(opts.DisabledIDs))
	var unknownIDs []string
	for _, id := range opts.DisabledIDs {
		if !ids[id] && !userIDs[id] {
			unknownIDs = append(unknownIDs, fmt.Sprintf("%q", id))
		}
		disabledID[id] = true
	}
	if len(unknownIDs) > 0 {
		errs = append(errs, fmt.Errorf("unknown pattern ids %s (the built-in ones are listed in patterns/CATALOGUE.md)",
			strings.Join(unknownIDs, ", ")))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for _, u := range user {
		if !disabledID[u.hit.ID] && !disabledCat[u.hit.Category] {
			m.user = append(m.user, u)
		}
	}

	sigs, err := compileBuiltins()
	if err != nil {
		return nil, err
	}
	m.sigs = sigs
	var pathL, queryL, uaL, refL []lit
	for i, d := range catalogue {
		if disabledID[d.id] || disabledCat[d.cat] {
			continue
		}
		if d.check != chkNone {
			m.chk[d.check] = int16(i)
		}
		add := func(dst *[]lit, list string, min int) {
			for _, w := range words(list) {
				p := d.pos
				if strings.HasPrefix(w, "^") {
					w, p = w[1:], posStart
				}
				if len(w) >= min || p == posStart {
					*dst = append(*dst, lit{text: w, sig: uint16(i), pos: p})
				}
			}
		}
		add(&pathL, d.path, 0)
		add(&pathL, d.any, 0)
		add(&queryL, d.query, 0)
		add(&queryL, d.any, 0)
		add(&uaL, d.ua, 0)
		add(&uaL, d.any, minLitStride2)
		add(&refL, d.any, minLitStride2)
	}
	m.reqMemo = true
	for _, d := range catalogue {
		if d.need != nil && d.need.field != FieldPath && d.need.field != FieldQuery {
			m.reqMemo = false
		}
	}
	for _, c := range []check{chkSQLi, chkXSS, chkTraversal, chkTraversalDeep, chkCmd, chkRFI, chkWebshellParam,
		chkSSTI, chkNoSQL, chkLDAP, chkCRLF, chkSSRF, chkSSRFProof, chkRedirect, chkSession, chkXSSProbe, chkTautology, chkEntityRef} {
		if m.chk[c] >= 0 {
			m.paramChecks = true
		}
	}
	// Paths and queries are short and carry the short literals; user
	// agents and referers are long and scanned at every other byte.
	for _, set := range []struct {
		dst    **litSet
		lits   []lit
		stride int
	}{{&m.pathLits, pathL, 1}, {&m.queryLits, queryL, 1}, {&m.uaLits, uaL, 2}, {&m.refLits, refL, 2}} {
		if len(set.lits) == 0 {
			continue
		}
		s, err := newLitSet(set.lits, set.stride)
		if err != nil {
			return nil, fmt.Errorf("build pattern prefilter: %w", err)
		}
		*set.dst = s
	}
	return m, nil
}

// compileBuiltins turns the catalogue into sigs. Its errors are bugs in the
// catalogue, which a test catches.
func compileBuiltins() ([]sig, error) {
	if len(catalogue) > maxSigs {
		return nil, fmt.Errorf("catalogue has %d patterns, more than %d", len(catalogue), maxSigs)
	}
	sigs := make([]sig, len(catalogue))
	for i, d := range catalogue {
		s := sig{
			hit:      Hit{ID: d.id, Category: d.cat, Weight: d.w, Only: d.only},
			deepMiss: d.cat == SensitiveFile && d.field == FieldPath && d.only&OnlyMissed == 0,
			fallback: d.fallback,
			need:     d.need,
			spare:    d.spare,
			check:    d.check,
			k8sExec:  k8sExecSpares(d.id),
			method:   d.method,
		}
		var err error
		if d.re != "" {
			if s.re, err = regexp.Compile("(?i)" + d.re); err != nil {
				return nil, fmt.Errorf("built-in pattern %q: %w", d.id, err)
			}
		}
		if d.not != "" {
			if s.not, err = regexp.Compile("(?i)" + d.not); err != nil {
				return nil, fmt.Errorf("built-in pattern %q: %w", d.id, err)
			}
		}
		s.prose = newProseVeto(d)
		sigs[i] = s
	}
	return sigs, nil
}

func compileUser(u UserPattern) (userSig, error) {
	if u.ID == "" {
		return userSig{}, errors.New("user pattern with an empty id")
	}
	if u.Field < FieldPath || u.Field > FieldAny {
		return userSig{}, fmt.Errorf("user pattern %q: unknown field %d", u.ID, u.Field)
	}
	if u.Weight < 0 {
		return userSig{}, fmt.Errorf("user pattern %q: negative weight %d", u.ID, u.Weight)
	}
	if u.Regex == "" {
		return userSig{}, fmt.Errorf("user pattern %q: empty regex", u.ID)
	}
	// Case-insensitive because the normalised fields are case-folded: a
	// pattern written with capitals still means what its author meant.
	re, err := regexp.Compile("(?i)" + u.Regex)
	if err != nil {
		return userSig{}, fmt.Errorf("user pattern %q: bad regex: %w", u.ID, err)
	}
	cat := u.Category
	if cat == "" {
		cat = Custom
	}
	return userSig{hit: Hit{ID: u.ID, Category: cat, Weight: u.Weight}, field: u.Field, re: re}, nil
}

func sortedCats(cats map[Category]bool) []string {
	out := make([]string, 0, len(cats))
	for c := range cats {
		out = append(out, string(c))
	}
	sort.Strings(out)
	return out
}

// Catalogue lists the built-in signatures.
func Catalogue() []Info {
	out := make([]Info, len(catalogue))
	for i, d := range catalogue {
		out[i] = Info{ID: d.id, Category: d.cat, Weight: d.w, Field: d.field, Description: d.desc}
	}
	return out
}

// scratch holds the buffers one Match call decodes into.
type scratch struct {
	path, query, ua, ref, val, uri, name []byte
	a, b                                 []byte
}

// maxPooledBuf keeps one freak multi-megabyte URL from pinning its buffers
// in the pool for ever.
const maxPooledBuf = 64 << 10

func (m *Matcher) getScratch() *scratch { return m.pool.Get().(*scratch) }

func (m *Matcher) putScratch(s *scratch) {
	for _, b := range [][]byte{s.path, s.query, s.ua, s.ref, s.val, s.uri, s.name, s.a, s.b} {
		if cap(b) > maxPooledBuf {
			return
		}
	}
	m.pool.Put(s)
}

// view is one request's fields in normal form. Fields that were already
// normal apart from letter case are the raw bytes: every comparison is
// ASCII case-insensitive, so they need no copy.
type view struct {
	method            []byte
	rawPath, rawQuery []byte
	path, query       []byte
	ua, ref           []byte
	pathDecoded       bool
	queryDecoded      bool
	s                 *scratch
	exempt            int8 // 0 not computed, 1 exempt, -1 not
	dotAnswered       bool // sensitive-dot-path counts only when not a miss (applyChecks)
	loaded            bool // load ran (see ensure)
}

func (m *Matcher) load(v *view, r *Request) {
	v.method, v.rawPath, v.rawQuery = r.Method, r.Path, r.Query
	v.path, v.query, v.ua, v.ref = r.Path, r.Query, r.UA, r.Referer
	if !pathIsNormal(r.Path) {
		s := v.scratch(m)
		s.path = normPath(s.path[:0], r.Path, &s.a, &s.b)
		v.path, v.pathDecoded = s.path, true
	}
	if !queryIsNormal(r.Query) {
		s := v.scratch(m)
		s.query = normQuery(s.query[:0], r.Query, &s.a, &s.b)
		v.query, v.queryDecoded = s.query, true
	}
	if !textIsNormal(r.UA) {
		s := v.scratch(m)
		s.ua = normText(s.ua[:0], r.UA, &s.a, &s.b)
		v.ua = s.ua
	}
	if !textIsNormal(r.Referer) {
		s := v.scratch(m)
		s.ref = normText(s.ref[:0], r.Referer, &s.a, &s.b)
		v.ref = s.ref
	}
}

func (v *view) scratch(m *Matcher) *scratch {
	if v.s == nil {
		v.s = m.getScratch()
	}
	return v.s
}

func (v *view) field(f Field) []byte {
	switch f {
	case FieldPath:
		return v.path
	case FieldQuery:
		return v.query
	case FieldUA:
		return v.ua
	case FieldReferer:
		return v.ref
	}
	return nil
}

// Match appends the signatures r matches to dst and returns it, each at most
// once, built-ins in catalogue order, then user patterns. It does not
// allocate in the common case: decoding uses pooled buffers, and only
// parameter values that look like SQL (quotes, spaces, parentheses ...)
// reach libinjection's tokenizer, which allocates a few bytes.
func (m *Matcher) Match(r *Request, dst []Hit) []Hit { return m.match(r, dst, nil) }

func (m *Matcher) match(r *Request, dst []Hit, mm *Memo) []Hit {
	if mm != nil && m.reqMemo {
		return m.matchMemo(r, dst, mm)
	}
	var v view
	m.ensure(&v, r)
	var hits sigSet
	var rc reqChecks
	m.scanShort(&v, mm, fieldPath, m.pathLits, v.path, &hits)
	m.scanShort(&v, mm, fieldQuery, m.queryLits, v.query, &hits)
	uaHdr := m.scanHeader(&v, mm, fieldUA, m.uaLits, v.ua, false, &hits)
	refHdr := m.scanHeader(&v, mm, fieldRef, m.refLits, v.ref, true, &hits)
	m.runChecks(&v, &rc)
	m.applyChecks(&v, &rc, &hits)
	m.applyHeader(&v, uaHdr, false, &hits)
	m.applyHeader(&v, refHdr, true, &hits)
	return m.finish(&v, &hits, dst)
}

// matchMemo is match through mm when what the path and query decide (their
// literals and the request checks) may be remembered per request line,
// because nothing of it depends on the headers but whether the referer is
// empty. Its slots are keyed by the raw fields: what a slot remembers is a
// function of the normal form, itself a function of the raw text. So a
// request whose request line, user agent and referer were all seen before
// is neither normalised nor scanned, and its view is built only when a
// remembered outcome needs it (a need, an exemption, a header check).
func (m *Matcher) matchMemo(r *Request, dst []Hit, mm *Memo) []Hit {
	var v view // built by ensure only if a miss or an outcome needs it
	ua := m.headerMemo(&v, r, mm, fieldUA)
	ref := m.headerMemo(&v, r, mm, fieldRef)
	req, key, known := mm.request(r, ref == nil || ref.empty)
	if !known {
		m.ensure(&v, r)
		var rc reqChecks
		m.scanShort(&v, mm, fieldPath, m.pathLits, v.path, &rc.scan)
		m.scanShort(&v, mm, fieldQuery, m.queryLits, v.query, &rc.scan)
		m.runChecks(&v, &rc)
		mm.fillRequest(req, key, &rc)
	}
	mm.lastReq = req.id
	if ua != nil {
		mm.lastUA = ua.id
	}
	if req.quiet && (ua == nil || ua.quiet) && (ref == nil || ref.quiet) && len(m.user) == 0 {
		return m.finish(&v, nil, dst) // nothing hit, nothing to check: the common request
	}
	return m.applyMemo(&v, r, dst, req, ua, ref)
}

// applyMemo builds r's hits from the remembered outcomes of its request
// line and headers (ua and ref nil when absent), as match would have found
// them: the header's candidates admitted after the request line's hits,
// then the request checks, then the header checks.
func (m *Matcher) applyMemo(v *view, r *Request, dst []Hit, req, ua, ref *memoSlot) []Hit {
	m.ensure(v, r)
	hits := req.rc.scan
	var uaHdr, refHdr uint8
	if ua != nil {
		if !ua.rc.scan.empty() {
			m.admit(v, &ua.rc.scan, nil, true, &hits, false)
		}
		uaHdr = ua.hdr
	}
	if ref != nil {
		if !ref.rc.scan.empty() {
			m.admit(v, &ref.rc.scan, nil, true, &hits, false)
		}
		refHdr = ref.hdr
	}
	m.applyChecks(v, &req.rc, &hits)
	m.applyHeader(v, uaHdr, false, &hits)
	m.applyHeader(v, refHdr, true, &hits)
	return m.finish(v, &hits, dst)
}

// headerMemo returns the slot holding what r's user agent or referer (f)
// decides, filling it on a miss (with v, built then); nil when the header
// is absent.
func (m *Matcher) headerMemo(v *view, r *Request, mm *Memo, f memoField) *memoSlot {
	raw, ls, referer := r.UA, m.uaLits, false
	if f == fieldRef {
		raw, ls, referer = r.Referer, m.refLits, true
	}
	if len(raw) == 0 {
		return nil
	}
	e, ok := mm.slot(f, raw)
	if ok {
		return e
	}
	m.ensure(v, r)
	text := v.ua
	if referer {
		text = v.ref
	}
	var cand sigSet
	var hdr uint8
	if len(text) > 0 {
		ls.scan(text, &cand)
		hdr = m.headerChecks(text, referer)
	}
	mm.fill(e, raw, m.confirm(&cand, text), hdr)
	e.empty = len(text) == 0
	return e
}

// ensure builds v from r, once.
func (m *Matcher) ensure(v *view, r *Request) {
	if !v.loaded {
		m.load(v, r)
		v.loaded = true
	}
}

// finish appends the hits to dst, built-ins in catalogue order, then the
// user patterns, and returns v's scratch to the pool.
func (m *Matcher) finish(v *view, hits *sigSet, dst []Hit) []Hit {
	if hits != nil {
		// The set bits only, in catalogue order: a request that hits
		// one signature need not test the other few hundred.
		deep := int8(0) // deepFileStore(v.path), computed at the first sensitive hit
		for w, word := range hits {
			for ; word != 0; word &= word - 1 {
				if i := w*64 + bits.TrailingZeros64(word); i < len(m.sigs) {
					h := m.sigs[i].hit
					if m.sigs[i].k8sExec && k8sExec(v) && (m.sigs[i].re == nil || !m.sigs[i].re.Match(v.path)) {
						// a pod exec call's query hit: nothing if the API
						// server upgraded it (101), in full otherwise
						h.Only |= OnlyNotUpgraded
					}
					if v.dotAnswered && i == int(m.chk[chkDotPath]) {
						h.Only |= OnlyAnswered
					}
					if m.sigs[i].deepMiss {
						if deep == 0 {
							deep = -1
							if deepFileStore(v.path) {
								deep = 1
							}
						}
						if deep == 1 {
							h.Only |= OnlyUnserved
						}
					}
					dst = append(dst, h)
				}
			}
		}
	}
	if hits != nil && len(m.user) > 0 {
		dst = m.matchUser(v, dst)
	}
	if v.s != nil {
		m.putScratch(v.s)
		v.s = nil
	}
	return dst
}

// scanShort finds the candidates of a path's or query's literals in text
// and admits them. The literal scan of these short fields is cheap; the
// regexes that confirm a candidate are not, so only their outcome is
// remembered in mm (when not nil).
func (m *Matcher) scanShort(v *view, mm *Memo, f memoField, ls *litSet, text []byte, hits *sigSet) {
	var cand sigSet
	ls.scan(text, &cand)
	if cand.empty() {
		return
	}
	if mm == nil {
		m.admit(v, &cand, text, false, hits, f == fieldPath)
		return
	}
	e, ok := mm.slot(f, text)
	if !ok {
		mm.fill(e, text, m.confirm(&cand, text), 0)
	}
	m.admit(v, &e.rc.scan, text, true, hits, f == fieldPath)
}

// scanHeader scans a user agent or referer: its literals, confirmed by
// their regexes, are admitted now; the header checks it fires are returned
// for applyHeader, which runs after the request checks as before. Both
// depend on the text alone, so mm (when not nil) remembers them for the
// next request with the same header: browsers' agents repeat all day.
func (m *Matcher) scanHeader(v *view, mm *Memo, f memoField, ls *litSet, text []byte, referer bool, hits *sigSet) uint8 {
	if len(text) == 0 {
		return 0
	}
	if mm == nil {
		var cand sigSet
		ls.scan(text, &cand)
		if !cand.empty() {
			m.admit(v, &cand, text, false, hits, false)
		}
		return m.headerChecks(text, referer)
	}
	e, ok := mm.slot(f, text)
	if !ok {
		var cand sigSet
		ls.scan(text, &cand)
		mm.fill(e, text, m.confirm(&cand, text), m.headerChecks(text, referer))
	}
	if !e.rc.scan.empty() {
		m.admit(v, &e.rc.scan, text, true, hits, false)
	}
	return e.hdr
}

// confirm returns the candidates whose regexes agree with text. It depends
// on text alone, so its result may be remembered.
func (m *Matcher) confirm(cand *sigSet, text []byte) (conf sigSet) {
	for w, word := range cand {
		for word != 0 {
			b := bits.TrailingZeros64(word)
			word &^= 1 << b
			i := w*64 + b
			s := &m.sigs[i]
			if s.re != nil && !s.re.Match(text) {
				continue
			}
			if s.not != nil && s.not.Match(text) {
				continue
			}
			if s.prose.kind != proseNone && s.prose.holds(text) {
				continue
			}
			conf.set(i)
		}
	}
	return conf
}

// admit adds to hits the candidates that hold in this request, in
// catalogue order: a fallback signature yields to its category, a need
// must hold, exempt paths skip probes. confirmed says the candidates'
// regexes already agreed (confirm); otherwise they run here, after the
// cheaper tests. inPath says text is the path: only there may a code
// forge's file view excuse a traversal signature (forgeAfter).
func (m *Matcher) admit(v *view, cand *sigSet, text []byte, confirmed bool, hits *sigSet, inPath bool) {
	for w, word := range cand {
		for word != 0 {
			b := bits.TrailingZeros64(word)
			word &^= 1 << b
			i := w*64 + b
			if hits.has(i) {
				continue
			}
			s := &m.sigs[i]
			if s.fallback && m.hasCategory(hits, s.hit.Category) {
				continue
			}
			if !confirmed && (s.re != nil && !s.re.Match(text) || s.not != nil && s.not.Match(text) || s.prose.kind != proseNone && s.prose.holds(text)) {
				continue
			}
			if s.method != "" && !methodIs(v.method, v.query, s.method) {
				continue
			}
			if s.need != nil && !containsFold(v.field(s.need.field), s.need.lit) {
				continue
			}
			if s.spare != spareNone && s.spare.holds(v) {
				continue
			}
			if s.prose.kind == proseTags && logqlTags(v) || s.hit.Category == Traversal && splSearch(v) {
				continue
			}
			if m.exempted(v, s.hit.Category) || inPath && s.hit.Category == Traversal && m.forgeAfter(v, i) {
				continue
			}
			hits.set(i)
		}
	}
}

// davPrefixes and repoInfixes mark paths under which users' own files are
// served by name: a Nextcloud client syncing a project folder fetches
// .git/HEAD and .env by the thousand, and a Gitea visitor browses them.
// Sensitive-file and probe signatures skip such paths.
var (
	davPrefixes = []string{"/remote.php/", "/public.php/", "/index.php/apps/files", "/apps/files"}
	// davFileTrees: WebDAV roots of a user's files (forgeAfter).
	davFileTrees = []string{"/remote.php/dav/files/", "/remote.php/webdav/", "/public.php/webdav/"}
	repoInfixes  = []string{"/-/blob/", "/-/raw/", "/-/tree/", "/src/branch/", "/raw/branch/",
		"/src/commit/", "/raw/commit/", "/src/tag/", "/raw/tag/", "/blob/master/", "/blob/main/", "/tree/main/", "/tree/master/",
		"/-/blame/", "/-/commits/", "/blame/branch/", "/commits/branch/"}
)

// osMetadata reports a request for a name an operating system keeps
// beside a user's files on a share: macOS Finder's .DS_Store, AppleDouble
// ._name files, .Trashes, .Spotlight-V100, .fseventsd, .hidden, Windows'
// desktop.ini and Thumbs.db. Finder mounting a WebDAV share asks PROPFIND
// of .Trashes (sensitive-project-metadata, 10: banned alone) and copies a
// file with PUT of ._report.pdf and .DS_Store, then reads ._report.pdf.
// Only the last segment, only with no query; a GET or HEAD counts as
// before but for AppleDouble names: GET /.DS_Store is a scanner's way to
// list a directory. fbadafd excused every sensitive and probe signature
// under any WebDAV verb instead: PROPFIND /.env and COPY
// /wp-config.php.bak went 10 and 43 -> 0 (review s8).
func osMetadata(v *view) bool {
	if len(v.rawQuery) > 0 {
		return false
	}
	seg := v.path[bytes.LastIndexByte(v.path, '/')+1:]
	if len(seg) > 2 && seg[0] == '.' && seg[1] == '_' {
		return true
	}
	if string(v.method) == "GET" || string(v.method) == "HEAD" {
		return false
	}
	for _, n := range osMetadataNames {
		if equalFold(seg, n) {
			return true
		}
	}
	return false
}

var osMetadataNames = [...]string{".ds_store", ".trashes", ".spotlight-v100", ".fseventsd", ".temporaryitems", ".hidden", ".localized",
	".metadata_never_index", ".ql_disablethumbnails", ".ql_disablecache", ".volumeicon.icns", "desktop.ini", "thumbs.db"}

func (m *Matcher) exempted(v *view, c Category) bool {
	if c != SensitiveFile && c != Probe {
		return false
	}
	if v.exempt == 0 {
		v.exempt = -1
		if osMetadata(v) {
			v.exempt = 1
		}
		for _, p := range davPrefixes {
			if hasPrefixFold(v.path, p) {
				v.exempt = 1
			}
		}
		for _, p := range repoInfixes {
			if containsFold(v.path, p) {
				v.exempt = 1
			}
		}
		if fileAPIPath(v.rawPath) {
			v.exempt = 1
		}
	}
	return v.exempt == 1
}

// forgeAfter reports that traversal signature i, hit in the path, holds
// only in the part after a code forge's file view segment: a repository
// file whose path names a system file (/acme/rootfs/-/blob/main/skeleton/
// etc/passwd, its /-/blame/ and /-/commits/, Gitea's /src/branch/main/
// overlay/etc/group), an embedded Linux root file system in a repository.
// lfi-etc-passwd banned its reader at the request (review s8). Only with
// no "..", escape or backslash in the raw path; and never for the query or
// a header: a forge infix in PATH_INFO (/index.php/-/blob/x?page=/proc/
// self/environ) switched traversal off for the whole request (e55a5eb).
//
// A WebDAV file tree (Nextcloud's and ownCloud's /remote.php/dav/files/,
// /remote.php/webdav/, /public.php/webdav/) at the path's start is the
// same: the user's own files, a server's /etc backed up by the desktop
// client (PUT .../Backups/web01/etc/group, benign2 oneshot-misc-s9:
// banned by lfi-etc-passwd at the request). The DAV server reads the
// path inside the user's storage, never the host's.
func (m *Matcher) forgeAfter(v *view, i int) bool {
	if bytes.Contains(v.rawPath, []byte("..")) || bytes.IndexByte(v.rawPath, '%') >= 0 || bytes.IndexByte(v.rawPath, '\\') >= 0 {
		return false
	}
	for _, p := range davFileTrees {
		if hasPrefixFold(v.path, p) {
			return true
		}
	}
	k := -1
	for _, p := range repoInfixes {
		if j := indexFold(v.path, p); j >= 0 && (k < 0 || j < k) {
			k = j
		}
	}
	if k < 0 {
		return false
	}
	// the signature must not hold on the path before the forge segment
	before := v.path[:k]
	var cand sigSet
	m.pathLits.scan(before, &cand)
	if !cand.has(i) {
		return true
	}
	s := &m.sigs[i]
	return s.re != nil && !s.re.Match(before) || s.not != nil && s.not.Match(before)
}

func (m *Matcher) on(c check) bool { return m.chk[c] >= 0 }

// hasCategory reports whether hits holds a signature of category c.
func (m *Matcher) hasCategory(hits *sigSet, c Category) bool {
	for w, word := range hits {
		for word != 0 {
			b := bits.TrailingZeros64(word)
			word &^= 1 << b
			if m.sigs[w*64+b].hit.Category == c {
				return true
			}
		}
	}
	return false
}

// sensitiveOnly says what sensitive-file hits holds: 0 none, 1 only hits
// that count on a miss alone (OnlyMissed), 2 one that counts on other
// answers too.
func (m *Matcher) sensitiveOnly(hits *sigSet) int {
	r := 0
	for w, word := range hits {
		for ; word != 0; word &= word - 1 {
			h := &m.sigs[w*64+bits.TrailingZeros64(word)].hit
			if h.Category != SensitiveFile {
				continue
			}
			if h.Only&OnlyMissed == 0 {
				return 2
			}
			r = 1
		}
	}
	return r
}

func (m *Matcher) hit(c check, hits *sigSet, v *view) {
	i := int(m.chk[c])
	if i >= 0 && !m.exempted(v, m.sigs[i].hit.Category) {
		hits.set(i)
	}
}

// reqChecks is what the request line alone decides: the hits of the path's
// and query's literals (scan, when remembered), and the request checks,
// split where sensitive-dot-path looks at the hits so far (pre, dot, post).
type reqChecks struct {
	scan, pre, post sigSet
	dot             bool // the dot-path check holds, if no sensitive file was hit before it
}

// runChecks runs the signatures that are code rather than literals, into rc.
func (m *Matcher) runChecks(v *view, rc *reqChecks) {
	pre, post := &rc.pre, &rc.post
	level := 0 // traversal: 0 none, 1 shallow, 2 deep
	if (m.on(chkTraversal) || m.on(chkTraversalDeep)) && bytes.Contains(v.path, dotdot) {
		level = traversalLevel(v.path, false)
		if level == 1 && inRootAsset(v.rawPath) { // a crawler's unresolved url(../img/x.png) (dotasset.go)
			level = 0
		}
	}
	pf := byteFlags(v.path)
	if m.on(chkXSS) || m.on(chkXSSProbe) {
		m.pathMarkup(v, pf, pre)
	}
	if m.on(chkSQLi) || m.on(chkCmd) {
		m.pathInjection(v, pf, pre)
	}
	if m.on(chkNullByte) && (v.pathDecoded || v.queryDecoded) && (hasNUL(v.rawPath) || hasNUL(v.rawQuery)) {
		m.hit(chkNullByte, pre, v)
	}
	if m.on(chkEncodedQmark) && v.pathDecoded && len(v.path) > 1 && v.path[len(v.path)-1] == '?' {
		m.hit(chkEncodedQmark, pre, v)
	}
	if m.on(chkDebugMethod) && len(v.method) == 5 && (string(v.method) == "TRACK" || string(v.method) == "DEBUG") {
		m.hit(chkDebugMethod, pre, v)
	}
	if m.on(chkSmuggleMethod) && smuggleResidue(v.method) {
		m.hit(chkSmuggleMethod, pre, v)
	}
	if m.on(chkConfluenceVars) && confluenceEnterVars(v.method, v.path, v.query, len(v.ref) == 0) {
		m.hit(chkConfluenceVars, pre, v)
	}
	if m.on(chkConfluencePayload) && confluencePayload(v.path, v.query) {
		m.hit(chkConfluencePayload, pre, v)
	}
	if m.on(chkTomcatSessionPut) || m.on(chkTomcatSessionDeep) {
		switch tomcatSessionPut(v.method, v.path) {
		case 1:
			m.hit(chkTomcatSessionPut, pre, v)
		case 2:
			m.hit(chkTomcatSessionDeep, pre, v)
		}
	}
	if m.on(chkCyberPanelMethod) && cyberPanelMethod(v.method, v.path) {
		m.hit(chkCyberPanelMethod, pre, v)
	}
	if m.on(chkCleoSyncPost) && cleoSyncPost(v.method, v.path) {
		m.hit(chkCleoSyncPost, pre, v)
	}
	if m.on(chkOpenProxy) && isProxyRequest(v.method, v.rawPath) {
		m.hit(chkOpenProxy, pre, v)
	}
	if m.on(chkPathRedirect) && len(v.rawPath) > 1 && (v.rawPath[1] == '/' || v.rawPath[1] == '\\' || v.rawPath[1] == '%') && pathRedirect(v.rawPath) {
		m.hit(chkPathRedirect, pre, v)
	}
	if m.on(chkSecretExt) && secretExt(v.path, len(v.rawQuery) > 0) {
		m.hit(chkSecretExt, pre, v)
	}
	if m.on(chkTokenFileCred) || m.on(chkTokenFileData) {
		switch tokenFileLevel(v.path) {
		case 2:
			if m.on(chkTokenFileCred) {
				m.hit(chkTokenFileCred, pre, v)
			}
		case 1:
			if m.on(chkTokenFileData) {
				m.hit(chkTokenFileData, pre, v)
			}
		}
	}
	if m.on(chkCertainName) && certainName(v.path) {
		m.hit(chkCertainName, pre, v)
	}
	if m.on(chkPathParamEmpty) && bytes.IndexByte(v.path, ';') >= 0 && pathParamEmpty(v.path) {
		m.hit(chkPathParamEmpty, pre, v)
	}
	rc.dot = m.on(chkDotPath) && isDotPath(v.path)
	if m.on(chkSSTI) && bytes.IndexByte(v.path, '{') >= 0 && sstiRe.Match(v.path) {
		m.hit(chkSSTI, post, v)
	}
	if m.on(chkOverflow) && (len(v.rawPath) >= overflowPath || longRun(v.rawPath, overflowRun) || longRun(v.rawQuery, overflowRun) ||
		v.pathDecoded && shellcodeLike(v.rawPath)) {
		m.hit(chkOverflow, post, v)
	}
	if m.on(chkCRLF) && v.pathDecoded && bytes.IndexAny(v.path, "\r\n") >= 0 && (crlfHeaderRe.Match(v.path) || bytes.IndexByte(v.path, '\r') >= 0) {
		m.hit(chkCRLF, post, v)
	}
	if m.on(chkBackupFile) || m.on(chkBackupFileMiss) || m.on(chkDBFile) || m.on(chkTopLog) {
		switch topLevelFileKind(v.path) {
		case chkBackupFile:
			m.hit(chkBackupFile, post, v)
		case chkBackupFileMiss:
			m.hit(chkBackupFileMiss, post, v)
		case chkDBFile:
			m.hit(chkDBFile, post, v)
		case chkTopLog:
			m.hit(chkTopLog, post, v)
		}
	}
	if level == 1 && evasiveDots(v.rawPath) {
		level = 2
	}
	if m.paramChecks && len(v.rawQuery) > 0 {
		if l := m.paramPass(v, post); l > level {
			level = l
		}
	}
	switch level {
	case 1:
		m.hit(chkTraversal, post, v)
	case 2:
		if m.on(chkTraversalDeep) {
			m.hit(chkTraversalDeep, post, v)
		} else {
			m.hit(chkTraversal, post, v)
		}
	}
}

// applyChecks adds rc's request checks to hits, as if they had run on
// hits in catalogue-check order: the dot-path check yields to a sensitive
// file hit before it. It yields in full only to a hit that counts whatever
// the answer: when every sensitive hit before it counts only on a miss
// (sensitive-certain-name's /.msmtprc), the dot-path hit stays for the
// other answers (v.dotAnswered: OnlyAnswered), or a site that denies
// dotfiles (403), redirects them (301) or answers every path 200 would see
// a sweep of such names count nothing (review rev-sig s17 HIGH 1).
func (m *Matcher) applyChecks(v *view, rc *reqChecks, hits *sigSet) {
	hits.or(&rc.pre)
	if rc.dot {
		switch m.sensitiveOnly(hits) {
		case 0: // none: the dot-path hit is the request's sensitive hit
			m.hit(chkDotPath, hits, v)
		case 1: // only on a miss: the dot-path hit counts on the others
			m.hit(chkDotPath, hits, v)
			v.dotAnswered = true
		}
	}
	hits.or(&rc.post)
	m.wordsAlone(hits)
}

// wordsAlone drops a file-name word hint (sensitive-credential-words,
// probe-data-words) from a request another signature of at least its
// weight hit: the hints are a backstop for names no other list spells, and
// stacked on sensitive-data-export or a probe list they made one benign 404
// weigh more than the rule that knows the name (/users.json 5 -> 7). A
// lighter hit (probe-admin-finder's 2 on /old/admin_passwords.xlsx) does
// not take the hint's place, so a hunter cannot lighten its names by
// adding such a word.
func (m *Matcher) wordsAlone(hits *sigSet) {
	wc, wd := int(m.chk[chkTokenFileCred]), int(m.chk[chkTokenFileData])
	hc, hd := wc >= 0 && hits.has(wc), wd >= 0 && hits.has(wd)
	if !hc && !hd {
		return
	}
	most := 0 // the heaviest other hit
	for w, word := range hits {
		for ; word != 0; word &= word - 1 {
			i := w*64 + bits.TrailingZeros64(word)
			if i != wc && i != wd && i < len(m.sigs) && m.sigs[i].hit.Weight > most {
				most = m.sigs[i].hit.Weight
			}
		}
	}
	if hc && most >= m.sigs[wc].hit.Weight {
		hits[wc/64] &^= 1 << (wc % 64)
	}
	if hd && most >= m.sigs[wd].hit.Weight {
		hits[wd/64] &^= 1 << (wd % 64)
	}
}

var dotdot = []byte("..")

// paramPass runs the per-parameter checks on each decoded query parameter
// value and returns the traversal level found. Checking values one by one,
// rather than the whole query, keeps one parameter's quote from pairing
// with another's keyword.
func (m *Matcher) paramPass(v *view, hits *sigSet) int {
	level := 0
	q := v.rawQuery
	for len(q) > 0 {
		var p []byte
		p, q = nextParam(q)
		name, val := []byte(nil), p // a bare "?cd+/tmp;wget..." is all value
		if i := bytes.IndexByte(p, '='); i >= 0 {
			name, val = p[:i], p[i+1:]
		}
		raw := val
		if len(val) == 0 {
			continue
		}
		f := byteFlags(val)
		if f&flDirtyQuery != 0 {
			s := v.scratch(m)
			s.val = normValue(s.val[:0], val, &s.a, &s.b)
			val = s.val
			f = byteFlags(val)
		}
		if m.on(chkWebshellParam) && isCmdParamName(name) && webshellValRe.Match(val) && !activeSyncCmd(v.path, val) {
			m.hit(chkWebshellParam, hits, v)
		}
		if len(name) > 0 && byteFlags(name)&flDirtyQuery != 0 {
			s := v.scratch(m)
			s.name = normValue(s.name[:0], name, &s.a, &s.b)
			name = s.name
		}
		m.injectChecks(v, hits, name, val, f)
		g := gateOf(f, val)
		if g == 0 {
			continue
		}
		if g&gateSQL != 0 && m.on(chkSQLi) && !hits.has(int(m.chk[chkSQLi])) && !consoleSQL(name, val) && !ckanSQL(v.path, name, val) && isSQLi(val) && !searchExpression(val) {
			m.hit(chkSQLi, hits, v)
		}
		if g&gateXSS != 0 && m.on(chkXSS) && !hits.has(int(m.chk[chkXSS])) && !tagProse(val) && !urlTagStub(val) && isXSS(val) && !logqlStrings(v.path, name, val) {
			m.hit(chkXSS, hits, v)
		}
		if g&gateCmd != 0 && m.on(chkCmd) && cmdRe.Match(val) && !consoleSQL(name, val) {
			m.hit(chkCmd, hits, v)
		}
		if g&gateDot != 0 && (m.on(chkTraversal) || m.on(chkTraversalDeep)) && bytes.Contains(val, dotdot) {
			l := traversalLevel(val, true)
			if l == 1 && evasiveDots(raw) {
				l = 2
			}
			if l > level {
				level = l
			}
		}
		if g&gateURL != 0 && m.on(chkRFI) && isRFI(name, val) {
			m.hit(chkRFI, hits, v)
		}
	}
	return level
}

// injectChecks runs the template, NoSQL, LDAP, CRLF, SSRF, redirect and
// session checks on one decoded parameter, each gated on the bytes its
// syntax needs.
func (m *Matcher) injectChecks(v *view, hits *sigSet, name, val []byte, f uint16) {
	if m.on(chkNoSQL) && len(name) > 3 && nosqlName(name, v.path) {
		m.hit(chkNoSQL, hits, v)
	}
	// A session id in the query with no referer (CRS 943120): sites that
	// put the id in every link (PHP's trans_sid) send their users on with
	// a referer; a fixation link or a probe arrives without one.
	if m.on(chkSession) && len(val) >= 8 && len(v.ref) == 0 && isSessionParam(name) && !engineSessionID(name, val) {
		m.hit(chkSession, hits, v)
	}
	if m.on(chkEntityRef) && entityRef(val) {
		m.hit(chkEntityRef, hits, v)
	}
	if f&(flSQL|flLt|flPct|flDot|flColon|flBackslash|flTick|flQuote|flEq|flCmd) == 0 && bytes.IndexByte(val, '{') < 0 && bytes.IndexByte(val, '/') < 0 {
		return
	}
	if m.on(chkNoSQL) && nosqlGate(val) && (nosqlRe.Match(val) || nosqlWeak(val)) && !nosqlFilter(val) {
		m.hit(chkNoSQL, hits, v)
	}
	if m.on(chkSession) && f&flEq != 0 && (containsFold(val, "document.cookie=") || containsFold(val, "http-equiv=set-cookie")) {
		m.hit(chkSession, hits, v)
	}
	if m.on(chkSSTI) && sstiGate(val) && sstiRe.Match(val) && !lokiTemplate(v.path, name, val) && !titleArithmetic(v.path, name, val) {
		m.hit(chkSSTI, hits, v)
	}
	if m.on(chkLDAP) && ldapGate(val) && ldapRe.Match(val) {
		m.hit(chkLDAP, hits, v)
	}
	if m.on(chkCRLF) && f&flSQL != 0 && bytes.IndexAny(val, "\r\n") >= 0 && (crlfHeaderRe.Match(val) || onlyLineBreaks(val)) {
		m.hit(chkCRLF, hits, v)
	}
	if m.on(chkTautology) && f&(flEq|flSQL) != 0 && tautologyGate(val) && tautologyRe.Match(val) {
		m.hit(chkTautology, hits, v)
	}
	if m.on(chkXSSProbe) && (f&flLt != 0 && tagProbeRe.Match(val) || ltProbe(val)) {
		m.hit(chkXSSProbe, hits, v)
	}
	// URLs and redirect tricks start with a slash, backslash, '<', a
	// scheme's first letter or a non-ASCII look-alike of '/'.
	if c := toLower[firstNonSpace(val)]; c >= 0x80 || bytes.IndexByte([]byte("/\\<hgdstljnef"), c) >= 0 {
		if (m.on(chkSSRF) || m.on(chkSSRFProof)) && ssrfRe.Match(val) && !(isLoopbackRedirectParam(name) && !ssrfSchemeRe.Match(val)) {
			m.hit(chkSSRF, hits, v)
			if ssrfProofRe.Match(val) {
				m.hit(chkSSRFProof, hits, v)
			}
		}
		if m.on(chkRedirect) && (redirectObfRe.Match(val) || isSplitScheme(val) || isRedirectParam(name) && protoRelRe.Match(val)) {
			m.hit(chkRedirect, hits, v)
		}
	}
}

func firstNonSpace(b []byte) byte {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return c
		}
	}
	return 0
}

// pathInjection runs the SQL and shell checks on the path's segments:
// REST-style applications take identifiers from the path (/items/1' OR
// '1'='1), and WAF test suites send payloads there. Only a segment with a
// quote, '=', ';' or a SQL comment reaches libinjection, and only a path
// with a shell metacharacter the shell check, so ordinary paths cost one
// table scan.
func (m *Matcher) pathInjection(v *view, f uint16, hits *sigSet) {
	if f&(flQuote|flTick|flSQL|flCmd|flEq) == 0 {
		return
	}
	if m.on(chkCmd) && f&(flCmd|flTick) != 0 && cmdRe.Match(v.path) {
		m.hit(chkCmd, hits, v)
	}
	if !m.on(chkSQLi) || f&(flQuote|flTick|flSQL|flEq) == 0 {
		return
	}
	p := v.path
	for len(p) > 0 {
		seg := p
		if i := bytes.IndexByte(p[1:], '/'); i >= 0 {
			seg, p = p[:i+1], p[i+1:]
		} else {
			p = nil
		}
		seg = bytes.TrimLeft(seg, "/")
		// Spaces and parentheses alone are file names ("report (1).pdf").
		if len(seg) < 2 || byteFlags(seg)&(flQuote|flTick|flEq) == 0 && bytes.IndexByte(seg, ';') < 0 &&
			!bytes.Contains(seg, []byte("--")) && !bytes.Contains(seg, []byte("/*")) {
			continue
		}
		if !hits.has(int(m.chk[chkSQLi])) && isSQLi(seg) {
			m.hit(chkSQLi, hits, v)
			return
		}
	}
}

// pathMarkup runs the XSS checks on the path from the segment where
// markup or a quote first appears: REST-style applications echo an
// identifier taken from the path (/items/' onmouseover=alert(1)), and the
// fixed segments before it would put libinjection in the wrong context.
// Ordinary paths carry neither '<' nor a quote and cost one table scan.
func (m *Matcher) pathMarkup(v *view, f uint16, hits *sigSet) {
	if m.on(chkXSSProbe) && f&flCmd != 0 { // flCmd: a '&' may start &#x3c;
		if seg := v.path[bytes.LastIndexByte(v.path, '/')+1:]; len(seg) > 0 && seg[0] == '&' && ltProbe(seg) {
			m.hit(chkXSSProbe, hits, v)
		}
	}
	if f&(flLt|flQuote|flTick) == 0 {
		return
	}
	i := bytes.IndexAny(v.path, "<'\"`")
	tail := v.path[bytes.LastIndexByte(v.path[:i], '/')+1:]
	if m.on(chkXSS) && (f&flLt != 0 && isXSS(v.path) || gateOf(byteFlags(tail), tail)&gateXSS != 0 && isXSS(tail)) &&
		!(f&flLt != 0 && inertDataPath(v.path)) { // a crawler's mis-resolved inline image (datauri.go)
		m.hit(chkXSS, hits, v)
	}
	if m.on(chkXSSProbe) && f&flLt != 0 && tagProbeRe.Match(tail) {
		m.hit(chkXSSProbe, hits, v)
	}
}

// quotedHandler reports whether t has a quote and quotedHandlerRe holds.
func quotedHandler(t []byte) bool {
	return (bytes.IndexByte(t, '"') >= 0 || bytes.IndexByte(t, '\'') >= 0 || bytes.IndexByte(t, '`') >= 0) && quotedHandlerRe.Match(t)
}

// headerChecks looks for injections in the user agent or referer and
// returns the checks that fire (hdrXSS ...). A header shaped as it should
// be (a product token "Name/1.0 (...)", a URL) is only checked for script,
// which is harmless text in neither; anything else is a payload in the
// header's place and gets the parameter checks. It depends on t alone.
func (m *Matcher) headerChecks(t []byte, referer bool) uint8 {
	if len(t) == 0 {
		return 0
	}
	var out uint8
	if m.on(chkXSS) && bytes.IndexByte(t, '<') >= 0 && isXSS(t) && !(referer && urlTagProse(t)) {
		out |= hdrXSS
	}
	script := chkXSSUA
	if referer {
		script = chkXSSReferer
	}
	if m.on(chkSQLiUA) && !referer || m.on(chkSQLiReferer) && referer {
		if sqlHeader(t) {
			out |= hdrSQLiForm
		}
	}
	if referer && looksLikeURL(t) || !referer && looksLikeUA(t) {
		// A browser escapes quotes in the URL it sends; one followed by
		// an event handler that calls was written by hand. Such a handler
		// needs '=', and a URL's query has one after its '?' or '&'.
		if referer && m.on(script) && bytes.IndexByte(t, '=') >= 0 && quotedHandler(t) {
			out |= hdrScript
		}
		return out
	}
	f := byteFlags(t)
	g := gateOf(f, t)
	if g&gateXSS != 0 && out&hdrXSS == 0 && m.on(chkXSS) && isXSS(t) {
		out |= hdrXSS
	}
	if m.on(chkXSSProbe) && (f&flLt != 0 && tagProbeRe.Match(t) || ltProbe(t)) {
		out |= hdrXSSProbe
	}
	if m.on(script) && xssHeaderRe.Match(t) {
		out |= hdrScript
	}
	if g&gateSQL != 0 && m.on(chkSQLi) && isSQLi(t) {
		out |= hdrSQLi
	}
	if g&gateCmd != 0 && m.on(chkCmd) && cmdRe.Match(t) {
		out |= hdrCmd
	}
	if m.on(chkSSTI) && sstiGate(t) && sstiRe.Match(t) {
		out |= hdrSSTI
	}
	return out
}

// The checks headerChecks reports.
const (
	hdrXSS uint8 = 1 << iota
	hdrSQLi
	hdrCmd
	hdrSSTI
	hdrXSSProbe
	hdrScript   // xss-user-agent or xss-referer, by the header
	hdrSQLiForm // sqli-user-agent or sqli-referer, by the header
)

var hdrChecks = [...]check{chkXSS, chkSQLi, chkCmd, chkSSTI, chkXSSProbe, chkXSSUA, chkSQLiUA}

// applyHeader records the checks headerChecks found.
func (m *Matcher) applyHeader(v *view, found uint8, referer bool, hits *sigSet) {
	for i, c := range hdrChecks {
		if found&(1<<i) != 0 {
			if c == chkXSSUA && referer {
				c = chkXSSReferer
			}
			if c == chkSQLiUA && referer {
				c = chkSQLiReferer
			}
			m.hit(c, hits, v)
		}
	}
}

// looksLikeUA: a product token with a version ("Mozilla/5.0", "curl/8.5",
// "Zabbix"), as every client writes its user agent.
func looksLikeUA(t []byte) bool {
	if c := toLower[t[0]]; c < 'a' || c > 'z' {
		return false // product names start with a letter; payloads with a quote, digit or space
	}
	i := 0
	for i < len(t) && (isAlnum(t[i]) || t[i] == '.' || t[i] == '_' || t[i] == '-' || t[i] == ' ' || t[i] == '!') {
		i++
	}
	return i == len(t) || t[i] == '/' || t[i] == ';' || t[i] == '+' || t[i] == '(' && t[i-1] == ' '
}

// looksLikeURL: an absolute URL with a scheme, or an app referer
// (android-app://).
func looksLikeURL(t []byte) bool {
	i := 0
	for i < len(t) && (isAlnum(t[i]) || t[i] == '+' || t[i] == '-' || t[i] == '.') {
		i++
	}
	return i > 0 && i+2 < len(t) && t[i] == ':' && t[i+1] == '/' && t[i+2] == '/'
}

// matchUser runs the user's regexes on the fields they name.
func (m *Matcher) matchUser(v *view, dst []Hit) []Hit {
	var uri []byte
	for _, u := range m.user {
		var ok bool
		switch u.field {
		case FieldURI:
			if uri == nil {
				s := v.scratch(m)
				s.uri = append(append(append(s.uri[:0], v.path...), '?'), v.query...)
				uri = s.uri
			}
			ok = u.re.Match(uri)
		case FieldAny:
			ok = u.re.Match(v.path) || u.re.Match(v.query) || u.re.Match(v.ua) || u.re.Match(v.ref)
		default:
			ok = u.re.Match(v.field(u.field))
		}
		if ok {
			dst = append(dst, u.hit)
		}
	}
	return dst
}

// indexFold is containsFold's index: the first place of lower in b,
// ignoring ASCII case in b, or -1.
func indexFold(b []byte, lower string) int {
	for i := 0; i+len(lower) <= len(b); i++ {
		j := 0
		for j < len(lower) && toLower[b[i+j]] == lower[j] {
			j++
		}
		if j == len(lower) {
			return i
		}
	}
	return -1
}
