package cli

import (
	"errors"

	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/rules"
)

// checkConfigDoc is `guardctl check-config -o json`.
type checkConfigDoc struct {
	File          string         `json:"file"`
	Origin        string         `json:"origin,omitempty"` // how the file was found, when not named as the argument
	OK            bool           `json:"ok"`
	Mode          string         `json:"mode,omitempty"`
	Throttles     int            `json:"throttles"`
	TrapPaths     int            `json:"trap_paths"`
	AllowPrefixes int            `json:"allow_prefixes"`
	DenyPrefixes  int            `json:"deny_prefixes"`
	Sources       int            `json:"sources"`
	Problems      []checkProblem `json:"problems"`
}

type checkProblem struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Key     string `json:"key,omitempty"`
	Message string `json:"message"`
}

// writeCheckConfigJSON prints the verdict on a policy as JSON; a bad policy
// still exits with the config code, after the document.
func writeCheckConfigJSON(c *cli.Context, choice configChoice, pol *loadedPolicy, loadErr error) error {
	doc := checkConfigDoc{File: choice.Path, Origin: choice.Origin, OK: loadErr == nil, Problems: []checkProblem{}}
	if loadErr == nil {
		p := pol.Policy
		doc.Mode = string(p.Mode)
		doc.Throttles, doc.TrapPaths = len(p.Throttles), len(p.Traps)
		doc.AllowPrefixes, doc.DenyPrefixes = p.Allow.Size(), p.Deny.Size()
		doc.Sources = len(pol.Config.Sources)
	} else {
		var es rules.Errors
		var e1 *rules.Error
		switch {
		case errors.As(loadErr, &es):
			for _, e := range es {
				doc.Problems = append(doc.Problems, problemOf(e))
			}
		case errors.As(loadErr, &e1):
			doc.Problems = append(doc.Problems, problemOf(e1))
		default:
			doc.Problems = append(doc.Problems, checkProblem{Message: loadErr.Error()})
		}
	}
	if err := writeJSON(c.App.Writer, doc); err != nil {
		return err
	}
	return loadErr
}

func problemOf(e *rules.Error) checkProblem {
	msg := ""
	if e.Err != nil {
		msg = e.Err.Error()
	}
	return checkProblem{File: e.File, Line: e.Line, Key: e.Key, Message: msg}
}
