// Package report tells other systems about bans: a webhook (a JSON body
// from a template), a command hook (argv, no shell), and a blocklist's
// report API (categories mapped from the rules' categories).
//
// Reporting never holds up a ban: Report queues the event (a full queue
// drops it, counted); a worker delivers it with retries and exponential
// backoff. An allowlisted or protected address is never reported, and a
// target receives only the fields its template names.
package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guardctl/guardctl/ipprefix"
)

// Event is one ban or unban.
type Event struct {
	Action     string // ban, unban
	Prefix     netip.Prefix
	Reason     string
	Rules      []string
	Categories []string // the fired rules' categories (sqli, scanner, ...)
	Duration   time.Duration
	Offence    int
	Origin     string // auto, manual, cluster, ...
	Time       time.Time
}

// Options configure a Reporter; a target with an empty URL (or command)
// is off.
type Options struct {
	Events  []string // actions reported; default ban
	Retries int
	Backoff time.Duration
	Queue   int
	Timeout time.Duration

	WebhookURL     string
	WebhookBody    string // template; empty: DefaultBody
	WebhookHeaders map[string]string

	Command []string // argv template

	BlocklistURL       string
	BlocklistKeyHeader string
	BlocklistKey       string
	Categories         map[string]string // rule category -> the blocklist's categories
	DefaultCategory    string

	// Protected refuses addresses that must never be reported (allow
	// list, trusted proxies, the host's own); nil reports everything.
	Protected func(netip.Prefix) error
	Log       *slog.Logger
	// Client is the HTTP client; nil: one with Timeout.
	Client *http.Client
}

// DefaultBody is the webhook body when none is configured: the decision,
// nothing about the requests behind it.
const DefaultBody = `{"action":"{action}","ip":"{ip}","reason":"{reason}","duration_seconds":{duration_seconds},"offence":{offence},"time":"{time}"}`

// Stats counts deliveries.
type Stats struct {
	Queued, Dropped, Skipped, Delivered, Failed, Retried uint64
}

// Reporter delivers events.
type Reporter struct {
	opts  Options
	queue chan Event
	log   *slog.Logger
	http  *http.Client
	sleep func(context.Context, time.Duration) bool

	queued, dropped, skipped, delivered, failed, retried atomic.Uint64
}

// New returns a Reporter, or nil when no target is configured.
func New(opts Options) *Reporter {
	if opts.WebhookURL == "" && len(opts.Command) == 0 && opts.BlocklistURL == "" {
		return nil
	}
	if len(opts.Events) == 0 {
		opts.Events = []string{"ban"}
	}
	if opts.Queue <= 0 {
		opts.Queue = 1024
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.Backoff <= 0 {
		opts.Backoff = 2 * time.Second
	}
	r := &Reporter{opts: opts, queue: make(chan Event, opts.Queue), log: opts.Log, http: opts.Client, sleep: sleepCtx}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	if r.http == nil {
		r.http = &http.Client{Timeout: opts.Timeout}
	}
	return r
}

// Report queues ev for delivery; it never blocks. It returns false when the
// event is not reported (not an action asked for, a protected address, or
// a full queue).
func (r *Reporter) Report(ev Event) bool {
	if r == nil || !slices.Contains(r.opts.Events, ev.Action) {
		return false
	}
	if r.opts.Protected != nil && r.opts.Protected(ev.Prefix) != nil {
		r.skipped.Add(1)
		return false
	}
	select {
	case r.queue <- ev:
		r.queued.Add(1)
		return true
	default:
		r.dropped.Add(1)
		r.log.Warn("report queue full; event not reported", "action", ev.Action, "client", ev.Prefix)
		return false
	}
}

// Stats returns the counters.
func (r *Reporter) Stats() Stats {
	return Stats{Queued: r.queued.Load(), Dropped: r.dropped.Load(), Skipped: r.skipped.Load(),
		Delivered: r.delivered.Load(), Failed: r.failed.Load(), Retried: r.retried.Load()}
}

// Run delivers queued events until ctx ends; events still queued then are
// not delivered.
func (r *Reporter) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-r.queue:
			r.deliver(ctx, ev)
		}
	}
}

func (r *Reporter) deliver(ctx context.Context, ev Event) {
	var wg sync.WaitGroup
	for _, t := range r.targets(ev) {
		wg.Go(func() {
			err := r.retry(ctx, t.name, func(ctx context.Context) error { return t.send(ctx, ev) })
			if err != nil {
				r.failed.Add(1)
				r.log.Warn("report failed", "target", t.name, "action", ev.Action, "client", ev.Prefix, "err", err)
				return
			}
			r.delivered.Add(1)
		})
	}
	wg.Wait()
}

type target struct {
	name string
	send func(context.Context, Event) error
}

func (r *Reporter) targets(ev Event) []target {
	var ts []target
	if r.opts.WebhookURL != "" {
		ts = append(ts, target{"webhook", r.webhook})
	}
	if len(r.opts.Command) > 0 {
		ts = append(ts, target{"command", r.command})
	}
	if r.opts.BlocklistURL != "" && ev.Action == "ban" {
		ts = append(ts, target{"blocklist", r.blocklist})
	}
	return ts
}

// permanent marks an error no retry can fix (a 4xx answer).
type permanent struct{ error }

func (r *Reporter) retry(ctx context.Context, name string, fn func(context.Context) error) error {
	wait := r.opts.Backoff
	var err error
	for attempt := 0; ; attempt++ {
		actx, cancel := context.WithTimeout(ctx, r.opts.Timeout)
		err = fn(actx)
		cancel()
		var p permanent
		if err == nil || errors.As(err, &p) || attempt >= r.opts.Retries || ctx.Err() != nil {
			return err
		}
		r.retried.Add(1)
		r.log.Debug("report will be retried", "target", name, "in", wait, "err", err)
		if !r.sleep(ctx, wait) {
			return err
		}
		wait = min(wait*2, 5*time.Minute)
	}
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

func (r *Reporter) webhook(ctx context.Context, ev Event) error {
	tmpl := r.opts.WebhookBody
	if tmpl == "" {
		tmpl = DefaultBody
	}
	body := Expand(tmpl, ev, jsonEscape)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.opts.WebhookURL, strings.NewReader(body))
	if err != nil {
		return permanent{err}
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range r.opts.WebhookHeaders {
		req.Header.Set(k, v)
	}
	return r.do(req)
}

func (r *Reporter) blocklist(ctx context.Context, ev Event) error {
	form := url.Values{}
	form.Set("ip", ipprefix.String(ev.Prefix))
	form.Set("categories", r.categories(ev))
	form.Set("comment", fmt.Sprintf("guardctl: %s", ev.Reason))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.opts.BlocklistURL, strings.NewReader(form.Encode()))
	if err != nil {
		return permanent{err}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if r.opts.BlocklistKeyHeader != "" {
		req.Header.Set(r.opts.BlocklistKeyHeader, r.opts.BlocklistKey)
	}
	return r.do(req)
}

// categories maps the event's rule categories to the blocklist's,
// without duplicates, in a stable order.
func (r *Reporter) categories(ev Event) string {
	var out []string
	for _, c := range ev.Categories {
		for _, m := range strings.Split(r.opts.Categories[c], ",") {
			if m = strings.TrimSpace(m); m != "" && !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	if len(out) == 0 && r.opts.DefaultCategory != "" {
		out = strings.Split(r.opts.DefaultCategory, ",")
	}
	return strings.Join(out, ",")
}

func (r *Reporter) do(req *http.Request) error {
	resp, err := r.http.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its message repeats the URL, which may carry a key
		}
		return err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return fmt.Errorf("%s", resp.Status)
	}
	return permanent{fmt.Errorf("%s", resp.Status)}
}

func (r *Reporter) command(ctx context.Context, ev Event) error {
	argv := make([]string, len(r.opts.Command))
	for i, a := range r.opts.Command {
		argv[i] = Expand(a, ev, nil)
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(out.String())
		if len(msg) > 200 {
			msg = msg[:200] + "..."
		}
		if errors.Is(err, exec.ErrNotFound) {
			return permanent{err}
		}
		return fmt.Errorf("%s: %w: %s", argv[0], err, msg)
	}
	return nil
}

// Placeholders a template may use.
var placeholders = []string{"{action}", "{ip}", "{prefix}", "{reason}", "{rules}", "{categories}",
	"{duration}", "{duration_seconds}", "{offence}", "{origin}", "{time}"}

// Expand replaces the placeholders of tmpl with ev's fields (each passed
// through esc when set). Only what tmpl names is filled in.
func Expand(tmpl string, ev Event, esc func(string) string) string {
	if esc == nil {
		esc = func(s string) string { return s }
	}
	val := func(p string) string {
		switch p {
		case "{action}":
			return ev.Action
		case "{ip}":
			return ipprefix.String(ev.Prefix)
		case "{prefix}":
			if ev.Prefix.IsValid() {
				return ev.Prefix.Masked().String()
			}
			return ""
		case "{reason}":
			return ev.Reason
		case "{rules}":
			return strings.Join(ev.Rules, ",")
		case "{categories}":
			return strings.Join(ev.Categories, ",")
		case "{duration}":
			if ev.Duration <= 0 {
				return "permanent"
			}
			return ev.Duration.String()
		case "{duration_seconds}":
			return strconv.FormatInt(int64(ev.Duration/time.Second), 10)
		case "{offence}":
			return strconv.Itoa(ev.Offence)
		case "{origin}":
			return ev.Origin
		case "{time}":
			return ev.Time.UTC().Format(time.RFC3339)
		}
		return p
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		b.WriteString(tmpl[:i])
		tmpl = tmpl[i:]
		j := strings.IndexByte(tmpl, '}')
		if j < 0 || !slices.Contains(placeholders, tmpl[:j+1]) {
			b.WriteByte('{')
			tmpl = tmpl[1:]
			continue
		}
		b.WriteString(esc(val(tmpl[:j+1])))
		tmpl = tmpl[j+1:]
	}
}

// jsonEscape makes s safe inside a JSON string literal.
func jsonEscape(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}
