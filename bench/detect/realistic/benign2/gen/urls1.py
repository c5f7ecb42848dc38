import sys, os; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'gen'))  # base.py: the session-8 generators'
from base import *
from urllib.parse import urlencode, quote
L = Log(seed=91)
L.browsers(30, 0, 1500)
H = "https://www.example.org"
U = []  # (label, path, ref, ua)
def q(d): return urlencode(d, quote_via=quote, safe='')
# Jira JQL
U.append(("jira-jql", "/issues/?" + q({"jql": 'project = OPS AND status in ("In Progress", Open) AND assignee = currentUser() ORDER BY priority DESC, updated DESC'}), H+"/browse/OPS-1024", CHROME))
U.append(("jira-jql-text", "/issues/?" + q({"jql": 'project = WEB AND text ~ "select * from" AND created >= -7d ORDER BY created DESC'}), H+"/issues/", FIREFOX))
U.append(("jira-rest-search", "/rest/api/2/search?" + q({"jql": "project=OPS and resolution is EMPTY and labels not in (wontfix)", "fields": "summary,status,assignee", "maxResults": "50", "startAt": "0"}), H+"/secure/Dashboard.jspa", CHROME))
# Prometheus UI / Grafana proxy GET
U.append(("prom-query-range", "/api/v1/query_range?" + q({"query": 'sum by (code) (rate(http_requests_total{job="api",code=~"5.."}[5m])) / ignoring(code) group_left sum(rate(http_requests_total{job="api"}[5m]))', "start": "1733475300", "end": "1733478900", "step": "15"}), H+"/graph", FIREFOX))
U.append(("prom-graph", "/graph?" + q({"g0.expr": 'node_filesystem_avail_bytes{mountpoint="/",fstype!="rootfs"} / node_filesystem_size_bytes < 0.1', "g0.tab": "0", "g0.range_input": "1h"}), H+"/graph", CHROME))
U.append(("prom-series", "/api/v1/series?" + q({"match[]": '{__name__=~"up|process_start_time_seconds",job!=""}', "start": "1733471700"}), H+"/graph", CHROME))
U.append(("grafana-explore-loki", "/explore?" + q({"schemaVersion": "1", "panes": '{"abc":{"datasource":"loki-uid","queries":[{"refId":"A","expr":"{app=\\"nginx\\"} |= \\"POST\\" != \\"/health\\" | json | status >= 500 | line_format \\"{{.remote_addr}} {{.request}}\\"","queryType":"range"}],"range":{"from":"now-1h","to":"now"}}}', "orgId": "1"}), H+"/d/nginx/nginx-overview", CHROME))
U.append(("grafana-d-vars", "/d/abc123/mysql-overview?" + q({"orgId": "1", "var-host": "db-01", "var-query": "SELECT", "from": "now-6h", "to": "now", "refresh": "30s"}), H+"/dashboards", CHROME))
# Loki/ES direct GET
U.append(("loki-query", "/loki/api/v1/query_range?" + q({"query": '{job="varlogs"} |~ "(?i)(union select|<script>|\\\\.\\\\./)" | logfmt', "limit": "1000", "direction": "backward"}), "-", "Grafana/11.3.1"))
U.append(("es-q-lucene", "/logs-*/_search?" + q({"q": 'status:[500 TO 599] AND NOT url.path:"/healthz" AND user_agent.original:*curl*', "size": "50", "sort": "@timestamp:desc"}), "-", "curl/8.5.0"))
# Splunk
U.append(("splunk-search", "/en-US/app/search/search?" + q({"q": 'search index=web sourcetype=access_combined status>=500 | stats count by clientip, uri_path | sort -count | head 20', "display.page.search.mode": "smart", "earliest": "-24h@h", "latest": "now"}), H+"/en-US/app/search/search", CHROME))
U.append(("splunk-rex", "/en-US/app/search/search?" + q({"q": 'search index=nginx "GET /etc/passwd" OR "../" | rex field=_raw "(?<src>\\d+\\.\\d+\\.\\d+\\.\\d+)" | table _time src uri', "earliest": "-7d"}), H+"/en-US/app/search/search", FIREFOX))
# Sentry
U.append(("sentry-issues", "/organizations/acme/issues/?" + q({"project": "12", "query": 'is:unresolved error.type:TypeError message:"Cannot read properties of undefined (reading \'map\')"', "statsPeriod": "14d"}), H+"/organizations/acme/issues/", CHROME))
# GraphQL GET (Apollo useGETForQueries)
U.append(("graphql-get", "/graphql?" + q({"operationName": "ProductPage", "query": 'query ProductPage($handle: String!, $first: Int = 10) { product(handle: $handle) { id title variants(first: $first) { edges { node { id price { amount currencyCode } } } } } }', "variables": '{"handle":"widget-pro","first":10}'}), H+"/products/widget-pro/", CHROME))
U.append(("graphql-apq", "/graphql?" + q({"operationName": "Viewer", "variables": "{}", "extensions": '{"persistedQuery":{"version":1,"sha256Hash":"ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38"}}'}), H+"/", SAFARI))
U.append(("graphql-introspection", "/graphql?" + q({"query": "{__schema{types{name fields{name}}}}"}), H+"/graphiql", FIREFOX))
# OIDC / CAS / Shibboleth / SAML redirect
U.append(("keycloak-auth", "/realms/acme/protocol/openid-connect/auth?" + q({"client_id": "grafana", "redirect_uri": "https://grafana.example.org/login/generic_oauth", "response_type": "code", "scope": "openid email profile offline_access roles", "state": "Yx3k9QyJ8m1Lr0aT4dWcQw", "nonce": "x8bZkP2wq", "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method": "S256"}), "https://grafana.example.org/login", CHROME))
U.append(("oauth-authorize-localhost", "/oauth/authorize?" + q({"client_id": "cli", "redirect_uri": "http://localhost:8085/callback", "response_type": "code", "state": "abc"}), "-", FIREFOX))
U.append(("cas-login", "/cas/login?" + q({"service": "https://moodle.uni.example/login/index.php?authCAS=CAS"}), "https://moodle.uni.example/", FIREFOX))
U.append(("shib-login", "/Shibboleth.sso/Login?" + q({"SAMLDS": "1", "target": "ss:mem:5f3c8a2b1e", "entityID": "https://idp.uni.example/idp/shibboleth"}), "https://wayf.example.org/", SAFARI))
import zlib, base64
authn = '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_8e8dc5f69a98cc4c1ff3427e5ce34606fd672f91e6" Version="2.0" IssueInstant="2026-12-06T09:10:00Z" Destination="https://idp.example.org/idp/profile/SAML2/Redirect/SSO" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" AssertionConsumerServiceURL="https://sp.example.org/Shibboleth.sso/SAML2/POST"><saml:Issuer>https://sp.example.org/shibboleth</saml:Issuer><samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient" AllowCreate="true"/></samlp:AuthnRequest>'
c = zlib.compressobj(9, zlib.DEFLATED, -15); raw = c.compress(authn.encode()) + c.flush()
U.append(("saml-redirect", "/idp/profile/SAML2/Redirect/SSO?" + q({"SAMLRequest": base64.b64encode(raw).decode(), "RelayState": "https://sp.example.org/secure/reports/q4?tab=summary"}), "https://sp.example.org/", EDGE))
U.append(("saml-redirect-xmlplain", "/idp/profile/SAML2/Redirect/SSO?" + q({"SAMLRequest": base64.b64encode(authn.encode()).decode()}), "https://sp.example.org/", EDGE))
# WordPress
U.append(("wp-login-redirect", "/wp-login.php?" + q({"redirect_to": "https://www.example.org/wp-admin/post.php?post=4512&action=edit", "reauth": "1"}), H+"/wp-admin/post.php?post=4512&action=edit", CHROME))
U.append(("wp-load-scripts", "/wp-admin/load-scripts.php?c=1&" + q({"load[chunk_0]": "jquery-core,jquery-migrate,utils,moxiejs,plupload,wp-ajax-response,wp-lists,quicktags,jquery-ui-core", "ver": "6.7.1"}), H+"/wp-admin/", CHROME))
U.append(("wp-rest-route", "/?" + q({"rest_route": "/wp/v2/posts", "_embed": "", "per_page": "100", "_fields": "id,title,link"}), "-", "WordPress/6.7.1; https://blog.example.net"))
U.append(("wp-search-code", "/?" + q({"s": "wp_query orderby meta_value_num"}), H+"/", FIREFOX))
U.append(("wp-customize", "/wp-admin/customize.php?" + q({"return": "/wp-admin/themes.php", "url": "https://www.example.org/shop/", "autofocus[section]": "header_image"}), H+"/wp-admin/themes.php", CHROME))
# WooCommerce / Magento
U.append(("woo-filter", "/shop/?" + q({"filter_color": "red,navy-blue", "query_type_color": "or", "filter_size": "xl", "min_price": "20", "max_price": "150", "orderby": "price-desc", "rating_filter": "4,5"}), H+"/shop/", ANDROID))
U.append(("woo-ajax", "/?wc-ajax=get_refreshed_fragments&_=1733476201337", H+"/shop/", ANDROID))
U.append(("magento-section", "/customer/section/load/?" + q({"sections": "cart,directory-data,messages,customer,compare-products,last-ordered-items,captcha,instant-purchase,loggedAsCustomer,persistent,review,wishlist,recently_viewed_product,recently_compared_product,product_data_storage,paypal-billing-agreement", "force_new_section_timestamp": "true", "_": "1733476201337"}), H+"/checkout/cart/", CHROME))
U.append(("magento-search-filter", "/catalogsearch/result/index/?" + q({"price": "50-100", "q": "drill 18v \"brushless\" -corded", "product_list_order": "price", "cat": "14"}), H+"/", CHROME))
# 3DS / payment returns
U.append(("3ds-return", "/checkout/3ds/return?" + q({"payment_intent": "pi_3QStmPKX8Lqbh0ba1wz6X4Vb", "payment_intent_client_secret": "pi_3QStmPKX8Lqbh0ba1wz6X4Vb_secret_nCk8kWoJbZ3w0rd1OPzy2bP7A", "redirect_status": "succeeded"}), "https://hooks.stripe.com/", IPHONE))
U.append(("paypal-return", "/checkout/paypal/return?" + q({"token": "EC-5Y366741JN879735H", "PayerID": "QL2ZXSD5HXRG2"}), "https://www.paypal.com/", SAFARI))
# MediaWiki
U.append(("mw-load", "/w/load.php?" + q({"lang": "en", "modules": "ext.cite.styles|ext.echo.styles.badge|ext.uls.interlanguage|ext.visualEditor.desktopArticleTarget.noscript|ext.wikimediaBadges|skins.vector.icons,styles|skins.vector.search.codex.styles|wikibase.client.init", "only": "styles", "skin": "vector-2022"}), H+"/wiki/Main_Page", FIREFOX))
U.append(("mw-raw", "/w/index.php?" + q({"title": "MediaWiki:Gadget-HotCat.js", "action": "raw", "ctype": "text/javascript"}), H+"/wiki/Main_Page", FIREFOX))
U.append(("mw-search", "/w/index.php?" + q({"search": "insource:/\\{\\{cite web/ intitle:\"List of\"", "title": "Special:Search", "profile": "advanced", "fulltext": "1", "ns0": "1"}), H+"/wiki/Special:Search", FIREFOX))
U.append(("mw-api-parse", "/w/api.php?" + q({"action": "parse", "format": "json", "formatversion": "2", "text": "{{#if:{{{1|}}}|yes|no}} <syntaxhighlight lang=\"bash\">cat /etc/hosts</syntaxhighlight>", "contentmodel": "wikitext", "prop": "text"}), H+"/wiki/Template:Example", FIREFOX))
U.append(("mw-page-sql", "/wiki/SQL_injection", H+"/wiki/Main_Page", FIREFOX))
U.append(("mw-page-script", "/wiki/%3Cscript%3E_tag", "https://www.google.com/", CHROME))
U.append(("mw-page-xss-title", "/wiki/Cross-site_scripting", "https://www.google.com/", CHROME))
U.append(("mw-page-passwd", "/wiki/Passwd", "https://www.google.com/", CHROME))
U.append(("mw-page-dotdot", "/wiki/..._(punctuation)", "https://www.google.com/", CHROME))
U.append(("mw-page-etc", "/wiki/Etc/passwd", "https://www.google.com/", CHROME))
# Gitea / GitLab dotfiles (raw)
for p in ["/alice/dotfiles/raw/branch/main/.ssh/config", "/alice/dotfiles/src/branch/main/.aws/config", "/alice/dotfiles/raw/branch/main/.npmrc", "/alice/dotfiles/src/branch/main/.env.example", "/alice/dotfiles/src/branch/main/.gitconfig", "/alice/dotfiles/src/branch/main/.bash_history", "/alice/dotfiles/raw/branch/main/.config/git/credentials.example", "/group/infra/-/blob/main/ansible/roles/web/templates/wp-config.php.j2", "/group/infra/-/raw/main/docker/.env.sample?inline=false", "/group/infra/-/blob/main/terraform/terraform.tfstate.example", "/group/infra/-/tree/main/.git-hooks", "/alice/dotfiles/src/branch/main/.htpasswd.example", "/group/app/-/blob/main/config/database.yml", "/group/app/-/blob/main/backup.sql", "/group/app/-/blob/main/id_rsa.pub"]:
    U.append(("forge:"+p, p, H+"/alice/dotfiles", FIREFOX))
# Swagger try-it
U.append(("swagger-tryit", "/api/v1/users/%7Bid%7D/orders?status=string&limit=0", H+"/docs/swagger-ui/index.html", CHROME))
U.append(("swagger-filter", "/api/v1/search?" + q({"filter": "name eq 'O''Brien' and age gt 30", "$orderby": "name desc", "$top": "10"}), H+"/docs/swagger-ui/index.html", CHROME))
U.append(("odata", "/odata/Products?" + q({"$filter": "contains(Name,'drill') and Price le 200 or Category/Name eq 'Tools'", "$select": "Name,Price", "$expand": "Category"}), H+"/shop/", EDGE))
# tracking params
U.append(("fbclid", "/blog/2026/11/winter-release-notes/?fbclid=IwZXh0bgNhZW0CMTEAAR3xq8hYcV8tnQ_5a-bN7kQ2Lw_aem_Ab3cD9fE1gHiJkLmNoPqRs&utm_source=facebook&utm_medium=social", "https://l.facebook.com/", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/22B83 [FBAN/FBIOS;FBAV/491.0.0.36.107;FBBV/669315683;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/18.1;FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/5;FBRV/671218398]"))
U.append(("gclid", "/pricing/?gclid=Cj0KCQiA3sq6BhD2ARIsAJ8MRwVw8v8Rv3k_2xq8b9K4ZC6y9q0oBkNQ3n5x2jE1C9yW0F7qGfXhLkaAnC_EALw_wcB&gad_source=1", "https://www.google.com/", CHROME))
U.append(("mc-link", "/blog/2026/11/winter-release-notes/?utm_source=newsletter&utm_medium=email&utm_campaign=dec_2026&mc_cid=7a1b2c3d4e&mc_eid=9f8e7d6c5b", "-", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"))
U.append(("google-translate-proxy", "/docs/install/?_x_tr_sl=en&_x_tr_tl=de&_x_tr_hl=de&_x_tr_pto=wapp", "https://translate.google.com/", CHROME))
# Discourse / Lemmy / Mastodon search with code
U.append(("discourse-search", "/search?" + q({"q": "docker compose `depends_on` condition: service_healthy #support order:latest"}), H+"/c/support/5", FIREFOX))
U.append(("mastodon-tag", "/tags/infosec", "https://mastodon.social/", FIREFOX))
U.append(("lemmy-api", "/api/v3/post/list?" + q({"type_": "All", "sort": "Hot", "page": "2", "limit": "20", "community_name": "selfhosted@lemmy.world"}), H+"/", CHROME))
# Home Assistant
U.append(("ha-camera", "/api/camera_proxy/camera.front_door?token=2d8a9f0e1c3b4a5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5&width=640&height=360", H+"/lovelace/cameras", "Mozilla/5.0 (Linux; Android 14; SM-X200 Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0.6778.104 Safari/537.36 Home Assistant/2024.11.3-14911 (Android 14; SM-X200)"))
U.append(("ha-history", "/api/history/period/2026-12-06T08:00:00.000Z?" + q({"filter_entity_id": "sensor.living_room_temperature,sensor.outdoor_temperature", "end_time": "2026-12-06T09:00:00.000Z", "minimal_response": "", "no_attributes": ""}), H+"/history", CHROME))
# Jellyfin / Plex
U.append(("jellyfin-img", "/Items/4f2a9c1e8d7b6a5f4e3d2c1b0a9f8e7d/Images/Primary?fillHeight=396&fillWidth=264&quality=96&tag=8c0e4b1f2d3a", H+"/web/index.html", CHROME))
U.append(("plex-transcode", "/photo/:/transcode?" + q({"width": "480", "height": "270", "minSize": "1", "upscale": "1", "url": "/library/metadata/5123/thumb/1733400000", "X-Plex-Token": "xYz123AbC456dEf789gH"}), "https://app.plex.tv/", CHROME))
U.append(("jellyfin-hls", "/videos/4f2a9c1e-8d7b-6a5f-4e3d-2c1b0a9f8e7d/hls1/main/12.ts?DeviceId=TW96aWxsYS81LjAgKFdpbmRvd3MgTlQgMTAuMDsgV2luNjQ7IHg2NCkgQXBwbGVXZWJLaXQ&MediaSourceId=4f2a9c1e8d7b6a5f4e3d2c1b0a9f8e7d&VideoCodec=h264&AudioCodec=aac&runtimeTicks=120000000&actualSegmentLengthTicks=60000000", H+"/web/index.html", CHROME))
# Nextcloud
U.append(("nc-preview", "/index.php/core/preview?fileId=184532&x=256&y=256&a=true&v=6752a4f1c2b3e&forceIcon=0&mimeFallback=true", H+"/index.php/apps/files/?dir=/Photos/2026", FIREFOX))
U.append(("nc-files-dir", "/index.php/apps/files/?dir=/Documents/../Photos&fileid=1234", H+"/index.php/apps/files/", FIREFOX))
U.append(("nc-webdav-dotfile", "/remote.php/dav/files/alice/Backup/.ssh/id_ed25519.pub", "-", "Mozilla/5.0 (Linux) mirall/3.14.3stable-Debian (Nextcloud, debian-6.8.0 ClientArchitecture: x86_64 OsArchitecture: x86_64)"))
U.append(("nc-webdav-env", "/remote.php/dav/files/alice/Projects/webapp/.env", "-", "Mozilla/5.0 (Linux) mirall/3.14.3stable-Debian (Nextcloud, debian-6.8.0 ClientArchitecture: x86_64 OsArchitecture: x86_64)"))
U.append(("nc-webdav-gitconfig", "/remote.php/dav/files/alice/Projects/webapp/.git/config", "-", "Mozilla/5.0 (Linux) mirall/3.14.3stable-Debian (Nextcloud, debian-6.8.0 ClientArchitecture: x86_64 OsArchitecture: x86_64)"))
U.append(("nc-webdav-wpconfig", "/remote.php/dav/files/alice/Sites/blog/wp-config.php", "-", "Mozilla/5.0 (Linux) mirall/3.14.3stable-Debian (Nextcloud, debian-6.8.0 ClientArchitecture: x86_64 OsArchitecture: x86_64)"))
U.append(("nc-webdav-sqldump", "/remote.php/dav/files/alice/Backups/db-2026-12-01.sql.gz", "-", "Mozilla/5.0 (Linux) mirall/3.14.3stable-Debian (Nextcloud, debian-6.8.0 ClientArchitecture: x86_64 OsArchitecture: x86_64)"))
U.append(("nc-webdav-shadow", "/remote.php/dav/files/alice/Backups/rootfs/etc/shadow", "-", "Mozilla/5.0 (Linux) mirall/3.14.3stable-Debian (Nextcloud, debian-6.8.0 ClientArchitecture: x86_64 OsArchitecture: x86_64)"))
# Moodle
U.append(("moodle-yui", "/theme/yui_combo.php?rollup/3.18.1/yui-moodlesimple-min.js&rollup/1733400000/mcore-min.js", H+"/course/view.php?id=42", FIREFOX))
U.append(("moodle-service", "/lib/ajax/service.php?sesskey=Xk2m9QpL4r&info=core_fetch_notifications,core_message_get_unread_conversation_counts", H+"/mod/quiz/attempt.php?attempt=9912&cmid=311", FIREFOX))
U.append(("moodle-pluginfile", "/pluginfile.php/1234/mod_resource/content/3/Lab%202%20-%20SQL%20Injection%20%26%20XSS.pdf", H+"/course/view.php?id=42", FIREFOX))
U.append(("moodle-search-sql", "/mod/forum/search.php?id=42&search=%22DROP+TABLE%22+students", H+"/mod/forum/view.php?id=311", FIREFOX))
# Confluence / wiki page titles with code
U.append(("confluence-title", "/display/ENG/How+to+run+curl+%7C+bash+installers+safely", H+"/display/ENG/Home", CHROME))
U.append(("confluence-search", "/dosearchsite.action?" + q({"cql": 'siteSearch ~ "nginx location ~* \\.php$" and space = "OPS" and type = "page"', "queryString": "nginx location"}), H+"/display/OPS", CHROME))
# blog slugs
for s in ["/blog/2026/10/union-select-explained-for-beginners/", "/blog/2026/09/why-we-stopped-using-eval/", "/blog/2026/08/dot-dot-slash-path-traversal-101/", "/blog/2026/07/wp-config-php-hardening/", "/blog/2026/06/etc-shadow-and-pam/", "/blog/2026/05/cmd-exe-vs-powershell/", "/docs/admin/phpmyadmin-setup/", "/docs/faq/what-is-.htaccess/", "/blog/2026/04/the-onerror-attribute/", "/blog/2026/03/jndi-ldap-log4shell-retrospective/"]:
    U.append(("slug:"+s, s, "https://www.google.com/", SAFARI))
# Misc apps
U.append(("adguard-querylog", "/control/querylog?older_than=&limit=20&search=%7C%7Cads.example.com%5E&response_status=all", H+"/#logs", CHROME))
U.append(("pihole-query", "/admin/queries.php?domain=doubleclick.net&type=regex&client=192.168.1.23", H+"/admin/", CHROME))
U.append(("netdata", "/api/v1/data?chart=system.cpu&format=json&points=300&group=average&gtime=0&options=ms%7Cflip%7Cjsonwrap%7Cnonzero&after=-300&before=0", H+"/", CHROME))
U.append(("kibana-internal", "/internal/search/ese?" + q({"query": 'http.response.status_code >= 500 and not url.path : "/health*"'}), H+"/app/discover", CHROME))
U.append(("rss-reader-url", "/i/?" + q({"c": "subscription", "a": "add", "url_rss": "https://www.example.org/feed.xml"}), H+"/i/", FIREFOX))
U.append(("cyberchef", "/cyberchef/?" + q({"recipe": "From_Base64('A-Za-z0-9+/=',true)URL_Decode()", "input": "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg"}), "https://gchq.github.io/", FIREFOX))
U.append(("regex101-like", "/r/?" + q({"regex": "^(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*)@", "flavor": "pcre"}), H+"/", FIREFOX))
U.append(("webmail-search", "/SOGo/so/alice/Mail/0/folderINBOX/view?" + q({"search": "from:ops@ and subject:\"cron <root@web1> /usr/bin/php /var/www/cron.php\""}), H+"/SOGo/so/alice/Mail/view", FIREFOX))
U.append(("roundcube-search", "/?" + q({"_task": "mail", "_action": "search", "_q": "Cron <root@web01> test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily )", "_headers": "text", "_mbox": "INBOX", "_remote": "1", "_unlock": "loading1733476201337"}), H+"/?_task=mail&_mbox=INBOX", FIREFOX))
U.append(("dl-filename", "/downloads/nmap-7.95-setup.exe", H+"/downloads/", EDGE))
U.append(("dl-sqlmap", "/mirror/pypi/packages/sqlmap-1.8.11.tar.gz", "-", "pip/24.3.1 {\"ci\":null,\"cpu\":\"x86_64\"}"))
U.append(("dl-shell", "/releases/download/v1.2.0/install.sh", "-", "curl/8.5.0"))
U.append(("hashcat-wiki", "/wiki/doku.php?id=example_hashes&do=search&q=%24y%24j9T%24", H+"/wiki/", FIREFOX))
U.append(("proxy-url", "/proxy?url=https%3A%2F%2Fwww.example.net%2Ffeed.xml", H+"/reader/", CHROME))
U.append(("image-proxy", "/_next/image?url=https%3A%2F%2Fcdn.example.net%2Fuploads%2Fhero.jpg&w=1920&q=75", H+"/", CHROME))
U.append(("imgproxy-camo", "/camo/3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e/68747470733a2f2f696d672e736869656c64732e696f2f62616467652f", H+"/group/app", CHROME))
U.append(("webfinger", "/.well-known/webfinger?resource=acct%3Aalice%40example.org", "-", "Mastodon/4.3.2 (http.rb/5.2.0; +https://mastodon.social/)"))
U.append(("nodeinfo", "/.well-known/nodeinfo", "-", "Lemmy/0.19.7; +https://lemmy.world"))
U.append(("acme", "/.well-known/acme-challenge/Zx8yQ2k9LmN4pR7sT1vW3xY5zA6bC8dE0fG2hI4jK6l", "-", "Mozilla/5.0 (compatible; Let's Encrypt validation server; +https://www.letsencrypt.org)"))
U.append(("security-txt", "/.well-known/security.txt", "-", "Mozilla/5.0 (compatible; securitytxt-checker)"))
U.append(("autodiscover", "/autodiscover/autodiscover.xml", "-", "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)"))
U.append(("apple-app-site", "/.well-known/apple-app-site-association", "-", "AASA-Bot/1.0.0"))
U.append(("ms-openid", "/.well-known/openid-configuration", "-", "Go-http-client/2.0"))
U.append(("traversal-encoded-file", "/files/report%20..%20final.pdf", H+"/files/", CHROME))
U.append(("gitea-compare", "/alice/app/compare/main...feature/login-rework", H+"/alice/app", FIREFOX))
U.append(("github-like-commits-range", "/group/app/-/compare/v1.2.0...v1.3.0?from_project_id=12&straight=false", H+"/group/app", FIREFOX))
U.append(("gitlab-search-blob", "/search?" + q({"search": "password =", "nav_source": "navbar", "project_id": "12", "group_id": "3", "search_code": "true", "repository_ref": "main", "scope": "blobs"}), H+"/group/app", FIREFOX))
U.append(("gitlab-ref-dotdot", "/group/app/-/commits/main?ref_type=heads&path=src/..%2Fconfig", H+"/group/app", FIREFOX))
i = 0
LABELS = {}
for label, path, ref, ua in U:
    ip = f"198.51.120.{10+i}" if i < 240 else f"198.51.121.{i-230}"
    LABELS[ip] = label
    t = 60 + i * 11.3
    L.page(ip, t, path, ua, ref, nassets=2)
    i += 1
p = L.write("urls1", "/tmp/benign-s9/out")
import json
json.dump(LABELS, open("/tmp/benign-s9/out/urls1.labels.json", "w"))
print(p, len(U))
