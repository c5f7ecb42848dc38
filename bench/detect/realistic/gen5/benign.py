"""fresh-s12 benign5: twenty kinds of legitimate clients not covered by the
earlier realistic sets, each inside ordinary browsing of 20-40 other clients,
crawlers and a monitor. None of these clients may be banned.

Written before looking at the detector, the patterns or the default policy
(session 12, role "fresh"): nothing here is tuned to guardctl.
Run: python3 benign.py [scenario-name ...]   (fixed seeds, byte-identical output)
"""
import datetime, os, sys, uuid, json, urllib.parse
from base import *

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.environ.get("OUT", os.path.join(HERE, "..", "benign5"))
os.makedirs(OUT, exist_ok=True)
T0 = datetime.datetime(2026, 12, 1, 8, 0, 0)
SC = []


def scen(f):
    SC.append(f)
    return f


def hexid(r, n=40):
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def q(s):
    return urllib.parse.quote(s, safe="")


def background(L, site, dur, n=30, mon=True):
    browsers(L, site, n, dur)
    crawlers(L, site, dur)
    if mon:
        monitor(L, dur)


# ---------------------------------------------------------------------------
# 1. Matrix federation into a busy homeserver.
# Models: two large homeservers (matrix.org-sized and a university's) sending
# federation transactions for a 20k-member room during an incident: PUT
# /_matrix/federation/v1/send/<txn> several times a second, key queries,
# backfill and state_ids fetches, plus a server whose signing key was rotated
# so its first 40 requests get 401 M_UNAUTHORIZED until our key cache expires.
# Realistic: Synapse sends one transaction per destination at a time, but
# with 50 PDUs/EDUs per txn and typing/receipt EDUs the rate is 2-6/s; after
# key rotation 401s are the documented, common failure.
@scen
def matrix_federation_busy_room():
    L = Log(T0, 501, "matrix")
    s = Site("example-hs.org", ["/", "/_matrix/client/versions", "/.well-known/matrix/client"], [], [], lambda p, r: [])
    dur = 1800
    el = app_site("chat.example-hs.org", ["/", "/#/room/!abc:example-hs.org", "/#/home"])
    background(L, el, dur, 25)
    r = L.rnd
    keep = []
    for name, ua, rate in [("matrix.org", "Synapse/1.119.0", 5.0), ("uni", "Synapse/1.120.2", 2.0), ("conduit", "Conduwuit/0.5.0", 0.8)]:
        ip = L.ip()
        keep.append((ip, "federating homeserver %s" % name))
        t = r.uniform(0, 5)
        txn = r.randint(1733000000000, 1733999999999)
        while t < dur:
            txn += 1
            L.add(t, ip, "PUT", "/_matrix/federation/v1/send/%d" % txn, 200, r.randint(40, 300), "-", ua)
            if r.random() < 0.04:
                L.add(t + 0.05, ip, "GET", "/_matrix/federation/v1/state_ids/%s?event_id=%s" % (q("!Hk2TmJq:example-hs.org"), q("$" + hexid(r, 43))), 200, r.randint(20000, 400000), "-", ua)
            if r.random() < 0.03:
                L.add(t + 0.1, ip, "GET", "/_matrix/federation/v1/backfill/%s?v=%s&limit=100" % (q("!Hk2TmJq:example-hs.org"), q("$" + hexid(r, 43))), 200, r.randint(50000, 300000), "-", ua)
            if r.random() < 0.02:
                L.add(t + 0.1, ip, "GET", "/_matrix/federation/v1/query/profile?user_id=%s&field=displayname" % q("@u%d:example-hs.org" % r.randint(1, 900)), r.choice([200, 200, 404]), 60, "-", ua)
            if r.random() < 0.01:
                L.add(t + 0.1, ip, "GET", "/_matrix/key/v2/server", 200, 420, "-", ua)
            t += r.expovariate(rate)
    # the rotated-key server: 401 on every request for ~4 minutes, Synapse backs off per destination
    ip = L.ip()
    keep.append((ip, "homeserver after signing-key rotation (401 until key cache refresh)"))
    ua = "Synapse/1.118.0"
    t = 200
    back = 1.0
    txn = 1733400000000
    while t < 440:
        L.add(t, ip, "PUT", "/_matrix/federation/v1/send/%d" % txn, 401, 94, "-", ua)
        L.add(t + 0.2, ip, "GET", "/_matrix/key/v2/server", 200, 420, "-", ua)
        t += back
        back = min(back * 2, 60)
        if back >= 60:
            back = 5
    while t < dur:
        txn += 1
        L.add(t, ip, "PUT", "/_matrix/federation/v1/send/%d" % txn, 200, 60, "-", ua)
        t += r.expovariate(0.5)
    # our users' clients: Element web syncing
    for k in range(8):
        ip = L.ip()
        keep.append((ip, "Element client /sync long-poll"))
        ua = r.choice(UAS)
        t = r.uniform(0, 100)
        since = r.randint(100000, 900000)
        while t < dur:
            since += r.randint(1, 30)
            L.add(t, ip, "GET", "/_matrix/client/v3/sync?filter=0&timeout=30000&since=s%d_%d_0_1_1_1_1_%d_0_1" % (since, r.randint(1, 99999), r.randint(1, 9999)), 200, r.randint(200, 9000), "https://chat.example-hs.org/", ua)
            t += r.uniform(0.5, 30)
    return L, "Matrix homeserver during a busy 20k-member room: 3 federating servers sending transactions at 0.8-5/s with state_ids/backfill/profile/key fetches, a 4th getting 401 after a signing-key rotation and backing off, 8 Element clients long-polling /sync; 25 web users", keep, None


# ---------------------------------------------------------------------------
# 2. CalDAV/CardDAV from a family behind one home NAT.
# Models: a household's 7 devices (iOS dataaccessd, macOS Calendar,
# DAVx5 on Android, Thunderbird) syncing against a Nextcloud/Baikal server
# every 15 min: PROPFIND depth 1, REPORT sync-collection, 207 responses; iOS
# sends every request first without credentials and gets a 401 challenge
# (that is how CFNetwork does Basic/Digest), DAVx5 gets 412 on stale ETags.
# Realistic: this 401-then-retry pattern is why DAV logs are half 401s.
@scen
def caldav_carddav_family_nat():
    L = Log(T0, 502, "dav")
    s = app_site("cloud.example-family.net", ["/", "/apps/files/", "/apps/calendar/", "/apps/contacts/"])
    dur = 3600
    background(L, s, dur, 20)
    r = L.rnd
    nat = L.ip()
    keep = [(nat, "family home NAT, 7 CalDAV/CardDAV devices")]
    devs = [("iOS/18.1.1 (22B91) dataaccessd/1.0", True, "anna"), ("iOS/18.1.1 (22B91) dataaccessd/1.0", True, "ben"), ("macOS/15.1.1 (24B91) CalendarAgent/1000", True, "anna"),
            ("DAVx5/4.4.3.2-ose (2024/10/23; dav4jvm; okhttp/4.12.0) Android/14", False, "carla"), ("DAVx5/4.4.3.2-ose (2024/10/23; dav4jvm; okhttp/4.12.0) Android/13", False, "dan"),
            ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.0", False, "ben"), ("iOS/17.7 (21H16) dataaccessd/1.0", True, "oma")]
    for ua, challenge, user in devs:
        t = r.uniform(0, 300)
        every = r.choice([900, 900, 600, 300])
        while t < dur:
            cols = ["/remote.php/dav/calendars/%s/personal/" % user, "/remote.php/dav/calendars/%s/family/" % user, "/remote.php/dav/addressbooks/users/%s/contacts/" % user]
            for p in ["/.well-known/caldav", "/remote.php/dav/", "/remote.php/dav/principals/users/%s/" % user, "/remote.php/dav/calendars/%s/" % user] + cols:
                if p.startswith("/.well-known") and r.random() < 0.7:
                    continue
                if challenge:
                    L.add(t, nat, "PROPFIND", p, 401, 350, "-", ua)
                    t += 0.05
                m = "REPORT" if p in cols and r.random() < 0.6 else "PROPFIND"
                st = 301 if p.startswith("/.well-known") else 207
                if "DAVx5" in ua and m == "REPORT" and r.random() < 0.05:
                    st = 412
                L.add(t, nat, m, p, st, r.randint(400, 30000), "-", ua)
                t += r.uniform(0.05, 0.4)
            if r.random() < 0.3:
                ev = "/remote.php/dav/calendars/%s/family/%s.ics" % (user, str(uuid.UUID(int=r.getrandbits(128))).upper())
                if challenge:
                    L.add(t, nat, "PUT", ev, 401, 350, "-", ua)
                L.add(t + 0.05, nat, "PUT", ev, 201, 0, "-", ua)
            t += every * r.uniform(0.9, 1.1)
    # the family also browse the web UI from the same NAT
    browsers(L, s, 4, dur, ips=[nat])
    return L, "Nextcloud CalDAV/CardDAV: a family's 7 devices (iOS/macOS dataaccessd with 401 challenge before every request, DAVx5 with occasional 412, Thunderbird) behind one home NAT syncing every 5-15 min for an hour; 20 web users", keep, None


# ---------------------------------------------------------------------------
# 3. Windows WebDAV mini-redirector mapping a drive to a SharePoint-like share.
# Models: 12 employees behind the office NAT who mapped \\dav.example\share as
# a network drive. Explorer's WebDAV client (Microsoft-WebDAV-MiniRedir) does
# OPTIONS/PROPFIND storms, asks for desktop.ini, Thumbs.db, folder.jpg,
# autorun.inf in every folder (404s), and Office takes LOCKs and writes
# ~$-lock files. Realistic: anyone who ran IIS/Apache DAV knows the 404 flood
# the mini-redirector produces; a folder with 300 files is 300 PROPFINDs.
@scen
def webdav_miniredir_office():
    L = Log(T0, 503, "dav")
    s = app_site("dav.example-office.de", ["/", "/portal/", "/portal/news"])
    dur = 2400
    background(L, s, dur, 20)
    r = L.rnd
    nat = L.ip()
    keep = [(nat, "office NAT, 12 Windows clients with mapped WebDAV drive")]
    ua = "Microsoft-WebDAV-MiniRedir/10.0.19045"
    folders = ["/share/", "/share/Vertrieb/", "/share/Vertrieb/Angebote%202026/", "/share/Buchhaltung/", "/share/Buchhaltung/Rechnungen/", "/share/Projekte/", "/share/Projekte/Neubau%20Halle%203/", "/share/Vorlagen/"]
    for emp in range(12):
        t = r.uniform(0, 600)
        L.add(t, nat, "OPTIONS", "/", 200, 0, "-", ua)
        L.add(t + 0.05, nat, "PROPFIND", "/share", 207, 900, "-", ua)
        t += 1
        for _ in range(r.randint(4, 12)):
            f = r.choice(folders)
            L.add(t, nat, "PROPFIND", f, 207, r.randint(2000, 90000), "-", ua)
            t += 0.05
            for junk in ["desktop.ini", "Desktop.ini", "Thumbs.db", "folder.jpg", "folder.gif", "autorun.inf"]:
                if r.random() < 0.7:
                    L.add(t, nat, "PROPFIND", f + junk, 404, 0, "-", ua)
                    t += r.uniform(0.01, 0.05)
            for i in range(r.randint(5, 40)):
                L.add(t, nat, "PROPFIND", f + "Dokument_%03d.docx" % r.randint(1, 300), 207, 700, "-", ua)
                t += r.uniform(0.01, 0.08)
            if r.random() < 0.5:
                doc = f + "Angebot_%04d.docx" % r.randint(1, 2000)
                oua = "Microsoft Office Word 2014"
                L.add(t, nat, "OPTIONS", f, 200, 0, "-", "Microsoft Office Protocol Discovery")
                L.add(t + 0.1, nat, "HEAD", doc, 200, 0, "-", oua)
                L.add(t + 0.2, nat, "LOCK", doc, 200, 400, "-", oua)
                L.add(t + 0.3, nat, "GET", doc, 200, r.randint(30000, 900000), "-", oua)
                lockf = f + "~$" + doc.rsplit("/", 1)[1][2:]
                L.add(t + 0.5, nat, "PUT", lockf, 201, 0, "-", ua)
                for k in range(r.randint(1, 4)):
                    tt = t + 60 * (k + 1)
                    L.add(tt, nat, "PUT", doc, 204, 0, "-", oua)
                    L.add(tt + 0.1, nat, "PROPPATCH", doc, 207, 300, "-", ua)
                L.add(t + 300, nat, "UNLOCK", doc, 204, 0, "-", oua)
                L.add(t + 300.2, nat, "DELETE", lockf, 204, 0, "-", ua)
                L.add(t + 300.3, nat, "PROPFIND", lockf, 404, 0, "-", ua)
            t += r.uniform(20, 200)
    browsers(L, s, 10, dur, ips=[nat])
    return L, "12 office PCs behind one NAT using a WebDAV share mapped as a Windows drive: Microsoft-WebDAV-MiniRedir PROPFIND storms with desktop.ini/Thumbs.db/folder.jpg/autorun.inf 404s in every folder, Office LOCK/PUT/UNLOCK with ~$ lock files; 20 others", keep, None


# ---------------------------------------------------------------------------
# 4. Accessibility audit in CI: pa11y-ci over the sitemap.
# Models: the site's own CI runs pa11y-ci (headless Chrome via Puppeteer)
# against every URL in sitemap.xml after each deploy, concurrency 2; each
# page loads fully with assets (no cache between pages since each is a fresh
# page in the same browser, cache mostly warm). Three deploys in the hour from
# GitHub-hosted runners (a new Azure IP each time).
@scen
def pa11y_ci_accessibility_audit():
    L = Log(T0, 504, "blog")
    s = blog_site("www.example-council.gov.uk")
    more = ["/services/%s/" % x for x in ["bins-and-recycling", "council-tax", "parking-permits", "planning-applications", "libraries", "housing-benefit", "school-admissions", "report-a-pothole", "register-to-vote", "births-deaths-marriages"]]
    more += ["/services/%s/%s/" % (a, b) for a in ["council-tax", "parking-permits", "planning-applications"] for b in ["apply", "pay", "discounts", "appeal", "contact", "faq"]]
    s.pages = s.pages + more
    dur = 3600
    background(L, s, dur, 30)
    r = L.rnd
    keep = []
    ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.85 Safari/537.36"
    for run in range(3):
        ip = L.ip()
        keep.append((ip, "pa11y-ci run from CI runner"))
        t = 300 + run * 1100
        L.add(t, ip, "GET", "/sitemap.xml", 200, 9000, "-", "pa11y-ci/3.1.0")
        cached = set()
        urls = list(s.pages)
        for i in range(0, len(urls), 2):
            for u in urls[i:i + 2]:
                page_view(L, s, t + r.uniform(0, 0.3), ip, ua, u, "-", cached)
            t += r.uniform(1.2, 3.5)
    return L, "pa11y-ci accessibility audit of a council site from CI after each of 3 deploys: sitemap.xml then all %d URLs in headless Chrome, 2 at a time, full page loads, every ~2 s; 30 residents" % len(s.pages), keep, None


# ---------------------------------------------------------------------------
# 5. Playwright end-to-end suite against staging from CI.
# Models: 4 parallel workers on one GitHub runner (one IP) running ~180 tests:
# sign-up, login (including the deliberate wrong-password tests that expect
# the error message: 401s), password reset, checkout with test cards
# (including declined-card tests), admin pages, logout. Each test starts a
# fresh context, so assets reload. Realistic: e2e suites do exactly this and
# hit /login dozens of times per run; two runs (two PRs) in the hour.
@scen
def playwright_e2e_ci():
    L = Log(T0, 505, "app")
    s = app_site("staging.example-saas.io", ["/", "/login", "/signup", "/dashboard", "/projects", "/projects/new", "/settings/billing", "/admin/users", "/forgot-password"])
    dur = 3600
    background(L, s, dur, 12)
    r = L.rnd
    keep = []
    ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.33 Safari/537.36"
    for run in range(2):
        ip = L.ip()
        keep.append((ip, "Playwright e2e run from CI runner (4 workers)"))
        for w in range(4):
            t = 400 + run * 1500 + w * 0.3
            for test in range(45):
                c = set()
                kind = r.choice(["login", "login", "login_bad", "signup", "reset", "checkout", "checkout_declined", "projects", "admin"])
                page_view(L, s, t, ip, ua, "/login", "-", c)
                t += r.uniform(0.4, 1.2)
                if kind == "login_bad":
                    L.add(t, ip, "POST", "/api/auth/login", 401, 80, s.url("/login"), ua)
                    t += r.uniform(0.3, 0.8)
                    if r.random() < 0.5:
                        L.add(t, ip, "POST", "/api/auth/login", 401, 80, s.url("/login"), ua)
                    t += 0.5
                    continue
                if kind == "signup":
                    page_view(L, s, t, ip, ua, "/signup", s.url("/login"), c)
                    L.add(t + 1, ip, "POST", "/api/auth/signup", r.choice([201, 201, 422]), 120, s.url("/signup"), ua)
                    t += 2
                    continue
                if kind == "reset":
                    page_view(L, s, t, ip, ua, "/forgot-password", s.url("/login"), c)
                    L.add(t + 0.8, ip, "POST", "/api/auth/password-reset", 202, 40, s.url("/forgot-password"), ua)
                    L.add(t + 1.5, ip, "GET", "/reset-password?token=%s" % hexid(r, 32), 200, 9000, "-", ua)
                    L.add(t + 2.2, ip, "POST", "/api/auth/password-reset/confirm", r.choice([200, 400]), 40, s.url("/reset-password"), ua)
                    t += 3
                    continue
                L.add(t, ip, "POST", "/api/auth/login", 200, 300, s.url("/login"), ua)
                page_view(L, s, t + 0.3, ip, ua, "/dashboard", s.url("/login"), c)
                t += 1
                if kind.startswith("checkout"):
                    page_view(L, s, t, ip, ua, "/settings/billing", s.url("/dashboard"), c)
                    L.add(t + 1, ip, "POST", "/api/billing/payment-method", 402 if kind == "checkout_declined" else 200, 200, s.url("/settings/billing"), ua)
                    L.add(t + 2, ip, "POST", "/api/billing/subscribe", 402 if kind == "checkout_declined" else 201, 200, s.url("/settings/billing"), ua)
                    t += 3
                elif kind == "admin":
                    page_view(L, s, t, ip, ua, "/admin/users", s.url("/dashboard"), c)
                    L.add(t + 0.5, ip, "GET", "/api/admin/users?page=1&per_page=50", 200, 9000, s.url("/admin/users"), ua)
                    L.add(t + 1, ip, "DELETE", "/api/admin/users/%d" % r.randint(1000, 9000), 204, 0, s.url("/admin/users"), ua)
                    t += 2
                else:
                    page_view(L, s, t, ip, ua, "/projects", s.url("/dashboard"), c)
                    L.add(t + 0.5, ip, "POST", "/api/projects", 201, 300, s.url("/projects/new"), ua)
                    L.add(t + 1, ip, "GET", "/api/projects?search=%s" % q("e2e-%d" % r.randint(1, 99999)), 200, 700, s.url("/projects"), ua)
                    t += 2
                L.add(t, ip, "POST", "/api/auth/logout", 204, 0, s.url("/dashboard"), ua)
                t += r.uniform(0.2, 1.0)
    return L, "Playwright e2e suite against staging from a CI runner, 4 workers x 45 tests, 2 runs: fresh contexts reloading assets, logins incl. deliberate wrong-password tests (401), sign-ups, resets, declined test cards (402), admin deletes; 12 staff", keep, None


# ---------------------------------------------------------------------------
# 6. Ticket on-sale with a waiting room.
# Models: a concert on-sale at 10:00. Fans are on the waiting room page whose
# JS polls /queue/status every 5 s; many also press F5; the origin answers
# 429 when overloaded and 503 for a minute. Most fans are on mobile carriers,
# so hundreds of them share a few CGNAT addresses (Telekom/Vodafone ranges).
@scen
def ticket_onsale_waiting_room():
    L = Log(T0, 506, "tix")
    s = app_site("tickets.example-arena.de", ["/", "/events/2027-tour-hamburg", "/events/2027-tour-berlin", "/queue", "/checkout"])
    dur = 1500
    background(L, s, dur, 20)
    r = L.rnd
    keep = []
    cgn = [L.ip() for _ in range(4)]
    for ip in cgn:
        keep.append((ip, "mobile carrier CGNAT with ~60 fans in the waiting room"))
    home = [L.ip() for _ in range(40)]
    for ip in home[:10]:
        keep.append((ip, "fan at home in waiting room (some pressing F5)"))
    fans = [(cg, r.choice(UAS[4:6] + UAS[9:])) for cg in cgn for _ in range(60)] + [(h, r.choice(UAS)) for h in home]
    onsale = 600
    for ip, ua in fans:
        t = r.uniform(onsale - 500, onsale - 10)
        c = set()
        page_view(L, s, t, ip, ua, "/events/2027-tour-hamburg", r.choice(["-", "https://www.instagram.com/"]), c)
        t += r.uniform(2, 20)
        L.add(t, ip, "GET", "/queue?e=2027-tour-hamburg", 200, 12000, s.url("/events/2027-tour-hamburg"), ua)
        pos = r.randint(100, 40000)
        f5 = r.random() < 0.25
        end = onsale + min(pos / 40.0, 850)
        while t < end:
            t += r.uniform(4.8, 5.3)
            st = 200
            if onsale < t < onsale + 60:
                st = 503
            elif onsale < t < onsale + 300 and r.random() < 0.2:
                st = 429
            L.add(t, ip, "GET", "/queue/status?e=2027-tour-hamburg&qt=%s" % hexid(r, 12), st, 120 if st == 200 else 40, s.url("/queue?e=2027-tour-hamburg"), ua)
            if f5 and r.random() < 0.15:
                L.add(t + 0.5, ip, "GET", "/queue?e=2027-tour-hamburg", st, 12000 if st == 200 else 600, s.url("/queue?e=2027-tour-hamburg"), ua)
        if r.random() < 0.6:
            page_view(L, s, t + 1, ip, ua, "/checkout", s.url("/queue"), c)
            L.add(t + r.uniform(30, 120), ip, "POST", "/api/checkout/reserve", r.choice([200, 200, 409, 409]), 300, s.url("/checkout"), ua)
    return L, "Concert ticket on-sale: 240 fans behind 4 mobile CGNAT addresses and 40 at home on a waiting room polling /queue/status every 5 s, some pressing F5, 503 for a minute and 429s after opening, then checkout with 409 sold-out; 20 others", keep, None


# ---------------------------------------------------------------------------
# 7. Outlook/Thunderbird autodiscover/autoconfig from an office.
# Models: 90 Outlook clients behind a company NAT whose mail moved away from
# Exchange; Outlook keeps POSTing /autodiscover/autodiscover.xml (404 on the
# web host, then the root-domain and autodiscover. variants) every time it
# starts and hourly; Thunderbird asks /.well-known/autoconfig; iOS Mail asks
# /.well-known/... Realistic: webmasters see this for years after a move.
@scen
def outlook_autodiscover_office():
    L = Log(T0, 507, "corp")
    s = app_site("www.example-gmbh.de", ["/", "/produkte/", "/karriere/", "/kontakt/", "/impressum/"])
    dur = 3600
    background(L, s, dur, 25)
    r = L.rnd
    nat = L.ip()
    keep = [(nat, "company NAT, 90 mail clients asking autodiscover/autoconfig")]
    for k in range(90):
        ua = r.choice(["Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)", "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.18129; Pro)", "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.14332; Pro)"])
        t = r.uniform(0, 900)
        while t < dur:
            L.add(t, nat, "POST", "/autodiscover/autodiscover.xml", 404, 150, "-", ua)
            L.add(t + 0.3, nat, "GET", "/autodiscover/autodiscover.xml", 404, 150, "-", ua)
            if r.random() < 0.3:
                L.add(t + 0.6, nat, "POST", "/Autodiscover/Autodiscover.xml", 404, 150, "-", ua)
            t += r.uniform(3000, 4000)
    for k in range(12):
        ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Thunderbird/128.5.0"
        t = r.uniform(0, dur)
        L.add(t, nat, "GET", "/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=%s" % q("m%d@example-gmbh.de" % k), 404, 150, "-", ua)
        L.add(t + 0.2, nat, "GET", "/autoconfig/mail/config-v1.1.xml?emailaddress=%s" % q("m%d@example-gmbh.de" % k), 404, 150, "-", ua)
        L.add(t + 0.4, nat, "GET", "/mail/config-v1.1.xml", 404, 150, "-", ua)
    for k in range(15):
        ua = "iOS/18.1 (22B83) accountsd/1.0"
        t = r.uniform(0, dur)
        L.add(t, nat, "GET", "/.well-known/mta-sts.txt", 404, 150, "-", ua)
    browsers(L, s, 30, dur, ips=[nat])
    return L, "Company NAT with 90 Outlook clients POSTing /autodiscover/autodiscover.xml (404) at start and hourly after the mail moved, 12 Thunderbird autoconfig lookups, iOS accountsd, plus 30 colleagues browsing; 25 others", keep, None


# ---------------------------------------------------------------------------
# 8. Mobile app with Apollo automatic persisted queries behind CGNAT.
# Models: a shopping app (Flutter/iOS) issuing GraphQL via APQ: GET
# /graphql?operationName=..&variables=..&extensions={"persistedQuery":...};
# after each app release the hash is unknown so the server answers
# PersistedQueryNotFound (200) and the client re-POSTs the full query.
# 150 app users behind 3 carrier CGNAT addresses, app opens every few minutes.
@scen
def apollo_apq_mobile_cgnat():
    L = Log(T0, 508, "api")
    s = app_site("shop.example-mode.com", ["/", "/damen", "/herren", "/sale"])
    dur = 2400
    background(L, s, dur, 20)
    r = L.rnd
    keep = []
    cgn = [L.ip() for _ in range(3)]
    for ip in cgn:
        keep.append((ip, "carrier CGNAT, ~50 app users each"))
    ops = ["HomeFeed", "ProductList", "ProductDetail", "Cart", "Wishlist", "SearchSuggestions", "UserProfile", "Recommendations"]
    uas = ["ModeApp/5.12.0 (iPhone; iOS 18.1.1; Scale/3.00)", "ModeApp/5.12.0 (Android 14; Pixel 8)", "ModeApp/5.11.3 (Android 13; SM-A546B)", "Dart/3.5 (dart:io)"]
    for ip in cgn:
        for u in range(50):
            ua = r.choice(uas)
            t = r.uniform(0, dur)
            fresh = r.random() < 0.4
            for sess in range(r.randint(1, 3)):
                if t > dur:
                    break
                L.add(t, ip, "POST", "/api/v2/auth/refresh", 200, 900, "-", ua)
                t += 0.3
                for _ in range(r.randint(5, 30)):
                    op = r.choice(ops)
                    var = {"ProductDetail": {"id": str(r.randint(10000, 99999))}, "ProductList": {"cat": r.choice(["damen", "herren", "sale"]), "page": r.randint(1, 6)},
                           "SearchSuggestions": {"q": r.choice(["jeans", "kleid", "sneaker", "mantel", "hoodie"])}}.get(op, {})
                    ext = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": hexid(r, 64)}}, separators=(",", ":"))
                    path = "/graphql?operationName=%s&variables=%s&extensions=%s" % (op, q(json.dumps(var, separators=(",", ":"))), q(ext))
                    L.add(t, ip, "GET", path, 200, 90 if fresh else r.randint(1000, 40000), "-", ua)
                    if fresh:
                        L.add(t + 0.15, ip, "POST", "/graphql", 200, r.randint(1000, 40000), "-", ua)
                    for _ in range(r.randint(0, 6)):
                        L.add(t + r.uniform(0.1, 0.6), ip, "GET", "/img/p/%d/%s_w%d.webp" % (r.randint(10000, 99999), hexid(r, 8), r.choice([320, 640])), 200, r.randint(8000, 60000), "-", ua)
                    t += r.uniform(0.5, 8)
                fresh = False
                t += r.uniform(120, 900)
    return L, "Fashion shopping app using Apollo APQ: 150 users behind 3 carrier CGNAT addresses; GET /graphql with JSON variables/extensions in the query string, PersistedQueryNotFound then full POST after the release, token refresh, product images; 20 web shoppers", keep, None


# ---------------------------------------------------------------------------
# 9. IoT fleet behind an LTE APN.
# Models: 400 ESP32 sensor gateways on an IoT SIM provider share one public
# address (the APN's NAT); each POSTs telemetry every 60 s, checks
# /ota/check every 10 min, and after the 08:30 token expiry every device gets
# 401 once and re-authenticates. The firmware retries failed posts 3x at 2 s.
@scen
def iot_telemetry_lte_apn():
    L = Log(T0, 509, "iot")
    s = app_site("portal.example-sensors.eu", ["/", "/devices", "/dashboards/1", "/alerts"])
    dur = 2400
    background(L, s, dur, 15)
    r = L.rnd
    apn = L.ip()
    keep = [(apn, "IoT SIM provider APN NAT, 400 ESP32 gateways")]
    expiry = 1800
    for d in range(400):
        ua = r.choice(["ESP32HTTPClient", "ESP32HTTPClient", "esp-idf/v5.2.3"])
        dev = "gw-%06x" % r.randint(0, 0xffffff)
        t = r.uniform(0, 60)
        authed = True
        while t < dur:
            if authed and t > expiry:
                L.add(t, apn, "POST", "/api/v1/telemetry/%s" % dev, 401, 40, "-", ua)
                L.add(t + 0.4, apn, "POST", "/api/v1/auth/device", 200, 300, "-", ua)
                authed = False
                t += 0.8
            st = 200 if r.random() > 0.01 else 502
            L.add(t, apn, "POST", "/api/v1/telemetry/%s" % dev, st, 20, "-", ua)
            if st != 200:
                for k in range(3):
                    L.add(t + 2 * (k + 1), apn, "POST", "/api/v1/telemetry/%s" % dev, r.choice([502, 200]), 20, "-", ua)
            if r.random() < 0.1:
                L.add(t + 0.5, apn, "GET", "/ota/check?dev=%s&fw=2.4.1&hw=rev3" % dev, 304, 0, "-", ua)
            t += 60 + r.uniform(-0.5, 0.5)
    return L, "400 ESP32 sensor gateways behind one IoT-SIM APN address: telemetry POST every 60 s (~6.7/s together), OTA checks, 502 retries 3x, and a token expiry making every device get 401 once and re-auth; 15 portal users", keep, None


# ---------------------------------------------------------------------------
# 10. ACME HTTP-01: cert-manager self-check stuck on 404.
# Models: a Kubernetes cluster whose cert-manager cannot see its own
# challenge (misrouted ingress): its self-check GETs
# /.well-known/acme-challenge/<token> every ~10 s for the whole hour and gets
# 404 (a well-known cert-manager failure mode). Let's Encrypt's multi-
# perspective validators come from 5 addresses for the working domains.
@scen
def acme_http01_cert_manager_retry():
    L = Log(T0, 510, "k8s")
    s = blog_site("www.example-startup.io")
    dur = 3600
    background(L, s, dur, 25)
    r = L.rnd
    keep = []
    egress = L.ip()
    keep.append((egress, "cert-manager self-check stuck on 404 (cluster egress)"))
    ua = "cert-manager-challenges/v1.16.2 (linux/amd64) cert-manager/7f9b4e3a"
    toks = [hexid(r, 43) for _ in range(6)]
    t = 5
    while t < dur:
        for tok in toks:
            L.add(t + r.uniform(0, 0.5), egress, "GET", "/.well-known/acme-challenge/%s" % tok, 404, 153, "-", ua)
        t += 10
    for k in range(5):
        ip = L.ip()
        keep.append((ip, "Let's Encrypt validation perspective"))
        for j in range(4):
            L.add(r.uniform(0, dur), ip, "GET", "/.well-known/acme-challenge/%s" % hexid(r, 43), r.choice([200, 200, 404]), 87, "-", "Mozilla/5.0 (compatible; Let's Encrypt validation server; +https://www.letsencrypt.org)")
    return L, "cert-manager self-check of 6 HTTP-01 challenges stuck on 404 every 10 s for an hour from the cluster egress (~2,100 404s), Let's Encrypt validation from 5 perspectives; 25 readers", keep, None


# ---------------------------------------------------------------------------
# 11. SCIM provisioning from Okta and Entra ID.
# Models: the identity provider reconciling 1,500 users: for each user
# GET /scim/v2/Users?filter=userName eq "x@y" (quotes and spaces URL-encoded),
# 404/200, then PATCH or POST; Entra ID runs a cycle every 40 minutes at
# ~10-20 requests/s; Okta pushes group membership changes. Realistic:
# filter syntax with quotes and "eq" is mandated by RFC 7644.
@scen
def scim_provisioning_okta_entra():
    L = Log(T0, 511, "app")
    s = app_site("app.example-hr.com", ["/", "/people", "/people/42", "/time-off", "/payroll", "/settings"])
    dur = 3000
    background(L, s, dur, 20)
    r = L.rnd
    keep = []
    for name, ua, rate, n in [("Entra ID", "Microsoft.Identity.Provisioning/1.0", 15, 1500), ("Okta", "Okta SCIM Client 1.0.0", 4, 300)]:
        ips = [L.ip() for _ in range(2)]
        for ip in ips:
            keep.append((ip, "%s SCIM provisioning" % name))
        t = r.uniform(60, 300)
        for cycle in range(2 if name == "Entra ID" else 1):
            for u in range(n):
                ip = r.choice(ips)
                em = "%s.%s%d@example-corp.com" % (r.choice(["anna", "ben", "chris", "dana", "eli", "fatima", "georg", "hana"]), r.choice(["meyer", "smith", "nguyen", "kowalski", "rossi"]), r.randint(1, 99))
                flt = q('userName eq "%s"' % em)
                st = 200 if r.random() < 0.9 else 404
                L.add(t, ip, "GET", "/scim/v2/Users?filter=%s" % flt, st, 900 if st == 200 else 300, "-", ua)
                t += r.expovariate(rate)
                if st == 404:
                    L.add(t, ip, "POST", "/scim/v2/Users", r.choice([201, 201, 409]), 800, "-", ua)
                elif r.random() < 0.2:
                    L.add(t, ip, "PATCH", "/scim/v2/Users/%s" % uuid.UUID(int=r.getrandbits(128)), 200, 800, "-", ua)
                t += r.expovariate(rate)
                if name == "Okta" and r.random() < 0.3:
                    L.add(t, ip, "PATCH", "/scim/v2/Groups/%s" % uuid.UUID(int=r.getrandbits(128)), r.choice([204, 204, 404]), 0, "-", ua)
            t += 2400
    return L, "SCIM 2.0 provisioning: Entra ID reconciling 1,500 users at ~15 req/s (filter=userName eq \"...\", 10% 404 then POST/409) and Okta pushing 300 users and groups; 20 HR users", keep, None


# ---------------------------------------------------------------------------
# 12. Immich mobile backup after installing the app.
# Models: a user installs the Immich app on a new phone at home and backs up
# 2,800 photos/videos: bulk-upload-check in batches, then POST /api/assets
# 3 in parallel (multi-MB bodies, ~1-3 s each), thumbnails fetched by the
# timeline; a second family member on the same Wi-Fi browses the web UI.
@scen
def immich_mobile_backup():
    L = Log(T0, 512, "photos")
    s = app_site("photos.example-home.net", ["/photos", "/albums", "/explore", "/people"])
    dur = 3600
    background(L, s, dur, 8, mon=True)
    r = L.rnd
    home = L.ip()
    keep = [(home, "home NAT: phone backing up 2,800 assets, web UI user")]
    ua = "Dart/3.5 (dart:io)"
    t = 60
    L.add(t, home, "POST", "/api/auth/login", 201, 600, "-", ua)
    L.add(t + 0.5, home, "GET", "/api/server/ping", 200, 20, "-", ua)
    n = 2800
    done = 0
    while done < n and t < dur:
        L.add(t, home, "POST", "/api/assets/bulk-upload-check", 200, 4000, "-", ua)
        t += 0.4
        for i in range(30):
            for lane in range(3):
                if done >= n:
                    break
                done += 1
                st = 201 if r.random() > 0.02 else r.choice([200, 413, 500])
                L.add(t + lane * 0.2, home, "POST", "/api/assets", st, 120, "-", ua)
            t += r.uniform(1.0, 3.0)
        for _ in range(r.randint(10, 40)):
            L.add(t + r.uniform(0, 5), home, "GET", "/api/assets/%s/thumbnail?size=thumbnail" % uuid.UUID(int=r.getrandbits(128)), 200, r.randint(3000, 15000), "-", ua)
    browsers(L, s, 2, dur, ips=[home])
    return L, "Immich mobile app backing up 2,800 photos after install from a home NAT: bulk-upload-check batches, 3 parallel POST /api/assets (~1-3 s each), some 413/500, timeline thumbnails; a second person on the web UI; 8 others", keep, None


# ---------------------------------------------------------------------------
# 13. Google Ads / Merchant Center checking a shop's landing pages.
# Models: AdsBot-Google (desktop and mobile) re-checks every ad landing page
# with gclid-free URLs after a feed update, ~600 product URLs in 20 min at
# 1-2/s from a handful of Google addresses, many 404 for sold-out products;
# Storebot-Google fetches product pages and the feed; Googlebot-Image fetches
# product images.
@scen
def adsbot_merchant_center():
    L = Log(T0, 513, "shop")
    s = shop_site()
    dur = 2400
    background(L, s, dur, 30)
    r = L.rnd
    keep = []
    for ua, ips, n, rate in [("AdsBot-Google (+http://www.google.com/adsbot.html)", 3, 600, 1.5),
                             ("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; AdsBot-Google-Mobile; +http://www.google.com/mobile/adsbot.html)", 2, 600, 1.0),
                             ("Mozilla/5.0 (X11; Linux x86_64; Storebot-Google/1.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Safari/537.36", 2, 300, 0.5),
                             ("Googlebot-Image/1.0", 2, 900, 2.0)]:
        ipl = ["66.249.%d.%d" % (r.choice([64, 65, 66, 68, 70, 72, 79]), r.randint(2, 250)) for _ in range(ips)]
        for ip in ipl:
            keep.append((ip, ua.split(" ")[0] if "Storebot" not in ua and "Mobile" not in ua else ("Storebot-Google" if "Storebot" in ua else "AdsBot-Google-Mobile")))
        t = r.uniform(100, 400)
        for i in range(n):
            ip = r.choice(ipl)
            if "Image" in ua:
                L.add(t, ip, "GET", "/media/catalog/product/%s/%s/%s-%d.jpg" % (r.choice("abcdef"), r.choice("abcdef"), r.choice(["linen-shirt", "wool-coat", "trail-runner", "silk-scarf"]), r.randint(1, 900)), r.choice([200] * 9 + [404]), r.randint(30000, 300000), "-", ua)
            else:
                sku = r.randint(1000, 9999)
                st = 200 if r.random() < 0.75 else r.choice([404, 404, 301])
                L.add(t, ip, "GET", "/%s-%d.html?utm_source=google&utm_medium=cpc&utm_campaign=pmax_de_%d" % (r.choice(["linen-shirt", "wool-coat", "trail-runner", "canvas-tote", "denim-jacket"]), sku, r.randint(1, 9)), st, r.randint(9000, 80000) if st == 200 else 4000, "-", ua)
            t += r.expovariate(rate)
        if "Storebot" in ua:
            L.add(t, ipl[0], "GET", "/media/feeds/google_shopping_de.xml", 200, 4800000, "-", ua)
    return L, "Google ad/shopping crawlers after a Merchant Center feed update: AdsBot-Google desktop+mobile checking 1,200 landing pages with utm params (~25% 404/301 sold-out), Storebot-Google 300 products + feed, Googlebot-Image 900 images; 30 shoppers", keep, None


# ---------------------------------------------------------------------------
# 14. Collabora Online WOPI callbacks.
# Models: a Collabora Online server (one IP) editing documents stored in a
# Nextcloud: for each open doc CheckFileInfo GET, GetFile contents, then
# PutFile on autosave every 30-60 s and on every explicit save, plus Lock/
# RefreshLock POSTs with X-WOPI-Override (not in the log). 25 concurrent
# editors means a steady 2-5 req/s of POSTs from one server address,
# with 409 lock conflicts when two people open the same file.
@scen
def collabora_wopi_callbacks():
    L = Log(T0, 514, "cloud")
    s = app_site("cloud.example-school.de", ["/apps/files/", "/apps/dashboard/", "/apps/richdocuments/"])
    dur = 2400
    background(L, s, dur, 25)
    r = L.rnd
    cool = L.ip()
    keep = [(cool, "Collabora Online server WOPI callbacks")]
    ua = "COOLWSD HTTP Agent 24.04.9.2"
    for ed in range(40):
        fid = "%d_oc%s" % (r.randint(100, 99999), hexid(r, 10))
        tok = hexid(r, 32)
        t = r.uniform(0, dur - 300)
        end = t + r.uniform(200, 1500)
        L.add(t, cool, "GET", "/index.php/apps/richdocuments/wopi/files/%s?access_token=%s&access_token_ttl=0" % (fid, tok), 200, 1200, "-", ua)
        L.add(t + 0.2, cool, "GET", "/index.php/apps/richdocuments/wopi/files/%s/contents?access_token=%s&access_token_ttl=0" % (fid, tok), 200, r.randint(20000, 2000000), "-", ua)
        L.add(t + 0.3, cool, "POST", "/index.php/apps/richdocuments/wopi/files/%s?access_token=%s&access_token_ttl=0" % (fid, tok), r.choice([200] * 8 + [409]), 0, "-", ua)
        while t < end:
            t += r.uniform(30, 60)
            L.add(t, cool, "POST", "/index.php/apps/richdocuments/wopi/files/%s/contents?access_token=%s&access_token_ttl=0" % (fid, tok), 200, 80, "-", ua)
            if r.random() < 0.3:
                L.add(t + 0.1, cool, "POST", "/index.php/apps/richdocuments/wopi/files/%s?access_token=%s&access_token_ttl=0" % (fid, tok), 200, 0, "-", ua)
        L.add(t + 1, cool, "POST", "/index.php/apps/richdocuments/wopi/files/%s?access_token=%s&access_token_ttl=0" % (fid, tok), 200, 0, "-", ua)
    # the editors' browsers load the iframe and poll
    for k in range(15):
        ip = L.ip()
        ua2 = r.choice(UAS)
        t = r.uniform(0, dur - 300)
        L.add(t, ip, "POST", "/index.php/apps/richdocuments/token/%d" % r.randint(100, 9999), 200, 300, "https://cloud.example-school.de/apps/files/", ua2)
        for j in range(r.randint(20, 80)):
            L.add(t + j * 15, ip, "GET", "/ocs/v2.php/apps/notifications/api/v2/notifications?format=json", 200, 200, "https://cloud.example-school.de/apps/files/", ua2)
    return L, "Collabora Online server calling Nextcloud's WOPI endpoints for 40 editing sessions: CheckFileInfo/GetFile/Lock, PutFile autosave every 30-60 s, 409 lock conflicts, all from one server address with access tokens in the query; 15 editors' browsers polling; 25 others", keep, None


# ---------------------------------------------------------------------------
# 15. Open-banking aggregator polling account APIs.
# Models: a licensed account-information provider (PSD2 AISP) refreshing
# 3,000 consented customers 4x a day from 2 addresses: token POST, accounts,
# balances, transactions?dateFrom=..; consents expire so ~8 % get 401 and
# 403 CONSENT_EXPIRED; the bank's API answers 429 with Retry-After and the
# aggregator backs off. mTLS client, UA of their HTTP stack.
@scen
def open_banking_aggregator():
    L = Log(T0, 515, "bank")
    s = app_site("www.example-bank.de", ["/", "/privatkunden/", "/girokonto/", "/kredit/", "/login"])
    dur = 2400
    background(L, s, dur, 25)
    r = L.rnd
    keep = []
    ips = [L.ip("195.201.77") for _ in range(2)]
    for ip in ips:
        keep.append((ip, "PSD2 account-information provider"))
    ua = "Apache-HttpClient/5.3.1 (Java/21.0.5)"
    t = 30
    for c in range(1500):
        ip = ips[c % 2]
        cid = uuid.UUID(int=r.getrandbits(128))
        if r.random() < 0.08:
            L.add(t, ip, "GET", "/psd2/v1/accounts?withBalance=true", r.choice([401, 403]), 200, "-", ua)
            t += r.expovariate(2.5)
            continue
        L.add(t, ip, "GET", "/psd2/v1/accounts?withBalance=true", 200, 1800, "-", ua)
        acc = hexid(r, 16)
        st = 429 if r.random() < 0.03 else 200
        L.add(t + 0.2, ip, "GET", "/psd2/v1/accounts/%s/transactions?bookingStatus=booked&dateFrom=2026-11-28" % acc, st, 20000 if st == 200 else 100, "-", ua)
        if st == 429:
            t += 30
            L.add(t, ip, "GET", "/psd2/v1/accounts/%s/transactions?bookingStatus=booked&dateFrom=2026-11-28" % acc, 200, 20000, "-", ua)
        t += r.expovariate(2.5)
    return L, "PSD2 account-information provider refreshing 1,500 consented customers from 2 addresses at ~2.5/s: accounts+balances+transactions, 8% 401/403 expired consent, 3% 429 honoured with 30 s back-off; 25 bank web visitors", keep, None


# ---------------------------------------------------------------------------
# 16. Browsers reporting errors to self-hosted Sentry after a bad deploy.
# Models: the frontend's Sentry SDK sends envelopes to /api/7/envelope/ for
# every uncaught error; a bad deploy throws on every page, so each open tab
# posts 10-40 envelopes/min until Sentry's rate limit answers 429 (the SDK
# then backs off per the Retry-After). An office NAT has 30 of these tabs.
@scen
def sentry_envelope_after_deploy():
    L = Log(T0, 516, "app")
    s = app_site("app.example-crm.com", ["/", "/contacts", "/contacts/88", "/deals", "/reports", "/inbox"])
    dur = 1800
    background(L, s, dur, 25)
    r = L.rnd
    keep = []
    nat = L.ip()
    keep.append((nat, "office NAT, 30 tabs flooding Sentry with errors"))
    singles = [L.ip() for _ in range(15)]
    for ip in singles[:6]:
        keep.append((ip, "user whose tab reports errors"))
    tabs = [(nat, r.choice(UAS)) for _ in range(30)] + [(ip, r.choice(UAS)) for ip in singles]
    bad_from, bad_to = 400, 1300
    key = hexid(r, 32)
    for ip, ua in tabs:
        t = r.uniform(bad_from - 50, bad_from + 200)
        lim = 0
        while t < bad_to:
            st = 200
            if t > bad_from + 300:
                st = 429 if r.random() < 0.6 else 200
            L.add(t, ip, "POST", "/api/7/envelope/?sentry_key=%s&sentry_version=7&sentry_client=sentry.javascript.react%%2F8.42.0" % key, st, 41 if st == 200 else 0, s.url(r.choice(s.pages)), ua)
            t += 60.0 / r.uniform(10, 40) if st == 200 else r.uniform(30, 60)
            if r.random() < 0.02:
                page_view(L, s, t, ip, ua, r.choice(s.pages), s.url("/"), set(["/assets/app-7c1e.css", "/assets/app-7c1e.js", "/assets/vendor-19ab.js", "/assets/logo.svg", "favicon"]))
    return L, "Self-hosted Sentry after a bad frontend deploy: 45 open tabs (30 behind an office NAT) POSTing /api/7/envelope/ 10-40 times a minute for 15 min, 429s from Sentry's rate limit with SDK back-off; 25 others", keep, None


# ---------------------------------------------------------------------------
# 17. University library EZproxy in front of a journal site.
# Models: the publisher's site sees a whole university's off-campus reading
# through one EZproxy address: many UAs, PDF downloads (some 30 MB
# supplementary files), search pages, citation exports (RIS/BibTeX),
# Zotero connector saving 50 results in one go, occasional 403 for
# unsubscribed journals. ~300 students and staff over the hour.
@scen
def journal_ezproxy_library():
    L = Log(T0, 517, "journal")
    pages = ["/", "/journals/jcs", "/journals/jbm", "/search?q=%s" % q("climate adaptation policy"), "/toc/jcs/45/3", "/toc/jbm/12/1"]
    s = Site("www.example-journals.org", pages, ["/static/css/site.5e1.css"], ["/static/js/site.5e1.js"], lambda p, r: ["/covers/%s.jpg" % hexid(r, 6)])
    dur = 3600
    background(L, s, dur, 25)
    r = L.rnd
    ez = L.ip()
    keep = [(ez, "university EZproxy, ~300 readers")]
    for u in range(300):
        ua = r.choice(UAS)
        t = r.uniform(0, dur)
        c = set()
        page_view(L, s, t, ez, ua, "/search?q=%s" % q(r.choice(["protein folding", "graph neural networks", "urban heat island", "CRISPR off-target", "labour economics minimum wage"])), "-", c)
        for _ in range(r.randint(1, 6)):
            t += r.uniform(5, 90)
            doi = "10.%d/%s.%d.%d" % (r.choice([1016, 1038, 1093]), r.choice(["jcs", "jbm"]), r.randint(2020, 2026), r.randint(100, 99999))
            st = 200 if r.random() < 0.92 else 403
            L.add(t, ez, "GET", "/doi/full/%s" % doi, st, r.randint(40000, 200000), s.url("/search"), ua)
            if st == 200 and r.random() < 0.6:
                L.add(t + r.uniform(3, 40), ez, "GET", "/doi/pdf/%s?download=true" % doi, 200, r.randint(300000, 30000000), s.url("/doi/full/%s" % doi), ua)
            if r.random() < 0.15:
                L.add(t + r.uniform(1, 20), ez, "GET", "/action/downloadCitation?doi=%s&format=ris&include=cit" % q(doi), 200, 1200, s.url("/doi/full/%s" % doi), ua)
        if r.random() < 0.05:
            zt = t + 10
            for k in range(50):
                L.add(zt + k * 0.3, ez, "GET", "/doi/full/10.1016/jcs.2025.%d" % r.randint(100, 99999), 200, 100000, "-", ua)
                L.add(zt + k * 0.3 + 0.15, ez, "GET", "/doi/pdf/10.1016/jcs.2025.%d" % r.randint(100, 99999), 200, 900000, "-", ua)
    return L, "Journal publisher seen through one university EZproxy: ~300 readers with many UAs searching, reading full text, downloading PDFs (up to 30 MB), 8% 403 unsubscribed, citation exports and a few Zotero 50-item batch saves; 25 others", keep, None


# ---------------------------------------------------------------------------
# 18. Readers from Tor exit relays.
# Models: a news site readable over Tor: each exit relay address carries many
# Tor Browser users (one UA for all: Tor Browser's Firefox ESR on Windows),
# who open articles, sometimes without JS (fewer assets), log in to comment
# (a couple of typos), and get 403 from a geo-restricted video. Busy exits
# show 1-3 requests/s.
@scen
def tor_exit_readers():
    L = Log(T0, 518, "news")
    s = blog_site("www.example-independent-news.org")
    dur = 2400
    background(L, s, dur, 30)
    r = L.rnd
    keep = []
    tb = "Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0"
    exits = [L.ip("185.220.101"), L.ip("185.220.101"), L.ip("192.42.116"), L.ip("109.70.100")]
    for ip in exits:
        keep.append((ip, "Tor exit relay with many Tor Browser readers"))
    for ip in exits:
        for u in range(45):
            t = r.uniform(0, dur)
            c = set()
            page = r.choice(s.pages)
            for _ in range(r.randint(1, 6)):
                page_view(L, s, t, ip, tb, page, "-", c)
                if r.random() < 0.1:
                    L.add(t + 2, ip, "GET", "/video/embed/%s" % hexid(r, 8), 403, 300, s.url(page), tb)
                page = r.choice(s.pages)
                t += r.uniform(10, 120)
            if r.random() < 0.1:
                L.add(t, ip, "GET", "/login/", 200, 9000, s.url(page), tb)
                for k in range(r.choice([1, 1, 2, 3])):
                    L.add(t + 8 + k * 6, ip, "POST", "/login/", 302 if k == 0 and r.random() < 0.6 else 401, 400, s.url("/login/"), tb)
    return L, "News site read over Tor: 4 exit relay addresses each carrying ~45 Tor Browser users (identical UA), article views with assets, 403 geo-blocked embeds, logins to comment with some typos; 30 others", keep, None


# ---------------------------------------------------------------------------
# 19. A 4-minute backend outage (502/503/504) and what users do.
# Models: the app server crashes; nginx answers 502 then 504; every open SPA
# retries its XHRs every 2-5 s (react-query default retry 3 with back-off, but
# polling intervals continue), people press F5 repeatedly, the office NAT with
# 40 staff is loudest. Everything returns to 200 afterwards.
@scen
def backend_outage_reloads():
    L = Log(T0, 519, "app")
    s = app_site("app.example-logistics.com", ["/", "/shipments", "/shipments/4411", "/tracking", "/invoices", "/fleet"])
    dur = 1800
    background(L, s, dur, 25)
    r = L.rnd
    keep = []
    nat = L.ip()
    keep.append((nat, "office NAT, 40 staff during outage"))
    users = [(nat, r.choice(UAS)) for _ in range(40)] + [(L.ip(), r.choice(UAS)) for _ in range(20)]
    for ip, ua in users[40:48]:
        keep.append((ip, "single user during outage"))
    o1, o2 = 700, 940
    for ip, ua in users:
        t = r.uniform(0, 600)
        c = set()
        page_view(L, s, t, ip, ua, "/shipments", "-", c)
        while t < dur:
            bad = o1 <= t < o2
            st = (502 if t < o1 + 90 else 504) if bad else 200
            L.add(t, ip, "GET", "/api/shipments?status=in_transit&page=1", st, 30000 if st == 200 else 560, s.url("/shipments"), ua)
            if bad and r.random() < 0.2:
                for k in range(r.randint(1, 4)):
                    L.add(t + k * r.uniform(1, 3), ip, "GET", "/shipments", st, 560, "-", ua)
            t += r.uniform(2, 5) if bad else r.uniform(15, 30)
    return L, "A 4-minute backend outage: 60 SPA users (40 behind an office NAT) whose polling keeps going every 2-5 s against 502/504 and who press F5 repeatedly; 25 others", keep, None


# ---------------------------------------------------------------------------
# 20. Shoppers whose cards are declined.
# Models: genuine customers on a WooCommerce/Stripe checkout: card declined
# (insufficient funds, 3DS failed), they retry with the same card, then
# another card; a family sharing one home connection tries three cards;
# a 3DS challenge redirect adds extra requests. Realistic: real decline
# rates are 5-15 %, and retrying 2-5 times is normal behaviour.
@scen
def checkout_card_declines():
    L = Log(T0, 520, "shop")
    s = shop_site("www.example-kaffee.de")
    dur = 2400
    background(L, s, dur, 30)
    r = L.rnd
    keep = []
    for k in range(14):
        ip = L.ip()
        keep.append((ip, "shopper retrying a declined card"))
        ua = r.choice(UAS)
        t = r.uniform(0, dur - 400)
        c = set()
        page_view(L, s, t, ip, ua, "/checkout/cart/", s.url("/"), c)
        page_view(L, s, t + 20, ip, ua, "/checkout/", s.url("/checkout/cart/"), c)
        t += r.uniform(60, 150)
        tries = r.randint(2, 6) if k != 0 else 9
        for a in range(tries):
            last = a == tries - 1 and r.random() < 0.7
            L.add(t, ip, "POST", "/?wc-ajax=update_order_review", 200, 9000, s.url("/checkout/"), ua)
            L.add(t + 0.6, ip, "POST", "/?wc-ajax=checkout", 200, 300, s.url("/checkout/"), ua)
            if r.random() < 0.3:
                L.add(t + 2, ip, "GET", "/?wc-api=wc_stripe&order_id=%d&_wpnonce=%s&redirect_to=%s" % (r.randint(10000, 99999), hexid(r, 10), q(s.url("/checkout/order-received/"))), 302, 0, s.url("/checkout/"), ua)
            if last:
                L.add(t + 3, ip, "GET", "/checkout/order-received/%d/?key=wc_order_%s" % (r.randint(10000, 99999), hexid(r, 13)), 200, 30000, s.url("/checkout/"), ua)
                break
            t += r.uniform(15, 90)
    return L, "WooCommerce+Stripe checkout with genuine declines: 14 shoppers each retrying 2-6 times (one 9 times, three cards in a family) with update_order_review + checkout AJAX, some 3DS redirects, most finally succeed; 30 others", keep, None


def main():
    only = sys.argv[1:]
    for f in SC:
        name = f.__name__.replace("_", "-")
        if only and name not in only:
            continue
        L, desc, keep, cfg = f()
        n = L.write(os.path.join(OUT, name + ".log"), xff_all=cfg is not None)
        seen, kk = set(), []
        for ip, c in keep:
            if ip not in seen:
                seen.add(ip)
                kk.append((ip, c))
        expect(os.path.join(OUT, name + ".expect.toml"), "fresh-s12 benign: " + desc, not_banned=kk, lines=n, config=cfg)
        print(name, n)


main()
