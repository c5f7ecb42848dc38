package daemon

import (
	"context"
	"errors"
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/state"
)

// TestBanPast2262IsAConfigError: `ban = "100000d"` passed check-config, the
// store refused the expiry and the committer retried for ever. It is now
// refused at load, with the key and the line.
func TestBanPast2262IsAConfigError(t *testing.T) {
	h := newHarness(t, "")
	h.writeConfig("")
	cfg := strings.Replace(readFile(t, h.cfgPath), `ban = "10m"`, `ban = "100000d"`, 1)
	writeFileT(t, h.cfgPath, cfg)
	_, err := New(Options{ConfigPath: h.cfgPath, Notify: func(string) {}})
	var ce *ConfigError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "traps") || !strings.Contains(err.Error(), "ban") ||
		!strings.Contains(err.Error(), ":7:") || !strings.Contains(err.Error(), "2262") {
		t.Fatalf("New with ban = 100000d: %v, want a config error naming traps.ban, its line and why", err)
	}
}

// TestPoisonBatchIsDroppedNotRetried: a record the store can never hold
// must not wedge the writer (and with it every later ban): it is dropped,
// counted in status, and the rest of its batch and the batches after it
// are written.
func TestPoisonBatchIsDroppedNotRetried(t *testing.T) {
	h := newHarness(t, "")
	h.start(Options{})
	now := time.Now()
	good := state.Ban{Prefix: netip.MustParsePrefix("192.0.2.7/32"), Reason: "good", Start: now, Expires: now.Add(time.Hour), Origin: state.OriginAuto, Offence: 1}
	bad := good
	bad.Prefix, bad.Reason = netip.MustParsePrefix("192.0.2.8/32"), "poison"
	bad.Expires = now.Add(100000 * 24 * time.Hour) // wraps past 2262
	h.d.mu.Lock()
	h.d.commits.push(job{batch: state.Batch{Put: []state.Ban{good, bad}}})
	h.d.mu.Unlock()
	eventually(t, 3*time.Second, "the valid ban of the poisoned batch stored", func() bool { _, ok := h.banned("192.0.2.7"); return ok })
	if _, ok := h.banned("192.0.2.8"); ok {
		t.Fatal("the poisoned ban was stored")
	}
	// Later bans still flow.
	h.append(clfLine("192.0.2.9", "/wp-login.php"))
	eventually(t, 3*time.Second, "a later ban stored", func() bool { _, ok := h.banned("192.0.2.9"); return ok })
	st, err := h.d.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Store == nil || st.Store.Poisoned != 1 || !strings.Contains(st.Store.LastPoisoned, "out of range") || !st.Store.Healthy {
		t.Errorf("status store = %+v, want 1 poisoned record, healthy", st.Store)
	}
}

func TestExpiryClampsToStore(t *testing.T) {
	now := time.Now()
	if got := expiry(now, 100000*24*time.Hour); !got.Equal(state.MaxTime()) {
		t.Errorf("expiry(100000d) = %s, want %s", got, state.MaxTime())
	}
	if got := expiry(now, time.Hour); !got.Equal(now.Add(time.Hour)) {
		t.Errorf("expiry(1h) = %s", got)
	}
}

func readFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFileT(t testing.TB, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLongBansNamed: bans longer than what ipset holds (24.8 days) are
// named at load, so the admin learns it then, not when the kernel drops
// an element early.
func TestLongBansNamed(t *testing.T) {
	h := newHarness(t, "\n[escalation]\nmax_ban = \"30d\"\n")
	cfg, pol, err := loadConfig(h.cfgPath)
	if err != nil || cfg == nil {
		t.Fatal(err)
	}
	long := longBans(pol, 2147483*time.Second)
	if len(long) != 1 || !strings.Contains(long[0], "escalation.max_ban = 30d") {
		t.Errorf("longBans = %v, want escalation.max_ban", long)
	}
	if long := longBans(pol, time.Duration(1<<62)); len(long) != 0 {
		t.Errorf("longBans without a kernel cap = %v", long)
	}
}
