package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// rssSample is one reading of /proc/PID/status: what the resident set is
// made of (anonymous heap, file pages mapped by the process, shared memory).
type rssSample struct {
	at                     time.Duration
	rss, anon, file, shmem int // kB
	hwm                    int // kB
}

// sampleRSS reads the daemon's /proc/PID/status every 200 ms until ctx ends
// and returns the reading with the largest VmRSS: VmHWM alone says how high
// the resident set went, not whether heap, file pages or shared memory made
// the peak (issue 14: the s14 peak came ~10 s after the burst).
func sampleRSS(ctx context.Context, pid int, start time.Time) <-chan rssSample {
	out := make(chan rssSample, 1)
	go func() {
		var peak rssSample
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			if s, err := readRSS(pid); err == nil && s.rss > peak.rss {
				s.at = time.Since(start)
				peak = s
			}
			select {
			case <-ctx.Done():
				out <- peak
				return
			case <-t.C:
			}
		}
	}()
	return out
}

func readRSS(pid int) (rssSample, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return rssSample{}, err
	}
	var s rssSample
	for _, l := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		switch k {
		case "VmRSS":
			s.rss = n
		case "RssAnon":
			s.anon = n
		case "RssFile":
			s.file = n
		case "RssShmem":
			s.shmem = n
		case "VmHWM":
			s.hwm = n
		}
	}
	return s, nil
}

func (s rssSample) String() string {
	return fmt.Sprintf("VmRSS %d kB (anon %d, file %d, shmem %d) at %s after the first line, VmHWM %d kB",
		s.rss, s.anon, s.file, s.shmem, s.at.Round(100*time.Millisecond), s.hwm)
}
