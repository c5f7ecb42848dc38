package state

import (
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Benchmarks write to t.TempDir(); fsync cost depends on the filesystem
// under it (TMPDIR), so report it next to the figures.

func benchBans(first, n int, now time.Time) []Ban {
	bans := make([]Ban, n)
	for i := range bans {
		bans[i] = Ban{
			Prefix: crashPrefix(first + i), Reason: "sqli", Rules: []string{"sqli-union", "throttle-1m"},
			Start: now, Expires: now.Add(time.Hour), Offence: 1, Origin: OriginAuto,
		}
	}
	return bans
}

// BenchmarkPutBans measures durable writes: one op is one PutBans call,
// that is one transaction and one fsync, of 1 or 100 bans.
func BenchmarkPutBans(b *testing.B) {
	for _, size := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("batch=%d", size), func(b *testing.B) {
			now := epoch()
			s := openT(b, b.TempDir(), Options{Now: fixedClock(&now)})
			next := 0
			b.ReportAllocs()
			for b.Loop() {
				if err := s.PutBans(benchBans(next, size, now)); err != nil {
					b.Fatal(err)
				}
				next += size
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*size), "ns/ban")
		})
	}
}

// BenchmarkOffences is the detector's lookup on a store holding 100,000
// clients with a history.
func BenchmarkOffences(b *testing.B) {
	now := epoch()
	s := openT(b, b.TempDir(), Options{Now: fixedClock(&now)})
	const clients = 100_000
	fillOffences(b, s, clients, now)
	keys := make([]netip.Prefix, 1024)
	for i := range keys {
		keys[i] = crashPrefix(i * 97 % clients)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if s.Offences(keys[i%len(keys)], now, 24*time.Hour) != 2 {
			b.Fatal("wrong count")
		}
		i++
	}
}

func fillOffences(b *testing.B, s *Store, clients int, now time.Time) {
	b.Helper()
	for start := 0; start < clients; start += 10_000 {
		var batch Batch
		for i := start; i < min(start+10_000, clients); i++ {
			p := crashPrefix(i)
			batch.Offences = append(batch.Offences,
				Offence{Key: p, At: now.Add(-2 * time.Hour), Rule: "sqli"},
				Offence{Key: p, At: now.Add(-time.Hour), Rule: "sqli"})
		}
		if _, err := s.Write(batch); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCovering: is this IPv4 client banned, with 100,000 bans stored.
func BenchmarkCovering(b *testing.B) {
	now := epoch()
	s := openT(b, b.TempDir(), Options{Now: fixedClock(&now)})
	for start := 0; start < 100_000; start += 10_000 {
		if err := s.PutBans(benchBans(start, 10_000, now)); err != nil {
			b.Fatal(err)
		}
	}
	addr := netip.MustParseAddr("10.0.1.1") // crashPrefix(257)
	b.ReportAllocs()
	for b.Loop() {
		if got, err := s.Covering(addr, now); err != nil || len(got) != 1 {
			b.Fatal(got, err)
		}
	}
}

// BenchmarkOpen is a daemon start: open and verify a file holding 100,000
// bans and 100,000 clients' histories, then read the active bans.
func BenchmarkOpen(b *testing.B) {
	now := epoch()
	dir := b.TempDir()
	s, err := Open(dir, Options{Now: fixedClock(&now)})
	if err != nil {
		b.Fatal(err)
	}
	for start := 0; start < 100_000; start += 10_000 {
		if err := s.PutBans(benchBans(start, 10_000, now)); err != nil {
			b.Fatal(err)
		}
	}
	fillOffences(b, s, 100_000, now)
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		s, err := Open(dir, Options{Now: fixedClock(&now)})
		if err != nil {
			b.Fatal(err)
		}
		bans, err := s.ActiveBans(now)
		if err != nil || len(bans) != 100_000 {
			b.Fatal(len(bans), err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(fi.Size())/(1<<20), "MiB-file")
}

// BenchmarkWriteBurst is one batch of a burst another node decided, as the
// daemon's committer writes it: 20,000 new bans and their offence records
// in one transaction (one fsync). Reports CPU per ban next to wall time.
func BenchmarkWriteBurst(b *testing.B) {
	const size = 20_000
	now := epoch()
	s := openT(b, b.TempDir(), Options{Now: fixedClock(&now)})
	next := 0
	b.ReportAllocs()
	var cpu time.Duration
	for b.Loop() {
		bans := benchBans(next, size, now)
		offs := make([]Offence, len(bans))
		for i, ban := range bans {
			offs[i] = Offence{Key: ban.Prefix, At: now, Rule: ban.Reason}
		}
		c0 := processCPUTime()
		if _, err := s.Write(Batch{Put: bans, Offences: offs}); err != nil {
			b.Fatal(err)
		}
		cpu += processCPUTime() - c0
		next += size
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*size), "ns/ban")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*size), "cpu-ns/ban")
}

// processCPUTime is this process's user+system CPU so far.
func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
