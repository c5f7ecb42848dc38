package patterns

import "testing"

// TestSigS15EntityRun: a run of entity references is the second half of a
// blind XXE (%eval;%exfil;); HTML's named characters in a row are text.
func TestSigS15EntityRun(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, c := range []s12Case{
		{"GET", "/api", "xml=%25eval;%25exfil;", "", 200, "xxe-entity-reference", true},
		{"GET", "/api", "xml=%26a;+%26b;", "", 200, "xxe-entity-reference", true},
		{"GET", "/api", "xml=%26nbsp;%26xxe;", "", 200, "xxe-entity-reference", true},
		{"GET", "/api", "q=%26nbsp;%26nbsp;", "", 200, "xxe-entity-reference", false},
		{"GET", "/api", "q=%26copy;+%26reg;", "", 200, "xxe-entity-reference", false},
		{"GET", "/api", "q=%26a;+and+%26b;", "", 200, "xxe-entity-reference", false},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s?%s: %s fired %v, want %v", c.method, c.path, c.query, c.rule, got, c.want)
		}
	}
}

// TestSigS15OneShots: attacks7's one-shot exploits that carry their proof
// in the request: Roundcube CVE-2025-49113's _from and the react2shell
// scanner's user agent; Roundcube's own uploads and a plain browser do not.
func TestSigS15OneShots(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, c := range []s12Case{
		{"POST", "/", "_from=edit-!%C7%BC&_task=settings&_framed=1&_remote=1&_id=1&_uploadid=1&_unlock=loading1&_action=upload", "", 404, "cve-2025-49113-roundcube-from", true},
		{"POST", "/mail/", "_task=settings&_action=upload&_from=edit-identity%22;O:16:", "", 200, "cve-2025-49113-roundcube-from", true},
		{"POST", "/", "_task=settings&_action=upload&_from=add-x|y", "", 200, "cve-2025-49113-roundcube-from", true},
		{"POST", "/", "_task=settings&_remote=1&_from=edit-identity&_id=1&_uploadid=upload1733&_unlock=loading1&_action=upload", "", 200, "cve-2025-49113-roundcube-from", false},
		{"POST", "/", "_task=settings&_from=add-response&_action=upload", "", 200, "cve-2025-49113-roundcube-from", false},
		{"POST", "/", "_task=mail&_action=send&_from=2", "", 200, "cve-2025-49113-roundcube-from", false},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s?%s: %s fired %v, want %v", c.method, c.path, c.query, c.rule, got, c.want)
		}
	}
	ua := func(u string) bool {
		r := &Request{Method: []byte("POST"), Path: []byte("/"), UA: []byte(u)}
		for _, h := range m.Match(r, nil) {
			if h.ID == "ua-assetnote" {
				return true
			}
		}
		return false
	}
	if !ua("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Assetnote/1.0.0") {
		t.Error("the react2shell scanner's user agent did not fire ua-assetnote")
	}
	if ua("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36") {
		t.Error("a browser fired ua-assetnote")
	}
}

// TestSigS15EBSChain: Oracle EBS CVE-2025-61882's chain in its own grammar
// (a sent dot-dot segment under /OA_HTML/, getUiType with markup); the
// product's users' requests to the same servlets do not count.
func TestSigS15EBSChain(t *testing.T) {
	m := mustCompile(t, Options{})
	const id = "cve-2025-61882-ebs-chain"
	for _, c := range []s12Case{
		{"GET", "/OA_HTML/help/../ieshostedsurvey.jsp", "", "", 400, id, true},
		{"GET", "/ebs/OA_HTML/help/../ieshostedsurvey.jsp", "", "", 404, id, true},
		{"GET", "/OA_HTML/..", "", "", 404, id, true},
		{"POST", "/OA_HTML/configurator/UiServlet", "redirectFromJsp=1&getUiType=%3C%40urlparam%3E", "", 404, id, true},
		{"POST", "/OA_HTML/configurator/UiServlet", "getUiType=%3C%3Fxml+version%3D%221.0%22%3F%3E", "", 200, id, true},
		{"GET", "/OA_HTML/AppsLocalLogin.jsp", "", "", 200, id, false},
		{"POST", "/OA_HTML/configurator/UiServlet", "", "https://ebs.example.org/OA_HTML/OA.jsp", 200, id, false},
		{"POST", "/OA_HTML/configurator/UiServlet", "getUiType=DHTML&redirectFromJsp=1", "", 200, id, false},
		{"POST", "/OA_HTML/SyncServlet", "", "", 200, id, false},
		{"GET", "/OA_HTML/help/state/content/locale.US/ieshostedsurvey.htm", "", "", 200, id, false},
		{"GET", "/OA_HTML/help..old/index.html", "", "", 404, id, false},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s?%s: %s fired %v, want %v", c.method, c.path, c.query, c.rule, got, c.want)
		}
	}
}
