from base import *
from scen1 import H
import random, sys
S = {}
def scen(f): S[f.__name__] = f; return f
@scen
def infra2(l, r):
    # restic backup to self-hosted MinIO (path-style S3 behind nginx): lock, list, then HEAD+PUT packs at ~30/s
    ip = "198.51.110.10"; ua = "restic/0.17.3 (linux/amd64) MinIO (linux; amd64) minio-go/v7.0.80"
    t = 100
    l.add(ip, t, "GET", "/backups/?location=", 200, 128, "-", ua)
    l.add(ip, t + 0.1, "PUT", f"/backups/locks/{H('lock')}", 200, 0, "-", ua)
    for pre in range(256):
        t += 0.02; l.add(ip, t, "GET", f"/backups/?list-type=2&prefix=data%2F{pre:02x}%2F&delimiter=%2F&fetch-owner=true&encoding-type=url", 200, 3000, "-", ua)
    for k in range(1500):
        t += r.expovariate(30)
        h = H(('p', k))
        l.add(ip, t, "HEAD", f"/backups/data/{h[:2]}/{h}", 404, 0, "-", ua)
        l.add(ip, t + 0.01, "PUT", f"/backups/data/{h[:2]}/{h}", 200, 0, "-", ua)
    # Loki push: 30 servers behind one NAT, promtail POST /loki/api/v1/push about once a second each (204)
    ip = "198.51.110.11"; ua = "promtail/3.2.1"
    for s in range(30):
        t = r.uniform(0, 1)
        while t < 3600:
            l.add(ip, t, "POST", "/loki/api/v1/push", 204, 0, "-", ua); t += r.uniform(0.8, 1.5)
    # Prometheus remote_write with 6 shards at ~1/s each
    ip = "198.51.110.12"; ua = "Prometheus/2.54.1"
    for s in range(6):
        t = r.uniform(0, 1)
        while t < 3600:
            l.add(ip, t, "POST", "/api/v1/write", 204, 0, "-", ua); t += r.uniform(0.8, 1.2)
    # OpenTelemetry collector on one host exporting traces+metrics+logs every 200 ms (batch processor)
    ip = "198.51.110.13"; ua = "OpenTelemetry Collector Contrib/0.114.0 (linux/amd64)"
    t = 0
    while t < 3600:
        for p in ["/v1/traces", "/v1/metrics", "/v1/logs"]:
            l.add(ip, t + r.uniform(0, 0.05), "POST", p, 200, 2, "-", ua)
        t += 0.2
def run(names):
    for n in names:
        r = random.Random(61); l = Log(67); l.browsers(40, 0, 3600); S[n](l, r); print(l.write(n), len(l.rows))
if __name__ == "__main__":
    run(sys.argv[1:] or list(S))
