package daemon

import (
	"log/slog"
	"testing"
	"time"

	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/rules"
)

// TestSourcesShareOnePatternMemo: every source is judged by d.det under
// d.mu, so they match through one pattern memo (~2 MB once made), not one
// each (rev-perf s11: 20 sources +45 MB heap); a reload and a source whose
// format is detected later keep it.
func TestSourcesShareOnePatternMemo(t *testing.T) {
	pol, err := rules.Default().Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d := &Daemon{log: slog.New(slog.DiscardHandler), det: detector.New(pol, detector.Options{}), now: time.Now}
	cfg := &rules.Config{Sources: []rules.SourceConfig{
		{Path: "/var/log/a.log", Format: "combined"},
		{Path: "/var/log/b.log", Format: "combined"},
		{Path: "/var/log/c.log", Format: "common"},
		{Path: "/var/log/d.log"}, // auto: its Processor comes with its first lines
	}}
	if err := d.buildSources(cfg, pol); err != nil {
		t.Fatal(err)
	}
	memo := d.sources[0].proc.Memo()
	for _, s := range d.sources[1:3] {
		if s.proc.Memo() != memo {
			t.Fatalf("source %s has a pattern memo of its own", s.cfg.Path)
		}
	}
	auto := d.sources[3]
	auto.held = [][]byte{[]byte(`203.0.113.7 - - [10/Oct/2024:13:55:36 +0000] "GET / HTTP/1.1" 200 153 "-" "curl/8.5.0"`)}
	d.detect(auto, time.Now())
	if auto.proc == nil || auto.proc.Memo() != memo {
		t.Fatal("a source whose format was detected later has a pattern memo of its own")
	}
	if err := d.buildSources(cfg, pol); err != nil {
		t.Fatal(err)
	}
	for _, s := range d.sources {
		if s.proc != nil && s.proc.Memo() != memo {
			t.Fatalf("after a reload source %s has another pattern memo", s.cfg.Path)
		}
	}
}
