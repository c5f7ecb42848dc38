package parser

import (
	"testing"
	"time"
)

func TestParseTimestamps(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC3339Nano in UTC; "" means the input must be rejected
	}{
		// CLF
		{"10/Oct/2000:13:55:36 -0700", "2000-10-10T20:55:36Z"},
		{"10/oct/2000:13:55:36 +0530", "2000-10-10T08:25:36Z"},
		{"31/Dec/1999:23:59:59 -1200", "2000-01-01T11:59:59Z"},
		{"29/Feb/2000:00:00:00 +0000", "2000-02-29T00:00:00Z"},
		{"04/Apr/2024:14:30:18.885", "2024-04-04T14:30:18.885Z"},
		{"27/Jun/2013:11:55:44", "2013-06-27T11:55:44Z"},
		{"30/Jun/2015:23:59:60 +0000", "2015-06-30T23:59:59Z"},
		{"[10/Oct/2000:13:55:36 +0000]", "2000-10-10T13:55:36Z"},
		{"29/Feb/1900:00:00:00 +0000", ""},
		{"31/Apr/2000:00:00:00 +0000", ""},
		{"10/Oct/2000:24:00:00 +0000", ""},
		{"10/Oct/2000:13:60:00 +0000", ""},
		{"10/Oct/2000:13:55:36 +2500", ""},
		{"10/Oct/2000:13:55:36 +0061", ""},
		{"10/Oct/2000:13:55:36 0000", ""},
		{"10/Oct/2000:13:55:36 +00", ""},
		{"10/Oct/2000:13:55:36.", ""},
		{"1O/Oct/2000:13:55:36 +0000", ""},
		// RFC 3339 / ISO 8601
		{"2024-03-01T10:00:00Z", "2024-03-01T10:00:00Z"},
		{"2024-03-01T10:00:00.123456789123Z", "2024-03-01T10:00:00.123456789Z"},
		{"2024-03-01T10:00:00,5+01:00", "2024-03-01T09:00:00.5Z"},
		{"2024-03-01 10:00:00-0230", "2024-03-01T12:30:00Z"},
		{"2024-03-01T10:00:00+05", "2024-03-01T05:00:00Z"},
		{"2024-03-01T10:00:00", "2024-03-01T10:00:00Z"},
		{"0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"},
		{"2024-13-01T10:00:00Z", ""},
		{"2024-03-01T10:00:00ZZ", ""},
		{"2024-03-01T10:00:00+5", ""},
		{"2024-03-01", ""},
		// epoch
		{"1700000000", "2023-11-14T22:13:20Z"},
		{"1700000000.5", "2023-11-14T22:13:20.5Z"},
		{"1700000000123", "2023-11-14T22:13:20.123Z"},
		{"1700000000123456", "2023-11-14T22:13:20.123456Z"},
		{"1700000000123456789", "2023-11-14T22:13:20.123456789Z"},
		{"0", "1970-01-01T00:00:00Z"},
		{"1700000000123.5", ""},
		{"-1", ""},
		{"1e9", ""},
		{"17000000001234567890", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := parseAnyTime([]byte(tt.in))
		switch {
		case tt.want == "" && ok:
			t.Errorf("parseAnyTime(%q) = %v, want rejection", tt.in, got)
		case tt.want != "" && !ok:
			t.Errorf("parseAnyTime(%q) rejected, want %s", tt.in, tt.want)
		case ok && got.Format(time.RFC3339Nano) != tt.want:
			t.Errorf("parseAnyTime(%q) = %s, want %s", tt.in, got.Format(time.RFC3339Nano), tt.want)
		case ok && got.Location() != time.UTC:
			t.Errorf("parseAnyTime(%q) location = %v, want UTC", tt.in, got.Location())
		}
	}
}

// FuzzCLFTime checks the hand-written CLF parser against time.Parse: where
// both accept a timestamp they agree, and the canonical form is accepted.
// (testdata/fuzz/FuzzCLFTime holds the one-digit hour time.Parse allows.)
func FuzzCLFTime(f *testing.F) {
	const layout = "02/Jan/2006:15:04:05 -0700"
	f.Add("10/Oct/2000:13:55:36 -0700")
	f.Add("29/Feb/2000:00:00:00 +0000")
	f.Add("31/Dec/9999:23:59:59 -2359")
	f.Add("01/Jan/0001:00:00:00 +2359")
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseCLFTime([]byte(s))
		want, err := time.Parse(layout, s)
		// time.Parse also takes one-digit hours and other shapes no server
		// writes; only its canonical form must be accepted here.
		if err == nil && !ok && want.Format(layout) == s {
			t.Fatalf("parseCLFTime(%q) rejected, time.Parse gives %v", s, want)
		}
		if err == nil && ok && !got.Equal(want) {
			t.Fatalf("parseCLFTime(%q) = %v, time.Parse gives %v", s, got, want)
		}
		if ok && got.Location() != time.UTC {
			t.Fatalf("parseCLFTime(%q) location %v", s, got.Location())
		}
	})
}

// FuzzISOTime does the same for RFC 3339.
func FuzzISOTime(f *testing.F) {
	f.Add("2024-03-01T10:00:00Z")
	f.Add("2024-03-01T10:00:00.123456789+01:00")
	f.Add("2024-02-29T23:59:59-23:59")
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseISOTime([]byte(s))
		want, err := time.Parse(time.RFC3339Nano, s)
		if err == nil && !ok && want.Format(time.RFC3339Nano) == s {
			t.Fatalf("parseISOTime(%q) rejected; time.Parse gives %v", s, want)
		}
		if err == nil && ok && !got.Equal(want) {
			t.Fatalf("parseISOTime(%q) = %v; time.Parse gives %v", s, got, want)
		}
	})
}
