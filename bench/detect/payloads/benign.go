package payloads

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// benignParams are the parameters benign query values are sent in:
// search boxes, comments, filters and API fields that carry free text,
// XML or JSON.
var benignParams = []string{"q", "search", "comment", "text", "body", "data", "filter", "message", "query", "content"}

// BenignRequests renders the benign look-alike sets: every *.txt in dir
// (see benign/README.md: query-*.txt are parameter values, ua.txt user
// agents, referer.txt referers, target.txt whole request targets answered
// 200, target-404.txt whole request targets answered 404) and, when
// corpusDir is set, the corpus' benign_sqli_lookalikes.txt as parameter
// values.
func BenignRequests(dir, corpusDir string) ([]Request, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, fmt.Errorf("list benign sets: %w", err)
	}
	sort.Strings(files)
	if len(files) == 0 {
		return nil, fmt.Errorf("no benign sets in %s", dir)
	}
	var out []Request
	add := func(path, name string, where Placement) error {
		ps, err := LoadBenign(path, name)
		if err != nil {
			return err
		}
		for i, p := range ps {
			r := renderBenign(p, where, i)
			if name == "target-404" {
				// what real visitors and crawlers get wrong: old links,
				// typos, icons and well-known files the site lacks
				r.Status = 404
			}
			out = append(out, r)
		}
		return nil
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		where := InQuery
		switch {
		case name == "ua":
			where = InUA
		case name == "referer":
			where = InReferer
		case name == "target", name == "target-404":
			where = AsTarget
		case strings.HasPrefix(name, "query-"):
		default:
			return nil, fmt.Errorf("benign set %s: name it query-*.txt, ua.txt, referer.txt, target.txt or target-404.txt", f)
		}
		if err := add(f, name, where); err != nil {
			return nil, err
		}
	}
	if corpusDir != "" {
		p := filepath.Join(corpusDir, BenignCorpusFile)
		if _, err := os.Stat(p); err == nil {
			if err := add(p, "corpus-benign_sqli_lookalikes", InQuery); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func renderBenign(p Payload, where Placement, i int) Request {
	r := Request{Class: p.Class, Placement: where, Payload: p.Text, Benign: true, Method: "GET", UA: browserUA, Status: 200}
	path := queryPaths[i%len(queryPaths)]
	switch where {
	case InQuery:
		r.Target = path + "?" + benignParams[i%len(benignParams)] + "=" + url.QueryEscape(p.Text)
	case InUA:
		r.Target, r.UA = path, p.Text
	case InReferer:
		r.Target, r.Referer = path, p.Text
	case AsTarget:
		r.Target = escapeTarget(p.Text)
	}
	return r
}
