package cluster

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guardctl/guardctl/nodename"
	"github.com/guardctl/guardctl/rules"
)

// Defaults of [cluster].
const (
	DefaultKeyPrefix     = "guardctl:"
	DefaultStreamMaxLen  = 1_000_000
	DefaultQueueMax      = 100_000
	DefaultBatchInterval = 50 * time.Millisecond
)

// Config is [cluster] with defaults filled in and secrets read.
type Config struct {
	Node          string
	KeyPrefix     string
	StreamMaxLen  int
	QueueMax      int
	BatchInterval time.Duration
	redis         redisTarget
}

// redisTarget is how to reach Redis: one server or Sentinels.
type redisTarget struct {
	single   *redis.Options
	failover *redis.FailoverOptions
	display  string // for status and logs, no secret
}

// FromRules turns [cluster] into a Config: defaults, the node name, and the
// password files read. It does not connect.
func FromRules(c rules.ClusterConfig) (Config, error) {
	if !c.Enabled() {
		return Config{}, errors.New("cluster: [cluster] names no Redis (redis_url or sentinels)")
	}
	cfg := Config{Node: c.Node, KeyPrefix: c.KeyPrefix, StreamMaxLen: c.StreamMaxLen, QueueMax: c.QueueMax, BatchInterval: c.BatchInterval}
	if cfg.Node == "" {
		h, err := os.Hostname()
		if err != nil {
			return Config{}, fmt.Errorf("cluster: node name: %w", err)
		}
		if cfg.Node, err = nodename.FromHostname(h); err != nil {
			return Config{}, fmt.Errorf("cluster: %w", err)
		}
	}
	if cfg.KeyPrefix == "" {
		cfg.KeyPrefix = DefaultKeyPrefix
	}
	if cfg.StreamMaxLen <= 0 {
		cfg.StreamMaxLen = DefaultStreamMaxLen
	}
	if cfg.QueueMax <= 0 {
		cfg.QueueMax = DefaultQueueMax
	}
	if cfg.BatchInterval <= 0 {
		cfg.BatchInterval = DefaultBatchInterval
	}
	password, err := readSecret(c.PasswordFile)
	if err != nil {
		return Config{}, err
	}
	sentinelPassword, err := readSecret(c.SentinelPasswordFile)
	if err != nil {
		return Config{}, err
	}
	var ca *x509.CertPool
	if c.TLSCAFile != "" {
		pem, err := os.ReadFile(c.TLSCAFile)
		if err != nil {
			return Config{}, fmt.Errorf("cluster: tls_ca_file: %w", err)
		}
		ca = x509.NewCertPool()
		if !ca.AppendCertsFromPEM(pem) {
			return Config{}, fmt.Errorf("cluster: tls_ca_file %s holds no PEM certificate", c.TLSCAFile)
		}
	}
	switch {
	case len(c.Sentinels) > 0:
		cfg.redis.failover = &redis.FailoverOptions{MasterName: c.MasterName, SentinelAddrs: c.Sentinels}
		cfg.redis.display = "sentinel " + strings.Join(c.Sentinels, ",") + " master " + c.MasterName
	case strings.HasPrefix(c.RedisURL, "redis-sentinel://"):
		fo, err := parseSentinelURL(c.RedisURL)
		if err != nil {
			return Config{}, err
		}
		cfg.redis.failover = fo
		cfg.redis.display = c.RedisURL
	default:
		o, err := redis.ParseURL(c.RedisURL)
		if err != nil {
			return Config{}, fmt.Errorf("cluster: redis_url: %w", err)
		}
		if o.Password != "" {
			return Config{}, errors.New("cluster: redis_url holds a password: put it in password_file")
		}
		cfg.redis.single = o
		cfg.redis.display = c.RedisURL
	}
	if o := cfg.redis.single; o != nil {
		o.Username, o.Password = firstNonEmpty(c.Username, o.Username), password
		if o.TLSConfig != nil && ca != nil {
			o.TLSConfig.RootCAs = ca
		}
	}
	if fo := cfg.redis.failover; fo != nil {
		fo.Username, fo.Password, fo.SentinelPassword = c.Username, password, sentinelPassword
		if ca != nil {
			if fo.TLSConfig == nil {
				fo.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
			}
			fo.TLSConfig.RootCAs = ca
		}
	}
	return cfg, nil
}

// parseSentinelURL reads redis-sentinel://[user@]host:port[,host:port...]/master[?db=N][&tls=true].
func parseSentinelURL(s string) (*redis.FailoverOptions, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("cluster: redis_url: %w", err)
	}
	master := strings.Trim(u.Path, "/")
	if u.Host == "" || master == "" || strings.Contains(master, "/") {
		return nil, fmt.Errorf("cluster: redis_url %q: want redis-sentinel://host:port[,host:port]/master_name", s)
	}
	fo := &redis.FailoverOptions{MasterName: master, SentinelAddrs: strings.Split(u.Host, ",")}
	for k, v := range u.Query() {
		switch k {
		case "db":
			if fo.DB, err = strconv.Atoi(v[0]); err != nil {
				return nil, fmt.Errorf("cluster: redis_url: bad db %q", v[0])
			}
		case "tls":
			if v[0] == "true" {
				fo.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
			}
		default:
			return nil, fmt.Errorf("cluster: redis_url: unknown parameter %q (db, tls)", k)
		}
	}
	return fo, nil
}

// readSecret reads a password file: the first line, without its newline.
// A secret never comes from the config itself or the command line.
func readSecret(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("cluster: password file: %w", err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	return strings.TrimRight(line, "\r"), nil
}

// Client opens a client (connections are made on first use). The retry
// and timeouts are short: a node must notice Redis is away quickly and
// keep working alone.
func (c Config) Client() redis.UniversalClient {
	const (
		dial    = 2 * time.Second
		readTO  = 3 * time.Second
		writeTO = 3 * time.Second
	)
	if fo := c.redis.failover; fo != nil {
		o := *fo
		o.DialTimeout, o.ReadTimeout, o.WriteTimeout, o.MaxRetries = dial, readTO, writeTO, 1
		o.ClientName = "guardctl-" + c.Node
		o.DisableIdentity = true
		return redis.NewFailoverClient(&o)
	}
	o := *c.redis.single
	o.DialTimeout, o.ReadTimeout, o.WriteTimeout, o.MaxRetries = dial, readTO, writeTO, 1
	o.ClientName = "guardctl-" + c.Node
	o.DisableIdentity = true
	return redis.NewClient(&o)
}

// Target names the Redis for status output, without secrets.
func (c Config) Target() string { return c.redis.display }

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
