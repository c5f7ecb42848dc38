package daemon

import (
	"bytes"
	"log/slog"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/state"
)

// reportJobs is one batch of n bans with reason, decided by node ("":
// this one).
func reportJobs(reason, node string, n int) []job {
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	bans := make([]state.Ban, n)
	for i := range bans {
		a := netip.AddrFrom4([4]byte{10, 0, byte(i >> 8), byte(i)})
		bans[i] = state.Ban{Prefix: netip.PrefixFrom(a, 32), Reason: reason, Rules: []string{reason},
			Start: start, Expires: start.Add(time.Hour), Offence: 1, Origin: state.OriginAuto, Node: node}
	}
	return []job{{batch: state.Batch{Put: bans}, enforced: start}}
}

// With the service log above info (the default warn of the bench, and of
// many installs), reporting a burst's durable bans must not build the
// per-ban "banned" line's arguments: they cost several allocations per ban
// on the path a 100k burst goes through (about 9 per ban before).
func TestReportBuildsNoLogLineWhenInfoIsOff(t *testing.T) {
	var out bytes.Buffer
	d := &Daemon{log: slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelWarn})), now: time.Now}
	jobs := reportJobs("trap", "", 100)
	allocs := testing.AllocsPerRun(20, func() { d.report(jobs) })
	// What is left per ban is the event's own text (prefix, duration):
	// the event log is written whatever the service log's level.
	if perBan := allocs / 100; perBan > 3 {
		t.Fatalf("report allocates %.1f per ban with info off, want <= 3 (the service-log line is built anyway?)", perBan)
	}
	if out.Len() != 0 {
		t.Fatalf("service log written at warn: %q", out.String())
	}
}

// Another node's bans are that node's decisions, logged there: a cluster
// burst is one service-log line per batch here, a local ban one per ban.
func TestReportLogsRemoteBansOncePerBatch(t *testing.T) {
	var out bytes.Buffer
	d := &Daemon{log: slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelInfo})), now: time.Now}
	d.report(reportJobs(remoteReason("trap", "web-1"), "web-1", 50))
	if got := strings.Count(out.String(), "\n"); got != 1 || !strings.Contains(out.String(), "bans=50") {
		t.Fatalf("remote bans: %d lines, want 1 with bans=50:\n%s", got, out.String())
	}
	out.Reset()
	d.report(reportJobs("trap", "", 3))
	if got := strings.Count(out.String(), "msg=banned "); got != 3 {
		t.Fatalf("local bans: %d banned lines, want 3:\n%s", got, out.String())
	}
	// One address printer: a host ban reads as the address, as in unban's
	// line and the CLI, not as 10.0.0.0/32.
	if !strings.Contains(out.String(), "client=10.0.0.0 ") || strings.Contains(out.String(), "/32") {
		t.Fatalf("banned line prints the client other than ipprefix.String:\n%s", out.String())
	}
}

// Whose ban it is goes by the stored node, not the reason's text: an
// admin's ban whose reason reads "(from abuse-desk)" gets its own line; a
// ban another node decided is counted in the batch's line whatever its
// reason says.
func TestReportGroupsRemoteBansByNode(t *testing.T) {
	var out bytes.Buffer
	d := &Daemon{log: slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelInfo})), now: time.Now}
	d.report(reportJobs("credential stuffing (from abuse-desk)", "", 2))
	if got := strings.Count(out.String(), "msg=banned "); got != 2 || strings.Contains(out.String(), "other cluster nodes") {
		t.Errorf("own bans with a from-like reason: %d banned lines, want 2 and no remote line:\n%s", got, out.String())
	}
	out.Reset()
	d.report(reportJobs("trap", "web-2", 3))
	if got := strings.Count(out.String(), "\n"); got != 1 || !strings.Contains(out.String(), "bans=3") {
		t.Errorf("remote bans without the reason's marker: %d lines, want 1 with bans=3:\n%s", got, out.String())
	}
}
