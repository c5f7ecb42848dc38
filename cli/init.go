package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

// logCandidate is a place web servers write access logs on common
// distributions, with the format they write there by default.
type logCandidate struct {
	glob   string
	server string
	format string
	why    string
}

var logCandidates = []logCandidate{
	{"/var/log/nginx/access.log", "nginx", "combined", "nginx's default access log (log_format combined)"},
	{"/var/log/nginx/*.access.log", "nginx", "combined", "per-virtual-host nginx logs"},
	{"/var/log/apache2/access.log", "apache", "combined", "Debian's apache2 default host (combined)"},
	{"/var/log/apache2/other_vhosts_access.log", "apache", "vhost_combined", "Debian's apache2 virtual hosts (vhost_combined)"},
	{"/var/log/httpd/access_log", "apache", "combined", "Apache httpd on RHEL/Fedora (combined)"},
}

func initCommand() *cli.Command {
	return &cli.Command{
		Name:  "init",
		Usage: "write a starter config for the web server logs found on this host, explaining each choice",
		Description: "Looks for nginx and Apache access logs at their usual paths, checks the format of their\n" +
			"last lines, and prints a config to standard output (or --write FILE), with a comment on every choice.\n" +
			"Then: guardctl check-config FILE; guardctl analyze --config FILE <log> to see what it would ban.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "write", Aliases: []string{"w"}, Usage: "write the config to this file (e.g. " + defaultConfigPath + ") instead of standard output"},
			&cli.BoolFlag{Name: "force", Usage: "overwrite an existing --write file"},
			&cli.StringFlag{Name: "root", Usage: "look for logs under this directory instead of / (a chroot, a test)", Hidden: true},
		},
		Action: runInit,
	}
}

// foundLog is a log init will follow.
type foundLog struct {
	path, server, format, why, note string
}

func runInit(c *cli.Context) error {
	if c.NArg() > 0 {
		return usagef("init: unexpected argument %q", c.Args().First())
	}
	root := c.String("root")
	logs := findLogs(root)
	conf := starterConfig(logs)
	if _, err := rules.Load(strings.NewReader(conf), "generated config"); err != nil {
		return fmt.Errorf("init: the generated config does not load (a bug): %w", err)
	}
	errw := c.App.ErrWriter
	if len(logs) == 0 {
		fmt.Fprintln(errw, "guardctl init: no nginx or Apache access log found at the usual paths; edit the [[source]] in the config")
	}
	for _, l := range logs {
		fmt.Fprintf(errw, "found %s: %s, format %s%s\n", l.path, l.why, l.format, l.note)
	}
	path := c.String("write")
	if path == "" {
		_, err := io.WriteString(c.App.Writer, conf)
		return err
	}
	flag := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if c.Bool("force") {
		flag = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("init: %w", err)
	}
	f, err := os.OpenFile(path, flag, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return usagef("init: %s exists; --force overwrites it", path)
	}
	if err != nil {
		return fmt.Errorf("init: %w", err)
	}
	if _, err := io.WriteString(f, conf); err != nil {
		f.Close()
		return fmt.Errorf("init: write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("init: write %s: %w", path, err)
	}
	fmt.Fprintf(errw, "wrote %s; next: guardctl check-config %s\n", path, path)
	return nil
}

// findLogs returns the candidate logs present under root, with the format
// their recent lines are written in when that differs from the default.
func findLogs(root string) []foundLog {
	var out []foundLog
	seen := map[string]bool{}
	for _, cand := range logCandidates {
		matches, _ := filepath.Glob(filepath.Join(root, cand.glob))
		for _, m := range matches {
			st, err := os.Stat(m)
			if err != nil || !st.Mode().IsRegular() {
				continue
			}
			rel := "/" + strings.TrimPrefix(strings.TrimPrefix(m, root), "/")
			if seen[rel] {
				continue
			}
			seen[rel] = true
			l := foundLog{path: rel, server: cand.server, format: cand.format, why: cand.why}
			if got, n := sniffFormat(m); n > 0 && got != "" && got != cand.format {
				l.note = fmt.Sprintf(" (its last %d lines are %s, not the default %s)", n, got, cand.format)
				l.format = got
			} else if n > 0 {
				l.note = fmt.Sprintf(" (checked on its last %d lines)", n)
			} else {
				l.note = " (empty: the default format is assumed)"
			}
			out = append(out, l)
		}
	}
	return out
}

// sniffFormat detects the format of the last lines of a log (the current
// format, if the admin changed log_format some time ago).
func sniffFormat(path string) (string, int) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0
	}
	defer f.Close()
	const tail = 64 << 10
	if st, err := f.Stat(); err == nil && st.Size() > tail {
		_, _ = f.Seek(st.Size()-tail, io.SeekStart)
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	var lines [][]byte
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) > 0 {
			lines = append(lines, bytes.Clone(sc.Bytes()))
		}
	}
	if len(lines) > 1 {
		lines = lines[1:] // the first may be cut by the seek
	}
	if len(lines) > 100 {
		lines = lines[len(lines)-100:]
	}
	if len(lines) == 0 {
		return "", 0
	}
	spec, err := parser.Detect(lines)
	if err != nil {
		return "", len(lines)
	}
	return spec.Format, len(lines)
}

// starterConfig writes the config, every choice with its reason.
func starterConfig(logs []foundLog) string {
	var b strings.Builder
	b.WriteString(`# guardctl config written by "guardctl init". Every key not set here keeps
# the embedded default policy (throttles, attack patterns, escalation): see
# examples/guardctl.toml for all of them. Check it with
#   guardctl check-config THIS_FILE
# and see what it would ban on a log you have, without enforcing anything:
#   guardctl analyze --config THIS_FILE /var/log/nginx/access.log

# "enforce" bans in the kernel; "passive" decides and reports only. Start
# with passive for a day if you want to watch it before trusting it.
mode = "enforce"

# Loopback is never judged nor banned. Add your own addresses (office,
# monitoring) here or in a list file: files = ["/etc/guardctl/allow.txt"].
[allow]
ips = ["127.0.0.0/8", "::1"]

`)
	if len(logs) == 0 {
		b.WriteString(`# No access log was found at the usual nginx/Apache paths. Name yours:
[[source]]
path = "/var/log/nginx/access.log"
format = "combined"

`)
	}
	for _, l := range logs {
		fmt.Fprintf(&b, "# %s: %s.\n# format %q%s.\n", l.path, l.why, l.format, l.note)
		fmt.Fprintf(&b, "[[source]]\npath = %q\nformat = %q\n\n", l.path, l.format)
	}
	b.WriteString(`# nftables is the kernel backend of current distributions (Debian 11+,
# Ubuntu 22.04+, RHEL 9); "iptables" uses iptables with ipset sets. The
# bans live in sets whose elements expire on their own.
[firewall]
backend = "nftables"
`)
	return b.String()
}
