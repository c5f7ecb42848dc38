package fail2ban

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// conf is a fail2ban configuration file with its includes and .local
// overrides merged: fail2ban reads FILE.conf, then FILE.local, and each
// file's [INCLUDES] before= files ahead of it and after= files behind it;
// later values win. Section names compare without case for lookups
// ("default/backend" names [DEFAULT]).
type conf struct {
	sections map[string]*section // by lower-case name
	order    []string            // section names as first seen
	files    []string            // files read, in order
	dir      string              // the configuration directory, when loaded by loadJails
}

type section struct {
	name string
	kv   map[string]string
	keys []string // in order of first appearance
}

func newConf() *conf { return &conf{sections: map[string]*section{}} }

func (c *conf) section(name string) *section {
	k := strings.ToLower(name)
	s := c.sections[k]
	if s == nil {
		s = &section{name: name, kv: map[string]string{}}
		c.sections[k] = s
		c.order = append(c.order, name)
	}
	return s
}

func (s *section) set(k, v string) {
	if _, ok := s.kv[k]; !ok {
		s.keys = append(s.keys, k)
	}
	s.kv[k] = v
}

// maxIncludeDepth stops include cycles.
const maxIncludeDepth = 16

// loadConf reads base.conf and base.local (either may be missing, not
// both) with their includes into c.
func (c *conf) load(base string, depth int) error {
	if depth > maxIncludeDepth {
		return fmt.Errorf("%s: includes nested deeper than %d (a cycle?)", base, maxIncludeDepth)
	}
	base = strings.TrimSuffix(strings.TrimSuffix(base, ".conf"), ".local")
	found := false
	for _, ext := range []string{".conf", ".local"} {
		ok, err := c.loadFile(base+ext, depth)
		if err != nil {
			return err
		}
		found = found || ok
	}
	if !found {
		return fmt.Errorf("%s.conf: %w", base, os.ErrNotExist)
	}
	return nil
}

// loadFile reads one file; a missing file is not an error (fail2ban's
// .local files and after= includes are optional).
func (c *conf) loadFile(path string, depth int) (bool, error) {
	raw, err := parseINI(path)
	if os.IsNotExist(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	dir := filepath.Dir(path)
	include := func(key string) error {
		inc, ok := raw.get("INCLUDES", key)
		if !ok {
			return nil
		}
		for _, f := range strings.Fields(inc) {
			if !filepath.IsAbs(f) {
				f = filepath.Join(dir, f)
			}
			if depth+1 > maxIncludeDepth {
				return fmt.Errorf("%s: includes nested deeper than %d (a cycle?)", path, maxIncludeDepth)
			}
			// An include names one file; a missing one (a .local) is fine.
			if _, err := c.loadFile(f, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := include("before"); err != nil {
		return false, err
	}
	c.files = append(c.files, path)
	for _, sn := range raw.order {
		if strings.EqualFold(sn, "INCLUDES") {
			continue
		}
		rs := raw.sections[strings.ToLower(sn)]
		s := c.section(rs.name)
		for _, k := range rs.keys {
			s.set(k, rs.kv[k])
		}
	}
	if err := include("after"); err != nil {
		return false, err
	}
	return true, nil
}

func (c *conf) get(sec, key string) (string, bool) {
	s := c.sections[strings.ToLower(sec)]
	if s == nil {
		return "", false
	}
	v, ok := s.kv[key]
	return v, ok
}

// parseINI reads Python-ConfigParser syntax as fail2ban writes it:
// [section], key = value (or key: value), values continued on indented
// lines (joined with "\n"), full-line comments with # or ;.
func parseINI(path string) (*conf, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	c := newConf()
	var cur *section
	var key string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), " \t\r")
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			continue // a blank line inside a value is dropped; the value goes on if indented lines follow
		case trimmed[0] == '#' || trimmed[0] == ';':
			continue
		case line[0] == ' ' || line[0] == '\t':
			if cur == nil || key == "" {
				return nil, fmt.Errorf("%s:%d: continuation line outside a value", path, n)
			}
			trimmed = stripInlineComment(trimmed)
			if v := cur.kv[key]; v == "" {
				cur.kv[key] = trimmed
			} else {
				cur.kv[key] = v + "\n" + trimmed
			}
			continue
		case trimmed[0] == '[' && trimmed[len(trimmed)-1] == ']':
			cur, key = c.section(strings.TrimSpace(trimmed[1:len(trimmed)-1])), ""
			continue
		}
		if cur == nil {
			return nil, fmt.Errorf("%s:%d: key outside a section", path, n)
		}
		i := strings.IndexAny(line, "=:")
		if i <= 0 {
			return nil, fmt.Errorf("%s:%d: want key = value", path, n)
		}
		key = strings.TrimSpace(line[:i])
		cur.set(key, stripInlineComment(strings.TrimSpace(line[i+1:])))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return c, nil
}

var interpRE = regexp.MustCompile(`%\(([^)]+)\)s`)

// maxInterp bounds %(name)s expansion (fail2ban's own limit is similar).
const maxInterp = 32

// interp expands %(name)s in v for section sec: from vars, then the
// section, then [DEFAULT]; "sec/key" names another section's key. "%%" is
// a literal "%". Names that resolve nowhere are left as written and
// returned in missing.
func (c *conf) interp(sec, v string, vars map[string]string) (out string, missing []string) {
	for range maxInterp {
		changed := false
		v = interpRE.ReplaceAllStringFunc(v, func(m string) string {
			name := m[2 : len(m)-2]
			if r, ok := c.lookup(sec, name, vars); ok {
				changed = true
				return r
			}
			return m
		})
		if !changed {
			break
		}
	}
	for _, m := range interpRE.FindAllStringSubmatch(v, -1) {
		missing = append(missing, m[1])
	}
	sort.Strings(missing)
	return strings.ReplaceAll(v, "%%", "%"), missing
}

func (c *conf) lookup(sec, name string, vars map[string]string) (string, bool) {
	if v, ok := vars[name]; ok {
		return v, true
	}
	if i := strings.IndexByte(name, '/'); i > 0 {
		s, k := name[:i], name[i+1:]
		if v, ok := c.get(s, k); ok {
			return v, true
		}
		if strings.EqualFold(s, "default") || strings.EqualFold(s, "known") {
			return c.get("DEFAULT", k)
		}
		return "", false
	}
	if v, ok := c.get(sec, name); ok {
		return v, true
	}
	return c.get("DEFAULT", name)
}

// stripInlineComment drops a "; comment" after whitespace, as fail2ban's
// parser does (jail.conf: "logpath = %(syslog_daemon)s  ; nrpe.cfg may ...").
func stripInlineComment(v string) string {
	for i := 1; i < len(v); i++ {
		if v[i] == ';' && (v[i-1] == ' ' || v[i-1] == '\t') {
			return strings.TrimSpace(v[:i])
		}
	}
	return v
}
