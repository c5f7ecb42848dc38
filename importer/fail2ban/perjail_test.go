package fail2ban

import (
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
	pol, err := cfg.Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	det := detector.New(pol, detector.Options{})
	procs := map[string]*pipeline.Processor{}
	for _, sc := range cfg.Sources {
		spec, err := logsource.Spec(sc)
		if err != nil {
			t.Fatal(err)
		}
		spec.Location = time.UTC
		p, err := parser.New(spec)
		if err != nil {
			t.Fatal(err)
		}
		procs[sc.Label()] = pipeline.NewProcessor(p, nil, det, pipeline.Window{})
		procs[sc.Label()].SetSource(sc.Label())
	}
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
