package rules

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The decoder fills the Config structs from the generic tree that
// BurntSushi/toml parsed. It exists because toml.Decode stops at the first
// type error, has no disallow-unknown-keys mode, and reports undecoded keys
// of [[array]] entries without saying which entry they were in
// (MetaData.Undecoded gives "throttle.windw" for every [[throttle]]).
// Walking the tree ourselves sees every unknown key and every bad value in
// one pass, each with its full path ("throttle[2].windw"), which the line
// scan then turns into a line number.
//
// Struct fields are named by `toml:"name"` tags. Options after the name:
//
//	positive  an explicit value must be > 0 (0 in the struct means "unset")
//	signed    negative integers are allowed (all others reject them)
type decoder struct {
	src  *source
	errs Errors
	bad  map[string]bool // paths that already have an error
}

func newDecoder(src *source) *decoder {
	return &decoder{src: src, bad: map[string]bool{}}
}

func (d *decoder) fail(p keyPath, err error) {
	d.bad[p.String()] = true
	d.errs = append(d.errs, d.src.errorAt(p, true, err))
}

// field is one tagged struct field.
type field struct {
	name  string
	index int
	opts  string
}

func fieldsOf(t reflect.Type) []field {
	var out []field
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("toml")
		if !f.IsExported() || tag == "" || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		out = append(out, field{name: name, index: i, opts: opts})
	}
	return out
}

func hasOpt(opts, opt string) bool {
	return slices.Contains(strings.Split(opts, ","), opt)
}

// table decodes the keys of m into the struct rv. Keys that are absent
// leave the field as it was: that is how a file overlays the defaults.
func (d *decoder) table(p keyPath, m map[string]any, rv reflect.Value) {
	fs := fieldsOf(rv.Type())
	known := make([]string, len(fs))
	for i, f := range fs {
		known[i] = f.name
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		kp := p.child(k)
		i := slices.Index(known, k)
		if i < 0 {
			d.bad[kp.String()] = true
			d.errs = append(d.errs, d.src.errorAt(kp, false, &unknownKeyError{key: k, known: known}))
			if s := suggest(k, known); s != "" {
				// "windw" explains why window is missing; say it once.
				d.bad[p.child(s).String()] = true
			}
			continue
		}
		d.value(kp, m[k], rv.Field(fs[i].index), fs[i].opts)
	}
}

var durationType = reflect.TypeFor[time.Duration]()

// MaxDuration is the longest duration a policy may give (100 years): a ban
// of it ends long before 2262, the last time the state store can hold.
const MaxDuration = 100 * 365 * 24 * time.Hour

// value decodes v into rv, which must be settable.
func (d *decoder) value(p keyPath, v any, rv reflect.Value, opts string) {
	if rv.Type() == durationType {
		s, ok := v.(string)
		if !ok {
			d.fail(p, wantGot(`a duration such as "10m"`, v))
			return
		}
		dur, err := ParseDuration(s)
		if err != nil {
			d.fail(p, err)
			return
		}
		if dur == 0 && hasOpt(opts, "positive") {
			d.fail(p, fmt.Errorf("must be longer than 0, got %q", s))
			return
		}
		if dur > MaxDuration {
			d.fail(p, fmt.Errorf("%q is longer than %s: a ban that long ends after 2262, the last time the state store can hold", s, FormatDuration(MaxDuration)))
			return
		}
		rv.SetInt(int64(dur))
		return
	}
	switch rv.Kind() {
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			d.fail(p, wantGot("a string", v))
			return
		}
		rv.SetString(s)
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			d.fail(p, wantGot("true or false", v))
			return
		}
		rv.SetBool(b)
	case reflect.Int:
		n, ok := v.(int64)
		if !ok {
			d.fail(p, wantGot("an integer", v))
			return
		}
		switch {
		case n < 0 && !hasOpt(opts, "signed"):
			d.fail(p, fmt.Errorf("must not be negative, got %d", n))
			return
		case n == 0 && hasOpt(opts, "positive"):
			d.fail(p, fmt.Errorf("must be at least 1, got 0"))
			return
		case n > math.MaxInt32 || n < math.MinInt32:
			d.fail(p, fmt.Errorf("%d is out of range", n))
			return
		}
		rv.SetInt(n)
	case reflect.Float64:
		var f float64
		switch n := v.(type) {
		case int64:
			f = float64(n)
		case float64:
			f = n
		default:
			d.fail(p, wantGot("a number", v))
			return
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			d.fail(p, fmt.Errorf("must be a finite number, got %v", f))
			return
		}
		if f < 0 {
			d.fail(p, fmt.Errorf("must not be negative, got %v", f))
			return
		}
		rv.SetFloat(f)
	case reflect.Slice:
		if rv.Type().Elem().Kind() == reflect.Struct {
			d.entries(p, v, rv)
			return
		}
		arr, ok := v.([]any)
		if !ok {
			d.fail(p, wantGot("an array", v))
			return
		}
		out := reflect.MakeSlice(rv.Type(), 0, len(arr))
		for i, el := range arr {
			ev := reflect.New(rv.Type().Elem()).Elem()
			before := len(d.errs)
			d.value(p.entry(i+1, ""), el, ev, opts)
			if len(d.errs) == before {
				out = reflect.Append(out, ev)
			}
		}
		rv.Set(out)
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			d.fail(p, wantGot("a table", v))
			return
		}
		out := reflect.MakeMapWithSize(rv.Type(), len(m))
		for k, el := range m {
			ev := reflect.New(rv.Type().Elem()).Elem()
			before := len(d.errs)
			d.value(p.child(k), el, ev, opts)
			if len(d.errs) == before {
				out.SetMapIndex(reflect.ValueOf(k), ev)
			}
		}
		rv.Set(out)
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			d.fail(p, wantGot(fmt.Sprintf("a table ([%s])", p), v))
			return
		}
		d.table(p, m, rv)
	default:
		panic(fmt.Sprintf("rules: decoder cannot fill %s", rv.Type())) // a schema bug, caught by every test
	}
}

// located is implemented by array entries that remember where they were
// written, so later checks can point at them.
type located interface{ setAt(keyPath) }

// overlaid is implemented by array entries that must adjust after a file's
// keys were laid over a default entry (keys is what the file wrote).
type overlaid interface{ overlaid(keys map[string]any) }

// entries decodes an array of tables. Entries with an "id" field merge by
// id into what rv already holds (the defaults): an entry naming a default
// rule's id changes only the keys it sets; other entries are added.
// Entries without ids replace the whole array.
func (d *decoder) entries(p keyPath, v any, rv reflect.Value) {
	var maps []map[string]any
	switch t := v.(type) {
	case []map[string]any:
		maps = t
	case []any:
		for i, el := range t {
			m, ok := el.(map[string]any)
			if !ok {
				d.fail(p.entry(i+1, ""), wantGot("a table", el))
				continue
			}
			maps = append(maps, m)
		}
	default:
		d.fail(p, wantGot(fmt.Sprintf("an array of tables ([[%s]])", p), v))
		return
	}
	elem := rv.Type().Elem()
	idField := -1
	for _, f := range fieldsOf(elem) {
		if f.name == "id" {
			idField = f.index
		}
	}
	if idField < 0 {
		rv.Set(reflect.MakeSlice(rv.Type(), 0, len(maps)))
	}
	seen := map[string]int{}
	for i, m := range maps {
		id, _ := m["id"].(string)
		label := id
		if label == "" {
			label, _ = m["path"].(string)
		}
		ep := p.entry(i+1, label)
		target := -1
		if idField >= 0 && id != "" {
			if prev, dup := seen[id]; dup {
				d.fail(ep.child("id"), fmt.Errorf("duplicate id %q (entry %d has it too)", id, prev))
				continue
			}
			seen[id] = i + 1
			for j := range rv.Len() {
				if rv.Index(j).Field(idField).String() == id {
					target = j
				}
			}
		}
		var ev reflect.Value
		if target >= 0 {
			ev = rv.Index(target)
		} else {
			ev = reflect.New(elem).Elem()
		}
		d.table(ep, m, ev)
		if l, ok := ev.Addr().Interface().(located); ok {
			l.setAt(ep)
		}
		if o, ok := ev.Addr().Interface().(overlaid); ok && target >= 0 {
			o.overlaid(m)
		}
		if target < 0 {
			rv.Set(reflect.Append(rv, ev))
		}
	}
}

// wantGot is a type mismatch message: `want an integer, got string "10"`.
func wantGot(want string, got any) error {
	return fmt.Errorf("want %s, got %s", want, describe(got))
}

func describe(v any) string {
	switch t := v.(type) {
	case string:
		if len(t) > 40 {
			t = t[:40] + "..."
		}
		return "string " + strconv.Quote(t)
	case int64:
		return "integer " + strconv.FormatInt(t, 10)
	case float64:
		return "float " + strconv.FormatFloat(t, 'g', -1, 64)
	case bool:
		return "boolean " + strconv.FormatBool(t)
	case time.Time:
		return "date-time"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}
