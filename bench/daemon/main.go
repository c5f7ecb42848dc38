// Command daemon measures the real `guardctl run` binary inside a network
// namespace it creates (the host's ruleset is never touched):
//
//	latency: an offending line is appended to the followed log for each of
//	-n distinct clients, -every apart (or all at once with -every 0); the
//	latency of a ban is from just before the write(2) of its line to the
//	moment the kernel acknowledged the netlink batch holding its element,
//	which the daemon stamps into its event log (the "ts" of the ban event
//	is taken right after the backend's Ban call returned). p50/p90/p99/max.
//
//	With -preload N, latency mode first writes N offending lines at once
//	(distinct clients) and reports how long until all N are in the kernel
//	and durable (the burst), then measures -n bans with those N loaded,
//	then the control API with them: status, list (all N), unban of one
//	address. With -v6 every client is IPv6 in a /64 of its own, banned as
//	that /64.
//
//	rss: -clients distinct clients write one line each, -bans of them an
//	offending one; when every ban is in the kernel, VmRSS and VmHWM of the
//	daemon are read from /proc.
//
// Run as root:
//
//	go run ./bench/daemon -mode latency -n 1000 -every 5ms
//	go run ./bench/daemon -mode latency -n 1000 -every 0
//	go run ./bench/daemon -mode latency -n 1000 -every 5ms -preload 100000
//	go run ./bench/daemon -mode latency -n 1000 -every 5ms -preload 100000 -v6
//	go run ./bench/daemon -mode rss -clients 1000000 -bans 100000
//	go run ./bench/daemon -mode rss -clients 1100000 -bans 100000 -max-clients 1000000 -idle 130s
//
// GUARDCTL_BENCH_LOG=debug shows the daemon's log (commit timings).
// GUARDCTL_BENCH_MEMLIMIT sets limits.memory_limit ("off", "1GiB"; default
// "auto"): what the collector costs a burst under the default limit.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/guardctl/guardctl/control"
)

func main() {
	mode := flag.String("mode", "latency", "latency or rss")
	bin := flag.String("bin", "", "guardctl binary (default: go build into a temp dir)")
	n := flag.Int("n", 1000, "latency: number of bans")
	every := flag.Duration("every", 5*time.Millisecond, "latency: pause between offending lines (0: one burst)")
	clients := flag.Int("clients", 1_000_000, "rss: distinct clients")
	bans := flag.Int("bans", 100_000, "rss: offending clients among them")
	backend := flag.String("backend", "nftables", "firewall backend")
	maxClients := flag.Int("max-clients", 0, "rss: limits.max_clients (default: -clients, so every client is tracked)")
	preload := flag.Int("preload", 0, "latency: bans loaded by one burst of lines before the measurement")
	v6 := flag.Bool("v6", false, "clients are IPv6 addresses, each in its own /64 (banned as a /64, the default ipv6_prefix)")
	idle := flag.Duration("idle", 0, "rss: keep sampling every 20s until this long idle after the burst, with the huge pages (khugepaged collapsing advised memory after a burst)")
	flag.Parse()
	if err := run(*mode, *bin, *n, *every, *clients, *bans, *maxClients, *backend, *preload, *v6, *idle); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type env struct {
	dir, ns, bin, logPath, events, socket string
	cmd                                   *exec.Cmd
	v6                                    bool // clients are IPv6, one /64 each
}

func run(mode, bin string, n int, every time.Duration, clients, bans, maxClients int, backend string, preload int, v6 bool, idle time.Duration) error {
	dir, err := os.MkdirTemp("", "guardctl-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if bin == "" {
		bin = filepath.Join(dir, "guardctl")
		if out, err := exec.Command("go", "build", "-o", bin, "github.com/guardctl/guardctl").CombinedOutput(); err != nil {
			return fmt.Errorf("go build: %v: %s", err, out)
		}
	}
	var rnd [4]byte
	_, _ = rand.Read(rnd[:])
	e := &env{dir: dir, ns: "guardctl-bench-" + hex.EncodeToString(rnd[:]), bin: bin,
		logPath: filepath.Join(dir, "access.log"), events: filepath.Join(dir, "events.jsonl"), socket: filepath.Join(dir, "g.sock"), v6: v6}
	if out, err := exec.Command("ip", "netns", "add", e.ns).CombinedOutput(); err != nil {
		return fmt.Errorf("ip netns add: %v: %s", err, out)
	}
	defer exec.Command("ip", "netns", "delete", e.ns).Run()
	if maxClients <= 0 {
		maxClients = 500000
		if mode == "rss" {
			maxClients = max(clients, 1)
		}
	}
	cfg := fmt.Sprintf(`
[[source]]
path = %q
format = "combined"

[traps]
paths = ["/wp-login.php"]
ban = "2h"

[limits]
max_clients = %d
memory_limit = %q

[firewall]
backend = %q

[daemon]
state_dir = %q
socket = %q
event_log = %q
`, e.logPath, maxClients, memLimit(), backend, filepath.Join(dir, "state"), e.socket, e.events)
	if err := os.WriteFile(filepath.Join(dir, "g.toml"), []byte(cfg), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(e.logPath, nil, 0o644); err != nil {
		return err
	}
	if err := e.start(); err != nil {
		return err
	}
	defer e.stop()
	switch mode {
	case "latency":
		if preload > 0 {
			if err := e.burst(preload); err != nil {
				return err
			}
		}
		if err := e.latency(preload, n, every); err != nil {
			return err
		}
		if preload > 0 {
			return e.api(preload)
		}
		return nil
	case "rss":
		return e.rss(clients, bans, idle)
	}
	return fmt.Errorf("unknown mode %q", mode)
}

func (e *env) start() error {
	level := os.Getenv("GUARDCTL_BENCH_LOG")
	if level == "" {
		level = "warn"
	}
	e.cmd = exec.Command("ip", "netns", "exec", e.ns, e.bin, "--log-level", level, "run", "--config", filepath.Join(e.dir, "g.toml"))
	e.cmd.Stderr = os.Stderr
	if err := e.cmd.Start(); err != nil {
		return err
	}
	c := control.Dial(e.socket)
	for range 500 {
		if _, err := c.Status(context.Background()); err == nil {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return errors.New("daemon did not start")
}

func (e *env) stop() {
	if e.cmd != nil {
		_ = e.cmd.Process.Signal(syscall.SIGTERM)
		_ = e.cmd.Wait()
	}
}

func clf(ip netip.Addr, path string) string {
	return fmt.Sprintf("%s - - [%s] \"GET %s HTTP/1.1\" 404 12 \"-\" \"bench\"\n", ip, time.Now().UTC().Format("02/Jan/2006:15:04:05 -0700"), path)
}

// addr is client i as the daemon bans it: an IPv4 address, or with -v6
// the first address of its own /64 inside 2001:db8::/32.
func (e *env) addr(i int) netip.Addr {
	if e.v6 {
		return netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, byte(i >> 24), byte(i >> 16), byte(i >> 8), byte(i)})
	}
	return netip.AddrFrom4([4]byte{byte(100 + i>>24&0x0f), byte(i >> 16), byte(i >> 8), byte(i)})
}

// client is the address client i's log lines carry (with -v6 one inside
// its /64, not the /64's first address).
func (e *env) client(i int) netip.Addr {
	a := e.addr(i)
	if e.v6 {
		b := a.As16()
		b[15] = 0x42
		return netip.AddrFrom16(b)
	}
	return a
}

// banned is client i's ban: the address, or its /64.
func (e *env) banned(i int) netip.Prefix {
	if e.v6 {
		return netip.PrefixFrom(e.addr(i), 64)
	}
	return netip.PrefixFrom(e.addr(i), 32)
}

// banTimes reads the event log: per client, when the kernel acknowledged
// its ban (enforced) and when the ban was durable and reported (ts).
func (e *env) banTimes() (map[netip.Addr][2]time.Time, error) {
	f, err := os.Open(e.events)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[netip.Addr][2]time.Time{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var ev struct {
			TS       time.Time
			Enforced time.Time
			Action   string
			Prefix   string
		}
		if json.Unmarshal(sc.Bytes(), &ev) != nil || ev.Action != "ban" {
			continue
		}
		p, err := netip.ParsePrefix(ev.Prefix)
		if err == nil {
			out[p.Addr()] = [2]time.Time{ev.Enforced, ev.TS}
		}
	}
	return out, sc.Err()
}

// latency measures n bans of clients numbered from first on.
func (e *env) latency(first, n int, every time.Duration) error {
	f, err := os.OpenFile(e.logPath, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	sent := make(map[netip.Addr]time.Time, n)
	cpu0 := e.cpu()
	if every == 0 {
		var b strings.Builder
		for i := first; i < first+n; i++ {
			b.WriteString(clf(e.client(i), "/wp-login.php"))
		}
		t0 := time.Now()
		if _, err := f.WriteString(b.String()); err != nil {
			return err
		}
		for i := first; i < first+n; i++ {
			sent[e.addr(i)] = t0
		}
	} else {
		for i := first; i < first+n; i++ {
			l := clf(e.client(i), "/wp-login.php")
			sent[e.addr(i)] = time.Now()
			if _, err := f.WriteString(l); err != nil {
				return err
			}
			time.Sleep(every)
		}
	}
	got, err := e.waitBans(first + n)
	if err != nil {
		return err
	}
	cpu := e.cpu() - cpu0
	if len(got) < first+n {
		return fmt.Errorf("only %d of %d bans acknowledged", len(got), first+n)
	}
	mode := fmt.Sprintf("one line every %s", every)
	if first > 0 {
		mode += fmt.Sprintf(", %d bans loaded", first)
	}
	if every == 0 {
		mode = "one burst"
	}
	if path := os.Getenv("GUARDCTL_BENCH_DUMP"); path != "" {
		// One line per ban: when its line was written (ns since the
		// first) and its line -> kernel latency, to see when slow ones
		// happen.
		var b strings.Builder
		var start time.Time
		for _, t0 := range sent {
			if start.IsZero() || t0.Before(start) {
				start = t0
			}
		}
		for a, t0 := range sent {
			fmt.Fprintf(&b, "%d %d\n", t0.Sub(start).Nanoseconds(), got[a][0].Sub(t0).Nanoseconds())
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	for k, what := range []string{"appended -> in the kernel set", "appended -> durable in the store and reported"} {
		lat := make([]time.Duration, 0, n)
		for a, t0 := range sent {
			if got[a][k].IsZero() {
				return fmt.Errorf("ban of %s has no %s time", a, what)
			}
			lat = append(lat, got[a][k].Sub(t0))
		}
		slices.Sort(lat)
		pct := func(p float64) time.Duration {
			return lat[min(len(lat)-1, int(p*float64(len(lat))))].Round(10 * time.Microsecond)
		}
		fmt.Printf("%d bans (%s), %s: p50 %s  p90 %s  p99 %s  max %s\n", n, mode, what,
			pct(0.50), pct(0.90), pct(0.99), lat[len(lat)-1].Round(10*time.Microsecond))
	}
	fmt.Printf("%d bans (%s): daemon CPU (user+sys) %s, %s per ban\n", n, mode, cpu.Round(time.Millisecond), (cpu / time.Duration(n)).Round(time.Microsecond))
	return nil
}

// cpu is the daemon's CPU time so far (user+sys, all threads, in USER_HZ
// ticks of 10 ms) from /proc/PID/stat: `ip netns exec` execs the binary,
// so the PID is the daemon's. Zero when it cannot be read.
func (e *env) cpu() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", e.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// After "(comm) ": state, then 10 numbers, then utime and stime.
	rest := b[bytes.LastIndexByte(b, ')')+1:]
	var state string
	var n [12]int64
	if _, err := fmt.Sscan(string(rest), &state, &n[0], &n[1], &n[2], &n[3], &n[4], &n[5], &n[6], &n[7], &n[8], &n[9], &n[10], &n[11]); err != nil {
		return 0
	}
	return time.Duration(n[10]+n[11]) * 10 * time.Millisecond
}

// waitBans waits until the daemon reports n bans durable (status: cheap),
// then reads the event log once: parsing a 100k-line log every few
// milliseconds would take the CPU the daemon is being measured on.
func (e *env) waitBans(n int) (map[netip.Addr][2]time.Time, error) {
	c := control.Dial(e.socket)
	defer c.Close()
	for range 6000 {
		st, err := c.Status(context.Background())
		if err == nil && st.ActiveBans >= n && (st.Store == nil || st.Store.Backlog == 0) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	var got map[netip.Addr][2]time.Time
	var err error
	for range 100 {
		if got, err = e.banTimes(); err == nil && len(got) >= n {
			return got, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return got, err
}

// burst writes n offending lines of distinct clients at once and reports
// when the last of them reached the kernel and the store.
func (e *env) burst(n int) error {
	var b strings.Builder
	for i := range n {
		b.WriteString(clf(e.client(i), "/wp-login.php"))
	}
	f, err := os.OpenFile(e.logPath, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	cpu0 := e.cpu()
	t0 := time.Now()
	if _, err := f.WriteString(b.String()); err != nil {
		return err
	}
	got, err := e.waitBans(n)
	if err != nil {
		return err
	}
	cpu := e.cpu() - cpu0
	if len(got) < n {
		return fmt.Errorf("burst: only %d of %d bans acknowledged", len(got), n)
	}
	var kernel, durable time.Time
	for _, t := range got {
		if t[0].After(kernel) {
			kernel = t[0]
		}
		if t[1].After(durable) {
			durable = t[1]
		}
	}
	fmt.Printf("burst of %d offending lines: all in the kernel %s after the write, all durable %s after; daemon CPU (user+sys) %s\n", n,
		kernel.Sub(t0).Round(time.Millisecond), durable.Sub(t0).Round(time.Millisecond), cpu.Round(time.Millisecond))
	return nil
}

// api times the control API with n bans loaded: status, a list of all of
// them, and an unban of one address.
func (e *env) api(n int) error {
	c := control.Dial(e.socket)
	ctx := context.Background()
	var st []time.Duration
	for range 20 {
		t0 := time.Now()
		s, err := c.Status(ctx)
		if err != nil {
			return err
		}
		st = append(st, time.Since(t0))
		if s.ActiveBans < n {
			return fmt.Errorf("status: %d active bans, want at least %d", s.ActiveBans, n)
		}
	}
	slices.Sort(st)
	t0 := time.Now()
	bans, err := c.List(ctx)
	if err != nil {
		return err
	}
	list := time.Since(t0)
	t0 = time.Now()
	lifted, err := c.Unban(ctx, control.UnbanRequest{Prefixes: []netip.Prefix{e.banned(n / 2)}})
	if err != nil || len(lifted) != 1 {
		return fmt.Errorf("unban: %v (%d lifted)", err, len(lifted))
	}
	unban := time.Since(t0)
	fmt.Printf("with %d bans loaded: status p50 %s max %s (20 calls); list of %d bans %s; unban of one client (%s) %s\n", n,
		st[len(st)/2].Round(10*time.Microsecond), st[len(st)-1].Round(10*time.Microsecond), len(bans), list.Round(time.Millisecond), e.banned(n/2), unban.Round(10*time.Microsecond))
	return nil
}

func (e *env) rss(clients, bans int, idle time.Duration) error {
	f, err := os.OpenFile(e.logPath, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	start, cpu0 := time.Now(), e.cpu()
	sctx, stopSampling := context.WithCancel(context.Background())
	defer stopSampling()
	peak := sampleRSS(sctx, e.cmd.Process.Pid, start)
	w := bufio.NewWriterSize(f, 1<<20)
	stride := max(clients/max(bans, 1), 1)
	for i := range clients {
		path := "/index.html"
		if i%stride == 0 && i/stride < bans {
			path = "/wp-login.php"
		}
		if _, err := w.WriteString(clf(e.client(i), path)); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	c := control.Dial(e.socket)
	var st control.Status
	for range 3000 {
		st, err = c.Status(context.Background())
		if err == nil && len(st.Sources) == 1 && st.Sources[0].Lines >= uint64(clients) && st.Backend.Elements >= bans {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	elapsed := time.Since(start)
	fmt.Printf("rss: %d lines judged, %d tracked clients, %d active bans, %d kernel elements, in %s, daemon CPU (user+sys) %s\n",
		st.Sources[0].Lines, st.Clients, st.ActiveBans, st.Backend.Elements, elapsed.Round(100*time.Millisecond), (e.cpu() - cpu0).Round(10*time.Millisecond))
	if err := e.printRSS("right after the burst"); err != nil {
		return err
	}
	time.Sleep(10 * time.Second)
	if err := e.printRSS("after 10s idle"); err != nil {
		return err
	}
	for at := 30 * time.Second; at <= idle; at += 20 * time.Second {
		time.Sleep(20 * time.Second)
		if err := e.printRSS(fmt.Sprintf("after %s idle", at)); err != nil {
			return err
		}
	}
	fmt.Printf("daemon CPU (user+sys) from the first line to the end: %s\n", (e.cpu() - cpu0).Round(10*time.Millisecond))
	stopSampling()
	fmt.Printf("largest resident set sampled (every 200 ms): %s\n", <-peak)
	if idle > 0 {
		return e.printHugeAdvised()
	}
	return nil
}

// printHugeAdvised sums the daemon's mappings advised to huge pages (smaps
// VmFlags "hg"): their size, resident memory and huge pages.
func (e *env) printHugeAdvised() error {
	sm, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps", e.cmd.Process.Pid))
	if err != nil {
		return err
	}
	var n, hgSize, hgRss, hgHuge, size, rss, huge int
	for _, l := range strings.Split(string(sm), "\n") {
		if f := strings.Fields(l); len(f) >= 2 {
			var v int
			fmt.Sscan(f[1], &v)
			switch f[0] {
			case "Size:":
				size = v
			case "Rss:":
				rss = v
			case "AnonHugePages:":
				huge = v
			}
		}
		if strings.HasPrefix(l, "VmFlags:") && strings.Contains(l, " hg") {
			n, hgSize, hgRss, hgHuge = n+1, hgSize+size, hgRss+rss, hgHuge+huge
		}
	}
	fmt.Printf("advised to huge pages: %d mappings, size %d kB, rss %d kB, AnonHugePages %d kB\n", n, hgSize, hgRss, hgHuge)
	return nil
}

func (e *env) printRSS(when string) error {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", e.cmd.Process.Pid))
	if err != nil {
		return err
	}
	vals := map[string]string{}
	for _, l := range strings.Split(string(status), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok {
			vals[k] = strings.TrimSpace(v)
		}
	}
	huge := ""
	if r, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", e.cmd.Process.Pid)); err == nil {
		for _, l := range strings.Split(string(r), "\n") {
			if strings.HasPrefix(l, "AnonHugePages:") {
				huge = ", " + strings.Join(strings.Fields(l), " ")
			}
		}
	}
	fmt.Printf("rss %s: VmRSS %s (anon %s, file %s), VmHWM %s%s\n", when, vals["VmRSS"], vals["RssAnon"], vals["RssFile"], vals["VmHWM"], huge)
	return nil
}

// memLimit is limits.memory_limit for the daemon: GUARDCTL_BENCH_MEMLIMIT,
// or "auto" (the default of a real install).
func memLimit() string {
	if v := os.Getenv("GUARDCTL_BENCH_MEMLIMIT"); v != "" {
		return v
	}
	return "auto"
}
