package patterns

import "testing"

// Session 12 signatures: each case says which rule must fire (or stay
// quiet) on a request, answered as given.
type s12Case struct {
	method, path, query, ref string
	status                   int
	rule                     string // "" : no rule of want's family fires
	want                     bool
}

func s12Fires(t *testing.T, m *Matcher, c s12Case) bool {
	t.Helper()
	r := &Request{Method: []byte(c.method), Path: []byte(c.path), Query: []byte(c.query), Referer: []byte(c.ref),
		UA: []byte("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")}
	for _, h := range KeepAnswered(m.Match(r, nil), c.status, r.Query) {
		if h.ID == c.rule {
			return true
		}
	}
	return false
}

func TestSigS12(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, c := range []s12Case{
		// request smuggling residue: the desync's left-over glued to the next method
		{"GPOST", "/", "", "", 400, "probe-smuggling-residue", true},
		{"GGET", "/login", "", "", 400, "probe-smuggling-residue", true},
		{"0POST", "/", "", "", 400, "probe-smuggling-residue", true},
		{"XXPUT", "/api", "", "", 501, "probe-smuggling-residue", true},
		{"BDELETE", "/exchange/u/Inbox/", "", "", 207, "probe-smuggling-residue", false},
		{"BPROPFIND", "/exchange/u/Inbox/", "", "", 207, "probe-smuggling-residue", false},
		{"M-POST", "/wbem/", "", "", 405, "probe-smuggling-residue", false},
		{"PROPFIND", "/dav/", "", "", 207, "probe-smuggling-residue", false},
		{"POST", "/", "", "", 400, "probe-smuggling-residue", false},
		{"GETPOST", "/", "", "", 400, "probe-smuggling-residue", false},
		// CVE-2021-26084: the body-carrying POST without the form's Referer
		{"POST", "/pages/doenterpagevariables.action", "", "", 200, "cve-2021-26084-confluence", true},
		{"POST", "/wiki/pages/createpage-entervariables.action", "", "", 200, "cve-2021-26084-confluence", true},
		{"POST", "/pages/doenterpagevariables.action", "", "https://wiki.example.org/pages/createpage-entervariables.action?templateId=98304&spaceKey=ENG", 200, "cve-2021-26084-confluence", false},
		// the exploits' GET without the templateId links carry (review s12 item 8)
		{"GET", "/pages/createpage-entervariables.action", "SpaceKey=x", "", 200, "cve-2021-26084-confluence", true},
		// Java application configuration, framework internals, build manifests
		{"GET", "/hibernate.cfg.xml", "", "", 404, "sensitive-java-app-config", true},
		{"GET", "/WEB-INF/classes/applicationContext.xml", "", "", 404, "sensitive-java-app-config", true},
		{"GET", "/dispatcher-servlet.xml", "", "", 200, "sensitive-java-app-config", true},
		{"GET", "/mysql-ds.xml", "", "", 404, "sensitive-java-app-config", true},
		{"GET", "/sitemap.xml", "", "", 200, "sensitive-java-app-config", false},
		{"GET", "/spring-2024-collection.xml", "", "", 404, "sensitive-java-app-config", false},
		{"GET", "/feeds/beans-and-brews.xml", "", "", 200, "sensitive-java-app-config", false},
		{"GET", "/typo3conf/LocalConfiguration.php", "", "", 404, "sensitive-framework-internal", true},
		{"GET", "/catalog/includes/configure.php", "", "", 404, "sensitive-framework-internal", true},
		{"GET", "/config/initializers/secret_token.rb", "", "", 404, "sensitive-framework-internal", true},
		{"GET", "/storage/framework/sessions/", "", "", 404, "sensitive-framework-internal", true},
		{"GET", "/typo3temp/assets/css/7015c8c4ac.css", "", "", 200, "sensitive-framework-internal", false},
		{"GET", "/storage/avatars/3f2a91.jpg", "", "", 200, "sensitive-framework-internal", false},
		{"GET", "/system/status", "", "", 200, "sensitive-framework-internal", false},
		{"GET", "/requirements.txt", "", "", 404, "sensitive-build-file-root", true},
		{"GET", "/pyproject.toml", "", "", 404, "sensitive-build-file-root", true},
		{"GET", "/go.mod", "", "", 404, "sensitive-build-file-root", true},
		{"GET", "/docs/requirements.txt", "", "", 404, "sensitive-build-file-root", false},
		{"GET", "/requirements", "", "", 404, "sensitive-build-file-root", false},
		// Kubernetes API server proxy subresource: a scrape, not a template
		{"GET", "/api/v1/namespaces/prod/pods/web-7d9c8b6f5-9e889:9090/proxy/metrics", "", "", 404, "probe-infra-api", false},
		{"GET", "/api/v1/namespaces/prod/pods/web-7d9c8b6f5-9e889:9090/proxy/metrics", "", "", 404, "probe-product-console", false},
		{"GET", "/api/v1/namespaces/prod/services/https:api-gw:8443/proxy/metrics", "", "", 404, "probe-infra-api", false},
		{"GET", "/api/v1/namespaces/kube-system/secrets", "", "", 404, "probe-infra-api", true},
		{"GET", "/api/v1/namespaces/default/pods", "", "", 404, "probe-product-console", true},
		{"GET", "/balancer-manager", "", "", 404, "sensitive-status-page", true},
		{"GET", "/jkstatus", "", "", 404, "sensitive-status-page", true},
		{"GET", "/group_vars/all.yml", "", "", 404, "sensitive-framework-internal", true},
		{"GET", "/docs/ansible/group_vars/", "", "", 200, "sensitive-framework-internal", false},
		// NoSQL: a quote closed, then a JavaScript OR/AND with a constant truth
		{"GET", "/search", "q='||1||'", "", 200, "nosqli-operator", true},
		{"GET", "/search", "q=' %26%26 1==1//", "", 200, "nosqli-operator", true},
		{"GET", "/search", "q=a||b", "", 200, "nosqli-operator", false},
		{"GET", "/search", "q=bash true || 1 exit code", "", 200, "nosqli-operator", false},
		// a Nuclei template's own marker file fetched through the site
		{"GET", "/_image", "href=https://raw.githubusercontent.com/projectdiscovery/nuclei-templates/refs/heads/main/helpers/payloads/retool-xss.svg&f=svg", "", 200, "scanner-template-payload", true},
		{"GET", "/blog/scanners", "", "https://github.com/projectdiscovery/nuclei-templates", 200, "scanner-template-payload", false},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s?%s (referer %q, %d): %s fires %v, want %v", c.method, c.path, c.query, c.ref, c.status, c.rule, got, c.want)
		}
	}
}
