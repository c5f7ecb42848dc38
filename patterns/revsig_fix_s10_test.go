package patterns

import "testing"

// Reviewer rev-sig s10 item 5: product endpoints that exist only as a whole
// path count nowhere else; the endpoints themselves still count on a miss.
func TestRevsigProductEndpointsAnchored(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, p := range []string{"/docs/engine/api/v1.43/containers/json", "/downloads/picsdesc.xml", "/static/owa/auth/x.js"} {
		for _, h := range m.Match(&Request{Method: []byte("GET"), Path: []byte(p)}, nil) {
			if h.ID == "cve-product-endpoint-miss" {
				t.Errorf("GET %s: %s, want none (a site's own page)", p, h.ID)
			}
		}
	}
	for _, p := range []string{"/containers/json", "/v1.24/containers/json", "/picsdesc.xml", "/owa/auth/x.js", "/api/timelion/run", "/kibana/api/timelion/run"} {
		if got := revsigPoints(t, m, "GET", p, "", 404); got < 10 {
			t.Errorf("GET %s answered 404: %d points, want >= 10", p, got)
		}
	}
}

// Item 2's other side: a deep sensitive name or a product endpoint served
// (2xx) counts nothing, refused counts at watch weight, missed in full.
func TestRevsigUnservedWeights(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, p := range []string{"/secure/attachment/10234/nginx.conf", "/api/timelion/run"} {
		for st, want := range map[int]int{200: 0, 204: 0, 302: 5, 401: 5, 403: 5, 405: 5, 500: 5, 404: 10, 410: 10} {
			if got := revsigPoints(t, m, "POST", p, "", st); got != want {
				t.Errorf("%s answered %d: %d points, want %d", p, st, got, want)
			}
		}
	}
}
