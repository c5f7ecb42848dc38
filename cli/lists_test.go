package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/guardctl/guardctl/enrich/geo/geotest"
)

// TestListsCLI: `lists update` downloads a feed into the state directory,
// `lists` shows every list with its entries and errors, and a failing
// download keeps the last good copy and exits 1.
func TestListsCLI(t *testing.T) {
	var body atomic.Pointer[string]
	good := "; DROP\n192.0.2.0/24 ; SBL1\n198.51.100.0/24 ; SBL2\n"
	body.Store(&good)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if b := *body.Load(); b == "500" {
			http.Error(w, "down", 500)
		} else {
			fmt.Fprint(w, b)
		}
	}))
	defer ts.Close()
	dir := t.TempDir()
	geotest.Write(t, filepath.Join(dir, "geo.mmdb"), geotest.MaxMind, []geotest.Net{{CIDR: "203.0.113.0/24", Country: "CN"}})
	os.WriteFile(filepath.Join(dir, "cidrs.txt"), []byte("198.18.0.0/15\n"), 0o644)
	policy := filepath.Join(dir, "guardctl.toml")
	os.WriteFile(policy, []byte(fmt.Sprintf(`
[deny]
ips = ["203.0.113.7", "203.0.113.8"]
[[feed]]
name = "drop"
url = %q
[[cloud]]
name = "office"
provider = "cidr"
file = "cidrs.txt"
[geo]
country_db = "geo.mmdb"
block_countries = ["CN"]
`, ts.URL+"/drop.txt?key=secret")), 0o644)
	state := filepath.Join(dir, "state")
	common := []string{"--config", policy, "--state-dir", state}

	r := guardctl(t, "", append([]string{"lists"}, common...)...)
	mustCode(t, r, exitOK)
	for _, want := range []string{"deny", "f_drop", "not downloaded yet", "c_office", "geo", "block_countries=CN"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("lists before update lacks %q:\n%s", want, r.stdout)
		}
	}

	r = guardctl(t, "", append([]string{"lists", "update"}, common...)...)
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stdout, "f_drop: updated, 2 entries") {
		t.Errorf("update output:\n%s", r)
	}

	r = guardctl(t, "", append([]string{"lists", "--json"}, common...)...)
	mustCode(t, r, exitOK)
	var st []struct {
		Name    string `json:"name"`
		Entries int    `json:"entries"`
		Error   string `json:"error"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	want := map[string]int{"deny": 2, "f_drop": 2, "c_office": 1, "geo": 1}
	for _, s := range st {
		if s.Entries != want[s.Name] || s.Error != "" {
			t.Errorf("list %+v, want %d entries and no error", s, want[s.Name])
		}
	}

	bad := "500"
	body.Store(&bad)
	r = guardctl(t, "", append([]string{"lists", "update", "drop"}, common...)...)
	mustCode(t, r, exitFailure)
	if !strings.Contains(r.stdout, "keeping the copy of") || strings.Contains(r.String(), "secret") {
		t.Errorf("failed update output:\n%s", r)
	}
	r = guardctl(t, "", append([]string{"lists"}, common...)...)
	if !strings.Contains(r.stdout, "500 Internal Server Error") {
		t.Errorf("lists does not show the last error:\n%s", r.stdout)
	}

	r = guardctl(t, "", append([]string{"lists", "update", "nosuch"}, common...)...)
	mustCode(t, r, exitUsage)
}
