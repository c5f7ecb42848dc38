package firewall

import "errors"

// Errors a backend wraps so callers can tell the common failures apart with
// errors.Is, whatever the backend.
var (
	// ErrPermission: the process lacks CAP_NET_ADMIN (run as root or grant
	// the capability).
	ErrPermission = errors.New("permission denied: guardctl needs CAP_NET_ADMIN (run as root)")
	// ErrKernelSupport: the kernel lacks nf_tables (or ip_set, xt_set for
	// the iptables backend).
	ErrKernelSupport = errors.New("kernel lacks the netfilter support this backend needs")
	// ErrOwned: the table is owned by another process (a running guardctl
	// daemon created it with Config.Owner), so only that process may change it.
	ErrOwned = errors.New("table is owned by another process (a running guardctl daemon: send the change through it, or stop it first)")
	// ErrNotReady: the table or its sets are missing; run Ensure first.
	ErrNotReady = errors.New("firewall table or sets missing")
)

// ErrSetFull: a kernel set reached its maximum number of elements
// (nftables answers ENFILE, "too many open files in system"; ipset says
// "set is full"). Raise the configured max elements.
var ErrSetFull = errors.New("firewall set is full (raise max elements)")
