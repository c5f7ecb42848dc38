package docs

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// linkRe finds Markdown links and images: [text](target) with an optional
// title. Inline code and fenced blocks are blanked out first.
var linkRe = regexp.MustCompile(`\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)

var (
	fenceRe = regexp.MustCompile("(?ms)^```.*?^```[^\n]*$")
	codeRe  = regexp.MustCompile("`[^`\n]*`")
)

// TestRelativeLinksResolve: every relative link in README.md and docs/**.md
// names a file or folder of the repository, and every #anchor a heading of
// the file it points into (GitHub's anchors).
func TestRelativeLinksResolve(t *testing.T) {
	files := []string{"../README.md"}
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	anchors := map[string]map[string]bool{}
	for _, f := range files {
		links, err := relativeLinks(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range links {
			checked++
			if msg := resolve(f, l, anchors); msg != "" {
				t.Errorf("%s: link %q: %s", f, l, msg)
			}
		}
	}
	t.Logf("%d relative links checked in %d files", checked, len(files))
	if checked < 20 {
		t.Fatalf("only %d relative links found in %d files: is the link pattern broken?", checked, len(files))
	}
}

// TestLinkCheckCatchesBreakage: the check fails on a missing file and on a
// missing heading, so a green run means something.
func TestLinkCheckCatchesBreakage(t *testing.T) {
	dir := t.TempDir()
	doc := filepath.Join(dir, "a.md")
	text := "# Title\n\n## Some `code` here: yes\n\n[ok](#title) [ok2](#some-code-here-yes) [bad](missing.md) [bad2](#nowhere) `[no](code.md)`\n" +
		"```\n[no](fenced.md)\n```\n"
	if err := os.WriteFile(doc, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	links, err := relativeLinks(doc)
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	for _, l := range links {
		if resolve(doc, l, map[string]map[string]bool{}) != "" {
			bad = append(bad, l)
		}
	}
	if got := strings.Join(bad, " "); got != "missing.md #nowhere" {
		t.Fatalf("broken links found: %q, want %q (links seen: %q)", got, "missing.md #nowhere", links)
	}
}

// relativeLinks returns the link targets of one Markdown file that are not
// URLs, outside code.
func relativeLinks(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	text := fenceRe.ReplaceAllString(string(b), "")
	text = codeRe.ReplaceAllString(text, "x")
	var out []string
	for _, m := range linkRe.FindAllStringSubmatch(text, -1) {
		l := m[1]
		if strings.Contains(l, "://") || strings.HasPrefix(l, "mailto:") {
			continue
		}
		out = append(out, l)
	}
	return out, nil
}

// resolve says what is wrong with link l found in file from, or "".
func resolve(from, l string, anchors map[string]map[string]bool) string {
	target, anchor, _ := strings.Cut(l, "#")
	p := from
	if target != "" {
		p = filepath.Join(filepath.Dir(from), target)
		if _, err := os.Stat(p); err != nil {
			return "no such file"
		}
	}
	if anchor == "" || !strings.HasSuffix(p, ".md") {
		return ""
	}
	hs, ok := anchors[p]
	if !ok {
		var err error
		if hs, err = headingAnchors(p); err != nil {
			return err.Error()
		}
		anchors[p] = hs
	}
	if !hs[anchor] {
		return "no heading with this anchor in " + p
	}
	return ""
}

// headingAnchors returns the anchors GitHub gives the headings of a Markdown
// file: lower case, punctuation dropped, spaces to hyphens, "-1", "-2" ...
// for repeats.
func headingAnchors(path string) (map[string]bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	text := fenceRe.ReplaceAllString(string(b), "")
	seen := map[string]int{}
	out := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, "#") {
			continue
		}
		h := strings.TrimSpace(strings.TrimLeft(line, "#"))
		if h == "" || len(line)-len(strings.TrimLeft(line, "#")) > 6 {
			continue
		}
		a := slug(h)
		if n := seen[a]; n > 0 {
			out[fmt.Sprintf("%s-%d", a, n)] = true
		} else {
			out[a] = true
		}
		seen[a]++
	}
	return out, nil
}

// slug is GitHub's anchor of a heading: letters, marks, digits, "_" and "-"
// kept, a space made "-", the rest dropped.
func slug(h string) string {
	var sb strings.Builder
	for _, r := range strings.ToLower(h) {
		switch {
		case r == ' ':
			sb.WriteByte('-')
		case r == '-' || unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.Pc):
			sb.WriteRune(r)
		}
	}
	return sb.String()
}
