package rules

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestKeyLines(t *testing.T) {
	src := `# comment [not a table]
mode = "enforce" # trailing
ips = [
  "a", # one
  'b',
  """c
""",
]
"quoted key" = 1
dotted.key = 2
[allow]
ips = ["x", "y"]

[[throttle]]
id = "one"
note = """
[[throttle]]  <- inside a string, not a table
"""
[[throttle]] # second
id = 'two'
inline = { a = 1, b = [1, 2] }

[[source]]
path = "/x"
[source.json_fields]
client = "ip"
[[source]]
[source.json_fields]
time = "ts"
throttle = [ { id = "i1" },
  { id = "i2" } ]
`
	got := keyLines(src)
	want := map[string]int{
		"mode": 2, "ips": 3, "ips[1]": 4, "ips[2]": 5, "ips[3]": 6,
		`"quoted key"`: 9, "dotted": 10, "dotted.key": 10,
		"allow": 11, "allow.ips": 12, "allow.ips[1]": 12, "allow.ips[2]": 12,
		"throttle[1]": 14, "throttle[1].id": 15, "throttle[1].note": 16,
		"throttle[2]": 19, "throttle[2].id": 20, "throttle[2].inline": 21,
		"throttle[2].inline.a": 21, "throttle[2].inline.b": 21,
		"throttle[2].inline.b[1]": 21, "throttle[2].inline.b[2]": 21,
		"source[1]": 23, "source[1].path": 24, "source[1].json_fields": 25, "source[1].json_fields.client": 26,
		"source[2]": 27, "source[2].json_fields": 28, "source[2].json_fields.time": 29,
		"source[2].json_fields.throttle": 30, "source[2].json_fields.throttle[1]": 30,
		"source[2].json_fields.throttle[1].id": 30, "source[2].json_fields.throttle[2]": 31,
		"source[2].json_fields.throttle[2].id": 31,
	}
	for k, line := range want {
		if got[k] != line {
			t.Errorf("line of %s = %d, want %d", k, got[k], line)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected key %s at line %d", k, got[k])
		}
	}
}

// TestKeyLinesAgreesWithDecoder: for every key of the reference example the
// decoder's path must be one the scan found, or errors would lose lines.
func TestKeyLinesAgreesWithDecoder(t *testing.T) {
	src := strings.Join([]string{
		"[[throttle]]", `id = "a"`, "windw = 1",
		"[[throttle]]", `id = "b"`, "windw = 1",
		"[[patterns.custom]]", `id = "c"`, "feild = 1",
	}, "\n")
	_, err := Load(strings.NewReader(src), "x.toml")
	errs, ok := err.(Errors)
	if !ok {
		t.Fatalf("Load = %v, want Errors", err)
	}
	wantLines := []int{3, 6, 9}
	var gotLines []int
	for _, e := range errs {
		if errors.Is(e, ErrUnknownKey) {
			gotLines = append(gotLines, e.Line)
		}
	}
	if !slices.Equal(gotLines, wantLines) {
		t.Errorf("lines = %v, want %v\n%v", gotLines, wantLines, err)
	}
}
