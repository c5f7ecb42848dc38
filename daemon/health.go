package daemon

import (
	"fmt"
	"time"
)

// backendHealth is the kernel backend's health from memory, in one place
// for status and the metric guardctl_backend_healthy (revops-s9: the
// metric read only the flag, which a repair sets after giving an unban
// up, and said 1 while status said unhealthy): the last repair's or
// change's outcome, a kernel call stuck for KernelStuckAfter (busy
// names it), and unbans still owed to the kernel (owed names them: the
// addresses stay blocked although the store lifted them). Status adds
// what its kernel read finds.
func (d *Daemon) backendHealth() (healthy bool, errText, busy, owed string) {
	healthy = d.healthy.Load()
	if e := d.healthErr.Load(); e != nil {
		errText = *e
	}
	if op, since, ok := d.fwMu.busy(); ok && time.Since(since) >= d.opts.KernelStuckAfter {
		healthy = false
		busy = fmt.Sprintf("%s running since %s (%s)", op, since.UTC().Format(time.RFC3339), time.Since(since).Round(time.Second))
		errText = "kernel call stuck: " + busy + "; new bans wait for it"
	}
	if owed = d.owedUnbans(); owed != "" {
		healthy = false
		errText = firstNonEmpty(errText, "unbans owed to the kernel (still blocked; retried): "+owed)
	}
	return healthy, errText, busy, owed
}
