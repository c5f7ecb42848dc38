package manualban_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guardctl/guardctl/admin"
	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/daemon"
	"github.com/guardctl/guardctl/firewall/backend"
	"github.com/guardctl/guardctl/manualban/manualbantest"
	"github.com/guardctl/guardctl/protect"
	"github.com/guardctl/guardctl/rules"
	"github.com/guardctl/guardctl/state"
)

// TestDaemonAndOfflineAgree runs the admin verbs' suite through a running
// daemon (over its control socket, as the CLI reaches it) and through the
// offline service (as the CLI calls it when no daemon answers), each on a
// real store and a kernel backend in a namespace, for both backends, and
// requires the two to have answered every request alike and left the
// kernel alike.
func TestDaemonAndOfflineAgree(t *testing.T) {
	for _, name := range []string{"nftables", "iptables"} {
		t.Run(name, func(t *testing.T) {
			var viaDaemon, offline []string
			t.Run("daemon", func(t *testing.T) { viaDaemon = manualbantest.Run(t, name, openDaemon) })
			t.Run("offline", func(t *testing.T) { offline = manualbantest.Run(t, name, openOffline) })
			if !t.Failed() {
				same(t, viaDaemon, offline)
			}
		})
	}
}

// same requires two transcripts to be equal, line by line.
func same(t *testing.T, viaDaemon, offline []string) {
	if len(viaDaemon) == 0 && len(offline) == 0 {
		return // both skipped, and said why
	}
	if len(viaDaemon) == 0 || len(offline) == 0 {
		t.Fatalf("a path ran no case (daemon %d lines, offline %d)", len(viaDaemon), len(offline))
	}
	for i := range max(len(viaDaemon), len(offline)) {
		var a, b string
		if i < len(viaDaemon) {
			a = viaDaemon[i]
		}
		if i < len(offline) {
			b = offline[i]
		}
		if a != b {
			t.Errorf("the paths differ:\n  daemon:  %s\n  offline: %s", a, b)
		}
	}
}

// openDaemon runs a daemon in-process on env, enforcing in env's namespace,
// and talks to it over its control socket.
func openDaemon(t *testing.T, env manualbantest.Env) (control.Service, func()) {
	ready := make(chan struct{})
	var once sync.Once
	d, err := daemon.New(daemon.Options{ConfigPath: env.Config, NetNS: env.NS.Path, Notify: func(s string) {
		if strings.Contains(s, "READY=1") {
			once.Do(func() { close(ready) })
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("daemon ended before it was ready: %v", err)
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("the daemon did not become ready")
	}
	c := control.Dial(env.Socket)
	return c, func() {
		c.Close()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("daemon: %v", err)
		}
	}
}

// openOffline opens what `guardctl ban` opens when no daemon answers.
func openOffline(t *testing.T, env manualbantest.Env) (control.Service, func()) {
	cfg, err := rules.LoadFile(env.Config)
	if err != nil {
		t.Fatal(err)
	}
	pol, err := cfg.Compile(rules.CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	st, err := state.Open(env.StateDir, state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fwCfg := daemon.FirewallConfig(cfg)
	fwCfg.NetNS = env.NS.Path
	fw, err := backend.New(context.Background(), fwCfg, slog.New(slog.DiscardHandler))
	if err != nil {
		st.Close()
		t.Fatal(err)
	}
	chk, err := protect.ForConfig(cfg, pol)
	if err != nil {
		t.Fatal(err)
	}
	return admin.NewOffline(cfg, pol, st, fw, chk, admin.Options{}), func() { fw.Close(); st.Close() }
}
