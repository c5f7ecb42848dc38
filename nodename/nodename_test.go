package nodename

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	good := []string{"web-1", "web1", "a", "1", "db.example.com", "node_2", "W.e-b_3", strings.Repeat("x", MaxLen)}
	for _, s := range good {
		if err := Check(s); err != nil {
			t.Errorf("Check(%q) = %v, want nil", s, err)
		}
	}
	// "web(2)" is the name the stream took and the config refused
	// (session 6); "(" and ")" would also break "(from NAME)".
	bad := []string{"", "web(2)", "web 2", "-web", ".web", "_web", "web/2", "web,2", "wéb", "web\n", "a)", strings.Repeat("x", MaxLen+1)}
	for _, s := range bad {
		if err := Check(s); err == nil {
			t.Errorf("Check(%q) = nil, want an error", s)
		}
	}
}

func TestFromHostname(t *testing.T) {
	if n, err := FromHostname("my host"); err != nil || n != "my-host" {
		t.Errorf("FromHostname(my host) = %q, %v", n, err)
	}
	if _, err := FromHostname("-bad"); err == nil || !strings.Contains(err.Error(), "set [cluster] node") {
		t.Errorf("FromHostname(-bad) = %v, want an error naming [cluster] node", err)
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"web-1", "web(2)", "", "-x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := Check(s)
		// A valid name never breaks the places it is written into.
		if err == nil && (strings.ContainsAny(s, " ()/,\t\r\n\"\\") || len(s) > MaxLen || s == "") {
			t.Fatalf("Check(%q) accepted a name that breaks a reason or a stream entry", s)
		}
	})
}
