//go:build linux

// Package manualbantest holds what `guardctl ban` and `unban` must do
// whichever path carries them out, the daemon over its control socket or
// the offline service on the store and the kernel: one table of cases run
// through a path on a real store and a real kernel backend (nftables, or
// iptables with ipset) inside a network namespace the suite creates. Run returns a transcript of what
// the path answered and what the kernel held, so a test can also require
// two paths to have answered alike.
package manualbantest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guardctl/guardctl/control"
	"github.com/guardctl/guardctl/firewall"
	"github.com/guardctl/guardctl/firewall/backend"
	"github.com/guardctl/guardctl/internal/netnstest"
	"github.com/guardctl/guardctl/ipprefix"
	"github.com/guardctl/guardctl/protect"
	"github.com/guardctl/guardctl/state"
)

// Env is what a path works in, made by Run: a config file (its allow list,
// the backend, the state directory and socket below), a store seeded with an
// automatic ban and its offence history, and a namespace to enforce in.
type Env struct {
	Config   string
	StateDir string
	Socket   string
	NS       *netnstest.NS
	// EventLog is the config's [daemon] event_log.
	EventLog string
	// Firewall is the backend configuration of the config, in NS.
	Firewall firewall.Config
}

// Open starts a path in env. stop ends it and releases the store.
type Open func(t *testing.T, env Env) (svc control.Service, stop func())

// The seeded automatic ban: a fourth offence, 30 days, with three earlier
// offences in the history.
const (
	seeded        = "198.51.100.4"
	seededOffence = 4
	seededFor     = 30 * 24 * time.Hour
	allowed       = "192.0.2.0/24"
)

const config = `
[[source]]
path = %q

[allow]
ips = [%q]

[daemon]
state_dir = %q
socket = %q
event_log = %q

[firewall]
backend = %q
`

// sharedTable ends the config's [firewall] of a case that plays another
// writer (a stray element put in beside the daemon, a table left by a
// daemon that ran before): a daemon owning its table (a8585f5) refuses
// them.
const sharedTable = "shared_table = true\n"

// Tools are the commands each backend needs.
var Tools = map[string][]string{"nftables": {"nft"}, "iptables": {"iptables", "ipset"}}

// Run runs every case through the path open starts, on the backend named
// (nftables or iptables), and returns the transcript, one line per request
// and per kernel check.
//
// The cases run on the default configuration, a daemon owning its table
// (a8585f5), except those that put a stray element into the kernel beside
// it: they play another writer, which an owned table refuses, and run on a
// second store and namespace with shared_table (review s12 item 9: the
// whole suite ran shared, so the default went untested).
func Run(t *testing.T, backendName string, open Open) []string {
	var owned, shared []testCase
	for _, c := range cases() {
		if c.strays() {
			shared = append(shared, c)
		} else {
			owned = append(owned, c)
		}
	}
	transcript := runEnv(t, backendName, open, false, append(owned, unbanAll("")))
	if t.Failed() {
		return transcript
	}
	transcript = append(transcript, "shared_table = true")
	return append(transcript, runEnv(t, backendName, open, true, append(shared, unbanAll("203.0.113.161")))...)
}

// runEnv runs cases, the last of which lifts every ban, in a new Env
// (shared: with shared_table) seeded with the automatic ban.
func runEnv(t *testing.T, backendName string, open Open, shared bool, cases []testCase) []string {
	env := newEnv(t, backendName, shared)
	seed(t, env.StateDir)

	svc, stop := open(t, env)
	stopped := false
	defer func() {
		if !stopped {
			stop()
		}
	}()
	fw, err := backend.New(context.Background(), env.Firewall, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer fw.Close()

	r := &runner{t: t, svc: svc, fw: fw, ns: env.NS, table: env.Firewall.Table, backend: backendName}
	last := len(cases) - 1
	for _, c := range cases[:last] {
		t.Run(c.name, func(t *testing.T) {
			r.t = t
			r.run(c)
		})
	}
	// One own address, when the host has one: both paths must protect it.
	if own, ok := ownAddress(); ok && !shared {
		r.t = t
		r.run(testCase{name: "own address", steps: []step{
			{ban: &control.BanRequest{Prefix: netip.PrefixFrom(own, own.BitLen()), Duration: time.Hour}, err: control.ErrProtected, msg: "is protected (host address"},
		}})
	}
	// Last: it lifts everything the cases above left.
	r.t = t
	r.run(cases[last])
	stop()
	stopped = true
	checkForgotten(t, env.StateDir)
	r.checkEvents(env.EventLog)
	return r.transcript
}

// NewEnv makes what a path works in, on the backend named (nftables or
// iptables): a config, an empty state directory and a namespace; it skips
// (or fails in CI) when the backend's tools are missing.
func NewEnv(t *testing.T, backendName string) Env {
	return newEnv(t, backendName, false)
}

// NewSharedEnv is NewEnv with shared_table = true: for a test that plays
// another writer of the daemon's table (an element added by hand, a table
// left by a daemon that ran before), which a daemon owning its table
// refuses.
func NewSharedEnv(t *testing.T, backendName string) Env {
	return newEnv(t, backendName, true)
}

func newEnv(t *testing.T, backendName string, shared bool) Env {
	netnstest.Require(t, Tools[backendName]...)
	dir := t.TempDir()
	env := Env{Config: filepath.Join(dir, "guardctl.toml"), StateDir: filepath.Join(dir, "state"), Socket: filepath.Join(dir, "g.sock"),
		EventLog: filepath.Join(dir, "events.jsonl"), NS: netnstest.New(t)}
	logPath := filepath.Join(dir, "access.log")
	if err := os.WriteFile(logPath, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf(config, logPath, allowed, env.StateDir, env.Socket, env.EventLog, backendName)
	if shared {
		cfg += sharedTable
	}
	if err := os.WriteFile(env.Config, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	env.Firewall = firewall.DefaultConfig()
	env.Firewall.Backend = backendName
	env.Firewall.NetNS = env.NS.Path
	return env
}

// seed stores what a daemon that ran before left: an automatic ban on its
// fourth offence and the three offences before it.
func seed(t *testing.T, dir string) {
	st, err := state.Open(dir, state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now()
	key := netip.MustParsePrefix(seeded + "/32")
	b := state.Batch{Put: []state.Ban{{Prefix: key, Reason: "trap:/wp-login.php", Rules: []string{"trap:/wp-login.php"}, Start: now,
		Expires: now.Add(seededFor), Offence: seededOffence, Origin: state.OriginAuto}}}
	for i := range seededOffence {
		b.Offences = append(b.Offences, state.Offence{Key: key, At: now.Add(-time.Duration(seededOffence-i) * time.Hour), Rule: "trap"})
	}
	if _, err := st.Write(b); err != nil {
		t.Fatal(err)
	}
}

// checkForgotten: the unban of the seeded client forgot its offence
// history, so its next automatic ban is a first offence again.
func checkForgotten(t *testing.T, dir string) {
	st, err := state.Open(dir, state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n, err := st.OffenceCount(netip.MustParsePrefix(seeded+"/32"), time.Now(), 365*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("after unban %s the store still counts %d offences; an unban forgets the client's history", seeded, n)
	}
}

func ownAddress() (netip.Addr, bool) {
	addrs, err := protect.InterfaceAddrs()
	if err != nil {
		return netip.Addr{}, false
	}
	for _, a := range addrs {
		ip := a.Addr.Unmap()
		if !ip.IsLoopback() && !ip.IsLinkLocalUnicast() && !netip.MustParsePrefix(allowed).Contains(ip) {
			return ip, true
		}
	}
	return netip.Addr{}, false
}

// testCase is a few requests and what the kernel holds of watch after.
type testCase struct {
	name  string
	steps []step
	watch netip.Prefix
	// everything: the kernel and list checks look at every ban, not
	// only inside watch.
	everything bool
	// kernel is what the kernel holds inside watch afterwards: prefix
	// and timeout (0: permanent).
	kernel map[string]time.Duration
}

// step is one request and what it must answer.
type step struct {
	ban   *control.BanRequest
	unban *control.UnbanRequest
	err   error  // nil, control.ErrInvalid or control.ErrProtected
	msg   string // part of the error text
	// want are the bans answered: the one banned, or those lifted, by
	// prefix.
	want []ban
	// anyWant: the answer is not checked here (unban --all lifts what
	// the cases before left), only compared between the paths.
	anyWant bool
	// stray is put into the kernel behind the store's back (nft or
	// ipset, as drift or a reset store would leave it), before the
	// request, for an hour.
	stray string
	// strayInterval puts the stray into nftables' interval set bannet4
	// (a one-address range, as an older guardctl or an operator may);
	// ipset has one set per family.
	strayInterval bool
}

// ban is an answered BanInfo, its expiry relative to the request (0:
// permanent).
type ban struct {
	prefix, reason, origin string
	offence                int
	expires                time.Duration
}

func (b ban) String() string {
	exp := "permanent"
	if b.expires != 0 {
		exp = "for " + b.expires.String()
	}
	return fmt.Sprintf("{%s %s, reason %q, offence %d, %s}", b.prefix, b.origin, b.reason, b.offence, exp)
}

func pfx(s string) netip.Prefix {
	if !strings.Contains(s, "/") {
		a := netip.MustParseAddr(s)
		return netip.PrefixFrom(a, a.BitLen())
	}
	return netip.MustParsePrefix(s)
}

func banReq(p string, d time.Duration) *control.BanRequest {
	return &control.BanRequest{Prefix: pfx(p), Duration: d}
}

func unbanReq(ps ...string) *control.UnbanRequest {
	r := &control.UnbanRequest{}
	for _, p := range ps {
		r.Prefixes = append(r.Prefixes, pfx(p))
	}
	return r
}

// kernelOnly is an answered kernel element the store did not know,
// removed by an unban.
func kernelOnly(p string, d time.Duration) ban {
	return ban{prefix: p, reason: "not in the store", origin: "unknown", expires: d}
}

func manual(p string, offence int, d time.Duration) ban {
	return ban{prefix: p, reason: "manual", origin: "manual", offence: offence, expires: d}
}

const hour = time.Hour

func cases() []testCase {
	forced := func(p string) *control.BanRequest { r := banReq(p, hour); r.Force = true; return r }
	return []testCase{
		{name: "host bits are refused, naming both forms", watch: pfx("203.0.113.0/24"), steps: []step{
			{ban: banReq("203.0.113.7/24", hour), err: control.ErrInvalid,
				msg: "203.0.113.7/24 has host bits set; did you mean 203.0.113.0/24 (the network) or 203.0.113.7 (the address)?"},
			{unban: unbanReq("203.0.113.7/24"), err: control.ErrInvalid, msg: "did you mean 203.0.113.0/24"},
			{ban: banReq("2001:db8::1/64", hour), err: control.ErrInvalid, msg: "did you mean 2001:db8::/64"},
		}},
		{name: "IPv4-mapped IPv6 is the IPv4 client", watch: pfx("203.0.113.0/24"), steps: []step{
			{ban: banReq("::ffff:203.0.113.8", hour), want: []ban{manual("203.0.113.8", 1, hour)}},
			{ban: banReq("::ffff:203.0.113.16/124", hour), want: []ban{manual("203.0.113.16/28", 1, hour)}},
			{ban: banReq("::ffff:0:0/95", hour), err: control.ErrInvalid, msg: "IPv4-mapped network wider than /96"},
			{unban: unbanReq("::ffff:203.0.113.0/120"), want: []ban{manual("203.0.113.8", 1, hour), manual("203.0.113.16/28", 1, hour)}},
		}, kernel: map[string]time.Duration{}},
		{name: "/0 is refused", steps: []step{
			{ban: banReq("0.0.0.0/0", hour), err: control.ErrInvalid, msg: "0.0.0.0/0 matches every address"},
			{ban: banReq("::/0", hour), err: control.ErrInvalid, msg: "::/0 matches every address"},
			{unban: unbanReq("0.0.0.0/0"), err: control.ErrInvalid, msg: "matches every address"},
		}},
		{name: "never a client, even with force", steps: []step{
			{ban: forced("0.0.0.0"), err: control.ErrInvalid, msg: "0.0.0.0 is unspecified"},
			{ban: forced("255.255.255.255"), err: control.ErrInvalid, msg: "255.255.255.255 is broadcast"},
			{ban: forced("224.0.0.1"), err: control.ErrInvalid, msg: "224.0.0.1 is multicast"},
			{ban: forced("ff02::1"), err: control.ErrInvalid, msg: "ff02::1 is multicast"},
		}},
		{name: "loopback and link-local are protected", watch: pfx("127.0.0.0/8"), steps: []step{
			{ban: banReq("127.0.0.1", hour), err: control.ErrProtected, msg: "127.0.0.1 is inside 127.0.0.0/8 (loopback)"},
			{ban: banReq("::1", hour), err: control.ErrProtected, msg: "::1 is protected (loopback)"},
			{ban: banReq("169.254.169.254", hour), err: control.ErrProtected, msg: "(link-local)"},
		}, kernel: map[string]time.Duration{}},
		{name: "the allow list is protected unless forced", watch: pfx("192.0.2.0/23"), steps: []step{
			{ban: banReq("192.0.2.5", hour), err: control.ErrProtected, msg: "192.0.2.5 is inside 192.0.2.0/24 (allow list)"},
			{ban: banReq("192.0.2.0/23", hour), err: control.ErrProtected, msg: "192.0.2.0/23 covers 192.0.2.0/24 (allow list)"},
			{ban: forced("192.0.2.5"), want: []ban{manual("192.0.2.5", 1, hour)}},
			{unban: unbanReq("192.0.2.5"), want: []ban{manual("192.0.2.5", 1, hour)}},
		}, kernel: map[string]time.Duration{}},
		{name: "a duplicate ban is one ban", watch: pfx("203.0.113.20/32"), steps: []step{
			{ban: banReq("203.0.113.20", hour), want: []ban{manual("203.0.113.20", 1, hour)}},
			{ban: banReq("203.0.113.20", hour), want: []ban{manual("203.0.113.20", 1, hour)}},
		}, kernel: map[string]time.Duration{"203.0.113.20": hour}},
		{name: "a longer re-ban extends", watch: pfx("203.0.113.21/32"), steps: []step{
			{ban: banReq("203.0.113.21", hour), want: []ban{manual("203.0.113.21", 1, hour)}},
			{ban: banReq("203.0.113.21", 3*hour), want: []ban{manual("203.0.113.21", 1, 3*hour)}},
		}, kernel: map[string]time.Duration{"203.0.113.21": 3 * hour}},
		{name: "a shorter re-ban never shortens", watch: pfx("203.0.113.22/31"), steps: []step{
			{ban: banReq("203.0.113.22", 3*hour), want: []ban{manual("203.0.113.22", 1, 3*hour)}},
			{ban: banReq("203.0.113.22", hour), want: []ban{manual("203.0.113.22", 1, 3*hour)}},
			{ban: banReq("203.0.113.23", 0), want: []ban{manual("203.0.113.23", 1, 0)}},
			{ban: banReq("203.0.113.23", hour), want: []ban{manual("203.0.113.23", 1, 0)}},
		}, kernel: map[string]time.Duration{"203.0.113.22": 3 * hour, "203.0.113.23": 0}},
		{name: "a manual ban keeps the offence history", watch: pfx(seeded), steps: []step{
			{ban: &control.BanRequest{Prefix: pfx(seeded), Duration: hour, Reason: "seen by hand"},
				want: []ban{{prefix: seeded, reason: "seen by hand", origin: "manual", offence: seededOffence, expires: seededFor}}},
			{unban: unbanReq(seeded), want: []ban{{prefix: seeded, reason: "seen by hand", origin: "manual", offence: seededOffence, expires: seededFor}}},
			{ban: banReq(seeded, hour), want: []ban{manual(seeded, 1, hour)}},
			{unban: unbanReq(seeded), want: []ban{manual(seeded, 1, hour)}},
		}, kernel: map[string]time.Duration{}},
		{name: "unban of a network lifts the bans inside it", watch: pfx("203.0.113.32/27"), steps: []step{
			{ban: banReq("203.0.113.40", hour), want: []ban{manual("203.0.113.40", 1, hour)}},
			{ban: banReq("203.0.113.48/28", 2*hour), want: []ban{manual("203.0.113.48/28", 1, 2*hour)}},
			{ban: banReq("203.0.113.33", hour), want: []ban{manual("203.0.113.33", 1, hour)}},
			{unban: unbanReq("203.0.113.40/29", "203.0.113.32/28"), want: []ban{manual("203.0.113.33", 1, hour), manual("203.0.113.40", 1, hour)}},
		}, kernel: map[string]time.Duration{"203.0.113.48/28": 2 * hour}},
		{name: "unban of a network and a ban inside it lifts it once", watch: pfx("203.0.113.64/27"), steps: []step{
			{ban: banReq("203.0.113.65", hour), want: []ban{manual("203.0.113.65", 1, hour)}},
			{unban: unbanReq("203.0.113.64/27", "203.0.113.65"), want: []ban{manual("203.0.113.65", 1, hour)}},
		}, kernel: map[string]time.Duration{}},
		{name: "unban of an address no ban holds lifts nothing", watch: pfx("198.51.100.0/24"), steps: []step{
			{unban: unbanReq("198.51.100.200")},
			{unban: unbanReq("2001:db8:1::/48")},
		}, kernel: map[string]time.Duration{}},
		{name: "unban removes and reports a kernel element the store does not know", watch: pfx("203.0.113.144/28"), steps: []step{
			{ban: banReq("203.0.113.145", hour), want: []ban{manual("203.0.113.145", 1, hour)}},
			{stray: "203.0.113.150", unban: unbanReq("203.0.113.144/28"), want: []ban{manual("203.0.113.145", 1, hour), kernelOnly("203.0.113.150", hour)}},
			{stray: "203.0.113.151", unban: unbanReq("203.0.113.151"), want: []ban{kernelOnly("203.0.113.151", hour)}},
			// Reported lifted and left blocking before 607e985.
			{stray: "203.0.113.152", strayInterval: true, unban: unbanReq("203.0.113.152"), want: []ban{kernelOnly("203.0.113.152", hour)}},
			{stray: "203.0.113.157", strayInterval: true, unban: unbanReq("203.0.113.156/30"), want: []ban{kernelOnly("203.0.113.157", hour)}},
		}, kernel: map[string]time.Duration{}},
		{name: "an unban names what it lifts", steps: []step{
			{unban: &control.UnbanRequest{}, err: control.ErrInvalid, msg: "no prefix given"},
			{unban: &control.UnbanRequest{All: true, Prefixes: []netip.Prefix{pfx("203.0.113.1")}}, err: control.ErrInvalid, msg: "not both"},
		}},
		{name: "a ban longer than the kernel holds is stored whole", watch: pfx("203.0.113.130/32"), steps: []step{
			{ban: banReq("203.0.113.130", 30*24*hour), want: []ban{manual("203.0.113.130", 1, 30*24*hour)}},
		}, kernel: map[string]time.Duration{"203.0.113.130": 30 * 24 * hour}}, // ipset: capped at 24.8 days
		{name: "bad durations are refused", watch: pfx("203.0.113.96/27"), steps: []step{
			{ban: banReq("203.0.113.96", -time.Second), err: control.ErrInvalid, msg: "negative duration -1s"},
			{ban: banReq("203.0.113.97", 250*365*24*hour), err: control.ErrInvalid, msg: "the latest time the store holds; use a permanent ban"},
			{ban: &control.BanRequest{Prefix: pfx("203.0.113.98"), Duration: hour, Reason: strings.Repeat("x", 5000)}, err: control.ErrInvalid, msg: "203.0.113.98"},
			{ban: banReq("203.0.113.99", 0), want: []ban{manual("203.0.113.99", 1, 0)}},
		}, kernel: map[string]time.Duration{"203.0.113.99": 0}},
	}
}

// unbanAll: unban --all empties the kernel's sets and the list, bans
// the store does not know included.
// stray, when given, is put into the kernel before.
func unbanAll(stray string) testCase {
	return testCase{name: "unban --all empties the kernel and the list", everything: true, steps: []step{
		{ban: banReq("2001:db8:5::/48", hour), want: []ban{manual("2001:db8:5::/48", 1, hour)}},
		{ban: banReq("203.0.113.160", 0), want: []ban{manual("203.0.113.160", 1, 0)}},
		{stray: stray, unban: &control.UnbanRequest{All: true}, anyWant: true},
	}, kernel: map[string]time.Duration{}}
}

// strays reports whether c puts an element into the kernel behind the
// store's back.
func (c testCase) strays() bool {
	return slices.ContainsFunc(c.steps, func(s step) bool { return s.stray != "" })
}

type runner struct {
	t          *testing.T
	svc        control.Service
	fw         firewall.Backend
	ns         *netnstest.NS
	table      string
	backend    string
	transcript []string
	// bans and unbans count the event log lines the requests must have
	// written: a line per ban answered, per stored ban lifted.
	bans, unbans int
}

// insertStray puts addr into the kernel's ban set for an hour, as an
// admin's nft or ipset command would, without the store knowing.
func (r *runner) insertStray(addr string, interval bool) {
	r.t.Helper()
	if r.backend == "iptables" {
		r.ns.Run(r.t, "ipset", "add", r.table+"-ban4", addr, "timeout", "3600")
		return
	}
	set := "ban4"
	if interval {
		set = "bannet4"
	}
	r.ns.Run(r.t, "nft", "add", "element", "inet", r.table, set, "{ "+addr+" timeout 1h }")
}

// scope names the bans c looks at, for messages.
func (c testCase) scope() string {
	if c.everything {
		return "everywhere"
	}
	return "inside " + c.watch.String()
}

// inside reports whether p is one of the bans c looks at.
func (c testCase) inside(p netip.Prefix) bool {
	return c.everything || c.watch.IsValid() && c.watch.Bits() <= p.Bits() && c.watch.Contains(p.Addr())
}

// checkEvents: every ban answered and every stored ban lifted wrote its
// line to the event log (docs/daemon.md), whichever path made it; the
// lines, without their times, join the transcript so that the two paths
// must have written the same ones.
func (r *runner) checkEvents(path string) {
	t := r.t
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("event log: %v", err)
	}
	var bans, unbans int
	for line := range strings.Lines(string(data)) {
		var e map[string]any
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("event log line %q: %v", line, err)
		}
		if _, err := time.Parse(time.RFC3339Nano, fmt.Sprint(e["ts"])); err != nil {
			t.Errorf("event log line %q: ts: %v", line, err)
		}
		delete(e, "ts")
		if d, ok := e["duration"].(string); ok && d != "permanent" {
			dd, err := time.ParseDuration(d)
			if err != nil {
				t.Errorf("event log line %q: duration: %v", line, err)
			}
			e["duration"] = dd.Round(time.Minute).String()
		}
		switch e["action"] {
		case "ban":
			bans++
		case "unban":
			unbans++
		}
		b, _ := json.Marshal(e) // sorted keys
		r.say("event %s", b)
	}
	if bans != r.bans || unbans != r.unbans {
		t.Errorf("the event log holds %d ban and %d unban lines, want %d and %d (one per ban answered and per stored ban lifted):\n%s",
			bans, unbans, r.bans, r.unbans, data)
	}
}

func (r *runner) say(format string, args ...any) {
	r.transcript = append(r.transcript, fmt.Sprintf(format, args...))
}

func (r *runner) run(c testCase) {
	ctx := context.Background()
	r.say("case %s", c.name)
	for _, s := range c.steps {
		now := time.Now()
		var (
			got  []control.BanInfo
			err  error
			verb string
		)
		if s.ban != nil {
			verb = fmt.Sprintf("ban %s for %s force=%v", s.ban.Prefix, s.ban.Duration, s.ban.Force)
			var info control.BanInfo
			if info, err = r.svc.Ban(ctx, *s.ban); err == nil {
				got = []control.BanInfo{info}
			}
		} else {
			if s.stray != "" {
				r.insertStray(s.stray, s.strayInterval)
			}
			verb = fmt.Sprintf("unban %v all=%v", s.unban.Prefixes, s.unban.All)
			got, err = r.svc.Unban(ctx, *s.unban)
		}
		for _, g := range got {
			switch {
			case err != nil:
			case s.ban != nil:
				r.bans++
			case g.Origin != "unknown":
				r.unbans++
			}
		}
		r.check(verb, s, now, got, err)
	}
	if c.kernel != nil {
		r.checkKernel(ctx, c)
		r.checkList(ctx, c)
	}
}

// checkList: `guardctl list` shows inside watch what the kernel holds,
// each marked as in the kernel.
func (r *runner) checkList(ctx context.Context, c testCase) {
	t := r.t
	bans, err := r.svc.List(ctx)
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	var got []string
	for _, b := range bans {
		p, err := ipprefix.Parse(b.Prefix)
		if err != nil {
			t.Errorf("list shows %q, which does not read back: %v", b.Prefix, err)
			continue
		}
		if c.inside(p) {
			if !b.InKernel {
				t.Errorf("list shows %+v not in the kernel", b)
			}
			got = append(got, b.Prefix)
		}
	}
	slices.Sort(got)
	var want []string
	for p := range c.kernel {
		want = append(want, p)
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("list %s shows %v, want %v", c.scope(), got, want)
	}
	r.say("list %s: %v", c.scope(), got)
}

func (r *runner) check(verb string, s step, now time.Time, got []control.BanInfo, err error) {
	t := r.t
	t.Helper()
	switch {
	case s.err == nil && err != nil:
		t.Errorf("%s: %v", verb, err)
	case s.err != nil && !errors.Is(err, s.err):
		t.Errorf("%s = %v, want %v", verb, err, s.err)
	case s.err != nil && !strings.Contains(err.Error(), s.msg):
		t.Errorf("%s = %q, want it to say %q", verb, err, s.msg)
	}
	// A refusal for a protected address says what is protected in a field
	// of its own, through the socket as well, so that the CLI can phrase
	// it without cutting error text.
	var pe *control.ProtectedError
	if errors.Is(s.err, control.ErrProtected) && (!errors.As(err, &pe) || !strings.Contains(pe.Detail, s.msg)) {
		t.Errorf("%s = %v, want a *control.ProtectedError whose detail says %q", verb, err, s.msg)
	}
	if err != nil {
		r.say("%s: error %q", verb, err)
		return
	}
	slices.SortFunc(got, func(a, b control.BanInfo) int { return strings.Compare(a.Prefix, b.Prefix) })
	var shown []string
	for _, g := range got {
		x := ban{prefix: g.Prefix, reason: g.Reason, origin: g.Origin, offence: g.Offence}
		if !g.Expires.IsZero() {
			x.expires = g.Expires.Sub(now).Round(time.Minute)
		}
		if s.ban != nil && !g.InKernel {
			t.Errorf("%s: answered %+v, not in the kernel", verb, g)
		}
		shown = append(shown, x.String())
	}
	var want []string
	for _, w := range s.want {
		want = append(want, w.String())
	}
	slices.Sort(want)
	if !s.anyWant && !slices.Equal(shown, want) {
		t.Errorf("%s answered\n  %v\nwant\n  %v", verb, shown, want)
	}
	r.say("%s: %v", verb, shown)
}

func (r *runner) checkKernel(ctx context.Context, c testCase) {
	t := r.t
	entries, err := r.fw.List(ctx)
	if err != nil {
		t.Fatalf("list the kernel's bans: %v", err)
	}
	got := map[string]time.Duration{}
	for _, e := range entries {
		if c.inside(e.Prefix) {
			got[ipprefix.String(e.Prefix)] = e.Expires.Round(time.Minute)
		}
	}
	// The kernel holds what is left, up to the backend's longest timeout.
	want := map[string]time.Duration{}
	for p, d := range c.kernel {
		want[p] = min(d, r.fw.MaxTimeout().Round(time.Minute))
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("kernel %s holds %v, want %v", c.scope(), got, want)
	}
	r.say("kernel %s: %v", c.scope(), got)
}
