package fail2ban

import (
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/rules"
)

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// A small configuration exercising what the stock one does not: jail.local
// and jail.d overrides, ignoreip, bantime.increment, a systemd backend,
// two jails on one log, an include, ignoreregex, and keys that cannot be
// converted.
func TestImportSmallTree(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"jail.conf": `
[INCLUDES]
before = paths.conf
[DEFAULT]
ignoreip = 127.0.0.1/8 ::1 trusted.example.org
bantime = 10m
findtime = 10m
maxretry = 5
backend = auto
bantime.increment = true
bantime.factor = 1
bantime.maxtime = 1w
bantime.rndtime = 5m
banaction = nftables
[web-auth]
enabled = true
logpath = %(web_log)s
filter = web-auth[mode=strict]
[web-scan]
enabled = true
logpath = %(web_log)s   ; the same file
maxretry = 3
findtime = 1h
[ssh]
enabled = false
backend = systemd
filter = ssh
`,
		"paths.conf":           "[DEFAULT]\nweb_log = /var/log/web/error.log\n",
		"jail.d/override.conf": "[web-auth]\nbantime = 2h\n",
		"jail.local":           "[ssh]\nenabled = true\ndestemail = me@example.org\nignoreip = 192.0.2.77 %(known/ignoreip)s\n",
		"filter.d/common.conf": "[DEFAULT]\n_prefix = \\[\\w+\\]\n",
		"filter.d/web-auth.conf": `
[INCLUDES]
before = common.conf
[Definition]
mode = normal
_strict = (?:bad token )?
failregex = ^ %(_prefix)s login failed for <F-USER>\S+</F-USER> from <HOST><mode-<mode>>$
mode-normal =
mode-strict = (?: again)?
ignoreregex = from 10\.
`,
		"filter.d/web-scan.conf": "[Definition]\nfailregex = ^ scan from <ADDR>\n             ^ (?P<x>a)(?P=x) <HOST>\n",
		"filter.d/ssh.conf":      "[Definition]\nfailregex = ^Failed password for \\S+ from <HOST>\njournalmatch = _SYSTEMD_UNIT=ssh.service + _COMM=sshd\n",
	})
	res, text, cfg, pol := importCompiled(t, dir)
	if len(res.Jails) != 3 {
		t.Fatalf("jails %d, want 3\n%s", len(res.Jails), text)
	}
	// ignoreip: addresses allowed, the host name reported.
	if !pol.Allow.Contains(netipMust("127.0.0.9")) || !pol.Allow.Contains(netipMust("::1")) {
		t.Errorf("ignoreip not in allow")
	}
	// A jail's own ignoreip spares it from that jail only.
	if pol.Allow.Contains(netipMust("192.0.2.77")) {
		t.Errorf("the ssh jail's own ignoreip is in the global allow list")
	}
	// bantime.increment: repeat bans double up to the maxtime.
	if pol.Escalation.Multiplier != 2 || pol.Escalation.MaxBan != 7*24*time.Hour {
		t.Errorf("escalation %+v", pol.Escalation)
	}
	thr := map[string]rules.Throttle{}
	for _, th := range pol.Throttles {
		thr[th.ID] = th
	}
	if th := thr["f2b-web-auth"]; th.Limit != 4 || th.Window != 40*time.Minute || th.Ban != 2*time.Hour || th.Event.String() != "auth_failure" {
		t.Errorf("f2b-web-auth %+v", th)
	}
	if th := thr["f2b-web-scan"]; th.Limit != 2 || th.Window != 2*time.Hour || th.Event.String() != "auth_failure" {
		t.Errorf("f2b-web-scan %+v", th)
	}
	if cfg.Limits.IdleTTL != 2*time.Hour {
		t.Errorf("idle_ttl %v, want the longest findtime", cfg.Limits.IdleTTL)
	}
	// One source for the shared log (both jails' patterns), one journal source.
	if len(cfg.Sources) != 2 {
		t.Fatalf("sources %d, want 2\n%s", len(cfg.Sources), text)
	}
	web, ssh := cfg.Sources[0], cfg.Sources[1]
	// Three patterns: web-scan's back-reference is approximated by its
	// group's pattern (and listed, below), not refused.
	if web.Path != "/var/log/web/error.log" || len(web.Patterns) != 3 || len(web.Ignore) != 1 {
		t.Errorf("web source %+v", web)
	} else if !strings.Contains(web.Patterns[2].Regex, "(?:a)(?:a)") {
		t.Errorf("back-reference not approximated by its group: %s", web.Patterns[2].Regex)
	}
	if !strings.Contains(web.Patterns[0].Regex, "(?: again)?") {
		t.Errorf("filter option mode=strict not applied: %s", web.Patterns[0].Regex)
	}
	if len(ssh.Patterns) == 0 || !slices.Contains(ssh.Patterns[0].IgnoreClients, "192.0.2.77") {
		t.Errorf("ssh patterns %+v: want the jail's ignoreip 192.0.2.77 in ignore_clients", ssh.Patterns)
	}
	if strings.Join(ssh.JournalMatches, " ") != "_SYSTEMD_UNIT=ssh.service + _COMM=sshd" {
		t.Errorf("ssh journal matches %q", ssh.JournalMatches)
	}
	// Every unconvertible thing is listed.
	for _, want := range []string{"trusted.example.org", "(?P=x)", "bantime.rndtime", "destemail", "actions"} {
		if !strings.Contains(text, want) {
			t.Errorf("notes do not mention %q:\n%s", want, text)
		}
	}
}

func TestParseTime(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"600": 10 * time.Minute, "10m": 10 * time.Minute, "1h 30m": 90 * time.Minute, "2d": 48 * time.Hour,
		"1w": 7 * 24 * time.Hour, "-1": -time.Second, "48h": 48 * time.Hour, "5minutes": 5 * time.Minute,
	} {
		if got, err := parseTime(in); err != nil || got != want {
			t.Errorf("parseTime(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := parseTime("soon"); err == nil {
		t.Errorf("parseTime(soon) gave no error")
	}
}

func netipMust(s string) netip.Addr { return netip.MustParseAddr(s) }

// bantime.increment with a factor and a maxtime shorter than bantime x
// factor converts into a policy that loads (it aborted: the escalation's
// ban was bantime x factor, longer than max_ban); the factor, which
// guardctl's doubling cannot express, and a jail's own bantime.* keys are
// listed, not dropped; dbpurgeage becomes offence_memory.
func TestImportIncrementFactor(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"jail.conf": `
[DEFAULT]
bantime = 1d
maxretry = 3
findtime = 10m
bantime.increment = true
bantime.factor = 10
bantime.maxtime = 5d
[web]
enabled = true
filter = web
logpath = /var/log/web.log
bantime.factor = 3
`,
		"fail2ban.local":    "[Definition]\ndbpurgeage = 3d\n",
		"filter.d/web.conf": "[Definition]\nfailregex = ^ login failed from <HOST>$\n",
	})
	_, text, _, pol := importCompiled(t, dir)
	if e := pol.Escalation; e.BaseBan != 24*time.Hour || e.MaxBan != 5*24*time.Hour || e.Multiplier != 2 || e.OffenceMemory != 3*24*time.Hour {
		t.Errorf("escalation %+v: want ban 1d, max_ban 5d, multiplier 2, offence memory 3d (dbpurgeage)", e)
	}
	for _, want := range []string{"bantime.factor 10", "jail web: bantime.factor 3"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q not listed:\n%s", want, text)
		}
	}
}

// importCompiled imports the fail2ban tree at dir and loads and compiles
// the policy it writes, which it returns as text and as loaded too.
func importCompiled(t *testing.T, dir string) (*Result, string, *rules.Config, *rules.Policy) {
	t.Helper()
	res, err := Import(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	text := res.Policy(dir)
	cfg, err := rules.Load(strings.NewReader(text), "imported.toml")
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	pol, err := cfg.Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return res, text, cfg, pol
}

func TestKindFor(t *testing.T) {
	for filter, want := range map[string]string{
		"apache-pass": "forbidden", "nginx-botsearch": "forbidden", "nginx-limit-req": "rate_limited",
		"sshd": "auth_failure", "vsftpd-password": "auth_failure", "postfix-sasl": "auth_failure",
	} {
		if got := kindFor(filter); got != want {
			t.Errorf("kindFor(%q) = %s, want %s", filter, got, want)
		}
	}
}
