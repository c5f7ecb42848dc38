package patterns

import "testing"

// Review s12 of the session's signatures (commits 96ae3f1, 325d051,
// 688ceca): each test is one review item, the benign shape that was
// banned beside the attacker shape that must stay caught.

func runS12(t *testing.T, cases []s12Case) {
	t.Helper()
	m := mustCompile(t, Options{})
	for _, c := range cases {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s?%s (referer %q, %d): %s fires %v, want %v", c.method, c.path, c.query, c.ref, c.status, c.rule, got, c.want)
		}
	}
}

// Item 1: a classic TYPO3 site serves its extensions' public files from
// typo3conf/ext/EXT/Resources/Public/; a missing web font there is no probe.
func TestS12FixTypo3ExtPublic(t *testing.T) {
	runS12(t, []s12Case{
		{"GET", "/typo3conf/ext/sitepackage/Resources/Public/Fonts/OpenSans-Regular.woff2", "", "https://www.example.de/typo3conf/ext/sitepackage/Resources/Public/Css/main.css", 404, "sensitive-framework-internal", false},
		{"GET", "/typo3conf/ext/news/Resources/Public/Icons/Extension.svg", "", "", 404, "sensitive-framework-internal", false},
		{"GET", "/cms/typo3conf/ext/sitepackage/Resources/Public/Css/main.css", "", "", 404, "sensitive-framework-internal", false},
		// the configuration and an extension's private files still count
		{"GET", "/typo3conf/LocalConfiguration.php", "", "", 404, "sensitive-framework-internal", true},
		{"GET", "/typo3conf/ext/sitepackage/Configuration/TypoScript/setup.typoscript", "", "", 404, "sensitive-framework-internal", true},
		{"GET", "/typo3conf/ext/", "", "", 404, "sensitive-framework-internal", true},
		{"GET", "/typo3conf/ext/sitepackage/Resources/Private/Templates/Page.html", "", "", 404, "sensitive-framework-internal", true},
	})
}

// Item 2: Jellyfin's and Emby's dashboard reads /System/Logs and
// /System/Logs/Log?name=...; CodeIgniter's system/ directory still counts.
func TestS12FixSystemLogsAPI(t *testing.T) {
	runS12(t, []s12Case{
		{"GET", "/System/Logs", "", "https://media.example.net/web/index.html", 200, "sensitive-framework-internal", false},
		{"GET", "/System/Logs/Log", "name=log_20261205.log", "https://media.example.net/web/index.html", 200, "sensitive-framework-internal", false},
		{"GET", "/emby/System/Logs", "", "", 200, "sensitive-framework-internal", false},
		{"GET", "/emby/System/Logs/Log", "name=embyserver.txt", "", 200, "sensitive-framework-internal", false},
		{"GET", "/System/Configuration", "", "", 200, "sensitive-framework-internal", false},
		{"GET", "/system/logs/", "", "", 404, "sensitive-framework-internal", true},
		{"GET", "/system/logs/log-2026-12-05.php", "", "", 404, "sensitive-framework-internal", true},
		{"GET", "/ci/system/cache/index.txt", "", "", 404, "sensitive-framework-internal", true},
		{"GET", "/application/logs", "", "", 404, "sensitive-framework-internal", true},
		{"GET", "/application/config/database.php", "", "", 404, "sensitive-framework-internal", true},
	})
}

// Item 3: the API server proxy spare holds only for a scrape (named pod or
// service, numeric port, /proxy/metrics or /proxy/federate); a scanner
// walking other proxy paths still counts.
func TestS12FixK8sProxyWalk(t *testing.T) {
	var cases []s12Case
	for _, rule := range []string{"probe-product-console", "probe-infra-api"} {
		cases = append(cases,
			s12Case{"GET", "/api/v1/namespaces/prod/pods/web-7d9c8b6f5-9e889:9090/proxy/metrics", "", "", 404, rule, false},
			s12Case{"GET", "/api/v1/namespaces/monitoring/services/https:prometheus-k8s:9091/proxy/federate", "", "", 404, rule, false})
	}
	cases = append(cases,
		s12Case{"GET", "/api/v1/namespaces/kube-system/services/https:kubernetes-dashboard:/proxy/", "", "", 404, "probe-product-console", true},
		s12Case{"GET", "/api/v1/namespaces/kube-system/services/kubernetes-dashboard/proxy/", "", "", 404, "probe-product-console", true},
		s12Case{"GET", "/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy/", "", "", 404, "probe-product-console", true},
		s12Case{"GET", "/api/v1/namespaces/monitoring/services/grafana:3000/proxy/api/admin/users", "", "", 404, "probe-product-console", true},
		s12Case{"GET", "/api/v1/namespaces/kube-system/pods/etcd-master:2379/proxy/v2/keys", "", "", 404, "probe-infra-api", true},
		s12Case{"GET", "/api/v1/namespaces/prod/pods/web-1:9090/proxy/metrics/../../secrets", "", "", 404, "probe-infra-api", true})
	runS12(t, cases)
}

// Item 4: only a template's payload file (helpers/payloads/) is the
// scanner's marker; other raw URLs of the repository are links.
func TestS12FixNucleiRawLink(t *testing.T) {
	runS12(t, []s12Case{
		{"GET", "/search", "q=https://raw.githubusercontent.com/projectdiscovery/nuclei-templates/main/http/cves/2021/CVE-2021-26084.yaml", "https://forum.example.sec/", 200, "scanner-template-payload", false},
		{"GET", "/api/link-preview", "url=https%3A%2F%2Fraw.githubusercontent.com%2Fprojectdiscovery%2Fnuclei-templates%2Fmain%2FREADME.md", "https://chat.example.sec/", 200, "scanner-template-payload", false},
		{"GET", "/_image", "href=https://raw.githubusercontent.com/ProjectDiscovery/nuclei-templates/main/helpers/payloads/retool-xss.svg&f=svg", "", 200, "scanner-template-payload", true},
		{"GET", "/_image", "href=https%3A%2F%2Fraw.githubusercontent.com%2Fprojectdiscovery%2Fnuclei-templates%2Frefs%2Fheads%2Fmain%2Fhelpers%2Fpayloads%2Fretool-xss.svg", "", 200, "scanner-template-payload", true},
	})
}

// Item 5: at the root only the test runners' *.conf.js count, and
// /now.json (a radio's now-playing feed) not at all.
func TestS12FixRootBuildNames(t *testing.T) {
	runS12(t, []s12Case{
		{"GET", "/now.json", "", "https://radio.example.fm/", 200, "sensitive-build-file", false},
		{"GET", "/now.json", "", "", 404, "sensitive-build-file", false},
		{"GET", "/app.conf.js", "", "https://app.example.com/", 200, "sensitive-build-file", false},
		{"GET", "/site.conf.js", "", "", 404, "sensitive-build-file", false},
		{"GET", "/karma.conf.js", "", "", 404, "sensitive-build-file", true},
		{"GET", "/protractor.conf.js", "", "", 404, "sensitive-build-file", true},
		{"GET", "/wdio.conf.js", "", "", 404, "sensitive-build-file", true},
		{"GET", "/nightwatch.conf.js", "", "", 404, "sensitive-build-file", true},
		{"GET", "/vercel.json", "", "", 404, "sensitive-build-file", true},
	})
}

// Item 7: a path parameter (;jsessionid=...) does not hide the
// CVE-2021-26084 POST: Tomcat drops it before it maps the action.
func TestS12FixConfluencePathParam(t *testing.T) {
	runS12(t, []s12Case{
		{"POST", "/pages/doenterpagevariables.action;jsessionid=A1B2C3", "", "", 200, "cve-2021-26084-confluence", true},
		{"POST", "/wiki/pages/createpage-entervariables.action;x", "", "", 200, "cve-2021-26084-confluence", true},
		{"POST", "/pages/doenterpagevariables.action;jsessionid=A1B2C3", "", "https://wiki.example.org/pages/createpage-entervariables.action?templateId=98304&spaceKey=ENG", 200, "cve-2021-26084-confluence", false},
		{"POST", "/pages/doenterpagevariables.actionx;jsessionid=A1", "", "", 200, "cve-2021-26084-confluence", false},
	})
}

// Item 8: a POST without a Referer to the page-variables actions weighs 5
// (an office proxy strips Referer); the exploit's GET without templateId
// is the second piece, and the payload in the query still bans alone.
func TestS12FixConfluenceNoReferer(t *testing.T) {
	m := mustCompile(t, Options{})
	weight := func(id string) int {
		for _, s := range Catalogue() {
			if s.ID == id {
				return s.Weight
			}
		}
		t.Fatalf("no signature %s", id)
		return 0
	}
	if w := weight("cve-2021-26084-confluence"); w != 5 {
		t.Errorf("cve-2021-26084-confluence weighs %d, want 5: a missing Referer alone is no proof", w)
	}
	if w := weight("cve-2021-26084-confluence-query"); w != 10 {
		t.Errorf("cve-2021-26084-confluence-query weighs %d, want 10", w)
	}
	const form = "https://wiki.example.org/pages/createpage-entervariables.action?templateId=98304&spaceKey=ENG"
	for _, c := range []s12Case{
		{"POST", "/pages/doenterpagevariables.action", "", "", 200, "cve-2021-26084-confluence", true},
		{"GET", "/pages/createpage-entervariables.action", "SpaceKey=x", "", 200, "cve-2021-26084-confluence", true},
		{"GET", "/pages/createpage-entervariables.action", "templateId=98304&spaceKey=ENG", "", 200, "cve-2021-26084-confluence", false},
		{"GET", "/pages/createpage-entervariables.action", "SpaceKey=x", "https://wiki.example.org/display/ENG/Home", 200, "cve-2021-26084-confluence", false},
		{"POST", "/pages/doenterpagevariables.action", "queryString=aaaa%5Cu0027%2B%23%7B%22%22%5B%22class%22%5D%7D%2B%5Cu0027", form, 200, "cve-2021-26084-confluence-query", true},
		{"GET", "/pages/createpage-entervariables.action", "SpaceKey=x&queryString=%5cu0027%2b%7bClass.forName(1)%7d%2b%5cu0027", "", 200, "cve-2021-26084-confluence-query", true},
		{"POST", "/wiki/pages/doenterpagevariables.action", "linkCreation=x%27%2B%23%7B1%7D", "", 200, "cve-2021-26084-confluence-query", true},
		{"GET", "/pages/createpage-entervariables.action", "templateId=98304&queryString=release+notes", form, 200, "cve-2021-26084-confluence-query", false},
		{"GET", "/dosearchsite.action", "queryString=%5Cu0027", "", 200, "cve-2021-26084-confluence-query", false},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s?%s (referer %q, %d): %s fires %v, want %v", c.method, c.path, c.query, c.ref, c.status, c.rule, got, c.want)
		}
	}
}

// Item 9: a quote closed into && with a constant truth reaches
// nosqli-operator; searches holding && do not.
func TestS12FixNoSQLAnd(t *testing.T) {
	runS12(t, []s12Case{
		{"GET", "/login", "user=%27%26%261//", "", 200, "nosqli-operator", true},
		{"GET", "/login", "user=%27+%26%26+true+//", "", 200, "nosqli-operator", true},
		{"GET", "/api/users", "name=%22%26%26true%26%26%22", "", 200, "nosqli-operator", true},
		{"GET", "/login", "user=admin%27%26%261//", "", 200, "nosqli-operator", false},
		{"GET", "/search", "q=rock+%26%26+roll", "", 200, "nosqli-operator", false},
		{"GET", "/search", "q=%22rock+%26%26+roll%22", "", 200, "nosqli-operator", false},
		{"GET", "/search", "q=%22%26%26+true%22", "", 200, "nosqli-operator", false},
		{"GET", "/code/search", "q=if+(a+%26%26+true)+return", "", 200, "nosqli-operator", false},
		{"GET", "/code/search", "q=x+%26%26+1+//+comment", "", 200, "nosqli-operator", false},
		{"GET", "/search", "q=%27%26%26%27+operator+in+bash", "", 200, "nosqli-operator", false},
	})
}

// Item 6: the other ecosystems' root manifests count only on a miss: a
// project's site publishes requirements.txt for pip install -r URL.
func TestS12FixRootManifestsOnMiss(t *testing.T) {
	var cases []s12Case
	for _, p := range []string{"/requirements.txt", "/requirements-dev.txt", "/Pipfile.lock", "/pyproject.toml", "/go.mod", "/go.sum", "/Cargo.toml", "/mix.exs", "/pubspec.yaml"} {
		for _, rule := range []string{"sensitive-build-file", "sensitive-build-file-root"} {
			cases = append(cases, s12Case{"GET", p, "", "", 200, rule, false})
		}
		cases = append(cases, s12Case{"GET", p, "", "", 404, "sensitive-build-file-root", true})
	}
	cases = append(cases,
		s12Case{"GET", "/composer.json", "", "", 200, "sensitive-build-file", true},
		s12Case{"GET", "/phpstan.neon", "", "", 200, "sensitive-build-file", true},
		s12Case{"GET", "/docs/requirements.txt", "", "", 404, "sensitive-build-file-root", false})
	runS12(t, cases)
}

// Note on 96ae3f1: probe-leftover-dir's widened prefilter reached Jekyll's
// /_includes/ and sites' /_inc/; only /_bak, /_tmp and /_db stay.
func TestS12FixLeftoverUnderscore(t *testing.T) {
	runS12(t, []s12Case{
		{"GET", "/_includes/", "", "", 404, "probe-leftover-dir", false},
		{"GET", "/_includes", "", "", 404, "probe-leftover-dir", false},
		{"GET", "/_inc/", "", "", 404, "probe-leftover-dir", false},
		{"GET", "/_layouts/", "", "", 404, "probe-leftover-dir", false},
		{"GET", "/_bak/", "", "", 404, "probe-leftover-dir", true},
		{"GET", "/_tmp", "", "", 404, "probe-leftover-dir", true},
		{"GET", "/_db/", "", "", 404, "probe-leftover-dir", true},
		{"GET", "/_baks/", "", "", 404, "probe-leftover-dir", true},
		{"GET", "/includes/", "", "", 404, "probe-leftover-dir", true},
	})
}
