#!/usr/bin/env python3
"""mkfind.py NAME "description" SCEN [SCEN...]: small benign context + attacks -> findings/NAME.log + .expect.toml"""
import sys, random, json, subprocess, os
sys.path.insert(0, "/tmp/attack-s9")
import gen, scen
name, desc, scs = sys.argv[1], sys.argv[2], sys.argv[3:]
BG = gen.background(1).lines
random.seed(7)
ips = sorted({l[1] for l in BG})
keep_browsers = set(random.sample([i for i in ips if not i.startswith(("66.249.", "40.77.", "194.25.17.42", "216.144."))], int(os.environ.get("NB", "30"))))
keep = keep_browsers | {"194.25.17.42", "216.144.250.150"} | {i for i in ips if i.startswith(("66.249.", "40.77."))}
L = gen.Log(); L.lines = [l for l in BG if l[1] in keep]
attackers = []
for s in scs:
    random.seed(hash(s) % 10000)
    info = scen.SCEN[s](L)
    attackers += [x if isinstance(x, str) else x[0] for x in info["ips"]]
fn = "/tmp/attack-s9/findings/%s.log" % name
L.write(fn)
r = json.loads(subprocess.run(["/tmp/attack-s9/guardctl", "analyze", "--format", "json", "--no-progress", fn], capture_output=True, text=True).stdout)
offs = {o["ip"]: o for o in r.get("offenders") or []}
with open(fn.replace(".log", ".expect.toml"), "w") as f:
    f.write('description = "%s"\nunlisted_not_banned = true\n' % desc.replace('"', "'"))
    for ip in attackers[:40]:
        f.write('\n[[banned]]\nip = "%s"\n' % ip)
    f.write('\n[[not_banned]]\nip = "194.25.17.42" # office NAT, ~40 people browsing and signing in\n')
    f.write('\n[[not_banned]]\nip = "66.249.66.12" # Googlebot\n')
    f.write('\n[summary]\nlines = %d\nskipped = 0\n' % len(L.lines))
for ip in attackers[:40]:
    o = offs.get(ip)
    print("  %s: %s" % (ip, "BAN %s before_ban=%s requests=%s after=%s" % (o["reasons"], o.get("requests_before_ban"), o["requests"], o.get("requests_after_ban")) if o and o["action"] == "ban" else ("watch %s" % o["reasons"] if o else "nothing")))
ben = [(ip, o["reasons"]) for ip, o in offs.items() if ip not in attackers and o["action"] == "ban"]
print("  lines %d, benign banned: %s" % (len(L.lines), ben))
