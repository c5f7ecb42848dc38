package cluster

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guardctl/guardctl/rules"
)

// syncBuffer is a log sink written from the client's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The client's own messages (here: it cannot dial) reach the slog
// handler, tagged, once however often the client repeats them.
func TestClientLogsGoToSlog(t *testing.T) {
	var buf syncBuffer
	RouteClientLogs(slog.New(slog.NewTextHandler(&buf, nil)))
	t.Cleanup(func() { RouteClientLogs(slog.Default()) })
	cfg, err := FromRules(rules.ClusterConfig{RedisURL: "unix://" + filepath.Join(t.TempDir(), "none.sock"), Node: "a"})
	if err != nil {
		t.Fatal(err)
	}
	rdb := cfg.Client()
	defer rdb.Close()
	for range 3 {
		if err := rdb.Ping(context.Background()).Err(); err == nil {
			t.Fatal("ping of a socket nobody listens on succeeded")
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(buf.String(), "failed to dial") {
		if time.Now().After(deadline) {
			t.Fatalf("no dial failure in the slog output: %q", buf.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	out := buf.String()
	if !strings.Contains(out, "component=redis-client") || !strings.Contains(out, "level=WARN") {
		t.Fatalf("client message not tagged: %q", out)
	}
	if n := strings.Count(out, "failed to dial"); n != 1 {
		t.Fatalf("the same failure passed %d times, want once: %q", n, out)
	}
}
