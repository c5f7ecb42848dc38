package rules

import (
	"net"
	"strconv"
)

// MetricsConfig is [metrics]: the Prometheus endpoint of `guardctl run`.
// Off by default; the daemon's control socket serves GET /metrics either
// way, for a local scraper that can reach the socket.
type MetricsConfig struct {
	// Listen is the TCP address serving /metrics ("127.0.0.1:9631"); empty
	// turns the TCP listener off. Anything not on loopback exposes the
	// daemon's counters to that network: put it behind a firewall.
	Listen string `toml:"listen"`
}

// DefaultMetricsPort is the port the documentation and the Grafana
// dashboard use.
const DefaultMetricsPort = 9631

func (c *Config) validateMetrics(v *validator) {
	l := c.Metrics.Listen
	if l == "" {
		return
	}
	at := keyPath{{key: "metrics"}, {key: "listen"}}
	host, port, err := net.SplitHostPort(l)
	if err != nil {
		v.fail(at, "%q: want host:port, e.g. \"127.0.0.1:%d\"", l, DefaultMetricsPort)
		return
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		v.fail(at, "%q: port %q is not 1..65535", l, port)
	}
	if host != "" && host != "localhost" && net.ParseIP(host) == nil {
		v.fail(at, "%q: host %q is not an IP address (or localhost)", l, host)
	}
}
