package patterns

import (
	"bytes"
	"regexp"
	"unsafe"

	"github.com/corazawaf/libinjection-go"
)

// b2s views b as a string without copying. libinjection keeps no reference
// to its input once it returns, and b is not written while it runs.
func b2s(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// isSQLi runs libinjection's SQL tokenizer. It allocates a few bytes per
// call (the fingerprint), so callers gate it on gateSQL first.
//
// A value that is nothing but one function call ("upper(name)",
// "md5(password)", "year(2024)": fingerprints f(n), f(1), f(s), f())
// breaks out of no SQL context; libinjection flags it, but such values are
// report parameters and developer searches far more often than attacks, and
// sqli-probe-function and sqli-blind-function weigh the attack forms.
func isSQLi(b []byte) bool {
	ok, fp := libinjection.IsSQLi(b2s(b))
	if ok && (fp == "f()" || len(fp) == 4 && fp[0] == 'f' && fp[1] == '(' && fp[3] == ')') {
		return false
	}
	return ok
}

func isXSS(b []byte) bool { return libinjection.IsXSS(b2s(b)) }

// Gates: which per-parameter checks a value's bytes make worth running. A
// value with none of these bytes ("2", "name", "en-GB") costs one table scan.
const (
	gateSQL = 1 << iota // quotes, parentheses, ';', '#', '=', space, -- or /*
	gateXSS             // '<', or a quote together with '='
	gateCmd             // ';', '|', '`', '$', '&', newline
	gateDot             // '.'
	gateURL             // ':'
)

// Byte flags: what a byte may mean to the gates below and to the
// normaliser.
const (
	flQuote     = 1 << iota // ' "
	flTick                  // `
	flLt                    // <
	flEq                    // =
	flSQL                   // ( ) ; # and whitespace
	flCmd                   // ; | $ & newline
	flDot                   // .
	flColon                 // :
	flDash                  // - or *: maybe a -- or /* comment
	flPct                   // % (an escape)
	flBackslash             // \ (an escape in logs, a separator on Windows)
	flNUL                   // NUL
	flPlus                  // + (a space in a query)
	flHigh                  // >= 0x80 (maybe an overlong UTF-8 form)

	flDirtyText  = flPct | flBackslash | flNUL
	flDirtyPath  = flDirtyText | flHigh
	flDirtyQuery = flDirtyText | flHigh | flPlus
)

var byteTab = func() (t [256]uint16) {
	t['\''] = flQuote
	t['"'] = flQuote
	t['`'] = flTick
	t['<'] = flLt
	t['='] = flEq
	for _, c := range "()#\t\v\f\r " {
		t[c] |= flSQL
	}
	t[';'] = flSQL | flCmd
	t['\n'] = flSQL | flCmd
	for _, c := range "|$&" {
		t[c] |= flCmd
	}
	t['.'] = flDot
	t[':'] = flColon
	t['-'] = flDash
	t['*'] = flDash
	t['%'] = flPct
	t['\\'] = flBackslash
	t[0] = flNUL
	t['+'] = flPlus
	for c := 0x80; c < 0x100; c++ {
		t[c] = flHigh
	}
	return t
}()

// byteFlags ORs the flags of b's bytes: one table load per byte, cheaper
// than several IndexByte calls on the short fields it is used for.
func byteFlags(b []byte) (f uint16) {
	for _, c := range b {
		f |= byteTab[c]
	}
	return f
}

// gateOf turns a decoded value's byte flags into the checks worth running.
func gateOf(f uint16, v []byte) uint8 {
	if f == 0 {
		return 0
	}
	var g uint8
	if f&(flQuote|flTick|flEq|flSQL) != 0 ||
		f&flDash != 0 && (bytes.Contains(v, []byte("--")) || bytes.Contains(v, []byte("/*"))) {
		g |= gateSQL
	}
	if f&flLt != 0 || f&(flQuote|flTick) != 0 && f&flEq != 0 {
		g |= gateXSS
	}
	if f&(flCmd|flTick) != 0 {
		g |= gateCmd
	}
	if f&flDot != 0 {
		g |= gateDot
	}
	if f&flColon != 0 {
		g |= gateURL
	}
	return g
}

// Shell commands split in two: strong ones are never ordinary words, weak
// ones are ("cat", "sleep", "touch") and need an option or a path after them
// unless the shell syntax around them is unambiguous.
const (
	strongCmds = `wget|curl|nc|ncat|netcat|bash|sh|zsh|ksh|busybox|tftp|ftpget|python[23]?|perl|php|ruby|powershell|whoami|uname|ifconfig|ipconfig|nslookup|cmd\.exe|chmod|chown|telnet|nohup|base64`
	weakCmds   = `id|cat|ls|pwd|echo|ping|sleep|touch|rm|dig|dir|ver|kill|ps|head|tail|more|type|env|printenv|mkdir|cd`
	binPrefix  = `(?:/(?:usr/)?s?bin/)?`
)

// cmdRe finds a command chained onto a parameter value:
//   - after a separator that opens the value (";id", "1|uname", "';ls"),
//   - inside $( ) or backticks,
//   - after a separator anywhere, if the command is a strong one,
//   - after a separator anywhere, if a weak command takes an option or path.
var cmdRe = regexp.MustCompile(`(?i)` +
	`^['"\s\d]*(?:;|\|\|?|&&?|\n)\s*` + binPrefix + `(?:` + strongCmds + `|` + weakCmds + `)\b` +
	"|(?:\\$\\(|`)\\s*" + binPrefix + `(?:` + strongCmds + `|` + weakCmds + `)\b` +
	`|(?:;|\|\|?|&&|\n)\s*` + binPrefix + `(?:` + strongCmds + `)\b` +
	`|(?:;|\|\|?|&&|\n)\s*` + binPrefix + `(?:` + weakCmds + `)\s+[-/]`)

// webshellValRe is a bare shell command as a whole value, as webshells
// take it (cmd=id, command=whoami, cmd=ls -la).
var webshellValRe = regexp.MustCompile(`(?i)^\s*(?:id|whoami|ls|pwd|uname|ifconfig|ipconfig|hostname|dir|ver|netstat|ps|cat|echo|wget|curl|net|systeminfo|tasklist|nslookup|ping)(?:\s.*)?$`)

func isCmdParamName(name []byte) bool {
	switch len(name) {
	case 3, 4, 5, 7:
	default:
		return false
	}
	return equalFold(name, "cmd") || equalFold(name, "exec") || equalFold(name, "shell") ||
		equalFold(name, "command") || equalFold(name, "execute")
}

var redirectParams = []string{"redirect", "redirect_to", "redirect_uri", "redirecturl", "redirect_url", "return",
	"return_to", "returnto", "returnurl", "return_url", "next", "continue", "goto", "callback", "back", "dest",
	"destination", "forward", "target", "referer", "referrer", "ref", "url", "u", "link", "href"}

func isRedirectParam(name []byte) bool {
	for _, p := range redirectParams {
		if equalFold(name, p) {
			return true
		}
	}
	return false
}

// rfiRe is a remote URL to a file with the '?' that turns whatever the
// vulnerable include() appends into a query string.
var rfiRe = regexp.MustCompile(`(?i)^\s*(?:https?|ftps?)://[^?\s]*\.[a-z0-9]{1,6}(?:\?+$|\?{2,})`)

// isRFI reports a remote-file-inclusion value. Parameters that carry a
// return address by design (redirect_to=, next=, url= ...) are skipped: a
// login redirect may end in a bare '?'.
func isRFI(name, v []byte) bool {
	if isRedirectParam(name) {
		return false
	}
	t := bytes.TrimLeft(v, " \t'\"")
	if !hasPrefixFold(t, "http") && !hasPrefixFold(t, "ftp") {
		return false
	}
	if len(t) == 0 || (t[len(t)-1] != '?' && !bytes.Contains(t, []byte("??"))) {
		return false
	}
	return rfiRe.Match(t)
}

// traversalLevel counts dot-dot segments ("..", "..;", "....") in p and
// returns 0 for none, 1 for one or two, 2 for three or more. In a parameter
// value backslashes separate too, and a value without any separator (an
// ellipsis in a search) has no segments at all.
func traversalLevel(p []byte, value bool) int {
	n, start, sep := 0, 0, false
	for i := 0; i <= len(p); i++ {
		if i < len(p) {
			if c := p[i]; c != '/' && !(value && c == '\\') {
				continue
			}
			sep = true
		}
		if isDotSeg(p[start:i]) {
			n++
		}
		start = i + 1
	}
	switch {
	case !sep || n == 0:
		return 0
	case n >= 3:
		return 2
	default:
		return 1
	}
}

// isDotSeg: ".." (Tomcat also takes "..;x"), or four or more dots, which
// naive "../"-stripping filters turn back into "..".
func isDotSeg(seg []byte) bool {
	if k := bytes.IndexByte(seg, ';'); k >= 0 {
		seg = seg[:k]
	}
	if len(seg) != 2 && len(seg) < 4 {
		return false
	}
	for _, c := range seg {
		if c != '.' {
			return false
		}
	}
	return true
}

// hasNUL reports an encoded NUL in a raw field, in the forms decoding turns
// into one.
func hasNUL(raw []byte) bool {
	return bytes.IndexByte(raw, 0) >= 0 || containsFold(raw, "%00") ||
		containsFold(raw, "%2500") || containsFold(raw, `\x00`) || containsFold(raw, "%u0000")
}

func isProxyRequest(method, rawPath []byte) bool {
	return equalFold(method, "connect") ||
		hasPrefixFold(rawPath, "http://") || hasPrefixFold(rawPath, "https://")
}

// backupNameRe names archives that look like a copy of the site: backup
// words, the usual document-root names, a date or a host name.
var backupNameRe = regexp.MustCompile(`(?i)^/(?:[^/]*backup[^/]*|bak|old|site|www|wwwroot|web|html|public_html|htdocs|db|database|dump|data|sql|mysql|archive|home|root|src|source|files|upload|uploads|test|temp|tmp|new|admin|wordpress|wp|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|io|co|de|fr|uk|nl|eu|ru|it|es|pl)|\d{4}[-_]?\d{2}[-_]?\d{2}[^/]*|[^/]+\.sql)\.(?:zip|rar|7z|tar|tgz|tar\.gz|tar\.bz2|tar\.xz|gz|bz2|xz)$`)

// topLevelFileKind classifies a file requested at the web root, where
// scanners look for dumps and logs. Deeper paths are left alone: apps serve
// their own .sql migrations and logs from subdirectories.
func topLevelFileKind(path []byte) check {
	if len(path) < 3 || path[0] != '/' || bytes.IndexByte(path[1:], '/') >= 0 {
		return chkNone
	}
	dot := bytes.LastIndexByte(path, '.')
	if dot <= 0 {
		return chkNone
	}
	ext := path[dot+1:]
	switch {
	case equalFold(ext, "sql"), equalFold(ext, "dump"), equalFold(ext, "bak"):
		return chkBackupFile
	case equalFold(ext, "zip"), equalFold(ext, "rar"), equalFold(ext, "7z"), equalFold(ext, "tar"),
		equalFold(ext, "tgz"), equalFold(ext, "gz"), equalFold(ext, "bz2"), equalFold(ext, "xz"):
		if backupNameRe.Match(path) {
			return chkBackupFile
		}
	case equalFold(ext, "sqlite"), equalFold(ext, "sqlite3"), equalFold(ext, "db"),
		equalFold(ext, "mdb"), equalFold(ext, "accdb"):
		return chkDBFile
	case equalFold(ext, "log"):
		return chkTopLog
	}
	return chkNone
}

// equalFold reports whether b equals the lower-case s, ignoring ASCII case.
func equalFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if toLower[b[i]] != s[i] {
			return false
		}
	}
	return true
}
