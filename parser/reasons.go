package parser

// Reasons a line is skipped. Reports count skipped lines by these values, so
// they are stable identifiers, not prose.
const (
	ReasonEmpty      Reason = "empty"       // blank line
	ReasonNoMatch    Reason = "no_match"    // the line does not have the format's shape
	ReasonTruncated  Reason = "truncated"   // the line ends before all required fields
	ReasonBadHost    Reason = "bad_host"    // vhost_combined: no virtual-host field
	ReasonBadClient  Reason = "bad_client"  // client field missing or not an IP address
	ReasonBadTime    Reason = "bad_time"    // timestamp missing or unparseable
	ReasonBadRequest Reason = "bad_request" // request field is not a quoted string
	ReasonBadStatus  Reason = "bad_status"  // status missing or not three digits
	ReasonBadSize    Reason = "bad_size"    // size neither digits nor "-"
	ReasonBadJSON    Reason = "bad_json"    // json: not a well-formed JSON object
	// ReasonLineTooLong is not returned by Parse: it is for callers counting
	// lines the reader refused (input.ErrLineTooLong) next to parse failures.
	ReasonLineTooLong Reason = "line_too_long"
)

// lineErr builds the error Parse returns. detail must be a constant so that
// a malformed line costs one small allocation and nothing proportional to
// the attacker-controlled input.
func lineErr(r Reason, detail string) error {
	return &LineError{Reason: r, Detail: detail}
}

// Reasons of the error and application formats.
const (
	// ReasonNoEvent: the line is well-formed but reports nothing guardctl
	// acts on (an error log's "file not found", an app's debug line).
	ReasonNoEvent Reason = "no_event"
	// ReasonIgnored: the line matched one of the source's ignore regexes,
	// or named a client its pattern's ignore_clients spare.
	ReasonIgnored Reason = "ignored"
)
