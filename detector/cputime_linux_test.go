package detector

import "golang.org/x/sys/unix"

// threadCPU is the CPU time the calling OS thread has used, in ns. The
// benchmarks report it next to wall time because this machine is shared:
// wall time per op includes the time spent waiting for a CPU.
func threadCPU() int64 {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_THREAD, &ru); err != nil {
		return -1
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
