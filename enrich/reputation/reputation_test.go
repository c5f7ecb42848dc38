package reputation

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// api is a reputation API on loopback in the shape of AbuseIPDB's check
// endpoint; what it answers depends on the address asked about.
type api struct {
	hits, inflight, maxInflight atomic.Int32
	keys                        sync.Map
}

func (s *api) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.hits.Add(1)
	n := s.inflight.Add(1)
	defer s.inflight.Add(-1)
	for {
		m := s.maxInflight.Load()
		if n <= m || s.maxInflight.CompareAndSwap(m, n) {
			break
		}
	}
	s.keys.Store(r.Header.Get("Key"), true)
	ip := r.URL.Query().Get("ipAddress")
	switch ip {
	case "192.0.2.66": // slow: longer than the checker's timeout
		select {
		case <-r.Context().Done():
		case <-time.After(3 * time.Second):
		}
		return
	case "192.0.2.50":
		http.Error(w, "oops", 500)
		return
	case "192.0.2.51": // truncated JSON
		fmt.Fprint(w, `{"data":{"abuseConfidenceScore":`)
		return
	case "192.0.2.52": // 10 MB of garbage
		w.Write(bytes.Repeat([]byte("\x00garbage\xff"), 1<<20))
		return
	case "192.0.2.20":
		time.Sleep(50 * time.Millisecond) // overlap requests to see the bound
	}
	score := 0
	if strings.HasPrefix(ip, "203.0.113.") {
		score = 90
	}
	fmt.Fprintf(w, `{"data":{"ipAddress":%q,"isPublic":true,"abuseConfidenceScore":%d,"isWhitelisted":false}}`, ip, score)
}

func start(t *testing.T, cfg Config) (*Checker, *api, chan Answer) {
	t.Helper()
	srv := &api{}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	if cfg.URL == "" {
		cfg.URL = ts.URL + "/api/v2/check?ipAddress={ip}&maxAgeInDays=90"
	}
	cfg.KeyHeader, cfg.Key = "Key", "s3cret"
	cfg.ConfidenceField = "data.abuseConfidenceScore"
	answers := make(chan Answer, 100)
	c := New(cfg, func(a Answer) { answers <- a })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { c.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return c, srv, answers
}

func next(t *testing.T, ch chan Answer) Answer {
	t.Helper()
	select {
	case a := <-ch:
		return a
	case <-time.After(10 * time.Second):
		t.Fatal("no answer")
	}
	return Answer{}
}

func TestListedAndCached(t *testing.T) {
	c, srv, answers := start(t, Config{MinConfidence: 75, RatePerMinute: 6000, Timeout: 500 * time.Millisecond})
	bad, good := netip.MustParseAddr("203.0.113.9"), netip.MustParseAddr("198.51.100.9")
	c.Check(bad)
	if a := next(t, answers); a.Addr != bad || !a.Listed || a.Confidence != 90 || a.Err != nil {
		t.Errorf("bad client: %+v", a)
	}
	c.Check(good)
	if a := next(t, answers); a.Addr != good || a.Listed || a.Err != nil {
		t.Errorf("good client: %+v", a)
	}
	// Cached: no second request.
	c.Check(bad)
	c.Check(netip.MustParseAddr("::ffff:203.0.113.9"))
	if listed, ok := c.Cached(bad); !ok || !listed {
		t.Errorf("cache: %v %v", listed, ok)
	}
	time.Sleep(50 * time.Millisecond)
	if n := srv.hits.Load(); n != 2 {
		t.Errorf("%d requests, want 2 (answers cached)", n)
	}
	if _, ok := srv.keys.Load("s3cret"); !ok {
		t.Error("the API key header was not sent")
	}
}

func TestFailuresAreNotCachedAndNeverBlock(t *testing.T) {
	c, _, answers := start(t, Config{MinConfidence: 75, RatePerMinute: 6000, Timeout: 300 * time.Millisecond})
	for _, ip := range []string{"192.0.2.66", "192.0.2.50", "192.0.2.51", "192.0.2.52"} {
		a := netip.MustParseAddr(ip)
		began := time.Now()
		c.Check(a)
		if d := time.Since(began); d > 100*time.Millisecond {
			t.Errorf("Check blocked for %v", d)
		}
		ans := next(t, answers)
		if ans.Err == nil || ans.Listed {
			t.Errorf("%s: %+v, want an error", ip, ans)
		}
		if _, ok := c.Cached(a); ok {
			t.Errorf("%s: a failed check was cached", ip)
		}
	}
	if st := c.Stats(); st.Failed != 4 {
		t.Errorf("stats %+v", st)
	}
}

func TestBoundedConcurrencyAndQueue(t *testing.T) {
	c, srv, answers := start(t, Config{RatePerMinute: 60000, Concurrency: 2, QueueSize: 8, Timeout: 2 * time.Second})
	// Many distinct addresses at once: at most 2 requests in flight, the
	// queue takes 8 (plus what the workers hold), the rest are dropped.
	for i := range 100 {
		c.Check(netip.AddrFrom4([4]byte{192, 0, 2, 20}))
		c.Check(netip.AddrFrom4([4]byte{198, 18, 0, byte(i)}))
	}
	st := c.Stats()
	if st.Dropped == 0 || st.Queued > 12 {
		t.Errorf("stats %+v: want a bounded queue that drops", st)
	}
	for range st.Queued {
		next(t, answers)
	}
	if m := srv.maxInflight.Load(); m > 2 {
		t.Errorf("%d requests in flight, want at most 2", m)
	}
}

func TestParse(t *testing.T) {
	for _, c := range []struct {
		body, listed, conf string
		wantL              bool
		wantC              float64
		err                bool
	}{
		{`{"data":{"abuseConfidenceScore":87}}`, "", "data.abuseConfidenceScore", false, 87, false},
		{`{"listed":true,"score":"55.5"}`, "listed", "score", true, 55.5, false},
		{`{"results":[{"blocked":1}]}`, "results.0.blocked", "", true, -1, false},
		{`{"listed":"no"}`, "listed", "", false, -1, true},
		{`{"a":1}`, "b", "", false, 0, true},
		{`not json`, "a", "", false, 0, true},
	} {
		l, conf, err := Parse([]byte(c.body), c.listed, c.conf)
		if (err != nil) != c.err || (!c.err && (l != c.wantL || conf != c.wantC)) {
			t.Errorf("Parse(%s) = %v %v %v", c.body, l, conf, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"data":{"abuseConfidenceScore":87,"isListed":true}}`), "data.isListed", "data.abuseConfidenceScore")
	f.Add([]byte(`[1,{"x":"true"}]`), "1.x", "0")
	f.Fuzz(func(t *testing.T, body []byte, l, c string) {
		Parse(body, l, c)
	})
}
