package daemon

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// feedServer accepts on loopback and answers with answer (nil: never a
// byte); it closes its connections when the test ends.
func feedServer(t *testing.T, answer func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			if answer != nil {
				go answer(c)
			}
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	return "http://" + ln.Addr().String() + "/drop.txt"
}

// TestDegradedFeedsShownAndJudgingGoesOn: two feeds whose servers accept
// and never answer, or trickle a byte a second, must hang neither the
// start, nor status, nor judging; status names both lists as degraded
// (before: status said nothing about them at all) and keeps doing so
// once their downloads time out.
func TestDegradedFeedsShownAndJudgingGoesOn(t *testing.T) {
	silent := feedServer(t, nil)
	trickle := feedServer(t, func(c net.Conn) {
		// Answer a request, not a bare connection: bytes sent before the
		// client wrote its request are an "unsolicited response" to Go's
		// transport, which then fails at once instead of the download
		// timing out (the test waited 30 s and failed under -race).
		if _, err := http.ReadRequest(bufio.NewReader(c)); err != nil {
			return
		}
		c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n"))
		for range 60 {
			if _, err := c.Write([]byte("1")); err != nil {
				return
			}
			time.Sleep(time.Second)
		}
	})
	h := newHarness(t, fmt.Sprintf("\n[lists]\ntimeout = \"2s\"\n[[feed]]\nname = \"silent\"\nurl = %q\n[[feed]]\nname = \"trickle\"\nurl = %q\n", silent, trickle))
	t0 := time.Now()
	h.start(Options{})
	if took := time.Since(t0); took > 10*time.Second {
		t.Errorf("start took %s beside feeds that do not answer", took)
	}
	ctx := context.Background()
	check := func(when string) {
		t.Helper()
		t0 := time.Now()
		st, err := h.d.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if took := time.Since(t0); took > time.Second {
			t.Errorf("%s: status took %s", when, took)
		}
		got := strings.Join(st.Degraded, "\n")
		if !strings.Contains(got, "f_silent") || !strings.Contains(got, "f_trickle") {
			t.Errorf("%s: status degraded = %q; want both lists named", when, st.Degraded)
		}
	}
	check("while downloading")
	h.append(clfLine("198.51.100.9", "/wp-login.php"))
	eventually(t, 5*time.Second, "judging goes on: a trap path banned", func() bool {
		_, ok := h.banned("198.51.100.9")
		return ok
	})
	// Each list's own error, by name: a count of matches over all of
	// them could not tell which list failed how.
	timedOut := func(st []string, name string) bool {
		for _, l := range st {
			if strings.Contains(l, name) && strings.Contains(l, "deadline exceeded") {
				return true
			}
		}
		return false
	}
	eventually(t, 10*time.Second, "both downloads given up (lists.timeout)", func() bool {
		st, _ := h.d.Status(ctx)
		return timedOut(st.Degraded, "f_silent") && timedOut(st.Degraded, "f_trickle")
	})
	check("after the downloads timed out")
}
