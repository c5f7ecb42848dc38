// Package feeds downloads address lists (blocklist feeds, cloud ranges)
// into the state directory and keeps the last good copy.
//
// A download is conditional (If-None-Match / If-Modified-Since from the
// last good copy), bounded in size and time, and checked by the caller's
// parser before it replaces anything: an error page, a truncated body or an
// empty list never replaces a list that worked. The outcome of every
// attempt is kept next to the copy, for `guardctl lists`.
package feeds

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Source is one list: downloaded from URL, or read from File.
type Source struct {
	Name string // file name in the cache directory; [a-z0-9_-]
	URL  string
	File string
}

// Origin is the URL (its query and user info dropped: feed URLs carry API
// keys there) or the file, for display.
func (s Source) Origin() string {
	if s.URL != "" {
		return redactURL(s.URL)
	}
	return s.File
}

// Validate parses a download and returns how many entries it holds. An
// error, or zero entries, refuses the download.
type Validate func(data []byte) (entries int, err error)

// Meta is what is known about a list's copy, saved as <name>.json.
type Meta struct {
	Name         string    `json:"name"`
	Source       string    `json:"source"` // Source.Origin(): no key
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Fetched      time.Time `json:"fetched,omitzero"` // the copy was downloaded
	Checked      time.Time `json:"checked,omitzero"` // the last attempt that worked (200 or 304)
	Entries      int       `json:"entries"`
	Size         int64     `json:"size"`
	Error        string    `json:"error,omitempty"` // the last attempt's error; "" when it worked
	ErrorAt      time.Time `json:"error_at,omitzero"`
	// Kind and Applied are kept by the daemon: what kind of list this is
	// and when its entries (Kernel of them, after merging) were last
	// loaded into the kernel.
	Kind      string    `json:"kind,omitempty"`
	Applied   time.Time `json:"applied,omitzero"`
	Kernel    int       `json:"kernel,omitempty"`
	LoadError string    `json:"load_error,omitempty"`
}

// Fetcher downloads into Dir.
type Fetcher struct {
	Dir     string
	Client  *http.Client // nil: a client with no overall timeout (Timeout bounds each call)
	Timeout time.Duration
	MaxSize int64
	Now     func() time.Time
	// UserAgent is sent with every request; feeds ask to be identified.
	UserAgent string
}

func (f *Fetcher) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}

func (f *Fetcher) dataPath(name string) string { return filepath.Join(f.Dir, name+".list") }
func (f *Fetcher) metaPath(name string) string { return filepath.Join(f.Dir, name+".json") }

// Result is the outcome of one Update.
type Result struct {
	Meta     Meta
	Changed  bool // a new copy replaced the old one
	NotModif bool // the server said 304
}

// ErrTooLarge is returned for a download over MaxSize.
var ErrTooLarge = errors.New("download larger than lists.max_size")

// Update fetches src (a URL source) and, when the download is new and
// valid, replaces the copy. On any failure the old copy stays and the
// error is recorded in the meta file as well as returned.
func (f *Fetcher) Update(ctx context.Context, src Source, validate Validate) (Result, error) {
	if src.URL == "" {
		return Result{}, fmt.Errorf("list %s: no url to fetch", src.Name)
	}
	if err := os.MkdirAll(f.Dir, 0o750); err != nil {
		return Result{}, fmt.Errorf("list %s: %w", src.Name, err)
	}
	meta, _ := f.ReadMeta(src.Name)
	if meta.Source != src.Origin() {
		meta.ETag, meta.LastModified = "", "" // a new URL: nothing to compare with
	}
	meta.Name, meta.Source = src.Name, src.Origin()
	res, err := f.fetch(ctx, src, &meta, validate)
	now := f.now()
	if err != nil {
		meta.Error, meta.ErrorAt = err.Error(), now
	} else {
		meta.Error, meta.ErrorAt = "", time.Time{}
		meta.Checked = now
		if res.Changed {
			meta.Fetched = now
		}
	}
	res.Meta = meta
	if werr := writeJSON(f.metaPath(src.Name), meta); werr != nil && err == nil {
		err = fmt.Errorf("list %s: save meta: %w", src.Name, werr)
	}
	return res, err
}

func (f *Fetcher) fetch(ctx context.Context, src Source, meta *Meta, validate Validate) (Result, error) {
	timeout := f.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src.URL, nil)
	if err != nil {
		return Result{}, fmt.Errorf("list %s: %w", src.Name, err)
	}
	if f.UserAgent != "" {
		req.Header.Set("User-Agent", f.UserAgent)
	}
	// Only ask "has it changed?" when the copy is still there to keep.
	if _, err := os.Stat(f.dataPath(src.Name)); err == nil {
		if meta.ETag != "" {
			req.Header.Set("If-None-Match", meta.ETag)
		}
		if meta.LastModified != "" {
			req.Header.Set("If-Modified-Since", meta.LastModified)
		}
	}
	client := f.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its message repeats the URL, key included
		}
		return Result{}, fmt.Errorf("list %s: fetch %s: %w", src.Name, redactURL(src.URL), err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return Result{NotModif: true}, nil
	case resp.StatusCode != http.StatusOK:
		return Result{}, fmt.Errorf("list %s: fetch %s: %s", src.Name, redactURL(src.URL), resp.Status)
	}
	max := f.MaxSize
	if max <= 0 {
		max = 32 << 20
	}
	if resp.ContentLength > max {
		return Result{}, fmt.Errorf("list %s: %w (%d > %d bytes)", src.Name, ErrTooLarge, resp.ContentLength, max)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return Result{}, fmt.Errorf("list %s: read %s: %w", src.Name, redactURL(src.URL), err)
	}
	if int64(len(data)) > max {
		return Result{}, fmt.Errorf("list %s: %w (%d bytes)", src.Name, ErrTooLarge, max)
	}
	n, err := validate(data)
	if err != nil {
		return Result{}, fmt.Errorf("list %s: download refused, last good copy kept: %w", src.Name, err)
	}
	if n == 0 {
		return Result{}, fmt.Errorf("list %s: download refused, last good copy kept: no entry", src.Name)
	}
	if err := writeFile(f.dataPath(src.Name), data); err != nil {
		return Result{}, fmt.Errorf("list %s: save: %w", src.Name, err)
	}
	meta.ETag = resp.Header.Get("ETag")
	meta.LastModified = resp.Header.Get("Last-Modified")
	meta.Entries, meta.Size = n, int64(len(data))
	return Result{Changed: true}, nil
}

// Load returns the list's current data: the last good download for a URL
// source, the file itself for a file source (bounded by MaxSize too).
func (f *Fetcher) Load(src Source) ([]byte, error) {
	path := src.File
	if src.URL != "" {
		path = f.dataPath(src.Name)
	}
	fh, err := os.Open(path)
	if err != nil {
		if src.URL != "" && errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("list %s: not downloaded yet (guardctl lists update): %w", src.Name, err)
		}
		return nil, fmt.Errorf("list %s: %w", src.Name, err)
	}
	defer fh.Close()
	max := f.MaxSize
	if max <= 0 {
		max = 32 << 20
	}
	data, err := io.ReadAll(io.LimitReader(fh, max+1))
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", src.Name, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("list %s: %w (%s)", src.Name, ErrTooLarge, path)
	}
	return data, nil
}

// ReadMeta returns the saved meta of a list; the zero Meta when none.
func (f *Fetcher) ReadMeta(name string) (Meta, error) {
	var m Meta
	b, err := os.ReadFile(f.metaPath(name))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return Meta{}, fmt.Errorf("list %s meta: %w", name, err)
	}
	return m, nil
}

// WriteMeta saves a list's meta (the daemon records load errors of file
// sources there too).
func (f *Fetcher) WriteMeta(m Meta) error {
	if err := os.MkdirAll(f.Dir, 0o750); err != nil {
		return err
	}
	return writeJSON(f.metaPath(m.Name), m)
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(path, append(b, '\n'))
}

// writeFile replaces path atomically: readers see the old or the new
// content, never a part, and a crash leaves the old one.
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o640)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// redactURL drops the query and user info from a URL for messages: feed
// URLs often carry an API key there.
func redactURL(s string) string {
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i] + "?..."
	}
	if i := strings.Index(s, "://"); i >= 0 {
		if j := strings.Index(s[i+3:], "@"); j >= 0 && !strings.Contains(s[i+3:i+3+j], "/") {
			s = s[:i+3] + s[i+3+j+1:]
		}
	}
	return s
}
