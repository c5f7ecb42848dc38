"""fresh-s15 attacks8: sixteen attack kinds as they are run today, not
covered by the earlier realistic sets (see the file names in
bench/detect/realistic/*/), each inside ordinary traffic of a different kind
of site, with the benign look-alikes around it listed as never-banned (and
every unlisted client never-banned too).

Written before looking at detector/, patterns/, rules/default.toml, the other
realistic sets' logs or reports, or the Detection section of the README
(session 15, role "fresh"): nothing here is tuned to guardctl.
Run: python3 attacks.py [scenario-name ...]   (fixed seeds, byte-identical output)
"""
import datetime, os, urllib.parse
from base import *

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.environ.get("OUT", os.path.join(HERE, "..", "attacks8"))
T0 = datetime.datetime(2026, 12, 1, 13, 0, 0)
SC = []


def scen(f):
    SC.append(f)
    return f


def q(s):
    return urllib.parse.quote(s, safe="")


def rand_token(r, n, alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"):
    return "".join(r.choice(alphabet) for _ in range(n))


# 1. Exploit chains for CVEs of the second half of 2025 against a SaaS host.
# Models: mass-exploitation botnets and scanners after public PoCs: WSUS
# CVE-2025-59287 (POST the SOAP endpoints ClientWebService/Client.asmx and
# ReportingWebService), FortiWeb CVE-2025-64446 (POST /api/v2.0/cmdb/system/
# admin%3F/../../../../../cgi-bin/fwbcgi, then a GET with the new admin),
# CrushFTP CVE-2025-54309/31161 (/WebInterface/function/?command=getUserList),
# Wing FTP CVE-2025-47812 (POST /loginok.html then /dir.html), Commvault
# CVE-2025-34028 (/commandcenter/deployWebpackage.do), Ivanti EPMM
# CVE-2025-4427/4428 (/mifs/rs/api/v2/featureusage?format=${...}), Sitecore
# CVE-2025-53690 (/sitecore/blocked.aspx ViewState). Each source sends the 2-5
# requests of one chain (all 404 here: the host runs none of it) with the
# python/Go/curl UAs the PoCs use; a few chains from residential proxies.
@scen
def exploit_chains_2025_h2_wsus_fortiweb_crushftp():
    L = Log(T0, 901, "app.example-ledger.io")
    r = L.rnd
    s = saas_site()
    good = background(L, s, 3600)
    chains = [
        [("POST", "/ClientWebService/Client.asmx"), ("POST", "/ReportingWebService/ReportingWebService.asmx"), ("POST", "/SimpleAuthWebService/SimpleAuth.asmx")],
        [("POST", "/api/v2.0/cmdb/system/admin%3F/../../../../../cgi-bin/fwbcgi"), ("GET", "/api/v2.0/system/status.systemstatus")],
        [("GET", "/WebInterface/"), ("POST", "/WebInterface/function/?command=getUserList&serverGroup=MainUsers&c2f=" + "x" * 4), ("GET", "/WebInterface/function/?command=getUsername&c2f=abcd")],
        [("POST", "/loginok.html"), ("GET", "/dir.html")],
        [("GET", "/commandcenter/deployWebpackage.do?commserveName=x&servicePack=../../Apache/webapps/ROOT&version=Cmd"), ("GET", "/commandcenter/RestServlet")],
        [("GET", "/mifs/rs/api/v2/featureusage?format=%24%7B%22%22.getClass().forName(%22java.lang.Runtime%22)%7D"), ("GET", "/mifs/rs/api/v2/featureusage_history?format=x")],
        [("GET", "/sitecore/blocked.aspx"), ("POST", "/sitecore/blocked.aspx?__VIEWSTATE=%2FwEy" + rand_token(r, 60))],
        [("GET", "/+CSCOE+/logon.html"), ("POST", "/+CSCOU+/../+CSCOE+/files/file_action.html?mode=upload&path=%2F&server=x")],
        [("POST", "/api/v1/validate/code"), ("GET", "/api/v1/version")],
    ]
    uas = ["python-requests/2.32.3", "Go-http-client/1.1", "curl/8.5.0", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "python-httpx/0.27.2"]
    bad = []
    for k in range(36):
        ip = dc_ip(L) if k < 28 else L.ip()
        ch = chains[k % len(chains)]
        ua = r.choice(uas)
        t = r.uniform(0, 3500)
        for m, p in ch:
            L.add(t, ip, m, p, r.choice([404, 404, 404, 400, 405]), 150, "-", ua)
            t += r.uniform(0.2, 3)
        bad.append((ip, "exploit chain for a 2025 CVE (%s)" % ch[0][1][:40]))
    return L, "SaaS host: 36 sources (28 hosting, 8 residential) each send the 2-3 requests of one 2025 exploit chain (WSUS CVE-2025-59287, FortiWeb CVE-2025-64446, CrushFTP, Wing FTP, Commvault, Ivanti EPMM, Sitecore ViewState, Cisco ASA, Langflow), all 404/400/405; users, office NAT", bad, good


# 2. AI-infrastructure exploit sweep.
# Models: scanners hunting exposed AI tooling (ShadowRay-style campaigns,
# Ollama and ComfyUI hunters, Langflow CVE-2025-3248, MLflow path traversal,
# Gradio file read): GET /api/tags and POST /api/pull (Ollama), /object_info
# and /upload/image (ComfyUI), /api/jobs/ (Ray dashboard), /ajax-api/2.0/
# mlflow/..., /gradio_api/file=/etc/passwd, /api/v1/validate/code; each
# scanner 8-25 requests at 1-5/s; a slow one spread over an hour.
@scen
def ai_infra_exploit_sweep():
    L = Log(T0, 902, "www.uni-example.edu")
    r = L.rnd
    s = uni_site()
    good = background(L, s, 3600)
    paths = [("GET", "/api/tags"), ("GET", "/api/version"), ("POST", "/api/pull"), ("POST", "/api/generate"), ("GET", "/object_info"), ("POST", "/upload/image"), ("GET", "/prompt"), ("GET", "/api/jobs/"), ("POST", "/api/jobs/"),
             ("GET", "/ajax-api/2.0/mlflow/experiments/list"), ("GET", "/get-artifact?path=..%2F..%2F..%2F..%2Fetc%2Fpasswd&run_uuid=" + hexid(r, 32)), ("GET", "/gradio_api/file=/etc/passwd"), ("GET", "/file=/proc/self/environ"),
             ("POST", "/api/v1/validate/code"), ("GET", "/api/v1/auto_login"), ("GET", "/v1/models"), ("GET", "/api/v1/models"), ("GET", "/docs"), ("GET", "/openapi.json"), ("GET", "/dashboard/"), ("GET", "/api/cluster_status"), ("GET", "/webui/"), ("GET", "/api/config")]
    bad = []
    for k in range(6):
        ip = dc_ip(L)
        ua = r.choice(["python-requests/2.31.0", "Go-http-client/1.1", "Mozilla/5.0 zgrab/0.x", "aiohttp/3.10.5", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36"])
        n = r.randint(8, 23)
        slow = k == 5
        t = r.uniform(0, 3000 if not slow else 100)
        for m, p in r.sample(paths, n):
            L.add(t, ip, m, p, r.choice([404] * 6 + [405, 400]), 150, "-", ua)
            t += r.uniform(150, 300) if slow else r.uniform(0.2, 1)
        bad.append((ip, "AI-infrastructure sweep (Ollama/ComfyUI/Ray/MLflow/Gradio/Langflow), %d requests%s" % (n, " over an hour" if slow else "")))
    return L, "University site: 6 scanners sweep for exposed AI tooling (Ollama /api/tags /api/pull, ComfyUI /object_info, Ray /api/jobs/, MLflow traversal, Gradio file=/etc/passwd, Langflow validate/code), 8-23 requests each at 1-5/s, one spread over an hour; visitors, office NAT", bad, good


# 3. One-request probes for AI-coding-tool and ML secrets, fresh addresses.
# Models: 2025-2026 secret harvesters adding AI tools' config files to their
# lists: /.cursor/mcp.json, /.claude/settings.json, /.continue/config.json,
# /.codex/config.toml, /.streamlit/secrets.toml, /.huggingface/token,
# /.env.openai, /openai.env, /mcp.json, /.aider.conf.yml, /.gemini/settings.json,
# /langchain.env, /.config/gcloud/application_default_credentials.json...
# 70 addresses (a botnet of hosting + residential proxies), each sending ONE
# request, 404; a few get a 403 (the file exists but is denied).
@scen
def ai_tool_secret_oneshots():
    L = Log(T0, 903, "www.example-tagblatt.de")
    r = L.rnd
    s = news_site()
    good = background(L, s, 3600)
    paths = ["/.cursor/mcp.json", "/.claude/settings.json", "/.claude.json", "/.continue/config.json", "/.codex/config.toml", "/.streamlit/secrets.toml", "/.huggingface/token", "/.env.openai", "/openai.env", "/mcp.json",
             "/.aider.conf.yml", "/.gemini/settings.json", "/langchain.env", "/.config/gcloud/application_default_credentials.json", "/.env.anthropic", "/.vscode/mcp.json", "/config/openai.yaml", "/.windsurf/mcp_config.json", "/.ollama/id_ed25519", "/api_keys.json"]
    bad = []
    for k in range(70):
        ip = dc_ip(L) if k < 45 else L.ip()
        ua = r.choice(UAS + ["curl/8.4.0", "Go-http-client/1.1", "python-requests/2.32.3"])
        L.add(r.uniform(0, 3600), ip, "GET", r.choice(paths), 403 if r.random() < 0.06 else 404, 150, "-", ua)
        bad.append((ip, "one request for an AI-tool secret file"))
    return L, "News site: 70 addresses (45 hosting, 25 residential) each send ONE request for an AI coding tool / ML secret file (.cursor/mcp.json, .claude/settings.json, .streamlit/secrets.toml, .huggingface/token, .env.openai...), 404 (6% 403); readers, office NAT", bad, good


# 4. OAuth client-secret brute force on the token endpoint.
# Models: an attacker who found a client_id in a mobile app bundle guesses
# the confidential client's secret: POST /oauth2/token with
# grant_type=client_credentials (body not logged; the path is all the log
# shows), 401 invalid_client, from 3 VPS at 1-3/s for 20 minutes, one of them
# honouring 429 for 60 s then resuming. Around it: the SaaS's real API clients
# (a backend doing client_credentials every 55 min, a mobile app's refresh
# grants behind CGNAT, one integration with a rotated secret failing 401
# every 5 minutes as its cron retries).
@scen
def oauth_client_secret_bruteforce():
    L = Log(T0, 904, "api.example-ledger.io")
    r = L.rnd
    s = saas_site()
    good = background(L, s, 3600)
    bad = []
    for k in range(3):
        ip = dc_ip(L)
        ua = ["python-requests/2.32.3", "axios/1.7.7", "Go-http-client/2.0"][k]
        t = r.uniform(100, 1200)
        end = t + 1200
        while t < end:
            if k == 2 and 1500 < t < 1560:
                L.add(t, ip, "POST", "/oauth2/token", 429, 60, "-", ua)
                t += 60
                continue
            L.add(t, ip, "POST", "/oauth2/token", 401, 88, "-", ua)
            t += r.uniform(0.33, 1.0)
        bad.append((ip, "client_secret guessing on /oauth2/token, 1-3/s for 20 min"))
    be = L.ip("49.12.100")
    for t in range(0, 3600, 3300):
        L.add(t + 5, be, "POST", "/oauth2/token", 200, 900, "-", "Go-http-client/2.0")
        for t2 in poisson(r, t + 6, min(3600, t + 3300), 2):
            L.add(t2, be, "GET", "/v1/invoices?updated_since=2026-12-01T00:00:00Z&page=%d" % r.randint(1, 40), 200, 22000, "-", "Go-http-client/2.0")
    cg = "80.187.110.%d" % r.randint(2, 250)
    for u in range(150):
        t = r.uniform(0, 3500)
        L.add(t, cg, "POST", "/oauth2/token", 200 if r.random() < 0.97 else 400, 1200, "-", "Ledger/5.2.1 (iPhone; iOS 18.1; Scale/3.00)")
    stale = L.ip()
    for t in range(60, 3600, 300):
        for k in range(3):
            L.add(t + k * 2, stale, "POST", "/oauth2/token", 401, 88, "-", "Zapier")
    good += [(be, "backend's client_credentials every 55 min then 2 API calls/s"), (cg, "mobile CGNAT: 150 refresh grants"), (stale, "integration with a rotated secret, 3 failed tries every 5 min")]
    return L, "SaaS API: client_secret guessing on /oauth2/token from 3 VPS at 1-3 tries/s for 20 minutes (401; one pausing on 429); a backend's grants, 150 mobile refresh grants behind CGNAT, an integration with a rotated secret failing 3x every 5 min", bad, good


# 5. WebSocket upgrade storm against a game backend.
# Models: a flood that opens WebSocket handshakes as fast as it can (the
# server answers 101 until its accept queue is full, then 503 / the client
# disconnects: 499): one VPS at ~150/s for 30 s, another at ~40/s for 75 s,
# a third ladder 10/s for 75 s. Around it: 300 players whose clients
# reconnect after a server deploy (one handshake, 1-3 retries with backoff).
@scen
def websocket_upgrade_storm_game():
    L = Log(T0, 905, "api.example-arena.gg")
    r = L.rnd
    s = game_site()
    good = background(L, s, 1800, n=20)
    bad = []
    for ip_rate_dur in [(150, 30), (40, 75), (10, 75)]:
        ip = dc_ip(L)
        rate, dur = ip_rate_dur
        t0 = r.uniform(300, 1500)
        for t in poisson(r, t0, t0 + dur, rate):
            L.add(t, ip, "GET", "/ws/v2/realtime?region=eu&v=9.2", r.choice([101] * 3 + [503, 499]), 0, "-", r.choice(["Go-http-client/1.1", "-"]) if rate > 100 else "Go-http-client/1.1")
        bad.append((ip, "WebSocket handshake flood ~%d/s for %d s" % (rate, dur)))
    deploy = 900
    cg = "37.80.3.%d" % r.randint(2, 250)
    ua = "UnityPlayer/2022.3.52f1 (UnityWebRequest/1.0, libcurl/8.5.0-DEV)"
    for p in range(300):
        ip = cg if p < 100 else L.ip()
        t = deploy + r.uniform(0, 5)
        for a in range(r.randint(1, 4)):
            L.add(t, ip, "GET", "/ws/v2/realtime?region=eu&v=9.2", 503 if a < 2 and r.random() < 0.5 else 101, 0, "-", ua)
            t += min(30, 2 ** a) + r.uniform(0, 1)
        if p in (100, 101):
            good.append((ip, "player reconnecting after a deploy (1-4 handshakes, backoff)"))
    good.append((cg, "carrier CGNAT: 100 players reconnecting after a deploy"))
    return L, "Game backend: WebSocket handshake floods from 3 VPS (~150/s for 30 s, ~40/s for 75 s, ~10/s for 75 s; 101/503/499); 300 players reconnecting with backoff after a deploy (100 behind one CGNAT)", bad, good


# 6. HEAD, OPTIONS and random-query floods against a news site.
# Models: three cheap L7 floods from stresser services: HEAD / at ~600/s for
# 15 s, CORS preflight OPTIONS on the API at ~80/s for 40 s, and GET
# /?s=<random> (cache busting with the search param) at ~12/s for 75 s with
# a fixed browser UA. Around it: a liveticker poller, a link checker doing
# HEAD on 400 links at 5/s, readers.
@scen
def head_options_query_floods_news():
    L = Log(T0, 906, "www.example-tagblatt.de")
    r = L.rnd
    s = news_site()
    good = background(L, s, 1800)
    bad = []
    ip = dc_ip(L)
    for t in poisson(r, 400, 415, 600):
        L.add(t, ip, "HEAD", "/", 200, 0, "-", r.choice(UAS))
    bad.append((ip, "HEAD / flood ~600/s for 15 s"))
    ip = dc_ip(L)
    for t in poisson(r, 700, 740, 80):
        L.add(t, ip, "OPTIONS", "/api/v1/comments?article=%d" % r.randint(1, 90000), 204, 0, "https://www.example-tagblatt.de/", UAS[0])
    bad.append((ip, "OPTIONS preflight flood ~80/s for 40 s"))
    ip = dc_ip(L)
    for t in poisson(r, 1000, 1075, 12):
        L.add(t, ip, "GET", "/?s=%s" % rand_token(r, 8, "abcdefghijklmnopqrstuvwxyz"), 200, 60000, "-", UAS[3])
    bad.append((ip, "random-query cache-busting GET ~12/s for 75 s"))
    lc = L.ip()
    t = 200
    for k in range(400):
        L.add(t, lc, "HEAD", r.choice(s.pages) if r.random() < 0.5 else "/img/%d/teaser-w480.webp" % r.randint(100000, 999999), r.choice([200] * 18 + [404, 301]), 0, "-", "Mozilla/5.0 (compatible; Linkchecker/10.5.0; +https://linkchecker.github.io/linkchecker/)")
        t += r.uniform(0.15, 0.25)
    good.append((lc, "link checker HEADing 400 links at ~5/s"))
    return L, "News site: HEAD / flood ~600/s for 15 s, OPTIONS preflight flood ~80/s for 40 s, random ?s= cache-busting GETs ~12/s for 75 s (each one VPS); a link checker HEADing 400 links at 5/s, readers, office NAT", bad, good


# 7. JSON POST flood from a VPS swarm against a SaaS search API.
# Models: a botnet of 10 cloud VMs each POSTing /api/v1/search with random
# bodies at ~25/s for 60 s (200, then 429 as the API's limiter kicks in; they
# ignore it), ~250 req/s in total. Around it: the SaaS's heavy users: a BI
# tool paging a report (3/s for 10 min), office users searching.
@scen
def json_post_flood_saas_vps_swarm():
    L = Log(T0, 907, "app.example-ledger.io")
    r = L.rnd
    s = saas_site()
    good = background(L, s, 1800)
    bad = []
    t0 = 800
    for k in range(10):
        ip = dc_ip(L)
        st0 = t0 + r.uniform(0, 5)
        for t in poisson(r, st0, st0 + 60, 25):
            L.add(t, ip, "POST", "/api/v1/search", 200 if t < st0 + 8 else 429, 3000 if t < st0 + 8 else 90, "-", "axios/1.7.7")
        bad.append((ip, "JSON POST flood ~25/s for 60 s (one of 10 VMs)"))
    bi = L.ip("87.138.121")
    for t in poisson(r, 300, 900, 3):
        L.add(t, bi, "POST", "/api/v1/search", 200, 40000, "-", "PowerBI/2.138 (Microsoft.Data.Mashup)")
    good.append((bi, "BI tool paging a report via the search API, 3/s for 10 min"))
    return L, "SaaS API: 10 cloud VMs POST /api/v1/search ~25/s each for 60 s (~250/s together, 429 ignored after 8 s); a BI tool at 3/s for 10 minutes, office users", bad, good


# 8. Slow distributed TOTP brute force on a government portal's step-up.
# Models: the attacker has citizens' passwords (a phishing kit) and guesses
# the 6-digit second factor: POST /konto/2fa 401 from 40 residential-proxy
# addresses, each only 1 try every 2-6 minutes (under per-IP limits), for
# 2 hours, each after a POST /konto/login 302 (the password is right).
# Around it: citizens logging in, some mistyping their code once or twice.
@scen
def totp_step_up_brute_distributed_gov():
    L = Log(T0, 908, "service.example-land.gov")
    r = L.rnd
    s = portal_site()
    good = background(L, s, 7200, n=40)
    bad = []
    for k in range(40):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, 300)
        while t < 7200:
            L.add(t, ip, "POST", "/konto/login", 302, 0, "https://service.example-land.gov/konto/", ua)
            L.add(t + r.uniform(1, 3), ip, "POST", "/konto/2fa", 401, 2100, "https://service.example-land.gov/konto/2fa", ua)
            t += r.uniform(120, 360)
        bad.append((ip, "TOTP guessing: login then one wrong code every 2-6 min for 2 h"))
    for k in range(120):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, 7000)
        page_view(L, s, t, ip, ua, "/konto/", s.url("/"), set())
        t += r.uniform(10, 30)
        L.add(t, ip, "POST", "/konto/login", 302, 0, s.url("/konto/"), ua)
        for m in range(r.choice([0, 0, 0, 1, 2])):
            t += r.uniform(10, 30)
            L.add(t, ip, "POST", "/konto/2fa", 401, 2100, s.url("/konto/2fa"), ua)
        L.add(t + r.uniform(10, 30), ip, "POST", "/konto/2fa", 302, 0, s.url("/konto/2fa"), ua)
        if k < 5:
            good.append((ip, "citizen logging in, maybe 1-2 wrong codes"))
    return L, "Government portal: slow distributed 2FA code guessing from 40 residential addresses (correct password, then one wrong code every 2-6 min each, 2 hours); 120 citizens logging in, some mistyping the code", bad, good


# 9. Scalper bots on a limited sneaker drop.
# Models: a shop's limited release at 14:00: bot farms (residential
# proxies, each address a few requests) poll the product JSON and hammer
# /cart/add.js at the drop: 150 addresses each 6-20 POSTs in 30 s (200 at
# first, then 409 sold out / 429), no page, no assets; plus 2 hosting boxes
# polling /products/x.json every 0.5 s from 13:50. Around them: 400 real
# fans (page + assets, refresh, one add-to-cart, checkout), an office NAT.
@scen
def scalper_bots_limited_drop():
    L = Log(T0, 909, "shop.example-store.de")
    r = L.rnd
    s = shop_site()
    good = background(L, s, 1800)
    drop = 600
    bad = []
    bua = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
    for k in range(150):
        ip = L.ip()
        t = drop + r.uniform(-1, 3)
        for j in range(r.randint(6, 20)):
            L.add(t, ip, "POST", "/cart/add.js", 200 if t < drop + 4 else r.choice([409, 429]), 300, "https://shop.example-store.de/products/air-retro-1-chicago", bua)
            t += r.uniform(0.5, 2.5)
        bad.append((ip, "scalper bot: 6-20 add-to-cart POSTs in 30 s, no page"))
    for k in range(2):
        ip = dc_ip(L)
        t = 0
        while t < drop + 60:
            L.add(t, ip, "GET", "/products/air-retro-1-chicago.json", 200, 4200, "-", "python-requests/2.32.3")
            t += r.uniform(0.4, 0.6)
        bad.append((ip, "monitor bot polling the product JSON every 0.5 s"))
    for k in range(400):
        ip = L.ip()
        ua = r.choice(UAS)
        t = drop + r.uniform(-240, 60)
        cached = set()
        page_view(L, s, t, ip, ua, "/products/air-retro-1-chicago", s.url("/new-in.html"), cached)
        for f in range(r.randint(0, 4)):
            t += r.uniform(2, 15)
            L.add(t, ip, "GET", "/products/air-retro-1-chicago", 200, 40000, s.url("/products/air-retro-1-chicago"), ua)
        L.add(t + 2, ip, "POST", "/cart/add.js", r.choice([200, 409, 409]), 300, s.url("/products/air-retro-1-chicago"), ua)
        if k < 5:
            good.append((ip, "fan refreshing the drop and adding to cart"))
    return L, "Shop limited drop: 150 residential-proxy scalper addresses POST /cart/add.js 6-20 times in 30 s without a page (200 then 409/429), 2 hosting boxes poll the product JSON every 0.5 s for 11 min; 400 fans refreshing and adding once", bad, good


# 10. API data exfiltration with a stolen token: an offset walk.
# Models: a leaked personal access token used to dump a SaaS's customer
# list: GET /api/v1/customers?limit=200&offset=N walking the whole table at
# ~4/s (then up to the max page, 400 at offsets beyond), all 200, python UA,
# from one VPS for 25 minutes, then the contacts and invoices. Around it: the
# company's own nightly sync doing the same pages at 1/s from its office
# egress with its known UA, and the integrations.
@scen
def api_offset_walk_stolen_token():
    L = Log(T0, 910, "api.example-ledger.io")
    r = L.rnd
    s = saas_site()
    good = background(L, s, 3600)
    ip = dc_ip(L)
    t = 400.0
    for res, n in [("customers", 3000), ("contacts", 1500), ("invoices", 1400)]:
        for i in range(n):
            L.add(t, ip, "GET", "/api/v1/%s?limit=200&offset=%d" % (res, i * 200), 200, 90000, "-", "python-requests/2.32.3")
            t += r.uniform(0.2, 0.3)
        L.add(t, ip, "GET", "/api/v1/%s?limit=200&offset=%d" % (res, n * 200), 400, 120, "-", "python-requests/2.32.3")
    sync = L.ip("87.138.122")
    t = 100.0
    for i in range(1200):
        L.add(t, sync, "GET", "/api/v1/customers?limit=200&offset=%d" % (i * 200), 200, 90000, "-", "LedgerSync/2.4 (+erp)")
        t += r.uniform(0.9, 1.1)
    good.append((sync, "the customer's own sync paging customers at 1/s"))
    return L, "SaaS API: a stolen token dumps customers, contacts and invoices by offset walk at ~4 pages/s for ~25 minutes from one VPS (all 200, then a 400 past the end); the company's own sync pages at 1/s, users, office NAT", [(ip, "offset walk with a stolen token, ~4/s for 25 min")], good


# 11. SSTI and prototype-pollution fuzzing of a forum's search and profile.
# Models: a bug-bounty-style fuzzer (a headless browser UA) sending template
# injection polyglots ({{7*7}}, ${7*7}, <%= 7*7 %>, #{7*7}, {{constructor.
# constructor('return process')()}}) and prototype pollution params
# (__proto__[x]=y, constructor[prototype][polluted]=1) to /search/?q=,
# /members/?username=, /account/ params at 1-2/s for 6 minutes; answers
# 200/400/500. Around it: users searching for code snippets with braces.
@scen
def ssti_and_prototype_pollution_fuzz_forum():
    L = Log(T0, 911, "forum.example-fans.net")
    r = L.rnd
    s = forum_site()
    good = background(L, s, 3600, n=30)
    pays = ["{{7*7}}", "${7*7}", "<%= 7*7 %>", "#{7*7}", "{{7*'7'}}", "${{7*7}}", "@(7*7)", "{{constructor.constructor('return process')()}}", "{% debug %}", "{{config.items()}}", "*{7*7}", "[[${7*7}]]", "{{''.__class__.__mro__[1].__subclasses__()}}", "${T(java.lang.Runtime).getRuntime().exec('id')}"]
    pp = ["__proto__[polluted]=1", "__proto__.polluted=1", "constructor[prototype][polluted]=1", "__proto__[toString]=x", "constructor.prototype.isAdmin=true"]
    ip = dc_ip(L)
    ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36"
    t = 1200.0
    for i in range(500):
        if r.random() < 0.7:
            p = r.choice(["/search/?q=%s&o=date", "/members/?username=%s", "/account/preferences?timezone=%s", "/threads/match-thread-derby.40113/?highlight=%s"]) % q(r.choice(pays))
        else:
            p = r.choice(["/search/?", "/account/preferences?", "/api/threads/?"]) + r.choice(pp)
        L.add(t, ip, "GET", p, r.choice([200, 200, 400, 500]), 9000, "-", ua)
        t += r.uniform(0.5, 1.0)
    for k in range(8):
        u = L.ip()
        for j in range(r.randint(2, 6)):
            L.add(r.uniform(0, 3600), u, "GET", "/search/?q=%s" % q(r.choice(["{{ page.title }} jekyll", "${HOME} bash variable", "<%= form_for %>", "#{name} ruby", "helm {{ .Values }}"])), 200, 20000, s.url("/search/"), r.choice(UAS))
        good.append((u, "user searching for template syntax"))
    return L, "Forum: a headless fuzzer sends 500 SSTI polyglots and prototype-pollution parameters to search/profile/preferences at 1-2/s for ~6 minutes (200/400/500); users searching for Jinja/ERB/Helm syntax, readers, office NAT", [(ip, "SSTI / prototype-pollution fuzzer")], good


# 12. Hosting control panel login brute force (Webmin, DirectAdmin, cPanel).
# Models: bots against a hosting server's panels: POST /session_login.cgi
# (Webmin answers 200 with the login page again on failure), POST /CMD_LOGIN
# (DirectAdmin 302 to /?failed=1), POST /login/?login_only=1 on cPanel's port
# proxied (401); each bot 1 try every 4-10 s for 30-60 minutes, from 5 VPS.
# Around them: the server's admins logging in (one fails twice), a
# monitoring check of the panel's login page every minute.
@scen
def hosting_panel_login_brute():
    L = Log(T0, 912, "server12.example-hosting.de")
    r = L.rnd
    s = app_site("server12.example-hosting.de", ["/", "/CMD_SHOW_DOMAIN", "/sysinfo.cgi", "/CMD_FILE_MANAGER", "/cpsess123/frontend/jupiter/index.html"])
    good = background(L, s, 3600, n=6)
    bad = []
    targets = [("/session_login.cgi", 200), ("/CMD_LOGIN", 302), ("/login/?login_only=1", 401)]
    for k in range(5):
        ip = dc_ip(L)
        path, st = targets[k % 3]
        ua = r.choice(["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36", "python-requests/2.28.1", "Go-http-client/1.1"])
        t = r.uniform(0, 1200)
        end = t + r.uniform(1800, 3600)
        while t < min(end, 3600):
            L.add(t, ip, "POST", path, st, 3100 if st == 200 else 0, "-", ua)
            t += r.uniform(4, 10)
        bad.append((ip, "panel login guessing (%s) every 4-10 s" % path))
    admin = L.ip()
    for k, (path, st) in enumerate(targets):
        t = 600 + k * 300
        for f in range(2 if k == 0 else 0):
            L.add(t, admin, "POST", path, st, 3100 if st == 200 else 0, "https://server12.example-hosting.de" + path.split("?")[0], UAS[0])
            t += 12
        L.add(t, admin, "POST", path, 302 if path != "/login/?login_only=1" else 200, 0, "https://server12.example-hosting.de/", UAS[0])
    mon = L.ip()
    for t in range(0, 3600, 60):
        L.add(t, mon, "GET", "/session_login.cgi", 200, 3100, "-", "check_http/v2.3.3 (monitoring-plugins 2.3.3)")
    good += [(admin, "admin logging into the panels, 2 typos"), (mon, "monitoring check of the panel login page every minute")]
    return L, "Hosting server: 5 VPS guess Webmin (/session_login.cgi, failure = 200), DirectAdmin (/CMD_LOGIN 302) and cPanel (/login/?login_only=1 401) logins every 4-10 s for 30-60 min; the admin (2 typos), a check_http monitor", bad, good


# 13. Password-reset token guessing from a rotating IPv6 /64.
# Models: an attacker who triggered a reset for a victim guesses the short
# (8-char) reset token: GET /account/reset?token=XXXXXXXX (404 invalid) at
# ~3/s for 15 minutes, every request from a new address in one /64 (a VPS
# with a routed /64 and a rotating-source proxy). Around it: users clicking
# real reset links (one 200 each, some a second click 410 expired), a
# household /64 with privacy addresses.
@scen
def reset_token_guessing_ipv6_64():
    L = Log(T0, 913, "app.example-ledger.io")
    r = L.rnd
    s = saas_site()
    good = background(L, s, 3600)
    p64 = "2a03:b0c0:3:d0"
    bad = [(p64 + "::/64", "reset-token guessing, one new address of this /64 per request")]
    t = 900.0
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
    while t < 1800:
        ip = L.ip6(p64)
        L.add(t, ip, "GET", "/account/reset?token=%s" % rand_token(r, 8), 404, 2300, "-", ua)
        t += r.expovariate(3)
    for k in range(30):
        ip = L.ip()
        ua2 = r.choice(UAS)
        t = r.uniform(0, 3500)
        tok = rand_token(r, 8)
        L.add(t, ip, "GET", "/account/reset?token=%s" % tok, 200, 5200, "-", ua2)
        L.add(t + r.uniform(20, 60), ip, "POST", "/account/reset?token=%s" % tok, 302, 0, s.url("/account/reset?token=%s" % tok), ua2)
        if r.random() < 0.3:
            L.add(t + r.uniform(300, 900), ip, "GET", "/account/reset?token=%s" % tok, 410, 2300, "-", ua2)
        if k < 4:
            good.append((ip, "user following a real reset link"))
    home = "2a02:908:1e4:3c80"
    for k in range(3):
        ip = L.ip6(home)
        browsers(L, s, 1, 3600, ips=[ip])
        good.append((ip, "household /64 privacy address"))
    return L, "SaaS: reset-token guessing at ~3/s for 15 min, every request from a new address of one IPv6 /64 (~2,700 addresses, 404); users following real reset links (some 410 on a later click), a household /64", bad, good


# 14. Grafana login brute force behind an ingress, with forged X-Forwarded-For.
# Models: Grafana behind a Kubernetes ingress (trusted_proxies = the
# ingress nodes); the attacker sends a random X-Forwarded-For with each
# request so the log's XFF is "<forged>, <real>"; POST /login 401 every
# 1-2 s for 20 minutes. Around it: the team's browsers via the ingress, a
# synthetic check logging in every 5 minutes, a corporate proxy (its own
# XFF chain "10.x, corp") with 40 engineers.
@scen
def grafana_login_brute_behind_ingress_xff_spoof():
    L = Log(T0, 914, "grafana.example-corp.dev")
    r = L.rnd
    s = app_site("grafana.example-corp.dev", ["/", "/d/node-exporter/nodes", "/d/k8s/cluster", "/explore", "/alerting/list"])
    ingress = ["10.42.%d.%d" % (r.randint(0, 3), r.randint(2, 254)) for _ in range(3)]
    good = []

    def xadd(t, xff, client, m, p, st, sz, ref, ua):
        L.ev.append((t, len(L.ev), r.choice(ingress), m, p, st, sz, ref, ua, xff))
        L.used.add(client)

    atk = dc_ip(L)
    t = 600.0
    while t < 1800:
        forged = "%d.%d.%d.%d" % (r.randint(1, 223), r.randint(0, 255), r.randint(0, 255), r.randint(1, 254))
        xadd(t, forged + ", " + atk, atk, "POST", "/login", 401, 60, "-", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36")
        t += r.uniform(1, 2)
    corp = L.ip("193.28.45")
    for k in range(40):
        inner = "10.%d.%d.%d" % (r.randint(0, 255), r.randint(0, 255), r.randint(2, 254))
        ua = r.choice(UAS[:4])
        t = r.uniform(0, 3000)
        xadd(t, inner + ", " + corp, corp, "POST", "/login", 200 if r.random() < 0.9 else 401, 60, "https://grafana.example-corp.dev/login", ua)
        for d in range(r.randint(3, 10)):
            t += r.uniform(10, 120)
            for pnl in range(r.randint(10, 40)):
                xadd(t + pnl * 0.05, inner + ", " + corp, corp, "POST", "/api/ds/query?ds_type=prometheus&requestId=Q%d" % pnl, 200, 9000, "https://grafana.example-corp.dev/d/node-exporter/nodes", ua)
    syn = L.ip()
    for t in range(0, 3600, 300):
        xadd(t, syn, syn, "POST", "/login", 200, 60, "-", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36 Checkly/2.0")
    for k in range(15):
        c = L.ip()
        t = r.uniform(0, 3400)
        xadd(t, c, c, "GET", "/login", 200, 30000, "-", UAS[0])
        xadd(t + 8, c, c, "POST", "/login", 200, 60, "https://grafana.example-corp.dev/login", UAS[0])
        if k < 3:
            good.append((c, "engineer from home via the ingress"))
    good += [(i, "ingress node (trusted proxy)") for i in ingress]
    good += [(corp, "corporate proxy: 40 engineers (XFF '10.x, corp')"), (syn, "synthetic login check every 5 min")]
    return L, "Grafana behind a k8s ingress (trusted_proxies = 10.42.0.0/16): login guessing every 1-2 s for 20 min with a forged first X-Forwarded-For hop on each request; 40 engineers behind a corporate proxy, remote engineers, a synthetic login check", [(atk, "Grafana login guessing, forged XFF first hop")], good, 'trusted_proxies = ["10.42.0.0/16"]\n'


# 15. Nmap NSE http-enum and friends against a university web server.
# Models: `nmap -sV --script "http-enum,http-vuln*,http-methods"` on 80/443:
# the NSE UA, ~2,100 fingerprint paths of http-enum at 30-60/s (mostly 404,
# a few 200/301/403), then OPTIONS / and odd methods. Around it: students,
# both crawlers, the campus NAT.
@scen
def nmap_nse_http_enum_university():
    L = Log(T0, 915, "www.uni-example.edu")
    r = L.rnd
    s = uni_site()
    good = background(L, s, 1800, office=False)
    nat = L.ip("141.20.250")
    browsers(L, s, 60, 1800, ips=[nat])
    good.append((nat, "campus NAT, 60 students"))
    ip = dc_ip(L)
    ua = "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)"
    words = ["admin", "administrator", "phpmyadmin", "backup", "test", "cgi-bin", "webmail", "login", "manager", "console", "server-status", "xmlrpc.php", "wp-login.php", "install", "setup", "dev", "old", "beta", "private", "uploads", "includes", "temp", "logs", "db", "sql", "config", "cms", "portal", "jmx-console", "web-console", "axis2", "solr", "jenkins", "exchange", "owa", "iisadmin"]
    exts = ["", "/", ".php", ".asp", ".aspx", ".jsp", ".html", ".cgi", ".txt", ".bak"]
    t = 700.0
    for i in range(2100):
        p = "/" + r.choice(words) + r.choice(["", "s", "2", "_old", "-test"]) + r.choice(exts)
        L.add(t, ip, "GET", p, r.choice([404] * 40 + [403, 301, 200]), 300, "-", ua)
        t += r.expovariate(45)
    for m in ["OPTIONS", "PROPFIND", "TRACE", "PUT", "DELETE", "NMAPLOWERCHECK%d" % r.randint(1000000, 9999999)]:
        L.add(t, ip, m, "/", r.choice([405, 400, 501]), 0, "-", ua)
        t += 0.2
    return L, "University site: Nmap NSE (http-enum, http-vuln*, http-methods) with its default UA: ~2,100 fingerprint paths at ~45/s (mostly 404), then OPTIONS/PROPFIND/TRACE/PUT/DELETE and a random method; students, campus NAT with 60 students, crawlers", [(ip, "nmap NSE http-enum")], good


# 16. Web cache deception probing on a shop behind a caching proxy.
# Models: an attacker testing whether the CDN caches personal pages by
# appending static-looking suffixes: /customer/account/nonexistent.css,
# /customer/account/;x.js, /checkout/cart/%2e%2e%2fstyle.css,
# /customer/account/.css, /customer/address/..%2f..%2fx.png ... each tried
# twice (to see the X-Cache hit), ~1 every 2-4 s, 60 requests, mostly 404/200
# (the shop ignores trailing path info); a second probe from a residential
# address later. Around it: shoppers on their account pages, crawlers.
@scen
def web_cache_deception_probes_shop():
    L = Log(T0, 916, "shop.example-store.de")
    r = L.rnd
    s = shop_site()
    good = background(L, s, 3600)
    bases = ["/customer/account/", "/customer/account/edit/", "/checkout/cart/", "/sales/order/history/", "/customer/address/", "/wishlist/"]
    sufx = ["nonexistent.css", ";x.js", "%2e%2e%2fstyle.css", ".css", "..%2f..%2fx.png", "x.jpg", "%3Bx.css", "%23x.css", "a.avif", "test.woff2"]
    bad = []
    for k in range(2):
        ip = dc_ip(L) if k == 0 else L.ip()
        ua = UAS[0]
        t = 800.0 + k * 1500
        for i in range(30):
            p = r.choice(bases) + r.choice(sufx)
            for rep in range(2):
                L.add(t, ip, "GET", p, r.choice([200, 404, 404, 302]), r.choice([300, 31000]), "-", ua)
                t += r.uniform(2, 4)
        bad.append((ip, "web cache deception probes (account pages + static suffix, each twice)"))
    for k in range(40):
        ip = L.ip()
        ua = r.choice(UAS)
        t = r.uniform(0, 3400)
        cached = set()
        for p in ["/customer/account/", "/sales/order/history/", "/sales/order/view/order_id/%d/" % r.randint(1000, 9000)]:
            page_view(L, s, t, ip, ua, p, s.url("/customer/account/"), cached)
            t += r.uniform(5, 40)
        if k < 4:
            good.append((ip, "shopper on account pages"))
    return L, "Shop: web cache deception probing (account/cart/order pages with .css/.js/.png suffixes and encoded traversal, each twice, 1 per 2-4 s, 60 requests) from a VPS and later a residential address; shoppers on account pages, crawlers, office NAT", bad, good


def main():
    run(SC, OUT, "fresh-s15 attack: ")


main()
