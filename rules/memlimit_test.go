package rules

import (
	"strings"
	"testing"
)

func TestParseMemoryLimit(t *testing.T) {
	for s, want := range map[string]MemoryLimit{
		"":       {Auto: true},
		"auto":   {Auto: true},
		"off":    {},
		"300MiB": {Bytes: 300 << 20},
		"1GiB":   {Bytes: 1 << 30},
		"512MB":  {Bytes: 512e6},
		"64 MiB": {Bytes: 64 << 20},
	} {
		got, err := ParseMemoryLimit(s)
		if err != nil || got != want {
			t.Errorf("%q: got %+v, %v; want %+v", s, got, err, want)
		}
	}
	for _, s := range []string{"300", "lots", "-1MiB", "1MiB", "MiB", "300mib", "99999999999GiB", "1.5GiB"} {
		if _, err := ParseMemoryLimit(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}

// A bad memory_limit is reported with its file, line and key, as every key.
func TestMemoryLimitErrorNamesKey(t *testing.T) {
	_, err := Load(strings.NewReader("[limits]\nmax_clients = 10\nmemory_limit = \"lots\"\n"), "g.toml")
	if err == nil || !strings.Contains(err.Error(), "g.toml:3") || !strings.Contains(err.Error(), "limits: memory_limit") {
		t.Fatalf("error %v: want g.toml:3 and limits: memory_limit", err)
	}
}

func FuzzParseMemoryLimit(f *testing.F) {
	for _, s := range []string{"auto", "off", "300MiB", "1GiB", "9223372036854775807B", "-0KB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMemoryLimit(s)
		if err == nil && !m.Auto && m.Bytes != 0 && m.Bytes < minMemoryLimit {
			t.Fatalf("%q gave %d bytes, below the minimum", s, m.Bytes)
		}
	})
}
