package logsource

import (
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

func TestSpecAndFind(t *testing.T) {
	cfg, err := rules.Load(strings.NewReader(`
[[source]]
path = "/var/log/nginx/error.log"
format = "nginx_error"
time_zone = "UTC"
ignore = ['client: 10\.']

[[source]]
name = "gitea"
journal_units = ["gitea.service"]
format = "app"
[[source.pattern]]
kind = "auth_failure"
regex = 'from (?P<host>\S+)'
[[source.pattern]]
regex = 'bad (?P<client>\S+)'

[[source]]
name = "web-journal"
journal_matches = ["_SYSTEMD_UNIT=nginx.service"]
format = "combined"

[[source]]
path = "/var/log/app/*.json"
time_layout = "unix"
json_fields = { client = "ip" }
`), "t.toml")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Find(cfg, "/var/log/nginx/error.log")
	if err != nil {
		t.Fatal(err)
	}
	spec, err := Spec(sc)
	if err != nil || spec.Format != parser.FormatNginxError || spec.Location != time.UTC || len(spec.Ignore) != 1 {
		t.Fatalf("nginx: %+v %v", spec, err)
	}
	sc, _ = Find(cfg, "gitea")
	spec, err = Spec(sc)
	if err != nil || len(spec.Patterns) != 2 || spec.Patterns[1].Kind != parser.KindAuthFailure || spec.Location != time.Local {
		t.Fatalf("gitea: %+v %v", spec, err)
	}
	if _, err := parser.New(spec); err != nil {
		t.Fatal(err)
	}
	sc, _ = Find(cfg, "web-journal")
	if spec, _ = Spec(sc); !spec.Syslog {
		t.Errorf("a combined journal source must skip the journal header (Syslog)")
	}
	sc, _ = Find(cfg, "/var/log/app/*.json")
	if spec, _ = Spec(sc); spec.Format != "" {
		t.Errorf("auto source: format %q", spec.Format)
	}
	det := Detected(sc, parser.Spec{Format: parser.FormatJSON})
	if len(det.JSONFields.Client) != 1 || det.JSONFields.Client[0] != "ip" {
		t.Errorf("detected json: %+v", det.JSONFields)
	}
	if det := Detected(rules.SourceConfig{TimeLayout: "rfc3339"}, parser.Spec{Format: parser.FormatCombined}); det.TimeLayout != "" {
		t.Errorf("a time_layout on a source detected as combined must be dropped, got %q", det.TimeLayout)
	}
	if _, err := Find(cfg, "nope"); err == nil || !strings.Contains(err.Error(), "gitea") {
		t.Errorf("Find(nope) = %v; want the sources listed", err)
	}
}
