package patterns

import (
	"bytes"
	"regexp"
	"unicode/utf8"
)

// Per-value checks for the injection classes that have no long literal to
// prefilter on ({{7*7}}, [$ne], *)(, %0d%0aSet-Cookie:). Each runs only on
// parameter values whose bytes could hold its syntax (see paramPass), so a
// plain value never reaches a regex.

// sstiRe: template expressions that compute (arithmetic probes such as
// {{7*7}}, ${7*7}, <%= 7*7 %>) or reach into the runtime (__class__,
// |attr(, T(java.lang.Runtime), $smarty, {% for ... %}). Plain placeholders
// ("{{ name }}") do not count: template documentation mentions them.
//
// A Handlebars block helper ({{#with "s" as |string|}}, {{#each}}, {{/if}})
// is followed by what Handlebars' lexer lets end a name (space, '}', '=',
// '~', '/', '.', ')', '|'; and '(' for the subexpression a payload may
// glue on): {{#if:...}} is MediaWiki's parser function
// (an editor's preview, api.php?action=parse&text={{#if:{{{logo|}}}|...}}),
// which Handlebars refuses to lex, so it cannot run there.
var sstiRe = regexp.MustCompile(`(?i)` +
	`\{\{\s*['"]?\d+['"]?\s*[-*+/%]\s*['"]?\d+['"]?\s*\}\}` +
	`|\$\{\s*\d+\s*[-*+/%]\s*\d+\s*\}|\$\{\{|#\{\s*\d+\s*[-*+/%]\s*\d+\s*\}` +
	`|<%=?\s*\d+\s*[-*+/%]\s*\d+\s*%>|@\(\s*\d+\s*[-*+/%]\s*\d+\s*\)` +
	// the same ERB/ASP/JSP tag with its brackets as character references
	// (&lt;%= 7*7 %&gt;), for an XML or HTML field decoded before the
	// template sees it
	`|&(?:lt|#0*60|#x0*3c);%=?\s*\d+\s*[-*+/%]\s*\d+\s*%&(?:gt|#0*62|#x0*3e);` +
	`|\{\s*\d+\s*\*\s*\d+\s*\}|\[\[\s*\d+\s*\*\s*\d+\s*\]\]|\{\{=` +
	`|__(?:class|mro|subclasses|globals|builtins|init|import|dict|base)__|\.mro\(\)|\|\s*attr\s*\(` +
	`|\b(?:lipsum|cycler|joiner|namespace|url_for|get_flashed_messages)\s*\.\s*__` +
	`|\{\{[^}]*\b(?:config|request|self|_self|app|dump|settings|range|craft|this)\s*(?:[.|(\[]|\}\})` +
	`|\{%\s*(?:for|if|set|import|include|debug|print|extends|block|macro|raw|php|end[a-z]+|csrf_token|get_admin_log|load|now|cycle|with|autoescape|filter|verbatim|spaceless)\b` +
	`|\{\{\s*[#/](?:with|each|if|unless|lookup)(?:[\s=~}/.()|]|$)|\|\s*(?:filter|map|reduce|sort)\s*\(\s*\[?\s*['"](?:system|passthru|exec|shell_exec|popen|call_user_func)` +
	`|\|\s*(?:add|slice|join)\s*:\s*\d+\s*\}\}|\{\{[^}]*\b(?:password|secret|signer|storages|get_username)\b[^}]*\}\}|\{\{\s*\[\s*\]\s*\.\s*class\b` +
	"|<%=?[^%]*(?:\\bsystem\\.|dir\\.entries|open[34]|popen|`|%x|\\b_\\.version)|#\\{\\s*%x|\\$\\{\\s*(?:new\\s|new/|string\\s+\\w+\\s*=|x\\s*=|pagecontext\\.|=\\s*_\\.)" +
	`|\bt\s*\(\s*java\.|new\s+java\.|java\.lang\.(?:runtime|system|processbuilder|class)|\.getclass\s*\(\s*\)|class\.forname` +
	`|\.getruntime\s*\(|\$smarty\.|\{php\}|\{system\s*\(|#set\s*\(\s*\$|\$class\.inspect|\bfreemarker\.` +
	`|\$\{\s*(?:self|request|application|session|facescontext|"[^"]*"\.|'[^']*'\.|product\.|t\s*\()` +
	`|\{\{\s*['"][^'"]*['"]\s*\.\s*\w+\s*\(` +
	`|#\{\s*['"]?[a-z_]+['"]?\s*\.\s*\w+\s*\(|\$\{\s*[a-z_]+\s*\.\s*\w+\s*\(`)

func sstiGate(v []byte) bool {
	return bytes.IndexByte(v, '{') >= 0 || bytes.Contains(v, []byte("<%")) || bytes.Contains(v, []byte(";%")) || bytes.Contains(v, []byte("@(")) ||
		bytes.Contains(v, []byte("__")) || containsFold(v, "java.") || containsFold(v, "getclass")
}

// nosqlRe: MongoDB query operators where a scalar was expected
// ({"$gt": ""}, $where: '1 == 1'), and server-side JavaScript breaking
// out of a string ('; return true; var x='a, this.password.match(/.*/)).
var nosqlRe = regexp.MustCompile(`(?i)` +
	// an operator as a key, after an object's or array's opening or a comma
	// ({"$ne": 1}, {$ne: 1}, ', $where: ...) or bare at the value's start
	// ($where: ...). Not after a space: that is prose, a developer's search
	// ("how to use $in: in mongodb", "mongodb $regex: case insensitive"),
	// nor a quoted key with nothing before it ("$lookup": example).
	`(?:[{,\[]\s*"\$(?:` + nosqlOps + `)"\s*:|[{,\[]\s*'\$(?:` + nosqlOps + `)'\s*:|(?:^|[{,\[(&])\s*\$(?:` + nosqlOps + `)\b\s*[:\]])` +
	`|` + nosqlJS)

// nosqlJSRe is nosqlRe without its operator-as-key alternative: what
// nosqlFilter cannot excuse ({"price":{"$gt":1},"password":/^/} held a
// filter's operators beside a match-anything regex; review s8).
var nosqlJSRe = regexp.MustCompile(`(?i)` + nosqlJS)

const nosqlJS = `\bthis\.\w+\.match\s*\(|\bthis\.\w+\s*==|\breturn\s*\(?\s*'[^']*'\s*==` +
	`|'\s*==\s*'|\|\|\s*(?:1\s*==\s*1|'1'\s*==\s*'1')` +
	// a quote closed at the value's start, then a JavaScript OR/AND with
	// a constant truth ('||1||', ' && 1==1//): the string the server's
	// $where or mapReduce code pasted the value into is broken out of
	"|^\\s*['\"]\\s*(?:\\|\\||&&)\\s*(?:1|true|1\\s*==\\s*1)\\s*(?:\\|\\||&&|//|['\"]|$)" +
	// a db. call or a busy loop only after a breakout: a quote closed, then
	// ; or } or ) (code searches quote "while (true)", db.version())
	`|['"]\s*[;})]+\s*(?:\w+\s*=\s*)?db\.\w+(?:\.\w+)?\s*\(` +
	`|\bsleep\s*\(\s*\d{3,}\s*\)|do\s*\{[^}]*\}\s*while\s*\(|['"]\s*[;})]+\s*while\s*\(\s*(?:true|1)\s*\)` +
	// a write to a collection run as a statement (db.x.insert({...});), a
	// field matched against a match-anything regex ({ password: /.*/ }),
	// a return right after a quote is closed ('; return this.a != ')
	// The write and the return count only right after a quote that
	// closes the application's string at the value's start (the
	// breakout), the match-anything regex only as a quoted key's value
	// or $regex's: code searches write db.users.insert({name: "x"});,
	// app.get({ path: /.*/ }) and var s = 'x'; return s.
	// A quote closed at the value's start (after a user name at most),
	// then && or || and a field of the document ('this'): the $where
	// string broken out of to test a field (admin' && this.password%00,
	// x' || this.role): no text closes a quote into "&& this.".
	`|^\s*[\w.@-]*\s*['"]\s*(?:&&|\|\|)\s*!?\s*this\.\w+` +
	`|^\s*\w*\s*['"]\s*[;})]+\s*db\.\w+\.(?:insert|remove|drop|update|delete|save|mapreduce)\w*\s*\(|[{,]\s*(?:["']\w+["']|\$regex|(?:password|passwd|pass|pwd|user(?:name)?|login|email|token))\s*:\s*/(?:\^?\.[*+]\$?|\^)/|^\s*[^'"\s]*['"]\s*;\s*return\b`

// nosqlFilter reports a JSON query value whose every operator is a
// comparison on a field with a real operand: a front end's filter, not an
// injection. Parse Server's REST API and Mongo-backed shops send
// where={"status":{"$in":["open","pending"]}} and
// filter={"price":{"$gte":10,"$lte":50}} from every browser (review s8:
// nosqli-operator, 10, banned them at the request). It holds when each
// "$op" is one of $eq, $gt, $gte, $lt, $lte, $in, directly inside an
// object that is the value of a quoted field name that is not a
// credential, and its operand is a number, a date or word string that is
// not empty, or a list of them; and the value has none of the
// JavaScript nosqlRe also looks for. A match-anything operator ($ne, $nin,
// $regex, $where, $exists ...), an empty or null operand
// ({"$gt":""}), a top-level operator or one on a credential
// ({"password":{"$gt":"a"}}) still counts.
func nosqlFilter(v []byte) bool {
	if bytes.IndexByte(v, '{') < 0 || containsFold(v, "this.") || containsFold(v, "return") || containsFold(v, "db.") ||
		bytes.Contains(v, []byte("==")) || bytes.Contains(v, []byte("||")) || containsFold(v, "sleep(") || containsFold(v, "while") || bytes.IndexByte(v, '\'') >= 0 {
		return false
	}
	n := 0
	for i := 0; i < len(v); i++ {
		if v[i] != '$' {
			continue
		}
		// "$op" : operand
		if i == 0 || v[i-1] != '"' {
			return false
		}
		j := i + 1
		for j < len(v) && ('a' <= v[j]|0x20 && v[j]|0x20 <= 'z') {
			j++
		}
		if !filterOp(v[i+1 : j]) {
			return false
		}
		if j >= len(v) || v[j] != '"' {
			return false
		}
		// before: { or , inside an object that is a field's value
		if !nosqlFieldObject(v[:i-1]) {
			return false
		}
		k := skipSpace(v, j+1)
		if k >= len(v) || v[k] != ':' {
			return false
		}
		k = skipSpace(v, k+1)
		end, ok := nosqlOperand(v, k)
		if !ok {
			return false
		}
		i, n = end-1, n+1
		if n > nosqlFilterMax {
			return false
		}
	}
	return n > 0 && !nosqlJSRe.Match(v)
}

// nosqlFilterMax bounds the operators a filter may hold: each one walks
// back over its object (nosqlFieldObject), so a 64 KB value of thousands
// of "$gt" cost O(n^2) (667 ms a request, review s8). A front end's filter
// holds a handful; more is no filter and counts.
const nosqlFilterMax = 32

// filterOp: the comparison operators a filter uses on a field.
func filterOp(op []byte) bool {
	for _, o := range [...]string{"eq", "gt", "gte", "lt", "lte", "in"} {
		if equalFold(op, o) {
			return true
		}
	}
	return false
}

func skipSpace(v []byte, k int) int {
	for k < len(v) && (v[k] == ' ' || v[k] == '\t' || v[k] == '\n' || v[k] == '\r') {
		k++
	}
	return k
}

// nosqlFieldObject reports whether the text before an operator's quote
// ends inside an object opened as a quoted field's value ("price":{ ...,):
// it walks back over the object's earlier members to its '{' and checks
// the key before it, which must not be a credential.
func nosqlFieldObject(b []byte) bool {
	depth := 0
	for i := len(b) - 1; i >= 0; i-- {
		switch b[i] {
		case '}', ']':
			depth++
		case '[':
			if depth == 0 {
				return false
			}
			depth--
		case '{':
			if depth > 0 {
				depth--
				continue
			}
			k := i - 1
			for k >= 0 && (b[k] == ' ' || b[k] == '\t') {
				k--
			}
			if k < 1 || b[k] != ':' {
				return false
			}
			k--
			for k >= 0 && (b[k] == ' ' || b[k] == '\t') {
				k--
			}
			if k < 1 || b[k] != '"' {
				return false
			}
			q := bytes.LastIndexByte(b[:k], '"')
			if q < 0 || q+1 == k {
				return false
			}
			key := b[q+1 : k]
			if bytes.IndexAny(key, "$\\.") >= 0 {
				return false // an operator, a JSON escape (pass\u0077ord) or a dotted path (profile.password)
			}
			for _, w := range nosqlSecretWords {
				if containsFold(key, w) {
					return false
				}
			}
			for _, a := range authParams {
				if equalFold(key, a) {
					return false
				}
			}
			return !equalFold(key, "id") && !equalFold(key, "_id")
		}
	}
	return false
}

// nosqlSecretWords: a field holding any of these in its name is a
// credential or a secret (resetToken, apiKey, passwordHash, user_password,
// pin, otp): a comparison on it matches every record's secret, the
// login bypass, whatever the operand (review s8: {"resetToken":{"$gt":" "}}).
var nosqlSecretWords = [...]string{"pass", "pwd", "token", "secret", "key", "pin", "otp", "hash"}

// nosqlOperand returns the end of a filter's operand starting at k: a
// number, a string of letters, digits, spaces and -_.:+/@ that is not
// empty, or a list of such (not empty).
func nosqlOperand(v []byte, k int) (int, bool) {
	if k >= len(v) {
		return k, false
	}
	if v[k] == '[' {
		k = skipSpace(v, k+1)
		n := 0
		for k < len(v) && v[k] != ']' {
			end, ok := nosqlOperand(v, k)
			if !ok || v[k] == '[' {
				return k, false
			}
			n++
			k = skipSpace(v, end)
			if k < len(v) && v[k] == ',' {
				k = skipSpace(v, k+1)
			}
		}
		return k + 1, n > 0 && k < len(v)
	}
	if v[k] == '"' {
		// at least one letter or digit and no leading space: " " or "0"
		// as a lower bound ($gt) is above nearly every string, a match-all
		alnum := false
		e := k + 1
		for e < len(v) && v[e] != '"' {
			c := v[e]
			word := 'a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9'
			if !(word || c == ' ' || c == '-' || c == '_' || c == '.' || c == ':' || c == '+' || c == '/' || c == '@') {
				return e, false
			}
			alnum = alnum || word
			e++
		}
		return e + 1, alnum && v[k+1] != ' ' && e < len(v)
	}
	e := k
	for e < len(v) && ('0' <= v[e] && v[e] <= '9' || v[e] == '.' || v[e] == '-' || v[e] == 'e' || v[e] == 'E' || v[e] == '+') {
		e++
	}
	return e, e > k
}

// nosqlOps: MongoDB's query and update operators.
const nosqlOps = `ne|eq|gt|gte|lt|lte|in|nin|regex|where|exists|or|and|not|nor|elemmatch|expr|all|size|type|mod|text|function|accumulator|options|comment|jsonschema|lookup|search|natural|slice|bitsallset|bitsanyset|bitsallclear|bitsanyclear|geowithin|geointersects|near|nearsphere|mul|inc|set|unset|push|rename|lt|sample|merge|out`

// nosqlName: a parameter name that makes its value a query operator's
// operand (user[$ne]=1, password[$regex]=.*): the login bypass. A
// credential's name counts with any query operator (user, login, email,
// password, token, and id on a login or auth path). Elsewhere an operator
// in a name is mostly an API's own filter syntax (Strapi's
// filters[title][$eq]=hello, filters[$or][0]..., filters[id][$in][0]=3)
// or projection and paging (fields[$slice]=5): there only a match-anything
// operator ($ne, $nin, $regex, $where, $exists ...) right on a plain name,
// the whole name (q[$ne]=1), counts; filter syntax nests its operators.
//
// The dotted form (user.$ne=1, q.$regex=.*) is the same operator for
// parsers that expand dots into objects (qs with allowDots, Express
// query parsers configured so, body-parser's extended mode): it counts as
// the bracket form does, ".$op" ending the name or followed by '.' or '['.
func nosqlName(name, path []byte) bool {
	i := bytes.Index(name, []byte("[$"))
	if i < 0 {
		return nosqlDotted(name, path)
	}
	if !nosqlNameRe.Match(name[i+2:]) {
		return false
	}
	base := name
	if j := bytes.IndexByte(name, '['); j >= 0 {
		base = name[:j]
	}
	for _, n := range authParams {
		if equalFold(base, n) {
			return true
		}
	}
	if equalFold(base, "id") && authPath(path) {
		return true
	}
	return i == len(base) && nosqlAnyRe.Match(name[i+2:])
}

// nosqlDotted is nosqlName for the dotted form: name.$op, read as
// name[$op] (and name.$op.x as name[$op][x]), so the same credential and
// match-anything rules apply. A dot not followed by '$' is no operator
// (a.b=1 is a nested field); "$" alone after the dot is no operator
// either.
func nosqlDotted(name, path []byte) bool {
	i := bytes.Index(name, []byte(".$"))
	if i <= 0 {
		return false
	}
	b := make([]byte, 0, len(name)+4)
	b = append(b, name[:i]...)
	b = append(b, "[$"...)
	rest := name[i+2:]
	j := 0
	for j < len(rest) && rest[j] != '.' && rest[j] != '[' {
		j++
	}
	if j == 0 {
		return false
	}
	b = append(b, rest[:j]...)
	b = append(b, ']')
	b = append(b, rest[j:]...)
	return nosqlName(b, path)
}

// nosqlAnyRe: an operator that makes one name match any record, closing
// the name. A list operand (roles[$nin][]=admin) is left out: Feathers and
// other qs-parsing APIs document it as their own query syntax
// (/users?roles[$nin][]=admin); on a credential's name it counts through
// nosqli-credential-operator.
var nosqlAnyRe = regexp.MustCompile(`(?i)^(?:ne|nin|regex|where|exists|not|nor|expr|function|accumulator)\]$`)

// authParams: the credentials a login form or API takes.
var authParams = [...]string{"user", "username", "login", "email", "pass", "password", "passwd", "pwd", "token"}

// authPath: a path that logs in or authenticates.
func authPath(p []byte) bool {
	return containsFold(p, "login") || containsFold(p, "logon") || containsFold(p, "signin") || containsFold(p, "auth") || containsFold(p, "session")
}

var nosqlNameRe = regexp.MustCompile(`(?i)^(?:ne|eq|gt|gte|lt|lte|in|nin|regex|where|exists|or|and|not|nor|expr|type|size|all|elemmatch|mod|text|function|accumulator|jsonschema)\]`)

// ldapRe: a value that closes an LDAP filter and opens another (*)(,
// )(|(, (|(uid=*)), and XPath boolean breakouts (' or name()=).
var ldapRe = regexp.MustCompile(`(?i)` +
	`\*\s*\)\s*\(|\)\s*\(+\s*[|&!]|\)\s*\(\s*[a-z][a-z0-9-]*\s*[~<>]?=|\(\s*\*\s*\)\s*\*|\(\s*[|&!]\s*\(\s*[a-z][a-z0-9-]*\s*[~<>]?=|\*\s*\(\s*\)\s*[|&]` +
	`|\(\s*(?:objectclass|userpassword|uid|cn|mail|samaccountname|sn|givenname|memberof|objectcategory|ou|dc)\s*=\s*\*` +
	`|\*\s*\)+\s*\x00|\*\s*\){2,}\s*$|'\s*or\s+name\s*\(\s*\)\s*=|\bcount\s*\(\s*/child::|/\*\[\d*\]|\]\s*\|\s*//`)

func ldapGate(v []byte) bool {
	return (bytes.IndexByte(v, '(') >= 0 || bytes.IndexByte(v, ')') >= 0) && !typedFilter(v)
}

// typedFilter reports a value that is, or quotes, a whole LDAP filter
// rather than breaking out of one: no quote or NUL, parentheses that
// balance and never close one the value did not open, no leading '*', and
// filter syntax ((&, (|, (! or '=') to be a filter at all (an XPath call
// such as count(/child::node()) is none).
// Someone asking about "(&(objectClass=user)(cn=john))" types that; an
// injection closes the application's own parenthesis (*)(uid=*, admin*)(|
// ...) or opens with a wildcard (*(|(mail=*))).
func typedFilter(v []byte) bool {
	depth := 0
	for _, c := range v {
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				return false
			}
		case '\'', '"', 0:
			return false
		}
	}
	t := bytes.TrimLeft(v, " \t")
	return depth == 0 && len(t) > 0 && t[0] != '*' &&
		(bytes.Contains(v, []byte("(&")) || bytes.Contains(v, []byte("(|")) || bytes.Contains(v, []byte("(!")) || bytes.IndexByte(v, '=') >= 0)
}

// crlfHeaderRe: a line break followed by a response header or a second
// response (HTTP response splitting). A bare line break is what a browser
// sends for a textarea; only a header after it is an attack. The debris
// of a nested escape may sit between them (%%0a0aSet-Cookie: decodes to
// "%\n0aSet-Cookie:", aimed at filters that decode once), but no word.
var crlfHeaderRe = regexp.MustCompile(`(?i)[\r\n](?:\s*|%?[0-9a-f]{1,2})(?:set-cookie|location|content-(?:type|length|disposition|security-policy)|refresh|x-xss-protection|x-forwarded-[a-z]+|x-[a-z]+-[a-z-]+|host|cookie|access-control-[a-z-]+|transfer-encoding|link|http/\d)\s*:?|[\r\n]\s*[\r\n]\s*(?:<|http/)`)

// ssrfRe: a parameter value that is a URL to the server itself: loopback
// and link-local addresses, the numeric and IPv6 spellings of them that
// filters miss, and schemes a server-side fetcher should never be handed
// (gopher://, dict://). Private ranges (10/8, 192.168/16) are left out: an
// intranet site links to its neighbours by address in every page.
var ssrfRe = regexp.MustCompile(`(?i)^(?:\s*(?:` +
	`(?:gopher|dict|sftp|tftp|ldaps?|jar|netdoc|expect|ftp)://` +
	`|(?:localhost|127\.\d+\.\d+\.\d+)(?::\+?\d|/|$)` +
	`|(?:https?:)?//(?:[^/?#@\s]*@)?(?:[a-z0-9.-]+\.)?(?:localhost|127\.\d+(?:\.\d+){0,2}|0+(?:\.0+){0,3}|\[[0:]*(?:1|ffff:[0-9a-f.:]+)?\]|\[::\]|0x7f[0-9a-f.]*|2130706433|017700000001|169\.254\.\d+\.\d+|\d{8,10}|0x[0-9a-f]{6,8}|0[0-7]+\.[0-7.]+|[\p{No}\p{So}][\p{No}\p{So}.]*)\.?(?:[:/?#\\]|$))` +
	`|\d+://[^/?#\s]+[;,]\s*https?://` +
	`|(?:https?:)?//(?:` + ipv6Loopback + `|` + badOctets + `)` +
	`|.*(?:/\d{4}-\d\d-\d\d/runtime/invocation/|aws_lambda_runtime_api))`)

// ssrfProofRe, among the values ssrfRe takes: a loopback host with a port
// (nobody links to a service on the server's own loopback), a loopback
// URL dressed as an allowed host (a fragment, a suffix, userinfo), spelt
// as no link spells it (127.1, 127.127.127.127, 0x7f000001, http://0,
// [::ffff:127.0.0.1]), or a Lambda runtime API. A bare http://localhost/ may still be a developer's
// own link, so it stays with ssrfRe's weaker signature.
var ssrfProofRe = regexp.MustCompile(`(?i)` +
	`^\s*(?:[a-z]+:)?(?://)?(?:[^/?#@\s]*@)?(?:[a-z0-9.-]+\.)?(?:localhost\.?|127\.[\d.]+|\[[0-9a-f:.]*\]|0x7f[0-9a-f.]*|2130706433|0+(?:\.0+){0,3})(?::\+?\d)` +
	`|^\s*(?:https?:)?//(?:localhost|127\.[\d.]+)[^?]*#[a-z0-9-]+\.[a-z]{2,}` +
	`|^\s*(?:https?:)?//[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\.(?:localhost|127\.[\d.]+)(?:[:/?#]|$)` +
	`|^\s*(?:https?:)?//[^/?#@\s]+@(?:localhost|127\.[\d.]+|0+)(?:[:/?#\\]|$)` +
	`|^\s*(?:https?:)?//(?:127\.\d+(?:\.\d+)?|127\.(?:[1-9]\d*\.\d+|\d+\.[1-9]\d*)\.\d+|127\.0\.0\.(?:[02-9]|\d\d+)|0x7f[0-9a-f.]*|0+(?:\.0+){0,3}|\[[0:]*ffff:[0-9a-f.:]+\]|\[0+(?::0+)+:0*1\]|2130706433|017700000001)(?:[:/?#\\]|$)` +
	`|(?:^|[./@])127\.\d+\.\d+\.\d+\.(?:nip\.io|xip\.io|sslip\.io)\b` +
	// loopback followed by the allowed host a filter looks for in the
	// rest of the URL (http://127.0.0.1/?d=example.com, 127.0.0.1%00example.com)
	`|^\s*(?:https?:)?//(?:localhost|127\.[\d.]+)(?:[/?#\x00]|%00)[^\s]*?[a-z0-9-]+\.(?:com|net|org|io|co|tld|gov|edu|info|biz|dev|app)(?:[/?#:]|$)` +
	// a host spelt as one hex, octal or decimal number: no link names a
	// server so, only a filter bypass
	`|^\s*(?:https?:)?//(?:[^/?#@\s]*@)?(?:0x[0-9a-f]{6,8}|\d{8,10}|0[0-7]{2,}\.[0-7.]+)(?:[:/?#\\]|$)` +
	`|/\d{4}-\d\d-\d\d/runtime/invocation/|aws_lambda_runtime_api` +
	// a host spelt in enclosed or circled digits (①②⑦.⓪.⓪.⓪), which
	// URL parsers fold to ASCII digits
	`|^\s*(?:https?:)?//(?:[^/?#@\s]*@)?[\p{No}\p{So}][\p{No}\p{So}.]*(?:[:/?#\\]|$)`)

// redirectObfRe: redirect targets no application builds: backslash
// and tab tricks, scheme without slashes, userinfo before the host,
// numeric hosts, more than two leading slashes.
var redirectObfRe = regexp.MustCompile(`(?i)^\s*(?:` +
	`(?:https?:)?\s*[/\\]*\s*(?:/\\|\\/|\\\\)` +
	`|/{3,}|/+\s+/|https?:\s*[/\\]*\s+[/\\]` +
	`|https?:(?:[^/\\]|/[^/])` +
	`|(?:https?:)?//[^/?#]*@` +
	`|(?:https?:)?//(?:\d{8,10}|0x[0-9a-f]+|0\d*\.\d|\d+\.\d+(?:\.\d+)?(?:[/:?#]|$)|\[::)` +
	`|/+(?:https?:|javascript:)|//[^/?#]*(?:\x{3002}|%)` +
	`|/?\s*<>\s*//|/?[\x{3031}\x{3035}\x{309D}\x{30FC}\x{FF70}][a-z0-9]` +
	`|https?:/{3,}|https?://[^/?#]*[\\&]|https?://[^/]*[#?]@` +
	`|(?:.*[?&])?(?:url|next|redirect|redir|rurl|redirect_uri|return|return_to|dest|destination|continue|goto)=(?://|/\\|\\/|https?:))`)

// protoRelRe: a protocol-relative target (//evil.example), an open redirect
// only in a parameter that takes a redirect target.
var protoRelRe = regexp.MustCompile(`^\s*//[^/]`)

// sessionParams name the session cookies that a link can fix in a
// victim's browser when the application accepts them from the query.
// Generic names (sid, session_id) are left out: sites use them for other
// things in every link.
var sessionParams = []string{"phpsessid", "jsessionid", "asp.net_sessionid", "cfid", "cftoken"}

func isSessionParam(name []byte) bool {
	if len(name) < 3 {
		return false
	}
	if hasPrefixFold(name, "aspsessionid") {
		return true
	}
	for _, p := range sessionParams {
		if equalFold(name, p) {
			return true
		}
	}
	return false
}

// engineSessionID reports a session id of the shape the session engines
// generate: 20-128 characters in one engine alphabet with the spread a
// random id has (rev-sig-s11: "attackerfixedsession1", a digit and
// letters, passed the first version):
//   - hex in one case (PHP 4 bits, Java's 32 digits with an optional
//     ".jvmRoute", a UUID's dashes): a quarter digits or more;
//   - PHP's 5 bits, [0-9a-v] lower case: 2 digits or more, no run of
//     over 14 letters (random: under 2 %; "ghostsessionvictim0001");
//   - PHP's 6 bits, [0-9a-zA-Z,-]: upper, lower case and a digit, the
//     case changing between neighbouring letters a quarter of the time or
//     more (random: half; words and CamelCase: seldom), vowels under 40 %
//     of the letters (random letters: 19 %);
//   - ASP's 24 upper-case letters.
//
// In every alphabet half the characters (or half the alphabet) are
// distinct. Legacy
// sites with session.use_trans_sid put such an id in every link and
// crawlers, which never send a referer, and users' bookmarks carry it back
// to the site: Googlebot was banned at its second page (benign2
// sessid-in-links). A name or word chosen by hand (PHPSESSID=attacker,
// =attackerfixedsession1, =1, =<script>, a CRLF, quotes) does not pass and
// still counts; an attacker who fixes a random-looking id of an engine's
// alphabet is not told apart from such a link (the rule is worth 5).
func engineSessionID(name, val []byte) bool {
	if len(val) < 20 || len(val) > 128 {
		return false
	}
	if i := bytes.IndexByte(val, '.'); i >= 0 { // Java's .jvmRoute
		for _, c := range val[i+1:] {
			if !isLetter(c) && !(c >= '0' && c <= '9') && c != '_' && c != '-' {
				return false
			}
		}
		val = val[:i]
	}
	var seen [128]bool
	n, distinct, digits, lower, upper, vowels, other := 0, 0, 0, 0, 0, 0, 0
	hexLower, hexUpper, b32 := true, true, true
	for _, c := range val {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'z':
			lower++
			hexUpper = false
			hexLower = hexLower && c <= 'f'
			b32 = b32 && c <= 'v'
		case c >= 'A' && c <= 'Z':
			upper++
			hexLower, b32 = false, false
			hexUpper = hexUpper && c <= 'F'
		case c == ',' || c == '-':
			other++
			b32 = false
			continue
		default:
			return false
		}
		n++
		switch c | 0x20 {
		case 'a', 'e', 'i', 'o', 'u':
			vowels++
		}
		if !seen[c] {
			seen[c] = true
			distinct++
		}
	}
	if n < 20 {
		return false
	}
	// spread: half the characters distinct, or half the alphabet
	spread := func(alphabet int) bool { return 2*distinct >= min(n, alphabet) }
	switch {
	case hasPrefixFold(name, "aspsessionid") || equalFold(name, "asp.net_sessionid"):
		return (upper == n || lower == n) && spread(26)
	case hexLower || hexUpper:
		return 4*digits >= n && spread(16)
	case b32 && other == 0:
		return digits >= 2 && longestLetters(val) <= 14 && spread(32)
	}
	// random case: a letter beside a letter changes case about half the
	// time; a word or CamelCase words seldom
	pairs, flips := 0, 0
	for k := 1; k < len(val); k++ {
		a, b := val[k-1], val[k]
		if isLetter(a) && isLetter(b) {
			pairs++
			if (a >= 'a') != (b >= 'a') {
				flips++
			}
		}
	}
	letters := lower + upper
	return upper > 0 && lower > 0 && digits > 0 && 5*vowels < 2*letters && 4*flips >= pairs && spread(64)
}

// longRun reports a run of at least n identical bytes: the filler of a
// buffer overflow (CodeRed's NNNN..., AAAA...).
func longRun(b []byte, n int) bool {
	if len(b) < n {
		return false
	}
	run := 1
	for i := 1; i < len(b); i++ {
		if b[i] == b[i-1] {
			run++
			if run >= n {
				return true
			}
		} else {
			run = 1
		}
	}
	return false
}

// Overflow limits: no site's own path is two kilobytes long (image proxies
// that carry a source URL in the path stay well under), and 200 of the
// same byte in a row is filler, not data.
const (
	overflowPath = 2048
	overflowRun  = 200
)

// sqlContext is what comes before a SQL function in an injection: an
// operator, quote, parenthesis or comma, or a SQL keyword. In prose the
// word before "sleep(" is an ordinary one ("the example with sleep(5)").
const sqlContext = `(?:[(,'"|&+*/;#-]\s*|\b(?:and|or|xor|not|select|where|union|then|else|when|having|by|if|like|rlike|regexp)\s+)`

// tagProbeRe is a value that is one bare tag, as reflection probes send
// ("<p", "\"><body>", "</title>"); text around a tag makes it content.
// Inline formatting tags (<b>, <em>) are what people type into searches.
// A value that opens by closing an attribute and its tag ("><h2>TEST,
// '><b>) is a breakout probe whatever follows: no document starts so.
var tagProbeRe = regexp.MustCompile(`(?i)^\s*['"]?\s*>?\s*<\s*/?\s*(?:[a-z]{3,}|[ac-hj-rtv-z][a-z]?|[a-z]\d)\s*/?\s*>?\s*$` +
	`|^\s*['"\x60]+\s*/?\s*>\s*<\s*/?\s*[a-z]`)

// ltProbe reports whether v is nothing but '<' written as a character
// reference or a JavaScript escape (&#x3c;, &#060, \x3c, \u003c): a probe
// for whether the application decodes it on the way to the page.
func ltProbe(v []byte) bool {
	v = bytes.TrimSpace(v)
	if len(v) < 4 {
		return false
	}
	var hex bool
	switch {
	case v[0] == '&' && v[1] == '#':
		v = v[2:]
		if toLower[v[0]] == 'x' {
			hex, v = true, v[1:]
		}
		v = bytes.TrimSuffix(v, []byte(";"))
	case (v[0] == '\\' || v[0] == '/') && toLower[v[1]] == 'x':
		hex, v = true, v[2:]
	case (v[0] == '\\' || v[0] == '/') && toLower[v[1]] == 'u':
		hex, v = true, v[2:]
	default:
		return false
	}
	v = bytes.TrimLeft(v, "0")
	if hex {
		return len(v) == 2 && v[0] == '3' && toLower[v[1]] == 'c'
	}
	return len(v) == 2 && v[0] == '6' && v[1] == '0'
}

// ssrfSchemeRe: the schemes that make a URL a forgery attempt wherever it
// is sent, even in a redirect parameter, and the disguises of loopback no
// native app's redirect URI (RFC 8252: http://127.0.0.1:port/path) wears:
// an allowed host after a '#', extra slashes or a NUL, userinfo before it;
// or no port at all (a native app listens on an ephemeral port, never on
// 80, which needs root).
var ssrfSchemeRe = regexp.MustCompile(`(?i)^\s*(?:gopher|dict|sftp|tftp|ldaps?|jar|netdoc|expect)://` +
	`|^\s*(?:(?:https?:)?//)?(?:localhost|127\.\d+\.\d+\.\d+|\[[0:]*1?\]|0+(?:\.0+){0,3})(?:[/?#\\]|$)` +
	`|^\s*(?:https?:)?//(?:localhost|127\.[\d.]+)(?::\d+)?(?:/*#|/{2,}|\x00|%00)[a-z0-9-]+\.[a-z]{2,}` +
	`|^\s*(?:https?:)?//[^/?#@\s]+@(?:localhost|127\.[\d.]+)(?:[:/?#\\]|$)` +
	// a service's own port on loopback (80, 443, Redis, memcached, Docker,
	// databases, Elasticsearch, Consul, the kubelet): no native app's
	// redirect URI listens there
	// (a trailing dot, leading zeros and host 0 spell the same: localhost.:6379, :06379, //0:6379)
	`|^\s*(?:https?:)?//(?:localhost\.?|127\.[\d.]+|\[[0:]*1\]|0+(?:\.0+){0,3})` + `:0*(?:\d{1,3}|2375|2376|3306|5432|5984|6379|8500|9200|10250|11211|27017)(?:[/?#\\]|$)` +
	`|^\s*(?:https?:)?//` + ipv6Loopback + `(?:[:/?#\\]|$)` +
	`|^\s*(?:https?:)?//` + badOctets)

// ipv6Loopback: ::1 and ::ffff:127.x.y.z written out in full, with or
// without brackets ([0:0:0:0:0:ffff:127.0.0.1], 0000:...:0001).
const ipv6Loopback = `(?:\[?(?:0{1,4}:){5}ffff:(?:127\.[\d.]+|7f[0-9a-f]{2}:[0-9a-f]{1,4})\]?|\[?(?:0{1,4}:){7}0{0,3}1\]?)`

// badOctets: a dotted address with an octet above 255 (425.510.425.510),
// which some parsers wrap around to an internal address; no link has one.
const badOctets = `(?:\d{1,3}\.){0,3}(?:25[6-9]|2[6-9]\d|[3-9]\d\d)(?:\.\d{1,3}){0,3}(?:[:/?#\\]|$)`

// dotPathAllowed are the dot-directories sites do serve: ACME and other
// well-known URIs, and the auth and build paths of some hosting platforms.
var dotPathAllowed = []string{"well-known/", "auth/", "netlify/", "vite/", "nuxt/", "next/", "svelte-kit/"}

// isDotPath reports a path segment that starts with a dot and a letter,
// digit or '_' (not ".." or "."): a dotfile or dot-directory, which no page
// links to. The allowed directories above are skipped.
func isDotPath(p []byte) bool {
	for off := 0; ; {
		k := bytes.Index(p[off:], slashDot)
		if k < 0 {
			return false
		}
		i := off + k
		off = i + 1
		if i+2 >= len(p) {
			return false
		}
		if c := toLower[p[i+2]]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			continue
		}
		if seg := p[i+1:]; bytes.IndexByte(seg, '/') < 0 && envTemplatePage(seg) {
			continue
		}
		rest, ok := p[i+2:], false
		for _, a := range dotPathAllowed {
			if hasPrefixFold(rest, a) || hasPrefixFold(rest, a[:len(a)-1]) && len(rest) == len(a)-1 {
				ok = true
				break
			}
		}
		if !ok {
			return true
		}
	}
}

var slashDot = []byte("/.")

// envTemplatePage reports a last segment that is a page about a dotenv
// template (/docs/.env.example.html, /guide/.env.sample.md): the document a
// docs site links, which certainSegment already spares as a page; its dot
// is the name it is about, not a dot-directory a sweep asks for. The
// look-alike set target-404 holds it (payloads floor: <= 1 % flagged).
// What a copier gains is nothing: the page is no secret file.
func envTemplatePage(seg []byte) bool {
	var b [64]byte
	if len(seg) > len(b) || !hasPrefixFold(seg, ".env") {
		return false
	}
	l := b[:len(seg)]
	for i, c := range seg {
		l[i] = toLower[c]
	}
	return pageExt(l) && envTemplate(l)
}

// lfiContext is what comes before an absolute file path in an inclusion:
// the start of the text, a parameter's '=', a separator or a quote. In
// prose a space does ("what is /etc/hosts").
const lfiContext = "(?:^|[=/\\\\.:'\"(|;&$\\x60]|file:)"

// tautologyRe: an injection fragment written to follow whatever quote or
// number the application put before it: OR/AND, an always-true or -false
// comparison, then a comment or the end. The comment, or a comparison of
// a name with itself, is what prose lacks ("1 or 2 days").
var tautologyRe = regexp.MustCompile(`(?i)^\s*['"\x60)]*\s*(?:or|and|xor|\|\||&&)\s*\(?\s*(?:` +
	`['"]?(\w+)['"]?\s*(?:=|<>|!=|<|>|\blike\b)\s*['"]?\w+['"]?\s*\)?\s*(?:--|#|/\*|;|%00)` +
	`|(?:true|false|not\s+\w+|\d+)\s*\)?\s*(?:--|#|/\*|;)` +
	`|['"]?\w+['"]?\s*(?:=|<>|!=|<|>)\s*['"]?\w+['"]?\s*\)?\s*$)`)

// loopbackRedirectParams take a redirect target that native apps point at
// a loopback port (RFC 8252), so loopback URLs in them are no forgery.
var loopbackRedirectParams = []string{"redirect_uri", "redirect_url", "redirecturl", "callback", "callback_url", "return_to", "returnto", "return_url", "returnurl", "next"}

func isLoopbackRedirectParam(name []byte) bool {
	for _, p := range loopbackRedirectParams {
		if equalFold(name, p) {
			return true
		}
	}
	return false
}

// onlyLineBreaks: a value of nothing but CR/LF (at least one CR and two
// breaks), the bare probe of a response-splitting scan; a textarea's
// line breaks come with text.
func onlyLineBreaks(v []byte) bool {
	n, cr := 0, false
	for _, c := range v {
		switch c {
		case '\r':
			cr = true
			n++
		case '\n':
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return cr && n >= 2
}

// splitSchemeRe: "javascript:" with line breaks, tabs or other junk between
// its letters, which browsers drop (java%0d%0ascript:alert(0)); the plain
// spelling is xss-javascript-uri's.
var splitSchemeRe = regexp.MustCompile(`(?i)^\s*\W*j\W*a\W*v\W*a\W*s\W*c\W*r\W*i\W*p\W*t\W*:`)

func isSplitScheme(v []byte) bool { return splitSchemeRe.Match(v) && !containsFold(v, "javascript:") }

// nosqlGate: the bytes NoSQL payloads cannot do without: an operator's
// '$', the JavaScript of a $where ("==", "||", return, this., db.), a
// match-anything regex literal (/.*/), or a quote closed into && at the
// value's start (quoteAnd).
func nosqlGate(v []byte) bool {
	return bytes.IndexByte(v, '$') >= 0 || bytes.Contains(v, []byte("==")) || bytes.Contains(v, []byte("||")) || quoteAnd(v) ||
		containsFold(v, "return") || containsFold(v, "this.") || containsFold(v, "db.") || containsFold(v, "sleep(") || containsFold(v, "while") ||
		bytes.Contains(v, []byte("/.*/")) || bytes.Contains(v, []byte("/.+/")) || bytes.Contains(v, []byte("/^"))
}

// quoteAnd reports a value that opens with a quote closed into a
// JavaScript AND ('&&1//, ' && true //): nosqlRe's breakout alternative
// for && could not run before, as the gate let no value with && and
// without == or || through (review s12 item 9). A value that is only a
// quoted phrase ("&& true", a code search for the exact text) is not one:
// its quote opens a string, not closes one; but one whose inside ends in
// && again ("&&true&&") is the breakout written for both ends of the
// application's string, like '||1||'.
func quoteAnd(v []byte) bool {
	v = bytes.TrimLeft(v, " \t")
	if len(v) < 3 || v[0] != '\'' && v[0] != '"' {
		return false
	}
	q := v[0]
	if rest := bytes.TrimLeft(v[1:], " \t"); !bytes.HasPrefix(rest, []byte("&&")) {
		return false
	}
	t := bytes.TrimRight(v, " \t")
	if len(t) > 1 && t[len(t)-1] == q && bytes.Count(t, []byte{q}) == 2 {
		return bytes.HasSuffix(bytes.TrimRight(t[:len(t)-1], " \t"), []byte("&&"))
	}
	return true
}

// tautologyGate: the value opens with OR/AND/XOR/||/&& after quotes or
// parentheses, as tautologyRe needs.
func tautologyGate(v []byte) bool {
	i := 0
	for i < len(v) && (v[i] == ' ' || v[i] == '\t' || v[i] == '\'' || v[i] == '"' || v[i] == '`' || v[i] == ')') {
		i++
	}
	v = v[i:]
	return hasPrefixFold(v, "or") || hasPrefixFold(v, "and") || hasPrefixFold(v, "xor") ||
		bytes.HasPrefix(v, []byte("||")) || bytes.HasPrefix(v, []byte("&&"))
}

// shellcodeLike reports a raw path carrying machine code rather than text:
// eight or more control bytes, or sixteen or more bytes above 0x7F that
// are not valid UTF-8 (browsers percent-encode both; the WebDAV SEARCH
// overflow sends \x90\x02\xb1... raw, and logs may keep only its start).
func shellcodeLike(raw []byte) bool {
	ctl, high := 0, 0
	for _, c := range raw {
		switch {
		case c < 0x20:
			ctl++
		case c >= 0x80:
			high++
		}
	}
	return ctl >= 8 || high >= 16 && !utf8.Valid(raw)
}

// entityRef reports a value that is nothing but one entity reference,
// &name; or %name; (spaces around it allowed), whose name is not one of
// HTML's named characters: what an XXE probe sends to see whether the
// parser expands the entities it declared (the name is the payload's
// choice, so no list of names is kept). %name; is XML's parameter entity
// and never HTML, also written &#x25;name;.
func entityRef(v []byte) bool {
	v = bytes.TrimSpace(v)
	if len(v) < 3 {
		return false
	}
	if v[0] != '&' && v[0] != '%' || v[len(v)-1] != ';' {
		return markupEntityRef(v)
	}
	if refs, ok := entityRefRun(v); ok {
		return refs
	}
	// a parameter entity whose '%' is a character reference (&#x25;dtd;,
	// &#37;dtd;), as payloads write it inside an entity's value
	// (leading zeros allowed: &#x0025;, &#037;)
	if len(v) > 2 && v[1] == '#' {
		d, hex := v[2:], false
		if d[0] == 'x' || d[0] == 'X' {
			d, hex = d[1:], true
		}
		for len(d) > 0 && d[0] == '0' {
			d = d[1:]
		}
		if hex && hasPrefixFold(d, "25;") || !hex && hasPrefixFold(d, "37;") {
			if len(d) > 4 {
				return entityName('%', d[3:len(d)-1])
			}
		}
	}
	return entityName(v[0], v[1:len(v)-1])
}

// entityRefRun reads a value of two or more references in a row
// (%eval;%exfil;, &a; &b;): the second half of a blind XXE, whose
// parameter entities declare and then send the file. ok says v is such a
// run; refs, that one of its names is no HTML named character (every
// %name; counts: HTML has none). A single reference is entityRef's
// own case.
func entityRefRun(v []byte) (refs, ok bool) {
	n := 0
	for len(v) > 0 {
		v = bytes.TrimLeft(v, " \t")
		if len(v) == 0 {
			break
		}
		if v[0] != '&' && v[0] != '%' {
			return false, false
		}
		j := bytes.IndexByte(v[:min(len(v), 34)], ';')
		if j < 2 || v[0] == '%' && j < 3 {
			// %d; %s; a printf format's conversions, one letter each (a
			// translation's value=%d;%s;), are no parameter entities
			// (review rev-sig s15 MEDIUM-3 on 48881ab)
			return false, false
		}
		for _, c := range v[1:j] {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
				return false, false
			}
		}
		refs = refs || entityName(v[0], v[1:j])
		v, n = v[j+1:], n+1
	}
	return refs, n >= 2
}

// markupEntityRef reports XML markup that refers to an entity of its own
// (<foo>&xxe;</foo>, <r>Hello &bar;</r>, and in a DTD's text a parameter
// entity: %dtd;]>): without a DTD that declares it
// such a document is not even well-formed, so the reference is the half of
// an XXE payload whose declaration comes elsewhere; HTML's named
// characters and numeric references do not count.
func markupEntityRef(v []byte) bool {
	if bytes.IndexByte(v, ';') < 0 || bytes.IndexByte(v, '>') < 0 || bytes.IndexByte(v, '<') < 0 && !bytes.Contains(v, []byte("]>")) {
		return false
	}
	dtd := bytes.Contains(v, []byte("<!"))
	for off := 0; off < len(v); off++ {
		c := v[off]
		if c != '&' && c != '%' {
			continue
		}
		// A name is at most 32 bytes: look for its ';' that far only, so
		// a value of many '&' costs linear time, not quadratic.
		w := v[off:min(len(v), off+34)]
		j := bytes.IndexByte(w, ';')
		if j < 0 {
			continue
		}
		// A parameter entity counts inside a DTD (<!ENTITY ... %x;) or
		// as the reference that closes its internal subset (%dtd;]>).
		if c == '%' && !dtd && !bytes.HasPrefix(bytes.TrimLeft(v[off+j+1:], " \t\r\n"), []byte("]>")) {
			continue
		}
		if entityName(c, v[off+1:off+j]) {
			return true
		}
	}
	return false
}

// entityName reports an entity name, after '&' or '%', that is not one of
// HTML's named characters.
func entityName(sigil byte, name []byte) bool {
	name = bytes.TrimSpace(name)
	if len(name) == 0 || len(name) > 32 || !(name[0] >= 'a' && name[0] <= 'z' || name[0] >= 'A' && name[0] <= 'Z' || name[0] == '_') {
		return false
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	if sigil == '%' {
		return true
	}
	var buf [32]byte
	_, html := htmlEntityNames[string(lowerASCII(buf[:0], name))]
	return !html && !htmlEntityRe.Match(name)
}

// pathRedirect reports a raw request path that opens with a second slash
// written as a backslash or an escape, or with three slashes, and then a
// host (/%5cevil.example/, /\evil.example, /%2f%2fevil.example,
// ///evil.example, /\/1.2.3.4): a server that redirects to a path it was
// given, or adds a trailing slash, sends the browser to that host. A
// plain //host is left alone: crawlers that join protocol-relative links
// badly send it.
func pathRedirect(raw []byte) bool {
	if len(raw) < 5 || raw[0] != '/' {
		return false
	}
	t, odd, slashes := raw[1:], false, 1
	for {
		switch {
		case len(t) > 0 && t[0] == '/':
			t, slashes = t[1:], slashes+1
			continue
		case len(t) > 0 && t[0] == '\\':
			if len(t) > 3 && (t[1] == 'x' || t[1] == 'X') && t[2] == '5' && toLower[t[3]] == 'c' {
				t = t[4:] // a log's \x5C
			} else {
				t = t[1:]
			}
			odd = true
			continue
		case len(t) > 2 && t[0] == '%' && (t[1] == '5' && toLower[t[2]] == 'c' || t[1] == '2' && toLower[t[2]] == 'f'):
			t, odd = t[3:], true
			continue
		case len(t) > 4 && t[0] == '%' && t[1] == '2' && t[2] == '5' && (t[3] == '5' && toLower[t[4]] == 'c' || t[3] == '2' && toLower[t[4]] == 'f'):
			t, odd = t[5:], true
			continue
		case len(t) > 5 && t[0] == '%' && toLower[t[1]] == 'c' && t[2] == '0' && t[3] == '%' && toLower[t[4]] == 'a' && toLower[t[5]] == 'f':
			t, odd = t[6:], true // overlong UTF-8 for '/' (%C0%AF), which lax decoders read as one
			continue
		case len(t) > 2 && t[0] == '%' && t[1] == '0' && t[2] == '9': // a tab browsers drop
			t = t[3:]
			continue
		}
		break
	}
	if !odd && slashes < 3 {
		return false
	}
	if !redirectHost(t) {
		return false
	}
	// Three plain slashes and then a host and a file (///cdn.example.com/app.js)
	// are a crawler that joined a protocol-relative link to the root; a
	// redirect probe ends at the host (///evil.example/, ///evil.example?x)
	// or a page (///evil.example/login). Four slashes no crawler writes.
	return odd || slashes >= 4 || bareHostRest(t) || !hostThenFile(t)
}

// hostThenFile reports t, which opens with a host, going on to a file
// name with one of fileExts' extensions (cdn.example.com/js/app.js).
func hostThenFile(t []byte) bool {
	if i := bytes.IndexAny(t, "?#"); i >= 0 {
		t = t[:i]
	}
	slash := bytes.LastIndexByte(t, '/')
	if slash < 0 {
		return false
	}
	name := t[slash+1:]
	dot := bytes.LastIndexByte(name, '.')
	if dot < 0 {
		return false
	}
	for _, ext := range fileExts {
		if equalFold(name[dot+1:], ext) {
			return true
		}
	}
	return false
}

// bareHostRest reports t, which opens with a host, ending there: nothing
// after it but '/', a query, a fragment, a user's '@' or an escape.
func bareHostRest(t []byte) bool {
	i := 0
	for i < len(t) && bytes.IndexByte([]byte("/?#@:%\\"), t[i]) < 0 {
		i++
	}
	r := t[i:]
	for len(r) > 0 && r[0] == '/' {
		r = r[1:]
	}
	return len(r) == 0 || r[0] == '?' || r[0] == '#' || r[0] == '%' || t[i] == '@' || t[i] == ':'
}

// redirectHost reports t opening with a host: dot-separated labels, the
// last one letters (not a file extension: ///index.php is a path), an IDN
// (xn--...) or a number (an IPv4 address), then the end or one of
// / ? # @ : % \. Browsers also take a user before '@' (///user@evil.example),
// a trailing dot (///evil.example./), a dot written %2E and a whole IPv4
// address as one decimal number (///2130706433/).
func redirectHost(t []byte) bool {
	if at := bytes.IndexByte(t, '@'); at > 0 && bytes.IndexAny(t[:at], "/?#\\") < 0 {
		t = t[at+1:]
	}
	n, dots, last, prev := 0, 0, 0, 0 // last: where the last label starts; prev: the one before
	for n < len(t) {
		c, w := toLower[t[n]], 1
		if c == '%' && n+2 < len(t) && t[n+1] == '2' && toLower[t[n+2]] == 'e' {
			c, w = '.', 3
		}
		if c == '.' {
			if n == last {
				return false
			}
			dots, prev, last = dots+1, last, n+w
		} else if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			break
		}
		n += w
	}
	if n < len(t) && bytes.IndexByte([]byte("/?#@:%\\"), t[n]) < 0 {
		return false
	}
	if dots == 0 {
		return n >= 8 && n <= 10 && isDigits(t[:n]) // 2130706433
	}
	tld := t[last:n]
	if len(tld) == 0 { // a trailing dot: the label before it
		if dots < 2 {
			return false
		}
		tld = t[prev : last-1]
		if last >= 3 && t[last-3] == '%' { // the dot was %2E
			tld = t[prev : last-3]
		}
	}
	if isDigits(tld) {
		return len(tld) <= 3
	}
	if len(tld) > 4 && equalFold(tld[:4], "xn--") {
		return true
	}
	if len(tld) < 2 || len(tld) > 12 || !isLetters(tld) {
		return false
	}
	for _, ext := range fileExts {
		if equalFold(tld, ext) {
			return false
		}
	}
	return true
}

// fileExts end file names that a path of three slashes may carry.
var fileExts = [...]string{"php", "html", "htm", "asp", "aspx", "jsp", "xml", "json", "js", "css", "txt", "cgi", "pl", "png", "jpg", "gif", "ico", "svg", "pdf", "zip", "gz", "env", "ini", "bak", "sql", "log", "cfm", "do", "action", "jpeg", "webp", "woff", "woff2", "ttf", "map", "mjs", "docx", "xlsx", "rss", "webmanifest", "axd", "mp4", "csv"}

func isDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

func isLetters(b []byte) bool {
	for _, c := range b {
		if c := toLower[c]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// htmlEntityRe: HTML's named characters a value may be (a search for
// "&nbsp;", a form that double-escaped an ampersand).
var htmlEntityRe = regexp.MustCompile(`(?i)^(?:amp|lt|gt|quot|apos|nbsp|copy|reg|trade|hellip|[mn]dash|[lr][sd]quo|euro|pound|yen|cent|sect|para|deg|times|divide|middot|bull|laquo|raquo|shy|szlig|eth|thorn|aelig|oelig|hearts|spades|clubs|diams|larr|rarr|uarr|darr|harr|[a-z](?:uml|acute|grave|circ|tilde|ring|cedil|slash))$`)

// longestLetters is the longest run of letters in b.
func longestLetters(b []byte) (longest int) {
	run := 0
	for _, c := range b {
		if isLetter(c) {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}
