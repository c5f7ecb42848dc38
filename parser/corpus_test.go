package parser

import (
	"bufio"
	"encoding/json"
	"net/netip"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// The corpus tests run the third-party sample logs (shared/corpus, see its
// README) through Detect and Parse the way guardctl does: one Detect per
// log file, then every line. All access-log lines must parse and yield the
// client the corpus names.

// crowdsecAccessTypes are the log types of labeled_lines.jsonl written in
// the nginx/apache text formats.
var crowdsecAccessTypes = map[string]bool{
	"nginx": true, "apache2": true, "nginx-proxy-manager": true, "bunkerweb": true, "litespeed": true,
}

func TestCorpusCrowdsecAccessLines(t *testing.T) {
	dir := corpusDir(t)
	type rec struct {
		Test    string `json:"test"`
		LogType string `json:"log_type"`
		Line    string `json:"line"`
		IP      string `json:"ip"`
	}
	var order []string
	byTest := map[string][]rec{}
	readJSONL(t, filepath.Join(dir, "crowdsec-hub", "labeled_lines.jsonl"), func(b []byte) {
		var r rec
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatalf("labeled_lines.jsonl: %v", err)
		}
		if !crowdsecAccessTypes[r.LogType] {
			return
		}
		if byTest[r.Test] == nil {
			order = append(order, r.Test)
		}
		byTest[r.Test] = append(byTest[r.Test], r)
	})
	st := newRates()
	for _, name := range order {
		recs := byTest[name]
		sample := make([][]byte, len(recs))
		for i, r := range recs {
			sample[i] = []byte(r.Line)
		}
		spec, err := Detect(sample)
		if err != nil {
			t.Errorf("test %s: %v", name, err)
			for _, r := range recs {
				st.add(r.LogType, false)
			}
			continue
		}
		p := mustNew(t, spec)
		var ev Event
		for _, r := range recs {
			err := p.Parse([]byte(r.Line), &ev)
			st.add(r.LogType, err == nil)
			if err != nil {
				t.Errorf("test %s (%s, detected %+v): Parse(%q) = %v", name, r.LogType, spec, r.Line, err)
				continue
			}
			if r.IP != "" && ev.Client != netip.MustParseAddr(r.IP) {
				t.Errorf("test %s: Parse(%q) client = %v, want %s", name, r.Line, ev.Client, r.IP)
			}
		}
	}
	st.log(t)
}

func TestCorpusCrowdsecJSONLogs(t *testing.T) {
	dir := corpusDir(t)
	for _, f := range []string{
		"caddy-basic-auth-bf/caddy-logs.log",
		"traefik_base-http-scenario/traefik_base-http-scenario.log",
		"envoy-http-bad-user-agent/envoy-http-bad-user-agent.log",
		"envoy-http-crawl-non_statics/envoy-http-crawl-non_statics.log",
	} {
		t.Run(filepath.Dir(f), func(t *testing.T) {
			var sample [][]byte
			readJSONL(t, filepath.Join(dir, "crowdsec-hub", "tests", f), func(b []byte) {
				sample = append(sample, append([]byte(nil), b...))
			})
			spec, err := Detect(sample)
			if err != nil || spec.Format != FormatJSON {
				t.Fatalf("Detect = %+v, %v; want json", spec, err)
			}
			p := mustNew(t, spec)
			var ev Event
			n := 0
			for _, l := range sample {
				if len(trimSpaceRight(l)) == 0 {
					continue
				}
				if err := p.Parse(l, &ev); err != nil {
					t.Errorf("Parse(%q) = %v", l, err)
					continue
				}
				n++
				if ev.Status == 0 || ev.Time.Year() < 2020 || (ev.Path == nil && ev.Request == nil) {
					t.Errorf("Parse(%q) = incomplete event %+v", l, viewOf(t, &ev))
				}
			}
			t.Logf("%s: %d/%d lines parsed", f, n, len(sample))
		})
	}
}

func TestCorpusFail2banAccessLines(t *testing.T) {
	dir := corpusDir(t)
	type rec struct {
		File   string  `json:"file"`
		Line   string  `json:"line"`
		Host   *string `json:"host"`
		Access bool    `json:"access_log_format"`
	}
	var order []string
	byFile := map[string][]rec{}
	readJSONL(t, filepath.Join(dir, "fail2ban", "labeled.jsonl"), func(b []byte) {
		var r rec
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatalf("labeled.jsonl: %v", err)
		}
		if !r.Access {
			return
		}
		if byFile[r.File] == nil {
			order = append(order, r.File)
		}
		byFile[r.File] = append(byFile[r.File], r)
	})
	st := newRates()
	for _, name := range order {
		recs := byFile[name]
		sample := make([][]byte, len(recs))
		for i, r := range recs {
			sample[i] = []byte(r.Line)
		}
		spec, err := Detect(sample)
		if err != nil {
			t.Errorf("file %s: %v", name, err)
			continue
		}
		p := mustNew(t, spec)
		var ev Event
		for _, r := range recs {
			err := p.Parse([]byte(r.Line), &ev)
			st.add(name, err == nil)
			if err != nil {
				t.Errorf("file %s (detected %+v): Parse(%q) = %v", name, spec, r.Line, err)
				continue
			}
			if r.Host != nil && ev.Client != netip.MustParseAddr(*r.Host) {
				t.Errorf("file %s: Parse(%q) client = %v, want %s", name, r.Line, ev.Client, *r.Host)
			}
		}
	}
	st.log(t)
}

// rates counts parsed lines per group for the test log.
type rates struct{ ok, all map[string]int }

func newRates() *rates { return &rates{ok: map[string]int{}, all: map[string]int{}} }

func (r *rates) add(group string, ok bool) {
	r.all[group]++
	if ok {
		r.ok[group]++
	}
}

func (r *rates) log(t *testing.T) {
	t.Helper()
	var groups []string
	for g := range r.all {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	for _, g := range groups {
		t.Logf("%-22s %4d/%4d parsed (%.1f%%)", g, r.ok[g], r.all[g], 100*float64(r.ok[g])/float64(r.all[g]))
	}
	if len(groups) == 0 {
		t.Error("no corpus lines were checked")
	}
}

func readJSONL(t *testing.T, path string, fn func([]byte)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 4<<20)
	for sc.Scan() {
		fn(sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
}
