package patterns

import "testing"

// TestFixSigS16AITools: review rev-sig s16 item 2. A site about AI names
// its data, logos and docs links after vendors and tool files; the tools'
// real files at the root or in a home or project directory still count.
func TestFixSigS16AITools(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		path string
		want bool
	}{
		{"/data/openai.json", false},
		{"/api/openai.json", false},
		{"/logos/openai.json", false},
		{"/models/groq.json", false},
		{"/providers/deepseek.json", false},
		{"/static/kaggle.json", false},
		{"/docs/examples/.mcp.json", false},
		{"/docs/examples/.claude.json", false},
		{"/docs/.mcp.json", false},
		{"/docs/.cursor/mcp.json", false},
		{"/examples/.claude/settings.json", false},
		{"/a/b/.mcp.json", false},
		// still certain
		{"/openai.json", true},
		{"/config/openai.yaml", true},
		{"/secrets/groq.env", true},
		{"/app/openai.env", true},
		{"/.mcp.json", true},
		{"/.claude.json", true},
		{"/app/.mcp.json", true},
		{"/home/.claude.json", true},
		{"/.claude.json.bak", true},
		{"/.cursor/mcp.json", true},
		{"/app/.cursor/mcp.json", true},
		{"/kaggle.json", true},
		{"/.kaggle/kaggle.json", true},
	} {
		if got := certainName([]byte(c.path)); got != c.want {
			t.Errorf("certainName(%q) = %v, want %v", c.path, got, c.want)
		}
	}
}

// TestFixSigS16KeyStores: review rev-sig s16 item 1. A key store or a
// secrets file at any depth counts on a miss; a published profile under a
// downloads directory and an i18n bundle's strings do not.
func TestFixSigS16KeyStores(t *testing.T) {
	t.Parallel()
	m := mustCompile(t, Options{})
	for _, c := range []s12Case{
		{"GET", "/backup/server.pfx", "", "", 404, "sensitive-key-file", true},
		{"GET", "/old/site.pfx", "", "", 404, "sensitive-key-file", true},
		{"GET", "/wp-content/uploads/cert.p12", "", "", 404, "sensitive-key-file", true},
		{"GET", "/admin/keystore.p12", "", "", 404, "sensitive-key-file", true},
		{"GET", "/cert.p12", "", "", 404, "sensitive-key-file", true},
		{"GET", "/downloads/eduroam.p12", "", "", 404, "sensitive-key-file", false},
		{"GET", "/profiles/wifi/staff.pfx", "", "", 404, "sensitive-key-file", false},
		{"GET", "/app/config/secrets.json", "", "", 404, "sensitive-cloud-credentials", true},
		{"GET", "/src/config/credentials.json", "", "", 404, "sensitive-cloud-credentials", true},
		{"GET", "/api/v1/credentials.json", "", "", 404, "sensitive-cloud-credentials", true},
		{"GET", "/locales/fr/app/secrets.json", "", "", 404, "sensitive-cloud-credentials", false},
		{"GET", "/i18n/en/credentials.json", "", "", 404, "sensitive-cloud-credentials", false},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s (%d): %s fired %v, want %v", c.method, c.path, c.status, c.rule, got, c.want)
		}
	}
}

// TestFixSigS16Sitecore: review rev-sig s16 item 5. The ViewState exploit
// is asked of the root's /sitecore/; a site's page under /en/sitecore/
// with a WebForms GET form is a visitor's.
func TestFixSigS16Sitecore(t *testing.T) {
	t.Parallel()
	m := mustCompile(t, Options{})
	for _, c := range []s12Case{
		{"POST", "/sitecore/blocked.aspx", "__VIEWSTATE=%2FwEy", "", 200, "cve-2025-53690-sitecore-viewstate", true},
		{"GET", "/sitecore/shell/x.aspx", "a=1&__VIEWSTATE=abc", "", 500, "cve-2025-53690-sitecore-viewstate", true},
		{"GET", "/en/sitecore/partners", "__VIEWSTATE=%2FwEPDw&q=x", "", 200, "cve-2025-53690-sitecore-viewstate", false},
		{"GET", "/sitecore/blocked.aspx", "", "", 404, "cve-2025-53690-sitecore-viewstate", false},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s?%s (%d): %s fired %v, want %v", c.method, c.path, c.query, c.status, c.rule, got, c.want)
		}
	}
}

// TestFixSigS16MLflowUI: review rev-sig s16 item 6. An MLflow UI behind a
// proxy that misroutes /ajax-api/ gets 404s for its own 2.x calls; the
// sweeps' experiments/list still counts.
func TestFixSigS16MLflowUI(t *testing.T) {
	t.Parallel()
	m := mustCompile(t, Options{})
	for _, c := range []s12Case{
		{"GET", "/ajax-api/2.0/mlflow/experiments/list", "", "", 404, "probe-mlflow-api-miss", true},
		{"GET", "/ajax-api/2.0/mlflow/experiments/search", "max_results=20", "https://ml.example.org/", 404, "probe-mlflow-api-miss", false},
		{"POST", "/ajax-api/2.0/mlflow/runs/search", "", "https://ml.example.org/", 404, "probe-mlflow-api-miss", false},
		{"GET", "/ajax-api/2.0/mlflow/experiments/list", "", "", 200, "probe-mlflow-api-miss", false},
		// item 7: WSUS's handlers with a trailing slash
		{"POST", "/ReportingWebService/ReportingWebService.asmx/", "", "", 404, "cve-2025-59287-wsus-reporting", true},
		{"POST", "/ClientWebService/Client.asmx/", "", "", 404, "cve-2025-59287-wsus-cookie-miss", true},
		{"POST", "/ClientWebService/Client.asmx/x", "", "", 404, "cve-2025-59287-wsus-cookie-miss", false},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s?%s (%d): %s fired %v, want %v", c.method, c.path, c.query, c.status, c.rule, got, c.want)
		}
	}
}

// TestFixSigS16PathParameter: review rev-sig s16 item 7. A ;parameter
// after a certain name does not hide it.
func TestFixSigS16PathParameter(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		path string
		want bool
	}{
		{"/.cursor/mcp.json;x", true},
		{"/.git-credentials;jsessionid=1", true},
		{"/.mcp.json;", true},
		{"/login;jsessionid=ab12", false},
		{"/docs/.cursor/mcp.json;x", false},
	} {
		if got := certainName([]byte(c.path)); got != c.want {
			t.Errorf("certainName(%q) = %v, want %v", c.path, got, c.want)
		}
	}
}
