// Package payloads measures guardctl's signatures on one-request attacks:
// it renders the shared payload corpus (../shared/corpus/payloads) and a
// benign look-alike set into combined-log lines, one fresh client per
// request, replays them through the real pipeline with a policy (the
// embedded default unless told otherwise) and counts, per class, the
// requests that fired a rule (detected) and those banned on that one
// request.
package payloads

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Classes are the payload files of the corpus, in report order. Each is
// NAME.txt, one payload per line, except cve_probes (a TSV of requests).
var Classes = []string{
	"sqli", "xss", "cmdi", "traversal", "lfi", "rfi", "ssti", "crlf", "xxe", "nosqli",
	"ldap", "ssi", "open_redirect", "ssrf", "log4shell", "shellshock", "sensitive_paths", "cve_probes",
}

// keep picks one index in n, spread by a hash rather than i%n: the
// corpus files are generated lists (dotdotpwn's depth x encoding x file),
// and every n-th line of them is a biased subset.
func keep(i, n int) bool {
	x := uint32(i) * 0x9E3779B1
	x ^= x >> 15
	x *= 0x85EBCA6B
	x ^= x >> 13
	return x%uint32(n) == 0
}

// sampleMin is the size up to which a class is never sampled.
const sampleMin = 5000

// BenignCorpusFile is the corpus' own benign set (inputs libinjection once
// flagged as SQL injection by mistake).
const BenignCorpusFile = "benign_sqli_lookalikes.txt"

// Payload is one line of a class file.
type Payload struct {
	Class string
	Text  string // the payload, or for cve_probes the path and query
	// cve_probes only:
	Method, UA string
}

// Half is one of two fixed halves of the corpus. Signatures are developed
// against Dev; Held is what they were not tuned on, so its figure is the
// honest estimate for payload sets nobody has seen.
type Half uint8

const (
	Both Half = iota // no split
	Dev
	Held
)

func (h Half) String() string {
	switch h {
	case Dev:
		return "dev"
	case Held:
		return "held-out"
	}
	return "all"
}

// HalfOf puts a payload in Dev or Held by an FNV-1a hash of its class,
// method and text: fixed across runs and machines, independent of line
// order, and spread over every source file of a class.
func HalfOf(p Payload) Half {
	h := uint32(2166136261)
	for _, s := range [...]string{p.Class, "\x00", p.Method, "\x00", p.Text} {
		for i := 0; i < len(s); i++ {
			h ^= uint32(s[i])
			h *= 16777619
		}
	}
	if h>>7&1 == 0 {
		return Dev
	}
	return Held
}

// Load reads the classes named (all of Classes when empty) from dir. In
// classes of more than sampleMin payloads one in sample is kept when
// sample > 1 (deterministic, spread over the whole file, so the mix of
// sources stays representative); smaller classes are kept whole.
func Load(dir string, classes []string, sample int) ([]Payload, error) {
	if len(classes) == 0 {
		classes = Classes
	}
	var out []Payload
	for _, c := range classes {
		var ps []Payload
		var err error
		if c == "cve_probes" {
			ps, err = loadTSV(filepath.Join(dir, "cve_probes.tsv"))
		} else {
			ps, err = loadLines(filepath.Join(dir, c+".txt"), c)
		}
		if err != nil {
			return nil, err
		}
		for i, p := range ps {
			if sample <= 1 || len(ps) <= sampleMin || keep(i, sample) {
				out = append(out, p)
			}
		}
	}
	return out, nil
}

// LoadBenign reads a file of benign look-alikes, one per line; lines
// starting with '#' and empty lines are skipped. class names them in the
// report.
func LoadBenign(path, class string) ([]Payload, error) {
	ps, err := loadLines(path, class)
	if err != nil {
		return nil, err
	}
	out := ps[:0]
	for _, p := range ps {
		if !strings.HasPrefix(p.Text, "#") {
			out = append(out, p)
		}
	}
	return out, nil
}

func loadLines(path, class string) ([]Payload, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read payload class %s: %w", class, err)
	}
	var out []Payload
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		out = append(out, Payload{Class: class, Text: line})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}

func loadTSV(path string) ([]Payload, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read cve probes: %w", err)
	}
	var out []Payload
	for i, line := range strings.Split(string(b), "\n") {
		if i == 0 || line == "" {
			continue // header
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 {
			continue
		}
		p := Payload{Class: "cve_probes", Method: f[1], Text: f[2]}
		if len(f) > 3 {
			p.UA = f[3]
		}
		out = append(out, p)
	}
	return out, nil
}

// Requests renders the corpus classes (sampled) and the benign sets into
// one list of requests. half keeps only that half of the corpus (Both
// keeps all; the benign sets are always kept whole).
func Requests(corpusDir, benignDir string, classes []string, sample int, half Half) ([]Request, error) {
	ps, err := Load(corpusDir, classes, sample)
	if err != nil {
		return nil, err
	}
	var reqs []Request
	for i, p := range ps {
		h := HalfOf(p)
		if half != Both && h != half {
			continue
		}
		for _, r := range Render(p, i) {
			r.Half = h
			reqs = append(reqs, r)
		}
	}
	if benignDir != "" {
		b, err := BenignRequests(benignDir, corpusDir)
		if err != nil {
			return nil, err
		}
		reqs = append(reqs, b...)
	}
	return reqs, nil
}
