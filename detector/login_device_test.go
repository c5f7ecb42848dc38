package detector

import (
	"testing"
	"time"
)

// TestDeviceFlowPollsOfProviders: a CLI signing in with the OAuth device
// grant (RFC 8628) polls the token endpoint every 5 s, answered 400
// authorization_pending until its user approves; the device-authorization
// endpoint it called first has a name per provider. Keycloak's
// (/protocol/openid-connect/auth/device: benign-s9 oauth-device-flow-polling,
// kubelogin banned at its 6th poll), Okta's, GitLab's and Authentik's are
// recognised like /device/code; a client polling the same token endpoint
// without a device authorization first is still banned (a guesser's
// invalid_grant 400s).
func TestDeviceFlowPollsOfProviders(t *testing.T) {
	t.Parallel()
	const token = "/realms/acme/protocol/openid-connect/token"
	for _, dev := range []string{"/realms/acme/protocol/openid-connect/auth/device", "/oauth2/default/v1/device/authorize",
		"/oauth/authorize_device", "/application/o/device/", "/oauth/device/code"} {
		e := defaultEngine(t)
		reqs := []req{{ip: "198.51.166.10", method: "POST", path: dev, ua: "kubelogin/v1.31.1"}}
		reqs = append(reqs, burst("198.51.166.10", 18, 5*time.Second, 5*time.Second, req{method: "POST", path: token, status: 400, ua: "kubelogin/v1.31.1"})...)
		if at, why := run(e, reqs); at["198.51.166.10"] >= 0 {
			t.Errorf("device flow via %s: poller banned at its request %d (%v)", dev, at["198.51.166.10"], why["198.51.166.10"])
		}
	}
	reqs := burst("198.51.166.20", 18, 5*time.Second, 5*time.Second, req{method: "POST", path: token, status: 400, ua: "kubelogin/v1.31.1"})
	if at, _ := run(defaultEngine(t), reqs); at["198.51.166.20"] < 0 {
		t.Errorf("token-endpoint 400s every 5 s with no device authorization before not banned")
	}
}
