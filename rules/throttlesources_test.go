package rules

import (
	"slices"
	"strings"
	"testing"
)

func TestThrottleSourcesValidation(t *testing.T) {
	const srcs = "[[source]]\nname = \"ssh\"\npath = \"/var/log/auth.log\"\nformat = \"nginx_error\"\n" +
		"[[source]]\npath = \"/var/log/nginx/error.log\"\nformat = \"nginx_error\"\n"
	thr := func(list string) string {
		return srcs + "[[throttle]]\nid = \"x\"\nevent = \"auth_failure\"\nrequests = 4\nwindow = \"10m\"\nsources = [" + list + "]\n"
	}
	for _, tt := range []struct{ name, toml, want string }{
		{"unknown", thr(`"sshd"`), `no [[source]] is named "sshd"`},
		{"path of a named source", thr(`"/var/log/auth.log"`), `no [[source]] is named "/var/log/auth.log"`},
		{"twice", thr(`"ssh", "ssh"`), `"ssh" is listed twice`},
		{"empty", thr(`""`), "empty source name"},
	} {
		_, err := Load(strings.NewReader(tt.toml), "t.toml")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want it to mention %q", tt.name, err, tt.want)
		}
	}
	cfg, err := Load(strings.NewReader(thr(`"ssh", "/var/log/nginx/error.log"`)), "ok.toml")
	if err != nil {
		t.Fatalf("sources by name and by path: %v", err)
	}
	p, err := cfg.Compile(CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(p.Throttles, func(th Throttle) bool { return th.ID == "x" })
	if i < 0 || !slices.Equal(p.Throttles[i].Sources, []string{"ssh", "/var/log/nginx/error.log"}) {
		t.Errorf("compiled throttle: %+v", p.Throttles)
	}
	// A [[source.pattern]] label is a source name too.
	const labelled = "[[source]]\nname = \"mail\"\npath = \"/var/log/mail.log\"\nformat = \"app\"\n" +
		"[[source.pattern]]\nregex = 'imap failed from (?P<host>\\S+)'\nlabel = \"imap\"\n" +
		"[[throttle]]\nid = \"imap\"\nevent = \"auth_failure\"\nrequests = 4\nwindow = \"10m\"\nsources = [\"imap\"]\n"
	if _, err := Load(strings.NewReader(labelled), "label.toml"); err != nil {
		t.Errorf("a pattern label as a throttle source: %v", err)
	}
}
