package patterns

import "strings"

// def is one built-in signature. A signature fires when one of its literals
// is found in its field at the allowed position and, if set, re confirms on
// that field's normalised text, not matches it, and need holds; or, for
// signatures with a check, when that check says so.
//
// Weights follow the default escalation, which bans at 10 points within 10
// minutes: 10 is reserved for unambiguous attacks (one hit bans), 5 for
// probes no legitimate client sends but that do no harm alone (two hits
// ban), 2-3 for weak hints that only add up with others.
type def struct {
	id    string
	cat   Category
	w     int
	field Field // documented field
	desc  string

	// Literals (lower case, at least minLit bytes) searched for in the
	// normalised path, whole query, user agent, or in all four fields
	// (any: path, query, user agent and referer). A literal starting with
	// '^' must start its field, whatever pos says. The user agent and
	// referer are scanned at every other byte, which needs literals of at
	// least minLitStride2 bytes there: shorter "any" literals are only
	// searched in the path and query, and each "any" signature carries a
	// longer alternative for the other two fields.
	path, query, ua, any string // '|'-separated lists
	pos                  pos

	re   string // confirming regex, case-insensitive, on the field the literal hit
	not  string // rejecting regex on the same text
	need *need  // another field must contain a literal

	check check // a custom check instead of literals

	// fallback: skip this signature when one of its category already
	// matched the request (it only adds coverage, and its regex is dear).
	fallback bool

	// prose: the hit does not count when every occurrence of the
	// signature's query literals is a mention in prose (prose.go);
	// proseNot lists the literals that never are.
	prose    proseKind
	proseNot string

	// spare: a product's own request that the hit names (Nagios's
	// cmd.cgi, Jenkins' configure validators): the hit does not count.
	// It reads the path and query alone, which a memo may remember.
	spare spare

	// only: what the answer must be for a hit to count (OnlyMissed: a
	// 404, 410, 444; OnlyBare: and no query string; see miss.go): a name
	// that is a probe only where the site does not serve it.
	only Only

	// method: the request's method, or the ?_method= override WordPress
	// honours (methodIs), must be this one (upper case) for the hit to
	// count: an exploit's route that the product's own clients and
	// crawlers also ask with another method (cve-wp-plugin-route-miss).
	method string
}

// need requires the normalised text of another field to contain lit.
type need struct {
	field Field
	lit   string
}

// check names a custom check the matcher runs itself.
type check uint8

const (
	chkNone              check = iota
	chkSQLi                    // libinjection SQLi on each parameter value
	chkXSS                     // libinjection XSS on each parameter value and the path
	chkTraversal               // ../ segments in the path or a parameter value
	chkTraversalDeep           // the deep variant, reported instead of chkTraversal
	chkNullByte                // encoded NUL in the path or query
	chkCmd                     // shell metacharacter followed by a command in a parameter value
	chkRFI                     // parameter value is a remote URL cut off by '?'
	chkWebshellParam           // cmd=/exec= parameter carrying a shell command
	chkEncodedQmark            // decoded path ends with '?'
	chkOpenProxy               // CONNECT or absolute-form request target
	chkBackupFile              // top-level backup archive or SQL dump
	chkBackupFileMiss          // top-level archive named as a site's download may be, counted on a miss
	chkDBFile                  // top-level database file
	chkTopLog                  // top-level .log file
	chkSSTI                    // template expression that computes or reaches the runtime
	chkNoSQL                   // MongoDB operator or server-side JavaScript in a parameter
	chkLDAP                    // LDAP filter or XPath breakout in a parameter
	chkCRLF                    // line break followed by a header, in the path or a parameter
	chkSSRF                    // parameter URL to loopback, private or link-local addresses
	chkRedirect                // obfuscated redirect target in a parameter
	chkSession                 // session id set through the query
	chkOverflow                // overflow-length path or filler run
	chkXSSProbe                // a bare HTML tag as a parameter value
	chkDotPath                 // a dot segment other than /.well-known/
	chkTautology               // a value that is an OR/AND tautology fragment ending in a comment
	chkSSRFProof               // a loopback URL with a port or an allow-list disguise in a parameter
	chkXSSUA                   // script in a user agent that is no product token
	chkXSSReferer              // script in a referer that is no URL, or a quote broken out into a handler
	chkPathRedirect            // a raw path that opens with a second slash or a backslash, then a host
	chkEntityRef               // a parameter value that is nothing but an XML entity reference
	chkPathParamEmpty          // a path segment ended by an empty path parameter (/api;/config)
	chkSecretExt               // a file whose extension or copy shape is a data store's, a dump's or a source copy's
	chkSQLiUA                  // a time-based or UNION SQL injection form in the user agent
	chkSQLiReferer             // the same in the referer
	chkDebugMethod             // the TRACK or DEBUG method
	chkSmuggleMethod           // an ordinary method glued to a smuggling probe's left-over bytes (GPOST)
	chkConfluenceVars          // a POST to Confluence's page-variables actions without a Referer (CVE-2021-26084)
	chkConfluencePayload       // CVE-2021-26084's OGNL in the query of those actions
	chkTomcatSessionPut        // a PUT of a *.session file (Tomcat partial PUT, CVE-2025-24813)
	chkCyberPanelMethod        // CyberPanel's status views asked with PUT, OPTIONS ... (CVE-2024-51567, CVE-2024-51378)
	chkTokenFileCred           // a data file whose name's words name credentials or keys (passwords.txt)
	chkTokenFileData           // a data file whose name's words name a backup, a dump or a list of accounts
	chkTomcatSessionDeep       // a PUT of a *.session file two directories down or more (sync clients' trees)
	chkCleoSyncPost            // a POST to Cleo's /Synchronization (CVE-2024-50623, CVE-2024-55956)
	chkCertainName             // a name with no innocent reading: a credential store, a key store, infrastructure state, a debugging endpoint
)

// fileParam names a parameter that carries a file name (file, ffile,
// filename, fname, fn, f, name).
const fileParam = `(?:[a-z_-]*file[a-z_-]*|fn|fname|f|name)`

// words splits a '|'-separated literal list.
func words(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}

// catalogue is the built-in signature list. Ids are stable: policies
// disable them by id.
var catalogue = []def{
	// --- SQL injection -------------------------------------------------
	{id: "sqli-libinjection", cat: SQLi, w: 10, field: FieldQuery, check: chkSQLi,
		desc: "a query parameter value parses as SQL injection (libinjection, after decoding); CKAN's DataStore SQL API (datastore_search_sql?sql=) holding one plain SELECT over quoted resource ids, with aggregate functions alone and no comment, semicolon or INTO, does not count"},
	{id: "sqli-tautology", cat: SQLi, w: 10, field: FieldQuery, check: chkTautology,
		desc: "a value that is an OR/AND condition meant to follow a closed quote (' or 1=1--, or x=x#, and true--): a comparison or boolean, then a comment or the end"},
	{id: "sqli-union-select", cat: SQLi, w: 10, field: FieldURI,
		path: "union", query: "union",
		re:   `\bunion(?:\s|/\*.*?\*/|\()+(?:all|distinct)?(?:\s|/\*.*?\*/|\()*select(?:\s|/\*.*?\*/|\()*(?:[\d(@*'"\x60-]|null\b|\s$|[a-z_][\w.$]*\s*(?:[,(]|\bfrom\b|--|#|/\*|$))`,
		desc: "UNION [ALL] SELECT followed by a column list in the path or query (a search for \"union select\" does not count)"},
	{id: "sqli-file-access", cat: SQLi, w: 10, field: FieldQuery,
		query: "load_file|outfile|dumpfile|xp_cmdshell|utl_http|utl_inaddr|sp_oacreate",
		re:    `load_file\s*\(|into\s+(?:out|dump)file\b|xp_cmdshell|utl_(?:http|inaddr)\.|sp_oacreate`,
		desc:  "SQL that reads or writes server files or runs commands (LOAD_FILE, INTO OUTFILE, xp_cmdshell)"},
	{id: "sqli-blind-function", cat: SQLi, w: 5, field: FieldQuery,
		query: "sleep|benchmark|waitfor|dbms_pipe|extractvalue|updatexml|randomblob",
		re:    sqlContext + `(?:(?:pg_)?sleep\s*\(\s*\d|benchmark\s*\(\s*\d|extractvalue\s*\(|updatexml\s*\(|randomblob\s*\()|waitfor\s+delay\s*['"]|dbms_pipe\.receive_message|\b(?:pg_)?sleep\s*\(\s*\d+\s*\)\s*(?:#|--|/\*|;)`,
		desc:  "time-based or error-based blind SQL injection functions (SLEEP(n), BENCHMARK, WAITFOR DELAY '...', EXTRACTVALUE) after SQL syntax, not in prose"},
	{id: "sqli-cms-table", cat: SQLi, w: 5, field: FieldQuery,
		query: "_users|_usermeta|_options|_members|_admin",
		re:    `\b(?:from|join|into|update|table)(?:\s|/\*.*?\*/|[\x60"\[(])+(?:\w+\.)?[a-z0-9]+_(?:users|usermeta|options|members|admins?)[\x60"\])]*(?:\s*$|\s*(?:[;,)#]|--|/\*)|\s+(?:where|limit|order|group|set|values|union|join|on|as|left|inner|into)\b|/\*)`,
		desc:  "a CMS's user or settings table behind a prefix named after FROM, JOIN, INTO or UPDATE (select * from wp_users, join jos_users, update xf_user_options): what a plugin's SQL injection reads the password hashes from, ended as SQL (the value's end, a comment, ';', WHERE ...); a developer's search for \"select * from users\" or \"how to delete from wp_options autoload\" does not count; two are needed"},
	{id: "sqli-schema-probe", cat: SQLi, w: 5, field: FieldQuery,
		query: "information_schema|sysobjects|sqlite_master|pg_catalog|mysql.user|@@version",
		desc:  "SQL catalogue names in the query (information_schema, sqlite_master, @@version)"},
	{id: "sqli-probe-function", cat: SQLi, w: 2, field: FieldQuery,
		query: "substr|hex(|md5(|sha1|upper|lower|char|chr(|concat|ascii|sleep|benchmark|distinct|null",
		re:    sqlContext + `(?:substr(?:ing)?|hex|md5|sha1|upper|lower|char|chr|concat(?:_ws)?|ascii|sleep|benchmark|distinct)\s*\(|(?:substr(?:ing)?|hex|md5|sha1|upper|lower|char|chr|concat(?:_ws)?|ascii|sleep|benchmark|distinct)\s*\(\s*$|\bnull\s*,\s*null\b`,
		desc:  "SQL function calls used to probe for injection (CHAR(, SUBSTR(, MD5(, NULL,NULL) after SQL syntax; weak alone"},

	// --- Cross-site scripting --------------------------------------------
	{id: "xss-libinjection", cat: XSS, w: 10, field: FieldURI, check: chkXSS,
		desc: "a query parameter value or the path parses as cross-site scripting (libinjection, after decoding); inert drawing markup behind a data: URI's header in the path (a crawler's unresolved url(data:image/svg+xml,<svg xmlns=...>)) does not count, any handler, script, link, animation or style there does; nor a LogQL query= on /loki/api/v1/ whose markup is all inside its string literals ({job=\"nginx\"} |~ \"(?i)<script>\": an operator's hunt in its own logs)"},
	{id: "xss-active-tag", cat: XSS, w: 3, field: FieldURI,
		query: xssActiveLits, path: xssActiveLits,
		re: `(?:<|&lt;|&#0*60;|&#x0*3c;)\s*/?\s*(?:[a-z]+:)?(?:script|i?frame(?:set)?|object|embed|applet|meta|base|isindex|xss)\b` +
			// attributes that load code or data into the page: IE data
			// binding, dynsrc/lowsrc, SVG's xlink:href, conditional expr=,
			// a style that fetches (url(, behavior, binding), runs
			// (expression) or hides itself in CSS escapes
			`|<\s*[a-z][^>]*?[\s/"'](?:datasrc|datafld|dataformatas|dynsrc|lowsrc|expr|xlink:href)\s*=` +
			`|<\s*[a-z][^>]*?[\s/"']style\s*=[^>]*?(?:url\s*\(|behaviou?r\s*:|-moz-binding|expression|\\0*[0-9a-f]{2})` +
			`|<\s*(?:layer|ilayer|bgsound|xml)\b[^>]*\ssrc\s*=|<\s*link\b[^>]*\brel\s*=\s*["']?stylesheet`,
		prose: proseTags,
		desc:  "an element that loads or runs script by itself (<script, <iframe, <object, <embed, <base, <x:script, also as &lt;script), or an attribute that loads code or data into the page (datasrc=, dynsrc=, xlink:href=, a style with url( or behavior:, <layer src=, a remote stylesheet) in the path or query; inert markup (<b>, <a href>, an XML document) and a bare tag followed by prose alone (\"<script> tag defer vs async\") do not count; nor a LogQL query= on /loki/api/v1/ whose markup is all inside its string literals ({job=\"nginx\"} |~ \"(?i)<script>\": an operator's hunt in its own logs)"},
	{id: "xss-tag-probe", cat: XSS, w: 3, field: FieldAny, check: chkXSSProbe,
		desc: "a parameter value, the path's tail or a user agent or referer out of shape that is nothing but an HTML tag (<p, <body>, \"><img, </div>): a probe for reflection; weak alone"},
	{id: "xss-event-handler", cat: XSS, w: 5, field: FieldURI,
		query: xssHandlerLits, path: xssHandlerLits,
		re:   `[^&?\w]on(?:error|load|mouseover|mouseenter|focus|blur|click|toggle|begin|animationstart|pointerover|change|input|start|finish|resize|scroll|wheel|beforeprint)\s*=`,
		desc: "an HTML event handler attribute (onerror=, onload= ...) inside a query value or the path"},
	{id: "xss-javascript-uri", cat: XSS, w: 4, field: FieldURI,
		query: "javascript|vbscript|livescript|data:text/html", path: "javascript|vbscript|livescript|data:text/html", ua: "javascript|vbscript|livescript|data:text/html",
		re:   `(?:java|vb|live)script\s*:\s*(?:[a-z_$][\w$]*\s*[(.=\[\x60:;]|[/'"\x60%{(\[!+~-]|\d)|data:text/html`,
		desc: "a javascript:, vbscript: or data:text/html URI in the path, the query or the user agent, its body code (javascript:alert(1), javascript://%0a, vbscript:msgbox ...); a title such as \"JavaScript: The Good Parts\" does not count"},
	{id: "xss-js-call", cat: XSS, w: 2, field: FieldURI,
		query: xssCallLits, path: xssCallLits,
		re:   "(?:[;'\"<>({}+*/|,-]|script:)\\s*(?:alert|prompt|confirm|eval|atob)\\s*[(\x60]|document\\.(?:cookie|domain)\\s*[;)+,]|fromcharcode\\s*\\(",
		desc: "JavaScript calls XSS probes use (';alert(, \"-prompt(, document.cookie)) right after a breakout, in the path or query; a search for alert() does not count; weak alone"},

	{id: "xss-proof-call", cat: XSS, w: 10, field: FieldURI,
		path: xssProofLits, query: xssProofLits,
		re:   "(?:alert|prompt|confirm)\\s*[(\x60]\\s*['\"]?\\s*document\\.(?:domain|cookie)|(?:java|vb)script\\s*:[^&]{0,40}?(?:alert|prompt|confirm)\\s*[(\x60]|['\"]\\s*[;)+-]+\\s*(?:alert|prompt|confirm)\\s*[(\x60]",
		desc: "a script call that only a cross-site scripting proof sends: alert(document.domain), prompt`document.cookie`, javascript:alert(, or a quote broken out of a string into ';alert( / \"-confirm("},

	{id: "xss-obfuscated-call", cat: XSS, w: 10, field: FieldURI,
		query: xssObfLits, path: xssObfLits,
		re:   xssObfRe,
		desc: "script spelt to slip past filters: al\\u0065rt(, alert&lpar;1&rpar;, (alert)(1), [1].find(alert), alert`1`, &{alert(1)}, eval(location.hash ...) and other code taken from the URL, a script: scheme split by a tab or its character reference, a tag split by another (<scr<script>ipt>), markup in UTF-7 (+ADw-script+AD4-), a CSS expression( after a property"},
	{id: "xss-function-alias", cat: XSS, w: 10, field: FieldURI,
		query: "=alert|=eval|=prompt|=confirm|= alert|= eval|= prompt|= confirm", path: "=alert|=eval|=prompt|=confirm|= alert|= eval|= prompt|= confirm",
		// The alias must be called as only a proof calls it: with another
		// alias called inside (a(b(16))), after a quote or bracket broken
		// out of (';a=alert;a(), or with a proof's argument (a(1),
		// a(document.domain)). A call alone is code in a search box or a
		// field list (?q=var geval = eval; geval(src), ?fields=prompt,response(text)).
		re:   `(?:^|[;,{(\]'"\s=&>])[a-z_$][\w$]*\s*=\s*(?:alert|prompt|confirm|eval)\s*[;,]\s*[a-z_$][\w$]*\s*=\s*(?:alert|prompt|confirm|eval)\s*[;,]\s*[a-z_$][\w$]*\s*\(\s*[a-z_$][\w$]*\s*\(|['"\x60\]}>]\s*[;,]?\s*[a-z_$][\w$]*\s*=\s*(?:alert|prompt|confirm|eval)\s*[;,]\s*[a-z_$][\w$]*\s*\(|(?:^|[;,{(\]'"\s=&])[a-z_$][\w$]*\s*=\s*(?:alert|prompt|confirm|eval)\s*[;,]\s*[a-z_$][\w$]*\s*\(\s*(?:\d+|document\.(?:domain|cookie))\s*\)`,
		desc: "a script that names alert, prompt, confirm or eval under another name and calls it as a proof does (];a=eval;b=alert;a(b(16));//, ';a=alert,a(1), a=alert,a(1), a=prompt;a(document.domain)), so that a filter looking for alert( does not see it: one alias called with the other, after a quote or bracket broken out of, or with a proof's argument. Code in a search box (?q=var geval = eval; geval(src)) and field lists (?fields=prompt,response(text)) do not count"},
	{id: "xss-indirect-call", cat: XSS, w: 5, field: FieldURI,
		query: "top[|window[|self[|parent[|frames[|globalthis[", path: "top[|window[|self[|parent[|frames[|globalthis[",
		re:   `\b(?:top|window|self|parent|frames|globalthis)\s*\[\s*(?:['"/]|\d)[^\]]{0,60}\]\s*\(`,
		desc: "a function called through a computed name on the window (top['al'+'ert'](1), self[/al/.source+...](1)) in the path or query; code questions in a search box are possible, so two are needed"},

	{id: "xss-user-agent", cat: XSS, w: 10, field: FieldUA, check: chkXSSUA,
		ua:   "alert|prompt(|prompt`|confirm(|confirm`|onerror|onload|onmouse|onfocus|onclick|ontoggle|onbegin|onanimation|onpointer|onreadystate|javascript|vbscript|<script|<svg |<svg/|<img |<img/|<iframe|<body|document.|fromcharcode",
		re:   "(?:alert|prompt|confirm)\\s*(?:[(\x60]|&lpar;|&#x0*28|&#0*40)|\\bon(?:error|load|mouse[a-z]+|focus|click|toggle|begin|animation[a-z]+|pointer[a-z]+|readystatechange)\\s*/?\\s*=|(?:java|vb)script\\s*:|<\\s*/?\\s*(?:script|svg|img|iframe|body)\\b|document\\.(?:cookie|domain|write)|fromcharcode\\s*\\(",
		desc: "script, markup or an event handler in the user agent (\"onmouseover=alert(1)//, <script>, javascript:; in an agent that is no product token also (alert)(1), [1].find(alert), +ADw-script, expression( and the rest of xss-obfuscated-call), which no browser or bot sends: a probe for a log viewer or admin page that shows user agents unescaped"},
	{id: "xss-referer", cat: XSS, w: 10, field: FieldReferer, check: chkXSSReferer,
		desc: "script, markup or an event handler in a referer that is no URL (\" onmouseover=alert(1), alert`1`, javascript:alert(1), +ADw-script+AD4-), or a quote broken out into an event handler in one that is: browsers send the page's absolute URL, with quotes escaped; a probe for a log viewer or analytics page that shows referers unescaped"},

	{id: "sqli-user-agent", cat: SQLi, w: 10, field: FieldUA, check: chkSQLiUA,
		desc: "a time-based or UNION SQL injection in the user agent, also behind a product token (Mozilla/5.0' AND SLEEP(5)-- -, (SELECT(SLEEP(5))), ';SELECT PG_SLEEP(5)--, ';WAITFOR DELAY '0:0:5'--, UNION ALL SELECT NULL,NULL-- -, Acunetix's if(now()=sysdate(),sleep(15),0), DBMS_PIPE.RECEIVE_MESSAGE, BENCHMARK(5000000,MD5(1))): sqlmap --level 3 and scanners inject into the header for apps that log it to a database; only forms no agent or search carries count (a quote or ';' before the call, a comment after a UNION's NULL list)"},
	{id: "sqli-referer", cat: SQLi, w: 10, field: FieldReferer, check: chkSQLiReferer,
		desc: "the forms of sqli-user-agent in the referer, also after a URL (https://shop.example/' OR 1=1-- -, ?id=1' AND SLEEP(5)#): a search about SQL in a referer (?q=select+pg_sleep(5), union select null) has no quote broken out of, no ';' before the statement, no comment after it, and does not count"},

	// --- Path traversal and local file inclusion ---------------------------
	{id: "traversal-dotdot", cat: Traversal, w: 5, field: FieldURI, check: chkTraversal,
		desc: "one or two ../ segments in the path or a parameter (browsers resolve them before sending); in the path, a ../ that stays below the first segment and ends in a plain asset name (a crawler's unresolved url(../img/sprite.png), nothing escaped) does not count"},
	{id: "traversal-dotdot-deep", cat: Traversal, w: 10, field: FieldURI, check: chkTraversalDeep,
		desc: "three or more ../ segments in the path or a parameter"},
	{id: "traversal-null-byte", cat: Traversal, w: 5, field: FieldURI, check: chkNullByte,
		desc: "an encoded NUL byte (%00) in the path or query, used to cut off appended extensions"},
	{id: "lfi-etc-passwd", cat: Traversal, w: 10, field: FieldURI,
		path: "etc/passwd|etc/shadow|etc/gshadow|etc/master.passwd|etc/sudoers|etc/group", query: "etc/passwd|etc/shadow|etc/gshadow|etc/master.passwd|etc/sudoers|etc/group",
		re:    "(?:^|[=/\\\\.:'\"(|;&$\x60]|file:)/?etc/(?:passwd|shadow|gshadow|master\\.passwd|sudoers|groups?)(?:$|[^a-z0-9_-])",
		prose: proseAfterName,
		desc:  "/etc/passwd, /etc/shadow, /etc/group and friends in the path or query; a search about the file (\"/etc/passwd format explained\": prose words after it and nothing else) does not count; nor a page title mid-sentence in a title parameter (dt, action_name, title, page_title, pagetitle, document_title: \"Understanding /etc/shadow: password hashes explained\", as analytics beacons echo it), nor a quoted term of a Splunk Web search (/en-US/app/search/search?q=search index=nginx \"/etc/passwd\" | stats ...: every slash of q inside closed double quotes, no other parameter with a slash)"},
	{id: "lfi-proc-self", cat: Traversal, w: 10, field: FieldURI,
		path: "/proc/self/|/proc/version|/proc/cmdline|/proc/cpuinfo", query: "/proc/self/|/proc/version|/proc/cmdline|/proc/cpuinfo",
		re:   lfiContext + `/proc/(?:self/|version|cmdline|cpuinfo)`,
		desc: "/proc/self/... and other /proc files in the path or query, as a path (not in prose)"},
	{id: "lfi-windows-file", cat: Traversal, w: 10, field: FieldURI,
		path: "win.ini|boot.ini|system.ini|system32", query: "win.ini|boot.ini|system.ini|system32",
		re:   `(?:^|[/:=])(?:win|boot|system)\.ini\b|(?:windows|winnt)/system32(?:/|$|&|\x00)`,
		desc: "win.ini, boot.ini or windows/system32 in the path or query"},
	{id: "lfi-system-path", cat: Traversal, w: 5, field: FieldURI,
		path:  "/etc/hosts|/etc/issue|/etc/hostname|/etc/resolv.conf|/etc/motd|/etc/fstab|/etc/crontab|/etc/nginx/|/etc/apache2/|/etc/httpd/|/etc/mysql/|/etc/ssh/|/etc/f5-release|/etc/os-release|/etc/environment|/var/log/|/usr/share/|/usr/local/|/root/.",
		query: "/etc/hosts|/etc/issue|/etc/hostname|/etc/resolv.conf|/etc/motd|/etc/fstab|/etc/crontab|/etc/nginx/|/etc/apache2/|/etc/httpd/|/etc/mysql/|/etc/ssh/|/etc/f5-release|/etc/os-release|/etc/environment|/var/log/|/usr/share/|/usr/local/|/root/.",
		re:    lfiContext + `/(?:etc/(?:hosts|issue|hostname|resolv\.conf|motd|fstab|crontab|nginx/|apache2/|httpd/|mysql/|ssh/|f5-release|os-release|environment)|var/log/|usr/share/|usr/local/|root/\.)`,
		spare: spareLokiLabel,
		desc:  "other absolute server paths (/etc/hosts, /var/log/, /usr/share/ ...) in the path or query, as a path (not in prose); a Loki query whose only such paths are /var/log/ files as label values (/loki/api/v1/query_range?query={filename=\"/var/log/nginx/access.log\"}, as Grafana sends promtail's default label) does not count; nor a quoted term of a Splunk Web search (as lfi-etc-passwd)"},
	{id: "lfi-php-wrapper", cat: Traversal, w: 10, field: FieldURI,
		path: "php://filter|php://input|php://fd|expect://|phar://|zip://|glob://|data://|convert.iconv.|convert.base64-", query: "php://filter|php://input|php://fd|expect://|phar://|zip://|glob://|data://|convert.iconv.|convert.base64-",
		desc: "PHP stream wrappers used for file inclusion (php://filter, php://input, phar://, expect://)"},
	{id: "lfi-file-scheme", cat: Traversal, w: 5, field: FieldQuery,
		query: "file://",
		desc:  "a file:// URL in the query"},
	{id: "lfi-app-config", cat: Traversal, w: 10, field: FieldQuery,
		query: "wp-config|configuration.php|config.php|/.env|web.config|settings.php|localsettings|config.inc|web-inf",
		re:    `\.\.[/\\].*(?:wp-config\.php|configuration\.php|config(?:\.inc)?\.php|/\.env\b|web\.config|settings\.php|localsettings\.php)|=\.{0,2}/(?:[^&]*/)?(?:wp-config\.php|configuration\.php|localsettings\.php|web\.config|\.env)(?:&|$)|(?:^|[=/.])web-inf/(?:web\.xml|classes/|lib/|[a-z-]*\.(?:xml|properties))`,
		desc:  "an application's configuration asked for through a parameter: a ../ path to it (img=../wp-config.php), a value that is a path to it (aam-media=/wp-config.php, file=./.env, path=/web.config; a search for the bare name does not count), or a file under WEB-INF (url=./WEB-INF/web.xml)"},
	{id: "traversal-app-file", cat: Traversal, w: 10, field: FieldURI,
		path: "/../|/..;", query: "=../|/../|=..\\|\\..\\|=..;/",
		re:   traversalAppFileRe,
		desc: "a ../ segment in the path or a parameter that lands on a file an application keeps its secrets or settings in, named by its kind rather than by product: a configuration, settings, database, credentials or secrets file of any code or data format (../../WEB-INF/xwiki.cfg, url=../../application/database.php, /toolbox-resource/../serverconfig.xml, ../appsettings.json), a .cfg, .conf, .ini, .properties, .db, .sqlite, .pem or .key file, .env, .htpasswd, package.json, composer.json: what a traversal into a product's internals asks for; one or two ../ alone stay traversal-dotdot's weak signal (a relative link in a parameter), and a crawler's unresolved ../img/x.png names no such file"},
	{id: "traversal-encoded-dots", cat: Traversal, w: 10, field: FieldURI,
		path:  "0x2e0x2e|..0x2f|..0x5c|..2f..|..5c..|0x2e.0x2e",
		query: "0x2e0x2e|..0x2f|..0x5c|..2f..|..5c..|0x2e.0x2e",
		desc:  "dot-dot and separators written the way fuzzers spell them (0x2e0x2e, ..0x2f, ..2f..), which no client sends"},
	{id: "lfi-target-file", cat: Traversal, w: 10, field: FieldURI, fallback: true,
		path:  "passwd|shadow|issue|hosts|boot.ini|win.ini|system32",
		query: "passwd|shadow|issue|hosts|boot.ini|win.ini|system32",
		// one '-', '_' or '+' alone joins a slug's or wiki id's words
		// (/post/etc-shadow-file/, id=linux:etc_hosts, etc+passwd+format):
		// no separator of a path
		re:   `etc(?:[^a-z0-9\s]{2,12}|[^a-z0-9\s_+-]|0x2f|0x5c|2f|5c)(?:passwd|shadow|issue|hosts|group)\b|(?:windows|winnt)(?:[^a-z0-9\s]{1,12}|0x2f|0x5c)system32(?:[^a-z0-9\s]|0x|$)`,
		not:  `(?:^|[^a-z0-9])etc/(?:passwd|shadow|issue|hosts|group)\b|/(?:windows|winnt)/system32`,
		desc: "/etc/passwd, /etc/issue, windows/system32 reached through separators that are not a plain slash (etc%c1%afpasswd, etc0x5cissue), as traversal fuzzers send them; one '-', '_' or '+' alone (etc-shadow-file, etc_hosts, etc+passwd) joins a slug's words and does not count"},
	{id: "lfi-absolute-path", cat: Traversal, w: 5, field: FieldQuery, fallback: true,
		query: "=/etc/|=/var/|=/proc/|=/usr/|=/root/|=/sys/|=/dev/|=/bin/|=/sbin/|=/lib/|=/boot/|=c:/inetpub|=c:/program files|=c:/xampp|=c:/wamp|=c:/apache|=c:/boot.ini|=c:/php",
		// a Windows path holds spaces ("C:/xampp/filezillaftp/filezilla
		// server.xml"): never prose
		prose: proseAfterPath, proseNot: "=c:/inetpub|=c:/program files|=c:/xampp|=c:/wamp|=c:/apache|=c:/boot.ini|=c:/php", spare: spareFolderPicker,
		desc: "a parameter whose value is a system path (file=/etc/..., page=/var/log/..., path=C:/inetpub/...): users' own paths live under /home or their documents; a search about one (\"/etc/group file fields meaning\": the path, then prose words alone) does not count, nor a folder picker's plain directory (Jellyfin /Environment/DirectoryContents?path=/var/lib/...&IncludeFiles=false, Syncthing /rest/system/browse?current=/var/lib/...); nor a quoted term of a Splunk Web search (as lfi-etc-passwd); nor Kubernetes' pod exec/attach call with the API's parameters alone (/api/v1/namespaces/prod/pods/api-1/exec?command=/bin/bash&container=api&stdin=true&tty=true)"},
	{id: "lfi-system-dir-param", cat: Traversal, w: 5, field: FieldQuery, fallback: true,
		query: "=/etc|=/proc|=/root|=/boot|=c:/windows|=c:/winnt",
		// the exploit's shape: the directory in one parameter, a bare file
		// name in a file parameter beside it (dir=/etc&file=passwd); a
		// directory alone is a file manager's own listing (Webmin's
		// /filemin/index.cgi?path=/etc) or a search (?q=/proc)
		re:   `(?:^|&)[^=&]*=(?:/(?:etc|proc|root|boot)|c:/win(?:dows|nt)(?:/system32)?)/?&(?:[^&]*&)*` + fileParam + `=[^&/]+|(?:^|&)` + fileParam + `=[^&/]+&(?:[^&]*&)*[^=&]*=(?:/(?:etc|proc|root|boot)|c:/win(?:dows|nt)(?:/system32)?)/?(?:&|$)`,
		not:  `(?:^|&)(?:q|s|search|query|keywords?|term|text)=(?:/(?:etc|proc|root|boot)|c:/win(?:dows|nt)(?:/system32)?)/?(?:&|$)`,
		desc: "a parameter whose value is a system directory itself (dir=/etc, path=/proc/, folder=C:/Windows) beside a file parameter naming a file in it (dir=/etc&file=passwd), as a file manager's or a download handler's exploit sends them; a directory alone (Webmin's ?path=/etc, ?next=/boot) and a search for one (?q=/proc) do not count; two are needed"},
	{id: "lfi-pearcmd", cat: Traversal, w: 10, field: FieldURI,
		path: "pearcmd", query: "pearcmd",
		desc: "PHP pearcmd.php, included to turn local file inclusion into code execution"},

	// --- Remote file inclusion ----------------------------------------------
	{id: "rfi-url-include", cat: RFI, w: 10, field: FieldQuery, check: chkRFI,
		desc: "a parameter value is a remote URL to a file, cut off with a trailing '?' (remote file inclusion)"},
	{id: "rfi-known-payload", cat: RFI, w: 10, field: FieldQuery,
		query: "rfiinc.txt|rfi.nessus.org|cirt.net/rfi",
		desc:  "remote file inclusion test payloads of known scanners (Nikto's rfiinc.txt, Nessus)"},

	// --- Command injection ----------------------------------------------------
	{id: "cmdi-shell-command", cat: CmdInjection, w: 10, field: FieldQuery, check: chkCmd,
		desc: "a parameter value chains a shell command after ;, |, `, $( or && (;id, |wget, $(curl ...)"},
	{id: "cmdi-ifs", cat: CmdInjection, w: 10, field: FieldAny,
		any:  "$ifs|${ifs|$ifs$",
		desc: "the shell's $IFS used as a space in a payload"},
	{id: "cmdi-download-exec", cat: CmdInjection, w: 10, field: FieldAny,
		any:  "wget |curl |tftp |wget\t|curl\t|ftpget|lwp-download",
		re:   `\b(?:wget|curl|tftp|ftpget|lwp-download)\s.{0,200}?(?:\|\s*(?:ba|z)?sh\b|;\s*(?:ba)?sh\b|chmod\s|/tmp/|/dev/shm|-o\s*-\s*\|)`,
		desc: "a download-and-run shell line (wget ... | sh, curl ... -o /tmp/...)"},
	{id: "cmdi-reverse-shell", cat: CmdInjection, w: 10, field: FieldAny,
		any:  "/dev/tcp/|/dev/udp/|mkfifo|bash -i|ncat -e|nc -e|socket.socket(",
		re:   `/dev/(?:tcp|udp)/|\bmkfifo\b|\bbash\s+-i\b|\bn(?:c|cat)\s+-e\s|socket\.socket\(`,
		desc: "reverse-shell idioms (/dev/tcp/, bash -i, nc -e, mkfifo)"},
	{id: "cmdi-shell-path", cat: CmdInjection, w: 5, field: FieldURI,
		path: "/bin/|cmd.exe|cmd /c|powershell", query: "/bin/|cmd.exe|cmd /c|powershell",
		re:   `/bin/(?:ba|z|da)?sh\b|/bin/busybox\b|\bcmd(?:\.exe)?\s*/c\s+\S+\s*(?:$|[&|<>/\\])|\bcmd\.exe\b|\bpowershell(?:\.exe\b|\s+-)`,
		desc: "a shell binary (/bin/sh, cmd.exe, powershell -...) in the path or query; in the query of Kubernetes' pod exec/attach call with the API's parameters alone (command, container, stdin, stdout, stderr, tty: kubectl exec -it, Rancher's shell button) it does not count when the API server answers 101 (the exec upgraded: the caller was let in); refused (401, 403) it counts"},
	{id: "cmdi-php-code", cat: CmdInjection, w: 10, field: FieldURI,
		path:  "<?php|shell_exec|passthru|proc_open|popen|pcntl_exec|base64_decode|file_put_contents|call_user_func|phpinfo|create_function|system|assert",
		query: "<?php|shell_exec|passthru|proc_open|popen|pcntl_exec|base64_decode|file_put_contents|call_user_func|phpinfo|create_function|system|assert",
		re:    `<\?php|shell_exec\s*\(|passthru\s*\(|proc_open\s*\(|\bpopen\s*\(\s*['"$]|pcntl_exec|base64_decode\s*\(|file_put_contents\s*\(|call_user_func(?:_array)?\s*\(|phpinfo\s*\(|create_function\s*\(|\b(?:system|assert|exec|eval)\s*\(\s*(?:['"$\x60]|base64|str_rot13|gzinflate|chr\s*\(|\$_|stripslashes|urldecode)`,
		desc:  "PHP code or PHP command functions with code-like arguments in the path or query (<?php, system('id'), assert($_POST[x]), shell_exec(, base64_decode(); English text with assert( or system() does not count"},

	// --- Log4Shell -----------------------------------------------------------
	{id: "log4shell-jndi", cat: Log4Shell, w: 10, field: FieldAny,
		any:  "${jndi|${lower|${upper|${::-|${${|jndi:ldap|jndi:rmi|jndi:dns|jndi:iiop|jndi:corba|jndi:nds|jndi:nis|jndi:http",
		desc: "a Log4j JNDI lookup (${jndi:ldap://...}) or its obfuscations (${lower:j}, ${::-j}) in any field (CVE-2021-44228)"},
	{id: "log4shell-lookup", cat: Log4Shell, w: 10, field: FieldAny,
		any:  "${env:|${sys:|${java:|${base64:|${main:|${ctx:|${date:|${k8s:|${docker:|${spring:|${web:|${log4j:|${hostname|${jvmrunargs|${marker|${bundle:|${event:|${sd:",
		desc: "a Log4j lookup used to exfiltrate data (${env:...}, ${sys:...}, ${java:...}) in any field"},

	// --- Shellshock ----------------------------------------------------------
	// bash imports a variable as a function only when its value starts
	// with "() {": the exploit's header or parameter is that from its first
	// byte. A code search names one in the middle (q=function() { return
	// true; }, $(document).ready(function() {), which banned at one
	// request (s13).
	{id: "shellshock-function", cat: Shellshock, w: 10, field: FieldAny,
		any:  "() {|(){ |(){:|() { |() {:|() {_|(){ :|(){ _|(){:;|(){_;",
		re:   `(?:^|[=&/]\s*)\(\s*\)\s*\{`,
		desc: "a bash function definition '() {' starting a field, a parameter's value or a path segment (CVE-2014-6271); a function in a code search (function() {) does not count"},

	// --- Template, NoSQL, LDAP, SSI and XXE injection -----------------------
	{id: "ssti-expression", cat: SSTI, w: 10, field: FieldQuery, check: chkSSTI,
		desc: "a template expression that computes or reaches the runtime ({{7*7}}, ${7*7}, <%= 7*7 %>, also with its brackets as character references, &lt;%= 7*7 %&gt;, {{''.__class__}}, |attr(, T(java.lang.Runtime)); placeholders like {{ name }} do not count, nor a LogQL line_format or label_format whose every {{ }} is a field reference ({{.status}} {{.request}}) in Grafana Explore's panes= or a Loki API query=; nor MediaWiki's parser functions ({{#if:...}}: a Handlebars helper must be followed by a space, '}', '(' or another character its lexer ends a name with), nor arithmetic in double braces mid-sentence in a title parameter of an analytics beacon (/g/collect, /j/collect, /collect, matomo.php, piwik.php, /api/event: \"Templates: {{ 7*7 }} and other expressions\"; on any other page the title may be rendered, and it counts)"},
	{id: "ssti-known-payload", cat: SSTI, w: 10, field: FieldAny,
		any:  "constructor.constructor(|__subclasses__|__globals__|__builtins__|__class__.__|.__mro__|freemarker.template|java.lang.runtime|getruntime()|{{config.|{{request.|{{self.|{{_self.|$smarty.|<g:evaluate|<j:jelly|<g2:evaluate",
		desc: "template-injection payloads in any field (constructor.constructor(, __subclasses__, __globals__, {{config., java.lang.Runtime, Jelly's <g:evaluate> and <j:jelly>)"},
	{id: "nosqli-operator", cat: NoSQLi, w: 10, field: FieldQuery, check: chkNoSQL,
		desc: "a MongoDB operator where a value belongs (user[$ne]=1, and dotted as parsers that expand dots read it: user.$ne=1, q.$regex=.*; {\"$gt\": \"\"}, $where: '1 == 1') or server-side JavaScript breaking out of a string ('; return true; var x=')"},
	{id: "nosqli-shell-call", cat: NoSQLi, w: 10, field: FieldQuery,
		query: ";db.|; db.",
		re:    nosqlShellCallRe,
		not:   nosqlSearchNot,
		desc:  "a MongoDB shell call after a statement break in a value ('; db.dropDatabase(); ', 1; db.getCollectionNames(), ';db.users.find();'): server-side JavaScript ($where, mapReduce, eval) that ended the statement it was spliced into; what comes before the ';' must be the whole value, from the parameter's '=', and read as a splice: up to a quote that closes a string (closers ) } ] after it, no '(' before it: 1'); db.users.drop()), a literal without a letter that ends in a digit or a closer, balanced or not (1, 00000000000000001, 1), 1)), {}, [1]: a number or an object closed early), or a $where expression (this.a > 1; db.users.drop()): a shell session pasted in a search (use shop; db.users.find(), mongosh; db.version(), db.stats; db.serverStatus(), db.users.find(); db.orders.find(), db.users.createIndex({email: 1}); db.users.getIndexes(), var n = 5; db.items.find()) or the call named alone (db.users.find() vs findOne) does not count; a search box's whole query quoting a read-only shell line (/search?q=1; db.users.find(): the only parameter is a search term, q, query, search, s, term, keyword(s) or text, holding a short number then one find() or findOne() with empty parentheses) does not count either when answered 2xx, 3xx or as a miss (nosqli-shell-call-failed counts it refused or failing: review rev-sig s16 item 4); what passes: a splice after a bare word (abc; db.x(), which no string or number context runs) or after a JSON object with a key ({\"a\":1}; db.x()), and q=1; db.users.find() answered 2xx, 3xx or 404, which reads nothing back; a drop, an eval, a sleep, a collection listing, a $where expression (q=this.a > 1; db.users.drop()), a second parameter or a second call still count"},
	{id: "nosqli-shell-call-failed", cat: NoSQLi, w: 10, field: FieldQuery, only: onFailed,
		query: ";db.|; db.",
		re:    nosqlShellCallRe,
		desc:  "nosqli-shell-call's splice answered with an error or a refusal (4xx but a miss, 5xx), spared or not: a search box that evaluated q=7; db.users.find() and failed, or a WAF that refused it, read it as code (review rev-sig s16 item 4)"},
	{id: "nosqli-credential-operator", cat: NoSQLi, w: 10, field: FieldQuery,
		query: "[$ne]|[$gt]|[$gte]|[$lt]|[$lte]|[$in]|[$nin]|[$eq]|[$regex]|[$exists]|[$where]|[$not]|[$or]",
		re:    `(?:^|&)(?:user(?:name)?|login|e?mail|pass(?:word|wd)?|pwd|token)\[\$(?:ne|gt|gte|lt|lte|in|nin|eq|regex|exists|where|not|or)\](?:\[\d*\])*=`,
		desc:  "a MongoDB operator in a credential's parameter name, whatever its value, an empty one too (password[$gt]=, user[$ne]=, login[$in][]=admin): the login bypass; nosqli-operator checks the other names and values"},
	{id: "ldap-filter-injection", cat: LDAPi, w: 10, field: FieldQuery, check: chkLDAP,
		desc: "a value that closes an LDAP filter and opens another (*)(, )(|(, (|(uid=*)) or an XPath breakout (' or name()=)"},
	{id: "ssi-directive", cat: SSI, w: 10, field: FieldAny,
		any:  "<!--#|<esi:",
		re:   `<!--#\s*(?:exec|include|echo|config|printenv|fsize|flastmod|set|if|elif)\b|<esi:[a-z]`,
		desc: "a server-side include directive (<!--#exec cmd=, <!--#include) or an edge-side include (<esi:include) in any field"},
	{id: "xxe-entity", cat: XXE, w: 10, field: FieldQuery,
		query: "<!entity|<!doctype|xinclude|<xi:include|<!element|<!attlist|<!notation|<xsl:|php:function|datasrc|<?import|entity;|<![cdata[|<xml|;!entity|;!doctype|#33;entity|#33;doctype|#x21;entity|#x21;doctype|adw-!|adwaiq|u003c!|u003c/u0021|u003c\\u0021",
		re:    xxeEncodedDecl + `|<!entity` + xxeEntityDecl + `|&(?:#x0*3c|#0*60|lt);(?:!|&#0*33;|&#x0*21;)(?:entity` + xxeEntityDecl + `|doctype\s+[\w.:-]+\s*\[)|<!doctype[^>]*(?:\[|\bsystem\s*["']\s*(?:` + xxeScheme + `:|/|\.\.)|\bpublic\s*["'][^"'>]*["']\s*["']\s*(?:https?|ftp|file|jar|php|gopher)://(?:[^w"']|w[^w"']|ww[^w"']|www[^.]|www\.[^w]|www\.w[^3]|www\.w3[^.]|www\.w3\.(?:[^o]|o[^r]|or[^g]|org[^/])))|(?:/|&#x0*2f;?|&#0*47;?)2001(?:/|&#x0*2f;?|&#0*47;?)xinclude|<xi:include|<!element|<!attlist|<!notation\s+[\w.:-]+\s+(?:system\s*["']|public\s*["'][^"'>]*["']\s*["'])\s*[a-z][a-z0-9+.-]*://|<xsl:(?:stylesheet|transform|value-of|copy-of)|<xsl:(?:include|import)\s[^>]*\bhref\s*=\s*["']|<xsl:result-document\s[^>]*\bhref\s*=\s*["']\s*(?:[a-z][a-z0-9+.-]*:|/|\\)|<xsl:[a-z-]+\s[^>]*\b(?:document|doc|doc-available|json-doc|collection|uri-collection|unparsed-text|unparsed-text-lines|unparsed-text-available|system-property|environment-variable|available-environment-variables)\s*\(|php:function|\bdatasrc\s*=|<\?import\b|&[a-z]*entity;|<!\[cdata\[[^\]]*(?:['"]\s*(?:or|and)\s|<\s*script)|<!\[cdata\[\s*<\s*\]\]>\s*/?\s*[a-z]|<xml\s+src\s*=`,
		not:   xsltSearchNot,
		desc:  "an XML document type with entity declarations (<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]), an external DTD by URL or absolute path (SYSTEM \"http://...\", PUBLIC \"...\" \"http://attacker/...\"; a DTD file named relative to the document, as tutorials do, and the W3C's own public DTDs, as XHTML and SVG documents declare them, do not count) or XInclude (its namespace or <xi:include; the word in a search does not count), or an external notation by URL (<!NOTATION x SYSTEM \"http://...\">; a notation naming a viewer or a MIME type fetches nothing), in the query; HTML5's <!DOCTYPE html SYSTEM \"about:legacy-compat\"> does not count; a CDATA section hiding a quote breakout or a script or splitting a tag (<![CDATA[<]]>script), an IE data island (<xml src=); an entity declaration whose '<' is a character reference (&#x3C;!ENTITY, &lt;!DOCTYPE x [, its '!' one too: &lt;&#33;ENTITY, &#x3c;&#x21;ENTITY), escaped twice or more (&amp;lt;!ENTITY, &#38;lt;!ENTITY, &amp;amp;lt;!ENTITY), a JSON or JavaScript escape (\\u003c!ENTITY, \\u003c\\u0021ENTITY) or UTF-7 (+ADw-!ENTITY, +ADwAIQ-ENTITY, +ADwAIQ-DOCTYPE x +AFsAPAAh-ENTITY, whose '[' opens a longer base64 run), for parsers that decode before parsing; such an escaped DOCTYPE counts as the plain one does (an internal subset, or an external DTD by URL that is not the W3C's: an e-mail template's escaped XHTML doctype does not count); an XSLT element that loads a stylesheet or writes (<xsl:include href=\"http://...\"/>, <xsl:import id=\"a\" href=\"file:///etc/passwd\">, <xsl:include href=\"./../uploads/evil.xsl\"/>: href anywhere in the tag, whatever it names); a docs site's search box quoting the docs' own line is spared: the whole query one search parameter (q, query, search, s, term, keyword(s), text) holding only <xsl:include href=\"common.xsl\"/> or <xsl:import href=\"templates/base.xsl\"/>, single spaces, a relative name of words and slashes ending .xsl or .xslt, no dot segment (review rev-sig s16 item 3: an XSLT endpoint's stylesheet= or xsl= parameter, a tab, ./../ still count; what passes: a search box that is itself an XSLT sink, given a relative name of a file the attacker uploaded); <xsl:result-document href= a URL or an absolute path (file:///var/www/html/s.php), not a relative output name; document(, doc(, doc-available(, json-doc(, collection(, uri-collection(, unparsed-text(, unparsed-text-lines(, unparsed-text-available(, system-property(, environment-variable( or available-environment-variables( in an element's attribute: what a transforming endpoint would fetch, write or leak; an element with ordinary attributes pasted in a search, <xsl:template match=\"@*|node()\">, <xsl:for-each select=, <xsl:output method=, does not count, nor the element named without an attribute); plain XML, <!DOCTYPE html> and the keyword without a declaration (\"<!ENTITY xml\") do not count"},

	{id: "xxe-entity-reference", cat: XXE, w: 5, field: FieldQuery, check: chkEntityRef,
		desc: "a value that is nothing but an entity reference (&name;, %name;, &#x25;name;) or a run of them (%eval;%exfil;, the second half of a blind XXE; one at least not one of HTML's named characters), not one of HTML's named characters (&amp;, &nbsp;, &eacute; ...): a probe for whether an XML parser expands the entities the payload declared elsewhere; two are needed"},
	{id: "ldap-identity-metachar", cat: LDAPi, w: 5, field: FieldQuery,
		query: ldapIdentityLits,
		re:    `(?:^|&)(?:user(?:name|id)?|uname|login|uid|cn|dn|mail|samaccountname)=(?:/[0-9a-f]{2}|[*()|!/@])+(?:&|$)`,
		desc:  "a user, login, uid, cn or mail parameter whose value is nothing but LDAP filter metacharacters or RFC 4515 escapes (user=*, cn=*)(, uid=\\2a, login=|; the query's normal form spells \\ as /): a wildcard or filter probe against a directory-backed login; no user name is spelt so"},
	{id: "ldap-identity-breakout", cat: LDAPi, w: 10, field: FieldQuery,
		query: "user=|name=|login=|uid=|&cn=|&dn=|mail=|cn=a|cn=b|cn=c|cn=d|cn=e|cn=j|cn=m|cn=r|cn=s|cn=t|cn=u|cn=x",
		re:    `(?:^|&)(?:j_)?(?:user(?:name|id)?|uname|login|uid|cn|dn|e?mail|samaccountname|(?:account|login|user)name)=[^&]*?(?:\*\s*\)|\)\s*\(\s*[|&!]?\s*[a-z0-9][\w.;-]*(?::[\w.]*)*\s*[=~<>:]|\(\s*[|&!]\s*\()`,
		desc:  "a user, login, uid, cn or mail parameter (j_username, email too) that closes the directory's filter after a wildcard or opens another (admin*), *)*, x)(cn=*, *(|(mail=*)): no user name is spelt so; a product, hotel or person's name with parentheses (name=T-Shirt (L) (Blue), fullname=Mary (Molly) (Smith)) is no identity parameter and does not count"},
	{id: "ldap-identity-wildcard", cat: LDAPi, w: 5, field: FieldQuery,
		query: "user=|name=|login=|uid=|&cn=|&dn=|mail=|cn=a|cn=b|cn=c|cn=d|cn=e|cn=j|cn=m|cn=r|cn=s|cn=t|cn=u|cn=x",
		re:    `(?:^|&)(?:user(?:name|id)?|uname|login|uid|samaccountname)=(?:[a-z0-9._@-]+\*|\|+|!)(?:&|$)|(?:^|&)(?:cn|dn|mail)=(?:\|+|!)(?:&|$)`,
		desc:  "a user, login or uid parameter that is a name ending in a wildcard (user=admin*) or a user, login, uid, cn or mail parameter that is a bare filter operator (uid=|, login=!): a probe for a login that pastes the value into a directory filter; a directory's people search takes cn=smi* and mail=john*, which do not count; two are needed"},
	{id: "xxe-entity-any", cat: XXE, w: 10, field: FieldAny,
		any:  "<!entity|<!doctype|adw-!|adwaiq|u003c!|u003c/u0021|u003c\\u0021|;!entity|;!doctype",
		re:   xxeEncodedDecl + `|<!entity\s+%?\s*[\w.:-]+\s+(?:system|public)\b|<!doctype\s+[\w.:-]+\s*\[|<!doctype\s+[\w.:-]+\s+system\s*["']\s*(?:` + xxeScheme + `:|/|\.\.)`,
		desc: "an external entity or an inline DTD (<!ENTITY x SYSTEM ..., <!DOCTYPE x [...]) in the path, user agent or referer, where XML parsers behind log viewers and SOAP gateways read it too, also with its '<' escaped as xxe-entity reads it (the query has xxe-entity)"},
	{id: "crlf-escaped-header", cat: CRLF, w: 10, field: FieldQuery,
		query: "/r/n",
		re:    `/r/n\s*(?:(?:set-cookie|location|content-(?:type|length)|refresh|x-xss-protection|access-control-[a-z-]+|host)\s*:|http/\d)`,
		desc:  "a header after a line break written as the text \\r\\n (\\r\\nSet-Cookie:; the query's normal form spells it /r/n), for applications that unescape values before writing a header"},

	// --- CRLF, header injection and session fixation --------------------------
	{id: "crlf-header-injection", cat: CRLF, w: 10, field: FieldURI, check: chkCRLF,
		desc: "a line break followed by a header or a second response (%0d%0aSet-Cookie:, %0aLocation:) in the path or a parameter; a bare line break from a textarea does not count"},
	{id: "crlf-encoded-literal", cat: CRLF, w: 10, field: FieldURI,
		path: "0x0d0x0a|0x0a0x0d|0x0d0x0d", query: "0x0d0x0a|0x0a0x0d|0x0d0x0d",
		desc: "CR/LF written as 0x0D0x0A, a fuzzer's spelling no client sends"},
	{id: "session-fixation", cat: CRLF, w: 5, field: FieldQuery, check: chkSession,
		desc: "a session id set through the query by a request without a referer (PHPSESSID=, JSESSIONID=, ASPSESSIONID...=; sites that put it in every link send their users on with one, and an id of an engine's alphabet and spread, 20-128 characters of hex, base32 or mixed-case base64 with digits, no word, is such a site's link a crawler or a bookmark brings back; a random-looking id an attacker picks passes too), or a cookie written by script (document.cookie=, http-equiv=set-cookie)"},

	// --- Server-side request forgery and open redirects -------------------------
	{id: "ssrf-cloud-metadata", cat: SSRF, w: 10, field: FieldQuery,
		query: "169.254.169.254|192.0.0.192|metadata.google.internal|fd00:ec2::254|computemetadata|/latest/meta-data|/latest/user-data|/latest/api/token|metadata.azure|100.100.100.200|169.254.170.2|/metadata/instance|instance-data|2852039166|0xa9fea9fe|a9fe:a9fe|0251.0376.0251.0376|0xa9.0xfe.0xa9.0xfe|/opc/v1/instance|/opc/v2/instance|/metadata/v1/",
		// an address followed by prose words alone is a search about it
		// ("169.254.169.254 metadata aws"): it names no URL to fetch; a
		// metadata path is never prose
		prose: proseAfterName, proseNot: "computemetadata|/latest/meta-data|/latest/user-data|/latest/api/token|/metadata/instance|/opc/v1/instance|/opc/v2/instance|/metadata/v1/",
		desc: "a cloud metadata service address or path (169.254.169.254, metadata.google.internal, fd00:ec2::254, /latest/meta-data) in the query, in its decimal and hex spellings too; an address followed by prose words alone (\"169.254.169.254 metadata aws\") does not count; an operator's own blackbox exporter scraper goes in [allow] by address"},
	{id: "ssrf-internal-url", cat: SSRF, w: 5, field: FieldQuery, check: chkSSRF,
		desc: "a parameter value that is a URL to loopback or link-local addresses (http://127.0.0.1, http://[::], http://2130706433) or uses gopher://, dict://, sftp://, tftp://, ldap://, jar:; parameters that take a redirect target skip loopback with a port (a native app's redirect URI, RFC 8252: http://127.0.0.1:51004/), not loopback without one"},
	{id: "ssrf-internal-port", cat: SSRF, w: 10, field: FieldQuery, check: chkSSRFProof,
		desc: "a parameter URL that names a port on loopback (http://127.0.0.1:2375/, localhost:11211) dresses loopback up as an allowed host (http://127.0.0.1#example.com, http://example.com.127.0.0.1, http://x@localhost), spells it as no link does (127.1, 127.127.127.127, 0x7f000001, http://0), or reaches a Lambda runtime API: a port scan through the server; redirect parameters skip plain loopback, as ssrf-internal-url"},
	{id: "ssrf-scheme", cat: SSRF, w: 10, field: FieldQuery,
		query: "gopher://|dict://|netdoc://|jar:http|jar:file|tftp://",
		desc:  "gopher://, dict://, netdoc://, tftp:// or jar: URLs in the query, which only request-forgery payloads carry"},
	{id: "ssrf-rebind-loopback", cat: SSRF, w: 10, field: FieldQuery,
		query: ".nip.io|.xip.io|.sslip.io",
		re:    `(?:^|[./@=])127\.\d+\.\d+\.\d+\.(?:nip|xip|sslip)\.io\b|(?:^|[./@=])(?:127-\d+-\d+-\d+|7f[0-9a-f]{6})\.(?:nip|sslip)\.io\b`,
		desc:  "a wildcard-DNS name that spells loopback (127.0.0.1.nip.io, 127-0-0-1.sslip.io, 7f000001.nip.io) in the query: the server is asked to fetch from itself under a name that passes a host filter"},
	{id: "ssrf-rebind-domain", cat: SSRF, w: 5, field: FieldQuery,
		query: ".xip.io|.nip.io|.sslip.io|.localtest.me|/localtest.me|@localtest.me|.r3dir.me|.1u.ms|rbndr.us|.lvh.me|localh.st",
		desc:  "wildcard-DNS and rebinding domains that resolve to internal addresses (.nip.io, .xip.io, .localtest.me) in the query; the bare lvh.me, a local development host in OAuth redirect URIs, does not count"},
	{id: "ssrf-url-confusion", cat: SSRF, w: 10, field: FieldQuery,
		query: "0://|1://|2://|3://|4://|5://|6://|7://|8://|9://",
		re:    `(?:^|[=&])\s*\d+://[^/?#&\s]+[;,]\s*https?://`,
		desc:  "a URL with a number for its scheme joined to a second URL by ';' or ',' (0://evil.example:80;http://example.com:80/): the two URL parsers of a request-forgery filter and its fetcher read different hosts"},
	{id: "open-redirect-obfuscated", cat: OpenRedirect, w: 5, field: FieldQuery, check: chkRedirect,
		desc: "an obfuscated redirect target in a parameter (/\\evil.example, ////evil.example, https:evil.example, https://trusted@evil.example, numeric hosts), or a protocol-relative //host in a parameter that takes a redirect target"},

	{id: "open-redirect-path", cat: OpenRedirect, w: 5, field: FieldPath, check: chkPathRedirect,
		desc: "a request path that opens with a backslash, an encoded slash or three slashes and then a host (/%5cevil.example/, /\\evil.example, /%2f%2fevil.example, /%c0%afevil.example, ///evil.example/, ///user@evil.example, ///2130706433/): a server that redirects to its own path sends the browser to that host; no link or browser writes a path so; three plain slashes, a host and a file after it (///cdn.example.com/app.js) are a crawler's bad join of a protocol-relative link and do not count"},

	// --- Webshells and backdoors ------------------------------------------------
	{id: "webshell-known-name", cat: Webshell, w: 10, field: FieldPath,
		path: "/c99.php|/c99shell|/r57.php|/r57shell|/c100.php|/wso.php|/wso2.php|/wso25.php|/b374k|/alfa.php|/alfashell|/alfacgiapi|/alfa-rex|/indoxploit|/priv8|/phpspy|/angel.php|/simple-backdoor|/backdoor.php|/xleet|/leafmailer|/marijuana.php|/wp-vcd.php|/0byte.php|/madspot|/sh3ll.php|/r00t.php|/k2ll33d|/fox.php",
		desc: "well-known webshell and backdoor file names (c99.php, r57.php, wso.php, b374k, alfa ...)"},
	{id: "webshell-shell-name", cat: Webshell, w: 10, field: FieldPath,
		path: "shell|backdoor|cmdasp|cmdjsp|cgitelnet|tryag|phpspy|jspspy",
		re:   `/[^/]*(?:shell|backdoor|cmdasp|cmdjsp|cgitelnet|tryag|phpspy|jspspy)[^/]*\.(?:php\d?|phtml|aspx?|jspx?|cgi|pl|sh)$`,
		desc: "a script named like a shell or backdoor (shell.php, c99madshell.php, x_shell.aspx, cmdasp.asp, Simple_PHP_backdoor.php)"},
	{id: "webshell-cmd-param", cat: Webshell, w: 10, field: FieldQuery, check: chkWebshellParam,
		desc: "a cmd=, exec= or command= parameter carrying a shell command (cmd=id, command=whoami)"},
	{id: "webshell-well-known-php", cat: Webshell, w: 10, field: FieldPath,
		path: "/.well-known/",
		re:   `/\.well-known/.*\.(?:php\d?|phtml|aspx?|jspx?)$`,
		desc: "a script under /.well-known/, where backdoors hide next to ACME challenges"},

	// --- Known CVE exploit paths ------------------------------------------------
	{id: "cve-2017-9841-phpunit", cat: CVEProbe, w: 10, field: FieldPath,
		path: "eval-stdin.php",
		desc: "PHPUnit eval-stdin.php remote code execution (CVE-2017-9841)"},
	{id: "cve-2019-18935-telerik", cat: CVEProbe, w: 10, field: FieldURI,
		path: "telerik.web.ui.webresource.axd", need: &need{FieldQuery, "type=rau"},
		desc: "Telerik UI RadAsyncUpload deserialisation (CVE-2019-18935)"},
	{id: "cve-2021-41773-apache-traversal", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/cgi-bin/|/icons/",
		re:   `/(?:cgi-bin|icons)/(?:[^/]*/)*\.\.(?:/|;|$)`,
		desc: "Apache 2.4.49/2.4.50 path traversal through /cgi-bin/ or /icons/ (CVE-2021-41773, CVE-2021-42013)"},
	{id: "cve-2021-43798-grafana", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/public/plugins/",
		re:   `/public/plugins/[^/]+/(?:[^/]*/)*\.\.(?:/|$)`,
		desc: "Grafana plugin path traversal (CVE-2021-43798)"},
	{id: "cve-2019-11510-pulse", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/dana-na/|/dana/html5acc/",
		re:   `/dana(?:-na)?/.*\.\.(?:/|$)`,
		desc: "Pulse Secure SSL VPN file read (CVE-2019-11510)"},
	{id: "cve-2018-13379-fortios", cat: CVEProbe, w: 10, field: FieldURI,
		path: "/remote/fgt_lang", query: "sslvpn_websession", need: &need{FieldQuery, "../"},
		desc: "FortiOS SSL VPN session file read (CVE-2018-13379)"},
	{id: "cve-2022-40684-fortios", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/api/v2/cmdb/system/admin", pos: posStart,
		desc: "FortiOS/FortiProxy admin API authentication bypass (CVE-2022-40684)"},
	{id: "cve-2020-5902-f5", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/tmui/login.jsp/..;|/tmui/locallb/workspace/|hsqldb;",
		desc: "F5 BIG-IP TMUI remote code execution (CVE-2020-5902)"},
	{id: "cve-2022-1388-f5", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/mgmt/tm/util/bash",
		desc: "F5 BIG-IP iControl REST authentication bypass (CVE-2022-1388)"},
	{id: "cve-2019-19781-citrix", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/vpns/|/vpn/../",
		re:   `/vpns/(?:portal/scripts/|cfg/smb\.conf)|/vpn/\.\./vpns/`,
		desc: "Citrix ADC/NetScaler directory traversal (CVE-2019-19781)"},
	{id: "cve-2020-3452-cisco-asa", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/+cscot+/translation-table|/+cscot+/oem-customization",
		desc: "Cisco ASA/FTD web services file read (CVE-2020-3452)"},
	{id: "cve-2021-26086-jira", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/_/;/meta-inf/|/_/;/web-inf/",
		desc: "Jira path traversal to WEB-INF/META-INF (CVE-2021-26086)"},
	{id: "ognl-injection", cat: CVEProbe, w: 10, field: FieldAny,
		any:  "@java.lang.runtime@|#_memberaccess|@ognl.ognlcontext|#context[|@org.apache.struts2|redirect:${|action:${|(#a=@|getruntime().exec(|(#dm=@|%{(#",
		desc: "OGNL expression injection (Confluence CVE-2022-26134, CVE-2021-26084, Struts 2), and Struts' %{(#...)} form that opens with a variable assignment in parentheses (%{(#_='multipart/form-data')...}, CVE-2017-5638 and its kin): no URL, text or format string writes \"%{(#\""},
	{id: "ssti-freemarker-execute", cat: CVEProbe, w: 10, field: FieldAny,
		any:  "freemarker.template.utility.execute|freemarker.template.utility.objectconstructor",
		desc: "FreeMarker template injection running commands (VMware Workspace ONE CVE-2022-22954)"},
	{id: "cve-2022-42889-text4shell", cat: CVEProbe, w: 10, field: FieldAny,
		any:  "${script:|${dns:|${url:",
		desc: "Apache Commons Text interpolation (Text4Shell, CVE-2022-42889)"},
	{id: "cve-2022-22965-spring4shell", cat: CVEProbe, w: 10, field: FieldQuery,
		query: "class.module.classloader|class.classloader|class[module]",
		desc:  "Spring Framework class loader manipulation (Spring4Shell, CVE-2022-22965)"},
	{id: "cve-2018-20062-thinkphp", cat: CVEProbe, w: 10, field: FieldURI,
		path: "invokefunction|think/|hellothink", query: "invokefunction|think/|hellothink",
		re:   `invokefunction|hellothink|think/+(?:app|container|view/+driver|request|template/+driver)\b`,
		desc: "ThinkPHP 5 remote code execution (CVE-2018-20062, CVE-2019-9082)"},
	{id: "vmsa-2021-0027-vcenter", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/ui/vcav-bootstrap/rest/vcav-providers/provider-logo",
		desc: "VMware vCenter provider-logo SSRF and file read (VMSA-2021-0027, CVE-2021-21980)"},
	{id: "cve-2021-21972-vcenter", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/ui/vropspluginui/rest/services/",
		desc: "VMware vCenter vROPs plugin file upload (CVE-2021-21972)"},
	{id: "cve-2022-35914-glpi", cat: CVEProbe, w: 10, field: FieldPath,
		path: "htmlawedtest.php",
		desc: "GLPI htmLawed test page code injection (CVE-2022-35914)"},
	{id: "cve-2022-37042-zimbra", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/service/extension/backup/mboximport",
		desc: "Zimbra mboximport authentication bypass and upload (CVE-2022-37042, CVE-2022-27925)"},
	{id: "cve-2022-46169-cacti", cat: CVEProbe, w: 5, field: FieldURI,
		path: "/remote_agent.php", need: &need{FieldQuery, "action=polldata"},
		desc: "Cacti remote_agent.php polldata from a client, the brute-force step of CVE-2022-46169"},
	{id: "cve-2023-22515-confluence", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/setup/",
		re:   `/setup/[a-z]+\.action$`,
		desc: "Confluence setup actions re-run after installation (CVE-2023-22515)"},
	{id: "cve-2023-22515-confluence-bootstrap", cat: CVEProbe, w: 10, field: FieldQuery,
		query: "bootstrapstatusprovider",
		desc:  "Confluence setupComplete flag reset through bootstrapStatusProvider (CVE-2023-22515)"},
	{id: "cve-2023-22515-confluence-server-info", cat: CVEProbe, w: 5, field: FieldPath,
		path: "/server-info.action", pos: posEnd,
		desc: "Confluence server-info.action, the first step of CVE-2023-22515 (a real Confluence serves it too)"},
	// 5, not 10 (review s12 item 8): a missing Referer is no proof (office
	// proxies strip it for a whole NAT; a site-wide no-referrer policy), so
	// the exploit's two requests ban, a user's one form POST does not.
	{id: "cve-2021-26084-confluence", cat: CVEProbe, w: 5, field: FieldURI, check: chkConfluenceVars,
		desc: "a POST to Confluence's page-variables actions (/pages/doenterpagevariables.action, /pages/createpage-entervariables.action) without a Referer, or a GET of createpage-entervariables.action without a Referer and without the templateId every \"create from template\" link carries (the exploits' ?SpaceKey=x): CVE-2021-26084's OGNL rides in the body, which the log does not show, and a real Confluence answers 200; a user reaches these by submitting the page's own form, and the browser sends that page as the Referer. A missing Referer is no proof (an office proxy that strips it, a site-wide no-referrer policy), so two are needed: the exploit's GET and POST, or a scanner's POSTs to both actions. An exploit that forges a Referer and a templateId passes"},
	{id: "cve-2021-26084-confluence-query", cat: CVEProbe, w: 10, field: FieldURI, check: chkConfluencePayload,
		desc: "CVE-2021-26084's OGNL in the query of Confluence's page-variables actions: a queryString= or linkCreation= value holding an escaped quote (\\u0027, \\x27) or an expression's opening (#{, %{, ${), whatever the method and Referer; Confluence's own forms send neither parameter in the query"},
	{id: "cve-2023-22518-confluence", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/json/setup-restore",
		desc: "Confluence setup-restore improper authorisation (CVE-2023-22518)"},
	{id: "cve-2023-49103-owncloud", cat: CVEProbe, w: 10, field: FieldPath,
		path: "getphpinfo.php",
		desc: "ownCloud graphapi GetPhpInfo.php information disclosure (CVE-2023-49103)"},
	{id: "cve-2024-0012-panos", cat: CVEProbe, w: 10, field: FieldPath,
		path: ".js.map", pos: posEnd,
		re:   `/php/[a-z0-9_/]+\.php/[^/]*\.js\.map$|\.php/\.js\.map$`,
		desc: "PAN-OS management interface authentication bypass (CVE-2024-0012)"},
	{id: "cve-2024-9474-panos", cat: CVEProbe, w: 10, field: FieldPath,
		path: "createremoteappwebsession.php",
		desc: "PAN-OS privilege escalation (CVE-2024-9474)"},
	// ztp_gate.php is a page of PAN-OS's management interface that its
	// admins reach (the zero-touch provisioning gate): the bare path, with
	// or without a query, proves nothing. Both exploits run it with a path
	// after its name, which Apache hands to PHP while nginx reads the tail
	// as a static file that needs no login: CVE-2025-0108's
	// /unauth/%252e%252e/php/ztp_gate.php/PAN_help/x.css and
	// CVE-2024-0012's /php/ztp_gate.php/.js.map. No link of the product
	// puts anything after the .php.
	{id: "cve-2025-0108-panos", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/unauth/|ztp_gate.php/",
		re:   `/unauth/(?:[^/]*/)*\.\./|ztp_gate\.php/`,
		desc: "PAN-OS authentication bypass through /unauth/ traversal (CVE-2025-0108), or ztp_gate.php run with a path after its name (/php/ztp_gate.php/PAN_help/x.css, the exploit's static-file tail); the bare /php/ztp_gate.php that PAN-OS admins reach does not count"},
	{id: "cve-2024-38475-apache", cat: CVEProbe, w: 5, field: FieldPath, check: chkEncodedQmark,
		desc: "a path ending in an encoded '?' (%3F), Apache mod_rewrite confusion (CVE-2024-38475)"},
	{id: "cve-2021-3129-laravel-ignition", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/_ignition/execute-solution",
		desc: "Laravel Ignition remote code execution (CVE-2021-3129)"},
	{id: "cve-2017-10271-weblogic", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/wls-wsat/",
		desc: "Oracle WebLogic wls-wsat deserialisation (CVE-2017-10271)"},
	{id: "cve-2019-2725-weblogic", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/_async/asyncresponseservice",
		desc: "Oracle WebLogic _async deserialisation (CVE-2019-2725)"},
	{id: "cve-2020-14882-weblogic", cat: CVEProbe, w: 10, field: FieldPath,
		path: "../console.portal",
		desc: "Oracle WebLogic console traversal (CVE-2020-14882)"},
	{id: "cve-2015-7501-jboss", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/invoker/jmxinvokerservlet|/invoker/ejbinvokerservlet|/invoker/readonly",
		desc: "JBoss invoker servlet deserialisation (CVE-2015-7501, and /invoker/readonly, CVE-2017-12149)"},
	{id: "cve-2025-49113-roundcube-from", cat: CVEProbe, w: 10, field: FieldQuery,
		query: "_from=add-|_from=edit-",
		re:    `(?:^|&)_from=(?:add|edit)-[^&]*[^\w&.-]`,
		desc:  "Roundcube's settings upload with a _from that is no action name (?_from=edit-!\u01fc&_task=settings&_action=upload, CVE-2025-49113: the value reaches the session unchecked and carries a serialized object); Roundcube itself sends _from=edit-identity, add-response and the like, letters and hyphens, which do not count"},
	{id: "cve-2025-61882-ebs-chain", cat: CVEProbe, w: 10, field: FieldURI,
		path:  "/oa_html/",
		query: "getuitype=",
		re:    `^(?:/[^/?]+)*?/oa_html/(?:[^?]*/)?\.\.(?:/|$)|(?:^|&)getuitype=[^&]*<`,
		desc:  "Oracle E-Business Suite's exploit chain (CVE-2025-61882) in the request's own grammar: a dot-dot segment under /OA_HTML/ as the request sends it (/OA_HTML/help/../ieshostedsurvey.jsp: browsers resolve dot segments before sending, the chain's pivot does not), or UiServlet's getUiType carrying markup (getUiType=<@urlparam>, the XSL-template injection); the product's own UiServlet, SyncServlet and login pages, which the chain also asks, stay probe-product-console's few points"},
	{id: "cve-2021-34473-proxyshell", cat: CVEProbe, w: 10, field: FieldQuery,
		query: "autodiscover/autodiscover.json|powershell|mapi/nspi",
		re:    `autodiscover/autodiscover\.json|^@[^&=/]*/(?:powershell|mapi/nspi)`,
		desc:  "Microsoft Exchange ProxyShell autodiscover path confusion (CVE-2021-34473): the path named again in the query (?&Email=autodiscover/autodiscover.json%3F@x), or a query that starts with '@' and a back-end path (/autodiscover/autodiscover.json?@zdi/Powershell, ?@x/mapi/nspi/); Outlook asks ?Email=user@example.org&Protocol=..., which does not count"},
	{id: "cve-2020-25213-wp-file-manager", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/wp-file-manager/lib/php/connector.minimal.php",
		desc: "WordPress File Manager plugin unauthenticated upload (CVE-2020-25213)"},
	{id: "cve-2018-7600-drupal", cat: CVEProbe, w: 10, field: FieldQuery,
		query: "element_parents|#post_render|#lazy_builder|#markup",
		re:    `element_parents=[^&]*#value|#(?:post_render|lazy_builder|markup)\b`,
		desc:  "Drupal form API render-array injection (Drupalgeddon2, CVE-2018-7600)"},
	{id: "cve-2012-1823-php-cgi", cat: CVEProbe, w: 10, field: FieldQuery,
		query: "allow_url_include|auto_prepend_file",
		desc:  "PHP-CGI argument injection (-d allow_url_include=1; CVE-2012-1823, CVE-2024-4577)"},
	{id: "cve-2018-10561-gpon", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/gponform/diag_form",
		desc: "Dasan GPON router command injection (CVE-2018-10561)"},
	{id: "cve-2017-17215-huawei", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/ctrlt/deviceupgrade_1",
		desc: "Huawei HG532 router command injection (CVE-2017-17215)"},
	{id: "cve-2020-8515-draytek", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/cgi-bin/mainfunction.cgi",
		desc: "DrayTek Vigor command injection (CVE-2020-8515)"},
	{id: "cve-2022-30525-zyxel", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/ztp/cgi-bin/handler",
		desc: "Zyxel firewall command injection (CVE-2022-30525)"},
	{id: "cve-2023-1389-tplink", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/cgi-bin/luci/;stok=/locale",
		desc: "TP-Link Archer command injection (CVE-2023-1389)"},
	{id: "cve-2023-46805-ivanti", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/totp/user-backup-code/..",
		desc: "Ivanti Connect Secure authentication bypass (CVE-2023-46805)"},
	{id: "cve-2023-23752-joomla", cat: CVEProbe, w: 10, field: FieldURI,
		path: "/api/index.php/v1/config/application", need: &need{FieldQuery, "public=true"},
		desc: "Joomla API information disclosure (CVE-2023-23752)"},
	{id: "cve-2019-16759-vbulletin", cat: CVEProbe, w: 10, field: FieldQuery,
		query: "widgetconfig[code]|[config][code]",
		desc:  "vBulletin widget template code execution (CVE-2019-16759, CVE-2020-17496)"},
	{id: "cve-2021-40438-apache-ssrf", cat: CVEProbe, w: 10, field: FieldQuery,
		query: "unix:", pos: posStart,
		re:   `^unix:.*\|\s*(?:https?|ftp|h2c?|wss?)://`,
		desc: "Apache mod_proxy unix: socket SSRF (CVE-2021-40438)"},
	{id: "cve-2019-1003000-jenkins", cat: CVEProbe, w: 10, field: FieldPath,
		path: "org.jenkinsci.plugins.scriptsecurity", spare: spareJenkinsValidator,
		desc: "Jenkins Script Security sandbox bypass (CVE-2019-1003000); a job configure page's own validator (POST /job/x/descriptorByName/...SecureGroovyScript/checkScript, the script in the body, no value= in the query) does not count"},
	{id: "hadoop-yarn-rce", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/ws/v1/cluster/apps",
		desc: "Hadoop YARN ResourceManager REST API, abused unauthenticated to run miners"},
	{id: "netgear-setup-cgi-rce", cat: CVEProbe, w: 10, field: FieldQuery,
		query: "todo=syscmd",
		desc:  "Netgear DGN setup.cgi unauthenticated command execution"},
	{id: "boaform-admin", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/boaform/|/boafrm/",
		desc: "Realtek/Boa router admin forms (/boaform/, /boafrm/ in newer Realtek SDKs: formLogin, formSysCmd), probed by IoT botnets"},

	{id: "php-info-callback", cat: CVEProbe, w: 10, field: FieldQuery,
		query: "phpinfo|phpcredits|md5(",
		re:    `(?:^|[=&])(?:phpinfo|phpcredits)(?:\(\))?(?:&|$)|\b(?:echo|print|die|exit|var_dump|print_r)\s*\(?\s*@?\s*md5\s*\(`,
		desc:  "a parameter that names phpinfo/phpcredits as the function to call (callback=phpinfo, _hook=phpinfo), or PHP that echoes an md5() marker: the proof step of PHP code-injection exploits"},
	{id: "source-download-param", cat: Traversal, w: 5, field: FieldURI,
		query: "file=|name=|download=|doc=|document=", need: &need{FieldPath, "download"},
		re:   `(?:^|&)(?:file|filename|fname|filepath|download|doc|document)=(?:[^&]*/)?[^&/]+\.(?:php\d?|phtml|aspx?|jsp|config|ini|inc|env|yml|yaml|properties|cfg|conf)(?:&|$)`,
		desc: "a download handler (a path with \"download\" in it) asked by parameter for a server script or configuration file (download.php?file=config.php, imgdownload.php?filename=imgdownload.php, downloadFile?doc=web.config): it reads files by name, and this asks for source; editors that open a script by name (theme-editor.php?file=functions.php) do not count"},
	{id: "sqli-error-function", cat: SQLi, w: 10, field: FieldQuery,
		query: "updatexml|extractvalue",
		re:    `(?:updatexml|extractvalue)\s*\(\s*(?:\d+|null|rand\(\)|0x[0-9a-f]+|concat)\s*,`,
		desc:  "error-based SQL injection through UPDATEXML(1, ...) or EXTRACTVALUE(1, ...), in any parameter"},
	{id: "env-var-injection", cat: CVEProbe, w: 10, field: FieldQuery,
		query: "ld_preload=|ld_debug=|ld_library_path=|ld_audit=|phprc=",
		re:    `ld_preload=|ld_debug=|ld_library_path=|ld_audit=|(?:^|&)phprc=`,
		desc:  "dynamic-linker or PHP variables set through the query (LD_PRELOAD=, LD_DEBUG=, PHPRC=), which CGI handlers pass to the environment (GoAhead CVE-2017-17562, Juniper J-Web's ?PHPRC=/dev/fd/0 CVE-2023-36845; PHPRC only as a parameter's name: a search for q=PHPRC=/etc/php.ini does not count)"},
	{id: "coldfusion-cfide-admin", cat: CVEProbe, w: 10, field: FieldURI,
		path: "/cfide/", need: &need{FieldQuery, "_cfclient"},
		desc: "ColdFusion CFIDE components called with _cfclient=true (CVE-2023-26360, CVE-2023-29298)"},
	{id: "coldfusion-admin-path", cat: CVEProbe, w: 5, field: FieldPath,
		path: "/cfide/administrator|/cfide/adminapi|/cfide/componentutils|/cfide/wizards",
		desc: "ColdFusion administrator and admin API paths, probed for its CVEs (allow-list your admins on a ColdFusion host)"},
	{id: "cve-known-exploit-endpoint", cat: CVEProbe, w: 10, field: FieldPath,
		path:  "/nacos/v1/cs/ops/derby|/webtools/control/xmlrpc|/oa_html/lcmservicecontroller.jsp|dynamiccontent.properties.xhtml|checkscriptcompile|/ajax/render/widget_tabbedcontainer_tab_panel|/ajax/api/content_infraction/getindexablecontent|/casa/nodes/thumbprints|/ui/h5-vsan/rest/proxy/service/|/web_shell_cmd.gch|/apisix/admin/migrate/export|/jeecg-boot/jmreport/qurestsql",
		spare: spareJenkinsValidator,
		desc:  "request paths that exist only to exploit a known product flaw (Nacos Derby SQL, OFBiz XML-RPC, Oracle EBS, PrimeFaces, Jenkins checkScriptCompile, vBulletin widget render, VMware vSAN and CASA, ZTE web shell, APISIX export, JeecgBoot SQL); a Jenkins job configure page's own validator (POST /job/x/descriptorByName/...CpsFlowDefinition/checkScriptCompile, the script in the body, no value= in the query) does not count"},
	{id: "cve-known-exploit-request", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/template/aui/text-inline.vm|is_the_shittiest_lang|/tokens/rpc2|/tmunblock.cgi|setupwizard.aspx/|.php?.php/gsb/|/saas./resttosaasservlet",
		desc: "requests only an exploit sends, whatever the answer: Confluence's text-inline.vm template called directly (CVE-2023-22527), PHP-FPM's path_info underflow (/index.php/PHP%0Ais_the_shittiest_lang.php, CVE-2019-11043), TeamCity's token named RPC2 for user 1 (/app/rest/users/id:1/tokens/RPC2, CVE-2023-42793), Linksys's tmUnblock.cgi (the TheMoon worm), ScreenConnect's setup wizard with a path after it (/SetupWizard.aspx/ and /SetupWizard.aspx/x, CVE-2024-1709: the trailing part slips past the check that the setup is done; the wizard's own page, on a fresh install only, is /SetupWizard.aspx), Ivanti CSA's /client/index.php%3F.php/gsb/ (an encoded '?' that makes the gateway's PHP see an admin script, CVE-2024-8963), VMware Aria Operations for Networks' /saas./resttosaasservlet (the dot that slips past the proxy's rule, CVE-2023-20887)"},
	{id: "cve-2024-8963-ivanti-csa-gsb", cat: CVEProbe, w: 10, field: FieldPath,
		path: ".php/gsb/",
		re:   `\.php\?[^/]+\.php/gsb/`,
		desc: "Ivanti CSA's admin scripts reached through an encoded '?' with a name before .php (/client/index.php%3Fx.php/gsb/datetime.php, CVE-2024-8963), the spelling cve-known-exploit-request's .php%3F.php/gsb/ does not cover: the gateway's PHP sees the script after the '?'; no link of a site has an encoded '?' inside its path"},
	{id: "cve-2023-51467-ofbiz-auth-bypass", cat: CVEProbe, w: 10, field: FieldURI,
		path: "/control/", need: &need{FieldQuery, "requirepasswordchange=y"},
		desc: "Apache OFBiz's login skipped by requirePasswordChange=Y in the query of a /control/ request (/webtools/control/ping?USERNAME&PASSWORD=test&requirePasswordChange=Y, CVE-2023-51467 and CVE-2023-49070): OFBiz's own forms post credentials in the body, never in the URL"},
	{id: "cve-2024-3273-dlink-nas", cat: CVEProbe, w: 10, field: FieldURI,
		path: "nas_sharing.cgi", need: &need{FieldQuery, "user=messagebus"},
		desc: "D-Link NAS nas_sharing.cgi logged in as the hidden messagebus account (/cgi-bin/nas_sharing.cgi?user=messagebus&passwd=&cmd=15&system=<base64 command>, CVE-2024-3273)"},
	{id: "cve-2024-38856-ofbiz-override-view", cat: CVEProbe, w: 10, field: FieldPath,
		path: "programexport|viewdatafile",
		re:   `/control/[^/;]+[/;].*(?:programexport|viewdatafile)`,
		desc: "Apache OFBiz's Groovy runner or data-file viewer asked as the override view of another request (/webtools/control/main/ProgramExport, /control/forgotPassword/viewdatafile, /control/forgotPassword;/ProgramExport: CVE-2024-38856, CVE-2024-45195, CVE-2024-32113), whatever the answer: the first request needs no login and the view then runs without one. Admins open these tools directly (/webtools/control/ProgramExport), which does not count"},
	{id: "cve-2025-24813-tomcat-session-put", cat: CVEProbe, w: 10, field: FieldPath, check: chkTomcatSessionPut,
		desc: "a PUT of a file named *.session at the root, one directory down or with a \"..\" (PUT /3f1a694c.session, /uploads/..%5c/sessions%5c/x.session; path parameters dropped as Tomcat drops them: /x.session;jsessionid=1), whatever the answer: Tomcat's partial PUT (CVE-2025-24813) parks it in the work directory where the file session store reads it, and the exploit's next request names it in its JSESSIONID cookie to have it deserialized. Deeper, inside a user's tree, it is cve-2025-24813-tomcat-session-put-deep's"},
	{id: "cve-2025-24813-tomcat-session-put-deep", cat: CVEProbe, w: 10, field: FieldPath, check: chkTomcatSessionDeep, only: onUnserved,
		desc: "a PUT of a file named *.session two directories down or more (PUT /a/b/x.session), not answered 2xx: in full on a miss, watched when refused (409, 405, 5xx). Sync and WebDAV clients upload such files inside a user's tree and are answered 201 or 200 (a Telethon anon.session in a Nextcloud folder, a ZAP session, an editor's Default.session through rclone); the exploit's PUT that deep on a server that writes it is not seen"},
	{id: "cve-2024-51567-cyberpanel-method", cat: CVEProbe, w: 10, field: FieldPath, check: chkCyberPanelMethod,
		desc: "CyberPanel's /dataBases/upgrademysqlstatus (CVE-2024-51567) or /ftp/ and /dns/getresetstatus (CVE-2024-51378) asked with a method other than POST (PUT, OPTIONS, PATCH, GET or HEAD with a body), whatever the answer: the security middleware vetted POST bodies only and the views read the body for any method, so the exploits carry the command in another method; CyberPanel's own pages POST there from the same origin"},
	{id: "cve-2023-20198-iosxe-implant", cat: CVEProbe, w: 10, field: FieldURI,
		path: "/webui/logoutconfirm.html", need: &need{FieldQuery, "logon_hash="},
		desc: "Cisco IOS XE's /webui/logoutconfirm.html?logon_hash=1, the request that asks the implant dropped through CVE-2023-20198 to answer; the web UI's own logout page takes no logon_hash"},
	{id: "cve-2025-24893-xwiki-solrsearch", cat: CVEProbe, w: 10, field: FieldQuery,
		query: "{{async|{{groovy|{{python|{{velocity|{{script",
		re:    `(?:^|[=&])\}\}\}.*\{\{(?:async|groovy|python|velocity|script)\b`,
		desc:  "XWiki wiki syntax that closes the search text's macro (}}} at the start of a value) and opens a script macro ({{async}}, {{groovy}}, {{python}}, {{velocity}}, {{script language=...}}) in a query (/xwiki/bin/get/Main/SolrSearch?media=rss&text=}}}{{async async=false}}{{groovy}}..., CVE-2025-24893): the RSS feed renders the search text as wiki markup; a search for a macro's name does not close one first, nor does a search for the syntax ({{{verbatim}}} ... {{velocity}}: the value starts with {{{)"},
	{id: "cve-2024-7593-vtm-wizard", cat: CVEProbe, w: 10, field: FieldURI,
		path: "/apps/zxtm/wizard.fcgi", need: &need{FieldQuery, "access management:localusers"},
		desc: "Ivanti Virtual Traffic Manager's wizard asked for the local-users section (/apps/zxtm/wizard.fcgi?error=1&section=Access+Management%3ALocalUsers, CVE-2024-7593), which creates an admin without login; the admin UI reaches user management through its own pages"},
	{id: "cve-2023-3519-citrix-formssso", cat: CVEProbe, w: 10, field: FieldURI,
		path: "/gwtest/formssso", need: &need{FieldQuery, "target="},
		desc: "NetScaler's /gwtest/formssso?event=start&target=..., the stack overflow of CVE-2023-3519: a test endpoint of the gateway no user or portal page calls"},
	{id: "cve-sharepoint-toolpane", cat: CVEProbe, w: 10, field: FieldURI,
		path: "toolpane.aspx", need: &need{FieldQuery, "a=/toolpane.aspx"},
		desc: "SharePoint ToolShell (CVE-2025-53770/53771): ToolPane.aspx?DisplayMode=Edit&a=/ToolPane.aspx, the exploit's own spelling of the page"},
	{id: "cve-ognl-path-segment", cat: CVEProbe, w: 10, field: FieldPath,
		path: ".action",
		re:   `[$%]\{[^/]*\}.*\.action$`,
		desc: "an OGNL or EL expression (${...}, %{...}) as a path segment of a Struts .action URL (S2-057 /${(111+111)}/actionChain1.action, CVE-2018-11776): no Struts link carries one"},
	{id: "cve-product-endpoint-miss", cat: CVEProbe, w: 10, field: FieldPath, only: onUnserved,
		path: "imgprocess.cfm|fabric/device/status|ml-draw.py|/ssl-vpn/hipreport.esp|/clients/mycrl|/developmentserver/metadatauploader|/p/u/doauthentication.do|/functionrouter|/sdk/weblanguage|/druid/indexer/v1/sampler|/api/timelion/run|/_users/org.couchdb.user:|/webinterface/function/|/apisix/admin/|/cms_wysiwyg/directive|/owa/auth/x.js|/moveitisapi/moveitisapi.dll|/mifs/aad/api/v2/|/oa_html/syncservletbridge|/actuator/gateway/routes|/jolokia/exec|/_debugbar/open|/picsdesc.xml|/cgi-bin/viewlog.asp|/containers/json|/upgrademysqlstatus|/getresetstatus",
		re:   `/lucee/admin/imgprocess\.cfm$|^/api/fabric/device/status/?$|^/cgi-bin/ml-draw\.py$|/ssl-vpn/hipreport\.esp|/clients/mycrl|/developmentserver/metadatauploader|/p/u/doauthentication\.do|/functionrouter|/sdk/weblanguage|/druid/indexer/v1/sampler|/api/timelion/run|/_users/org\.couchdb\.user:|/webinterface/function/|/apisix/admin/|/cms_wysiwyg/directive|^/owa/auth/x\.js$|/moveitisapi/moveitisapi\.dll|/mifs/aad/api/v2/|/oa_html/syncservletbridge|/actuator/gateway/routes|/jolokia/exec|/_debugbar/open|^/picsdesc\.xml$|/cgi-bin/viewlog\.asp|^/(?:v\d+\.\d+/)?containers/json$|/databases/upgrademysqlstatus/?$|/(?:ftp|dns)/getresetstatus/?$`,
		desc: "a product endpoint that mass exploits call, answered as a miss: Lucee's /lucee/admin/imgProcess.cfm (CVE-2021-21087), FortiWeb's Fabric Connector /api/fabric/device/status as the whole path and the /cgi-bin/ml-draw.py its web shell is reached through (CVE-2025-25257), CyberPanel's /dataBases/upgrademysqlstatus and /ftp/ or /dns/getresetstatus (CVE-2024-51567, CVE-2024-51378; other methods than POST are cve-2024-51567-cyberpanel-method's), PAN-OS GlobalProtect's hipreport.esp (CVE-2024-3400), Check Point's /clients/MyCRL (CVE-2024-24919), SAP NetWeaver's metadatauploader (CVE-2025-31324), NetScaler's /p/u/doAuthentication.do (CVE-2025-5777), Spring Cloud Function's /functionRouter (CVE-2022-22963), Hikvision's /SDK/webLanguage (CVE-2021-36260), Druid's sampler (CVE-2021-25646), Kibana's Timelion (CVE-2019-7609), CouchDB user creation (CVE-2017-12635), CrushFTP's /WebInterface/function/ (CVE-2024-4040, CVE-2025-31161), APISIX's admin API with its default key (CVE-2020-13945), Magento's cms_wysiwyg/directive (Shoplift, CVE-2015-1397), Exchange's /owa/auth/x.js (ProxyLogon, CVE-2021-26855), MOVEit's moveitisapi.dll (CVE-2023-34362), Ivanti EPMM's /mifs/aad/api/v2/ (CVE-2023-35078), Oracle EBS's SyncServletBridge (CVE-2025-61882), Spring Cloud Gateway's /actuator/gateway/routes (CVE-2022-22947), Jolokia's exec (JMX MBean calls), Laravel Debugbar's stored requests (/_debugbar/open), Realtek SDK's UPnP /picsdesc.xml (CVE-2014-8361), the router CGI /cgi-bin/ViewLog.asp, Docker's Engine API (/v1.24/containers/json: a daemon exposed on the web port). /owa/auth/x.js, /picsdesc.xml and the Docker API count only as the whole path (/static/owa/auth/x.js, /downloads/picsdesc.xml and the Docker docs' /docs/engine/api/v1.43/containers/json are a site's own). The product's own clients call these paths on a site running it (Kibana's Timelion sheets, a CouchDB app's sign-up, Druid's console, Magento's editor, hawtio), where they are answered 2xx: nothing then, in full on a miss, watch weight (5) when refused or redirected (401, 403, 405, 302, 5xx)"},
	{id: "cve-2024-50623-cleo-sync-post", cat: CVEProbe, w: 10, field: FieldPath, check: chkCleoSyncPost, only: onUnserved,
		desc: "a POST to Cleo Harmony, VLTrader and LexiCom's /Synchronization (the whole path) answered as a miss: the upload step of CVE-2024-50623 and CVE-2024-55956 on a site without Cleo; people who ask the name follow a link (a removed docs page, a wiki's red link) and GET it, which does not count: the exploit's GET (a file read through the VLSync header) alone is not seen. Cleo nodes syncing with each other are answered 2xx: nothing then, watched when refused"},
	// A WordPress plugin's exploited REST route or AJAX action asked of a
	// site that lacks the plugin: WordPress answers an unknown route 404
	// (rest_no_route), so on a miss nobody but a plugin sweep asks it; the
	// plugin's own users are answered 2xx and never count, and a refusal
	// (401, 403: a nonce gone stale) is only watched (session 14, attacks6
	// wp-plugin-cve-sweep-2025).
	{id: "cve-wp-plugin-route-miss", cat: CVEProbe, w: 10, field: FieldURI, only: onUnserved, method: "POST",
		path:  "reallysimplessl/|bricks/v|sure-triggers/|post-smtp/",
		query: "reallysimplessl/|bricks/v|sure-triggers/|post-smtp/|give_process_donation",
		re:    `(?:/wp-json|(?:^|&)rest_route=)/(?:reallysimplessl/v\d+/two_fa/(?:skip_onboarding|verify_email|resend_email)|bricks/v\d+/render_element|sure-triggers/v\d+/automation/action|post-smtp/v\d+/connect-app)(?:/|$|&)|(?:^|&)action=give_process_donation(?:&|$)`,
		desc:  "a 2024-25 WordPress plugin exploit's route, by /wp-json/ or ?rest_route=, POSTed as the exploits do and not answered 2xx: Really Simple Security's two_fa/skip_onboarding (CVE-2024-10924), Bricks Builder's render_element (CVE-2024-25600), OttoKit/SureTriggers' automation/action (CVE-2025-3102), Post SMTP's connect-app (CVE-2025-24000), and GiveWP's give_process_donation named in the query string (CVE-2024-5932; the plugin's donation form sends its action in the POST body, so an ordinary donation logs a bare /wp-admin/admin-ajax.php and is not seen): in full on a miss (WordPress answers a route no plugin registered 404), watched when refused (401, 403, and admin-ajax's 400 for an action nobody registered, as the miss status cannot tell it from a refused form). Users of the plugin are answered 2xx: nothing then. A ?_method=POST in the query counts as the POST it is (WordPress's REST server applies it whatever the method: GET /wp-json/bricks/v1/render_element?_method=POST); the X-HTTP-Method-Override header does the same but is not in an access log, so a GET carrying it is judged a GET. Another method is cve-wp-plugin-route-other-method's (WordPress answers 404 rest_no_route for a registered route asked with a method it does not take, so a crawler walking /wp-json/ GETs these POST-only routes and misses). What passes at once: OttoKit's cloud POSTing automation/action to a site that removed the plugin is the exploit's request to the byte and is banned"},
	// The same routes asked with another method than the exploit's, and
	// Post SMTP's get-logs (a GET the plugin's mobile app polls with; the
	// exploit must first register through connect-app): watched on a miss
	// or a refusal (5), nothing served. Listed after the POST one, which it
	// yields to (fallback).
	{id: "cve-wp-plugin-route-other-method", cat: CVEProbe, w: WatchWeight, field: FieldURI, only: onUnserved, fallback: true,
		path:  "reallysimplessl/|bricks/v|sure-triggers/|post-smtp/",
		query: "reallysimplessl/|bricks/v|sure-triggers/|post-smtp/|give_process_donation",
		re:    `(?:/wp-json|(?:^|&)rest_route=)/(?:reallysimplessl/v\d+/two_fa/(?:skip_onboarding|verify_email|resend_email)|bricks/v\d+/render_element|sure-triggers/v\d+/automation/action|post-smtp/v\d+/(?:connect-app|get-logs|get-log))(?:/|$|&)|(?:^|&)action=give_process_donation(?:&|$)`,
		desc:  "cve-wp-plugin-route-miss's routes asked with another method than POST (a crawler walking the /wp-json/ index, an admin opening a route in the browser: WordPress answers 404 rest_no_route for a route asked with a method it does not take), and Post SMTP's get-logs (CVE-2025-24000: the plugin's mobile app polls it, also after the plugin was deactivated; the exploit must first register through connect-app), not answered 2xx: watched (5), so a sweep of two such routes bans, one request does not"},
	{id: "cve-product-word-endpoint-miss", cat: CVEProbe, w: 5, field: FieldPath, only: onUnserved,
		path: "/api/v1/validate/code",
		re:   `^/api/v1/validate/code/?$`,
		desc: "Langflow's /api/v1/validate/code (CVE-2025-3248) as the whole path, answered as a miss: 5, two needed, because the name is also an ordinary route (a shop's promo-code check answering an unknown code 404); an exploit that sends this one request is watched until another probe. Langflow's editor calls it, answered 2xx: nothing then, watched when refused"},
	// 2025 exploit chains (session 16, attacks8 exploit-chains-2025-h2):
	// what each exploit's request must carry to work, not the product's
	// path alone. The product's own users send the same paths, answered
	// 2xx, and never these parameters.
	{id: "cve-2025-34028-commvault-deploy", cat: CVEProbe, w: 10, field: FieldQuery,
		query: "servicepack=", need: &need{FieldPath, "/deploywebpackage.do"},
		re:   `(?:^|&)servicepack=[^&]*\.\.[/\\]`,
		desc: "Commvault Command Center's /commandcenter/deployWebpackage.do with a servicePack that climbs out of the package directory (servicePack=../../Apache/webapps/ROOT, CVE-2025-34028: the unauthenticated endpoint unpacks a fetched ZIP where servicePack says, a web shell in the web root): the Command Center's own deployment names a service pack (SP38), never a ../ path; any answer, as the traversal is the exploit"},
	{id: "cve-2025-53690-sitecore-viewstate", cat: CVEProbe, w: 10, field: FieldPath,
		path: "^/sitecore/", need: &need{FieldQuery, "__viewstate="},
		re:   `^/sitecore/`,
		desc: "a __VIEWSTATE carried in the query string of a Sitecore page under the root's /sitecore/ (the path must start so: a site's own page under /en/sitecore/ with a WebForms GET form, its ViewState in the URL, does not count, review rev-sig s16 item 5) (POST /sitecore/blocked.aspx?__VIEWSTATE=/wEy..., CVE-2025-53690: a ViewState signed with the sample machine key of old install guides, deserialised by the error and service pages, which no button posts back to). WebForms posts its ViewState in the body; Sitecore's shell and login forms are POST forms, so a ViewState in the URL is the exploit's own spelling. The same exploit with the ViewState in the body logs a bare POST /sitecore/blocked.aspx, which stays a hint (probe-aspnet-endpoint, probe-product-console); any answer"},
	{id: "cve-2025-59287-wsus-reporting", cat: CVEProbe, w: 10, field: FieldPath, only: onUnserved, method: "POST",
		path: "/reportingwebservice/reportingwebservice.asmx",
		re:   `^/reportingwebservice/reportingwebservice\.asmx/?$`,
		desc: "a POST to WSUS's /ReportingWebService/ReportingWebService.asmx (the whole path) (a trailing slash too: IIS serves the same handler, review rev-sig s16 item 7) not served: the ReportEventBatch call that carries CVE-2025-59287's serialised payload, on a host without WSUS (in full on a miss). Windows Update clients report there only after a working WSUS gave them a cookie (SimpleAuth, Client.asmx), so a client of a decommissioned WSUS stops before it; they are answered 2xx by a WSUS: nothing then; refused or failing (an overloaded WSUS answering 503) is watched (5)"},
	{id: "cve-2025-59287-wsus-cookie-miss", cat: CVEProbe, w: 5, field: FieldPath, only: onMiss, method: "POST",
		path: "/clientwebservice/client.asmx",
		re:   `^/clientwebservice/client\.asmx/?$`,
		desc: "a POST to WSUS's client web service (/ClientWebService/Client.asmx, the whole path) answered as a miss: CVE-2025-59287's GetCookie before its reporting call, on a host without WSUS; 5, two needed (the reporting call refused, 5, completes the chain), as a Windows client still pointed at a decommissioned WSUS asks it too, with SimpleAuth.asmx (probe-aspnet-endpoint's 2: 7, watched), and stops there: without a cookie it never reports. Any other answer (a WSUS answering 503 under load) does not count"},
	{id: "cve-2025-47812-wingftp-login-miss", cat: CVEProbe, w: 10, field: FieldPath, only: onUnserved, method: "POST",
		path: "/loginok.html",
		re:   `^/loginok\.html$`,
		desc: "a POST to Wing FTP Server's web client login handler /loginok.html (the whole path) not served: the step of CVE-2025-47812 that smuggles Lua after a NUL in the user name (the body, not in the log) on a host without Wing FTP, in full on a miss. Wing FTP answers its users' logins 2xx (wrong passwords too): nothing then; refused or failing is watched (5)"},
	{id: "cve-crushftp-root-miss", cat: CVEProbe, w: 5, field: FieldPath, only: onMiss,
		path: "/webinterface/",
		re:   `^/webinterface/(?:login\.html)?$`,
		desc: "CrushFTP's web interface root (/WebInterface/, /WebInterface/login.html) answered as a miss: the host runs no CrushFTP, so its /WebInterface/function/ calls that follow (cve-product-endpoint-miss, watched when refused) are a sweep's; 5, two needed: a user with a stale bookmark asks the root alone. A CrushFTP host serves it: nothing then, nor when refused or failing"},
	{id: "probe-mlflow-api-miss", cat: CVEProbe, w: 5, field: FieldPath, only: onMiss,
		path: "/ajax-api/2.0/mlflow/experiments/list",
		re:   `^/ajax-api/2\.0/mlflow/experiments/list(?:$|/)`,
		desc: "MLflow's web UI API's experiments/list (/ajax-api/2.0/mlflow/experiments/list, the call exploits and sweeps copy from MLflow 1.x proofs of concept; MLflow 2.0 removed it, its UI calls experiments/search, runs/search, registered-models/search) answered as a miss: an AI-infrastructure sweep on a host without MLflow; 5, two needed. The UI's own calls do not count: an MLflow UI behind a proxy that misroutes /ajax-api/ gets a 404 for each with the same site's Referer (review rev-sig s16 item 6; what passes: a sweep asking the 2.x search calls, probe-product-console's 2-point hint). An MLflow client with a wrong tracking URI calls /api/2.0/mlflow/ (not this, probe-product-console's 2-point hint); an MLflow server answers it: nothing then"},
	{id: "cve-product-query-miss", cat: CVEProbe, w: 10, field: FieldQuery, only: onUnserved,
		query: "s=captcha|p=admin/actions/assets/generate-transform", need: &need{FieldPath, "/index.php"},
		re:   `(?:^|&)(?:s=captcha|p=admin/actions/assets/generate-transform)(?:&|$)`,
		desc: "a product's request that mass exploits send to /index.php, answered as a miss: ThinkPHP's ?s=captcha (the 5.0 RCE), Craft CMS's ?p=admin/actions/assets/generate-transform (CVE-2025-32432). A site running the product answers them 2xx: nothing then, in full on a miss, watch weight (5) otherwise"},
	{id: "cve-magento-cart-miss", cat: CVEProbe, w: 10, field: FieldPath, only: onUnserved,
		path: "/estimate-shipping-methods",
		re:   `/rest/(?:[a-z_]+/)?v1/guest-carts/\d{1,9}/estimate-shipping-methods$`,
		desc: "Magento's guest-cart shipping estimate for a numeric cart id, answered as a miss: CosmicSting (CVE-2024-34102) sends cart 1; real guest carts have 32-character masked ids. Nothing when answered 2xx, watch weight (5) when neither served nor missed"},
	{id: "cisco-ios-http-exec", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/level/",
		re:   `/level/\d+/exec/`,
		desc: "Cisco IOS HTTP server privilege-level command execution (/level/16/exec/show/config, CVE-2001-0537)"},

	{id: "path-param-bypass", cat: CVEProbe, w: 10, field: FieldPath,
		path: "/.;/",
		desc: "a '/.;/' segment, which Tomcat and Spring read as '/./' while a proxy's access rules do not (MobileIron /mifs/.;/services/, CVE-2020-15505 and kin)"},
	{id: "path-param-empty", cat: CVEProbe, w: 5, field: FieldPath, check: chkPathParamEmpty,
		desc: "a path segment ended by a path parameter without a value before the next segment (/api;/config, /api;x/config, /roles/option;%2fv1%2fping, /..;/): Tomcat, Jetty and Spring drop ';' and what follows in a segment while a proxy's or filter's access rules match the raw path, so this spelling reaches a protected path past them; links and browsers never write it. A ';' ending a character reference (/a&nbsp;/b, a crawler's bad link) does not count, nor a parameter with a value (;jsessionid=x, matrix parameters ;color=red), which links carry; two are needed"},
	{id: "probe-secret-extension", cat: Probe, w: 1, field: FieldPath, check: chkSecretExt, only: onMiss,
		desc: "a file of a kind that holds data or secrets, by its extension or copy shape whatever its name, answered as a miss: database files at any depth (.bson, .mdf, .ldf, .frm, .myd, .ibd, .dbf, .fdb, .gdb, and .sqlite, .db3 below the root; .db is left out, package repositories and Thumbs.db are missed by ordinary clients), memory and traffic dumps (.dmp, .core, .pcap, .pcapng, .har; heap dumps are sensitive-core-dump's), VPN and remote-desktop profiles (.ovpn, .rdp), configuration by extension (.env; .properties but language bundles and the Gradle wrapper's; .yml, .yaml and .toml below the root named as configuration or secrets, not API descriptions, locales, update channels or /.well-known/), compressed files the archive hint does not read (/x.7z, /x.gz, /x.xz, /x.lz at the root), shell, Python, Ruby and Perl scripts at the root asked for without a query (an old wiki's /wiki.pl?Page links carry one; published install scripts left out), and copies of server source (/x.php-, /x.php.txt, /x.php.old.txt, /x.inc.txt, /x.php~, /Copy of x.php, /x - Copy.php, /x (copy).php, /x.copy.php, /x(1).php): a scanner's guess by family, 1 point: a crawler's or a user's stale links to such files add up to no ban (at 3 points Googlebot's four stale /wiki.pl links banned); it feeds the word-list backstop"},
	{id: "sensitive-credential-words", cat: SensitiveFile, w: 5, field: FieldPath, check: chkTokenFileCred, only: onMiss,
		desc: "a file whose name's words name credentials or keys (password, passwd, credentials, creds, secrets, apikey, privkey, wallet, keystore, logins; alone or joined: admin_passwords, userpasswords) with an extension of a dump, an export or a key store (.txt, .csv, .sql, .json, .xlsx, .bak, .log, .env, .kdbx, .pem, .key, .p12 ...), answered as a miss: a hunt for leaked credentials by word list (/passwords.txt, /db-credentials.json, /backup/api_keys.env), whatever the spelling; pages, scripts and documents (/password-reset, /forgot-password.php, /help/passwords.pdf) do not count, nor a site's own file (served); two are needed"},
	{id: "sensitive-certain-name", cat: SensitiveFile, w: 10, field: FieldPath, check: chkCertainName, only: onMiss,
		desc: "a name with no innocent reading, by structure, answered as a miss: credential stores of tools and clients at any depth (.git-credentials, .npmrc, .pypirc, .netrc, .pgpass, .my.cnf, .s3cfg, .dockercfg, .htpasswd, .envrc, .vault_pass, sftp-config.json, filezilla.xml, winscp.ini), framework secrets and cloud keys at the root or one directory down (master.key, credentials.yml.enc, secrets.*, credentials.* of data kinds, service-account*.json, client_secret*.json, google-services.json, kubeconfig, terraform.tfstate, terraform.tfvars; firebase.json at the root only), .env.* (below one directory down, not a template: .env.example, .sample, .dist, .template a docs page links) and id_rsa/id_dsa/id_ecdsa/id_ed25519 with an optional _word or a dotted suffix (not .pub or .pub.*, not a page about them, not a slug: id_rsa-vs-id_ed25519), key stores and state by extension (.kdbx, .tfstate, .tfvars, .ppk, .jks, .keystore), any of these with a backup or archive suffix (.bak, .old, .orig, .save, .swp, ~, .zip, .tar.gz ...), and anything under a tool's secret directory (/.aws/, /.ssh/, /.gnupg/, /.kube/, /.docker/, /.azure/, /.terraform/, /.huggingface/, /.ollama/, /.kaggle/, /.config/gh/, /.config/github-copilot/); AI and coding tools' configuration and credentials: a tool's dot-directory as the first or second segment (the second not under a docs or examples directory: /docs/.cursor/mcp.json is a docs page's link) with its config, token or MCP file (/.cursor/mcp.json, /.claude/settings.json, /.continue/config.json, /.codex/auth.json, /.gemini/oauth_creds.json, /.windsurf/mcp_config.json), their dotfiles (.claude.json, .mcp.json, .aider.conf.yml) at the root or one directory down, not under /docs/ or /examples/, an AI vendor's name as a configuration file's stem at the root (/langchain.env, /openai.json) or one directory down as a dotenv file or in a configuration directory (/secrets/groq.env, /config/openai.yaml; a site about AI names its data and logos so: /data/openai.json, /logos/openai.json do not count), a dotenv file at the root (/openai.env, not /example.env), /mcp.json and kaggle.json at the root, api_keys.json or a development-only debugging endpoint (/__debug__/, /_debugbar/, /_ignition/, /debug/pprof/, /_profiler/phpinfo, /_profiler/open, /actuator/heapdump, env, configprops, threaddump): one request bans. Names pages, apps and monitors do carry stay out (/config.json a single-page app loads, /appsettings.Development.json a Blazor app loads, /server-status, /actuator/health, phpinfo.php, trace.axd, /debug/vars, other /_profiler/ pages, .p12 and .pfx a portal hands out, /mcp, /sse and /.well-known/mcp.json an MCP server answers, a repository's raw view deep in a forge's path, /openapi.yaml)"},
	{id: "probe-data-words", cat: Probe, w: 2, field: FieldPath, check: chkTokenFileData, only: onMiss,
		desc: "a file whose name's words name a backup, a dump, a database or a list of accounts or customers (backup, dump, sql, db, database, leak, emails, customers, users, accounts; alone or joined: dbbackup, sqldump), or credentials in an archive or configuration file, with an extension of data, an archive or configuration (.json, .csv, .txt, .xml, .zip, .yml ...), answered as a miss: a word-list hunt for leaked data; a site's own exports are served, pages and scripts (/members, /download, /backup-service.html) do not count; 2 points"},
	{id: "probe-cve-named-file", cat: Probe, w: 1, field: FieldPath, only: onMiss,
		path: "cve-|cve_",
		re:   `/cve[-_](?:19|20)\d\d[-_]\d{4,7}[\w.-]*\.[a-z0-9]{2,5}$`,
		not:  `\.(?:html?|xhtml|shtml|json|xml|pdf|txt|md|csv|asc|sig|rss|atom)$`,
		desc: "a file named after a CVE identifier (/resources/fonts/CVE-2023-41265.ttf, /CVE_2021_1234.php), answered as a miss, query or not: exploit templates name their marker files so; documents are left out (an advisory's .html, .json, .xml, .pdf, .txt: moved advisory pages and VEX/CSAF files per CVE are what readers and clients miss), as are a site's advisory pages (/blog/cve-2023-41265-explained/); 1 point"},
	{id: "webshell-upload-dir", cat: Webshell, w: 10, field: FieldPath,
		path: "/wp-content/uploads/|/aspnet_client/",
		re:   `/wp-content/uploads/.*\.(?:php\d?|phtml|phar|pht)$|/aspnet_client/.*\.(?:aspx?|ashx|asmx)$`,
		desc: "a script run from a directory that only holds uploads or static files (/wp-content/uploads/x.php, /aspnet_client/system_web/x.aspx, where ProxyLogon shells were dropped)"},

	{id: "encoded-payload-base64", cat: CVEProbe, w: 10, field: FieldURI,
		path:  "phnjcmlwd|phn2zy9vbmxvywq|zmlszto|li4vli4vli4v|l2v0yy9wyxnzd2q|pd9waha|jhtqbmrpo|kckgeya6oyb9ow|pgltzybzcm|xpbwcgc3jj|8aw1nihny|9uzxjyb3i9|vbmvycm9y|vbmxvywq9|ywxlcnqo|phdmfzy3jpchq6|qyxzhc2nyaxb0|amf2yxnjcmlw|zg9jdw1lbnquzg9tywlu|rvy3vtzw50lmrvbwfp|kb2n1bwvudc5kb21h|9ldgmvcgfzc3dk|vzxrjl3bhc3n3|8c2nyaxb0|ke2puzgk6|4uly4uly4u|uli8uli8u|b25lcnjvcj0",
		query: "phnjcmlwd|phn2zy9vbmxvywq|zmlszto|li4vli4vli4v|l2v0yy9wyxnzd2q|pd9waha|jhtqbmrpo|kckgeya6oyb9ow|pgltzybzcm|xpbwcgc3jj|8aw1nihny|9uzxjyb3i9|vbmvycm9y|vbmxvywq9|ywxlcnqo|phdmfzy3jpchq6|qyxzhc2nyaxb0|amf2yxnjcmlw|zg9jdw1lbnquzg9tywlu|rvy3vtzw50lmrvbwfp|kb2n1bwvudc5kb21h|9ldgmvcgfzc3dk|vzxrjl3bhc3n3|8c2nyaxb0|ke2puzgk6|4uly4uly4u|uli8uli8u|b25lcnjvcj0",
		desc:  "base64 of attack payloads in the path or query, at each of the three byte alignments where it matters (<script, <img src, onerror=, alert(, javascript:, document.domain, <svg/onload, file://, ../../../, /etc/passwd, <?php, ${jndi:, () { :; };)"},
	{id: "deserialization-type-tag", cat: CVEProbe, w: 10, field: FieldQuery,
		query: "\"@type\"|!!python/|!!java|!!javax|!!com.|!!org.|!!sun.|!!net.|[\"com.|[\"org.|[\"java",
		re:    deserTypeTagRe,
		desc:  "a serializer's type tag naming a class to build, in a parameter: Fastjson's \"@type\":\"com.sun.rowset.JdbcRowSetImpl\" (a dotted Java class name, with its L...; descriptor too), Jackson's polymorphic [\"com.x.Y\",{...}], a YAML global tag with a class (!!javax.script.ScriptEngineManager, SnakeYAML) or PyYAML's !!python/object, !!python/name, !!python/module: a gadget for a deserializing endpoint; JSON-LD's \"@type\":\"Product\" or a URL type, and YAML's own !!str, !!int, !!map, name no class and do not count"},
	{id: "prototype-pollution-param", cat: CVEProbe, w: 10, field: FieldQuery,
		query: "__proto__|[prototype]|.prototype|\"prototype\"",
		re:    `(?:^|&)[^=&]*(?:__proto__|constructor(?:\]?\[|\.)prototype\b)[^=&]*=|"__proto__"\s*:|\bconstructor"?\s*:\s*\{\s*"?prototype"?\s*:`,
		desc:  "JavaScript prototype pollution: __proto__ or constructor[prototype] / constructor.prototype in a parameter's name (?__proto__[isAdmin]=true, ?constructor[prototype][x]=1, as qs and jQuery's deparam build objects), or as a key of a JSON value ({\"__proto__\":{...}}, {\"constructor\":{\"prototype\":...}}): no form or API names a field so; a search about it (q=__proto__ pollution) names it in a value and does not count"},
	{id: "php-magic-method-call", cat: CVEProbe, w: 10, field: FieldQuery,
		query: "=__construct|=__destruct|=__call|=__invoke|=__wakeup|=__tostring|=__get|=__set|=__unserialize",
		re:    `(?:^|&)(?:_method|method|action|act|func|function|fn|callback|cb|handler|call|do|op|m|a)=__(?:construct|destruct|call|callstatic|invoke|wakeup|tostring|get|set|unserialize)(?:&|$)`,
		desc:  "a PHP magic method as the method a dispatcher is told to call (_method=__construct, action=__destruct, callback=__invoke): a framework that routes a parameter to a method by name runs the constructor or a gadget with the request's other parameters (ThinkPHP 5's _method=__construct&filter[]=system); no application names its own action so; a search about it (q=__construct) is in another parameter and does not count"},
	{id: "deserialization-object", cat: CVEProbe, w: 10, field: FieldURI,
		path:  "ro0ab|aced0005|tzox|tzoy|tzoz|tzo0|tzo1|tzo2|tzo3|tzo4|tzo5",
		query: "ro0ab|aced0005|tzox|tzoy|tzoz|tzo0|tzo1|tzo2|tzo3|tzo4|tzo5|\":0:{|\":1:{|\":2:{|\":3:{|\":4:{|\":5:{|\":6:{|\":7:{|\":8:{|\":9:{",
		re:    `(?:^|[=/&;:\s"'(])(?:ro0ab[a-z0-9+/]{8}|aced0005)|(?:^|[=&;\s"'({])o:\d+:"[a-z_\\][\w\\]*":\d+:\{|(?:^|[=/&;:\s"'(])tzo[x-z0-5](?:oij|[mn][djtz]oi|o[dt]o)[a-z0-9+/]{6,}`,
		desc:  "a serialized object where text belongs: Java serialization in base64 (rO0AB...) or hex (aced0005), a PHP object (O:8:\"stdClass\":1:{...}) plain or in base64 (TzoyMzoi...): a gadget chain for a deserializing endpoint"},
	{id: "path-param-static-suffix", cat: CVEProbe, w: 10, field: FieldURI,
		path:  ";.js|;.css|;.png|;.ico|;.gif|;.svg|;.htm|;swagger|;.woff",
		query: ";.js|;.css|;.png|;.ico|;.gif|;.svg|;.htm|;swagger|;.woff",
		re:    `;[^/?&=]*\.(?:jsp|js|css|png|ico|gif|svg|html?|woff2?)(?:$|[/?&])|;swagger`,
		desc:  "a path parameter that dresses a protected path as a static file (/app/rest/server;.jsp, /api/verification;swagger-ui/, /admin;.css): Tomcat and Spring drop the ';...' part, while a filter that lets static files pass without login reads the suffix (TeamCity, Spring Security and kin)"},
	{id: "probe-config-export", cat: Probe, w: 5, field: FieldPath,
		path: "getcfg|get_cfg|get-cfg|exportcfg|export_cfg|export-cfg|downloadcfg|backupcfg|dumpcfg|.dat|.bin",
		re:   `/(?:get|export|download|backup|dump)[_-]?cfg[a-z0-9_-]*(?:\.(?:php|cgi|dat|bin|asp|xml|json|tar|gz))?$|/[a-z_-]*(?:cfg|config|settings)[a-z_-]*\.(?:dat|bin)$`,
		desc: "configuration export pages of routers, cameras and appliances (/getcfg.php, /cgi-bin/exportCfgwithpasswd, /backupsettings.dat, /config.bin): they hand out admin passwords"},
	{id: "symfony-fragment", cat: CVEProbe, w: 10, field: FieldURI,
		path: "/_fragment", need: &need{FieldQuery, "_path="},
		desc: "Symfony /_fragment with a _path (signed-fragment remote code execution when the secret is known or default)"},
	{id: "iis-codered", cat: CVEProbe, w: 10, field: FieldPath,
		path: ".ida|.idq|.printer|.htw", pos: posEnd,
		desc: "IIS Indexing Service and printer ISAPI extensions (/default.ida?NNNN, CodeRed; /NULL.printer; .htw), buffer-overflow worms' targets"},
	{id: "iis-nimda", cat: CVEProbe, w: 10, field: FieldPath,
		path: "cmd.exe|root.exe|/_mem_bin/|/msadc/|/winnt/system32|/scripts/..|/_vti_bin/..|/iisadmpwd/|/iissamples/|admin.dll|msadcs.dll|shell.exe",
		re:   `(?:cmd|root|shell)\.exe\b|/_mem_bin/|/msadc/|/winnt/system32|/scripts/\.\.|/_vti_bin/\.\.|/iisadmpwd/|/iissamples/|/admin\.dll$|msadcs\.dll`,
		desc: "Nimda and other IIS worm requests (/scripts/root.exe?/c+dir, /c/winnt/system32/cmd.exe, /_vti_bin/..%255c.., /MSADC/msadcs.dll)"},
	{id: "iis-isapi-overflow", cat: CVEProbe, w: 10, field: FieldPath,
		path: "nsiislog.dll|fp30reg.dll|fp4areg.dll|/iisprotect/|ism.dll|/scripts/tools/newdsn.exe",
		desc: "IIS ISAPI extensions that worms overflowed (nsiislog.dll, FrontPage fp30reg.dll / fp4areg.dll)"},
	{id: "overflow-long-request", cat: CVEProbe, w: 10, field: FieldURI, check: chkOverflow,
		desc: "an overflow-length request: a path of 2048 bytes or more, 200 identical bytes in a row in the path or query, or a path of raw machine code (control bytes, invalid UTF-8) as the WebDAV SEARCH and CodeRed overflows send"},

	// --- Sensitive files ---------------------------------------------------------
	{id: "sensitive-env-file", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "/.env",
		re:   `/\.env(?:[._-][a-z0-9_.-]*)?(?:/|$)`,
		not:  `\.(?:example|sample|dist|template)(?:\.(?:html?|md|pdf))?$`,
		desc: "a .env file (/.env, /.env.production, /api/.env); a template (.env.example, .sample, .dist, .template) and a page or document about a template (/docs/.env.example.html) hold no secret; a page extension on any other .env name counts (/.env%00.html is /.env after a NUL cut, review rev-sig s16: the NUL is gone from the normalised path)"},
	{id: "sensitive-vcs", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "/.git|/.svn|/.hg|/.bzr|/cvs/|/.cvs|/_darcs|/.subversion",
		re:   `/(?:\.git|\.svn|\.hg|\.bzr|\.cvs|_darcs|\.subversion)(?:/|$)|/\.gitconfig$|/\.cvsignore$|/cvs/(?:entries|root|repository)$`,
		desc: "version-control metadata (/.git/, /.svn/, /.hg/, CVS/Entries)"},
	{id: "sensitive-shell-history", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "_history|/.history|/.viminfo|/.lesshst",
		re:   `/\.[a-z_]*history$|/\.viminfo$|/\.lesshst$`,
		desc: "shell and client history files (/.bash_history, /.mysql_history)"},
	{id: "sensitive-home-dotfile", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "/.bashrc|/.bash_profile|/.bash_logout|/.zshrc|/.cshrc|/.ssh|/.rhosts|/.forward|/.netrc|/.passwd|/.pwd|/.gnupg",
		re:   `/\.(?:bashrc|bash_profile|bash_logout|zshrc|cshrc|ssh|rhosts|forward|netrc|passwd|pwd|gnupg)(?:/|$)`,
		desc: "home-directory dotfiles that hold keys or shell setup (/.bashrc, /.ssh, /.netrc, /.gnupg)"},
	{id: "sensitive-dot-misc", cat: SensitiveFile, w: 5, field: FieldPath,
		path: "/.profile|/.cache|/.config|/.perf|/.listing|/.vimrc",
		re:   `/\.(?:profile|cache|config|perf|listings?|vimrc)(?:/|$)`,
		desc: "other dotfiles and dot-directories (/.config, /.cache, /.profile), which some apps do serve"},
	{id: "sensitive-ssh-key", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "id_rsa|id_dsa|id_ecdsa|id_ed25519|ssh_host_",
		re:   `/id_(?:rsa|dsa|ecdsa|ed25519)$|/ssh_host_(?:rsa|dsa|ecdsa|ed25519)_key(?:\.pub)?$`,
		desc: "SSH private key files (/id_rsa, /.ssh/id_ed25519) and the server's own host keys (/ssh_host_rsa_key, /etc/ssh/ssh_host_ed25519_key); a user's public key (/id_rsa.pub, /keys/id_ed25519.pub) is published on purpose and holds no secret (under /.ssh/ it still counts, as sensitive-home-dotfile and sensitive-certain-name)"},
	{id: "sensitive-credentials", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "/.htpasswd|/.git-credentials|/.aws/|/.npmrc|/.pgpass|/.my.cnf|/.s3cfg|/.dockercfg|/.docker/config.json|/.kube/config|sftp-config.json|/.vscode/sftp.json|/.ftpconfig|filezilla.xml|sitemanager.xml|recentservers.xml|/.boto",
		desc: "credential stores (/.htpasswd, /.aws/credentials, /.git-credentials, sftp-config.json, FileZilla's sitemanager.xml and recentservers.xml, which keep each server's password)"},
	{id: "sensitive-secret-store", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "/.pypirc|/.gem/|/.composer/|ws_ftp.ini|/wallet.dat|kubeconfig|.tfstate|.tfvars|/vault.y|/secrets.y|/.secret|/.token",
		re:   `/\.pypirc$|/\.gem/credentials$|/\.composer/auth\.json$|^/ws_ftp\.ini$|^/wallet\.dat$|^/\.?kubeconfig(?:\.ya?ml)?$|/\.kube/\.?kubeconfig(?:\.ya?ml)?$|^/[^/]+\.tfstate(?:\.backup)?$|^/terraform\.tfvars(?:\.json)?$|^/(?:vault|secrets)\.ya?ml$|/\.(?:secrets?|tokens?)(?:\.[a-z]+)?$`,
		desc: "credential stores of package managers, FTP clients, wallets and deploy tools (/.pypirc, /.gem/credentials, /.composer/auth.json, /WS_FTP.ini, /wallet.dat, /kubeconfig, /.kube/kubeconfig, /terraform.tfstate, /terraform.tfvars, /secrets.yaml, /vault.yml, /.secrets, /.token): the dotfiles at any depth, the others at the web root, where no site keeps them; deeper, the same names are a cluster API's or a chart's own (/v4/lke/clusters/1/kubeconfig, /charts/x/templates/secrets.yaml) and count as sensitive-secret-store-miss"},
	{id: "sensitive-secret-store-miss", cat: SensitiveFile, w: 10, field: FieldPath, only: onMiss,
		path: "ws_ftp.ini|/wallet.dat|kubeconfig|.tfstate|.tfvars|/vault.y|/secrets.y|app_data/",
		re:   `/ws_ftp\.ini$|/wallet\.dat$|/\.?kubeconfig(?:\.ya?ml)?$|\.tfstate(?:\.backup)?$|\.tfvars(?:\.json)?$|/(?:vault|secrets)\.ya?ml$|/app_data/`,
		desc: "the credential stores of sensitive-secret-store below the web root (/backup/WS_FTP.ini, /infra/terraform.tfstate, /deploy/kubeconfig, /config/secrets.yml) and ASP.NET's App_Data (/App_Data/site.mdf), answered as a miss: a cluster API, a Helm chart or an install guide serves such names (/v4/lke/clusters/1/kubeconfig, /charts/x/templates/secrets.yaml, /docs/kubeconfig), and IIS answers every App_Data request 404, so a miss loses nothing there"},
	{id: "sensitive-wp-config", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "wp-config",
		re:   `/\.?wp-config(?:\.php)?(?:[~#!]|\.~|\.[a-z0-9_]+|_[a-z0-9]+)*$`,
		desc: "wp-config.php and its editor and backup copies (wp-config.php~, .wp-config.php.swp, wp-config.php.bak, wp-config.old)"},
	{id: "sensitive-config-backup", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "config|settings|database|/db.|conn|/web.|application|parameters|secret|credentials",
		re:   `/(?:configuration|config|settings|local_?settings|database|db|conn(?:ection)?|web|application|parameters|secrets?|credentials)\.(?:php\d?|inc|ini|ya?ml|json|xml|config|conf|cfg|env|py|rb|js)(?:~|\.(?:bak|old|orig|original|save|swp|swo|tmp|txt|dist|copy|backup|sav|\d))$`,
		desc: "backup or editor copies of configuration files (config.php.bak, settings.py~, web.config.old)"},
	{id: "sensitive-backup-archive", cat: SensitiveFile, w: 10, field: FieldPath, check: chkBackupFile,
		desc: "a backup archive or SQL dump at the web root (/backup.zip, /db.sql, /example.com.tar.gz)"},
	{id: "sensitive-backup-archive-miss", cat: SensitiveFile, w: 10, field: FieldPath, check: chkBackupFileMiss, only: onMiss,
		desc: "an archive at the web root named as a backup script names the site but as a site names its downloads too (/release.zip, /package.zip, /website.zip, /output.zip, /2024.zip, /webapps.tar.gz), or compressed the way backup scripts also do (/www.Z, /site.lz, /src.tar.lz, /ROOT.war, /webapp.war), answered as a miss: where the file is there, it is the site's download (/app.jar, /release.tar.gz)"},
	{id: "sensitive-db-file", cat: SensitiveFile, w: 10, field: FieldPath, check: chkDBFile,
		desc: "a database file at the web root (/database.sqlite, /db.mdb)"},
	{id: "sensitive-log-file", cat: SensitiveFile, w: 5, field: FieldPath, check: chkTopLog,
		path: "debug.log|error.log|errors.log|error_log|access.log|access_log|laravel.log|npm-debug.log|yarn-error.log|php_errors.log|httpd.log|syslog|syslog.txt|install.log|sql.log|mysql.log", pos: posEnd,
		desc: "log files (/debug.log, /wp-content/debug.log, /storage/logs/laravel.log, any /*.log at the web root)"},
	{id: "sensitive-phpinfo", cat: SensitiveFile, w: 5, field: FieldPath,
		path: "phpinfo|php_info|php-info|/info.php|/pinfo.php|phpversion.php",
		re:   `/(?:php[_-]?info(?:\.php\d?)?|phpversion\.php|pinfo\.php)$|^/info\.php$`,
		desc: "phpinfo pages (/phpinfo.php, /info.php at the root)"},
	{id: "sensitive-server-status", cat: SensitiveFile, w: 5, field: FieldPath,
		path: "/server-status|/server-info", pos: posSeg,
		desc: "Apache mod_status and mod_info pages (allow-list your monitoring host)"},
	{id: "sensitive-ds-store", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "/.ds_store", pos: posEnd,
		desc: "macOS .DS_Store directory listings"},
	{id: "sensitive-web-inf", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "/web-inf|/meta-inf", pos: posSeg,
		desc: "Java WEB-INF and META-INF directories"},
	{id: "sensitive-server-config", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "/.htaccess|/.user.ini|/web.config|/nginx.conf|/httpd.conf|/php.ini|/web.xml", pos: posEnd,
		re:   `/(?:\.htaccess|\.user\.ini|web\.config|nginx\.conf|httpd\.conf|php\.ini)$|^/web\.xml$`,
		desc: "web server configuration files (/.htaccess, /web.config, /php.ini, and web.xml at the root, where an application's own would be handed out; Tomcat's docs serve a sample one deeper, /docs/appdev/sample/web.xml)"},
	{id: "sensitive-app-config", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "docker-compose|/.dockerenv|/application|database.yml|secrets.yml|credentials.yml|storage.yml|master.key|/.travis.yml|/.gitlab-ci.yml|/.circleci/|/.idea/|/.vscode/|settings.py|parameters.y",
		re:   `^/docker-compose[a-z0-9._-]*\.ya?ml$|/\.dockerenv$|/application(?:-[a-z]+)?\.(?:properties|ya?ml)$|/(?:database|secrets|storage|credentials)\.yml(?:\.enc)?$|/master\.key$|/\.travis\.yml$|/\.gitlab-ci\.yml$|/\.circleci/|/\.idea/|/\.vscode/|/(?:local_)?settings\.py$|/parameters\.ya?ml$`,
		desc: "application configuration never meant to be served (docker-compose.yml at the root, application.properties, database.yml, .idea/)"},
	{id: "sensitive-compose-miss", cat: SensitiveFile, w: 10, field: FieldPath, only: onMiss,
		path: "docker-compose",
		re:   `./docker-compose[a-z0-9._-]*\.ya?ml$`,
		desc: "a Compose file below the root (/app/docker-compose.yml, /api/docker-compose.prod.yml), answered as a miss: documentation serves its examples (/docs/examples/docker-compose.yml answered 200 is a reader's), a scanner asks where none is"},
	{id: "sensitive-appsettings", cat: SensitiveFile, w: 1, field: FieldPath, only: onMiss,
		path: "/appsettings",
		re:   `/appsettings\.json$`,
		desc: "ASP.NET appsettings.json, a hint only, and only on a miss: a Blazor WebAssembly app fetches its own /appsettings.json (200) and /appsettings.{Environment}.json (404 where not deployed) at every load, and ten users of one behind a NAT were banned at 1 point a file (review s8); where it is a miss, a miss of the environment file is the framework's too, so that one counts nothing"},
	{id: "sensitive-actuator", cat: SensitiveFile, w: 5, field: FieldPath,
		path: "/actuator/|/jolokia",
		re:   `/actuator/(?:env|heapdump|configprops|mappings|threaddump|logfile|gateway|beans|conditions|refresh|restart|shutdown|flyway|liquibase|events|loggers|scheduledtasks|httptrace|trace|auditevents|caches|sessions|jolokia|dump|features|integrationgraph|quartz|sbom|startup)\b|/jolokia`,
		desc: "Spring Boot actuator endpoints other than health/info/metrics, and Jolokia (allow-list your monitoring host)"},
	{id: "sensitive-dot-path", cat: SensitiveFile, w: 3, field: FieldPath, check: chkDotPath,
		desc: "any other dotfile or dot-directory (/.gitattributes, /.idea_modules/, /.AppleDesktop): browsers only ever fetch /.well-known/; reported only when no named sensitive-file pattern matched (or when the only one that did counts on a miss alone, as sensitive-certain-name: then the dot-path hit counts on any other answer, so a sweep of such names on a site that denies dotfiles (403), redirects them or answers 200 still counts; review rev-sig s17 HIGH 1); weak, as a site may serve a dot-directory of its own"},
	{id: "sensitive-htaccess", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "/.ht",
		re:   `/\.ht(?:access|passwd|users|groups|digest|pass)`,
		desc: "Apache .htaccess/.htpasswd files and their copies (/.htaccess~, /.htaccess_sc, /.htusers), which Apache never serves"},
	{id: "sensitive-source-backup", cat: SensitiveFile, w: 10, field: FieldPath,
		path: ".php|.asp|.jsp|.inc|.conf|.config|.ini|.xml|.yml|.yaml|.json|.env|.sql|.py~|.py.|.rb~|.rb.|.cgi|.properties|.cfg",
		re:   `\.(?:php\d?|phtml|aspx?|jsp|inc|conf|config|cfg|ini|xml|ya?ml|json|env|py|rb|pl|cgi|sql|properties)(?:~|#|\.~|\.(?:bak|bkp|old|orig|original|save|sav|swp|swo|swn|tmp|temp|copy|backup|bk|bac|back|un~|eski|\d)|[-_](?:bak|old|orig|backup|copy|eb|save)\d*|[-_]\d+\.(?:bak|old))$`,
		desc: "an editor or backup copy of a script or configuration file at any depth (configure.php~, index.php.bak, config.inc.php-eb, settings.yml.old, config.php_1.bak, Turkish .eski), served as source. A script renamed to .txt is a tutorial's download as often (/examples/hello.py.txt, /snippets/nginx.conf.txt) and counts only for configuration names (sensitive-config-copy: config.php.txt); the suffixes a site's own files carry (.new, .disabled, .blank, '!') count as sensitive-source-copy-miss"},
	{id: "sensitive-source-copy-miss", cat: SensitiveFile, w: 10, field: FieldPath, only: onMiss,
		path: ".new|.blank|.disabled",
		re:   `\.(?:php\d?|phtml|aspx?|jsp|inc|conf|config|cfg|ini|xml|ya?ml|json|env|py|rb|pl|cgi|sql|properties)\.(?:new|blank|disabled)$`,
		desc: "a script or configuration file with the suffix an admin gives a copy or a switched-off file (index.php.new, db.php.disabled, settings.php.blank), answered as a miss: where it exists, a site serves it on purpose (WordPress's /wp-content/plugins/x/x.php.disabled), where it does not, a scanner guessed it"},
	{id: "sensitive-source-bang-miss", cat: SensitiveFile, w: 5, field: FieldPath, only: onMiss,
		path: ".php!|.asp!|.aspx!|.jsp!|.inc!|.conf!|.config!|.ini!|.env!|config!|settings!|database!|/db!|connect!|secret!|credentials!",
		re:   `\.(?:php\d?|phtml|aspx?|jsp|inc|conf|config|cfg|ini|xml|ya?ml|json|env|py|rb|pl|cgi|sql|properties)!$|/(?:configuration|config|settings|localsettings|database|db|connect|conn|connection|local|secrets?|credentials)!$`,
		desc: "a script or configuration name ending in '!' (header.php!, /config!), the mark some editors and admins leave on a copy, answered as a miss; weak, two needed: a link written into prose (\"see /index.php!\") ends the same way"},
	{id: "sensitive-config-file", cat: SensitiveFile, w: 5, field: FieldPath, fallback: true,
		path: ".ini|.conf|.cfg|.cnf|/local.xml|dbconn|.inc|.dat",
		re:   `\.(?:ini|conf|cfg|cnf)$|/(?:config|configuration|settings|database|databases|db|secrets?|credentials|parameters|local|dbconn|connection)\.(?:dat|php\d|inc)$|/local\.xml(?:\.[a-z]+)?$`,
		desc: "configuration files by extension at any depth (/propel.ini, /slapd.conf, /app/etc/local.xml, dbconn.php2, config.inc); YAML, JSON and .properties are left alone, as CMS admin pages and i18n bundles load their own"},
	{id: "sensitive-password-file", cat: SensitiveFile, w: 5, field: FieldPath, fallback: true,
		path: "passw|/pwd.|/pass.",
		re:   `passw(?:or)?d[^/]*\.(?:txt|jsn|dat|cfg|conf|ini|xml|log|bak|csv|lst|db|sql|xls|xlsx|doc|docx|kdbx?)$|/(?:pwd|pass)\.(?:txt|dat|db)$`,
		desc: "files named for passwords (/passwords.txt, /wwwboard/passwd.txt, /password.jsn)"},
	{id: "sensitive-project-metadata", cat: SensitiveFile, w: 10, field: FieldPath,
		path: projectMetaLits,
		re:   `/\.(?:idea\d*|idea_modules|project(?:\.xml|options)?|classpath|settings|buildpath|externaltoolbuilders|loadpath|metadata|c9(?:revisions)?|cproject|pydevproject|komodotools|codeintel|sublime-(?:project|workspace|gulp\.cache)|tmproj|workspace|nbproject|vscode|fleet|vs|eclipse|phpintel|phpstorm\.meta\.php|gitignore(?:_global)?|gitattributes|gitmodules|gitkeep|gitreview|gitk|gitlab(?:-ci\.yml)?|git-rewrite|git\d+|git_release|tgitconfig|hgignore(?:\.global)?|hgrc|svnignore|npmignore|yarnrc|dockerignore|eslintignore|eslintrc(?:\.[a-z]+)?|jshintrc|jshintignore|jscsrc|editorconfig|rubocop(?:_todo)?\.yml|ruby-(?:version|gemset)|rvmrc|scrutinizer\.yml|coveralls\.yml|php-version|phpversion|php-ini|deployignore|elasticbeanstalk|ebextensions|vagrant|capistrano|bundle|composer|cpan|gem|sass-cache|appledouble|appledb|appledesktop|apdisk|trash(?:es)?|fbcindex|lsoverride|remote-sync\.json|ftppass|ftpquota|ftp-access|mc|pki|lynx_cookies|mailrc|procmailrc|pinerc|login(?:_conf)?|shrc|selected_editor|emacs\.desktop(?:\.lock)?|netrwhist|joe_state|spamassassin|cpanel|swp|swo|tox|simplecov|flowconfig|yardopts|jrubyrc|bower-[a-z]+|codekit-cache|sencha|modman|modgit|zfs|sucuriquarantine|mergesources\.yml|localeapp|memdump|wwwacl|www_acl|mail_aliases|vacation\.cache|plan|proclog|addressbook|s3backupstatus|rsync_cache|tags(?:_sorted_by_file)?|github|firebaserc|npm|circleci|buildkite|drone\.yml|terraform\.lock\.hcl)(?:[/~]|\.swp$|$)|/(?:nbproject|_notes|_mmserverscripts|__macosx|\.?cvs)(?:/|$)|/(?:nb-configuration|nbactions|atlassian-ide-plugin)\.xml$|/[^/]+\.(?:sublime-(?:project|workspace)|esproj|tmproj)/?$`,
		desc: "IDE, editor, build-tool, CI and OS metadata a deploy leaves behind (/.idea/, /.project, /.settings/, /.gitignore, /.eslintrc, /.rvmrc, /.ftppass, /nbproject/, /.Trashes): no site serves them, and they map its source"},
	{id: "sensitive-core-dump", cat: SensitiveFile, w: 10, field: FieldPath,
		path: ".core|.rdb|heapdump|.hprof|memdump|threaddump",
		re:   `/(?:php|php-cgi|php-fpm|php5|httpd|apache2?|nginx|mysqld|java|core)\.core$|/[^/]*\.(?:rdb|hprof)$|/heapdump$|/\.?memdump$|/threaddump$`,
		desc: "process and heap dumps (/php.core, /dump.rdb, /heapdump, /java.hprof): memory with passwords and session keys in it"},
	{id: "sensitive-key-file", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "authorized_keys|known_hosts|.ppk|.key|.pem|.jks|.keystore|.p12|.pfx|secring|.kdbx|.kdb|.keychain|.pwd",
		re:   `/authorized_keys2?$|/known_hosts$|\.ppk$|/(?:privkey|private(?:[_-]?key)?|server|ssl|tls|priv|key|jwt)\.(?:key|pem)$|/[^/]*id_(?:rsa|dsa|ecdsa|ed25519)[^/]*\.(?:key|pem)$|/(?:[^/]*[-_.])?(?:priv|private|secret)(?:(?:[-_.]|key)[^/]*)?\.(?:key|pem)$|/[^/]*[-_.]key\.pem$|/private/(?:[^/]+/)*[^/]+\.(?:key|pem)$|/(?:[^/]*[-_.])?(?:cert|certificate|crt|ca|rootca|subca|root|domain|server|site|ssl|tls|localhost|wildcard)(?:[-_.][^/]*)?\.key$|/(?:ssl|certs?|tls|pki|secrets?)/(?:[^/]+/)*[^/]+\.key$|\.(?:jks|keystore)$|/[^/]+\.(?:p12|pfx)$|/secring\.(?:gpg|skr|kbx)$|\.(?:kdbx?|keychain)$|/[^/]+\.pwd$`,
		not:  keyFileNot + `|` + keyStoreDownloadNot,
		desc: "private keys and key stores named as such (/authorized_keys, /id_dsa.ppk, /server.key, /privkey.pem, /ssl/site-private.pem, /ca-key.pem, /keystore.jks), a .p12 or .pfx at any depth (/cert.p12, /ssl/site.pfx, /backup/server.pfx, /wp-content/uploads/cert.p12, /admin/keystore.p12) but under a directory of published downloads or profiles (a portal's or a university's client profile, /downloads/eduroam.p12, /profiles/wifi/staff.p12, does not count: what passes is a key store an attacker guesses under such a directory), a .key named for a certificate or a domain's key (/cert.key, /rootCA.key, /domain.key) or kept under /ssl/, /certs/, /tls/, /pki/, /secrets/, anything under /private/, PGP secret key rings (secring.gpg, secring.skr), password-manager databases (.kdbx, .keychain) and FrontPage password files (/_vti_pvt/administrators.pwd); priv, private and secret count as whole words only (privacy.pem, secrets-of-go.key, a Keynote file, do not); a .pem that also says CA, root, cert, chain or pub (private-ca.pem) and a .key that says gpg, pgp, signing, release, pub, apt or repo are public; other .key and .pem files count as sensitive-key-file-miss"},
	{id: "sensitive-key-file-miss", cat: SensitiveFile, w: 10, field: FieldPath, only: OnlyMissed,
		path: ".key|.pem",
		re:   `^/[^/]+\.(?:key|pem)$|/(?:ssl|certs?|keys?|private|tls|secrets?|pki)/(?:[^/]+/)*[^/]+\.(?:key|pem)$`,
		not:  `/(?:certs?|pki)/(?:[^/]+/)*[^/]+\.pem$|` + pemPublicNot + `|` + keyPublicNot + `|^/[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}\.key$`,
		desc: "any other .key or .pem at the web root or under /ssl/, /certs/, /keys/, /private/, /pki/ answered as a miss: a key scanner's word list; sites serve public certificates and signing keys on purpose (/ca.pem, /pki/SubCA.pem, /ssl/dhparam.pem, /gpg.key, /apt.key, /keys/nginx_signing.key, /certs/isrgrootx1.pem), so a .pem that says public, CA, intermediate, issuer, bundle, CRL, dhparam, JWKS, trust, root, chain or certificate, a .key that says gpg, pgp, signing, release, pub, apt or repo, and a repository key named for its domain at the root (/jenkins.io.key) do not count; a .pem under /certs/ or /pki/ counts as sensitive-cert-dir-miss"},
	{id: "sensitive-cert-dir-miss", cat: SensitiveFile, w: 5, field: FieldPath, only: OnlyMissed,
		path: ".pem",
		re:   `/(?:certs?|pki)/(?:[^/]+/)*[^/]+\.pem$`,
		not:  pemPublicNot,
		desc: "a .pem under /certs/ or /pki/ answered as a miss whose name says none of the public words of sensitive-key-file-miss: almost always a certificate, so two are needed"},
	{id: "sensitive-htaccess-copy", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "htaccess|htpasswd|htgroup|ht.access",
		re:   `/(?:[a-z0-9_!-]{0,12}\.)?(?:ht(?:access|passwd|group|users|digest)|ht\.access)(?:\.(?:txt|bak|old|orig|dist|save|backup|sample|\d)|~)?$`,
		desc: "copies of Apache access files under other names (/htpasswd, /old.htpasswd, /!.htaccess, /htaccess.txt, /ht.access): password hashes and rewrite rules"},
	{id: "sensitive-config-copy", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "config|settings|dbconn|database|/db.|connect|conn.|local.|secret|global.asa|.templ|_original",
		re:   `/(?:configuration|config|settings|localsettings|database|db|connect|conn|connection|local|secrets?|credentials)(?:\.(?:old|bak|bk|bkp|save|swp|swo|orig|original|dist|templ|backup|eski|~|\d)|~)$|/dbconn\.[a-z0-9._]+$|/(?:configuration|config|settings|localsettings|database|databases|db|connect|conn|connection|secrets?|credentials)(?:\.inc)?\.(?:php\d?|inc|ya?ml|json|xml|ini|cfm)(?:\.(?:templ|txt|inc|dist|pgsql|sqlite3?|mysql|local)|_original|-orig)$|/global\.asax?\.(?:old|orig|temp|tmp|bak|txt)$|/config\.(?:txt|local|core|codekit)$`,
		desc: "configuration files copied under names the server hands out as text (config.php.txt, config.inc.php.templ, database.yml_original, dbconn.bak, config.old, global.asa.old); a name with a word after it (/docs/database-backup, /kb/config-old) is a page's and counts as sensitive-config-copy-miss"},
	{id: "sensitive-config-copy-miss", cat: SensitiveFile, w: 10, field: FieldPath, only: onMiss,
		path: "config|settings|database|/db.|/db-|/db_|conn.|conn-|conn_|connection|secret|credentials",
		re:   `/(?:configuration|config|settings|localsettings|database|db|conn|connection|secrets?|credentials)(?:[-_](?:bak|old|orig|backup)|\.(?:new|blank|disabled))$`,
		desc: "a configuration name with a copy's suffix and no extension (/config_bak, /settings-old, /database.new, /config.disabled), answered as a miss: the same names are a site's pages (/docs/database-backup, /kb/config-backup, /docs/config-old), which a scanner's guess is not"},
	{id: "sensitive-log-path", cat: SensitiveFile, w: 5, field: FieldPath,
		path: "/log|.log|_log|-log|logs|nohup.out|catalina.out|mysql.err|debug|l0gs|rors.txt|rror.txt",
		re:   `/[^/]+\.log\.(?:\d+|gz|old|bak|txt|zip)$|/(?:[a-z]+[_-])?(?:error|access|debug|php[_-]?error|install|update|sql|mysql|server|production|development|cron|export|import|upload)[_-]?logs?(?:\.(?:txt|gz|old|bak))?$|/(?:_?logs?|logfiles)/(?:access|error)[_-]?log$|/(?:debug|errors?|log|logs|l0gs|log_errors|debug-output|error-log|error_log|cronlog|log_\d+)\.(?:txt|html?)$|/nohup\.out$|/catalina\.out$|/mysql\.err$|/(?:log|logs)/[a-z_-]+\.(?:log|txt)$|/(?:[a-z0-9_.-]*[._-])?(?:php|sql|mysql|ldap|db|app|server|apache|nginx|cron|install|upload|smtp|mail|ftp|system|sys|wp|laravel|django|node|npm|yarn)[._-](?:errors?|debug|logs?)\.txt$`,
		not:  `/change[_.-]?logs?\.txt$`,
		desc: "log files and their rotations at any depth (/error_log.txt, /log/production.log, /_logs/access-log, /nohup.out, /error.log.0, /php_errors.txt, /ldap.debug.txt): they carry session ids, paths and errors; a page of prose named after errors (/docs/common-errors.txt, /week1-debug.txt) does not count"},
	{id: "sensitive-status-page", cat: SensitiveFile, w: 5, field: FieldPath,
		path: "/debug/pprof|nginx_status|nginx-status|haproxy|stub_status|stub-status|fpm-status|fpm_status|apc.php|apc-nrp|opcache|memcache.php|/awstats|stronghold-|upstream_conf|balancer-manager|jkstatus|jk-status|jkmanager",
		re:   `/(?:nginx[_-]status|haproxy[_-]?stats?\d*|stub[_-]status|stronghold-(?:status|info)|upstream_conf|(?:php-)?fpm[_-]status|apc(?:-nrp)?\.php|opcache(?:[_-]status)?\.php|memcache\.php|awstats(?:\.pl)?|balancer-manager|jk-?status|jkmanager)/?$|/debug/pprof(?:/|$)`,
		desc: "server status and cache pages (/nginx_status, /haproxy_stats, /fpm-status, /apc.php, /opcache.php, /awstats.pl, Go's /debug/pprof/, Apache's mod_proxy /balancer-manager and mod_jk's /jkstatus, which also change the back ends): allow-list your monitoring host"},
	{id: "sensitive-compressed-dump", cat: SensitiveFile, w: 10, field: FieldPath,
		path: ".sql.|.gzip|.bzip2|.mysql|.pgsql",
		re:   `\.(?:sql|mysql|pgsql|dump)\.(?:[a-z0-9]+\.)*(?:gz|gzip|bz2|bzip2|xz|zip|rar|7z|tar|tgz|z)$|\.tar\.(?:gzip|bzip2)$|/[^/]+\.(?:mysql|pgsql)$`,
		desc: "SQL dumps at any depth, compressed or in a database's own dump format (/db.sql.gz, /site.sql.tar.bzip2, /db-full.mysql), and tarballs named .tar.gzip/.tar.bzip2 as backup scripts name them: no page links a dump"},
	{id: "sensitive-editor-backup", cat: SensitiveFile, w: 5, field: FieldPath,
		path: ".swp|.swo|.bak|.old|.orig|.save|.backup|.bkp|.txt~|tml~|.js~|.sh~|.md~|all~|ler~",
		re:   `[^/~]~/?$|\.(?:swp|swo|bak|old|orig|save|backup|bkp)/?$`,
		desc: "editor and backup copies of any file or directory at any depth (/sample.txt~, /index.html~, /install~/, /.index.html.swp, /backup.old, /admin2.old/, /nano.save): a copy left next to the original, served as it is; /~user/ home directories do not count. 5 points, not 10: one such name is not proof (a directory listing links the copies an editor left, /docs/notes.txt~, and its visitors and crawlers follow them; a plain browser's one /index.html~), and copies of scripts and configuration, the ones that leak source or secrets, weigh 10 as sensitive-source-backup and sensitive-config-backup"},
	{id: "sensitive-server-side-config", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "::$data|::$index|.config|/app/etc/|tomcat-users|server.xml|context.xml|web-inf|meta-inf|jboss-web.xml|standalone.xml|xsqlconfig",
		re:   `::\$(?:data|index_allocation)|/web\.[a-z0-9_-]+\.config$|/(?:app|machine|connectionstrings|appsettings|nlog|log4net|packages)\.config$|^/app/etc/|tomcat-users(?:\.xml)?|xsqlconfig\.xml|(?:^/|/conf/)(?:server|context)\.xml/?$|/(?:web|meta)-inf[^/a-z0-9_-]|/(?:jboss-web|standalone|weblogic|ibm-web-bnd)\.xml$`,
		desc: "configuration only the server reads: an NTFS data stream that makes IIS hand out source (/web.config::$DATA), .NET configuration beside web.config (web.Release.config, connectionStrings.config, packages.config), anything under Magento's /app/etc/, Tomcat, JBoss, WebLogic and Oracle XSQL configuration (tomcat-users.xml, conf/server.xml, standalone.xml, XSQLConfig.xml), and WEB-INF/META-INF spelt with a trailing dot or semicolon (/WEB-INF./web.xml)"},
	{id: "probe-tomcat-console", cat: Probe, w: 5, field: FieldPath,
		path: "/manager/|/host-manager|/jmxproxy",
		re:   `^/(?:manager|host-manager)/(?:html|text|status|jmxproxy|deploy|undeploy|install|remove|reload|start|stop|list|roles|save|sessions|serverinfo|resources|expire|findleaks|vminfo|threaddump|sslconnectorciphers|add|host-manager\.xml|status\.xsd)\b|^/host-manager/?$|^/jmxproxy\b`,
		desc: "Tomcat manager and host-manager commands (/manager/deploy, /manager/jmxproxy, /host-manager/add): allow-list your admins"},
	{id: "tomcat-invoker-servlet", cat: CVEProbe, w: 10, field: FieldPath,
		path: "org.apache.catalina|snoop",
		re:   `org\.apache\.catalina\.|/snp/snoop\.jsp$|/servlet/snoop(?:/|$)`,
		desc: "Tomcat's invoker servlet reaching container classes by name (/servlet/org.apache.catalina.servlets.DefaultServlet/, .INVOKER.SnoopAllServlet) and the snoop examples that print the server's request and environment"},
	{id: "sensitive-spring-boot1", cat: SensitiveFile, w: 5, field: FieldPath,
		path: "/env|/configprops|/autoconfig|/httptrace|/threaddump|/auditevents|/flyway|/liquibase|/loggers|/jolokia|/scheduledtasks|/integrationgraph|/logfile|/hystrix.stream|/archaius|/actuator|/mappings",
		re:   `^/(?:env|configprops|autoconfig|httptrace|threaddump|auditevents|flyway|liquibase|loggers|jolokia|scheduledtasks|integrationgraph|logfile|hystrix\.stream|archaius|mappings|actuator)(?:\.json)?/?$|/actuator/(?:[a-z][a-z0-9-]*)(?:/|$)`,
		not:  `/actuator/(?:health|info|metrics|prometheus|env|heapdump|configprops|mappings|threaddump|logfile|gateway|beans|conditions|refresh|restart|shutdown|flyway|liquibase|events|loggers|scheduledtasks|httptrace|trace|auditevents|caches|sessions|jolokia|dump|features|integrationgraph|quartz|sbom|startup)(?:/|$)`,
		desc: "Spring Boot 1.x actuator endpoints at the root (/env, /configprops, /autoconfig, /mappings, /loggers) and any /actuator/ endpoint sensitive-actuator does not name, other than health, info, metrics and prometheus, which monitoring polls (allow-list your monitoring host)"},
	{id: "probe-aspnet-diagnostics", cat: Probe, w: 5, field: FieldPath,
		path: "/trace.axd|/elmah.axd|/aspnet_webadmin|/glimpse.axd",
		re:   `/(?:trace|elmah|glimpse)\.axd(?:/|$)|/aspnet_webadmin(?:/|$)`,
		desc: "ASP.NET diagnostics and admin pages (/Trace.axd lists recent requests with their cookies, /elmah.axd errors, /aspnet_webadmin/): allow-list your developers"},
	{id: "sensitive-include-source", cat: SensitiveFile, w: 5, field: FieldPath,
		path: ".inc|.phps",
		re:   `[^/]\.(?:inc|phps)$`,
		desc: "include files and PHP source views at any depth (/common.inc, /includes/adovbs.inc, /index.phps): served as text they show code and credentials; pages include them server-side, no browser asks for one"},
	{id: "sensitive-config-tree", cat: SensitiveFile, w: 5, field: FieldPath,
		path: ".yml|.yaml|.toml|.properties",
		re:   `/(?:config|conf|configs|configuration|settings|app/config|apps/[^/]+/config|schema)/(?:[^/]+/)*[^/]+\.(?:ya?ml|toml|properties|ini)$|^/[^/]+\.(?:ya?ml|toml)$`,
		not:  `^/(?:openapi|swagger|api|asyncapi|api-docs|manifest|feed|sitemap)[^/]*\.ya?ml$`,
		desc: "YAML, TOML, .properties and .ini files in a configuration directory at any depth (/config/app.yml, /apps/frontend/config/routing.yml, /config/aws.yml) and YAML or TOML at the root (/schema.yml); API descriptions (/openapi.yaml, /swagger.yml) do not count"},
	{id: "probe-php-diagnostics", cat: Probe, w: 5, field: FieldPath,
		path: "phpinfo|php_info|php-info|phpsysinfo|phpsecinfo|/test.php|/info.php|phptest",
		re:   `/[^/]*php[_-]?info[^/]*\.php\d?$|/(?:phpsysinfo|phpsecinfo)(?:/|$)|^/(?:test|phptest|test_?php)\.php$`,
		desc: "phpinfo pages at any depth under any prefix (/linusadmin-phpinfo.php, /admin/phpinfo2.php), phpSysInfo/PhpSecInfo, and /test.php at the root: the server's configuration page, or a developer's leftover script"},
	{id: "sensitive-laravel-log", cat: SensitiveFile, w: 10, field: FieldPath, only: onUnserved,
		path: "logs/laravel",
		re:   `^/(?:[\w.-]+/){0,2}storage/logs/laravel(?:-\d{4}-\d\d-\d\d)?\.log$`,
		not:  `^/api/(?:raw|resources)/storage/`,
		desc: "Laravel's own log (/storage/logs/laravel.log, the daily laravel-2025-01-31.log, one or two directories down: /app/storage/logs/laravel.log) not answered 2xx: Laravel serves public/ and keeps storage/ beside it, and storage:link's /storage maps to storage/app/public, so no page links there; in full on a miss, watched when refused. Served (2xx) it is a site that publishes its own tree: nothing, as deep sensitive names are (deepfile.go). Under File Browser's file API (/api/raw/storage/logs/laravel.log, /api/resources/...) it does not count: the browser naming a project's file, rotated away; any other /api/<name>/ (/api/backend/storage/logs/laravel.log: a Laravel back end mounted under /api/, which sweeps do try) and /api/storage/logs/laravel.log still count; what passes: a sweep's guess under /api/raw/ or /api/resources/, where no Laravel app lives"},
	{id: "sensitive-app-logs", cat: SensitiveFile, w: 5, field: FieldPath,
		path: ".log|_log|-log|errorlog|/logs/|/log/|logs/|logfiles|syslog|error_log",
		re:   `^/(?:_logs?|logfiles|syslog|error_?logs?)/?$|/(?:app|application|system|admin|var|storage|bitrix|data|tmp|wp-content|sites/default/files|private|protected)/logs?/?$|[^/]\.logs?$|/[a-z0-9_-]+_log(?:\.txt)?$|/[a-z0-9_-]+-log\.txt$|/(?:php_)?errorlog$|/logs?/(?:errors?|sendmail|access|debug|mail|cron|php|sql|app)(?:\.txt)?$`,
		desc: "log files at any depth (/master/admin.log, /lander.logs, /orders_log, /export_stock_log.txt, /php_errorlog, /logs/errors) and log directories of frameworks and CMSs asked for their listing (/app/logs/, /storage/logs, /_logs/, /logfiles): they carry session ids, paths and errors; a site links to none; a top-level /logs is left alone"},
	{id: "probe-flash-file", cat: Probe, w: 5, field: FieldPath,
		path: ".swf", pos: posEnd,
		desc: "a Flash file (/uploadify/uploadify.swf, /zeroclipboard.swf): no browser has run Flash since 2021, so only scanners looking for the old cross-site-scripting SWFs ask"},
	{id: "webshell-upload-tmp-dir", cat: Webshell, w: 10, field: FieldPath,
		path: "/tmp/|/temp/|/uploads/|/userfiles/|/user_uploads/|/upload_files/|/attachments/",
		re:   `/(?:tmp|temp|uploads|userfiles|user_?uploads|upload_files|attachments)/(?:[^/]+/)*[^/]+\.(?:php\d?|phtml|phar|pht|aspx?|ashx|jspx?|cgi)$`,
		desc: "a script run from a temporary or upload directory at any depth (/tmp/whmcs.php, /uploads/x.php, /userfiles/cmd.aspx): those directories hold what visitors and cron jobs wrote, so a script there is a dropped shell"},
	{id: "probe-jenkins", cat: Probe, w: 5, field: FieldPath,
		path: "/asynchpeople|/view/all/newjob|/systeminfo|/securityrealm/|/jnlpjars/|/computer/|/descriptorbyname/",
		re:   `^/(?:jenkins/)?(?:asynchpeople/?|view/all/newjob|systeminfo|securityrealm/|jnlpjars/|computer/(?:\(master\)|\(built-in\)|api|$)|descriptorbyname/)`,
		desc: "Jenkins pages on a host that is not Jenkins (/asynchPeople/, /view/All/newJob, /systemInfo, /jnlpJars/, /computer/): user lists and node details, then the script console (allow-list your admins on a Jenkins host)"},
	{id: "sensitive-backup-listing", cat: SensitiveFile, w: 5, field: FieldPath,
		path: "backup|bkup",
		re:   `^/(?:(?:[a-z]+/)*)(?:db_?backups?|dbbackups?|database_?backups?|sys_?backups?|site_?backups?|backup_(?:db|files|data|site|old)|old_?backups?)/?$|^/var/backups/?$`,
		desc: "database and system backup directories asked for their listing (/db_backups/, /Database_Backup/, /sysbackup, /var/backups/); a bare /backup, /backups or /backup1 is left alone (a hosting panel's page, or a wordlist the scan throttle judges)"},
	{id: "sensitive-cookie-jar", cat: SensitiveFile, w: 5, field: FieldPath,
		path: "cookie.txt|cookies.txt|cookiejar",
		re:   `/(?:cookies?|cookiejar)\.txt$|/cookiejar$`,
		desc: "cookie jars curl and wget scripts leave beside them (/classes/cookie.txt, /cookies.txt): live session cookies"},
	{id: "probe-db-admin", cat: Probe, w: 5, field: FieldPath,
		path: "myadmin|adminer|phpliteadmin|ldapadmin|pgadmin|moadmin|memcachedadmin|redisadmin|mysqldumper|mysqlmanager|sqladm|dbadmin|db-admin|db_admin|database_admin|/pma/|/pma2|/pma|/phpma|/phpmy|/sxd/|dumper|bigdump|pmadmin|myadm|sqlbuddy|miniadmin|websql|sqlweb|sqlmanager|phpredmin|searchreplacedb|redis-commander|mongo-express",
		re:   `/_*(?:_*php-?my-?admin(?:-?[\d.]+[a-z0-9.-]*)?|[a-z_]*myadmin|phpmy(?:ad)?|phpma|pma|mysql-?admin|mysqlmanager|mysqldumper|sqladm|db-?admin|db_admin|database_admin|adminer(?:-[\d.]+(?:-[a-z]+)?)?|phpliteadmin|phpldapadmin|phppgadmin|pgadmin|moadmin|phpmemcachedadmin|phpredisadmin|sxd|dumper|bigdump|phpmyadmin(?:backup|bak|old)|pma\d+|pmadmin|myadm|sqlbuddy|phpminiadmin|websql|sqlweb|sqlmanager|phpredmin|searchreplacedb\d*(?:cli)?|redis-commander|mongo-express)(?:/|\.php$|$)`,
		desc: "database admin tools (phpMyAdmin and its many spellings, versions and backups, Adminer, phpLiteAdmin, Sypex Dumper, BigDump, SQL Buddy, phpMiniAdmin, the Search-Replace-DB script, Redis Commander, mongo-express): a site that runs one should allow-list its admins"},
	// A site that runs an editor's file manager serves it to its editors:
	// CKFinder's ckfinder.html, elFinder's connector.minimal.php?cmd=open,
	// Responsive FileManager's filemanager/dialog.php inside TinyMCE, each
	// answered 200 to an admin picking an image (benign2
	// cms-file-manager-admins: three editors banned at their second
	// request). A scanner's list of these names gets misses from every site
	// without them: counted in full on a miss, at watch weight when refused
	// or redirected (OnlyUnserved), nothing when served. Lets through: a
	// scanner's request for a file manager a site exposes (200); its other
	// guesses still count on their misses, and a shell it uploads is read
	// by the webshell rules when called.
	{id: "probe-file-manager", cat: Probe, w: 5, field: FieldPath, only: onUnserved,
		path: "filemanager|ckfinder|kcfinder|elfinder|/spaw|swfupload|connector|fckeditor|tiny_mce|tinymce|ckeditor|uploadify|plupload|phpthumb|file_manager",
		re:   `/(?:fckeditor[\d.]*|tiny_?mce|ckeditor\d?|kcfinder|elfinder|uploadify|plupload|phpthumb|file_?manager|ckfinder)/?$|/editor/filemanager/|/ckfinder/(?:core/connector/|ckfinder\.html)|/kcfinder/(?:browse|upload)\.php|/elfinder(?:/php/connector|\.php)|/spaw2?/dialogs/dialog\.php|/swfupload(?:_f9)?\.swf|ajaxfilemanager|/filemanager/(?:connectors?|upload|dialog)|/fileupload/filebrowser\.php`,
		desc: "upload connectors of web editors and file managers (FCKeditor filemanager, CKFinder, KCFinder, elFinder, SPAW, SWFUpload) probed for unauthenticated uploads, and such a tool's directory root (/FCKeditor2.3/, /js/tiny_mce/, /uploadify/): a page that uses one loads the files inside; the editors' own scripts do not count. Not served: in full on a miss, watched when refused or redirected, nothing when answered 2xx (a site's own file manager, opened by its editors)"},
	// At the root, *.conf.js only for the test runners' names: sites
	// serve their own runtime configuration as /app.conf.js to every page,
	// and a radio's now-playing /now.json (Vercel's old name) is polled by
	// its player (review s12 item 5).
	{id: "sensitive-build-file", cat: SensitiveFile, w: 5, field: FieldPath,
		path: "composer.|gemfile|dockerfile|makefile|gruntfile|gulpfile|build.|gradlew|capfile|phpunit|codeception|phinx|appspec|vagrantfile|procfile|manage.py|pom.xml|.csproj|.sln|.vbproj|installed.json|.properties|deploy.rb|environment.rb|yarn.lock|package-lock|.config.js|.config.ts|.config.mjs|.config.cjs|bower.json|ecosystem.|tsconfig|/package.json|.phar|phpcs.xml|phpstan.neon|psalm.xml|.conf.js|angular.json|gatsby-|cypress.json|junit.xml|firebase.json|vercel.json",
		re:   `^/(?:phpcs\.xml(?:\.dist)?|phpstan\.neon(?:\.dist)?|psalm\.xml|(?:karma|protractor|wdio|nightwatch)\.conf\.js|angular\.json|gatsby-(?:config|node|browser|ssr)\.js|cypress\.json|junit\.xml|firebase\.json|vercel\.json)$|/(?:[a-z0-9-]+\.config\.(?:js|ts|mjs|cjs)|bower\.json|ecosystem\.(?:json|config\.js)|tsconfig(?:\.[a-z]+)?\.json|[a-z0-9-]+\.phar)$|^/package\.json$|/(?:composer\.(?:json|lock|phar)|gemfile(?:\.lock)?|dockerfile|makefile|gruntfile\.js|gulpfile\.js|build\.(?:xml|gradle|sh|properties)|buildinfo\.properties|gradlew|capfile|phpunit\.xml(?:\.dist)?|codeception\.yml|phinx\.yml|appspec\.yml|vagrantfile|procfile|manage\.py|pom\.xml|installed\.json|(?:local|project|private|db)\.properties|deploy\.rb|environment\.rb|yarn\.lock|package-lock\.json|[^/]+\.(?:csproj|sln|vbproj))$`,
		desc: "build and dependency manifests of the source tree (composer.lock, Gemfile, Dockerfile, Makefile, build.xml, phpunit.xml, *.csproj, webpack.config.js, bower.json, pm2's ecosystem.json, tsconfig.json, *.phar tools; at the web root also tool configurations: phpcs.xml, phpstan.neon, the test runners' karma.conf.js, protractor.conf.js, wdio.conf.js and nightwatch.conf.js (not a site's own /app.conf.js), angular.json, gatsby-config.js, cypress.json, junit.xml, firebase.json, vercel.json): they name versions to attack; two of them ban. The other ecosystems' manifests at the root are sensitive-build-file-root's (on a miss)"},
	// The other ecosystems' manifests at the root count only on a miss
	// (review s12 item 6): a Python, Go or Rust project's site may publish
	// them on purpose, and a CI runner's pip install -r
	// https://site/requirements.txt fetches it at every build from one NAT
	// (answered 200: banned at the second build at 688ceca). Counting once
	// per client and path would not do: pip follows a nested -r
	// requirements-dev.txt and -c constraints.txt, two paths, a ban. A
	// miss is what a scanner's guess gets from a site without them; as
	// every onMiss hint it counts once per path while the client's misses
	// are a share of its requests (detector/hints.go). Lets through: a
	// scanner reading a manifest a site exposes by mistake (200); the rest
	// of its list (composer.json, .env, .git/) still counts.
	{id: "sensitive-build-file-root", cat: SensitiveFile, w: 5, field: FieldPath, only: onMiss,
		path: "requirements|pipfile|pyproject|setup.cfg|poetry.lock|go.mod|go.sum|cargo.|mix.exs|mix.lock|pubspec.",
		re:   `^/(?:requirements(?:[-_.][a-z0-9]+)?\.(?:txt|in)|pipfile(?:\.lock)?|pyproject\.toml|setup\.cfg|poetry\.lock|go\.(?:mod|sum)|cargo\.(?:toml|lock)|mix\.(?:exs|lock)|pubspec\.(?:yaml|lock))$`,
		desc: "another ecosystem's dependency manifest at the web root (requirements.txt, requirements-dev.txt, Pipfile, pyproject.toml, setup.cfg, poetry.lock, go.mod, go.sum, Cargo.toml, mix.exs, pubspec.yaml) answered as a miss: a scanner's guess for a deployed source tree; a project's site that publishes one on purpose answers 200 (pip install -r https://site/requirements.txt from a CI runner at every build) and does not count, nor /requirements or /docs/requirements.txt; two of them ban"},
	{id: "sensitive-java-app-config", cat: SensitiveFile, w: 5, field: FieldPath,
		path: "hibernate|applicationcontext|-servlet.xml|struts|/beans.xml|persistence.xml|faces-config|datasource|-ds.xml|/spring|ehcache.xml|logback|log4j.xml|log4j2.xml|c3p0-config|quartz.xml|jboss-web|weblogic.xml|batis-config|sqlmap",
		re:   `/(?:hibernate(?:\.cfg)?|applicationcontext(?:[-_][a-z0-9]+)*|[a-z0-9]+-servlet|struts(?:-config)?|beans|persistence|faces-config|datasources?|[a-z0-9]+-ds|spring(?:-(?:context|servlet|security|beans|mvc|config|dao|db|datasource|jdbc|hibernate|web))?|ehcache|logback(?:-spring)?|log4j2?|c3p0-config|quartz|jboss-web|weblogic|(?:my)?batis-config|sqlmap-?config)\.xml$`,
		desc: "a Java web application's own configuration asked for by name (hibernate.cfg.xml, applicationContext.xml, dispatcher-servlet.xml, struts.xml, beans.xml, persistence.xml, faces-config.xml, mysql-ds.xml, logback.xml, mybatis-config.xml): they live in WEB-INF/classes and hold data source passwords and the application's map; no page links them outside it (sitemaps and feeds have other names); two of them ban"},
	{id: "sensitive-framework-internal", cat: SensitiveFile, w: 5, field: FieldPath,
		path: "typo3conf|silverstripe-cache|_ss_environment|/runtime|/sites/default/private|/application/|/system/|/var/|/storage/|/bootstrap/cache|configure.php|/config/environments/|/config/initializers/|/db/schema.|/db/seeds.|/db/structure.|/settings/|global.asax|/libraries/joomla|group_vars/|host_vars/",
		re:   `^/(?:[a-z0-9_-]+/)?(?:typo3conf(?:/|$)|silverstripe-cache(?:/|$)|_ss_environment\.php$|(?:protected|frontend|backend|console|common)/runtime(?:/|$)|sites/default/private(?:/|$)|application/(?:config|logs|cache)(?:/|$)|system/(?:config|logs|cache)(?:/$|/[^/]+\.(?:php|log|txt)$)|var/(?:export|import|session|backups?|cache)(?:/|$)|storage/(?:framework|logs|debugbar|app)(?:/|$)|bootstrap/cache(?:/|$)|(?:admin/)?includes/configure\.php$|config/(?:environments|initializers)/[a-z0-9_-]+\.rb$|db/(?:schema|seeds|structure)\.(?:rb|sql)$|settings/(?:production|prod|local|dev|development|staging|base|common|test)\.py$|global\.asax(?:\.cs|\.vb)?$|libraries/joomla(?:/|$)|(?:group|host)_vars/[^/]+\.ya?ml$)`,
		// CodeIgniter 2's system/ counts only as the bare directory or a
		// .php, .log or .txt file in it: Jellyfin's and Emby's dashboard
		// reads its logs from /System/Logs and /System/Logs/Log?name=...
		// (review s12 item 2).
		// A classic (non-Composer) TYPO3 site serves every extension's
		// public files from typo3conf/ext/EXT/Resources/Public/ to every
		// visitor, and a stylesheet naming a font the site lacks makes
		// each page view ask it (404). Nothing secret lives there, so an
		// attacker gains nothing by asking it (review s12 item 1).
		not:  `^/(?:[a-z0-9_-]+/)?typo3conf/ext/[^/]+/resources/public/`,
		desc: "a web framework's internal directories and files, which hold its caches, sessions, logs, exports and secrets and are never served: TYPO3's typo3conf/ (not an extension's Resources/Public/ files, which classic TYPO3 sites serve), SilverStripe's silverstripe-cache/ and _ss_environment.php, Yii's protected/runtime/, Drupal's sites/default/private/, CodeIgniter's application/config/ and logs/ (system/logs/ only as the directory or a .php, .log or .txt file in it: Jellyfin's and Emby's /System/Logs API does not count), Magento's var/export/ and var/backups/, Laravel's storage/framework/ and storage/logs/, osCommerce's includes/configure.php, Rails' config/initializers/*.rb and db/schema.rb, Django's settings/production.py, ASP.NET's Global.asax, Ansible's group_vars/*.yml and host_vars/*.yml (vault secrets beside a playbook); the served ones (TYPO3's typo3temp/assets/, Laravel's /storage/<file> link, Magento's media/) do not count; two of them ban"},
	{id: "sensitive-password-list", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "passwd|/pw.|/pws.|/pwd.|/pwds.|/pass|/pazz|login.|logins.|accounts.|creds.|credential|user_file|userfile",
		re:   `/(?:master\.passwd|passwd\.adjunct)$|/[a-z0-9_-][a-z0-9_.-]*\.passwd$|/auth_?user_?file(?:\.txt)?$|^/[a-z]*passwd(?:\.(?:txt|bak|old))?$|/(?:pws?|pa(?:ss|zz)(?:es|list|words?)?|logins?|(?:checked_)?accounts|creds|credentials?)\.(?:txt|lst|csv|dat|bak|old|log|xls|xlsx)$|/pwds?\.(?:txt|lst|dat)$`,
		desc: "password and account lists (/passwd at the root, /master.passwd, /users.passwd, /passlist.txt, /pw.txt, /pwd.txt, /pazz.txt, /logins.txt, /accounts.txt); pages named /password or /login do not count, nor pwd spreadsheets and CSV files (a Public Works Department's tender list /tenders/pwd.xlsx): pwd and pwds count as .txt, .lst and .dat only"},
	// An export a site serves (2xx) is its own: staff download
	// /exports/customers.csv or ActiveAdmin's /admin/orders.csv again and
	// again (s13; benign2 activeadmin-csv-exports: a second download of
	// one served export banned at weight 5 on any answer). Leaked exports
	// are hunted by guessing names, which a site without them answers 404:
	// that counts in full, a refusal, redirect or error at watch weight
	// (OnlyUnserved), each while the client's misses are a share of its
	// requests (detector/hints.go), so two guesses still ban. Lets
	// through: a download of an export the site exposes by mistake,
	// answered 200 (the data is gone at the first request anyway; the rest
	// of the scanner's list still counts on its misses), and a scanner
	// refused on every guess that never misses.
	{id: "sensitive-data-export", cat: SensitiveFile, w: 5, field: FieldPath, only: onUnserved,
		path: "customers|members|orders|users|user.|emails|clients|subscribers|sales|usernames|accounts|contacts|leads|employees|payroll|list_emails|_user.",
		re:   `/(?:[a-z]_)?(?:customers?|members?|orders?|users?|user_?names?|emails?|list_emails|clients?|subscribers?|sales|accounts?|contacts|leads|employees|payroll)(?:[_-][a-z0-9]+)?\.(?:csv|xls|xlsx|sql|txt|tsv|mdb)$`,
		desc: "exports of customer, member, order or user lists (/customers.csv, /users.xls, /orders.txt) not served: in full on a miss, watched when refused, redirected or failing, nothing when answered 2xx (a site's own export, downloaded by its staff); the same names in .json count only on a miss (sensitive-data-export-json)"},
	{id: "sensitive-data-export-json", cat: SensitiveFile, w: 5, field: FieldPath, only: onMiss,
		path: "customers|members|orders|users|user.|emails|clients|subscribers|sales|usernames|accounts|contacts|leads|employees|payroll|list_emails|_user.",
		re:   `/(?:[a-z]_)?(?:customers?|members?|orders?|users?|user_?names?|emails?|list_emails|clients?|subscribers?|sales|accounts?|contacts|leads|employees|payroll)(?:[_-][a-z0-9]+)?\.json$`,
		desc: "a user, order or customer list asked for as JSON (/users.json, /customers.json), answered as a miss: Rails' scaffold routes (resources :users serves /users.json) and JSON front ends poll these names from their own pages (review s8: an admin page polling /users.json and /orders.json every 20 s was banned at its 2nd), a scanner's guess finds nothing"},
	{id: "sensitive-php-ini-copy", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "php.ini",
		re:   `/php\.ini[^/]+$`,
		desc: "copies of php.ini (php.ini.sample, php.ini-orig.txt, php.ini_)"},
	{id: "sensitive-readme", cat: SensitiveFile, w: 1, field: FieldPath,
		path: "readme|read.me|changelog|changes|history|install|license|copying|credits|contributing|maintainers|release_notes|release-notes|upgrade|update.txt|eula.txt|revision.txt|todo.txt",
		re:   `^/(?:readme|read[_ -]?me|changelog|changes|history|install(?:\.mysql|\.pgsql)?|license|copying|credits|contributing|maintainers|release[_-]notes|upgrade|update|eula|revision|todo)\.(?:txt|md|rst|html?|mysql|pgsql)$|^/read\.me$`,
		desc: "top-level readme, changelog, install and licence files, fetched to fingerprint a CMS's version; a hint only"},
	{id: "webshell-known-family", cat: Webshell, w: 10, field: FieldPath,
		// the literals are the families' names, so that the regex runs
		// only for a path that names one, not for every script
		path:  "/r50|/r51|/r52|/r53|/r54|/r55|/r56|/r57|/r58|/r59|/r99|/c99|c100|/c22|/c66|nstview|/nst.|aspxspy|/sym.|symlink|h4x0r|h4xor|/l3b.|killer|gaza|/wso|indoxploit|b374k|zehir|locus7s|aspxsh|aspydrv|efso|spexec|/cmd.|cmdexec|weevely|phpjackal|safe0ver|fatalisticz|ekin0x|antichat|sosyete|megabor|lostdc|sincap|ctt_sh|phpinj|safe_mode|non-alpha|punknopass|connectback|connect-back|backcon|back-con|phvayv|azrailphp|ironshell|kacak|ayyildiz|d0main|up_win32|filesystembrowser|networkfile|upl0ader|remexp|casus|mysql_tool|phpremote|ru24|zaco|ak74|h4ntu|imhapftp|matamu|simattacker|w4ck1ng|c0derz|elmaliseker|egyspider|devilz|g00n|qsd-php|phpspy",
		re:    `/(?:r5\d[\w.-]*|r99|c99[\w.-]*|c100|c22|c66|nstview|nst|aspxspy|sym|symlink|h4x[0o]r[\w.-]*|l3b|killer|gaza|wso[\d.]*|indoxploit|b374k[\w.-]*|zehir\d*|locus7s|aspxsh|aspydrv|efso|spexec|cmd|cmdexec|weevely|phpjackal|safe0ver|fatalisticz[\w.-]*|ekin0x|antichat|sosyete|megabor|lostdc|sincap[\w.-]*|ctt_sh|phpinj|safe_mode_bypass|non-alphanumeric|punknopass|ak74[\w.-]*|h4ntu[\w.-]*|imhapftp|matamu|simattacker[\w.-]*|w4ck1ng[\w.-]*|c0derz[\w.-]*|elmaliseker|egyspider|devilz[\w.-]*|g00n[\w.-]*|qsd-php[\w.-]*|ru24[\w.-]*|phpspy[\w.-]*|configkiller\w*|connect-?back|back-?connect|phvayv|azrailphp[\w.-]*|ironshell|kacak|ayyildiz\w*|d0main[es]?|up_win32|filesystembrowser|networkfilemanagerphp|upl0ader|remexp|casus\d*|mysql_tool|phpremoteview|ru24_post_sh|zaco\w*)\.(?:php\d?|aspx?|jspx?|txt|pl|cgi)$`,
		spare: spareNagiosCmd,
		desc:  "file names of known webshell families and of bare command runners (r57eng.php, c99_locus7s.php, nstview.php, aspxspy.aspx, zehir4.asp, weevely.php, cmd.jsp, cmdexec.aspx, connect-back.php, ak74.php, h4ntu.php, w4ck1ng.php, Private-i3lue.php, simattacker.php); Nagios's, Icinga 1's and Thruk's command CGI in its own directory (/nagios/cgi-bin/cmd.cgi?cmd_typ=34&host=.., and the form's POST with no query) does not count"},
	{id: "webshell-known-name-miss", cat: Webshell, w: 10, field: FieldPath, only: onMiss,
		path: "accept_language",
		re:   `/accept_language\.(?:php\d?|aspx?|jspx?|txt|pl|cgi)$`,
		desc: "webshell names that are also an ordinary script's (accept_language.php, listed by w3af's and SecLists' webshell lists, is a language-negotiation include of some CMSs: /includes/accept_language.php), answered as a miss"},
	{id: "webshell-known-infix", cat: Webshell, w: 10, field: FieldPath,
		path: "punknopass|i3lue",
		re:   `/[^/]*(?:punknopass|i3lue)[^/]*\.(?:php\d?|aspx?|jspx?|txt|pl|cgi)$`,
		desc: "webshell names that carry a family's mark inside a longer name (obfuscated-punknopass.php, Private-i3lue.php); apart from webshell-known-family, whose names start the file name, so that its regex stays cheap"},
	{id: "probe-java-console", cat: Probe, w: 5, field: FieldPath,
		path: "/manager/html|/host-manager/html|/jenkins/script|/manager/status|/manager/text", pos: posSeg,
		desc: "Tomcat manager and Jenkins script consoles (allow-list your admins)"},
	{id: "sensitive-backup-dir", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "backup|/bak/|/dump|/db/|/database/|/sql/|/mysql/|ai1wm|updraft|wp-snapshots|dup-installer|.wpress",
		re:   `/(?:[a-z0-9_-]*backups?[a-z0-9_-]*|bak|dumps?|db|database|sql|mysql)/(?:[^/]+/)*[^/]+\.(?:sql|zip|tar|tgz|gz|bz2|xz|7z|rar|bak|dump|wpress)$|/wp-content/(?:ai1wm-backups|updraft|backup-db|backups?(?:-[a-z0-9]+)*|uploads/backwpup[a-z0-9_-]*)/|/wp-snapshots/|/dup-installer/|/installer-backup\.php$|\.wpress$`,
		desc: "archives and dumps inside backup directories at any depth (/backup/site.zip, /db/prod.sql.gz), and WordPress backup plugins' stores (ai1wm-backups, updraft, wp-snapshots, Duplicator's installer)"},
	{id: "sensitive-key-list-named", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "api_key|api-key|apikey|access_key|access-key|accesskey|access_token|access-token|accesstoken|private_key|private-key|privatekey|secret_key|secret-key|secretkey|aws_key|aws-key|awskey|aws_secret|aws-secret|api_token|api-token|apitoken|api_secret|api-secret",
		re:   `/(?:api|access|private|secret|aws)[_-]?(?:keys?|tokens?|secrets?)\.(?:txt|env|bak|old|log)$`,
		desc: "a file named for API, access, private, secret or AWS keys or tokens kept as text (/api_keys.txt, /access_token.txt, /aws_secrets.env): a credential file by its name, which bans alone; YAML and CSV stay sensitive-key-list's, two needed (a split OpenAPI spec's /openapi/paths/api-keys.yaml, an admin's /admin/api-keys.csv export), as does JSON (a Rails app's own /api_keys.json) and bare /keys.txt or /tokens.csv (a JWKS list, a design system's tokens)"},
	{id: "sensitive-key-list", cat: SensitiveFile, w: 5, field: FieldPath,
		path: "keys.|key.txt|tokens.|token.txt|secrets.|secret.txt|apikey",
		re:   `/(?:api[_-]?|access[_-]?|private[_-]?|secret[_-]?|aws[_-]?)(?:keys?|tokens?|secrets?)\.(?:txt|csv|ya?ml|env|bak|old|log)$|/(?:keys?|tokens?|secrets?)\.(?:txt|csv|env|bak|old|log)$|/api[_-]?keys?\.json$`,
		desc: "lists of keys, tokens or secrets kept as text (/keys.txt, /api_keys.json, /tokens.csv, /aws_keys.yml, /aws_keys.txt): no page links them; a JWKS document (/keys, /.well-known/jwks.json) and a design system's /tokens.yml do not count"},
	{id: "probe-system-user-dir", cat: Probe, w: 3, field: FieldPath, only: onMiss,
		path: "~roo|~adm|~bin|~dae|~nob|~ftp|~www|~apa|~ngi|~htt|~mys|~pos|~ora|~gue|~tes|~use|~ope|~sys|/~lp|~mai|~bac",
		re:   `^/~(?:root|admin|administrator|bin|daemon|nobody|ftp|www|www-data|apache|nginx|httpd|mysql|postgres|oracle|guest|test|user|operator|sys|adm|lp|mail|backup)/?$`,
		desc: "the home directory of a system account through Apache's UserDir (/~root, /~nobody/, /~www-data) answered as a miss: an account enumeration; people's own /~name/ pages do not count"},
	{id: "sensitive-cloud-credentials", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "tfstate|.tfvars|/.terraform|service-account|service_account|/gcloud/|/.azure/|passwd-s3fs|credentials.json|secrets.json|secret.key|/app/etc/env.php",
		re:   `^/[^/]+\.tfstate(?:\.backup)?$|^/[^/]+\.tfvars(?:\.json)?$|/\.terraform/|/[^/]*service[-_]?account[^/]*\.json$|/gcloud/(?:credentials|access_tokens|legacy_credentials)|/\.azure/|/\.passwd-s3fs$|/(?:google[-_])?(?:credentials|secrets?|client[-_]secrets?)\.json$|/secrets?\.key$|/app/etc/env\.php$`,
		not:  `/(?:locales?|i18n|l10n|lang|langs|languages|translations?|messages)/(?:[^/]+/)*(?:google[-_])?(?:credentials|secrets?|client[-_]secrets?)\.json$`,
		desc: "cloud and infrastructure credentials (terraform.tfstate and *.tfvars at the web root, service-account JSON keys, gcloud and Azure token stores, .passwd-s3fs, credentials.json and secrets.json at any depth (/app/config/secrets.json, /api/v1/credentials.json) but in an i18n bundle, which names a screen's strings so (/locales/fr/app/secrets.json, /i18n/en/credentials.json: what passes is a guess under such a directory), Magento app/etc/env.php); deeper, Terraform state is what an HTTP state backend serves its clients (/tf-state/prod/terraform.tfstate) and counts as sensitive-secret-store-miss"},
	{id: "sensitive-actuator-secrets", cat: SensitiveFile, w: 10, field: FieldPath,
		path: "/actuator/env|/actuator/configprops",
		re:   `/actuator/(?:env|configprops)(?:/|$)`,
		desc: "Spring Boot actuator env and configprops, which list the application's properties and secrets (the rest of the actuator weighs 5)"},
	{id: "probe-debug-method", cat: Probe, w: 5, field: FieldURI, check: chkDebugMethod,
		desc: "the TRACK method (IIS's TRACE, probed for cross-site tracing) or DEBUG (ASP.NET's remote-debug start, probed to find debug builds): no browser, crawler or app sends either; Visual Studio's own DEBUG to a development server is possible, so a strong hint, not a ban"},
	{id: "probe-smuggling-residue", cat: Probe, w: 5, field: FieldURI, check: chkSmuggleMethod,
		desc: "an ordinary method glued to the bytes a request-smuggling probe left on the connection (GPOST, GGET, XPOST, 0GET, answered 400 or 501): a CL.TE or TE.CL desync probe's remainder read as the start of the next request; no client writes such a method (Exchange's WebDAV BDELETE and RFC 2774's M-POST are real and do not count). A victim's request poisoned on a shared back-end connection can carry it too, so two are needed"},
	{id: "probe-open-proxy", cat: Probe, w: 10, field: FieldURI, check: chkOpenProxy,
		desc: "CONNECT or an absolute http:// request target sent to a web server: a scan for open proxies to abuse"},
	{id: "probe-vpn-appliance", cat: Probe, w: 5, field: FieldPath,
		path: "/+cscoe+|/+cscol+|/+cscou+|/global-protect|/sslvpn_logon.shtml|/dana-na|/dana-cached", pos: posSeg,
		desc: "VPN appliance login pages (Cisco ASA, GlobalProtect, Pulse) on a web server that is none of them"},
	{id: "probe-router", cat: Probe, w: 5, field: FieldPath,
		path: "/hnap1|/cgi-bin/kerbynet|/goform|/gponform|/picsdesc.xml", pos: posSeg,
		desc: "home router and IoT endpoints (HNAP, goform) probed by botnets"},
	{id: "probe-sap", cat: Probe, w: 5, field: FieldPath,
		path: "/sap/bc/gui|/sap/public/info|/sap/bc/soap|/nwa|/irj/portal", pos: posSeg,
		desc: "SAP NetWeaver interfaces on a host that is not SAP (disable on SAP hosts)"},
	{id: "probe-aem", cat: Probe, w: 5, field: FieldPath,
		path: "/crx/packmgr|/crx/de|/bin/querybuilder.json|/system/console|/libs/granite/core/content/login", pos: posSeg,
		desc: "Adobe Experience Manager consoles on a host that is not AEM (disable on AEM hosts)"},
	{id: "probe-jboss", cat: Probe, w: 5, field: FieldPath,
		path: "/jmx-console|/web-console|/admin-console|/axis2/axis2-admin|/jbossmq-httpil|/jbossws", pos: posSeg,
		desc: "JBoss and Axis2 admin consoles, and JBoss's HTTP invocation layer (/jbossmq-httpil/, /jbossws/)"},
	{id: "probe-docker-api", cat: Probe, w: 5, field: FieldPath,
		path: "/containers/json|/images/json", pos: posEnd,
		desc: "Docker Engine API endpoints sent to a web server"},
	{id: "probe-xdebug", cat: Probe, w: 5, field: FieldQuery,
		query: "xdebug_session_start",
		desc:  "PHP Xdebug session start, a remote debugger trigger"},
	{id: "probe-php-cgi", cat: Probe, w: 5, field: FieldPath,
		path: "/cgi-bin/php|/cgi-bin/php4|/cgi-bin/php5|/cgi-bin/php-cgi|/cgi-bin/php.cgi|/cgi-bin/test-cgi|/cgi-bin/printenv|/cgi-bin/bash|/cgi-bin/sh", pos: posSeg,
		desc: "PHP interpreters and test scripts under /cgi-bin/ (CVE-2012-1823 era probes)"},
	{id: "probe-phpmyadmin-setup", cat: Probe, w: 5, field: FieldPath,
		path: "/scripts/setup.php", pos: posEnd,
		desc: "the phpMyAdmin 2.x/3.x setup script (CVE-2009-1151)"},
	{id: "probe-setup-cgi", cat: Probe, w: 5, field: FieldPath,
		path: "/setup.cgi", pos: posEnd,
		desc: "router setup.cgi (Netgear and others)"},
	{id: "probe-wp-install", cat: Probe, w: 3, field: FieldPath,
		path: "/wp-admin/setup-config.php|/wp-admin/install.php", pos: posEnd,
		desc: "WordPress installer pages, probed to hijack unfinished installs"},
	{id: "probe-wp-plugin-readme", cat: Probe, w: 2, field: FieldPath,
		path: "/wp-content/plugins/",
		re:   `/wp-content/plugins/[^/]+/(?:readme|changelog)\.(?:txt|md)$`,
		desc: "WordPress plugin readme files, fetched to fingerprint plugin versions; weak alone"},

	// --- Word-list probes that count only when answered as a miss ------------
	// Scanners walk dictionaries of admin panels, login pages, scripts
	// they or others may have dropped, leftover directories and API
	// consoles. Each name alone is ambiguous (a site may serve /admin/ or
	// /install/), so these hits count only when the server answered
	// 404, 410 or 444 (Missed): the site has no such page, and
	// the client asked for it by a word-list name. Watch weights; a
	// scanner's run of them bans, with the scan throttle.
	{id: "probe-admin-finder", cat: Probe, w: 3, field: FieldPath, only: onMiss,
		path: "/adm|/_adm|/__adm|admin|/cpanel|/controlpanel|/moderator|/backend|/sysadm|/webmin|/ispmgr|/amministra|/webmaster",
		re:   `^/(?:[a-z0-9_.-]+/)?_*(?:adm|admins?|admin[a-z0-9_]+|admin[-_](?:panel|area|login|cp|console|control|zone|site|tools?|serv)|[a-z0-9]{1,8}[_-]?admins?|administr[a-z]*|amministra[a-z]*|sysadm[a-z]*|cpanel|controlpanel|moderators?|backend|webmaster|ispmgr|webmin)\d*(?:\.[a-z0-9]{2,5})?/?$|^/_*(?:adm|admin|admins|administrator|administration|moderator|backend|cpanel|webadmin|sysadmin)\d*/.`,
		not:  staticAssetRe,
		desc: "an admin panel asked for by the names admin finders try, in several languages (/adm/, /admin1.php, /administracao.php, /amministratore/, /adminpanel.html, /admincp/, /sysadmin, /cpanel) or a file under such a directory, answered as a miss: the site has no such panel"},
	{id: "webshell-leet-name", cat: Webshell, w: 3, field: FieldPath, only: onBareMiss,
		path: ".php|.asp|.jsp|.cgi|.phtml|0.pl|1.pl|3.pl|4.pl",
		re:   `/[a-z_-]*[a-z][0134][a-z][a-z0-9_-]*\.(?:php\d?|phtml|aspx?|jspx?|cgi|pl)$`,
		not:  `/[^/]*(?:mp3|mp4|md5|sha1|s3|log4|x64|h264|p2p|b2b|e2e|k8s|i18n|l10n|w3c)[^/]*$`,
		desc: "a script whose name writes a word in leetspeak, a digit for a letter inside it (/h4x0r.php, /sh3ll.asp, /w4ck1ng.php, /d0mains.php, /c0derz.pl), answered as a miss: what webshell authors call their files, not what sites call pages (mp3, md5, s3, log4j, x64 and kin are words of their own and do not count)"},

	{id: "probe-login-finder", cat: Probe, w: 2, field: FieldPath, only: onBareMiss,
		path: "login.|logon.|log-in.|log_in.|log-on.|log_on.|signin.|sign-in.|sign_in.|signon.|sign-on.|sign_on.|signup.|sign-up.|sign_up.|register.|auth.|authenticate.|user.|users.|member.|members.|account.|accounts.|adduser|memberlist|wp-signup|wp-register",
		re:   `^/(?:[a-z0-9_.-]+/)?(?:(?:log[-_]?(?:in|on)|sign[-_]?(?:in|on|up)|register|auth|authenticate|users?|members?|accounts?)\.(?:aspx?|jspx?|cfm|pl|py|rb|cgi|php\d?|html?|do|action|nsf)|wp-(?:signup|register)(?:\.php)?|adduser(?:\.[a-z0-9]{2,5})?|memberlist(?:\.[a-z0-9]{2,5})?)/?$`,
		not:  staticAssetRe,
		desc: "a login, sign-up or user page asked for under the extensions of other platforms (/login.asp, /logon.pl, /login.cfm, /wp-signup.php, /adduser), answered as a miss; weak: a visitor's old bookmark does the same once. The bare names (/login, /signin, /user, /members/, /register) are ordinary pages and do not count"},
	{id: "probe-script-wordlist", cat: Probe, w: 3, field: FieldPath, only: onBareMiss,
		path: "test.|test_|test-|tests.|testing.|test1|test2|test3|test4|test5|test6|test7|test8|test9|test0|demo.|dummy|info.|phpin|/php.|/new.|/old.|temp.|/tmp.|upload.|uploads.|uploader.|uploadfile|upload_|/upl.|/up.|dump.|dumper.|backup.|install.|installer.|installwizard.|installation.|setup.|upgrade.|update.|config.|configuration.|setting.|settings.|/conf.|status.|debug.|crash.|cron.|delete.|/dir.|/file.|file_upload|fileupload|download.|import.|export.|/view.|read_|readf|fetch.|exec.|execute.|tool.|tools.|hack|ddos|/dom.|mailer.|/sql.|mysql.|/db.|_db.|database.|connect.|server.|proxy.|/user.|/pass.|passwd.|password.|maintenance.|sysinfo|console.|shell|/cmd.|_cmd.|command.|bypass|/priv.|/root.|/xxx|browser.",
		re:   `/_*(?:test(?:ing|s|[_-][a-z0-9]+)?|(?:file_?)?browser|demo|dummy|info|phpin|php|new|old|temp|tmp|upload(?:er|s|file|_file)?|upl|file_?upload|up|dump(?:er)?|backup|install(?:er|wizard|ation)?|setup|upgrade|update|config(?:uration)?|settings?|conf|status|debug|crash|cron|delete|dir|file|download|import|export|view|read_?file|fetch|exec(?:ute)?|tools?|hack(?:er)?|ddos|dom|mailer|sql|mysql|db|database|connect|server|proxy|user|pass(?:wd|word)?|maintenance|sysinfo|console|shell|cmd|command|bypass|priv|root|x{2,})[_-]?\d*\.(?:php\d?|phtml|aspx?|asmx|jspx?|cfm|cgi|shtml?)$|/(?:test|demo|dummy|upload(?:er)?|file_?upload|uploadfile)\d*\.html?$`,
		desc: "a script with a name from the scripts scanners look for (/test.php, /test123.php, /upload.asp, /uploader.php, /file_upload.cfm, /install.php, /phpin.php, /dump.php, /hacker.php, /cmd.jsp), answered as a miss: a developer's leftover or another attacker's dropped tool"},
	{id: "webshell-short-name", cat: Webshell, w: 3, field: FieldPath, only: onBareMiss,
		path: ".php|.asp|.jsp|.cgi|.phtml",
		re:   `/(?:[a-z0-9_]{1,2}|[a-z_]{0,3}\d{1,4}|\d+[a-z_]{0,2})\.(?:php\d?|phtml|aspx?|jspx?|cgi)$`,
		not:  `/(?:go|to|r|u|l|re|rd|ar|js)\.[a-z]+$`,
		desc: "a script named by one or two characters or a number (/1.php, /x.php, /dz.php, /sa2.php, /t00.php, /upload/1.php), answered as a miss: what uploaded shells are called, not pages"},
	// The prefilter reaches /_bak, /_tmp and /_db, not /_inc: Jekyll
	// sites keep their partials in /_includes/ and many hand-made sites
	// their snippets in /_inc/, so a miss there is a site's own folder
	// asked bare, not a leftover (review s12, a note on 96ae3f1).
	{id: "probe-leftover-dir", cat: Probe, w: 3, field: FieldPath, only: onBareMiss,
		path: "backup|/bak|/bkp|/old|_old|legacy|^/_bak|^/_tmp|^/_db|dump|/tmp|^/temp|^/_tem|^/test|^/_tes|/test/|^/dev|^/_dev|install|/sql|_sql|mysql|mssql|pgsql|oracle|/db/|dbase|database|^/log|^/_log|/logs/|/log/|^/priv|^/_pri|/prv|restricted|secret|^/cach|^/_cac|^/__ca|/cache/|debug|^/conf|^/_con|/config/|^/sett|^/_set|/inc/|^/incl|^/src|^/_src|^/sour|^/_sou|vendor|/svn|/cvs|phpmanager|redis|memcache|jdbc|webdav|^/uplo|^/_upl|user_upl|useruplo|/uploads/|userfiles",
		re:   `^/(?:(?:[a-z0-9_.-]+/)?_*(?:backups?\d{0,3}|baks?|bkp|[a-z]*dumps?|svn|cvs)|_*(?:(?:bak|old|new|tmp|tests?|install|dev|db|sql|logs?|uploads?)\d{0,3}|backup[_-]?(?:files?|site|db|data|old|www|web|new|full|sql)|olds|old[_-]?(?:files?|site|version|www|web|backups?|data)|legacy|temp|testing|devel|development|installer|installation|install_|mysql|mssql|pgsql|oracle|dbase|databases?|logfiles|private|priv|prv|restricted|secrets?|cache|debug|conf|configs?|configuration|settings|inc|includes?|src|sources?|vendor(?:-src)?|phpmanager|redis|memcached?|jdbc|webdav|uploader|uploaded|userfiles|user_?uploads))/?$`,
		desc: "a directory or bare name from the leftovers scanners list (/backup2/, /_old, /_legacy, /_dump/, /install1/, /tmp/, /sql/, /logs/, /_src, /vendor-src, /svn/, /webdav/), answered as a miss; under another directory only backups, dumps and version-control names count (/docs/install, /en/install, /products/database are a site's pages)"},
	{id: "probe-wordlist-page", cat: Probe, w: 1, field: FieldPath, only: onBareMiss,
		path: "install|setup|upgrade|update|/demo|/beta|archive|export|import|session|webmail|/ftp|staging|/sys",
		re:   `^/_*(?:install|setup|upgrade|updates?|demo|beta|archives?|exports?|imports?|sessions?|webmail|ftp|staging|sys)/?$`,
		desc: "names from scanners' word lists that are also ordinary pages of some sites (/install/, /setup, /updates, /demo, /archive, /webmail/, /sessions/), answered as a miss; weakest of the word-list hints"},
	{id: "probe-service-console", cat: Probe, w: 1, field: FieldPath, only: onBareMiss,
		path: "graphql|graphiql|swagger|api-docs|openapi|/_profiler|app_dev|/_wdt|telescope|horizon|_debugbar|clockwork|/actuator|/health|/metrics|prometheus|webstat|/console|status|/stats|statistics|/oauth/|soapserver|.wadl|jolokia|/j4p|ganglia|kibana|grafana|munin|nagios|zabbix|examples|tomcat-docs|/servlet/",
		re:   `^/(?:(?:[a-z0-9_-]+/){0,2}(?:graphql(?:/console|/v\d)?|graphiql(?:\.min)?(?:\.js)?|graphql\.php|swagger(?:-ui(?:\.html)?|-resources)?(?:/index\.html|\.json|\.ya?ml)?|(?:v\d/)?api-docs(?:\.json)?|openapi\.(?:json|ya?ml))|jolokia(?:/[a-z]+)?|_profiler(?:/[a-z]+)?|app_dev\.php|_wdt|telescope(?:/[a-z-]+)?|horizon(?:/[a-z-]+)?|_debugbar(?:/[a-z-]+)?|__clockwork|actuator(?:/[a-z-]+)?|health[z]?|metrics|prometheus|webstats?(?:\.html?)?|console|status\d*|stats|statistics|oauth/[a-z_-]+|soapserver|application\.wadl|jolokia|j4p|ganglia|kibana|grafana|munin|nagios|zabbix|examples|jsp-examples|tomcat-docs|servlet/[a-z]+)/?$`,
		desc: "a service's console, API description, monitoring page or a Tomcat manager command at the root (/graphql, /swagger-resources, /actuator/health, /prometheus, /j4p, /ganglia/, /oauth/clients), answered as a miss: the site runs no such service; weakest of the word-list hints (a monitor polling a removed /health or /status counts once). Ordinary page names (/info, /version, /billing, /list, /save ...) do not count"},

	{id: "probe-doc-file", cat: Probe, w: 1, field: FieldPath, only: onBareMiss,
		path: "readme|read.me|changelog|copying|credits|todo|authors|contributors|maintainers|crossdomain|clientaccesspolicy|license.",
		re:   `^/(?:[a-z0-9_-]+/)*(?:readme|read|changelog|changes|copying|credits|todo|authors|contributors|maintainers)$|/(?:crossdomain|clientaccesspolicy)\.xml$|^/(?:[a-z0-9_-]+/)+(?:readme|changelog|changes|upgrade|install|license|copying)\.(?:txt|md)$`,
		not:  `^/wp-content/`,
		desc: "a distribution's documentation files without extension (/CHANGELOG, /COPYING, /TODO, /readme) and Flash and Silverlight cross-domain policies (/crossdomain.xml), fetched to fingerprint versions and lax policies, answered as a miss; weakest of the word-list hints"},
	{id: "probe-config-name", cat: Probe, w: 3, field: FieldPath, only: onBareMiss,
		path: "config|conf.|settings.|.config",
		re:   `/[a-z0-9_.-]*(?:config|conf|settings|configuration)(?:[._-][a-z0-9]+)*\.(?:json|rb|php\d?|inc|ini|xml|ya?ml|py|sh|cfm|txt|cfg|dist|bak|old)$|/[a-z0-9_-]+\.config$|^/(?:[a-z0-9_-]+/)?(?:config|conf|configs|settings)/[^/]+\.(?:txt|json|xml|php|inc|ini|cfg|dat)$`,
		not:  `^/(?:[a-z0-9_-]+/)*(?:[a-z0-9-]+\.)?(?:webpack|vite|rollup|babel|postcss|tailwind|next|nuxt|svelte|jest|karma|eslint|prettier|tsconfig|browserconfig)[a-z._-]*$|^/(?:[a-z0-9_-]+/)?(?:app[._-]?|site[._-]?)?settings\.json$|^/(?:[a-z0-9_-]+/)?appsettings\.[a-z]+\.json$`,
		desc: "a configuration file asked for by name at any depth (/config.json, /local.config.rb, /config/config.inc.php, /settings.ini.cfm, /bitrix/authorization.config), answered as a miss: the scanner's guess at where the secrets are. Not appsettings.{Environment}.json: a Blazor WebAssembly app asks for it at every load and most sites answer 404 (review s8: a NAT of ten Blazor users was banned; sensitive-appsettings keeps its 1-point hint)"},
	{id: "probe-leftover-file", cat: Probe, w: 3, field: FieldPath, only: onBareMiss,
		path: ".txt|.bat|.cmd|.ps1|.csv|.dat|.php3|.php4|.php5|.php6|.php7|index-|index_|/bin/|cron.|.lock|.flag|.revision|^/pass|^/cred|^/secr|^/read|^/get_|^/getf|^/down|^/fetc|^/test|.dist|.sample|.example|.tmp|.temp|.copy|.swn|.bak|.old|.pyc|.pyo|.java|.class|.jar|.war|.ear|jenkinsfile|rakefile|justfile|taskfile|brewfile|berksfile|guardfile|podfile|cartfile|node_modules|bower_components|jspm_packages",
		re: `^/(?:\d+|[a-z0-9]|[a-z]\d+|info|ftp|errors?|pass(?:wd|words?)?|debug|test|temp|tmp|output[a-z_-]*)\.txt$|[^/]\.(?:sh|bat|cmd|ps1)$|^/[a-z0-9_-]+\.dat$|^/(?:db|dump|users?|pass(?:wd|words?)?|accounts|customers|emails|backup|creds|credentials)\.csv$|/(?:index|default|home|main)(?:\.php[3-7]|[-_.](?:bak|old|orig|backup|copy|save|tmp)[a-z0-9]*)$` +
			`|[^/]\.(?:flag|pid|revision)\d*$|/[a-z0-9_-]+\.lock$` +
			`|^/(?:pass(?:words?|wd|list|es)?|creds|credentials?|secrets?)(?:\.txt)?$` +
			`|^/(?:read_?file|get_?file|download_?file|fetch)$|^/tests?/.` +
			// copies and templates of a file, and source or compiled code
			// that a site runs but never serves
			"|[^/]\\.(?:dist|sample|example|tmp|temp|copy|swn|bak\\d+|old\\d+)$|[^/]\\.(?:pyc|pyo|class)$|^/[^/]+\\.(?:py|rb|java|go|cs|vb|jar|war|ear)$|/#[^/]+#$" +
			// build files not in sensitive-build-file, dependency trees
			"|/(?:jenkinsfile|rakefile|justfile|taskfile|brewfile|berksfile|guardfile|podfile|cartfile)$|^/(?:node_modules|bower_components|jspm_packages)/",
		not:  `/(?:install|get|setup|bootstrap)[a-z0-9_-]*\.sh$|/(?:composer|yarn|gemfile|package-lock|cargo|poetry|pipfile|flake)\.lock$`,
		desc: "files a scanner guesses beside the site's own: short or numbered text files that uploads leave (/1.txt, /i.txt), shell and batch scripts (/cron.sh, /bin/reset-db.sh, /app/unschedule.bat), data files at the root (/db.csv, /blacklist.dat), copies of the index (/index.php3, /index-bak), answered as a miss; install scripts a project publishes (/install.sh) do not count"},

	{id: "probe-deep-dump", cat: Probe, w: 3, field: FieldPath, only: onMiss,
		path: ".sql|.mdb|.accdb|.sqlite|.dump|.bak",
		re:   `/[^/]+/[^/]*[^/]\.(?:sql|mdb|accdb|sqlite3?|dump|bak)$`,
		not:  `/(?:migrations?|schemas?|seeds?|fixtures|upgrades?|updates|install)/`,
		desc: "a database dump, Access database or backup copy asked for below the web root (/admin/db.sql, /data/users.mdb, /includes/site.bak), answered as a miss: the root ones ban through sensitive-backup-archive and sensitive-db-file; an application's own migrations, schemas and seeds (/data/migrations/x.sql, which Actual Budget serves) do not count"},

	{id: "probe-root-archive", cat: Probe, w: 3, field: FieldPath, only: onBareMiss,
		path: ".zip|.rar|.tar|.tgz|.tbz|.txz|.bz2|.war|.jar|.lzma|.zst",
		re:   `^/[a-z0-9_-]+\.(?:zip|rar|tar|tgz|tbz2?|txz|tar\.(?:gz|bz2|xz|z|lz|lzma|zst)|bz2|war|jar|lzma|zst)$`,
		desc: "an archive with a plain name at the web root (/example.zip, /webapps.tar.gz, /output.rar) answered as a miss: the site's own name or a directory's, tried by a backup scanner (sensitive-backup-archive bans the backup words, dates and host names at once); a download a site once served under another name counts only with two others"},

	// --- Product endpoints scanned for their CVEs, answered as a miss ---------
	// A vulnerability scanner asks every host for the endpoints of the
	// products its templates know; a host that runs the product answers
	// them, one that does not answers 404. Each alone is a watch-level hint.
	{id: "probe-java-endpoint", cat: CVEProbe, w: 2, field: FieldPath, only: onBareMiss,
		path: ".action|.jspa|.jsp|.jsf|.xhtml|.faces|.seam|.snp|.rsp|.cmd",
		re:   `[^/]\.(?:action|jspa|jspx?|jsf|xhtml|faces|seam|snp|rsp|cmd)$`,
		not:  `^/(?:index|default|home|main)\.jsp$`,
		desc: "a Java web endpoint (Struts and Confluence .action, Jira .jspa, .jsp, JSF .xhtml/.faces, Seam) answered as a miss: the host runs no such application"},
	{id: "probe-aspnet-endpoint", cat: CVEProbe, w: 2, field: FieldPath, only: onBareMiss,
		path: ".asp|.asmx|.ashx|.axd|.svc",
		re:   `[^/]\.(?:aspx?|asmx|ashx|axd|svc)(?:/|$)`,
		not:  `^/(?:index|default|home|main)\.aspx?$`,
		desc: "an ASP.NET or classic ASP endpoint (.aspx, .asmx web services, .ashx handlers, WCF .svc) answered as a miss: the host runs no such application"},
	{id: "probe-cgi-endpoint", cat: CVEProbe, w: 2, field: FieldPath, only: onBareMiss,
		path: "/cgi-bin/|.cgi|/cgi/|/goform|/boafrm/|/web_shell|/apply.cgi|.shtml",
		re:   `^/cgi-bin/.|[^/]\.cgi(?:/|$)|^/cgi/.|^/goforms?/|[^/]\.shtml$`,
		desc: "a CGI program or an embedded device's form handler (/cgi-bin/x.cgi, /login/hostinfo.cgi, /goforms/rlminfo, /sysinit.shtml) answered as a miss: routers, cameras and NAS boxes serve these"},
	{id: "probe-cms-extension", cat: CVEProbe, w: 2, field: FieldPath, only: onBareMiss,
		path: "/wp-content/|/wp-json/|/wp-admin/|/wp-includes/|/templates/|/components/com_|/modules/|typo3conf/|/sites/all/|/ghost/|xmlrpc.php|/wp-|/wordpress/|/joomla/|/drupal/|/magento/|/typo3/",
		re:   `^/(?:xmlrpc\.php$|wp-(?:cron|mail|trackback|links-opml|load|settings|blog-header|activate|comments-post|config-sample)\.php$|(?:wordpress|wp|joomla|drupal|magento|typo3)/$|wp-content/(?:plugins|themes|mu-plugins)/.|wp-content/uploads/[a-z][^/]*/(?:[^/]+/)*$|wp-content/[^/]+\.(?:csv|txt|log|json|xml|sql)$|wp-json/.|wp-admin/.|wp-includes/.|templates/[^/]+/.|(?:administrator/)?components/com_|modules/[^/]+/.+\.php|typo3conf/ext/|sites/all/(?:modules|themes)/|ghost/.)`,
		not:  staticAssetRe + `|/readme\.txt$`,
		desc: "a CMS plugin's, theme's or REST route's endpoint called directly (/wp-content/plugins/x/y.php, /wp-json/plugin/v1/..., /templates/beez/index.php, /components/com_x/, /sites/all/modules/) answered as a miss: a plugin scan against a site without it"},
	{id: "probe-datastore-api", cat: CVEProbe, w: 3, field: FieldPath, only: onMiss,
		path: "/_search|/_cat/|/_bulk|/_cluster|/_nodes|/_all_dbs|/_utils|/_mapping|/_aliases|/_sql|/_snapshot|/_plugin|/solr/",
		re:   `^/(?:[^/]+/)?_(?:search|cat|bulk|cluster|nodes|all_dbs|utils|mapping|aliases|sql|snapshot|plugin)(?:/|$)|^/solr/(?:admin|[^/]+/(?:select|update|config|dataimport|replication))`,
		desc: "a data store's HTTP API asked of a web server (Elasticsearch /_search, /_cat/indices, /_bulk, CouchDB /_all_dbs, Solr /solr/admin/cores) answered as a miss: a scan for an open database"},
	{id: "probe-influxdb-query", cat: CVEProbe, w: 3, field: FieldURI, only: onMiss,
		query: "q=show|q=select|q=create|q=drop", need: &need{FieldPath, "/query"},
		re:   `(?:^|&)q=\s*(?:show\s+(?:databases|measurements|users|series)|select\s.+\sfrom\s|create\s+(?:database|user)|drop\s)`,
		desc: "an InfluxDB query sent to /query (SHOW DATABASES, SHOW USERS, SELECT ... FROM) answered as a miss: a scan for an open time-series database"},
	{id: "probe-product-console", cat: CVEProbe, w: 2, field: FieldPath, only: onMiss,
		path: "/zimbra|/service/soap|/auth/realms/|/realms/|/mifs/|/jeecg-boot/|mlflow|/citrix/|/logon/logonpoint|/reportserver|/pandora_console|/xwiki/|/kylin/|/minio/|/nacos/|/jolokia|/druid/|/cas/|/owa/|/ecp/|/rpc/|/remote/|/vpn/|/sslvpn|/+cscoe+|/dana-na|/tmui/|/mgmt/|/sap/|/irj/|/oa_html/|/weblogic|/console/|/wls-|/axis2/|/jenkins/|/manager/|/geoserver/|/confluence/|/jira/|/secure/|/rest/api/|/plugins/servlet/|/ucs/|/api/v1/terminal|/api/v1/clusters|/bitrix/|/mw-config|/webmail/|/gitlab|/ui/vault|/altair|/exchange/|/exchweb/|/hudson|/cacti/|/app/kibana|/examples/|/iisadmin|/iishelp|/iissamples|/printers/|/_vti_|/axis/|roundcube|squirrelmail|/horde/|rainloop|webalizer|/rails/info|__debug__|umbraco|desktopmodules|sitecore|/downloader/|/c/portal|manage_main|/concrete/|/phpbb|catalog/admin|forumrunner|plesk|/whm|directadmin|ispconfig|/vesta|virtualmin|froxlor|netdata|glances|/monit/|/supervisor/|/nifi|/airflow/|/hue/|zeppelin|jupyter|rstudio|portainer|rancher|/traefik/|kubernetes|/api/v1/namespaces|/v2/_catalog|/_async/|sonarqube|/nexus/|artifactory|/gitea|/gogs|phpipam|/glpi/|/otrs/|mantis|bugzilla|redmine|dolibarr|vtigercrm|suitecrm|sugarcrm|zabbix.php|/cgi-bin/mt/|owncloud|/nextcloud/|seafhttp|filebrowser|elfinder",
		re:   `^/(?:js/zimbramail/|zimbra(?:admin)?/|service/soap|(?:auth/)?realms/[^/]+/|mifs/|jeecg-boot/|(?:ajax-)?api/2\.0/mlflow|ajax-api/|citrix/|logon/logonpoint|reportserver/|pandora_console/|xwiki/|kylin/|minio/|nacos/|jolokia(?:[/.?]|$)|druid/|cas/v1/|owa/|ecp/|rpc/|remote/(?:login|logincheck|fgt_lang)|vpn/|sslvpn(?:[/.?]|$)|\+cscoe\+/|dana-na/|tmui/|mgmt/|sap/|irj/|oa_html/|weblogic(?:[/.?]|$)|console/(?:login|css|j_security_check)|wls-|axis2/|jenkins/|geoserver/|confluence/|jira/|secure/[a-z]+(?:\.jspa|/)|rest/api/(?:2|latest)/(?:user|group|dashboard|issue|serverinfo|project)|plugins/servlet/|ucs/|api/v1/(?:terminal|clusters)/|bitrix/|mw-config/|webmail/src/|gitlab(?:[/.?]|$)|ui/vault/|altair(?:[/.?]|$)|exchange/|exchweb/|hudson(?:[/.?]|$)|cacti/|app/kibana|examples/(?:jsp|servlets?|websocket)/|iisadmin(?:[/.?]|$)|iishelp(?:[/.?]|$)|iissamples(?:[/.?]|$)|printers/|_vti_[a-z]+|axis/|roundcube(?:[/.?]|$)|squirrelmail(?:[/.?]|$)|horde/|rainloop(?:[/.?]|$)|webalizer(?:[/.?]|$)|rails/info|__debug__/|(?:umbraco|desktopmodules|sitecore|downloader|c/portal|manage_main|concrete|phpbb\d?|catalog/admin|forumrunner|plesk|whm|directadmin|ispconfig|vesta|virtualmin|froxlor|netdata|glances|monit|supervisor|nifi|airflow|hue|zeppelin|jupyter|tree\?|rstudio|portainer|rancher|traefik|kubernetes|api/v1/namespaces|v2/_catalog|_async|sonarqube|nexus|artifactory|gitea|gogs|phpipam|glpi|otrs|mantis|bugzilla|redmine|dolibarr|vtigercrm|suitecrm|sugarcrm|zabbix\.php|cgi-bin/mt|owncloud|nextcloud|seafhttp|filebrowser|elfinder)(?:[/.?]|$))`,
		// Only a scrape: one named pod or service, a numeric port, and
		// Prometheus's own paths; a scanner walking proxy paths without a
		// port, with a named port or to an application's API behind it
		// (kube-hunter's .../services/kubernetes-dashboard/proxy/) still
		// counts (review s12 item 3).
		not:  `^/api/v1/namespaces/[a-z0-9.-]+/(?:pods|services)/(?:https?:)?[a-z0-9.-]+:\d{2,5}/proxy/(?:metrics|federate)$`,
		desc: "endpoints of products vulnerability scanners carry templates for (Zimbra, Keycloak realms, MobileIron /mifs/, JeecgBoot, MLflow, Citrix, SQL Server Reporting Services, Pandora FMS, XWiki, Kylin, MinIO, Nacos, Jolokia, Druid, CAS, Exchange OWA/ECP, Fortinet, Pulse, F5, SAP, Oracle EBS and WebLogic, Axis2, Jenkins, GeoServer, Atlassian) answered as a miss: the host runs none of them. The API server's own proxy subresource naming one pod or service and its port (/api/v1/namespaces/prod/pods/web-7d9c8b6f5-9e889:9090/proxy/metrics, how Prometheus scrapes through the API server; 404 while a rollout replaces the pods) does not count when it names a numeric port and ends in /proxy/metrics or /proxy/federate: templates ask for collections or a product's UI behind the proxy (kube-hunter's .../services/kubernetes-dashboard/proxy/), which still count"},

	{id: "probe-wp-endpoint", cat: CVEProbe, w: 2, field: FieldURI, only: onMiss,
		path: "/wp-login.php|/wp-content/plugins/|/wp-content/themes/", query: "rest_route=/",
		re:   `/wp-login\.php(?:\?|$)|^/wp-content/(?:plugins|themes)/[^?]+\.php(?:\?|$)|(?:^|[?&])rest_route=/[a-z0-9_-]+/v\d`,
		desc: "WordPress's login page, a plugin's or theme's script called with parameters (/wp-content/plugins/x/ajax.php?p=...), or a plugin's REST route through the query (?rest_route=/plugin/v1/...) answered as a miss: a plugin exploit sent to a site without WordPress or without that plugin; weak, as an old link may point there"},
	{id: "probe-java-action-query", cat: CVEProbe, w: 2, field: FieldPath, only: onMiss,
		path: ".action|.jspa|.rsp|.cmd|.faces|.xhtml|.seam",
		re:   `[^/]\.(?:action|jspa|rsp|cmd|faces|xhtml|seam)$`,
		desc: "a Java web framework's action (Struts and Confluence .action, Jira .jspa, JSF .faces/.xhtml, Seam, .cmd and .rsp device handlers) called with or without parameters and answered as a miss: a product exploit's first request to a host that runs no such product (probe-java-endpoint takes the bare ones and .jsp pages)"},
	{id: "probe-isapi-dll", cat: CVEProbe, w: 2, field: FieldPath, only: onMiss,
		path: ".dll",
		re:   `[^/]\.dll(?:/|$)`,
		desc: "an ISAPI extension called by its .dll (/SecurityGateway.dll?view=login, /scripts/x.dll/...) answered as a miss: an exploit for an IIS product sent to a host without it (the worms' own DLLs ban through iis-isapi-overflow)"},
	{id: "probe-system-dir", cat: Traversal, w: 3, field: FieldPath, only: onMiss,
		path: "^/etc/|^/proc/|^/sys/|^/root/|^/boot/|passwd|shadow",
		re:   `^/(?:etc|proc|sys|root|boot)/[a-z0-9_.-]|/(?:passwd|shadow|master\.passwd)$`,
		desc: "a file of the server's own system tree asked for at the web root (/etc/mnt_info.csv, /proc/net/tcp, /root/...) or a password file under any directory (/current_config/passwd), answered as a miss: a device exploit's or a misconfigured-alias scan's request; /etc/passwd itself bans through lfi-etc-passwd"},
	{id: "param-dump-path", cat: SensitiveFile, w: 5, field: FieldQuery,
		query: ".sql|.sqlite|.mdb|.bak|.env|.pem|.key|.db&",
		re:    `(?:^|&)[a-z0-9_.\[\]-]*=\.{1,2}/(?:[^&/]+/)*[^&/]+\.(?:sql|sqlite3?|mdb|bak|env|pem|key|db)(?:&|$)|(?:^|&)[a-z0-9_.\[\]-]*=/(?:[^&/]+/)*(?:[^&/]*\.env|[^&/]*(?:priv|secret|server|id_rsa|id_dsa)[^&/]*\.(?:pem|key))(?:&|$)`,
		desc:  "a parameter whose value is a relative path to a database dump, a key or an environment file (?q=./site.sql, file=../backup/db.bak, path=../.env), or an absolute one to an environment file or a private key (doc=/certs/server.key): a file-reading endpoint asked for the site's secrets; a file manager's own absolute paths (p=/backups/db.sql, file=/files/ca.pem) do not count"},
	{id: "probe-infra-api", cat: CVEProbe, w: 2, field: FieldPath, only: onMiss,
		path: "/api/v1/pods|/api/v1/nodes|/api/v1/secrets|/api/v1/configmaps|/api/v1/namespaces|/api/v1/serviceaccounts|/api/v1/label/|/api/v1/targets|/api/v1/status/|/api/v1/method.callanon|/apis/|/v1/kv/|/v1/agent/|/v1/catalog/|/v1/acl/|/debug/vars|/jmx|/api/snapshots|/api/jsonws|/jars/upload|/_ignition/|/api/experimental/|/rest/tinymce/|/querybuilder|/webtools/control/|/api/v4/users|/debug/default/view|/recordings/misc/|/ctc/servlet/|storfs-asup|method.callanon",
		re:   `^/(?:api/v1/(?:(?:pods|nodes|secrets|configmaps|namespaces|serviceaccounts)/?(?:$|\?)|namespaces/[a-z0-9.-]+/(?:pods|secrets|configmaps|serviceaccounts)\b|label/|targets|status/(?:config|flags|buildinfo)|method\.callanon/)|apis/[a-z0-9.-]+/v\d|v1/(?:kv|agent|catalog|acl)/|debug/vars$|(?:api/)?jmx(?:\?|$)|api/snapshots|api/jsonws|jars/upload|_ignition/|api/experimental/|rest/tinymce/|bin/querybuilder\.json|webtools/control/|api/v4/users|debug/default/view|recordings/misc/|ctc/servlet/|storfs-asup)`,
		// Only a scrape: one named pod or service, a numeric port, and
		// Prometheus's own paths; a scanner walking proxy paths without a
		// port, with a named port or to an application's API behind it
		// (kube-hunter's .../services/kubernetes-dashboard/proxy/) still
		// counts (review s12 item 3).
		not:  `^/api/v1/namespaces/[a-z0-9.-]+/(?:pods|services)/(?:https?:)?[a-z0-9.-]+:\d{2,5}/proxy/(?:metrics|federate)$`,
		desc: "the HTTP API of an infrastructure product asked of a web server (Kubernetes's collections /api/v1/pods, /api/v1/namespaces/x/secrets and /apis/; an application's own /api/v1/nodes/42 does not count, Prometheus /api/v1/label/, Consul /v1/kv/, Go's /debug/vars, Hadoop /jmx, Grafana snapshots, Liferay /api/jsonws, Flink /jars/upload, Laravel Ignition, Airflow's experimental API, Confluence's tinymce macro preview, AEM querybuilder, OFBiz webtools, GitLab's user search, Yii's debug panel, FreePBX recordings, SAP ConfigServlet, Rocket.Chat's method.callAnon) answered as a miss: a vulnerability scanner's template run against a host without the product. The API server's own proxy subresource naming one pod or service and its port (/api/v1/namespaces/prod/pods/web-7d9c8b6f5-9e889:9090/proxy/metrics, how Prometheus scrapes through the API server; 404 while a rollout replaces the pods) does not count when it names a numeric port and ends in /proxy/metrics or /proxy/federate: templates ask for collections or a product's UI behind the proxy (kube-hunter's .../services/kubernetes-dashboard/proxy/), which still count"},
	{id: "probe-wp-admin-call", cat: CVEProbe, w: 2, field: FieldPath, only: onMiss,
		path: "/wp-admin/",
		re:   `^/wp-admin/[a-z0-9_-]+\.php$`,
		desc: "a WordPress admin script called with or without parameters (/wp-admin/admin-ajax.php?action=..., /wp-admin/admin.php?page=plugin-export) answered as a miss: a plugin exploit sent to a site without WordPress (search engines do not follow /wp-admin/ links: WordPress disallows them in robots.txt)"},
	{id: "sqli-marker-product", cat: SQLi, w: 10, field: FieldQuery,
		query: "select",
		re:    `(?:^|[=&(\s'"])select\s*\(?\s*\d{4,}\s*[*+]\s*\d{4,}\s*\)?\s*(?:as\s+[a-z_]\w*|from\b|--|#|;|/\*)`,
		desc:  "a SELECT of the product or sum of two long numbers named or ended as a statement (select 547653*865674 as id, select 1234*5678--): the marker a scanner reads back from the page to prove SQL runs; a search for select 12345*67890 does not count"},
	{id: "cve-cfide-dotdot", cat: CVEProbe, w: 10, field: FieldPath,
		path: "..cfide/",
		desc: "ColdFusion's /CFIDE/ reached through a dot-dot-prefixed segment (/x/..CFIDE/adminapi/, the access-control bypass of CVE-2023-29298 and kin)"},
	{id: "path-encoded-qmark-script", cat: CVEProbe, w: 5, field: FieldPath,
		path: "?.php|?.jsp|?.asp",
		re:   `\?[^/]*\.(?:php|jsp|aspx?)(?:/|$)`,
		desc: "an encoded '?' inside the path before a script name (/index.php%3F.php/...): a proxy reads a script name the server does not (mod_rewrite and PHP-FPM path confusion)"},

	// --- Scanners ------------------------------------------------------------------
	{id: "scanner-w00tw00t", cat: Scanner, w: 10, field: FieldPath,
		path: "w00tw00t",
		desc: "the DFind scanner's w00tw00t.at.ISC.SANS request"},
	{id: "scanner-nmap-probe", cat: Scanner, w: 10, field: FieldPath,
		path: "/nice ports,/trinity.txt.bak",
		desc: "Nmap service detection's GET /nice ports,/Trinity.txt.bak"},
	{id: "scanner-oast-domain", cat: Scanner, w: 10, field: FieldAny,
		any:  "oastify.com|burpcollaborator.net|interact.sh|interactsh|oast.pro|oast.live|oast.site|oast.online|oast.fun|oast.me|dnslog.cn|ceye.io|bxss.me|canarytokens.com",
		desc: "out-of-band callback domains of attack tools (Burp Collaborator, interactsh, dnslog.cn) in any field"},
	{id: "scanner-template-payload", cat: Scanner, w: 10, field: FieldURI,
		path: "projectdiscovery/nuclei-templates", query: "projectdiscovery/nuclei-templates",
		// Only the templates' payload folder: a search for a template's
		// raw URL or a chat's link preview of the project's README names
		// the repository too (review s12 item 4).
		re:   `raw\.githubusercontent\.com/projectdiscovery/nuclei-templates/(?:[^/?&#]+/)+helpers/payloads/`,
		desc: "a Nuclei template's own payload file fetched through the site (?href=https://raw.githubusercontent.com/projectdiscovery/nuclei-templates/.../helpers/payloads/x.svg): the template makes the server or a page load the scanner's marker file to prove a request forgery or a script injection; a link to the project on github.com, as a referer or a search, and a raw URL of any other file of the repository (a template's .yaml searched for, a link preview of its README) do not count"},
	uaTool("sqlmap", "sqlmap", "sqlmap"),
	uaTool("nikto", "Nikto", "nikto"),
	uaTool("nuclei", "Nuclei", "nuclei"),
	uaTool("zgrab", "ZGrab", "zgrab"),
	uaTool("masscan", "masscan", "masscan"),
	uaTool("wpscan", "WPScan", "wpscan"),
	uaTool("gobuster", "Gobuster", "gobuster"),
	uaTool("ffuf", "ffuf", "ffuf/|fuzz faster u fool"),
	uaTool("dirbuster", "DirBuster", "dirbuster"),
	uaTool("dirsearch", "dirsearch", "dirsearch"),
	uaTool("feroxbuster", "feroxbuster", "feroxbuster"),
	uaTool("wfuzz", "Wfuzz", "wfuzz"),
	uaTool("acunetix", "Acunetix", "acunetix"),
	uaTool("nessus", "Nessus", "nessus"),
	uaTool("openvas", "OpenVAS", "openvas"),
	uaTool("nmap", "Nmap Scripting Engine", "nmap |nmap.|nmap/|nmap;|nmap)"),
	uaTool("netsparker", "Netsparker/Invicti", "netsparker"),
	uaTool("w3af", "w3af", "w3af.|w3af/"),
	uaTool("arachni", "Arachni", "arachni"),
	uaTool("skipfish", "skipfish", "skipfish"),
	uaTool("havij", "Havij", "havij"),
	uaTool("commix", "commix", "commix"),
	uaTool("fimap", "fimap", "fimap"),
	uaTool("xsstrike", "XSStrike", "xsstrike"),
	uaTool("jaeles", "Jaeles", "jaeles"),
	uaTool("sqlninja", "sqlninja", "sqlninja"),
	uaTool("pangolin", "Pangolin", "pangolin"),
	uaTool("bsqlbf", "bsqlbf", "bsqlbf"),
	uaTool("hydra", "THC Hydra", "(hydra)"),
	uaTool("zmeu", "ZmEu", "^zmeu|zmeu @|zmeu/"),
	uaTool("morfeus", "Morfeus", "morfeus"),
	uaTool("muieblackcat", "muieblackcat", "muieblackcat"),
	uaTool("leakix", "LeakIX (l9explore, l9tcpid)", "l9explore|l9tcpid|l9scan"),
	uaTool("webinspect", "HP WebInspect", "webinspect"),
	uaTool("appscan", "IBM AppScan", "appscan"),
	uaTool("paros", "Paros proxy", "paros"),
	uaTool("joomscan", "JoomScan", "joomscan"),
	uaTool("cmsmap", "CMSmap", "cmsmap"),
	uaTool("uniscan", "Uniscan", "uniscan"),
	uaTool("webshag", "Webshag", "webshag"),
	uaTool("assetnote", "Assetnote react2shell scanner (a browser user agent with Assetnote/1.0.0 appended)", "assetnote/"),
	{id: "ua-whatweb", cat: Scanner, w: 5, field: FieldUA,
		ua: "whatweb", pos: posWord,
		desc: "the WhatWeb fingerprinting tool's user agent"},
	{id: "ua-spam-harvester", cat: Scanner, w: 5, field: FieldUA,
		ua:   "emailcollector|emailsiphon|emailwolf|extractorpro|webemailextrac|atomic_email_hunter|email extractor|trackback/1.02|cherrypicker|emailmagnet|webbandit",
		desc: "e-mail harvester and trackback spam bot user agents"},
}

// uaTool is a signature for an attack tool's user agent: one hit bans.
func uaTool(name, label, lits string) def {
	return def{id: "ua-" + name, cat: Scanner, w: 10, field: FieldUA,
		ua: lits, pos: posWord,
		desc: "the " + label + " attack tool's user agent"}
}

// Answer conditions of the word-list and product-endpoint signatures
// (miss.go): onMiss counts on a 404/410/444 answer; onBareMiss also wants no
// query string, for names that old sites linked with one.
const (
	onMiss     = OnlyMissed
	onBareMiss = OnlyMissed | OnlyBare
	onFailed   = OnlyFailed   // counts refused or failing (4xx but a miss, 5xx)
	onUnserved = OnlyUnserved // products' endpoints: 0 when served, watched when refused
)

// staticAssetRe: a page's own assets (a stylesheet, a script, an image, a
// font), which a broken page asks for under any directory: the word-list
// hints leave them alone.
const staticAssetRe = `\.(?:css|js|mjs|map|png|jpe?g|gif|svg|ico|webp|avif|bmp|woff2?|ttf|eot|otf|mp4|webm|mp3)$`

// keyFileNot spares sensitive-key-file's public files: a .pem that says
// pub, or CA, root, cert, chain or crt and does not end in key
// (private-ca.pem, not ca-key.pem), and a .key that says gpg, pgp,
// signing, release, pub, apt or repo as a word (nginx_signing.key).
const keyFileNot = `/[^/]*pub[^/]*\.pem$|/[^/]*(?:root|cert|chain|crt)(?:[^/]*[^/y]|[^/]*[^/e]y|[^/]*[^/k]ey|y|ey)?\.pem$|/(?:[^/]*[-_.])?(?:sub)?ca(?:[-_.](?:[^/]*[^/y]|[^/]*[^/e]y|[^/]*[^/k]ey|y|ey))?\.pem$|` + keyPublicNot

// xsltSearchNot: a docs site's search box quoting a relative XSLT
// include as the XSLT docs write it (q=<xsl:include href="common.xsl"/>):
// the whole query is one search parameter holding the element alone, with
// single spaces and a relative name of words and slashes (review rev-sig
// s16 item 3 on bff9cca: the spare was not tied to a search box).
const xsltSearchNot = `^(?:q|query|search|s|term|keywords?|text)=<xsl:(?:include|import) href=(?:"[a-z0-9_][\w-]*(?:/[\w-]+)*\.xslt?"|'[a-z0-9_][\w-]*(?:/[\w-]+)*\.xslt?') ?/?>$`

// nosqlShellCallRe: a MongoDB shell call spliced after a statement break
// (nosqli-shell-call).
const nosqlShellCallRe = `(?:^|&)[^=&;]*=(?:[^&;'"a-z_$]*[\d)}\]]|[^&;(]*['"][)}\]\s]*|\s*this\.[^&;]*)\s*;\s*db\.[a-z_$][\w$]*(?:\.[a-z_$][\w$]*)?\s*\(`

// nosqlSearchNot: a docs site's search box quoting a read-only shell line
// (q=1; db.users.find()): a lone search parameter, a short number and one
// find() or findOne() with empty parentheses (review rev-sig s16 item 4 on
// bff9cca: distinct("password"), count({}) count); answered 5xx or refused,
// nosqli-shell-call-failed counts it anyway.
const nosqlSearchNot = `^(?:q|query|search|s|term|keywords?|text)=\d{1,3}\s*;\s*db\.[a-z_]\w*\.(?:find|findone)\(\s*\)\s*;?$`

// keyStoreDownloadNot: a .p12 or .pfx under a directory of published
// downloads or client profiles (a university's /downloads/eduroam.p12, a
// portal's /profiles/wifi/staff.p12): a stale link to one is a user's 404
// (ef1044a); elsewhere, at any depth, a key store counts (review rev-sig
// s16 item 1: /backup/server.pfx, /wp-content/uploads/cert.p12).
const keyStoreDownloadNot = `/(?:downloads?|profiles?|wifi|wlan|eduroam)/(?:[^/]+/)*[^/]+\.(?:p12|pfx)$`

// pemPublicNot: .pem names of public certificates, CRLs and parameters
// (issuing-ca.pem, SubCA.pem, intermediate.pem, crl.pem, dhparam.pem).
const pemPublicNot = `/[^/]*(?:pub|gpg|pgp|signing|release|chain|root|cert|crt|intermediate|issuer|bundle|crl|dhparam|jwks|trust|apt|repo)[^/]*\.pem$|/(?:[^/]*[-_.])?(?:sub)?ca(?:[-_.][^/]*)?\.pem$`

// keyPublicNot: .key names of public repository and signing keys
// (/apt.key, /keys/nginx_signing.key, /release-key.key).
const keyPublicNot = `/(?:[^/]*[-_.])?(?:gpg|pgp|signing|release|pub|public|apt|repo)(?:[-_.][^/]*)?\.key$`

// ldapIdentityLits gate ldap-identity-metachar: the last letters of each
// identity parameter's name, '=' and one metacharacter ('|' cannot be
// written in a literal list; "user=|" alone is left to the regex's other
// literals' company).
const ldapIdentityLits = "ser=*|ser=(|ser=)|ser=!|ser=\\|ser=/|ser=@|ame=*|ame=(|ame=)|ame=!|ame=\\|ame=/|ame=@|gin=*|gin=(|gin=)|gin=!|gin=\\|gin=/|gin=@|uid=*|uid=(|uid=)|uid=!|uid=\\|uid=/|uid=@|cn=*|cn=(|cn=)|cn=!|cn=\\|cn=/|cn=@|dn=*|dn=(|dn=)|dn=!|dn=\\|dn=/|dn=@|ail=*|ail=(|ail=)|ail=!|ail=\\|ail=/|ail=@"

// projectMetaLits are the literals of sensitive-project-metadata: "/." and
// the first two letters of each dot name its regex lists (literals need
// four bytes), and the few metadata directories without a dot.
const projectMetaLits = "/.id|/.pr|/.cl|/.se|/.bu|/.ex|/.lo|/.me|/.c9|/.cp|/.py|/.ko|/.co|/.su|/.tm|/.wo|/.nb|/.vs|/.fl|/.ec|/.ph|/.gi|/.tg|/.hg|/.sv|/.np|/.ya|/.do|/.es|/.js|/.ed|/.ru|/.rv|/.sc|/.de|/.el|/.eb|/.va|/.ca|/.cp|/.ge|/.sa|/.ap|/.tr|/.fb|/.ls|/.re|/.ft|/.mc|/.pk|/.ly|/.ma|/.pi|/.sh|/.em|/.ne|/.jo|/.sp|/.sw|/.to|/.si|/.jr|/.bo|/.mo|/.zf|/.ad|/.s3|/.ww|/.pl|/.ta|/.ve|/.fi|/.dr|nbproject|/_notes/|_mmserverscripts|__macosx|/cvs/|/.cvs|nb-configuration|nbactions|atlassian-ide|.sublime-|.esproj|.tmproj"

// xssProofLits gate xss-proof-call: the call's document.* argument, the
// script: scheme, or a quote and the punctuation that closes a string
// right before the call ('; alert is rarer than ';alert, and is left to
// xss-js-call). Bare words like "confirm" are too common in queries to
// gate a regex on.
const xssProofLits = "';alert|';prompt|';confirm|';-alert|';-prompt|';-confirm|'-alert|'-prompt|'-confirm|'+alert|'+prompt|'+confirm|')alert|')prompt|')confirm|');alert|');prompt|');confirm|'));alert|'));prompt|'));confirm|')-alert|')-prompt|')-confirm|')+alert|')+prompt|')+confirm|\";alert|\";prompt|\";confirm|\";-alert|\";-prompt|\";-confirm|\"-alert|\"-prompt|\"-confirm|\"+alert|\"+prompt|\"+confirm|\")alert|\")prompt|\")confirm|\");alert|\");prompt|\");confirm|\"));alert|\"));prompt|\"));confirm|\")-alert|\")-prompt|\")-confirm|\")+alert|\")+prompt|\")+confirm|document.domain|document.cookie|javascript|vbscript"

// xssActiveLits gate xss-active-tag: the element names, raw or written as
// character references.
const xssActiveLits = "<script|</script|<iframe|</iframe|<frame|<object|<embed|<applet|<meta|<base|<isindex|<xss|lt;script|lt;iframe|lt;object|lt;embed|#60;script|#x3c;script|:script|datasrc|datafld|dataformatas|dynsrc|lowsrc|expr=|expr =|xlink:href|style=|style =|<layer|<ilayer|<bgsound|<xml|stylesheet"

// xssBase64Tag is '<script', '<svg', '<img' or '<iframe' in base64, at the
// start of a base64 run (an encoded value starts with its '<'): the header
// checks' counterpart of encoded-payload-base64, which reads the path and
// query.
const xssBase64Tag = `(?:^|[^a-z0-9+/])(?:phnjcmlwd|phn2zy|pgltzy|pglmcmftz)`

// xssHandlerLits gate xss-event-handler: the handler names its regex lists.
const xssHandlerLits = "onerror|onload|onmouseover|onmouseenter|onfocus|onblur|onclick|ontoggle|onbegin|onanimationstart|onpointerover|onchange|oninput|onstart|onfinish|onresize|onscroll|onwheel|onbeforeprint"

// xssCallLits gate xss-js-call.
const xssCallLits = "alert(|alert`|alert |prompt(|prompt`|prompt |confirm(|confirm`|confirm |eval(|eval |atob(|atob |document.cookie|document.domain|fromcharcode"

// xssObfLits gate xss-obfuscated-call: the pieces of each spelling its
// regex knows. In the path a backslash reads as '/', so al\u0065rt is
// al/u0065rt there.
// xxeEncodedDecl is an entity declaration or a document type whose '<'
// is written in another encoding than the query's percent-encoding: a
// character reference escaped twice (&amp;lt;!ENTITY, &amp;#x3c;!ENTITY),
// a JSON or JavaScript escape (\u003c!ENTITY; the normal form spells the
// backslash as '/'), or UTF-7 (+ADw-!ENTITY; '+' may have become a space).
// Parsers that decode the value before parsing it see a DTD; no text writes
// "<!ENTITY" or "<!DOCTYPE" escaped so but one that means to be decoded.
const xxeEncodedDecl = `(?:(?:^|[+\s"'=>(\[])adw(?:-\s*!|aiq-?)|[/\\]u003c\s*(?:!|[/\\]u0021)|&(?:(?:amp|#0*38|#x0*26);)+(?:lt|#x0*3c|#0*60);\s*!)\s*(?:(?:e|[/\\]u00[46]5)ntity\b|doctype\s*[\w.:-]+\s*(?:\[|\+afs|[/\\]u005b|system\s*` + xxeQuote + `\s*(?:` + xxeScheme + `(?::|\+ado-)|/|\.\.)|public\s*` + xxeQuote + `[^>]{0,100}?` + xxeQuote + `\s*` + xxeQuote + `\s*(?:https?|ftp|file|jar|php|gopher)(?::|\+ado-)/*` + xxeNotW3 + `))`

// xxeQuote is a quote as the encoded declarations write it: plain, after a
// JSON escape's backslash (read as '/'), as a character reference escaped
// any number of times, in UTF-7 or as a JSON escape.
const xxeQuote = `(?:/?["']|&(?:amp;)*(?:quot|#0*34|#x0*22);|\+aci-|[/\\]u0022)`

// xxeScheme is a URL scheme other than about: (<!DOCTYPE html SYSTEM
// "about:legacy-compat"> is HTML5's legacy doctype and fetches nothing).
const xxeScheme = `(?:[b-z]|a(?:[ac-z0-9+.-]|b(?:[a-np-z0-9+.-]|o(?:[a-tv-z0-9+.-]|u(?:[a-su-z0-9+.-]|t[a-z0-9+.-])))))[a-z0-9+.-]*`

// xxeNotW3 follows a scheme's "//" and is any host but www.w3.org/, whose
// public DTDs XHTML and SVG documents declare.
const xxeNotW3 = `(?:[^w"'/]|w[^w"']|ww[^w"']|www[^.]|www\.[^w]|www\.w[^3]|www\.w3[^.]|www\.w3\.(?:[^o]|o[^r]|or[^g]|org[^/]))`

const xssObfLits = "al\\u0065|al\\x65|al\\145|al/u0065|al/x65|al/145|al&#|&lpa|&#x2|&#x0|&#40|&#04|(alert|(prompt|(confirm|alert`|prompt`|confirm`|&{al|&{pr|&{co|&{ev|&{ja|eval(|settimeout|setinterval|jav\t|jav\n|jav\r|jav |jav&|<sc<|<scr<|<scri<|<scrip<|<s<s|adw-|expression|\u00bcsc|\u00bc/s"

// xssObfRe confirms xss-obfuscated-call; the header checks use it too
// (xssHeaderRe).
const xssObfRe = "al(?:[\\\\/]u0065|[\\\\/]x65|[\\\\/]145|&#x0*65;?|&#0*101;?)rt\\b" +
	"|(?:alert|prompt|confirm)\\s*(?:&lpar;|&#x0*28;?|&#0*40;?)" +
	"|\\[\\s*\\d*\\s*\\]\\s*\\.\\s*(?:find|map|filter|some|every|foreach)\\s*\\(\\s*(?:alert|prompt|confirm|eval)\\s*\\)" +
	"|\\(\\s*(?:alert|prompt|confirm)\\s*\\)\\s*\\(" +
	"|(?:^|[=&,;/])\\s*(?:alert|prompt|confirm)\\s*\x60[^\x60]{0,40}\x60" +
	// Netscape's JavaScript entities: &{alert(1)};
	"|&\\{\\s*(?:javascript\\s*:\\s*)?(?:alert|prompt|confirm|eval)\\b" +
	// code taken from the URL or the window's name and run
	"|\\b(?:eval|settimeout|setinterval)\\s*\\(\\s*(?:(?:unescape|decodeuri(?:component)?|atob)\\s*\\(\\s*)?(?:(?:document\\s*\\.\\s*)?(?:url|referrer)\\b|(?:document\\s*\\.\\s*)?location\\s*(?:\\.\\s*(?:hash|search|href)\\b|\\))|window\\s*\\.\\s*name\\b)" +
	// a script: scheme split by a tab, a line break or its reference
	"|jav(?:[\\t\\n\\r ]|&(?:amp;)?#x?0*(?:9|a|d|10|13);?|&(?:tab|newline);)+ascript\\s*:" +
	// a tag name split by another tag, for filters that strip tags once
	"|<\\s*(?:s|sc|scr|scri|scrip)\\s*<\\s*/?\\s*script\\b[^>]*>\\s*(?:cript|ript|ipt|pt|t)\\b" +
	// '<' written as its byte with the high bit set (US-ASCII
	// decoding drops it): \xbcscript\xbe
	"|\u00bc\\s*/?\\s*script" +
	// markup in UTF-7: +ADw- is '<'
	"|(?:^|[+\\s])adw-\\s*/?\\s*(?:script|img|svg|iframe|body|html|object|embed|style|a|div)\\b" +
	// an IE CSS expression as a property's value
	"|(?:[:=]\\s*[\"']?|\\*/)\\s*expression\\s*(?:\\(|[\\\\/]0*28)"

// xxeEntityDecl follows "<!ENTITY" in xxe-entity: a declaration, with a
// parameter entity's '%' (or its reference) or a name and then a value, a
// SYSTEM or PUBLIC identifier. "<!ENTITY xml" alone, a search about the
// keyword, declares nothing.
const xxeEntityDecl = `(?:\s*[%&]|\s+[\w.:-]+(?:\s*["'%&]|\s+(?:system|public)\b))`

// traversalAppFileRe confirms traversal-app-file: a dot-dot segment
// (Tomcat's "..;x" too), any segments, then a last segment that names a
// configuration or secret file by its kind, ending the path or the
// parameter. The names are the words such files are called by in any
// product (config, settings, database, credentials, secrets) with a code
// or data extension, or an extension that is itself a configuration or a
// database (.cfg, .conf, .ini, .properties, .db, .sqlite), or a key. The
// word must end the name or be followed by '.', '_' or '-': a page named
// conference-2024.xml is no conf file.
const traversalAppFileRe = `(?:^|[=&/\\])\.\.(?:;[^/\\&]*)?[/\\](?:[^&?#]*[/\\])?` +
	`(?:[\w.-]*(?:config|configuration|conf|settings?|database|dbconn|db_conn|credentials?|secrets?|passw(?:or)?ds?|parameters)(?:[_.-][\w.-]*)?\.(?:php\d?|xml|cfg|conf|ini|json|ya?ml|properties|inc|toml|env|txt|bak)` +
	`|application(?:-\w+)?\.(?:ya?ml|properties)|\.env(?:\.[\w-]+)?|\.htpasswd|(?:package|composer)\.json` +
	`|[\w.-]+\.(?:cfg|conf|ini|properties|db|sqlite3?|mdb|pem|key))(?:$|[&?#;])`

// deserTypeTagRe confirms deserialization-type-tag: a type key or tag
// whose value is a dotted class name of two dots or more (JSON-LD types
// are words or URLs; a URL has ':' and '/'), Fastjson's "L...;" class
// descriptor, Jackson's ["class",{ array, or PyYAML's python/ tags.
const deserTypeTagRe = `"@type"\s*:\s*"l?(?:[a-z_$][\w$]*\.){2,}[a-z_$][\w$]*;?"` +
	`|\[\s*"(?:[a-z_$][\w$]*\.){2,}[a-z_$][\w$]*"\s*,\s*\{` +
	`|!!python/(?:object|name|module)\b|!!(?:[a-z_][\w$]*\.){2,}[a-z_][\w$]*`
