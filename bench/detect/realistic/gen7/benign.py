"""fresh-s14 benign7: twenty kinds of legitimate clients not covered by the
earlier realistic sets (see the file names in bench/detect/realistic/*/),
each the way the real tool or person behaves: rates, headers, answers,
retries. Every client in these logs must never be banned.

Written before looking at detector/, patterns/, rules/default.toml, the other
realistic sets' logs or reports, or the Detection section of the README
(session 14, role "fresh"): nothing here is tuned to guardctl.
Run: python3 benign.py [scenario-name ...]   (fixed seeds, byte-identical output)
"""
import datetime, os, sys, urllib.parse
from base import *

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.environ.get("OUT", os.path.join(HERE, "..", "benign7"))
os.makedirs(OUT, exist_ok=True)
T0 = datetime.datetime(2026, 12, 7, 8, 0, 0)
SC = []


def scen(f):
    SC.append(f)
    return f


def hexid(r, n=40):
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def q(s):
    return urllib.parse.quote(s, safe="")


def background(L, site, dur, n=25):
    browsers(L, site, n, dur)
    crawlers(L, site, dur)
    monitor(L, dur)


def mobile_ua(r):
    return r.choice([UAS[4], UAS[5], UAS[9], UAS[4], UAS[5]])


def poisson(r, t0, t1, rate):
    t = t0 + r.expovariate(rate)
    while t < t1:
        yield t
        t += r.expovariate(rate)


# ---------------------------------------------------------------------------
# 1. Game backend: session heartbeats through mobile CGNATs, 429 honoured.
# Models: a mobile shooter's clients POST /v2/session/heartbeat every 30 s
# and poll /v2/matchmaking/ticket/<id> every 2 s while queued (200 "searching",
# then 200 "matched"); at 20:00 an event starts and the matchmaker answers
# 429 with Retry-After: 5 for 90 s; clients back off (5 s, then 10 s, 20 s).
# Two carrier CGNAT addresses carry 260 and 70 players, 40 single players.
# UA is the engine's HTTP stack (UnityWebRequest on libcurl).
# Realistic: mobile games poll matchmaking at 1-2 s; carriers put hundreds of
# phones behind one address; honoured 429s are the normal overload answer.
@scen
def game_heartbeat_cgnat_429_backoff():
    L = Log(T0, 801, "game")
    s = game_site()
    r = L.rnd
    dur = 900
    background(L, s, dur, 15)
    ua = "UnityPlayer/2022.3.41f1 (UnityWebRequest/1.0, libcurl/8.5.0-DEV)"
    keep = []
    nats = [("80.187.%d.%d" % (r.randint(64, 127), r.randint(2, 254)), 260), ("109.40.%d.%d" % (r.randint(0, 255), r.randint(2, 254)), 70)]
    for ip, n in nats:
        keep.append((ip, "carrier CGNAT with %d players (heartbeats, matchmaking polls, 429 honoured)" % n))
    singles = [(L.ip(), 1) for _ in range(40)]
    keep += [(ip, "single player") for ip, _ in singles[:6]]
    surge = (300, 390)
    for ip, n in nats + singles:
        for u in range(n):
            t = r.uniform(0, 240)
            end = min(dur, t + r.uniform(300, 800))
            L.add(t, ip, "POST", "/v2/auth/refresh", 200, 820, "-", ua)
            L.add(t + 0.4, ip, "GET", "/v2/config?platform=android&build=9.1.4", 200, 5400, "-", ua)
            hb = t + 30
            while t < end:
                # queue for a match
                tid = hexid(r, 16)
                L.add(t, ip, "POST", "/v2/matchmaking/ticket", 201, 140, "-", ua)
                back = 5
                q_end = t + r.uniform(8, 40)
                while t < q_end:
                    t += 2.0 + r.uniform(-0.1, 0.1)
                    if surge[0] <= t <= surge[1]:
                        L.add(t, ip, "GET", "/v2/matchmaking/ticket/" + tid, 429, 60, "-", ua)
                        t += back
                        back = min(back * 2, 20)
                        q_end += back
                        continue
                    L.add(t, ip, "GET", "/v2/matchmaking/ticket/" + tid, 200, 180, "-", ua)
                L.add(t, ip, "GET", "/v2/matchmaking/ticket/" + tid, 200, 420, "-", ua)
                match = t + r.uniform(120, 300)
                while hb < match:
                    L.add(hb, ip, "POST", "/v2/session/heartbeat", 204, 0, "-", ua)
                    hb += 30
                t = match
                L.add(t, ip, "POST", "/v2/match/%s/result" % tid, 200, 310, "-", ua)
                L.add(t + 1, ip, "GET", "/v2/profile/me/inventory", 200, 12000, "-", ua)
                t += r.uniform(5, 40)
    return L, "Game backend: 260 + 70 phones behind two carrier CGNATs and 40 single players, heartbeats every 30 s, matchmaking polls every 2 s, 90 s of 429 with exponential back-off", keep, None


# ---------------------------------------------------------------------------
# 2. University site migration: crawlers follow 301s and meet 410s.
# Models: the university moves from /~staff/ and old .php URLs to TYPO3.
# Old URLs answer 301 to the new page, removed ones 410. Googlebot (2
# addresses) and bingbot recrawl the old URLs they know, ~1-2/s for an
# hour; Applebot and YandexBot at ~0.3/s. Visitors with old bookmarks get
# 301s and some 410s. Realistic: after a migration search engines fetch every
# known old URL (thousands), many of them gone, for weeks.
@scen
def uni_migration_301_410_crawlers():
    L = Log(T0, 802, "uni")
    s = uni_site()
    r = L.rnd
    dur = 3600
    background(L, s, dur, 30)
    keep = []
    staff = ["mueller", "schmidt", "weber", "klein", "wolf", "schulz", "hoffmann", "koch", "richter", "bauer", "lange", "krause"]
    olds = []
    for st in staff:
        for p in ["", "publications.html", "teaching/ws2019.html", "cv.pdf", "slides/lecture%02d.pdf" % r.randint(1, 14), "students.php?id=%d" % r.randint(1, 80)]:
            olds.append("/~%s/%s" % (st, p))
    olds += ["/index.php?id=%d" % i for i in range(1, 400, 3)] + ["/news.php?article=%d" % i for i in range(1000, 1400, 5)] + ["/fb%02d/institut_%d/index.php" % (r.randint(1, 12), r.randint(1, 40)) for _ in range(60)]
    def ans(p):
        h = sum(map(ord, p)) % 10
        return (410, 162) if h < 4 else (301, 178)
    bots = [("66.249.66.%d" % r.randint(2, 90), GOOGLEBOT, 1.5), ("66.249.68.%d" % r.randint(2, 90), GOOGLEBOT, 0.8), ("40.77.167.%d" % r.randint(2, 200), BINGBOT, 1.2),
            ("17.241.75.%d" % r.randint(2, 200), "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)", 0.3),
            ("5.255.231.%d" % r.randint(2, 200), "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", 0.3)]
    for ip, ua, rate in bots:
        keep.append((ip, "search crawler recrawling migrated URLs (301/410)"))
        for t in poisson(r, 10, dur, rate):
            p = r.choice(olds)
            st, sz = ans(p)
            L.add(t, ip, "GET", p, st, sz, "-", ua)
            if st == 301 and r.random() < 0.6:
                L.add(t + r.uniform(0.5, 30), ip, "GET", r.choice(s.pages), 200, 40000, "-", ua)
    for k in range(70):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, dur)
        for j in range(r.randint(1, 4)):
            p = r.choice(olds)
            st, sz = ans(p)
            L.add(t, ip, "GET", p, st, sz, "-", ua)
            if st == 301:
                page_view(L, s, t + 0.3, ip, ua, r.choice(s.pages), "-", set())
            t += r.uniform(5, 60)
        if k < 8:
            keep.append((ip, "visitor with old bookmarks (301/410)"))
    return L, "University site after a migration: Googlebot (2 addresses), bingbot, Applebot, YandexBot recrawling old /~staff/ and .php URLs (40 % 410 Gone, rest 301) at 0.3-1.5/s for an hour; 70 visitors with old bookmarks", keep, None


# ---------------------------------------------------------------------------
# 3. Shop newsletter: Apple Mail Privacy Protection prefetches the pixels.
# Models: a shop sends 30,000 newsletters at 10:00. Apple Mail (MPP) fetches
# every message's remote images through Apple's proxy addresses at delivery,
# not when read: a few 17.x addresses load /nl/open.gif?u=<id> and the
# product images of thousands of messages within minutes (UA "Mozilla/5.0"
# only). Gmail's image proxy does the same more slowly. Then readers click
# (utm links) over the next hour. Realistic: MPP preloads are the known cause
# of 'open rate' inflation; each proxy address carries many mailboxes.
@scen
def apple_mpp_newsletter_prefetch():
    L = Log(T0, 803, "shop")
    s = shop_site("www.example-kaffeehaus.de")
    r = L.rnd
    dur = 3600
    background(L, s, dur, 30)
    keep = []
    imgs = ["/media/newsletter/2026-12/%s.jpg" % n for n in ["hero-advent", "beans-ethiopia", "grinder-sale", "mug-set", "gift-box", "footer-logo"]]
    proxies = ["17.58.%d.%d" % (r.randint(96, 127), r.randint(2, 254)) for _ in range(4)]
    for ip in proxies:
        keep.append((ip, "Apple Mail Privacy Protection proxy preloading newsletter images"))
    for k in range(6000):
        ip = r.choice(proxies)
        t = 60 + r.expovariate(1 / 240.0)
        if t > dur:
            continue
        u = hexid(r, 12)
        L.add(t, ip, "GET", "/nl/open.gif?c=2026-12-advent&u=" + u, 200, 43, "-", "Mozilla/5.0")
        for im in imgs[:r.randint(2, 6)]:
            L.add(t + r.uniform(0.01, 0.4), ip, "GET", im, r.choice([200, 200, 200, 304]), r.randint(9000, 90000), "-", "Mozilla/5.0")
    gp = ["66.102.8.%d" % r.randint(2, 254), "66.249.84.%d" % r.randint(2, 254)]
    gua = "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)"
    for ip in gp:
        keep.append((ip, "Gmail image proxy"))
        for t in poisson(r, 120, dur, 0.8):
            L.add(t, ip, "GET", "/nl/open.gif?c=2026-12-advent&u=" + hexid(r, 12), 200, 43, "-", gua)
            L.add(t + 0.2, ip, "GET", imgs[0], 200, 80000, "-", gua)
    for k in range(250):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(200, dur)
        page_view(L, s, t, ip, ua, r.choice(s.pages[8:20]) + "?utm_source=newsletter&utm_medium=email&utm_campaign=2026-12-advent", "-", set())
    return L, "Shop newsletter: 4 Apple MPP proxy addresses preload the open pixel and 2-6 images of 6,000 messages in the first minutes (~20 requests/s together), 2 Gmail image proxies, 250 readers clicking utm links", keep, None


# ---------------------------------------------------------------------------
# 4. Government portal read aloud through a speech-assist proxy.
# Models: a text-to-speech/translation toolbar (ReachDeck-style) that the
# portal embeds: for users who switch it on, the vendor's servers fetch the
# page and its CSS server-side and the browser fetches /speech assets; 3
# vendor addresses carry all users of the portal, ~1-3 page fetches/s each
# for long periods, UA a Java HTTP client, many 304s. Users with the toolbar
# still load the page themselves. Realistic: accessibility toolbars on public
# sector sites fetch content server-side for speech, translation and
# simplification.
@scen
def speech_assist_proxy_gov():
    L = Log(T0, 804, "gov")
    s = gov_site()
    r = L.rnd
    dur = 2400
    background(L, s, dur, 40)
    keep = []
    ua = "Apache-HttpClient/5.2.1 (Java/17.0.9)"
    for k in range(3):
        ip = "52.56.%d.%d" % (r.randint(0, 255), r.randint(2, 254))
        keep.append((ip, "speech-assist vendor fetching pages server-side"))
        for t in poisson(r, 0, dur, 1.6):
            p = r.choice(s.pages + ["/formulare/antrag-%d.html" % r.randint(1, 40), "/leichte-sprache/%s.html" % r.choice(["steuer", "frist", "termin", "hilfe"])])
            L.add(t, ip, "GET", p, r.choice([200, 200, 304, 304, 304, 404]), 30000, "-", ua)
            if r.random() < 0.3:
                L.add(t + 0.1, ip, "GET", s.css[0], 304, 0, "-", ua)
    for k in range(60):
        ip = L.ip()
        ua2 = r.choice(UAS)
        t = r.uniform(0, dur - 300)
        for j in range(r.randint(3, 10)):
            page_view(L, s, t, ip, ua2, r.choice(s.pages), "-", set())
            L.add(t + 1, ip, "GET", "/speech/v3/toolbar.js", 200, 90000, s.url("/"), ua2)
            for c in range(r.randint(2, 8)):
                L.add(t + 2 + c * 3, ip, "POST", "/speech/v3/tts?voice=de-DE-Neural&rate=0.9", 200, r.randint(20000, 90000), s.url("/"), ua2)
            t += r.uniform(20, 120)
        if k < 6:
            keep.append((ip, "citizen using the read-aloud toolbar"))
    return L, "Government portal with a speech-assist toolbar: 3 vendor addresses fetching pages server-side at ~1.6/s for 40 min (many 304), 60 citizens using read-aloud (toolbar POSTs), 40 visitors", keep, None


# ---------------------------------------------------------------------------
# 5. Renovate bot on a self-hosted GitLab: config lookups answer 404.
# Models: Renovate runs hourly over 180 repositories via the GitLab API: for
# each repo it GETs the project, looks for its config file in several places
# (renovate.json, .github/renovate.json, .gitlab/renovate.json, .renovaterc,
# .renovaterc.json, package.json) — most answer 404 — then lists branches,
# MRs and files, ~8-15 requests/s for 2-3 minutes. Realistic: Renovate's
# config discovery checks these paths on every repository on every run.
@scen
def renovate_gitlab_config_404s():
    L = Log(T0, 805, "git")
    s = gitlab_site()
    r = L.rnd
    dur = 3600
    background(L, s, dur, 25)
    keep = []
    ip = L.ip()
    keep.append((ip, "Renovate bot (hourly run over 180 repos)"))
    ua = "Renovate/39.42.0 (https://github.com/renovatebot/renovate)"
    repos = ["%s%%2F%s" % (g, n) for g in ["platform", "web", "data", "infra", "mobile", "ml"] for n in ["api", "web", "worker", "billing", "auth", "search", "docs", "cli", "sdk", "charts", "etl", "gateway", "admin", "notifier", "ledger", "exporter", "infra", "tools", "proto", "ui", "images", "terraform", "ansible", "scripts", "bench", "site", "mailer", "ingest", "reports", "feature-flags"]]
    for run in range(2):
        t = 120 + run * 3600 * 0.5
        for rp in repos:
            api = "/api/v4/projects/" + rp
            L.add(t, ip, "GET", api, 200, 4200, "-", ua); t += r.uniform(0.05, 0.15)
            has = r.random() < 0.7
            for f in ["renovate.json", ".github%2Frenovate.json", ".gitlab%2Frenovate.json", ".renovaterc", ".renovaterc.json", "package.json"]:
                st = 200 if (has and f == "renovate.json") or (f == "package.json" and r.random() < 0.4) else 404
                L.add(t, ip, "GET", "%s/repository/files/%s?ref=main" % (api, f), st, 900 if st == 200 else 35, "-", ua); t += r.uniform(0.04, 0.12)
            if has:
                for p in ["/repository/branches?per_page=100", "/merge_requests?per_page=100&state=opened&author_id=57", "/repository/tree?ref=main&recursive=true&per_page=100", "/labels?per_page=100"]:
                    L.add(t, ip, "GET", api + p, 200, 12000, "-", ua); t += r.uniform(0.05, 0.2)
                if r.random() < 0.15:
                    L.add(t, ip, "POST", api + "/repository/commits", 201, 900, "-", ua); t += 0.3
                    L.add(t, ip, "POST", api + "/merge_requests", 201, 2600, "-", ua); t += 0.3
    return L, "Self-hosted GitLab: Renovate bot checking 180 repositories twice an hour, 6 config-file lookups per repo (most 404), ~8-12 API requests/s for ~3 minutes per run; developers, crawlers, a monitor", keep, None


# ---------------------------------------------------------------------------
# 6. Government eID login: OIDC callbacks, expired state, back-button retries.
# Models: citizens log in with the national eID (OIDC): /login -> 302 to the
# IdP -> /auth/callback?code=..&state=.. 302 -> /dashboard. Some return late
# or press Back and reuse a callback (400 "invalid state"), then start again;
# some abort at the IdP (callback with error=access_denied, 302 to /login). A
# municipal office NAT carries 30 clerks doing this for citizens all day.
# Realistic: OIDC callbacks with stale state are the most common login error.
@scen
def gov_eid_oidc_callback_retries():
    L = Log(T0, 806, "gov")
    s = gov_site("portal.example-buergerservice.gov")
    r = L.rnd
    dur = 3600
    background(L, s, dur, 30)
    keep = []
    office = L.ip("195.37.41")
    keep.append((office, "municipal office NAT, 30 clerks logging citizens in with eID"))
    def login(ip, ua, t, retries):
        page_view(L, s, t, ip, ua, "/login", s.url("/"), {"favicon"})
        t += r.uniform(2, 5)
        L.add(t, ip, "GET", "/auth/eid/start?return=%2Fdashboard", 302, 0, s.url("/login"), ua)
        for k in range(retries + 1):
            t += r.uniform(20, 90)
            st = hexid(r, 22)
            if k < retries:
                if r.random() < 0.3:
                    L.add(t, ip, "GET", "/auth/callback?error=access_denied&state=" + st, 302, 0, "https://id.example-eid.gov/", ua)
                else:
                    L.add(t, ip, "GET", "/auth/callback?code=%s&state=%s" % (hexid(r, 32), st), 400, 1800, "https://id.example-eid.gov/", ua)
                    L.add(t + 2, ip, "GET", "/auth/callback?code=%s&state=%s" % (hexid(r, 32), st), 400, 1800, "https://id.example-eid.gov/", ua)
                t += r.uniform(3, 15)
                L.add(t, ip, "GET", "/auth/eid/start?return=%2Fdashboard", 302, 0, s.url("/login"), ua)
            else:
                L.add(t, ip, "GET", "/auth/callback?code=%s&state=%s" % (hexid(r, 32), st), 302, 0, "https://id.example-eid.gov/", ua)
                page_view(L, s, t + 0.3, ip, ua, "/dashboard", "https://id.example-eid.gov/", {"favicon"})
        return t
    for c in range(30):
        ua = r.choice(UAS[:2])
        t = r.uniform(0, 300)
        while t < dur - 200:
            t = login(office, ua, t, r.choice([0, 0, 0, 1, 1, 2]))
            t += r.uniform(200, 700)
    for k in range(120):
        ip = L.ip()
        login(ip, r.choice(UAS), r.uniform(0, dur - 400), r.choice([0, 0, 0, 0, 1, 1, 2, 3]))
        if k < 8:
            keep.append((ip, "citizen logging in with eID (some stale callbacks)"))
    return L, "Government portal eID login: office NAT with 30 clerks logging citizens in all day, 120 citizens; stale-state callbacks answer 400 (often twice), aborted logins, restarts", keep, None


# ---------------------------------------------------------------------------
# 7. Forum app relay: Tapatalk's servers POST mobiquo.php for many users.
# Models: the forum has the Tapatalk plugin: the app's requests reach the
# forum from a handful of relay servers, POST /mobiquo/mobiquo.php ~2-5/s
# each, method names in the XML body (not visible), a few 403 for banned
# users' tokens; plus Tapatalk's push callback. Realistic: app relays and
# forum plugins look like one very busy client per relay address.
@scen
def tapatalk_mobiquo_relay():
    L = Log(T0, 807, "forum")
    s = forum_site()
    r = L.rnd
    dur = 2400
    background(L, s, dur, 40)
    keep = []
    ua = "Tapatalk/8.9.12 (Android)"
    for k in range(3):
        ip = "199.189.%d.%d" % (r.randint(220, 223), r.randint(2, 254))
        keep.append((ip, "Tapatalk relay POSTing mobiquo.php for app users"))
        rate = [4.0, 2.5, 1.2][k]
        for t in poisson(r, 0, dur, rate):
            L.add(t, ip, "POST", "/mobiquo/mobiquo.php", r.choice([200] * 30 + [403]), r.randint(400, 30000), "-", ua)
            if r.random() < 0.1:
                L.add(t + 0.2, ip, "GET", "/data/avatars/m/%d/%d.jpg" % (r.randint(0, 60), r.randint(1000, 60000)), r.choice([200, 404]), 5000, "-", ua)
    ip = "199.189.221.%d" % r.randint(2, 254)
    keep.append((ip, "Tapatalk push/status callback"))
    for t in poisson(r, 0, dur, 0.05):
        L.add(t, ip, "GET", "/mobiquo/mobiquo.php?method_name=get_config", 200, 2400, "-", "Tapatalk Push")
    return L, "Forum with the Tapatalk plugin: 3 relay addresses POSTing /mobiquo/mobiquo.php at 1.2-4/s for 40 min (some 403), push callback; 40 browsers, crawlers", keep, None


# ---------------------------------------------------------------------------
# 8. SaaS API polled by an automation platform; revoked keys answer 401.
# Models: customers connect the helpdesk SaaS to an automation platform
# (Zapier-style). Its workers, 6 addresses, poll GET /api/v2/tickets?sort=
# -created_at&per_page=50 for thousands of "zaps" every 1-15 minutes, each
# with its own API key; ~4 % of keys were revoked and answer 401 on every
# poll until the customer fixes the zap. Webhook deliveries POST to customers,
# not here. Realistic: integration platforms poll from a small shared pool
# and keep polling revoked credentials for days.
@scen
def automation_polling_revoked_keys_401():
    L = Log(T0, 808, "saas")
    s = app_site("app.example-helpdesk.io")
    r = L.rnd
    dur = 3600
    background(L, s, dur, 30)
    keep = []
    ws = ["54.86.%d.%d" % (r.randint(0, 255), r.randint(2, 254)) for _ in range(6)]
    for ip in ws:
        keep.append((ip, "automation platform worker polling with many customers' keys"))
    ua = "Zapier"
    for z in range(1800):
        every = r.choice([60, 120, 300, 600, 900])
        revoked = r.random() < 0.04
        ep = r.choice(["/api/v2/tickets?sort=-created_at&per_page=50", "/api/v2/tickets?sort=-updated_at&per_page=50", "/api/v2/contacts?sort=-created_at&per_page=50", "/api/v2/satisfaction_ratings?per_page=25"])
        t = r.uniform(0, every)
        while t < dur:
            L.add(t, r.choice(ws), "GET", ep, 401 if revoked else r.choice([200] * 40 + [429, 502]), 80 if revoked else r.randint(300, 40000), "-", ua)
            t += every + r.uniform(-2, 2)
    return L, "Helpdesk SaaS polled by an automation platform: 6 worker addresses, 1,800 zaps every 1-15 min (~4/s total), 4 % with revoked keys answering 401 on every poll", keep, None


# ---------------------------------------------------------------------------
# 9. Gradle/Maven publish to a private repository: the 401 challenge.
# Models: CI publishes 12 modules (jar, sources, javadoc, pom, module, and
# .md5/.sha1/.sha256/.sha512 for each) to a Nexus/Reposilite behind nginx.
# The HTTP wagon/Gradle sends each PUT first without credentials (401
# challenge), then again with Basic auth (201). ~300 401s in 40 s from the CI
# runner, several pipelines an hour; also dependency GETs (200/404 across
# repos). Realistic: non-preemptive auth doubles every upload with a 401.
@scen
def gradle_publish_401_challenge():
    L = Log(T0, 809, "repo")
    s = app_site("repo.example-corp.dev", ["/", "/#/browse/browse", "/#/admin/repository"])
    r = L.rnd
    dur = 3600
    background(L, s, dur, 8)
    keep = []
    runner = L.ip()
    keep.append((runner, "CI runner publishing with Gradle (401 challenge then 201)"))
    ua = "Gradle/8.11.1 (Linux;6.8.0-49-generic;amd64) (Eclipse Adoptium;21.0.5;21.0.5+11-LTS)"
    mods = ["core", "api", "client", "server", "persistence", "security", "metrics", "cli", "testkit", "plugin", "bom", "docs"]
    for run in range(4):
        t = 200 + run * 850 + r.uniform(0, 100)
        ver = "2.%d.0-SNAPSHOT" % (14 + run)
        for m in mods:
            for dep in range(r.randint(5, 20)):
                p = "/repository/maven-public/org/example/lib%d/1.%d/lib%d-1.%d.pom" % (r.randint(1, 300), r.randint(0, 9), dep, dep)
                L.add(t, runner, "GET", p, r.choice([200, 200, 304, 404]), 3000, "-", ua); t += r.uniform(0.01, 0.05)
        for m in mods:
            for f in ["%s-%s.jar", "%s-%s-sources.jar", "%s-%s-javadoc.jar", "%s-%s.pom", "%s-%s.module"]:
                base = "/repository/maven-snapshots/com/example/platform/%s/%s/%s" % (m, ver, f % (m, ver.replace("SNAPSHOT", "20261207.%06d-1" % (80000 + run))))
                for ext in ["", ".md5", ".sha1", ".sha256", ".sha512"]:
                    L.add(t, runner, "PUT", base + ext, 401, 0, "-", ua); t += r.uniform(0.005, 0.02)
                    L.add(t, runner, "PUT", base + ext, 201, 0, "-", ua); t += r.uniform(0.02, 0.15)
            L.add(t, runner, "GET", "/repository/maven-snapshots/com/example/platform/%s/%s/maven-metadata.xml" % (m, ver), r.choice([200, 404]), 700, "-", ua)
            for ext in ["", ".md5", ".sha1", ".sha256", ".sha512"]:
                L.add(t, runner, "PUT", "/repository/maven-snapshots/com/example/platform/%s/%s/maven-metadata.xml%s" % (m, ver, ext), 401, 0, "-", ua); t += 0.01
                L.add(t, runner, "PUT", "/repository/maven-snapshots/com/example/platform/%s/%s/maven-metadata.xml%s" % (m, ver, ext), 201, 0, "-", ua); t += 0.05
    dev = L.ip()
    keep.append((dev, "developer's Maven build fetching dependencies"))
    t = 500
    for i in range(400):
        L.add(t, dev, "GET", "/repository/maven-public/org/example/lib%d/1.%d/lib%d-1.%d.%s" % (i, i % 9, i, i % 9, r.choice(["pom", "jar", "jar.sha1"])), r.choice([200] * 5 + [404]), 30000, "-", "Apache-Maven/3.9.9 (Java 21.0.5; Linux 6.8.0-49-generic)")
        t += r.uniform(0.01, 0.2)
    return L, "Private Maven repository: a CI runner publishing 12 modules 4 times an hour with Gradle, every PUT first answered 401 (challenge) then 201 (~330 401s per run in ~40 s), plus dependency resolution; a developer's Maven build", keep, None


# ---------------------------------------------------------------------------
# 10. NetBox inventory sync with pynetbox: a 2-minute API burst.
# Models: an automation job (pynetbox via python-requests) pages through
# /api/dcim/devices/, interfaces, ip-addresses with limit=50, ~20 requests/s
# for ~40 seconds every 15 minutes, then PATCHes ~40 objects; one run with an
# expired token answers 403 twice before the job stops. Realistic: NetBox
# API clients page sequentially as fast as the server answers.
@scen
def netbox_pynetbox_inventory_sync():
    L = Log(T0, 810, "netbox")
    s = app_site("netbox.example-isp.net", ["/", "/dcim/devices/", "/ipam/prefixes/", "/dcim/sites/", "/circuits/circuits/"])
    r = L.rnd
    dur = 3600
    background(L, s, dur, 10)
    keep = []
    ip = L.ip()
    keep.append((ip, "pynetbox inventory sync (~20 requests/s for ~40 s)"))
    ua = "python-requests/2.32.3"
    for run in range(4):
        t = 60 + run * 900
        if run == 2:
            L.add(t, ip, "GET", "/api/status/", 403, 60, "-", ua)
            L.add(t + 0.1, ip, "GET", "/api/dcim/devices/?limit=50&offset=0", 403, 60, "-", ua)
            continue
        L.add(t, ip, "GET", "/api/status/", 200, 400, "-", ua)
        for ep, n in [("dcim/devices", 4800), ("dcim/interfaces", 26000), ("ipam/ip-addresses", 9000), ("ipam/prefixes", 1200)]:
            for off in range(0, n, 50):
                t += r.uniform(0.03, 0.07)
                L.add(t, ip, "GET", "/api/%s/?limit=50&offset=%d" % (ep, off), 200, r.randint(30000, 90000), "-", ua)
        for k in range(40):
            t += r.uniform(0.05, 0.15)
            L.add(t, ip, "PATCH", "/api/dcim/devices/%d/" % r.randint(1, 2400), r.choice([200] * 9 + [400]), 3000, "-", ua)
    return L, "NetBox API: pynetbox job paging 41,000 objects (820 pages of 50) at ~20 requests/s for ~40 s every 15 min, PATCHes; one run with an expired token (403 twice)", keep, None


# ---------------------------------------------------------------------------
# 11. News photo contest uploads: 413, retries, smaller files.
# Models: readers upload photos for a contest (POST /contest/upload,
# multipart). Phones send 12-20 MB images; the limit is 10 MB so nginx answers
# 413; people retry the same file 2-4 times, then resize. Some uploads from a
# care home NAT (8 residents helped by staff). Realistic: 413 then retry is
# what browsers/users do; the form gives no useful error.
@scen
def photo_contest_upload_413_retries():
    L = Log(T0, 811, "news")
    s = news_site()
    r = L.rnd
    dur = 3600
    background(L, s, dur, 30)
    keep = []
    nat = L.ip()
    keep.append((nat, "care home NAT, staff uploading for 8 residents"))
    form = "/aktion/fotowettbewerb-winterlicht/"
    def one(ip, ua, t):
        page_view(L, s, t, ip, ua, form, s.url("/"), set())
        t += r.uniform(30, 120)
        for k in range(r.choice([0, 1, 2, 3, 4])):
            L.add(t, ip, "POST", "/contest/upload", 413, 579, s.url(form), ua)
            t += r.uniform(4, 25)
        L.add(t, ip, "POST", "/contest/upload", 201, 310, s.url(form), ua)
        L.add(t + 0.5, ip, "GET", "/contest/thanks", 200, 9000, s.url(form), ua)
        return t + r.uniform(60, 200)
    t = 200
    for k in range(8):
        t = one(nat, UAS[8], t)
    for k in range(150):
        ip = L.ip()
        one(ip, mobile_ua(r), r.uniform(0, dur - 400))
        if k < 8:
            keep.append((ip, "reader retrying a too-large photo upload"))
    return L, "News site photo contest: 150 readers uploading phone photos, 0-4 answers 413 before a resized upload succeeds; a care home NAT uploading for 8 residents", keep, None


# ---------------------------------------------------------------------------
# 12. Apple Wallet pass update stampede for a concert.
# Models: the ticket shop updates 30,000 event passes (gate change) and sends
# the push; every device asks GET /v1/devices/<dev>/registrations/<type>?
# passesUpdatedSince=... then GET /v1/passes/<type>/<serial> within ~2
# minutes; deleted passes' devices answer 401 and POST /v1/log. Phones sit on
# carrier CGNATs (many per address) and home Wi-Fi. UA "passd/1.0".
# Realistic: PassKit web services see the whole fleet at once after a push.
@scen
def wallet_pass_update_stampede():
    L = Log(T0, 812, "tickets")
    s = shop_site("tickets.example-arena.de")
    r = L.rnd
    dur = 1500
    background(L, s, dur, 20)
    keep = []
    ua = "passd/1.0 CFNetwork/1498.700.2 Darwin/23.6.0"
    typ = "pass.de.example-arena.ticket"
    nats = ["80.187.%d.%d" % (r.randint(0, 63), r.randint(2, 254)) for _ in range(6)]
    for ip in nats:
        keep.append((ip, "carrier CGNAT with many iPhones updating passes"))
    single = []
    for d in range(9000):
        ip = r.choice(nats) if r.random() < 0.55 else (L.ip() if len(single) < 3000 else r.choice(single))
        if ip not in nats and ip not in single:
            single.append(ip)
        t = 600 + r.expovariate(1 / 35.0)
        dev = hexid(r, 32)
        gone = r.random() < 0.03
        L.add(t, ip, "GET", "/v1/devices/%s/registrations/%s?passesUpdatedSince=1733556000" % (dev, typ), 401 if gone else 200, 60 if gone else 120, "-", ua)
        if gone:
            L.add(t + 0.3, ip, "POST", "/v1/log", 200, 0, "-", ua)
            continue
        for k in range(r.choice([1, 1, 1, 2, 4])):
            L.add(t + 0.4 + k * 0.2, ip, "GET", "/v1/passes/%s/%s" % (typ, hexid(r, 10)), 200, 48000, "-", ua)
    keep += [(ip, "iPhone on home Wi-Fi updating passes") for ip in single[:6]]
    return L, "Ticket shop pushes a gate change to 9,000 Apple Wallet passes: devices ask for updates within ~2 min (mostly via 6 carrier CGNATs), 3 % stale registrations answer 401 and POST /v1/log", keep, None


# ---------------------------------------------------------------------------
# 13. Government portal behind a load balancer: 200 clerks on one Citrix
# address with the same browser build.
# Models: a state agency's clerks use the benefits portal from a Citrix VDI
# farm: one egress address, the same managed Edge build for everyone, so
# every request carries the same UA. nginx sits behind the agency's own load
# balancer (10.0.0.5/10.0.0.6), which appends X-Forwarded-For. Clerks log in
# (some typos: 401), search cases, open PDFs, save forms. Realistic: VDI and
# terminal servers collapse hundreds of users onto one address and one UA.
@scen
def gov_vdi_citrix_same_ua_behind_lb():
    L = Log(T0, 813, "gov")
    s = gov_site("leistungen.example-land.gov")
    r = L.rnd
    dur = 3000
    inner = Log(T0, 8130, "inner")
    background(inner, s, dur, 40)
    vdi = inner.ip("141.91.12")
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36 Edg/128.0.0.0"
    for c in range(200):
        t = r.uniform(0, 600)
        cached = set()
        if r.random() < 0.12:
            inner.add(t, vdi, "POST", "/login", 401, 2100, s.url("/login"), ua)
            t += r.uniform(4, 15)
        inner.add(t, vdi, "POST", "/login", 302, 0, s.url("/login"), ua)
        t += 0.3
        while t < dur:
            page_view(inner, s, t, vdi, ua, r.choice(["/faelle/suche?q=%d" % r.randint(100000, 999999), "/faelle/%d" % r.randint(100000, 999999), "/formulare/"]), s.url("/faelle/"), cached)
            if r.random() < 0.3:
                inner.add(t + 2, vdi, "GET", "/dokumente/%d.pdf" % r.randint(1, 99999), 200, 300000, s.url("/faelle/"), ua)
            if r.random() < 0.2:
                inner.add(t + 40, vdi, "POST", "/faelle/%d/speichern" % r.randint(100000, 999999), 303, 0, s.url("/faelle/"), ua)
            t += r.uniform(20, 150)
    keep = [(vdi, "Citrix VDI farm: 200 clerks, one address, one UA (via load balancer XFF)"), ("10.0.0.5", "the load balancer itself"), ("10.0.0.6", "the second load balancer")]
    for t, _, ip, m, p, st, sz, ref, ua2, _x in inner.ev:
        L.add(t, r.choice(["10.0.0.5", "10.0.0.6"]), m, p, st, sz, ref, ua2, ip)
    t = 1.0
    while t < dur:
        L.add(t, "10.0.0.5", "GET", "/healthz", 200, 2, "-", "-", "-")
        L.add(t + 0.5, "10.0.0.6", "GET", "/healthz", 200, 2, "-", "-", "-")
        t += 5
    return L, "Government benefits portal behind two load balancers (trusted_proxies 10.0.0.5/6, X-Forwarded-For): 200 clerks on one Citrix VDI address with one identical Edge UA (some login typos), 40 citizens, crawlers", keep, 'trusted_proxies = ["10.0.0.5", "10.0.0.6"]\n'


# ---------------------------------------------------------------------------
# 14. University timetable calendar subscriptions (.ics), many tokens 404.
# Models: 9,000 students subscribed to /ical/<token>.ics in Google Calendar
# and Outlook. Google's importer refreshes every few hours from a few
# addresses (~2/s together); Outlook.com likewise; Apple devices each poll
# hourly. Students who left have tokens that answer 404, still polled forever.
# Realistic: calendar subscriptions are never cancelled; one importer
# address fetches thousands of distinct URLs, a fifth of them gone.
@scen
def ics_timetable_subscriptions_404():
    L = Log(T0, 814, "uni")
    s = uni_site()
    r = L.rnd
    dur = 3600
    background(L, s, dur, 20)
    keep = []
    imp = [("66.249.81.%d" % r.randint(2, 254), "Google-Calendar-Importer", 1.0), ("66.249.84.%d" % r.randint(2, 254), "Google-Calendar-Importer", 0.9),
           ("40.94.%d.%d" % (r.randint(0, 255), r.randint(2, 254)), "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.18227; Pro)", 0.7),
           ("52.96.%d.%d" % (r.randint(0, 255), r.randint(2, 254)), "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.18227; Pro)", 0.5)]
    for ip, ua, rate in imp:
        keep.append((ip, "calendar importer refreshing timetable subscriptions (20 % 404)"))
        for t in poisson(r, 0, dur, rate):
            gone = r.random() < 0.2
            L.add(t, ip, "GET", "/ical/%s.ics" % hexid(r, 32), 404 if gone else 200, 120 if gone else r.randint(8000, 60000), "-", ua)
    for k in range(300):
        ip = L.ip()
        tok = hexid(r, 32)
        gone = r.random() < 0.2
        t = r.uniform(0, 3600)
        while t < dur:
            L.add(t, ip, "GET", "/ical/%s.ics" % tok, 404 if gone else r.choice([200, 304]), 120 if gone else 20000, "-", "iOS/18.1.1 (22B91) dataaccessd/1.0")
            t += 3600
        if k < 5:
            keep.append((ip, "iPhone polling its timetable hourly"))
    return L, "University timetable .ics subscriptions: 2 Google Calendar importer and 2 Outlook addresses at 0.5-1/s each over distinct tokens, 20 % of them 404 (students who left); 300 iPhones polling hourly", keep, None


# ---------------------------------------------------------------------------
# 15. Microservices' client_credentials after a secret rotation: 401 storm.
# Models: 45 services in a Kubernetes cluster (one egress NAT address)
# request tokens with client_credentials every 5 min (and on 401 retry with
# back-off 1, 2, 4, 8 s then every 30 s). At 09:10 the IdP secret is rotated;
# 12 services keep the old secret for 14 minutes until they are redeployed:
# ~12 POST /oauth2/token 401 every 30 s. UA Java/Go/Node clients.
# Realistic: secret rotation without simultaneous redeploy is a classic
# incident; retries go to the token endpoint.
@scen
def client_credentials_rotation_401():
    L = Log(T0, 815, "saas")
    s = app_site("auth.example-payments.io", ["/", "/login", "/account", "/.well-known/openid-configuration"])
    r = L.rnd
    dur = 3000
    background(L, s, dur, 15)
    nat = "34.107.%d.%d" % (r.randint(0, 255), r.randint(2, 254))
    keep = [(nat, "k8s egress NAT: 45 services with client_credentials, 12 with a stale secret for 14 min")]
    uas = ["Java/17.0.9", "Go-http-client/2.0", "axios/1.7.7", "Apache-HttpClient/4.5.14 (Java/11.0.21)", "okhttp/4.12.0"]
    for sv in range(45):
        ua = r.choice(uas)
        stale = sv < 12
        t = r.uniform(0, 300)
        while t < dur:
            if stale and 600 <= t <= 1440:
                for b in [0, 1, 2, 4, 8]:
                    t += b
                    L.add(t, nat, "POST", "/oauth2/token", 401, 70, "-", ua)
                while t < 1440 + r.uniform(0, 60):
                    t += 30
                    L.add(t, nat, "POST", "/oauth2/token", 401, 70, "-", ua)
            L.add(t, nat, "POST", "/oauth2/token", 200, 1300, "-", ua)
            if r.random() < 0.2:
                L.add(t + 0.1, nat, "GET", "/.well-known/jwks.json", 200, 900, "-", ua)
            t += 300
    return L, "Token endpoint after a client-secret rotation: one k8s egress NAT with 45 services, 12 of them retrying client_credentials with the old secret (401, back-off then every 30 s) for 14 minutes", keep, None


# ---------------------------------------------------------------------------
# 16. Well-known probes that browsers, password managers and checkers make.
# Models: Chrome and password managers fetch /.well-known/change-password and
# the deliberate-404 URL /.well-known/resource-that-should-not-exist-whose-
# status-code-should-not-be-200; iOS fetches apple-touch-icon variants (404);
# compliance checkers (internet.nl-style, Hardenize-style, securityheaders)
# request /.well-known/security.txt, /security.txt, /.well-known/mta-sts.txt,
# /robots.txt, /sitemap.xml, http->https, some 404. A government portal.
# Realistic: all of these are issued by normal software, some per visitor.
@scen
def well_known_probes_browsers_checkers():
    L = Log(T0, 816, "gov")
    s = gov_site("www.example-stadt.gov")
    r = L.rnd
    dur = 3600
    background(L, s, dur, 40)
    keep = []
    for k in range(80):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, dur - 100)
        page_view(L, s, t, ip, ua, "/konto/passwort/", "-", set())
        L.add(t + 1, ip, "GET", "/.well-known/change-password", 302, 0, "-", ua)
        L.add(t + 1.2, ip, "GET", "/.well-known/resource-that-should-not-exist-whose-status-code-should-not-be-200", 404, 150, "-", ua)
        if "iPhone" in ua or "iPad" in ua or "Macintosh" in ua:
            for p in ["/apple-touch-icon-precomposed.png", "/apple-touch-icon.png", "/apple-touch-icon-120x120-precomposed.png", "/apple-touch-icon-120x120.png"]:
                L.add(t + 2, ip, "GET", p, 404, 150, "-", ua)
        if k < 8:
            keep.append((ip, "visitor whose browser checks change-password and touch icons"))
    checkers = [("Mozilla/5.0 (compatible; internetnl/1.8; +https://internet.nl)", ["/", "/.well-known/security.txt", "/security.txt", "/.well-known/mta-sts.txt", "/robots.txt", "/favicon.ico", "/nonexistent-%s" % hexid(r, 8)]),
                ("Mozilla/5.0 (compatible; Hardenize/1.0; +https://www.hardenize.com)", ["/", "/.well-known/security.txt", "/.well-known/mta-sts.txt", "/crossdomain.xml", "/clientaccesspolicy.xml", "/.well-known/openpgpkey/policy"]),
                ("securityheaders.com/1.0", ["/"]), ("Mozilla/5.0 (compatible; Pa11y/8.0)", ["/", "/barrierefreiheit/", "/leichte-sprache/"])]
    for ua, paths in checkers:
        for n in range(r.randint(3, 8)):
            ip = L.ip()
            t = r.uniform(0, dur - 60)
            for p in paths:
                st = 200 if p in ("/", "/robots.txt", "/favicon.ico", "/.well-known/security.txt", "/barrierefreiheit/", "/leichte-sprache/") else 404
                L.add(t, ip, "GET", p, st, 900 if st == 200 else 150, "-", ua)
                t += r.uniform(0.1, 1.5)
            if n < 2:
                keep.append((ip, "compliance checker (%s)" % ua.split(";")[0][:40]))
    return L, "City portal: 80 browsers checking /.well-known/change-password, the should-not-exist URL and touch icons (404s); compliance checkers (security.txt, mta-sts, crossdomain, openpgpkey) from ~20 addresses; 40 visitors", keep, None


# ---------------------------------------------------------------------------
# 17. E-paper viewer: zoom tiles from a retirement home NAT.
# Models: the newspaper's e-paper shows each page as 256 px tiles at 3 zoom
# levels; zooming or turning a page loads 20-60 tiles at once; reading the
# whole issue is ~2,000 tiles. A retirement home's NAT carries 25 residents
# reading the e-paper on tablets at 8:00 every morning. Realistic: tiled
# viewers (e-paper, maps, IIIF) produce hundreds of image requests a minute.
@scen
def epaper_zoom_tiles_nat():
    L = Log(T0, 817, "news")
    s = news_site()
    r = L.rnd
    dur = 3600
    background(L, s, dur, 25)
    nat = L.ip()
    keep = [(nat, "retirement home NAT, 25 residents reading the e-paper")]
    def reader(ip, ua, t):
        L.add(t, ip, "GET", "/epaper/2026-12-07/", 200, 30000, s.url("/"), ua)
        L.add(t + 0.3, ip, "GET", "/epaper/api/issue/2026-12-07/manifest.json", 200, 12000, s.url("/epaper/"), ua)
        for page in range(1, r.randint(12, 48)):
            z = r.choice([1, 1, 2, 3])
            for k in range(r.randint(12, 60)):
                L.add(t + r.uniform(0, 1.5), ip, "GET", "/epaper/tiles/2026-12-07/p%02d/z%d/%d_%d.webp" % (page, z, r.randint(0, 7), r.randint(0, 11)), r.choice([200] * 8 + [304]), r.randint(4000, 22000), s.url("/epaper/2026-12-07/"), ua)
            t += r.uniform(15, 90)
    for u in range(25):
        reader(nat, r.choice([UAS[8], UAS[5], UAS[9]]), r.uniform(0, 600))
    for k in range(20):
        ip = L.ip()
        reader(ip, r.choice(UAS), r.uniform(0, dur - 1200))
        if k < 6:
            keep.append((ip, "subscriber reading the e-paper"))
    return L, "News e-paper: tiled page viewer, 12-60 tiles per page turn/zoom; a retirement home NAT with 25 tablet readers in the morning, 20 subscribers", keep, None


# ---------------------------------------------------------------------------
# 18. Fediverse account move: webfinger/actor discovery storm.
# Models: a popular account (120k followers) on the forum's Mastodon instance
# announces a move; ~3,000 remote servers fetch /.well-known/webfinger,
# /users/<name> (activity+json), /nodeinfo/2.0, the outbox and the avatar in
# the next 20 minutes, a big one from several addresses; a few fetch
# non-existent accounts (404). Realistic: Move activities and boosts cause
# fetch storms; servers identify as "Mastodon/4.3.x (http.rb...; +https://host/)".
@scen
def fediverse_account_move_webfinger():
    L = Log(T0, 818, "fedi")
    s = blog_site("social.example-fans.net")
    r = L.rnd
    dur = 2400
    background(L, s, dur, 15)
    keep = []
    hosts = ["%s.%s" % (r.choice(["mstdn", "social", "masto", "toot", "fedi", "mas", "pleroma", "misskey"]), r.choice(["example-%d.org" % i for i in range(400)])) for _ in range(1200)]
    big = ["49.12.%d.%d" % (r.randint(0, 255), r.randint(2, 254)) for _ in range(4)]
    for ip in big:
        keep.append((ip, "large Mastodon instance's sidekiq workers"))
    for k, h in enumerate(hosts):
        ip = r.choice(big) if k % 10 == 0 else L.ip()
        ua = "%s (http.rb/5.2.0; +https://%s/)" % (r.choice(["Mastodon/4.3.2", "Mastodon/4.2.14", "Misskey/2024.11.0", "Pleroma 2.7.0"]), h)
        t = 300 + r.expovariate(1 / 200.0)
        L.add(t, ip, "GET", "/.well-known/webfinger?resource=acct%3Aderbyfan%40social.example-fans.net", 200, 600, "-", ua)
        L.add(t + 0.2, ip, "GET", "/users/derbyfan", 200, 4200, "-", ua)
        if r.random() < 0.5:
            L.add(t + 0.4, ip, "GET", "/.well-known/nodeinfo", 200, 200, "-", ua)
            L.add(t + 0.5, ip, "GET", "/nodeinfo/2.0", 200, 900, "-", ua)
        if r.random() < 0.3:
            L.add(t + 0.8, ip, "GET", "/users/derbyfan/outbox?page=true", 200, 30000, "-", ua)
        if r.random() < 0.1:
            L.add(t + 1, ip, "GET", "/.well-known/webfinger?resource=acct%%3A%s%%40social.example-fans.net" % r.choice(["admin", "derby_fan", "derbyfan2"]), 404, 0, "-", ua)
        L.add(t + 1.1, ip, "POST", "/users/derbyfan/inbox", 202, 0, "-", ua)
        if k < 20 and k % 10 != 0:
            keep.append((ip, "remote fediverse server discovering the moved account"))
    return L, "Mastodon instance: a popular account moves, 1,200 remote servers (4 large instances' addresses carry 10 %) fetch webfinger, actor, nodeinfo, outbox within ~20 min, a few 404 lookups", keep, None


# ---------------------------------------------------------------------------
# 19. B2B shop: quick order from CSV, then a burst of cart updates.
# Models: a trade customer pastes/uploads 180 SKUs into quick order; the
# shop's JS POSTs /quickorder/ajax/search per SKU (~5/s), then adds them with
# one request each (/checkout/cart/add, some 400 out-of-stock), then edits
# quantities in the cart (/checkout/cart/updateItemQty ~3/s). Three buyers
# from one wholesale company's office NAT. Realistic: B2B buyers order in
# bulk; quick-order forms fire one AJAX call per line.
@scen
def b2b_quick_order_bulk_cart():
    L = Log(T0, 819, "shop")
    s = shop_site("b2b.example-werkzeug.de")
    r = L.rnd
    dur = 3000
    background(L, s, dur, 25)
    nat = L.ip()
    keep = [(nat, "wholesale customer's office NAT: 3 buyers doing quick orders")]
    for b in range(3):
        ua = r.choice(UAS[:4])
        t = 200 + b * 700
        page_view(L, s, t, nat, ua, "/quickorder/", s.url("/"), set())
        t += 10
        skus = ["WZ-%05d" % r.randint(1, 40000) for _ in range(r.randint(120, 200))]
        for sku in skus:
            t += r.uniform(0.1, 0.35)
            L.add(t, nat, "POST", "/quickorder/ajax/search", 200, 900, s.url("/quickorder/"), ua)
        for sku in skus:
            t += r.uniform(0.15, 0.5)
            L.add(t, nat, "POST", "/checkout/cart/add/product/%d/" % r.randint(1, 40000), r.choice([200] * 12 + [400]), 1200, s.url("/quickorder/"), ua)
        page_view(L, s, t + 1, nat, ua, "/checkout/cart/", s.url("/quickorder/"), set())
        t += 20
        for k in range(r.randint(30, 80)):
            t += r.uniform(0.2, 0.6)
            L.add(t, nat, "POST", "/checkout/cart/updateItemQty/", r.choice([200] * 15 + [400]), 700, s.url("/checkout/cart/"), ua)
        page_view(L, s, t + 30, nat, ua, "/checkout/", s.url("/checkout/cart/"), set())
    return L, "B2B shop: three buyers behind one office NAT quick-ordering 120-200 SKUs each (per-line AJAX search at ~4/s, cart add, some 400 out of stock, qty updates at ~2.5/s); 25 visitors", keep, None


# ---------------------------------------------------------------------------
# 20. SaaS status page during an incident: embedded widgets poll.
# Models: a SaaS outage. Customers' dashboards embed the status widget that
# polls /api/v2/status.json and /api/v2/incidents/unresolved.json every 30 s
# with CORS (Origin/Referer of their own app); hundreds of employees in
# corporate NATs have it open; during the incident people reload the status
# page every few seconds; the RSS/Atom and Slack integrations poll too.
# Realistic: status pages get 10-100x traffic during an incident, much of it
# from a few large corporate egress addresses.
@scen
def statuspage_incident_widget_polling():
    L = Log(T0, 820, "status")
    s = app_site("status.example-cloud.io", ["/", "/incidents/k2x9f7", "/history", "/uptime"])
    r = L.rnd
    dur = 2400
    background(L, s, dur, 20)
    keep = []
    corps = [(L.ip(), n) for n in [180, 90, 40, 25]]
    for ip, n in corps:
        keep.append((ip, "corporate NAT, %d employees with the status widget open" % n))
    singles = [(L.ip(), 1) for _ in range(150)]
    keep += [(ip, "single user reloading the status page") for ip, _ in singles[:6]]
    for ip, n in corps + singles:
        for u in range(n):
            ua = r.choice(UAS)
            ref = "https://app.customer-%d.example/" % r.randint(1, 50)
            t = r.uniform(0, 600)
            end = t + r.uniform(300, 1800)
            while t < min(end, dur):
                L.add(t, ip, "GET", "/api/v2/status.json", 200, 400, ref, ua)
                L.add(t + 0.05, ip, "GET", "/api/v2/incidents/unresolved.json", 200, 2200, ref, ua)
                t += 30 + r.uniform(-0.5, 0.5)
            if n == 1 or r.random() < 0.3:
                t = r.uniform(700, 1500)
                for k in range(r.randint(2, 12)):
                    L.add(t, ip, "GET", "/", 200, 24000, "-", ua)
                    L.add(t + 0.2, ip, "GET", "/incidents/k2x9f7", 200, 18000, s.url("/"), ua)
                    t += r.uniform(3, 20)
    for f in range(30):
        ip = L.ip()
        ua = r.choice(["Feedly/1.0 (+http://www.feedly.com/fetcher.html; 12 subscribers)", "Slackbot 1.0 (+https://api.slack.com/robots)", "curl/8.5.0", "NetNewsWire (RSS Reader; https://netnewswire.com/)"])
        for t in poisson(r, 0, dur, 1 / 60.0):
            L.add(t, ip, "GET", r.choice(["/history.atom", "/history.rss", "/api/v2/summary.json"]), r.choice([200, 304]), 3000, "-", ua)
    return L, "SaaS status page during an incident: widgets in 4 corporate NATs (180/90/40/25 employees) and 150 single users polling two JSON endpoints every 30 s, reload bursts, feed and chat integrations", keep, None


def main():
    only = sys.argv[1:]
    for f in SC:
        name = f.__name__.replace("_", "-")
        if only and name not in only:
            continue
        L, desc, keep, policy = f()
        n = L.write(os.path.join(OUT, name + ".log"), xff_all=policy is not None)
        cfg = None
        if policy is not None:
            cfg = name + ".policy.toml"
            with open(os.path.join(OUT, cfg), "w") as pf:
                pf.write("# The operator's policy: nginx sits behind the agency's load balancers.\n" + policy)
        seen, kk = set(), []
        for ip, c in keep:
            if ip not in seen:
                seen.add(ip)
                kk.append((ip, c))
        expect(os.path.join(OUT, name + ".expect.toml"), "fresh-s14 benign: " + desc, not_banned=kk, lines=n, config=cfg)
        print(name, n)


main()
