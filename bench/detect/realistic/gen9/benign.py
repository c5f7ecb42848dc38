"""fresh-s16 benign9: twenty kinds of legitimate clients not covered by the
earlier realistic sets (see the file names in bench/detect/realistic/*/),
each on a different kind of site and, where it matters, a different log
source's habits (Apache vhost_combined with local time, HTTP/2 and HTTP/3
request lines, an origin behind a load balancer that logs only the balancer,
nginx's real_ip module behind a CDN, IPv6-only). Every client in every file
must never be banned (unlisted_not_banned = true); the notable ones are listed.

Written before looking at detector/, patterns/, rules/default.toml, the other
realistic sets' logs or reports, or the Detection section of the README
(session 16, role "fresh"): nothing here is tuned to guardctl.
Run: python3 benign.py [scenario-name ...]   (fixed seeds, byte-identical output)
"""
import datetime, os
from base import *

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.environ.get("OUT", os.path.join(HERE, "..", "benign9"))
T0 = datetime.datetime(2026, 12, 2, 8, 0, 0)
SC = []


def scen(f):
    SC.append(f)
    return f


# 1. An agency's staging sites behind HTTP basic auth, Apache vhost_combined.
# Models: one Apache server hosting a web agency's client sites; the staging
# vhosts are protected by basic auth, so every browser's FIRST request to a
# vhost is answered 401 (browsers send no credentials until challenged), then
# repeated with them; people mistype the password (2-3 x 401 then 200); the
# agency office NAT (12 people) works on five staging vhosts all day;
# reviewers at 8 client companies open links from mails; Screaming Frog
# (the agency's SEO audit, 5 threads ~ 6 req/s, with credentials) crawls one
# staging site; Googlebot found a leaked staging link and gets 401s; the
# production vhost has ordinary visitors and crawlers. Apache writes local
# time (+0100) and %v:%p before the client: this is the log source's habit.
@scen
def apache_vhost_agency_staging_basic_auth():
    L = Log(T0, 1001, "www.example-baeckerei.de")
    L.fmt = dict(vhost=True, offset_h=1)
    r = L.rnd
    prod = blog_site("www.example-baeckerei.de")
    good = background(L, prod, 3600, n=25, office=False)
    stagings = [blog_site("staging.kunde%d.example-agentur.de" % i) for i in range(1, 6)]
    office = L.ip("212.114.60")
    good.append((office, "agency office NAT, 12 people on 5 staging vhosts (401 challenge on each first request)"))

    def session(ip, ua, site, t, n_pages, typos=0):
        for _ in range(typos):
            L.add(t, ip, "GET", "/", 401, 381, "-", ua, vhost=site.host)
            t += r.uniform(4, 12)
        L.add(t, ip, "GET", "/", 401, 381, "-", ua, vhost=site.host)
        t += r.uniform(2, 6)
        cached = set()
        page = "/"
        for _ in range(n_pages):
            page_view(L, site, t, ip, ua, page, site.url("/") if page != "/" else "-", cached)
            page = r.choice(site.pages)
            t += r.uniform(5, 120)
        return t

    for k in range(12):
        ua = r.choice(UAS[:4] + [UAS[7]])
        t = r.uniform(0, 600)
        for s in r.sample(stagings, r.randint(2, 5)):
            t = session(office, ua, s, t, r.randint(4, 15), typos=1 if r.random() < 0.15 else 0)
            # wp-admin work: saves and previews
            for _ in range(r.randint(3, 12)):
                L.add(t, office, "POST", "/wp-admin/admin-ajax.php", 200, 180, s.url("/wp-admin/post.php?post=%d&action=edit" % r.randint(10, 400)), ua, vhost=s.host)
                t += r.uniform(15, 60)
    for k in range(8):
        ip = L.ip()
        ua = r.choice(UAS)
        s = r.choice(stagings)
        session(ip, ua, s, r.uniform(300, 3300), r.randint(2, 8), typos=r.choice([0, 0, 1, 2, 3]))
        good.append((ip, "client reviewer on %s (401 challenge, typos)" % s.host))
    # a reviewer who never gets the password right and gives up
    lost = L.ip()
    t = 2000.0
    for _ in range(6):
        L.add(t, lost, "GET", "/", 401, 381, "-", UAS[4], vhost=stagings[2].host)
        t += r.uniform(5, 25)
    good.append((lost, "reviewer with the wrong password: 6 x 401 then gives up"))
    # Screaming Frog with credentials on staging 1
    sf = L.ip("212.114.60")
    L.vhost_of[sf] = stagings[0].host
    L.add(1200, sf, "GET", "/robots.txt", 401, 381, "-", "Screaming Frog SEO Spider/20.4")
    t = 1201.0
    for i in range(900):
        p = r.choice(stagings[0].pages + ["/content/images/2026/%02d/fig%d.png" % (r.randint(1, 11), r.randint(0, 9)), "/wp-content/uploads/2026/%02d/bild-%d.jpg" % (r.randint(1, 11), r.randint(1, 300))])
        L.add(t, sf, "GET", p, r.choice([200] * 20 + [301, 404]), r.randint(2000, 90000), "-", "Screaming Frog SEO Spider/20.4")
        t += r.expovariate(6)
    good.append((sf, "agency's Screaming Frog audit of a staging vhost, ~6 req/s, 900 URLs"))
    # Googlebot on a leaked staging link: 401 every time
    gb = "66.249.66.%d" % r.randint(201, 250)
    for i in range(30):
        L.add(r.uniform(0, 3600), gb, "GET", r.choice(stagings[3].pages), 401, 381, "-", GOOGLEBOT, vhost=stagings[3].host)
    good.append((gb, "Googlebot on a leaked staging link, 30 x 401"))
    return L, "Apache vhost_combined (+0100 local time) of an agency server: production site visitors and crawlers; 5 staging vhosts behind basic auth (401 on every first request, typos), the agency office NAT, client reviewers, one who gives up after 6 x 401, Screaming Frog at ~6 req/s, Googlebot getting 401s", good


# 2. A Japanese news site read over HTTP/3 from mobile carrier CGNATs.
# Models: a national daily's site; phones on docomo/KDDI/SoftBank share
# carrier-grade NAT addresses (hundreds of readers each); Chrome and Safari
# negotiate HTTP/3 (the log's request line says HTTP/3.0), desktop browsers
# HTTP/2.0; searches are percent-encoded Japanese; a 07:30 push alert about
# an earthquake brings a burst of readers to one article within two minutes
# after a quiet night; Googlebot and Bingbot crawl.
@scen
def jp_news_http3_carrier_cgnat_push_burst():
    L = Log(datetime.datetime(2026, 12, 2, 22, 0, 0), 1002, "www.example-shimbun.jp", proto="HTTP/2.0")
    r = L.rnd
    s = jp_news_site()
    crawlers(L, s, 3600)
    monitor(L, 3600)
    browsers(L, s, 15, 3600)
    good = []
    carriers = [L.ip("126.208.%d" % r.randint(0, 255)), L.ip("49.98.%d" % r.randint(0, 255)), L.ip("106.128.%d" % r.randint(0, 255))]
    for c in carriers:
        L.proto_of[c] = "HTTP/3.0"
    mob = UAS[4:6] + [UAS[9]]
    # quiet night, then the push at t=1800 (07:30 JST)
    for i, c in enumerate(carriers):
        browsers(L, s, 12, 1800, ips=[c], ua_pool=mob, pages_per=(1, 4))
        art = "/articles/-/1160097"
        for k in range(110):
            t = 1800 + r.expovariate(1 / 40.0)
            ua = r.choice(mob)
            cached = set()
            page_view(L, s, t, c, ua, art, "-", cached)
            if r.random() < 0.4:
                page_view(L, s, t + r.uniform(30, 200), c, ua, r.choice(s.pages), s.url(art), cached)
        good.append((c, "mobile carrier CGNAT, ~120 readers on HTTP/3, push-alert burst"))
    return L, "Japanese news site, HTTP/3.0 phones behind 3 carrier CGNATs (~120 readers each, 330 of them opening the same article within ~2 minutes of a push alert after a quiet night), HTTP/2.0 desktop readers, encoded Japanese searches, both crawlers", good


# 3. Twilio SMS status callbacks after a campaign goes out.
# Models: a SaaS sends an appointment-reminder campaign of 7,000 SMS at 30
# messages/s (a verified toll-free number's limit); Twilio POSTs a status
# callback for each state change (sent, delivered; some undelivered/failed)
# to one fixed URL from a few dozen of its AWS addresses, UA TwilioProxy/1.1:
# ~60 POST/s for four minutes after an hour of near silence. During a 20 s
# deploy the app answers 502 and Twilio retries those callbacks later.
# Inbound replies (STOP, JA) come to the inbound webhook.
@scen
def twilio_sms_status_callback_burst():
    L = Log(T0, 1003, "api.example-termine.de")
    r = L.rnd
    s = saas_site("app.example-termine.de")
    good = background(L, s, 3600, n=20, office=False)
    tw = ["54.%d.%d.%d" % (r.choice([172, 244, 252]), r.randint(0, 255), r.randint(2, 254)) for _ in range(24)]
    ua = "TwilioProxy/1.1"
    t0 = 2400.0
    deploy = (2480.0, 2500.0)
    retry = []
    for i in range(7000):
        ts = t0 + i / 30.0
        for st_name, d in [("sent", r.uniform(0.5, 2)), ("delivered", r.uniform(2, 15))]:
            if st_name == "delivered" and r.random() < 0.03:
                st_name = "undelivered"
            t = ts + d
            code = 502 if deploy[0] <= t < deploy[1] else 204
            L.add(t, r.choice(tw), "POST", "/webhooks/twilio/status", code, 0, "-", ua)
            if code == 502:
                retry.append(t)
    for t in retry:
        L.add(t + r.uniform(60, 240), r.choice(tw), "POST", "/webhooks/twilio/status", 204, 0, "-", ua)
    for k in range(120):
        L.add(t0 + r.uniform(30, 1200), r.choice(tw), "POST", "/webhooks/twilio/inbound", 200, 96, "-", ua)
    good += [(a, "Twilio callback sender (AWS), part of ~60 POST/s") for a in tw[:6]]
    return L, "SaaS after a 7,000-SMS campaign: Twilio status callbacks, ~60 POST/s for ~4 min from 24 AWS addresses after an hour of near silence, 502 during a 20 s deploy then retried, inbound replies; users and crawlers", good


# 4. Smart TVs and set-top boxes watching a public broadcaster's VOD.
# Models: TV apps (Tizen, webOS, Apple TV AppleCoreMedia, Android TV
# ExoPlayer) play DASH: a video and an audio segment every 4 s for as long
# as the show runs; the web player in a browser; progressive MP4 downloads
# with Range requests (206), seeking gives bursts of 206 a second apart, a
# resumed download past the end gets 416; households have 2-3 TVs behind one
# address; VLC and Kodi open MP4 links directly (first the moov atom at the
# end of the file, then the start).
@scen
def smart_tv_vod_dash_and_range_seeking():
    L = Log(datetime.datetime(2026, 12, 2, 19, 0, 0), 1004, "www.example-mediathek.de")
    r = L.rnd
    s = vod_site()
    good = background(L, s, 3600, n=25)
    tvs = ["Mozilla/5.0 (SMART-TV; LINUX; Tizen 7.0) AppleWebKit/537.36 (KHTML, like Gecko) 7.0 TV Safari/537.36",
           "Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/94.0.4606.128 Safari/537.36 WebAppManager",
           "AppleCoreMedia/1.0.0.22A3354 (Apple TV; U; CPU OS 18_0 like Mac OS X; de_de)",
           "ExoPlayerLib/2.19.1", "Mozilla/5.0 (Linux; Android 12; BRAVIA 4K VH2 Build/STT1.211025.001.Z4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.230 Mobile Safari/537.36"]
    homes = []
    for h in range(15):
        ip = L.ip()
        homes.append(ip)
        for tv in range(r.choice([1, 1, 2, 3])):
            ua = r.choice(tvs)
            vid = hexid(r, 24)
            t = r.uniform(0, 1500)
            L.add(t, ip, "GET", "/api/v2/player/%s/manifest.mpd" % vid, 200, 5200, "-", ua)
            n = r.randint(120, 450)
            for i in range(1, n):
                tt = t + i * 4 + r.uniform(-0.3, 0.3)
                L.add(tt, ip, "GET", "/dash/%s/video_1080p_%05d.m4s" % (vid, i), 200, r.randint(2500000, 4200000), "-", ua)
                L.add(tt + 0.05, ip, "GET", "/dash/%s/audio_de_%05d.m4s" % (vid, i), 200, r.randint(60000, 70000), "-", ua)
                if i % 150 == 0:
                    L.add(tt + 0.1, ip, "GET", "/api/v2/player/%s/manifest.mpd" % vid, 200, 5200, "-", ua)
            if r.random() < 0.5:
                L.add(t + n * 4 + 2, ip, "POST", "/api/v2/progress", 204, 0, "-", ua)
        good.append((ip, "household with 1-3 TVs playing DASH (video+audio segment every 4 s)"))
    # progressive MP4 with ranges: VLC/Kodi/browser seeking
    for k in range(14):
        ip = L.ip()
        ua = r.choice(["VLC/3.0.21 LibVLC/3.0.21", "Kodi/21.1 (Linux; Android 12.0; SHIELD Android TV Build/SR1A.211012.001) Android/12.0.0 Sys_CPU/aarch64 App_Bitness/64 Version/21.1-(21.1.0)-Git:20240817-7d8e5d9a53", UAS[0], UAS[3]])
        f = "/download/mp4/%s_3360k_1920x1080.mp4" % hexid(r, 16)
        size = r.randint(900, 2400) * 1000000
        t = r.uniform(0, 3000)
        if "VLC" in ua or "Kodi" in ua:
            L.add(t, ip, "GET", f, 206, 1000000, "-", ua)
            L.add(t + 0.2, ip, "GET", f, 206, 2000000, "-", ua)
        pos = 0
        for j in range(r.randint(5, 30)):
            if r.random() < 0.3:  # a seek: several ranges within a second or two
                for q in range(r.randint(2, 6)):
                    L.add(t + q * r.uniform(0.1, 0.6), ip, "GET", f, 206, r.randint(200000, 4000000), "-", ua)
                t += r.uniform(1, 3)
            else:
                L.add(t, ip, "GET", f, 206, r.randint(4000000, 16000000), "-", ua)
                t += r.uniform(20, 120)
        if k < 3:
            L.add(t + 5, ip, "GET", f, 416, 0, "-", ua)
        good.append((ip, "progressive MP4 with Range, seeking (%s)" % ua.split("/")[0]))
    return L, "Public broadcaster VOD at prime time: 15 households with 1-3 smart TVs/Apple TV/Android TV playing DASH (2 segments per 4 s for 8-30 min each), 14 progressive MP4 players with Range (seek bursts, 416 past the end), browsers, crawlers, office NAT", good


# 5. An IPv6-only game backend: one ISP's customers, households with several
# players in one /64, privacy addresses.
# Models: a game whose API is reachable over IPv6 only (AAAA record, no A):
# the console/PC clients of ~130 players on one broadband ISP (/32), one /56
# per home, devices in the home's /64 with temporary (privacy) addresses that
# change when a console reconnects; login, inventory, matchmaking ticket
# polled every 2 s until a match is found, in-match telemetry every 30 s,
# match result, store. Siblings in one home play at the same time. Googlebot
# crawls the website over IPv6; the monitor checks over IPv6.
@scen
def ipv6_only_game_backend_isp_households():
    L = Log(datetime.datetime(2026, 12, 2, 18, 0, 0), 1005, "api.example-arena.gg")
    r = L.rnd
    good = []
    uas = ["ArenaClient/9.2.1 (Windows 10.0.22631; x64) UnityPlayer/2022.3.42f1", "ArenaClient/9.2.1 (PlayStation 5; 10.00) UnityPlayer/2022.3.42f1", "ArenaClient/9.2.1 (Xbox Series X; 10.0.26100) UnityPlayer/2022.3.42f1",
           "UnityPlayer/2022.3.42f1 (UnityWebRequest/1.0, libcurl/8.5.0-DEV)"]
    def player(home, t, ua, churn):
        ip = L.ip6(home)
        tok = hexid(r, 8)
        L.add(t, ip, "POST", "/v2/auth/session", 200, 820, "-", ua)
        L.add(t + 0.4, ip, "GET", "/v2/inventory", 200, 14000, "-", ua)
        L.add(t + 0.6, ip, "GET", "/v2/news?lang=de", 200, 3000, "-", ua)
        t += r.uniform(5, 60)
        for m in range(r.randint(1, 5)):
            if churn and r.random() < 0.5:
                ip = L.ip6(home)  # reconnect: a new temporary address in the same /64
                L.add(t, ip, "POST", "/v2/auth/session/refresh", 200, 400, "-", ua)
            tid = hexid(r, 12)
            L.add(t, ip, "POST", "/v2/match/ticket", 201, 200, "-", ua)
            for w in range(r.randint(3, 30)):
                t += 2
                L.add(t, ip, "GET", "/v2/match/ticket/%s" % tid, 200, 120, "-", ua)
            mid = hexid(r, 12)
            for q in range(r.randint(20, 50)):
                t += 30
                L.add(t, ip, "POST", "/v2/telemetry/%s" % mid, 204, 0, "-", ua)
            L.add(t + 1, ip, "POST", "/v2/match/%s/result" % mid, 200, 600, "-", ua)
            L.add(t + 2, ip, "GET", "/v2/inventory", 200, 14000, "-", ua)
            if r.random() < 0.3:
                L.add(t + 20, ip, "GET", "/v2/store/offers", 200, 22000, "-", ua)
            t += r.uniform(20, 200)
    for h in range(80):
        home = "2003:e4:%x:%x" % (r.randint(0x1000, 0xefff), r.randint(0, 0xff) << 8 | r.randint(0, 0xff))
        for p in range(r.choice([1, 1, 1, 2, 3])):
            player(home, r.uniform(0, 3000), r.choice(uas), r.random() < 0.3)
        if h < 6:
            good.append((home + "::/64", "household /64, 1-3 players, privacy addresses"))
    gb = "2001:4860:4801:%x::%x" % (r.randint(0x10, 0x90), r.randint(1, 0xff))
    for k in range(60):
        L.add(r.uniform(0, 3600), gb, "GET", r.choice(["/", "/news/", "/news/season-9-patch-notes/", "/leaderboards/", "/support/"]), 200, 30000, "-", GOOGLEBOT)
    mon = "2607:ff68:107::%x" % r.randint(1, 0x40)
    for t in range(5, 3600, 60):
        L.add(t, mon, "GET", "/v2/health", 200, 20, "-", "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)")
    good += [(gb, "Googlebot over IPv6"), (mon, "monitor over IPv6")]
    return L, "IPv6-only game API: 80 homes of one ISP (2003:e4::/32), 1-3 players per /64 with privacy addresses changing on reconnect, login, matchmaking ticket polled every 2 s, telemetry every 30 s, results, store; Googlebot and a monitor over IPv6", good


# 6. A CRM single-page app: nearly everything is POST /graphql, behind an AWS
# ALB (the operator trusts the balancer's X-Forwarded-For).
# Models: an API-first product: the SPA sends a POST /graphql per action and
# an autosave every 5 s while a note is edited; access tokens expire after 15
# min, so a query gets 401, then POST /auth/refresh, then the retry; a sales
# office NAT of 40 people; the mobile app behind CGNAT; Zapier polling
# triggers; a bulk contact sync that honours 429 Retry-After.
@scen
def crm_graphql_post_spa_behind_alb():
    L = Log(T0, 1006, "app.example-crm.io")
    r = L.rnd
    s = app_site("app.example-crm.io", ["/", "/pipeline", "/contacts", "/contacts/8812", "/deals/4410", "/reports", "/settings"])
    good = []
    browsers(L, s, 15, 3600)
    office = L.ip("80.156.42")
    cg = L.ip("37.80.%d" % r.randint(0, 255))

    def user(ip, ua, t, end, xff=None):
        tok_age = r.uniform(0, 900)
        while t < end:
            n = r.randint(1, 6)
            for i in range(n):
                if tok_age > 900:
                    L.add(t, ip, "POST", "/graphql", 401, 80, s.url("/pipeline"), ua, xff)
                    L.add(t + 0.2, ip, "POST", "/auth/refresh", 200, 700, s.url("/pipeline"), ua, xff)
                    tok_age = 0
                    t += 0.3
                L.add(t, ip, "POST", "/graphql", 200, r.randint(400, 40000), s.url(r.choice(s.pages)), ua, xff)
                t += r.uniform(0.05, 0.6)
            if r.random() < 0.2:
                for a in range(r.randint(3, 30)):
                    L.add(t, ip, "POST", "/graphql", 200, 300, s.url("/contacts/8812"), ua, xff)
                    t += 5
                    tok_age += 5
            d = r.uniform(3, 90)
            t += d
            tok_age += d

    for k in range(40):
        user(office, r.choice(UAS[:4]), r.uniform(0, 1500), 3600)
    for k in range(25):
        user(cg, "ExampleCRM/5.4.1 (com.examplecrm.app; build:5410; Android 14) okhttp/4.12.0", r.uniform(0, 3000), r.uniform(3100, 3600))
    zap = ["3.%d.%d.%d" % (r.randint(208, 239), r.randint(0, 255), r.randint(2, 254)) for _ in range(4)]
    for t in range(30, 3600, 60):
        for z in range(r.randint(1, 3)):
            L.add(t + r.uniform(0, 50), r.choice(zap), "POST", "/api/v1/search/deals", 200, 900, "-", "Zapier")
    imp = L.ip()
    t = 900.0
    for b in range(400):
        if 1200 <= t < 1260:
            L.add(t, imp, "POST", "/api/v1/contacts/batch", 429, 60, "-", "hubspot-sync/2.3 (+https://example-sync.io)")
            t += 30  # Retry-After: 30
            continue
        L.add(t, imp, "POST", "/api/v1/contacts/batch", 200, 2000, "-", "hubspot-sync/2.3 (+https://example-sync.io)")
        t += r.uniform(0.5, 1.5)
    alb = ["10.0.%d.%d" % (r.randint(0, 3), r.randint(10, 250)) for _ in range(3)]
    behind_proxy(L, alb)
    good += [(office, "sales office NAT, 40 people, POST /graphql"), (cg, "mobile CGNAT, 25 app users"), (imp, "bulk contact sync, 429 honoured"), (zap[0], "Zapier trigger polling")]
    good += [(a, "ALB node (trusted proxy)") for a in alb]
    return L, "CRM SPA behind an AWS ALB (trusted_proxies 10.0.0.0/16): nearly all POST /graphql, 401->refresh->retry on token expiry, autosave every 5 s, sales office NAT of 40, mobile CGNAT, Zapier polls, bulk sync with 429", good, 'trusted_proxies = ["10.0.0.0/16"]\n'


# 7. PeerTube instances mirroring videos (redundancy) and federating.
# Models: a university PeerTube; other instances with redundancy enabled
# download whole fragmented-MP4 files and HLS playlists (UA "PeerTube/6.3.2
# (+https://instance)"), fetch ActivityPub objects for new videos, and POST
# to the shared inbox in bursts when a video is published; viewers stream HLS
# with Range requests on the fragmented MP4 and POST a view heartbeat.
@scen
def peertube_redundancy_and_federation():
    L = Log(T0, 1007, "video.uni-example.edu")
    r = L.rnd
    s = app_site("video.uni-example.edu", ["/", "/videos/trending", "/videos/recently-added", "/c/informatik/videos", "/w/%s" % rand_token(r, 22), "/w/%s" % rand_token(r, 22)])
    good = background(L, s, 3600, n=15, office=False)
    vids = [(hexid(r, 8) + "-" + hexid(r, 4) + "-" + hexid(r, 4) + "-" + hexid(r, 4) + "-" + hexid(r, 12)) for _ in range(40)]
    insts = []
    for i in range(6):
        ip = L.ip()
        host = "peertube.%s.example" % ["tib", "fsfe", "linux", "edu-nrw", "chaos", "kde"][i]
        ua = "PeerTube/6.3.2 (+https://%s)" % host
        insts.append(ip)
        t = r.uniform(0, 600)
        for v in r.sample(vids, r.randint(8, 25)):
            L.add(t, ip, "GET", "/videos/watch/%s" % v, 200, 4000, "-", ua)
            L.add(t + 0.3, ip, "GET", "/static/streaming-playlists/hls/%s/master.m3u8" % v, 200, 300, "-", ua)
            for res in [1080, 720, 480]:
                L.add(t + 0.5, ip, "GET", "/static/streaming-playlists/hls/%s/%s-%d-fragmented.mp4" % (v, hexid(r, 8), res), 200, r.randint(50, 900) * 1000000, "-", ua)
                L.add(t + 0.6, ip, "GET", "/static/streaming-playlists/hls/%s/%s-%d.m3u8" % (v, hexid(r, 8), res), 200, 1200, "-", ua)
                t += r.uniform(5, 60)
        good.append((ip, "remote PeerTube mirroring videos (%s)" % host))
    # 80 instances fetch the AP objects right after 5 publications
    for pub in range(5):
        tp = r.uniform(600, 3000)
        for i in range(80):
            ip = "%d.%d.%d.%d" % (r.choice([5, 37, 45, 51, 78, 91, 95, 135, 144, 159, 185, 188, 195]), r.randint(0, 255), r.randint(0, 255), r.randint(2, 254))
            ua = "PeerTube/%s (+https://tube%d.example)" % (r.choice(["6.3.2", "6.2.1", "7.0.0"]), i) if i % 3 else "Mastodon/4.3.1 (http.rb/5.2.0; +https://social%d.example/)" % i
            L.add(tp + r.uniform(0, 20), ip, "GET", "/videos/watch/%s" % vids[pub], 200, 4000, "-", ua)
            L.add(tp + r.uniform(20, 40), ip, "GET", "/accounts/informatik", 200, 2000, "-", ua)
            if r.random() < 0.5:
                L.add(tp + r.uniform(40, 60), ip, "POST", "/inbox", 204, 0, "-", ua)
    # viewers
    for k in range(30):
        ip = L.ip()
        ua = r.choice(UAS)
        v = r.choice(vids)
        f = "/static/streaming-playlists/hls/%s/%s-720-fragmented.mp4" % (v, hexid(r, 8))
        t = r.uniform(0, 3000)
        L.add(t, ip, "GET", "/api/v1/videos/%s" % v, 200, 9000, s.url("/w/x"), ua)
        for i in range(r.randint(20, 120)):
            L.add(t + i * 4, ip, "GET", f, 206, r.randint(300000, 1500000), s.url("/w/x"), ua)
            if i % 8 == 0:
                L.add(t + i * 4 + 1, ip, "POST", "/api/v1/videos/%s/views" % v, 204, 0, s.url("/w/x"), ua)
        if k < 4:
            good.append((ip, "viewer streaming HLS by Range"))
    return L, "University PeerTube: 6 remote instances mirroring 8-25 videos each (fragmented MP4 + playlists), 80 fediverse servers fetching each of 5 new videos and POSTing to /inbox, 30 viewers streaming by Range with view heartbeats; visitors, crawlers", good


# 8. Bazel remote cache (bazel-remote over HTTP) hit by CI on a cold cache.
# Models: a monorepo's CI: 24 Buildkite agents behind a cloud NAT gateway (two
# addresses) run bazel with --remote_cache=https://cache...; after a toolchain
# bump the action cache is cold, so each build does thousands of GET /ac/<sha256>
# answered 404 at 100+ req/s, then PUT /cas and PUT /ac; warm builds later get
# 200; developers behind the office NAT read the cache (no uploads).
@scen
def bazel_remote_cache_cold_ci_misses():
    L = Log(T0, 1008, "bazel-cache.example-corp.dev", proto="HTTP/2.0")
    r = L.rnd
    gw = [L.ip("34.141.%d" % r.randint(0, 255)), L.ip("34.159.%d" % r.randint(0, 255))]
    office = L.ip("91.194.84")
    ua = "bazel/7.4.1"
    good = [(g, "CI NAT gateway, 24 Bazel agents, thousands of cache-miss 404s at 100+ req/s") for g in gw] + [(office, "office NAT, developers reading the cache")]
    for b in range(10):
        ip = r.choice(gw)
        t = r.uniform(0, 3000)
        cold = b < 4
        n = r.randint(900, 1800) if cold else r.randint(300, 800)
        for i in range(n):
            h = hexid(r, 64)
            hit = (not cold and r.random() < 0.9) or (cold and r.random() < 0.05)
            L.add(t, ip, "GET", "/ac/%s" % h, 200 if hit else 404, 400 if hit else 0, "-", ua)
            if hit:
                L.add(t + 0.01, ip, "GET", "/cas/%s" % hexid(r, 64), 200, r.randint(1000, 9000000), "-", ua)
            else:
                tt = t + r.uniform(1, 40)
                L.add(tt, ip, "PUT", "/cas/%s" % hexid(r, 64), 200, 0, "-", ua)
                L.add(tt + 0.02, ip, "PUT", "/ac/%s" % h, 200, 0, "-", ua)
            t += r.expovariate(120 if i < n * 0.6 else 25)
    for k in range(10):
        t = r.uniform(0, 3300)
        for i in range(r.randint(100, 600)):
            h = hexid(r, 64)
            hit = r.random() < 0.7
            L.add(t, office, "GET", "/ac/%s" % h, 200 if hit else 404, 400 if hit else 0, "-", ua)
            if hit:
                L.add(t + 0.01, office, "GET", "/cas/%s" % hexid(r, 64), 200, r.randint(1000, 2000000), "-", ua)
            t += r.expovariate(60)
    mon = L.ip()
    for t in range(0, 3600, 30):
        L.add(t, mon, "GET", "/status", 200, 200, "-", "Prometheus/2.55.1")
    good.append((mon, "Prometheus scraping /status"))
    return L, "bazel-remote HTTP cache (HTTP/2.0): CI NAT gateways with 4 cold builds (900-1,800 GET /ac 404 at ~120/s then PUT /cas and /ac) and 6 warm builds, developers' office NAT reading, a Prometheus probe", good


# 9. A Spanish retailer's POS terminals and price checkers at store opening.
# Models: 25 stores, each behind its own branch router (one address): two or
# three tills and a price-checker kiosk. At 10:00 every terminal boots and
# pulls the catalogue delta in pages (5/s), then polls stock every 30 s
# (If-None-Match, mostly 304), posts sales batches every minute, and looks up
# scanned barcodes (about 15% unknown: 404, a real habit of price checkers
# when a customer scans a competitor's product or a damaged label).
@scen
def pos_terminals_store_opening_sync():
    L = Log(datetime.datetime(2026, 12, 2, 8, 50, 0), 1009, "pos-api.example-moda.es")
    r = L.rnd
    good = []
    for st in range(25):
        ip = L.ip()
        sid = 100 + st
        for term in range(r.choice([2, 3, 3])):
            ua = "TPV-Retail/4.2.7 (Windows NT 10.0; .NET 8.0.11)"
            t = 600 + r.uniform(0, 90)
            for pg in range(r.randint(40, 80)):
                L.add(t, ip, "GET", "/api/pos/v3/catalog/delta?since=2026-12-01T21:00:00Z&page=%d&store=%d" % (pg, sid), 200, r.randint(30000, 90000), "-", ua)
                t += r.uniform(0.15, 0.3)
            nxt_sale = t + 60
            while t < 3600:
                L.add(t, ip, "GET", "/api/pos/v3/stock?store=%d" % sid, 304 if r.random() < 0.8 else 200, 0, "-", ua)
                if t >= nxt_sale:
                    L.add(t + 1, ip, "POST", "/api/pos/v3/sales/batch", 201, 90, "-", ua)
                    nxt_sale += 60
                for sc in range(r.randint(0, 3)):
                    ean = "84%011d" % r.randint(0, 99999999999)
                    L.add(t + r.uniform(1, 29), ip, "GET", "/api/pos/v3/products/ean/%s" % ean, 404 if r.random() < 0.15 else 200, 800, "-", ua)
                t += 30
        kua = "Mozilla/5.0 (Linux; Android 11; PriceChecker PC-7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.5414.118 Safari/537.36"
        t = 620.0
        while t < 3600:
            ean = "%013d" % r.randint(0, 9999999999999)
            L.add(t, ip, "GET", "/api/pos/v3/products/ean/%s?kiosk=1" % ean, 404 if r.random() < 0.15 else 200, 700, "-", kua)
            t += r.expovariate(1 / 45.0)
        if st < 6:
            good.append((ip, "store %d: tills + price checker (catalogue pages at 5/s on boot, 404 on unknown barcodes)" % sid))
    return L, "Retail POS API: 25 stores' tills and price checkers booting at 10:00 after a quiet hour (catalogue delta at ~5 pages/s), stock polls every 30 s (304), sales batches, barcode lookups with ~15% 404", good


# 10. 400 conference attendees behind one hotel Wi-Fi address.
# Models: a three-day conference in a hotel whose guest Wi-Fi NATs everyone
# to one public address; the event PWA polls schedule updates every 2 minutes
# (If-None-Match, 304), and when a session ends (every 45 min) everybody
# opens the schedule and room pages at once; Q&A questions and upvotes (POST)
# during talks; badge scanning by exhibitors' phones (POST /api/leads).
@scen
def conference_hotel_wifi_400_attendees():
    L = Log(datetime.datetime(2026, 12, 2, 9, 0, 0), 1010, "events.example-conf.org", proto="HTTP/2.0")
    r = L.rnd
    s = app_site("events.example-conf.org", ["/", "/schedule", "/schedule/day-2", "/speakers", "/sessions/412", "/sessions/418", "/venue-map", "/sponsors"])
    crawlers(L, s, 3600)
    monitor(L, 3600)
    browsers(L, s, 20, 3600)
    hotel = L.ip("193.158.22")
    for a in range(400):
        ua = r.choice(UAS[4:6] + UAS[8:10] + UAS[:3])
        cached = set()
        etag_t = r.uniform(0, 120)
        active = r.random() < 0.6
        t = etag_t
        while active and t < 3600:
            L.add(t, hotel, "GET", "/api/schedule/updates", 304, 0, s.url("/schedule"), ua)
            t += 120
        for brk in [0, 2700]:
            tb = brk + r.expovariate(1 / 25.0)
            page_view(L, s, tb, hotel, ua, "/schedule", "-", cached)
            if r.random() < 0.6:
                page_view(L, s, tb + r.uniform(5, 30), hotel, ua, r.choice(["/sessions/412", "/sessions/418", "/venue-map"]), s.url("/schedule"), cached)
        if r.random() < 0.3:
            tq = r.uniform(600, 2600)
            L.add(tq, hotel, "POST", "/api/qa/412/questions", 201, 300, s.url("/sessions/412"), ua)
        for v in range(r.randint(0, 4)):
            L.add(r.uniform(600, 2600), hotel, "POST", "/api/qa/412/questions/%d/upvote" % r.randint(1, 40), 200, 40, s.url("/sessions/412"), ua)
    for ex in range(30):
        ua = r.choice(UAS[4:6])
        for b in range(r.randint(5, 25)):
            L.add(r.uniform(0, 3600), hotel, "POST", "/api/leads", 201, 200, s.url("/exhibitor/scan"), ua)
    return L, "Conference app (HTTP/2.0): 400 attendees behind one hotel Wi-Fi address (schedule polls every 2 min, everyone opening the schedule at session breaks, Q&A POSTs and upvotes, exhibitors scanning badges), visitors, crawlers", [(hotel, "hotel Wi-Fi NAT, 400 attendees")]


# 11. A Korean community forum: Naver Yeti and Daum crawlers besides Google
# and Bing, users behind Korean mobile carriers' CGNAT.
# Models: a gnuboard-style community (board.php?bo_table=...&wr_id=...),
# Korean searches percent-encoded; Yeti (Naver) crawls at 1-3 req/s with many
# 404 for deleted posts; Daum crawls slower; SKT/KT/LGU+ CGNAT addresses
# carry many users, who log in (POST login_check.php, a typo here and there),
# write comments and use the search.
@scen
def kr_forum_naver_yeti_daum_cgnat():
    L = Log(datetime.datetime(2026, 12, 2, 12, 0, 0), 1011, "www.example-community.kr")
    r = L.rnd
    s = kr_forum_site()
    crawlers(L, s, 3600)
    monitor(L, 3600)
    browsers(L, s, 20, 3600)
    good = []
    yeti = "125.209.%d.%d" % (r.randint(208, 239), r.randint(2, 254))
    daum = "203.133.%d.%d" % (r.randint(160, 191), r.randint(2, 254))
    for ip, ua, rate in [(yeti, "Mozilla/5.0 (compatible; Yeti/1.1; +https://naver.me/spd)", 2.0), (daum, "Mozilla/5.0 (compatible; Daum/4.1; +http://cs.daum.net/faq/15/4118.html?faqId=28966)", 0.3)]:
        for t in poisson(r, 0, 3600, rate):
            p = r.choice(s.pages) if r.random() < 0.7 else "/bbs/board.php?bo_table=%s&wr_id=%d" % (r.choice(["free", "humor", "stock"]), r.randint(20000, 99999))
            L.add(t, ip, "GET", p, 200 if p in s.pages else r.choice([404, 404, 200]), r.randint(5000, 60000), "-", ua)
        L.add(r.uniform(0, 60), ip, "GET", "/robots.txt", 200, 120, "-", ua)
        good.append((ip, ua.split(";")[1].strip()))
    for c in [L.ip("223.38.%d" % r.randint(0, 255)), L.ip("39.7.%d" % r.randint(0, 255)), L.ip("106.101.%d" % r.randint(0, 255))]:
        browsers(L, s, 60, 3600, ips=[c], ua_pool=UAS[4:6] + [UAS[9]], pages_per=(2, 10), think=(5, 60))
        for u in range(25):
            t = r.uniform(0, 3400)
            ua = r.choice(UAS[4:6] + [UAS[9]])
            for typo in range(r.choice([0, 0, 0, 1, 2])):
                L.add(t, c, "POST", "/bbs/login_check.php", 200, 400, s.url("/bbs/login.php"), ua)  # gnuboard answers a failed login with an alert page (200)
                t += r.uniform(6, 20)
            L.add(t, c, "POST", "/bbs/login_check.php", 302, 0, s.url("/bbs/login.php"), ua)
            for cm in range(r.randint(0, 4)):
                t += r.uniform(30, 200)
                L.add(t, c, "POST", "/bbs/write_comment_update.php", 302, 0, s.url(r.choice(s.pages)), ua)
        good.append((c, "Korean mobile carrier CGNAT, 85 users"))
    return L, "Korean community forum: Naver Yeti (~2 req/s, 404s on deleted posts) and Daum crawlers besides Googlebot/Bingbot, 3 carrier CGNAT addresses with 85 users each (logins with typos answered 200, comments, encoded Hangul searches)", good


# 12. Journalists uploading raw footage in 5 MB parts (Uppy, resumable).
# Models: a broadcaster's newsroom upload portal: Uppy splits files into 5 MB
# parts, PUTs 4 in parallel (1-3 PUT/s per person for 10-40 minutes), HEADs
# the upload to resume; the press room NAT (15 journalists); a reporter on
# LTE whose parts time out (408/499) and are retried with the same part number;
# the completion POST.
@scen
def newsroom_multipart_footage_uploads():
    L = Log(T0, 1012, "upload.example-rundfunk.de", proto="HTTP/2.0")
    r = L.rnd
    s = app_site("upload.example-rundfunk.de", ["/", "/uploads", "/uploads/new", "/archive"])
    good = background(L, s, 3600, n=10, office=False)
    press = L.ip("195.200.70")
    lte = L.ip("109.43.%d" % r.randint(0, 255))

    def upload(ip, ua, t, parts, flaky=False):
        uid = hexid(r, 32)
        L.add(t, ip, "POST", "/api/uploads", 201, 200, s.url("/uploads/new"), ua)
        t += 0.5
        for p in range(1, parts + 1):
            if flaky and r.random() < 0.15:
                L.add(t + r.uniform(20, 60), ip, "PUT", "/api/uploads/%s/parts/%d" % (uid, p), r.choice([408, 499]), 0, s.url("/uploads/new"), ua)
                L.add(t + r.uniform(61, 70), ip, "HEAD", "/api/uploads/%s" % uid, 200, 0, s.url("/uploads/new"), ua)
                t += 70
            L.add(t, ip, "PUT", "/api/uploads/%s/parts/%d" % (uid, p), 200, 40, s.url("/uploads/new"), ua)
            t += r.uniform(0.3, 1.2) if not flaky else r.uniform(3, 8)
        L.add(t, ip, "POST", "/api/uploads/%s/complete" % uid, 200, 300, s.url("/uploads/new"), ua)
        return t

    for j in range(15):
        ua = r.choice(UAS[:4] + [UAS[7]])
        t = r.uniform(0, 1200)
        for f in range(r.randint(1, 3)):
            t = upload(press, ua, t, r.randint(200, 900)) + r.uniform(30, 300)
    upload(lte, UAS[4], 300, 250, flaky=True)
    good += [(press, "press room NAT, 15 journalists uploading 5 MB parts"), (lte, "reporter on LTE, parts timing out and retried")]
    return L, "Newsroom upload portal (HTTP/2.0): 15 journalists behind the press room NAT uploading footage as 5 MB parts (1-3 PUT/s each), a reporter on LTE with 408/499 timeouts and retries; visitors", good


# 13. A broker's web app: quiet pre-market, then the 09:00 open.
# Models: an online broker: at 08:00-08:58 a handful of users; at 09:00
# (exchange open) 250 users log in within ~3 minutes (password + 2FA, typos),
# load the portfolio, keep a watchlist open that polls quotes every 15 s and
# place orders (201, 422 when the limit is off or funds short); some sit
# behind bank/corporate NATs.
@scen
def broker_market_open_burst():
    L = Log(datetime.datetime(2026, 12, 2, 7, 0, 0), 1013, "depot.example-broker.de", proto="HTTP/2.0")
    r = L.rnd
    s = app_site("depot.example-broker.de", ["/login", "/depot", "/watchlist", "/order/neu", "/konto/umsaetze"])
    crawlers(L, app_site("www.example-broker.de", ["/", "/konditionen/", "/hilfe/"]), 4200)
    monitor(L, 4200, path="/login")
    corp = [L.ip("62.156.%d" % r.randint(0, 255)), L.ip("193.31.%d" % r.randint(0, 255))]
    good = [(c, "corporate NAT with several traders") for c in corp]

    def trader(ip, t):
        ua = r.choice(UAS)
        page_view(L, s, t, ip, ua, "/login", "-", set())
        t += r.uniform(8, 30)
        for typo in range(r.choice([0, 0, 0, 0, 1, 2])):
            L.add(t, ip, "POST", "/api/auth/login", 401, 90, s.url("/login"), ua)
            t += r.uniform(5, 15)
        L.add(t, ip, "POST", "/api/auth/login", 200, 300, s.url("/login"), ua)
        L.add(t + r.uniform(10, 25), ip, "POST", "/api/auth/2fa", 200, 400, s.url("/login"), ua)
        t += 30
        L.add(t, ip, "GET", "/api/depot", 200, 12000, s.url("/depot"), ua)
        end = t + r.uniform(300, 1800)
        while t < end:
            L.add(t, ip, "GET", "/api/quotes?isins=%s" % ",".join("DE000%07d" % r.randint(0, 9999999) for _ in range(3)), 200, 1800, s.url("/watchlist"), ua)
            if r.random() < 0.02:
                L.add(t + 2, ip, "POST", "/api/orders", 201 if r.random() < 0.8 else 422, 300, s.url("/order/neu"), ua)
            t += 15

    for k in range(6):
        trader(L.ip(), r.uniform(0, 3400))
    for k in range(250):
        ip = corp[k % 2] if k % 7 == 0 else L.ip()
        trader(ip, 3600 + r.expovariate(1 / 50.0))
    return L, "Online broker (HTTP/2.0): an hour with 6 users, then 250 log in within ~3 min of the 09:00 open (typos 401, 2FA), watchlists polling quotes every 15 s, orders 201/422; two corporate NATs", good


# 14. An origin behind a load balancer whose log shows only the balancer.
# Models: a forum's app servers behind an HAProxy pair; the operator's nginx
# log_format is plain combined, so $remote_addr is always one of the two
# balancers' public addresses (a common misconfiguration before someone
# enables real_ip): every user's traffic, logins with typos, 404s and
# searches appear from two addresses at ~20-30 req/s. Banning them takes the
# whole site offline. No policy file: the operator has not declared them.
@scen
def origin_logs_only_the_balancer():
    L = Log(T0, 1014, "forum.example-fans.net")
    r = L.rnd
    s = forum_site()
    browsers(L, s, 180, 3600)
    crawlers(L, s, 3600)
    for u in range(60):
        ip = L.ip()
        t = r.uniform(0, 3500)
        for typo in range(r.choice([0, 0, 0, 1, 2, 3])):
            L.add(t, ip, "POST", "/login/login", 200, 9000, s.url("/login/"), UAS[0])  # XenForo re-renders the form
            t += r.uniform(5, 20)
        L.add(t, ip, "POST", "/login/login", 303, 0, s.url("/login/"), UAS[0])
        for p in range(r.randint(0, 5)):
            L.add(t + r.uniform(20, 600), ip, "POST", "/threads/%d/add-reply" % r.randint(40000, 41200), 200, 3000, s.url("/threads/x/"), UAS[0])
        for q in range(r.randint(0, 3)):
            L.add(t + r.uniform(20, 600), ip, "GET", "/posts/%d/" % r.randint(1, 900000), r.choice([200, 404, 403]), 3000, "-", UAS[0])
    lbs = ["49.13.%d.%d" % (r.randint(0, 255), r.randint(2, 254)) for _ in range(2)]
    ev = []
    for e in L.ev:
        ev.append((e[0], e[1], r.choice(lbs)) + e[3:])
    L.ev = ev
    L.used.update(lbs)
    return L, "Forum origin behind an HAProxy pair, plain combined log: every request (180 visitors, 60 logins with typos, replies, 404s, crawlers) appears from one of two balancer addresses, ~20-30 req/s; no trusted proxy configured", [(lbs[0], "load balancer 1 (all users behind it)"), (lbs[1], "load balancer 2 (all users behind it)")]


# 15. nginx with the real_ip module behind a CDN: $remote_addr is the client,
# the logged X-Forwarded-For is the CDN's chain.
# Models: a news site behind Cloudflare; set_real_ip_from the CDN's ranges and
# real_ip_header X-Forwarded-For, so $remote_addr is already the reader; the
# trailing "$http_x_forwarded_for" field still shows what arrived: the reader,
# or "inner, reader" when the reader's company proxy (Zscaler) added its own
# hop. No policy file (the rewriting is done by nginx).
@scen
def news_realip_module_behind_cdn():
    L = Log(T0, 1015, "www.example-tagblatt.de", proto="HTTP/2.0")
    r = L.rnd
    s = news_site()
    L.fmt = dict(xff_all=True)
    browsers(L, s, 60, 3600)
    crawlers(L, s, 3600)
    monitor(L, 3600)
    zs = L.ip("165.225.%d" % r.randint(64, 95))
    inner = ["10.%d.%d.%d" % (r.randint(0, 255), r.randint(0, 255), r.randint(2, 254)) for _ in range(60)]
    browsers(L, s, 60, 3600, ips=[zs], xffs=inner)
    nat = L.ip("194.25.17")
    browsers(L, s, 30, 3600, ips=[nat])
    real_ip_edge(L)
    return L, "News site, nginx real_ip behind a CDN: $remote_addr is the reader, trailing XFF the CDN's chain; 60 readers, a Zscaler egress with 60 employees (XFF 'inner, egress'), an office NAT, crawlers", [(zs, "Zscaler egress, 60 employees (XFF inner, egress)"), (nat, "office NAT, 30 people")]


# 16. Repository harvesters: OAI-PMH, Google Scholar, IIIF image viewers.
# Models: a university DSpace: OAI-PMH harvesters (BASE, CORE, OpenAIRE-like)
# page through ListRecords with resumptionToken every 1-3 s; one is told 503
# + Retry-After when too fast and waits; Google Scholar's crawler (Googlebot)
# fetches PDFs; readers open PDFs (Chrome's viewer fetches by Range) and
# zoom scanned theses in a IIIF viewer (Mirador: dozens of tile requests per
# zoom, 404 for tiles outside the image at the edge).
@scen
def oai_pmh_harvesters_and_iiif_tiles():
    L = Log(T0, 1016, "repository.uni-example.edu")
    r = L.rnd
    s = app_site("repository.uni-example.edu", ["/", "/browse/dateissued", "/items/%s" % hexid(r, 8), "/items/%s" % hexid(r, 8), "/search?query=" + pct("Klimawandel Alpen")])
    good = background(L, s, 3600, n=20, office=False)
    hv = [("java/17.0.9 (BASE Harvester)", 1.5), ("Mozilla/5.0 (compatible; CORE/0.6; +http://core.ac.uk; http://core.ac.uk/intro/contact)", 2.5), ("OpenAIRE-harvester/3.4 Java/11.0.21", 1.0)]
    for ua, gap in hv:
        ip = L.ip()
        t = r.uniform(0, 300)
        L.add(t, ip, "GET", "/server/oai/request?verb=Identify", 200, 1200, "-", ua)
        L.add(t + 1, ip, "GET", "/server/oai/request?verb=ListRecords&metadataPrefix=oai_dc&from=2026-11-01", 200, 280000, "-", ua)
        t += 2
        while t < 3500:
            tok = "oai_dc////%d" % r.randint(100, 90000)
            if gap < 1.2 and 1500 < t < 1530:
                L.add(t, ip, "GET", "/server/oai/request?verb=ListRecords&resumptionToken=" + pct(tok), 503, 200, "-", ua)
                t += 120
                continue
            L.add(t, ip, "GET", "/server/oai/request?verb=ListRecords&resumptionToken=" + pct(tok), 200, r.randint(150000, 400000), "-", ua)
            t += r.uniform(gap * 0.7, gap * 1.3)
        good.append((ip, "OAI-PMH harvester (%s)" % ua.split(" ")[0]))
    gs = "66.249.79.%d" % r.randint(2, 250)
    for t in poisson(r, 0, 3600, 0.25):
        L.add(t, gs, "GET", "/bitstreams/%s-%s/download" % (hexid(r, 8), hexid(r, 4)), r.choice([200] * 9 + [404]), r.randint(200000, 9000000), "-", GOOGLEBOT)
    good.append((gs, "Googlebot (Scholar) fetching PDFs"))
    for k in range(25):
        ip = L.ip()
        ua = r.choice(UAS[:4])
        t = r.uniform(0, 3300)
        img = hexid(r, 24)
        for z in range(r.randint(2, 8)):
            lvl = r.choice([512, 1024, 2048, 4096])
            for tile in range(r.randint(12, 40)):
                x, y = r.randint(0, 9) * lvl, r.randint(0, 12) * lvl
                L.add(t + tile * 0.02, ip, "GET", "/iiif/2/%s/%d,%d,%d,%d/512,/0/default.jpg" % (img, x, y, lvl, lvl), 200 if r.random() < 0.9 else 404, r.randint(8000, 60000), s.url("/items/x"), ua)
            t += r.uniform(3, 30)
        f = "/bitstreams/%s/download" % hexid(r, 12)
        L.add(t, ip, "GET", f, 200, 65536, s.url("/items/x"), ua)
        for c in range(r.randint(3, 20)):
            L.add(t + 0.3 + c * 0.1, ip, "GET", f, 206, 65536, s.url("/items/x"), ua)
        if k < 4:
            good.append((ip, "reader zooming a scanned thesis (IIIF tiles) and reading a PDF by Range"))
    return L, "University repository: 3 OAI-PMH harvesters paging ListRecords every 1-3 s (one gets 503 + Retry-After and waits), Googlebot fetching PDFs, 25 readers zooming IIIF tiles (12-40 tiles per zoom, some 404 at the edges) and reading PDFs by Range; visitors, crawlers", good


# 17. Election night: media organisations polling the results feed.
# Models: a state's returning officer publishes results as JSON; accredited
# media (news agency, broadcasters, newspapers: 25 datacenter addresses)
# poll latest.json every 2-15 s with If-Modified-Since (304 mostly, 200
# when a district reports); at 18:00 (polls close) the public arrives after a
# quiet afternoon: the results page auto-refreshes every 60 s, and during
# the first minutes the site answers 503 to some, who reload.
@scen
def gov_election_night_results_feed():
    L = Log(datetime.datetime(2026, 12, 6, 16, 30, 0), 1017, "wahlen.example-land.gov")
    r = L.rnd
    s = gov_site("wahlen.example-land.gov")
    crawlers(L, s, 5400)
    monitor(L, 5400)
    browsers(L, s, 8, 1800)
    good = []
    for m in range(25):
        ip = dc_ip(L)
        gap = r.choice([2, 5, 5, 10, 15])
        ua = r.choice(["python-requests/2.32.3", "Go-http-client/2.0", "curl/8.9.1", "dpa-wahl-poller/3.1", "Apache-HttpClient/5.3.1 (Java/21.0.4)"])
        t = r.uniform(1500, 1800)
        while t < 5400:
            L.add(t, ip, "GET", "/api/ergebnisse/landtag-2026/latest.json", 304 if r.random() < 0.85 else 200, 0, "-", ua)
            t += gap
        if m < 6:
            good.append((ip, "accredited media poller every %d s" % gap))
    nats = [L.ip() for _ in range(4)]
    for v in range(240):
        ip = nats[v % 4] if v % 5 == 0 else L.ip()
        ua = r.choice(UAS)
        t = 1800 + r.expovariate(1 / 120.0)
        cached = set()
        end = t + r.uniform(300, 3000)
        first = True
        while t < min(end, 5400):
            st = 503 if (1800 <= t < 2100 and r.random() < 0.25) else 200
            page_view(L, s, t, ip, ua, "/ergebnisse/landtag-2026/", "-" if first else s.url("/ergebnisse/landtag-2026/"), cached, status=st)
            first = False
            t += r.uniform(2, 8) if st == 503 else 60
        if v < 3:
            good.append((ip, "viewer, results page auto-refreshing every 60 s (503 reloads)"))
    good += [(n, "household/office NAT of viewers") for n in nats]
    return L, "Election night: 25 accredited media pollers on latest.json every 2-15 s (If-Modified-Since, 304), 240 viewers arriving at 18:00 after a quiet afternoon, the results page auto-refreshing every 60 s, 503s and reloads in the first minutes", good


# 18. Community game servers heart-beating to a master server.
# Models: 160 community-run dedicated servers (rented boxes at OVH, Hetzner,
# i3D; one provider runs 40 instances on one address on different ports)
# POST a heartbeat every 30 s; the master restarts and answers 503 for ~40 s,
# then 409 to heartbeats of servers it no longer knows, which re-register
# (POST /register) with backoff; game clients list servers by region.
@scen
def community_game_server_heartbeats():
    L = Log(T0, 1018, "master.example-arena.gg")
    r = L.rnd
    good = []
    boxes = [dc_ip(L) for _ in range(30)]
    ua = "ArenaDedicated/9.2.1 (Linux x86_64; steamcmd)"
    restart = (900.0, 940.0)
    for i in range(160):
        ip = boxes[0] if i < 40 else r.choice(boxes[1:])
        t = r.uniform(0, 30)
        port = 27015 + i
        L.add(t, ip, "POST", "/v1/servers/register", 201, 120, "-", ua)
        known = True
        back = 2
        while t < 1800:
            t += 30
            if restart[0] <= t < restart[1]:
                L.add(t, ip, "POST", "/v1/servers/%d:%d/heartbeat" % (i, port), 503, 0, "-", ua)
                known = False
                continue
            if not known:
                L.add(t, ip, "POST", "/v1/servers/%d:%d/heartbeat" % (i, port), 409, 60, "-", ua)
                t += back
                L.add(t, ip, "POST", "/v1/servers/register", 201, 120, "-", ua)
                known = True
                continue
            L.add(t, ip, "POST", "/v1/servers/%d:%d/heartbeat" % (i, port), 200, 20, "-", ua)
    good.append((boxes[0], "hosting box with 40 server instances (heartbeats, 503/409/re-register)"))
    good += [(b, "hosting box with a few server instances") for b in boxes[1:4]]
    cl = [L.ip() for _ in range(120)]
    for c in cl:
        t = r.uniform(0, 1700)
        for pg in range(r.randint(1, 5)):
            L.add(t + pg * 0.3, c, "GET", "/v1/servers?region=%s&page=%d" % (r.choice(["eu", "na", "as"]), pg), 200, 30000, "-", "ArenaClient/9.2.1 (Windows 10.0.22631; x64) UnityPlayer/2022.3.42f1")
    return L, "Game master server: 160 community dedicated servers (40 of them on one hosting address) heart-beating every 30 s, a master restart with 40 s of 503 then 409 and re-registration, 120 clients listing servers", good


# 19. An editor bulk-retagging 1,200 posts through the WordPress REST API.
# Models: a magazine's editor runs a python script with an application
# password from home: the first three calls get 401 (the password pasted
# with its spaces removed wrongly), then GET the posts 100 per page and POST
# each post's new tags at 3-5 per second; a few 400 rest_invalid_param;
# meanwhile the site has readers, the WordPress mobile app (the editor's
# phone) and crawlers.
@scen
def wp_rest_application_password_bulk_edit():
    L = Log(T0, 1019, "magazin.example-kultur.de")
    r = L.rnd
    s = blog_site("magazin.example-kultur.de")
    good = background(L, s, 3600, n=30)
    ed = L.ip()
    ua = "python-requests/2.32.3"
    t = 1000.0
    for i in range(3):
        L.add(t, ed, "GET", "/wp-json/wp/v2/users/me?context=edit", 401, 120, "-", ua)
        t += r.uniform(20, 90)
    L.add(t, ed, "GET", "/wp-json/wp/v2/users/me?context=edit", 200, 900, "-", ua)
    for pg in range(1, 13):
        t += 1.5
        L.add(t, ed, "GET", "/wp-json/wp/v2/posts?per_page=100&page=%d&_fields=id,tags,categories" % pg, 200, 30000, "-", ua)
    for i in range(1200):
        t += r.uniform(0.2, 0.3)
        L.add(t, ed, "POST", "/wp-json/wp/v2/posts/%d" % (2000 + i), 400 if r.random() < 0.01 else 200, 3000, "-", ua)
    app = L.ip("2.206.%d" % r.randint(0, 255))
    for k in range(30):
        L.add(r.uniform(0, 3600), app, r.choice(["GET", "GET", "POST"]), "/wp-json/wp/v2/%s" % r.choice(["posts?status=draft", "media", "comments?status=hold", "posts/2211"]), 200, 5000, "-", "wp-iphone/25.4 (iOS 18.1.1, iPhone16,1) Mobile")
    good += [(ed, "editor's REST script: 3 x 401, then 1,200 POSTs at 3-5/s"), (app, "WordPress iOS app")]
    return L, "Magazine WordPress: an editor's python script with an application password (3 x 401, then 12 list pages and 1,200 POST /wp-json/wp/v2/posts/ID at 3-5/s, 1% 400), the WordPress iOS app, readers, crawlers, office NAT", good


# 20. iCloud Private Relay: many iPhone shoppers behind the same egress.
# Models: Safari users with Private Relay reach the site through egress
# addresses operated by CDN partners (Cloudflare 104.28.x, Akamai
# 172.224-232.x, Fastly 146.75.x); users of the same region share an egress
# for a while: a French shop sees a dozen addresses each carrying 25-40
# shoppers browsing, logging in (some typos), adding to the cart, checking
# out; Apple's own link-preview fetcher too.
@scen
def icloud_private_relay_shoppers():
    L = Log(T0, 1020, "boutique.example-mode.fr", proto="HTTP/2.0")
    r = L.rnd
    s = shop_site("boutique.example-mode.fr")
    good = background(L, s, 3600, n=25, office=False)
    eg = ["104.28.%d.%d" % (r.randint(0, 255), r.randint(2, 254)) for _ in range(5)] + ["172.225.%d.%d" % (r.randint(0, 255), r.randint(2, 254)) for _ in range(4)] + ["146.75.%d.%d" % (r.randint(0, 255), r.randint(2, 254)) for _ in range(3)]
    ios = [UAS[4], UAS[8], "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"]
    for e in eg:
        L.proto_of[e] = "HTTP/3.0"
        browsers(L, s, r.randint(25, 40), 3600, ips=[e], ua_pool=ios)
        for u in range(r.randint(3, 8)):
            t = r.uniform(0, 3400)
            ua = r.choice(ios)
            for typo in range(r.choice([0, 0, 1, 2])):
                L.add(t, e, "POST", "/customer/account/loginPost/", 302, 0, s.url("/customer/account/login/"), ua)
                L.add(t + 0.4, e, "GET", "/customer/account/login/", 200, 30000, s.url("/customer/account/login/"), ua)
                t += r.uniform(8, 25)
            L.add(t, e, "POST", "/customer/account/loginPost/", 302, 0, s.url("/customer/account/login/"), ua)
            L.add(t + 0.4, e, "GET", "/customer/account/", 200, 30000, s.url("/customer/account/login/"), ua)
            L.add(t + r.uniform(20, 200), e, "POST", "/checkout/cart/add/uenc/%s/product/%d/" % (rand_token(r, 40), r.randint(100, 900)), 200, 400, s.url("/linen-shirt-0.html"), ua)
        good.append((e, "iCloud Private Relay egress, 25-40 iPhone shoppers"))
    ap = "17.58.%d.%d" % (r.randint(96, 111), r.randint(2, 254))
    for k in range(12):
        L.add(r.uniform(0, 3600), ap, "GET", r.choice(s.pages), 200, 30000, "-", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)")
    good.append((ap, "Applebot"))
    return L, "French shop: 12 iCloud Private Relay egresses (Cloudflare/Akamai/Fastly, HTTP/3.0) each carrying 25-40 iPhone shoppers (browsing, logins with typos answered 302 back to the form, cart adds), Applebot, visitors, crawlers", good


def main():
    run(SC, OUT, "fresh-s16 benign: ", benign=True)


main()
