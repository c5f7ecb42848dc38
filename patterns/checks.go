package patterns

import (
	"bytes"
	"regexp"
	"strings"
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
//
// Prose is the other source of false alarms: "80% acrylic and 20% wool",
// `christmas stocking "not" stuffer` tokenize as number-and-number or
// string-op-string. Unless the fingerprint holds a UNION or a stacked
// query, a value whose words are mostly ordinary words (not SQL, not the
// column names injections go after) is left alone.
func isSQLi(b []byte) bool {
	ok, fp := libinjection.IsSQLi(b2s(b))
	if !ok {
		return sqlTail(b)
	}
	if callsOnly(fp) {
		return false
	}
	if fp == "nc" { // a word and a comment: a table cut off (wp_users/*) or prose
		return sqlTail(b)
	}
	// A value that starts a statement (select x from y where) with no
	// quote, comment, parenthesis or operator to break out of anything is
	// someone typing SQL words, not an injection.
	if fp[0] == 'E' && bytes.IndexAny(b, "'\"`();#=") < 0 && !bytes.Contains(b, []byte("--")) && !bytes.Contains(b, []byte("/*")) {
		return false
	}
	if strings.ContainsAny(fp, "U;") {
		return true
	}
	if quotedPhrase(b) || numberListComment(b) {
		return false
	}
	return !isProse(b)
}

// quotedPhrase reports a value that quotes one phrase the way text does
// ('while (true)', "IS" STAMP, select 'and', "*"): a single pair of one
// kind of quote, the opening one at the start or after a space, the
// closing one at the end or before a space or punctuation, both hugging
// the quoted text, no '=', ';', '#', "--" or "/*" anywhere, and only
// words outside the quotes, at most one of them a SQL word.
// libinjection reads such a value in a quoted context as string, keyword,
// string; an injection closes the application's quote instead, so its
// first quote follows a word (1' and '1) or a space follows it (' or 1=1),
// or it carries a comparison or a comment.
func quotedPhrase(b []byte) bool {
	i, j, n := -1, -1, 0
	for k, c := range b {
		switch c {
		case '\'', '"', '`':
			n++
			if n == 1 {
				i = k
			} else if c != b[i] {
				return false
			}
			j = k
		case '=', ';', '#':
			return false
		}
	}
	if n != 2 || j-i < 2 || bytes.Contains(b, []byte("--")) || bytes.Contains(b, []byte("/*")) {
		return false
	}
	if i > 0 && b[i-1] != ' ' || b[i+1] == ' ' || b[j-1] == ' ' || j < len(b)-1 && bytes.IndexByte([]byte(" .!?:"), b[j+1]) < 0 {
		return false
	}
	// The quoted text is a word or number, or the wildcard people quote
	// in a search ("*"); around it only words, at most one of them SQL.
	if in := b[i+1 : j]; !hasAlnum(in) && !(len(in) == 1 && in[0] == '*') {
		return false
	}
	sql := 0
	for _, part := range [2][]byte{b[:i], b[j+1:]} {
		for _, w := range bytes.Fields(part) {
			w = bytes.TrimRight(w, ".!?:")
			if len(w) > 0 && !isWord(w) {
				return false
			}
			var buf [16]byte
			if len(w) > len(buf) {
				continue
			}
			lw := lowerASCII(buf[:0], w)
			// '1' or 1, 'admin' xor 1: the quote closed, then a condition
			switch string(lw) {
			case "or", "xor", "and", "having":
				return false
			}
			if sqlWords[string(lw)] {
				sql++
			}
		}
	}
	return sql <= 1
}

// hasAlnum reports a letter or digit in b.
func hasAlnum(b []byte) bool {
	for _, c := range b {
		if c := toLower[c]; c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			return true
		}
	}
	return false
}

// isWord: letters and digits only.
func isWord(b []byte) bool {
	for _, c := range b {
		if c := toLower[c]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// numberListComment reports a list of numbers ended by a comment (1,1--):
// a page or range spelt by hand as often as a LIMIT breakout; a single
// number before the comment (1--) still counts.
func numberListComment(b []byte) bool {
	t := bytes.TrimRight(b, " -#")
	if len(t) == len(b) || bytes.IndexByte(t, ',') < 0 {
		return false
	}
	for _, c := range t {
		if (c < '0' || c > '9') && c != ',' && c != ' ' {
			return false
		}
	}
	return true
}

// sqlTail reports what libinjection's tokenizer lets through but only an
// injection writes as a parameter value: a number closed by a stray quote
// and a parenthesis or a comment (4'), 7'))), 4'#, 4'--), the error probe
// that opens a scan (a bare 8' is eight feet); and a comment cutting off
// the rest of the statement right after a table, column or bracket
// (wp_users--, wp_users#, * from wp_users-- -, vuln.x]--, col`--). A word
// before the comment needs a closing bracket or backtick, a CMS table's
// name (wp_users, jos_options), or '_' or '.' in it and a SQL word
// elsewhere in the value, so code and prose ending in a dash
// (arr.length--, node_count--, learn node.js --) do not count.
func sqlTail(b []byte) bool {
	t := bytes.TrimRight(b, " \t")
	if len(t) < 2 {
		return false
	}
	if c := t[len(t)-1]; c == ')' {
		return numberQuote(t)
	}
	// the comment: "--", "-- -", "--+", "--+-", "#", "/*"
	var w []byte
	switch {
	case t[len(t)-1] == '#':
		w = bytes.TrimRight(t[:len(t)-1], " ")
	case bytes.HasSuffix(t, []byte("/*")):
		w = bytes.TrimRight(t[:len(t)-2], " ")
	case t[len(t)-1] == '-' || t[len(t)-1] == '+':
		w = bytes.TrimRight(t, " -+")
		if !bytes.HasPrefix(bytes.TrimLeft(t[len(w):], " "), []byte("--")) {
			return false
		}
	default:
		// a comment with words after it (4'-- x): only after a number
		// closed by a quote
		i := bytes.Index(t, []byte("'--"))
		return i > 0 && numberQuote(t[:i+1])
	}
	w = bytes.TrimRight(bytes.TrimRight(w, ";"), " ") // a statement ended first (4';--)
	if len(w) == 0 {
		return false
	}
	if w[len(w)-1] == '\'' && (numberQuote(w) || loginName(w[:len(w)-1])) {
		return true
	}
	if c := w[len(w)-1]; c == ']' || c == '`' {
		return len(w) > 1
	}
	s := len(w)
	for s > 0 && (toLower[w[s-1]] >= 'a' && toLower[w[s-1]] <= 'z' || w[s-1] >= '0' && w[s-1] <= '9' || w[s-1] == '_' || w[s-1] == '.' || w[s-1] == '$') {
		s--
	}
	word := w[s:]
	if len(word) < 3 || word[0] == '.' || word[len(word)-1] == '.' || !hasLetter(word) {
		return false
	}
	if cmsTable(word) {
		return true
	}
	// A token's alphabet (zzh7W_krs4jS...--) mixes cases; names do not,
	// unless a space sets the comment apart.
	if hasUpperLower(word) && t[len(w)] != ' ' {
		return false
	}
	if bytes.IndexByte(word, '_') < 0 && bytes.IndexByte(word, '.') < 0 {
		return false
	}
	return hasSQLKeyword(w[:s])
}

// loginName: the accounts a login bypass names (admin'#, admin'--):
// the whole value, so no name or prose is spelt so.
func loginName(b []byte) bool {
	var buf [16]byte
	if len(b) > len(buf) {
		return false
	}
	switch string(lowerASCII(buf[:0], bytes.TrimLeft(b, " "))) {
	case "admin", "administrator", "root", "sa", "guest", "test", "user", "superuser":
		return true
	}
	return false
}

// cmsTable: a prefixed CMS user or settings table (wp_users, jos_options).
func cmsTable(word []byte) bool {
	i := bytes.LastIndexByte(word, '_')
	if i < 1 {
		return false
	}
	var buf [16]byte
	if len(word)-i-1 > len(buf) {
		return false
	}
	switch string(lowerASCII(buf[:0], word[i+1:])) {
	case "users", "usermeta", "options", "members", "admin", "admins":
		return true
	}
	return false
}

// hasSQLKeyword reports a word of a statement's skeleton in b (select,
// from, where, union, order, by ...), not the looser sqlWords (length,
// count, name), which code and prose use.
func hasSQLKeyword(b []byte) bool {
	for i, j := letterRun(b, 0); i < len(b); i, j = letterRun(b, j) {
		var buf [8]byte
		if j-i <= len(buf) {
			switch string(lowerASCII(buf[:0], b[i:j])) {
			case "select", "from", "where", "union", "order", "group", "having", "insert", "update", "delete", "drop", "join", "limit", "and", "or":
				return true
			}
		}
	}
	return false
}

// letterRun returns the next run of ASCII letters in b at or after from,
// as b[i:j]; i is len(b) when there is none.
func letterRun(b []byte, from int) (i, j int) {
	i = from
	for i < len(b) && (toLower[b[i]] < 'a' || toLower[b[i]] > 'z') {
		i++
	}
	j = i
	for j < len(b) && toLower[b[j]] >= 'a' && toLower[b[j]] <= 'z' {
		j++
	}
	return i, j
}

// hasUpperLower reports both an upper-case and a lower-case letter in b.
func hasUpperLower(b []byte) bool {
	up, low := false, false
	for _, c := range b {
		up = up || c >= 'A' && c <= 'Z'
		low = low || c >= 'a' && c <= 'z'
	}
	return up && low
}

func hasLetter(b []byte) bool {
	for _, c := range b {
		if c := toLower[c]; c >= 'a' && c <= 'z' {
			return true
		}
	}
	return false
}

// numberQuote: a number followed by a quote and closing parentheses only.
func numberQuote(t []byte) bool {
	t = bytes.TrimRight(t, ")")
	if len(t) < 2 || t[len(t)-1] != '\'' {
		return false
	}
	t = bytes.TrimLeft(t[:len(t)-1], " -")
	if len(t) == 0 {
		return false
	}
	for _, c := range t {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// callsOnly: a fingerprint of nothing but function calls and their
// arguments (f(1), f(1)f, f(s)n): a value like "upper(name)" or
// "char(13) char(10)".
func callsOnly(fp string) bool {
	if len(fp) == 0 || fp[0] != 'f' {
		return false
	}
	for i := 0; i < len(fp); i++ {
		switch fp[i] {
		case 'f', '(', ')', '1', 'n', 's', ',', 'v':
		default:
			return false
		}
	}
	return true
}

// isProse reports a value whose words (runs of two or more letters) are
// at least two and at least half ordinary words.
func isProse(b []byte) bool {
	words, plain := 0, 0
	for i, j := letterRun(b, 0); i < len(b); i, j = letterRun(b, j) {
		if j-i >= 2 {
			words++
			var buf [16]byte
			if j-i > len(buf) || !sqlWords[string(lowerASCII(buf[:0], b[i:j]))] {
				plain++
			}
		}
	}
	return plain >= 2 && 2*plain >= words
}

// sqlWords are SQL keywords and functions, and the table and column names
// injections target: words that make a value more SQL, not more prose.
var sqlWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`select from where and or not union all like is null order by group having limit offset
		insert into values update set delete drop table create exec execute waitfor delay sleep benchmark if then else end
		case when as in between exists xor div mod char chr concat ascii substring substr mid version user database cast
		convert varchar nvarchar int declare begin procedure analyse extractvalue updatexml rand floor count load file
		outfile dumpfile sys schema information columns column tables name names id admin administrator username usernames
		user users pass passwd password passwords pwd login email uid hex unhex md5 sha ord length len top asc desc distinct
		true false dual rownum sysdate now current_user system_user session_user having pg sqlite master sleep regexp rlike
		ifnull isnull coalesce nullif cha dbms pipe receive message utl http inaddr xp cmdshell sp oacreate char varchar2
		procedure shutdown truncate alter grant revoke into escape collate binary`) {
		m[w] = true
	}
	return m
}()

// isXSS runs libinjection's HTML5 tokenizer and keeps only values that
// can run script: libinjection also flags inert markup (an XML document,
// <b>, a comment), which a form that accepts rich text or XML receives.
func isXSS(b []byte) bool {
	if xssHandlerRe.Match(b) {
		return true
	}
	return libinjection.IsXSS(b2s(b)) && xssActiveRe.Match(b)
}

// xssHandlerRe is a tag with an event handler attribute (browsers skip a
// '/' before its '=': onerror/=) or a script URL as an attribute value:
// script whatever
// the tag and the event (libinjection knows a fixed list of both, and
// misses onbeforedeactivate, ontransitionend and the rest of HTML5).
var xssHandlerRe = regexp.MustCompile("(?i)<[a-z][^>]*[\\s/\"'`]on[a-z]{3,}[\\s/]*=\\s*[^\\s>]|<[a-z][^>]*=\\s*[\"'`]?\\s*(?:java|vb)script\\s*:")

// xssHeaderRe is script in a user agent or referer that is not shaped as
// one (no product token, no URL): a call, an event handler, a script URL,
// a script-capable or probing tag, a document sink, any spelling of
// xss-obfuscated-call, or a tag in base64. No client writes these into its own headers.
var xssHeaderRe = regexp.MustCompile("(?i)(?:alert|prompt|confirm|eval)\\s*(?:[(\x60]|&lpar;|&#x0*28|&#0*40)" +
	"|\\bon[a-z]{3,}\\s*/?\\s*=" +
	"|(?:java|vb|live)script\\s*:|data:text/html" +
	"|<\\s*/?\\s*(?:script|svg|img|image|iframe|frame|body|math|style|object|embed|a|x|input|details|video|audio|form|link|meta|base|xml|xss|marquee|isindex|div|span|table|html|br|layer|bgsound|t:set)\\b" +
	"|document\\s*\\.\\s*(?:cookie|domain|write|location)|fromcharcode\\s*\\(" +
	"|\\b(?:top|window|self|parent|frames|globalthis)\\s*\\[\\s*(?:['\"/]|\\d)[^\\]]{0,60}\\]\\s*\\(" +
	"|" + xssObfRe + "|" + xssBase64Tag)

// quotedHandlerRe is a quote closing an attribute value and an event
// handler opened after it that runs a proof's call (" onmouseover=alert(,
// '/onfocus=eval(): in a referer shaped as a URL, which the browser would
// have sent with %22. A search for "onclick=" alone does not count.
var quotedHandlerRe = regexp.MustCompile("(?i)[\"'\x60]\\s*(?:>\\s*<[a-z]+)?[\\s/+]*(?:[a-z-]+(?:=\\S*)?[\\s/+]+)?on[a-z]{3,}\\s*=\\s*[\"'\x60]?\\s*(?:alert|prompt|confirm|eval|print|javascript:|document\\.|window\\.|top\\[|\\[)")

// xssActiveRe is what makes markup run script: a script-capable element,
// an event handler attribute, a script URL, a CSS expression, or a
// template/JS sink that XSS probes use.
var xssActiveRe = regexp.MustCompile(`(?i)` +
	`<\s*/?\s*(?:script|i?frame|frameset|object|embed|applet|svg|math|base|meta|isindex|xss|import|vmlframe|animate|set|handler|listener|xml:namespace)\b` +
	"|[\\s\"'`/;]on[a-z]{3,}\\s*=" +
	`|(?:java|vb|live|ecma|j|mocha)script\s*:|data\s*:\s*(?:text/html|image/svg|application/(?:x-)?(?:javascript|ecmascript|xhtml))` +
	`|expression\s*\(|-moz-binding|behavior\s*:|@import|xlink:href|formaction|srcdoc|<\s*(?:img|image|input|video|audio|source|a|body|form|button|style|link|table|td|div|p|x)\b[^>]*\b(?:src|href|background|action|dynsrc|lowsrc|style)\s*=\s*["'\x60]?\s*(?:[a-z]+script|data|&|\\|\x60)` +
	"|\\b(?:alert|prompt|confirm|eval|atob|fromcharcode)\\s*(?:\\(|`)|document\\s*\\.\\s*(?:cookie|domain|write|location)|window\\s*\\.\\s*(?:location|name|open)" +
	// a URL attribute spelt with character references or CSS escapes
	// (href=j&#97;vascript&#x3A;, style=x:expression\\28): only a
	// filter bypass writes a link that way
	"|\\b(?:href|src|action|formaction|background|lowsrc|dynsrc|data)\\s*=\\s*[\"'`]?\\s*[a-z]{0,10}&#x?0*[0-9a-f]{2,3};?|expression\\s*\\\\0*28")

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
	strongCmds = `wget|curl|nc|ncat|netcat|bash|sh|zsh|ksh|busybox|tftp|ftpget|python[23]?|perl|php|ruby|powershell|pwsh|whoami|uname|ifconfig|ipconfig|nslookup|cmd\.exe|cmd\s*/[ck]|chmod|chown|telnet|nohup|certutil|bitsadmin|mshta|rundll32|regsvr32|wmic|cscript|wscript|systeminfo|tasklist|netstat|net\s+(?:user|localgroup|view)`
	weakCmds   = `id|cat|ls|pwd|echo|ping|sleep|touch|rm|dig|dir|ver|kill|ps|head|tail|more|type|env|printenv|mkdir|cd|base64|set|start|copy|del|find|findstr|hostname|timeout`
	binPrefix  = `(?:/(?:usr/)?s?bin/)?`
	// winCmds follow cmd /c in Windows injections.
	winCmds = `dir|whoami|type|ping|net|powershell|echo|copy|del|certutil|ipconfig|systeminfo|tasklist|set|ver|hostname|calc|notepad|nslookup|bitsadmin|mshta|rundll32|wmic|curl|wget|more|find|findstr|cd|mkdir|reg|sc|schtasks|timeout`
)

// cmdRe finds a command chained onto a parameter value:
//   - after a separator that opens the value (";id", "1|uname", "';ls"),
//   - inside $( ) or backticks,
//   - after a separator anywhere, if the command is a strong one,
//   - after a separator anywhere, if a weak command takes an option or path.
//
// An HTML entity reference (&copy;, &reg;, &del;, &sc;) is text, not the
// shell's '&' followed by a command: cmdMatcher masks such runs before it
// believes a hit (text=&copy; &reg; read as "& copy").
var cmdRe = cmdMatcher{re: cmdRegexp}

var cmdRegexp = regexp.MustCompile(`(?i)` +
	`^['"\s\d]*(?:;|\|\|?|&&?|\n)\s*` + binPrefix + `(?:` + strongCmds + `|` + weakCmds + `)\b` +
	"|(?:\\$\\(|`)\\s*" + binPrefix + `(?:` + strongCmds + `|` + weakCmds + `)\b` +
	`|(?:;|\|\|?|&&|\n)\s*[({]?\s*` + binPrefix + `(?:` + strongCmds + `)\b` +
	// a bare recon command ended by another separator or a subshell's
	// close (";id;", "|| (echo x; id; ...)"): no sentence reads so.
	`|(?:;|\|\|?|&&|\n)\s*[({]?\s*` + binPrefix + `(?:id|ls|pwd|uname|whoami|hostname|ifconfig|printenv)\s*(?:[;|&)}\n]|$)` +
	`|(?:;|\|\|?|&&|\n)\s*` + binPrefix + `(?:` + weakCmds + `)\s+[-/]` +
	// a weak command wrapped in a string breakout: a quote closes the
	// value's string, a separator, the command, a separator and a quote
	// (or comment) that reopens it, ending the value (admin';echo x;',
	// x";ping -c 1 y;#): no sentence closes a quote into ';' and ends so.
	`|['"]\s*(?:;|\|\|?|&&)\s*` + binPrefix + `(?:` + weakCmds + `)\b[^;|&'"\n]{0,80}(?:;|\|\|?|&&)\s*(?:['"]|#[^\n]*)?\s*$` +
	// Windows: cmd /c, FOR /F, IF EXIST, PowerShell's encoded commands
	// and download cradles, after a separator or opening the value.
	`|(?:^|[;&|'"\n(])\s*(?:for\s+/[fdlr]\s.*\bin\s*\(.*\)\s*do\b|if\s+(?:not\s+)?exist\s+["']?(?:[a-z]:[\\/]|%|\\\\|\.\.?[\\/]))` +
	`|\bcmd(?:\.exe)?["']?\s*/[ck]\s+["']?(?:` + winCmds + `)\b` +
	`|\b(?:powershell|pwsh)(?:\.exe)?\s+(?:-[a-z]+|iex|invoke-|\$)|\biex\s*\(|invoke-(?:expression|webrequest)|downloadstring\s*\(|new-object\s+net\.webclient` +
	`|%(?:comspec|systemroot|windir)%` +
	// Windows' registry tool on a hive after a separator (;reg add HKLM\...,
	// & reg query HKCU\...): cmd.exe also splits a command from its
	// arguments at ';' ',' '=', so &reg;add HKLM counts too.
	`|(?:^|[;&|\n'"])\s*reg(?:\.exe)?[\s,;=]+` + regVerbHive)

// regVerbHive is reg.exe's verb and a hive name after it.
const regVerbHive = `(?:add|query|delete|save|export|import|load|unload|restore|copy)[\s,;=]+["']?(?:hk(?:lm|cu|cr|u|cc)\b|hkey_)`

var regArgRe = regexp.MustCompile(`(?i)^` + regVerbHive)

// cmdMatcher is cmdRegexp with HTML entity references taken for text.
type cmdMatcher struct{ re *regexp.Regexp }

// Match reports a chained command in b. A hit that only an entity
// reference made (&copy; opening a value read as "& copy") is dropped: the
// runs &name; whose name is one of HTML's named characters are masked and
// the regex asked again. A run followed by what a command takes (a path,
// a drive, a variable, a quote, a registry verb and hive: &copy;\\host\x,
// &del;c:\x, &reg;add HKLM) is left as it is: cmd.exe reads ';' as a space.
// Only hits pay for the copy.
func (c cmdMatcher) Match(b []byte) bool {
	if !c.re.Match(b) {
		return false
	}
	masked, ok := maskEntityRuns(b)
	if !ok {
		return true
	}
	return c.re.Match(masked)
}

// maskEntityRuns returns b with the '&' and name of every HTML named
// character reference (&name;) that no command argument follows replaced
// by letters, and whether it replaced any. The ';' stays a separator: a
// payload behind an entity (&copy; cat /etc/passwd) is judged as behind
// any ';'.
func maskEntityRuns(b []byte) ([]byte, bool) {
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] != '&' {
			continue
		}
		j := i + 1
		for j < len(b) && j-i <= 32 && (b[j]|0x20 >= 'a' && b[j]|0x20 <= 'z' || b[j] >= '0' && b[j] <= '9') {
			j++
		}
		if j == i+1 || j >= len(b) || b[j] != ';' || entityArgFollows(b[j+1:]) {
			continue
		}
		var name [32]byte
		n := copy(name[:], b[i+1:j])
		for k := range n {
			name[k] |= 0x20
		}
		if _, ok := htmlEntityNames[string(name[:n])]; !ok {
			continue
		}
		if out == nil {
			out = append([]byte(nil), b...)
		}
		for k := i; k < j; k++ {
			out[k] = 'x'
		}
		i = j
	}
	return out, out != nil
}

// entityArgFollows reports that what comes after an entity's ';' reads as
// a command's argument: a path, a drive, a variable, a quote, or a
// registry verb and hive.
func entityArgFollows(rest []byte) bool {
	rest = bytes.TrimLeft(rest, " \t,;=")
	if len(rest) == 0 {
		return false
	}
	switch rest[0] {
	case '\\', '/', '%', '"', '\'':
		return true
	}
	if len(rest) >= 3 && rest[0]|0x20 >= 'a' && rest[0]|0x20 <= 'z' && rest[1] == ':' && (rest[2] == '\\' || rest[2] == '/') {
		return true
	}
	return regArgRe.Match(rest)
}

// webshellValRe is a bare shell command as a whole value, as webshells
// take it (cmd=id, command=whoami, cmd=ls -la).
var webshellValRe = regexp.MustCompile(`(?i)^\s*(?:id|whoami|ls|pwd|uname|ifconfig|ipconfig|hostname|dir|ver|netstat|ps|cat|echo|wget|curl|net|systeminfo|tasklist|nslookup|ping)(?:\s.*)?$`)

// activeSyncCmd reports a bare Cmd=Ping on Exchange ActiveSync's endpoint
// (MS-ASHTTP: /Microsoft-Server-ActiveSync[/default.eas]?Cmd=Ping&User=..),
// the push heartbeat every phone sends all day; Ping is the one ActiveSync
// command name that is also a shell command. A ping with an argument or a
// chained command, or on any other path, stays a webshell call.
func activeSyncCmd(path, val []byte) bool {
	if !equalFold(val, "ping") {
		return false
	}
	path = bytes.TrimSuffix(path, []byte("/"))
	return equalFold(path, "/microsoft-server-activesync") || equalFold(path, "/microsoft-server-activesync/default.eas")
}

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
			if c := p[i]; c != '/' && !(value && c == '\\') && !looseSep(c) {
				continue
			}
			sep = true
		}
		// A run of three dots counts only between separators: "/..." at
		// the end of a value is an ellipsis.
		if seg := p[start:i]; isDotSeg(seg) && !(value && len(seg) == 3 && i == len(p)) &&
			!(value && i+1 < len(p) && p[i+1] == ' ') {
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

// looseSep: bytes that separate segments as far as traversal goes, besides
// '/' and '\\': controls, bytes left of code points that old IIS or its
// best-fit conversion read as a slash, and '%' left over from an escape
// that did not decode (..%c0%9v, ..%bg%qf). Ordinary text has none of
// them next to a "..".
func looseSep(c byte) bool { return c < 0x20 || c >= 0x80 || c == '%' }

// isDotSeg: ".." (Tomcat also takes "..;x"), or three or more dots, which
// naive "../"-stripping filters turn back into "..", and old Windows read
// as two levels up.
func isDotSeg(seg []byte) bool {
	if k := bytes.IndexByte(seg, ';'); k >= 0 {
		seg = seg[:k]
	}
	if len(seg) < 2 {
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
// words, the usual document-root names, a date or a host name, in the
// compressors a visitor's download seldom uses.
var backupNameRe = regexp.MustCompile(`(?i)^/(?:[^/]*backup[^/]*|[a-z0-9_]{0,3}|bak|old|site|www|localhost|forum|forums|joomla|drupal|magento|shop|store|blog|cms|app|public|private|full|all|clients|users|customers|export|wwwroot|web|html|public_html|htdocs|db|database|dump|data|sql|mysql|archive|home|root|src|source|files|upload|uploads|test|temp|tmp|new|admin|wordpress|wp|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|io|co|de|fr|uk|nl|eu|ru|it|es|pl)|\d{4}[-_]?\d{2}[-_]?\d{2}[^/]*|db[a-z0-9_-]*|[a-z0-9_-]*dump[a-z0-9_-]*|[a-z0-9_-]*(?:sql|dbase)|[^/]*\.sql)\.(?:zip|rar|7z|tar|tgz|tar\.gz|tar\.bz2|tar\.xz|tar\.gzip|tar\.bzip2|gz|gzip|bz2|bzip2|xz)$`)

// backupNameMissRe names archives a backup script writes but a site may
// serve as a download: the names release, package, output, website, a
// year (/release.zip, /2024.zip), and the other compressors and
// containers (compress's .Z, lzip's .lz, zstd, a Tomcat .war, a .jar), the
// latter for the document-root names only, never for a name of three
// characters or less (/app.jar, /irc.jar, /ij.jar are applets and tools).
// They count only on a miss.
var backupNameMissRe = regexp.MustCompile(`(?i)^/(?:(?:webapps?|website|sites?|release|inetpub|package|output|webroot|httpdocs|wwwdata|docroot|(?:19|20)\d{2})\.(?:zip|rar|7z|tar|tgz|tbz2?|txz|tlz|tar\.(?:gz|bz2|xz|gzip|bzip2|z|lz|lzma|zst)|gz|gzip|bz2|bzip2|xz|z|lz|lzma|zst|war|jar)|(?:[^/]*backup[^/]*|[a-z0-9_]{0,3}|bak|old|site|www|localhost|forum|forums|joomla|drupal|magento|shop|store|blog|cms|app|public|private|full|all|clients|users|customers|export|wwwroot|web|html|public_html|htdocs|db|database|dump|data|sql|mysql|archive|home|root|src|source|files|upload|uploads|test|temp|tmp|new|admin|wordpress|wp|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|io|co|de|fr|uk|nl|eu|ru|it|es|pl)|\d{4}[-_]?\d{2}[-_]?\d{2}[^/]*|db[a-z0-9_-]*|[a-z0-9_-]*dump[a-z0-9_-]*|[a-z0-9_-]*(?:sql|dbase)|[^/]*\.sql)\.(?:tbz2?|txz|tlz|tar\.(?:z|lz|lzma|zst)|z|lz|lzma|zst)|(?:[^/]*backup[^/]*|bak|old|site|www|localhost|forum|forums|joomla|drupal|magento|shop|store|blog|cms|public|private|full|all|clients|users|customers|export|wwwroot|html|public_html|htdocs|database|dump|data|mysql|archive|home|root|source|files|upload|uploads|test|temp|tmp|admin|wordpress|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|io|co|de|fr|uk|nl|eu|ru|it|es|pl)|\d{4}[-_]?\d{2}[-_]?\d{2}[^/]*|[a-z0-9_-]*dump[a-z0-9_-]*)\.(?:war|jar))$`)

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
		equalFold(ext, "tgz"), equalFold(ext, "gz"), equalFold(ext, "bz2"), equalFold(ext, "xz"),
		equalFold(ext, "gzip"), equalFold(ext, "bzip2"), equalFold(ext, "z"), equalFold(ext, "lz"),
		equalFold(ext, "lzma"), equalFold(ext, "zst"), equalFold(ext, "tbz"), equalFold(ext, "tbz2"),
		equalFold(ext, "txz"), equalFold(ext, "tlz"), equalFold(ext, "war"), equalFold(ext, "jar"):
		// the compressors and containers a backup script writes (compress's
		// .Z, lzip's .lz, a Tomcat ROOT.war), named for the site
		if backupNameRe.Match(path) {
			return chkBackupFile
		}
		if backupNameMissRe.Match(path) {
			return chkBackupFileMiss
		}
	case equalFold(ext, "sqlite"), equalFold(ext, "sqlite3"), equalFold(ext, "sqlitedb"), equalFold(ext, "db"),
		equalFold(ext, "db3"), equalFold(ext, "s3db"), equalFold(ext, "mdb"), equalFold(ext, "accdb"):
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

// evasiveDots reports the spellings of ".." and "/" that only evasion
// produces (overlong UTF-8, IIS %u escapes, double encoding, Tomcat's
// "..;", four-dot runs, backslashes): one such traversal is proof enough,
// where a plain "../" may be a relative link gone wrong.
func evasiveDots(raw []byte) bool {
	for _, m := range evasionMarks {
		if containsFold(raw, m) {
			return true
		}
	}
	return false
}

var evasionMarks = []string{"%c0", "%c1", "%e0%80", "%f0%80", "%f8%80", "%fc%80", "%u", "%25", "..;", "....", "..\\", "\\..", "%5c", "0x2e", "%uff0e"}

// pathParamEmpty reports a path segment ended by a path parameter with no
// value before the next segment (/api;/config, /api;x/config, /..;/manager):
// servlet containers and Spring drop ';' and the rest of a segment, a
// proxy's access rules read the raw path, so the spelling walks past them.
// A segment holding '&' is a character reference that lost its page
// (/a&nbsp;/b, a crawler's bad link) and does not count; nor does a
// parameter with a value (/shop;jsessionid=x/, matrix parameters
// /cars;color=red/), which links carry.
func pathParamEmpty(path []byte) bool {
	for off := 0; off < len(path); {
		i := bytes.IndexByte(path[off:], ';')
		if i < 0 {
			return false
		}
		i += off
		end := bytes.IndexByte(path[i:], '/')
		if end < 0 {
			return false
		}
		end += i
		start := bytes.LastIndexByte(path[:i], '/')
		if start >= 0 && i-start > 1 && bytes.IndexByte(path[start+1:i], '&') < 0 &&
			bytes.IndexByte(path[i:end], '=') < 0 {
			return true
		}
		off = end + 1
	}
	return false
}

// secretExt reports a file named, whatever its name, as the families of
// data, dumps, profiles, configuration and source copies are (see
// probe-secret-extension): the last segment's extension, or its copy
// shape. It is a 1-point hint counted only on a miss (and feeding the
// word-list backstop), so a kind some site serves costs a visitor nothing
// there and a crawler's stale links little (review of bd90aa3: at 3 points
// Googlebot's four stale /wiki.pl links banned). query: the request has a
// query string.
func secretExt(path []byte, query bool) bool {
	slash := bytes.LastIndexByte(path, '/')
	if slash < 0 || slash == len(path)-1 {
		return false
	}
	name := path[slash+1:]
	root := slash == 0
	if len(name) > 1 && name[len(name)-1] == '~' {
		// an editor's backup of a server script (x.php~); favicon.ico~,
		// main.c~ or README~ in an autoindex are no secret
		return serverSourceExt(name[:len(name)-1])
	}
	if copyShape(name) {
		return true
	}
	dot := bytes.LastIndexByte(name, '.')
	if dot <= 0 || dot == len(name)-1 {
		return false
	}
	ext := name[dot+1:]
	stem := name[:dot]
	switch {
	case equalFold(ext, "bson"), equalFold(ext, "mdf"), equalFold(ext, "ldf"), equalFold(ext, "frm"),
		equalFold(ext, "myd"), equalFold(ext, "myi"), equalFold(ext, "ibd"), equalFold(ext, "dbf"),
		equalFold(ext, "fdb"), equalFold(ext, "gdb"),
		equalFold(ext, "dmp"), equalFold(ext, "core"), equalFold(ext, "pcap"),
		equalFold(ext, "pcapng"), equalFold(ext, "har"), equalFold(ext, "ovpn"), equalFold(ext, "rdp"),
		equalFold(ext, "env"):
		return true
	case equalFold(ext, "properties"):
		// sensitive-config-tree's; language bundles (jquery.i18n's
		// Messages_en_US.properties) and the Gradle wrapper's are fetched
		// by pages and builds
		return !configDir(path) && !localeFile(path, stem) && !hasPrefixFold(stem, "gradle-wrapper")
	case equalFold(ext, "sqlite"), equalFold(ext, "sqlite3"), equalFold(ext, "db3"):
		// below the root (the root ones ban through sensitive-db-file);
		// .db is left out: package repositories (pacman's community.db,
		// MSYS2's clang32.db) and Windows' Thumbs.db are missed by
		// ordinary clients
		return !root
	case equalFold(ext, "yml"), equalFold(ext, "yaml"), equalFold(ext, "toml"):
		// below the root, named as configuration (the root ones are
		// sensitive-config-tree's): update channels (beta.yml), chart
		// indexes (index.yaml), locales (en.yml) and /.well-known/ files
		// are fetched by clients
		return !root && configStem(stem) && !apiDescription(stem) && !configDir(path) &&
			!localeFile(path, stem) && !hasPrefixFold(path, "/.well-known/")
	case equalFold(ext, "7z"), equalFold(ext, "lz"):
		return root
	case equalFold(ext, "gz"), equalFold(ext, "xz"):
		// a plain name compressed (/site.gz); a compressed document
		// (/sitemap.xml.gz) or tarball (probe-root-archive's) is not this
		return root && bytes.IndexByte(stem, '.') < 0
	case equalFold(ext, "sh"), equalFold(ext, "py"), equalFold(ext, "rb"), equalFold(ext, "pl"):
		// a shell, Python, Ruby or Perl script at the root, asked for
		// bare as word lists do (an old wiki's /wiki.pl?HomePage links
		// carry a query); install scripts a project publishes
		// (/install.sh, /get-docker.sh, /setup.py) do not count
		return root && !query && !publishedScript(stem)
	case equalFold(ext, "txt"), equalFold(ext, "dist"):
		// a server script's source kept as text (x.php.txt, x.inc.txt,
		// x.php.old.txt)
		return serverSourceExt(stem) || serverSourceExt(trimOldExt(stem))
	}
	// a server script's copy with a trailing '-' (x.php-)
	if ext[len(ext)-1] == '-' {
		return serverSourceExt(name[:len(name)-1])
	}
	return false
}

// trimOldExt drops a copy's .old or .bak from a stem (x.php.old: x.php).
func trimOldExt(stem []byte) []byte {
	if hasSuffixFold(stem, ".old") || hasSuffixFold(stem, ".bak") {
		return stem[:len(stem)-4]
	}
	return nil
}

// serverSourceExt reports a name ending in the extension of a server-side
// script or include (.php, .asp, .aspx, .jsp, .cfm, .inc, .config).
func serverSourceExt(name []byte) bool {
	dot := bytes.LastIndexByte(name, '.')
	if dot < 0 {
		return false
	}
	e := name[dot+1:]
	return equalFold(e, "php") || equalFold(e, "asp") || equalFold(e, "aspx") || equalFold(e, "jsp") ||
		equalFold(e, "cfm") || equalFold(e, "inc") || equalFold(e, "config")
}

// copyShape reports a file manager's or an editor's copy of a server
// script: "Copy of x.php", "x - Copy.php", "x (copy).php", "x.copy.php",
// "x_copy.aspx", "x(1).php", "x (3).php".
func copyShape(name []byte) bool {
	if !serverSourceExt(name) {
		return false
	}
	if hasPrefixFold(name, "copy of ") || hasPrefixFold(name, "copy_of_") {
		return true
	}
	stem := name[:bytes.LastIndexByte(name, '.')]
	if hasSuffixFold(stem, " - copy") || hasSuffixFold(stem, ".copy") || hasSuffixFold(stem, "_copy") ||
		hasSuffixFold(stem, "-copy") || hasSuffixFold(stem, "(copy)") {
		return true
	}
	// "(N)": a second download or copy of the same name
	n := len(stem)
	if n < 3 || stem[n-1] != ')' {
		return false
	}
	j := n - 2
	for j > 0 && stem[j] >= '0' && stem[j] <= '9' {
		j--
	}
	return j < n-2 && j >= 0 && stem[j] == '(' && n-2-j <= 2
}

// apiDescription reports the stem of an API description a site serves on
// purpose (openapi.yaml, swagger.yml, asyncapi.yaml).
func apiDescription(stem []byte) bool {
	return containsFold(stem, "openapi") || containsFold(stem, "swagger") || containsFold(stem, "asyncapi")
}

// configStem reports a YAML or TOML file named as an application's
// configuration or secrets (database.yml, secrets.yaml, parameters.yml,
// application-prod.yml, docker-compose.yml, settings.toml), what scanners
// ask for below the root.
func configStem(stem []byte) bool {
	for _, w := range [...]string{"config", "secret", "credential", "database", "parameters", "application",
		"compose", "setting", "passw", "deploy", "prod", "staging", "env", "db", "storage", "mail", "aws"} {
		if containsFold(stem, w) {
			return true
		}
	}
	return false
}

// localeFile reports a language bundle: a file under an i18n or locale
// directory, or a stem ending in a locale code (Messages_en_US, strings_de,
// en, pt-BR).
func localeFile(path, stem []byte) bool {
	for _, d := range [...]string{"/i18n/", "/l10n/", "/locale/", "/locales/", "/lang/", "/langs/", "/languages/", "/translations/"} {
		if containsFold(path, d) {
			return true
		}
	}
	s := stem
	if n := len(s); n >= 6 && (s[n-3] == '_' || s[n-3] == '-') && isAlpha2(s[n-2:]) {
		s = s[:n-3] // a region: _US, -BR
	}
	n := len(s)
	return n == 2 && isAlpha2(s) || n >= 3 && (s[n-3] == '_' || s[n-3] == '-') && isAlpha2(s[n-2:])
}

// isAlpha2 reports a two-letter language or region code ("db" is none).
func isAlpha2(b []byte) bool {
	return len(b) == 2 && (b[0]|0x20) >= 'a' && (b[0]|0x20) <= 'z' && (b[1]|0x20) >= 'a' && (b[1]|0x20) <= 'z' &&
		!equalFold(b, "db")
}

func hasSuffixFold(b []byte, s string) bool {
	return len(b) >= len(s) && equalFold(b[len(b)-len(s):], s)
}

// publishedScript reports the stem of a script projects publish for users
// to fetch and run (install.sh, get-docker.sh, bootstrap.sh, rustup-init.sh,
// setup.py), by whole words, "get" only first (get-pip): /target.sh and
// /reverse-get.sh count.
func publishedScript(stem []byte) bool {
	for first := true; len(stem) > 0; first = false {
		j := bytes.IndexAny(stem, "-_.")
		w := stem
		if j >= 0 {
			w, stem = stem[:j], stem[j+1:]
		} else {
			stem = nil
		}
		for _, p := range [...]string{"install", "installer", "setup", "get", "bootstrap", "init", "download", "latest", "update", "upgrade"} {
			if equalFold(w, p) && (first || p != "get") {
				return true
			}
		}
	}
	return false
}

// configDir reports a path under a configuration directory, whose YAML,
// TOML and properties files sensitive-config-tree judges already.
func configDir(path []byte) bool {
	for _, d := range [...]string{"/config/", "/conf/", "/configs/", "/configuration/", "/settings/", "/schema/"} {
		if containsFold(path, d) {
			return true
		}
	}
	return false
}
