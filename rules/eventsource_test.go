package rules

import (
	"strings"
	"testing"
)

func TestEventSourceValidation(t *testing.T) {
	for _, tt := range []struct{ name, toml, want string }{
		{"app without pattern", "[[source]]\npath = \"/a\"\nformat = \"app\"\n", "needs at least one [[source.pattern]]"},
		{"pattern on nginx_error", "[[source]]\npath = \"/a\"\nformat = \"nginx_error\"\n[[source.pattern]]\nregex = 'x (?P<host>\\S+)'\n", "only applies with format = \"app\""},
		{"pattern without host", "[[source]]\npath = \"/a\"\nformat = \"app\"\n[[source.pattern]]\nregex = 'x (?P<ip>\\S+)'\n", "unknown group name \"ip\""},
		{"bad kind", "[[source]]\npath = \"/a\"\nformat = \"app\"\n[[source.pattern]]\nkind = \"auth_fail\"\nregex = 'x (?P<host>\\S+)'\n", "auth_fail"},
		{"ignore on combined", "[[source]]\npath = \"/a\"\nformat = \"combined\"\nignore = ['x']\n", "only applies with format = \"app\", \"nginx_error\" or \"apache_error\""},
		{"bad zone", "[[source]]\npath = \"/a\"\nformat = \"nginx_error\"\ntime_zone = \"Mars/Olympus\"\n", "unknown time zone"},
		{"layout on nginx_error", "[[source]]\npath = \"/a\"\nformat = \"nginx_error\"\ntime_layout = \"clf\"\n", "has its own timestamp"},
		{"journal with path", "[[source]]\npath = \"/a\"\njournal_units = [\"x.service\"]\n", "has no path"},
		{"bad match", "[[source]]\njournal_matches = [\"unit=x\"]\n", "is not a journal match"},
		{"duplicate name", "[[source]]\nname = \"a\"\npath = \"/a\"\n[[source]]\nname = \"a\"\npath = \"/b\"\n", "also named"},
		{"bad ignore_clients", "[[source]]\npath = \"/a\"\nformat = \"app\"\n[[source.pattern]]\nregex = 'x (?P<host>\\S+)'\nignore_clients = [\"10.0.0.1/8\"]\n", `t.toml:6: source[1] "/a".pattern[1]: ignore_clients[1]: 10.0.0.1/8 has host bits set`},
		{"throttle event", "[[throttle]]\nid = \"x\"\nevent = \"login\"\nrequests = 1\nwindow = \"1m\"\n", "event"},
	} {
		_, err := Load(strings.NewReader(tt.toml), "t.toml")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want it to mention %q", tt.name, err, tt.want)
		}
	}
	if _, err := Load(strings.NewReader("[[source]]\nname = \"j\"\njournal_units = [\"x.service\"]\njournal_matches = [\"_COMM=x\", \"+\", \"_PID=1\"]\nformat = \"app\"\n[[source.pattern]]\nregex = 'from (?P<client>\\S+)'\n"), "ok.toml"); err != nil {
		t.Errorf("a valid journal source: %v", err)
	}
}
