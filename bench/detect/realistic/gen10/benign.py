"""fresh-s17 benign10: twenty kinds of legitimate clients not covered by the
earlier realistic sets (checked against every file name in
bench/detect/realistic/*/ on 2026-12-08), each inside ordinary traffic of a
different kind of site, several in JSON access logs (nginx escape=json,
caddy, traefik). Every client in every file must never be banned.

Written before looking at detector/, patterns/, rules/default.toml, the other
realistic sets' logs or reports, or the Detection section of the README
(session 17, role "fresh"): nothing here is tuned to guardctl.
Run: python3 benign.py [scenario-name ...]   (fixed seeds, byte-identical output)
"""
import datetime, os
from base import *

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.environ.get("OUT", os.path.join(HERE, "..", "benign10"))
T0 = datetime.datetime(2026, 12, 7, 8, 0, 0)
SC = []


def scen(f):
    SC.append(f)
    return f


def cgnat(L):
    """A mobile carrier's CGNAT public address."""
    return L.ip(L.rnd.choice(["176.0.%d" % L.rnd.randint(0, 255), "80.187.%d" % L.rnd.randint(0, 255), "92.40.%d" % L.rnd.randint(0, 255)]))


def jitter(r, base, frac=0.15):
    return base * r.uniform(1 - frac, 1 + frac)


# 1. LLM assistants fetching news articles on their users' behalf.
# Models: ChatGPT-User, Perplexity-User, Claude-User and MistralAI-User fetch a
# page when a person asks an assistant about it: HTML only, 1-5 articles at
# once within a second, from the vendors' published cloud ranges; a share of
# the URLs are invented by the model and answer 404 (publishers report
# 10-30 %). Crawlers GPTBot, OAI-SearchBot and ClaudeBot read robots.txt and
# crawl at 0.3-1.5 req/s (ClaudeBot's rate as publishers reported it in 2024-25,
# well below the iFixit complaint's peak). Breaking-news hour: user fetchers
# reach ~2 req/s together. Around them: readers, both search crawlers.
@scen
def llm_assistant_user_fetchers_news():
    L = Log(T0, 3001, "www.example-tagblatt.de")
    r = L.rnd
    s = news_site()
    good = background(L, s, 3600, n=60)
    arts = [p for p in s.pages if p.endswith(".html")]
    fetchers = [("ChatGPT-User", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; ChatGPT-User/1.0; +https://openai.com/bot", "23.98.142.%d", 6),
                ("Perplexity-User", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Perplexity-User/1.0; +https://perplexity.ai/perplexity-user)", "107.20.236.%d", 3),
                ("Claude-User", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Claude-User/1.0; +Claude-User@anthropic.com)", "160.79.104.%d", 3),
                ("MistralAI-User", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; MistralAI-User/1.0; +https://docs.mistral.ai/robots)", "51.159.7.%d", 2)]
    for name, ua, pfx, nips in fetchers:
        ips = [pfx % r.randint(2, 250) for _ in range(nips)]
        rate = {"ChatGPT-User": 1.1, "Perplexity-User": 0.4, "Claude-User": 0.3, "MistralAI-User": 0.1}[name]
        for t in poisson(r, 0, 3600, rate / 2.5):
            ip = r.choice(ips)
            for k in range(r.choice([1, 1, 2, 3, 5])):
                if r.random() < 0.18:
                    p = "/%s/%s-%d.html" % (r.choice(["politik", "wirtschaft", "lokales"]), r.choice(["haushalt-streit-eskaliert", "buergermeister-ruecktritt", "neue-stadtbahn-linie", "streik-flughafen"]), r.randint(2026110000, 2026129999))
                    L.add(t + r.uniform(0, 0.9), ip, "GET", p, 404, 6200, "-", ua)
                else:
                    L.add(t + r.uniform(0, 0.9), ip, "GET", r.choice(arts), 200, r.randint(60000, 140000), "-", ua)
        for ip in ips:
            L.add(r.uniform(0, 3600), ip, "GET", "/robots.txt", 200, 410, "-", ua)
            good.append((ip, "%s: fetches on a user's request, HTML only, ~18 %% invented URLs 404" % name))
    for name, ua, ip, gap in [("GPTBot", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)", "20.171.207.%d" % r.randint(2, 250), (1.5, 4)),
                              ("OAI-SearchBot", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; OAI-SearchBot/1.0; +https://openai.com/searchbot", "20.42.10.%d" % r.randint(2, 250), (2, 6)),
                              ("ClaudeBot", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)", "216.73.216.%d" % r.randint(2, 250), (0.5, 1.3))]:
        L.add(1.0, ip, "GET", "/robots.txt", 200, 410, "-", ua)
        L.add(2.0, ip, "GET", "/sitemap-news.xml", 200, 88000, "-", ua)
        t = 3.0
        while t < 3600:
            p = r.choice(s.pages) if r.random() < 0.9 else "/archiv/%d/%02d/" % (r.randint(2015, 2025), r.randint(1, 12))
            L.add(t, ip, "GET", p, 200 if r.random() < 0.93 else r.choice([301, 404]), r.randint(20000, 140000), "-", ua)
            t += r.uniform(*gap)
        good.append((ip, "%s crawling at its own pace after robots.txt" % name))
    return L, "News site in a breaking-news hour: LLM assistants' user-triggered fetchers (ChatGPT-User, Perplexity-User, Claude-User, MistralAI-User) from their clouds, HTML only, 1-5 articles at once, ~18 % invented URLs answered 404; GPTBot, OAI-SearchBot, ClaudeBot crawling at 0.3-1.5 req/s; readers, office NAT, Googlebot, bingbot", good


# 2. npm ci on GitHub-hosted runners against a private Verdaccio (caddy JSON).
# Models: `npm ci` fetches every tarball of the lockfile (here 700-1,100)
# with maxsockets 15: ~60-150 req/s for 8-15 s per job; each job runs on a
# fresh Azure address; a push starts a 6-job matrix at once; a few jobs run
# `npm install` (packuments with the abbreviated Accept, 200/304) and `npm
# audit` (POST bulk advisories). Developers behind the office NAT use pnpm;
# one mistypes a private package name (404 three times). Rates: npm's own
# defaults (maxsockets 15) and observed CI install times.
@scen
def verdaccio_npm_ci_azure_runners_caddy_json():
    L = Log(T0, 3002, "npm.example-corp.dev", proto="HTTP/2.0")
    L.fmt = dict(json="caddy")
    r = L.rnd
    pkgs = ["react", "react-dom", "@babel/core", "@babel/preset-env", "typescript", "eslint", "webpack", "lodash", "@types/node", "vite", "rollup", "esbuild", "postcss", "jest", "@testing-library/react", "axios", "zod", "date-fns", "@emotion/react", "chalk", "semver", "glob", "minimatch", "debug", "ms", "uuid", "yargs", "commander", "@corp/ui-kit", "@corp/eslint-config", "@corp/api-client"]
    pkgs += ["dep-%s" % hexid(r, 6) for _ in range(1100)]

    def tgz(p):
        base = p.split("/")[-1]
        return "/%s/-/%s-%d.%d.%d.tgz" % (p.replace("/", "%2f"), base, r.randint(0, 18), r.randint(0, 30), r.randint(0, 9))
    good = []
    runs = [r.uniform(0, 6600) for _ in range(5)]
    for run_t in runs:
        for job in range(6):
            ip = "%d.%d.%d.%d" % (r.choice([4, 20, 40, 52, 13]), r.randint(0, 255), r.randint(0, 255), r.randint(2, 254))
            node = r.choice(["v18.20.5", "v20.18.1", "v22.12.0"])
            ua = "npm/10.9.0 node/%s linux x64 workspaces/false ci/github-actions" % node
            t = run_t + r.uniform(20, 60)
            n = r.randint(700, 1100)
            rate = r.uniform(60, 150)
            install = r.random() < 0.25
            for p in r.sample(pkgs, n):
                if install:
                    L.add(t, ip, "GET", "/" + p.replace("/", "%2f"), r.choice([200, 200, 304]), r.randint(2000, 90000), "-", ua)
                    t += r.expovariate(rate)
                L.add(t, ip, "GET", tgz(p), 200, r.randint(3000, 900000), "-", ua)
                t += r.expovariate(rate)
            if r.random() < 0.5:
                L.add(t + 1, ip, "POST", "/-/npm/v1/security/advisories/bulk", 200, 18000, "-", ua)
            good.append((ip, "GitHub runner: npm ci, %d tarballs at ~%d req/s" % (n, rate)))
    nat = L.ip("194.25.40")
    for dev in range(12):
        ua = "pnpm/9.14.2 npm/? node/%s %s" % (r.choice(["v20.18.1", "v22.12.0"]), r.choice(["darwin arm64", "linux x64", "win32 x64"]))
        t = r.uniform(0, 6800)
        for p in r.sample(pkgs, r.randint(5, 60)):
            L.add(t, nat, "GET", "/" + p.replace("/", "%2f"), r.choice([200, 304, 304]), r.randint(2000, 90000), "-", ua)
            t += r.uniform(0.01, 0.2)
        if dev == 3:
            for k in range(3):
                L.add(t + k * 9, nat, "GET", "/@corp%2fapi-clinet", 404, 48, "-", ua)
    for k in range(4):
        L.add(r.uniform(0, 7000), nat, "PUT", "/@corp%2fui-kit", 201, 80, "-", "npm/10.9.0 node/v22.12.0 darwin arm64 workspaces/false")
    good.append((nat, "office NAT: 12 developers with pnpm, a mistyped private package (404 x3), publishes"))
    return L, "Caddy JSON log of a private Verdaccio npm registry: 30 GitHub Actions jobs (5 pushes x 6-job matrix) on fresh Azure addresses, each npm ci fetching 700-1,100 tarballs at 60-150 req/s, some npm install packuments (304) and audit POSTs; office NAT with pnpm and a mistyped private package", good


# 3. Online banking: decoupled SCA (app approval) polling and a strict lockout.
# Models: a German savings-bank portal: login POST answers 401 on a wrong PIN
# and 423 after the third (the PIN is locked until the customer calls);
# after a good PIN the web app creates a decoupled SCA challenge and polls
# its status every 2 s until the customer approves in the phone app (10-90 s,
# sometimes the 5-minute timeout: 410, and a new challenge); the session
# keepalive every 60 s and a 401 after 10 idle minutes (strict banks log out
# at 5-10 min). Customers on a mobile CGNAT (40 of them on one address),
# homes, a household IPv6 /64. Rates: polling interval of the banks' web apps
# (1-3 s) and the Berlin Group decoupled-approach timeout (5 min).
@scen
def bank_decoupled_sca_polling_cgnat():
    L = Log(T0, 3003, "banking.example-sparbank.de")
    r = L.rnd
    site = Site("banking.example-sparbank.de", ["/", "/de/home/privatkunden.html", "/de/home/service/kontakt.html", "/de/home/service/sperren.html"],
                ["/static/fi-ui/5.8/css/main.css"], ["/static/fi-ui/5.8/js/main.js"], lambda p, r: ["/static/img/logo.svg"])
    good = background(L, site, 5400, n=25)
    mobile = cgnat(L)
    hh = "2003:e5:7f1a:9c00"

    def session(ip, t, ua, wrong=0, lock=False, timeout=False):
        L.add(t, ip, "GET", "/banking/login", 200, 14000, "https://banking.example-sparbank.de/", ua)
        for w in range(wrong):
            t += r.uniform(6, 25)
            L.add(t, ip, "POST", "/api/auth/login", 401, 180, "https://banking.example-sparbank.de/banking/login", ua)
        if lock:
            t += r.uniform(6, 25)
            L.add(t, ip, "POST", "/api/auth/login", 423, 210, "https://banking.example-sparbank.de/banking/login", ua)
            L.add(t + 3, ip, "GET", "/de/home/service/sperren.html", 200, 22000, "https://banking.example-sparbank.de/banking/login", ua)
            return t
        t += r.uniform(6, 25)
        L.add(t, ip, "POST", "/api/auth/login", 200, 420, "https://banking.example-sparbank.de/banking/login", ua)
        for attempt in range(2 if timeout else 1):
            cid = hexid(r, 24)
            L.add(t + 0.3, ip, "POST", "/api/sca/challenges", 201, 160, "https://banking.example-sparbank.de/banking/login", ua)
            wait = 300 if (timeout and attempt == 0) else r.uniform(10, 90)
            tt = t + 1
            while tt < t + wait:
                L.add(tt, ip, "GET", "/api/sca/challenges/%s/status" % cid, 200, 60, "https://banking.example-sparbank.de/banking/sca", ua)
                tt += 2.0 + r.uniform(0, 0.2)
            L.add(tt, ip, "GET", "/api/sca/challenges/%s/status" % cid, 410 if (timeout and attempt == 0) else 200, 70, "https://banking.example-sparbank.de/banking/sca", ua)
            t = tt + 1
        for k in range(r.randint(3, 12)):
            L.add(t, ip, "GET", r.choice(["/api/accounts", "/api/accounts/DE%02d50050201%010d/transactions?page=%d" % (r.randint(10, 99), r.randint(0, 10**9), r.randint(0, 3)), "/api/postbox/documents", "/api/transfers/templates"]), 200, r.randint(800, 40000), "https://banking.example-sparbank.de/banking/finanzstatus", ua)
            t += r.uniform(3, 40)
            if r.random() < 0.3:
                L.add(t, ip, "GET", "/api/session/keepalive", 204, 0, "https://banking.example-sparbank.de/banking/finanzstatus", ua)
        if r.random() < 0.3:
            L.add(t + 600, ip, "GET", "/api/session/keepalive", 401, 90, "https://banking.example-sparbank.de/banking/finanzstatus", ua)
        return t
    for k in range(40):
        session(mobile, r.uniform(0, 5000), UAS[4] if k % 2 else UAS[5], wrong=r.choice([0, 0, 0, 1, 2]), lock=(k == 7), timeout=(k % 9 == 0))
    good.append((mobile, "mobile CGNAT: 40 customers, PIN typos, one locked PIN (423), SCA status polling every 2 s"))
    for k in range(30):
        ip = L.ip()
        session(ip, r.uniform(0, 5000), r.choice(UAS), wrong=r.choice([0, 0, 1, 2, 2]), lock=(k in (4, 19)), timeout=(k % 7 == 0))
        if k < 6:
            good.append((ip, "customer at home, typos/lockout/SCA timeout"))
    for dev in range(3):
        t = r.uniform(0, 4000)
        for rep in range(3):
            ip = L.ip6(hh)
            t = session(ip, t, UAS[[4, 7, 8][dev]], wrong=r.choice([0, 1])) + r.uniform(300, 900)
            good.append((ip, "household /64, privacy addresses change between sessions"))
    return L, "Savings-bank portal: logins with PIN typos (401), strict lockout on the third (423), decoupled SCA challenges polled every 2 s until approved (or 410 after the 5-minute timeout), 401 on keepalive after idle logout; a mobile CGNAT with 40 customers, homes, a household IPv6 /64", good


# 4. A patient portal used by a care home's staff (nginx JSON).
# Models: staff of a care home log in as 14 residents (the residents gave
# them their credentials: common despite proxy-access features), mistyping
# several, fetching lab-result PDFs and booking appointments; elderly
# patients at home mistype 3-5 times (401), trigger the 5-try lockout (423)
# and use the reset flow; the portal polls the unread-messages count every
# 60 s while open (MyChart-style portals poll at 30-60 s).
@scen
def patient_portal_care_home_nat_json():
    L = Log(T0, 3004, "meinportal.example-klinikum.de")
    L.fmt = dict(json="nginx")
    r = L.rnd
    site = Site("meinportal.example-klinikum.de", ["/", "/login", "/termine", "/befunde", "/nachrichten", "/medikation", "/hilfe"], ["/assets/portal.4e1a.css"], ["/assets/portal.4e1a.js"], lambda p, r: ["/assets/klinikum-logo.svg"])
    good = background(L, site, 7200, n=20)
    ref = site.url("/login")

    def visit(ip, t, ua, wrong, lock=False, reset=False, stay=600):
        page_view(L, site, t, ip, ua, "/login", "-", set())
        for w in range(wrong):
            t += r.uniform(15, 70)
            L.add(t, ip, "POST", "/api/v2/auth/login", 401, 95, ref, ua)
        if lock:
            t += r.uniform(15, 70)
            L.add(t, ip, "POST", "/api/v2/auth/login", 423, 130, ref, ua)
        if reset or lock:
            L.add(t + 40, ip, "POST", "/api/v2/auth/password-reset", 202, 40, site.url("/passwort-vergessen"), ua)
            t += r.uniform(120, 600)
            L.add(t, ip, "GET", "/passwort-neu?token=%s" % rand_token(r, 43), 200, 9000, "-", ua)
            L.add(t + 60, ip, "POST", "/api/v2/auth/password", 204, 0, site.url("/passwort-neu"), ua)
        t += r.uniform(15, 70)
        L.add(t, ip, "POST", "/api/v2/auth/login", 200, 640, ref, ua)
        end = t + stay
        nxt = t + 60
        while t < end:
            t += r.uniform(10, 90)
            while nxt < t:
                L.add(nxt, ip, "GET", "/api/v2/messages/unread-count", 200, 14, site.url("/befunde"), ua)
                nxt += 60
            p = r.choice(["/api/v2/results?page=1", "/api/v2/results/%d/pdf" % r.randint(10**6, 10**7), "/api/v2/appointments/slots?dept=kardiologie&from=2026-12-10", "/api/v2/medication", "/api/v2/messages"])
            L.add(t, ip, "GET", p, 200, r.randint(500, 400000), site.url("/befunde"), ua)
        return end
    home = L.ip("91.64")
    t = 300.0
    for res in range(14):
        t = visit(home, t + r.uniform(20, 120), UAS[0], r.choice([0, 0, 1, 2]), stay=r.uniform(120, 400))
    good.append((home, "care home NAT: staff log in as 14 residents one after another, typos"))
    for k in range(25):
        ip = L.ip()
        visit(ip, r.uniform(0, 6000), r.choice(UAS), r.choice([0, 1, 3, 4]), lock=(k % 6 == 0), reset=(k % 5 == 1))
        if k < 8:
            good.append((ip, "patient at home: 0-5 wrong passwords, lockout 423, reset flow"))
    return L, "nginx JSON log of a hospital patient portal: care home staff logging in as 14 residents from one NAT (some typos), elderly patients mistyping 3-5 times, locked (423), resetting; unread-count polling every 60 s, lab-result PDFs, appointment slots", good


# 5. A DSpace 7 repository in thesis week (campus NAT).
# Models: DSpace 7's Angular UI calls its REST API ~20-40 times per item view
# (authn/status, items, bundles, bitstreams, accessStatus, thumbnails,
# statistics viewevents POST 201), some 401/404 by design (authn/status when
# logged out, missing thumbnails); students behind the campus NAT (200)
# browse and download PDFs (pdf.js Range requests, 206); Zotero Connector
# saves re-fetch the item page and the PDF; Google Scholar's crawler (a
# Googlebot) fetches citation_pdf_url PDFs. Counts: DSpace 7 network tab.
@scen
def dspace7_repository_thesis_week_campus_nat():
    L = Log(T0, 3005, "repository.uni-example.edu")
    r = L.rnd
    site = Site("repository.uni-example.edu", ["/", "/home", "/browse/dateissued", "/community-list", "/search?query=klimawandel", "/search?query=%22machine%20learning%22"],
                ["/styles.8a1b2c3d.css"], ["/main.8a1b2c3d.js", "/polyfills.77c1.js", "/runtime.19ab.js"], lambda p, r: ["/assets/images/dspace-logo.svg"])
    good = background(L, site, 5400, n=20, office=False)
    nat = L.ip("141.20.250")
    items = ["%s-%s-%s-%s-%s" % (hexid(r, 8), hexid(r, 4), hexid(r, 4), hexid(r, 4), hexid(r, 12)) for _ in range(400)]

    def item_view(ip, t, ua, uuid, zotero=False):
        L.add(t, ip, "GET", "/items/%s" % uuid, 200, 48000, site.url("/search"), ua)
        tt = t + 0.3
        for call in ["/server/api/authn/status", "/server/api/core/items/%s" % uuid, "/server/api/core/items/%s/bundles" % uuid, "/server/api/core/items/%s/accessStatus" % uuid,
                     "/server/api/core/items/%s/owningCollection" % uuid, "/server/api/core/items/%s/relationships" % uuid, "/server/api/config/properties/researcher-profile.entity-type",
                     "/server/api/system/scripts", "/server/api/core/bitstreams/%s/thumbnail" % hexid(r, 8)] + ["/server/api/core/bundles/%s/bitstreams?page=0&size=5" % hexid(r, 8)] * r.randint(1, 3):
            st = 200
            if call.endswith("authn/status"):
                st = 200
            elif call.endswith("scripts"):
                st = 401
            elif "thumbnail" in call and r.random() < 0.3:
                st = 204
            elif call.endswith("relationships") and r.random() < 0.5:
                st = 404
            L.add(tt, ip, "GET", call, st, r.randint(200, 9000), site.url("/items/%s" % uuid), ua)
            tt += r.uniform(0.02, 0.15)
        L.add(tt, ip, "POST", "/server/api/statistics/viewevents", 201, 0, site.url("/items/%s" % uuid), ua)
        pdf = "/bitstreams/%s/download" % hexid(r, 32)
        if r.random() < 0.6 or zotero:
            L.add(tt + r.uniform(2, 20), ip, "GET", pdf, 200, 65536, site.url("/items/%s" % uuid), ua)
            for k in range(r.randint(2, 12)):
                L.add(tt + r.uniform(20, 40), ip, "GET", pdf, 206, 65536, site.url("/items/%s" % uuid), ua)
        if zotero:
            L.add(tt + 45, ip, "GET", "/items/%s" % uuid, 200, 48000, "-", ua)
            L.add(tt + 46, ip, "GET", pdf, 200, 2400000, site.url("/items/%s" % uuid), ua)
        return tt
    for k in range(200):
        ua = r.choice(UAS)
        t = r.uniform(0, 5000)
        for v in range(r.randint(1, 6)):
            t = item_view(nat, t, ua, r.choice(items), zotero=r.random() < 0.2) + r.uniform(20, 200)
    good.append((nat, "campus NAT: 200 students, DSpace 7 UI API calls (401/404/204 by design), PDFs with Range, Zotero saves"))
    scholar = "66.249.79.%d" % r.randint(2, 250)
    for k in range(300):
        L.add(r.uniform(0, 5400), scholar, "GET", r.choice(["/items/%s" % r.choice(items), "/bitstreams/%s/download" % hexid(r, 32)]), 200, r.randint(40000, 3000000), "-", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
    good.append((scholar, "Google Scholar crawler: items and PDFs"))
    return L, "DSpace 7 repository in thesis week: the Angular UI's 20-40 REST calls per item (authn/status, scripts 401, relationships 404, thumbnails 204, viewevents POST 201), campus NAT with 200 students, PDFs by Range, Zotero re-fetches, Google Scholar's crawler", good


# 6. Game backend: the end of a maintenance window (traefik JSON).
# Models: launchers poll /v1/status every 30 s while the servers answer 503
# (maintenance, Retry-After); at the end every client logs in within a
# minute, gets a 202 queue ticket (or 503 with backoff 1-2-4-8 s + jitter
# when the login service sheds load), polls the queue every 5 s (the
# server-given interval), then loads the profile. A mobile CGNAT with 120
# players and an internet cafe with 30. Rates: MMO launch-queue behaviour
# (server-driven poll interval, exponential backoff with jitter).
@scen
def game_maintenance_end_login_queue_traefik_json():
    L = Log(T0, 3006, "api.example-arena.gg")
    L.fmt = dict(json="traefik")
    r = L.rnd
    good = []
    END = 900.0
    ua_pc = "ArenaClient/9.2.1.48213 (Windows 10.0.22631; x64) libcurl/8.9.1"
    ua_m = "ArenaMobile/9.2.1 (Android 14; SM-A546B) okhttp/4.12.0"
    mob = cgnat(L)
    cafe = L.ip("88.217.%d" % r.randint(0, 255))

    def player(ip, ua):
        t = r.uniform(0, 600)
        while t < END:
            L.add(t, ip, "GET", "/v1/status", 503, 180, "-", ua)
            t += jitter(r, 30)
        t = END + r.uniform(0, 60)
        back = 1.0
        while r.random() < 0.35:
            L.add(t, ip, "POST", "/v1/auth/session", 503, 120, "-", ua)
            t += back + r.uniform(0, back)
            back = min(back * 2, 60)
        L.add(t, ip, "POST", "/v1/auth/session", 202, 340, "-", ua)
        tk = hexid(r, 16)
        for k in range(r.randint(2, 24)):
            t += 5 + r.uniform(0, 0.3)
            L.add(t, ip, "GET", "/v1/queue/%s" % tk, 200, 90, "-", ua)
        t += 5
        L.add(t, ip, "GET", "/v1/queue/%s" % tk, 200, 410, "-", ua)
        for p in ["/v1/profile", "/v1/inventory", "/v1/friends", "/v1/store/offers", "/v1/matchmaking/regions"]:
            t += r.uniform(0.05, 0.6)
            L.add(t, ip, "GET", p, 200, r.randint(400, 60000), "-", ua)
        for k in range(r.randint(0, 8)):
            t += r.uniform(20, 120)
            L.add(t, ip, "POST", "/v1/telemetry", 204, 0, "-", ua)
    for k in range(120):
        player(mob, ua_m)
    good.append((mob, "mobile CGNAT: 120 players polling status (503), backoff logins, queue polls every 5 s"))
    for k in range(30):
        player(cafe, ua_pc)
    good.append((cafe, "internet cafe: 30 PCs"))
    for k in range(300):
        ip = L.ip() if k % 4 else L.ip6("2a02:810d:%x:%x" % (r.randint(0, 0xffff), r.randint(0, 0xffff)))
        player(ip, ua_pc if k % 3 else ua_m)
        if k < 10:
            good.append((ip, "player at home"))
    return L, "Traefik JSON log of a game API at the end of maintenance: 450 launchers polling /v1/status every 30 s while 503, logging in within a minute (503 + exponential backoff, 202 queue ticket), polling the queue every 5 s, loading profiles; a mobile CGNAT with 120 players, an internet cafe with 30", good


# 7. Batch attachment downloads on a hobby forum (DownThemAll!, JDownloader).
# Models: a phpBB model-railway forum; a member runs DownThemAll! on a long
# build-report thread: ~350 /download/file.php?id=N with 4 parallel
# downloads (DTA's default per-server limit), images of 0.2-3 MB on a
# 50 Mbit line (~2 files/s), some 404 (deleted attachments); another member
# not logged in gets 403 for the members-only ones. JDownloader (it sends a
# browser UA) grabs a gallery. Around: members reading, Googlebot.
@scen
def downthemall_attachment_batch_phpbb_forum():
    L = Log(T0, 3007, "forum.example-modellbahn.de")
    r = L.rnd
    site = forum_site("forum.example-modellbahn.de")
    good = background(L, site, 3600, n=40)
    thread = "/viewtopic.php?t=18422&start=%d"
    for who, n, t0, st403 in [(L.ip(), 350, 600.0, 0.0), (L.ip(), 140, 1800.0, 0.4)]:
        ua = UAS[3]
        for pg in range(0, 300, 25):
            page_view(L, site, t0 - 300 + pg, who, ua, thread % pg, site.url(thread % max(0, pg - 25)), set(["favicon"]))
        t = t0
        lanes = [t0] * 4
        for k in range(n):
            i = k % 4
            sz = r.randint(200000, 3000000)
            st = 404 if r.random() < 0.04 else (403 if r.random() < st403 else 200)
            L.add(lanes[i], who, "GET", "/download/file.php?id=%d" % (90000 + k * 3 + r.randint(0, 2)), st, sz if st == 200 else 3100, site.url(thread % 0), ua)
            lanes[i] += sz / 6.0e6 * 4 + r.uniform(0.05, 0.3)
        good.append((who, "member: DownThemAll! batch of %d attachments, 4 at a time (404s, 403s when logged out)" % n))
    jd = L.ip()
    t = 2500.0
    for k in range(90):
        L.add(t, jd, "GET", "/download/file.php?id=%d&mode=view" % (120000 + k), 200, r.randint(300000, 2500000), "-", UAS[0])
        t += r.uniform(0.3, 1.5)
    good.append((jd, "JDownloader grabbing a gallery, no Referer, ~1 file/s"))
    return L, "phpBB hobby forum: DownThemAll! batches of 350 and 140 attachments (4 parallel, ~2 files/s, 404 deleted, 403 when logged out), JDownloader taking a gallery without Referer; members, office NAT, Googlebot, bingbot", good


# 8. A benefits application with autosave at a counselling office (gov).
# Models: online application forms for housing benefit: the form autosaves
# the draft every 30 s (PUT), the session is refreshed every 5 min,
# attachments are uploaded (413 above 10 MB, retried after the scan is
# shrunk), every step is validated server-side (422 on missing fields, often
# several times in a row), submit 201. Social workers at a counselling office
# (one NAT) fill in forms with 15 clients in 2 hours; a blind applicant with
# a screen reader steps through many 422s. Autosave intervals: common form
# builders (20-60 s).
@scen
def benefit_application_autosave_counselling_nat_gov():
    L = Log(T0, 3008, "antrag.example-land.gov")
    r = L.rnd
    site = portal_site("antrag.example-land.gov")
    good = background(L, site, 7200, n=25)

    def application(ip, t, ua, n422, dur):
        aid = "WG-2026-%07d" % r.randint(0, 10**7)
        ref = site.url("/antrag/wohngeld/%s" % aid)
        L.add(t, ip, "POST", "/api/antraege", 201, 300, site.url("/leistungen/"), ua)
        end = t + dur
        nxt_save, nxt_ref, step = t + 30, t + 300, 1
        while t < end:
            t += r.uniform(20, 180)
            while nxt_save < t:
                L.add(nxt_save, ip, "PUT", "/api/antraege/%s/entwurf" % aid, 204, 0, ref, ua)
                nxt_save += 30
            while nxt_ref < t:
                L.add(nxt_ref, ip, "POST", "/api/session/refresh", 200, 120, ref, ua)
                nxt_ref += 300
            if r.random() < 0.3 and n422 > 0:
                L.add(t, ip, "POST", "/api/antraege/%s/schritte/%d/pruefen" % (aid, step), 422, 900, ref, ua)
                n422 -= 1
                continue
            L.add(t, ip, "POST", "/api/antraege/%s/schritte/%d/pruefen" % (aid, step), 200, 80, ref, ua)
            step += 1
            if r.random() < 0.3:
                if r.random() < 0.4:
                    L.add(t + 5, ip, "POST", "/api/antraege/%s/anlagen" % aid, 413, 180, ref, ua)
                    t += 60
                L.add(t + 5, ip, "POST", "/api/antraege/%s/anlagen" % aid, 201, 220, ref, ua)
        L.add(t + 10, ip, "POST", "/api/antraege/%s/einreichen" % aid, 201, 400, ref, ua)
        L.add(t + 12, ip, "GET", "/api/antraege/%s/bestaetigung.pdf" % aid, 200, 88000, ref, ua)
        return t + 30
    office = L.ip("212.114.%d" % r.randint(0, 255))
    for k in range(15):
        application(office, r.uniform(0, 5500), UAS[0] if k % 3 else UAS[3], r.randint(0, 5), r.uniform(900, 2400))
    good.append((office, "counselling office NAT: 15 applications, autosave every 30 s, 422 validations, 413 uploads"))
    blind = L.ip()
    application(blind, 600, UAS[0], 14, 4000)
    good.append((blind, "screen-reader user: 14 validation errors over an hour, autosave every 30 s"))
    for k in range(20):
        ip = L.ip()
        application(ip, r.uniform(0, 6000), r.choice(UAS), r.randint(0, 4), r.uniform(600, 1800))
        if k < 4:
            good.append((ip, "applicant at home"))
    return L, "Government benefit-application forms: drafts autosaved every 30 s (PUT 204), session refresh every 5 min, server-side step validation (422, several in a row), attachments (413 then retried), submit; a counselling office NAT with 15 applications, a screen-reader user with 14 422s, applicants at home", good


# 9. 360-degree product spins and deep zoom on a sneaker shop.
# Models: spin viewers (Magic 360 36 frames, Sirv 72) load every frame as
# soon as the viewer starts (~2-4 s), then the hi-res frames on zoom; shoppers
# open 2-6 products: 100-400 image requests in a few minutes, bursts of ~20
# req/s; a mobile CGNAT with 50 shoppers; a household /64 whose phones use
# temporary addresses; an office NAT. Frame counts: the viewers' defaults.
@scen
def product_360_spin_viewer_shop():
    L = Log(T0, 3009, "www.example-sneakerhaus.de")
    r = L.rnd
    site = shop_site("www.example-sneakerhaus.de")
    good = background(L, site, 3600, n=40)
    prods = [p for p in site.pages if p[-5:] == ".html" and "-" in p and p[-6].isdigit()]

    def spins(ip, ua, t):
        for k in range(r.randint(2, 6)):
            p = r.choice(prods)
            t = page_view(L, site, t, ip, ua, p, site.url("/sale.html"), set(["favicon"]))
            sku = "SK%05d" % (sum(map(ord, p)) * 131 % 99999)
            frames = r.choice([36, 72])
            tt = t + 0.5
            for f in range(frames):
                L.add(tt, ip, "GET", "/media/360/%s/%s_%02d.jpg?w=800&q=80" % (sku, sku, f + 1), 200, r.randint(30000, 90000), site.url(p), ua)
                tt += r.uniform(0.02, 0.09)
            if r.random() < 0.6:
                for f in r.sample(range(frames), r.randint(4, 20)):
                    tt += r.uniform(0.3, 2.0)
                    L.add(tt, ip, "GET", "/media/360/%s/%s_%02d.jpg?w=2400&q=85" % (sku, sku, f + 1), 200, r.randint(250000, 900000), site.url(p), ua)
            t = tt + r.uniform(15, 90)
        return t
    mob = cgnat(L)
    for k in range(50):
        spins(mob, r.choice([UAS[4], UAS[5], UAS[9]]), r.uniform(0, 3300))
    good.append((mob, "mobile CGNAT: 50 shoppers opening 360-degree spins (36/72 frames + zoom)"))
    for k in range(30):
        ip = L.ip()
        spins(ip, r.choice(UAS), r.uniform(0, 3300))
        if k < 5:
            good.append((ip, "shopper: 360 spins, ~20 req/s bursts"))
    for k in range(6):
        ip = L.ip6("2a02:8109:b6c0:4e00")
        spins(ip, UAS[4], r.uniform(0, 3300))
        good.append((ip, "household /64: phone on a temporary address"))
    return L, "Sneaker shop with 360-degree product spins: each viewer loads 36/72 frames in 2-4 s then hi-res frames on zoom (bursts ~20 req/s, 100-400 images per shopper); a mobile CGNAT with 50 shoppers, a household IPv6 /64, office NAT, crawlers", good


# 10. Power BI / Excel scheduled refreshes of an OData feed (nginx JSON, ALB).
# Models: "Microsoft.Data.Mashup" (Power Query in the Power BI service,
# Excel and Power BI Desktop) reads $metadata then pages $top=1000&$skip=N
# as fast as the server answers (3-8 pages/s), 5 entity sets, at the tenants'
# scheduled refresh times (on the hour, spread by the service over minutes),
# from Azure addresses; $filter with quotes and 'eq'/'ge'; a 429 with
# Retry-After is honoured; Tableau's OData connector does the same. The API
# sits behind an ALB (trusted proxies 10.1.0.0/16): $remote_addr is the ALB,
# X-Forwarded-For the client.
@scen
def powerbi_odata_scheduled_refresh_behind_alb_json():
    L = Log(T0, 3010, "api.example-ledger.io")
    L.fmt = dict(json="nginx")
    r = L.rnd
    site = saas_site("app.example-ledger.io")
    good = background(L, site, 7200, n=30)
    ents = ["Invoices", "InvoiceLines", "Customers", "Payments", "LedgerEntries"]
    mash = "Microsoft.Data.Mashup (https://go.microsoft.com/fwlink/?LinkID=304225)"

    def refresh(ip, t, ua, rows):
        L.add(t, ip, "GET", "/odata/v4/$metadata", 200, 48000, "-", ua)
        for e in ents:
            n = r.randint(1, rows)
            flt = pct("PostingDate ge 2026-01-01 and Status eq 'Open'") if e in ("Invoices", "LedgerEntries") else pct("Country eq 'DE' or Country eq 'AT'")
            for k in range(n):
                t += r.uniform(0.12, 0.35)
                st = 429 if r.random() < 0.01 else 200
                L.add(t, ip, "GET", "/odata/v4/%s?$filter=%s&$top=1000&$skip=%d" % (e, flt, k * 1000), st, 310000 if st == 200 else 120, "-", ua)
                if st == 429:
                    t += 30
                    L.add(t, ip, "GET", "/odata/v4/%s?$filter=%s&$top=1000&$skip=%d" % (e, flt, k * 1000), 200, 310000, "-", ua)
        return t
    for hour in [0, 3600]:
        for k in range(18):
            ip = "%d.%d.%d.%d" % (r.choice([20, 40, 51, 52]), r.randint(0, 255), r.randint(0, 255), r.randint(2, 254))
            refresh(ip, hour + r.uniform(0, 900), mash, 120)
            good.append((ip, "Power BI service refresh (Azure): $metadata then $skip paging at 3-8 pages/s"))
    office = L.ip("193.158.%d" % r.randint(0, 255))
    for k in range(6):
        refresh(office, r.uniform(0, 6500), mash, 40)
    refresh(office, 5000, "Tableau/2024.3 (OData)", 60)
    good.append((office, "office NAT: Excel/Power BI Desktop and Tableau refreshing by hand"))
    albs = ["10.1.%d.%d" % (r.randint(0, 3), r.randint(2, 250)) for _ in range(3)]
    behind_proxy(L, albs)
    return L, "nginx JSON log of a SaaS OData API behind an ALB (trusted proxies 10.1.0.0/16): 36 Power BI scheduled refreshes from Azure paging $top=1000&$skip=N at 3-8 pages/s with quoted $filter, honouring 429; office Excel/Tableau refreshes; app users", good, 'trusted_proxies = ["10.1.0.0/16"]\n'


# 11. XMPP chat over BOSH behind a corporate NAT, and a server restart.
# Models: Converse.js web clients keep one BOSH long-poll open (wait=60,
# hold=1): ~1-3 POST /http-bind a minute when idle, one per stanza when
# chatting; after a Prosody restart all 300 clients get 404 (item-not-found:
# their sid is gone) and create new sessions within ~10 s, re-fetching
# roster and MUC history. XEP-0124/0206 behaviour, Converse.js defaults.
@scen
def xmpp_bosh_long_poll_corporate_nat_restart():
    L = Log(T0, 3011, "chat.example-corp.de")
    r = L.rnd
    site = app_site("chat.example-corp.de", ["/", "/converse/"])
    good = []
    nat = L.ip("217.7.%d" % r.randint(0, 255))
    RESTART = 1800.0

    def client(ip, ua):
        t = r.uniform(0, 600)
        page_view(L, site, t, ip, ua, "/converse/", "-", set())
        t += 2
        for k in range(6):
            L.add(t + k * 0.2, ip, "POST", "/http-bind", 200, r.randint(200, 8000), site.url("/converse/"), ua)
        t += 2
        restarted = False
        while t < 3600:
            if not restarted and t > RESTART:
                restarted = True
                L.add(RESTART + r.uniform(0, 2), ip, "POST", "/http-bind", 404, 0, site.url("/converse/"), ua)
                t = RESTART + r.uniform(2, 10)
                for k in range(6):
                    L.add(t + k * 0.2, ip, "POST", "/http-bind", 200, r.randint(200, 8000), site.url("/converse/"), ua)
                t += 2
                continue
            L.add(t, ip, "POST", "/http-bind", 200, r.randint(120, 2500), site.url("/converse/"), ua)
            t += 60 if r.random() < 0.5 else r.uniform(0.5, 60)
    for k in range(300):
        client(nat, r.choice(UAS[:4] + UAS[6:8]))
    good.append((nat, "corporate NAT: 300 BOSH clients, long-polls, 404 item-not-found for all after a restart then new sessions"))
    for k in range(25):
        ip = L.ip()
        client(ip, r.choice(UAS))
        if k < 4:
            good.append((ip, "remote worker: BOSH long-poll"))
    return L, "Prosody BOSH behind nginx: 300 Converse.js clients behind one corporate NAT keeping long-polls (POST /http-bind, wait=60), a server restart answering 404 item-not-found to all and ~10 s of new sessions; 25 remote workers", good


# 12. Watching a blue-green switch with curl loops (admins).
# Models: during a release an SRE runs `watch -n 0.5 curl -s -o /dev/null -w
# "%{http_code}" https://site/healthz` (2/s) and another `while true; do curl
# -sI https://site/; sleep 0.2; done` (~4/s) for 15 minutes from the office
# VPN egress (shared with 30 colleagues); 90 s of 502/503 during the switch;
# the pipeline's smoke test curls the sitemap's 60 URLs twice from a runner.
@scen
def release_watch_curl_loops_502_office_vpn():
    L = Log(T0, 3012, "www.example-verlag.de")
    r = L.rnd
    site = blog_site("www.example-verlag.de")
    good = background(L, site, 3600, n=30, office=False)
    vpn = L.ip("195.145.%d" % r.randint(0, 255))
    browsers(L, site, 30, 3600, ips=[vpn])
    SW0, SW1 = 1500.0, 1590.0

    def st(t):
        return r.choice([502, 503]) if SW0 <= t < SW1 else 200
    t = 1200.0
    while t < 2100:
        L.add(t, vpn, "GET", "/healthz", st(t), 2, "-", "curl/8.5.0")
        t += 0.5 + r.uniform(0.005, 0.03)
    t = 1260.0
    while t < 2160:
        L.add(t, vpn, "HEAD", "/", st(t), 0, "-", "curl/7.81.0")
        t += 0.2 + r.uniform(0.02, 0.08)
    good.append((vpn, "office VPN: watch -n 0.5 curl /healthz + curl -sI loop ~4/s, 502/503 during the switch, 30 colleagues"))
    runner = L.ip("116.203.%d" % r.randint(0, 255))
    urls = site.pages * 4
    for rep, t0 in [(0, 1620.0), (1, 1700.0)]:
        t = t0
        for u in urls[:60]:
            L.add(t, runner, "GET", u, 200, r.randint(9000, 60000), "-", "curl/8.11.1")
            t += r.uniform(0.05, 0.2)
    good.append((runner, "pipeline smoke test: 60 URLs twice"))
    return L, "Publisher site during a blue-green release: an SRE's `watch -n 0.5 curl /healthz` and another's `curl -sI` loop (~4/s) for 15 minutes from the office VPN shared with 30 colleagues, 90 s of 502/503, a pipeline smoke test; readers, crawlers", good


# 13. Chunked photo uploads to a club's Piwigo gallery.
# Models: Piwigo's web uploader (plupload) sends 500 kB chunks (Piwigo's
# upload_form_chunk_size default) to ws.php?method=pwg.images.upload: a
# member uploads 220 photos of 6-9 MB (~15 chunks each) over ~25 min at ~3
# POST/s, a few chunks fail with 500 (PHP timeout) and are retried;
# another uploads 40 from the club's NAT where members browse galleries.
@scen
def piwigo_plupload_chunked_club_upload():
    L = Log(T0, 3013, "fotos.example-fotoclub.de")
    r = L.rnd
    site = Site("fotos.example-fotoclub.de", ["/", "/index.php?/categories", "/index.php?/category/12", "/index.php?/category/31", "/picture.php?/8812/category/12", "/index.php?/most_visited"],
                ["/themes/bootstrap_darkroom/css/styles.min.css"], ["/themes/default/js/jquery.min.js", "/themes/bootstrap_darkroom/js/theme.js"],
                lambda p, r: ["/_data/i/upload/2026/12/%02d/%s-th.jpg" % (r.randint(1, 7), hexid(r, 20)) for _ in range(r.randint(4, 30))])
    good = background(L, site, 3600, n=30, office=False)
    club = L.ip("89.244.%d" % r.randint(0, 255))
    browsers(L, site, 12, 3600, ips=[club])

    def upload(ip, t, n):
        ua = UAS[0]
        ref = site.url("/admin.php?page=photos_add")
        L.add(t, ip, "GET", "/admin.php?page=photos_add", 200, 30000, site.url("/admin.php"), ua)
        for p in range(n):
            chunks = r.randint(12, 18)
            for c in range(chunks):
                t += r.uniform(0.2, 0.45)
                if r.random() < 0.004:
                    L.add(t, ip, "POST", "/ws.php?format=json&method=pwg.images.upload", 500, 0, ref, ua)
                    t += 1
                L.add(t, ip, "POST", "/ws.php?format=json&method=pwg.images.upload", 200, 70 if c < chunks - 1 else 420, ref, ua)
        L.add(t + 1, ip, "POST", "/ws.php?format=json&method=pwg.images.uploadCompleted", 200, 50, ref, ua)
    home = L.ip()
    upload(home, 400, 220)
    good.append((home, "member: 220 photos in 500 kB chunks, ~3 POST/s for 25 min, a few 500s retried"))
    upload(club, 2200, 40)
    good.append((club, "club NAT: 40 photos uploaded while 12 members browse"))
    return L, "Photo club's Piwigo: plupload chunked uploads (500 kB chunks to ws.php, ~3 POST/s for 25 min, occasional 500 retried) from a home line and from the club NAT where members browse; visitors, crawlers", good


# 14. Multi-region uptime monitors around an outage.
# Models: Pingdom (1 min, a random probe of ~100), Better Stack (30 s, 3
# regions at once), StatusCake (1 min), Site24x7 (1 min, 5 locations) and a
# keyword check fetching the whole page; during a 10-minute outage (503) they
# re-check from other locations within seconds to confirm (Pingdom
# "retest", Better Stack confirmation). Visitors hit F5 on the 503 page.
@scen
def multi_region_uptime_monitors_outage_saas():
    L = Log(T0, 3014, "app.example-ledger.io")
    r = L.rnd
    site = saas_site()
    good = background(L, site, 5400, n=30)
    O0, O1 = 2400.0, 3000.0

    def st(t):
        return 503 if O0 <= t < O1 else 200
    mons = [("Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)", 60, 1, "GET", "/"),
            ("Better Stack Better Uptime Bot Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", 30, 3, "GET", "/healthz"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 StatusCake", 60, 1, "HEAD", "/"),
            ("Site24x7", 60, 5, "GET", "/login")]
    for ua, every, regions, m, path in mons:
        probes = [L.ip() for _ in range(12)]
        t = r.uniform(0, every)
        while t < 5400:
            for k in range(regions):
                p = r.choice(probes)
                s = st(t)
                L.add(t + r.uniform(0, 1.5), p, m, path, s, 0 if m == "HEAD" else 9000, "-", ua)
                if s == 503:
                    for k2 in range(2):
                        L.add(t + 3 + k2 * 4, r.choice(probes), m, path, st(t + 3 + k2 * 4), 0, "-", ua)
            t += every if regions > 1 or ua != mons[3][0] else every / 5
        for p in probes[:2]:
            good.append((p, "uptime probe (%s), confirmation re-checks during the outage" % ua.split(" ")[0].split("_")[0]))
    for k in range(40):
        ip = L.ip()
        t = O0 + r.uniform(0, 500)
        ua = r.choice(UAS)
        for f5 in range(r.randint(2, 12)):
            L.add(t, ip, "GET", r.choice(["/dashboard", "/invoices"]), st(t), 1800, "-", ua)
            t += r.uniform(3, 30)
        if k < 5:
            good.append((ip, "user reloading the 503 page"))
    return L, "SaaS app with Pingdom, Better Stack (3 regions every 30 s), StatusCake, Site24x7 (5 locations) probes and a 10-minute outage: 503s, confirmation re-checks from other probes within seconds, users pressing F5; users, crawlers", good


# 15. Regional search engines crawling a Czech shop.
# Models: SeznamBot, YandexBot (robots.txt every ~20 min, If-Modified-Since
# 304s), Baiduspider (bursts of old URLs, many 404/301), PetalBot (~1 req/s,
# Huawei), Applebot (renders: fetches CSS/JS/images too), DuckDuckBot,
# Qwantbot; rates as webmasters report them. Around: shoppers, Googlebot,
# bingbot, an office NAT.
@scen
def regional_search_engines_czech_shop():
    L = Log(T0, 3015, "www.example-obchod.cz")
    r = L.rnd
    site = shop_site("www.example-obchod.cz")
    good = background(L, site, 5400, n=40)
    bots = [("SeznamBot", "Mozilla/5.0 (compatible; SeznamBot/4.0; +https://o-seznam.cz/napoveda/vyhledavani/en/seznambot-crawler/)", "77.75.77.%d", (1, 4), 0.05),
            ("YandexBot", "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", "213.180.203.%d", (2, 8), 0.08),
            ("Baiduspider", "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)", "220.181.108.%d", (0.3, 20), 0.35),
            ("PetalBot", "Mozilla/5.0 (Linux; Android 7.0;) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; PetalBot;+https://webmaster.petalsearch.com/site/petalbot)", "114.119.130.%d", (0.6, 1.6), 0.12),
            ("Applebot", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)", "17.241.219.%d", (5, 20), 0.05),
            ("DuckDuckBot", "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)", "20.191.45.%d", (10, 40), 0.05),
            ("Qwantbot", "Mozilla/5.0 (compatible; Qwantbot/1.0_4193332; +https://help.qwant.com/bot/)", "91.242.162.%d", (4, 15), 0.1)]
    old = ["/zbozi/%s-%d.html" % (w, i) for i, w in enumerate(["bunda", "boty", "kabelka", "trika", "sukne"] * 30)]
    for name, ua, pfx, gap, dead in bots:
        for ip in [pfx % r.randint(2, 250) for _ in range(2 if name in ("YandexBot", "Baiduspider", "PetalBot") else 1)]:
            t = r.uniform(0, 60)
            lastrobots = -9999
            while t < 5400:
                if t - lastrobots > 1200:
                    L.add(t, ip, "GET", "/robots.txt", 200, 510, "-", ua)
                    lastrobots = t
                if r.random() < dead:
                    L.add(t, ip, "GET", r.choice(old), r.choice([404, 404, 301, 410]), 5200, "-", ua)
                else:
                    p = r.choice(site.pages)
                    stt = 304 if name == "YandexBot" and r.random() < 0.4 else 200
                    if name == "Applebot":
                        page_view(L, site, t, ip, ua, p, "-", set(["favicon"]))
                    else:
                        L.add(t, ip, "GET", p, stt, 0 if stt == 304 else r.randint(20000, 90000), "-", ua)
                t += r.uniform(*gap) if not (name == "Baiduspider" and r.random() < 0.2) else r.uniform(0.1, 0.4)
            good.append((ip, "%s: its own crawl rate, dead old URLs (404/301/410)" % name))
    return L, "Czech shop crawled by SeznamBot, YandexBot (304s), Baiduspider (bursts of dead URLs), PetalBot (~1/s), Applebot (renders with assets), DuckDuckBot, Qwantbot; shoppers, office NAT, Googlebot, bingbot", good


# 16. Obsidian Self-hosted LiveSync over CouchDB replication.
# Models: PouchDB clients keep a longpoll _changes feed (heartbeat 10 s,
# returns on change or ~60 s), push with _revs_diff + _bulk_docs, pull with
# _bulk_get, checkpoint _local docs (PUT, 409 on a conflicting checkpoint);
# a new phone's initial sync pulls ~9,000 docs in _bulk_get batches of 25
# (~360 POSTs in two minutes); a device whose password was changed gets 401
# on every retry (PouchDB backoff up to 10 min). CouchDB replication protocol.
@scen
def couchdb_replication_obsidian_livesync():
    L = Log(T0, 3016, "couch.example-home.net")
    r = L.rnd
    good = []
    uad = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) obsidian/1.7.7 Chrome/128.0.6613.186 Electron/32.2.5 Safari/537.36"
    uam = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"

    def device(ip, ua, db, dur, initial=False, unauthorized=False, t=0.0):
        seq = r.randint(1000, 90000)
        if unauthorized:
            back = 1
            while t < dur:
                L.add(t, ip, "GET", "/%s/" % db, 401, 67, "-", ua)
                t += back
                back = min(back * 2, 600)
            return
        L.add(t, ip, "GET", "/%s/" % db, 200, 450, "-", ua)
        L.add(t + 0.1, ip, "GET", "/%s/_local/%s" % (db, hexid(r, 32)), r.choice([200, 404]), 300, "-", ua)
        t += 0.3
        if initial:
            for k in range(360):
                L.add(t, ip, "POST", "/%s/_bulk_get?revs=true&attachments=true" % db, 200, r.randint(40000, 400000), "-", ua)
                t += r.uniform(0.15, 0.5)
                if k % 40 == 0:
                    L.add(t, ip, "PUT", "/%s/_local/%s" % (db, hexid(r, 32)), 201, 90, "-", ua)
        while t < dur:
            w = r.uniform(0.5, 62)
            L.add(t + w, ip, "GET", "/%s/_changes?style=all_docs&feed=longpoll&heartbeat=10000&since=%d-%s&limit=100" % (db, seq, rand_token(r, 20)), 200, r.randint(80, 4000), "-", ua)
            t += w
            seq += r.randint(0, 3)
            if r.random() < 0.3:
                L.add(t + 0.2, ip, "POST", "/%s/_revs_diff" % db, 200, 120, "-", ua)
                L.add(t + 0.4, ip, "POST", "/%s/_bulk_docs" % db, 201, 300, "-", ua)
                L.add(t + 0.6, ip, "PUT", "/%s/_local/%s" % (db, hexid(r, 32)), 409 if r.random() < 0.08 else 201, 90, "-", ua)
    home = L.ip("84.150.%d" % r.randint(0, 255))
    for i, (ua, db) in enumerate([(uad, "vault-anna"), (uam, "vault-anna"), (uad, "vault-ben"), (uam, "vault-ben")]):
        device(home, ua, db, 5400, t=r.uniform(0, 60))
    device(home, uam, "vault-ben", 5400, initial=True, t=1500.0)
    good.append((home, "family NAT: 4 synced devices on long-poll + a new phone's initial sync (~360 _bulk_get)"))
    for db in ["vault-chris", "vault-dana"]:
        ip = L.ip()
        device(ip, uad, db, 5400, t=r.uniform(0, 60))
        good.append((ip, "friend's laptop syncing"))
    ip = cgnat(L)
    device(ip, uam, "vault-chris", 5400, t=r.uniform(0, 60))
    good.append((ip, "friend's phone on mobile CGNAT"))
    stale = L.ip()
    device(stale, uad, "vault-dana", 5400, unauthorized=True, t=100.0)
    good.append((stale, "old laptop with a changed password: 401 with PouchDB backoff to 10 min"))
    admin = L.ip()
    for k in range(40):
        L.add(900 + k * r.uniform(1, 8), admin, "GET", r.choice(["/_utils/", "/_all_dbs", "/_active_tasks", "/vault-anna/_all_docs?limit=21", "/_node/_local/_config"]), 200, 3000, "https://couch.example-home.net/_utils/", UAS[3])
    good.append((admin, "admin in Fauxton"))
    return L, "CouchDB behind nginx for Obsidian LiveSync: PouchDB long-poll _changes, _revs_diff/_bulk_docs pushes, _local checkpoints (409s), a new phone's initial sync (~360 _bulk_get in 2 min), an old laptop's 401 retries with backoff, Fauxton admin", good


# 17. Opera Mini and other proxy browsers on a Nigerian news site.
# Models: Opera Mini (extreme/data-saving mode) renders pages on Opera's
# servers: thousands of readers arrive from a handful of Opera addresses with
# the Opera Mini UA and the reader's address in X-Forwarded-For (logged in a
# trailing field; the site does not trust it); ~300 readers per proxy
# address, each fetching the page and its images (transcoded) through the
# proxy. The site's log_format appends $http_x_forwarded_for.
@scen
def opera_mini_proxy_browsers_ng_news():
    L = Log(T0, 3017, "www.example-dailynews.ng")
    L.fmt = dict(xff_all=True)
    r = L.rnd
    site = news_site("www.example-dailynews.ng")
    good = background(L, site, 3600, n=30, office=False)
    om = "Opera/9.80 (Android; Opera Mini/36.2.2254/191.256; U; en) Presto/2.12.423 Version/12.16"
    proxies = ["185.26.180.%d" % r.randint(2, 250) for _ in range(3)] + ["82.145.222.%d" % r.randint(2, 250) for _ in range(3)]
    readers = ["%d.%d.%d.%d" % (r.choice([102, 105, 129, 154, 197]), r.randint(0, 255), r.randint(0, 255), r.randint(2, 254)) for _ in range(1200)]
    for k, rd in enumerate(readers):
        px = r.choice(proxies)
        t = r.uniform(0, 3400)
        for pv in range(r.randint(1, 6)):
            page_view(L, site, t, px, om, r.choice(site.pages), "-" if pv == 0 else site.url("/"), set(site.css + site.js + ["favicon"]), xff=rd)
            t += r.uniform(10, 90)
    for px in proxies:
        good.append((px, "Opera Mini proxy: ~200 readers, client in X-Forwarded-For (not trusted)"))
    return L, "Nigerian news site, nginx combined with a trailing X-Forwarded-For: 1,200 Opera Mini readers arriving through 6 Opera proxy addresses (~200 readers each, page + images), readers, crawlers", good


# 18. Digital signage players polling a campaign server.
# Models: 180 signage players (Xibo-style) poll their schedule every 30 s
# (ETag: 304), post stats every 5 min, and at 08:30 a new campaign makes all
# of them download a 40 MB video at once, resuming with Range (206) on the
# LTE buses; 4 depots' NATs (35 players each) and a carrier CGNAT (40 bus
# screens). Player defaults: 30-60 s collection interval.
@scen
def signage_players_campaign_rollout_depot_nats():
    L = Log(T0, 3018, "signage.example-verkehr.de")
    r = L.rnd
    good = []
    ua = "XiboForAndroid/4 R406 (Android 11; Philips 10BDL4151T)"
    CAMP = 1800.0
    nats = [L.ip("62.153.%d" % r.randint(0, 255)) for _ in range(4)]
    bus = cgnat(L)

    def player(ip, lte):
        pid = hexid(r, 12)
        t = r.uniform(0, 30)
        nstat = t + r.uniform(0, 300)
        got = False
        while t < 3600:
            new = t > CAMP and not got
            L.add(t, ip, "GET", "/xmds/v7/players/%s/schedule" % pid, 200 if new else 304, 2400 if new else 0, "-", ua)
            if new:
                got = True
                tt = t + r.uniform(0, 20)
                parts = r.randint(3, 9) if lte else 1
                for k in range(parts):
                    L.add(tt, ip, "GET", "/media/campaign-2026-12-advent.mp4", 206 if k or lte else 200, 40000000 // parts, "-", ua)
                    tt += r.uniform(5, 60)
                L.add(tt, ip, "GET", "/media/campaign-2026-12-advent.json", 200, 900, "-", ua)
            if t > nstat:
                L.add(t + 0.5, ip, "POST", "/xmds/v7/players/%s/stats" % pid, 204, 0, "-", ua)
                nstat += 300
            t += jitter(r, 30, 0.05)
    for n in nats:
        for k in range(35):
            player(n, False)
        good.append((n, "depot NAT: 35 signage players, schedule every 30 s (304), campaign video at 08:30"))
    for k in range(40):
        player(bus, True)
    good.append((bus, "carrier CGNAT: 40 bus screens, Range-resumed video over LTE"))
    adm = L.ip()
    for k in range(60):
        L.add(1500 + k * r.uniform(2, 10), adm, r.choice(["GET", "GET", "POST"]), r.choice(["/cms/campaigns", "/cms/layouts/88/designer", "/cms/library?type=video", "/cms/schedule/add", "/cms/displays?status=online"]), 200, 12000, "https://signage.example-verkehr.de/cms/", UAS[0])
    good.append((adm, "marketing editor in the CMS"))
    return L, "Signage campaign server: 180 players polling schedules every 30 s (304), stats every 5 min, and a campaign rollout where all download a 40 MB video at once (Range-resumed over LTE); 4 depot NATs, a carrier CGNAT with 40 bus screens, a CMS editor", good


# 19. WordPress speculative loading (prefetch on hover) on a food blog.
# Models: WordPress 6.8 ships Speculation Rules (prefetch, "conservative");
# the Speculative Loading plugin sets "moderate" prerender: Chrome fetches a
# link's document when the pointer rests on it 200 ms (prerender also loads
# its assets); readers scanning a recipe index hover over 5-20 links in a
# minute, most never visited. A school NAT (cookery class, 25 pupils).
@scen
def wp_speculative_loading_prefetch_food_blog():
    L = Log(T0, 3019, "www.example-kochblog.de")
    r = L.rnd
    recipes = ["/rezept/%s/" % s for s in ["kartoffelsuppe", "zimtschnecken", "linsen-dal", "apfelstrudel", "gulasch", "pho-bo", "spaetzle", "ramen", "bratapfel", "vanillekipferl", "rotkohl", "gaensebraten", "lebkuchen", "flammkuchen", "quiche-lorraine", "risotto-kuerbis", "shakshuka", "pad-thai", "bircher-muesli", "baklava"]]
    site = Site("www.example-kochblog.de", ["/", "/rezepte/", "/rezepte/weihnachten/", "/rezepte/vegetarisch/", "/page/2/"] + recipes,
                ["/wp-content/themes/kadence/assets/css/global.min.css?ver=1.2.9", "/wp-includes/css/dist/block-library/style.min.css?ver=6.8.1"],
                ["/wp-includes/js/jquery/jquery.min.js?ver=3.7.1", "/wp-content/plugins/wp-recipe-maker/dist/public-modern.js?ver=9.6.1"],
                lambda p, r: ["/wp-content/uploads/2026/%02d/%s-%dx%d.jpg" % (r.randint(1, 11), hexid(r, 6), 768, 512) for _ in range(r.randint(2, 10))])
    good = background(L, site, 3600, n=20)

    def reader(ip, ua, t):
        cached = set()
        page = r.choice(["/", "/rezepte/", "/rezepte/weihnachten/"])
        for pv in range(r.randint(2, 6)):
            t = page_view(L, site, t, ip, ua, page, "https://www.google.com/" if pv == 0 else site.url(page), cached)
            for h in range(r.randint(3, 20)):
                t += r.uniform(0.3, 4)
                lk = r.choice(recipes)
                L.add(t, ip, "GET", lk, 200, r.randint(40000, 90000), site.url(page), ua)
                if r.random() < 0.3:
                    for a in site.imgs_for(lk, r):
                        L.add(t + r.uniform(0.1, 0.6), ip, "GET", a, 200, r.randint(20000, 200000), site.url(lk), ua)
            page = r.choice(recipes)
            t += r.uniform(20, 150)
    for k in range(40):
        ip = L.ip()
        reader(ip, r.choice(UAS[:2] + [UAS[5], UAS[7]]), r.uniform(0, 3300))
        if k < 6:
            good.append((ip, "Chrome reader: 3-20 speculative prefetches per page"))
    school = L.ip("141.76.%d" % r.randint(0, 255))
    for k in range(25):
        reader(school, UAS[0], r.uniform(600, 900))
    good.append((school, "school NAT: cookery class, 25 pupils on Chrome at once"))
    return L, "WordPress food blog with Speculation Rules (moderate): Chrome prefetching/prerendering 3-20 hovered recipe links per page view; a school NAT with 25 pupils at once; readers, crawlers", good


# 20. Helm chart repositories polled by Flux and Argo CD, one expired secret.
# Models: 30 clusters' Flux source-controllers fetch index.yaml of two
# HelmRepositories every 1-5 min (interval), Argo CD repo-servers every 3
# min (timeout.reconciliation default 180 s); GitLab runners' `helm
# dependency update` (index + 6 charts); one cluster whose basic-auth secret
# was rotated keeps getting 401 at its interval for two hours (Flux retries
# failed reconciliations at the interval). Defaults: Flux and Argo CD docs.
@scen
def flux_argocd_helm_index_polling_expired_secret():
    L = Log(T0, 3020, "charts.example-corp.dev")
    r = L.rnd
    good = []
    for k in range(30):
        ip = L.ip()
        flux = k % 3 != 0
        ua = "Helm/3.16.2" if flux else "argocd-repo-server/v2.13.1"
        every = r.choice([60, 120, 300]) if flux else 180
        bad_secret = (k == 5)
        for repo in (["/stable/index.yaml", "/platform/index.yaml"] if flux else ["/stable/index.yaml"]):
            t = r.uniform(0, every)
            while t < 7200:
                st = 401 if bad_secret else 200
                L.add(t, ip, "GET", repo, st, 0 if st == 401 else 2100000, "-", ua)
                if st == 200 and r.random() < 0.02:
                    L.add(t + 1, ip, "GET", repo.replace("index.yaml", "charts/%s-%d.%d.%d.tgz" % (r.choice(["ingress-nginx", "cert-manager", "redis", "billing-api", "keycloak"]), 1, r.randint(0, 20), r.randint(0, 9))), 200, 60000, "-", ua)
                t += jitter(r, every, 0.02)
        good.append((ip, "%s polling index.yaml every %d s%s" % ("Flux" if flux else "Argo CD", every, " (rotated secret: 401 every time)" if bad_secret else "")))
    runners = L.ip("49.12.%d" % r.randint(0, 255))
    for k in range(40):
        t = r.uniform(0, 7100)
        L.add(t, runners, "GET", "/stable/index.yaml", 200, 2100000, "-", "Helm/3.16.2")
        for c in range(6):
            L.add(t + 1 + c * 0.3, runners, "GET", "/stable/charts/%s-%d.%d.0.tgz" % (r.choice(["redis", "postgresql", "billing-api", "web-frontend", "common", "keycloak"]), r.randint(0, 3), r.randint(0, 20)), r.choice([200] * 15 + [404]), 50000, "-", "Helm/3.16.2")
    good.append((runners, "GitLab runners: helm dependency update, 40 pipelines"))
    dev = L.ip()
    for k in range(30):
        L.add(3000 + k * r.uniform(1, 20), dev, r.choice(["GET", "GET", "POST"]), r.choice(["/api/charts", "/api/stable/charts/billing-api", "/api/platform/charts"]), r.choice([200, 200, 201, 409]), 4000, "-", "curl/8.5.0")
    good.append((dev, "developer pushing charts with curl (409 on an existing version)"))
    return L, "ChartMuseum polled by 30 clusters (Flux every 1-5 min, Argo CD every 3 min, 2 MB index.yaml), one cluster with a rotated secret getting 401 at its interval for two hours, CI runners' helm dependency update, a developer pushing charts", good


def main():
    run(SC, OUT, "fresh-s17 benign: ", benign=True)


main()
