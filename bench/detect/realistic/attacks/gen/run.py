#!/usr/bin/env python3
import sys, json, subprocess, random, copy, os
sys.path.insert(0, "/tmp/attack-s9")
import gen, scen
GC = os.environ.get("GC", "/tmp/attack-s9/guardctl")
OUT = os.environ.get("OUT", "/tmp/attack-s9/logs")
os.makedirs(OUT, exist_ok=True)
BG = gen.background(1).lines
LIM = dict(flood=None, scanner=10, bf=5, inject=6, oneshotish=2, scrape=None, stuff=None)

def analyze(fn):
    r = subprocess.run([GC, "analyze", "--format", "json", "--no-progress", fn], capture_output=True, text=True)
    return json.loads(r.stdout)

def run(name):
    random.seed(hash(name) % 10000)
    L = gen.Log(); L.lines = list(BG)
    info = scen.SCEN[name](L)
    fn = "%s/%s.log" % (OUT, name); L.write(fn)
    rep = analyze(fn)
    offs = {o["ip"]: o for o in rep.get("offenders") or []}
    ips = info["ips"]
    import ipaddress
    nets = [(ipaddress.ip_network(k, strict=False), o) for k, o in offs.items() if "/" in k]
    if nets and info["kind"] != "oneshot":
        pref = {}
        for ip in ips:
            a = ipaddress.ip_address(ip)
            for n, o in nets:
                if a in n: pref[ip] = n; break
        if pref:
            for n, o in nets:
                mem = [ip for ip in ips if pref.get(ip) == n]
                if mem:
                    print("  (prefix %s banned: %s, requests_before_ban %s of %s; counted as the prefix)" % (n, o["reasons"], o.get("requests_before_ban"), o["requests"]))
                    for ip in mem: offs.pop(ip, None)
                    ips = [ip for ip in ips if ip not in mem] + [str(n)]
                    offs[str(n)] = o
    res = []
    if info["kind"] == "oneshot":
        for ip, nm in ips:
            o = offs.get(ip)
            res.append("  %-22s %s" % (nm, "BAN " + ",".join(o["reasons"]) if o and o["action"] == "ban" else ("WATCH %s %s" % (o["points"], ",".join(o["reasons"])) if o else "-- nothing")))
        attack = {ip for ip, _ in ips}
    else:
        attack = set(ips) | set(info["ips"])
        tot = sum(1 for l in L.lines if l[1] in set(info["ips"]))
        through = 0; banned = 0; rules = set(); rbb = []
        for ip in ips:
            o = offs.get(ip)
            if o and o["action"] == "ban":
                banned += 1; through += o["requests"] - o.get("requests_after_ban", 0); rules.update(o["reasons"]); rbb.append(o.get("requests_before_ban"))
            else:
                through += (o["requests"] if o else sum(1 for l in L.lines if l[1] == ip))
                if o: rules.update(["watch:" + r for r in o["reasons"]])
        lim = LIM[info["kind"]]
        if info["kind"] in ("flood",): ok = through <= 0.05 * tot and banned == len(ips)
        elif lim is not None: ok = through <= lim * len(ips) and banned == len(ips)
        else: ok = None
        res.append("  attack %d req, %d/%d addrs banned, let through %d (%.1f%%), before_ban %s, rules %s -> %s" % (
            tot, banned, len(ips), through, 100.0 * through / max(tot, 1), rbb[:6], sorted(rules), {True: "OK", False: "MISS", None: "?"}[ok]))
    ben = [(ip, o["reasons"], o["requests"]) for ip, o in offs.items() if ip not in attack and ip not in ips and o["action"] == "ban"]
    if ben: res.append("  BENIGN BANNED: %s" % ben)
    print("== %s: %s\n%s" % (name, info["desc"], "\n".join(res)), flush=True)

names = sys.argv[1:] or list(scen.SCEN)
for n in names: run(n)
