package control

import "errors"

// ErrInvalid: the request itself is wrong (an unban with no prefix, an
// invalid prefix). A Service wraps it so the server answers 400 and the
// client's error unwraps to it again.
var ErrInvalid = errors.New("invalid request")

// ErrKernel: the store changed but the kernel did not follow (no table,
// no CAP_NET_ADMIN, a full set). The CLI exits with its firewall code for
// it, whether the daemon or the offline service answered.
var ErrKernel = errors.New("the kernel was not updated")

// ErrDenied: the control socket exists but this user may not use it (not
// root, not in the socket's group). The daemon may well be running, so the
// CLI does not fall back to the store; it exits with the daemon code.
var ErrDenied = errors.New("permission denied on the control socket")

// ErrStore: the daemon could not order an admin change after the bans
// waiting for the store, because the store is not taking writes (a full
// disk). Nothing was changed; the kernel goes on enforcing.
var ErrStore = errors.New("the daemon's state store is not taking writes")

// ProtectedError is a ban refused because its prefix is, is inside or
// covers a protected address (protect.Checker). Detail says which, without
// the sentinel's words, so a caller can phrase its own message around it
// instead of trimming error text; it unwraps to ErrProtected. It crosses
// the socket as the error body's detail.
type ProtectedError struct {
	Detail string // "127.0.0.1 is inside 127.0.0.0/8 (loopback)"
}

func (e *ProtectedError) Error() string { return e.Detail + ": " + ErrProtected.Error() }
func (e *ProtectedError) Unwrap() error { return ErrProtected }

// Error codes of the JSON error body (see API.md).
const (
	CodeProtected  = "protected"
	CodeBadRequest = "bad_request"
	CodeKernel     = "kernel"
	CodeStore      = "store"
	CodeInternal   = "internal"
)

// RemoteError is an error the daemon answered with. It unwraps to
// ErrProtected, ErrInvalid or ErrKernel by its code, so callers test the same
// sentinels whether they talk to the daemon or to the offline Service.
type RemoteError struct {
	Status  int    // HTTP status
	Code    string // protected, bad_request or internal
	Message string
	Detail  string // a ProtectedError's Detail
}

func (e *RemoteError) Error() string { return e.Message }

func (e *RemoteError) Unwrap() error {
	switch e.Code {
	case CodeProtected:
		if e.Detail != "" {
			return &ProtectedError{Detail: e.Detail}
		}
		return ErrProtected
	case CodeBadRequest:
		return ErrInvalid
	case CodeKernel:
		return ErrKernel
	case CodeStore:
		return ErrStore
	}
	return nil
}
