package patterns

import (
	"slices"
	"testing"
)

// served is what the caller keeps of r's hits when the site answered 200:
// the look-alike tests describe pages a site serves.
func served(m *Matcher, r *Request) []Hit { return KeepAnswered(m.Match(r, nil), 200, r.Query) }

func TestKeepAnswered(t *testing.T) {
	hits := []Hit{{ID: "always", Weight: 10}, {ID: "miss", Only: OnlyMissed}, {ID: "bare", Only: OnlyMissed | OnlyBare}}
	for _, c := range []struct {
		status int
		query  string
		want   []string
	}{
		{200, "", []string{"always"}},
		{301, "", []string{"always"}},
		{401, "", []string{"always"}},
		{400, "", []string{"always"}},
		{405, "", []string{"always"}},
		{500, "", []string{"always"}},
		{404, "", []string{"always", "miss", "bare"}},
		{403, "", []string{"always"}}, // a stale nonce, an ACL, a WAF: the path may exist
		{444, "", []string{"always", "miss", "bare"}},
		{410, "", []string{"always", "miss", "bare"}},
		{404, "id=1", []string{"always", "miss"}},
		{200, "id=1", []string{"always"}},
	} {
		got := ids(KeepAnswered(slices.Clone(hits), c.status, []byte(c.query)))
		if !slices.Equal(got, c.want) {
			t.Errorf("status %d query %q: kept %v, want %v", c.status, c.query, got, c.want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { KeepAnswered(hits[:3:3], 200, nil) }); n != 0 {
		t.Errorf("KeepAnswered allocates %.0f times", n)
	}
}

// TestWordListProbesWatchedOnMiss: names from scanners' word lists and
// product endpoints are watched (weight 1-9) when the site answered 404,
// and count nothing when it served them.
func TestWordListProbesWatchedOnMiss(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, p := range []string{
		// admin finders, several languages
		"/adm/", "/admin1.php", "/administracao.php", "/amministratore/", "/adminpanel.html", "/admincp/",
		"/sysadmin", "/cpanel", "/admin/uploads.php", "/webadmin.php",
		// login pages of other platforms
		"/login.asp", "/logon.pl", "/signin.cfm", "/wp-signup.php", "/adduser",
		// scripts scanners look for, short shell names
		"/testing.php", "/test123.php", "/upload.asp", "/uploader.php", "/file_upload.cfm", "/phpin.php",
		"/1.php", "/x.php", "/dz.php", "/sa2.php", "/upload/1.php",
		// leftovers
		"/backup2/", "/_old", "/_legacy", "/_dump/", "/install1/", "/tmp/", "/sql/", "/logs/", "/_src",
		"/vendor-src", "/svn/", "/webdav/", "/1.txt", "/cron.sh", "/bin/reset-db.sh", "/db.csv",
		"/index.php3", "/index-bak", "/config.json", "/config/config.inc.php", "/local.config.rb",
		// consoles and policies
		"/graphql", "/swagger-resources", "/actuator/health", "/j4p", "/crossdomain.xml", "/CHANGELOG",
		// product endpoints
		"/login.action", "/secure/ManageFilters.jspa", "/ReportServer/Pages/ReportViewer.aspx",
		"/KaseyaCwWebService/ManagedIT.asmx", "/cgi-bin/libagent.cgi", "/goforms/rlminfo",
		"/wp-content/plugins/akismet/akismet.php", "/templates/beez/index.php", "/wp-json/omapp/v1/support",
		"/_cat/indices", "/_all_dbs", "/jeecg-boot/sys/user/querySysUser?username=admin",
		"/js/zimbraMail/share/model/ZmSettings.js", "/auth/realms/master/clients-registrations/default",
		"/query?q=SHOW+DATABASES", "/wp-admin/admin-ajax.php?action=x_export", "/xmlrpc.php", "/_vti_pvt/",
		"/api/swagger.json", "/v1/graphql", "/_profiler/latest", "/app.pyc", "/Jenkinsfile", "/notes.tmp",
		"/bitrix/admin/", "/wp-content/uploads/wp-file-manager-pro/fm_backup/", "/tests/phpunit_report.xml",
	} {
		r := req("GET", p, "Mozilla/5.0", "")
		all := m.Match(r, nil)
		if w := total(KeepAnswered(slices.Clone(all), 404, r.Query)); w < 1 || w >= 10 {
			t.Errorf("%s answered 404: %d points %v, want 1-9 (watched)", p, w, ids(all))
		}
		if hits := KeepAnswered(slices.Clone(all), 200, r.Query); len(hits) > 0 {
			t.Errorf("%s answered 200: counted %v", p, ids(hits))
		}
	}
}

// TestWordListLookAlikesQuietOnMiss: what real visitors and crawlers get
// a 404 for (old links, typos, icons, assets, pages whose names share words
// with the word lists) counts nothing.
func TestWordListLookAlikesQuietOnMiss(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, p := range []string{
		"/favicon.ico", "/apple-touch-icon-precomposed.png", "/ads.txt", "/app-ads.txt", "/humans.txt", "/robots.txt",
		"/.well-known/traffic-advice", "/blog/2019/05/how-to-bake-sourdough/", "/admissions/", "/administration-office-hours",
		"/blog/admin-tips-for-small-teams/", "/admin/css/admin.css", "/login/assets/logo.svg", "/users/jane-doe",
		"/members/4521/profile", "/testimonials/", "/test-drive/", "/docs/installation-guide/", "/view.php?id=1203",
		"/download.php?file=menu.pdf", "/go.php?url=https%3A%2F%2Fexample.org%2F", "/page.aspx?id=8812",
		"/article.jsp?id=4410", "/cgi-bin/guestbook.pl?page=2", "/wp-content/uploads/2018/02/brochure.pdf",
		"/wp-includes/js/jquery/jquery.js?ver=1.12.4", "/index.php?page=contact", "/r.php?id=44", "/install.sh",
		"/docs/Web/JavaScript/Reference/Global_Objects/RegExp/source", "/projects/acme/settings/members",
		"/zimbra-migration-guide/", "/solr-and-lucene-comparison/", "/1st-anniversary/",
		"/xmlrpc.php?rsd", "/downloads/myapp-2.1.jar", "/examples/python/hello_world.py", "/browserconfig.xml",
		"/wp-content/uploads/2019/07/summer.webp", "/events/status-meeting-2019",
		// names real sites serve or link (review rv37: each flagged on one 404)
		"/faq", "/license", "/version", "/info", "/billing", "/start", "/list", "/save", "/add", "/features",
		"/payment", "/user", "/members/", "/signin", "/login", "/register", "/account", "/data.csv", "/notes.txt",
		"/index.jsp", "/default.aspx", "/autodiscover/autodiscover.xml", "/config.js", "/env-config.js",
		"/settings.json", "/docs/install", "/docs/database", "/en/install", "/products/database", "/docs/config",
		"/archive/2019/", "/en/setup",
	} {
		r := req("GET", p, "Mozilla/5.0", "")
		if hits := KeepAnswered(m.Match(r, nil), 404, r.Query); len(hits) > 0 {
			t.Errorf("%s answered 404: flagged %v", p, ids(hits))
		}
	}
}
