package manualban

import (
	"fmt"
	"unicode"
)

// CheckReason refuses a ban reason with a control character (a newline,
// a tab, an escape sequence). list and status print the reason in a table
// cell and the service log on one line: a newline in it split the row and
// shifted every column after it (operator audit: `guardctl ban ADDR
// --reason "$(printf 'a\nb')"` was taken), and an escape sequence would
// reach the admin's terminal.
func CheckReason(reason string) error {
	for i, r := range reason {
		if unicode.IsControl(r) {
			return fmt.Errorf("reason %q has a control character (%U at byte %d): write it on one line, without tabs", reason, r, i+1)
		}
	}
	return nil
}
