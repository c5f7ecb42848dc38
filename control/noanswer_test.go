package control

import (
	"context"
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"
)

// TestClientGivesUpOnDaemonThatDoesNotAnswer: a socket that accepts
// connections but answers nothing (a daemon stopped with SIGSTOP: the
// kernel still queues connections on its listening socket) ends a request
// with ErrNoAnswer after answerWait+probeWait, not after clientTimeout
// (2 min) with "context deadline exceeded" (operator audit: status, list,
// ban, unban and reload each hung 2 minutes).
func TestClientGivesUpOnDaemonThatDoesNotAnswer(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "g.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close() // never Accepts
	c := Dial(sock)
	c.answerWait, c.probeWait = 200*time.Millisecond, 200*time.Millisecond
	start := time.Now()
	_, err = c.Status(context.Background())
	if !errors.Is(err, ErrNoAnswer) || errors.Is(err, ErrNotRunning) {
		t.Fatalf("Status = %v, want ErrNoAnswer (and not ErrNotRunning: the CLI must not act on the store behind the daemon's back)", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("gave up after %s, want about answerWait+probeWait", took)
	}
}

// TestClientWaitsForBusyDaemon: a daemon that answers the probe is
// working on the request (a ban waiting for the queued bans) and is
// waited for, past several answerWaits.
func TestClientWaitsForBusyDaemon(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "g.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/status", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(time.Second)
		w.Write([]byte(`{"running":true,"pid":42}`))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	srv := &http.Server{Handler: mux}
	go srv.Serve(l)
	defer srv.Close()
	c := Dial(sock)
	c.answerWait, c.probeWait = 100*time.Millisecond, 500*time.Millisecond
	st, err := c.Status(context.Background())
	if err != nil || st.PID != 42 {
		t.Fatalf("Status = %+v, %v: want the busy daemon's answer", st, err)
	}
}
