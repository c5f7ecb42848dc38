package rules

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/patterns"
)

// TestExamplesCompile loads every shipped policy through the same path
// `guardctl check-config` takes: the embedded default and every examples/*.toml.
func TestExamplesCompile(t *testing.T) {
	files, err := filepath.Glob("../examples/*.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 5 {
		t.Fatalf("found %d example policies in ../examples, want at least 5", len(files))
	}
	files = append(files, "default.toml")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			cfg, err := LoadFile(f)
			if err != nil {
				t.Fatalf("LoadFile: %v", err)
			}
			if _, err := cfg.Compile(CompileOptions{}); err != nil {
				t.Fatalf("Compile: %v", err)
			}
		})
	}
}

// TestReferenceExampleIsComplete keeps examples/guardctl.toml a copy of
// every key: it must set each key of the schema at least once.
func TestReferenceExampleIsComplete(t *testing.T) {
	data, err := os.ReadFile("../examples/guardctl.toml")
	if err != nil {
		t.Fatal(err)
	}
	lines := keyLines(string(data))
	written := map[string]bool{}
	for k := range lines {
		written[stripIndexes(k)] = true
	}
	for _, k := range schemaKeys(t) {
		if !written[k] {
			t.Errorf("examples/guardctl.toml does not set %q", k)
		}
	}
}

// TestDefaultMatchesReference: the reference example repeats the default
// values, so where both set a key they must agree.
func TestDefaultMatchesReference(t *testing.T) {
	ref, err := LoadFile("../examples/guardctl.toml")
	if err != nil {
		t.Fatal(err)
	}
	def := Default()
	if ref.Escalation != def.Escalation || ref.Limits != def.Limits || ref.Firewall != def.Firewall ||
		ref.Daemon != def.Daemon || ref.Mode != def.Mode || ref.IPv6Prefix != def.IPv6Prefix {
		t.Errorf("reference scalars differ from the default:\nref %+v %+v %+v %+v\ndef %+v %+v %+v %+v",
			ref.Escalation, ref.Limits, ref.Firewall, ref.Daemon, def.Escalation, def.Limits, def.Firewall, def.Daemon)
	}
	if ref.Flood != def.Flood || ref.Login != def.Login {
		t.Errorf("reference [flood]/[login] differ from the default:\nref %+v %+v\ndef %+v %+v", ref.Flood, ref.Login, def.Flood, def.Login)
	}
	if !slices.Equal(ref.Traps.Paths, def.Traps.Paths) || !slices.Equal(ref.Traps.Prefixes, def.Traps.Prefixes) {
		t.Errorf("reference traps differ from the default")
	}
	for _, dt := range def.Throttles {
		i := slices.IndexFunc(ref.Throttles, func(r ThrottleConfig) bool { return r.ID == dt.ID })
		if i < 0 {
			t.Errorf("reference lacks default throttle %q", dt.ID)
			continue
		}
		rt := ref.Throttles[i]
		rt.at, dt.at = nil, nil
		if !throttleEqual(rt, dt) {
			t.Errorf("throttle %q: reference %+v, default %+v", dt.ID, rt, dt)
		}
	}
}

func throttleEqual(a, b ThrottleConfig) bool {
	return a.ID == b.ID && a.Disabled == b.Disabled && a.Requests == b.Requests && a.Window == b.Window &&
		slices.Equal(a.Methods, b.Methods) && slices.Equal(a.Statuses, b.Statuses) &&
		a.Path == b.Path && a.PathPrefix == b.PathPrefix && a.PathRegex == b.PathRegex &&
		a.DistinctPaths == b.DistinctPaths && a.DistinctDepth == b.DistinctDepth &&
		a.Weight == b.Weight && a.Ban == b.Ban
}

// schemaKeys lists every key of the schema in lookup form without indexes.
func schemaKeys(t *testing.T) []string {
	t.Helper()
	var out []string
	var walk func(prefix string, typ reflect.Type)
	walk = func(prefix string, typ reflect.Type) {
		for _, f := range fieldsOf(typ) {
			k := f.name
			if prefix != "" {
				k = prefix + "." + k
			}
			out = append(out, k)
			ft := typ.Field(f.index).Type
			if ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				walk(k, ft)
			}
		}
	}
	walk("", reflect.TypeFor[Config]())
	return out
}

func stripIndexes(k string) string {
	var b strings.Builder
	skip := false
	for _, r := range k {
		switch {
		case r == '[':
			skip = true
		case r == ']':
			skip = false
		case !skip:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestOverlay(t *testing.T) {
	src := `
mode = "passive"
[allow]
ips = ["192.0.2.0/24"]
[[throttle]]
id = "flood"
requests = 3000
[[throttle]]
id = "wp-login-fail"
disabled = true
[[throttle]]
id = "login-burst"
path = "/signin"
[[throttle]]
id = "api"
path_prefix = "/api/"
requests = 10
window = "10s"
`
	cfg, err := Load(strings.NewReader(src), "overlay.toml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := cfg.Compile(CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Mode != Passive {
		t.Errorf("Mode = %q, want passive", p.Mode)
	}
	if p.IPv6Prefix != 64 {
		t.Errorf("IPv6Prefix = %d, want the default 64", p.IPv6Prefix)
	}
	// ips replaced, not merged: loopback is gone.
	if !p.Allow.Contains(netip.MustParseAddr("192.0.2.9")) || p.Allow.Contains(netip.MustParseAddr("127.0.0.1")) {
		t.Errorf("allow list was merged with the default, want replaced")
	}
	ids := []string{}
	for _, th := range p.Throttles {
		ids = append(ids, th.ID)
	}
	if want := []string{"flood", "scan", "login-burst", "token-refused", "auth-failure-events", "rate-limited-events", "forbidden-events", "api"}; !slices.Equal(ids, want) {
		t.Errorf("throttles = %v, want %v", ids, want)
	}
	flood := p.Throttles[0]
	if flood.Limit != 3000 || flood.Window != 10*time.Second || flood.Weight != 10 {
		t.Errorf("flood = %+v, want limit 3000 over the default 10s window, weight 10", flood)
	}
	if lb := p.Throttles[2].Path; lb == nil || lb.Exact != "/signin" || lb.Regex != nil {
		t.Errorf("login-burst path = %+v, want exactly /signin (the default regex replaced)", lb)
	}
	api := p.Throttles[len(p.Throttles)-1]
	if api.Path == nil || api.Path.Prefix != "/api/" || api.Weight != p.Escalation.Threshold {
		t.Errorf("api = %+v, want prefix /api/ and weight = threshold", api)
	}
}

func TestDefaultPolicyValues(t *testing.T) {
	p, err := Default().Compile(CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Allow.Contains(netip.MustParseAddr("127.0.0.1")) || !p.Allow.Contains(netip.MustParseAddr("::1")) {
		t.Error("default allow list lacks loopback")
	}
	if p.Allow.Contains(netip.MustParseAddr("10.0.0.1")) {
		t.Error("default allow list holds private ranges; only loopback belongs there")
	}
	if p.Mode != Enforce || p.IPv6Prefix != 64 || p.TrapBan != 48*time.Hour || p.DenyBan != 24*time.Hour {
		t.Errorf("policy = %v /%d trap %v deny %v", p.Mode, p.IPv6Prefix, p.TrapBan, p.DenyBan)
	}
	e := p.Escalation
	if e.Threshold != 10 || e.Window != 10*time.Minute || e.BaseBan != 10*time.Minute {
		t.Errorf("escalation = %+v", e)
	}
	if p.Patterns == nil {
		t.Error("no pattern matcher")
	}
	// 1M tracked clients at ~200 bytes each would be 200 MB; the bound
	// must keep the detector's state within the 150 MB budget.
	if p.Limits.MaxClients*200 > 120<<20 {
		t.Errorf("MaxClients %d * 200 B exceeds the memory budget", p.Limits.MaxClients)
	}
}

func TestClientKey(t *testing.T) {
	p := &Policy{IPv6Prefix: 64}
	for _, tc := range []struct{ in, want string }{
		{"192.0.2.7", "192.0.2.7/32"},
		{"::ffff:192.0.2.7", "192.0.2.7/32"},
		{"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
	} {
		if got := p.ClientKey(netip.MustParseAddr(tc.in)); got.String() != tc.want {
			t.Errorf("ClientKey(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestLoadFileMissing(t *testing.T) {
	_, err := LoadFile(filepath.Join(t.TempDir(), "nope.toml"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadFile(missing) = %v, want an error wrapping os.ErrNotExist", err)
	}
}

func TestListFilesRelativeToPolicy(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "deny.txt"), "203.0.113.0/24 # bad net\n\n2001:db8:bad::/48\n")
	writeFile(t, filepath.Join(dir, "p.toml"), "[deny]\nfiles = [\"deny.txt\"]\n")
	cfg, err := LoadFile(filepath.Join(dir, "p.toml"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := cfg.Compile(CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"203.0.113.9", "2001:db8:bad:1::1", "::ffff:203.0.113.1"} {
		if !p.Deny.Contains(netip.MustParseAddr(a).Unmap()) {
			t.Errorf("deny list lacks %s", a)
		}
	}
	if p.Deny.Contains(netip.MustParseAddr("198.51.100.1")) {
		t.Error("deny list holds an address it should not")
	}

	// A missing list file is reported at its key in the policy.
	writeFile(t, filepath.Join(dir, "q.toml"), "[deny]\nfiles = [\n  \"deny.txt\",\n  \"gone.txt\",\n]\n")
	cfg, err = LoadFile(filepath.Join(dir, "q.toml"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = cfg.Compile(CompileOptions{})
	var e *Error
	if !errors.As(err, &e) || e.Line != 4 || e.Key != "deny.files[2]" || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Compile with a missing list = %v, want deny.files[2] at line 4 wrapping os.ErrNotExist", err)
	}
}

func writeFile(t testing.TB, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSourceProxies(t *testing.T) {
	src := `
trusted_proxies = ["10.0.0.0/8"]
[[source]]
path = "/var/log/a.log"
[[source]]
path = "/var/log/b.log"
trusted_proxies = []
[[source]]
path = "/var/log/c.log"
trusted_proxies = ["192.0.2.1"]
`
	cfg, err := Load(strings.NewReader(src), "p.toml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := cfg.Compile(CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	lb := netip.MustParseAddr("10.1.2.3")
	for i, want := range []bool{true, false, false} {
		if got := cfg.Sources[i].Proxies(p.TrustedProxies).Contains(lb); got != want {
			t.Errorf("source %d trusts 10.1.2.3 = %v, want %v", i+1, got, want)
		}
	}
	if !cfg.Sources[2].Proxies(p.TrustedProxies).Contains(netip.MustParseAddr("192.0.2.1")) {
		t.Error("source 3 does not trust its own proxy")
	}
}

func TestDisablePatterns(t *testing.T) {
	cat := patterns.Catalogue()
	if len(cat) == 0 {
		t.Skip("the pattern catalogue is empty (patterns package not built yet)")
	}
	id := cat[0].ID
	src := "[patterns]\ndisable_categories = [\"scanner\"]\ndisable_ids = [\"" + id + "\"]\n"
	cfg, err := Load(strings.NewReader(src), "p.toml")
	if err != nil {
		t.Fatalf("Load(disable_ids = [%q]) = %v", id, err)
	}
	if _, err := cfg.Compile(CompileOptions{}); err != nil {
		t.Fatal(err)
	}
	// A throttle may not take a built-in pattern's id: reports would be ambiguous.
	src = "[[throttle]]\nid = \"" + id + "\"\nrequests = 1\nwindow = \"1m\"\n"
	if _, err := Load(strings.NewReader(src), "p.toml"); err == nil {
		t.Errorf("a throttle named %q (a built-in pattern) was accepted", id)
	}
}
