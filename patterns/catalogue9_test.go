package patterns

import "testing"

// Products' own requests that read as a one-request attack (benign-s9
// findings), each beside the attack form of the same string, which must
// still ban alone.

// banCase is one request and whether it must ban alone (10 points served).
type banCase struct {
	method, target string
	ban            bool
}

func checkBanCases(t *testing.T, cases []banCase) {
	t.Helper()
	m := mustCompile(t, Options{})
	for _, c := range cases {
		r := req(c.method, c.target, "Mozilla/5.0", "")
		w := points(served(m, r))
		if c.ban && w < 10 {
			t.Errorf("%s %s answered 200: %d points %v, want a ban alone", c.method, c.target, w, ids(served(m, r)))
		}
		if !c.ban && w > 0 {
			t.Errorf("%s %s answered 200: %d points %v, want none", c.method, c.target, w, ids(served(m, r)))
		}
	}
}

// TestActiveSyncPingIsNoShellCommand: Exchange ActiveSync's push
// heartbeat (Cmd=Ping, MS-ASHTTP) is sent by every phone all day; a ping
// with an argument or a chained command, or on any other path, is a
// webshell call.
func TestActiveSyncPingIsNoShellCommand(t *testing.T) {
	checkBanCases(t, []banCase{
		{"POST", "/Microsoft-Server-ActiveSync?Cmd=Ping&User=jdoe&DeviceId=ApplF4K3D3V1C3&DeviceType=iPhone", false},
		{"POST", "/microsoft-server-activesync/default.eas?Cmd=Ping&User=j&DeviceId=x&DeviceType=Android", false},
		{"POST", "/Microsoft-Server-ActiveSync?User=jdoe&DeviceId=abc&DeviceType=SmartPhone&Cmd=Ping", false},
		{"POST", "/Microsoft-Server-ActiveSync?Cmd=Ping%20127.0.0.1&User=jdoe", true},
		{"POST", "/Microsoft-Server-ActiveSync?Cmd=ping+-c+1+x", true},
		{"POST", "/Microsoft-Server-ActiveSync?cmd=ping;id", true},
		{"POST", "/Microsoft-Server-ActiveSync?Cmd=Ping&cmd=id", true},
		{"GET", "/shell.jsp?cmd=ping", true},
		{"GET", "/index.php?cmd=Ping", true},
		{"GET", "/x.php?cmd=ping%20127.0.0.1", true},
		{"GET", "/x.php?cmd=ping;id", true},
		{"GET", "/x.php?cmd=ping -c 1 x", true},
		{"GET", "/Microsoft-Server-ActiveSync/x.php?Cmd=Ping", true},
	})
}

// TestEtcSlugsAreNoPaths: how-to slugs and wiki ids naming /etc files
// (linuxize's /post/etc-shadow-file/, DokuWiki's id=linux:etc_shadow,
// Confluence's /display/OPS/etc+passwd+format) join words with one '-',
// '_' or '+', which is no path separator; every separator a traversal
// fuzzer writes still bans.
func TestEtcSlugsAreNoPaths(t *testing.T) {
	checkBanCases(t, []banCase{
		{"GET", "/post/etc-shadow-file/", false},
		{"GET", "/faq/understanding-etc-passwd-file-format/", false},
		{"GET", "/blog/how-to-edit-etc-hosts-on-mac/", false},
		{"GET", "/p/etc_shadow", false},
		{"GET", "/display/OPS/etc+passwd+format", false},
		{"GET", "/doku.php?id=linux:etc_shadow", false},
		{"GET", "/doku.php?id=linux:etc_hosts", false},
		{"GET", "/books/linux/page/etc-hosts", false},
		{"GET", "/t/editing-etc-hosts-in-wsl/1234", false},
		{"GET", "/questions/tagged/etc-hosts", false},
		{"GET", "/tag/etc-issue/", false},
		{"GET", "/etc/passwd", true},
		{"GET", "/%2fetc%2fpasswd", true},
		{"GET", "/..%5cetc%5cpasswd", true},
		{"GET", "/static/..%5c..%5cetc%5cpasswd", true},
		{"GET", "/x?file=etc%252fpasswd", true},
		{"GET", "/etc//passwd", true},
		{"GET", "/x?f=/etc//passwd", true},
		{"GET", "/\\etc\\passwd", true},
		{"GET", "/x?page=\\etc\\passwd", true},
		{"GET", "/x?f=etc%c0%afpasswd", true},
		{"GET", "/x?f=..0x5cetc0x5cissue", true},
		{"GET", "/x?f=etc-/passwd", true},
		{"GET", "/x?f=../../../etc-passwd", true},
	})
}

// TestNagiosCommandCGI: Nagios Core's command CGI (also Icinga 1's and
// Thruk's) is where every acknowledge and downtime goes: the form by GET
// with a numeric cmd_typ, then its POST with no query. A cmd.cgi with a
// shell command in a parameter, or anywhere else, stays a webshell.
func TestNagiosCommandCGI(t *testing.T) {
	checkBanCases(t, []banCase{
		{"GET", "/nagios/cgi-bin/cmd.cgi?cmd_typ=34&host=db01&service=MySQL", false},
		{"POST", "/nagios/cgi-bin/cmd.cgi", false},
		{"GET", "/cgi-bin/nagios4/cmd.cgi?cmd_typ=55&host=web01", false},
		{"GET", "/thruk/cgi-bin/cmd.cgi?cmd_typ=7&host=app02", false},
		{"GET", "/icinga/cgi-bin/cmd.cgi?cmd_typ=34&host=x", false},
		{"GET", "/cgi-bin/icinga/cmd.cgi?cmd_typ=96&host=x", false},
		{"GET", "/cmd.cgi", true},
		{"GET", "/cgi-bin/cmd.cgi", true},
		{"GET", "/cgi-bin/cmd.cgi?cmd_typ=34", true},
		{"GET", "/uploads/cmd.cgi?cmd_typ=34", true},
		{"GET", "/nagios/cgi-bin/cmd.cgi?cmd=id", true},
		{"GET", "/nagios/cgi-bin/cmd.cgi?cmd_typ=34;id", true},
		{"GET", "/nagios/cgi-bin/cmd.cgi?cmd_typ=34&exec=cat%20/etc/passwd", true},
		{"GET", "/nagios/cgi-bin/cmd.cgi?c=whoami", true},
	})
}

// TestJenkinsConfigureValidators: the job configure page's own validators
// (workflow-cps checkScriptCompile, script-security checkScript) are
// POSTed with the script in the body; the exploit puts it in the query,
// or reaches the descriptor outside a job (through /securityRealm/).
func TestJenkinsConfigureValidators(t *testing.T) {
	checkBanCases(t, []banCase{
		{"POST", "/job/shop-deploy/descriptorByName/org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition/checkScriptCompile", false},
		{"POST", "/job/nightly-report/descriptorByName/org.jenkinsci.plugins.scriptsecurity.sandbox.groovy.SecureGroovyScript/checkScript", false},
		{"POST", "/job/team/job/app/descriptorByName/org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition/checkScriptCompile", false},
		{"GET", "/securityRealm/user/admin/descriptorByName/org.jenkinsci.plugins.scriptsecurity.sandbox.groovy.SecureGroovyScript/checkScript?sandbox=true&value=public+class+x+%7Bpublic+x%28%29%7B%22id%22.execute%28%29%7D%7D", true},
		{"GET", "/securityRealm/user/admin/descriptorByName/org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition/checkScriptCompile?value=@GrabResolver", true},
		{"GET", "/descriptorByName/org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition/checkScriptCompile?value=x", true},
		{"POST", "/descriptorByName/org.jenkinsci.plugins.scriptsecurity.sandbox.groovy.SecureGroovyScript/checkScript", true},
		{"GET", "/job/x/descriptorByName/org.jenkinsci.plugins.scriptsecurity.sandbox.groovy.SecureGroovyScript/checkScript?sandbox=true&value=x", true},
		{"GET", "/job/x/descriptorByName/org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition/checkScriptCompile?value=%40Grab", true},
		{"GET", "/job/x/../securityRealm/user/admin/descriptorByName/org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition/checkScriptCompile", true},
	})
}

// TestSQLiInHeaders: sqlmap --level 3 and Acunetix inject into the user
// agent and the referer behind a product token or a URL, where the
// header checks only looked for script (attack-s9 A4). Their time-based
// and UNION forms ban alone; searches about SQL in a referer and real
// user agents do not.
func TestSQLiInHeaders(t *testing.T) {
	m := mustCompile(t, Options{})
	const browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	for _, ua := range []string{
		"Mozilla/5.0' AND SLEEP(5)-- -",
		"Mozilla/5.0 (X11) UNION SELECT NULL,NULL,NULL-- -",
		"Mozilla/5.0';SELECT PG_SLEEP(5)--",
		"Mozilla/5.0 (Windows NT 10.0) AND (SELECT 6221 FROM (SELECT(SLEEP(5)))zPfS)",
		"Mozilla/5.0';WAITFOR DELAY '0:0:5'--",
		"if(now()=sysdate(),sleep(15),0)",
		"Mozilla/5.0 (X11) ' UNION ALL SELECT NULL,NULL#",
		"sqlmap' OR SLEEP(5) AND '1'='1",
		"Mozilla/5.0\" AND SLEEP(5) AND \"a\"=\"a",
		"Mozilla/5.0 1 AND (SELECT 1 FROM PG_SLEEP(5))",
		"Mozilla/5.0 0\"XOR(if(now()=sysdate(),sleep(15),0))XOR\"Z",
		"Mozilla/5.0';DBMS_PIPE.RECEIVE_MESSAGE(CHR(65),5)--",
	} {
		if w := points(served(m, req("GET", "/", ua, ""))); w < 10 {
			t.Errorf("user agent %q: %d points, want a ban alone", ua, w)
		}
	}
	for _, ref := range []string{
		"https://shop.example/' OR 1=1-- -",
		"https://shop.example/?id=1' AND SLEEP(5)#",
		"https://shop.example/?id=1 UNION ALL SELECT NULL,NULL,NULL--",
		"https://shop.example/';WAITFOR DELAY '0:0:5'--",
		"https://shop.example/?q=1';SELECT PG_SLEEP(5)--",
	} {
		if w := points(served(m, req("GET", "/", browser, ref))); w < 10 {
			t.Errorf("referer %q: %d points, want a ban alone", ref, w)
		}
	}
	for _, ref := range []string{
		"https://www.google.com/search?q=select+union+difference&oq=select+union",
		"https://stackoverflow.com/questions/1234/mysql-select-sleep-5-vs-do-sleep-5",
		"https://docs.example.org/search?q=union+select+null",
		"https://www.example.org/search?q=SELECT+pg_sleep(5)",
		"https://www.example.org/search?q=waitfor+delay",
		"https://dev.example.org/search?q=time.sleep(5)+python",
		"https://www.example.org/blog/why-or-1=1-is-dangerous/",
		"https://www.example.org/select/?sort=price&order=asc",
	} {
		if hits := served(m, req("GET", "/", browser, ref)); len(hits) > 0 {
			t.Errorf("referer %q: flagged %v", ref, ids(hits))
		}
	}
	for _, ua := range []string{
		browser,
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
		"SleepyBot/1.0 (+https://sleep.example/union-select)",
		"Select/2.3 (Union; Linux)",
	} {
		if hits := served(m, req("GET", "/", ua, "")); len(hits) > 0 {
			t.Errorf("user agent %q: flagged %v", ua, ids(hits))
		}
	}
}

// TestKnownExploitRequests: mass-exploited product flaws whose request
// names the product unambiguously (attack-s9 A5, A5b). Requests only the
// exploit sends ban whatever the answer; a product's own endpoint that
// the exploit also calls bans only as a miss (a site running the product
// answers its clients there).
func TestKnownExploitRequests(t *testing.T) {
	m := mustCompile(t, Options{})
	anyStatus := []string{
		"POST /template/aui/text-inline.vm",
		"GET /index.php/PHP%0Ais_the_shittiest_lang.php?QQQQQQQQQQQQQQQQQQQQQ",
		"GET /app/rest/users/id:1/tokens/RPC2",
		"POST /tmUnblock.cgi",
		"POST /_layouts/15/ToolPane.aspx?DisplayMode=Edit&a=/ToolPane.aspx",
		"GET /%24%7B%28111%2B111%29%7D/actionChain1.action",
		"GET /struts2-showcase/%24%7B%28%23a%3D1%29%7D/actionChain1.action",
		"GET /%25%7B%28%23_memberAccess%29%7D/index.action",
	}
	onMiss := []string{
		"POST /ssl-vpn/hipreport.esp",
		"POST /clients/MyCRL",
		"POST /developmentserver/metadatauploader",
		"POST /p/u/doAuthentication.do",
		"POST /functionRouter",
		"PUT /SDK/webLanguage",
	}
	split := func(s string) (string, string) {
		for i := range s {
			if s[i] == ' ' {
				return s[:i], s[i+1:]
			}
		}
		return "GET", s
	}
	for _, s := range anyStatus {
		meth, target := split(s)
		r := req(meth, target, "Mozilla/5.0", "")
		if w := points(served(m, r)); w < 10 {
			t.Errorf("%s answered 200: %d points %v, want a ban alone", s, w, ids(served(m, r)))
		}
	}
	for _, s := range onMiss {
		meth, target := split(s)
		r := req(meth, target, "Mozilla/5.0", "")
		if w := points(missed(m, r)); w < 10 {
			t.Errorf("%s answered 404: %d points, want a ban alone", s, w)
		}
	}
	// the products' ordinary requests on the same paths
	for _, s := range []string{
		"POST /ssl-vpn/hipreport.esp",
		"POST /clients/MyCRL",
		"POST /p/u/doAuthentication.do",
		"POST /functionRouter",
		"GET /_layouts/15/ToolPane.aspx?DisplayMode=Edit&mode=edit",
		"GET /template/aui/",
		"GET /app/rest/users/id:1/tokens",
		"GET /struts2-showcase/showcase.action",
		"GET /orders/list.action?sort=date",
		"GET /docs/template/${name}/readme",
	} {
		meth, target := split(s)
		r := req(meth, target, "Mozilla/5.0", "")
		if w := points(served(m, r)); w >= 10 {
			t.Errorf("%s answered 200: %d points %v, want no ban", s, w, ids(served(m, r)))
		}
	}
}

// TestDebugMethods: TRACK and DEBUG are a scanner's (attack-s9 A5b), a
// strong hint that two of make a ban; GET, POST and WebDAV's do not count.
func TestDebugMethods(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, meth := range []string{"TRACK", "DEBUG"} {
		if w := points(served(m, req(meth, "/default.aspx", "Mozilla/5.0", ""))); w != 5 {
			t.Errorf("%s /default.aspx: %d points, want 5", meth, w)
		}
	}
	for _, meth := range []string{"GET", "POST", "PROPFIND", "OPTIONS", "PATCH"} {
		if hits := served(m, req(meth, "/default.aspx", "Mozilla/5.0", "")); len(hits) > 0 {
			t.Errorf("%s /default.aspx: flagged %v", meth, ids(hits))
		}
	}
}

// TestLokiFilenameLabel: Grafana queries Loki with promtail's default
// label, {filename="/var/log/nginx/access.log"} (benign-s9 #20); a system
// path anywhere else in such a query, or the label on another path, still
// counts.
func TestLokiFilenameLabel(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, target := range []string{
		"/loki/api/v1/query_range?direction=backward&limit=1000&query=%7Bfilename%3D%22%2Fvar%2Flog%2Fnginx%2Faccess.log%22%7D%20%7C%3D%20%22%22&step=2000ms",
		"/loki/api/v1/query_range?query=sum%28count_over_time%28%7Bfilename%3D~%22%2Fvar%2Flog%2Fnginx%2F.%2A%22%7D%20%5B1m%5D%29%29",
		"/api/datasources/proxy/uid/P8E80F9AEF21F6940/loki/api/v1/query_range?query=%7Bfilename%3D%22%2Fvar%2Flog%2Fsyslog%22%7D",
	} {
		if hits := served(m, req("GET", target, "Grafana/11.3.1", "")); len(hits) > 0 {
			t.Errorf("%s: flagged %v", target, ids(hits))
		}
	}
	for _, target := range []string{
		"/loki/api/v1/query_range?query=%7Bfilename%3D%22%2Fvar%2Flog%2Fx%22%7D&file=/etc/hosts",
		"/loki/api/v1/query_range?query=%7Bfilename%3D%22%2Fetc%2Fhosts%22%7D",
		"/loki/api/v1/query?path=/var/log/nginx/access.log",
		"/loki/api/v1/var/log/nginx/access.log?query=%7Bfilename%3D%22%2Fvar%2Flog%2Fx%22%7D",
		"/search?query=%7Bfilename%3D%22%2Fvar%2Flog%2Fnginx%2Faccess.log%22%7D",
		"/loki/api/v1/query?query=%7Bfilename%3D%22%2Fvar%2Flog%2F..%2F..%2Fetc%2Fshadow%22%7D",
	} {
		if w := points(served(m, req("GET", target, "Mozilla/5.0", ""))); w < 5 {
			t.Errorf("%s: %d points, want 5 or more", target, w)
		}
	}
}
