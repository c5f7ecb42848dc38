package detector

// Re-review of a38d500: common real monitor shapes polling a status page
// the site serves, one address, every minute for an hour. At 0f24a11 each
// paid the signature's points once (watch); at a38d500 they never vote
// (not a GET 200 with > 64 bytes) so every poll counts: banned at poll 2.

import (
	"fmt"
	"testing"
	"time"
)

func TestRRMonitorShapesNotBanned(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		method string
		path   string
		size   int64
	}{
		{"uptime checker HEAD /server-status", "HEAD", "/server-status", 0},
		{"HEAD /nginx_status", "HEAD", "/nginx_status", 0},
		{"fpm-status short text 60 B", "GET", "/fpm-status", 60},
		{"Jolokia agent POST bulk read", "POST", "/jolokia/", 1800},
		{"Turbine polling /hystrix.stream", "GET", "/hystrix.stream", 5000},
		{"Tomcat /manager/text/list 48 B", "GET", "/manager/text/list", 48},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := New(hintPolicy(t), Options{})
			for i := range 60 {
				v := sized(e, req{at: time.Duration(i) * time.Minute, ip: "198.51.100.7", method: c.method, path: c.path, ua: "UptimeRobot/2.0"}, c.size)
				if v.Decision != nil {
					t.Fatalf("poll %d banned: %v (points this poll %d)", i, v.Decision.Rules, servedPoints(v))
				}
			}
		})
	}
}

// A site whose catch-all page carries a nonce (scanners' /.env answered
// 200 with 1834..2010 bytes: one range, widened to 10 %) and whose own
// /server-status page happens to be 2040 bytes (within 2 % of the range):
// the monitor's polls are "catch-all sizes", so it never votes and its
// own repeats are not downgraded: banned at its 2nd poll. At 0f24a11 only
// 4 exact sizes were kept.
func TestRRMonitorNearCatchAllRange(t *testing.T) {
	t.Parallel()
	e := New(hintPolicy(t), Options{})
	for j := range 12 {
		sized(e, req{at: time.Duration(j) * time.Second, ip: fmt.Sprintf("45.95.%d.9", 100+j), path: "/.env"}, int64(1834+j*16))
	}
	for i := range 30 {
		v := sized(e, req{at: time.Minute + time.Duration(i)*time.Minute, ip: "198.51.100.7", method: "GET", path: "/server-status", ua: "collectd/5.12.0"}, 2040)
		if v.Decision != nil {
			t.Fatalf("monitor poll %d banned: %v", i, v.Decision.Rules)
		}
	}
}

// The own mark of an answer that cannot vote (a HEAD here) covers only
// the exact path polled: a HEAD scanner whose first probe was clean gets
// its repeats of that path free, but not the other paths of the name
// (/phpmyadmin/index.php after HEAD /phpmyadmin/), nor other names.
func TestRRHeadMarkExactPathOnly(t *testing.T) {
	t.Parallel()
	e := New(hintPolicy(t), Options{})
	ip := "198.51.100.7"
	if v := sized(e, req{at: 0, ip: ip, method: "HEAD", path: "/phpmyadmin/"}, 0); servedPoints(v) == 0 {
		t.Fatalf("first HEAD /phpmyadmin/ earned nothing: %+v", v.Hits)
	}
	if v := sized(e, req{at: time.Minute, ip: ip, method: "HEAD", path: "/phpmyadmin/"}, 0); servedPoints(v) != 0 {
		t.Fatalf("repeat of the marked exact path earned %d", servedPoints(v))
	}
	v := sized(e, req{at: 2 * time.Minute, ip: ip, method: "HEAD", path: "/phpmyadmin/index.php"}, 0)
	if servedPoints(v) == 0 && v.Decision == nil {
		t.Fatalf("another path of the marked name earned nothing: %+v", v.Hits)
	}
}

// A JBoss console and a Spring Boot 1 status endpoint polled by a
// monitor are servable (allow-list): polled an hour, never banned.
func TestRRServableJBossAndSpringBoot1(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"/jmx-console/", "/web-console/", "/actuator/ping", "/actuator/health-check"} {
		e := New(hintPolicy(t), Options{})
		for i := range 60 {
			if v := sized(e, req{at: time.Duration(i) * time.Minute, ip: "198.51.100.7", path: p, ua: "collectd/5.12.0"}, 3000); v.Decision != nil {
				t.Fatalf("%s poll %d banned: %v", p, i, v.Decision.Rules)
			}
		}
	}
}

// Many monitors from different /24s polling the same status page with
// answers that cannot vote (size "-", HEAD): each marks the exact path
// for its own prefix. With one entry per path only servedK = 3 prefixes
// fitted and the 4th monitor was banned at its 2nd poll (mon.log 10.9.2.5).
func TestRRManyMonitorsSamePath(t *testing.T) {
	t.Parallel()
	e := New(hintPolicy(t), Options{})
	for i := range 30 {
		for j := range 8 {
			ip := fmt.Sprintf("10.%d.%d.5", 20+j, 1+j)
			if v := sized(e, req{at: time.Duration(i)*time.Minute + time.Duration(j)*time.Second, ip: ip, method: "HEAD", path: "/server-status"}, 0); v.Decision != nil {
				t.Fatalf("monitor %s poll %d banned: %v", ip, i, v.Decision.Rules)
			}
		}
	}
}
