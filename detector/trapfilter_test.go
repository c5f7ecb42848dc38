package detector

import (
	"testing"
	"time"

	"github.com/guardctl/guardctl/rules"
)

// TestTrapFilter: the filter in front of the traps (compile.go) passes
// every request a trap matches, percent-encoded ones included, and the
// engine bans exactly those.
func TestTrapFilter(t *testing.T) {
	t.Parallel()
	p := policy()
	p.Traps = []rules.PathMatch{{Exact: "/HNAP1"}, {Prefix: "/boaform/"}, {Prefix: "/+CSCOE+/"}}
	p.TrapBan = time.Hour
	for path, want := range map[string]bool{
		"/HNAP1": true, "/%48NAP1": true, "%2FHNAP1": true, "/boaform/admin": true, "/%2bCSCOE+/x": true,
		"/+CSCOE+/logon.html": true,
		"/":                   false, "": false, "/blog": false, "HNAP1": false, "/HNAP": false, "/boaform": false, "/b%6faform/": true,
		// nginx serves these as the trap's path (merge_slashes, dot
		// segments): review rr38 found them only watched.
		"//HNAP1": true, "/./HNAP1": true, "//boaform//admin": true, "/%2e/HNAP1": true, "/./boaform/../HNAP1": true,
		"/.well-known/HNAP1": false, "//": false, "/../": false, "//HNAP": false,
	} {
		e := New(p, Options{})
		v := observe(e, req{ip: "198.51.100.7", path: path})
		if got := v.Decision != nil; got != want {
			t.Errorf("%q: banned %v, want %v", path, got, want)
		}
		if f := &e.c.trapSet; want && !f.may([]byte(path)) {
			t.Errorf("%q: the filter rules out a trap", path)
		}
	}
	if f := newTrapFilter(p.Traps); f.all || f.may([]byte("/index.html")) || !f.may([]byte("/HNAP1")) {
		t.Fatalf("filter %+v", f)
	}
	for _, traps := range [][]rules.PathMatch{{{Prefix: "/"}}, {{Exact: "/x"}, {Prefix: ""}}, {{Exact: "/%41"}}} {
		if f := newTrapFilter(traps); !f.all {
			t.Errorf("traps %+v: filter %+v, want every request compared", traps, f)
		}
	}
}
