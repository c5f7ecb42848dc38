package detector

import (
	"fmt"
	"testing"
	"time"
)

// TestRevPrecScannerTeachesOwnRefusal (review s8, rev-precision): a site
// answers every unauthenticated /api/* request 401 (or /admin/* 302 to the
// login page). A scanner's first servable probe there is answered 401
// while it is clean: that marks the NAME ("api") for its /24, and every
// later servable probe of that name from the /24 (actuator env and
// heapdump, jolokia, phpinfo, server-status, db admins) is a hint. At
// fbadafd^ it was banned at its 2nd probe.
func TestRevPrecScannerTeachesOwnRefusal(t *testing.T) {
	t.Parallel()
	probes := []string{"/server-status", "/jolokia", "/phpinfo.php", "/nginx_status",
		"/phpmyadmin/", "/manager/html", "/jmx-console/", "/adminer.php", "/actuator/mappings"}
	for _, st := range []int{401, 403, 302} {
		for _, pre := range []string{"/api", "/admin"} {
			e := New(hintPolicy(t), Options{})
			banned, pts := -1, 0
			for j, p := range probes {
				// rotate inside the /24 after the first probe
				ip := fmt.Sprintf("203.0.113.%d", 7+j%3)
				v := sized(e, req{at: time.Duration(j) * 10 * time.Second, ip: ip, path: pre + p, status: st}, 180)
				pts += servedPoints(v)
				if v.Decision != nil && banned < 0 {
					banned = j
				}
			}
			if banned < 0 {
				t.Errorf("%d probes of %s/* answered %d from one /24: first ban at %d (points %d), want banned (fbadafd^: at the 3rd)", len(probes), pre, st, banned, pts)
			}
		}
	}
}

// TestServedRefusalMarksExactPath: a scanner's first probe answered 403
// under /admin marks only that exact path for its /24; its later probes
// of other paths under /admin (same address), answered 200 with ordinary page sizes,
// count (review s8: the first segment's mark made them hints).
func TestServedRefusalMarksExactPath(t *testing.T) {
	t.Parallel()
	e := New(hintPolicy(t), Options{})
	sized(e, req{ip: "203.0.113.7", path: "/admin/server-status", status: 403}, 180)
	banned := false
	for j, p := range []string{"/admin/phpinfo.php", "/admin/phpmyadmin/", "/admin/jolokia", "/admin/adminer.php"} {
		v := sized(e, req{at: time.Duration(j+1) * 10 * time.Second, ip: "203.0.113.7", path: p, status: 200}, int64(4000+900*j))
		banned = banned || v.Decision != nil
	}
	if !banned {
		t.Errorf("a client served four probes under /admin after its own 403: not banned, want banned")
	}
}

// TestServedOnceKeepsPathParam: /admin;/phpinfo.php answered 403 is a
// proxy bypass (path-param-empty, 5) beside the name's two signatures;
// servedOnce merges the name's (10 -> 5) but never the bypass: 10 points,
// banned alone (was 15 before servedOnce, 5 with it; review s8).
func TestServedOnceKeepsPathParam(t *testing.T) {
	t.Parallel()
	e := New(hintPolicy(t), Options{})
	v := sized(e, req{ip: "203.0.113.9", path: "/admin;/phpinfo.php", status: 403}, 300)
	if v.Decision == nil {
		t.Errorf("/admin;/phpinfo.php 403: %d points %+v, not banned, want banned alone", servedPoints(v), v.Hits)
	}
}
