package daemon

import (
	"context"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guardctl/guardctl/cluster/clustertest"
)

// TestRedisStoppedJudgingGoesOn: Redis stopped (SIGSTOP: its socket
// accepts, nothing answers) must not stop this node judging and banning
// locally, nor hold up status, which must say within a bounded time that
// the cluster link is down.
func TestRedisStoppedJudgingGoesOn(t *testing.T) {
	r := clustertest.Start(t)
	rdb := redis.NewClient(&redis.Options{Network: "unix", Addr: r.Socket})
	info, err := rdb.InfoMap(context.Background(), "server").Result()
	rdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(info["Server"]["process_id"])
	if err != nil || pid <= 1 {
		t.Fatalf("redis pid %q: %v", info["Server"]["process_id"], err)
	}
	h := clusterHarness(t, r, "a", "")
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	// Registered after the harness's: runs first, so the daemon stops
	// against a running Redis.
	t.Cleanup(func() { syscall.Kill(pid, syscall.SIGCONT) })

	h.append(clfLine("203.0.113.77", "/wp-login.php"))
	eventually(t, 5*time.Second, "banned locally with Redis stopped", func() bool {
		_, ok := h.banned("203.0.113.77")
		return ok
	})
	ctx := context.Background()
	eventually(t, 15*time.Second, "status says the cluster link is down", func() bool {
		t0 := time.Now()
		st, err := h.d.Status(ctx)
		if took := time.Since(t0); took > 2*time.Second {
			t.Fatalf("status took %s with Redis stopped", took)
		}
		return err == nil && st.Cluster != nil && (!st.Cluster.Connected || st.Cluster.Error != "")
	})
}
