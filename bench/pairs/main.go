// Command pairs measures issue 14's million/small target so that the
// machine's modes cannot decide it. On the project's VM the same binary
// runs the 1M-line log at ~0.66-0.75 µs of CPU a line in one run and at
// ~0.95-1.05 in the next (its "fast" and "slow" modes), so a ratio of two
// separate runs says more about the modes the two runs fell in than about
// the code. pairs runs `guardctl analyze --format json` (this tree's,
// through cli.Run) on the small log and then on the million log in ONE
// process, -n processes in all (each a fresh child of this command, as a
// user's run is), and reports for every process the CPU (user+sys, all
// threads, getrusage) per line of each phase, their ratio, and the median
// of the ratios. A calibration loop run just before each phase (a fixed
// amount of integer work and of random memory reads, neither touching the
// analysis) shows the mode the process ran in; the ratios are also given
// for the pairs whose two calibrations agree within 5 %, i.e. pairs that
// provably ran in one mode.
//
// Usage (from the module root, logs made by bench/scale.sh):
//
//	go run ./bench/pairs -n 8
//	go run ./bench/pairs -n 8 -small bench/out/access-1000000.log -million bench/out/access-10000000-1m.log
//
// Where the million log's extra cost goes: run one child with profiles,
// `go run ./bench/pairs -child -cpuprofile /tmp/p` (writes /tmp/p-small.prof
// and /tmp/p-million.prof), then `go tool pprof -top` each and compare the
// ns per line of the functions (the machine has no hardware counters for
// perf stat to read: its PMU is not exposed to the VM).
//
// To compare commits, build this command in each commit's tree (`git
// archive <commit> | tar -x -C /tmp/x`, copying bench/pairs into trees
// older than it: it needs only cli.Run) and run the binaries in turns with
// -n 1 each, or give them all to -bin: pairs -bin /tmp/pa,/tmp/pb runs each
// binary's child mode in turn, n rounds.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/guardctl/guardctl/cli"
)

// phase is one analyze run inside a child process.
type phase struct {
	Log   string  `json:"log"`
	Lines int     `json:"lines"`
	CPU   float64 `json:"cpu_s"`  // user+sys of the whole process during the run
	Wall  float64 `json:"wall_s"` // elapsed
	Calib float64 `json:"calib_s"`
}

func main() {
	n := flag.Int("n", 8, "processes (rounds): each analyzes small, then million")
	small := flag.String("small", "bench/out/access-1000000.log", "the 1M-line log (~24k clients)")
	million := flag.String("million", "bench/out/access-10000000-1m.log", "the 10M-line log of a million clients")
	bins := flag.String("bin", "", "comma-separated pairs binaries (built from other trees) run in turns instead of this one")
	child := flag.Bool("child", false, "run the two phases in this process and print them as JSON (what each round runs)")
	profile := flag.String("cpuprofile", "", "with -child: write each phase's CPU profile to PREFIX-small.prof and PREFIX-million.prof (go tool pprof), to see where the million log's extra cost goes")
	flag.Parse()
	if *child {
		if err := runChild(*small, *million, *profile); err != nil {
			fmt.Fprintln(os.Stderr, "pairs:", err)
			os.Exit(1)
		}
		return
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pairs:", err)
		os.Exit(1)
	}
	list := []string{self}
	if *bins != "" {
		list = strings.Split(*bins, ",")
	}
	if err := drive(list, *n, *small, *million); err != nil {
		fmt.Fprintln(os.Stderr, "pairs:", err)
		os.Exit(1)
	}
}

func drive(bins []string, n int, small, million string) error {
	for _, f := range []string{small, million} {
		if err := warm(f); err != nil {
			return err
		}
	}
	fmt.Printf("%d cores, load %s, %s\n", runtime.NumCPU(), load(), time.Now().UTC().Format("2006-01-02 15:04:05 UTC"))
	ratios := make([][]float64, len(bins))
	same := make([][]float64, len(bins))
	for r := range n {
		for j, b := range bins {
			out, err := exec.Command(b, "-child", "-small", small, "-million", million).Output()
			if err != nil {
				return fmt.Errorf("%s: %v", b, err)
			}
			var ph [2]phase
			if err := json.Unmarshal(out, &ph); err != nil {
				return fmt.Errorf("%s: %v: %s", b, err, out)
			}
			s, m := ph[0].CPU*1e6/float64(ph[0].Lines), ph[1].CPU*1e6/float64(ph[1].Lines)
			ratio := m / s
			agree := ph[1].Calib/ph[0].Calib < 1.05 && ph[0].Calib/ph[1].Calib < 1.05
			ratios[j] = append(ratios[j], ratio)
			mark := ""
			if agree {
				same[j] = append(same[j], ratio)
			} else {
				mark = " (calibrations differ: modes changed)"
			}
			fmt.Printf("round %d %s: small %.3f us CPU/line (%.2f s wall, calib %.0f ms), million %.3f us (%.2f s wall, calib %.0f ms), ratio %.3f, load %s%s\n",
				r+1, b, s, ph[0].Wall, ph[0].Calib*1e3, m, ph[1].Wall, ph[1].Calib*1e3, ratio, load(), mark)
		}
	}
	for j, b := range bins {
		fmt.Printf("median %s: ratio %.3f over %d pairs %s; %d pairs in one mode (calibrations within 5 %%): median %s\n",
			b, median(ratios[j]), len(ratios[j]), spread(ratios[j]), len(same[j]), medianOrNone(same[j]))
	}
	return nil
}

// runChild analyzes small then million in this process, profiling each
// phase into profile-small.prof and profile-million.prof if profile is set.
func runChild(small, million, profile string) error {
	var out [2]phase
	for i, f := range []string{small, million} {
		lines, err := countLines(f)
		if err != nil {
			return err
		}
		runtime.GC()
		debug.FreeOSMemory() // the first phase's heap is not the second's work
		out[i].Calib = calibrate()
		null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		var prof *os.File
		if profile != "" {
			if prof, err = os.Create(profile + "-" + [2]string{"small", "million"}[i] + ".prof"); err != nil {
				return err
			}
			if err := pprof.StartCPUProfile(prof); err != nil {
				return err
			}
		}
		cpu0, t0 := cpuTime(), time.Now()
		var stderr bytes.Buffer
		code := cli.Run(context.Background(), []string{"guardctl", "analyze", "--format", "json", f}, strings.NewReader(""), null, &stderr)
		out[i].CPU, out[i].Wall = cpuTime()-cpu0, time.Since(t0).Seconds()
		if prof != nil {
			pprof.StopCPUProfile()
			if err := prof.Close(); err != nil {
				return err
			}
		}
		null.Close()
		if code != 0 {
			return fmt.Errorf("analyze %s: exit %d: %s", f, code, stderr.String())
		}
		out[i].Log, out[i].Lines = f, lines
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}

// calibrate times a fixed piece of work that does not depend on the code
// under test: dependent reads over 64 MiB (a TLB and cache miss each, as
// the million log's client lookups are) and a loop of integer arithmetic.
func calibrate() float64 {
	const words = 8 << 20 // 64 MiB
	next := make([]uint32, words)
	// A single cycle through all words in a fixed pseudo-random order.
	perm := make([]uint32, words)
	for i := range perm {
		perm[i] = uint32(i)
	}
	x := uint64(0x9e3779b97f4a7c15)
	for i := len(perm) - 1; i > 0; i-- {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		j := int(x % uint64(i+1))
		perm[i], perm[j] = perm[j], perm[i]
	}
	for i := range perm {
		next[perm[i]] = perm[(i+1)%len(perm)]
	}
	t0 := cpuTime()
	p, acc := uint32(0), uint64(1)
	for range 2_000_000 {
		p = next[p]
	}
	for i := range uint64(50_000_000) {
		acc = acc*6364136223846793005 + i
	}
	d := cpuTime() - t0
	if p == 1<<31 && acc == 0 { // keep the loops
		fmt.Fprint(io.Discard, p, acc)
	}
	return d
}

func cpuTime() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

func countLines(f string) (int, error) {
	b, err := os.Open(f)
	if err != nil {
		return 0, err
	}
	defer b.Close()
	n, buf := 0, make([]byte, 1<<20)
	for {
		k, err := b.Read(buf)
		n += bytes.Count(buf[:k], []byte{'\n'})
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

func warm(f string) error {
	_, err := countLines(f)
	return err
}

func load() string {
	b, _ := os.ReadFile("/proc/loadavg")
	if fs := strings.Fields(string(b)); len(fs) >= 3 {
		return strings.Join(fs[:3], " ")
	}
	return "?"
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func medianOrNone(v []float64) string {
	if len(v) == 0 {
		return "none"
	}
	return fmt.Sprintf("%.3f %s", median(v), spread(v))
}

func spread(v []float64) string {
	if len(v) == 0 {
		return ""
	}
	return fmt.Sprintf("(%.3f-%.3f)", slices.Min(v), slices.Max(v))
}
