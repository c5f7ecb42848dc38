package patterns

import "bytes"

// People type expressions into search boxes that libinjection reads as SQL
// (issue 8: "code words in ordinary search queries must not be flagged"):
// a developer's code search (`if (a && true) return`, `if (!user ||
// !user.id) return`) and sums or choices of numbers (`1+1 or 2`, `1/2 or
// 3/4`, `status=500 or 502`, `1 and 2 or 3`). libinjection folds them to
// the fingerprints of a numeric injection (1&1, f(n&1, n)o1&) and
// sqli-libinjection banned each at one request.
//
// What an injection carries and these do not: something to break out of
// (a quote, a comment, a statement's end), a statement's or a probe's
// words (UNION SELECT, ORDER BY, SLEEP(, WAITFOR), or a condition after
// its OR/AND (1 or 1=1, 1 and 1=2, 1) or (1=1, x or 1 like 1): the
// tautology or the true/false pair a blind injection compares. A
// parameter value with none of them is left alone (searchExpression); the
// path, user agent and referer are read as before, as no one types there.
//
// Lets through: a numeric-context injection that ORs a bare number
// (5 or 2, 1+1 or 2: every row of the table, where the application puts
// the value unquoted after id=). Such a value still needs another request
// to read anything; the attacks' next steps (UNION SELECT, ORDER BY n, a
// comparison, SLEEP() keep counting, and a value starting with '-' (-1 or
// 2, the classic form) is not spared.

// searchExpression reports a value libinjection flags that is a code
// search or a logical expression without a condition, as people type.
func searchExpression(b []byte) bool {
	if bytes.IndexAny(b, "'\"`;#,") >= 0 || bytes.Contains(b, []byte("--")) || bytes.Contains(b, []byte("/*")) {
		return false
	}
	if injectionWord(b) {
		return false
	}
	return codeCondition(b) || conditionlessLogic(b)
}

// injectionWord reports a word of a statement or of a probe: what
// searchExpression never spares. NULL is not one: "null or undefined" is
// a JavaScript search, and an injection comparing with it (x is null)
// carries the comparison conditionlessLogic refuses.
func injectionWord(b []byte) bool {
	for i, j := letterRun(b, 0); i < len(b); i, j = letterRun(b, j) {
		var buf [16]byte
		if j-i > len(buf) {
			continue
		}
		switch string(lowerASCII(buf[:0], b[i:j])) {
		case "select", "union", "from", "where", "order", "group", "having", "insert", "update", "delete", "drop",
			"join", "limit", "offset", "into", "exec", "execute", "declare", "waitfor", "delay", "sleep", "benchmark",
			"case", "when", "then", "exists", "procedure", "analyse", "extractvalue", "updatexml", "load", "outfile",
			"dumpfile", "char", "chr", "ascii", "substring", "substr", "mid", "concat", "version", "database", "schema",
			"information", "hex", "unhex", "md", "ord", "cast", "convert", "pg", "dbms", "utl", "xp", "sysdate", "dual",
			"rownum", "shutdown", "truncate", "alter", "grant", "collate", "randomblob", "elt", "rlike", "regexp",
			"like", "between", "sounds":
			return true
		}
	}
	return false
}

// codeCondition: a statement of C-like code (if, while, for, return ...)
// whose condition uses the language's own operators (&&, ||, ==, !=, !x).
// SQL's IF() function takes its branches after commas, which
// searchExpression already refuses.
func codeCondition(b []byte) bool {
	t := bytes.TrimLeft(b, " \t")
	i, j := letterRun(t, 0)
	if i != 0 {
		return false
	}
	var buf [8]byte
	if j > len(buf) {
		return false
	}
	switch string(lowerASCII(buf[:0], t[:j])) {
	case "if", "while", "for", "elif", "else", "return", "until", "unless", "assert", "switch":
	default:
		return false
	}
	return bytes.Contains(t, []byte("&&")) || bytes.Contains(t, []byte("||")) || bytes.Contains(t, []byte("==")) ||
		bytes.Contains(t, []byte("!=")) || bangWord(t)
}

// bangWord reports '!' right before a letter (!done, !user.id).
func bangWord(b []byte) bool {
	for k := 0; k+1 < len(b); k++ {
		if b[k] == '!' && toLower[b[k+1]] >= 'a' && toLower[b[k+1]] <= 'z' {
			return true
		}
	}
	return false
}

// conditionlessLogic: numbers and names joined by OR, AND, XOR, && or ||
// where no operand after such an operator is a condition (a comparison, a
// call) or starts a parenthesised condition; no call anywhere and no
// leading minus.
func conditionlessLogic(b []byte) bool {
	t := bytes.TrimLeft(b, " \t")
	if len(t) == 0 || t[0] == '-' || hasCall(t) {
		return false
	}
	ops := 0
	after := false // inside an operand that follows a logical operator
	for k := 0; k < len(t); {
		c := t[k]
		switch {
		case c == '&' && k+1 < len(t) && t[k+1] == '&', c == '|' && k+1 < len(t) && t[k+1] == '|':
			ops, after = ops+1, true
			k += 2
			continue
		case toLower[c] >= 'a' && toLower[c] <= 'z':
			_, j := letterRun(t, k)
			var buf [8]byte
			if j-k <= len(buf) {
				switch string(lowerASCII(buf[:0], t[k:j])) {
				case "or", "and", "xor":
					ops, after = ops+1, true
				case "is", "in", "not":
					if after {
						return false
					}
				}
			}
			k = j
			continue
		case c == '=' || c == '<' || c == '>' || c == '!':
			if after {
				return false
			}
		}
		k++
	}
	return ops > 0
}

// hasCall reports a name directly followed by '(' (spaces allowed): a
// function call, which searchExpression leaves to libinjection.
func hasCall(b []byte) bool {
	for k, c := range b {
		if c != '(' {
			continue
		}
		p := k - 1
		for p >= 0 && b[p] == ' ' {
			p--
		}
		if p >= 0 && (toLower[b[p]] >= 'a' && toLower[b[p]] <= 'z' || b[p] == '_' || b[p] >= '0' && b[p] <= '9') {
			return true
		}
	}
	return false
}
