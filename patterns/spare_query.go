package patterns

import "bytes"

// Products whose own API takes a query language in one parameter: the
// query is the product's feature, not an injection, when it has the
// product's exact shape on the product's own endpoint. Each spare names
// the parameter and the path, and what the same class's payloads need
// that the product's queries lack; every other place, and every other
// shape on that place, counts as before.

// ckanSQLSuffixes are CKAN's DataStore SQL endpoint (API version 3 or
// unversioned, at the site's root or under a prefix).
var ckanSQLSuffixes = [...]string{"/api/3/action/datastore_search_sql", "/api/action/datastore_search_sql"}

// ckanSQL reports CKAN's datastore_search_sql?sql= holding one plain
// SELECT over the DataStore's own tables: CKAN runs that SQL read-only for
// anyone, and its users and scripts write it by hand (SELECT "department",
// SUM("amount") FROM "4f2a9c1e-..." GROUP BY ...). libinjection reads any
// such statement as injection. Spared only when the statement
//   - starts with SELECT and holds no other SELECT (no UNION, no subquery),
//   - reads only tables named by a quoted resource id (FROM/JOIN "uuid"),
//   - calls only aggregate and formatting functions (count, sum, ...),
//   - has balanced quotes and, outside them, no ; -- /* # \ @ $ (stacked
//     queries, comments, dollar quoting),
//   - names no INTO.
//
// So pg_sleep, query_to_xml, pg_read_file, UNION SELECT ... FROM pg_shadow,
// "' OR '1'='1' --" and stacked statements on the same path and parameter
// still count (TestCKANSQLAttacksStillBanned). The literal signatures
// (sqli-union-select, sqli-blind-function ...) look at it as before.
func ckanSQL(path, name, val []byte) bool {
	if !equalFold(name, "sql") {
		return false
	}
	ok := false
	for _, s := range ckanSQLSuffixes {
		if hasSuffixFold(path, s) {
			ok = true
			break
		}
	}
	if !ok {
		return false
	}
	selects, tables := 0, 0
	first := true
	wantTable := false // the last word was FROM or JOIN
	inFrom := false    // in a FROM list: a comma names another table
	for i := 0; i < len(val); {
		c := val[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == '(' || c == ')' || c == '.' || c == '*' ||
			c == '=' || c == '<' || c == '>' || c == '!' || c == '+' || c == '%' || c == ':' || c == '|':
			if wantTable && c != ' ' && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			if c == ',' && inFrom {
				wantTable = true
			}
			i++
		case c == '-' || c == '/':
			if i+1 < len(val) && (val[i+1] == '-' || val[i+1] == '*') {
				return false // a comment
			}
			if wantTable {
				return false
			}
			i++
		case c == '\'':
			j := closeQuote(val, i, '\'')
			if j < 0 || wantTable {
				return false
			}
			i = j
		case c == '"':
			j := closeQuote(val, i, '"')
			if j < 0 {
				return false
			}
			if wantTable {
				if !isUUID(val[i+1 : j-1]) {
					return false
				}
				wantTable, inFrom = false, true
				tables++
			} else if ckanCall(val, j) {
				return false // a quoted identifier called: "pg_sleep"(10)
			}
			i = j
		case isLetter(c) || c == '_' || c >= '0' && c <= '9':
			j := i
			for j < len(val) && (isLetter(val[j]) || val[j] == '_' || val[j] >= '0' && val[j] <= '9') {
				j++
			}
			w := val[i:j]
			if wantTable {
				return false // a bare table name: not a resource
			}
			switch {
			case equalFold(w, "select"):
				if !first {
					return false
				}
				selects++
			case first:
				return false // not a SELECT statement
			case equalFold(w, "from") || equalFold(w, "join"):
				wantTable = true
			case inFrom && ckanClauseEnd(w):
				inFrom = false
			case equalFold(w, "into") || equalFold(w, "union"):
				return false
			default:
				if ckanCall(val, j) && !ckanFunction(w) {
					return false
				}
			}
			first = false
			i = j
		default:
			return false // ; # \ @ $ and anything else
		}
	}
	return selects == 1 && tables > 0 && !wantTable
}

// ckanCall reports that the word or quoted identifier ending at j is
// called: a '(' follows after any whitespace PostgreSQL skips (space, tab,
// newline, CR, form feed, vertical tab: pg_sleep\n(10) is a call).
func ckanCall(val []byte, j int) bool {
	for j < len(val) && (val[j] == ' ' || val[j] == '\t' || val[j] == '\n' || val[j] == '\r' || val[j] == '\f' || val[j] == '\v') {
		j++
	}
	return j < len(val) && val[j] == '('
}

// closeQuote returns the index after the quote that closes the one at
// i (a doubled quote is an escaped one), or -1.
func closeQuote(b []byte, i int, q byte) int {
	for j := i + 1; j < len(b); j++ {
		if b[j] == '\\' {
			return -1
		}
		if b[j] == q {
			if j+1 < len(b) && b[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return -1
}

// isUUID reports a resource id as CKAN makes them (8-4-4-4-12 hex).
func isUUID(b []byte) bool {
	if len(b) != 36 {
		return false
	}
	for i, c := range b {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
			continue
		}
		if !(c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f') {
			return false
		}
	}
	return true
}

// ckanFunctions are the SQL functions a DataStore query calls to sum,
// count and format its columns; any other call (pg_sleep, query_to_xml,
// pg_read_file, current_setting, dblink ...) is not the product's shape.
var ckanFunctions = [...]string{"count", "sum", "avg", "min", "max", "lower", "upper", "round", "coalesce",
	"date_trunc", "to_char", "extract", "cast", "length", "trim", "abs", "in", "like", "ilike", "over", "nullif", "date_part",
	"and", "or", "not", "where", "on"}

// ckanClauseEnds end a FROM list.
var ckanClauseEnds = [...]string{"where", "group", "order", "limit", "having", "offset", "on", "window"}

func ckanClauseEnd(w []byte) bool {
	for _, k := range ckanClauseEnds {
		if equalFold(w, k) {
			return true
		}
	}
	return false
}

func ckanFunction(w []byte) bool {
	for _, f := range ckanFunctions {
		if equalFold(w, f) {
			return true
		}
	}
	return false
}

// lokiTemplate reports a LogQL query whose template expressions are all
// field references: line_format "{{.status}} {{.request}}" and
// label_format, in Grafana Explore's link (/explore?panes=, left=, right=)
// or a Loki query (/loki/api/v1/query, query_range, tail: query=, also
// through Grafana's data source proxy). Loki renders the template over the
// log line's own labels; ssti-expression counts {{.request}} and
// {{.password}} as a template reaching the request or a secret. Spared
// only when a line_format or label_format stage precedes the first {{,
// every {{ ... }} is "." and a dotted name (or __line__, __timestamp__),
// no other template syntax ({%, ${, <%, #{, @(, [[) is in the value and
// the text between the actions matches no other ssti-expression form:
// {{7*7}}, {{config}}, {{request.application}}, {{"".__class__}} and
// {{.x}}{{7*7}} on the same path and parameter still count
// (TestLokiTemplateAttacksStillBanned).
func lokiTemplate(path, name, val []byte) bool {
	switch {
	case equalFold(name, "panes") || equalFold(name, "left") || equalFold(name, "right"):
		if !hasSuffixFold(path, "/explore") {
			return false
		}
	case equalFold(name, "query"):
		if indexFold(path, "/loki/api/v1/") < 0 {
			return false
		}
	default:
		return false
	}
	first := bytes.Index(val, openBraces)
	if first < 0 {
		return false
	}
	if lf, lb := indexFold(val, "line_format"), indexFold(val, "label_format"); (lf < 0 || lf > first) && (lb < 0 || lb > first) {
		return false
	}
	for _, s := range [...]string{"{%", "${", "<%", "#{", "@(", "[["} {
		if bytes.Contains(val, []byte(s)) {
			return false
		}
	}
	// outside the actions, the text must hold no expression of its own
	// (|attr(, __init__, T(java.lang.Runtime) ...)
	if sstiRe.Match(val[:first]) {
		return false
	}
	n := 0
	for rest := val[first:]; ; n++ {
		i := bytes.Index(rest, openBraces)
		if i < 0 {
			if sstiRe.Match(rest) {
				return false
			}
			break
		}
		j := bytes.Index(rest[i:], closeBraces)
		if j < 0 || !goFieldRef(rest[i+2:i+j]) || sstiRe.Match(rest[:i]) {
			return false
		}
		rest = rest[i+j+2:]
	}
	return n > 0
}

var openBraces, closeBraces = []byte("{{"), []byte("}}")

// goFieldRef reports a Go template action that is a field reference alone:
// optional trim markers and spaces, then .name(.name)*, __line__ or
// __timestamp__.
func goFieldRef(a []byte) bool {
	a = bytes.TrimPrefix(a, []byte("-"))
	a = bytes.TrimSuffix(a, []byte("-"))
	a = bytes.Trim(a, " \t")
	if string(a) == "__line__" || string(a) == "__timestamp__" {
		return true
	}
	if len(a) < 2 {
		return false
	}
	for len(a) > 0 {
		if a[0] != '.' || len(a) < 2 || !(isLetter(a[1]) || a[1] == '_') {
			return false
		}
		j := 1
		for j < len(a) && (isLetter(a[j]) || a[j] == '_' || a[j] >= '0' && a[j] <= '9') {
			j++
		}
		if bytes.HasPrefix(a[1:j], []byte("__")) {
			return false // __class__ and kin
		}
		a = a[j:]
	}
	return true
}
