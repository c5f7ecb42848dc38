// Package reputation asks an HTTP reputation API whether a client address
// is known to be abusive. The API is described, not built in: a URL
// template, a header for the key, and the JSON fields that say "listed"
// and "confidence", so any provider fits.
//
// Checks never block the caller: Check only queues the address; a bounded
// pool of workers asks the API, at a bounded rate and with a short
// timeout, and reports positive answers through a callback. Answers are
// cached for a TTL; a full queue drops checks (counted) rather than wait.
package reputation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Config describes the API and the limits.
type Config struct {
	URL             string // with {ip}
	KeyHeader       string
	Key             string
	ListedField     string // dotted path to a boolean (or 0/1, "true")
	ConfidenceField string // dotted path to a number 0..100
	MinConfidence   float64
	TTL             time.Duration
	Timeout         time.Duration
	Concurrency     int
	RatePerMinute   int
	// QueueSize bounds the checks waiting for a worker (default 1024).
	QueueSize int
	// MaxCache bounds the cached answers (default 100,000).
	MaxCache int
}

// Answer is what the API said about one address.
type Answer struct {
	Addr       netip.Addr
	Listed     bool    // listed_field true, or confidence >= MinConfidence
	Confidence float64 // -1 when the API gives none
	Err        error   // the check failed (timeout, HTTP error, bad JSON)
}

// Stats counts what the checker did.
type Stats struct {
	Queued, Dropped, Cached, Asked, Listed, Failed uint64
}

// Checker runs the checks. Create with New, start with Run.
type Checker struct {
	cfg    Config
	client *http.Client
	onDone func(Answer)
	now    func() time.Time

	queue chan netip.Addr

	mu       sync.Mutex
	cache    map[netip.Addr]cached
	inflight map[netip.Addr]bool

	queued, dropped, cachedN, asked, listed, failed atomic.Uint64
}

type cached struct {
	listed bool
	until  time.Time
}

// New returns a Checker; onDone is called (from a worker) with every
// answer, positive or not, that came from the API.
func New(cfg Config, onDone func(Answer)) *Checker {
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 4
	}
	if cfg.RatePerMinute <= 0 {
		cfg.RatePerMinute = 60
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 2 * time.Second
	}
	if cfg.TTL <= 0 {
		cfg.TTL = 6 * time.Hour
	}
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 1024
	}
	if cfg.MaxCache <= 0 {
		cfg.MaxCache = 100_000
	}
	return &Checker{
		cfg:      cfg,
		client:   &http.Client{Timeout: cfg.Timeout},
		onDone:   onDone,
		now:      time.Now,
		queue:    make(chan netip.Addr, cfg.QueueSize),
		cache:    map[netip.Addr]cached{},
		inflight: map[netip.Addr]bool{},
	}
}

// Check queues a for a check unless a fresh answer is cached or a check
// is on its way. It never blocks.
func (c *Checker) Check(a netip.Addr) {
	if c == nil || !a.IsValid() {
		return
	}
	a = a.Unmap()
	now := c.now()
	c.mu.Lock()
	if e, ok := c.cache[a]; ok && now.Before(e.until) {
		c.mu.Unlock()
		c.cachedN.Add(1)
		return
	}
	if c.inflight[a] {
		c.mu.Unlock()
		return
	}
	select {
	case c.queue <- a:
		c.inflight[a] = true
		c.queued.Add(1)
	default:
		c.dropped.Add(1)
	}
	c.mu.Unlock()
}

// Cached returns the cached answer for a, if fresh.
func (c *Checker) Cached(a netip.Addr) (listed, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.cache[a.Unmap()]
	if !ok || !c.now().Before(e.until) {
		return false, false
	}
	return e.listed, true
}

// Stats returns the counters.
func (c *Checker) Stats() Stats {
	return Stats{Queued: c.queued.Load(), Dropped: c.dropped.Load(), Cached: c.cachedN.Load(),
		Asked: c.asked.Load(), Listed: c.listed.Load(), Failed: c.failed.Load()}
}

// Run starts the workers and blocks until ctx ends.
func (c *Checker) Run(ctx context.Context) {
	// One token per 1/rate minute, a burst of up to Concurrency.
	interval := time.Minute / time.Duration(c.cfg.RatePerMinute)
	tokens := make(chan struct{}, c.cfg.Concurrency)
	for range c.cfg.Concurrency {
		tokens <- struct{}{}
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				select {
				case tokens <- struct{}{}:
				default:
				}
			}
		}
	})
	for range c.cfg.Concurrency {
		wg.Go(func() {
			for {
				select {
				case <-ctx.Done():
					return
				case a := <-c.queue:
					select {
					case <-ctx.Done():
						return
					case <-tokens:
					}
					c.finish(c.ask(ctx, a))
				}
			}
		})
	}
	wg.Wait()
}

func (c *Checker) finish(ans Answer) {
	c.mu.Lock()
	delete(c.inflight, ans.Addr)
	if ans.Err == nil {
		if len(c.cache) >= c.cfg.MaxCache {
			c.evictLocked()
		}
		c.cache[ans.Addr] = cached{listed: ans.Listed, until: c.now().Add(c.cfg.TTL)}
	}
	c.mu.Unlock()
	switch {
	case ans.Err != nil:
		c.failed.Add(1)
	case ans.Listed:
		c.listed.Add(1)
	}
	if c.onDone != nil {
		c.onDone(ans)
	}
}

// evictLocked drops expired answers, or half the cache when none expired.
func (c *Checker) evictLocked() {
	now := c.now()
	n := 0
	for a, e := range c.cache {
		if !now.Before(e.until) {
			delete(c.cache, a)
			n++
		}
	}
	if n > 0 {
		return
	}
	for a := range c.cache {
		delete(c.cache, a)
		if len(c.cache) <= c.cfg.MaxCache/2 {
			return
		}
	}
}

// maxBody bounds an API answer: a reputation answer is a few hundred
// bytes; anything past this is not one.
const maxBody = 64 << 10

func (c *Checker) ask(ctx context.Context, a netip.Addr) Answer {
	ans := Answer{Addr: a, Confidence: -1}
	c.asked.Add(1)
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	u := strings.ReplaceAll(c.cfg.URL, "{ip}", url.QueryEscape(a.String()))
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		ans.Err = err
		return ans
	}
	req.Header.Set("Accept", "application/json")
	if c.cfg.KeyHeader != "" && c.cfg.Key != "" {
		req.Header.Set(c.cfg.KeyHeader, c.cfg.Key)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its message repeats the URL
		}
		ans.Err = fmt.Errorf("reputation check of %s: %w", a, err)
		return ans
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		ans.Err = fmt.Errorf("reputation check of %s: %s", a, resp.Status)
		return ans
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err == nil && len(body) > maxBody {
		err = fmt.Errorf("answer larger than %d bytes", maxBody)
	}
	if err != nil {
		ans.Err = fmt.Errorf("reputation check of %s: %w", a, err)
		return ans
	}
	listed, conf, err := Parse(body, c.cfg.ListedField, c.cfg.ConfidenceField)
	if err != nil {
		ans.Err = fmt.Errorf("reputation check of %s: %w", a, err)
		return ans
	}
	ans.Confidence = conf
	switch {
	case c.cfg.ConfidenceField != "" && c.cfg.ListedField != "":
		ans.Listed = listed && conf >= c.cfg.MinConfidence
	case c.cfg.ConfidenceField != "":
		ans.Listed = conf >= c.cfg.MinConfidence
	default:
		ans.Listed = listed
	}
	return ans
}

// Parse reads an API answer: the boolean at listedPath and the number at
// confPath (dotted paths into nested objects; "data.abuseConfidenceScore").
// A path that is set must be present in the answer. conf is -1 when
// confPath is empty.
func Parse(body []byte, listedPath, confPath string) (listed bool, conf float64, err error) {
	var doc any
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return false, 0, fmt.Errorf("answer is not JSON: %w", err)
	}
	conf = -1
	if listedPath != "" {
		v, ok := lookup(doc, listedPath)
		if !ok {
			return false, 0, fmt.Errorf("answer has no %q", listedPath)
		}
		if listed, ok = truthy(v); !ok {
			return false, 0, fmt.Errorf("%q is not true or false", listedPath)
		}
	}
	if confPath != "" {
		v, ok := lookup(doc, confPath)
		if !ok {
			return false, 0, fmt.Errorf("answer has no %q", confPath)
		}
		if conf, ok = number(v); !ok {
			return false, 0, fmt.Errorf("%q is not a number", confPath)
		}
	}
	return listed, conf, nil
}

func lookup(v any, path string) (any, bool) {
	for _, k := range strings.Split(path, ".") {
		switch t := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = t[k]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(t) {
				return nil, false
			}
			v = t[i]
		default:
			return nil, false
		}
	}
	return v, true
}

func truthy(v any) (bool, bool) {
	switch t := v.(type) {
	case bool:
		return t, true
	case json.Number:
		f, err := t.Float64()
		return f != 0, err == nil
	case string:
		b, err := strconv.ParseBool(t)
		return b, err == nil
	case nil:
		return false, true
	}
	return false, false
}

func number(v any) (float64, bool) {
	switch t := v.(type) {
	case json.Number:
		f, err := t.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(t, 64)
		return f, err == nil
	}
	return 0, false
}
