package patterns

import "testing"

// Session 13 signatures: KEV exploits of 2023-2025 that one request
// proves, beside the products' own requests that must stay quiet.
func TestSigS13(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, c := range []s12Case{
		// ScreenConnect CVE-2024-1709: a path after the setup wizard
		{"GET", "/SetupWizard.aspx/", "", "", 404, "cve-known-exploit-request", true},
		{"POST", "/SetupWizard.aspx/f523d6", "", "", 200, "cve-known-exploit-request", true},
		{"GET", "/SetupWizard.aspx", "", "", 302, "cve-known-exploit-request", false},
		{"GET", "/Host", "", "", 200, "cve-known-exploit-request", false},
		// Ivanti CSA CVE-2024-8963
		{"GET", "/client/index.php%3F.php/gsb/datetime.php", "", "", 200, "cve-known-exploit-request", true},
		{"GET", "/client/index.php", "page=gsb", "", 200, "cve-known-exploit-request", false},
		// OFBiz CVE-2024-38856, CVE-2024-45195, CVE-2024-32113: an override view
		{"POST", "/webtools/control/main/ProgramExport", "", "", 404, "cve-2024-38856-ofbiz-override-view", true},
		{"POST", "/webtools/control/forgotPassword/viewdatafile", "", "", 200, "cve-2024-38856-ofbiz-override-view", true},
		{"POST", "/webtools/control/forgotPassword;/ProgramExport", "", "", 200, "cve-2024-38856-ofbiz-override-view", true},
		{"POST", "/webtools/control/showDateTime/%2e/ProgramExport", "", "", 200, "cve-2024-38856-ofbiz-override-view", true},
		{"POST", "/webtools/control/ProgramExport", "", "", 200, "cve-2024-38856-ofbiz-override-view", false},
		{"GET", "/webtools/control/ProgramExport;jsessionid=8F3A1C", "", "", 200, "cve-2024-38856-ofbiz-override-view", false},
		{"GET", "/webtools/control/viewdatafile", "DATAFILE_LOCATION=x", "", 200, "cve-2024-38856-ofbiz-override-view", false},
		{"GET", "/catalog/control/EditProduct", "productId=WG-1111", "", 200, "cve-2024-38856-ofbiz-override-view", false},
		{"GET", "/docs/programexport-howto", "", "", 200, "cve-2024-38856-ofbiz-override-view", false},
		// Tomcat CVE-2025-24813: PUT of a .session file, whatever the answer
		{"PUT", "/3f1a694c.session", "", "", 409, "cve-2025-24813-tomcat-session-put", true},
		{"PUT", "/uploads/..%5c/sessions%5c/u238.session", "", "", 201, "cve-2025-24813-tomcat-session-put", true},
		{"PUT", "/Absholi7ly.SESSION", "", "", 404, "cve-2025-24813-tomcat-session-put", true},
		{"PUT", "/dav/team/minutes-2026-12.docx", "", "", 201, "cve-2025-24813-tomcat-session-put", false},
		{"PUT", "/check.txt", "", "", 201, "cve-2025-24813-tomcat-session-put", false},
		{"PUT", "/api/session", "", "", 204, "cve-2025-24813-tomcat-session-put", false},
		{"PUT", "/.session", "", "", 204, "cve-2025-24813-tomcat-session-put", false},
		{"GET", "/3f1a694c.session", "", "", 404, "cve-2025-24813-tomcat-session-put", false},
		{"POST", "/api/tmux.session", "", "", 201, "cve-2025-24813-tomcat-session-put", false},
		// CyberPanel CVE-2024-51567, CVE-2024-51378: another method than the UI's POST
		{"PUT", "/dataBases/upgrademysqlstatus", "", "", 200, "cve-2024-51567-cyberpanel-method", true},
		{"OPTIONS", "/dataBases/upgrademysqlstatus", "", "", 404, "cve-2024-51567-cyberpanel-method", true},
		{"PATCH", "/ftp/getresetstatus/", "", "", 200, "cve-2024-51567-cyberpanel-method", true},
		{"OPTIONS", "/dns/getresetstatus", "", "", 200, "cve-2024-51567-cyberpanel-method", true},
		{"POST", "/dataBases/upgrademysqlstatus", "", "", 200, "cve-2024-51567-cyberpanel-method", false},
		{"GET", "/dataBases/upgrademysqlstatus", "", "", 200, "cve-2024-51567-cyberpanel-method", true}, // GET with a body: the middleware vets POST only
		{"OPTIONS", "/api/upgrade/status", "", "", 204, "cve-2024-51567-cyberpanel-method", false},
		// ... and on a site without CyberPanel or Cleo, any method, as a miss
		{"POST", "/dataBases/upgrademysqlstatus", "", "", 404, "cve-product-endpoint-miss", true},
		{"POST", "/dataBases/upgrademysqlstatus", "", "", 200, "cve-product-endpoint-miss", false},
		{"GET", "/Synchronization", "", "", 404, "cve-2024-50623-cleo-sync-post", false}, // a link followed
		{"POST", "/Synchronization", "", "", 404, "cve-2024-50623-cleo-sync-post", true},
		{"POST", "/Synchronization", "", "", 200, "cve-2024-50623-cleo-sync-post", false},
		{"POST", "/docs/synchronization", "", "", 404, "cve-2024-50623-cleo-sync-post", false},
		{"POST", "/synchronization-guide", "", "", 404, "cve-2024-50623-cleo-sync-post", false},
		// Cisco IOS XE CVE-2023-20198's implant check
		{"POST", "/webui/logoutconfirm.html", "logon_hash=1", "", 200, "cve-2023-20198-iosxe-implant", true},
		{"GET", "/webui/logoutconfirm.html", "", "", 200, "cve-2023-20198-iosxe-implant", false},
		// XWiki CVE-2025-24893
		{"GET", "/xwiki/bin/get/Main/SolrSearch", "media=rss&text=%7d%7d%7d%7b%7basync%20async%3dfalse%7d%7d%7b%7bgroovy%7d%7dprintln(%22x%22)%7b%7b%2fgroovy%7d%7d%7b%7b%2fasync%7d%7d", "", 200, "cve-2025-24893-xwiki-solrsearch", true},
		{"GET", "/xwiki/bin/view/Main/Search", "text=%7B%7Bgroovy%7D%7D+macro+examples", "", 200, "cve-2025-24893-xwiki-solrsearch", false},
		{"GET", "/xwiki/bin/view/Main/Search", "text=velocity+}}}+closing", "", 200, "cve-2025-24893-xwiki-solrsearch", false},
		// Ivanti vTM CVE-2024-7593
		{"GET", "/apps/zxtm/wizard.fcgi", "error=1&section=Access+Management%3ALocalUsers", "", 200, "cve-2024-7593-vtm-wizard", true},
		{"GET", "/apps/zxtm/wizard.fcgi", "section=Pools", "", 200, "cve-2024-7593-vtm-wizard", false},
		// NetScaler CVE-2023-3519
		{"GET", "/gwtest/formssso", "event=start&target=AAAAAAAAAAAAAAAA", "", 200, "cve-2023-3519-citrix-formssso", true},
		{"GET", "/gwtest/formssso", "", "", 404, "cve-2023-3519-citrix-formssso", false},
		// VMware Aria Operations for Networks CVE-2023-20887
		{"POST", "/saas./resttosaasservlet", "", "", 200, "cve-known-exploit-request", true},
		{"POST", "/saas/resttosaasservlet", "", "", 200, "cve-known-exploit-request", false},
		// OFBiz CVE-2023-51467
		{"POST", "/webtools/control/ping", "USERNAME&PASSWORD=test&requirePasswordChange=Y", "", 200, "cve-2023-51467-ofbiz-auth-bypass", true},
		{"POST", "/webtools/control/login", "", "", 200, "cve-2023-51467-ofbiz-auth-bypass", false},
		{"GET", "/account/settings", "requirePasswordChange=Y", "", 200, "cve-2023-51467-ofbiz-auth-bypass", false},
		// D-Link NAS CVE-2024-3273
		{"GET", "/cgi-bin/nas_sharing.cgi", "user=messagebus&passwd=&cmd=15&system=aWQ=", "", 200, "cve-2024-3273-dlink-nas", true},
		{"GET", "/cgi-bin/nas_sharing.cgi", "user=admin&cmd=7", "", 200, "cve-2024-3273-dlink-nas", false},
		// Langflow CVE-2025-3248 on a site without it
		{"POST", "/api/v1/validate/code", "", "", 404, "cve-product-word-endpoint-miss", true},
		{"POST", "/api/v1/validate/code", "", "", 200, "cve-product-word-endpoint-miss", false},
		// Juniper J-Web CVE-2023-36845
		{"POST", "/", "PHPRC=/dev/fd/0", "", 200, "env-var-injection", true},
		{"GET", "/search", "q=phprc", "", 200, "env-var-injection", false},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s?%s (%d): %s fired %v, want %v", c.method, c.path, c.query, c.status, c.rule, got, c.want)
		}
	}
}
