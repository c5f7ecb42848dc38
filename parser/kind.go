package parser

import (
	"fmt"
	"strings"
)

// Kind says what a log line reports about its client. Access-log lines are
// requests; error and application logs report authentication failures,
// rate-limit rejections and refusals, which rules count by kind (a throttle
// with event = "auth_failure"). The zero value is KindRequest, so every
// access-log parser yields requests without setting anything.
type Kind uint8

const (
	KindRequest     Kind = iota // an HTTP request (access logs)
	KindAuthFailure             // wrong password, unknown user, bad auth scheme
	KindAuthSuccess             // a successful login (for rules that reset or audit)
	KindRateLimited             // the server throttled the client (nginx limit_req/limit_conn, mod_evasive)
	KindForbidden               // the server refused the client (deny rules, ModSecurity)
	KindAuthMissing             // a protected resource asked for without credentials (every browser does this once)
	numKinds
)

var kindNames = [numKinds]string{"request", "auth_failure", "auth_success", "rate_limited", "forbidden", "auth_missing"}

// String returns the kind's configuration name.
func (k Kind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// KindNames lists the names ParseKind accepts.
func KindNames() []string { return append([]string(nil), kindNames[:]...) }

// ParseKind maps a configuration name to its Kind.
func ParseKind(s string) (Kind, error) {
	for i, n := range kindNames {
		if n == s {
			return Kind(i), nil
		}
	}
	return 0, fmt.Errorf("unknown event kind %q; want one of %s", s, strings.Join(kindNames[:], ", "))
}
