//go:build linux

package daemon

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/internal/netnstest"
	"github.com/guardctl/guardctl/state"
)

// lockedBuf is a log sink the daemon's goroutines may share.
type lockedBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestStartSummarisesLengthenedTimeouts (review rev-enforce s14 item 3):
// c9779ca wrote one warning per element whose kernel timeout outlived its
// ended ban, so a restored ruleset with thousands of them flooded the log
// at start. Now one line says the count and names the first few; every
// element still leaves the kernel. 12 ended bans lengthened by hand, nft
// in a netns the test creates.
func TestStartSummarisesLengthenedTimeouts(t *testing.T) {
	t.Parallel()
	netnstest.Require(t, "nft")
	ns := netnstest.New(t)
	h := harnessOn(t, "nftables", "")
	h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour})
	ctx := context.Background()
	var ps []netip.Prefix
	for i := range 12 {
		p := netip.MustParsePrefix(fmt.Sprintf("203.0.113.%d/32", 10+i))
		ps = append(ps, p)
		if _, err := h.d.Ban(ctx, control.BanRequest{Prefix: p, Duration: time.Minute, Reason: "r"}); err != nil {
			t.Fatal(err)
		}
	}
	h.stop()
	s, err := state.Open(filepath.Join(h.dir, "state"), state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		b, ok, err := s.Ban(p)
		if err != nil || !ok {
			t.Fatal(p, ok, err)
		}
		b.Start, b.Expires = b.Start.Add(-2*time.Minute), b.Expires.Add(-2*time.Minute)
		if err := s.PutBans([]state.Ban{b}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	var els []string
	for _, p := range ps {
		els = append(els, p.Addr().String())
	}
	ns.Run(t, "nft", "flush", "set", "inet", "guardctl", "ban4")
	ns.Run(t, "nft", "add", "element", "inet", "guardctl", "ban4", "{ "+strings.Join(els, " timeout 2h, ")+" timeout 2h }")

	var logs lockedBuf
	h.start(Options{NetNS: ns.Path, HealthEvery: time.Hour, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	defer h.stop()
	k := kernelSet(t, openBackend(t, ns, "nftables"))
	for _, p := range ps {
		if _, ok := k[p]; ok {
			t.Errorf("%s still in the kernel after the start", p)
		}
	}
	var lines []string
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, "longer than") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 1 || !strings.Contains(lines[0], "count=12") || strings.Count(lines[0], "kernel left") != maxLengthenedExamples {
		t.Errorf("want one warning with count=12 and %d examples, got %d lines:\n%s", maxLengthenedExamples, len(lines), strings.Join(lines, "\n"))
	}
}
