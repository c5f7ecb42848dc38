package rules

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gaissmai/bart"
)

func TestReadList(t *testing.T) {
	in := "\xef\xbb\xbf# header\n" +
		"192.0.2.0/24\n" +
		"  198.51.100.7   # a host\n" +
		"\n" +
		"2001:db8::/32 ; SBL-style comment\n" +
		"::ffff:203.0.113.9\r\n" +
		"; whole-line semicolon comment\n"
	tbl := new(bart.Lite)
	n, err := ReadList(strings.NewReader(in), "list.txt", tbl)
	if err != nil || n != 4 {
		t.Fatalf("ReadList = %d, %v, want 4 entries", n, err)
	}
	for _, a := range []string{"192.0.2.200", "198.51.100.7", "2001:db8:ffff::1", "203.0.113.9"} {
		if !tbl.Contains(netip.MustParseAddr(a)) {
			t.Errorf("table lacks %s", a)
		}
	}
	if tbl.Contains(netip.MustParseAddr("198.51.100.8")) {
		t.Error("a host entry matched its neighbour")
	}
}

func TestReadListBadLines(t *testing.T) {
	var b strings.Builder
	b.WriteString("192.0.2.1\nnope\n10.0.0.1/8\n")
	for i := range 30 {
		fmt.Fprintf(&b, "bad%d\n", i)
	}
	tbl := new(bart.Lite)
	n, err := ReadList(strings.NewReader(b.String()), "deny.txt", tbl)
	if n != 1 {
		t.Errorf("read %d good entries, want 1", n)
	}
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("ReadList error %v is not Errors", err)
	}
	if len(errs) != maxListErrors+1 {
		t.Errorf("got %d errors, want %d and a summary", len(errs), maxListErrors)
	}
	if errs[0].Line != 2 || errs[0].File != "deny.txt" || errs[1].Line != 3 {
		t.Errorf("first errors = %v / %v, want deny.txt:2 and :3", errs[0], errs[1])
	}
	if last := errs[len(errs)-1].Error(); !strings.Contains(last, "22 more bad lines") {
		t.Errorf("summary = %q, want it to count the 22 lines not shown", last)
	}
}

func TestReadListLongLine(t *testing.T) {
	in := "192.0.2.1\n" + strings.Repeat("1", maxListLine+10) + "\n"
	_, err := ReadList(strings.NewReader(in), "l.txt", new(bart.Lite))
	var e *Error
	if !errors.As(err, &e) || e.Line != 2 {
		t.Errorf("ReadList(long line) = %v, want an error at line 2", err)
	}
}

// writeList writes n distinct entries, a mix of IPv4 hosts, IPv4 networks
// and IPv6 networks, the shape of published block lists.
func writeList(tb testing.TB, path string, n int) {
	tb.Helper()
	var b strings.Builder
	b.WriteString("# generated block list\n")
	for i := range n {
		switch i % 4 {
		case 0, 1:
			fmt.Fprintf(&b, "11.%d.%d.%d\n", i>>16, i>>8&0xff, i&0xff)
		case 2:
			fmt.Fprintf(&b, "%d.%d.%d.0/24 ; net %d\n", 100+i>>16, i>>8&0xff, i&0xff, i)
		case 3:
			fmt.Fprintf(&b, "2001:db8:%x:%x::/64\n", i>>16, i&0xffff)
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
}

func TestLargeListCompiles(t *testing.T) {
	dir := t.TempDir()
	writeList(t, filepath.Join(dir, "deny.txt"), 100_000)
	writeFile(t, filepath.Join(dir, "p.toml"), "[deny]\nfiles = [\"deny.txt\"]\n")
	cfg, err := LoadFile(filepath.Join(dir, "p.toml"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := cfg.Compile(CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Deny.Size(); got != 100_000 {
		t.Errorf("deny table holds %d prefixes, want 100000", got)
	}
	if !p.Deny.Contains(netip.MustParseAddr("2001:db8:1:869f::5")) { // i = 99_999
		t.Error("last IPv6 entry missing")
	}
}

// BenchmarkLoadCompileList100k: load and compile a policy whose deny list
// file has 100,000 entries (the "must stay fast" case).
func BenchmarkLoadCompileList100k(b *testing.B) {
	dir := b.TempDir()
	writeList(b, filepath.Join(dir, "deny.txt"), 100_000)
	policy := filepath.Join(dir, "p.toml")
	writeFile(b, policy, "[deny]\nfiles = [\"deny.txt\"]\n")
	b.ReportAllocs()
	for b.Loop() {
		cfg, err := LoadFile(policy)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := cfg.Compile(CompileOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadDefault: the cost every command pays before its first line.
func BenchmarkLoadDefault(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Default().Compile(CompileOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadList100k: parsing and inserting a 100,000-entry list alone.
func BenchmarkReadList100k(b *testing.B) {
	path := filepath.Join(b.TempDir(), "deny.txt")
	writeList(b, path, 100_000)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadList(strings.NewReader(string(data)), "deny.txt", new(bart.Lite)); err != nil {
			b.Fatal(err)
		}
	}
}
