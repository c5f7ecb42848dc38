package patterns

import "testing"

// The review of session 13's signatures (rev-sig s13): ordinary routes that
// banned on one 404, sync clients' *.session uploads, word hints on a
// site's own 404s, and exploit spellings that slipped past.
func TestFixSigS13(t *testing.T) {
	m := mustCompile(t, Options{})
	const word, tomcat, deep = "cve-product-word-endpoint-miss", "cve-2025-24813-tomcat-session-put", "cve-2025-24813-tomcat-session-put-deep"
	for _, c := range []s12Case{
		// 1. Cleo and Langflow endpoints: the whole path, 5 points on a miss
		{"POST", "/api/v1/validate/code", "", "", 404, word, true},
		{"POST", "/api/v1/validate/code/", "", "", 404, word, true},
		{"POST", "/shop/api/v1/validate/code", "", "", 404, word, false},
		{"POST", "/api/v1/validate/code", "", "", 404, "cve-product-endpoint-miss", false},
		{"GET", "/Synchronization", "", "", 404, word, false}, // a link followed
		{"GET", "/Synchronization", "", "", 404, "cve-product-endpoint-miss", false},
		{"POST", "/Synchronization", "", "", 404, "cve-2024-50623-cleo-sync-post", true},
		{"POST", "/Synchronization/", "", "", 404, "cve-2024-50623-cleo-sync-post", true},
		{"POST", "/Synchronization", "", "", 401, "cve-2024-50623-cleo-sync-post", true}, // watched
		{"POST", "/Synchronization", "", "", 200, "cve-2024-50623-cleo-sync-post", false},
		{"GET", "/Synchronization", "", "", 404, "cve-2024-50623-cleo-sync-post", false},
		{"POST", "/api/Synchronization", "", "", 404, "cve-2024-50623-cleo-sync-post", false},
		{"GET", "/dataBases/upgrademysqlstatus/", "", "", 404, "cve-product-endpoint-miss", true},
		{"GET", "/ftp/getresetstatus/", "", "", 404, "cve-product-endpoint-miss", true},
		// 2. Tomcat's .session PUT: root, one folder down or a ".." whatever
		// the answer; deeper only when not served
		{"PUT", "/x1.session;a=b", "", "", 409, tomcat, true},
		{"PUT", "/x2.session;jsessionid=1", "", "", 409, tomcat, true},
		{"PUT", "/app/x5.session", "", "", 201, tomcat, true},
		{"PUT", "/a/b/../x.session", "", "", 201, tomcat, true},
		{"PUT", "/remote.php/dav/files/alice/projects/tgbot/anon.session", "", "", 201, tomcat, false},
		{"PUT", "/remote.php/dav/files/alice/projects/tgbot/anon.session", "", "", 201, deep, false},
		{"PUT", "/dav/secteam/pentest-acme.session", "", "", 201, deep, false},
		{"PUT", "/backups/kate/Default.session", "", "", 200, deep, false},
		{"PUT", "/dav/secteam/pentest-acme.session", "", "", 409, deep, true}, // watched
		{"PUT", "/dav/secteam/pentest-acme.session", "", "", 404, deep, true},
		{"PUT", "/dav/secteam/pentest-acme.session.properties", "", "", 201, deep, false},
		// 4. evasions and look-alikes
		{"GET", "/xwiki/bin/get/Main/SolrSearch", "media=rss&text=%7d%7d%7d%7b%7bscript%20language%3dgroovy%7d%7dprintln(1)%7b%7b%2fscript%7d%7d", "", 200, "cve-2025-24893-xwiki-solrsearch", true},
		{"GET", "/xwiki/bin/view/Main/Search", "text=%7b%7b%7bverbatim%7d%7d%7d+inside+%7b%7bvelocity%7d%7d", "", 200, "cve-2025-24893-xwiki-solrsearch", false},
		{"HEAD", "/ftp/getresetstatus", "", "", 200, "cve-2024-51567-cyberpanel-method", true},
		{"POST", "/ftp/getresetstatus", "", "", 500, "cve-2024-51567-cyberpanel-method", false},
		{"GET", "/client/index.php%3Fx.php/gsb/datetime.php", "", "", 200, "cve-2024-8963-ivanti-csa-gsb", true},
		{"GET", "/client/index.php%3F.php/gsb/datetime.php", "", "", 200, "cve-2024-8963-ivanti-csa-gsb", false}, // cve-known-exploit-request's
		{"GET", "/admin/gsb/datetime.php", "", "", 200, "cve-2024-8963-ivanti-csa-gsb", false},
		{"POST", "/", "PHPRC=/dev/fd/0", "", 200, "env-var-injection", true},
		{"GET", "/", "a=1&phprc=/dev/fd/0", "", 200, "env-var-injection", true},
		{"GET", "/search.php", "q=PHPRC%3D%2Fetc%2Fphp.ini&lang=en", "", 200, "env-var-injection", false},
		// 5. dot segments, as nginx and Apache remove them before routing
		{"GET", "/apps/zxtm/./wizard.fcgi", "error=1&section=Access+Management%3ALocalUsers", "", 200, "cve-2024-7593-vtm-wizard", true},
		{"GET", "/apps/zxtm/%2e/wizard.fcgi", "section=Access+Management%3ALocalUsers", "", 200, "cve-2024-7593-vtm-wizard", true},
		{"GET", "/gwtest/./formssso", "event=start&target=AAAA", "", 200, "cve-2023-3519-citrix-formssso", true},
		{"POST", "/webui/%2e/logoutconfirm.html", "logon_hash=1", "", 200, "cve-2023-20198-iosxe-implant", true},
		{"POST", "/saas././resttosaasservlet", "", "", 200, "cve-known-exploit-request", true},
		{"POST", "/template/aui/./text-inline.vm", "", "", 200, "cve-known-exploit-request", true},
		{"POST", "/saas/./resttosaasservlet", "", "", 200, "cve-known-exploit-request", false},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s?%s (%d): %s fired %v, want %v", c.method, c.path, c.query, c.status, c.rule, got, c.want)
		}
	}
}
