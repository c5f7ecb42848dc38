package control

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"
)

// clientTimeout bounds one request; a daemon that accepts the connection
// but never answers must not hang an admin's shell.
const clientTimeout = 2 * time.Minute

// maxResponseBytes bounds what the client reads (a list of a million bans
// is about 200 MB of JSON).
const maxResponseBytes = 512 << 20

// answerWait is how long a request waits for the daemon's answer before
// the client asks, on a second connection, whether the daemon answers at
// all; probeWait bounds that question. A daemon stopped (SIGSTOP, a
// debugger) or wedged before its HTTP server still has its socket
// accepting connections into the kernel's backlog: without the question
// every verb waited the whole clientTimeout (2 min) and then said only
// "context deadline exceeded". A daemon that answers the question is
// working on the request (a ban waits for the queued bans; a list of a
// million bans takes a while) and is waited for.
const (
	answerWait = 5 * time.Second
	probeWait  = 3 * time.Second
)

// Client talks to a daemon's control socket. It implements Service.
type Client struct {
	path string
	http *http.Client
	// answerWait and probeWait: the constants, shorter in tests.
	answerWait, probeWait time.Duration
}

var _ Service = (*Client)(nil)

// SetWaits replaces answerWait and probeWait (zero keeps one): how long a
// request waits for an answer before asking whether the daemon is alive,
// and how long that question waits. Tests of a stopped daemon set them
// shorter; a caller that cannot wait seconds can too.
func (c *Client) SetWaits(answer, probe time.Duration) *Client {
	if answer > 0 {
		c.answerWait = answer
	}
	if probe > 0 {
		c.probeWait = probe
	}
	return c
}

// Dial returns a client for the socket at socketPath. It does not connect
// until a method is called; a method finding no daemon returns an error
// wrapping ErrNotRunning.
func Dial(socketPath string) *Client {
	var d net.Dialer
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return d.DialContext(ctx, "unix", socketPath)
		},
		MaxIdleConns:    2,
		IdleConnTimeout: 30 * time.Second,
	}
	return &Client{path: socketPath, http: &http.Client{Transport: tr, Timeout: clientTimeout}, answerWait: answerWait, probeWait: probeWait}
}

// Close releases idle connections.
func (c *Client) Close() error {
	c.http.CloseIdleConnections()
	return nil
}

func (c *Client) Ban(ctx context.Context, req BanRequest) (BanInfo, error) {
	var info BanInfo
	err := c.do(ctx, http.MethodPost, "/v1/bans", req, &info)
	return info, err
}

func (c *Client) Unban(ctx context.Context, req UnbanRequest) ([]BanInfo, error) {
	var lifted []BanInfo
	err := c.do(ctx, http.MethodDelete, "/v1/bans", req, &lifted)
	return lifted, err
}

func (c *Client) List(ctx context.Context) ([]BanInfo, error) {
	var bans []BanInfo
	err := c.do(ctx, http.MethodGet, "/v1/bans", nil, &bans)
	return bans, err
}

func (c *Client) Covering(ctx context.Context, addr netip.Addr) ([]BanInfo, error) {
	var bans []BanInfo
	err := c.do(ctx, http.MethodGet, "/v1/bans?covering="+url.QueryEscape(addr.String()), nil, &bans)
	return bans, err
}

func (c *Client) Status(ctx context.Context) (Status, error) {
	var st Status
	err := c.do(ctx, http.MethodGet, "/v1/status", nil, &st)
	return st, err
}

func (c *Client) Reload(ctx context.Context) (ReloadResult, error) {
	var res ReloadResult
	err := c.do(ctx, http.MethodPost, "/v1/reload", nil, &res)
	return res, err
}

func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("%s %s: encode request: %w", method, path, err)
		}
		body = bytes.NewReader(b)
	}
	// The host part is ignored by the unix dialer; it names the service
	// in the daemon's logs.
	req, err := http.NewRequestWithContext(ctx, method, "http://guardctl"+path, body)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.send(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	r := io.LimitReader(resp.Body, maxResponseBytes)
	if resp.StatusCode != http.StatusOK {
		var eb errorBody
		data, _ := io.ReadAll(io.LimitReader(r, 1<<20))
		if json.Unmarshal(data, &eb) != nil || eb.Error == "" {
			eb = errorBody{Error: fmt.Sprintf("daemon answered %s: %s", resp.Status, bytes.TrimSpace(data)), Code: CodeInternal}
		}
		return &RemoteError{Status: resp.StatusCode, Code: eb.Code, Message: eb.Error, Detail: eb.Detail}
	}
	if bans, ok := out.(*[]BanInfo); ok {
		data, err := io.ReadAll(r)
		if err == nil {
			*bans, err = decodeBans(data)
		}
		if err != nil {
			return fmt.Errorf("%s %s: decode answer: %w", method, path, err)
		}
		return nil
	}
	if err := json.NewDecoder(r).Decode(out); err != nil {
		return fmt.Errorf("%s %s: decode answer: %w", method, path, err)
	}
	return nil
}

// send sends req and waits for the answer's headers. Every answerWait
// without them it asks whether the daemon answers at all (probe); when it
// does not, the request is given up with ErrNoAnswer.
func (c *Client) send(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancelCause(req.Context())
	type result struct {
		resp *http.Response
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := c.http.Do(req.WithContext(ctx))
		done <- result{resp, err}
	}()
	start := time.Now()
	t := time.NewTimer(c.answerWait)
	defer t.Stop()
	for {
		select {
		case r := <-done:
			if r.err != nil {
				cancel(nil)
				return nil, c.requestError(r.err, req.Method, time.Since(start))
			}
			// The body is read under ctx: cancelled when it is closed.
			r.resp.Body = &cancelOnClose{ReadCloser: r.resp.Body, cancel: cancel}
			return r.resp, nil
		case <-t.C:
			if err := c.probe(); err != nil {
				cancel(err)
				if r := <-done; r.resp != nil {
					r.resp.Body.Close()
				}
				return nil, fmt.Errorf("control socket %s: %w: no answer to %s %s within %s, nor to a second connection within %s (%v); is the process stopped (state T in ps) or stuck? systemctl status guardctl, or restart it.%s",
					c.path, ErrNoAnswer, req.Method, req.URL.Path, time.Since(start).Round(time.Second), c.probeWait, err, unanswered(req.Method))
			}
			t.Reset(c.answerWait)
		}
	}
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelCauseFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel(nil)
	return err
}

// probe asks the daemon, on a connection of its own, for any HTTP answer
// (an unknown path: the server's fallback answers it without taking any
// of the daemon's locks). nil: the daemon's server is alive.
func (c *Client) probe() error {
	conn, err := net.DialTimeout("unix", c.path, c.probeWait)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(c.probeWait)); err != nil {
		return err
	}
	if _, err := io.WriteString(conn, "GET /v1/alive HTTP/1.1\r\nHost: guardctl\r\nConnection: close\r\n\r\n"); err != nil {
		return err
	}
	var head [5]byte
	if _, err := io.ReadFull(conn, head[:]); err != nil {
		return err
	}
	if string(head[:]) != "HTTP/" {
		return fmt.Errorf("answered %q, not HTTP", head[:])
	}
	return nil
}

// requestError is the error of a request that got no answer: dialError's
// kinds, and a request that ran out of time (clientTimeout) as
// ErrNoAnswer, not as "context deadline exceeded".
func (c *Client) requestError(err error, method string, took time.Duration) error {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return fmt.Errorf("control socket %s: %w: no answer within %s: %w.%s", c.path, ErrNoAnswer, took.Round(time.Second), err, unanswered(method))
	}
	return c.dialError(err)
}

// unanswered is what the admin is told about a change the daemon did not
// answer: it was sent, so a stopped daemon carries it out when it
// continues (whole: the daemon does not stop a change when its client
// goes away), and a stuck one may have done part of it. Every change is
// safe to repeat. Nothing for a read.
func unanswered(method string) string {
	if method == http.MethodGet || method == http.MethodHead {
		return ""
	}
	return " The request was sent: a stopped daemon carries it out when it continues, but it may be half applied: check list/status and repeat it (safe to repeat)"
}

// dialError turns "nobody listens" into ErrNotRunning: a missing socket
// (the daemon never ran or removed it on exit) or a refused connection (it
// died and left the socket). Other errors, permission denied above all,
// are returned as they are: the daemon may well be running.
func (c *Client) dialError(err error) error {
	if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ECONNREFUSED) {
		return fmt.Errorf("%w (nothing listens on %s)", ErrNotRunning, c.path)
	}
	if errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM) {
		return fmt.Errorf("control socket %s: %w (run as root or as a member of the socket's group): %w", c.path, ErrDenied, err)
	}
	return fmt.Errorf("control socket %s: %w", c.path, err)
}
