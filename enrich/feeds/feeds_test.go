package feeds

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guardctl/guardctl/enrich/netset"
)

func validateList(data []byte) (int, error) {
	ps, _, err := netset.Parse(bytes.NewReader(data))
	return len(ps), err
}

// feedServer serves body with an ETag and honours If-None-Match; mode
// switches it to a failure.
type feedServer struct {
	body  atomic.Pointer[string]
	mode  atomic.Pointer[string]
	hits  atomic.Int32
	conds atomic.Int32 // conditional requests seen
}

func (s *feedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.hits.Add(1)
	body := *s.body.Load()
	etag := `"` + string(rune('a'+len(body)%26)) + `"`
	mode := ""
	if m := s.mode.Load(); m != nil {
		mode = *m
	}
	switch mode {
	case "500":
		http.Error(w, "boom", 500)
		return
	case "slow":
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
		return
	case "html":
		w.Write([]byte("<html><body><h1>Service Unavailable</h1>\n<p>try later</p></body></html>\n"))
		return
	case "empty":
		w.Write([]byte("# nothing today\n"))
		return
	case "truncated":
		w.Header().Set("Content-Length", "10000")
		w.Write([]byte("192.0.2.1\n192.0."))
		return // the client sees an unexpected EOF
	case "huge":
		junk := bytes.Repeat([]byte("\x00garbage\xff"), 1<<20) // 10 MB
		w.Write(junk)
		return
	}
	if r.Header.Get("If-None-Match") != "" {
		s.conds.Add(1)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Last-Modified", "Mon, 02 Jan 2006 15:04:05 GMT")
	w.Write([]byte(body))
}

func (s *feedServer) set(body, mode string) {
	s.body.Store(&body)
	s.mode.Store(&mode)
}

func TestUpdateKeepsLastGoodCopy(t *testing.T) {
	srv := &feedServer{}
	srv.set("; DROP\n192.0.2.0/24 ; SBL1\n198.51.100.0/24 ; SBL2\n", "")
	ts := httptest.NewServer(srv)
	defer ts.Close()
	f := &Fetcher{Dir: t.TempDir(), Timeout: 500 * time.Millisecond, MaxSize: 1 << 20}
	src := Source{Name: "drop", URL: ts.URL + "/drop.txt?key=secret"}
	ctx := context.Background()

	res, err := f.Update(ctx, src, validateList)
	if err != nil || !res.Changed || res.Meta.Entries != 2 {
		t.Fatalf("first update: %+v %v", res, err)
	}
	good, _ := f.Load(src)
	// The key in the query is not written to the meta file nor shown.
	if b, _ := os.ReadFile(f.metaPath("drop")); strings.Contains(string(b), "secret") {
		t.Errorf("meta file holds the URL's key: %s", b)
	}
	if o := src.Origin(); strings.Contains(o, "secret") {
		t.Errorf("Origin() = %q shows the key", o)
	}

	// Unchanged: a conditional request answered 304, the copy stays.
	res, err = f.Update(ctx, src, validateList)
	if err != nil || !res.NotModif || res.Changed {
		t.Fatalf("second update: %+v %v", res, err)
	}
	if srv.conds.Load() != 1 {
		t.Errorf("conditional requests = %d, want 1", srv.conds.Load())
	}

	for _, mode := range []string{"500", "slow", "html", "empty", "truncated", "huge"} {
		t.Run(mode, func(t *testing.T) {
			srv.set("203.0.113.0/24\n", mode) // a new body the failure hides
			res, err := f.Update(ctx, src, validateList)
			if err == nil {
				t.Fatalf("update succeeded: %+v", res)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error shows the URL's key: %v", err)
			}
			data, lerr := f.Load(src)
			if lerr != nil || !bytes.Equal(data, good) {
				t.Errorf("copy changed after a failed update: %q %v", data, lerr)
			}
			m, _ := f.ReadMeta("drop")
			if m.Error == "" || m.Entries != 2 || m.Fetched.IsZero() {
				t.Errorf("meta after failure: %+v", m)
			}
		})
	}

	srv.set("203.0.113.0/24\n2001:db8::/32\n192.0.2.9\n", "")
	res, err = f.Update(ctx, src, validateList)
	if err != nil || !res.Changed || res.Meta.Entries != 3 || res.Meta.Error != "" {
		t.Fatalf("recovery: %+v %v", res, err)
	}
}

func TestHugeRefusedByContentLength(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "20000000")
		w.WriteHeader(200)
	}))
	defer ts.Close()
	f := &Fetcher{Dir: t.TempDir(), MaxSize: 1 << 20}
	_, err := f.Update(context.Background(), Source{Name: "x", URL: ts.URL}, validateList)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

func TestLoadFileAndMissing(t *testing.T) {
	dir := t.TempDir()
	f := &Fetcher{Dir: dir, MaxSize: 100}
	if _, err := f.Load(Source{Name: "n", URL: "http://127.0.0.1:1/x"}); err == nil || !strings.Contains(err.Error(), "lists update") {
		t.Errorf("missing copy: %v", err)
	}
	p := dir + "/mine.txt"
	os.WriteFile(p, []byte("192.0.2.1\n"), 0o644)
	if b, err := f.Load(Source{Name: "mine", File: p}); err != nil || string(b) != "192.0.2.1\n" {
		t.Errorf("file: %q %v", b, err)
	}
	os.WriteFile(p, bytes.Repeat([]byte("1"), 200), 0o644)
	if _, err := f.Load(Source{Name: "mine", File: p}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("large file: %v", err)
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://user:pw@feeds.example/x?key=1": "https://feeds.example/x?...",
		"http://h/p":                            "http://h/p",
	} {
		if got := redactURL(in); got != want {
			t.Errorf("redactURL(%q) = %q, want %q", in, got, want)
		}
	}
}
