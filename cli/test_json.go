package cli

import (
	"io"

	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/expect"
)

// testDoc is `guardctl test -o json`: every fixture with its result, and
// the totals.
type testDoc struct {
	Passed   int           `json:"passed"`
	Failed   int           `json:"failed"`
	Errors   int           `json:"errors"`
	Fixtures []testFixture `json:"fixtures"`
}

type testFixture struct {
	Name    string  `json:"name"`
	File    string  `json:"file"`
	Result  string  `json:"result"` // pass, fail or error
	Detail  string  `json:"detail,omitempty"`
	Seconds float64 `json:"seconds"`
}

// testTextWriter is where the per-fixture lines go: the terminal, or
// nowhere when the verb prints JSON at the end.
func testTextWriter(c *cli.Context) io.Writer {
	if f, _ := outputOf(c); f == outputJSON {
		return io.Discard
	}
	return c.App.Writer
}

// writeTestJSON prints the JSON document when -o json asked for it.
func writeTestJSON(c *cli.Context, cases []expect.Case) error {
	if f, _ := outputOf(c); f != outputJSON {
		return nil
	}
	doc := testDoc{Fixtures: []testFixture{}}
	for _, cs := range cases {
		fx := testFixture{Name: cs.Name, File: cs.File, Result: "pass", Seconds: cs.Duration.Seconds()}
		switch {
		case cs.Error != "":
			fx.Result, fx.Detail = "error", cs.Error
			doc.Errors++
		case cs.Failure != "":
			fx.Result, fx.Detail = "fail", cs.Failure
			doc.Failed++
		default:
			doc.Passed++
		}
		doc.Fixtures = append(doc.Fixtures, fx)
	}
	return writeJSON(c.App.Writer, doc)
}
