package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// Limits of the server. A request is a few hundred bytes; an unban of many
// prefixes stays far below the body limit.
const (
	maxBodyBytes      = 1 << 20
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 30 * time.Second
	// writeTimeout bounds a handler plus its response: a ban waits for an
	// fsync and a netlink round trip, a list of 100,000 bans is ~20 MB.
	writeTimeout    = 2 * time.Minute
	idleTimeout     = time.Minute
	shutdownTimeout = 5 * time.Second
	probeTimeout    = time.Second
)

// Serve answers the API (see API.md) on a unix socket at socketPath until
// ctx is done, then removes the socket. The parent directory is created
// (0750) when missing; an existing one is never changed. A socket left by a dead daemon is replaced; one
// another daemon still answers on is an error. The socket is 0600, or 0660
// and owned by group when group (a name or number) is set; the directory
// then lets that group search it when Serve created it (an existing one the
// group cannot search is logged as a warning). Members of the group are
// root-equivalent over what the socket reaches: they can ban and unban any
// address, lift every ban and reload the policy.
func Serve(ctx context.Context, socketPath, group string, svc Service, log *slog.Logger) error {
	return ServeListening(ctx, socketPath, group, svc, log, nil)
}

// ServeListening is Serve that calls listening (when not nil) once the
// socket is bound and in place, before the first request is answered: a
// daemon says READY only after that, so that `systemctl start guardctl &&
// guardctl ban ...` (or a test) never finds "nothing listens" on a daemon
// that reported itself ready (CI, session 9: the parity test's first
// control call failed at 0.00 s, the socket not yet bound).
func ServeListening(ctx context.Context, socketPath, group string, svc Service, log *slog.Logger, listening func()) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	gid := -1
	if group != "" {
		var err error
		if gid, err = lookupGroup(group); err != nil {
			return fmt.Errorf("control socket %s: %w", socketPath, err)
		}
	}
	ln, err := listen(socketPath, gid, log)
	if err != nil {
		return err
	}
	ours, err := os.Stat(socketPath)
	if err != nil {
		_ = ln.Close()
		return fmt.Errorf("control socket %s: %w", socketPath, err)
	}
	defer func() {
		// Remove the socket only if it is still the one we created: a
		// second daemon started by mistake must not unlink the first's.
		if fi, err := os.Stat(socketPath); err == nil && os.SameFile(fi, ours) {
			_ = os.Remove(socketPath)
		}
	}()

	// Requests run on a context of their own: in-flight ones finish during
	// Shutdown rather than abort half-way, and are cancelled only when the
	// grace period is over. Serve returns after the last handler did: its
	// caller closes what the handlers use (the store, the backend).
	reqCtx, cancelReqs := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelReqs()
	var inFlight sync.WaitGroup
	h := Handler(svc, log)
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			inFlight.Add(1)
			defer inFlight.Done()
			h.ServeHTTP(w, r)
		}),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return reqCtx },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("control socket listening", "path", socketPath)
	if listening != nil {
		// The listener is bound: connections queue in its backlog and
		// are answered as soon as srv.Serve accepts them.
		listening()
	}
	select {
	case err := <-errc:
		return fmt.Errorf("control socket %s: %w", socketPath, err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		cancelReqs()
		_ = srv.Close()
	}
	<-errc
	inFlight.Wait()
	return nil
}

// listen binds the socket under a temporary name, sets its mode and group,
// then renames it into place, so that no client ever finds socketPath with
// looser permissions than asked (the umask is process-wide and cannot be
// changed safely in a running daemon).
func listen(socketPath string, gid int, log *slog.Logger) (*net.UnixListener, error) {
	dir := filepath.Dir(socketPath)
	_, statErr := os.Stat(dir)
	created := errors.Is(statErr, os.ErrNotExist)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("control socket directory: %w", err)
	}
	if gid >= 0 {
		// Only a directory we just created is ours to give to the group:
		// an existing one (systemd's RuntimeDirectory, /run itself) keeps
		// its mode and group, whoever set them had reasons.
		if created {
			if err := groupSearch(dir, gid); err != nil {
				return nil, fmt.Errorf("control socket %s: %w", socketPath, err)
			}
		} else if !searchable(dir, gid) {
			log.Warn("the socket group cannot reach the control socket: its directory is not searchable by the group; left unchanged (e.g. RuntimeDirectoryMode=0755: the socket's own 0660 keeps others out)",
				"dir", dir, "gid", gid)
		}
	}
	if err := removeStale(socketPath); err != nil {
		return nil, err
	}
	tmp := filepath.Join(dir, "."+filepath.Base(socketPath)+".tmp"+strconv.Itoa(os.Getpid()))
	_ = os.Remove(tmp) // left by a crash of this very PID number
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: tmp, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("control socket %s: %w", socketPath, err)
	}
	// The path is renamed below and removed by Serve; Close must not
	// unlink whatever then has the temporary name.
	ln.SetUnlinkOnClose(false)
	fail := func(err error) (*net.UnixListener, error) {
		_ = ln.Close()
		_ = os.Remove(tmp)
		return nil, fmt.Errorf("control socket %s: %w", socketPath, err)
	}
	mode := os.FileMode(0o600)
	if gid >= 0 {
		if err := os.Lchown(tmp, -1, gid); err != nil {
			return fail(err)
		}
		mode = 0o660
	}
	if err := os.Chmod(tmp, mode); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, socketPath); err != nil {
		return fail(err)
	}
	return ln, nil
}

// searchable reports whether members of gid may search dir (other's
// search bit, or dir's group is gid with group search).
func searchable(dir string, gid int) bool {
	fi, err := os.Stat(dir)
	if err != nil {
		return false
	}
	perm := fi.Mode().Perm()
	st, ok := fi.Sys().(*syscall.Stat_t)
	return perm&0o001 != 0 || ok && int(st.Gid) == gid && perm&0o010 != 0
}

// groupSearch lets members of gid through dir to the socket: connecting
// needs search permission on the directory, and the runtime directory is
// 0750 root:root (the packaged unit), so a 0660 socket of that group would
// still be out of the group's reach. A directory anyone may search is left
// alone; otherwise it gets the socket's group and group search, nothing
// for others.
func groupSearch(dir string, gid int) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	perm := fi.Mode().Perm()
	st, ok := fi.Sys().(*syscall.Stat_t)
	if perm&0o001 != 0 || ok && int(st.Gid) == gid && perm&0o010 != 0 {
		return nil
	}
	if err := os.Chown(dir, -1, gid); err != nil {
		return fmt.Errorf("give directory %s to the socket group: %w", dir, err)
	}
	if err := os.Chmod(dir, perm|0o010); err != nil {
		return fmt.Errorf("let the socket group search %s: %w", dir, err)
	}
	return nil
}

// removeStale removes a socket nothing listens on. A socket that answers
// belongs to a running daemon, and anything that is not a socket is not
// ours to delete.
func removeStale(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("control socket %s: %w", path, err)
	}
	if fi.Mode().Type() != os.ModeSocket {
		return fmt.Errorf("control socket %s: exists and is not a socket; remove it or choose another path", path)
	}
	conn, err := net.DialTimeout("unix", path, probeTimeout)
	if err == nil {
		_ = conn.Close()
		return fmt.Errorf("control socket %s: another guardctl daemon is listening on it", path)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		return fmt.Errorf("control socket %s: probe: %w", path, err)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove stale control socket: %w", err)
	}
	return nil
}

func lookupGroup(group string) (int, error) {
	if n, err := strconv.Atoi(group); err == nil {
		if n < 0 {
			return 0, fmt.Errorf("bad group %q", group)
		}
		return n, nil
	}
	g, err := user.LookupGroup(group)
	if err != nil {
		return 0, fmt.Errorf("socket group: %w", err)
	}
	n, err := strconv.Atoi(g.Gid)
	if err != nil {
		return 0, fmt.Errorf("socket group %s: gid %q is not a number", group, g.Gid)
	}
	return n, nil
}

// Handler serves the API for svc. Serve uses it; it is exported for
// callers with a listener of their own (systemd socket activation).
func Handler(svc Service, log *slog.Logger) http.Handler {
	h := &handler{svc: svc, log: log}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/bans", h.list)
	mux.HandleFunc("POST /v1/bans", h.ban)
	mux.HandleFunc("DELETE /v1/bans", h.unban)
	mux.HandleFunc("GET /v1/status", h.status)
	mux.HandleFunc("POST /v1/reload", h.reload)
	for path, allow := range map[string]string{"/v1/bans": "GET, POST, DELETE", "/v1/status": "GET", "/v1/reload": "POST"} {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			writeError(w, http.StatusMethodNotAllowed, CodeBadRequest, fmt.Sprintf("%s %s: method not allowed; use %s", r.Method, r.URL.Path, allow))
		})
	}
	// The daemon's Prometheus metrics (package metrics), when svc has them:
	// a local scraper that can reach the socket needs no TCP listener.
	if m, ok := svc.(interface{ MetricsHandler() http.Handler }); ok {
		mux.Handle("GET /metrics", m.MetricsHandler())
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, CodeBadRequest, fmt.Sprintf("no endpoint %s %s", r.Method, r.URL.Path))
	})
	return mux
}

type handler struct {
	svc Service
	log *slog.Logger
}

func (h *handler) list(w http.ResponseWriter, r *http.Request) {
	if c := r.URL.Query().Get("covering"); c != "" {
		addr, err := netip.ParseAddr(c)
		if err != nil {
			writeError(w, http.StatusBadRequest, CodeBadRequest, fmt.Sprintf("covering: %q is not an IP address", c))
			return
		}
		bans, err := h.svc.Covering(r.Context(), addr)
		h.reply(w, r, bans, err)
		return
	}
	bans, err := h.svc.List(r.Context())
	h.reply(w, r, bans, err)
}

func (h *handler) ban(w http.ResponseWriter, r *http.Request) {
	var req BanRequest
	if !decode(w, r, &req) {
		return
	}
	// The Service checks the request (manualban, for the daemon and the
	// offline path alike): one set of rules and messages however it came.
	// The Service logs the change it made, once, with the address as
	// guardctl prints it (ipprefix.String).
	ctx, cancel := changeContext(r)
	defer cancel()
	info, err := h.svc.Ban(ctx, req)
	h.reply(w, r, info, err)
}

func (h *handler) unban(w http.ResponseWriter, r *http.Request) {
	var req UnbanRequest
	if !decode(w, r, &req) {
		return
	}
	ctx, cancel := changeContext(r)
	defer cancel()
	lifted, err := h.svc.Unban(ctx, req) // logged by the Service, as Ban
	if lifted == nil {
		lifted = []BanInfo{}
	}
	h.reply(w, r, lifted, err)
}

func (h *handler) status(w http.ResponseWriter, r *http.Request) {
	st, err := h.svc.Status(r.Context())
	h.reply(w, r, st, err)
}

func (h *handler) reload(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := changeContext(r)
	defer cancel()
	res, err := h.svc.Reload(ctx)
	h.reply(w, r, res, err)
}

// changeWait bounds a change (ban, unban, reload) once it has started.
const changeWait = 2 * time.Minute

// changeContext is the context a change runs under: not cancelled when the
// client goes away, bounded by changeWait. A change stopped half way by
// its caller leaves store and kernel apart: a client gives up on a daemon
// that does not answer (answerWait, probeWait) and closes its connection,
// so when a SIGSTOPped daemon continued, an unban lifted the stored ban
// but its kernel step failed with "context canceled" and the address
// stayed blocked; a reload swapped the config but did not load the allow
// list (review of e0ab97b and f8588dd).
func changeContext(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(r.Context()), changeWait)
}

// decode reads a JSON body strictly: unknown fields are an error, so a
// client built against a newer API learns that this daemon ignores them.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, CodeBadRequest, fmt.Sprintf("request body larger than %d bytes", tooBig.Limit))
			return false
		}
		writeError(w, http.StatusBadRequest, CodeBadRequest, "bad request body: "+err.Error())
		return false
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		writeError(w, http.StatusBadRequest, CodeBadRequest, "bad request body: trailing data after the JSON object")
		return false
	}
	return true
}

func (h *handler) reply(w http.ResponseWriter, r *http.Request, v any, err error) {
	if err != nil {
		switch {
		case errors.Is(err, ErrProtected):
			var pe *ProtectedError
			if errors.As(err, &pe) {
				writeJSON(w, http.StatusForbidden, errorBody{Error: err.Error(), Code: CodeProtected, Detail: pe.Detail})
				return
			}
			writeError(w, http.StatusForbidden, CodeProtected, err.Error())
		case errors.Is(err, ErrInvalid):
			writeError(w, http.StatusBadRequest, CodeBadRequest, err.Error())
		case errors.Is(err, ErrKernel):
			h.log.Error("control request: kernel not updated", "method", r.Method, "path", r.URL.Path, "err", err)
			writeError(w, http.StatusBadGateway, CodeKernel, err.Error())
		case errors.Is(err, ErrStore):
			h.log.Error("control request: store not taking writes", "method", r.Method, "path", r.URL.Path, "err", err)
			writeError(w, http.StatusServiceUnavailable, CodeStore, err.Error())
		default:
			h.log.Error("control request failed", "method", r.Method, "path", r.URL.Path, "err", err)
			writeError(w, http.StatusInternalServerError, CodeInternal, err.Error())
		}
		return
	}
	writeJSON(w, http.StatusOK, v)
}

type errorBody struct {
	Error  string `json:"error"`
	Code   string `json:"code"`
	Detail string `json:"detail,omitempty"` // protected: what is protected
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, errorBody{Error: msg, Code: code})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	// The status is sent; an encoding error can only mean the client went.
	if bans, ok := v.([]BanInfo); ok {
		_, _ = w.Write(appendBans(make([]byte, 0, 200*len(bans)+16), bans))
		return
	}
	_ = json.NewEncoder(w).Encode(v)
}
