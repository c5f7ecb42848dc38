package parser

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// cleanSeeds are lines for ParseClean's equivalence with Parse: the shapes
// of each CLF format, and the repository's sample logs.
func cleanSeeds(t testing.TB) [][]byte {
	lines := [][]byte{
		[]byte(`1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] "GET /a?b=1 HTTP/1.1" 200 12 "-" "curl/8"`),
		[]byte(`1.2.3.4 - bob [29/Jul/2023:10:26:07 +0000] "GET /a "x" HTTP/1.1" 404 - "https://r.example/" "Mozilla "x""`),
		[]byte(`2001:db8::1 - - [29/Jul/2023:10:26:07 +0000] "-" 400 0 "-" "-"`),
		[]byte(`example.com:443 1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] "POST /login HTTP/1.1" 200 5 "-" "ua" "9.9.9.9"`),
		[]byte(`1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" 200 1 "-"x" "ua"`),
		[]byte(`1.2.3.4 - - [29/Jul/2023:10:26:07 +0000] "GET / HTTP/1.1" 200`),
	}
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "logs", "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, l := range bytes.Split(b, []byte("\n")) {
			if len(lines) < 5000 {
				lines = append(lines, l)
			}
		}
	}
	return lines
}

// checkClean: for a line without a backslash, ParseClean gives what Parse
// gives, in every CLF format.
func checkClean(t *testing.T, line []byte) {
	if bytes.IndexByte(line, '\\') >= 0 {
		return
	}
	for _, f := range []string{FormatCommon, FormatCombined, FormatVhostCombined} {
		p := mustNew(t, Spec{Format: f})
		c, ok := p.(Clean)
		if !ok {
			t.Fatalf("%s: the parser is not a Clean", f)
		}
		var want, got Event
		werr := p.Parse(line, &want)
		gerr := c.ParseClean(line, &got)
		if fmt.Sprint(werr) != fmt.Sprint(gerr) || (werr == nil && !reflect.DeepEqual(want, got)) {
			t.Fatalf("%s: %q: ParseClean = %+v, %v; Parse = %+v, %v", f, line, got, gerr, want, werr)
		}
	}
}

func TestParseCleanSameAsParse(t *testing.T) {
	for _, l := range cleanSeeds(t) {
		checkClean(t, l)
	}
}

func FuzzParseClean(f *testing.F) {
	for _, l := range cleanSeeds(f)[:20] {
		f.Add(l)
	}
	f.Fuzz(func(t *testing.T, line []byte) { checkClean(t, line) })
}
