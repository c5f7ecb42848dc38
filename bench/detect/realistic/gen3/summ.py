import json, subprocess, sys, glob, os, tomllib
d = sys.argv[1]
for log in sorted(glob.glob(d + "/*.log")):
    name = os.path.basename(log)[:-4]
    exp = tomllib.load(open(log[:-4] + ".expect.toml", "rb"))
    want = {b["ip"] for b in exp.get("banned", [])}
    row = [name]
    for b in ["guardctl-base", "guardctl"]:
        j = json.loads(subprocess.run([os.path.join(os.environ.get("GUARDCTL_BIN_DIR", "."), b), "analyze", "--format", "json", log], capture_output=True, text=True).stdout)
        offs = {o["ip"]: o for o in j.get("offenders", []) if o["action"] == "ban"}
        if want:
            got = [offs[i] for i in want if i in offs]
            rb = sorted(o["requests_before_ban"] for o in got)
            rules = sorted({r for o in got for r in o["reasons"]})
            fp = [i for i in offs if i not in want]
            row.append("%s: %d/%d banned, req-before-ban med %s max %s; rules %s%s" % (b, len(got), len(want), rb[len(rb)//2] if rb else "-", rb[-1] if rb else "-", ",".join(rules), "; OTHER banned %d %s" % (len(fp), ",".join(sorted({r for i in fp for r in offs[i]["reasons"]}))) if fp else ""))
        else:
            row.append("%s: %d banned %s" % (b, len(offs), "; ".join("%s(%s @%d/%d)" % (i, ",".join(o["reasons"]), o["requests_before_ban"], o["requests"]) for i, o in list(offs.items())[:6])))
    print(" | ".join(row))
