package fail2ban

import (
	"regexp"
	"testing"
	"time"
)

// Plain strftime datepatterns become a time group and a Go layout; dates
// guardctl locates itself are left to it; anything else is not touched.
func TestDateGroup(t *testing.T) {
	for _, tt := range []struct {
		dp, line, layout string
		located          bool
	}{
		{"^%m/%d/%Y %H:%M:%S", "10/06/2013 15:50:41 [LOGIN_ERROR] x", "01/02/2006 15:04:05", false},
		{"^L %d/%m/%Y - %H:%M:%S", "L 06/10/2013 - 15:50:41: x", "02/01/2006 - 15:04:05", false},
		{"^%Y:%m:%d-%H:%M:%S", "2013:10:06-15:50:41: x", "2006:01:02-15:04:05", false},
		{"^%Y-%m-%d %H:%M:%S", "2013-10-06 15:50:41 x", "2006-01-02 15:04:05", true},
		{"^%b %d, %ExY %I:%M:%S %p", "Oct 06, 2013 03:50:41 PM x", "Jan 02, 2006 03:04:05 PM", false},
		{"^%d.%m.%Y %H:%M:%S", "06.10.2013 15:50:41 x", "02.01.2006 15:04:05", false},
	} {
		lit, lead, layout, ok := dateGroup(tt.dp)
		if !ok || layout != tt.layout {
			t.Errorf("%q: %q %q %v, want layout %q", tt.dp, lead, layout, ok, tt.layout)
			continue
		}
		if got := locates(lit, layout); got != tt.located {
			t.Errorf("%q: guardctl locates it: %v, want %v", tt.dp, got, tt.located)
		}
		m := regexp.MustCompile(lead).FindStringSubmatch(tt.line)
		if m == nil {
			t.Errorf("%q: %q does not match %q", tt.dp, lead, tt.line)
			continue
		}
		at, err := time.Parse(layout, m[1])
		if err != nil || !at.Equal(time.Date(2013, 10, 6, 15, 50, 41, 0, time.UTC)) {
			t.Errorf("%q: time group %q reads as %v (%v)", tt.dp, m[1], at, err)
		}
	}
	for _, dp := range []string{"", "{^LN-BEG}", "^[^\\[]*\\[({DATE})", "^%H:%M:%S.%f", "%d/%b[^/]*/%Y:%H:%M:%S %z", "^%m-%d %H:%M:%S", "{^LN-BEG}Epoch", "^t=%Y-%m-%dT%H:%M:%S%z"} {
		if _, lead, _, ok := dateGroup(dp); ok {
			t.Errorf("%q: converted to %q, want it left alone", dp, lead)
		}
	}
	if got := withDate("^(?P<time>x)", "^ a"); got != "^(?P<time>x)(?: a)" {
		t.Errorf("anchored: %q", got)
	}
	if got := withDate("^(?P<time>x)", "a"); got != "^(?P<time>x).*?(?:a)" {
		t.Errorf("unanchored: %q", got)
	}
}
