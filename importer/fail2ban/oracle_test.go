package fail2ban

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/parser"
)

// oracleExceptions are the filters where guardctl and the real
// fail2ban-regex may disagree, each for a reason docs/fail2ban-import.md
// lists under "What is not converted". Any other disagreement fails the
// test: the oracle is fail2ban itself, on the same filter files.
var oracleExceptions = map[string]string{
	// maxlines = 2: the date alone on one line, "WARNING: Authentication
	// attempt from <HOST> ..." on the next; and in logging=webapp mode a
	// time-only datepattern (^%H:%M:%S.%f). guardctl matches one line at a
	// time and needs a date on it.
	"guacamole": "multi-line filter / time-only date",
	// Its datepattern cuts "[31/Jan/2015:14:29:44 ]" brackets and all;
	// guardctl cuts the date and leaves "[ ]", which the failregex's \S+
	// absorbs on a standard CLF line ("[]") but not on this sample's
	// "[ ]" with a space inside.
	"apache-fakegooglebot": "datepattern cuts the brackets around the date",
}

// groupKey is one filter with one set of options, as fail2ban-regex takes
// it: "nginx-http-auth[mode=fallback]".
func groupKey(file string, opts map[string]string) string {
	if len(opts) == 0 {
		return file
	}
	var kv []string
	for k, v := range opts {
		kv = append(kv, k+"="+v)
	}
	sort.Strings(kv)
	return file + "[" + strings.Join(kv, ", ") + "]"
}

// oracleJob is one filter (with options) and the file of lines it reads.
type oracleJob struct {
	Config string `json:"config"`
	Log    string `json:"log"`
	Filter string `json:"filter"`
}

// fail2banMatched runs the real fail2ban-regex (Debian's package, through
// testdata/oracle.py: one Python process for every filter) and returns, per
// filter, the addresses fail2ban took from each line text it matched.
func fail2banMatched(ctx context.Context, dir string, groups map[string][]string) (map[string]map[string][]string, error) {
	script, err := filepath.Abs(filepath.Join("testdata", "oracle.py"))
	if err != nil {
		return nil, err
	}
	python, err := fail2banPython()
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "f2b-oracle-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	var jobs []oracleJob
	for filter, lines := range groups {
		log := filepath.Join(tmp, fmt.Sprintf("%d.log", len(jobs)))
		if err := os.WriteFile(log, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
			return nil, err
		}
		jobs = append(jobs, oracleJob{Config: dir, Log: log, Filter: filter})
	}
	in, err := json.Marshal(jobs)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, python, script)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w: %s", python, script, err, stderr.String())
	}
	got := map[string]map[string][]string{}
	var cur map[string][]string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "\x00GROUP "):
			cur = map[string][]string{}
			got[strings.TrimPrefix(line, "\x00GROUP ")] = cur
		case strings.HasPrefix(line, "\x00ERROR "):
			return nil, fmt.Errorf("fail2ban-regex refused a job (%s): %s", line[1:], stderr.String())
		case cur != nil:
			ip, msg, _ := strings.Cut(line, " ")
			cur[msg] = append(cur[msg], ip)
		}
	}
	if len(got) != len(groups) {
		return nil, fmt.Errorf("fail2ban-regex answered %d of %d filters: %s", len(got), len(groups), stderr.String())
	}
	return got, sc.Err()
}

// fail2banPython is the interpreter fail2ban-regex runs with (its #! line):
// the fail2ban module is installed for that Python only.
func fail2banPython() (string, error) {
	path, err := exec.LookPath("fail2ban-regex")
	if err != nil {
		return "", err
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	first, err := bufio.NewReader(f).ReadString('\n')
	if err != nil || !strings.HasPrefix(first, "#!") {
		return "", fmt.Errorf("%s: no #! line", path)
	}
	fields := strings.Fields(strings.TrimPrefix(first, "#!"))
	if len(fields) == 0 {
		return "", fmt.Errorf("%s: empty #! line", path)
	}
	return fields[0], nil
}

// TestAgreesWithFail2banRegex holds the imported stock filters to what
// fail2ban itself does with the same filter files on the labeled samples:
// a line fail2ban matches must yield the same client here, a line it does
// not match must yield nothing. The labels in the corpus come from a newer
// fail2ban than Debian's, so this, not the labels, is the measure of the
// importer (TestCorpusImportedFilters reports against the labels).
func TestAgreesWithFail2banRegex(t *testing.T) {
	dir := stockDir(t)
	if _, err := exec.LookPath("fail2ban-regex"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("fail2ban-regex missing: CI must install Debian's fail2ban package (.ci/run does)")
		}
		t.Skip("fail2ban-regex missing (Debian package fail2ban); skipping outside CI")
	}
	type item struct {
		rec  corpusRec
		opts map[string]string
	}
	groups := map[string][]item{}
	var order []string
	for _, r := range readCorpus(t) {
		if _, err := os.Stat(filepath.Join(dir, "filter.d", r.File+".conf")); err != nil {
			continue
		}
		for _, opts := range optionSets(r.Options) {
			k := groupKey(r.File, opts)
			if _, ok := groups[k]; !ok {
				order = append(order, k)
			}
			groups[k] = append(groups[k], item{r, opts})
		}
	}
	sort.Strings(order)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	lines := map[string][]string{}
	for _, k := range order {
		for _, it := range groups[k] {
			lines[k] = append(lines[k], it.rec.Line)
		}
	}
	matched, err := fail2banMatched(ctx, dir, lines)
	if err != nil {
		t.Fatal(err)
	}

	var both, gap, over, quiet, excused int
	for _, k := range order {
		items := groups[k]
		spec, _, err := FilterSpec(dir, items[0].rec.File, items[0].opts)
		var p parser.Parser
		if err == nil {
			spec.Location = time.UTC
			p, err = parser.New(spec)
		}
		if err != nil {
			t.Logf("%s: not converted: %v", k, err)
		}
		m := matched[k]
		for _, it := range items {
			f2bIPs := m[it.rec.Line]
			f2b := len(f2bIPs) > 0
			line := it.rec.Line
			if it.opts["logtype"] == "journal" {
				line = journalStamp + line
			}
			var ev parser.Event
			perr := fmt.Errorf("filter not converted")
			if p != nil {
				perr = p.Parse([]byte(line), &ev)
			}
			where := fmt.Sprintf("%s:%d", it.rec.File, it.rec.Lineno)
			reason, exempt := oracleExceptions[it.rec.File]
			switch {
			case f2b && perr == nil:
				// The client must be the address fail2ban took.
				want, aerr := netip.ParseAddr(f2bIPs[0])
				if aerr != nil || ev.Client != want.Unmap() {
					t.Errorf("%s %s: client %s, fail2ban took %q", k, where, ev.Client, f2bIPs[0])
					continue
				}
				if ev.Kind == parser.KindAuthSuccess {
					t.Errorf("%s %s: a failure to fail2ban, %s here", k, where, ev.Kind)
					continue
				}
				both++
			case f2b:
				if exempt {
					excused++
					t.Logf("%s %s: fail2ban matches, guardctl not (%s)", k, where, reason)
					continue
				}
				gap++
				t.Errorf("%s %s: fail2ban-regex matches, guardctl: %v\n  %s", k, where, perr, it.rec.Line)
			case perr == nil:
				// An exception excuses what fail2ban matches and guardctl
				// cannot; never a match fail2ban does not make.
				over++
				t.Errorf("%s %s: fail2ban-regex does not match, guardctl yields %s %s\n  %s", k, where, ev.Kind, ev.Client, it.rec.Line)
			default:
				quiet++
			}
		}
	}
	t.Logf("against fail2ban-regex on Debian's filters: %d lines both match (same client), %d both quiet, %d fail2ban-only, %d guardctl-only, %d excused (listed)",
		both, quiet, gap, over, excused)
}
