"""fresh-s15 benign8: twenty kinds of legitimate clients not covered by the
earlier realistic sets (see the file names in bench/detect/realistic/*/),
each behaving the way the real tool or person does (rates, headers as far as
a combined log shows them, status codes, retries), inside ordinary traffic.
Every client in these logs must never be banned.

Written before looking at detector/, patterns/, rules/default.toml, the other
realistic sets' logs or reports, or the Detection section of the README
(session 15, role "fresh"): nothing here is tuned to guardctl.
Run: python3 benign.py [scenario-name ...]   (fixed seeds, byte-identical output)
"""
import datetime, os, urllib.parse
from base import *

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.environ.get("OUT", os.path.join(HERE, "..", "benign8"))
T0 = datetime.datetime(2026, 11, 30, 7, 0, 0)  # a Monday
SC = []


def scen(f):
    SC.append(f)
    return f


# 1. Apple MDM check-in stampede behind a corporate NAT.
# Models: a company's self-hosted MDM (NanoMDM-like). The admin pushes a
# profile to 600 Macs/iPhones; APNs wakes them all within ~40 s and each device
# (behind the office's single egress address) does PUT /mdm/connect with an Idle status, receives a command, PUTs the
# result, then Idle again (3-5 PUTs per device), all within a minute. The UA is
# the mdmclient's ("MDM/1.0" for macOS, "MDM-OSX/1.0"). Realistic: APNs fan-out
# is near-simultaneous; ~2,500 PUTs in 60 s from one address, all 200.
@scen
def mdm_checkin_stampede_corporate_nat():
    L = Log(T0, 801, "mdm.example-corp.de")
    r = L.rnd
    s = app_site("mdm.example-corp.de", ["/", "/devices", "/profiles", "/commands"])
    good = background(L, s, 3600, n=8, office=False)
    nat = L.ip("212.204.33")
    admin_ua = UAS[7]
    L.add(1200, nat, "POST", "/v1/enqueue/all-devices", 200, 310, "https://mdm.example-corp.de/commands", admin_ua)
    for d in range(600):
        ua = r.choice(["MDM/1.0", "MDM-OSX/1.0", "MDM/1.0"])
        t = 1201 + r.uniform(0.5, 40)
        for k in range(r.randint(3, 5)):
            L.add(t, nat, "PUT", "/mdm/connect", 200, r.choice([0, 1200, 4300]), "-", ua)
            t += r.uniform(0.2, 3)
    # hourly check-ins (TokenUpdate/Idle) for the rest of the hour
    for d in range(600):
        L.add(r.uniform(0, 3600), nat, "PUT", "/mdm/checkin", 200, 0, "-", "MDM/1.0")
    browsers(L, s, 10, 3600, ips=[nat])
    good.append((nat, "corporate NAT: 600 managed devices answering an APNs push within 40 s"))
    return L, "Self-hosted MDM: admin pushes a profile to 600 devices; APNs wakes them within 40 s and each PUTs /mdm/connect 3-5 times through one corporate NAT (~2,500 PUTs in a minute, all 200); hourly check-ins", good


# 2. CAS ticket validation by the university's own application servers.
# Models: a university CAS server at 08:00 on a Monday: 4 service hosts
# (Moodle, webmail, the library, the exam system) validate every login ticket
# server-to-server with GET /cas/p3/serviceValidate?ticket=ST-...&service=...
# (Java/PHP HTTP client UAs). At the morning peak that is 5-15 validations per
# second per host; a few answer INVALID_TICKET (still HTTP 200) when a
# student double-clicks. Students' browsers do GET /cas/login and POST it
# (some failing once) behind the campus NAT.
@scen
def cas_ticket_validation_app_servers():
    L = Log(T0, 802, "login.uni-example.edu")
    r = L.rnd
    s = uni_site("login.uni-example.edu")
    good = background(L, uni_site(), 1800, n=10, office=False)
    hosts = [("141.20.8.11", "https://moodle.uni-example.edu/login/index.php", "Apache-HttpClient/4.5.14 (Java/17.0.9)"),
             ("141.20.8.12", "https://webmail.uni-example.edu/", "PHP-CAS/1.6.1"),
             ("141.20.8.13", "https://bib.uni-example.edu/auth/cas", "Java/17.0.9"),
             ("141.20.8.14", "https://exam.uni-example.edu/login/cas", "python-requests/2.32.3")]
    nat = L.ip("141.20.250")
    for ip, svc, ua in hosts:
        rate = r.uniform(5, 12)
        for t in poisson(r, 0, 1800, rate * 0.4):
            # the 08:00-08:10 peak has 2.5x the rate
            L.add(t, ip, "GET", "/cas/p3/serviceValidate?ticket=ST-%d-%s-cas01&service=%s" % (r.randint(100000, 999999), hexid(r, 20), urllib.parse.quote(svc, safe="")), 200, r.choice([612, 640, 388]), "-", ua)
        for t in poisson(r, 0, 600, rate * 0.6):
            L.add(t, ip, "GET", "/cas/p3/serviceValidate?ticket=ST-%d-%s-cas01&service=%s" % (r.randint(100000, 999999), hexid(r, 20), urllib.parse.quote(svc, safe="")), 200, 612, "-", ua)
        good.append((ip, "application server validating CAS tickets (5-15/s)"))
    for k in range(400):
        ua = r.choice(UAS)
        t = r.uniform(0, 1700)
        svc = r.choice(hosts)[1]
        L.add(t, nat, "GET", "/cas/login?service=" + urllib.parse.quote(svc, safe=""), 200, 7200, svc, ua)
        t += r.uniform(4, 15)
        if r.random() < 0.1:
            L.add(t, nat, "POST", "/cas/login?service=" + urllib.parse.quote(svc, safe=""), 401, 7300, "https://login.uni-example.edu/cas/login", ua)
            t += r.uniform(5, 15)
        L.add(t, nat, "POST", "/cas/login?service=" + urllib.parse.quote(svc, safe=""), 302, 0, "https://login.uni-example.edu/cas/login", ua)
    good.append((nat, "campus NAT: 400 students logging in via CAS, 1 in 10 with a typo"))
    return L, "University CAS at the Monday-morning peak: 4 application servers validate tickets server-to-server (serviceValidate, 5-15/s each, Java/PHP/python clients); 400 students log in behind the campus NAT, 1 in 10 mistyping once", good


# 3. Online exam proctoring: webcam snapshots every 10 s.
# Models: a proctored exam on a university LMS (Proctorio-like browser
# extension talking to the university's own endpoint): each of 45 students at
# home POSTs a JPEG snapshot every 10 s (+-1 s) for 60 minutes and a heartbeat
# every 30 s; a few snapshots 413 (too big) or 502 during a hiccup and are
# retried after 2 s. A steady machine rhythm from many homes.
@scen
def proctoring_webcam_snapshots():
    L = Log(T0, 803, "exam.uni-example.edu")
    r = L.rnd
    s = uni_site("exam.uni-example.edu")
    good = background(L, s, 3900, n=10, office=False)
    hiccup = (2100, 2130)
    for k in range(45):
        ip = L.ip()
        ua = r.choice(UAS[:4] + [UAS[7]])
        t = r.uniform(0, 120)
        L.add(t, ip, "GET", "/mod/quiz/attempt.php?attempt=%d&cmid=8812" % (50000 + k), 200, 48000, "https://exam.uni-example.edu/mod/quiz/view.php?id=8812", ua)
        end = t + 3600
        hb = t
        while t < end:
            st = 502 if hiccup[0] <= t <= hiccup[1] else (413 if r.random() < 0.004 else 200)
            L.add(t, ip, "POST", "/local/proctor/snapshot.php?attempt=%d" % (50000 + k), st, 60 if st == 200 else 180, "https://exam.uni-example.edu/mod/quiz/attempt.php?attempt=%d&cmid=8812" % (50000 + k), ua)
            if st != 200:
                L.add(t + 2, ip, "POST", "/local/proctor/snapshot.php?attempt=%d" % (50000 + k), 200, 60, "https://exam.uni-example.edu/mod/quiz/attempt.php?attempt=%d&cmid=8812" % (50000 + k), ua)
            if t - hb >= 30:
                L.add(t + 0.3, ip, "POST", "/lib/ajax/service.php?sesskey=%s&info=core_session_touch" % hexid(r, 10), 200, 90, "https://exam.uni-example.edu/mod/quiz/attempt.php", ua)
                hb = t
            t += r.uniform(9, 11)
        L.add(end + 1, ip, "POST", "/mod/quiz/processattempt.php", 303, 0, "https://exam.uni-example.edu/mod/quiz/attempt.php", ua)
        if k < 6:
            good.append((ip, "student in a proctored exam: snapshot every 10 s for an hour"))
    return L, "University exam: 45 students at home, each POSTing a webcam snapshot every 10 s and a session heartbeat every 30 s for an hour (a 30 s 502 hiccup retried after 2 s); staff and crawlers", good


# 4. SCORM course on the campus LMS: the player commits every 30-60 s.
# Models: 180 first-year students doing a mandatory safety e-learning in a
# computer lab and the library (2 NAT addresses). The SCORM player loads the
# package's 40-90 assets (html, js, mp4 in Range chunks) and POSTs
# datamodel.php (LMSCommit) every 30-60 s, and on each page turn.
@scen
def scorm_lms_commit_campus_nat():
    L = Log(T0, 804, "lms.uni-example.edu")
    r = L.rnd
    s = uni_site("lms.uni-example.edu")
    good = background(L, s, 3600, n=10, office=False)
    nats = [L.ip("141.20.250"), L.ip("141.20.251")]
    for k in range(180):
        ip = nats[k % 2]
        ua = r.choice(UAS[:4])
        t = r.uniform(0, 1500)
        base = "/pluginfile.php/%d/mod_scorm/content/3/" % 77123
        L.add(t, ip, "GET", "/mod/scorm/player.php?a=412&currentorg=ORG-1&scoid=1890&sesskey=%s" % hexid(r, 10), 200, 22000, "https://lms.uni-example.edu/mod/scorm/view.php?id=5531", ua)
        for a in range(r.randint(40, 90)):
            t += r.uniform(0.02, 0.2)
            L.add(t, ip, "GET", base + "res/%s%d.%s" % (r.choice(["slide", "img", "audio"]), a, r.choice(["html", "js", "png", "mp3"])), 200, r.randint(3000, 90000), "https://lms.uni-example.edu/mod/scorm/player.php", ua)
        end = t + r.uniform(900, 1800)
        while t < end:
            t += r.uniform(30, 60)
            L.add(t, ip, "POST", "/mod/scorm/datamodel.php", 200, 30, "https://lms.uni-example.edu/mod/scorm/player.php", ua)
            if r.random() < 0.3:
                L.add(t + 0.5, ip, "GET", base + "video/part%d.mp4" % r.randint(1, 12), 206, 1048576, "https://lms.uni-example.edu/mod/scorm/player.php", ua)
    for ip in nats:
        good.append((ip, "lab/library NAT: 90 students in a SCORM course"))
    return L, "Campus LMS: 180 students behind 2 NATs take a SCORM e-learning: 40-90 package assets each, video Range chunks, datamodel.php commit every 30-60 s", good


# 5. Payroll clerk bulk-downloads 420 payslip PDFs.
# Models: a SaaS payroll app; the clerk selects "download all" for December
# and the front end fetches /api/v2/payslips/{id}/pdf for each employee one
# after another (sequential ids), ~4-6 per second, then the browser zips them.
# 3 ids are 404 (employees who left). Looks like id enumeration, is not: one
# session, Referer of the app, ids from a listing it fetched first.
@scen
def payroll_pdf_bulk_download():
    L = Log(T0, 805, "app.example-payroll.de")
    r = L.rnd
    s = saas_site("app.example-payroll.de")
    good = background(L, s, 3600)
    ip = L.ip("87.138.120")
    ua = UAS[1]
    t = 900
    page_view(L, s, t, ip, ua, "/dashboard", "-", set())
    t += 8
    L.add(t, ip, "GET", "/api/v2/payslips?period=2026-12&limit=500", 200, 180000, "https://app.example-payroll.de/payslips", ua)
    gone = set(r.sample(range(420), 3))
    for i in range(420):
        t += r.uniform(0.12, 0.3)
        L.add(t, ip, "GET", "/api/v2/payslips/%d/pdf" % (88100 + i), 404 if i in gone else 200, 120 if i in gone else r.randint(48000, 71000), "https://app.example-payroll.de/payslips", ua)
    good.append((ip, "payroll clerk downloading 420 payslips (sequential ids, 3 x 404)"))
    return L, "SaaS payroll: a clerk's 'download all' fetches 420 payslip PDFs by sequential id at 4-6/s (3 ids 404, employees who left) after the listing; other users, office NAT", good


# 6. Checkout with 3-D Secure and order-status polling.
# Models: a shop's checkout during an evening peak: after POSTing the order,
# the payment page redirects to the card issuer's 3DS challenge and back
# (/checkout/3ds/return 302), then the confirmation page polls
# /checkout/status?order=... every 2 s (202 pending) until the PSP webhook
# lands (10-60 s). 1 in 6 fail 3DS once and retry with another card.
@scen
def checkout_3ds_status_polling():
    L = Log(T0, 806, "shop.example-store.de")
    r = L.rnd
    s = shop_site()
    good = background(L, s, 3600)
    psp = "185.60.216.%d" % r.randint(10, 60)
    for k in range(140):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, 3400)
        page_view(L, s, t, ip, ua, "/checkout/cart/", s.url("/"), set())
        t += r.uniform(20, 60)
        order = 300000 + k
        for attempt in range(2 if r.random() < 0.17 else 1):
            L.add(t, ip, "POST", "/checkout/onepage/saveOrder/", 200, 420, s.url("/checkout/"), ua)
            t += r.uniform(15, 50)
            L.add(t, ip, "POST", "/checkout/3ds/return", 302, 0, "https://acs.example-issuer.com/", ua)
            t += 0.4
        L.add(t, ip, "GET", "/checkout/onepage/success/?order=%d" % order, 200, 30000, s.url("/checkout/"), ua)
        wait = r.uniform(10, 60)
        L.add(t + wait - 0.5, psp, "POST", "/payment/webhook/psp", 200, 2, "-", "PSP-Webhooks/2.0")
        tt = t
        while tt < t + wait:
            tt += 2
            L.add(tt, ip, "GET", "/checkout/status?order=%d" % order, 202 if tt < t + wait else 200, 40, s.url("/checkout/onepage/success/"), ua)
        if k < 5:
            good.append((ip, "shopper polling order status after 3DS"))
    good.append((psp, "payment provider webhooks"))
    return L, "Shop checkout: 140 shoppers through 3-D Secure (1 in 6 retrying), confirmation page polling /checkout/status every 2 s for 10-60 s until the PSP webhook; PSP webhooks", good


# 7. Game launcher patch day: delta chunks from one household.
# Models: a game publisher's own patch origin: a launcher (libcurl UA)
# downloads a manifest, then 600 distinct content-addressed chunks with 6
# parallel connections (~8/s) and verifies; several households patch at once,
# one LAN of 3 PCs behind one address. A few 503 from the overloaded origin
# and retries after 5 s.
@scen
def game_patch_chunk_downloads():
    L = Log(T0, 807, "patch.example-arena.gg")
    r = L.rnd
    s = game_site("patch.example-arena.gg")
    good = background(L, s, 2400, n=10)
    ua = "ArenaLauncher/3.14.2 (Windows; x64) libcurl/8.10.1"
    for h in range(12):
        ip = L.ip()
        pcs = 3 if h == 0 else 1
        for pc in range(pcs):
            t = r.uniform(0, 600)
            L.add(t, ip, "GET", "/live/manifests/win64/9.2.0.json", 200, 880000, "-", ua)
            for c in range(600):
                t += r.expovariate(8)
                ch = "/live/chunks/%s/%s.chunk" % (hexid(r, 2), hexid(r, 32))
                if r.random() < 0.01:
                    L.add(t, ip, "GET", ch, 503, 190, "-", ua)
                    t += 5
                L.add(t, ip, "GET", ch, 200, r.randint(400000, 1048576), "-", ua)
        if h < 4:
            good.append((ip, "household launcher patching: 600 chunks at ~8/s" + (" x3 PCs" if pcs == 3 else "")))
    return L, "Game patch origin: 12 households' launchers fetch a manifest and 600 distinct chunks each at ~8/s (one LAN of 3 PCs), 1% 503 retried after 5 s; visitors, crawlers", good


# 8. A bad game patch: crash-report wave through mobile carrier CGNAT.
# Models: after a client update crashes on some GPUs, every affected player's
# client uploads a crash dump (POST /v1/crash, 200 or 413 for big dumps,
# retried once without the dump), restarts, crashes again: 5-12 reports per
# player in 20 minutes. Many players share 3 carrier CGNAT addresses.
@scen
def game_crash_report_wave_cgnat():
    L = Log(T0, 808, "api.example-arena.gg")
    r = L.rnd
    s = game_site()
    good = background(L, s, 2400, n=10, office=False)
    cg = ["37.80.1.%d" % r.randint(2, 250), "176.3.90.%d" % r.randint(2, 250), "89.204.137.%d" % r.randint(2, 250)]
    ua = "UnityPlayer/2022.3.52f1 (UnityWebRequest/1.0, libcurl/8.5.0-DEV)"
    for p in range(260):
        ip = cg[p % 3] if p < 240 else L.ip()
        t = r.uniform(0, 900)
        for c in range(r.randint(5, 12)):
            L.add(t, ip, "POST", "/v1/session/start", 200, 900, "-", ua)
            t += r.uniform(20, 120)
            st = 413 if r.random() < 0.15 else 200
            L.add(t, ip, "POST", "/v1/crash?build=9.2.0.4411&gpu=%s" % r.choice(["adreno-640", "mali-g76", "adreno-650"]), st, 60, "-", ua)
            if st == 413:
                L.add(t + 1, ip, "POST", "/v1/crash?build=9.2.0.4411&nodump=1", 200, 60, "-", ua)
            t += r.uniform(8, 30)
    for ip in cg:
        good.append((ip, "mobile carrier CGNAT: ~80 players crash-looping after a bad patch"))
    return L, "Game backend after a bad patch: 260 players (240 behind 3 carrier CGNAT addresses) crash-loop, each restarting and uploading 5-12 crash reports in 20 min (15% 413 retried without dump)", good


# 9. A researcher mirrors an open-data portal with wget --wait=1.
# Models: `wget --mirror --no-parent --wait=1 --random-wait -e robots=on` on a
# government open-data portal: ~1 request per 0.5-1.5 s for 45 minutes, HTML
# pages and CSV/ZIP downloads, robots.txt first, ~5% 404 from stale links in
# old dataset pages, some 301.
@scen
def wget_mirror_open_data_gov():
    L = Log(T0, 809, "daten.example-land.gov")
    r = L.rnd
    s = portal_site("daten.example-land.gov")
    good = background(L, s, 3600)
    ip = L.ip("134.76.10")
    ua = "Wget/1.21.4"
    t = 300.0
    L.add(t, ip, "GET", "/robots.txt", 200, 220, "-", ua)
    while t < 3000:
        t += r.uniform(0.5, 1.5)
        k = r.random()
        if k < 0.55:
            p, st, sz = "/dataset/%s-%d/" % (r.choice(["verkehrszaehlung", "luftqualitaet", "haushalt", "schulen", "wahlen", "bebauungsplaene"]), r.randint(1, 900)), 200, r.randint(9000, 40000)
        elif k < 0.9:
            p, st, sz = "/dataset/%d/resource/%s.%s" % (r.randint(1, 900), hexid(r, 8), r.choice(["csv", "zip", "json", "xlsx"])), 200, r.randint(20000, 9000000)
        elif k < 0.95:
            p, st, sz = "/dataset/%d/resource/%s.csv" % (r.randint(1, 900), hexid(r, 8)), 404, 300
        else:
            p, st, sz = "/organization/%s" % r.choice(["statistik", "umwelt", "verkehr"]), 301, 0
        L.add(t, ip, "GET", p, st, sz, "https://daten.example-land.gov/dataset/", ua)
    good.append((ip, "researcher's wget --mirror --wait=1 --random-wait (45 min, ~5% 404)"))
    return L, "Government open-data portal: a researcher's wget --mirror with --wait=1 --random-wait, ~1 req/s for 45 min (pages, CSV/ZIP, 5% 404 stale links, 301s), robots.txt first; visitors, office NAT", good


# 10. Notary office: land-registry lookups with many misses.
# Models: a notary's office (one address, 4 clerks) looking up parcels in
# a state land-registry portal all morning: search form, then
# /grundbuch/blatt/{district}/{number}; 30% are 404 (typos, merged parcels),
# 1-3 lookups a minute per clerk, plus PDF extracts.
@scen
def land_registry_notary_lookups_404():
    L = Log(T0, 810, "grundbuch.example-land.gov")
    r = L.rnd
    s = portal_site("grundbuch.example-land.gov")
    good = background(L, s, 4 * 3600, n=20)
    ip = L.ip("91.64.200")
    for c in range(4):
        ua = UAS[c % 2]
        t = r.uniform(0, 600)
        while t < 4 * 3600:
            L.add(t, ip, "GET", "/grundbuch/suche?gemarkung=%d&flur=%d" % (r.randint(1000, 1300), r.randint(1, 40)), 200, 15000, "https://grundbuch.example-land.gov/grundbuch/", ua)
            t += r.uniform(8, 30)
            st = 404 if r.random() < 0.3 else 200
            L.add(t, ip, "GET", "/grundbuch/blatt/%d/%d" % (r.randint(1000, 1300), r.randint(1, 9000)), st, 2200 if st == 404 else 26000, "https://grundbuch.example-land.gov/grundbuch/suche", ua)
            if st == 200 and r.random() < 0.4:
                L.add(t + r.uniform(5, 20), ip, "GET", "/grundbuch/auszug/%s.pdf" % hexid(r, 12), 200, 310000, "https://grundbuch.example-land.gov/grundbuch/blatt/", ua)
            t += r.uniform(20, 60)
    good.append((ip, "notary office, 4 clerks, 4 hours of parcel lookups, 30% not found"))
    return L, "Land-registry portal: a notary office (4 clerks, one address) looks up parcels for 4 hours, 1-3 a minute each, 30% 404 (typos, merged parcels), PDF extracts; citizens, office NAT", good


# 11. Forum moderator cleaning up a spam wave.
# Models: a XenForo moderator after a spam wave: inline moderation selects
# 30 posts at a time and deletes (POST /inline-mod/ 303), but also deletes
# 120 spam accounts one by one (POST /members/{id}/delete 303) and bans
# their IPs in the admin panel (/admin.php?banning/ips/add 200), ~1 action
# every 2-5 s for 15 minutes; many 404 as the spam threads are already gone.
@scen
def forum_moderator_spam_cleanup():
    L = Log(T0, 811, "forum.example-fans.net")
    r = L.rnd
    s = forum_site()
    good = background(L, s, 3600, n=40)
    ip = L.ip("84.150.30")
    ua = UAS[3]
    t = 600
    while t < 1500:
        k = r.random()
        if k < 0.4:
            m = 80000 + r.randint(1, 900)
            L.add(t, ip, "GET", "/members/spam%d.%d/" % (m, m), r.choice([200, 200, 404]), 12000, "https://forum.example-fans.net/whats-new/posts/", ua)
            L.add(t + 2, ip, "POST", "/members/spam%d.%d/delete" % (m, m), 303, 0, "https://forum.example-fans.net/members/", ua)
        elif k < 0.6:
            L.add(t, ip, "POST", "/inline-mod/", 303, 0, "https://forum.example-fans.net/forums/off-topic.9/", ua)
        elif k < 0.8:
            L.add(t, ip, "POST", "/admin.php?banning/ips/add", 200, 900, "https://forum.example-fans.net/admin.php?banning/ips/", ua)
        else:
            L.add(t, ip, "GET", "/threads/%s.%d/" % (r.choice(["cheap-jerseys", "buy-followers", "casino-bonus"]), 90000 + r.randint(1, 400)), 404, 8000, "https://forum.example-fans.net/whats-new/posts/", ua)
        t += r.uniform(2, 5)
    good.append((ip, "moderator deleting spam accounts and threads, 1 action per 2-5 s"))
    return L, "Forum: a moderator cleans up a spam wave for 15 minutes (deleting accounts, inline moderation, IP bans in admin.php, many 404 as threads are gone), 1 action per 2-5 s; 40 readers, office NAT", good


# 12. Ansible provisions 300 DNS records through a SaaS API.
# Models: an ops team's Ansible playbook (uri module, 5 forks) against a DNS
# provider's REST API: GET zone, then POST /api/v1/zones/{z}/records for 300
# records ~10/s; a re-run the next day: 422 "record exists" for most, some 409;
# two 429 with the play sleeping 30 s.
@scen
def ansible_dns_records_provisioning_422():
    L = Log(T0, 812, "api.example-dns.io")
    r = L.rnd
    s = saas_site("console.example-dns.io")
    good = background(L, s, 3600, n=15)
    ip = L.ip("159.69.40")
    ua = "ansible-httpget"
    t = 700.0
    L.add(t, ip, "GET", "/api/v1/zones?name=example-corp.de", 200, 900, "-", ua)
    for run_, st_ok in [(0, 201), (1, 422)]:
        for i in range(300):
            t += r.expovariate(10)
            st = st_ok if r.random() < 0.93 else (409 if run_ else 201)
            L.add(t, ip, "POST", "/api/v1/zones/4471/records", st, 260, "-", ua)
            if i in (140, 141):
                L.add(t + 0.1, ip, "POST", "/api/v1/zones/4471/records", 429, 80, "-", ua)
                t += 30
        t += 400
    good.append((ip, "Ansible uri module creating 300 DNS records (~10/s), re-run gets 422"))
    return L, "DNS SaaS API: an Ansible playbook POSTs 300 records at ~10/s (201), runs again (422 exists / 409), sleeps 30 s after two 429; console users", good


# 13. Bluesky relay and AppView crawl a self-hosted PDS.
# Models: a self-hosted atproto PDS with 300 accounts after
# requestCrawl: the relay (bsky.network) pages listRepos and fetches getRepo
# for each DID (CAR files), the AppView fetches getBlob for avatars/images,
# bursts of 20-40 requests/s; then the relay holds a subscribeRepos websocket
# and re-fetches getLatestCommit.
@scen
def atproto_pds_relay_crawl():
    L = Log(T0, 813, "pds.example-social.net")
    r = L.rnd
    s = blog_site("pds.example-social.net")
    good = background(L, s, 3600, n=10, office=False)
    relay, appview = "147.135.10.%d" % r.randint(2, 250), "34.83.140.%d" % r.randint(2, 250)
    ua = "indigo-relay (atproto-relay)"
    t = 200.0
    L.add(t, relay, "GET", "/xrpc/com.atproto.server.describeServer", 200, 300, "-", ua)
    for page in range(3):
        t += 0.3
        L.add(t, relay, "GET", "/xrpc/com.atproto.sync.listRepos?limit=100" + ("&cursor=%s" % hexid(r, 12) if page else ""), 200, 21000, "-", ua)
        for d in range(100):
            t += r.expovariate(30)
            L.add(t, relay, "GET", "/xrpc/com.atproto.sync.getRepo?did=did:plc:%s" % "".join(r.choice("abcdefghijklmnopqrstuvwxyz234567") for _ in range(24)), r.choice([200] * 20 + [400]), r.randint(20000, 4000000), "-", ua)
    t += 1
    L.add(t, relay, "GET", "/xrpc/com.atproto.sync.subscribeRepos", 101, 0, "-", ua)
    for k in range(900):
        L.add(t + r.uniform(0, 300), appview, "GET", "/xrpc/com.atproto.sync.getBlob?did=did:plc:%s&cid=bafkrei%s" % ("".join(r.choice("abcdefghijklmnopqrstuvwxyz234567") for _ in range(24)), "".join(r.choice("abcdefghijklmnopqrstuvwxyz234567") for _ in range(52))), r.choice([200] * 30 + [404]), r.randint(20000, 900000), "-", "Go-http-client/2.0")
    for t2 in range(0, 3600, 60):
        L.add(t2 + r.uniform(0, 5), relay, "GET", "/xrpc/com.atproto.sync.getLatestCommit?did=did:plc:%s" % "".join(r.choice("abcdefghijklmnopqrstuvwxyz234567") for _ in range(24)), 200, 120, "-", ua)
    good += [(relay, "Bluesky relay crawling the PDS (listRepos/getRepo, ~30/s burst)"), (appview, "AppView fetching 900 blobs in 5 min")]
    return L, "Self-hosted Bluesky PDS: after requestCrawl the relay pages listRepos and fetches 300 repos (~30/s), the AppView fetches 900 blobs in 5 minutes (3% 404), periodic getLatestCommit; readers", good


# 14. E-readers syncing an OPDS catalogue.
# Models: a Calibre-Web library of a family/club: KOReader and Thorium
# devices open the OPDS catalogue and page through it (feed pages + 30-60
# cover thumbnails per page, ~6-10/s), download 1-3 EPUBs; KOReader's
# progress sync PUTs every page turn chunk. 2 devices share a home IPv6 /64
# with privacy addresses that change mid-session.
@scen
def opds_ereader_catalog_sync():
    L = Log(T0, 814, "books.example-library.org")
    r = L.rnd
    s = library_site()
    good = background(L, s, 3600, n=8, office=False)
    home64 = "2a02:8108:1140:5e00"
    devices = [("KOReader/2024.11 (https://koreader.rocks/)", None), ("Thorium/3.0.0 (Electron)", None), ("KOReader/2024.11 (https://koreader.rocks/)", home64), ("Mozilla/5.0 (Linux; Android 13) PocketBook/6.8", home64), ("KOReader/2024.07 (https://koreader.rocks/)", None)]
    for ua, p64 in devices:
        ip = L.ip6(p64) if p64 else L.ip()
        t = r.uniform(0, 1800)
        L.add(t, ip, "GET", "/opds", 200 if r.random() < 0.8 else 401, 3000, "-", ua)
        for page in range(r.randint(5, 14)):
            if p64 and page == 6:
                ip = L.ip6(p64)
            t += r.uniform(2, 20)
            L.add(t, ip, "GET", "/opds/new?offset=%d" % (page * 60), 200, 48000, "-", ua)
            for c in range(r.randint(30, 60)):
                t += r.uniform(0.05, 0.2)
                L.add(t, ip, "GET", "/opds/cover_90_90/%d" % r.randint(1, 4000), r.choice([200] * 25 + [404]), r.randint(3000, 9000), "-", ua)
        for b in range(r.randint(1, 3)):
            t += r.uniform(5, 30)
            L.add(t, ip, "GET", "/opds/download/%d/epub/" % r.randint(1, 4000), 200, r.randint(300000, 3000000), "-", ua)
        if "KOReader" in ua:
            for k in range(40):
                t += r.uniform(20, 90)
                L.add(t, ip, "PUT", "/kosync/syncs/progress", 200, 60, "-", ua)
        good.append((ip, "e-reader browsing the OPDS catalogue (covers ~6-10/s)"))
    return L, "Calibre-Web library: 5 e-readers (KOReader, Thorium, PocketBook; 2 on a home IPv6 /64 with changing privacy addresses) page the OPDS catalogue with 30-60 covers per page at ~6-10/s, download EPUBs, sync progress", good


# 15. Alexa flash briefing and podcast apps poll a news feed from AWS.
# Models: a regional newspaper's Alexa Flash Briefing skill: Amazon's
# fetchers (several AWS addresses, Apache-HttpClient UA) GET the briefing
# JSON whenever users ask, with If-Modified-Since (304 mostly), ~1-3/s from
# each address at 07:00; plus the MP3 of the briefing.
@scen
def alexa_flash_briefing_aws_pollers():
    L = Log(T0, 815, "www.example-tagblatt.de")
    r = L.rnd
    s = news_site()
    good = background(L, s, 3600)
    aws = ["52.%d.%d.%d" % (r.choice([2, 19, 48, 94]), r.randint(0, 255), r.randint(2, 254)) for _ in range(6)]
    ua = "Apache-HttpClient/UNAVAILABLE (Java/1.8.0_412)"
    for ip in aws:
        for t in poisson(r, 0, 3600, r.uniform(0.6, 2.0)):
            L.add(t, ip, "GET", "/feeds/alexa/briefing.json", r.choice([304] * 8 + [200]), 0, "-", ua)
            if r.random() < 0.1:
                L.add(t + 0.2, ip, "GET", "/audio/briefing/2026-11-30-0700.mp3", 206, 700000, "-", ua)
        good.append((ip, "Amazon Alexa fetcher polling the flash briefing (1-2/s)"))
    return L, "News site: Alexa Flash Briefing fetchers on 6 AWS addresses GET the briefing JSON ~0.6-2/s each for an hour (mostly 304) and the MP3 in Range; readers, office NAT", good


# 16. A forum thread shared in a big Telegram channel: mobile IPv6 readers.
# Models: the TelegramBot link preview, then ~700 readers in Telegram's
# in-app browser over 30 minutes, most on mobile carriers' IPv6: each phone
# has its own /64 and changes address within it (privacy extensions); ~150
# come through 2 IPv4 CGNAT addresses. Each reads the thread (and page 2) with assets.
@scen
def telegram_channel_share_mobile_ipv6():
    L = Log(T0, 816, "forum.example-fans.net")
    r = L.rnd
    s = forum_site()
    good = background(L, s, 3600, n=20)
    thread = s.pages[2]
    L.add(60, "149.154.161.%d" % r.randint(200, 220), "GET", thread, 200, 42000, "-", "TelegramBot (like TwitterBot)")
    cg = ["80.187.100.%d" % r.randint(2, 250), "92.116.40.%d" % r.randint(2, 250)]
    mob = [ua for ua in UAS if "Mobile" in ua or "Android" in ua]
    for k in range(700):
        ua = r.choice(mob) + " Telegram-Android/11.4.2"
        t = 62 + r.expovariate(1 / 300.0)
        if k < 150:
            ip = cg[k % 2]
            cached = set()
            page_view(L, s, t, ip, ua, thread, "-", cached)
            if r.random() < 0.4:
                page_view(L, s, t + r.uniform(30, 120), ip, ua, thread + "page-2", thread, cached)
        else:
            p64 = "2a01:598:%x:%x" % (r.randint(0x8000, 0x9fff), r.randint(0, 0xffff))
            ip = L.ip6(p64)
            cached = set()
            page_view(L, s, t, ip, ua, thread, "-", cached)
            if r.random() < 0.4:
                ip2 = L.ip6(p64) if r.random() < 0.3 else ip
                page_view(L, s, t + r.uniform(30, 120), ip2, ua, thread + "page-2", s.url(thread), cached)
            if k < 160:
                good.append((ip, "phone on a mobile IPv6 /64 reading the shared thread"))
    for ip in cg:
        good.append((ip, "carrier CGNAT: ~75 Telegram readers"))
    return L, "Forum thread shared in a Telegram channel: the TelegramBot preview, then 700 readers in the in-app browser over ~30 min: 550 on mobile IPv6 (own /64, privacy-address changes between pages), 150 through 2 CGNAT addresses", good


# 17. News site behind a CDN on election night (X-Forwarded-For).
# Models: a news site behind Fastly-like edges (trusted_proxies = the CDN's
# ranges): the origin sees edge addresses and the client in XFF. Election
# night: readers reload the results page and poll results.json every 30 s
# (304 mostly); a corporate proxy (many journalists of a partner paper) shows
# as one client address in XFF with 60 users; results widget embedded on 3
# partner sites, fetched by their servers every 10 s.
@scen
def news_behind_cdn_xff_election_night():
    L = Log(T0 + datetime.timedelta(hours=11), 817, "www.example-tagblatt.de")
    r = L.rnd
    s = news_site()
    edges = ["151.101.%d.%d" % (r.randint(0, 255), r.randint(2, 254)) for _ in range(8)]
    good = [(e, "CDN edge (trusted proxy)") for e in edges]

    def xadd(t, client, m, p, st, sz, ref, ua):
        L.ev.append((t, len(L.ev), r.choice(edges), m, p, st, sz, ref, ua, client))
        L.used.add(client)

    corp = L.ip("193.28.44")
    clients = [(L.ip(), r.choice(UAS)) for _ in range(250)] + [(corp, r.choice(UAS[:2])) for _ in range(60)]
    for c, ua in clients:
        t = r.uniform(0, 1800)
        xadd(t, c, "GET", "/wahl/2026/ergebnisse/", 200, 60000, r.choice(SEARCH_REFS), ua)
        for a in s.css + s.js:
            xadd(t + r.uniform(0.1, 0.5), c, "GET", a, 200, 90000, "https://www.example-tagblatt.de/wahl/2026/ergebnisse/", ua)
        end = t + r.uniform(300, 3000)
        while t < end:
            t += r.uniform(29, 31)
            xadd(t, c, "GET", "/wahl/2026/results.json", r.choice([304] * 5 + [200]), 0, "https://www.example-tagblatt.de/wahl/2026/ergebnisse/", ua)
    partners = [L.ip() for _ in range(3)]
    for p in partners:
        t = r.uniform(0, 10)
        while t < 3600:
            xadd(t, p, "GET", "/wahl/2026/widget.json?partner=%d" % partners.index(p), 200, 4000, "-", "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)")
            t += 10
        good.append((p, "partner site server polling the results widget every 10 s"))
    good.append((corp, "partner paper's corporate proxy: 60 journalists polling results (in XFF)"))
    good += [(c, "reader polling results every 30 s (in XFF)") for c, _ in clients[:5]]
    cidrs = '["151.101.0.0/16"]'
    return L, "News site behind a CDN (trusted_proxies = CDN range) on election night: 250 readers and a corporate proxy with 60 journalists poll results.json every 30 s (client in X-Forwarded-For), 3 partner servers poll a widget every 10 s", good, "trusted_proxies = %s\n" % cidrs


# 18. WordPress's own loopbacks: wp-cron, Site Health, REST from the server.
# Models: a WordPress site without DISABLE_WP_CRON: on page views the server
# calls itself (POST /wp-cron.php?doing_wp_cron=... from its own public
# address, UA "WordPress/6.7.1; https://blog...") up to once per request
# burst; Site Health's loopback tests (GET /wp-admin/ 302, /wp-json/ 200,
# /wp-json/wp/v2/types/post?context=edit 401); Jetpack-less uptime checks
# from the admin; an admin's block-editor autosaves.
@scen
def wp_cron_loopback_site_health():
    L = Log(T0, 818, "blog.example.org")
    r = L.rnd
    s = blog_site()
    good = background(L, s, 3600, n=60)
    self_ip = "178.254.10.%d" % r.randint(2, 250)
    ua = "WordPress/6.7.1; https://blog.example.org"
    t = 0.0
    while t < 3600:
        t += r.expovariate(1 / 15.0)
        L.add(t, self_ip, "POST", "/wp-cron.php?doing_wp_cron=%.10f" % (1796022000 + t), 200, 0, "-", ua)
    for t in range(300, 3600, 600):
        for p, st in [("/wp-admin/", 302), ("/wp-json/", 200), ("/wp-json/wp/v2/types/post?context=edit", 401), ("/?health-check-test-page=1", 200), ("/wp-admin/admin-ajax.php", 400)]:
            L.add(t + r.uniform(0, 2), self_ip, "GET", p, st, 500, "-", ua)
    admin = L.ip()
    for t in range(200, 3000, 60):
        L.add(t, admin, "POST", "/wp-json/wp/v2/posts/812/autosaves?_locale=user", 200, 3000, "https://blog.example.org/wp-admin/post.php?post=812&action=edit", UAS[2])
        L.add(t + 15, admin, "POST", "/wp-admin/admin-ajax.php", 200, 60, "https://blog.example.org/wp-admin/post.php?post=812&action=edit", UAS[2])
    good += [(self_ip, "the server's own loopback: wp-cron and Site Health"), (admin, "admin writing in the block editor")]
    return L, "WordPress: the server calls itself (wp-cron.php every ~15 s, Site Health loopbacks incl. 401/400 every 10 min, WordPress UA), an admin's editor autosaves; 60 readers, office NAT", good


# 19. Citizens refreshing an appointment booking calendar.
# Models: a city's appointment portal when new slots for ID cards are
# released at 07:00: citizens keep the calendar open and the page's JS (and
# they, by F5) refresh /termin/api/slots?service=...&month=... every 5-15 s
# for up to 20 minutes (200 with an empty list), and try to book: POST
# /termin/api/book 409 (slot gone) 1-4 times before a 201. Some on CGNAT.
@scen
def gov_appointment_slot_refresh():
    L = Log(T0, 819, "service.example-land.gov")
    r = L.rnd
    s = portal_site()
    good = background(L, s, 3000, n=15)
    cg = ["46.114.5.%d" % r.randint(2, 250), "46.114.9.%d" % r.randint(2, 250)]
    for k in range(220):
        ip = cg[k % 2] if k < 60 else L.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, 300)
        page_view(L, s, t, ip, ua, "/termin/", s.url("/leistungen/personalausweis/"), set())
        end = t + r.uniform(120, 1200)
        while t < end:
            t += r.uniform(5, 15)
            L.add(t, ip, "GET", "/termin/api/slots?service=pa-beantragen&standort=%d&month=2027-01" % r.randint(1, 4), 200, r.choice([40, 40, 40, 900]), s.url("/termin/"), ua)
            if r.random() < 0.04:
                for b in range(r.randint(1, 4)):
                    L.add(t + 1 + b * 3, ip, "POST", "/termin/api/book", 409, 120, s.url("/termin/"), ua)
                if r.random() < 0.6:
                    L.add(t + 14, ip, "POST", "/termin/api/book", 201, 400, s.url("/termin/"), ua)
                    break
        if k in (60, 61, 62, 63):
            good.append((ip, "citizen refreshing the appointment calendar every 5-15 s"))
    for ip in cg:
        good.append((ip, "mobile CGNAT: 30 citizens hunting appointment slots"))
    return L, "City appointment portal at slot release: 220 citizens (60 behind 2 CGNAT addresses) refresh the slots API every 5-15 s for 2-20 minutes and retry bookings (409 slot gone, then 201)", good


# 20. Exam results release: 500 students behind the campus NAT refresh.
# Models: grades published at 12:00; students on eduroam (one NAT) and at
# home reload the results page from 11:55 (the page says "not yet
# published": 200) every 10-30 s; at 12:00 the backend overloads and answers
# 503 for 3 minutes, students hammer F5 (every 2-5 s), then it recovers.
@scen
def exam_results_release_campus_nat():
    L = Log(T0 + datetime.timedelta(hours=4, minutes=50), 820, "campus.uni-example.edu")
    r = L.rnd
    s = uni_site("campus.uni-example.edu")
    good = background(L, s, 1800, n=10, office=False)
    nat = "141.20.250.%d" % r.randint(2, 250)
    rel = 600
    for k in range(500):
        ip = nat if k < 350 else L.ip()
        ua = r.choice(UAS)
        t = r.uniform(300, 700)
        L.add(t, ip, "GET", "/qisserver/rds?state=notenspiegel", 200, 14000, "https://campus.uni-example.edu/", ua)
        while True:
            if t < rel:
                t += r.uniform(10, 30)
                st = 200
            elif t < rel + 180:
                t += r.uniform(2, 5)
                st = 503
            else:
                t += r.uniform(1, 3)
                st = 200
            L.add(t, ip, "GET", "/qisserver/rds?state=notenspiegel", st, 14000 if st == 200 else 600, "https://campus.uni-example.edu/qisserver/rds?state=notenspiegel", ua)
            if st == 200 and t > rel + 180:
                L.add(t + 20, ip, "GET", "/qisserver/rds?state=notenspiegel&pdf=1", 200, 90000, "https://campus.uni-example.edu/qisserver/rds?state=notenspiegel", ua)
                break
        if k in (350, 351, 352):
            good.append((ip, "student at home refreshing for grades (503 phase: every 2-5 s)"))
    good.append((nat, "campus NAT: 350 students refreshing for grades at release"))
    return L, "University grades release: 500 students (350 behind the campus NAT) reload the results page every 10-30 s, then every 2-5 s through 3 minutes of 503 overload, then fetch the PDF", good


def main():
    run(SC, OUT, "fresh-s15 benign: ", benign=True)


main()
