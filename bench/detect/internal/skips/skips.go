// Package skips is the part of a pipeline sink that both detection
// harnesses share: they generate every line themselves, so a line that does
// not parse is a harness bug and fails the run instead of lowering recall.
package skips

import (
	"fmt"

	"github.com/guardctl/guardctl/parser"
)

// Counter counts skipped lines by reason. Embedded in a sink, it provides
// the sink's Skip, BeginInput and OutOfRange methods.
type Counter struct {
	n       int
	reasons map[parser.Reason]int
}

func (c *Counter) BeginInput(name, format string) {}
func (c *Counter) OutOfRange()                    {}

func (c *Counter) Skip(r parser.Reason) {
	c.n++
	if c.reasons == nil {
		c.reasons = map[parser.Reason]int{}
	}
	c.reasons[r]++
}

// Err reports the skipped lines, if any, out of total, as what's failure.
func (c *Counter) Err(what string, total int) error {
	if c.n == 0 {
		return nil
	}
	return fmt.Errorf("%s: %d of %d lines did not parse (%v)", what, c.n, total, c.reasons)
}
