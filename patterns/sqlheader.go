package patterns

import (
	"bytes"
	"regexp"
)

// sqlHeaderRe: SQL injection forms that sqlmap (--level 3 tests the user
// agent and the referer), Acunetix and mass scanners put in a header,
// often behind a product token or a URL, where the parameter checks do
// not run. Only forms that need a quote or ';' broken out of, a comment
// after a UNION's column list, or a call no text carries count: a search
// about SQL in a referer (?q=select+pg_sleep(5)) has none of them.
var sqlHeaderRe = regexp.MustCompile(`(?i)` +
	`['"]\s*(?:and|or|xor|&&|\|\|)\s+sleep\s*\(\s*\d+\s*\)` + // ' AND SLEEP(5)
	`|\(\s*select\s*\(\s*sleep\s*\(\s*\d+\s*\)\s*\)\s*\)` + // (SELECT(SLEEP(5)))
	`|;\s*select\s+pg_sleep\s*\(\s*\d+\s*\)` + // ';SELECT PG_SLEEP(5)
	`|\bfrom\s+pg_sleep\s*\(\s*\d+\s*\)` + // (SELECT 1 FROM PG_SLEEP(5))
	`|['";)]\s*;?\s*waitfor\s+delay\s+'[\d:.]+'` + // ';WAITFOR DELAY '0:0:5'
	`|\bunion(?:\s+all)?\s+select\s+(?:null|\d+)(?:\s*,\s*(?:null|\d+))*\s*(?:--|#|/\*)` + // UNION ALL SELECT NULL,NULL-- -
	`|\bnow\s*\(\s*\)\s*=\s*sysdate\s*\(\s*\)` + // if(now()=sysdate(),sleep(15),0)
	`|\bdbms_pipe\s*\.\s*receive_message\s*\(` +
	`|\bbenchmark\s*\(\s*\d{5,}\s*,` +
	`|['"]\s*or\s+(?:\d+\s*=\s*\d+\s*(?:--|#|/\*)|'\d+'\s*=\s*'\d+)`) // ' OR 1=1-- -, ' or '1'='1

// sqlHeaderLits: one of them is in every form of sqlHeaderRe, so that the
// regex runs only for a header that names one.
var sqlHeaderLits = [...]string{"sleep", "waitfor", "union", "sysdate", "dbms_pipe", "benchmark", "or "}

// sqlHeader reports a form of sqlHeaderRe in a user agent or referer.
// Every form holds a quote, a bracket, ';' or a comment and one of
// sqlHeaderLits:
// those bytes first, then the literals, then the regex.
func sqlHeader(t []byte) bool {
	if bytes.IndexAny(t, `'"(;#`) < 0 && !bytes.Contains(t, []byte("--")) && !bytes.Contains(t, []byte("/*")) {
		return false
	}
	for _, l := range sqlHeaderLits {
		if containsFold(t, l) {
			return sqlHeaderRe.Match(t)
		}
	}
	return false
}
