"""fresh-s13 benign6: twenty-one kinds of legitimate clients not covered by
the earlier realistic sets (see the file names in bench/detect/realistic/*/),
each the way the real tool or person behaves: rates, headers, answers,
retries. Every client in these logs must never be banned.

Written before looking at detector/, patterns/, rules/default.toml or the
Detection section of the README (session 13, role "fresh"): nothing here is
tuned to guardctl.
Run: python3 benign.py [scenario-name ...]   (fixed seeds, byte-identical output)
"""
import datetime, os, sys, uuid, urllib.parse
from base import *

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.environ.get("OUT", os.path.join(HERE, "..", "benign6"))
os.makedirs(OUT, exist_ok=True)
T0 = datetime.datetime(2026, 12, 5, 9, 0, 0)
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


# ---------------------------------------------------------------------------
# 1. News site, breaking news: the search crawlers' surge.
# Models: a regional paper publishes a breaking story and updates
# /sitemaps/news.xml. Googlebot (several addresses in 66.249.64.0/19) polls the
# news sitemap every minute and recrawls the sections and the new articles,
# one address rising to ~3-5 requests/s for about 4 minutes with the page
# resources its renderer needs (CSS/JS, some 304); Googlebot-Image fetches the
# teaser images; bingbot does the same at ~1-2/s with conditional GETs (304).
# Readers arrive from Google News (referer news.google.com) at the same time.
# Realistic: large news sites see crawl rates of several per second per
# crawler address after a sitemap update; Google renders pages (WRS) and
# fetches their JS/CSS from the same crawler addresses.
@scen
def news_sitemap_crawl_surge():
    L = Log(T0, 601, "news")
    s = news_site()
    r = L.rnd
    dur = 1800
    background(L, s, dur, 40)
    keep = []
    img_ua = "Googlebot-Image/1.0"
    arts = [p for p in s.pages if p.endswith(".html")]
    new = ["/lokales/eilmeldung-grossbrand-hafen-%d.html" % (2026120500 + i) for i in range(4)]
    for k in range(3):
        ip = "66.249.66.%d" % (10 + k * 31)
        keep.append((ip, "Googlebot address %d during the news-sitemap surge" % k))
        t = r.uniform(0, 30)
        while t < dur:
            surge = 600 <= t <= 840 and k == 0
            if r.random() < 0.05 or (surge and r.random() < 0.02):
                L.add(t, ip, "GET", "/sitemaps/news.xml", 200, 18400, "-", GOOGLEBOT)
            p = r.choice(new + s.pages[:7] if surge else arts + s.pages)
            st = r.choice([200] * 14 + [304, 301, 404])
            L.add(t, ip, "GET", p, st, r.randint(30000, 90000) if st == 200 else 0, "-", GOOGLEBOT)
            if st == 200 and r.random() < 0.5:
                for a in s.css + s.js:
                    L.add(t + r.uniform(0.2, 1.5), ip, "GET", a, r.choice([200, 304]), 52000, "-", GOOGLEBOT)
            t += r.expovariate(4.0) if surge else r.uniform(3, 20)
    ip = "66.249.66.201"
    keep.append((ip, "Googlebot-Image fetching teaser images"))
    t = 610
    while t < 1100:
        L.add(t, ip, "GET", "/img/%d/teaser-w%d.webp" % (r.randint(100000, 999999), r.choice([480, 960])), r.choice([200] * 9 + [404]), r.randint(20000, 140000), "-", img_ua)
        t += r.expovariate(1.5)
    ip = "40.77.167.%d" % r.randint(2, 200)
    keep.append((ip, "bingbot with conditional GETs during the surge"))
    t = 5
    while t < dur:
        surge = 620 <= t <= 900
        p = r.choice(new + arts if surge else s.pages)
        L.add(t, ip, "GET", p, r.choice([200, 200, 304, 304, 304, 301]), 45000, "-", BINGBOT)
        t += r.expovariate(1.5) if surge else r.uniform(5, 30)
    for k in range(90):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(600, 1500)
        page_view(L, s, t, ip, ua, r.choice(new), "https://news.google.com/", set())
        if k < 10:
            keep.append((ip, "reader arriving from Google News"))
    return L, "News site breaking story: Googlebot (3 addresses, one at ~4/s for 4 min with render resources), Googlebot-Image at ~1.5/s, bingbot at ~1.5/s with 304s, 90 readers from Google News, 40 background browsers", keep, None


# ---------------------------------------------------------------------------
# 2. News live blog polled by readers behind mobile CGNATs.
# Models: election night live blog. The page's script polls
# /api/liveblog/8841/updates?since=<epoch> every 15 s (200 with new entries or
# 304); background tabs on phones slow to 60 s. Two carrier CGNAT addresses
# carry 140 and 45 readers; 60 single readers. Each reader loads the page and
# its assets first, occasionally opens an embedded chart and shares.
# Realistic: live blogs (Guardian, Tagesschau, Spiegel) poll at 10-30 s; a
# carrier CGNAT address shares hundreds of subscribers.
@scen
def news_liveblog_polling_cgnat():
    L = Log(T0, 602, "news")
    s = news_site()
    r = L.rnd
    dur = 1800
    background(L, s, dur, 20)
    keep = []
    blog = "/politik/liveblog-landtagswahl-2026120588.html"
    nats = [("80.187.%d.%d" % (r.randint(0, 255), r.randint(2, 254)), 140), ("176.0.%d.%d" % (r.randint(0, 255), r.randint(2, 254)), 45)]
    for ip, n in nats:
        keep.append((ip, "mobile carrier CGNAT, %d readers polling the live blog" % n))
    singles = [(L.ip(), 1) for _ in range(60)]
    for ip, _ in singles[:8]:
        keep.append((ip, "single reader polling the live blog"))
    for ip, n in nats + singles:
        for u in range(n):
            ua = mobile_ua(r) if n > 1 else r.choice(UAS)
            t = r.uniform(0, dur * 0.7)
            page_view(L, s, t, ip, ua, blog, r.choice(SEARCH_REFS), set())
            since = 1733389200 + int(t)
            end = min(dur, t + r.uniform(120, 1500))
            gap = 15 if r.random() < 0.7 else 60
            t += gap
            while t < end:
                st = r.choice([200, 304, 304])
                L.add(t, ip, "GET", "/api/liveblog/8841/updates?since=%d" % since, st, r.randint(800, 6000) if st == 200 else 0, s.url(blog), ua)
                if st == 200:
                    since = 1733389200 + int(t)
                    if r.random() < 0.3:
                        L.add(t + 0.3, ip, "GET", "/img/%d/liveblog-w480.webp" % r.randint(100000, 999999), 200, r.randint(20000, 90000), s.url(blog), ua)
                if r.random() < 0.01:
                    L.add(t + 1, ip, "GET", "/grafik/hochrechnung-2026.json", 200, 14000, s.url(blog), ua)
                t += gap + r.uniform(-0.5, 0.5)
    return L, "Election-night live blog polled every 15 s (60 s in background tabs): carrier CGNATs with 140 and 45 readers, 60 single readers; 20 background browsers", keep, None


# ---------------------------------------------------------------------------
# 3. University library catalogue (VuFind) behind the campus NAT.
# Models: 220 students searching the OPAC from eduroam, which leaves campus
# through one NAT address. A results page triggers 20 cover thumbnails
# (/Cover/Show) and one AJAX status call; records, exports (RIS/BibTeX) and
# holds follow. Queries are what students type: boolean operators, quotes,
# words such as select/union/drop/exec/script/shell in subject searches.
# Realistic: campus NATs carry whole universities; VuFind's URL shapes and
# the cover/AJAX fan-out are its real ones.
@scen
def opac_catalogue_search_campus_nat():
    L = Log(T0, 603, "uni")
    s = Site("katalog.ub.uni-example.edu", ["/", "/Search/Advanced", "/MyResearch/Home"], ["/themes/bootstrap5/css/compiled.css"], ["/themes/bootstrap5/js/vendor/bootstrap.min.js", "/themes/bootstrap5/js/common.js"], lambda p, r: ["/themes/ub/images/logo.svg"])
    r = L.rnd
    dur = 3600
    background(L, s, dur, 15)
    nat = "141.76.%d.%d" % (r.randint(0, 255), r.randint(2, 254))
    keep = [(nat, "campus NAT (eduroam), 220 students searching the catalogue")]
    queries = ["database systems", "SQL injection attacks and defense", "\"select committee\" reports", "union of soviet socialist republics history", "drop-out rates higher education", "shell scripting bash", "exec summary writing", "cross-site scripting", "machine learning AND (python OR R)", "O'Reilly learning python", "C++ primer", "history of the <i>Guardian</i>", "1=1 identity mathematics", "pharmacology NOT veterinary", "\"the select\" dorothy sayers", "Hamlet", "climate policy 2020..2025", "sleep & memory", "etc/init systems linux", "cat behaviour ethology"]
    for u in range(220):
        ua = r.choice(UAS)
        t = r.uniform(0, dur - 200)
        cached = set()
        page_view(L, s, t, nat, ua, "/", "https://www.uni-example.edu/bibliothek/", cached)
        for _ in range(r.randint(1, 5)):
            t += r.uniform(8, 60)
            qq = r.choice(queries)
            qs = "lookfor=%s&type=%s" % (q(qq).replace("%20", "+"), r.choice(["AllFields", "AllFields", "Title", "Subject", "Author"]))
            res = "/Search/Results?" + qs
            L.add(t, nat, "GET", res, 200, r.randint(40000, 90000), s.url("/"), ua)
            for i in range(20):
                L.add(t + 0.3 + i * 0.02, nat, "GET", "/Cover/Show?author=&callnumber=&size=small&title=&recordid=%d&source=Solr&isbn=978%010d" % (r.randint(10 ** 8, 10 ** 9), r.randint(0, 10 ** 10 - 1)), 200, r.randint(900, 9000), s.url(res), ua)
            L.add(t + 0.6, nat, "GET", "/AJAX/JSON?method=getItemStatuses&" + "&".join("id%%5B%%5D=%d" % r.randint(10 ** 8, 10 ** 9) for _ in range(20)), 200, 4000, s.url(res), ua)
            if r.random() < 0.3:
                L.add(t + 0.8, nat, "GET", res + "&page=2", 200, 60000, s.url(res), ua)
            for _ in range(r.randint(0, 3)):
                t += r.uniform(5, 40)
                rec = "/Record/%d" % r.randint(10 ** 8, 10 ** 9)
                L.add(t, nat, "GET", rec, 200, 30000, s.url(res), ua)
                L.add(t + 0.4, nat, "GET", "/AJAX/JSON?method=getRecordDetails&id=%s" % rec[8:], 200, 3000, s.url(rec), ua)
                if r.random() < 0.2:
                    L.add(t + 6, nat, "GET", rec + "/Export?style=" + r.choice(["RIS", "BibTeX", "EndNote"]), 200, 900, s.url(rec), ua)
                if r.random() < 0.05:
                    L.add(t + 8, nat, "GET", rec + "/Hold?id=%s&item_id=%d" % (rec[8:], r.randint(1, 9)), 302, 0, s.url(rec), ua)
    return L, "VuFind library catalogue: 220 students behind the campus NAT searching (boolean operators, quotes, select/union/drop/exec/script in titles), 20 cover thumbnails and an AJAX status call per results page, records and exports; 15 background browsers", keep, None


# ---------------------------------------------------------------------------
# 4. A computer lab's 40 workstations inside one IPv6 /64 (JupyterHub class).
# Models: a practical class; 40 lab PCs with SLAAC privacy addresses in the
# same /64 log in to JupyterHub at the start of the lesson, download the
# dataset, and leave JupyterLab open: each polls /api/sessions, /api/kernels
# and /api/terminals about every 10 s and the file browser /api/contents
# every 10 s; autosave PUTs every 2 minutes; the auto-grader takes
# submissions (200, 422 when the notebook fails to parse).
# Realistic: JupyterLab's REST polling intervals and URL shapes; university
# labs get one /64 per VLAN; a /64 is judged as one client.
@scen
def lab_ipv6_jupyterhub_40_hosts():
    L = Log(T0, 604, "uni")
    s = Site("jupyter.uni-example.edu", ["/hub/home"], ["/static/lab/main.css"], ["/static/lab/main.js", "/static/lab/vendors.js"], lambda p, r: [])
    r = L.rnd
    dur = 3000
    crawlers(L, uni_site(), dur)
    monitor(L, dur, "/hub/health")
    keep = []
    pfx = "2001:638:904:ffc1"
    ua = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
    for h in range(40):
        ip = L.ip6(pfx)
        if h < 4:
            keep.append((ip, "lab PC %d in the lab's /64" % h))
        user = "st%05d" % r.randint(10000, 99999)
        t = r.uniform(0, 240)
        base = "/user/%s" % user
        L.add(t, ip, "GET", "/hub/login", 200, 6000, "-", ua)
        L.add(t + 12, ip, "POST", "/hub/login?next=", r.choice([302, 302, 302, 302, 200]), 0, "https://jupyter.uni-example.edu/hub/login", ua)
        L.add(t + 13, ip, "GET", "/hub/spawn-pending/%s" % user, 200, 5000, "-", ua)
        for k in range(r.randint(2, 6)):
            L.add(t + 14 + k * 1.0, ip, "GET", "/hub/api/users/%s/server/progress" % user, 200, 900, "-", ua)
        t += 22
        L.add(t, ip, "GET", base + "/lab", 200, 30000, "-", ua)
        for a in s.css + s.js:
            L.add(t + 0.3, ip, "GET", base + a, 200, 900000, "-", ua)
        L.add(t + 2, ip, "GET", base + "/files/kurse/ml/data/fashion-mnist.npz?_xsrf=%s" % hexid(r, 32), 200, 30000000, "-", ua)
        kern = uuid.UUID(int=r.getrandbits(128))
        L.add(t + 3, ip, "GET", base + "/api/kernels/%s/channels?session_id=%s" % (kern, uuid.UUID(int=r.getrandbits(128))), 101, 0, "-", ua)
        nxt_save = t + 120
        while t < dur - 60:
            t += 10 + r.uniform(-0.3, 0.3)
            for ep in ["/api/sessions?%d" % int(t * 1000), "/api/kernels?%d" % int(t * 1000), "/api/terminals?%d" % int(t * 1000)]:
                L.add(t + r.uniform(0, 0.2), ip, "GET", base + ep, 200, 700, base + "/lab", ua)
            L.add(t + 0.3, ip, "GET", base + "/api/contents/kurse/ml?content=1&hash=0&%d" % int(t * 1000), 200, 2400, base + "/lab", ua)
            if t > nxt_save:
                L.add(t + 0.5, ip, "PUT", base + "/api/contents/kurse/ml/uebung-07.ipynb", 200, 1800, base + "/lab", ua)
                nxt_save = t + 120
            if r.random() < 0.004:
                L.add(t + 1, ip, "POST", "/services/grader/api/submit/uebung-07", r.choice([200, 200, 422]), 300, base + "/lab", ua)
    return L, "Computer lab class: 40 workstations with SLAAC privacy addresses in one IPv6 /64 on JupyterHub: login, spawn, dataset download, JupyterLab polling sessions/kernels/terminals/contents every 10 s, autosave PUTs, auto-grader submissions", keep, None


# ---------------------------------------------------------------------------
# 5. Lecture videos uploaded with tus (resumable uploads), PATCH after PATCH.
# Models: lecturers upload 1-3 GB recordings to the media server through
# Uppy/tus-js-client: OPTIONS preflight (cross-origin from the LMS), POST
# /files/ (201), then PATCH /files/<id> with 50 MB chunks (204), each taking
# 4-15 s; after a Wi-Fi drop the client sends HEAD /files/<id> to learn the
# offset, sometimes gets 409 (offset mismatch) on a PATCH still in flight and
# HEADs again. The media office NAT uploads 12 recordings, 3 at a time. After
# upload the page polls the transcoding status every 5 s.
# Realistic: tus protocol 1.0 verbs and status codes, Uppy's default
# concurrency, typical upload speeds of 30-100 Mbit/s.
@scen
def tus_lecture_video_uploads():
    L = Log(T0, 605, "uni")
    s = Site("media.uni-example.edu", ["/", "/upload", "/media/meine"], ["/build/app.css"], ["/build/app.js"], lambda p, r: [])
    r = L.rnd
    dur = 3600
    background(L, s, dur, 10)
    keep = []
    lms = "https://moodle.uni-example.edu/"

    def upload(ip, ua, t, size_mb):
        fid = hexid(r, 32)
        L.add(t, ip, "OPTIONS", "/files/", 204, 0, lms, ua)
        L.add(t + 0.1, ip, "POST", "/files/", 201, 0, lms, ua)
        L.add(t + 0.2, ip, "OPTIONS", "/files/" + fid, 204, 0, lms, ua)
        t += 0.3
        off = 0
        while off < size_mb:
            if r.random() < 0.04:
                t += r.uniform(3, 40)
                L.add(t, ip, "HEAD", "/files/" + fid, 200, 0, lms, ua)
                if r.random() < 0.4:
                    L.add(t + 0.2, ip, "PATCH", "/files/" + fid, 409, 60, lms, ua)
                    L.add(t + 1.2, ip, "HEAD", "/files/" + fid, 200, 0, lms, ua)
                t += 1.5
            dt = r.uniform(4, 15)
            t += dt
            L.add(t, ip, "PATCH", "/files/" + fid, 204, 0, lms, ua)
            off += 50
        L.add(t + 0.5, ip, "POST", "/api/media", 201, 400, s.url("/upload"), ua)
        mid = r.randint(10000, 99999)
        for k in range(r.randint(10, 60)):
            L.add(t + 1 + k * 5, ip, "GET", "/api/media/%d/status" % mid, 200, 120, s.url("/upload"), ua)
        return t

    for k in range(6):
        ip = L.ip()
        ua = r.choice(UAS[:4] + UAS[6:8])
        keep.append((ip, "lecturer uploading recordings with tus"))
        t = r.uniform(0, 1200)
        page_view(L, s, t, ip, ua, "/upload", lms, set())
        for _ in range(r.randint(1, 2)):
            t = upload(ip, ua, t + 5, r.randint(1000, 3000)) + 30
    ip = "141.76.%d.%d" % (r.randint(0, 255), r.randint(2, 254))
    keep.append((ip, "media office NAT: 12 recordings, 3 parallel uploads"))
    ua = UAS[0]
    page_view(L, s, 30, ip, ua, "/upload", lms, set())
    lanes = [40.0, 40.5, 41.0]
    for v in range(12):
        i = v % 3
        lanes[i] = upload(ip, ua, lanes[i] + 2, r.randint(600, 1600))
    return L, "Lecture recordings uploaded with tus/Uppy: 6 lecturers (OPTIONS, POST, 50 MB PATCH chunks every 4-15 s, HEAD+409 on resume, status polls every 5 s) and a media office NAT running 3 uploads in parallel; 10 background browsers", keep, None


# ---------------------------------------------------------------------------
# 6. Government tax portal on deadline night, overloaded, behind CGNATs.
# Models: the last hour before the filing deadline. Two carrier CGNAT
# addresses carry 380 and 90 filers; 150 single filers. Each: landing page,
# login (8 % mistype the password once: 401, then 200), the form's pages
# (GET and autosave POST), the plausibility check (422 with errors for a
# third), submission. The backend is overloaded: 18 % of autosaves and
# submissions answer 503, and the filer clicks again 5-30 s later; some
# sessions time out (302 to /login?timeout=1) and log in again.
# Realistic: public tax portals (ELSTER, HMRC, IRS) see their peak in the
# last hours and do shed load with 503; people retry by hand.
@scen
def gov_tax_deadline_cgnat_503():
    L = Log(T0, 606, "gov")
    s = gov_site()
    r = L.rnd
    dur = 3600
    background(L, s, dur, 20)
    keep = []
    nats = [("80.187.%d.%d" % (r.randint(0, 255), r.randint(2, 254)), 380), ("109.40.%d.%d" % (r.randint(0, 255), r.randint(2, 254)), 90)]
    for ip, n in nats:
        keep.append((ip, "carrier CGNAT with %d filers on deadline night" % n))
    singles = [(L.ip(), 1) for _ in range(150)]
    for ip, _ in singles[:10]:
        keep.append((ip, "single filer on deadline night"))
    for ip, n in nats + singles:
        for u in range(n):
            ua = r.choice(UAS)
            t = r.uniform(0, dur - 600)
            cached = set()
            page_view(L, s, t, ip, ua, "/", "-", cached)
            t += r.uniform(5, 20)
            L.add(t, ip, "GET", "/portal/login", 200, 8000, s.url("/"), ua)
            t += r.uniform(10, 40)
            if r.random() < 0.08:
                L.add(t, ip, "POST", "/portal/login", 401, 8200, s.url("/portal/login"), ua)
                t += r.uniform(8, 30)
            L.add(t, ip, "POST", "/portal/login", 302, 0, s.url("/portal/login"), ua)
            L.add(t + 0.4, ip, "GET", "/portal/meine-formulare", 200, 12000, s.url("/portal/login"), ua)
            form = "/portal/formular/est2025/%d" % r.randint(10 ** 7, 10 ** 8)
            for pg in range(1, r.randint(4, 14)):
                t += r.uniform(20, 120)
                L.add(t, ip, "GET", "%s/seite/%d" % (form, pg), 200, 25000, s.url(form), ua)
                if r.random() < 0.02:
                    L.add(t + 1, ip, "GET", "/portal/login?timeout=1", 200, 8000, s.url(form), ua)
                    L.add(t + 20, ip, "POST", "/portal/login", 302, 0, s.url("/portal/login"), ua)
                    t += 25
                tt = t + r.uniform(30, 200)
                while r.random() < 0.18:
                    L.add(tt, ip, "POST", "%s/seite/%d" % (form, pg), 503, 1200, s.url(form), ua)
                    tt += r.uniform(5, 30)
                L.add(tt, ip, "POST", "%s/seite/%d" % (form, pg), 200, 300, s.url(form), ua)
                t = tt
            t += r.uniform(10, 60)
            L.add(t, ip, "POST", form + "/pruefen", r.choice([200, 200, 422]), 5000, s.url(form), ua)
            t += r.uniform(20, 90)
            while r.random() < 0.18:
                L.add(t, ip, "POST", form + "/senden", 503, 1200, s.url(form), ua)
                t += r.uniform(5, 30)
            L.add(t, ip, "POST", form + "/senden", 303, 0, s.url(form), ua)
            L.add(t + 0.5, ip, "GET", form + "/bestaetigung", 200, 9000, s.url(form), ua)
            L.add(t + 3, ip, "GET", form + "/bestaetigung.pdf", 200, 90000, s.url(form + "/bestaetigung"), ua)
    return L, "Tax portal deadline night: CGNATs with 380 and 90 filers and 150 single filers, logins with 8 % one-time typos, form pages with autosave POSTs, 18 % 503 answers retried by hand, session timeouts, plausibility 422s; 20 background browsers", keep, None


# ---------------------------------------------------------------------------
# 7. Siteimprove's link checker on a government site.
# Models: the quarterly quality-assurance crawl a public body buys: the
# crawler follows every link, HEADs documents (PDF/DOCX) and GETs pages at
# ~1-2 requests/s for 25 minutes; 8 % of the document links are dead (404)
# or moved (301); it requests old URL schemes (/cms/index.php?id=...) linked
# from old pages. Around it: citizens, crawlers, a monitor.
# Realistic: "LinkCheck by Siteimprove.com" is the crawler's real UA; public
# sites in the EU are required to check accessibility and links regularly.
@scen
def siteimprove_linkcheck_gov():
    L = Log(T0, 607, "gov")
    s = gov_site()
    r = L.rnd
    dur = 1800
    background(L, s, dur, 30)
    ua = "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; Trident/6.0) LinkCheck by Siteimprove.com"
    keep = []
    for ip in ["185.229.145.%d" % r.randint(2, 250), "185.229.146.%d" % r.randint(2, 250)]:
        keep.append((ip, "Siteimprove LinkCheck crawler"))
        t = r.uniform(0, 60)
        while t < 1500:
            x = r.random()
            if x < 0.45:
                L.add(t, ip, "GET", r.choice(s.pages) if r.random() < 0.3 else "/steuern/%s/%s/" % (r.choice(["einkommensteuer", "umsatzsteuer", "erbschaft", "kfz", "grundsteuer"]), r.choice(["allgemein", "faq", "merkblatt", "fristen", "beispiele", "vordrucke"])), r.choice([200] * 11 + [301, 404]), 25000, "-", ua)
            elif x < 0.85:
                L.add(t, ip, "HEAD", "/fileadmin/formulare/%d/%s-%d.%s" % (r.randint(2015, 2026), r.choice(["antrag", "merkblatt", "anleitung", "vordruck"]), r.randint(1, 400), r.choice(["pdf", "pdf", "pdf", "docx", "xlsx"])), r.choice([200] * 11 + [404, 301]), 0, "-", ua)
            else:
                L.add(t, ip, "GET", "/cms/index.php?id=%d&L=%d" % (r.randint(10, 2400), r.choice([0, 1])), r.choice([301, 301, 404]), 0, "-", ua)
            t += r.expovariate(1.4)
    return L, "Siteimprove LinkCheck crawl of a government site: 2 addresses at ~1.4/s for 25 min, HEAD on documents, old /cms/index.php?id= links, ~8 % dead; 30 citizens", keep, None


# ---------------------------------------------------------------------------
# 8. Game backend: a LAN tournament venue, 48 PCs behind one address.
# Models: an esports venue where 48 identical PCs run the same game build
# (one user agent: UnityWebRequest) behind one NAT address. Each client on
# start: config, auth (Steam ticket), inventory, news; at every round start
# all 48 queue at once: POST /v1/matchmaking/tickets then poll the ticket
# every 1 s until matched (20-90 s; some polls 429 with Retry-After 2 that
# the client honours); in match: telemetry batches every 30 s; results POST
# and leaderboard at the end. Single players elsewhere do the same.
# Realistic: matchmaking ticket polling at 1 Hz is the documented pattern of
# Open Match / PlayFab / GameLift FlexMatch clients; LAN venues NAT all PCs.
@scen
def game_lan_venue_matchmaking():
    L = Log(T0, 608, "game")
    r = L.rnd
    dur = 3600
    monitor(L, dur, "/healthz")
    ua = "UnityPlayer/2022.3.45f1 (UnityWebRequest/1.0, libcurl/8.5.0-DEV)"
    keep = []
    venue = L.ip()
    keep.append((venue, "LAN venue: 48 PCs, one address, one user agent"))

    def session(ip, t0, rounds):
        pid = r.randint(10 ** 15, 10 ** 16)
        t = t0
        for p, sz in [("/v1/config?platform=win64&build=5821", 4000), ("/v1/news?lang=en", 9000)]:
            L.add(t, ip, "GET", p, 200, sz, "-", ua)
            t += r.uniform(0.05, 0.3)
        L.add(t, ip, "POST", "/v1/auth/steam", 200, 900, "-", ua)
        L.add(t + 0.3, ip, "GET", "/v1/players/%d/inventory" % pid, 200, 22000, "-", ua)
        return pid

    players = []
    for k in range(48):
        players.append(session(venue, r.uniform(0, 60), 0))
    for k in range(35):
        ip = L.ip()
        if k < 5:
            keep.append((ip, "home player"))
        players.append((ip, session(ip, r.uniform(0, 600), 0)))
    for rnd_start in [300, 1500, 2700]:
        for k in range(48 + 35):
            if k < 48:
                ip, pid = venue, players[k]
            else:
                ip, pid = players[k]
                if r.random() < 0.5:
                    continue
            t = rnd_start + r.uniform(0, 4)
            tk = uuid.UUID(int=r.getrandbits(128))
            L.add(t, ip, "POST", "/v1/matchmaking/tickets", 201, 300, "-", ua)
            wait = r.uniform(20, 90)
            tt = t + 1
            while tt < t + wait:
                st = 429 if r.random() < 0.05 else 200
                L.add(tt, ip, "GET", "/v1/matchmaking/tickets/%s" % tk, st, 200, "-", ua)
                tt += 2 if st == 429 else 1 + r.uniform(-0.05, 0.05)
            mid = uuid.UUID(int=r.getrandbits(128))
            L.add(tt, ip, "GET", "/v1/matchmaking/tickets/%s" % tk, 200, 400, "-", ua)
            L.add(tt + 0.2, ip, "GET", "/v1/matches/%s" % mid, 200, 3000, "-", ua)
            end = tt + r.uniform(600, 1000)
            tt += 30
            while tt < end:
                L.add(tt, ip, "POST", "/v1/telemetry/batch", 204, 0, "-", ua)
                tt += 30 + r.uniform(-1, 1)
            L.add(end, ip, "POST", "/v1/matches/%s/results" % mid, 200, 300, "-", ua)
            L.add(end + 0.5, ip, "GET", "/v1/leaderboard?season=12&around=%d" % pid, 200, 5000, "-", ua)
    return L, "Game backend: LAN tournament venue with 48 PCs (one address, one UA) queueing together at each of 3 round starts and polling matchmaking tickets at 1 Hz (5 % 429 honoured), telemetry every 30 s; 35 home players", keep, None


# ---------------------------------------------------------------------------
# 9. Football forum during a derby: the match thread refreshed by hand.
# Models: XenForo forum; during the match, 70 fans keep the match thread's
# last page open and press F5 every 10-40 s (avatars cached), post replies
# (POST add-reply, JSON 200), react to posts, run searches (POST
# /search/search -> 303 -> results). A pub's Wi-Fi NAT carries 20 fans doing
# the same. XenForo's /job.php POST follows page views.
# Realistic: match threads are the busiest pages of football forums; hand
# refreshing is how people follow them; words like "drop", "union", "select"
# are ordinary football talk (relegation, the Union, team selection).
@scen
def forum_derby_match_thread():
    L = Log(T0, 609, "forum")
    s = forum_site()
    r = L.rnd
    dur = 4500
    background(L, s, dur, 30)
    keep = []
    thr = "/threads/match-thread-derby.40113/"
    pub = L.ip()
    keep.append((pub, "pub Wi-Fi NAT, 20 fans refreshing the match thread"))
    users = [(pub, r.choice(UAS)) for _ in range(20)] + [(L.ip(), r.choice(UAS)) for _ in range(70)]
    for ip, _ in users[20:30]:
        keep.append((ip, "fan refreshing the match thread"))
    searches = ["union away end", "drop zone table", "team selection derby", "select xi", "hand of god", "1-0 or 2-1", "'var' decision", "<3 derby"]
    for ip, ua in users:
        t = r.uniform(1200, 2400)
        end = r.uniform(3600, dur)
        cached = set()
        pg = 40
        page_view(L, s, t, ip, ua, thr + "page-%d" % pg, s.url("/"), cached)
        while t < end:
            t += r.uniform(10, 40)
            if r.random() < 0.05:
                pg += 1
            cur = thr + "page-%d" % pg
            L.add(t, ip, "GET", cur, 200, r.randint(60000, 120000), s.url(cur), ua)
            for im in s.imgs_for(cur, r)[:2]:
                if im not in cached:
                    L.add(t + 0.2, ip, "GET", im, 200, 3000, s.url(cur), ua)
                    cached.add(im)
            L.add(t + 0.5, ip, "POST", "/job.php", 200, 60, s.url(cur), ua)
            x = r.random()
            if x < 0.03:
                L.add(t + 5, ip, "POST", thr + "add-reply", 200, 9000, s.url(cur), ua)
            elif x < 0.06:
                L.add(t + 3, ip, "POST", "/posts/%d/react?reaction_id=1" % r.randint(900000, 990000), 200, 800, s.url(cur), ua)
            elif x < 0.065:
                sid = r.randint(100000, 999999)
                qq = r.choice(searches)
                L.add(t + 3, ip, "POST", "/search/search", 303, 0, s.url(cur), ua)
                L.add(t + 3.3, ip, "GET", "/search/%d/?q=%s&o=date" % (sid, q(qq).replace("%20", "+")), 200, 40000, s.url(cur), ua)
    return L, "Football forum derby: 70 fans and a pub NAT of 20 refreshing the match thread every 10-40 s, posting, reacting, searching (union/drop/select as football words); 30 background browsers", keep, None


# ---------------------------------------------------------------------------
# 10. SaaS API: a warehouse connector paging a full export; Zapier polling.
# Models: an ELT connector (python-requests UA, the default of connector SDKs)
# running a full refresh of contacts, deals and events: cursor pages of 100
# at 6-9 requests/s for 40 minutes, a 429 now and then (it sleeps the
# Retry-After second), one 502 retried. Zapier polls triggers every 1-15 min
# from many AWS addresses. The SaaS's own users use the web app.
# Realistic: connectors page as fast as the API allows; public SaaS APIs
# answer 429 at 10 req/s per token.
@scen
def saas_elt_cursor_export():
    L = Log(T0, 610, "saas")
    s = app_site("app.example-crm.io")
    r = L.rnd
    dur = 2700
    background(L, s, dur, 20)
    keep = []
    ip = "34.%d.%d.%d" % (r.randint(0, 255), r.randint(0, 255), r.randint(2, 254))
    keep.append((ip, "ELT connector full refresh"))
    ua = "python-requests/2.32.3"
    t = 10
    for stream in ["contacts", "deals", "events", "notes"]:
        n = r.randint(2500, 6000)
        for i in range(n):
            if t > dur - 30:
                break
            cur = hexid(r, 24) if i else ""
            st = 200
            x = r.random()
            if x < 0.01:
                st = 429
            elif x < 0.0012 + 0.01:
                st = 502
            L.add(t, ip, "GET", "/api/v2/%s?limit=100%s" % (stream, "&cursor=" + cur if cur else ""), st, r.randint(30000, 90000) if st == 200 else 120, "-", ua)
            if st == 429:
                t += 1.0
                L.add(t, ip, "GET", "/api/v2/%s?limit=100%s" % (stream, "&cursor=" + cur if cur else ""), 200, 60000, "-", ua)
            elif st == 502:
                t += 5
                L.add(t, ip, "GET", "/api/v2/%s?limit=100%s" % (stream, "&cursor=" + cur if cur else ""), 200, 60000, "-", ua)
            t += r.uniform(0.09, 0.18)
    for k in range(25):
        zip_ = "54.%d.%d.%d" % (r.randint(0, 255), r.randint(0, 255), r.randint(2, 254))
        if k < 5:
            keep.append((zip_, "Zapier trigger poll"))
        t = r.uniform(0, 900)
        while t < dur:
            L.add(t, zip_, "GET", "/api/v2/%s?limit=50&sort=-created_at" % r.choice(["contacts", "deals"]), 200, 4000, "-", "Zapier")
            t += r.choice([60, 300, 900]) * r.uniform(0.9, 1.1)
    return L, "SaaS API: an ELT connector paging 4 streams at 6-9 req/s for 40 min (1 % 429 honoured, a 502 retried), 25 Zapier trigger pollers; 20 web users", keep, None


# ---------------------------------------------------------------------------
# 11. Cloud API: terraform plan/apply from CI runners.
# Models: a GitLab runner NAT running `terraform plan` on each merge request
# for an infrastructure of 550 resources: the provider refreshes every
# resource with parallelism 10, which at ~150 ms per call is ~50-65 GETs/s for
# ~10 s; 3 % 404 (drifted/deleted), a few 429 retried after 1 s by the
# provider's retry client. Six plans in 40 minutes and one apply (POST/PUT/
# DELETE). One job with an expired token gets a 401 and stops.
# Realistic: Terraform's default parallelism is 10; providers use
# hashicorp/go-retryablehttp with the "Terraform/x terraform-provider-y" UA.
@scen
def terraform_plan_refresh_burst():
    L = Log(T0, 611, "saas")
    s = app_site("console.example-cloud.io")
    r = L.rnd
    dur = 2400
    background(L, s, dur, 15)
    ua = "Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-examplecloud/2.3.1"
    nat = L.ip()
    keep = [(nat, "CI runner NAT running terraform plan/apply")]
    kinds = ["servers", "networks", "firewalls", "volumes", "load_balancers", "dns/zones/7781/records", "certificates"]
    res = [("/v2/%s/%d" % (r.choice(kinds), r.randint(100000, 999999))) for _ in range(550)]
    for job, t0 in enumerate([60, 420, 800, 1150, 1600, 2050]):
        t = t0
        L.add(t, nat, "GET", "/v2/account", 401 if job == 3 else 200, 300, "-", ua)
        if job == 3:
            continue
        lanes = [t + 0.1 + i * 0.01 for i in range(10)]
        for p in res:
            i = min(range(10), key=lambda j: lanes[j])
            st = 404 if r.random() < 0.03 else (429 if r.random() < 0.01 else 200)
            L.add(lanes[i], nat, "GET", p, st, 1800 if st == 200 else 90, "-", ua)
            lanes[i] += r.uniform(0.1, 0.22)
            if st == 429:
                lanes[i] += 1
                L.add(lanes[i], nat, "GET", p, 200, 1800, "-", ua)
        if job == 4:
            t = max(lanes) + 60
            for k in range(25):
                L.add(t + k * 0.6, nat, r.choice(["POST", "PUT", "PUT", "DELETE"]), r.choice(res), r.choice([200, 201, 202, 204]), 900, "-", ua)
                L.add(t + k * 0.6 + 0.3, nat, "GET", "/v2/actions/%d" % r.randint(10 ** 6, 10 ** 7), 200, 400, "-", ua)
    return L, "Cloud API: terraform plan from a CI runner NAT, 550 resources refreshed with parallelism 10 (~55 GETs/s for ~10 s, 3 % 404, 1 % 429 retried) six times in 40 min, one apply, one job with an expired token (401); 15 console users", keep, None


# ---------------------------------------------------------------------------
# 12. A private Go module proxy (Athens) and its CI.
# Models: 8 CI runners behind one NAT running `go mod download` and `go build`
# against GOPROXY=https://goproxy.corp.example: per module @v/list, .info,
# .mod, .zip; for `go get` of a package path the go command asks every path
# prefix, and the non-module prefixes answer 404/410; the checksum database
# is proxied (/sumdb/sum.golang.org/supported, /lookup/, /tile/). A cold
# cache job issues ~700 requests in ~15 s. Developers' laptops behind the
# office NAT do the same, slower.
# Realistic: the GOPROXY protocol and the go command's prefix probing with
# 404/410 are as documented in `go help goproxy`; UA Go-http-client/1.1.
@scen
def go_module_proxy_ci():
    L = Log(T0, 612, "goproxy")
    r = L.rnd
    dur = 3000
    monitor(L, dur, "/healthz")
    ua = "Go-http-client/1.1"
    mods = ["github.com/%s/%s" % (a, b) for a, b in [("spf13", "cobra"), ("stretchr", "testify"), ("prometheus", "client_golang"), ("golang", "protobuf"), ("google", "uuid"), ("sirupsen", "logrus"), ("gorilla", "mux"), ("jackc", "pgx"), ("redis", "go-redis"), ("urfave", "cli"), ("pelletier", "go-toml"), ("BurntSushi", "toml"), ("klauspost", "compress"), ("hashicorp", "go-retryablehttp"), ("cespare", "xxhash")]] + ["golang.org/x/%s" % x for x in ["net", "sys", "text", "crypto", "sync", "mod", "tools", "oauth2", "exp", "time"]] + ["go.uber.org/zap", "go.uber.org/multierr", "gopkg.in/yaml.v3", "google.golang.org/grpc", "google.golang.org/genproto/googleapis/rpc", "corp.example/platform/authz", "corp.example/platform/logging"]
    nat = L.ip()
    office = L.ip()
    keep = [(nat, "CI runner NAT, go mod download on cold caches"), (office, "office NAT, developers' go commands")]

    def job(ip, t, speed):
        sel = r.sample(mods, r.randint(15, len(mods)))
        L.add(t, ip, "GET", "/sumdb/sum.golang.org/supported", r.choice([200, 404]), 0, "-", ua)
        for m in sel:
            v = "v%d.%d.%d" % (r.randint(0, 2), r.randint(0, 30), r.randint(0, 9))
            for suf, sz in [("/@v/list", 300), ("/@v/%s.info" % v, 80), ("/@v/%s.mod" % v, 900), ("/@v/%s.zip" % v, r.randint(80000, 4000000))]:
                t += r.expovariate(speed)
                L.add(t, ip, "GET", "/" + m + suf, 200, sz, "-", ua)
            if r.random() < 0.3:
                t += r.expovariate(speed)
                L.add(t, ip, "GET", "/sumdb/sum.golang.org/lookup/%s@%s" % (m, v), 200, 400, "-", ua)
            if r.random() < 0.25:
                # go get of a package path: every prefix is asked, the non-module ones are 404/410
                deep = m + "/" + r.choice(["internal/testutil", "pkg/api/v1", "cmd/tool/sub", "encoding/json/v2"])
                parts = deep.split("/")
                for n in range(len(parts), 2, -1):
                    pfx = "/".join(parts[:n])
                    t += r.expovariate(speed)
                    L.add(t, ip, "GET", "/%s/@v/list" % pfx, 200 if pfx == m else r.choice([404, 410]), 0 if pfx != m else 300, "-", ua)
                    if pfx == m:
                        break
        for k in range(r.randint(2, 8)):
            t += r.expovariate(speed)
            L.add(t, ip, "GET", "/sumdb/sum.golang.org/tile/8/%d/x%03d/%03d" % (r.randint(0, 2), r.randint(0, 120), r.randint(0, 255)), 200, 8192, "-", ua)
        return t

    t = 30
    while t < dur - 120:
        job(nat, t, r.uniform(40, 60))
        t += r.uniform(60, 400)
    t = 100
    while t < dur - 120:
        job(office, t, 8)
        t += r.uniform(200, 900)
    return L, "Private Go module proxy: CI runners behind one NAT running go mod download at ~50 req/s on cold caches (list/info/mod/zip, sumdb), go get probing every path prefix (404/410 for non-module prefixes); developers behind the office NAT", keep, None


# ---------------------------------------------------------------------------
# 13. An admin's curl loop importing 2,400 user accounts.
# Models: a sysadmin at the office runs a shell loop over a CSV:
# `curl -s -X POST -H "Authorization: Bearer ..." .../api/v1/users -d @-`,
# sequential, ~12 requests/s; 2,100 201 Created, 250 409 (account exists),
# 50 422 (bad e-mail); then a verify loop (GET ?email=) and group PATCHes.
# The same office NAT carries 15 colleagues using the portal.
# Realistic: this is how onboarding imports are done when the product has no
# bulk import; curl's UA and the sequential pace are what the loop produces.
@scen
def admin_curl_bulk_user_import():
    L = Log(T0, 613, "saas")
    s = app_site("portal.example-hr.com", ["/", "/dashboard", "/people", "/people/4411", "/settings/users", "/reports/headcount"])
    r = L.rnd
    dur = 2400
    background(L, s, dur, 15)
    office = L.ip()
    keep = [(office, "office NAT: admin's curl import loop plus 15 colleagues")]
    browsers(L, s, 15, dur, ips=[office])
    ua = "curl/8.5.0"
    t = 300
    sts = [201] * 2100 + [409] * 250 + [422] * 50
    r.shuffle(sts)
    for st in sts:
        L.add(t, office, "POST", "/api/v1/users", st, 600 if st == 201 else 140, "-", ua)
        t += r.uniform(0.06, 0.11)
    t += 120
    for k in range(400):
        L.add(t, office, "GET", "/api/v1/users?email=%s" % q("user%d@example-hr.com" % r.randint(1, 9999)), 200, 700, "-", ua)
        t += r.uniform(0.06, 0.11)
    t += 60
    for k in range(300):
        L.add(t, office, "PATCH", "/api/v1/users/%d/groups" % r.randint(10000, 99999), r.choice([200] * 30 + [404]), 300, "-", ua)
        t += r.uniform(0.06, 0.11)
    return L, "HR portal: an admin's sequential curl loop creating 2,400 accounts at ~12/s (250 409, 50 422), verifying 400 and patching 300, from the office NAT that also carries 15 colleagues; 15 background browsers", keep, None


# ---------------------------------------------------------------------------
# 14. Lemmy federation: a post of ours goes viral on a big instance.
# Models: our Lemmy instance hosts a community whose post trends on
# lemmy.world; lemmy.world sends every vote and comment as its own signed
# activity (POST /inbox), 10-30/s for ~5 minutes, then ~1/s; a few 400 (expired
# signature / unknown actor) it does not retry; smaller instances (Mbin,
# another Lemmy) send at 0.2-1/s; Lemmy apps (Voyager) read through the API.
# Realistic: Lemmy 0.19 federates each Like/Dislike/Create as one HTTP POST to
# the community's instance; big instances' send queues produce these bursts.
@scen
def lemmy_federation_vote_burst():
    L = Log(T0, 614, "lemmy")
    s = Site("lemmy.example-tech.social", ["/", "/c/selfhosted", "/post/118842", "/post/118901", "/communities"], ["/static/2b4f/styles/styles.css"], ["/static/2b4f/js/client.js"], lambda p, r: [])
    r = L.rnd
    dur = 1800
    background(L, s, dur, 15)
    keep = []
    for name, ua, base_rate, burst in [("lemmy.world", "Lemmy/0.19.7; +https://lemmy.world", 1.0, 20.0), ("sh.itjust.works", "Lemmy/0.19.5; +https://sh.itjust.works", 0.5, 4.0), ("fedia.io", "Mbin/1.7.3 (+https://fedia.io/agent)", 0.2, 1.0)]:
        ip = L.ip()
        keep.append((ip, "federating instance %s" % name))
        t = r.uniform(0, 3)
        while t < dur:
            b = 420 <= t <= 720
            L.add(t, ip, "POST", "/inbox", 400 if r.random() < 0.01 else 200, 0, "-", ua)
            if r.random() < 0.02:
                L.add(t + 0.1, ip, "GET", "/u/%s" % r.choice(["alice", "kb", "mod_sh"]), 200, 2200, "-", ua)
            t += r.expovariate(burst if b else base_rate)
    for k in range(20):
        ip = L.ip()
        if k < 3:
            keep.append((ip, "Voyager app reading through the API"))
        ua = "Voyager/2.21.0"
        t = r.uniform(0, dur - 300)
        for _ in range(r.randint(5, 40)):
            L.add(t, ip, "GET", r.choice(["/api/v3/post/list?type_=All&sort=Hot&page=1&limit=20", "/api/v3/comment/list?post_id=118842&sort=Hot&limit=50&max_depth=8&type_=All", "/api/v3/post?id=118842", "/pictrs/image/%s.webp?format=webp&thumbnail=256" % uuid.UUID(int=r.getrandbits(128))]), 200, 12000, "-", ua)
            t += r.uniform(1, 30)
    return L, "Lemmy instance: a post trending on lemmy.world, which POSTs each vote/comment to /inbox at ~20/s for 5 min then ~1/s (1 % 400), 2 smaller instances, 20 Voyager app users; 15 web users", keep, None


# ---------------------------------------------------------------------------
# 15. Shop flash sale: CGNAT shoppers hammering F5 on the countdown.
# Models: a sneaker drop at 10:00. For 5 minutes before, shoppers on the
# countdown page press F5 every 3-10 s; at 10:00 everybody opens the product,
# adds to cart (POST, 503 for 15 % as the backend saturates, the shopper
# clicks again), some get "sold out" (400 on add). Two carrier CGNAT
# addresses with 160 and 50 shoppers, 200 single shoppers.
# Realistic: limited drops are the highest-rate ordinary traffic shops see;
# CGNAT means many shoppers share one address.
@scen
def flash_sale_countdown_cgnat():
    L = Log(T0, 615, "shop")
    s = shop_site("www.example-sneakers.com")
    r = L.rnd
    dur = 1500
    crawlers(L, s, dur)
    monitor(L, dur)
    keep = []
    drop = 600
    nats = [("80.187.%d.%d" % (r.randint(0, 255), r.randint(2, 254)), 160), ("37.80.%d.%d" % (r.randint(0, 255), r.randint(2, 254)), 50)]
    for ip, n in nats:
        keep.append((ip, "carrier CGNAT, %d shoppers on the drop" % n))
    singles = [(L.ip(), 1) for _ in range(200)]
    for ip, _ in singles[:10]:
        keep.append((ip, "single shopper on the drop"))
    prod = "/air-max-x-limited-9901.html"
    for ip, n in nats + singles:
        for u in range(n):
            ua = mobile_ua(r) if n > 1 else r.choice(UAS)
            t = r.uniform(drop - 420, drop - 30)
            cached = set()
            page_view(L, s, t, ip, ua, "/launch/countdown", "https://www.instagram.com/", cached)
            while t < drop:
                t += r.uniform(3, 10)
                L.add(t, ip, "GET", "/launch/countdown", 200, 15000, s.url("/launch/countdown"), ua)
            t = drop + r.uniform(0, 20)
            page_view(L, s, t, ip, ua, prod, s.url("/launch/countdown"), cached)
            t += r.uniform(3, 15)
            for _ in range(r.randint(1, 4)):
                st = r.choice([503] * 3 + [200] * 14 + [400] * 3)
                L.add(t, ip, "POST", "/checkout/cart/add/uenc/%s/product/9901/" % hexid(r, 16), st, 700, s.url(prod), ua)
                if st != 503:
                    break
                t += r.uniform(2, 10)
            if st == 200:
                t += r.uniform(5, 20)
                L.add(t, ip, "GET", "/checkout/cart/", 200, 30000, s.url(prod), ua)
                L.add(t + 10, ip, "GET", "/checkout/", 200, 40000, s.url("/checkout/cart/"), ua)
                L.add(t + 60, ip, "POST", "/rest/default/V1/guest-carts/%s/payment-information" % hexid(r, 32), r.choice([200, 200, 200, 400]), 60, s.url("/checkout/"), ua)
    return L, "Sneaker drop: 5 minutes of F5 every 3-10 s on the countdown, then product, add-to-cart with 15 % 503 retried and 15 % sold out; CGNATs of 160 and 50 shoppers and 200 single shoppers", keep, None


# ---------------------------------------------------------------------------
# 16. A shop behind a local HAProxy: clients known only from X-Forwarded-For.
# Models: nginx behind HAProxy on the same host: every line comes from
# 127.0.0.1 with the client in a trailing X-Forwarded-For field; HAProxy's
# own health checks carry no header. A corporate proxy (Zscaler-like) with
# 70 employees appends the employee's internal address, so the header reads
# "10.x.y.z, <proxy public>"; an office NAT with 30 people; crawlers and
# shoppers. The operator configured trusted_proxies = 127.0.0.1.
# Realistic: the nginx log_format with $http_x_forwarded_for last is the
# common one; corporate proxies do add X-Forwarded-For.
@scen
def shop_behind_haproxy_xff():
    L = Log(T0, 616, "shop")
    s = shop_site("www.example-moebel.de")
    r = L.rnd
    dur = 2400
    inner = Log(T0, 6160, "inner")
    browsers(inner, s, 50, dur)
    crawlers(inner, s, dur)
    corp = L.ip()
    office = L.ip()
    browsers(inner, s, 70, dur, ips=[corp])
    browsers(inner, s, 30, dur, ips=[office])
    keep = [(corp, "corporate proxy, 70 employees (XFF: internal, proxy)"), (office, "office NAT, 30 people"), ("127.0.0.1", "HAProxy itself (health checks)")]
    for t, _, ip, m, p, st, sz, ref, ua, _x in inner.ev:
        xff = ip
        if ip == corp:
            xff = "10.%d.%d.%d, %s" % (r.randint(0, 40), r.randint(0, 255), r.randint(2, 254), corp)
        L.add(t, "127.0.0.1", m, p, st, sz, ref, ua, xff)
    t = 0.5
    while t < dur:
        L.add(t, "127.0.0.1", "GET", "/health_check.php", 200, 2, "-", "-")
        t += 2
    return L, "Shop behind a local HAProxy, clients only in a trailing X-Forwarded-For (trusted_proxies = 127.0.0.1): a corporate proxy with 70 employees, an office NAT of 30, 50 shoppers, crawlers, HAProxy health checks every 2 s", keep, 'trusted_proxies = ["127.0.0.1"]\n'


# ---------------------------------------------------------------------------
# 17. AI and search crawlers on a forum, guests answered 403.
# Models: GPTBot, ClaudeBot, PerplexityBot, Applebot, YandexBot, DuckDuckBot
# and CCBot crawl a XenForo forum at their observed rates (0.2-2 requests/s
# per address, several addresses each), paging threads, following member and
# attachment links that XenForo answers 403 to guests, old thread URLs 404,
# robots.txt first.
# Realistic: these are the crawlers' published UAs; forum operators report
# these rates; XenForo denies member profiles and attachments to guests.
@scen
def ai_crawlers_forum_403():
    L = Log(T0, 617, "forum")
    s = forum_site()
    r = L.rnd
    dur = 3600
    background(L, s, dur, 30)
    keep = []
    bots = [("GPTBot", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; GPTBot/1.2; +https://openai.com/gptbot", "20.171.207", 3, 1.5),
            ("ClaudeBot", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)", "216.73.216", 2, 1.0),
            ("PerplexityBot", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; PerplexityBot/1.0; +https://perplexity.ai/perplexitybot)", "44.221.181", 1, 0.3),
            ("Applebot", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)", "17.241.219", 2, 0.5),
            ("YandexBot", "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", "5.255.231", 1, 0.4),
            ("DuckDuckBot", "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)", "20.191.45", 1, 0.2),
            ("CCBot", "CCBot/2.0 (https://commoncrawl.org/faq/)", "18.97.14", 1, 2.0)]
    for name, ua, pfx, n, rate in bots:
        for k in range(n):
            ip = "%s.%d" % (pfx, r.randint(2, 250))
            keep.append((ip, "%s address %d" % (name, k)))
            t = r.uniform(0, 300)
            L.add(t, ip, "GET", "/robots.txt", 200, 400, "-", ua)
            while t < dur:
                t += r.expovariate(rate)
                x = r.random()
                if x < 0.55:
                    p, st = "/threads/%s.%d/page-%d" % (r.choice(["transfer-rumours", "match-thread", "kit-leaks", "general-chat", "tactics"]), r.randint(1000, 40000), r.randint(1, 80)), r.choice([200] * 15 + [404, 301])
                elif x < 0.75:
                    p, st = "/members/%s.%d/" % (r.choice(["redarmy", "koppite", "ultras", "bluenose"]) + str(r.randint(1, 99)), r.randint(1, 60000)), 403
                elif x < 0.9:
                    p, st = "/attachments/%s-jpg.%d/" % (r.choice(["screenshot", "img", "lineup"]), r.randint(1, 90000)), 403
                else:
                    p, st = "/forums/%s.%d/page-%d" % (r.choice(["first-team", "off-topic", "transfers"]), r.randint(1, 20), r.randint(1, 300)), 200
                L.add(t, ip, "GET", p, st, 40000 if st == 200 else 3000, "-", ua)
    return L, "Forum crawled by GPTBot, ClaudeBot, PerplexityBot, Applebot, YandexBot, DuckDuckBot, CCBot (0.2-2/s per address, 11 addresses), ~35 % answered 403 (member profiles and attachments for guests), some 404; 30 browsers", keep, None


# ---------------------------------------------------------------------------
# 18. Multi-region synthetic monitoring, including negative auth checks.
# Models: Pingdom uptime checks every minute rotating over 15 probe
# addresses; Checkly API checks from 4 regions every minute, round-robin,
# asserting that GET /api/v1/me without a token answers 401 and that a login
# with a wrong password answers 401 (the team's "auth still refuses bad
# credentials" check), plus one region running a check in parallel mode every
# minute from the same address; Datadog synthetics browser test every 5 min.
# Realistic: teams do assert 401s in synthetic checks; these are the
# services' UAs and intervals.
@scen
def synthetic_checks_negative_auth():
    L = Log(T0, 618, "saas")
    s = app_site("app.example-billing.io")
    r = L.rnd
    dur = 3600
    background(L, s, dur, 20)
    keep = []
    pua = "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)"
    pips = ["%d.%d.%d.%d" % (r.choice([5, 43, 64, 76, 94, 185]), r.randint(1, 254), r.randint(0, 254), r.randint(2, 254)) for _ in range(15)]
    for ip in pips[:3]:
        keep.append((ip, "Pingdom probe"))
    t = 0
    while t < dur:
        L.add(t, r.choice(pips), "GET", "/", 200, 9000, "-", pua)
        t += 60
    cua = "Checkly/1.0 (https://www.checklyhq.com)"
    cips = ["3.%d.%d.%d" % (r.randint(0, 255), r.randint(0, 255), r.randint(2, 254)) for _ in range(4)]
    for ip in cips:
        keep.append((ip, "Checkly region (negative auth checks)"))
    t, i = 5, 0
    while t < dur:
        ip = cips[i % 4]
        L.add(t, ip, "GET", "/api/v1/health", 200, 80, "-", cua)
        L.add(t + 0.2, ip, "GET", "/api/v1/me", 401, 60, "-", cua)
        L.add(t + 0.4, ip, "POST", "/api/v1/auth/login", 401, 70, "-", cua)
        L.add(t + 0.7, ip, "POST", "/api/v1/auth/login", 200, 900, "-", cua)
        L.add(t + 0.9, ip, "GET", "/api/v1/invoices?limit=1", 200, 1200, "-", cua)
        # parallel-mode check: region 0 every minute as well
        L.add(t + 1.5, cips[0], "POST", "/api/v1/auth/token", 401, 70, "-", cua)
        t += 60
        i += 1
    dua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 DatadogSynthetics"
    dip = "3.%d.%d.%d" % (r.randint(0, 255), r.randint(0, 255), r.randint(2, 254))
    keep.append((dip, "Datadog synthetics browser test"))
    t = 20
    while t < dur:
        page_view(L, s, t, dip, dua, "/", "-", set())
        L.add(t + 3, dip, "POST", "/login", 302, 0, s.url("/"), dua)
        page_view(L, s, t + 4, dip, dua, "/dashboard", s.url("/"), set())
        t += 300
    return L, "Synthetic monitoring: Pingdom rotating 15 probes every minute, Checkly 4 regions asserting 401 on /api/v1/me and a wrong-password login, one region POSTing a bad token request every minute for an hour, Datadog browser test every 5 min; 20 web users", keep, None


# ---------------------------------------------------------------------------
# 19. Accessible form use on a government portal: inline validation, read aloud.
# Models: screen-reader and keyboard users fill a long benefit application:
# every field's blur triggers POST /api/validate/field (422 while a value is
# incomplete or wrong, 200 when right); keyboard users tab through 40 fields
# and back, so 60-120 validations in a few minutes, many 422. The "read
# aloud" feature fetches /vorlesen/audio?... (mp3, Range -> 206) paragraph by
# paragraph. A social-welfare office NAT where 8 advisers fill forms for
# clients does the same all morning.
# Realistic: GOV.UK/Digitale Verwaltung design systems validate on blur;
# assistive technology users revisit fields more than others.
@scen
def accessible_form_validation_read_aloud():
    L = Log(T0, 619, "gov")
    s = gov_site("www.example-sozialamt.gov")
    r = L.rnd
    dur = 3600
    background(L, s, dur, 20)
    keep = []
    form = "/antrag/wohngeld"
    sr_ua = UAS[0]

    def fill(ip, ua, t, passes):
        L.add(t, ip, "GET", form, 200, 30000, s.url("/"), ua)
        fields = ["vorname", "nachname", "geburtsdatum", "strasse", "plz", "ort", "iban", "einkommen", "miete", "haushalt_personen"] + ["person_%d_%s" % (i, f) for i in range(1, 4) for f in ["name", "geburtsdatum", "einkommen"]] + ["telefon", "email", "aktenzeichen"]
        for _ in range(passes):
            for f in fields:
                t += r.uniform(2, 12)
                st = 422 if r.random() < 0.35 else 200
                L.add(t, ip, "POST", "/api/validate/field?name=%s" % f, st, 180, s.url(form), ua)
            if r.random() < 0.6:
                t += 5
                L.add(t, ip, "POST", form + "/schritt", 422, 9000, s.url(form), ua)
        t += 10
        L.add(t, ip, "POST", form + "/schritt", 303, 0, s.url(form), ua)
        return t

    for k in range(25):
        ip = L.ip()
        if k < 6:
            keep.append((ip, "screen-reader/keyboard user on the application form"))
        t = r.uniform(0, dur - 1500)
        page_view(L, s, t, ip, sr_ua, "/leichte-sprache/", "-", set())
        if r.random() < 0.5:
            for par in range(r.randint(3, 12)):
                t += r.uniform(10, 30)
                L.add(t, ip, "GET", "/vorlesen/audio?seite=%s&absatz=%d" % (q("/leichte-sprache/"), par), 200, 90000, s.url("/leichte-sprache/"), sr_ua)
                L.add(t + 0.3, ip, "GET", "/vorlesen/audio?seite=%s&absatz=%d" % (q("/leichte-sprache/"), par), 206, 60000, s.url("/leichte-sprache/"), sr_ua)
        fill(ip, sr_ua, t + 20, r.randint(1, 3))
    office = L.ip()
    keep.append((office, "welfare office NAT, 8 advisers filling forms for clients"))
    for a in range(8):
        t = r.uniform(0, 600)
        ua = r.choice(UAS[:2])
        while t < dur - 900:
            t = fill(office, ua, t, r.randint(1, 2)) + r.uniform(60, 400)
    return L, "Accessible use of a benefit application: 25 screen-reader/keyboard users with blur validation (35 % 422), repeated passes, read-aloud audio with Range; a welfare office NAT with 8 advisers all morning; 20 background browsers", keep, None


# ---------------------------------------------------------------------------
# 20. Shop app push notification: the open stampede.
# Models: a push "48 h flash deal" goes to the app's users at t=300; within
# two minutes the app opens on thousands of phones: home feed, deal, images
# from the API host, an analytics batch; 30 % of them have an expired access
# token: 401 on the first call, POST /api/v3/auth/refresh, retry. Three
# carrier CGNAT addresses carry 120, 70 and 40 app users; 300 users alone.
# Realistic: push opens concentrate in the first minutes; native apps' UAs
# are the app name/version with the OS; refresh-on-401 is the usual pattern.
@scen
def push_open_stampede_cgnat():
    L = Log(T0, 620, "shop")
    s = shop_site("api.example-fashion-app.com")
    r = L.rnd
    dur = 1200
    monitor(L, dur, "/api/v3/health")
    keep = []
    nats = [("80.187.%d.%d" % (r.randint(0, 255), r.randint(2, 254)), 120), ("176.0.%d.%d" % (r.randint(0, 255), r.randint(2, 254)), 70), ("46.114.%d.%d" % (r.randint(0, 255), r.randint(2, 254)), 40)]
    for ip, n in nats:
        keep.append((ip, "carrier CGNAT, %d app users opening the push" % n))
    singles = [(L.ip(), 1) for _ in range(300)]
    for ip, _ in singles[:8]:
        keep.append((ip, "app user opening the push"))
    for ip, n in nats + singles:
        for u in range(n):
            ios = r.random() < 0.5
            ua = "ExampleFashion/7.12.0 (iPhone; iOS 18.1.1; Scale/3.00)" if ios else "ExampleFashion/7.12.0 (Android 14; SM-A546B) okhttp/4.12.0"
            t = 300 + r.expovariate(1 / 40.0)
            if r.random() < 0.3:
                L.add(t, ip, "GET", "/api/v3/home?segment=women", 401, 80, "-", ua)
                L.add(t + 0.2, ip, "POST", "/api/v3/auth/refresh", 200, 900, "-", ua)
                t += 0.5
            L.add(t, ip, "GET", "/api/v3/home?segment=women", 200, 40000, "-", ua)
            L.add(t + 0.4, ip, "GET", "/api/v3/deals/flash-48h", 200, 30000, "-", ua)
            for k in range(r.randint(6, 16)):
                L.add(t + 0.5 + k * 0.05, ip, "GET", "/img/p/%d_%d.webp?w=%d" % (r.randint(100000, 999999), r.randint(1, 6), r.choice([360, 540, 720])), 200, 30000, "-", ua)
            L.add(t + 2, ip, "POST", "/api/v3/events/batch", 202, 0, "-", ua)
            t += r.uniform(5, 60)
            for _ in range(r.randint(0, 4)):
                L.add(t, ip, "GET", "/api/v3/products/%d" % r.randint(100000, 999999), 200, 12000, "-", ua)
                t += r.uniform(3, 30)
    return L, "Fashion app push: 530 app users open within ~2 min, 30 % 401 then token refresh, feed/deal/images/analytics batch; CGNATs of 120, 70 and 40 users", keep, None


# ---------------------------------------------------------------------------
# 21. WordPress with Jetpack: XML-RPC sync from WordPress.com, MarsEdit.
# Models: Jetpack's servers (192.0.64.0/18) POST signed requests to
# /xmlrpc.php?for=jetpack&token=...&timestamp=...&nonce=...&body-hash=...&
# signature=... for sync, in bursts after each edit (10-40 in a minute) and
# every few minutes otherwise, a 400 when a nonce was already used; Jetpack
# Monitor (jetmon) checks every 5 minutes; an editor publishing with MarsEdit
# (XML-RPC wp.getPosts / wp.newPost / wp.uploadFile, login by the app).
# Realistic: these are Jetpack's real request shapes and UAs; MarsEdit still
# uses XML-RPC for self-hosted WordPress.
@scen
def jetpack_xmlrpc_sync_marsedit():
    L = Log(T0, 621, "wp")
    s = blog_site("www.example-weinblog.de")
    r = L.rnd
    dur = 3600
    background(L, s, dur, 30)
    keep = []
    jua = "Jetpack by WordPress.com"
    jips = ["192.0.%d.%d" % (r.randint(84, 127), r.randint(2, 250)) for _ in range(3)]
    for ip in jips:
        keep.append((ip, "Jetpack sync from WordPress.com"))

    def jp(t, ip):
        return "/xmlrpc.php?for=jetpack&token=%s%%3A1%%3A%d&timestamp=%d&nonce=%s&body-hash=%s&signature=%s" % (hexid(r, 12), r.randint(1, 9), 1733389200 + int(t), hexid(r, 10), q(hexid(r, 27) + "="), q(hexid(r, 27) + "="))

    edits = sorted(r.uniform(100, dur - 200) for _ in range(6))
    t = 10
    while t < dur:
        ip = r.choice(jips)
        L.add(t, ip, "POST", jp(t, ip), 400 if r.random() < 0.02 else 200, 300, "-", jua)
        burst = any(e <= t <= e + 60 for e in edits)
        t += r.uniform(1, 3) if burst else r.uniform(60, 400)
    mon = "192.0.%d.%d" % (r.randint(84, 127), r.randint(2, 250))
    keep.append((mon, "Jetpack Monitor (jetmon)"))
    t = 30
    while t < dur:
        L.add(t, mon, "HEAD", "/", 200, 0, "-", "jetmon/1.0 (Jetpack Site Uptime Monitor by WordPress.com)")
        t += 300
    ed = L.ip()
    keep.append((ed, "editor publishing with MarsEdit (XML-RPC)"))
    mua = "MarsEdit/5.2.3 CFNetwork/1568.200.51 Darwin/24.1.0"
    for e in edits:
        t = e - 40
        for _ in range(r.randint(2, 5)):
            L.add(t, ed, "POST", "/xmlrpc.php", 200, r.randint(2000, 90000), "-", mua)
            t += r.uniform(0.3, 2)
        L.add(t + 5, ed, "POST", "/xmlrpc.php", 200, 400, "-", mua)
    return L, "WordPress with Jetpack: signed XML-RPC sync POSTs from 3 WordPress.com addresses (bursts of ~1 per 2 s after each of 6 edits, 2 % 400), jetmon every 5 min, an editor publishing with MarsEdit over XML-RPC; 30 background browsers", keep, None


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
                pf.write("# The operator's policy: nginx sits behind HAProxy on this host.\n" + policy)
        seen, kk = set(), []
        for ip, c in keep:
            if ip not in seen:
                seen.add(ip)
                kk.append((ip, c))
        expect(os.path.join(OUT, name + ".expect.toml"), "fresh-s13 benign: " + desc, not_banned=kk, lines=n, config=cfg)
        print(name, n)


main()
