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

// Client talks to a daemon's control socket. It implements Service.
type Client struct {
	path string
	http *http.Client
}

var _ Service = (*Client)(nil)

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
	return &Client{path: socketPath, http: &http.Client{Transport: tr, Timeout: clientTimeout}}
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
	resp, err := c.http.Do(req)
	if err != nil {
		return c.dialError(err)
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
