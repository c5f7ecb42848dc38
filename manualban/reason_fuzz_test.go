package manualban

import (
	"testing"
	"unicode/utf8"
)

// FuzzShowReason: whatever a stored reason holds, what list and status
// print of it is a reason CheckReason takes (one line of UTF-8 text, no
// control or format characters), and text CheckReason takes is unchanged.
func FuzzShowReason(f *testing.F) {
	for _, s := range []string{"ok", "bad\xff", "a\nb", "x\u202eyz", "\x1b[31m", "\ufffd", "\xf0\x9f\x98"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		shown := ShowReason(s)
		if err := CheckReason(shown); err != nil || !utf8.ValidString(shown) {
			t.Fatalf("ShowReason(%q) = %q: %v", s, shown, err)
		}
		if CheckReason(s) == nil && shown != s {
			t.Fatalf("ShowReason changed an accepted reason %q to %q", s, shown)
		}
	})
}
