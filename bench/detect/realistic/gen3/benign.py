import sys, os, random, hashlib
sys.path.insert(0, os.path.dirname(__file__))
from base import *
OUT = os.path.join(os.environ.get("REALISTIC_OUT", "bench/out/realistic"), "benign3")
D = 1200
def hx(r, n=8): return "".join(r.choice("0123456789abcdef") for _ in range(n))

def bg(L, n=None, pages=None, assets=None):
    browsers(L, n or L.r.randint(20, 40), 0, D, pages, assets)
    crawler(L, "66.249.66.%d" % L.r.randint(2, 200), GOOGLEBOT, 5, D, 0.2, pages)
    monitor(L, "216.144.250.150", 0, D)

WP_PAGES = ["/", "/2026/11/28/holiday-opening-hours/", "/2026/11/14/new-menu/", "/events/", "/about-us/", "/contact/", "/category/news/", "/?s=vegan", "/menu/"]
WP_ASSETS = ["/wp-content/themes/twentytwentyfour/style.css?ver=1.3", "/wp-includes/js/jquery/jquery.min.js?ver=3.7.1", "/wp-content/uploads/2026/11/header-1024x576.jpg", "/wp-includes/css/dist/block-library/style.min.css?ver=6.7.1"]

# 1 WordPress block editor: an editor writing a post for 18 min
def wp_editor():
    L = Log("blog.example.org", 101); r = L.r
    bg(L, 30, WP_PAGES, WP_ASSETS)
    ip = "87.123.44.17"; ua = BROWSERS[0]; ed = L.url("/wp-admin/post.php?post=4182&action=edit")
    t = 10.0
    L.add(t, ip, "GET", "/wp-admin/", 200, 61233, "-", ua)
    L.add(t+8, ip, "GET", "/wp-admin/post-new.php", 302, 0, L.url("/wp-admin/"), ua)
    L.add(t+9, ip, "GET", "/wp-admin/post.php?post=4182&action=edit", 200, 142233, L.url("/wp-admin/"), ua)
    # editor boot: many REST calls with _locale=user
    boot = ["/wp-json/wp/v2/types?context=view&_locale=user", "/wp-json/wp/v2/types/post?context=edit&_locale=user", "/wp-json/wp/v2/taxonomies?context=view&_locale=user",
            "/wp-json/wp/v2/posts/4182?context=edit&_locale=user", "/wp-json/wp/v2/users/me?_locale=user", "/wp-json/wp/v2/settings?_locale=user",
            "/wp-json/wp/v2/blocks?context=edit&per_page=100&_locale=user", "/wp-json/wp/v2/block-patterns/patterns?_locale=user", "/wp-json/wp/v2/block-patterns/categories?_locale=user",
            "/wp-json/wp/v2/themes?context=edit&status=active&_locale=user", "/wp-json/wp/v2/global-styles/themes/twentytwentyfour?context=view&_locale=user",
            "/wp-json/wp/v2/categories?context=view&per_page=100&orderby=name&order=asc&_fields=id%2Cname%2Cparent&_locale=user",
            "/wp-json/wp/v2/tags?context=edit&per_page=100&_locale=user", "/wp-json/wp/v2/users?context=view&who=authors&per_page=100&_fields=id%2Cname&_locale=user",
            "/wp-json/wp/v2/template-parts?context=edit&per_page=-1&_locale=user", "/wp-json/wp/v2/navigation?context=edit&per_page=100&_locale=user",
            "/wp-json/wp/v2/media?context=view&per_page=20&media_type=image&_locale=user", "/wp-json/wp/v2/block-directory/search?term=gallery&_locale=user",
            "/wp-json/wp/v2/posts/4182/autosaves?context=edit&_locale=user", "/wp-json/wp/v2/pages?context=view&per_page=100&_fields=id%2Ctitle&_locale=user",
            "/wp-json/wp-site-health/v1/directory-sizes?_locale=user", "/wp-json/oembed/1.0/proxy?url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3DdQw4w9WgXcQ&_locale=user"]
    for i, p in enumerate(boot):
        L.add(t+10+i*0.07, ip, "GET", p, 200 if "directory-sizes" not in p else 403, r.randint(300, 40000), ed, ua)
    t = t + 15
    end = D - 30
    nxt_hb = t + 15; nxt_as = t + 60
    while t < end:
        t += 1
        if t >= nxt_hb:
            L.add(t, ip, "POST", "/wp-admin/admin-ajax.php", 200, r.randint(200, 900), ed, ua); nxt_hb = t + 15
        if t >= nxt_as:
            L.add(t, ip, "POST", "/wp-json/wp/v2/posts/4182/autosaves?_locale=user", 200, r.randint(3000, 9000), ed, ua); nxt_as = t + 60
        if r.random() < 0.02:  # media library grid opened: query-attachments + thumbnails
            for k in range(3):
                L.add(t+k*0.6, ip, "POST", "/wp-admin/admin-ajax.php", 200, r.randint(20000, 60000), ed, ua)
            for k in range(40):
                L.add(t+0.4+k*0.03, ip, "GET", "/wp-content/uploads/2026/%02d/IMG_%04d-150x150.jpg" % (r.randint(1, 11), r.randint(1000, 9999)), 200, r.randint(4000, 9000), ed, ua)
            t += 20
        if r.random() < 0.02:  # link/url search in inspector
            for q in ["ho", "hol", "holi", "holiday"]:
                t += 0.3; L.add(t, ip, "GET", "/wp-json/wp/v2/search?search=%s&per_page=20&type=post&subtype=any&_locale=user" % q, 200, 800, ed, ua)
        if r.random() < 0.01:  # block preview renders
            for k in range(6):
                L.add(t+k*0.2, ip, "POST", "/wp-json/wp/v2/block-renderer/core/latest-posts?context=edit&post_id=4182&_locale=user", 200, 2400, ed, ua)
    L.add(end+1, ip, "POST", "/wp-json/wp/v2/posts/4182?_locale=user", 200, 9800, ed, ua)
    L.add(end+3, ip, "GET", "/2026/12/05/winter-menu/?preview=true", 200, 40210, ed, ua)
    return L, "WordPress 6.7 block editor: an editor writing a post for 20 min (editor boot: 22 REST calls with _locale=user, heartbeat POST admin-ajax.php every 15 s, autosaves every 60 s, media library grid opens with 40 thumbnails, link search as she types, block-renderer previews)", [(ip, "WP editor")]

# 2 Nextcloud desktop client sync with chunked upload v2
def nextcloud_sync():
    L = Log("cloud.example.org", 102); r = L.r
    pages = ["/apps/files/", "/apps/files/?dir=/Documents", "/apps/calendar/", "/apps/dashboard/", "/login", "/apps/photos/"]
    bg(L, 25, pages, ["/core/css/server.css?v=1a2b", "/dist/core-common.js?v=1a2b", "/core/img/logo/logo.svg"])
    ip = "92.77.140.201"; ua = "Mozilla/5.0 (Windows) mirall/3.14.3stable-Win64 (build 20241107) (Nextcloud, windows-10.0.22631 ClientArchitecture: x86_64 OsArchitecture: x86_64)"
    t = 3.0
    L.add(t, ip, "GET", "/status.php", 200, 200, "-", ua)
    L.add(t+0.2, ip, "GET", "/ocs/v1.php/cloud/capabilities?format=json", 200, 3200, "-", ua)
    L.add(t+0.4, ip, "GET", "/ocs/v2.php/apps/notifications/api/v2/notifications?format=json", 200, 400, "-", ua)
    dirs = ["", "Documents", "Documents/Invoices", "Documents/Invoices/2026", "Photos", "Photos/2026", "Photos/2026/Summer", "Projects", "Projects/site-redesign", "Projects/site-redesign/assets", "Shared", "Taxes", "Taxes/2025", "Music", "Notes"]
    while t < D - 60:
        # etag poll every 30 s
        L.add(t, ip, "PROPFIND", "/remote.php/dav/files/alice/", 207, 480, "-", ua)
        if r.random() < 0.25:
            # remote change: discovery burst, PROPFIND each dir depth 1
            tt = t + 0.1
            for d in dirs:
                tt += r.uniform(0.02, 0.12)
                L.add(tt, ip, "PROPFIND", "/remote.php/dav/files/alice/%s" % (d.replace(" ", "%20") + "/" if d else ""), 207, r.randint(600, 30000), "-", ua)
            # download changed files
            for k in range(r.randint(3, 25)):
                tt += r.uniform(0.02, 0.2)
                L.add(tt, ip, "GET", "/remote.php/dav/files/alice/Photos/2026/Summer/IMG_%04d.jpg" % r.randint(1000, 9999), 200, r.randint(1500000, 5000000), "-", ua)
        if r.random() < 0.12:
            # chunked upload v2 of a 180 MB video
            tid = "%d" % r.randint(10**9, 10**10); tt = t + 0.3
            L.add(tt, ip, "MKCOL", "/remote.php/dav/uploads/alice/%s" % tid, 201, 0, "-", ua)
            for c in range(1, 19):
                tt += r.uniform(0.7, 1.6)
                L.add(tt, ip, "PUT", "/remote.php/dav/uploads/alice/%s/%05d" % (tid, c), 201, 0, "-", ua)
            tt += 1.2
            L.add(tt, ip, "MOVE", "/remote.php/dav/uploads/alice/%s/.file" % tid, 201, 0, "-", ua)
            L.add(tt+0.2, ip, "PROPFIND", "/remote.php/dav/files/alice/Projects/site-redesign/assets/promo-final-v3.mp4", 207, 900, "-", ua)
            # small files in parallel (6 connections)
            for k in range(30):
                L.add(tt + 0.5 + k*0.08, ip, "PUT", "/remote.php/dav/files/alice/Projects/site-redesign/assets/icons/icon-%02d.svg" % k, r.choice([201, 201, 201, 204]), 0, "-", ua)
        t += 30
    return L, "Nextcloud desktop client 3.14 (Windows): PROPFIND etag poll every 30 s, discovery bursts of 15 PROPFINDs, photo downloads, chunked upload v2 (MKCOL, 18 PUT chunks, MOVE .file), 30 icon PUTs at 12/s; no Referer", [(ip, "Nextcloud desktop sync")]

# 3 MediaWiki: editors, load.php, VisualEditor
def mediawiki():
    L = Log("wiki.example.org", 103); r = L.r
    pages = ["/wiki/Main_Page", "/wiki/Installation", "/wiki/Special:RecentChanges", "/wiki/Help:Contents", "/wiki/Configuration_reference", "/w/index.php?title=Special:Search&search=systemd+unit&go=Go"]
    assets = ["/w/load.php?lang=en&modules=site.styles&only=styles&skin=vector-2022", "/w/load.php?lang=en&modules=startup&only=scripts&raw=1&skin=vector-2022", "/w/resources/assets/wiki.png"]
    bg(L, 35, pages, assets)
    eds = ["141.84.69.12", "141.84.69.77", "89.244.190.3"]
    for n, ip in enumerate(eds):
        ua = BROWSERS[n]; t = 30 + n*100
        for art in ["Configuration_reference", "Upgrading_to_1.43", "Extension:VisualEditor/Troubleshooting"]:
            page = "/w/index.php?title=%s&veaction=edit" % art
            L.add(t, ip, "GET", page, 200, 80000, L.url("/wiki/" + art), ua)
            mods = ["ext.visualEditor.core%2Cdesktop%7Cext.visualEditor.mwcore%2Cmwlink%2Cmwtransclusion", "ext.cite.visualEditor%7Cext.math.visualEditor", "jquery%2Coojs-ui-core%2Coojs-ui-widgets%7Cmediawiki.api%2CjqueryMsg", "ext.visualEditor.mwimage%2Cmwmeta%7Cext.citoid.visualEditor",
                    "mediawiki.widgets.DateInputWidget%7Cmediawiki.Title", "ext.echo.init%7Cext.uls.common", "skins.vector.js%7Cmediawiki.page.ready"]
            for k, m in enumerate(mods * 2):
                L.add(t+0.3+k*0.05, ip, "GET", "/w/load.php?lang=en&modules=%s&skin=vector-2022&version=%s" % (m, hx(r, 5)), 200, r.randint(5000, 300000), L.url(page), ua)
            L.add(t+1.5, ip, "GET", "/w/api.php?action=visualeditor&format=json&paction=parse&page=%s&uselang=en&editintro=&preload=&preloadparams=&formatversion=2" % art, 200, 90000, L.url(page), ua)
            tt = t + 5
            for k in range(r.randint(10, 30)):
                tt += r.uniform(3, 20)
                q = r.choice(["action=query&format=json&prop=info%%7Cpageprops&titles=%s&formatversion=2" % r.choice(["Systemd", "Nginx", "Template:Note", "File:Diagram.svg"]),
                    "action=templatedata&format=json&titles=Template%3ANote%7CTemplate%3AWarning&lang=en&includeMissingTitles=1&redirects=1&formatversion=2",
                    "action=opensearch&format=json&formatversion=2&search=Con&namespace=0&limit=10",
                    "action=visualeditor&format=json&paction=wikitext&page=%s" % art,
                    "action=query&format=json&list=allusers&auprefix=Ad&aulimit=10"])
                L.add(tt, ip, "GET", "/w/api.php?" + q, 200, r.randint(200, 6000), L.url(page), ua)
            L.add(tt+2, ip, "POST", "/w/api.php", 200, 3000, L.url(page), ua)  # serialize for diff
            L.add(tt+8, ip, "POST", "/w/api.php", 200, 1200, L.url(page), ua)  # visualeditoredit save
            L.add(tt+9, ip, "GET", "/wiki/%s" % art, 200, 60000, L.url(page), ua)
            # source edit + preview
            L.add(tt+30, ip, "GET", "/w/index.php?title=%s&action=edit&section=3" % art, 200, 52000, L.url("/wiki/" + art), ua)
            for k in range(3):
                L.add(tt+60+k*40, ip, "POST", "/w/index.php?title=%s&action=submit" % art, 200, 70000, L.url("/w/index.php?title=%s&action=edit&section=3" % art), ua)
            L.add(tt+200, ip, "GET", "/w/index.php?title=%s&diff=cur&oldid=prev" % art, 200, 40000, "-", ua)
            t = tt + 220
    return L, "MediaWiki 1.43 with VisualEditor: 3 editors each editing 3 articles (VE boot: 14 load.php module bundles in 0.7 s, api.php visualeditor/templatedata/opensearch calls, source edits with 3 previews, diffs) among 35 readers", [(ip, "MediaWiki editor") for ip in eds]

# 4 Discourse forum user: message bus long polling, drafts, presence
def discourse():
    L = Log("forum.example.org", 104); r = L.r
    pages = ["/latest", "/t/nginx-reload-drops-connections/48211", "/c/support/5", "/t/howto-upgrade-to-3-4/47990", "/top?period=weekly", "/u/bob/summary"]
    bg(L, 30, pages, ["/assets/application-1f2e.js", "/stylesheets/desktop_theme_2_4c2b.css", "/uploads/default/optimized/2X/a/ab12_2_32x32.png"])
    users = ["80.187.101.22", "2a02:3038:40c:7e11:91f1:2c9a:5b2d:7aa1", "178.24.233.90"]
    for n, ip in enumerate(users):
        ua = BROWSERS[n+2]; cid = hx(r, 32); t = 20 + n*50
        L.add(t, ip, "GET", "/latest", 200, 90000, "-", ua)
        for k in range(20):
            L.add(t+0.2+k*0.04, ip, "GET", "/user_avatar/forum.example.org/u%d/48/%d_2.png" % (k, r.randint(1, 900)), 200, 3000, L.url("/latest"), ua)
        L.add(t+0.5, ip, "GET", "/session/current.json", 200, 5000, L.url("/latest"), ua)
        while t < D - 20:
            L.add(t+1, ip, "POST", "/message-bus/%s/poll" % cid, 200, r.randint(30, 2000), L.url("/latest"), ua)
            t += r.uniform(4, 25)  # long poll returns on events
            if r.random() < 0.15:
                topic = r.choice(["/t/nginx-reload-drops-connections/48211", "/t/howto-upgrade-to-3-4/47990"])
                L.add(t, ip, "GET", topic + ".json?track_visit=true&forceLoad=true", 200, 60000, L.url("/latest"), ua)
                L.add(t+0.3, ip, "GET", topic + "/posts.json?post_ids%5B%5D=" + "&post_ids%5B%5D=".join(str(r.randint(200000, 300000)) for _ in range(20)) + "&include_suggested=true", 200, 80000, L.url(topic), ua)
                L.add(t+1, ip, "POST", "/topics/timings", 200, 2, L.url(topic), ua)
                L.add(t+2, ip, "POST", "/presence/update", 200, 40, L.url(topic), ua)
                if r.random() < 0.5:  # composing a reply: draft autosave every 2 s while typing, composer preview
                    for k in range(r.randint(8, 25)):
                        L.add(t+5+k*2.1, ip, "POST", "/drafts.json", 200, 30, L.url(topic), ua)
                        if k % 4 == 0: L.add(t+5.5+k*2.1, ip, "GET", "/u/search/users?term=%s&include_groups=true&topic_id=48211" % r.choice(["a", "ad", "adm", "st"]), 200, 900, L.url(topic), ua)
                    L.add(t+60, ip, "POST", "/posts", 200, 6000, L.url(topic), ua)
                    L.add(t+61, ip, "DELETE", "/drafts/topic_48211.json", 200, 20, L.url(topic), ua)
                t += 10
    return L, "Discourse 3.3: 3 signed-in users (one over IPv6) with message-bus long polls, topic JSON loads, /topics/timings, presence updates, a draft autosave every 2 s while composing and @mention lookups", [(ip, "Discourse user") for ip in users]

# 5 Mastodon third-party client (Ivory/Elk) + Element/Matrix
def mastodon_matrix():
    L = Log("social.example.org", 105); r = L.r
    bg(L, 25, ["/@alice", "/@bob/113442109885", "/explore", "/about", "/public/local"], ["/packs/js/common-2f4a.js", "/packs/css/common-9d3e.css"])
    ivory = "144.76.20.9"; ua = "Ivory/1.12 (iOS 18.1; iPhone16,2)"
    elem = "217.229.17.201"; eua = BROWSERS[3]
    t = 5
    while t < D - 10:
        L.add(t, ivory, "GET", "/api/v1/timelines/home?limit=40&since_id=1134%011d" % r.randint(0, 10**10), 200, r.randint(2000, 80000), "-", ua)
        L.add(t+0.2, ivory, "GET", "/api/v1/notifications?limit=30&types[]=mention&types[]=follow", 200, 4000, "-", ua)
        L.add(t+0.3, ivory, "GET", "/api/v1/markers?timeline[]=home&timeline[]=notifications", 200, 200, "-", ua)
        if r.random() < 0.3:
            for k in range(r.randint(5, 30)):  # media + avatars
                L.add(t+0.4+k*0.05, ivory, "GET", "/system/cache/media_attachments/files/113/4%02d/%03d/%03d/small/%s.jpeg" % (r.randint(0, 99), r.randint(0, 999), r.randint(0, 999), hx(r, 16)), r.choice([200, 200, 200, 404]), r.randint(20000, 200000), "-", ua)
        if r.random() < 0.1:
            for q in ["%23nginx", "%40bob%40example.net", "https%3A%2F%2Fexample.net%2F%40bob%2F11344", "from%3Ame+has%3Amedia+before%3A2026-11-01"]:
                L.add(t+1, ivory, "GET", "/api/v2/search?q=%s&resolve=true&limit=5" % q, 200, 3000, "-", ua)
        if r.random() < 0.2:
            L.add(t+2, ivory, "POST", "/api/v1/statuses/1134%011d/favourite" % r.randint(0, 10**10), 200, 3000, "-", ua)
        t += r.uniform(15, 90)
    # Element web: matrix sync long-poll, media thumbnails, sends
    t = 10; since = 1000
    L.add(t, elem, "GET", "/_matrix/client/versions", 200, 900, "https://app.element.io/", eua)
    L.add(t+0.1, elem, "GET", "/.well-known/matrix/client", 200, 120, "https://app.element.io/", eua)
    L.add(t+0.3, elem, "GET", "/_matrix/client/v3/pushrules/", 200, 9000, "https://app.element.io/", eua)
    L.add(t+0.4, elem, "GET", "/_matrix/client/v3/sync?filter=0&timeout=0&_cacheBuster=%d" % (1733400000000 + r.randint(0, 10**6)), 200, 2400000, "https://app.element.io/", eua)
    for k in range(60):
        L.add(t+1+k*0.03, elem, "GET", "/_matrix/client/v1/media/thumbnail/example.org/%s?width=32&height=32&method=crop&allow_redirect=true" % hx(r, 24), 200, 1800, "https://app.element.io/", eua)
    while t < D - 35:
        L.add(t+30, elem, "GET", "/_matrix/client/v3/sync?filter=0&timeout=30000&since=s%d_%d_0_1_1_1_1_%d_0_1" % (since, r.randint(1, 999), r.randint(1, 99)), 200, r.randint(300, 9000), "https://app.element.io/", eua)
        since += 1
        if r.random() < 0.3:
            L.add(t+3, elem, "PUT", "/_matrix/client/v3/rooms/!%s:example.org/typing/@carol:example.org" % hx(r, 18), 200, 2, "https://app.element.io/", eua)
            L.add(t+8, elem, "PUT", "/_matrix/client/v3/rooms/!%s:example.org/send/m.room.message/m%d.%d" % (hx(r, 18), 1733400000000 + int(t*1000), r.randint(0, 9)), 200, 60, "https://app.element.io/", eua)
            L.add(t+9, elem, "POST", "/_matrix/client/v3/rooms/!%s:example.org/read_markers" % hx(r, 18), 200, 2, "https://app.element.io/", eua)
        t += r.uniform(3, 30)
    return L, "Mastodon via Ivory for iOS (home timeline refresh, media/avatars with some 404s, searches with URLs/operators, favourites) and Element Web on the homeserver (initial sync 2.4 MB, 60 thumbnails in 2 s, 30 s long-poll sync, typing/send/read markers)", [(ivory, "Ivory"), (elem, "Element web")]

# 6 Home Assistant companion app + Jellyfin
def ha_jellyfin():
    L = Log("home.example.org", 106); r = L.r
    bg(L, 20)
    ha = "2a01:598:b18c:3f2e:1d4:8e7a:22c1:9b10"; haua = "Home Assistant/2024.12.0 (io.robbie.HomeAssistant; build:2024.1138; iOS 18.1.1) Mobile/HomeAssistant"
    t = 3; tok = hx(r, 64)
    L.add(t, ha, "POST", "/auth/token", 200, 400, "-", haua)
    L.add(t+0.2, ha, "GET", "/api/websocket", 101, 0, "-", haua)
    L.add(t+0.3, ha, "GET", "/manifest.json", 200, 1200, "-", haua)
    while t < D - 10:
        for cam in ["front_door", "garage", "backyard"]:
            L.add(t, ha, "GET", "/api/camera_proxy/camera.%s?token=%s&width=512" % (cam, tok), 200, r.randint(30000, 90000), "-", haua)
        if r.random() < 0.1:
            L.add(t+1, ha, "POST", "/api/webhook/%s" % hx(r, 64), 200, 2, "-", haua)  # location update
        if r.random() < 0.05:
            L.add(t+1, ha, "GET", "/api/history/period/2026-12-05T13:00:00.000Z?filter_entity_id=sensor.living_room_temperature&end_time=2026-12-05T14:10:00.000Z&minimal_response&no_attributes", 200, 9000, "-", haua)
        t += 10
    jf = "93.104.177.58"; jua = "Jellyfin Web/10.10.3 (Firefox 133.0)"
    ref = "https://home.example.org/web/"
    t = 60
    L.add(t, jf, "GET", "/web/index.html", 200, 9000, "-", BROWSERS[3])
    for k in range(80):  # library grid posters
        L.add(t+2+k*0.04, jf, "GET", "/Items/%s/Images/Primary?fillHeight=396&fillWidth=264&quality=96&tag=%s" % (hx(r, 32), hx(r, 32)), 200, r.randint(8000, 40000), ref, BROWSERS[3])
    L.add(t+6, jf, "GET", "/Users/%s/Items?SortBy=SortName&SortOrder=Ascending&IncludeItemTypes=Movie&Recursive=true&Fields=PrimaryImageAspectRatio%%2CMediaSourceCount&ImageTypeLimit=1&EnableImageTypes=Primary%%2CBackdrop%%2CBanner%%2CThumb&StartIndex=0&Limit=100&ParentId=%s" % (hx(r, 32), hx(r, 32)), 200, 90000, ref, BROWSERS[3])
    vid = hx(r, 32); t = 80; seg = 0; ps = hx(r, 32)
    L.add(t, jf, "POST", "/Items/%s/PlaybackInfo?UserId=%s&StartTimeTicks=0&IsPlayback=true&AutoOpenLiveStream=true&MaxStreamingBitrate=140000000" % (vid, hx(r, 32)), 200, 6000, ref, BROWSERS[3])
    L.add(t+0.3, jf, "GET", "/videos/%s/master.m3u8?DeviceId=%s&MediaSourceId=%s&VideoCodec=av1,h264&AudioCodec=aac&PlaySessionId=%s&TranscodingMaxAudioChannels=2&RequireAvc=false&SegmentContainer=mp4&MinSegments=1&BreakOnNonKeyFrames=True" % (vid, hx(r, 40), vid, ps), 200, 400, ref, BROWSERS[3])
    while t < D - 10:
        # buffer ahead: on seek, 6 segments quickly
        n = 6 if r.random() < 0.08 else 1
        if n > 1: seg += r.randint(50, 300)
        for k in range(n):
            L.add(t + k*0.4, jf, "GET", "/videos/%s/hls1/main/%d.mp4?DeviceId=%s&MediaSourceId=%s&PlaySessionId=%s&runtimeTicks=%d&actualSegmentLengthTicks=30000000" % (vid, seg, hx(r, 8), vid, ps, seg*30000000), 200, r.randint(1500000, 4000000), ref, BROWSERS[3])
            seg += 1
        if int(t) % 10 < 3:
            L.add(t+0.5, jf, "POST", "/Sessions/Playing/Progress", 204, 0, ref, BROWSERS[3])
        t += 3
    return L, "Home Assistant iOS companion over IPv6 (3 camera proxies refreshed every 10 s with token in query, webhooks, history) and Jellyfin Web (80 poster images in 3 s, HLS fMP4 segments every 3 s with seeks fetching 6 ahead, progress reports)", [(ha, "HA companion"), (jf, "Jellyfin viewer")]

# 7 WooCommerce shopper with AJAX price/attribute filters + cart fragments
def woo_filters():
    L = Log("shop.example.org", 107); r = L.r
    pages = ["/", "/shop/", "/product-category/coffee/", "/product/ethiopia-yirgacheffe/", "/cart/", "/my-account/", "/?s=decaf&post_type=product"]
    bg(L, 35, pages, ["/wp-content/plugins/woocommerce/assets/css/woocommerce.css?ver=9.4.2", "/wp-content/themes/storefront/style.css?ver=4.6.0", "/wp-includes/js/jquery/jquery.min.js?ver=3.7.1"])
    shoppers = ["84.150.33.190", "37.201.5.67", "79.218.90.4"]
    for n, ip in enumerate(shoppers):
        ua = BROWSERS[n+5]; t = 30 + n*200
        L.add(t, ip, "GET", "/product-category/coffee/", 200, 70000, "https://www.google.com/", ua)
        L.add(t+0.5, ip, "POST", "/?wc-ajax=get_refreshed_fragments", 200, 900, L.url("/product-category/coffee/"), ua)
        cur = "/product-category/coffee/"
        for k in range(r.randint(25, 45)):  # filter clicks, each reloads the grid (AJAX filter plugin) + 24 thumbnails
            t += r.uniform(1.5, 8)
            lo = r.choice([0, 5, 10, 15]); hi = r.choice([20, 25, 30, 40, 60])
            q = "min_price=%d&max_price=%d" % (lo, hi)
            if r.random() < 0.6: q += "&filter_origin=%s&query_type_origin=or" % r.choice(["ethiopia", "ethiopia%2Ckenya", "colombia%2Cbrazil%2Cperu", "kenya"])
            if r.random() < 0.4: q += "&filter_roast=%s" % r.choice(["light", "medium", "dark", "medium%2Cdark"])
            if r.random() < 0.3: q += "&orderby=%s" % r.choice(["price", "price-desc", "popularity", "rating", "date"])
            if r.random() < 0.2: q += "&paged=%d" % r.randint(2, 4)
            path = "/product-category/coffee/?" + q
            L.add(t, ip, "GET", path + "&wpf_ajax=1" if r.random() < 0.5 else path, 200, r.randint(30000, 80000), L.url(cur), ua)
            for j in range(24 if r.random() < 0.5 else 0):
                L.add(t+0.2+j*0.02, ip, "GET", "/wp-content/uploads/2026/0%d/%s-300x300.jpg" % (r.randint(1, 9), hx(r, 10)), 200, 12000, L.url(path), ua)
            cur = path
            if r.random() < 0.2:
                L.add(t+1, ip, "POST", "/?wc-ajax=add_to_cart", 200, 2000, L.url(cur), ua)
                L.add(t+1.3, ip, "POST", "/?wc-ajax=get_refreshed_fragments", 200, 1200, L.url(cur), ua)
        t += 5
        L.add(t, ip, "GET", "/checkout/", 200, 80000, L.url("/cart/"), ua)
        for k in range(6):
            L.add(t+2+k*3, ip, "POST", "/?wc-ajax=update_order_review", 200, 6000, L.url("/checkout/"), ua)
        L.add(t+25, ip, "POST", "/?wc-ajax=apply_coupon", 200, 300, L.url("/checkout/"), ua)
        L.add(t+27, ip, "POST", "/?wc-ajax=apply_coupon", 200, 300, L.url("/checkout/"), ua)
        L.add(t+40, ip, "POST", "/?wc-ajax=checkout", 200, 500, L.url("/checkout/"), ua)
        L.add(t+42, ip, "GET", "/checkout/order-received/%d/?key=wc_order_%s" % (r.randint(10000, 99999), hx(r, 13)), 200, 50000, L.url("/checkout/"), ua)
    return L, "WooCommerce shop with an AJAX product filter: 3 shoppers clicking 25-45 price/attribute/order filters (comma-separated filter values, min/max price, paging) each reloading the grid and 24 thumbnails, cart fragments, checkout order review refreshes, two coupon tries", [(ip, "shopper") for ip in shoppers]

# 8 Swagger UI try-it: a developer exploring an API
def swagger():
    L = Log("api.example.org", 108); r = L.r
    bg(L, 20, ["/", "/docs/", "/docs/authentication/", "/pricing/", "/changelog/"])
    ip = "195.135.221.14"; ua = BROWSERS[8]; ref = L.url("/api/docs/")
    t = 40
    L.add(t, ip, "GET", "/api/docs/", 200, 2000, L.url("/docs/"), ua)
    for a in ["/api/docs/swagger-ui.css", "/api/docs/swagger-ui-bundle.js", "/api/docs/swagger-ui-standalone-preset.js", "/api/docs/swagger-initializer.js", "/api/docs/favicon-32x32.png"]:
        L.add(t+0.2, ip, "GET", a, 200, 300000, ref, ua)
    L.add(t+0.6, ip, "GET", "/api/openapi.json", 200, 250000, ref, ua)
    calls = [("GET", "/api/v1/users/me", 401), ("POST", "/api/v1/auth/token", 422), ("POST", "/api/v1/auth/token", 401), ("POST", "/api/v1/auth/token", 200),
             ("GET", "/api/v1/users/me", 200), ("GET", "/api/v1/projects?page=1&per_page=20", 200), ("GET", "/api/v1/projects/%7BprojectId%7D", 422),
             ("GET", "/api/v1/projects/string", 404), ("GET", "/api/v1/projects/0", 404), ("GET", "/api/v1/projects/3fa85f64-5717-4562-b3fc-2c963f66afa6", 404),
             ("GET", "/api/v1/projects/8812", 200), ("POST", "/api/v1/projects", 422), ("POST", "/api/v1/projects", 400), ("POST", "/api/v1/projects", 201),
             ("PATCH", "/api/v1/projects/8813", 200), ("DELETE", "/api/v1/projects/8813", 204), ("DELETE", "/api/v1/projects/8813", 404),
             ("GET", "/api/v1/projects/8812/members?role=admin&role=owner", 200), ("PUT", "/api/v1/projects/8812/members/string", 422),
             ("GET", "/api/v1/search?q=string&limit=0", 422), ("GET", "/api/v1/search?q=%22exact%20name%22%20OR%20id%3A42&limit=10", 200),
             ("GET", "/api/v1/files/%7Bpath%7D", 404), ("GET", "/api/v1/files/reports%2F2026%2Fq3.pdf", 200), ("GET", "/api/v1/webhooks/test?url=https%3A%2F%2Fwebhook.site%2F3f1c", 200),
             ("GET", "/api/v1/admin/audit-log", 403), ("GET", "/api/v1/admin/users", 403), ("GET", "/api/v1/export?format=csv&fields=id,name,created_at", 200),
             ("OPTIONS", "/api/v1/projects", 204), ("GET", "/api/v1/projects?page=-1", 422), ("GET", "/api/v1/projects?page=1&per_page=10000", 422),
             ("GET", "/api/v1/health", 200), ("GET", "/api/v1/version", 200)]
    for rep in range(2):
        for m, p, s in calls:
            t += r.uniform(2, 15)
            L.add(t, ip, m, p, s, r.randint(50, 5000), ref, ua)
    return L, "Swagger UI try-it: a developer clicking through 32 operations twice, with placeholder values ({projectId}, 'string', the example UUID, 0, -1), 401/403/404/422s, admin endpoints refused, a URL in a webhook test", [(ip, "developer")]

# 9 SAML/OIDC SSO morning logins through an office NAT
def sso_morning():
    L = Log("intranet.example.org", 109); r = L.r
    bg(L, 25, ["/", "/news/", "/hr/holidays/", "/it/vpn/", "/directory/?q=smith"])
    nat = "212.114.250.6"
    for u in range(70):
        ua = r.choice(BROWSERS[:5]); t = r.uniform(0, 600)
        st = hx(r, 32); nonce = hx(r, 32)
        L.add(t, nat, "GET", "/dashboard", 302, 0, "-", ua)
        L.add(t+0.1, nat, "GET", "/oauth2/authorization/keycloak", 302, 0, "-", ua)
        L.add(t+0.2, nat, "GET", "/realms/corp/protocol/openid-connect/auth?response_type=code&client_id=intranet&scope=openid%%20profile%%20email&state=%s&redirect_uri=https%%3A%%2F%%2Fintranet.example.org%%2Flogin%%2Foauth2%%2Fcode%%2Fkeycloak&nonce=%s&code_challenge=%s&code_challenge_method=S256" % (st, nonce, hx(r, 43)), 302, 0, "-", ua)
        # upstream SAML to ADFS: SAMLRequest redirect, POST back to broker endpoint
        L.add(t+0.5, nat, "GET", "/realms/corp/broker/adfs/login?client_id=intranet&tab_id=%s&session_code=%s" % (hx(r, 11), hx(r, 43)), 302, 0, L.url("/realms/corp/protocol/openid-connect/auth"), ua)
        L.add(t+r.uniform(4, 20), nat, "POST", "/realms/corp/broker/adfs/endpoint", 302, 0, "https://adfs.corp.example.org/", ua)
        t2 = t + 22
        L.add(t2, nat, "GET", "/realms/corp/broker/after-first-broker-login?client_id=intranet&tab_id=%s" % hx(r, 11), 302, 0, "https://adfs.corp.example.org/", ua)
        L.add(t2+0.2, nat, "GET", "/login/oauth2/code/keycloak?state=%s&session_state=%s&iss=https%%3A%%2F%%2Fintranet.example.org%%2Frealms%%2Fcorp&code=%s.%s.%s" % (st, hx(r, 36), hx(r, 36), hx(r, 36), hx(r, 36)), 302, 0, "-", ua)
        L.add(t2+0.4, nat, "GET", "/dashboard", 200, 60000, "-", ua)
        for a in ASSETS: L.add(t2+0.6, nat, "GET", a, 200, 10000, L.url("/dashboard"), ua)
        if r.random() < 0.2:  # stale tab: state mismatch, retry
            L.add(t2+30, nat, "GET", "/login/oauth2/code/keycloak?state=%s&code=%s" % (hx(r, 32), hx(r, 36)), 401, 300, "-", ua)
            L.add(t2+31, nat, "GET", "/oauth2/authorization/keycloak", 302, 0, "-", ua)
        # a SP-initiated SAML app too (Jira-like), POST binding to ACS
        if r.random() < 0.5:
            L.add(t2+60, nat, "GET", "/plugins/servlet/samlsso?redirectTo=%2Fsecure%2FDashboard.jspa", 302, 0, L.url("/dashboard"), ua)
            L.add(t2+61, nat, "POST", "/plugins/servlet/samlconsumer", 302, 0, "https://intranet.example.org/", ua)
            L.add(t2+61.3, nat, "GET", "/secure/Dashboard.jspa", 200, 80000, "https://intranet.example.org/", ua)
        tt = t2 + 90
        for k in range(r.randint(3, 15)):
            tt += r.uniform(10, 60)
            L.add(tt, nat, "GET", r.choice(["/news/", "/hr/holidays/", "/it/vpn/", "/directory/?q=smith", "/dashboard"]), 200, 40000, L.url("/dashboard"), ua)
        # token refresh iframe
        L.add(tt+5, nat, "GET", "/realms/corp/protocol/openid-connect/login-status-iframe.html/init?client_id=intranet&origin=https%3A%2F%2Fintranet.example.org", 204, 0, L.url("/dashboard"), ua)
    return L, "Monday 9:00 SSO: 70 employees behind one office NAT log in within 10 min through an OIDC redirect chain (code + PKCE, redirect_uri and iss URLs in queries) brokered to ADFS via SAML POST binding, a SAML POST to a Jira-style ACS, some stale-state 401 retries", [(nat, "office NAT")]

# 10 feed readers with 304s: Feedly fetchers for many per-tag feeds, Miniflux, FreshRSS
def feeds():
    L = Log("blog.example.org", 110); r = L.r
    bg(L, 30, WP_PAGES, WP_ASSETS)
    tags = ["nginx", "postgres", "linux", "kubernetes", "security", "rust", "go", "python", "release", "howto", "backup", "ipv6", "dns", "tls", "email", "monitoring", "ansible", "docker", "zfs", "wireguard"]
    fe = ["52.91.10.%d" % i for i in (11, 57, 140)]
    feeds = ["/feed/", "/comments/feed/", "/feed/atom/", "/category/news/feed/"] + ["/tag/%s/feed/" % t for t in tags] + ["/author/%s/feed/" % a for a in ["anna", "ben", "chris"]] + ["/2026/11/%02d/%s/feed/" % (r.randint(1, 28), s) for s in ["zfs-on-root", "ipv6-only", "tls-1-3-tuning", "grafana-alloy"]]
    t = 0
    while t < D:
        ip = r.choice(fe)
        for f in feeds:  # Feedly refreshes all subscribed feeds of the site in one sweep
            L.add(t + r.uniform(0, 20), ip, "GET", f, 304 if r.random() < 0.85 else 200, 0 if r.random() < 0.85 else 40000, "-", "Feedly/1.0 (+http://www.feedly.com/fetcher.html; %d subscribers; like FeedFetcher-Google)" % r.randint(2, 900))
        t += 300
    mf = "148.251.77.3"
    for f in feeds[:8]:
        t = r.uniform(0, 600)
        while t < D:
            L.add(t, mf, "GET", f, 304, 0, "-", "Mozilla/5.0 (compatible; Miniflux/2.2.3; +https://miniflux.app)")
            t += 600
    fr = ["2a01:4f8:c17:%x::1" % r.randint(0, 0xffff)]
    for f in feeds:
        L.add(r.uniform(100, 110), fr[0], "GET", f, r.choice([200, 304, 304, 304, 404]) if "/2026/" in f else 304, 0, "-", "FreshRSS/1.24.3 (Linux; https://freshrss.org)")
    ino = "35.205.12.99"
    for f in feeds:
        L.add(r.uniform(400, 430), ino, "GET", f, 304, 0, "-", "Mozilla/5.0 (compatible; inoreader.com; 14 subscribers)")
        L.add(r.uniform(400, 430), ino, "HEAD", f, 200, 0, "-", "Mozilla/5.0 (compatible; inoreader.com; 14 subscribers)")
    return L, "Feed readers on a WordPress blog: Feedly sweeps 31 feeds (per tag, author, post comments; 85 % 304) every 5 min from 3 addresses, Miniflux polling 8 feeds, FreshRSS over IPv6 refreshing 31 feeds in 10 s with some 404 (deleted post comment feeds), Inoreader GET+HEAD 62 requests in 30 s", [(ip, "Feedly") for ip in fe] + [(mf, "Miniflux"), (fr[0], "FreshRSS"), (ino, "Inoreader")]

# 11 archive crawlers: Heritrix archive.org_bot extracting bogus links from JS/CSS, CCBot
def archive_crawlers():
    L = Log("www.example.org", 111); r = L.r
    bg(L, 30)
    ia = "207.241.229.48"; iaua = "Mozilla/5.0 (compatible; archive.org_bot +http://archive.org/details/archive.org_bot) Zeno/eb1f6f6 warc/v0.8.51"
    t = 10
    L.add(t, ia, "GET", "/robots.txt", 200, 400, "-", iaua)
    bogus = ["/static/js/'+e+'", "/static/js/undefined", "/static/css/data:image/svg+xml;charset=utf8,%3Csvg%20xmlns=%27http://www.w3.org/2000/svg%27%3E", "/static/js/chunk-%22+t+%22.js", "/static/js/n.p+%22static/media/%22",
             "/static/fonts/inter-var.woff2?#iefix", "/static/js/%7B%7Burl%7D%7D", "/static/img/logo.svg#logo", "/api/v1/", "/static/js/a.default.createElement", "/static/js/text/javascript", "/static/css/../img/sprite.png",
             "/docs/install/$%7Bbase%7D/img/screenshot.png", "/blog/%7B%7B%20post.url%20%7D%7D", "/static/js/app.91bd3e.js.map", "/static/js/vendor.2c81aa.js.map", "/cdn-cgi/l/email-protection"]
    while t < D - 5:
        p = r.choice(DEFAULT_PAGES)
        t += r.uniform(0.3, 2)
        L.add(t, ia, "GET", p, 200, 30000, "-", iaua)
        for a in ASSETS: 
            if r.random() < 0.5: L.add(t + r.uniform(0, 1), ia, "GET", a, 200, 30000, L.url(p), iaua)
        if r.random() < 0.5:
            b = r.choice(bogus)
            L.add(t + r.uniform(0, 1), ia, "GET", b, 404 if "/img/" not in b or "$" in b else 200, 6000, L.url("/static/js/app.91bd3e.js"), iaua)
        if r.random() < 0.2:  # old URLs from outlinks
            L.add(t + 1, ia, "GET", r.choice(["/index.php?option=com_content&view=article&id=12", "/old-site/products.asp", "/blog/2014/03/hello-world.html", "/wp/?p=33", "/~jsmith/"]), r.choice([404, 301, 410]), 5000, "-", iaua)
    cc = "44.213.97.%d" % r.randint(2, 250); ccua = "CCBot/2.0 (https://commoncrawl.org/faq/)"
    L.add(0, cc, "GET", "/robots.txt", 200, 400, "-", ccua)
    t = 1
    while t < D:
        t += r.uniform(1, 6)
        L.add(t, cc, "GET", r.choice(DEFAULT_PAGES + ["/blog/page/%d/" % r.randint(2, 60), "/tag/%s/" % r.choice(["go", "tls", "dns"])]), r.choice([200] * 8 + [404, 301]), 25000, "-", ccua)
    return L, "Web archive crawlers: archive.org_bot (Zeno) at ~1-3 pages/s with assets, requesting links mis-extracted from JS/CSS (undefined, '+e+', {{url}}, data: URIs, .map files, email-protection) and old outlinked URLs (404/301/410); CCBot", [(ia, "archive.org_bot"), (cc, "CCBot")]

# 12 Lighthouse/PageSpeed + link preview/screenshot bots after a post goes viral
def previews():
    L = Log("www.example.org", 112); r = L.r
    bg(L, 35)
    page = "/blog/2026/11/winter-update/"
    lh = "66.249.93.%d" % r.randint(2, 250)
    t = 50
    for run in range(4):  # PSI: mobile and desktop, each run loads everything uncached
        ua = "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse" if run % 2 == 0 else "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Chrome-Lighthouse"
        L.add(t, lh, "GET", page, 200, 40000, "-", ua)
        for k, a in enumerate(ASSETS + ["/media/blog-2026-11-winter-update/%d.jpg" % i for i in range(12)] + ["/static/js/chunk-%s.js" % hx(r, 6) for _ in range(15)]):
            L.add(t + 0.2 + k*0.03, lh, "GET", a, 200, 30000, L.url(page), ua)
        L.add(t+2, lh, "GET", "/robots.txt", 200, 400, "-", ua)
        L.add(t+2.1, lh, "GET", "/manifest.webmanifest", 404, 500, L.url(page), ua)
        L.add(t+2.2, lh, "GET", "/.well-known/assetlinks.json", 404, 500, "-", ua)
        L.add(t+2.3, lh, "GET", "/static/img/does-not-exist-%s.png" % hx(r, 6), 404, 500, L.url(page), ua)  # http-status-code audit? keep realistic 404 probe
        t += 25
    bots = [("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "3.%d.%d.%d"), ("Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)", "35.%d.%d.%d"),
            ("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "31.13.%d.%d"), ("Twitterbot/1.0", "199.16.%d.%d"), ("TelegramBot (like TwitterBot)", "149.154.%d.%d"),
            ("WhatsApp/2.24.24.76 A", "157.240.%d.%d"), ("LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)", "108.174.%d.%d"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36", "54.%d.%d.%d")]
    ips = []
    for ua, fmt in bots:
        n = fmt.count("%d")
        ip = fmt % tuple(r.randint(1, 250) for _ in range(n)); ips.append(ip)
        t = r.uniform(200, 260)
        for k in range(r.randint(15, 60)):  # each share in a big channel/group triggers a fetch; variants with utm_ params
            q = r.choice(["", "?utm_source=slack", "?utm_source=twitter&utm_medium=social", "?fbclid=IwAR%s" % hx(r, 30), "?ref=hn", "?s=09"])
            L.add(t, ip, "GET", page + q, 200, 40000, "-", ua)
            if "facebook" in ua or "Headless" in ua or "Twitter" in ua:
                L.add(t+0.2, ip, "GET", "/media/blog-2026-11-winter-update/0.jpg", 200, 150000, "-", ua)
            if "Headless" in ua:
                for a in ASSETS: L.add(t+0.3, ip, "GET", a, 200, 30000, L.url(page + q), ua)
            t += r.expovariate(1/3.0)
    return L, "PageSpeed Insights (Chrome-Lighthouse, 4 runs mobile/desktop: 35 uncached assets in 1 s, manifest/assetlinks 404) and link-preview bots (Slack, Discord, Facebook, Twitter, Telegram, WhatsApp, LinkedIn, a HeadlessChrome screenshot service) fetching a post 15-60 times each with utm/fbclid variants after it went viral", [(lh, "Lighthouse")] + [(ip, "preview bot") for ip in ips]

# 13 IPv6 privacy addresses: a family /64 and a startup office /56 each device rotating temporaries
def ipv6_privacy():
    L = Log("www.example.org", 113); r = L.r
    bg(L, 20)
    prefix = "2003:e8:7f1a:6b00"
    addrs = []
    for dev in range(6):
        ua = r.choice(BROWSERS)
        for rot in range(r.randint(3, 8)):  # new temporary address per connection burst (Android/macOS/Windows)
            ip = "%s:%x:%x:%x:%x" % (prefix, r.randint(0, 0xffff), r.randint(0, 0xffff), r.randint(0, 0xffff), r.randint(0, 0xffff))
            addrs.append(ip)
            t = r.uniform(0, D - 60)
            first = True
            for k in range(r.randint(1, 6)):
                p = r.choice(DEFAULT_PAGES)
                L.add(t, ip, "GET", p, 200, 30000, "-", ua, "HTTP/2.0")
                for a in ASSETS:
                    if first: L.add(t+0.3, ip, "GET", a, 200, 20000, L.url(p), ua, "HTTP/2.0")
                first = False
                t += r.uniform(5, 60)
    # a smart TV and two phones polling an API from the same /64
    for dev in range(3):
        ip = "%s:%x:%x:%x:%x" % (prefix, r.randint(0, 0xffff), r.randint(0, 0xffff), r.randint(0, 0xffff), r.randint(0, 0xffff)); addrs.append(ip)
        t = r.uniform(0, 30)
        while t < D:
            L.add(t, ip, "GET", "/api/v1/notifications/unread-count", 200, 30, "-", "okhttp/4.12.0")
            t += 30
    return L, "A household /64 with 6 browsing devices rotating RFC 8981 temporary IPv6 addresses (3-8 addresses each, 26+ addresses) and 3 app devices polling; nobody banned", [(a, "household v6") for a in addrs[:5]]

# 14 satellite link: GEO/Starlink client with replays, 499s, duplicate requests
def satellite():
    L = Log("www.example.org", 114); r = L.r
    bg(L, 30)
    ips = ["102.129.%d.%d" % (r.randint(0, 255), r.randint(1, 254)) for _ in range(2)]  # Starlink-like CGNAT egress
    for ip in ips:
        for u in range(8):  # several households behind one egress
            ua = r.choice(BROWSERS); t = r.uniform(0, D - 200)
            for k in range(r.randint(4, 12)):
                p = r.choice(DEFAULT_PAGES)
                # first attempt times out (client gives up: 499), browser retries, sometimes a second duplicate from a PEP replay
                if r.random() < 0.4:
                    L.add(t, ip, "GET", p, 499, 0, "-", ua)
                    t += r.uniform(2, 8)
                L.add(t, ip, "GET", p, 200, 30000, "-", ua)
                if r.random() < 0.3:
                    L.add(t, ip, "GET", p, 200, 30000, "-", ua)
                for a in ASSETS:
                    s = 200 if r.random() > 0.25 else 499
                    L.add(t + r.uniform(0.5, 4), ip, "GET", a, s, 20000 if s == 200 else 0, L.url(p), ua)
                    if s == 499: L.add(t + r.uniform(4, 9), ip, "GET", a, 200, 20000, L.url(p), ua)
                t += r.uniform(10, 80)
    return L, "Satellite users (two CGNAT egress addresses, 8 households each): pages and assets often 499 after long RTT and refetched, some requests duplicated by the link's accelerator", [(ip, "satellite egress") for ip in ips]

# 15 large downloads with Range: aria2c -x16, wget -c, IDM, a download page crowd
def downloads():
    L = Log("download.example.org", 115); r = L.r
    bg(L, 25, ["/", "/download/", "/releases/", "/releases/4.2/", "/docs/verify/"])
    a2 = "85.214.132.117"; a2ua = "aria2/1.37.0"
    t = 20
    iso = "/releases/4.2/distro-4.2-amd64-dvd.iso"
    L.add(t, a2, "GET", iso + ".meta4", 200, 3000, "-", a2ua)
    for rep in range(3):
        for k in range(16):
            L.add(t + 0.5 + k*0.01, a2, "GET", iso, 206, r.randint(10**8, 3*10**8), "-", a2ua)
        for k in range(40):  # aria2 re-splits: segment requests as pieces finish
            L.add(t + 5 + k*r.uniform(1, 4), a2, "GET", iso, 206, r.randint(10**6, 5*10**7), "-", a2ua)
        t += 250
    wg = "2a02:8108:1a3f:e00::4"; wua = "Wget/1.21.3"
    t = 30
    for k in range(25):  # flaky connection: wget -c resumes
        L.add(t, wg, "GET", "/releases/4.2/distro-4.2-arm64.img.xz", 206 if k else 200, r.randint(10**6, 10**8), "-", wua)
        t += r.uniform(5, 40)
    idm = "178.131.40.9"; iua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Trident/7.0; rv:11.0) like Gecko"
    t = 100
    L.add(t, idm, "HEAD", iso, 200, 0, L.url("/releases/4.2/"), iua)
    for k in range(8):
        L.add(t+0.5, idm, "GET", iso, 206, 5*10**8, L.url("/releases/4.2/"), iua)
    for k in range(30):
        L.add(t+2+k*15, idm, "GET", iso, 206, r.randint(10**6, 10**8), L.url("/releases/4.2/"), iua)
    vs = "91.65.7.120"
    for k in range(20):  # VS Code-like updater / curl checking mirrors and sha sums
        L.add(400 + k*2, vs, "GET", "/releases/4.2/SHA256SUMS%s" % r.choice(["", ".gpg", ".sig"]), 200, 900, "-", "curl/8.11.0")
        L.add(400 + k*2 + 0.5, vs, "HEAD", "/releases/4.%d/distro-4.%d-amd64-dvd.iso" % (k % 3, k % 3), r.choice([200, 200, 404]), 0, "-", "curl/8.11.0")
    return L, "Large downloads: aria2c -x16 -s16 (16 parallel Range requests then re-splits, 3 runs), wget -c resuming 25 times on a flaky line over IPv6, IDM with 8 connections + 30 segments, a script checking SHA256SUMS and HEAD of 3 releases with 404s", [(a2, "aria2"), (wg, "wget -c"), (idm, "IDM"), (vs, "checksum script")]

# 16 package mirrors: npm ci through Verdaccio, cargo sparse index, Go module proxy, apk and dnf
def pkg_mirrors():
    L = Log("mirror.example.org", 116); r = L.r
    bg(L, 20, ["/", "/status/", "/about/"])
    npm = "10.20.0.0"
    npm = "34.141.57.201"; nua = "npm/10.9.0 node/v22.11.0 linux x64 workspaces/false ci/github-actions"
    names = ["react", "react-dom", "@babel/core", "@babel/preset-env", "@types/node", "typescript", "eslint", "@eslint/js", "webpack", "webpack-cli", "lodash", "chalk", "semver", "debug", "ms",
             "@esbuild/linux-x64", "esbuild", "postcss", "autoprefixer", "tailwindcss", "@tailwindcss/forms", "glob", "minimatch", "brace-expansion", "balanced-match", "@jridgewell/trace-mapping", "caniuse-lite", "browserslist", "electron-to-chromium", "picocolors"]
    for job in range(3):
        t = 30 + job*350
        for k in range(400):  # npm ci: metadata + tarballs with 16 sockets
            n = r.choice(names) + ("" if r.random() < 0.5 else "-%s" % r.choice(["utils", "core", "plugin-%s" % hx(r, 3)]))
            enc = n.replace("/", "%2f")
            if r.random() < 0.5:
                L.add(t, npm, "GET", "/%s" % enc, r.choice([200, 200, 304]), r.randint(2000, 900000), "-", nua)
            else:
                L.add(t, npm, "GET", "/%s/-/%s-%d.%d.%d.tgz" % (n, n.split("/")[-1], r.randint(0, 9), r.randint(0, 20), r.randint(0, 30)), 200, r.randint(3000, 4000000), "-", nua)
            if r.random() < 0.02: L.add(t, npm, "GET", "/@internal%2f" + hx(r, 6), 404, 100, "-", nua)
            t += r.expovariate(40)
        L.add(t+1, npm, "POST", "/-/npm/v1/security/advisories/bulk", 200, 9000, "-", nua)
    cg = "18.197.40.55"; cua = "cargo/1.83.0 (90b35a623 2024-11-26)"
    t = 100
    L.add(t, cg, "GET", "/index/config.json", 200, 90, "-", cua)
    crates = ["serde", "serde_json", "tokio", "hyper", "http", "bytes", "futures-util", "tracing", "regex", "regex-syntax", "aho-corasick", "memchr", "clap", "clap_derive", "syn", "quote", "proc-macro2", "unicode-ident", "libc", "rand", "rand_core", "getrandom", "cfg-if", "once_cell", "anyhow", "thiserror", "itoa", "ryu"]
    for c in crates * 4:
        pre = "1/%s" % c if len(c) == 1 else ("2/%s" % c if len(c) == 2 else ("3/%s/%s" % (c[0], c) if len(c) == 3 else "%s/%s/%s" % (c[:2], c[2:4], c)))
        L.add(t, cg, "GET", "/index/%s" % pre, r.choice([200, 304, 304]), 9000, "-", cua); t += r.expovariate(30)
    for c in crates:
        L.add(t, cg, "GET", "/api/v1/crates/%s/%d.%d.%d/download" % (c, r.randint(0, 2), r.randint(0, 200), r.randint(0, 30)), 302, 0, "-", cua); t += 0.02
    gp = "3.120.66.14"; gua = "Go-http-client/1.1"
    t = 500
    mods = ["github.com/spf13/cobra", "github.com/spf13/pflag", "golang.org/x/sys", "golang.org/x/net", "golang.org/x/text", "github.com/!burnt!sushi/toml", "github.com/prometheus/client_golang", "google.golang.org/protobuf", "github.com/google/uuid", "go.uber.org/zap", "github.com/stretchr/testify", "gopkg.in/yaml.v3"]
    for m in mods * 3:
        v = "v%d.%d.%d" % (r.randint(0, 1), r.randint(0, 30), r.randint(0, 9))
        for suf in ["/@v/list", "/@v/%s.info" % v, "/@v/%s.mod" % v, "/@v/%s.zip" % v, "/@latest"]:
            L.add(t, gp, "GET", "/%s%s" % (m, suf), r.choice([200, 200, 200, 404, 410]) if suf in ("/@latest",) else 200, 3000, "-", gua); t += r.expovariate(25)
    for m in ["github.com/foo", "github.com/foo/bar/v2", "github.com/foo/bar/v2/internal"]:  # module path resolution walks parents
        L.add(t, gp, "GET", "/%s/@v/list" % m, 404, 50, "-", gua); t += 0.05
    ak = "2a05:d014:8f1:200::7"; aua = "apk-tools/2.14.4"
    t = 200
    for k in range(10):  # 10 container builds
        L.add(t, ak, "GET", "/alpine/v3.21/main/x86_64/APKINDEX.tar.gz", 200, 600000, "-", aua)
        L.add(t+0.3, ak, "GET", "/alpine/v3.21/community/x86_64/APKINDEX.tar.gz", 200, 900000, "-", aua)
        for p in ["ca-certificates-20241121-r1", "curl-8.11.1-r0", "libcurl-8.11.1-r0", "nghttp2-libs-1.64.0-r0", "tzdata-2024b-r1", "busybox-binsh-1.37.0-r8", "git-2.47.1-r0", "pcre2-10.43-r0"]:
            L.add(t+1+r.uniform(0, 1), ak, "GET", "/alpine/v3.21/main/x86_64/%s.apk" % p, 200, 200000, "-", aua)
        t += 90
    dn = "195.201.10.88"; dua = "libdnf (Fedora Linux 41; server; Linux.x86_64)"
    t = 300
    for rep in ["fedora", "updates", "updates-testing"]:
        L.add(t, dn, "GET", "/metalink?repo=%s-41&arch=x86_64" % rep, 200, 9000, "-", dua)
        L.add(t+0.5, dn, "GET", "/fedora/linux/%s/41/Everything/x86_64/repodata/repomd.xml" % ("releases" if rep == "fedora" else rep.replace("-", "/")), 200, 6000, "-", dua)
        L.add(t+0.6, dn, "GET", "/fedora/linux/%s/41/Everything/x86_64/repodata/repomd.xml.asc" % ("releases" if rep == "fedora" else rep.replace("-", "/")), 404, 200, "-", dua)
        for f in ["primary.xml.zst", "filelists.xml.zst", "comps-Everything.x86_64.xml.zst", "updateinfo.xml.zst"]:
            L.add(t+1, dn, "GET", "/fedora/linux/%s/41/Everything/x86_64/repodata/%s-%s" % ("releases" if rep == "fedora" else rep.replace("-", "/"), hx(r, 64), f), 200, 30000000, "-", dua)
        t += 5
    for k in range(120):  # dnf upgrade: 120 packages over 3 connections
        L.add(t, dn, "GET", "/fedora/linux/updates/41/Everything/x86_64/Packages/%s/%s-%d.%d-1.fc41.x86_64.rpm" % ("abcdefghiklmnoprstuvwxyz"[k % 24], "pkg%s" % hx(r, 5), r.randint(1, 9), r.randint(0, 30)), 200, r.randint(30000, 30000000), "-", dua)
        t += r.expovariate(12)
    return L, "Package mirror/proxy: 3 npm ci jobs through a Verdaccio-style proxy (400 metadata/tarball requests at ~40/s each, scoped names %2f, a few 404), cargo sparse index at ~30/s, Go module proxy client (list/info/mod/zip/@latest, parent-path 404s), apk in 10 container builds over IPv6, dnf makecache + 120-package upgrade", [(npm, "npm ci"), (cg, "cargo"), (gp, "go mod download"), (ak, "apk"), (dn, "dnf")]

# 17 Docker registry push + S3 rclone sync
def registry_s3():
    L = Log("registry.example.org", 117); r = L.r
    bg(L, 20, ["/", "/docs/", "/status/"])
    ci = "35.231.145.151"; dua = "docker/27.3.1 go/go1.22.7 git-commit/41ca978 kernel/6.8.0-1017-azure os/linux arch/amd64 UpstreamClient(Docker-Client/27.3.1 \\(linux\\))"
    t = 60
    for push in range(6):
        L.add(t, ci, "GET", "/v2/", 401, 87, "-", dua)
        L.add(t+0.1, ci, "GET", "/v2/token?account=ci-bot&scope=repository%3Aapps%2Fweb%3Apull%2Cpush&service=registry.example.org", 200, 900, "-", dua)
        L.add(t+0.2, ci, "GET", "/v2/", 200, 2, "-", dua)
        for layer in range(14):
            dg = "sha256:" + hx(r, 64)
            exists = layer < 10
            L.add(t+0.3+layer*0.05, ci, "HEAD", "/v2/apps/web/blobs/%s" % dg, 200 if exists else 404, 0, "-", dua)
            if not exists:
                u = hx(r, 8) + "-" + hx(r, 4) + "-" + hx(r, 4) + "-" + hx(r, 4) + "-" + hx(r, 12)
                tt = t + 1 + layer
                L.add(tt, ci, "POST", "/v2/apps/web/blobs/uploads/", 202, 0, "-", dua)
                for c in range(r.randint(1, 6)):
                    L.add(tt+0.5+c, ci, "PATCH", "/v2/apps/web/blobs/uploads/%s?_state=%s" % (u, hx(r, 80)), 202, 0, "-", dua)
                L.add(tt+7, ci, "PUT", "/v2/apps/web/blobs/uploads/%s?_state=%s&digest=%s" % (u, hx(r, 80), dg.replace(":", "%3A")), 201, 0, "-", dua)
        for tag in ["latest", "sha-%s" % hx(r, 7), "v1.%d.%d" % (push, r.randint(0, 9))]:
            L.add(t+25, ci, "PUT", "/v2/apps/web/manifests/%s" % tag, 201, 0, "-", dua)
        L.add(t+26, ci, "HEAD", "/v2/apps/web/manifests/buildcache", 404, 0, "-", dua)
        t += 170
    rc = "94.130.182.9"; rua = "rclone/v1.68.2"
    t = 40
    # rclone sync to S3-compatible: list with continuation, HEAD each new object (404), PUT, multipart for big
    tok = None
    for page in range(8):
        L.add(t, rc, "GET", "/backups?list-type=2&prefix=photos%%2F2026%%2F&delimiter=&max-keys=1000%s" % ("&continuation-token=" + hx(r, 40) if page else ""), 200, 300000, "-", rua); t += 0.4
    for k in range(300):
        key = "photos/2026/%02d/IMG_%04d.HEIC" % (r.randint(1, 12), r.randint(0, 9999))
        L.add(t, rc, "HEAD", "/backups/%s" % key.replace("/", "%2F") if False else "/backups/" + key, 404, 0, "-", rua)
        L.add(t+0.05, rc, "PUT", "/backups/" + key, 200, 0, "-", rua)
        t += r.expovariate(8)
    for m in range(2):
        key = "/backups/videos/2026/trip-%d.mov" % m; up = hx(r, 40)
        L.add(t, rc, "POST", key + "?uploads=", 200, 300, "-", rua)
        for pn in range(1, 40):
            L.add(t+pn*0.3, rc, "PUT", key + "?partNumber=%d&uploadId=%s" % (pn, up), 200, 0, "-", rua)
        L.add(t+13, rc, "POST", key + "?uploadId=%s" % up, 200, 400, "-", rua)
        t += 15
    return L, "Docker registry push from CI (6 pushes: token dance, 14 HEAD blobs of which 4 missing (404) and uploaded with POST/PATCH/PUT ?digest=, 3 manifest tags, a buildcache 404) and rclone sync to an S3-compatible bucket (8 listing pages, 300 HEAD-404 + PUT at ~8/s, 2 multipart uploads of 39 parts)", [(ci, "docker push CI"), (rc, "rclone")]

# 18 Prometheus federation + blackbox probes + kube probes + ELB health checks
def monitoring():
    L = Log("metrics.example.org", 118); r = L.r
    bg(L, 20)
    fed = "10.8.0.2"; fed = "135.181.14.72"; pua = "Prometheus/3.0.1"
    t = 0
    while t < D:
        L.add(t, fed, "GET", "/federate?match%5B%5D=%7Bjob%3D~%22.%2B%22%2C__name__%3D~%22job%3A.%2A%22%7D&match%5B%5D=%7B__name__%3D~%22up%7Cnode_load1%22%7D", 200, r.randint(2000000, 4000000), "-", pua)
        for tgt in ["https://www.example.org/", "https://shop.example.org/healthz", "http://10.0.3.14:8080/ready", "https://api.example.org/v1/health", "tcp://db.internal.example.org:5432", "http://169.254.169.254/latest/meta-data/instance-id"]:
            L.add(t + r.uniform(0, 2), fed, "GET", "/probe?module=%s&target=%s" % ("tcp_connect" if tgt.startswith("tcp") else "http_2xx", tgt.replace(":", "%3A").replace("/", "%2F")), 200, 2500, "-", pua)
        for ex in ["node", "nginx", "postgres", "redis", "blackbox"]:
            L.add(t + r.uniform(0, 3), fed, "GET", "/%s/metrics" % ex, 200, r.randint(40000, 300000), "-", pua)
        t += 15
    kube = ["10.244.%d.1" % i for i in range(3)]
    kube = ["198.18.4.%d" % i for i in (11, 12, 13)]
    for ip in kube:
        t = r.uniform(0, 2)
        while t < D:
            L.add(t, ip, "GET", "/healthz", 200, 2, "-", "kube-probe/1.31")
            L.add(t+0.01, ip, "GET", "/readyz", r.choice([200] * 30 + [503]), 2, "-", "kube-probe/1.31")
            t += 2
    elbs = ["52.28.%d.%d" % (r.randint(0, 255), r.randint(1, 254)) for _ in range(6)]
    for ip in elbs:
        t = r.uniform(0, 5)
        while t < D:
            L.add(t, ip, "GET", "/health", 200, 15, "-", "ELB-HealthChecker/2.0"); t += 5
    return L, "Monitoring: Prometheus federation every 15 s (match[] selectors with regex, 2-4 MB), blackbox probes through the proxy with target URLs (including a link-local metadata target a team monitors), 5 exporters; 3 kubelet probes every 2 s with occasional 503; 6 ELB health checkers every 5 s", [(fed, "prometheus")] + [(ip, "kube-probe") for ip in kube] + [(ip, "ELB") for ip in elbs]

# 19 payment webhooks after an outage: Stripe retries, PayPal IPN, Adyen
def webhooks():
    L = Log("shop.example.org", 119); r = L.r
    bg(L, 30, ["/", "/shop/", "/product/ethiopia-yirgacheffe/", "/cart/", "/checkout/"])
    st = ["54.187.174.169", "54.187.205.235", "54.187.216.72", "54.241.31.99", "54.241.31.102", "54.241.34.107"]; sua = "Stripe/1.0 (+https://stripe.com/docs/webhooks)"
    # outage from 200 to 500 s: 502/503 answers; then Stripe's retries + new events in a burst
    for k in range(300):
        ip = r.choice(st)
        t0 = r.uniform(0, 900)
        ok = not (200 < t0 < 500)
        L.add(t0, ip, "POST", "/wc-api/wc_stripe", 200 if ok else r.choice([502, 503, 504]), 2 if ok else 150, "-", sua)
        if not ok:
            L.add(r.uniform(505, 560), ip, "POST", "/wc-api/wc_stripe", 200, 2, "-", sua)
    pp = "173.0.81.%d" % r.randint(1, 60); pua = "PayPal IPN ( https://www.paypal.com/ipn )"
    for k in range(60):
        t0 = r.uniform(0, D); ok = not (200 < t0 < 500)
        L.add(t0, pp, "POST", "/?wc-api=WC_Gateway_Paypal", 200 if ok else 503, 0, "-", pua)
        if not ok:
            for rt in range(3): L.add(510 + rt*30 + r.uniform(0, 20), pp, "POST", "/?wc-api=WC_Gateway_Paypal", 200, 0, "-", pua)
    ad = "82.199.87.%d" % r.randint(128, 190); aua = "Adyen HttpClient 1.0"
    for k in range(80):
        t0 = r.uniform(0, D)
        L.add(t0, ad, "POST", "/adyen/webhook", 200 if not (200 < t0 < 500) else 500, 9, "-", aua)
    return L, "Payment webhooks around a 5-minute outage (502/503/504): Stripe from 6 addresses (300 events, failed ones retried together after recovery), PayPal IPN with retries, Adyen notifications", [(ip, "Stripe") for ip in st] + [(pp, "PayPal"), (ad, "Adyen")]

# 20 search with quotes and operators + markdown preview POSTs + code search
def search_ops():
    L = Log("docs.example.org", 120); r = L.r
    bg(L, 30, ["/", "/docs/", "/docs/sql/select/", "/docs/sql/joins/", "/docs/api/", "/blog/"])
    users = ["89.12.201.44", "2001:9e8:21c3:aa00:5dd:1c2e:9f41:3b20", "77.8.150.33", "46.114.5.210"]
    qs = ['"connection refused" -docker', 'select * from users where id = 1', '"ORDER BY" AND "LIMIT" site:docs.example.org', 'filetype:pdf "release notes"', 'join OR union -"union all"',
          "user's guide", "O'Reilly", "1=1", 'error "syntax error at or near"', '"<img src" onerror', 'how to drop table if exists', 'insert into ... on conflict do nothing', "sleep(5) vs pg_sleep",
          'path:/etc/nginx "proxy_pass"', '"../" relative path', 'regex ^(a|b)*$', 'title:"CASE WHEN" -draft', "char(39)", 'grep -r "password=" .', "AND 1=1 meaning", "%' OR '1'='1 explained",
          'lang:sql "UNION SELECT"', "exec xp_cmdshell disable", '{{7*7}} jinja', "${HOME} not expanded"]
    import urllib.parse
    for n, ip in enumerate(users):
        ua = BROWSERS[n]; t = 20 + n*250
        for q in r.sample(qs, 10):
            t += r.uniform(8, 40)
            L.add(t, ip, "GET", "/search?q=" + urllib.parse.quote_plus(q), 200, r.randint(8000, 40000), L.url("/docs/"), ua)
            for pre in range(1, min(len(q), 6)):  # autocomplete as she types
                L.add(t - 3 + pre*0.3, ip, "GET", "/api/suggest?q=" + urllib.parse.quote(q[:pre*3]), 200, 400, L.url("/docs/"), ua)
    # markdown preview POSTs in a docs editor (debounced 500 ms) and GET render for a wiki
    ed = "217.111.40.3"; ua = BROWSERS[3]
    t = 100
    for k in range(350):
        t += r.uniform(0.5, 4)
        L.add(t, ed, "POST", "/api/v4/markdown", 201, r.randint(200, 20000), L.url("/docs/sql/joins/-/edit"), ua)
        if r.random() < 0.05: L.add(t+0.1, ed, "POST", "/uploads", 201, 200, L.url("/docs/sql/joins/-/edit"), ua)
    return L, "Docs search with quotes and operators by 4 readers (SQL snippets, O'Reilly, 1=1, UNION SELECT, xp_cmdshell, {{7*7}}, ${HOME}, %' OR '1'='1 explained) with autocomplete, and an author whose editor POSTs a markdown preview every 0.5-4 s for 20 min", [(ip, "searcher") for ip in users] + [(ed, "markdown editor")]

# 21 Moodle quiz autosave in a lecture hall + HA-style polling
def moodle_quiz():
    L = Log("moodle.example.org", 121); r = L.r
    bg(L, 20, ["/", "/my/", "/course/view.php?id=812", "/mod/forum/view.php?id=3321"])
    nat = "141.30.225.5"
    att0 = 88000
    for s in range(90):
        ua = r.choice(BROWSERS); t = r.uniform(0, 120); att = att0 + s; sk = hx(r, 10)
        for pg in range(10):
            p = "/mod/quiz/attempt.php?attempt=%d&cmid=4411&page=%d" % (att, pg)
            L.add(t, nat, "GET", p, 200, 50000, L.url("/mod/quiz/attempt.php?attempt=%d&cmid=4411&page=%d" % (att, max(0, pg-1))), ua)
            L.add(t+0.5, nat, "POST", "/lib/ajax/service.php?sesskey=%s&info=core_fetch_notifications,core_session_time_remaining" % sk, 200, 200, L.url(p), ua)
            if r.random() < 0.5: L.add(t+0.6, nat, "GET", "/theme/image.php/boost/core/1733300000/i/flagged", 200, 800, L.url(p), ua)
            dur = r.uniform(40, 120); tt = t
            while tt < t + dur:
                tt += 60
                L.add(tt, nat, "POST", "/mod/quiz/autosave.ajax.php", 200, 20, L.url(p), ua)
            L.add(t + dur, nat, "POST", "/mod/quiz/processattempt.php?cmid=4411", 303, 0, L.url(p), ua)
            t += dur + 0.3
        L.add(t, nat, "GET", "/mod/quiz/summary.php?attempt=%d&cmid=4411" % att, 200, 30000, "-", ua)
        L.add(t+20, nat, "POST", "/mod/quiz/processattempt.php?cmid=4411", 303, 0, "-", ua)
        L.add(t+21, nat, "GET", "/mod/quiz/review.php?attempt=%d&cmid=4411" % att, 200, 60000, "-", ua)
    return L, "Moodle quiz mid-exam: 90 students behind a campus NAT paging through a 10-page quiz (attempt.php, processattempt 303s, autosave.ajax.php every 60 s, session keepalive AJAX), then summary and review", [(nat, "campus NAT")]

B = [wp_editor, nextcloud_sync, mediawiki, discourse, mastodon_matrix, ha_jellyfin, woo_filters, swagger, sso_morning, feeds, archive_crawlers, previews, ipv6_privacy, satellite, downloads, pkg_mirrors, registry_s3, monitoring, webhooks, search_ops, moodle_quiz]
NAMES = ["wp-block-editor", "nextcloud-desktop-sync", "mediawiki-visualeditor", "discourse-messagebus", "mastodon-ivory-element", "homeassistant-jellyfin", "woocommerce-ajax-filters", "swagger-try-it",
         "sso-oidc-saml-morning-nat", "feed-readers-304", "archive-crawlers-bogus-links", "lighthouse-link-previews", "ipv6-privacy-household", "satellite-499-retries", "range-downloads",
         "package-mirror-clients", "registry-push-rclone-s3", "monitoring-federation-probes", "payment-webhooks-outage", "search-operators-markdown-preview", "moodle-quiz-campus-nat"]
for f, n in zip(B, NAMES):
    L, desc, nb = f()
    c = fixture(OUT, n, L, "fresh-s10 benign: " + desc, nb)
    print(n, c)
