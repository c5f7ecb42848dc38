package cli

import (
	"context"
	"encoding/hex"
	"log/slog"
	"net/netip"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/admin"
	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/dryrun"
	"github.com/guardctl/guardctl/manualban"
	"github.com/guardctl/guardctl/protect"
	"github.com/guardctl/guardctl/state"
	"github.com/guardctl/guardctl/state/statetest"
)

// keylessDaemon answers as a daemon that cannot lift by key (one older
// than its CLI, or before daemon/service.go called manualban.LiftRequest):
// the raw keys of an unban are dropped, the keys of prefixes kept.
type keylessDaemon struct{ control.Service }

func (d keylessDaemon) Unban(ctx context.Context, req control.UnbanRequest) ([]control.BanInfo, error) {
	var keys []string
	for _, k := range req.Keys {
		if !manualban.IsRawKey(k) {
			keys = append(keys, k)
		}
	}
	req.Keys = keys
	if len(req.Keys)+len(req.Prefixes) == 0 && !req.All {
		return nil, nil
	}
	return d.Service.Unban(ctx, req)
}

// Review s12 item 4: through a daemon that cannot lift by key, `unban
// key:HEX` warned "no stored record has key HEX" while `guardctl list`
// showed that very record: the warning blamed the key. It now says the
// daemon did not lift it and how to remove it; a key no record has is
// still named as such.
func TestUnbanByKeyDaemonCannot(t *testing.T) {
	s := newAdminSetup(t)
	dir := filepath.Join(s.dir, "daemon-state")
	st, err := state.Open(dir, state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := st.PutBans([]state.Ban{{Prefix: netip.MustParsePrefix("203.0.113.7/32"), Reason: "rekeyed later", Start: now, Expires: now.Add(time.Hour), Offence: 1, Origin: state.OriginManual}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	bad := []byte("\x07not a prefix")
	statetest.Rekey(t, dir, "rekeyed later", bad)
	h := hex.EncodeToString(bad)
	if st, err = state.Open(dir, state.Options{}); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := firewall.DefaultConfig()
	cfg.Backend = firewall.BackendNone
	fw, err := dryrun.New(cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	chk, err := protect.New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	svc := keylessDaemon{admin.NewOffline(nil, nil, st, fw, chk, admin.Options{})}
	serveControl(t, s.socket, svc)

	r := s.run(t, "unban", "key:"+h)
	mustCode(t, r, exitOK)
	if strings.Contains(r.stderr, "no stored record has key") || !strings.Contains(r.stderr, "the running daemon did not lift the record with key "+h) ||
		!strings.Contains(r.stderr, "guardctl unban key:"+h) {
		t.Errorf("unban key:%s through a daemon that cannot lift by key: want a warning that names the daemon, not the key:\n%s", h, r)
	}
	r = s.run(t, "unban", "key:07aa")
	mustCode(t, r, exitOK)
	if !strings.Contains(r.stderr, "no stored record has key 07aa") {
		t.Errorf("unban of a key no record has, through the daemon:\n%s", r)
	}
}
