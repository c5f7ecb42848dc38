package manualban

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CheckReason refuses a ban reason with a control character (a newline,
// a tab, an escape sequence), a format character (Unicode category Cf:
// bidi overrides such as U+202E, zero-width joiners) or bytes that are not
// UTF-8. list and status print the reason in a table cell and the service
// log on one line: a newline in it split the row and shifted every column
// after it (operator audit: `guardctl ban ADDR --reason "$(printf 'a\nb')"`
// was taken), and an escape sequence would reach the admin's terminal. A
// byte 0xff is text/tabwriter's Escape and un-aligned every later row; a
// right-to-left override shows the rest of the row reversed, so a reason
// could spoof the columns after it (review of 0c60086).
func CheckReason(reason string) error {
	for i, r := range reason {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(reason[i:], "\uFFFD"):
			return fmt.Errorf("reason %q is not UTF-8 text (byte %#02x at byte %d)", reason, reason[i], i+1)
		case unicode.IsControl(r):
			return fmt.Errorf("reason %q has a control character (%U at byte %d): write it on one line, without tabs", reason, r, i+1)
		case unicode.Is(unicode.Cf, r):
			return fmt.Errorf("reason %q has an invisible formatting character (%U at byte %d), such as a text direction override: write it as plain text", reason, r, i+1)
		}
	}
	return nil
}

// ShowReason is a reason as a table cell or a line of text shows it: what
// CheckReason refuses is escaped (\n, \x1b, \u202e, \xff). Stored reasons
// may predate CheckReason, or come from another node of a cluster or an
// older guardctl; printed raw they split or spoofed list's and status's
// rows. A reason CheckReason takes is returned as it is.
func ShowReason(reason string) string {
	if CheckReason(reason) == nil {
		return reason
	}
	var b strings.Builder
	for i, r := range reason {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(reason[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, reason[i])
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			q := strings.Trim(fmt.Sprintf("%+q", string(r)), `"`)
			if q == string(r) { // %+q left it as it is
				q = fmt.Sprintf(`\u%04x`, r)
			}
			b.WriteString(q)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
