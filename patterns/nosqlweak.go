package patterns

import (
	"bytes"
	"regexp"
)

// A constant truth in JavaScript (|| true, return true, return 1) is the
// end of a $where injection ('; return true; var x=', ' || true || ')
// and the everyday text of a developer's code search (if (x || true)
// return, user.isAdmin || true, if (a) { return true }): nosqli-operator
// banned such searches at one request (s12, s13). The injection has to get
// out of the application's JavaScript string first, or be pasted into the
// code unquoted as a number: nosqlWeak counts the constant only after a
// quote left open (an odd number of ' or " before it), in a value that
// names $where, this. or db. (the operator's code and the shell's
// collections: db.x.insert({...});return 1;), or after a leading
// number (0; return true, 1 || true). Lets through: a $where that pastes
// a field name unquoted (this[input]) given a bare `x || true`; the forms
// with a comparison (|| 1==1, return '1'=='1', this.x ==) count as before
// (nosqlRe).
var nosqlWeakRe = regexp.MustCompile(`(?i)\breturn\s*\(?\s*(?:true|1)|\|\|\s*true\b`)

var nosqlNumberLead = regexp.MustCompile(`^\s*-?\d+\s*(?:\|\||&&|;)`)

// nosqlWeak reports a constant truth in a value that breaks out of a
// string or a number (see above).
func nosqlWeak(v []byte) bool {
	locs := nosqlWeakRe.FindAllIndex(v, 4)
	if locs == nil {
		return false
	}
	if containsFold(v, "$where") || containsFold(v, "this.") || containsFold(v, "db.") || nosqlNumberLead.Match(v) {
		return true
	}
	for _, l := range locs {
		before := v[:l[0]]
		if bytes.Count(before, []byte{'\''})%2 == 1 || bytes.Count(before, []byte{'"'})%2 == 1 {
			return true
		}
	}
	return false
}
