package expect

import (
	"encoding/xml"
	"fmt"
	"io"
	"time"
)

// Case is one fixture's outcome, for the JUnit report.
type Case struct {
	Name     string
	File     string
	Duration time.Duration
	// Failure is the readable diff when verdicts differ; Error a problem
	// that stopped the fixture from running (malformed log or expectations).
	Failure string
	Error   string
}

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Body    string `xml:",chardata"`
}

// WriteJUnit writes cases as one JUnit XML test suite, so CI systems show
// each fixture as a test case with its diff.
func WriteJUnit(w io.Writer, suite string, cases []Case) error {
	s := junitSuite{Name: suite, Tests: len(cases)}
	var total time.Duration
	for _, c := range cases {
		total += c.Duration
		jc := junitCase{Name: c.Name, Classname: suite, File: c.File, Time: seconds(c.Duration)}
		if c.Failure != "" {
			s.Failures++
			jc.Failure = &junitMessage{Message: "verdicts differ from expectations", Body: c.Failure}
		}
		if c.Error != "" {
			s.Errors++
			jc.Error = &junitMessage{Message: "fixture could not be replayed", Body: c.Error}
		}
		s.Cases = append(s.Cases, jc)
	}
	s.Time = seconds(total)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(junitSuites{Suites: []junitSuite{s}}); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }
