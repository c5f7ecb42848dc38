package rules

import (
	"bufio"
	"github.com/guardctl/guardctl/internal/corpustest"
	"github.com/guardctl/guardctl/parser"
	"net/netip"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// This file is a reference model of the semantics documented on Policy,
// Throttle and Escalation, with throttles as the detector implements them
// (detector/throttle.go): a GCRA bucket per client and throttle that holds
// Limit requests and drains at Limit per Window; the request that would
// overflow it is a violation and empties it. A distinct throttle feeds the
// bucket only with paths (cut to DistinctDepth segments) not seen since the
// bucket was last empty. It is not the detector; it exists so this package
// can check that the NUMBERS of the default policy hold on real and
// synthetic traffic. Patterns are left out: the catalogue is tested where
// it lives.

type request struct {
	client netip.Addr
	time   time.Time
	method string
	path   string // decoded, without query
	status int
}

type throttleState struct {
	tat  time.Time           // when the bucket is empty again
	seen map[string]struct{} // distinct throttles: paths since it was last empty
}

type clientState struct {
	throttles map[string]*throttleState
	points    []pointEvent
	banned    bool
}

type pointEvent struct {
	at     time.Time
	points int
}

// outcome is what the model decided for one client.
type outcome struct {
	fired  map[string]int // rule id -> times it fired
	banned bool
}

func replay(p *Policy, reqs []request) map[netip.Prefix]*outcome {
	states := map[netip.Prefix]*clientState{}
	out := map[netip.Prefix]*outcome{}
	for _, r := range reqs {
		if p.Allow.Contains(r.client.Unmap()) {
			continue
		}
		key := p.ClientKey(r.client)
		st := states[key]
		if st == nil {
			st = &clientState{throttles: map[string]*throttleState{}}
			states[key] = st
			out[key] = &outcome{fired: map[string]int{}}
		}
		o := out[key]
		for _, tm := range p.Traps {
			if pathMatches(tm, r.path) {
				o.fired["trap"]++
				o.banned = true
			}
		}
		for _, th := range p.Throttles {
			if th.Event != parser.KindRequest || !inScope(th, r) {
				continue // the model replays access logs: requests only
			}
			ts := st.throttles[th.ID]
			if ts == nil {
				ts = &throttleState{}
				st.throttles[th.ID] = ts
			}
			if violated(th, ts, r) {
				o.fired[th.ID]++
				st.points = append(st.points, pointEvent{r.time, th.Weight})
			}
		}
		total := 0
		for _, pe := range st.points {
			if r.time.Sub(pe.at) < p.Escalation.Window {
				total += pe.points
			}
		}
		if total >= p.Escalation.Threshold {
			o.banned = true
		}
	}
	return out
}

func inScope(th Throttle, r request) bool {
	if len(th.Methods) > 0 && !slices.Contains(th.Methods, r.method) {
		return false
	}
	if len(th.Statuses) > 0 && !slices.Contains(th.Statuses, r.status) {
		return false
	}
	return th.Path == nil || pathMatches(*th.Path, r.path)
}

func pathMatches(m PathMatch, path string) bool {
	switch {
	case m.Exact != "":
		return path == m.Exact
	case m.Prefix != "":
		return strings.HasPrefix(path, m.Prefix)
	case m.Regex != nil:
		return m.Regex.MatchString(path)
	}
	return false
}

// violated counts r against the bucket and reports whether it overflows.
func violated(th Throttle, ts *throttleState, r request) bool {
	if !ts.tat.After(r.time) {
		ts.seen = nil // drained: forget the paths
	}
	if th.Distinct {
		k := pathKey(r.path, th.DistinctDepth)
		if _, dup := ts.seen[k]; dup {
			return false
		}
		if ts.seen == nil {
			ts.seen = map[string]struct{}{}
		}
		ts.seen[k] = struct{}{}
	}
	emission := th.Window / time.Duration(th.Limit)
	next := ts.tat
	if next.Before(r.time) {
		next = r.time
	}
	next = next.Add(emission)
	if next.Sub(r.time) > th.Window {
		ts.tat, ts.seen = r.time, nil
		return true
	}
	ts.tat = next
	return false
}

// pathKey is the first depth segments of path ("/a/b/c", 1 -> "/a").
func pathKey(path string, depth int) string {
	if depth <= 0 {
		return path
	}
	n := 0
	for i := 1; i < len(path); i++ {
		if path[i] == '/' {
			n++
			if n == depth {
				return path[:i]
			}
		}
	}
	return path
}

// clfLine finds a combined/common request in a line, after any syslog or
// vhost prefix.
var clfLine = regexp.MustCompile(`(\S+) \S+ \S+ \[(\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4})\] "(\S+) (\S+)[^"]*" (\d{3})`)

func parseCLF(line string) (request, bool) {
	m := clfLine.FindStringSubmatch(line)
	if m == nil {
		return request{}, false
	}
	a, err := netip.ParseAddr(m[1])
	if err != nil {
		return request{}, false
	}
	ts, err := time.Parse("02/Jan/2006:15:04:05 -0700", m[2])
	if err != nil {
		return request{}, false
	}
	path, _, _ := strings.Cut(m[4], "?")
	if dec, err := url.PathUnescape(path); err == nil {
		path = dec
	}
	status, _ := strconv.Atoi(m[5])
	return request{client: a.Unmap(), time: ts, method: m[3], path: path, status: status}, true
}

func readCLF(t *testing.T, file string) []request {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []request
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if r, ok := parseCLF(sc.Text()); ok {
			out = append(out, r)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	// Logs are written in completion order; the engine tolerates small
	// disorder, the model simply sorts.
	slices.SortStableFunc(out, func(a, b request) int { return a.time.Compare(b.time) })
	return out
}

func corpusDir(t *testing.T) string { return corpustest.Dir(t) }
