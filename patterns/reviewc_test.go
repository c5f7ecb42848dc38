package patterns

import "testing"

// Review C of the sixth session's catalogue commits (0cbfc8d, 3cffdb7,
// da46a5a): a benign log of 77 clients, each fetching ordinary pages and
// one of the requests below, all answered 200, had every client banned.
// The requests are what real sites serve: downloads at the root, page
// names with a copy's word in them, cluster APIs, tutorials' .txt
// downloads, split OpenAPI specs, code searches, a file manager's own
// listing.
var reviewCBenign = []string{
	// the benign log's requests (/tmp/revC/benign.log)
	"/", "/about", "/docs/", "/style.css", "/contact",
	"/wp-content/plugins/foo/foo.php.disabled",
	"/v4/lke/clusters/12345/kubeconfig",
	"/v1/jobs?fields=prompt,outputs(text)",
	"/tf-state/prod/terraform.tfstate",
	"/search?q=var+geval+%3D+eval%3B+geval(src)",
	"/release.zip",
	"/openapi/paths/api-keys.yaml",
	"/kb/config-backup",
	"/install/vault.yaml",
	"/index.php!",
	"/examples/hello.py.txt",
	"/docs/kubeconfig",
	"/docs/database-backup",
	"/app.jar",
	"/2024.zip",
	"/search?q=%2Fproc", "/search?q=%2Fetc",
	"/filemin/index.cgi?path=/root", "/filemin/index.cgi?path=/etc",
	// the review's other cases
	"/docs/settings-backup", "/secrets-backup", "/docs/config-old", "/connection-old",
	"/src/example.php.txt", "/snippets/nginx.conf.txt", "/files/schema.sql.txt", "/dl/sample.env.txt",
	"/release.tar.gz", "/package.zip", "/output.zip", "/website.zip", "/webapp.war", "/src.tar.lz",
	"/web.jar", "/irc.jar", "/ij.jar",
	"/v2/kubernetes/clusters/0b3c5e1a/kubeconfig", "/manifests/secrets.yaml", "/charts/app/templates/secrets.yaml",
	"/charts/vault/templates/vault.yaml",
	"/next?next=/boot", "/login?next=/boot",
	"/admin/api-keys.csv",
	"/v1/items?fields=prompt,response(text)", "/search?q=x+%3D+prompt%3B+then(",
	"/search.php!",
	"/users?roles[$nin][]=admin", "/users?roles%5B%24nin%5D%5B%5D=admin",
	"/includes/accept_language.php", "/docs/App_Data/readme.html",
	"/connect/token", "/connect/authorize?client_id=x&response_type=code",
}

// reviewCBrokenLinks are page names with a copy's word in them, asked for
// and missed: a broken link, not a scanner's guess at a configuration copy.
var reviewCBrokenLinks = []string{"/docs/local-backup", "/connect-old", "/blog/local-old"}

func TestReviewCBenignServed(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, u := range reviewCBenign {
		r := review8Req(u)
		hits := KeepAnswered(m.Match(r, nil), 200, r.Query)
		if w := total(hits); w >= 10 {
			t.Errorf("%s answered 200: %d points %v, want < 10", u, w, ids(hits))
		}
	}
	for _, u := range reviewCBrokenLinks {
		r := review8Req(u)
		if hits := KeepAnswered(m.Match(r, nil), 404, r.Query); total(hits) >= 10 {
			t.Errorf("%s answered 404: %d points %v, want < 10", u, total(hits), ids(hits))
		}
	}
	// Two of these from one client banned it (5 points each): a search
	// for a directory, a file manager's own listing, a redirect target.
	for _, u := range []string{
		"/search?q=%2Fproc", "/search?q=%2Fetc", "/filemin/index.cgi?path=/root", "/filemin/index.cgi?path=/etc",
		"/next?next=/boot", "/login?next=/boot", "/index.php!", "/search.php!",
	} {
		r := review8Req(u)
		if hits := KeepAnswered(m.Match(r, nil), 200, r.Query); len(hits) > 0 {
			t.Errorf("%s answered 200: flagged %v", u, ids(hits))
		}
	}
}

// TestReviewCAttacksKept: what the narrowed signatures still catch. The
// names a site may serve ban on a miss; the unambiguous shapes at once.
func TestReviewCAttacksKept(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, c := range []struct {
		uri    string
		status int
	}{
		// unambiguous whatever the answer
		{"/config.php.txt", 200}, {"/config.php.bak", 200}, {"/index.php~", 200}, {"/config.old", 200},
		{"/config~", 200}, {"/wp-config!", 200}, {"/backup.zip", 200}, {"/www.tar.gz", 200},
		{"/kubeconfig", 200}, {"/.kube/kubeconfig", 200}, {"/terraform.tfstate", 200}, {"/secrets.yaml", 200},
		{"/vault.yml", 200}, {"/WS_FTP.ini", 200}, {"/api_keys.txt", 200}, {"/access_token.txt", 200},
		{"/product.php?msg=a%3Dalert%2Ca%281%29", 200},
		{"/?title=%5D%3Ba%3Deval%3Bb%3Dalert%3Ba%28b%2816%29%29%3B%2F%2F", 200},
		{"/?q=%27%3Ba%3Dprompt%2Ca%28x%29", 200},
		{"/connect-back.php", 200}, {"/connectback.pl", 200}, {"/matamu.php", 200}, {"/simattacker.php", 200},
		{"/elmaliseker.asp", 200}, {"/phpspy_2006.php", 200}, {"/login?login[$in][]=admin", 200},
		// the same names a site may serve: on a miss
		{"/config_bak", 404}, {"/docs/config-old", 404}, {"/database.new", 404},
		{"/index.php.new", 404}, {"/db.php.disabled", 404},
		{"/release.zip", 404}, {"/2024.zip", 404}, {"/website.rar", 404}, {"/webapp.war", 404},
		{"/www.Z", 404}, {"/site.lz", 404}, {"/src.tar.lz", 404}, {"/ROOT.war", 404},
		{"/v4/lke/clusters/1/kubeconfig", 404}, {"/deploy/terraform.tfstate", 404}, {"/config/secrets.yml", 404},
		{"/backup/WS_FTP.ini", 404}, {"/App_Data/site.mdf", 404}, {"/includes/accept_language.php", 404},
	} {
		r := review8Req(c.uri)
		hits := KeepAnswered(m.Match(r, nil), c.status, r.Query)
		if w := points(hits); w < 10 {
			t.Errorf("%s answered %d: %d points %v, want 10", c.uri, c.status, w, ids(hits))
		}
	}
	// weak: two needed
	for _, c := range []struct {
		uri    string
		status int
	}{
		{"/header.php!", 404}, {"/config!", 404}, {"/openapi/paths/api-keys.yaml", 200},
		{"/controlcenter.php?opt=contents/Files&dir=%2Fetc&ffile=passwd&opmod=open", 200},
		{"/download.php?file=passwd&dir=/etc", 200},
	} {
		r := review8Req(c.uri)
		hits := KeepAnswered(m.Match(r, nil), c.status, r.Query)
		if w := points(hits); w == 0 || w >= 10 {
			t.Errorf("%s answered %d: %d points %v, want 1-9", c.uri, c.status, w, ids(hits))
		}
	}
}

func TestReviewCFunctionAliasInScript(t *testing.T) {
	m := mustCompile(t, Options{})
	r := review8Req("/search?name=%3Cscript%3Ea%3Deval%3Bb%3Dalert%3Ba%28b%28%2Fi%2F.source%29%29%3B%3C%2Fscript%3E")
	for _, h := range m.Match(r, nil) {
		if h.ID == "xss-function-alias" {
			return
		}
	}
	t.Error("<script>a=eval;b=alert;a(b(/i/.source)): xss-function-alias did not fire")
}
