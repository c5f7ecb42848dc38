from fx import *
import random
R = random.Random(23)
# Moodle exam start, campus NAT
L = Log(seed=212); L.browsers(25, 0, 1500)
ip = "198.51.142.10"; H = HOST
uas = [CHROME, FIREFOX, SAFARI, EDGE, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", ANDROID]
for s in range(int(__import__("sys").argv[1])):
    ua = R.choice(uas); t = 600 + R.uniform(0, 30)
    ref = H + "/mod/quiz/view.php?id=311"
    L.add(ip, t, "POST", "/mod/quiz/startattempt.php", 303, 0, ref, ua); t += 0.3
    att = 9000 + s
    pg = f"/mod/quiz/attempt.php?attempt={att}&cmid=311"
    L.add(ip, t, "GET", pg, 200, 61000, ref, ua)
    for a in [] and ["/theme/yui_combo.php?rollup/3.18.1/yui-moodlesimple-min.js", "/theme/styles.php/boost/1733400000_1/all", "/lib/javascript.php/1733400000/lib/babel-polyfill/polyfill.min.js", "/lib/requirejs.php/1733400000/core/first.js", "/theme/image.php/boost/core/1733400000/favicon"]:
        t += R.uniform(0.02, 0.1)
        L.add(ip, t, "GET", a, R.choice([200, 304]), 20000, H + pg, ua)
    t += 1
    L.add(ip, t, "POST", "/lib/ajax/service.php?sesskey=k%d&info=core_fetch_notifications" % s, 200, 120, H + pg, ua)
    for pgn in range(1, 6):
        t += R.uniform(40, 150)
        L.add(ip, t, "POST", "/mod/quiz/autosave.ajax.php", 200, 60, H + pg, ua)
        L.add(ip, t + R.uniform(5, 30), "POST", "/mod/quiz/processattempt.php?cmid=311", 303, 0, H + pg, ua)
        np = f"/mod/quiz/attempt.php?attempt={att}&cmid=311&page={pgn}"
        L.add(ip, t + 31, "GET", np, 200, 58000, H + pg, ua); pg = np
L.write("mx-noassets-" + __import__("sys").argv[1], "/tmp/benign-s9/out")
