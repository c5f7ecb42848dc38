package pipeline

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

// TestProcessorMemoSameVerdicts: Process takes its pattern hits from a memo
// of repeated texts; every verdict must be the one the detector gives when
// it matches each line itself (Observe, how Process judged before), on
// every fixture log (attacks and benign traffic of many shapes) and on a
// log whose paths, queries and agents repeat (what the memo serves).
func TestProcessorMemoSameVerdicts(t *testing.T) {
	pol, err := rules.Default().Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if pol.Patterns == nil {
		t.Fatal("the default policy has no patterns: nothing to compare")
	}
	logs, err := filepath.Glob(filepath.Join("..", "testdata", "logs", "*.log"))
	if err != nil || len(logs) < 50 {
		t.Fatalf("fixture logs: %d, %v", len(logs), err)
	}
	var inputs [][]byte
	for _, l := range logs {
		data, err := os.ReadFile(l)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, data)
	}
	inputs = append(inputs, bytes.Repeat([]byte(repeatedMix), 50))
	const maxLines = 3000 // of each input: the suite stays quick
	judged, hits, bans := 0, 0, 0
	for k, data := range inputs {
		p, err := parser.New(parser.Spec{Format: "combined"})
		if err != nil {
			t.Fatal(err)
		}
		proc := NewProcessor(p, nil, detector.New(pol, detector.Options{}), Window{})
		plain := detector.New(pol, detector.Options{})
		var ev parser.Event
		lines := bytes.Split(data, []byte("\n"))
		for n, line := range lines[:min(len(lines), maxLines)] {
			out, _, v, _ := proc.Process(line)
			if out != Judged {
				continue
			}
			ev.Reset()
			if err := p.Parse(line, &ev); err != nil {
				t.Fatalf("input %d line %d: judged by Process, not parsed again: %v", k, n+1, err)
			}
			want := plain.Observe(&ev)
			if !reflect.DeepEqual(v, want) {
				t.Fatalf("input %d line %d: %q\nProcess: %+v\nObserve: %+v", k, n+1, line, v, want)
			}
			judged++
			hits += len(v.Hits)
			if v.Decision != nil {
				bans++
			}
		}
	}
	if hits == 0 || bans == 0 {
		t.Fatalf("%d lines judged, %d hits, %d decisions: the comparison saw no pattern at work", judged, hits, bans)
	}
	t.Logf("%d lines judged alike, %d hits, %d decisions", judged, hits, bans)
}

// repeatedMix repeats request lines, queries and agents, some of them
// hits, from a few clients.
const repeatedMix = `203.0.113.7 - - [10/Oct/2024:13:55:36 +0000] "GET /search?q=blue+shoes HTTP/1.1" 200 153 "-" "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"
203.0.113.8 - - [10/Oct/2024:13:55:36 +0000] "GET /index.php?id=1%27%20UNION%20SELECT%20user,password%20FROM%20users-- HTTP/1.1" 200 153 "-" "sqlmap/1.7"
203.0.113.9 - - [10/Oct/2024:13:55:37 +0000] "GET /wp-login.php HTTP/1.1" 404 153 "http://example.com/" "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"
203.0.113.7 - - [10/Oct/2024:13:55:37 +0000] "GET /api/v1/items?page=2&sort=name HTTP/1.1" 200 153 "-" "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"
203.0.113.10 - - [10/Oct/2024:13:55:38 +0000] "GET /../../etc/passwd HTTP/1.1" 400 153 "-" "curl/8.5.0"
`
