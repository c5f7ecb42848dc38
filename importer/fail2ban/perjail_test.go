package fail2ban

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/logsource"
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/pipeline"
	"github.com/guardctl/guardctl/rules"
)

// Two auth_failure jails (Debian's sshd and nginx-http-auth, imported from
// the stock configuration) count apart, as in fail2ban: four failures in
// each log ban nobody; the fifth in one log bans, by that jail's throttle.
func TestJailsCountApart(t *testing.T) {
	dir := stockDir(t)
	res, err := Import(Options{Dir: dir, Jails: []string{"sshd", "nginx-http-auth"}})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := rules.Load(strings.NewReader(res.Policy(dir)), "import.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Allow.IPs, cfg.Allow.Files = nil, nil // the test's client is a documentation address
	procs := sourceProcessors(t, cfg)
	ssh, web := procs["f2b-sshd"], procs["f2b-nginx-http-auth"]
	if ssh == nil || web == nil {
		t.Fatalf("sources %v, want f2b-sshd and f2b-nginx-http-auth", cfg.Sources)
	}
	const client = "203.0.113.5"
	judge := func(p *pipeline.Processor, line string) detector.Verdict {
		out, ev, v, reason := p.Process([]byte(line))
		if out != pipeline.Judged || ev.Client != netip.MustParseAddr(client) || ev.Kind != parser.KindAuthFailure {
			t.Fatalf("%q: outcome %v (%s), event %+v", line, out, reason, ev)
		}
		return v
	}
	sshLine := func(s int) string {
		return fmt.Sprintf("Dec  6 04:00:%02d host sshd[1]: Failed password for root from %s port 4242 ssh2", s, client)
	}
	webLine := func(s int) string {
		return fmt.Sprintf(`2026/12/06 04:00:%02d [error] 2865#0: *1 user "xyz": password mismatch, client: %s, server: x, request: "GET / HTTP/1.1", host: "x"`, s, client)
	}
	for i := range 4 {
		for _, v := range []detector.Verdict{judge(ssh, sshLine(2*i)), judge(web, webLine(2*i+1))} {
			if v.Decision != nil || len(v.Hits) > 0 {
				t.Fatalf("round %d: hits %v decision %v: the jails share a count", i+1, v.Hits, v.Decision)
			}
		}
	}
	v := judge(web, webLine(10))
	if v.Decision == nil {
		t.Fatalf("fifth nginx failure: no ban (hits %v)", v.Hits)
	}
	if got := v.Decision.Rules; len(got) != 1 || got[0] != "f2b-nginx-http-auth" {
		t.Errorf("ban rules %v, want [f2b-nginx-http-auth]", got)
	}
}

// Two jails of one kind on one log (one source: guardctl follows a file
// once) still count apart: each jail's patterns carry its own label.
func TestJailsOnOneLogCountApart(t *testing.T) {
	mk := func(name, word string) Jail {
		return Jail{Name: name, Kind: "auth_failure", MaxRetry: 5, FindTime: 10 * time.Minute, BanTime: 10 * time.Minute,
			LogPaths: []string{"/var/log/shared.log"}, Patterns: []Pattern{{Kind: "auth_failure", Regex: word + ` failed from (?P<host>\S+)$`}}}
	}
	res := &Result{Escalation: Escalation{BaseBan: 10 * time.Minute, Factor: 1, Multiplier: 1}, Jails: []Jail{mk("imap", "imap"), mk("smtp", "smtp")}}
	cfg, err := rules.Load(strings.NewReader(res.Policy("test")), "import.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Allow.IPs, cfg.Allow.Files = nil, nil
	pol, err := cfg.Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Sources) != 1 {
		t.Fatalf("%d sources, want the shared log once", len(cfg.Sources))
	}
	proc := sourceProcessor(t, cfg.Sources[0], detector.New(pol, detector.Options{}))
	judge := func(s int, word string) detector.Verdict {
		line := fmt.Sprintf("2026-12-06T04:00:%02dZ %s failed from 198.51.100.4", s, word)
		out, _, v, reason := proc.Process([]byte(line))
		if out != pipeline.Judged {
			t.Fatalf("%q: %v (%s)", line, out, reason)
		}
		return v
	}
	for i := range 4 {
		for j, w := range []string{"imap", "smtp"} {
			if v := judge(2*i+j, w); v.Decision != nil || len(v.Hits) > 0 {
				t.Fatalf("round %d %s: hits %v: the jails share a count", i+1, w, v.Hits)
			}
		}
	}
	v := judge(20, "smtp")
	if v.Decision == nil || len(v.Decision.Rules) != 1 || v.Decision.Rules[0] != "f2b-smtp" {
		t.Fatalf("fifth smtp failure: decision %+v, want a ban by f2b-smtp", v.Decision)
	}
}

// sourceProcessors compiles cfg and reads each of its sources as the
// daemon does, all judged by one detector (the jails share clients), by
// source label.
func sourceProcessors(t *testing.T, cfg *rules.Config) map[string]*pipeline.Processor {
	t.Helper()
	pol, err := cfg.Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	det := detector.New(pol, detector.Options{})
	procs := map[string]*pipeline.Processor{}
	for _, sc := range cfg.Sources {
		procs[sc.Label()] = sourceProcessor(t, sc, det)
	}
	return procs
}

// sourceProcessor reads lines as the daemon reads source sc (times in UTC),
// judging with det.
func sourceProcessor(t *testing.T, sc rules.SourceConfig, det *detector.Engine) *pipeline.Processor {
	t.Helper()
	spec, err := logsource.Spec(sc)
	if err != nil {
		t.Fatal(err)
	}
	spec.Location = time.UTC
	p, err := parser.New(spec)
	if err != nil {
		t.Fatal(err)
	}
	proc := pipeline.NewProcessor(p, nil, det, pipeline.Window{})
	proc.SetSource(sc.Label())
	return proc
}

// A jail's own ignoreip spares the client from that jail only (fail2ban's
// semantics), not from every rule as the global allow list would: the
// same client's failures in another jail's log still ban it.
func TestJailIgnoreIPSparesThatJailOnly(t *testing.T) {
	mk := func(name, word string, spare ...string) Jail {
		return Jail{Name: name, Kind: "auth_failure", MaxRetry: 5, FindTime: 10 * time.Minute, BanTime: 10 * time.Minute,
			LogPaths: []string{"/var/log/" + name + ".log"}, Spare: spare,
			Patterns: []Pattern{{Kind: "auth_failure", Regex: word + ` failed from (?P<host>\S+)$`}}}
	}
	const client = "198.51.100.4"
	res := &Result{Escalation: Escalation{BaseBan: 10 * time.Minute, Factor: 1, Multiplier: 1},
		Jails: []Jail{mk("imap", "imap", "198.51.100.0/24", "2001:db8::1"), mk("smtp", "smtp")}}
	text := res.Policy("test")
	if !strings.Contains(text, `ignore_clients = ['198.51.100.0/24', '2001:db8::1']`) {
		t.Fatalf("the imap jail's ignoreip is not its patterns' ignore_clients:\n%s", text)
	}
	cfg, err := rules.Load(strings.NewReader(text), "import.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range cfg.Allow.IPs {
		if strings.HasPrefix(a, "198.51.100.") || a == "2001:db8::1" {
			t.Fatalf("a jail's own ignoreip went into the global allow list: %v", cfg.Allow.IPs)
		}
	}
	procs := sourceProcessors(t, cfg)
	imap, smtp := procs["f2b-imap"], procs["f2b-smtp"]
	if imap == nil || smtp == nil {
		t.Fatalf("sources %v", cfg.Sources)
	}
	for i := range 10 {
		line := fmt.Sprintf("2026-12-06T04:00:%02dZ imap failed from %s", i, client)
		out, _, v, reason := imap.Process([]byte(line))
		if out != pipeline.Skipped || reason != parser.ReasonIgnored || v.Decision != nil {
			t.Fatalf("%q: outcome %v (%s), decision %v: want skipped as ignored", line, out, reason, v.Decision)
		}
	}
	// Another client of the same log still counts for the imap jail.
	var banned bool
	for i := range 5 {
		_, _, v, _ := imap.Process(fmt.Appendf(nil, "2026-12-06T04:01:%02dZ imap failed from 203.0.113.9", i))
		banned = banned || v.Decision != nil
	}
	if !banned {
		t.Errorf("five imap failures of an unspared client: no ban")
	}
	banned = false
	for i := range 5 {
		out, _, v, reason := smtp.Process(fmt.Appendf(nil, "2026-12-06T04:02:%02dZ smtp failed from %s", i, client))
		if out != pipeline.Judged {
			t.Fatalf("smtp line: %v (%s)", out, reason)
		}
		banned = banned || v.Decision != nil
	}
	if !banned {
		t.Errorf("five smtp failures of the client imap spares: no ban (the spare must not be global)")
	}
}

// A jail's ignoreregex on a filter with a prefregex is tested, as fail2ban
// tests it, against the prefregex's content too: "^Failed password for
// testuser" ignores sshd's lines for that user though the line starts with
// the syslog prefix (review finding: it was tested against the line only).
func TestIgnoreRegexOnContent(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"jail.conf":         "[DEFAULT]\nmaxretry = 3\nfindtime = 10m\nbantime = 10m\n[ssh]\nenabled = true\nfilter = ssh\nlogpath = /var/log/auth.log\nignoreregex = ^Failed password for testuser\\b\n",
		"filter.d/ssh.conf": "[Definition]\nprefregex = ^\\s*\\S+ sshd\\[\\d+\\]: <F-CONTENT>.+</F-CONTENT>$\nfailregex = ^Failed password for \\S+ from <HOST>\n",
	})
	res, err := Import(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := rules.Load(strings.NewReader(res.Policy(dir)), "import.toml")
	if err != nil {
		t.Fatal(err)
	}
	spec, err := logsource.Spec(cfg.Sources[0])
	if err != nil {
		t.Fatal(err)
	}
	p, err := parser.New(spec)
	if err != nil {
		t.Fatal(err)
	}
	for line, ignored := range map[string]bool{
		"Dec  6 04:00:00 host sshd[1]: Failed password for testuser from 198.18.0.5 port 22 ssh2":  true,
		"Dec  6 04:00:00 host sshd[1]: Failed password for testuser2 from 198.18.0.6 port 22 ssh2": false,
		"Dec  6 04:00:00 host sshd[1]: Failed password for root from 198.18.0.7 port 22 ssh2":      false,
	} {
		var ev parser.Event
		err := p.Parse([]byte(line), &ev)
		var le *parser.LineError
		got := errors.As(err, &le) && le.Reason == parser.ReasonIgnored
		if got != ignored || (!ignored && err != nil) {
			t.Errorf("%q: err %v, want ignored=%v", line, err, ignored)
		}
	}
}
