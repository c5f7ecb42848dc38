from base import *
from scen1 import H
import sys
S = {}
def scen(f): S[f.__name__] = f; return f
@scen
def git401(l, r):
    # VS Code multi-root workspace (25 repos) autofetching every 3 min with an expired token: git asks twice per repo (anonymous, then stored creds), both 401
    ip = "198.51.107.10"; ua = "git/2.47.1"
    for k in range(15):
        t = 60 + k*180
        for rep in range(25):
            p = f"/acme/repo-{rep}.git/info/refs?service=git-upload-pack"
            l.add(ip, t, "GET", p, 401, 0, "-", ua); l.add(ip, t + 0.05, "GET", p, 401, 0, "-", ua, user="dev")
            t += r.uniform(0.05, 0.3)
    # Jenkins polling SCM for 40 jobs every 2 min after its service account's password expired
    ip = "198.51.107.11"; ua = "JGit/6.10.0.202406032230-r"
    for k in range(20):
        t = 90 + k*120
        for j in range(40):
            l.add(ip, t + j*0.4, "GET", f"/acme/job-{j}.git/info/refs?service=git-upload-pack", 401, 0, "-", ua, user="jenkins")
    # Site24x7-like: 30 pages checked with HEAD every minute, 3 of them removed (404)
    ip = "198.51.107.12"; ua = "Site24x7"
    for k in range(50):
        t = 30 + k*60
        for j in range(30):
            p = ["/old-pricing/", "/events/2025/", "/promo/black-friday/"][j % 3] if j < 3 else f"/docs/page-{j}/"
            l.add(ip, t + j*0.2, "HEAD", p, 404 if j < 3 else 200, 0, "-", ua)
@scen
def hls120(l, r):
    ip = "198.51.107.20"
    for v in range(120):
        ua = r.choice(BROWSERS); st = 600 + r.uniform(0, 90)
        l.page(ip, st, "/live/allhands/", ua, "https://intranet.acme.example/", nassets=4)
        for k in range(200):
            tt = st + 2 + k*2 + r.uniform(0, 0.2)
            l.add(ip, tt, "GET", "/live/allhands/index.m3u8", 200, 412, HOST + "/live/allhands/", ua)
            if k % 3 == 0:
                l.add(ip, tt + 0.1, "GET", f"/live/allhands/seg{k//3 + 1000}.ts", 200, 1500000, HOST + "/live/allhands/", ua)
def run(names):
    for n in names:
        r = random.Random(37); l = Log(43); l.browsers(40, 0, 3600); S[n](l, r); print(l.write(n), len(l.rows))
if __name__ == "__main__":
    run(sys.argv[1:] or list(S))
