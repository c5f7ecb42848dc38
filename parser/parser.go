package parser

// Parser parses lines of one format. Implementations are not safe for
// concurrent use: each goroutine needs its own.
type Parser interface {
	// Parse fills ev from line. On failure it returns a *LineError whose
	// Reason says why the line was skipped; ev is then unspecified.
	Parse(line []byte, ev *Event) error
	// Format names the format, as accepted by New.
	Format() string
}

// InLine is implemented by a Parser that can tell whether every byte field
// of the Event its last successful Parse filled points into the line it
// was given (none into a buffer of its own, which its next Parse reuses):
// a caller that keeps the line then need not copy the fields.
type InLine interface {
	FieldsInLine() bool
}

// Clean is implemented by a Parser that can be told a line holds no
// backslash: ParseClean(line, ev) is Parse(line, ev) for such a line,
// without looking for log escapes in it. A caller that has looked for
// backslashes in many lines at once (the replay, in each batch: one
// vector scan of the batch instead of one call per line) uses it.
type Clean interface {
	ParseClean(line []byte, ev *Event) error
}

// Reason classifies a skipped line; reports count skipped lines by reason.
type Reason string

// LineError is the error Parse returns for a line it cannot use.
type LineError struct {
	Reason Reason
	Detail string // optional, human readable; must be a constant (no per-line allocation)
}

func (e *LineError) Error() string {
	if e.Detail == "" {
		return string(e.Reason)
	}
	return string(e.Reason) + ": " + e.Detail
}
